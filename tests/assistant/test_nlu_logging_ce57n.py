"""Classes of set lists corpus-57n's writers CE (lists pasted from lifting apps and
spreadsheets) and CF (strength sports) got stored wrong or asked about (issue 57, log57n-a): a
warm-up set marked as one, a set's number before a bar or a spreadsheet's spaces, and the last
set's effort said after a remark or as "to failure"; beside the close wordings that keep their
reading."""

from __future__ import annotations

from typing import Any

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu.erg_splits import erg_splits
from fitcoach.assistant.nlu.header_dates import header_day
from fitcoach.assistant.nlu.set_marks import set_marks


def _sets(text: str, units: str = "metric") -> list[tuple[str, int, int, float | None, Any]]:
    """(exercise, sets, reps, load, rir or rpe) of each group read from ``text``, unasked."""
    entries, problems = read_entries(text, units)  # type: ignore[arg-type]
    assert not problems, problems
    assert entries
    assert all(i == "log_sets" for i, _ in entries)
    return [
        (g["exercise"], g.get("sets", 1), g["reps"], g.get("weight_kg"), g.get("rir", g.get("rpe")))
        for _, slots in entries
        for g in slots["groups"]
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Evening Workout\nBench Press (Barbell)\nW: 40 kg × 10\n1: 80 kg × 6\n2: 80 kg × 6",
            [("barbell-bench-press", 1, 6, 80.0, None)] * 2,
        ),
        (
            "Deadlift\nWarm-up: 60x5, 100x3, 140x2\nWorking: 170 x 3 x 3",
            [("barbell-deadlift", 3, 3, 170.0, None)],
        ),
        (
            "Back Squat — 5 sets\n  warm-up 20kg x 10\n  warm-up 60kg x 5\n  100kg x 8\n  100kg x 8",
            [("barbell-back-squat", 1, 8, 100.0, None)] * 2,
        ),
        ("Leg Press\n60 kg x 10 (warm-up)\n140 kg x 10", [("leg-press", 1, 10, 140.0, None)]),
    ],
)
def test_a_marked_warm_up_set_is_no_working_set(text: str, want: list[Any]) -> None:
    """The warm-ups had been stored as working sets (a wrong store), their count with them."""
    assert _sets(text) == want


def test_a_count_above_sets_listed_one_a_line_is_their_count() -> None:
    """The count had been stored as sets of its own beside the lines (3 sets said, 5 stored)."""
    assert (
        _sets("Back Squat — 3 sets\n100kg x 8\n100kg x 8\n100kg x 8")
        == [("barbell-back-squat", 1, 8, 100.0, None)] * 3
    )
    # a count with no sets listed below it keeps its reading (asked for the reps and load)
    assert set_marks(["squat - 3 sets", "felt heavy"]) == ["squat - 3 sets", "felt heavy"]


def test_a_warm_up_said_in_words_stays_a_remark() -> None:
    assert set_marks(["warm up 10 min on the bike"]) == ["warm up 10 min on the bike"]
    assert set_marks(["went to the gym, walked to warm up"]) == [
        "went to the gym, walked to warm up"
    ]


def test_a_sets_number_before_a_bar_or_a_spreadsheets_spaces_is_its_place() -> None:
    """The numbers had been "I am not sure what 2 is here": asked."""
    assert _sets(
        "Leg Extension (Machine)\n1 | 50 kg × 12\n2 | 55 kg × 10\n3 | 60 kg × 8 | failure"
    ) == [
        ("leg-extension", 1, 12, 50.0, None),
        ("leg-extension", 1, 10, 55.0, None),
        ("leg-extension", 1, 8, 60.0, 0.0),
    ]
    assert _sets("Barbell Row\n1  70kg  10\n2  70kg  10\n3  70kg  9") == [
        ("barbell-row", 1, 10, 70.0, None),
        ("barbell-row", 1, 10, 70.0, None),
        ("barbell-row", 1, 9, 70.0, None),
    ]
    # a row without a load's unit is no set of this shape ("3 70 10" could be anything)
    assert set_marks(["3 70 10"]) == ["3 70 10"]


@pytest.mark.parametrize(
    ("text", "units", "effort"),
    [
        ("ohp 4x6 95lb, last set was a grinder, rpe 9.5", "imperial", 9.5),
        ("close grip bench 3x8 @ 185, last set was a grinder, rpe 9.5", "imperial", 9.5),
        ("preacher curls 3 x 10 @ 25 kg, last set to failure", "metric", 0.0),
        ("lat pulldown 3x12 at 50, final set went to failure", "metric", 0.0),
    ],
)
def test_the_last_sets_effort_after_a_remark_is_that_sets(text: str, units: str, effort: float) -> None:  # fmt: skip
    """Asked ("which sets was the effort for?"), or "to failure" dropped (a wrong store)."""
    got = _sets(text, units)
    assert len(got) == 2
    assert got[0][4] is None
    assert got[1][1] == 1
    assert got[1][4] == effort


def test_an_effort_of_every_set_stays_every_sets() -> None:
    assert [g[4] for g in _sets("squat 3x5 at 140, rpe 8")] == [8.0]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("upper a - tues 17/11", "upper a - tues on nov 17"),
        ("pull day - thursday 12 nov", "pull day - thursday on nov 12"),
        ("legs | 16/11", "legs | on nov 16"),
    ],
)
def test_a_session_names_dash_before_its_day_keeps_the_heading(line: str, said: str) -> None:
    """The day after a session's name and a dash had been "I am not sure what 17 is": asked."""
    assert header_day(line, TODAY) == said


def test_a_figure_after_a_dash_stays_a_figure() -> None:
    assert header_day("bench - 3x5 at 100", TODAY) == "bench - 3x5 at 100"
    assert header_day("rows - 12 x 10 at 60", TODAY) == "rows - 12 x 10 at 60"
    assert header_day("squat - 5/3", TODAY) == "squat - 5/3"


def test_a_run_cards_calories_are_the_sessions_burn_no_meal() -> None:
    """A meal of 612 kcal had been stored beside the run (a wrong store)."""
    entries, problems = read_entries(
        "Lunch Run\nDistance 10.02 km\nTime 52:00\nAvg Pace 5:11 /km\nAvg HR 148 bpm\nCalories 612"
    )
    assert not problems
    assert [i for i, _ in entries] == ["log_cardio"]
    assert entries[0][1]["duration_s"] == 3120.0


def test_a_food_logs_calories_stay_its_meals() -> None:
    entries, _ = read_entries("Calories: 390\nFood: ham & cheese toastie\nMeal: lunch")
    assert [i for i, _ in entries] == ["log_meal"]
    assert entries[0][1]["calories"] == 390


@pytest.mark.parametrize(
    ("text", "distance", "seconds"),
    [
        ("ErgData\n5000m\n21:30.0\n2:09.0/500m\nAvg HR 156", 5000.0, 1290.0),
        ("rowed 30 min steady at 2:20s, avg hr 142", None, 1800.0),
        ("rowed 30 min at 2:20/500m", None, 1800.0),
    ],
)
def test_a_rowers_split_is_no_figure_of_its_own(text: str, distance: float | None, seconds: float) -> None:  # fmt: skip
    """The split had been "I am not sure what 2 is here", or the time asked for beside it."""
    slots = only_entry(text, "log_cardio")
    assert slots["exercise"] == "moderate-rowing"
    assert slots.get("distance_m") == distance
    assert slots["duration_s"] == seconds


def test_a_split_beside_the_rows_own_time_leaves_the_time() -> None:
    assert only_entry("rowed 2k in 8:12 on the erg", "log_cardio")["duration_s"] == 492.0
    assert erg_splits(["ran 5k at 5:10 avg"]) == [
        "ran 5k at 5:10 avg"
    ]  # (a run's pace: not a row's)
