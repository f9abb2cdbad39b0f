"""Lifts the library lacked, assistance and weighted lifts (issue 57, writers A-I): a lift is
stored as its own entry or asked about, never as its nearest entry with a word dropped; the
load said for an assisted movement is the help, never added load; "weighted" is the load
column's business. Each wording is composed here (none is the corpus's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.evaluate.common import exercise_candidates
from fitcoach.assistant.nlu import read_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 18)


def _groups(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    found = read_log(text, today=TODAY)
    groups = [g for e in found.entries for g in e.slots.get("groups") or []]
    return groups, found.problems


def _slugs(text: str) -> list[str | None]:
    groups, problems = _groups(text)
    assert problems == [], (text, problems)
    return [g.get("exercise") for g in groups]


def test_olympic_lifts_are_entries_of_their_own_never_a_power_clean() -> None:
    # "clean and jerk" was a Power Clean (the "and" split it; the jerk was dropped)
    assert _slugs("clean n jerk 3 doubles @ 80kg") == ["clean-and-jerk"]
    assert _slugs("worked on clean and jerks: 4x2 at 70 kg") == ["clean-and-jerk"]
    assert _slugs("snatches 6 x 1 at 55kg, then front squat 3x3 90kg") == [
        "snatch",
        "barbell-front-squat",
    ]
    # the variants with entries of their own since stop 93 (lib93) are stored as themselves
    assert _slugs("power snatch 5x2 45kg") == ["power-snatch"]
    assert _slugs("split jerk 4x1 95kg") == ["split-jerk"]
    assert _slugs("snatch balance 5 x 2 @ 50 kg") == ["snatch-balance"]
    assert _slugs("block snatch 5x2 45kg") == ["block-snatch"]  # an entry since oly94
    # a variant the library lacks is asked about, never stored as its parent
    for text in ("panda pulls 5x2 45kg", "tall jerks 4x1 60kg"):
        _, problems = _groups(text)
        assert problems, text
        assert "exercise" in problems[0], (text, problems)


def test_a_hack_squat_in_other_languages_is_the_hack_squat() -> None:
    # "Hackenschmidt Kniebeuge" was a Barbell Back Squat ("Kniebeuge" with its first word dropped)
    assert _slugs("Hackenschmidt-Kniebeuge 4x8 mit 90 kg") == ["hack-squat"]
    assert _slugs("sentadilla en hack 4 series de 8 con 70 kg") == ["hack-squat"]


def test_scapular_pull_ups_are_no_pull_ups() -> None:
    assert _slugs("scapular pull ups 2x12") == ["scapular-pull-up"]
    assert _slugs("2 sets of 15 scap pulls") == ["scapular-pull-up"]


def test_a_plate_held_is_never_a_pair_of_dumbbells() -> None:
    # "45 lb plate front raise" was a dumbbell front raise at 45 lb per hand
    _, problems = _groups("25 lb plate front raises 3 sets of 12")
    assert problems, problems
    assert problems[0].startswith("unknown exercise 'plate front raise"), problems
    _, problems = _groups("front raises 3 sets of 12 holding a 10 kg plate")
    assert problems == [
        "I have no plate version of Dumbbell Front Raise: log it as Dumbbell Front Raise "
        "(the load per dumbbell), or as something else?"
    ]
    # a plate on the belt is the added load of a pull-up, as before
    groups, problems = _groups("pull ups 4x4 with a 15 kg plate on the belt")
    assert problems == []
    assert [(g["exercise"], g["weight_kg"]) for g in groups] == [("pull-up", 15.0)]


def test_assistance_of_a_movement_without_an_assisted_entry_is_asked() -> None:
    _, problems = _groups("assisted pistol squats 3x6 with 15 kg of assistance")
    assert problems == [
        "I have no assisted Pistol Squat to log: was 15 kg the assistance? "
        "Log it as Pistol Squat with no load, or as something else?"
    ]


def test_weighted_is_the_load_column_for_the_scorer_as_for_the_library() -> None:
    records = library_records()
    assert exercise_candidates("weighted pull-up", records) == ["pull-up"]
    assert exercise_candidates("weighted dip", records) == exercise_candidates("dip", records)
    # an entry that holds the word keeps it
    assert "weighted" not in exercise_candidates("weighted chin-up", records)[0]


def test_assistance_is_stored_as_no_load_in_the_database(ctx: ServiceContext) -> None:
    # through the chat on SQLite and PostgreSQL: the assisted dip machine, never dips "+25 kg"
    from fitcoach.assistant.llm import Assistant
    from fitcoach.services import training_log

    athlete = make_athlete(ctx)
    mine = as_subject(ctx, subject_of(ctx, athlete))
    text = "assisted dip machine 3 sets of 10 with 25 kg of assistance"
    reply = conversations.chat(mine, athlete.id, text, channel="web", assistant=Assistant())
    assert [c.tool for c in reply.tool_calls if c.result.ok] == ["log_sets"], reply.text
    day = ctx.clock.now().date()
    sets = [s for w in training_log.history(ctx, athlete.id, "workouts", day, day) for s in w["sets"]]  # fmt: skip
    assert [(s["exercise"], s["reps"], s["weight_kg"]) for s in sets] == [("machine-assisted-dip", 10, None)] * 3  # fmt: skip
    assert "help, not load" in reply.text
    # a lift the library lacks: one question, nothing stored
    reply = conversations.chat(mine, athlete.id, "tall jerks 5x2 @ 45kg", channel="web", assistant=Assistant())  # fmt: skip
    assert not [c for c in reply.tool_calls if c.result.ok and c.tool.startswith("log_")]
    assert "?" in reply.text
    # the clean and jerk is its own entry
    reply = conversations.chat(mine, athlete.id, "clean and jerk 4 singles at 85 kg", channel="web", assistant=Assistant())  # fmt: skip
    sets = [s for w in training_log.history(ctx, athlete.id, "workouts", day, day) for s in w["sets"]]  # fmt: skip
    assert sorted({s["exercise"] for s in sets}) == ["clean-and-jerk", "machine-assisted-dip"], reply.text  # fmt: skip
