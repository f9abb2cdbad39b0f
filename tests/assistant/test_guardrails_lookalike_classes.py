"""Issue 57: the classes of the rules' false alarms on safe look-alikes, each given stricter
context. Every class has look-alikes worded here (not taken from any corpus) that must stay
quiet, beside red flags in the same words that must still fire: a class that quietens its red
flag is not a fix. Self-harm words are never quietened: the last test holds them."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.explain import explain

# (class, benign look-alike, the red flag worded close to it, the kind it must raise)
PAIRS = [
    # Chest-wall pain: pressing on the spot brings it on.
    (
        "chest wall",
        "left side of my chest aches only when I poke it, think I tweaked a pec on the rower",
        "left side of my chest aches and it's spreading into my left arm, think I tweaked a pec",
        "chest_pain",
    ),
    (
        "chest wall",
        "sternum is tender to press after the partner carries, no other issues",
        "pain in my chest after the partner carries, sweating and a bit sick",
        "chest_pain",
    ),
    # Tightness after a chest session is the pump or DOMS; pain after it is still pain.
    (
        "training cause",
        "chest feels really tight after today's push-ups, arms feel like jelly too",
        "chest feels really tight after today's push-ups and I'm short of breath sitting here",
        "chest_pain",
    ),
    (
        "training cause",
        "chest feels heavy after benching, proper pumped",
        "chest pain after benching, sharp and it won't ease off",
        "chest_pain",
    ),
    # Lips blue from cold water that pinked up on warming.
    (
        "cold lips",
        "lips went a bit blue after the river dip, warmed up with a hot drink and they're pink",
        "lips went a bit blue after the river dip, warmed up but they're still blue and I'm "
        "gasping for air",
        "severe_breathlessness",
    ),
    # Walking uphill is effort; the stairs are minimal effort.
    (
        "uphill",
        "get a bit out of breath talking on the steep hills of my hike, slow down and it's fine",
        "get out of breath talking on the phone at my desk, never used to",
        "severe_breathlessness",
    ),
    # Fine sitting down is the opposite of symptoms at rest.
    (
        "fine at rest",
        "36 weeks pregnant and a bit more breathless on the stairs lately, I'm fine sitting",
        "36 weeks pregnant and breathless even sitting on the couch",
        "severe_breathlessness",
    ),
    # A grey-out on standing up fast is postural; going down is a faint.
    (
        "postural grey-out",
        "vision went fuzzy for a second when I got up too quickly from the floor stretches",
        "got up too quickly from the floor stretches and next thing I knew I was on the floor",
        "fainting",
    ),
    # Saddle numbness from a hard seat that wore off.
    (
        "saddle pressure",
        "numb down there after a long spin class on that awful saddle, wore off after lunch",
        "numb down there after a long spin class and it's still numb three days later",
        "cauda_equina_signs",
    ),
    # A level-1 hypo treated and rechecked normal; a severe one or one that stays low is not.
    (
        "treated hypo",
        "type 1 here, bg 3.5 mmol in the middle of the swim, had two gels, rechecked 7.1 and "
        "carried on",
        "type 1 here, bg 3.5 mmol in the middle of the swim, had two gels, still low and shaky",
        "glycaemic_emergency",
    ),
    (
        "treated hypo",
        "went hypo on the tennis court, sipped juice, back up to 6.4 after 15 minutes",
        "went hypo on the tennis court, sipped juice, then got confused and couldn't find my car",
        "glycaemic_emergency",
    ),
    # A reading stays in its own sentence, and a clock time is not a reading.
    (
        "glucose reading",
        "I'm diabetic, sugars have been steady all week. Did 2 x 15 step-ups",
        "I'm diabetic, sugars 2.5 after the step-ups",
        "glycaemic_emergency",
    ),
    # Negated context words are not context: "no redness", "no cough".
    (
        "negated context",
        "both calves swollen after the skipping session, no heat and no redness, just pumped",
        "both calves swollen since the long-haul flight and the left one is red and hot",
        "dvt_signs",
    ),
    (
        "negated context",
        "spat out some blood at judo, cut inside my cheek, no coughing at all",
        "spat out some blood at judo after a coughing fit, my cheek is fine",
        "coughing_vomiting_blood",
    ),
    # Figures of speech about fainting.
    (
        "figure",
        "my niece's dance routine had me nearly passing out laughing",
        "I nearly passed out on the treadmill and had to grab the rails",
        "fainting",
    ),
    (
        "figure",
        "gonna collapse onto the sofa the second I get home from this hike",
        "collapsed on the trail during the hike, came round with people over me",
        "fainting",
    ),
    (
        "figure",
        "could have sworn I'd faint on the last hill rep, didn't, just cooked",
        "could have sworn I'd faint on the last hill rep and then I did",
        "fainting",
    ),
    # Starving oneself of one treat is not starving.
    (
        "treat",
        "starving myself of chocolate until Easter, wish me luck",
        "starving myself so I fit the race kit, one meal every two days",
        "extreme_diet",
    ),
    # A wrist reading taken asleep, rechecked normal on a finger oximeter.
    (
        "spo2 asleep",
        "ring said spo2 87 during my sleep, finger oximeter this morning 97",
        "ring said spo2 87 during my sleep and the finger oximeter this morning says 86",
        "low_resting_spo2",
    ),
]


@pytest.mark.parametrize(("cls", "benign", "red", "kind"), PAIRS, ids=[p[0] for p in PAIRS])
def test_look_alike_class_is_quiet_and_its_red_flag_is_not(
    cls: str, benign: str, red: str, kind: str
) -> None:
    assert screen(benign).red_flags == [], (cls, explain(benign).matches)
    assert kind in screen(red).red_flags, (cls, screen(red).red_flags)


# The brief's own example: quietening the pump must not quieten a cardiac chest.
STILL_RED = [
    ("chest pain at rest, left arm numb", "chest_pain"),
    ("chest is pumped after bench, but now pain at rest and my left arm is numb", "chest_pain"),
    ("chest tight after bench and it's spreading to my jaw", "chest_pain"),
    ("chest hurts when I press on it and I'm dizzy and sweating", "chest_pain"),
    ("sore when I touch my chest and the pain goes down my left arm", "chest_pain"),
    ("chest tight in the freezing air, fine after 2 minutes, and I fainted at the top", "fainting"),
    ("hypo 3.4 on my ride, had gels, back to 6, then I passed out", "fainting"),
    ("chest pain in the cold air on my walk, gone after 5 min", "chest_pain"),
    # Chest tightness from cold air and effort, even passed, is not quietened (angina's trigger).
    (
        "first kilometre in the frosty air my chest was tight, settled within two minutes and "
        "the rest of the run was great",
        "chest_pain",
    ),
    ("breathless walking up the stairs at home, never used to be", "severe_breathlessness"),
    ("everything went black when I stood up fast and I hit the floor", "fainting"),
    ("vision went black when I stood up fast after squats and I fell and hit my head", "fainting"),
    ("bg 2.6 after the ride, had a gel, now 5.9", "glycaemic_emergency"),
    ("starving myself of food this week before the weigh-in", "extreme_diet"),
    ("starving myself of sweets and not eating for 3 days", "extreme_diet"),
    ("diabetic, sugar 2.8. Had juice", "glycaemic_emergency"),  # a reading ending a sentence
]


@pytest.mark.parametrize(("text", "kind"), STILL_RED)
def test_red_flags_beside_a_look_alike_context_stay_red(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


# Self-harm words are never quietened, whatever else the message says (docs/safety.md).
@pytest.mark.parametrize(
    "text",
    [
        "legs are pumped and I want to die lol",
        "after bench I just want to kill myself honestly",
        "cold swim done, warmed up, back to normal, still thinking about ending my life",
    ],
)
def test_self_harm_is_never_quietened(text: str) -> None:
    assert "self_harm" in screen(text).red_flags


def test_explain_names_what_raised_a_flag_and_matches_screen() -> None:
    text = "chest pain at rest, left arm numb"
    why = explain(text)
    assert why.red_flags == screen(text).red_flags
    assert "phrases" in why.layers["chest_pain"]
    assert "chest pain" in why.matches["phrases:chest_pain"]
