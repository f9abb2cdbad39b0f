"""A figure taken back in the same message and said again (issue 57): one reader
(``said_over.said_over``) with one vocabulary for every way of saying it, in words written for
this file: the same unit after the word ("scratch that", "actually it was", "ugh autocorrect"), a
bare figure after a word that only corrects, what was meant said before "i mean", the new figure
set against the old ("sorry 12 not 10"), the chat's star ("*12"), second-language forms ("is 80
not 70", "i want say 65"); with the look-alikes that keep their old reading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.log_support import only_entry, read_entries
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import read_undo
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.registry import ToolContext
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext


def _group(text: str, units: str = "metric") -> dict[str, Any]:
    groups = only_entry(text, "log_sets", units)["groups"]  # type: ignore[arg-type]
    assert len(groups) == 1
    return groups[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("text", "sets", "reps", "kg"),
    [
        # the same unit after the word that takes it back, words of every kind
        ("goblet squat 4 sets of 10 at 20kg, scratch that, 3 sets", 3, 10, 20.0),
        ("lat pulldown 3 sets of 21 reps at 40kg ugh autocorrect: 12 reps", 3, 12, 40.0),
        ("leg press 2 sets of 12 at 100kg, actually it was 3 sets", 3, 12, 100.0),
        # what was meant said before "i mean"
        ("bench press 3x8 at 70 kg, wait, 80 kg i mean", 3, 8, 80.0),
        # the new figure against the old
        ("dumbbell curl 3x10 at 12kg, sorry 12 not 10 reps", 3, 12, 12.0),
        ("hip thrust 100kg 4x12 ... actually it was 3 sets not 4", 3, 12, 100.0),
        ("bench press 3x10 at 30kg, sorry, is 32.5 not 30", 3, 10, 32.5),
        # second-language forms of "i mean"
        ("seated row 3x10 at 60kg sorry i want say 65", 3, 10, 65.0),
        ("bench press 50kg no is 55kg, 3x8", 3, 8, 55.0),
        # the chat's star, for a figure or a scheme
        ("bench press 3x8 at 80 *85", 3, 8, 85.0),
        ("leg extension 3x10 *3x12 at 40kg", 3, 12, 40.0),
        # a bare "no" between figures of one size
        ("deadlift 3x5 at 140.. no 145", 3, 5, 145.0),
    ],
)
def test_a_figure_said_over_keeps_the_one_said_last(
    text: str, sets: int, reps: int, kg: float
) -> None:
    group = _group(text)
    assert (group["sets"], group["reps"], group["weight_kg"]) == (sets, reps, kg)
    assert read_undo(text) is None  # a log of its own, no correction of an earlier entry


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("rowed 6k, typo, 5k, in 21 mins", "distance_m", 5000.0),  # never "5 km km"
        ("walked 3 miles in 50 min - scratch that, 2 miles", "distance_m", 3218.7),
        ("cycled 40 min *45 min", "duration_s", 45 * 60.0),
    ],
)
def test_a_cardio_figure_said_over_keeps_the_one_said_last(
    text: str, slot: str, value: float
) -> None:
    assert only_entry(text, "log_cardio")[slot] == pytest.approx(value, abs=1)


def test_a_scheme_said_over_keeps_its_load() -> None:
    # "at 60, no wait 3x8": the scheme taken back, never a load of 3
    group = _group("bench press 3x10 at 60, no wait 3x8, the last sets were hard")
    assert (group["sets"], group["reps"], group["weight_kg"]) == (3, 8, 60.0)


@pytest.mark.parametrize(
    "text",
    [
        "bench 3x5 at 80, sorry 85",  # a bare second figure after "sorry": asked, as before
        "walked 3 miles in 50 min - sorry, 2 miles, the app was wrong",  # which one is wrong?
        "bench 4 * 8 at 60",  # a scheme written with a star
        "ran 10 km. legs 7 not 8 out of 10 sore",  # "not" with no word that takes back
        "weight 80 no 8",  # figures of different sizes with a bare "no"
        "deadlift 3x5 at 140 *see notes",  # a star before a word
        "6:45 in bed woke 5:45... wait no, 10:45 to 5:45",  # never "5:10:45"
    ],
)
def test_what_is_no_figure_said_over_stays_as_written(text: str) -> None:
    assert normalise(text) == text.lower()


def test_a_second_figure_after_a_bare_sorry_is_still_asked() -> None:
    _, problems = read_entries("row 3x8 at 70, sorry 75")
    assert problems


def test_a_star_correction_is_stored_through_the_chat(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    me = ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)
    text = "bench press 3x8 at 80kg *85kg"
    conversations.chat(me.service, me.athlete_id, text, channel="web", assistant=Assistant())
    rows = training_log.history(ctx, me.athlete_id, "workouts", date(2000, 1, 1), date(2100, 1, 1))
    assert [(s["reps"], s["weight_kg"]) for w in rows for s in w["sets"]] == [(8, 85.0)] * 3
