"""Readiness: the check-in leads (no check-in, no score: the question), the reasons only
lower what the athlete said, known scores, the inputs used and left out, flags and
monotonicity."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fitcoach.analysis.readiness import (
    NO_CHECKIN,
    WEIGHTS,
    Readiness,
    colour_of,
    readiness,
)
from fitcoach.core.errors import InvalidInput

DAY = date(2026, 11, 20)
MU = math.log(60.0)  # baseline mean of ln rMSSD
D = 0.1  # each baseline day sits D above or below it, alternately
SD = D * math.sqrt(30 / 29)  # the sample SD of 30 such days


def baseline(
    days: int = 30,
    *,
    ago: int = 1,
    hrv: bool = True,
    rhr: tuple[float, float] = (54.0, 56.0),
    sleep_h: float | None = 8.0,
) -> pd.DataFrame:
    """``days`` mornings ending ``ago`` days before DAY: ln rMSSD MU ± D, resting HR
    alternating, 8 h sleep, soreness 2, mood and energy 4 (the last six days average MU)."""
    rows = {}
    for i in range(days):
        day = DAY - timedelta(days=ago + days - 1 - i)
        up = i % 2 == 0 if days % 2 == 0 else i % 2 == 1
        rows[pd.Timestamp(day)] = {
            "hrv_rmssd_ms": math.exp(MU + (D if up else -D)) if hrv else math.nan,
            "resting_hr_bpm": rhr[0] if up else rhr[1],
            "sleep_h": math.nan if sleep_h is None else sleep_h,
            "soreness": 2.0,
            "mood": 4.0,
            "energy": 4.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


GOOD = {
    "hrv_rmssd_ms": 60.0,
    "resting_hr_bpm": 55.0,
    "sleep_h": 8.0,
    "soreness": 2.0,
    "mood": 4.0,
    "energy": 4.0,
}


def today(frame: pd.DataFrame, **values: float) -> pd.DataFrame:
    row = pd.DataFrame([values], index=[pd.Timestamp(DAY)])
    return pd.concat([frame, row]) if len(frame) else row


def score(frame: pd.DataFrame, **kwargs: Any) -> Readiness:
    return readiness(frame, DAY, **kwargs)


def component(result: Readiness, name: str) -> Any:
    return next(c for c in result.components if c.name == name)


# --- the check-in leads -----------------------------------------------------------------------

OBJECTIVE = {"hrv_rmssd_ms": 60.0, "resting_hr_bpm": 55.0, "sleep_h": 5.0}


@pytest.mark.parametrize("days", [0, 13, 30])
def test_without_a_check_in_there_is_no_score_whatever_else_was_recorded(days: int) -> None:
    """HRV, resting HR, short sleep and a load spike, but no answer: no number built on them,
    the question instead; the readings are still reported as facts."""
    frame = baseline(days).drop(columns=["soreness", "mood", "energy"]) if days else pd.DataFrame()
    result = score(today(frame, **OBJECTIVE), acwr=1.8, form_pct=-40.0)
    assert result.status == "no_checkin"
    assert (result.score, result.colour, result.said) == (None, None, None)
    assert result.why == NO_CHECKIN == "No check-in yet — how do you feel?"
    assert result.inputs_used == ()
    assert result.inputs_missing["energy"] == "no energy rating today"
    assert {f.code for f in result.findings} >= {"sleep_short", "load_spike", "form_low"}
    assert component(result, "sleep").value == 5.0


def test_a_first_morning_check_in_is_the_score() -> None:
    result = score(today(baseline(0), soreness=1.0, energy=5.0, mood=3.0))
    assert (result.status, result.days_collected) == ("ok", 0)
    assert result.signal == "wellness"
    assert result.inputs_used == ("soreness", "energy", "mood")
    assert result.inputs_missing == {
        "hrv": "none recorded in the last 28 days",
        "resting_hr": "none recorded in the last 28 days",
        "sleep": "no sleep logged",
        "load": "not enough load history",
    }
    # soreness 1 → 100, energy 5 → 100, mood 3 → 50: the plain mean, 83.3
    assert (result.said, result.score) == (83, 83)
    assert result.why.startswith("From your check-in (soreness 1/5, energy 5/5 and mood 3/5): 83.")


def test_reasons_lower_what_the_athlete_said_and_never_raise_it() -> None:
    good = score(today(baseline(), **GOOD), acwr=0.8, form_pct=5.0)
    assert (good.said, good.score) == (75, 75)  # every reason at 100: nothing taken off
    tired = score(today(baseline(), **{**GOOD, "sleep_h": 6.0}), acwr=1.75, form_pct=None)
    # sleep 6 of 8 h → 55.6: −4.4; ACWR 1.75 → 20.8: −7.9; 75 − 12.4 = 62.6
    assert (tired.said, tired.score) == (75, 63)
    assert component(tired, "sleep").lowered_by == pytest.approx(4.4, abs=0.05)
    assert component(tired, "load").lowered_by == pytest.approx(7.9, abs=0.05)
    assert "Lowered to 63 by sleep (−4) and training load (−8)." in tired.why
    # A check-in with sleep better than needed and HRV above baseline stays what was said.
    better = score(
        today(baseline(), **{**GOOD, "sleep_h": 9.5, "hrv_rmssd_ms": math.exp(MU + 2 * SD)})
    )
    assert better.score == better.said == 75


def test_hrv_and_resting_hr_lower_nothing_until_their_baseline_exists() -> None:
    frame = baseline(30, hrv=False)
    frame.loc[frame.index[-5:], "hrv_rmssd_ms"] = 60.0
    result = score(today(frame, **{**GOOD, "hrv_rmssd_ms": 20.0}))
    assert result.status == "ok"
    assert (result.signal, result.days_collected) == ("hrv", 28)
    assert "hrv" not in result.inputs_used
    assert result.inputs_missing["hrv"] == "calibrating: 5 of 14 mornings in the last 28"
    assert "HRV (calibrating: 5 of 14 mornings in the last 28)" in result.why
    assert result.score == result.said == 75


def test_fourteen_days_give_a_score() -> None:
    result = score(today(baseline(14), **GOOD))
    assert result.status == "ok"
    assert result.days_collected == 14
    assert result.score is not None


def test_resting_hr_calibrates_an_athlete_without_hrv() -> None:
    no_hrv = {k: v for k, v in GOOD.items() if k != "hrv_rmssd_ms"}
    result = score(today(baseline(14, hrv=False), **no_hrv))
    assert result.status == "ok"
    assert result.signal == "resting_hr"
    assert component(result, "hrv").score is None
    assert result.inputs_missing == {
        "hrv": "none recorded in the last 28 days",
        "load": "not enough load history",
    }


def _wellness_and_sleep(days: int) -> pd.DataFrame:
    """``days`` mornings up to DAY with sleep and the three ratings only (no HRV, no HR)."""
    rows = {
        pd.Timestamp(DAY - timedelta(days=days - 1 - i)): {
            "sleep_h": 7.0 + (i % 3) * 0.5,
            "soreness": 2.0,
            "energy": 3.0 + i % 2,
            "mood": 4.0,
        }
        for i in range(days)
    }
    return pd.DataFrame.from_dict(rows, orient="index")


@pytest.mark.parametrize("days", [0, 1, 10, 14])
def test_an_athlete_with_only_wellness_and_sleep_is_scored_from_the_first_morning(
    days: int,
) -> None:
    result = score(_wellness_and_sleep(days + 1))  # ``days`` mornings before DAY, and DAY
    assert result.signal == "sleep"
    assert result.days_collected == days
    assert result.status == "ok"
    assert result.score is not None
    assert result.said is not None
    assert result.score <= result.said
    assert result.inputs_used == ("sleep", "soreness", "energy", "mood")
    assert result.inputs_missing == {
        "hrv": "none recorded in the last 28 days",
        "resting_hr": "none recorded in the last 28 days",
        "load": "not enough load history",
    }


def test_ratings_alone_calibrate_too() -> None:
    frame = _wellness_and_sleep(20).drop(columns=["sleep_h"])
    result = score(frame)
    assert (result.status, result.signal) == ("ok", "wellness")
    assert result.inputs_used == ("soreness", "energy", "mood")


# --- known scores -----------------------------------------------------------------------------


def test_a_good_day_is_green() -> None:
    result = score(today(baseline(), **GOOD))
    # HRV, resting HR and sleep 100 take nothing off; soreness 2, energy 4, mood 4 → 75 each.
    assert result.status == "ok"
    assert (result.said, result.score) == (75, 75)
    assert result.colour == "green"
    assert result.findings == ()
    assert result.inputs_used == ("hrv", "resting_hr", "sleep", "soreness", "energy", "mood")
    assert result.inputs_missing == {"load": "not enough load history"}
    assert result.why == (
        "From your check-in (soreness 2/5, energy 4/5 and mood 4/5): 75. "
        "Not read: training load (not enough load history)."
    )


def test_short_sleep_low_hrv_soreness_and_no_energy_make_a_red_day() -> None:
    bad = {
        **GOOD,
        "sleep_h": 4.0,
        "hrv_rmssd_ms": math.exp(MU - 2 * SD),
        "soreness": 5.0,
        "energy": 1.0,
    }
    result = score(today(baseline(), **bad))
    # Said: soreness 5 → 0, energy 1 → 0, mood 4 → 75: 25. HRV −2 SD → 25 takes 0.3·75 = 22.5
    # off, sleep 4 h of 8 → 0 takes 10 off: 25 − 32.5, floored at 0.
    assert (result.said, result.score) == (25, 0)
    assert result.colour == "red"
    codes = {f.code: f for f in result.findings}
    assert set(codes) == {"hrv_below_baseline", "sleep_short", "soreness_high", "energy_low"}
    assert codes["hrv_below_baseline"].params["sd"] == 2.0
    assert codes["sleep_short"].text == "You slept 4.0 h of the 8.0 h you need."
    assert component(result, "hrv").score == pytest.approx(25.0)


@pytest.mark.parametrize(("z", "expected"), [(0.8, 100), (-0.5, 100), (-1.5, 50), (-3.0, 0)])
def test_hrv_component_from_the_smallest_worthwhile_change_to_minus_2_5_sd(
    z: float, expected: float
) -> None:
    result = score(today(baseline(), **{**GOOD, "hrv_rmssd_ms": math.exp(MU + z * SD)}))
    hrv = component(result, "hrv")
    assert hrv.score == pytest.approx(expected)
    assert hrv.baseline == pytest.approx(60.0, abs=0.05)
    assert hrv.detail["z_today"] == pytest.approx(z, abs=1e-3)


def test_a_low_hrv_week_lowers_the_score_even_on_a_normal_morning() -> None:
    frame = baseline()
    frame.loc[frame.index[-6:], "hrv_rmssd_ms"] = math.exp(MU - 1.5 * D)
    result = score(today(frame, **GOOD))
    assert component(result, "hrv").score < 100
    assert "hrv_trend_low" in {f.code for f in result.findings}


def test_resting_hr_flags_above_5_bpm_or_1_sd() -> None:
    # Steady baseline (SD ≈ 1 bpm): +2 bpm is above 1 SD.
    result = score(today(baseline(), **{**GOOD, "resting_hr_bpm": 57.0}))
    assert "resting_hr_elevated" in {f.code for f in result.findings}
    assert component(result, "resting_hr").score < 75
    # Noisy baseline (50/60 bpm, SD ≈ 5.1): +6 bpm is under 1.2 SD but over 5 bpm.
    result = score(today(baseline(rhr=(50.0, 60.0)), **{**GOOD, "resting_hr_bpm": 61.0}))
    assert "resting_hr_elevated" in {f.code for f in result.findings}
    # Lower than usual is never a problem.
    result = score(today(baseline(), **{**GOOD, "resting_hr_bpm": 48.0}))
    assert component(result, "resting_hr").score == 100


def test_missing_readings_are_left_out_and_named() -> None:
    result = score(today(baseline(), sleep_h=6.0, soreness=3.0))
    # Said: soreness 3 → 50 (the only item); sleep 6/8 → 55.6 takes 0.1·44.4 = 4.4 off.
    assert (result.said, result.score) == (50, 46)
    weights = {c.name: c.weight for c in result.components}
    assert weights["soreness"] == pytest.approx(1.0)  # the check-in's only item
    assert weights["sleep"] == pytest.approx(WEIGHTS["sleep"])
    assert weights["hrv"] == weights["resting_hr"] == weights["mood"] == 0
    assert component(result, "hrv").missing == "no HRV reading today"
    assert result.inputs_used == ("sleep", "soreness")
    assert result.inputs_missing == {
        "hrv": "no HRV reading today",
        "resting_hr": "no resting HR reading today",
        "energy": "no energy rating today",
        "mood": "no mood rating today",
        "load": "not enough load history",
    }


def test_an_input_given_no_weight_is_named_as_left_out() -> None:
    result = score(today(baseline(), **GOOD), weights={**WEIGHTS, "mood": 0.0})
    assert "mood" not in result.inputs_used
    assert result.inputs_missing["mood"] == "given no weight"
    assert component(result, "mood").weight == 0


def test_yesterdays_readings_never_stand_in_for_todays() -> None:
    frame = baseline()
    one = score(today(frame, sleep_h=7.0, soreness=2.0))
    frame.loc[frame.index[-1], ["hrv_rmssd_ms", "resting_hr_bpm", "mood", "energy"]] = [
        20.0,
        80.0,
        1.0,
        1.0,
    ]
    two = score(today(frame, sleep_h=7.0, soreness=2.0))
    assert one.score == two.score
    assert component(two, "hrv").score is None
    assert component(two, "mood").score is None


@pytest.mark.parametrize(
    ("acwr", "form", "expected", "codes"),
    [
        # ACWR 0.8 … 2.0 and form 0 … −60 % each ramp 100 … 0; the mean of those given counts.
        (0.8, 5.0, 100, set()),
        (1.2, -10.0, (200 / 3 + 250 / 3) / 2, set()),
        (1.75, None, 125 / 6, {"load_spike"}),
        (None, -45.0, 25, {"form_low"}),
        (2.0, -20.0, 100 / 3, {"load_spike"}),
        (2.4, -70.0, 0, {"load_spike", "form_low"}),
    ],
)
def test_recent_load_penalty(
    acwr: float | None, form: float | None, expected: float, codes: set[str]
) -> None:
    result = score(today(baseline(), **GOOD), acwr=acwr, form_pct=form)
    assert component(result, "load").score == pytest.approx(expected)
    assert {f.code for f in result.findings} == codes


def test_load_alone_is_no_readiness() -> None:
    frame = baseline()
    result = score(frame, acwr=1.1, form_pct=-10.0)
    assert result.status == "no_checkin"
    assert result.score is None
    assert result.why == NO_CHECKIN


def test_personal_sleep_need_is_the_28_night_average() -> None:
    frame = baseline(sleep_h=7.0)
    result = score(today(frame, **{**GOOD, "sleep_h": 7.0}), sleep_need_h=None)
    assert component(result, "sleep").baseline == pytest.approx(7.0)
    assert component(result, "sleep").score == 100
    short = baseline(10, sleep_h=7.0)
    frame = pd.concat([baseline(20, ago=11, sleep_h=None), short])
    result = score(today(frame, **{**GOOD, "sleep_h": 7.0}), sleep_need_h=None)
    assert component(result, "sleep").baseline == 8.0  # 10 nights are too few


@pytest.mark.parametrize(
    ("value", "colour"),
    [(100, "green"), (70, "green"), (69, "yellow"), (40, "yellow"), (39, "red")],
)
def test_colour_cut_offs(value: int, colour: str) -> None:
    assert colour_of(value) == colour


def test_bad_input_is_refused() -> None:
    frame = today(baseline(), **GOOD)
    with pytest.raises(InvalidInput, match="weights"):
        score(frame, weights={"hrv": 1.0, "vibes": 1.0})
    with pytest.raises(InvalidInput, match="sleep need"):
        score(frame, sleep_need_h=1.0)
    with pytest.raises(InvalidInput, match="soreness"):
        score(today(baseline(), **{**GOOD, "soreness": 7.0}))
    with pytest.raises(InvalidInput, match="one row per day"):
        score(pd.concat([frame, frame.tail(1)]))


# --- properties -------------------------------------------------------------------------------

BASE = baseline()
maybe = st.one_of(st.none(), st.floats(min_value=1, max_value=5))


def _day(**values: float | None) -> pd.DataFrame:
    return today(BASE, **{k: (np.nan if v is None else v) for k, v in values.items()})


@settings(max_examples=80, deadline=None)
@given(
    hrv=st.one_of(st.none(), st.floats(min_value=5, max_value=300)),
    rhr=st.one_of(st.none(), st.floats(min_value=35, max_value=110)),
    sleep=st.one_of(st.none(), st.floats(min_value=0, max_value=14)),
    soreness=maybe,
    mood=maybe,
    energy=maybe,
    acwr=st.one_of(st.none(), st.floats(min_value=0, max_value=5)),
    form=st.one_of(st.none(), st.floats(min_value=-300, max_value=100)),
)
def test_score_is_within_0_and_100(
    hrv: float | None,
    rhr: float | None,
    sleep: float | None,
    soreness: float | None,
    mood: float | None,
    energy: float | None,
    acwr: float | None,
    form: float | None,
) -> None:
    frame = _day(
        hrv_rmssd_ms=hrv,
        resting_hr_bpm=rhr,
        sleep_h=sleep,
        soreness=soreness,
        mood=mood,
        energy=energy,
    )
    result = score(frame, acwr=acwr, form_pct=form)
    if result.status == "ok":
        assert result.score is not None
        assert result.said is not None
        assert 0 <= result.score <= result.said <= 100  # never above what the athlete said
        assert result.colour == colour_of(result.score)
        items = [c for c in result.components if c.name in ("soreness", "energy", "mood")]
        assert sum(c.weight for c in items) == pytest.approx(1.0)
    else:
        assert result.status == "no_checkin"
        assert all(v is None for v in (soreness, mood, energy))


@settings(max_examples=80, deadline=None)
@given(
    low=st.floats(min_value=5, max_value=300),
    high=st.floats(min_value=5, max_value=300),
    sleep=st.floats(min_value=2, max_value=10),
    soreness=st.integers(min_value=1, max_value=5),
    rhr=st.floats(min_value=40, max_value=80),
)
def test_worse_hrv_never_raises_the_score(
    low: float, high: float, sleep: float, soreness: int, rhr: float
) -> None:
    assume(low < high)
    common = {"sleep_h": sleep, "soreness": float(soreness), "resting_hr_bpm": rhr}
    worse = score(_day(hrv_rmssd_ms=low, **common))
    better = score(_day(hrv_rmssd_ms=high, **common))
    assert worse.score is not None
    assert better.score is not None
    assert worse.score <= better.score


@settings(max_examples=50, deadline=None)
@given(
    low=st.floats(min_value=35, max_value=110),
    high=st.floats(min_value=35, max_value=110),
    hrv=st.floats(min_value=20, max_value=120),
)
def test_higher_resting_hr_never_raises_the_score(low: float, high: float, hrv: float) -> None:
    assume(low < high)
    calm = score(_day(resting_hr_bpm=low, hrv_rmssd_ms=hrv, sleep_h=7.0, energy=4.0))
    raised = score(_day(resting_hr_bpm=high, hrv_rmssd_ms=hrv, sleep_h=7.0, energy=4.0))
    assert calm.score is not None
    assert raised.score is not None
    assert raised.score <= calm.score
