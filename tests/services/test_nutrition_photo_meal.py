"""A photo's dish logged without a meal type takes the meal of the hour it was eaten at, in the
athlete's own time zone (the web, the API and Telegram log photos the same way)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from fitcoach.services import athletes, nutrition, training_log
from fitcoach.services.context import ServiceContext


@pytest.mark.parametrize(
    ("eaten_utc", "meal"),
    [
        (datetime(2026, 11, 19, 23, 30, tzinfo=UTC), "breakfast"),  # 08:30 in Tokyo
        (datetime(2026, 11, 20, 3, 0, tzinfo=UTC), "lunch"),  # 12:00
        (datetime(2026, 11, 20, 10, 0, tzinfo=UTC), "dinner"),  # 19:00
        (datetime(2026, 11, 20, 13, 30, tzinfo=UTC), "snack"),  # 22:30
    ],
)
def test_the_meal_type_follows_the_local_hour(
    ctx: ServiceContext, eaten_utc: datetime, meal: str
) -> None:
    athlete = athletes.create_athlete(
        ctx, {"name": "Aiko", "email": "aiko@example.org", "timezone": "Asia/Tokyo"}
    )
    logged = nutrition.log_dish(ctx, athlete.id, "bibimbap", 1.0, eaten_at=eaten_utc)
    chosen = nutrition.log_dish(
        ctx, athlete.id, "bibimbap", 1.0, meal_type="snack", eaten_at=eaten_utc.replace(minute=1)
    )
    meals = {m["id"]: m for m in training_log.history(ctx, athlete.id, "meals")}
    assert meals[logged.id]["meal_type"] == meal
    assert meals[chosen.id]["meal_type"] == "snack"  # said by the person: kept


def test_a_photo_meal_is_stored_as_its_dish_with_its_foods_as_detail(ctx: ServiceContext) -> None:
    """Issue 60: a photo meal read as a list of ingredients. It is the dish, by name, with
    what it was counted as beside it; the portion is said when it is not one serving."""
    from fitcoach.coach.nutrition.dishes import dish

    athlete = athletes.create_athlete(
        ctx, {"name": "Aiko", "email": "aiko-dish@example.org", "timezone": "Asia/Tokyo"}
    )
    one = nutrition.log_dish(ctx, athlete.id, "bibimbap", 1.0, meal_type="lunch")
    half = nutrition.log_dish(ctx, athlete.id, "bibimbap", 0.5, meal_type="dinner")
    said = {m["id"]: m["description"] for m in training_log.history(ctx, athlete.id, "meals")}
    name = dish("bibimbap").name
    assert said[one.id].startswith(f"{name} (")
    assert said[one.id].endswith(" g)")
    assert said[half.id].startswith(f"{name}, 0.5 servings (")
