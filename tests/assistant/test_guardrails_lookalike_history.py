"""Issue 57 (alarms57): look-alike classes added after the first pass. Each has benign messages
worded here (several wordings, none from a corpus) that must stay quiet and red flags worded
close to them that must still fire: a brief pain on a twist of the trunk or from laughing,
a near-faint in the heat or after a session that passed, a past illness told as history
(someone else's, or the athlete's own that a clinician cleared), breath short from a named hard
effort that came back, blacking out a thing (a power cut, faces in a photo) or fainting read
about, and "suicide sprints", a drill's name."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.explain import explain

BENIGN = [
    # A twist or turn of the trunk, or laughing, brings a moment's chest-wall pain on.
    "sharp twinge in my chest when I turned to grab the kettlebell, gone in a second",
    "bit of pain in my chest as I twist in the russian twists, from the ribs I think",
    "chest hurt for a sec when I reached behind me for the band, fine after",
    "had chest pain... from laughing at the group chat mid-set, abs are done",
    "chest aches from laughing so much at my mate's squat face",
    # A near-faint in the heat or after a session that passed.
    "felt a bit faint in the sauna so I got out, fine now",
    "thought I was going to pass out in hot yoga, drank water, fine in 5 min",
    "nearly passed out after the spin class lol, had a banana and felt better after",
    "felt lightheaded and faint after the hot bath, fine after some water",
    "kinda faint in the steam room, sat outside with water and I'm ok now",
    # Someone else's past illness told as a story.
    "my dad had a heart attack 10 years ago, he's fine, I want to get fit so it doesn't happen",
    "my brother had a blood clot after a flight last year. he's fine. what's the plan?",
    "my dad passed out at his 10k last year but he's fine, I'm running it this weekend",
    "my grandad collapsed with heat stroke back in 2019, so I'm careful in summer",
    "my nan had a heart attack thirty years ago, she lived to 90",
    # The athlete's own past symptom that a clinician has cleared.
    "my doctor cleared me to train after the chest pain last year",
    "I had chest pain two years ago, it was reflux, doctor cleared me",
    "fainted a few years ago, cardiologist cleared me after all the tests, can we ramp up?",
    # Breath short from a named hard effort that came back.
    "couldn't breathe after the 400s, recovered in a minute",
    "struggling to breathe on the last interval, fine after a walk",
    "could barely breathe at the end of the race lol, back to normal in 2 min",
    "can't catch my breath after those hill sprints but I'm ok now",
    # Blacking out a thing, not oneself, and fainting as a topic.
    "I blacked out the faces of people in my gym selfie before posting",
    "the power blacked out mid-workout so I finished by phone torch",
    "screen went out on the treadmill so I guessed my pace",
    "watched a video on fainting during marathons, anything I should know for mine?",
    # A drill's name.
    "suicide sprints on the court, 8 sets, legs gone",
    "coach made us run suicide drills for being late lol",
    "10 suicide shuttles to finish, 5 min total",
]

RED = [
    ("sharp pain in my chest when I twisted and now my left arm is numb", "chest_pain"),
    ("chest pain when I breathe in, after a twist", "chest_pain"),
    ("crushing chest pain when I turned to grab my bag, sweating", "chest_pain"),
    ("had chest pain... from laughing, and it's spreading to my jaw", "chest_pain"),
    ("felt faint in the sauna and fell over, hit my head", "fainting"),
    ("felt faint during my run and my heart was racing, fine now", "fainting"),
    ("nearly passed out during the sprint, fine after a minute", "fainting"),
    ("passed out in the sauna, fine now", "fainting"),
    ("felt faint after the class, fine now, but it keeps happening", "fainting"),
    ("felt faint after my run, fine now, and blacked out in the shower later", "fainting"),
    ("I was at the gym and blacked out on the bench", "fainting"),
    ("the lights went out and I blacked out, came round on the floor", "fainting"),
    ("dropped my phone and blacked out for a few seconds", "fainting"),
    ("watched a video on fainting, then I fainted on my run", "fainting"),
    ("my dad had a heart attack 10 years ago and now I have chest pain", "chest_pain"),
    ("I had chest pain two years ago, doctor cleared me, but it came back today", "chest_pain"),
    ("the doctor cleared me last year but I fainted again today", "fainting"),
    ("my brother collapsed last year at football and I collapsed today too", "fainting"),
    (
        "physio cleared me for running after my ankle. 3 months ago I fainted during a race",
        "fainting",
    ),
    ("my mum had chest pain years ago and I had chest pain on my run", "chest_pain"),
    (
        "couldn't breathe after the 400s, wheezing and my throat feels tight",
        "severe_breathlessness",
    ),
    (
        "couldn't breathe after the race, recovered, but now I can't breathe at rest",
        "severe_breathlessness",
    ),
    (
        "struggling to breathe after the session, fine after 5 min, happens every time",
        "severe_breathlessness",
    ),
    (
        "can't catch my breath after the intervals, lips look blue, fine now",
        "severe_breathlessness",
    ),
    ("suicide sprints are nothing, I want to kill myself", "self_harm"),
    ("I'm thinking about suicide", "self_harm"),
    ("suicide runs in my family and I've been thinking about it", "self_harm"),
    ("suicide is on my mind after sprints", "self_harm"),
]


@pytest.mark.parametrize("text", BENIGN)
def test_look_alike_classes_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == [], explain(text).matches


@pytest.mark.parametrize(("text", "kind"), RED)
def test_red_flags_worded_close_to_them_still_fire(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags
