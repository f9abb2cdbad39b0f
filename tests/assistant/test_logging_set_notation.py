"""Lifters' compact set notations (issue 57, helper notation94), each class read with wording
of its own: a plus (AMRAP) set with the reps it got, singles, doubles and triples with their
loads, reps said in a row, sets to failure with their reps, and a miss taken back. A plus set
whose reps are not told, or a list whose count disagrees with its sets, is still asked about."""

from __future__ import annotations

from datetime import date
from typing import Any

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)


def _sets(text: str, units: str = "metric") -> tuple[list[tuple[Any, ...]], list[str]]:
    """(exercise, sets, reps, load kg, rir) of each group read, and the problems."""
    with bare_units(units):
        found = read_log(text, today=TODAY)
    groups = [
        (g["exercise"], g["sets"], g.get("reps"), g.get("weight_kg"), g.get("rir"))
        for e in found.entries
        if e.intent == "log_sets"
        for g in e.slots["groups"]
    ]
    return groups, found.problems


def _plain(groups: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [(g[1], g[2], g[3]) for g in groups]


def test_a_plus_set_with_the_reps_it_got_is_a_set_of_those_reps() -> None:
    groups, problems = _sets("overhead press 5/5/3+ @ 40/45/50, got 8 on the plus set")
    assert problems == []
    assert _plain(groups) == [(1, 5, 40.0), (1, 5, 45.0), (1, 8, 50.0)]
    groups, problems = _sets("front squat 3 @ 80, 3 @ 90, 3+ @ 100 got 5")
    assert problems == []
    assert _plain(groups)[-1] == (1, 5, 100.0)
    groups, problems = _sets("squat: top set 140 x 1+ and i got 3 reps")
    assert problems == []
    assert _plain(groups) == [(1, 3, 140.0)]
    groups, problems = _sets("deadlift 3/3/3 @ 120 + amrap 7")
    assert problems == []
    assert _plain(groups) == [(1, 3, 120.0)] * 3 + [(1, 7, 120.0)]


def test_a_plus_set_named_by_its_role_and_the_programs_name() -> None:
    groups, problems = _sets(
        "5/3/1 week 2 bench: 1x3 at 70, 1x3 at 75, then the plus set at 80, got 6"
    )
    assert problems == []
    assert _plain(groups) == [(1, 3, 70.0), (1, 3, 75.0), (1, 6, 80.0)]
    assert {g[0] for g in groups} == {"barbell-bench-press"}


def test_a_plus_set_without_its_reps_is_still_asked_about() -> None:
    _, problems = _sets("overhead press 5/5/3+ @ 40/45/50")
    assert problems


def test_singles_doubles_and_triples_at_a_load_are_sets_of_those_reps() -> None:
    groups, problems = _sets("power clean 80 for a double then 3 more doubles at 75")
    assert problems == []
    assert _plain(groups) == [(1, 2, 80.0), (3, 2, 75.0)]
    groups, problems = _sets("squat singles at 160 x 4 sets, rpe 8")
    assert problems == []
    assert _plain(groups) == [(4, 1, 160.0)]
    groups, problems = _sets("jerk, worked up to 95 and did 2 singles there")
    assert problems == []
    assert _plain(groups) == [(2, 1, 95.0)]
    groups, problems = _sets("heavy single clean @ 100 then 4x2 at 85")
    assert problems == []
    assert _plain(groups) == [(1, 1, 100.0), (4, 2, 85.0)]


def test_singles_with_a_list_of_loads_are_one_set_at_each() -> None:
    groups, problems = _sets("bench singles: 110, 115, 117.5")
    assert problems == []
    assert _plain(groups) == [(1, 1, 110.0), (1, 1, 115.0), (1, 1, 117.5)]
    groups, problems = _sets("snatch 4 doubles: 60-62-64-66")
    assert problems == []
    assert _plain(groups) == [(1, 2, 60.0), (1, 2, 62.0), (1, 2, 64.0), (1, 2, 66.0)]


def test_singles_whose_count_disagrees_with_the_loads_are_asked_about() -> None:
    _, problems = _sets("snatch 5 singles: 60-62-64")
    assert problems


def test_reps_said_in_a_row_with_then_are_a_list() -> None:
    groups, problems = _sets("dips 20 then 15 then 12")
    assert problems == []
    assert [g[2] for g in groups] == [20, 15, 12]
    groups, problems = _sets("sit ups thirty then twenty five then twenty")
    assert problems == []
    assert [g[2] for g in groups] == [30, 25, 20]


def test_sets_to_failure_with_their_reps_are_a_set_each() -> None:
    groups, problems = _sets(
        "pull ups 3x6 with 10kg, then 2 sets at bodyweight to failure: 10 and 8"
    )
    assert problems == []
    assert _plain(groups) == [(3, 6, 10.0), (1, 10, None), (1, 8, None)]
    groups, problems = _sets("bench 3x5 @ 80, then 2 sets of max dips: 18, 14")
    assert problems == []
    assert [(g[0], g[2]) for g in groups][1:] == [
        ("parallel-bar-dip", 18),
        ("parallel-bar-dip", 14),
    ]
    groups, problems = _sets("chin ups 3x5 then 1 set to failure got 9")
    assert problems == []
    assert groups[-1][1:] == (1, 9, None, 0.0)


def test_sets_to_failure_whose_count_disagrees_with_the_reps_are_asked_about() -> None:
    _, problems = _sets("dips 4 sets to failure: 14, 12, 10")
    assert problems


def test_a_miss_taken_back_leaves_the_set_standing() -> None:
    groups, problems = _sets("clean 2x2 @ 80, 1x1 @ 90 missed... no wait made it")
    assert problems == []
    assert _plain(groups) == [(2, 2, 80.0), (1, 1, 90.0)]


def test_sets_said_again_after_no_wait_are_the_ones_stored() -> None:
    groups, problems = _sets("deadlift 120 for 4 doubles.. no wait it was 4 sets of 3")
    assert problems == []
    assert _plain(groups) == [(4, 3, 120.0)]
    groups, problems = _sets("squat 100kg 5x3 - no wait, the last set i only got 2")
    assert problems == []
    assert sorted(_plain(groups)) == [(1, 2, 100.0), (4, 3, 100.0)]


def test_warm_ups_the_lifter_leaves_out_are_not_stored() -> None:
    groups, problems = _sets("squat: warmups 40x8 60x5 (don't log them), then squat 3x5 at 90")
    assert problems == []
    assert _plain(groups) == [(3, 5, 90.0)]


def test_a_long_remark_after_the_sets_is_no_part_of_the_name() -> None:
    groups, problems = _sets("lat pulldown 55x10x3 (after the long drive, going easy)")
    assert problems == []
    assert [g[0] for g in groups] == ["lat-pulldown"]
    # a remark naming the kit stays with the exercise (not a guess at a dumbbell curl)
    groups, _ = _sets("theraband curls 3x15 (red band, medium)")
    assert all(g[0] != "dumbbell-curl" for g in groups)
