"""Done is done: once today's session is logged (the guided workout, a quick log), the day's
view says so and neither the home page nor the dashboard offers to start it again."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.web.conftest import Site

from fitcoach.coach.plan import StrengthItem
from fitcoach.services import plans, training_log


def test_a_finished_session_is_not_offered_again(site: Site) -> None:
    before = plans.today(site.ctx, site.athlete_id)
    assert before.status == "train", before.status
    assert before.session is not None
    assert not before.done
    home = site.client.get("/", headers={"accept": "text/html"})
    assert 'id="home-today"' in home.text
    assert "Start guided workout" in home.text
    sets = [
        {"exercise": item.exercise, "reps": item.rep_max, "weight_kg": 40.0, "rir": 2}
        for item in before.session.items
        if isinstance(item, StrengthItem)
        for _ in range(item.sets)
    ]
    assert sets
    started = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # this morning (the clock: 12:00)
    training_log.log_workout(
        site.ctx, site.athlete_id, {"started_at": started.isoformat(), "sets": sets}
    )
    site.ctx.session.commit()
    after = plans.today(site.ctx, site.athlete_id)
    assert after.done
    assert after.session is not None  # still the day's session (the workout shows it done)
    for path in ("/", f"/athletes/{site.athlete_id}"):  # the home page and the dashboard
        page = site.client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 200, path
        assert "Start guided workout" not in page.text, path
        assert "Done today ✓" in page.text, path


def test_the_weeks_strip_keeps_a_sessions_own_capitals(site: Site) -> None:
    """A logged "Full body A" reads "Full body A" in the week, not "Full body a"; an activity
    slug reads as words."""
    started = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    training_log.log_workout(
        site.ctx,
        site.athlete_id,
        {
            "started_at": started.isoformat(),
            "title": "Full body A",
            "sets": [{"exercise": "push-up", "reps": 10}],
        },
    )
    site.ctx.session.commit()
    week = site.client.get("/", headers={"accept": "text/html"}).text
    start = week.index('id="home-week"')
    assert "✓ Full body A<" in week[start:]
    assert "Full body a" not in week
