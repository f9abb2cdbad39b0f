"""The athlete's unit system at the service boundary: a weight or distance typed without a unit
is in the athlete's unit (kg and km, or lb and miles); a number is the field's own (kg, m); what
is stored is always kg and metres."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.factories import make_athlete, workout

from fitcoach.coach.schemas import DailyMetricsIn
from fitcoach.core.errors import InvalidInput
from fitcoach.services import athletes, reports, training_log
from fitcoach.services.context import ServiceContext

WHEN = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)


def test_units_are_metric_unless_chosen_and_a_bad_choice_is_refused(ctx: ServiceContext) -> None:
    metric = make_athlete(ctx)
    assert metric.profile is not None
    assert metric.profile.units == "metric"
    imperial = make_athlete(ctx, units="imperial")
    assert imperial.profile is not None
    assert imperial.profile.units == "imperial"
    with pytest.raises(InvalidInput, match="units"):
        athletes.update_profile(ctx, metric.id, {"units": "furlongs"})


def test_a_bare_weight_at_sign_up_is_in_the_unit_chosen_with_it(ctx: ServiceContext) -> None:
    imperial = make_athlete(ctx, units="imperial", weight_kg="176")
    metric = make_athlete(ctx, weight_kg="76")
    with_unit = make_athlete(ctx, units="imperial", weight_kg="80 kg")
    assert imperial.profile
    assert imperial.profile.weight_kg == 79.8
    assert metric.profile
    assert metric.profile.weight_kg == 76.0
    assert with_unit.profile
    assert with_unit.profile.weight_kg == 80.0


def test_a_profile_update_reads_a_bare_weight_by_the_units_it_sets_else_the_stored_ones(
    ctx: ServiceContext,
) -> None:
    a = make_athlete(ctx)
    assert athletes.update_profile(ctx, a.id, {"weight_kg": "80"}).weight_kg == 80.0
    switched = athletes.update_profile(ctx, a.id, {"units": "imperial", "weight_kg": "176"})
    assert (switched.units, switched.weight_kg) == ("imperial", 79.8)
    assert athletes.update_profile(ctx, a.id, {"weight_kg": "180"}).weight_kg == 81.6  # lb now
    assert athletes.update_profile(ctx, a.id, {"weight_kg": 70}).weight_kg == 70.0  # a number: kg


def test_logs_typed_without_a_unit_are_in_the_athletes_unit(ctx: ServiceContext) -> None:
    imperial = make_athlete(ctx, units="imperial")
    metric = make_athlete(ctx)
    day = WHEN.date().isoformat()
    for athlete in (imperial, metric):
        training_log.log_daily(ctx, athlete.id, {"day": day, "weight_kg": "176 lb"})
        training_log.log_workout(
            ctx,
            athlete.id,
            workout(WHEN, ("barbell-back-squat", 5, "225", 2)),  # type: ignore[arg-type]
        )
        training_log.log_cardio(
            ctx,
            athlete.id,
            {
                "activity_type": "running",
                "started_at": (WHEN - timedelta(hours=3)).isoformat(),
                "duration_s": "30 min",
                "distance_m": "3.1",
            },
        )
    w = WHEN.date()

    def stored(athlete_id: int) -> tuple[float, float, float]:
        daily = training_log.history(ctx, athlete_id, "daily", w, w)[0]
        sets = training_log.history(ctx, athlete_id, "workouts", w, w)[0]["sets"]
        cardio = training_log.history(ctx, athlete_id, "cardio", w, w)[0]
        return daily["weight_kg"], sets[0]["weight_kg"], cardio["distance_m"]

    assert stored(imperial.id) == (79.8, 102.06, 4989.0)  # 176 lb, 225 lb, 3.1 mi
    assert stored(metric.id) == (79.8, 225.0, 3100.0)  # 176 lb (said), 225 kg, 3.1 km


def test_numbers_and_validated_models_are_never_read_again_in_lb(ctx: ServiceContext) -> None:
    """A JSON number is kg whatever the athlete reads (the field says ``weight_kg``), and a model
    the API already validated (its text read as kg) is stored as it is."""
    a = make_athlete(ctx, units="imperial")
    day = WHEN.date()
    training_log.log_daily(ctx, a.id, {"day": day.isoformat(), "weight_kg": 80})
    assert training_log.history(ctx, a.id, "daily", day, day)[0]["weight_kg"] == 80.0
    other = day - timedelta(days=1)
    model = DailyMetricsIn.model_validate({"day": other, "weight_kg": "81"})  # no context: kg
    training_log.log_daily(ctx, a.id, model)
    assert training_log.history(ctx, a.id, "daily", other, other)[0]["weight_kg"] == 81.0


def test_the_weekly_report_says_which_units_to_show(ctx: ServiceContext) -> None:
    a = make_athlete(ctx, units="imperial")
    training_log.log_daily(ctx, a.id, {"day": WHEN.date().isoformat(), "weight_kg": "180"})
    summary = reports.weekly_summary(ctx, a.id, "2026-W47")
    assert summary.units == "imperial"
    weight = next(c for c in summary.comparison if c.key == "weight_kg")
    assert (weight.unit, weight.this_week) == ("kg", 81.6)  # the data stay kg
