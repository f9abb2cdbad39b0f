"""e1RM (Epley, Brzycki, RIR-adjusted), personal records and the e1RM trend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fitcoach.analysis.strength import (
    RELIABLE_MAX_REPS,
    SetRecord,
    e1rm_by_day,
    e1rm_kg,
    personal_records,
    rir_from_rpe,
    rpe_from_rir,
)

T0 = datetime(2026, 10, 5, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        (100, 5, 116.6667),  # 100 × (1 + 5/30)
        (100, 10, 133.3333),
        (60, 8, 76.0),
        (140, 3, 154.0),
    ],
)
def test_epley_known_values(weight: float, reps: int, expected: float) -> None:
    assert e1rm_kg(weight, reps, 0) == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        (100, 5, 112.5),  # 100 × 36 / 32
        (100, 10, 133.3333),  # Epley and Brzycki meet at 10 reps
        (80, 6, 92.9032),  # 80 × 36 / 31
    ],
)
def test_brzycki_known_values(weight: float, reps: int, expected: float) -> None:
    assert e1rm_kg(weight, reps, 0, formula="brzycki") == pytest.approx(expected, abs=1e-3)


def test_a_single_to_failure_is_the_one_rep_max_for_both_formulas() -> None:
    assert e1rm_kg(180, 1, 0) == 180
    assert e1rm_kg(180, 1, 0, formula="brzycki") == 180


def test_rir_counts_as_reps_to_failure() -> None:
    # 5 reps with 2 in reserve is estimated like 7 reps to failure.
    assert e1rm_kg(100, 5, 2) == pytest.approx(e1rm_kg(100, 7, 0))
    assert e1rm_kg(100, 5, 2) == pytest.approx(100 * (1 + 7 / 30))
    assert e1rm_kg(100, 5, 2, formula="brzycki") == pytest.approx(100 * 36 / 30)
    assert e1rm_kg(100, 5, None) == e1rm_kg(100, 5, 0)  # unknown RIR counts as failure


def test_zero_reps_or_load_estimates_nothing() -> None:
    assert e1rm_kg(100, 0, 0) == 0.0
    assert e1rm_kg(0, 10, 0) == 0.0


@pytest.mark.parametrize(("weight", "reps", "rir"), [(-1, 5, 0), (100, -5, 0), (100, 5, -1)])
def test_negative_inputs_are_refused(weight: float, reps: int, rir: float) -> None:
    with pytest.raises(ValueError, match="negative"):
        e1rm_kg(weight, reps, rir)


def test_brzycki_is_undefined_at_37_reps() -> None:
    with pytest.raises(ValueError, match="37"):
        e1rm_kg(50, 35, 2, formula="brzycki")


def test_unknown_formula() -> None:
    with pytest.raises(ValueError, match="unknown formula"):
        e1rm_kg(100, 5, 0, formula="lombardi")  # type: ignore[arg-type]


weights = st.floats(min_value=0.5, max_value=500, allow_nan=False)
reps = st.integers(min_value=1, max_value=20)
rirs = st.floats(min_value=0, max_value=10, allow_nan=False)
formulas = st.sampled_from(["epley", "brzycki"])


@settings(deadline=None)  # a loaded CI machine must not make these flaky
@given(w=weights, dw=st.floats(min_value=0, max_value=100), r=reps, rir=rirs, f=formulas)
def test_e1rm_is_monotonic_in_weight(w: float, dw: float, r: int, rir: float, f: str) -> None:
    assert e1rm_kg(w + dw, r, rir, formula=f) >= e1rm_kg(w, r, rir, formula=f)  # type: ignore[arg-type]


@settings(deadline=None)
@given(w=weights, r=reps, dr=st.integers(min_value=0, max_value=6), rir=rirs, f=formulas)
def test_e1rm_is_monotonic_in_reps(w: float, r: int, dr: int, rir: float, f: str) -> None:
    assert e1rm_kg(w, r + dr, rir, formula=f) >= e1rm_kg(w, r, rir, formula=f)  # type: ignore[arg-type]


@settings(deadline=None)
@given(w=weights, r=reps, rir=rirs, drir=st.floats(min_value=0, max_value=5), f=formulas)
def test_e1rm_is_monotonic_in_rir(w: float, r: int, rir: float, drir: float, f: str) -> None:
    assert e1rm_kg(w, r, rir + drir, formula=f) >= e1rm_kg(w, r, rir, formula=f)  # type: ignore[arg-type]


@settings(deadline=None)
@given(w=weights, r=reps, rir=rirs, f=formulas)
def test_e1rm_is_never_below_the_weight_lifted(w: float, r: int, rir: float, f: str) -> None:
    assert e1rm_kg(w, r, rir, formula=f) >= w  # type: ignore[arg-type]


def _set(
    at: datetime,
    reps: int,
    weight: float | None,
    rir: float | None = 0,
    *,
    exercise: str = "barbell-back-squat",
    completed: bool = True,
    warmup: bool = False,
) -> SetRecord:
    return SetRecord(at, exercise, reps, weight, rir, completed, warmup)


def test_personal_records_across_sets_and_days() -> None:
    day2 = T0 + timedelta(days=3)
    sets = [
        _set(T0, 5, 100, 2),  # e1RM 123.3, volume 500
        _set(T0, 10, 80, 0),  # e1RM 106.7, volume 800
        _set(day2, 3, 120, 1),  # e1RM 136.0, the heaviest
        _set(day2, 12, 60, 0, exercise="barbell-bench-press"),
    ]
    prs = personal_records(sets)
    squat = prs["barbell-back-squat"]
    assert squat.best_e1rm_kg == pytest.approx(120 * (1 + 4 / 30))
    assert squat.best_e1rm_at == day2
    assert squat.heaviest_kg == 120
    assert squat.heaviest_at == day2
    assert squat.best_set_volume_kg == 800
    assert squat.best_set_volume_at == T0
    assert squat.most_reps == 10
    assert squat.e1rm_reliable
    bench = prs["barbell-bench-press"]
    assert bench.best_e1rm_kg == pytest.approx(60 * (1 + 12 / 30))
    assert set(prs) == {"barbell-back-squat", "barbell-bench-press"}


def test_the_heaviest_weight_comes_with_its_reps() -> None:
    later = T0 + timedelta(days=7)
    prs = personal_records(
        [_set(T0, 3, 100), _set(T0, 12, 70), _set(later, 5, 100), _set(later, 4, 100)]
    )
    squat = prs["barbell-back-squat"]
    # 100 kg is the heaviest, for 5 reps at best; 840 (12 x 70) is a volume, not a weight.
    assert (squat.heaviest_kg, squat.heaviest_reps, squat.heaviest_at) == (100, 5, later)
    assert squat.best_set_volume_kg == 840


def test_warmups_incomplete_and_unloaded_sets_are_ignored() -> None:
    sets = [
        _set(T0, 5, 60),
        _set(T0, 10, 200, warmup=True),
        _set(T0, 8, 180, completed=False),
        _set(T0, 20, None),
        _set(T0, 0, 150),
        _set(T0, 3, 300, exercise="barbell-bench-press", warmup=True),
    ]
    prs = personal_records(sets)
    assert set(prs) == {"barbell-back-squat"}
    assert prs["barbell-back-squat"].heaviest_kg == 60
    assert prs["barbell-back-squat"].most_reps == 5


def test_a_tie_keeps_the_date_it_was_first_set() -> None:
    later = T0 + timedelta(days=7)
    prs = personal_records([_set(T0, 5, 100), _set(later, 5, 100)])
    assert prs["barbell-back-squat"].best_e1rm_at == T0
    assert prs["barbell-back-squat"].heaviest_at == T0


def test_estimates_from_long_sets_are_flagged() -> None:
    long_set = _set(T0, RELIABLE_MAX_REPS + 3, 50)
    assert not personal_records([long_set])["barbell-back-squat"].e1rm_reliable
    short = _set(T0 + timedelta(days=1), 5, 100)
    assert personal_records([long_set, short])["barbell-back-squat"].e1rm_reliable


def test_formula_choice_reaches_the_records() -> None:
    sets = [_set(T0, 5, 100)]
    assert personal_records(sets, formula="brzycki")["barbell-back-squat"].best_e1rm_kg == (
        pytest.approx(112.5)
    )


def test_trend_is_the_best_set_of_each_day_in_time_order() -> None:
    d1, d2, d3 = T0, T0 + timedelta(days=2), T0 + timedelta(days=5)
    sets = [
        _set(d3, 5, 110),
        _set(d1, 5, 100),
        _set(d1 + timedelta(minutes=10), 3, 110),  # the better set of day 1
        _set(d2, 5, 105, warmup=True),  # ignored: warm-up only that day
        _set(d3 + timedelta(minutes=5), 5, 90),
    ]
    trend = e1rm_by_day(sets)
    assert [at for at, _ in trend] == [d1 + timedelta(minutes=10), d3]
    assert [round(v, 2) for _, v in trend] == [
        round(110 * (1 + 3 / 30), 2),
        round(110 * (1 + 5 / 30), 2),
    ]


def test_trend_of_nothing_is_empty() -> None:
    assert e1rm_by_day([]) == []
    assert personal_records([]) == {}


def test_rpe_and_rir_are_one_scale() -> None:
    """RPE 10 is no rep left, 8 two (Zourdos et al. 2016); an RPE above 10 leaves no negative
    reserve; the two conversions undo each other on the scale's range."""
    assert [rir_from_rpe(r) for r in (10, 9.5, 8, 6)] == [0.0, 0.5, 2.0, 4.0]
    assert rir_from_rpe(11) == 0.0
    assert all(rpe_from_rir(rir_from_rpe(r)) == r for r in (5.0, 7.5, 10.0))
