"""Hard-set counting per muscle and week, and the comparison with volume landmarks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from fitcoach.analysis.strength import SetRecord
from fitcoach.analysis.volume import (
    Landmarks,
    Muscles,
    compare_to_landmarks,
    is_hard_set,
    volume_status,
    week_start,
    weekly_hard_sets,
)
from fitcoach.core.errors import InvalidInput

MONDAY = datetime(2026, 11, 9, 18, 0, tzinfo=UTC)
MUSCLES = {
    "bench": Muscles(("chest",), ("triceps", "front_delts")),
    "row": Muscles(("upper_back", "lats"), ("biceps",)),
    "curl": Muscles(("biceps",)),
}


def s(
    exercise: str,
    at: datetime = MONDAY,
    rir: float | None = 2,
    *,
    completed: bool = True,
    warmup: bool = False,
) -> SetRecord:
    return SetRecord(at, exercise, 8, 60.0, rir, completed, warmup)


@pytest.mark.parametrize(
    ("completed", "warmup", "rir", "hard"),
    [
        (True, False, 0, True),
        (True, False, 4, True),  # the edge counts
        (True, False, 4.5, False),
        (True, False, None, True),  # unknown RIR: benefit of the doubt
        (True, True, 1, False),  # warm-ups never count
        (False, False, 1, False),  # a failed, incomplete set does not count
    ],
)
def test_hard_set_rule(completed: bool, warmup: bool, rir: float | None, hard: bool) -> None:
    assert is_hard_set(completed=completed, is_warmup=warmup, rir=rir) is hard


def test_primary_counts_one_and_secondary_half() -> None:
    sets = [
        *[s("bench") for _ in range(3)],
        s("bench", warmup=True),
        s("bench", rir=6),
        s("row"),
        s("row", rir=None),
        s("curl", completed=False),
    ]
    weeks = weekly_hard_sets(sets, MUSCLES)
    assert weeks == {
        date(2026, 11, 9): {
            "chest": 3.0,
            "triceps": 1.5,
            "front_delts": 1.5,
            "upper_back": 2.0,
            "lats": 2.0,
            "biceps": 1.0,
        }
    }


def test_weeks_run_monday_to_sunday() -> None:
    sunday = MONDAY + timedelta(days=6, hours=5)  # Sunday 23:00
    next_monday = MONDAY + timedelta(days=7)
    weeks = weekly_hard_sets(
        [s("curl", MONDAY), s("curl", sunday), s("curl", next_monday)], MUSCLES
    )
    assert weeks == {date(2026, 11, 9): {"biceps": 2.0}, date(2026, 11, 16): {"biceps": 1.0}}
    assert week_start(date(2026, 11, 15)) == date(2026, 11, 9)
    assert week_start(date(2026, 11, 9)) == date(2026, 11, 9)


def test_the_rir_cut_off_can_be_changed() -> None:
    weeks = weekly_hard_sets([s("curl", rir=3), s("curl", rir=1)], MUSCLES, max_rir=2)
    assert weeks[date(2026, 11, 9)] == {"biceps": 1.0}


def test_an_exercise_without_muscles_is_an_error_only_when_it_counts() -> None:
    with pytest.raises(InvalidInput, match="no muscles known for exercise 'dip'"):
        weekly_hard_sets([s("dip")], MUSCLES)
    assert weekly_hard_sets([s("dip", warmup=True)], MUSCLES) == {}


CHEST = Landmarks(mev=10, mav=20, mrv=22)


@pytest.mark.parametrize(
    ("sets", "status"),
    [
        (0, "below_mev"),
        (9.5, "below_mev"),
        (10, "productive"),
        (20, "productive"),
        (20.5, "above_mav"),
        (22, "above_mav"),
        (22.5, "above_mrv"),
    ],
)
def test_status_boundaries(sets: float, status: str) -> None:
    assert volume_status(sets, CHEST) == status


def test_landmarks_must_be_ordered() -> None:
    with pytest.raises(InvalidInput, match="MEV <= MAV <= MRV"):
        Landmarks(mev=12, mav=10, mrv=20)
    with pytest.raises(InvalidInput):
        Landmarks(mev=-1, mav=10, mrv=20)


def test_comparison_lists_untrained_and_unlisted_muscles() -> None:
    rows = compare_to_landmarks(
        {"chest": 12.0, "neck": 3.0},
        {"chest": CHEST, "biceps": Landmarks(8, 20, 26)},
    )
    by_muscle = {r.muscle: r for r in rows}
    assert [r.muscle for r in rows] == ["biceps", "chest", "neck"]
    assert by_muscle["chest"].status == "productive"
    assert by_muscle["biceps"].sets == 0.0
    assert by_muscle["biceps"].status == "below_mev"
    assert by_muscle["neck"].status is None
    assert by_muscle["neck"].landmarks is None
