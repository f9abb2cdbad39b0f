"""Look-alike false alarms said loosely (issue 57, alarms96), written here in other words than the
corpus messages that showed them: going to kill oneself on a race with a goal, or with a training
habit as someone else says it (one more set and then ending it all stays raised); passing out as
the head hit the pillow; nearly collapsing with the legs gone on a named effort; the breath lost
for seconds in cold water; a swollen calf corrected to the ankles; a hot flush put down to the
menopause (the student's gate); the student's self-harm reading of a plain undo or a denied near
faint (``student_sense_gate``). Each quiet class sits beside the red flag worded close to it,
which still fires."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.assistant.student_fakes import reading, runtime_reading
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import names_self_harm_word, quietened, read_in_range, screen
from fitcoach.assistant.nlu import read_undo

QUIET = [
    # Killing oneself or dying on a race or a test, with a goal or a laugh beside it.
    ("gonna kill myself on saturday's parkrun, chasing a pb 💪", "self_harm"),
    ("i'll kill myself in the half marathon on sunday lol, going for sub 2", "self_harm"),
    ("about to kill myself on this ftp test, target 250w", "self_harm"),
    # A training habit's death line, said by someone else or laughed about.
    ("my coach reckons I'm going to kill myself with these double sessions", "self_harm"),
    ("gonna kill myself doing all these hill sprints lol", "self_harm"),
    ("mum says i'll kill myself with my early starts, 5am again today", "self_harm"),
    # Passing out as soon as the head hit the pillow.
    ("passed out the second my head hit the pillow, 11 till 7", "fainting"),
    ("blacked out as soon as my head hit the pillow last night", "fainting"),
    # Nearly collapsing on a named effort with the legs gone to jelly.
    ("legs went to jelly and I almost keeled over after the final rep of lunges haha", "fainting"),
    ("nearly collapsed on the last carry, legs like noodles, 3 rounds done", "fainting"),
    # The breath lost for seconds in cold water.
    ("ice bath after training, couldn't breathe for a few seconds, classic cold shock", "severe_breathlessness"),
    ("first sea dip of the year and I couldnt catch my breath for 5 secs lol", "severe_breathlessness"),
    # A swollen calf corrected to the ankles or feet in the next words.
    ("calves are puffy after the long drive... no wait, it's my ankles, always happens, no pain", "dvt_signs"),
    ("my calf is swollen after the flight, sorry I mean my foot, gone by the evening", "dvt_signs"),
]  # fmt: skip

RAISED = [
    # A race's death line with a take-back, a low time or a means, or with no race at all.
    ("gonna kill myself on this 5k tomorrow, not joking, nothing matters anymore", "self_harm"),
    ("going to kill myself after the race, I've decided", "self_harm"),
    ("gonna kill myself tonight", "self_harm"),
    ("i'll kill myself in this race, sub 20 or nothing, honestly", "self_harm"),
    # Someone else's words about pills, not training; a habit's line meant.
    ("my wife says I'm going to kill myself with these pills lol", "self_harm"),
    ("mum says i'll kill myself with these sessions and tbh i'd be better off", "self_harm"),
    # One more set and then ending it all stays raised, laughed about or meant (the lead: the
    # words are suicide's own; alarms31 kept it so).
    ("one more round of burpees and I'll end it all lmao", "self_harm"),
    ("one more rep of wall balls and i'm gonna kill myself 😂 5x20 done", "self_harm"),
    ("one more day like this and I'll end it all", "self_harm"),
    ("one more set and I'll end it all, honestly I mean it", "self_harm"),
    ("one more set and i'll end it all", "self_harm"),
    # A faint beside the pillow with a fall or coming round; a collapse with a faint's sign.
    ("passed out as soon as my head hit the pillow and woke up on the floor", "fainting"),
    ("passed out on the gym floor and hit my head", "fainting"),
    ("legs went to jelly and I nearly collapsed on the last sled push, everything went grey", "fainting"),
    ("legs like jelly and nearly collapsed in the kitchen, heart pounding", "fainting"),
    # Cold water and breath lost for long, with the chest or still.
    ("cold plunge and I couldn't breathe for minutes, chest tight", "severe_breathlessness"),
    ("after the cold shower I couldn't catch my breath for 10 seconds and it's still bad", "severe_breathlessness"),
    # The calf itself, hot and red, after the flight.
    ("my calves are swollen after the flight... no wait, just the left calf, hot and red", "dvt_signs"),
    ("calf swollen and warm after my flight", "dvt_signs"),
    ("calf is swollen and warm after my flight, actually it's my ankle too", "dvt_signs"),
    ("my calf is swollen after the flight, no it's my feet and my calf, hot", "dvt_signs"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind"), QUIET)
def test_a_loose_look_alike_stays_quiet_and_is_a_benign_reading(text: str, kind: str) -> None:
    assert screen(text).red_flags == []
    assert kind in quietened(text)


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_red_flag_worded_close_to_it_still_fires(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize(
    "text",
    [
        "gonna kill myself on this 10k on sunday 😤 going for sub 45",
        "conked out as soon as my head hit the pillow, 10 to 6",
    ],
)
def test_through_the_chat_a_loose_look_alike_gets_no_escalation(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert not reply.escalated, reply.text
    assert me.flags() == set()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("gonna kill myself on this 5k tomorrow, not joking", "self_harm"),
        ("passed out as soon as my head hit the pillow and came round on the floor", "fainting"),
    ],
)
def test_through_the_chat_the_red_flag_close_to_it_escalates(
    me: Athlete, text: str, kind: str
) -> None:
    reply = me.say(text)
    assert reply.escalated, reply.text
    assert kind in me.flags()


# --- the student's gate: a hot flush put down to the menopause -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "hot flush halfway through spin, dripping, bloody menopause. finished the class",
        "had hot flashes all through my run, perimenopause is fun",
    ],
)
def test_a_menopause_flush_gates_an_unsure_student(tmp_path: Path, text: str) -> None:
    assert screen(text).red_flags == []
    assert read_in_range(text) == ["heat_illness"]
    runtime = runtime_reading(tmp_path, text, reading(0.93, heat_illness=0.32))
    assert runtime.red_flags(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "hot flush on the run and then dizzy and threw up, menopause or the heat?",
        "hot flush mid class, heart racing, menopause I think",
        "face bright red and drenched on my run",  # no menopause named
    ],
)
def test_a_flush_with_a_sign_or_no_cause_is_not_gated(tmp_path: Path, text: str) -> None:
    assert "heat_illness" not in read_in_range(text)
    runtime = runtime_reading(tmp_path, text, reading(0.93, heat_illness=0.32))
    assert runtime.red_flags(text) != []


# --- the student's gate: its self-harm reading of a plain undo or a denied near faint ------

UNDO = [
    "please take away the last entry, the gym was shut so I never went",
    "can you delete the last thing I logged, it went in twice",
    "remove my last set pls, typo",
]


@pytest.mark.parametrize("text", UNDO)
def test_the_rules_read_each_plain_undo(text: str) -> None:
    undo = read_undo(text)
    assert undo is not None
    assert undo["op"] == "undo"
    assert not names_self_harm_word(text)


def test_a_takeaway_meal_is_no_undo() -> None:
    assert read_undo("had a chinese take away for dinner") is None


@pytest.mark.parametrize("text", UNDO)
def test_the_students_self_harm_reading_of_a_plain_undo_is_gated(tmp_path: Path, text: str) -> None:
    held = reading(0.3, "undo_last_entry", self_harm=0.5)
    assert runtime_reading(tmp_path, text, held).red_flags(text) == []


@pytest.mark.parametrize(
    ("text", "held"),
    [
        # Sure enough of self-harm: never gated.
        (UNDO[0], reading(0.9, "undo_last_entry", self_harm=0.85)),
        # The student does not read an undo.
        (UNDO[1], reading(0.4, "answer", self_harm=0.5)),
        # A word of self-harm, of oneself or of everything, whatever the request.
        (
            "delete everything, I won't need it anymore",
            reading(0.4, "undo_last_entry", self_harm=0.5),
        ),
        ("remove me from all of it", reading(0.4, "undo_last_entry", self_harm=0.5)),
        ("delete my account, I'm done", reading(0.4, "undo_last_entry", self_harm=0.5)),
        ("undo the last entry, can't do this", reading(0.4, "undo_last_entry", self_harm=0.5)),
        (
            "remove the last entry, I won't be around to do the rest",
            reading(0.4, "undo_last_entry", self_harm=0.5),
        ),
    ],
)
def test_the_students_self_harm_reading_stands_otherwise(
    tmp_path: Path, text: str, held: object
) -> None:
    assert runtime_reading(tmp_path, text, held).red_flags(text) == ["self_harm"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "could've fainted after those intervals haha. didn't though",
        "thought I'd pass out on the rower lol, didn't",
    ],
)
def test_the_students_self_harm_reading_of_a_denied_near_faint_is_gated(
    tmp_path: Path, text: str
) -> None:
    assert screen(text).red_flags == []
    assert "fainting" in quietened(text)
    held = reading(0.98, "escalate", self_harm=0.64, fainting=0.28)
    assert runtime_reading(tmp_path, text, held).red_flags(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "could've passed out after that workout lol. didn't, shame really",
        "thought I'd pass out on the rower, didn't, wish I had and never woke up",
    ],
)
def test_a_denied_near_faint_with_a_word_of_self_harm_keeps_the_crisis(
    tmp_path: Path, text: str
) -> None:
    held = reading(0.98, "escalate", self_harm=0.64)
    assert runtime_reading(tmp_path, text, held).red_flags(text) == ["self_harm"]
