"""Strength logs written set by set (issue 57, helper persets), each class read with wording of
its own: sets of two days in one line, a load said once before its groups, loads and reps as
two slashed lists, and a list's last reps followed by words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units
from research.evaluate.chat_eval import read_items, run_corpus

TODAY = date(2026, 11, 18)  # a Wednesday


def _sets(text: str, units: str = "metric") -> tuple[list[tuple[Any, ...]], list[str]]:
    """(day, exercise, sets, reps, load kg) of each group read, and the problems."""
    with bare_units(units):
        found = read_log(text, today=TODAY)
    groups = [
        (e.slots["date"], g["exercise"], g["sets"], g["reps"], g.get("weight_kg"))
        for e in found.entries
        if e.intent == "log_sets"
        for g in e.slots["groups"]
    ]
    return groups, found.problems


def test_sets_of_two_days_in_one_line_keep_each_its_day() -> None:
    monday, tuesday = date(2026, 11, 16), date(2026, 11, 17)
    groups, problems = _sets("front squat 4x4 at 90 on monday and 4x4 at 95 today")
    assert problems == []
    assert [(g[0], g[3], g[4]) for g in groups] == [(monday, 4, 90.0), (TODAY, 4, 95.0)]
    assert {g[1] for g in groups} == {"barbell-front-squat"}
    groups, problems = _sets("yesterday: barbell rows 4x10 at 60, rir 1; today: ohp 5x5 at 50")
    assert problems == []
    assert [(g[0], g[1]) for g in groups] == [
        (tuesday, "barbell-row"),
        (TODAY, "barbell-overhead-press"),
    ]
    groups, _ = _sets("Mon: leg press 3x12 140kg. Wed (today): leg press 3x12 150kg")
    assert [(g[0], g[4]) for g in groups] == [(monday, 140.0), (TODAY, 150.0)]


def test_one_day_said_anywhere_still_dates_the_whole_line() -> None:
    groups, problems = _sets("yesterday: squat 3x5 at 100, bench 3x8 at 60")
    assert problems == []
    assert {g[0] for g in groups} == {date(2026, 11, 17)}


def test_a_load_said_before_its_groups_is_the_load_of_each() -> None:
    groups, problems = _sets("deadlift 140kg 1x3, 1x2, 1x1")
    assert problems == []
    assert [(g[2], g[3], g[4]) for g in groups] == [(1, 3, 140.0), (1, 2, 140.0), (1, 1, 140.0)]
    groups, problems = _sets("ohp 50 3x5, then 1x4")
    assert problems == []
    assert [(g[2], g[3], g[4]) for g in groups] == [(3, 5, 50.0), (1, 4, 50.0)]


def test_a_group_with_its_own_load_keeps_it() -> None:
    groups, problems = _sets("squat 100 3x5, 2x8 at 80")
    assert problems == []
    assert [(g[2], g[3], g[4]) for g in groups] == [(3, 5, 100.0), (2, 8, 80.0)]


def test_loads_and_reps_as_two_slashed_lists_are_one_set_per_pair() -> None:
    groups, problems = _sets("incline bench 50/55/60 for 12/10/8")
    assert problems == []
    assert [(g[2], g[3], g[4]) for g in groups] == [(1, 12, 50.0), (1, 10, 55.0), (1, 8, 60.0)]
    groups, problems = _sets("squat 8/6/4 at 100/110/120kg")
    assert problems == []
    assert [(g[3], g[4]) for g in groups] == [(8, 100.0), (6, 110.0), (4, 120.0)]


def test_slashed_lists_of_different_lengths_are_asked_about() -> None:
    _, problems = _sets("bench 60/70 for 10/8/6")
    assert problems  # nothing is stored where a problem is left


def test_a_lists_last_reps_before_words_are_never_dropped() -> None:
    """ "chin ups 9, 8, 6, 5 arms are dead": the 5 was read as words and three sets stored."""
    groups, problems = _sets("chin ups 9, 8, 6, 5 arms are dead")
    assert [g[3] for g in groups] == [9, 8, 6, 5] or problems


def _line(id_: str, text: str, calls: list[dict[str, Any]]) -> str:
    record = {"id": id_, "writer": "T", "units": "metric", "history": [], "text": text,
              "category": "log", "red_flags": [], "crisis_style": None,
              "expect": {"action": "call", "calls": calls}}  # fmt: skip
    return json.dumps(record)


def _group(exercise: str, sets: int, reps: int, kg: float) -> dict[str, Any]:
    return {"exercise": exercise, "sets": sets, "reps": reps, "weight": {"value": kg, "unit": "kg"}}


def test_sets_of_two_days_are_stored_through_the_chat_on_each_day(tmp_path: Path) -> None:
    """The whole way a person meets it: the chat stores yesterday's deadlifts on Tuesday and
    today's bench on Wednesday, and the read-back is scored right."""
    path = tmp_path / "part-01.jsonl"
    deadlift = {"date": "2026-11-17", "groups": [_group("deadlift", 5, 3, 160)]}
    bench = {"date": "2026-11-18", "groups": [_group("bench press", 4, 6, 80)]}
    calls = [{"tool": "log_sets", "args": deadlift}, {"tool": "log_sets", "args": bench}]
    said = ("yesterday: deadlift 5x3 at 160kg; today: bench 4x6 at 80kg",)
    path.write_text("\n".join(_line(f"T-{n}", t, calls) for n, t in enumerate(said)) + "\n")
    items, _ = read_items(path)
    report = run_corpus(items, Assistant(), label="rules alone")
    assert report.shares["log_right"].hits == 1, report.wrong_logs


def test_counts_of_reps_apart_by_then_are_one_set_each() -> None:
    groups, problems = _sets("ring dips: 12 then 10 then 8")
    assert problems == []
    assert [(g[2], g[3]) for g in groups] == [(1, 12), (1, 10), (1, 8)]
    _, problems = _sets("bench 4x6 at 70, then 1 back-off set of 12 at 50")
    assert problems == []


def test_sets_to_failure_before_their_reps_are_the_list_of_reps() -> None:
    groups, problems = _sets("chin ups 3 x max (11, 9, 8)")
    assert problems == []
    assert [(g[2], g[3]) for g in groups] == [(1, 11), (1, 9), (1, 8)]
    groups, problems = _sets("dips 4 sets till failure 15 12 10 and 9")
    assert problems == []
    assert [g[3] for g in groups] == [15, 12, 10, 9]


def test_a_count_of_sets_that_is_not_the_lists_length_is_not_rewritten() -> None:
    _, problems = _sets("dips 3 sets to failure 12 10")
    assert problems


def test_a_pyramid_or_drop_set_named_beside_its_sets_logs_each_set() -> None:
    groups, problems = _sets("incline bench press 60kg x10, 65x8, 70x6 reverse pyramid")
    assert problems == []
    assert [(g[3], g[4]) for g in groups] == [(10, 60.0), (8, 65.0), (6, 70.0)]
    groups, problems = _sets("drop set on lat pulldown: 70x10, 55x10, 40x12")
    assert problems == []
    assert [(g[1], g[4]) for g in groups] == [
        ("lat-pulldown", 70.0),
        ("lat-pulldown", 55.0),
        ("lat-pulldown", 40.0),
    ]
    groups, problems = _sets("squat 100x5, 110x3 then drop set 80 x 10")
    assert problems == []
    assert [(g[3], g[4]) for g in groups] == [(5, 100.0), (3, 110.0), (10, 80.0)]


def test_more_sets_told_by_the_reps_they_got_are_one_set_each() -> None:
    groups, problems = _sets("pull ups bw 4x6, then 2 more sets to failure, got 5 and 4")
    assert problems == []
    assert [(g[2], g[3]) for g in groups] == [(4, 6), (1, 5), (1, 4)]
    # (without a word of getting or of failure the numbers may be loads: left to the checks)
    _, problems = _sets("curls 3 sets, 20, 25, 30")
    assert problems
