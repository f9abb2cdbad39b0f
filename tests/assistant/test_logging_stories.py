"""Logs told inside a story (issue 57, stop 90: corpus-57l's writer BV, people who tell stories
rather than log), in words written for this file: the story's numbers (an age, a year, a score, a
temperature, people counted, a quoted label, a moment in the session, a record beaten by so much,
a part of a time) are no reason to ask; a session's time said alone before its sets is the
session's; a night told in a story by its one length is a night; food someone else ate or asked
for is no meal. Beside each class, what must still be asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant import templates as t
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu.story_numbers import story_number
from research.evaluate.chat_eval import ChatRunner, read_items, run_corpus


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("deadlift 3x5 at 120, not bad for a 61 year old", (3, 5, 120.0)),
        ("squat 4x6 100kg. my coach is 72 and still squats more than me", (4, 6, 100.0)),
        ("deadlift 3x5 60kg in a gym that opened in 1979", (3, 5, 60.0)),
        ("barbell rows 3x10 at 50kg then watched the match, we lost 2-1", (3, 10, 50.0)),
        ("overhead press 5x5 at 40kg in the garage, it was 3 degrees in there", (5, 5, 40.0)),
        ("lunges 3x12 with 10kg, 12 teenagers watching from the bleachers", (3, 12, 10.0)),
        ("squat 5x3 at 140, that's a pr by 5", (5, 3, 140.0)),
    ],
)
def test_the_numbers_of_a_story_beside_sets_are_no_question(
    text: str, group: tuple[int, int, float]
) -> None:
    slots = only_entry(text, "log_sets")
    (g,) = slots["groups"]
    assert (g["sets"], g["reps"], g["weight_kg"]) == group


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("ran 8k in 44 min, my knees are 58 years old and they told me so", 44),
        ("40 min on the bike, -4 outside so it was the turbo", 40),
        ("swam for 30 minutes, felt great around minute 20", 30),
    ],
)
def test_a_session_beside_a_story_is_stored(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_cardio")
    assert slots["duration_s"] == minutes * 60


@pytest.mark.parametrize(
    "text",
    [
        "squat 3x5, I'm 80",  # a bodyweight or an age: the load is unsaid either way
        "bench 3x8 at 60 then 2x5",  # a second scheme with no load: still asked
        "squat 5x5 100kg, 10 min, bench 3x8",  # a time between the sets is not said alone
    ],
)
def test_what_could_be_a_log_figure_is_still_asked(text: str) -> None:
    _, problems = read_entries(text)
    assert problems


def test_a_year_with_a_unit_is_a_quantity_not_a_year() -> None:
    import re

    text = "rowed 2000m in 8 min since 2019"
    numbers = {m.group(0): story_number(text, m) for m in re.finditer(r"\d+", text)}
    assert numbers == {"2000": False, "8": False, "2019": True}


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("LEG DAY. 70 minutes. squat 4x6 at 90, leg press 3x12 at 160", 70),
        ("push session after work, 45 mins: bench 3x8 at 70, dips 3x10", 45),
        ("squat 185 for 3 sets of 8, took 50 min including the 10 min I spent finding a clip", 50),
    ],
)
def test_a_sessions_time_said_alone_before_its_sets(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_sets", "imperial")
    assert slots["duration_s"] == minutes * 60


@pytest.mark.parametrize(
    ("text", "hours", "day"),
    [
        ("last night was 6h10, hot and sticky, the fan broke", 6 + 10 / 60, TODAY),
        ("awful night. maybe five and a half hours. the neighbours were loud", 5.5, TODAY),
        ("saturday night was 8 hours, bliss", 8.0, TODAY.replace(day=15)),
    ],
)
def test_a_night_told_in_a_story(text: str, hours: float, day: object) -> None:
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(hours * 3600)
    assert slots["date"] == day


@pytest.mark.parametrize(
    "text",
    [
        "rough night at work, 12 hours",  # a shift, not a night's sleep
        "last night 3 hours of gaming",
        "last night 6h, then ran 5k this morning",  # more than the night in it
    ],
)
def test_hours_beside_another_thing_done_are_no_night_in_a_story(text: str) -> None:
    entries, _ = read_entries(text)
    assert all(
        intent != "log_sleep" or slots.get("duration_s") != 12 * 3600 for intent, slots in entries
    )
    if "gaming" in text:
        assert "log_sleep" not in [i for i, _ in entries]


@pytest.mark.parametrize(
    "text",
    [
        "OHP 3x5 at 50kg, then his dog ate my protein bar off the bench",
        "45 minutes on the elliptical while my son texted asking what's for dinner",
        "squat 5x3 at 100, moved like butter",
    ],
)
def test_food_nobody_here_ate_is_no_meal(text: str) -> None:
    entries, problems = read_entries(text)
    assert "log_meal" not in [i for i, _ in entries]
    assert not any("meal or snack" in p for p in problems), problems


def test_the_athletes_own_meal_is_still_read() -> None:
    slots = only_entry("had a protein bar and a banana after the gym", "log_meal")
    assert "protein bar" in slots["description"]


def _corpus(tmp_path: Path, lines: list[tuple[str, dict[str, object]]]) -> Path:
    path = tmp_path / "part-03.jsonl"
    records = [
        {"id": f"T-{n:04d}", "writer": "T", "units": "imperial", "history": [], "text": text,
         "category": "log", "red_flags": [], "crisis_style": None,
         "expect": {"action": "call", "calls": [call]}}
        for n, (text, call) in enumerate(lines, 1)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _sets(*groups: tuple[str, int, int, float]) -> dict[str, object]:
    return {"tool": "log_sets", "args": {"date": "2026-11-18", "groups": [
        {"exercise": name, "sets": sets, "reps": reps, "weight": {"value": lb, "unit": "lb"},
         "bodyweight": False, "rir": None, "rpe": None} for name, sets, reps, lb in groups]}}  # fmt: skip


def test_stories_through_the_chat_are_stored(tmp_path: Path) -> None:
    """The way a person meets it: kit named in a session's story ("when I got back to my desk")
    and a helping "had" ("nobody had noticed") are stored as the log they are, never a change of
    the plan's kit nor a meal."""
    path = _corpus(
        tmp_path,
        [
            ("bench 3x6 at 135 and barbell rows 3x8 at 115. when I got back to my desk "
             "nobody had noticed I was gone", _sets(("bench press", 3, 6, 135), ("barbell row", 3, 8, 115))),
        ],
    )  # fmt: skip
    items, _ = read_items(path)
    report = run_corpus(items, Assistant(), label="rules alone")
    right = report.shares["log_right"]
    assert (right.hits, right.total) == (1, 1), report.wrong_logs


def test_a_corrections_words_in_a_new_log_ask_about_the_log(tmp_path: Path) -> None:
    """ "(don't ask) ... it was a quick one" in a first message that logs: with nothing in the
    chat to correct, the reply is about the log it holds (here, what the dips were),
    never "nothing logged in this chat that I could undo or correct"."""
    path = _corpus(
        tmp_path,
        [
            ("Work kept me late (don't ask) so it was a short one. bench 3x8 @ 135, then dips, "
             "2 sets of 15 till my arms were jelly", _sets(("bench press", 3, 8, 135))),
        ],
    )  # fmt: skip
    items, _ = read_items(path)
    runner = ChatRunner(tmp_path, Assistant())
    try:
        reply = runner.run(items[0]).reply
    finally:
        runner.close()
    assert t.UNDO_NOTHING not in reply
    assert "Bench Press 3 x 8 at 135 lb" in reply, reply


def test_a_load_added_after_the_scheme_is_kept_never_dropped() -> None:
    """ "dips 3x10 +10": the +10 is a load added to the body's, never dropped (stored as
    bodyweight dips, it was wrong data once asks21 let the name pass); said bare it is in the
    athlete's unit, as "@ 90" is (loads94: ``load_places``)."""
    entries, problems = read_entries("chest day: bench 5x5 90, chin ups 4x6 +15")
    assert problems == []
    groups = [g for _, slots in entries for g in slots.get("groups") or []]
    assert [(g["exercise"], g["weight_kg"]) for g in groups][-1] == ("chin-up", 15.0)
    slots = only_entry("weighted chin ups 4x6 +15kg", "log_sets")
    assert slots["groups"][0]["weight_kg"] == 15.0
