"""The training log's ranges are the athlete's local days: a workout or a meal at 20:00 in
Chicago (UTC−6) is on that evening's day, one at 06:30 in Auckland (UTC+13) on that morning's,
whatever the UTC date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update
from tests.factories import make_athlete, workout

from fitcoach.coach.today import upcoming
from fitcoach.core.clock import FixedClock
from fitcoach.interfaces.api.schemas import Page, StoredMealOut, StoredWorkoutOut
from fitcoach.services import monitoring, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import Athlete

# (zone, the clock's UTC instant, when the records were made (UTC), the local day of both)
CASES = {
    "chicago-evening": (
        "America/Chicago",
        datetime(2026, 11, 21, 2, 32, tzinfo=UTC),  # Fri 20 Nov, 20:32 in Chicago
        datetime(2026, 11, 21, 2, 0, tzinfo=UTC),  # 20:00 that evening
        date(2026, 11, 20),
    ),
    "auckland-morning": (
        "Pacific/Auckland",
        datetime(2026, 11, 19, 18, 0, tzinfo=UTC),  # Fri 20 Nov, 07:00 in Auckland
        datetime(2026, 11, 19, 17, 30, tzinfo=UTC),  # 06:30 that morning
        date(2026, 11, 20),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_ranges_are_the_athletes_local_days(ctx: ServiceContext, case: str) -> None:
    zone, now, at, day = CASES[case]
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(now)
    a = make_athlete(ctx).id
    ctx.session.execute(update(Athlete).where(Athlete.id == a).values(timezone=zone))
    assert monitoring.local_today(ctx, a) == day
    training_log.log_workout(ctx, a, workout(at, ("barbell-back-squat", 5, 100.0, 2.0)))
    training_log.log_meal(
        ctx, a, {"eaten_at": at.isoformat(), "meal_type": "dinner", "calories_kcal": 700}
    )
    for kind in ("workouts", "meals"):
        # The dashboard's "last two weeks" and a day's own range both hold it ...
        assert len(training_log.history(ctx, a, kind, day - timedelta(days=14), day)) == 1, kind
        assert len(training_log.history(ctx, a, kind, day, day)) == 1, kind
        # ... and the local days either side do not, though one of them is its UTC date.
        assert (
            training_log.history(ctx, a, kind, day - timedelta(days=1), day - timedelta(days=1))
            == []
        )
        assert (
            training_log.history(ctx, a, kind, day + timedelta(days=1), day + timedelta(days=1))
            == []
        )
        shape = Page[StoredWorkoutOut] if kind == "workouts" else Page[StoredMealOut]
        page = training_log.history_json(ctx, a, kind, shape, day, day, limit=10, offset=0)
        assert b'"count":1' in page, (kind, page)


@pytest.mark.parametrize("case", list(CASES))
def test_a_new_plan_and_a_move_count_from_the_athletes_today(
    ctx: ServiceContext, case: str
) -> None:
    """A plan generated without a first day starts on the athlete's today, and a session may
    be moved to that day (it has not passed where they live)."""
    zone, now, _, day = CASES[case]
    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(now)
    a = make_athlete(ctx).id
    ctx.session.execute(update(Athlete).where(Athlete.id == a).values(timezone=zone))
    view = plans.generate(ctx, a)
    assert view.plan is not None
    assert view.plan.start == day
    later = [p for p in upcoming(view.plan, day) if p.on is not None and p.on > day]
    assert later
    # Onto today: the validator's to judge (a stacked day), never "has passed".
    preview = plans.preview_edit(
        ctx, a, {"op": "move_session", "session": later[0].key, "on": day.isoformat()}
    )
    assert preview.changes_anything
