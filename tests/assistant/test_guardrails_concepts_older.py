"""Red flags in the plain words of older adults and of people back after illness or surgery
(redas17, ``concepts_older``): each class raises its kind, and the same words with an ordinary
cause stay quiet. The sentences are written for the classes, not taken from any data set."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen

RAISED = [
    # A chest burn called indigestion that spreads to the arm or the jaw.
    (
        "A sort of heartburn feeling in my chest at the allotment, and it crept up into my jaw.",
        "chest_pain",
    ),
    # Breathlessness that stops speech.
    (
        "For three days I have been so breathless I cannot complete a sentence, even in my armchair.",
        "severe_breathlessness",
    ),
    (
        "I am short of breath even while I talk to the nurse on the telephone.",
        "severe_breathlessness",
    ),
    # An oxygen percent said a few words from the oxygen word.
    (
        "The oxygen reading on my new ring gadget was showing 86% sat in the lounge.",
        "low_resting_spo2",
    ),
    # A heart fast and not regular, or fluttering, with the room swimmy or the head light.
    (
        "Doing the dishes my heart was beating very fast and uneven, and the kitchen went all swimmy.",
        "palpitations_dizziness",
    ),
    (
        "Heart fluttering like a moth in a jar and my head felt light, I had to sit on the step.",
        "palpitations_dizziness",
    ),
    # A sudden give, a fall and no weight, a leg short and turned out after a fall.
    (
        "Lifting the compost bag it went twang in my back and I cannot straighten up at all.",
        "acute_injury",
    ),
    (
        "Slipped on the wet leaves this morning and I still can't bear any weight on my left knee.",
        "acute_injury",
    ),
    (
        "Took a tumble on the stairs and the foot is now turned outwards, the whole leg looks shorter.",
        "acute_injury",
    ),
    # A bowel or bladder accident with the back.
    (
        "My lower back has been awful since Monday and I had an accident in my trousers at church.",
        "cauda_equina_signs",
    ),
    # A plan to stop eating; tiny meals for weeks.
    (
        "I have decided to stop eating apart from a cup of broth until the masters weigh-in.",
        "extreme_diet",
    ),
    (
        "breakfast: tea. lunch: skipped. dinner: a cracker. been eating like this for a fortnight",
        "extreme_diet",
    ),
    # Heat by its number or skin hot and dry, with a brain sign.
    (
        "Did the garden at noon, 41 in the shade, now I feel confused and I have stopped sweating.",
        "heat_illness",
    ),
    ("After the bikram class I could not remember how I had got to the café.", "heat_illness"),
    # Ketones raised with a high sugar.
    (
        "Levels above 22 since breakfast and the ketone meter reads high, I feel rotten.",
        "glycaemic_emergency",
    ),
    # One side weak with a loss of function, even when it passed.
    (
        "At bridge club my left hand went numb and I let go of my cards, it lasted five minutes.",
        "stroke_signs",
    ),
]

QUIET = [
    "Heartburn after the fish supper, a burn in my chest that a Rennie settled.",
    "I am a little out of breath when I chat on the brisk Sunday walks with my sister.",
    "The oxygen on my watch showed 97% this morning, all good.",
    "The garden went swimmy for a second when I stood up, heart steady as ever.",
    "Something went twang in my calf on the walk but I finished the loop fine.",
    "Tripped over the hose, a graze on the knee, walking on it normally.",
    "My leg looks a little shorter since the new hip, the surgeon says that is expected.",
    "Small accident with my bladder when I sneezed during the back extensions, pelvic floor work it is.",
    "I really must stop eating biscuits with my tea.",
    "35 out here in Perth so we swam early, felt grand afterwards.",
    "Ketones 1.2 on the keto plan, sugars normal, feeling sharp.",
    "My right arm went dead after I slept on it, dropped the kettle lid, fine by breakfast.",
]


@pytest.mark.parametrize(("text", "kind"), RAISED)
def test_older_adults_plain_words_raise_the_kind(text: str, kind: str) -> None:
    assert kind in screen(text).red_flags


@pytest.mark.parametrize("text", QUIET)
def test_the_same_words_with_an_ordinary_cause_stay_quiet(text: str) -> None:
    assert screen(text).red_flags == []
