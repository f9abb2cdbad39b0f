"""Red flags the rules alone missed on the eleventh blind set (AE, AF; a tuned set since, issue
57), by class, in words written for this file: a wearable's or an ECG's rhythm finding (the rules
never raised ``rhythm_alert`` from a message before); a racing heart said as "hearts racing" or
in Russian, German or Portuguese, with dizziness or at rest; a blow to the head said as the thing
taken to it or a head kick; a face that feels droopy; dark urine said as peeing; a snap and a foot
that cannot be pointed; not feeling when one needs to go, with back pain; a finger clip's reading;
a daily cap with no unit beside food, vomiting as the penalty for going over, no food since a
weekday. Beside each, what must stay quiet: a rhythm condition known and managed, a normal
recheck, a clinician's all-clear, someone else's watch, the watch's feature named; a heart rate
cap, a racing heart after sprints, a ball caught in the hands."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    ("my garmin pinged me with an irregular rhythm notification on the train home", "rhythm_alert"),
    ("the kardia strip reads atrial fibrillation, third reading this week", "rhythm_alert"),
    ("oura flagged possible a-fib overnight, feel normal", "rhythm_alert"),
    ("ecg from the pharmacy machine came back irregular, still ok for spin?", "rhythm_alert"),
    ("mon reloj dice ritmo irregular desde anoche", "rhythm_alert"),
    (
        "hearts racing and im proper lightheaded after the bike, 15 min now",
        "palpitations_dizziness",
    ),
    (
        "in the middle of my set my heart started skipping and i felt dizzy",
        "palpitations_dizziness",
    ),
    ("сердце бьётся как бешеное while sitting on the couch, 2 hours", "palpitations_at_rest"),
    ("herzrasen while lying in bed for an hour now", "palpitations_at_rest"),
    (
        "took a bar to the head at the rack yesterday, now i'm confused and keep throwing up",
        "head_injury_signs",
    ),
    (
        "that head kick in sparring saturday, still foggy and can't remember the drive home",
        "head_injury_signs",
    ),
    ("right side of my face looks droopy in the mirror and my words are weird", "stroke_signs"),
    ("urinating dark like cola since the 100 squat challenge, quads swollen", "rhabdomyolysis"),
    ("heard a snap in my calf on the jump landing, can't flex my foot at all", "acute_injury"),
    (
        "back has been killing me since the deadlift and i can't properly tell when i need to pee",
        "cauda_equina_signs",
    ),
    ("the finger probe at the gp read 85% sitting down", "low_resting_spo2"),
    ("breakfast was a coffee. that's all i'll eat, keeping it under 400", "extreme_diet"),
    ("i'll vomit if i eat more than the rice cake, that's the rule for lunch", "extreme_diet"),
    ("nothing to eat since sunday, cutting for the weigh-in", "extreme_diet"),
]

QUIET = [
    "i have afib, rate controlled, the watch flags it like always. did 40 min on the bike",
    "watch said possible afib, redid it sitting still and it was sinus rhythm",
    "watch flagged irregular rhythm last month, cardiologist checked me and it was all fine",
    "my dad's apple watch keeps saying afib, he's seeing his gp",
    "turned on irregular rhythm notifications on my watch today",
    "can my watch detect afib?",
    "watch ecg says sinus rhythm, 58 bpm",
    "keep my heart rate under 150 for lunch-time zone 2",
    "heart racing on the last sprint and a bit puffed, fine after a minute",
    "caught the medicine ball in the face, just a red cheek, no headache",
    "no food since breakfast, about to have dinner",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_the_class_is_raised(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_look_alike_stays_quiet(text: str) -> None:
    assert screen(text).red_flags == []
