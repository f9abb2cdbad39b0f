"""Red flags and look-alikes said by people who train with a disability or a long-term
condition (redav18, issue 57).

The eighteenth final blind set's writer AV wrote as people with a spinal cord injury, an
amputation, MS, Parkinson's, epilepsy, type 1 diabetes, heart failure, a transplant, cancer
treatment or a visual impairment do: precise, with medical words, their own medicines and
devices. The rules alone missed a fifth of its self-harm, told through those medicines and
treatments, and raised alarms on a running blade and a glucose checked in range. Each check here
is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_long_conditions.yaml``:

- self-harm (``condition_self_harm``): less of a burden once gone; a hope not to wake up said
  with would or will; how much of one's own medicine would be too much, looked up (never a
  pharmacist asked or a daily dose); a load of one's own medicine taken on purpose; a
  life-sustaining treatment (insulin, dialysis, anti-rejection medicines) stopped to die; going
  out on one's own terms beside a treatment refused or a way worked out; a way to die in water
  or traffic joked about and taken back (``kidding. sort of``, ``actually been stopping``);
  ``condition_weak_kinds`` adds finality's weak kinds (a testament made ready, a new home found
  for a pet that is not a retired guide dog, the last week of training "for me");
- the body (``condition_flags``, only kinds not found already): breathing weak or shallow with
  no full breath or cough, or no full breath lying flat (a high spinal cord injury, heart
  failure); an arm swollen on the side of a port or a PICC with warmth, ache or veins (a clot in
  the arm); walking or running into an object, or a blow straight to the forehead, with a major
  head sign (double vision, drowsiness); a reliever that has not settled the asthma; two
  kinds of their own: ``autonomic_dysreflexia`` (a spinal cord injury with dysreflexia named
  beside a sign, or two signs with a pounding headache or a high blood pressure among them:
  flushing or sweating above the injury, a catheter not draining, 150 systolic and over) and
  ``neutropenic_fever`` (38 °C or 100.4 °F and over, or a fever said, on chemotherapy not long
  past);
- readings (``condition_gloss``, read literally too): a saturation said before its device ("85%
  on my finger clip"), a heart-rate strap named without a heart word, a glucose checked with its
  reading after a comma ("checked bg to be sure, 8.1"), written as the words the reading checks
  parse, so a low reading raises and one in range is judged in range;
- look-alikes (``condition_figures``, a benign-sense rewrite): a running blade beside a
  prosthesis, and dying foretold of one more exercise asked for; only where nothing else in the
  message keeps a self-harm word raised (``sh_keep``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.concepts_body import (
    _BLURRED,
    _EXERTION,
    _NEURO_MAJOR,
    _RECOVERED,
)
from fitcoach.assistant.guardrails.concepts_context import _ASTHMA
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _clauses, _found, _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_long_conditions")  # coach/rules/red_flag_long_conditions.yaml
_SH = patterns("red_flag_self_harm")
_SH_LOOKALIKES = patterns("red_flag_self_harm_lookalikes")

Pattern = Callable[[], re.Pattern[str]]

_STRONG: tuple[Pattern, ...] = (
    _V["lc_burden_gone"],
    _V["lc_no_wake_hope"],
    _V["lc_dose_looked_up"],
    _V["lc_took_on_purpose"],
    _V["lc_treatment_withheld"],
)
_OWN_TERMS = _V["lc_own_terms"]
_OWN_TERMS_WITH = _V["lc_own_terms_with"]
_JOKE_WATER = _V["lc_joke_water"]
_NOT_JOKING = _V["lc_not_joking"]
_SH_NOT_JOKING = _SH["sh_not_joking"]
_WEAK: tuple[tuple[Pattern, str], ...] = (
    (_V["lc_affairs"], "affairs"),
    (_V["lc_pet_home"], "pet"),
    (_V["lc_last_training"], "last"),
)

_BREATH_WEAK = _V["lc_breath_weak"]
_BREATH_CANNOT = _V["lc_breath_cannot"]
_LYING_FLAT = _V["lc_lying_flat"]
_SPO2_AFTER = _V["lc_spo2_after"]
_HR_DEVICE = _V["lc_hr_device"]
_GLUCOSE_CHECKED = _V["lc_glucose_checked"]
_PORT_ARM = _V["lc_port_arm"]
_ARM_SWOLLEN = _V["lc_arm_swollen"]
_ARM_CLOT_SIGN = _V["lc_arm_clot_sign"]
_COLLISION = _V["lc_collision"]
_INHALER_UNSETTLED = _V["lc_inhaler_unsettled"]

_SCI = _V["lc_sci"]
_AD_NAMED = _V["lc_ad_named"]
_AD_SIGNS: tuple[Pattern, ...] = (_V["lc_ad_headache"], _V["lc_ad_above"], _V["lc_ad_bladder"])
_BP_HIGH = _V["lc_bp_high"]
_BP_READING = _V["lc_bp_reading"]
_CHEMO = _V["lc_chemo"]
_CHEMO_PAST = _V["lc_chemo_past"]
_FEVER_WORD = _V["lc_fever_word"]
_TEMP_READING = _V["lc_temp_reading"]

_PROSTHESIS = _V["lc_prosthesis"]
_BLADE_WORD = _V["lc_blade_word"]
_DIE_OF_EFFORT = _V["lc_die_of_effort"]
_SH_KEEP = _SH_LOOKALIKES["sh_keep"]


def condition_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's strong classes."""
    sentences = _sentences(text)
    if any(_said(p, sentences) for p in _STRONG):
        return True
    if _said(_OWN_TERMS, sentences) and _OWN_TERMS_WITH().search(text):
        return True
    joke = _JOKE_WATER().search(text)
    back = _NOT_JOKING().search(text) or _SH_NOT_JOKING().search(text)
    return joke is not None and back is not None


def condition_weak_kinds(clauses: list[str]) -> set[str]:
    """Finality's weak kinds said in these writers' words, for ``concepts_self_harm``: two
    kinds together are a sign, one alone is ordinary ("found a new home for my old guide dog")."""
    return {kind for p, kind in _WEAK if _said(p, clauses)}


def condition_flags(text: str, plain: str, flags: list[str]) -> list[str]:
    """The body's red-flag kinds said in a condition's words (see the module), only kinds not
    in ``flags``; ``plain`` is ``text`` without exercise words."""
    clauses = _clauses(plain)
    sentences = _sentences(text)
    found: list[str] = []
    weak = [s for s in sentences if _BREATH_WEAK().search(s) or _BREATH_CANNOT().search(s)]
    effort = any(_EXERTION().search(s) for s in weak) or _RECOVERED().search(text) is not None
    cannot = any(_said(_BREATH_CANNOT, [s]) for s in sentences)
    if cannot and not effort and (_said(_BREATH_WEAK, sentences) or _LYING_FLAT().search(text)):
        found.append("severe_breathlessness")
    if (
        _PORT_ARM().search(text)
        and any(_said(_ARM_SWOLLEN, [s]) for s in sentences)
        and _ARM_CLOT_SIGN().search(text)
    ):
        found.append("dvt_signs")
    if _said(_COLLISION, sentences) and any(
        _found(p(), c) for p in (_NEURO_MAJOR, _BLURRED) for c in clauses
    ):
        found.append("head_injury_signs")
    if _ASTHMA().search(text) and _INHALER_UNSETTLED().search(text):
        found.append("asthma_unrelieved")
    if _dysreflexia(sentences, text):
        found.append("autonomic_dysreflexia")
    if _fever_on_chemo(sentences, text):
        found.append("neutropenic_fever")
    return [kind for kind in found if kind not in flags]


def _dysreflexia(sentences: list[str], text: str) -> bool:
    """A spinal cord injury with autonomic dysreflexia named beside one of its signs, or two
    of its signs with a pounding headache or a high blood pressure among them: a pounding
    headache, flushing or sweating above the injury, a catheter not draining, a blood pressure
    high or 150 systolic and over (Consortium for Spinal Cord Medicine 2020)."""
    if not _SCI().search(text):
        return False
    high_bp = _said(_BP_HIGH, sentences) or any(
        int(m.group(1)) >= 150 for m in _BP_READING().finditer(text)
    )
    signs = [_said(p, sentences) for p in _AD_SIGNS] + [high_bp]
    if _said(_AD_NAMED, sentences) and any(signs):
        return True
    return sum(signs) >= 2 and (signs[0] or high_bp)


def _fever_on_chemo(sentences: list[str], text: str) -> bool:
    """A temperature of 38 °C (100.4 °F) or more, or a fever said, during or lately after
    chemotherapy, not long past (NICE CG151 neutropenic sepsis)."""
    if not _CHEMO().search(text) or _CHEMO_PAST().search(text):
        return False
    for m in _TEMP_READING().finditer(text):
        value = float(m.group(1))
        if 38.0 <= value <= 43.0 or 100.4 <= value <= 110.0:
            return True
    return _said(_FEVER_WORD, sentences)


def condition_gloss(text: str) -> str:
    """``text`` (lower-cased) with readings said in these writers' words written as the words
    the reading checks parse: a saturation before its device ("85% on my finger clip" is
    "spo2 85%"), a heart-rate strap ("polar strap" is "heart rate strap") and a glucose checked
    with its reading after a pause ("checked bg to be sure, 8.1" reads "..., bg is 8.1"). Not a benign
    sense: it runs inside ``literal()`` too, and a low reading so written raises."""
    out = _SPO2_AFTER().sub(lambda m: f"spo2 {m.group(1)}%", text)
    out = _HR_DEVICE().sub("heart rate strap", out)
    return _GLUCOSE_CHECKED().sub(
        lambda m: m.group(0)[: m.start(2) - m.start(0)] + f"{m.group(1)} is {m.group(2)}", out
    )


@rewrite
def condition_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out: a blade beside a prosthesis is the running blade, and dying foretold of one more
    exercise asked for is exhaustion; only where nothing else in the message keeps a self-harm
    word raised (``sh_keep``)."""
    out = text
    if _PROSTHESIS().search(out) and not _SH_KEEP().search(_BLADE_WORD().sub(" ", out)):
        out = _BLADE_WORD().sub("prosthesis", out)
    if _DIE_OF_EFFORT().search(out) and not _SH_KEEP().search(_DIE_OF_EFFORT().sub(" ", out)):
        out = _DIE_OF_EFFORT().sub("be wrecked", out)
    return out
