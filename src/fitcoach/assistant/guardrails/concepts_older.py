"""Red flags in the plain words of older adults and of people back after illness or surgery
(redas17: the seventeenth set's writer AS, tuned; vocabulary in
``coach/rules/red_flag_concepts_older.yaml``).

Each class is a red flag said in words the other layers do not read, combined as the concept
triage combines its own: a chest burn or "indigestion" that spreads down the arm or into the
jaw; breathlessness that stops speech (NICE: unable to complete sentences); an oxygen reading
said far from its number; a heart going fast and not regular or fluttering, with the room gone
"swimmy" or the head "light"; a sudden give ("went twang") that leaves one unable to stand
straight, a fall that leaves a joint unable to bear weight, a leg shorter or turned out; a
bowel or bladder accident with the back; a plan to stop eating, tiny meals told as weeks of
eating; heat by its number ("37 out here") or skin hot and dry with a brain sign or vomiting;
ketones raised with a high sugar; one arm or leg gone weak that dropped a cup or lasted minutes,
even when it came back (a TIA is an emergency too). Each sign is read per clause with the
guardrails' negation; a kind is only added, never taken away.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.concepts_body import (
    _BACK,
    _BREATH,
    _CANT_MOVE,
    _CHEST_SITE,
    _EXERTION,
    _NO_WEIGHT,
    _PALPITATION,
)
from fitcoach.assistant.guardrails.concepts_context import (
    _CNS,
    _DIABETES,
    _HEAT,
    _HEAT_SIGN,
    _MEAL_WORD,
    _TINY_MEAL,
)
from fitcoach.assistant.guardrails.phrases import _DIZZY, _PALPITATIONS, _SPO2_ARTEFACT
from fitcoach.assistant.guardrails.result import SPO2_BELOW
from fitcoach.assistant.guardrails.text import _all_found, _clauses, _found, _has, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_concepts_older")  # coach/rules/red_flag_concepts_older.yaml

_CHEST_BURN = _V["chest_burn"]
_SPREAD = _V["older_spread"]
_BREATH_SPEECH = _V["breath_speech"]
_SPEECH_EFFORT = _V["speech_effort"]
_SPO2_FAR = _V["spo2_far"]
_PALPITATION_PLAIN = _V["palpitation_plain"]
_DIZZY_PLAIN = _V["dizzy_plain"]
_POP_PLAIN = _V["pop_plain"]
_FALL_PLAIN = _V["fall_plain"]
_HIP_DEFORMITY = _V["hip_deformity"]
_BOWEL_ACCIDENT = _V["bowel_accident"]
_LEAK_CAUSE = _V["leak_cause"]
_STOP_EATING = _V["stop_eating"]
_EATING_FOR_WEEKS = _V["eating_for_weeks"]
_WEATHER_HEAT = _V["weather_heat"]
_SKIN_HOT_DRY = _V["skin_hot_dry"]
_CNS_PLAIN = _V["cns_plain"]
_KETONES_HIGH = _V["ketones_high"]
_SUGAR_HIGH = _V["sugar_high"]
_ONE_SIDE_WEAK = _V["one_side_weak"]
_FUNCTION_LOST = _V["function_lost"]
_WEAK_CAUSE = _V["weak_cause"]


def _chest_spreading(clauses: list[str], sentences: list[str]) -> bool:
    """A chest burn or "indigestion" with spread to the arm, jaw or neck in its sentence."""
    return any(
        _has(_CHEST_SITE, [s]) and _has(_CHEST_BURN, [s]) and _has(_SPREAD, _clauses(s))
        for s in sentences
    )


def _breath_stops_speech(sentences: list[str]) -> bool:
    """Breathlessness in a sentence that says it stops speech, with no exercise or effort in it
    (talking while running or walking uphill is the effort's)."""
    return any(
        _has(_BREATH, _clauses(s))
        and _has(_BREATH_SPEECH, [s])
        and not _EXERTION().search(s)
        and not _SPEECH_EFFORT().search(s)
        for s in sentences
    )


def _low_oxygen_far(text: str, clauses: list[str]) -> bool:
    """An oxygen percent below ``SPO2_BELOW`` said a few words from the oxygen word, with no
    known cause of a false reading (cold fingers, a watch lain on, altitude)."""
    low = any(50 <= int(m.group(1)) < SPO2_BELOW for m in _SPO2_FAR().finditer(text))
    return low and not any(_found(_SPO2_ARTEFACT(), c) for c in clauses)


def _palpitations_dizzy(clauses: list[str]) -> bool:
    """A heart going fast and not regular, or racing or fluttering, with dizziness, where one of
    the two is said in the plain words here (the phrase rule reads the rest)."""
    plain_heart = _has(_PALPITATION_PLAIN, clauses)
    plain_dizzy = _has(_DIZZY_PLAIN, clauses)
    heart = plain_heart or _has(_PALPITATIONS, clauses) or _has(_PALPITATION, clauses)
    dizzy = plain_dizzy or _has(_DIZZY, clauses)
    return heart and dizzy and (plain_heart or plain_dizzy)


def _injury_plain(clauses: list[str], sentences: list[str]) -> bool:
    """A sudden give (a twang) and then unable to straighten or move; a fall and then unable to
    bear weight; a leg gone shorter or turned out after a fall or unable to bear weight (a leg
    a little shorter since a replacement, with nothing new, is the surgeon's)."""
    return (
        (_has(_POP_PLAIN, clauses) and _has(_CANT_MOVE, clauses))
        or (_has(_FALL_PLAIN, clauses) and _has(_NO_WEIGHT, clauses))
        or (
            _has(_HIP_DEFORMITY, clauses)
            and (
                _has(_FALL_PLAIN, clauses) or _has(_NO_WEIGHT, clauses) or _has(_CANT_MOVE, clauses)
            )
        )
    )


def _starving(text: str, clauses: list[str]) -> bool:
    """A plan to stop eating, or two tiny meals or more, every meal named one, told as how one
    has eaten for days or weeks."""
    if _has(_STOP_EATING, clauses):
        return True
    tiny = [(m.start(), m.end()) for m in _TINY_MEAL().finditer(text)]
    if len(tiny) < 2 or not _EATING_FOR_WEEKS().search(text):
        return False
    return all(any(a <= m.start() < b for a, b in tiny) for m in _MEAL_WORD().finditer(text))


def _heat_plain(clauses: list[str]) -> bool:
    """Heat (its number outside, skin hot and dry, or the heat words) with a brain sign, or with
    two heat signs, where the heat or the brain sign is said in the plain words here."""
    plain_hot = _has(_WEATHER_HEAT, clauses) or _has(_SKIN_HOT_DRY, clauses)
    plain_cns = _has(_CNS_PLAIN, clauses)
    hot = plain_hot or _has(_HEAT, clauses)
    cns = plain_cns or _has(_CNS, clauses)
    signs = len(_all_found(_HEAT_SIGN, clauses))
    return (plain_hot or plain_cns) and hot and (cns or signs >= 2)


def _ketones_with_high_sugar(clauses: list[str], sentences: list[str]) -> bool:
    """Ketones raised with diabetes or a high blood sugar said (a keto diet's ketones alone are
    not a sign)."""
    return _has(_KETONES_HIGH, clauses) and (
        _has(_DIABETES, sentences) or _has(_SUGAR_HIGH, clauses)
    )


def _one_side_weak(text: str, clauses: list[str]) -> bool:
    """One arm, hand, leg or side of the face gone weak or numb with a loss of function or minutes
    of it, with no ordinary cause (slept on it, a knock, after a set); coming back is no comfort."""
    return (
        _has(_ONE_SIDE_WEAK, clauses)
        and _FUNCTION_LOST().search(text) is not None
        and _WEAK_CAUSE().search(text) is None
    )


def older_adult_flags(text: str, plain: str, found: list[str]) -> list[str]:
    """The kinds the classes above give for ``plain`` (``text`` without exercise words) that are
    not in ``found`` already."""
    clauses = _clauses(plain)
    sentences = _sentences(plain)
    kinds: list[str] = []
    if _chest_spreading(clauses, sentences):
        kinds.append("chest_pain")
    if _breath_stops_speech(sentences):
        kinds.append("severe_breathlessness")
    if _low_oxygen_far(text, _clauses(text)):
        kinds.append("low_resting_spo2")
    if _palpitations_dizzy(clauses):
        kinds.append("palpitations_dizziness")
    if _injury_plain(clauses, sentences):
        kinds.append("acute_injury")
    # A leak with a sneeze, a laugh or a jump is stress incontinence; loose stools are the gut's.
    if _has(_BOWEL_ACCIDENT, clauses) and _has(_BACK, clauses) and not _LEAK_CAUSE().search(text):
        kinds.append("cauda_equina_signs")
    if _starving(plain, clauses):
        kinds.append("extreme_diet")
    if _heat_plain(clauses):
        kinds.append("heat_illness")
    if _ketones_with_high_sugar(clauses, sentences):
        kinds.append("glycaemic_emergency")
    if _one_side_weak(text, clauses):
        kinds.append("stroke_signs")
    return [k for k in kinds if k not in found]
