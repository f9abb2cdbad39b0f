"""Issue 57, alarms57f: look-alike classes found on the eleventh set's writers (AE, AF, a tuned
set since it was scored): sleep said as passing out with the sleep said first or a waking at an
hour, a diary blacked out, a faint of one's own long ago that never happened since, blood spat
from the mouth with a cough denied ("nothing from coughing"), band or stick dislocates (the
shoulder drill), both calves alike after a flight said as "both equal", and a faint expected and
denied with the sentence going on ("but I didn't and ..."), breath "already ok" after an effort,
and a wearable's high-heart-rate alert during a named hard effort. Every message here is worded for
this file (none is taken from a corpus) and each look-alike sits beside a red flag in close
words that must still fire."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import quietened, screen
from fitcoach.assistant.guardrails.explain import explain

# (class, benign look-alike, the red flag worded close to it, the kind it must raise)
PAIRS = [
    (
        "sleep said first",
        "dozed off in the armchair after my long ride and then passed out till dinner",
        "dozed off in the armchair after my long ride and then passed out, hit the floor hard",
        "fainting",
    ),
    (
        "sleep, woke at an hour",
        "blacked out on the settee after the night shift, woke up around 5 with the telly still on",
        "blacked out on the settee after the night shift and woke up at 5 on the floor with a "
        "bump on my head",
        "fainting",
    ),
    (
        "diary blacked out",
        "I've blacked out the diary for both evenings, no sessions till Friday",
        "I blacked out in the changing room on both evenings, no sessions till Friday",
        "fainting",
    ),
    (
        "own history, never since",
        "passed out once in PE class when I was 14, never happened again, mentioning it for the "
        "intake form",
        "passed out once in PE class when I was 14, and again yesterday on the treadmill",
        "fainting",
    ),
    (
        "own history, never since",
        "collapsed at a parade as a teenager, not once since. anything else you need to know?",
        "collapsed at a parade as a teenager, not once since until this morning at the track",
        "fainting",
    ),
    (
        "cough denied",
        "a little blood when I spat after the dentist scaled my teeth, none when I cough",
        "a little blood when I spat after the dentist scaled my teeth, and some when I cough too",
        "coughing_vomiting_blood",
    ),
    (
        "band dislocates",
        "did 3 sets of stick dislocates to warm up, shoulder clicked a bit like always, nothing sore",
        "dislocated my shoulder doing band dislocates, it's sitting out of place",
        "acute_injury",
    ),
    (
        "both calves alike",
        "ankles and calves a bit puffy after the overnight flight, both identical, went down by "
        "lunch",
        "calves puffy after the overnight flight, both identical size but the left one is hot",
        "dvt_signs",
    ),
    (
        "both calves alike",
        "calves swollen after the long-haul, symmetrical, fine once I walked about",
        "calves swollen after the long-haul, symmetrical, but the right is red and tender",
        "dvt_signs",
    ),
    (
        "breath already back",
        "panting sitting in the car, I'd just sprinted across the car park in the rain, already "
        "better",
        "panting sitting in the car, I'd just sprinted across the car park in the rain, can't "
        "get my breath at all",
        "severe_breathlessness",
    ),
    (
        "faint denied, and",
        "thought I'd faint halfway through the hill reps but I didn't and finished the set",
        "thought I'd faint halfway through the hill reps and I did, came round on the grass",
        "fainting",
    ),
]


@pytest.mark.parametrize(("cls", "benign", "red", "kind"), PAIRS, ids=[p[0] for p in PAIRS])
def test_everyday_sense_is_quiet_and_its_red_flag_is_not(
    cls: str, benign: str, red: str, kind: str
) -> None:
    assert screen(benign).red_flags == [], (cls, explain(benign).matches)
    assert kind in screen(red).red_flags, (cls, screen(red).red_flags)


# The fainting classes are benign senses the student's gate shares (``guardrails.quietened``):
# the words read literally are a faint, so a student alarm on them alone is not raised.
@pytest.mark.parametrize(
    "text",
    [p[1] for p in PAIRS if p[3] == "fainting"],
)
def test_fainting_senses_are_shared_with_the_student_gate(text: str) -> None:
    assert quietened(text) == ["fainting"]


STILL_RED = [
    # Sleep said first, then a faint with a fall: not sleep.
    ("dozed off after the match, then passed out in the shower and hit my head", "fainting"),
    ("blacked out on my bed after the run and woke at 6 on the ground", "fainting"),
    # A faint long ago that is back, or recent with "since".
    ("fainted at school when I was 12 and it started happening again this month", "fainting"),
    ("blacked out in training, not since yesterday but I'm scared", "fainting"),
    ("fainted as a kid and never again until I stood up from squats this morning", "fainting"),
    # A date blacked out is not a faint, but fainting on a date still is.
    ("blacked out the weekend before my fight, woke up in hospital", "fainting"),
    # Blood coughed up, whatever else is said about the mouth.
    ("my gums bleed when I floss and I coughed up blood this morning", "coughing_vomiting_blood"),
    # A shoulder hurt during the drill, not the drill.
    (
        "did band dislocates then my shoulder popped out, it's hanging at a weird angle",
        "acute_injury",
    ),
    # One calf after a flight, however the other looks.
    ("after the flight my right calf is swollen and warm, the left is normal", "dvt_signs"),
]


@pytest.mark.parametrize(("text", "kind"), STILL_RED)
def test_red_flags_beside_an_everyday_sense_stay_red(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags, (text, screen(text).red_flags)


# A wearable's high-heart-rate alert beside a hard effort it names: the rules raise nothing and
# read it as the effort (``quietened``), so the student's gate shares the reading; with rest,
# the night, a symptom or coming back said too, it is raised.
ALERT_EFFORT = [
    "fitbit buzzed a high heart rate warning in the middle of my hill repeats, I was flat out",
    "my garmin threw a 'high HR' notification mid-tabata, max effort so fair enough",
]
ALERT_RED = [
    "fitbit buzzed a high heart rate warning in the middle of my hill repeats, and again an hour "
    "later lying in bed",
    "my garmin threw a 'high HR' notification mid-tabata and I felt dizzy and my chest pounded",
]


@pytest.mark.parametrize("text", ALERT_EFFORT)
def test_a_wearable_alert_during_a_hard_effort_is_read_as_the_effort(text: str) -> None:
    assert screen(text).red_flags == []
    assert quietened(text) == ["palpitations_at_rest"]


@pytest.mark.parametrize("text", ALERT_RED)
def test_a_wearable_alert_with_rest_or_a_symptom_stays_red(text: str) -> None:
    assert "palpitations_at_rest" in screen(text).red_flags, screen(text).red_flags


def test_a_wearable_alert_with_nothing_said_is_neither_raised_nor_read_benign() -> None:
    text = "my watch gave me a high heart rate alert, what does that mean?"
    assert screen(text).red_flags == []
    assert quietened(text) == []
