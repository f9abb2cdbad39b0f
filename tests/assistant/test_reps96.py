"""Per-set rep and load sequences (reps96): a list of reps said before its lift, after "to
failure", or as two spaced lists with loads; one set told as a deed; a set that fell short;
one load for every group; a scheme's own words; a remark between a lift's sets and more sets;
sets named by their reps. Read through ``read_log`` and the real chat (rules alone).
Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.matcher import ExerciseMatcher

TODAY = date(2026, 11, 18)
_MATCHER = ExerciseMatcher.from_library()

Set = tuple[str, int, int, float | None]


def _sets(text: str) -> list[Set] | None:
    """Each group read (exercise, sets, reps, load in kg), or None where the reader asks."""
    found = read_log(text, today=TODAY, exercises=_MATCHER)
    if found.problems:
        return None
    return [
        (str(g["exercise"]), int(g.get("sets", 1)), int(g["reps"]), g.get("weight_kg"))
        for e in found.entries
        if e.intent == "log_sets"
        for g in e.slots["groups"]
    ]


def _flat(groups: list[Set] | None) -> list[tuple[str, int, float | None]]:
    """One row per set (exercise, reps, load), whatever the grouping."""
    assert groups is not None
    return [(ex, reps, kg) for ex, n, reps, kg in groups for _ in range(n)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("10,9,8 on lat pulldown at 50kg", [("lat-pulldown", r, 50.0) for r in (10, 9, 8)]),
        ("12, 10, 8 on the leg press at 120kg", [("leg-press", r, 120.0) for r in (12, 10, 8)]),
        ("6/6/5 bench 80", [("barbell-bench-press", r, 80.0) for r in (6, 6, 5)]),
        (
            "barbell rows 3x10 at 60. 8/8/8 ohp 40",
            [("barbell-row", 10, 60.0)] * 3 + [("barbell-overhead-press", 8, 40.0)] * 3,
        ),
    ],
)
def test_a_list_of_reps_before_its_lift(text: str, want: list[tuple[str, int, float]]) -> None:
    assert sorted(_flat(_sets(text))) == sorted(want)


def test_a_date_before_a_lift_is_no_list_of_reps() -> None:
    # "3/11/26": a day's date, never three sets; "7/10": a rating or a date
    assert _sets("3/11/26 bench 80") is None
    assert _sets("7/10 squat 100") is None


@pytest.mark.parametrize(
    "text", ["chin ups to failure: 11, 8, 6", "push ups till failure 30, 22 and 18"]
)
def test_reps_after_to_failure_are_one_set_each(text: str) -> None:
    got = _flat(_sets(text))
    assert len(got) == 3
    assert all(kg is None for _, _, kg in got)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("back squat 5 3 2 at 100 110 120", [(5, 100.0), (3, 110.0), (2, 120.0)]),
        ("deadlift 5 5 3 @ 140 150 160 kg", [(5, 140.0), (5, 150.0), (3, 160.0)]),
    ],
)
def test_spaced_reps_and_loads_are_paired(text: str, want: list[tuple[int, float]]) -> None:
    assert [(r, kg) for _, r, kg in _flat(_sets(text))] == want


def test_spaced_lists_of_different_lengths_are_asked() -> None:
    assert _sets("back squat 5 3 at 100 110 120") is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("hit a 140 deadlift for a triple, rpe 9", ("barbell-deadlift", 1, 3, 140.0)),
        ("got a 100kg bench for a single", ("barbell-bench-press", 1, 1, 100.0)),
    ],
)
def test_a_set_told_as_a_deed(text: str, want: Set) -> None:
    assert _sets(text) == [want]


@pytest.mark.parametrize(
    "text",
    [
        "bench 4x6 @ 80kg, failed the last rep of the last set",
        "bench 4x6 at 80kg, missed the last rep of set 4 so 5 on that one",
    ],
)
def test_a_set_short_of_the_others(text: str) -> None:
    got = sorted(_flat(_sets(text)))
    assert got == sorted(
        [("barbell-bench-press", 6, 80.0)] * 3 + [("barbell-bench-press", 5, 80.0)]
    )


def test_a_short_set_that_does_not_add_up_is_asked() -> None:
    # the last rep failed, yet 3 said: which?
    assert _sets("bench 4x6 at 80kg, failed the last rep of set 4 so 3 on that one") is None


@pytest.mark.parametrize(
    "text",
    [
        "myo reps on leg curls: 1 activation set of 15 then 3 mini sets of 4, all @ 35kg",
        "leg curls 1x15 then 3x4, all at 35kg",
    ],
)
def test_one_load_for_every_group(text: str) -> None:
    got = sorted(_flat(_sets(text)))
    assert got == sorted([("lying-leg-curl", 15, 35.0)] + [("lying-leg-curl", 4, 35.0)] * 3)


def test_a_remark_between_sets_keeps_the_lift() -> None:
    got = _sets("squat 150x3 rpe 8. felt slow. then 3x5 at 125")
    assert got is not None
    assert {ex for ex, *_ in got} == {"barbell-back-squat"}
    assert sorted(_flat(got)) == sorted([("barbell-back-squat", 3, 150.0)] + [("barbell-back-squat", 5, 125.0)] * 3)  # fmt: skip


def test_sets_named_by_their_reps() -> None:
    assert _flat(_sets("squat doubles: 4 doubles at 140")) == [("barbell-back-squat", 2, 140.0)] * 4
    # a load in "k" on a lift's singles is kilos (normalised "km" otherwise)
    assert _flat(_sets("snatch practice, 5 singles at 55k")) == [("snatch", 1, 55.0)] * 5


def test_twenty_ones_are_sets_of_21() -> None:
    assert _flat(_sets("barbell curls, 21s w 20s x2")) == [("barbell-curl", 21, 20.0)] * 2


def test_a_record_after_reps_at_loads_is_a_log(me: Athlete) -> None:
    # "pr!!" beside "5 @ 100, ..." was read as a question about the 1RM
    reply = me.say("bench: 5 @ 100, 3 @ 110, 1 @ 120 pr!!")
    assert reply.text.startswith("Logged"), reply.text
    assert sorted(s[1:3] for s in me.sets()) == [(1, 120.0), (3, 110.0), (5, 100.0)]


def test_a_list_before_its_lift_through_the_chat(me: Athlete) -> None:
    reply = me.say("9,8,8,7 on incline db press with the 24s")
    assert reply.text.startswith("Logged"), reply.text
    assert sorted(s[1] for s in me.sets()) == [7, 8, 8, 9]


def test_comma_lists_of_reps_and_loads_are_paired() -> None:
    got = _flat(_sets("push press: 5,5,3 @ 60, 65, 70"))
    assert [(r, kg) for _, r, kg in got] == [(5, 60.0), (5, 65.0), (3, 70.0)]


@pytest.mark.parametrize(
    "text",
    [
        "lat pulldown 55kg - 12, 10, 9",
        "lat pulldown: 55 for 12, 10, 9",
        "t3 lat pulldown 3 sets at 55 - 12, 10, 9",
    ],
)
def test_one_load_then_the_reps_of_each_set(text: str) -> None:
    assert _flat(_sets(text)) == [("lat-pulldown", r, 55.0) for r in (12, 10, 9)]


def test_a_count_that_is_not_the_lists_length_is_asked() -> None:
    assert _sets("lat pulldown 4 sets at 55 - 12, 10, 9") is None


def test_a_cheer_between_sets_keeps_the_lift() -> None:
    got = _sets("squat 180 single!!! finally. then 2 doubles at 160kg")
    assert got is not None
    assert {ex for ex, *_ in got} == {"barbell-back-squat"}


def test_a_programmes_day_before_its_tiers_names_no_lift() -> None:
    got = _sets("gzclp day b1: t1 deadlift 5x3 at 140, t3 lat pulldown 3 sets at 50 - 15, 15, 20")
    assert got is not None
    assert {ex for ex, *_ in got} == {"barbell-deadlift", "lat-pulldown"}
