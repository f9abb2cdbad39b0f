"""Concept vocabulary, part 1 (``coach/rules/red_flag_concepts_body.yaml``, one entry each):
symptoms and sites of the heart, breathing, the head and injuries, and their contexts (rest,
exertion, trauma). See ``concepts`` for how they combine."""

from __future__ import annotations

from fitcoach.assistant.guardrails.senses import benign
from fitcoach.assistant.guardrails.text import _found
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_concepts_body")  # coach/rules/red_flag_concepts_body.yaml

# Symptoms ---------------------------------------------------------------------------------
_CHEST_SITE = _V["chest_site"]
_CHEST_QUALITY = _V["chest_quality"]
_ARM_JAW = _V["arm_jaw"]
_ARM_SIGN = _V["arm_sign"]
_JAW_SIGN = _V["jaw_sign"]
_STROKE = _V["stroke"]
_STROKE_SENTENCE = _V["stroke_sentence"]  # alarms57h: read in the sentence
_DARK_URINE = _V["dark_urine"]
_MUSCLE_SWOLLEN = _V["muscle_swollen"]
_COLLAPSE = _V["collapse"]
_PRESYNCOPE = _V["presyncope"]
_FELL = _V["fell"]
_SLEEP_FIGURE = _V["sleep_figure"]
_PALPITATION = _V["palpitation"]
_PALPITATION_BRIEF = _V["palpitation_brief"]
_PALPITATION_LASTING = _V["palpitation_lasting"]
_HEART_WORD = _V["heart_word"]
_RESTING_HR = _V["resting_hr"]
_HR_ALERT = _V["hr_alert"]
_RATE = _V["rate"]
_RATE_OWNED = _V["rate_owned"]  # rulealarms
_RATE_SESSION = _V["rate_session"]  # rulealarms
_REST = _V["rest"]
_EXERTION = _V["exertion"]
_BREATH = _V["breath"]
_BREATH_LASTING = _V["breath_lasting"]
_RECOVERED = _V["recovered"]
_MINIMAL_EXERTION = _V["minimal_exertion"]
_STOPS = _V["stops_on_minimal_effort"]
_STOPS_EXPLAINED = _V["stops_explained"]
_STOPS_WORSE = _V["stops_worse"]
_CYANOSIS = _V["cyanosis"]
_PLEURITIC = _V["pleuritic"]
_BLOOD = _V["blood"]
_EMISSION = _V["emission"]
_SPAT = _V["spat"]
_EMISSION_DENIED = _V["emission_denied"]
_MOUTH_SOURCE = _V["mouth_source"]
_HEAD_TRAUMA = _V["head_trauma"]
_NEURO = _V["neuro"]
_BLOW = _V["blow"]
_CRASH = _V["crash"]
_BLURRED = _V["blurred"]
_NEURO_MAJOR = _V["neuro_major"]
_DEFORMITY = _V["deformity"]
_NO_WEIGHT = _V["no_weight"]
_CANT_MOVE = _V["cant_move"]
_TRAUMA = _V["trauma"]
_LOCKED = _V["locked"]
_CHRONIC = _V["chronic"]
_RAPID_SWELLING = _V["rapid_swelling"]
_BRUISE_SWELL = _V["bruise_swell"]
_LEG_SITE = _V["leg_site"]
_LEG_SWELL = _V["leg_swell"]
_CLOT_RISK = _V["clot_risk"]
_BLADDER = _V["bladder"]
_SADDLE_NUMB = _V["saddle_numb"]
_BOTH_LEGS = _V["both_legs"]
_BACK = _V["back"]


@benign
def sleep_figure(unit: str, *, negated_too: bool = False) -> bool:
    """Passing out or collapsing said of sleep in ``unit`` ("passed out on the sofa"): not
    negated there, or negated too with ``negated_too``."""
    pattern = _SLEEP_FIGURE()
    return (pattern.search(unit) if negated_too else _found(pattern, unit)) is not None


@benign
def stopping_explained(text: str) -> bool:
    """Whether stopping on the stairs or a short walk in ``text`` has a plain cause told: legs
    worked or sore, a joint or a pain, a long-standing state or progress (``stops_explained``),
    and it is not said to be new or worse (``stops_worse``)."""
    return _STOPS_EXPLAINED().search(text) is not None and _STOPS_WORSE().search(text) is None


def stops_on_minimal_effort(sentences: list[str], text: str) -> bool:
    """Whether ``text`` (lower-cased; ``sentences`` its sentences) tells of stopping on minimal
    effort, the stairs or a short walk, with no breath word (misc17): breathlessness on minimal
    exertion, unless a session, sore legs, a joint or a long-standing state explains it."""
    said = any(_found(_STOPS(), s) for s in sentences)
    return said and not stopping_explained(text)
