"""A range of mornings scored from one day grid (``readiness_days``) equals the previous
implementation, which sliced a pandas frame per day (``tests/fixtures/readiness_reference``),
field for field and float for float, on varied data: gaps of whole days, missing readings,
absent columns, too little data to calibrate, athletes without HRV, unsorted frames; and the
per-day load states computed once per shared series equal one series per day."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from tests.fixtures import readiness_reference as reference

from fitcoach.analysis import readiness as analysis
from fitcoach.core.errors import InvalidInput
from fitcoach.services import monitoring
from fitcoach.services.monitoring.readiness_report import _load_states

END = date(2026, 11, 20)
RANGES = {
    "hrv_rmssd_ms": (20.0, 140.0),
    "resting_hr_bpm": (40.0, 80.0),
    "sleep_h": (3.0, 10.5),
    "soreness": (1.0, 5.0),
    "mood": (1.0, 5.0),
    "energy": (1.0, 5.0),
}


def _frame(rng: random.Random) -> pd.DataFrame:
    """Up to 200 mornings before END with gaps: days left out (in runs or at random),
    readings missing per column, some columns never logged, integer 1-5 scales."""
    span = rng.randint(0, 200)
    skip_day = rng.choice([0.0, 0.1, 0.4, 0.8])
    missing = {c: rng.choice([0.0, 0.05, 0.3, 0.7, 1.0]) for c in RANGES}
    gap_at = rng.randint(0, max(span, 1))
    gap_len = rng.choice([0, 3, 10, 30])
    rows: dict[pd.Timestamp, dict[str, float]] = {}
    for i in range(span):
        day = END - timedelta(days=i)
        if rng.random() < skip_day or gap_at <= i < gap_at + gap_len:
            continue
        row = {}
        for column, (low, high) in RANGES.items():
            if rng.random() < missing[column]:
                value = math.nan
            elif high <= 5.0:
                value = float(rng.randint(1, 5))
            else:
                value = rng.uniform(low, high)
            row[column] = value
        rows[pd.Timestamp(day)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(RANGES))
    if rng.random() < 0.2:
        frame = frame.drop(columns=[rng.choice(list(RANGES))])
    if rng.random() < 0.3:
        frame = frame.sample(frac=1.0, random_state=rng.randint(0, 1000))  # any order
    return frame


def _load(rng: random.Random, start: date, end: date) -> dict[date, tuple[Any, Any]]:
    out: dict[date, tuple[Any, Any]] = {}
    day = start
    while day <= end:
        if rng.random() < 0.7:
            acwr = None if rng.random() < 0.3 else rng.uniform(0.3, 2.4)
            form = None if rng.random() < 0.3 else rng.uniform(-80.0, 40.0)
            out[day] = (acwr, form)
        day += timedelta(days=1)
    return out


@pytest.mark.parametrize("seed", range(60))
def test_a_range_equals_the_day_by_day_slices(seed: int) -> None:
    rng = random.Random(seed)
    frame = _frame(rng)
    days = rng.choice([1, 7, 7, 14, 30])
    end = END - timedelta(days=rng.choice([0, 0, 3, 40]))
    start = end - timedelta(days=days - 1)
    load = _load(rng, start, end)
    need = rng.choice([analysis.SLEEP_NEED_H, None, 6.5])

    got = analysis.readiness_days(frame, start, end, load=load, sleep_need_h=need)
    ordered = frame.sort_index()
    want = reference.readiness_days(ordered, start, end, load=load, sleep_need_h=need)
    assert [asdict_of(r) for r in got] == [asdict_of(r) for r in want]


def _rows(frame: pd.DataFrame) -> dict[date, dict[str, float | None]]:
    """The frame as ``readiness_days_of_rows`` takes it (missing as NaN or None, at random)."""
    rows: dict[date, dict[str, float | None]] = {}
    for i, (ts, row) in enumerate(frame.iterrows()):
        values = {str(c): float(v) for c, v in row.items()}
        rows[ts.date()] = {c: (None if math.isnan(v) and i % 2 else v) for c, v in values.items()}
    return rows


@pytest.mark.parametrize("seed", range(60))
def test_the_rows_form_equals_the_frame_form(seed: int) -> None:
    """The path the services take (no pandas) scores every morning as the frame path does."""
    rng = random.Random(seed)
    frame = _frame(rng)
    days = rng.choice([1, 7, 7, 14, 30])
    end = END - timedelta(days=rng.choice([0, 0, 3, 40]))
    start = end - timedelta(days=days - 1)
    load = _load(rng, start, end)
    need = rng.choice([analysis.SLEEP_NEED_H, None, 6.5])
    want = analysis.readiness_days(frame, start, end, load=load, sleep_need_h=need)
    got = analysis.readiness_days_of_rows(_rows(frame), start, end, load=load, sleep_need_h=need)
    assert [asdict_of(r) for r in got] == [asdict_of(r) for r in want]


def test_the_rows_form_refuses_what_the_frame_form_refuses() -> None:
    with pytest.raises(InvalidInput, match="hrv_rmssd_ms values must lie between 0 and 500"):
        analysis.readiness_days_of_rows({END: {"hrv_rmssd_ms": 900.0}}, END, END)
    with pytest.raises(InvalidInput, match="soreness"):
        analysis.readiness_days_of_rows({END - timedelta(days=400): {"soreness": 0.0}}, END, END)
    with pytest.raises(InvalidInput, match="ends"):
        analysis.readiness_days_of_rows({}, END, END - timedelta(days=1))


def test_the_cases_seen_include_every_status_and_every_signal() -> None:
    """The seeds above are varied enough to mean something: they reach every outcome."""
    statuses, signals, findings = set(), set(), set()
    for seed in range(60):
        rng = random.Random(seed)
        frame = _frame(rng)
        days = rng.choice([1, 7, 7, 14, 30])
        end = END - timedelta(days=rng.choice([0, 0, 3, 40]))
        start = end - timedelta(days=days - 1)
        for r in analysis.readiness_days(frame, start, end, load=_load(rng, start, end)):
            statuses.add(r.status)
            signals.add(r.signal)
            findings |= {f.code for f in r.findings}
    assert statuses == {"ok", "no_checkin"}
    assert signals == {"hrv", "resting_hr", "sleep", "wellness"}
    assert {"hrv_below_baseline", "sleep_short", "load_spike", "form_low"} <= findings


def test_one_day_is_the_range_of_one_day() -> None:
    frame = _frame(random.Random(7))
    for back in range(0, 30, 3):
        day = END - timedelta(days=back)
        single = analysis.readiness(frame, day, acwr=1.7, form_pct=-40.0)
        ranged = analysis.readiness_days(frame, day, day, load={day: (1.7, -40.0)})
        assert ranged == [single]
        assert asdict_of(single) == asdict_of(
            reference.readiness(frame.sort_index(), day, acwr=1.7, form_pct=-40.0)
        )


def test_a_range_still_refuses_what_a_day_refuses() -> None:
    frame = _frame(random.Random(3))
    with pytest.raises(InvalidInput, match="ends"):
        analysis.readiness_days(frame, END, END - timedelta(days=1))
    with pytest.raises(InvalidInput, match="weights"):
        analysis.readiness_days(frame, END, END, weights={"hrv": -1.0})
    bad = pd.DataFrame({"hrv_rmssd_ms": [900.0]}, index=[pd.Timestamp(END)])
    with pytest.raises(InvalidInput, match="hrv_rmssd_ms"):
        analysis.readiness_days(bad, END - timedelta(days=3), END)


def asdict_of(r: Any) -> Any:
    """A Readiness as plain data (dataclass equality, spelled out so a failure shows where)."""
    from dataclasses import asdict

    return asdict(r)


# --- the load state per day ----------------------------------------------------------------------


def _sessions(rng: random.Random) -> list[monitoring.SessionLoad]:
    """Sessions over up to 400 days before END (so the warm-up's first session moves from day
    to day), some without an RPE, some days with two, long breaks."""
    out = []
    span = rng.choice([0, 20, 40, 150, 400])
    often = rng.choice([0.15, 0.5, 0.9])
    for i in range(span):
        day = END - timedelta(days=i)
        if rng.random() > often or (span > 100 and 60 < i < 60 + rng.randint(0, 90)):
            continue
        for _ in range(rng.choice([1, 1, 2])):
            rpe = None if rng.random() < 0.1 else float(rng.randint(3, 10))
            minutes = rng.uniform(20, 120)
            out.append(
                monitoring.SessionLoad(
                    day=day,
                    kind=rng.choice(["strength", "cardio"]),
                    title="session",
                    rpe=rpe,
                    duration_min=minutes,
                    duration_estimated=False,
                    load_au=None if rpe is None else rpe * minutes,
                    trimp=None,
                )
            )
    return sorted(out, key=lambda s: (s.day, s.kind))


@pytest.mark.parametrize("seed", range(40))
def test_load_states_equal_one_series_per_day(seed: int) -> None:
    rng = random.Random(seed)
    sessions = _sessions(rng)
    end = END - timedelta(days=rng.choice([0, 5, 100]))
    start = end - timedelta(days=rng.choice([0, 6, 13, 60]))
    got = _load_states(sessions, start, end)
    day, want = start, {}
    while day <= end:
        want[day] = reference.load_state(sessions, day)
        day += timedelta(days=1)
    assert got == want
