"""Issue 60: a meal logged without saying which read "meal" on the pages. It is stored as
the meal of its local hour, in the athlete's time zone."""

from __future__ import annotations

import pytest

from fitcoach.services import athletes, training_log
from fitcoach.services.context import ServiceContext


@pytest.mark.parametrize(
    ("eaten_at", "zone", "meal"),
    [
        ("2026-11-20T01:30:00+00:00", "America/Chicago", "dinner"),  # 19:30 the evening before
        ("2026-11-19T19:00:00+00:00", "Pacific/Auckland", "breakfast"),  # 08:00 next morning
        ("2026-11-20T12:30:00+00:00", "UTC", "lunch"),
        ("2026-11-20T22:45:00+00:00", "UTC", "snack"),
    ],
)
def test_a_meal_without_its_type_is_the_meal_of_its_local_hour(
    ctx: ServiceContext, eaten_at: str, zone: str, meal: str
) -> None:
    athlete = athletes.create_athlete(
        ctx,
        {"name": "Kai", "email": f"kai-{meal}@example.org", "timezone": zone,
         "profile": {"birth_date": "1990-01-01"}},
    )  # fmt: skip
    logged = training_log.log_meal(ctx, athlete.id, {"eaten_at": eaten_at, "description": "rice"})
    said = training_log.log_meal(
        ctx, athlete.id, {"eaten_at": eaten_at, "description": "tea", "meal_type": "snack"}
    )
    types = {m["id"]: m["meal_type"] for m in training_log.history(ctx, athlete.id, "meals")}
    assert types == {logged.id: meal, said.id: "snack"}  # one said is kept
