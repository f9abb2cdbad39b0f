"""Activities the library lacks and several activities in one message (issue 57, writers A-I):
a word beside a cardio verb that makes it another activity is that activity's entry or asked
about, never stored as the verb's default; a second activity after a night is stored or asked
about, never lost; a night told by its moments is the night. Each wording is composed here
(none is the corpus's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.nlu import read_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 18)


def _read(text: str) -> tuple[list[tuple[str, Any]], list[str]]:
    found = read_log(text, today=TODAY)
    return [(e.intent, e.slots.get("exercise")) for e in found.entries], found.problems


def test_a_word_beside_the_verb_names_the_entry_of_both_words() -> None:
    # "aqua jog" was stored as an Easy Jog: the library's Water Jogging is "aqua jogging"
    assert _read("aqua jogged 25 minutes") == ([("log_cardio", "water-jogging")], [])


def test_an_activity_the_library_lacks_beside_a_verb_is_asked_about() -> None:
    # "interval walking", "walking football" were stored as an Easy Walk (Nordic walking and,
    # since library16, walking football have their own entries now)
    _, problems = _read("interval walked 5 km in 55 min")
    assert problems == ["is 'interval walked' a kind of Easy Walk, or something else?"]
    assert _read("an hour of walking football with the over 60s") == (
        [("log_cardio", "walking-football")],
        [],
    )
    # words that say where or how leave the verb's activity as it is
    for text, slug in (
        ("mall walk 35 min", "easy-walk"),
        ("sea swim 25 min", "easy-freestyle-swimming"),
        ("gravel ride 2 hours", "moderate-cycling"),
        ("running club 5k 28 min", "steady-run"),
        ("only 9000 steps walk, 80 min", "easy-walk"),
        ("4 km on the walking track in 50 minutes", "easy-walk"),
    ):
        assert _read(text) == ([("log_cardio", slug)], []), text


def test_a_height_climbed_or_a_word_after_a_filler_names_no_other_activity() -> None:
    # "(1200 ft) of climbing" after "hiked" stored Rock Climbing; "the bike" after a run, cycling
    entries, problems = _read("hiked 9 km with 600 m of climbing in 2h30")
    assert entries == [("log_cardio", "hiking")]  # (the 600 is asked about: a height, or more?)
    _, problems = _read("brick run off the bike, 5 km in 24 min")
    assert problems == ["was it Moderate Cycling or Steady Run?"]
    # a kind of the verb's activity after a filler, or the sport said after "of", still names it
    assert _read("rode the peloton 25 min") == ([("log_cardio", "moderate-stationary-cycling")], [])  # fmt: skip
    assert _read("walked 9 holes of golf, 2 hours") == ([("log_cardio", "golf")], [])
    # a kind of the verb's activity still names it
    assert _read("swam 1200 m breaststroke 35 min") == ([("log_cardio", "breaststroke-swimming")], [])  # fmt: skip


def test_a_second_activity_after_a_night_is_stored_or_asked_never_lost() -> None:
    # "slept 6h30, then 30 min easy spin" stored the night only: the 30 seemed the night's
    assert _read("slept 7h15, later 40 min spin") == ([("log_sleep", None), ("log_cardio", "spin-class")], [])  # fmt: skip
    _, problems = _read("slept 7h15, later 15 min of easy pedalling")
    assert problems == ["I am not sure what 15 is here"]
    # the night's own length said again is still the night
    entries, problems = _read("last night 7h45, deep sleep")
    assert (entries, problems) == ([("log_sleep", None)], [])


def test_a_night_told_by_its_moments_is_the_night_never_a_session() -> None:
    # "in bed by 10:40, alarm at 5:50 for the early swim" was a swim of 10 min 40 s (asked)
    found = read_log("in bed by 11:05, alarm at 6:20 for my morning row", today=TODAY)
    assert [(e.intent, e.slots["duration_s"]) for e in found.entries] == [("log_sleep", 26100)]
    assert found.problems == []
    # "bed at ..., up at ..." is a night too (nothing was read)
    found = read_log("bed at 10:50, up at 6:05", today=TODAY)
    assert [(e.intent, e.slots["duration_s"]) for e in found.entries] == [("log_sleep", 26100)]
    # a session with its own length still stands beside the night
    assert _read("slept 7h then rowed 2k in 8 min") == ([("log_sleep", None), ("log_cardio", "moderate-rowing")], [])  # fmt: skip


def test_both_activities_of_a_message_are_stored_in_the_database(ctx: ServiceContext) -> None:
    # through the chat on SQLite and PostgreSQL: the night and the ride, or a question only
    from fitcoach.assistant.llm import Assistant
    from fitcoach.services import training_log

    athlete = make_athlete(ctx)
    mine = as_subject(ctx, subject_of(ctx, athlete))
    reply = conversations.chat(mine, athlete.id, "slept 6h45, then 35 min spin", channel="web", assistant=Assistant())  # fmt: skip
    logged = [c.tool for c in reply.tool_calls if c.result.ok]
    assert sorted(logged) == ["log_cardio", "log_sleep"], reply.text
    day = ctx.clock.now().date()
    (cardio,) = training_log.history(ctx, athlete.id, "cardio", day, day)
    assert cardio["duration_s"] == 2100
    reply = conversations.chat(mine, athlete.id, "interval walked 40 min", channel="web", assistant=Assistant())  # fmt: skip
    assert not [c for c in reply.tool_calls if c.result.ok and c.tool.startswith("log_")]
    assert "interval walked" in reply.text
    assert len(training_log.history(ctx, athlete.id, "cardio", day, day)) == 1
