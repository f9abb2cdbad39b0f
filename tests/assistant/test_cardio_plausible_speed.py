"""A cardio entry whose distance and time give a speed no person reaches is asked about, never
stored (stop 94: "rode 20 km, 40s hill repeats" was stored as a 40-second ride of 20 km, a swim
of "40 lengths, 25m pool, 35 min" as 25 metres in 35 minutes). Sessions at any real pace,
sprints and slow hikes among them, are stored as before."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.base import Understanding
from fitcoach.assistant.nlu.plausible import implausible

TODAY = date(2026, 11, 18)


@pytest.mark.parametrize(
    "text",
    [
        "rode 20 km, 40s hill repeats",  # 1,800 km/h
        "run 10k, 30s strides at the end",
        "hiked 800m in 3 hours",  # 0.27 km/h: the climb, not the way walked?
    ],
)
def test_a_speed_no_person_reaches_is_asked_about(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert not reading.entries or not reading.ok
    assert any("not a pace I can log" in p for p in reading.problems), reading.problems


@pytest.mark.parametrize(
    "text",
    [
        "ran 5k in 25 min",
        "ran 100m in 12s",  # a sprint: 30 km/h
        "rowed 2k in 7:30",
        "hiked 8 km in 4 hours",
        "swam 1500m in 32 min",
        "rode 90 km in 2h50",
    ],
)
def test_real_paces_are_stored(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading.problems
    assert reading.entries[0].intent == "log_cardio"


def test_the_ceiling_is_the_activity_s() -> None:
    def ride(slug: str, metres: float, seconds: float) -> list[str]:
        entry = Understanding("log_cardio", {"exercise": slug, "distance_m": metres, "duration_s": seconds}, 0.9, [])  # fmt: skip
        return implausible([entry])

    # 12 km in an hour is a swim no one does and a ride anyone does
    assert ride("easy-freestyle-swimming", 12000, 3600)
    assert not ride("moderate-cycling", 12000, 3600)
    assert not ride("steady-run", 12000, 3600)
    # and a 45-minute "walk" of 20 km is a ride's pace, not a walk's
    assert ride("easy-walk", 20000, 2700)
    # no distance or no time: nothing to compare
    assert not implausible([Understanding("log_cardio", {"exercise": "steady-run", "duration_s": 1500.0}, 0.9, [])])  # fmt: skip
