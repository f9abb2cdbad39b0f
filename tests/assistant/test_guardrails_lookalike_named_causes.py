"""Issue 57, alarms57c: look-alike classes where the athlete names a plain cause or takes the
sign back (a tight garment, hours on a saddle, a nightmare, a single skipped beat, a faint
denied with a comment word, lips stained by a drink, a heart attack at a sight or a price, a
joke taken back, pecs sore to press). Every look-alike here is worded for this file (not taken from any corpus) and sits
beside a red flag in close words that must still fire: a class that quietens its red flag is
not a fix."""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.explain import explain

# (class, benign look-alike, the red flag worded close to it, the kind it must raise)
PAIRS = [
    # Pain that pressing on the pecs brings on is the chest wall.
    (
        "chest wall, them",
        "chest aches round the pecs but only hurts when I push on them, moved a sofa on Sunday",
        "chest aches round the pecs and hurts when I push on them, and it goes down my left arm",
        "chest_pain",
    ),
    # A tight garment named as the cause of chest tightness; denied, taken off or with a
    # cardiac companion it stays raised.
    (
        "garment",
        "chest feels tight on my run?? oh it's just my new sports bra, a size too small lol",
        "chest feels tight on my run, thought it was my sports bra but I took it off and it's "
        "still tight",
        "chest_pain",
    ),
    (
        "garment",
        "tight chest all through spin, blame the compression tee, ordered a large",
        "tight chest all through spin and sweating buckets, blame the compression tee",
        "chest_pain",
    ),
    # A chest symptom taken back as a joke, with the chest said fine.
    (
        "taken back",
        "chest feels so heavy after that penalty shootout lol jk, chest is fine. log 3x12 rows 40kg",
        "chest feels so heavy after that penalty shootout and I'm not joking, chest is fine one "
        "minute and crushing the next",
        "chest_pain",
    ),
    # A heart attack at a sight or a price is the shock of it.
    (
        "heart attack figure",
        "about to have a heart attack every time I open the protein powder receipts 😂",
        "about to have a heart attack I think, crushing pain every time I walk up the stairs",
        "chest_pain",
    ),
    (
        "heart attack figure",
        "having a heart attack at the price of gym memberships in this city",
        "having a heart attack, pain in my chest and my left arm is numb",
        "chest_pain",
    ),
    # Hours on a saddle with nothing of the back, the legs or the bladder is pressure.
    (
        "saddle cause",
        "numb bum from four hours on the turbo, time to buy a better seat",
        "numb bum from four hours on the turbo and now I can't feel it when I wipe",
        "cauda_equina_signs",
    ),
    (
        "saddle cause",
        "numb bum from four hours on the turbo, time to buy a better seat",
        "numb bum from four hours on the turbo and it still hasn't gone away",
        "cauda_equina_signs",
    ),
    (
        "saddle simile",
        "numb bum after the long ride on my new saddle, need to adjust the tilt",
        "numb bum all of a sudden, like I've been sat on a saddle for hours",
        "cauda_equina_signs",
    ),
    # One skipped beat at rest that was gone at once; skipping again and again is not one.
    (
        "single beat",
        "lying on the sofa and my heart skipped one beat, one thump then completely normal again",
        "lying on the sofa and my heart keeps skipping a beat every few seconds, now it's racing",
        "palpitations_at_rest",
    ),
    # Waking breathless from a nightmare is a startle; night after night it is not.
    (
        "nightmare",
        "woke up gasping from a bad dream about my exam, went straight back to sleep. slept 7 h",
        "woke up gasping from a bad dream, third night running, and I can't lie flat",
        "severe_breathlessness",
    ),
    # Lips stained by a food or a drink; with breathlessness or dizziness they stay raised.
    (
        "stained lips",
        "blue lips lol, it's the blue raspberry slushie from the cinema",
        "blue lips from the slushie I think, and I feel dizzy and can't catch my breath",
        "severe_breathlessness",
    ),
    # A faint expected and denied, the denial with a comment word.
    (
        "faint denied",
        "thought I'd pass out at the end of the rowing piece haha, didn't luckily",
        "thought I'd pass out at the end of the rowing piece and then I did, woke up on the floor",
        "fainting",
    ),
]


@pytest.mark.parametrize(("cls", "benign", "red", "kind"), PAIRS, ids=[p[0] for p in PAIRS])
def test_named_cause_is_quiet_and_its_red_flag_is_not(
    cls: str, benign: str, red: str, kind: str
) -> None:
    assert screen(benign).red_flags == [], (cls, explain(benign).matches)
    assert kind in screen(red).red_flags, (cls, screen(red).red_flags)


# Red flags beside the new causes: a cause never excuses a companion sign or a true red flag.
STILL_RED = [
    ("woke up gasping for air and can't lie flat, ankles swollen", "severe_breathlessness"),
    ("woke up gasping from a nightmare and my chest is tight and heavy", "chest_pain"),
    ("back pain since deadlifts and numb bum after my ride, can't pee properly", "cauda_equina"),
    ("numbness in the saddle area on my bike this morning and my legs are weak", "cauda_equina"),
    ("chest pressure on the bike, it's not my chest strap, I took it off", "chest_pain"),
    ("chest tight and I'm dizzy, maybe just my wetsuit being too small", "chest_pain"),
    ("heart skipped a beat then raced for an hour while I sat watching tv", "palpitations_at_rest"),
    ("thought I'd pass out during the sprint and I did, obviously scary", "fainting"),
]


@pytest.mark.parametrize(("text", "kind"), STILL_RED)
def test_red_flags_beside_a_named_cause_stay_red(text: str, kind: str) -> None:
    assert any(k.startswith(kind) for k in screen(text).red_flags), screen(text).red_flags


# Self-harm words are never quietened by these classes (docs/safety.md).
@pytest.mark.parametrize(
    "text",
    [
        "chest tight, it's just my compression top, and I want to kill myself",
        "numb bum from the bike saddle, honestly I want to end my life",
        "woke up from a nightmare and I keep thinking everyone would be better off without me",
    ],
)
def test_self_harm_is_never_quietened_by_a_named_cause(text: str) -> None:
    assert "self_harm" in screen(text).red_flags
