"""Energy: Mifflin–St Jeor, exercise energy counted once, adaptive TDEE, and targets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fitcoach.analysis.energy import (
    KCAL_PER_KG,
    DayRecord,
    ExerciseSession,
    NutritionTargets,
    adaptive_tdee,
    bmr_mifflin_st_jeor,
    energy_floor_kcal,
    exercise_energy,
    formula_tdee,
    net_met_kcal,
    nutrition_targets,
    theil_sen,
)

T0 = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


# --- BMR ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "height", "age", "sex", "expected"),
    [
        (70, 175, 30, "male", 1648.75),  # 700 + 1093.75 - 150 + 5
        (60, 165, 25, "female", 1345.25),  # 600 + 1031.25 - 125 - 161
        (90, 180, 50, "male", 1780.0),  # 900 + 1125 - 250 + 5
        (55, 160, 70, "female", 1039.0),  # 550 + 1000 - 350 - 161
    ],
)
def test_mifflin_st_jeor_known_values(
    weight: float, height: float, age: int, sex: str, expected: float
) -> None:
    assert bmr_mifflin_st_jeor(
        weight_kg=weight, height_cm=height, age_years=age, sex=sex
    ) == pytest.approx(expected)


@pytest.mark.parametrize("sex", ["other", None, "unknown"])
def test_mifflin_other_sex_is_the_mean_of_both_equations(sex: str | None) -> None:
    kwargs = {"weight_kg": 70.0, "height_cm": 170.0, "age_years": 40.0}
    male = bmr_mifflin_st_jeor(**kwargs, sex="male")
    female = bmr_mifflin_st_jeor(**kwargs, sex="female")
    assert bmr_mifflin_st_jeor(**kwargs, sex=sex) == pytest.approx((male + female) / 2)


def test_mifflin_refuses_impossible_inputs() -> None:
    with pytest.raises(ValueError, match="positive"):
        bmr_mifflin_st_jeor(weight_kg=0, height_cm=170, age_years=30, sex="male")


# --- exercise energy ------------------------------------------------------------------------


def test_net_met_energy_excludes_the_resting_met() -> None:
    # (8 - 1) MET x 70 kg x 0.5 h; the resting MET is already in the BMR.
    assert net_met_kcal(8.0, 70.0, 0.5) == pytest.approx(245.0)
    assert net_met_kcal(0.9, 70.0, 1.0) == 0.0


def test_wearable_calories_replace_the_met_estimate() -> None:
    run = ExerciseSession(T0, 1.0, met=9.8, wearable_kcal=612.0, label="run")
    [energy] = exercise_energy([run], weight_kg=70)
    assert energy.method == "wearable"
    assert energy.kcal == 612.0  # not 612 + (9.8 - 1) x 70


def test_a_session_recorded_twice_counts_once() -> None:
    """A logged workout and the watch's strength activity at the same time are one session."""
    workout = ExerciseSession(T0, 1.0, met=5.0, kind="strength", label="legs")
    watch = ExerciseSession(
        T0 + timedelta(minutes=5), 0.9, met=None, wearable_kcal=310.0, label="strength"
    )
    energies = exercise_energy([workout, watch], weight_kg=80)
    assert sorted(e.method for e in energies) == ["duplicate", "wearable"]
    assert sum(e.kcal for e in energies) == pytest.approx(310.0)
    duplicate = next(e for e in energies if e.method == "duplicate")
    assert duplicate.session.label == "legs"
    assert "counted once" in duplicate.note


def test_separate_sessions_both_count() -> None:
    morning = ExerciseSession(T0 - timedelta(hours=10), 1.0, met=5.0, kind="strength")
    evening = ExerciseSession(T0, 0.5, met=None, wearable_kcal=300.0)
    brief_overlap = ExerciseSession(T0 + timedelta(minutes=25), 1.0, met=7.0)  # 5 of 30 min
    energies = exercise_energy([evening, brief_overlap, morning], weight_kg=70)
    assert [e.method for e in energies] == ["met", "wearable", "met"]  # oldest first
    assert sum(e.kcal for e in energies) == pytest.approx(4 * 70 + 300 + 6 * 70)


def test_unknown_activity_assumes_a_moderate_met() -> None:
    [energy] = exercise_energy([ExerciseSession(T0, 1.0, met=None)], weight_kg=60)
    assert energy.kcal == pytest.approx(3 * 60)
    assert "assumed 4 MET" in energy.note


def test_formula_tdee_adds_training_to_the_non_exercise_factor() -> None:
    sessions = [ExerciseSession(T0 - timedelta(days=d), 1.0, met=6.0) for d in range(0, 28, 2)]
    tdee = formula_tdee(1600.0, sessions, 70.0, days=28)
    assert tdee.activity_factor == 1.2
    assert tdee.exercise_kcal_per_day == pytest.approx(14 * 5 * 70 / 28)
    assert tdee.tdee_kcal == pytest.approx(1600 * 1.2 + 175.0)
    with pytest.raises(ValueError, match="activity level"):
        formula_tdee(1600.0, [], 70.0, activity="couch")


# --- adaptive TDEE --------------------------------------------------------------------------


def _synthetic(
    true_tdee: float, intake: float, days: int, *, seed: int, end: date, noise_kg: float = 0.2
) -> list[DayRecord]:
    rng = np.random.default_rng(seed)
    slope = (intake - true_tdee) / KCAL_PER_KG  # kg/day
    out = []
    for i in range(days):
        day = end - timedelta(days=days - 1 - i)
        eaten = intake + rng.normal(0, 150)
        weight = 82.0 + slope * i + rng.normal(0, noise_kg)  # water swings day to day
        out.append(DayRecord(day, eaten, weight))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_adaptive_tdee_recovers_a_known_tdee_from_noisy_data(seed: int) -> None:
    end = date(2026, 11, 20)
    records = _synthetic(2600, 2100, 28, seed=seed, end=end)  # loses ~0.065 kg/day
    result = adaptive_tdee(records, end=end)
    assert result.tdee_kcal is not None
    assert result.tdee_kcal == pytest.approx(2600, abs=100)
    assert result.slope_kg_per_day == pytest.approx(-500 / KCAL_PER_KG, abs=0.015)
    assert result.days_with_both == 28
    assert result.tdee_low_kcal is not None
    assert result.tdee_high_kcal is not None
    assert result.tdee_low_kcal < result.tdee_kcal < result.tdee_high_kcal


def test_adaptive_tdee_is_unbiased_over_many_noisy_histories() -> None:
    """With 0.3 kg day-to-day water swings a 28-day window is right on average and its
    spread is about 70 kcal (so ±100 kcal about four times in five)."""
    end = date(2026, 11, 20)
    errors = []
    for seed in range(100):
        records = _synthetic(2600, 2100, 28, seed=100 + seed, end=end, noise_kg=0.3)
        result = adaptive_tdee(records, end=end)
        assert result.tdee_kcal is not None
        errors.append(result.tdee_kcal - 2600)
    assert abs(float(np.mean(errors))) < 25
    assert float(np.std(errors)) < 90
    assert np.mean(np.abs(errors) <= 100) >= 0.75


def test_adaptive_tdee_shrugs_off_a_water_weight_spike() -> None:
    end = date(2026, 11, 20)
    records = _synthetic(2600, 2100, 28, seed=4, end=end, noise_kg=0.1)
    spiked = [
        DayRecord(r.day, r.intake_kcal, (r.weight_kg or 0) + (2.5 if i in (20, 21) else 0))
        for i, r in enumerate(records)
    ]
    result = adaptive_tdee(spiked, end=end)
    assert result.tdee_kcal == pytest.approx(2600, abs=100)


def test_adaptive_tdee_needs_fourteen_days_with_both() -> None:
    end = date(2026, 11, 20)
    records = _synthetic(2600, 2100, 28, seed=5, end=end)
    # Weight every day, intake on only 13 of them.
    thinned = [r if i < 13 else DayRecord(r.day, None, r.weight_kg) for i, r in enumerate(records)]
    result = adaptive_tdee(thinned, end=end)
    assert result.days_with_both == 13
    assert result.tdee_kcal is None
    assert "13 day(s)" in result.reason
    assert "14 are needed" in result.reason


def test_adaptive_tdee_ignores_days_outside_the_window() -> None:
    end = date(2026, 11, 20)
    old = _synthetic(2600, 3500, 28, seed=6, end=end - timedelta(days=40))
    recent = _synthetic(2600, 2100, 28, seed=6, end=end)
    result = adaptive_tdee(old + recent, end=end)
    assert result.intake_days == 28
    assert result.tdee_kcal == pytest.approx(2600, abs=100)


# --- targets --------------------------------------------------------------------------------


def _targets(**overrides: Any) -> NutritionTargets:
    args: dict[str, Any] = {
        "goal": "maintenance",
        "tdee_kcal": 2500.0,
        "bmr_kcal": 1600.0,
        "weight_kg": 75.0,
        "sex": "male",
        "height_cm": 178.0,
    }
    args.update(overrides)
    return nutrition_targets(**args)


def test_fat_loss_is_15_to_20_percent_below_maintenance() -> None:
    t = _targets(goal="fat_loss")
    assert t.kcal_low == 2000
    assert t.kcal_high == 2120
    assert t.kcal == 2060
    assert t.protein_g == pytest.approx(2.0 * 75)


def test_muscle_gain_and_maintenance() -> None:
    gain = _targets(goal="muscle_gain")
    assert gain.kcal_low == 2620
    assert gain.kcal_high == 2750
    same = _targets(goal="maintenance")
    assert same.kcal == 2500
    assert same.protein_min_g == pytest.approx(1.6 * 75)


@pytest.mark.parametrize(
    ("sex", "floor"), [("female", 1200.0), ("male", 1500.0), ("other", 1500.0), (None, 1500.0)]
)
def test_fat_loss_never_goes_below_the_floors(sex: str | None, floor: float) -> None:
    t = _targets(goal="fat_loss", tdee_kcal=1300.0, bmr_kcal=1050.0, weight_kg=50.0, sex=sex)
    assert t.kcal >= floor
    assert t.kcal >= 1050 * 1.1
    assert t.floor_kcal == energy_floor_kcal(1050.0, sex)
    assert any("floor" in r for r in t.reasons)


def test_the_bmr_floor_wins_when_it_is_higher() -> None:
    t = _targets(goal="fat_loss", tdee_kcal=2300.0, bmr_kcal=1900.0)
    assert t.kcal == 2090  # 1900 x 1.1, rounded up to 10 kcal


def test_protein_per_kg_is_capped_at_the_weight_of_bmi_30() -> None:
    t = _targets(weight_kg=140.0, height_cm=175.0, tdee_kcal=3200.0, bmr_kcal=2200.0)
    reference = 30 * 1.75**2
    assert t.reference_weight_kg == pytest.approx(reference, abs=0.1)
    assert t.protein_g == pytest.approx(1.6 * reference, abs=0.2)


@settings(max_examples=60, deadline=None)
@given(
    goal=st.sampled_from(["fat_loss", "muscle_gain", "maintenance"]),
    weight=st.floats(40, 180),
    height=st.floats(145, 210),
    age=st.integers(18, 85),
    sex=st.sampled_from(["female", "male", "other"]),
    factor=st.floats(1.2, 2.4),
)
def test_targets_respect_floors_and_ranges(
    goal: str, weight: float, height: float, age: int, sex: str, factor: float
) -> None:
    bmr = bmr_mifflin_st_jeor(weight_kg=weight, height_cm=height, age_years=age, sex=sex)
    t = nutrition_targets(
        goal=goal, tdee_kcal=bmr * factor, bmr_kcal=bmr, weight_kg=weight, sex=sex, height_cm=height
    )
    ref = t.reference_weight_kg
    assert t.kcal >= t.floor_kcal
    assert t.floor_kcal >= max(bmr * 1.1, 1200.0) - 0.05  # stored to 0.1 kcal
    assert t.kcal_low <= t.kcal <= t.kcal_high
    assert 1.6 * ref - 0.3 <= t.protein_min_g <= t.protein_g <= t.protein_max_g <= 2.2 * ref + 0.3
    assert t.fat_g >= t.fat_min_g >= 0.8 * ref - 0.2
    assert t.fat_min_g * 9 >= 0.2 * t.kcal - 1
    assert t.carbs_g >= 0
    assert 4 * t.protein_g + 4 * t.carbs_g + 9 * t.fat_g == pytest.approx(t.kcal, abs=2)


@pytest.mark.parametrize("seed", range(4))
def test_theil_sen_is_scipys_theilslopes_number_for_number(seed: int) -> None:
    """``theil_sen`` spares the commands SciPy's import; its slope and interval are
    ``scipy.stats.theilslopes``'s exactly: tied days and weights, one point per day or not,
    every confidence level, and a series whose days are all the same."""
    import warnings

    from scipy import stats

    rng = np.random.default_rng(seed)
    for case in range(250):
        n = int(rng.integers(2, 60))
        x = np.sort(rng.choice(np.arange(90), size=n, replace=case % 3 == 0)).astype(float)
        y = np.round(80 + rng.normal(0, 0.6, n) - 0.05 * x, int(rng.choice([1, 2])))
        if case == 0:
            x[:] = 5.0
        confidence = float(rng.choice([0.95, 0.9, 0.8, 0.99, 0.05]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # SciPy's, on the all-same days
            want = stats.theilslopes(y, x, alpha=confidence)
        got = theil_sen(x, y, confidence=confidence)
        expected = (want.slope, want.low_slope, want.high_slope)
        np.testing.assert_array_equal(np.array(got), np.array(expected, dtype=float))
