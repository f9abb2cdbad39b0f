"""The U.S. Navy body-fat estimate and the change of a measurement over time."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from fitcoach.analysis.body import (
    SEE_PCT,
    BodyFatEstimate,
    NoEstimate,
    change,
    navy_body_fat,
)

IN = 2.54


def test_the_published_worked_example_for_a_man() -> None:
    # The worked example published with the DoD's inch form of the same regression (DoDI
    # 1308.3): a man 70 in tall, waist 34 in, neck 15 in has 17.5 % body fat
    # (86.010 log10(19) - 70.041 log10(70) + 36.76 = 17.51). Hodgdon and Beckett's density
    # form in cm, which fitcoach uses, gives 17.44: the forms agree to 0.1 % body fat.
    found = navy_body_fat(sex="male", height_cm=70 * IN, neck_cm=15 * IN, waist_cm=34 * IN)
    assert isinstance(found, BodyFatEstimate)
    assert found.percent == 17.4  # stored to the tenth: 0.1 from the published 17.5
    dod = 86.010 * math.log10(34 - 15) - 70.041 * math.log10(70) + 36.76
    assert dod == pytest.approx(17.51, abs=0.005)
    assert abs(found.percent - round(dod, 1)) <= 0.1 + 1e-9
    # The error band is the published standard error of estimate (3.52 % for men).
    assert found.see_pct == SEE_PCT["male"] == 3.52
    assert found.low_pct == pytest.approx(17.44 - 3.52, abs=0.06)
    assert found.high_pct == pytest.approx(17.44 + 3.52, abs=0.06)
    assert "Hodgdon & Beckett 1984" in found.method


def test_the_density_equations_and_siri_by_hand() -> None:
    # Women: D = 1.29579 - 0.35004 log10(waist + hips - neck) + 0.22100 log10(height), then
    # Siri's %BF = 495 / D - 450, worked through by hand for 165 cm, neck 32, waist 70, hips 98.
    density = 1.29579 - 0.35004 * math.log10(70 + 98 - 32) + 0.22100 * math.log10(165)
    expected = 495 / density - 450
    found = navy_body_fat(sex="female", height_cm=165, neck_cm=32, waist_cm=70, hips_cm=98)
    assert isinstance(found, BodyFatEstimate)
    assert found.percent == pytest.approx(expected, abs=0.05)
    assert 25 < found.percent < 30  # a typical value for these girths
    assert found.see_pct == SEE_PCT["female"] == 3.72
    # The woman's DoD inch form agrees within 0.3 % body fat, far inside the standard error.
    dod = 163.205 * math.log10((70 + 98 - 32) / IN) - 97.684 * math.log10(165 / IN) - 78.387
    assert found.percent == pytest.approx(dod, abs=0.3)


@pytest.mark.parametrize(
    ("inputs", "reason"),
    [
        ({"sex": None}, "set your sex in the profile"),
        ({"sex": "other"}, "set your sex in the profile"),
        ({"height_cm": None}, "needs height (the profile)"),
        ({"neck_cm": None}, "needs neck (the same day)"),
        ({"waist_cm": None}, "needs waist"),
        ({"sex": "female", "hips_cm": None}, "needs hips"),
        ({"height_cm": 90}, "height 90 cm is outside"),
        ({"waist_cm": 400}, "waist 400 cm is outside"),
        ({"neck_cm": 10}, "neck 10 cm is outside"),
        ({"neck_cm": 60, "waist_cm": 55}, "waist must be larger than neck"),
        ({"neck_cm": 69, "waist_cm": 71}, "outside the 2–60 %"),  # 2 cm of girth: no body
        ({"neck_cm": float("nan")}, "neck nan cm is outside"),
    ],
)
def test_no_estimate_from_a_missing_or_implausible_input(
    inputs: dict[str, object], reason: str
) -> None:
    given: dict[str, object] = {
        "sex": "male",
        "height_cm": 180,
        "neck_cm": 38,
        "waist_cm": 86,
        "hips_cm": 98,
    }
    given.update(inputs)
    found = navy_body_fat(**given)  # type: ignore[arg-type]
    assert isinstance(found, NoEstimate)
    assert reason in found.reason


def test_men_need_no_hips() -> None:
    found = navy_body_fat(sex="male", height_cm=180, neck_cm=38, waist_cm=86, hips_cm=None)
    assert isinstance(found, BodyFatEstimate)


def test_a_larger_waist_estimates_more_fat() -> None:
    values = []
    for waist in (76, 86, 96, 106):
        found = navy_body_fat(sex="male", height_cm=180, neck_cm=38, waist_cm=waist)
        assert isinstance(found, BodyFatEstimate)
        values.append(found.percent)
    assert values == sorted(values)
    assert len(set(values)) == 4


D0 = date(2026, 10, 1)


def test_change_since_the_start_and_over_four_weeks() -> None:
    series = [(D0, 90.0), (D0 + timedelta(days=14), 88.5), (D0 + timedelta(days=40), 86.0)]
    today = D0 + timedelta(days=45)
    moved = change(series, today)
    assert moved is not None
    assert (moved.first, moved.latest, moved.since_start) == (90.0, 86.0, -4.0)
    # Four weeks before today is day 17: the last reading on or before it is day 14's.
    assert moved.recent_from_day == D0 + timedelta(days=14)
    assert moved.recent == -2.5


def test_change_within_four_weeks_starts_at_the_first_reading_inside() -> None:
    series = [(D0, 90.0), (D0 + timedelta(days=10), 89.0)]
    moved = change(series, D0 + timedelta(days=12))
    assert moved is not None
    assert (moved.since_start, moved.recent, moved.recent_from_day) == (-1.0, -1.0, D0)


def test_one_reading_changes_nothing_and_later_readings_are_left_out() -> None:
    one = change([(D0, 90.0)], D0)
    assert one is not None
    assert one.since_start is None
    assert one.recent is None
    assert change([], D0) is None
    future = change([(D0, 90.0), (D0 + timedelta(days=5), 80.0)], D0 + timedelta(days=1))
    assert future is not None
    assert future.latest == 90.0


def test_no_four_week_change_when_the_latest_reading_is_older_than_the_window() -> None:
    series = [(D0, 90.0), (D0 + timedelta(days=5), 89.0)]
    moved = change(series, D0 + timedelta(days=60))
    assert moved is not None
    assert moved.since_start == -1.0
    assert moved.recent is None
