"""Look-alike false alarms by class (issue 57, alarms95), written here in other words than the
messages of blind-final-30's writers CQ and CR that showed them: a piece of kit snapped or split
(not a tendon); starving oneself of one macronutrient for a window or of something that is not
food; a span of the day "blacked out" on the sofa or watching a screen; breath lost on the last
rep or lap and back a minute later; a heart rate high straight after a set and normal sitting
down (the student's gate). Each quiet class sits beside the red flag worded close to it, which
still fires, through the chat as well as the screening."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.assistant.student_fakes import reading, runtime_reading
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import quietened, read_in_range, screen

QUIET = [
    # A piece of kit snapped, split or broke, the kit named as what broke.
    ("snapped my elbow sleeve on the last rep haha", "acute_injury"),
    ("popped my belt buckle on the second set, 3x5 at 150 anyway", "acute_injury"),
    ("snapped my knee sleeves mid set lol, 10 years old them", "acute_injury"),
    # Starving oneself of one macronutrient for a window, or of something that is not food.
    ("starving myself of carbs until dinner, intermittent thing, still eating 2400", "extreme_diet"),
    ("been starving myself of sunlight all winter, office job, need vitamin d", "extreme_diet"),
    ("starving myself... of a social life lol, exams till june", "extreme_diet"),
    # A span of the day blacked out on the sofa or watching a screen.
    ("blacked out the whole sunday on the couch watching films, lazy day", "fainting"),
    ("blacked out all evening in front of the telly with the darts on 😂", "fainting"),
    # Breath lost on the last rep or lap, back a minute or so later.
    ("couldn't breathe after the final 400m rep, back to normal two minutes later", "severe_breathlessness"),
    ("couldnt breathe on the last lap, fine a couple of minutes later", "severe_breathlessness"),
    ("couldn't breathe after the final 800, bent over a minute then fine", "severe_breathlessness"),
]  # fmt: skip

RAISED = [
    # A snap with the tendon's signs, whatever the kit said.
    ("snapped my belt mid set and felt my back go, can't straighten up, pain", "acute_injury"),
    ("heard a snap mid set, my knee buckled and it's swollen", "acute_injury"),
    # Starving of a macro beside food, days or purging; starving plain; of sleep until one dies.
    ("starving myself of carbs and food in general, 3 days now", "extreme_diet"),
    ("starving myself of fats and making myself sick after meals", "extreme_diet"),
    ("starving myself till the weigh in, nothing but water since friday", "extreme_diet"),
    ("going to starve myself of sleep until i die", "extreme_diet"),
    # Blacked out with a fall, coming round or drink beside the span.
    ("blacked out the whole afternoon on the sofa, woke up on the floor", "fainting"),
    ("blacked out on the bike during the climb sunday, woke up on the ground", "fainting"),
    ("blacked out the whole evening, can't remember anything, was on the sofa", "fainting"),
    # Breath that did not come back, or came with a wheeze or the chest.
    ("couldn't breathe on the last lap, still wheezing an hour later", "severe_breathlessness"),
    ("couldn't breathe on the last rep, fine a minute later but chest tight", "severe_breathlessness"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind"), QUIET)
def test_a_look_alike_class_stays_quiet_and_is_a_benign_reading(text: str, kind: str) -> None:
    assert screen(text).red_flags == []
    assert kind in quietened(text)


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_red_flag_worded_close_to_it_still_fires(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize(
    "text",
    [
        "popped my belt buckle on the second set, 3x5 at 150 anyway",
        "starving myself... of a social life lol, exams till june",
        "blacked out the whole sunday on the couch watching films, lazy day",
        "couldnt breathe on the last lap, fine a couple of minutes later",
    ],
)
def test_through_the_chat_a_look_alike_gets_no_escalation(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert not reply.escalated, reply.text
    assert me.flags() == set()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("snapped my belt mid set and felt my back go, can't straighten up, pain", "acute_injury"),
        ("blacked out the whole afternoon on the sofa, woke up on the floor", "fainting"),
        ("couldn't breathe on the last lap, still wheezing an hour later", "severe_breathlessness"),
    ],
)
def test_through_the_chat_the_red_flag_close_to_it_escalates(
    me: Athlete, text: str, kind: str
) -> None:
    reply = me.say(text)
    assert reply.escalated, reply.text
    assert kind in me.flags()


# The student's gate: a heart rate high straight after a set, under 100 sitting down after it.
RECOVERED = [
    "pulse 140 right after my deadlift sets, sat down and a minute later it was 84",
    "heart rate 160 after the hill sprints, resting now and it's back down to 88",
]
NOT_RECOVERED = [
    "pulse 140 right after my deadlift sets, sat down and it's still 130",
    "heart rate 160 after the hill sprints, resting now at 88 but dizzy and my chest is tight",
    "resting heart rate 125 this morning, now 90",
]


@pytest.mark.parametrize("text", RECOVERED)
def test_a_heart_rate_recovered_after_a_set_gates_an_unsure_student(
    tmp_path: Path, text: str
) -> None:
    assert screen(text).red_flags == []
    assert read_in_range(text) == ["palpitations_at_rest"]
    runtime = runtime_reading(tmp_path, text, reading(0.95, palpitations_at_rest=0.48))
    assert runtime.red_flags(text) == []


@pytest.mark.parametrize("text", NOT_RECOVERED)
def test_a_rate_still_high_or_with_a_symptom_or_at_rest_is_not_gated(
    tmp_path: Path, text: str
) -> None:
    assert "palpitations_at_rest" not in read_in_range(text)
    runtime = runtime_reading(tmp_path, text, reading(0.95))
    assert runtime.red_flags(text) != []
