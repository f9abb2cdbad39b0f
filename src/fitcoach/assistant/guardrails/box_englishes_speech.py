"""Red flags said the way beginners, busy people, app pastes and other Englishes (CS) and
CrossFit, HYROX, climbing, martial arts, wearables and masters athletes (CT) say them
(flags31, issue 57).

blind-final-31's rules-alone misses, read as classes and checked against the tuned sets and
corpora; vocabulary in ``coach/rules/red_flag_box_englishes_speech.yaml``:

- self-harm (``box_self_harm``): an intent to end it or a way off a road beside a thought said
  to have been there a while (NICE NG225: a joke around it is no reason to let it pass); ending
  it said to be easier; the thought of how easy letting go would be; a wish not to wake up;
- the body (``box_flags``): a meal called the whole day's food beside days or a week kept at
  800 kcal or under; breathlessness on an everyday small effort that is new, or with lips gone
  blue and still gasping, or so bad one could not speak and not settled; the heart racing of
  itself with the world spinning; a knock of heads with a brain sign; the baby moving less than
  usual; blood sugar at 3.5 mmol/L or under with a brain sign.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.text import _cancelled, _said, _sentences
from fitcoach.assistant.guardrails.text import found_in as _has
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_box_englishes_speech")  # coach/rules/red_flag_box_englishes_speech.yaml
# A way to die by traffic, water, a vehicle or a height (red_flag_self_harm.yaml).
_METHOD_PLACE = patterns("red_flag_self_harm")["sh_method_place"]


def _end_said(sentences: list[str]) -> bool:
    """An intent to end it, a negation read just before "end": a condition's negation before
    the subject ("if this cut doesn't work I'll just end everything") does not cancel it."""
    return any(
        not _cancelled(s, m.start("end")) for s in sentences for m in _V["bx_end_any"]().finditer(s)
    )


def box_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    way = (
        _end_said(sentences)
        or _said(_V["bx_drive_off"], sentences)
        or _said(_METHOD_PLACE, sentences)
    )
    if way and _said(_V["bx_thought_lasting"], sentences):
        return True
    return (
        _said(_V["bx_easier_end"], sentences)
        or _said(_V["bx_how_easy"], sentences)
        or _said(_V["bx_not_waking"], sentences)
    )


def _breath_flag(text: str, sentences: list[str]) -> bool:
    """Breathless on an everyday small effort and new, with no training reason in the same
    sentence; lips gone blue and still gasping; so breathless one could not speak, not settled."""
    small = any(
        _said(_V["bx_breath_small_effort"], [s]) and not _has(_V["bx_breath_training"], s)
        for s in sentences
    )
    if small and _has(_V["bx_breath_new"], text):
        return True
    if _said(_V["bx_blue_lips"], sentences) and _said(_V["bx_still_gasping"], sentences):
        return True
    return _said(_V["bx_breath_speech"], sentences) and _said(_V["bx_not_settled"], sentences)


def box_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes (``text`` lower-cased, as said)."""
    sentences = _sentences(text)
    checks = (
        ("extreme_diet", _has(_V["bx_whole_day"], text) and _has(_V["bx_low_days"], text)),
        ("severe_breathlessness", _breath_flag(text, sentences)),
        (
            "palpitations_dizziness",
            _said(_V["bx_heart_racing"], sentences)
            and _has(_V["bx_sudden"], text)
            and _said(_V["bx_spinning"], sentences),
        ),
        (
            "head_injury_signs",
            _has(_V["bx_head_knock"], text) and _said(_V["bx_head_sign"], sentences),
        ),
        (
            "pregnancy_warning_signs",
            _has(_V["bx_baby_less"], text) and _has(_V["bx_baby_usual"], text),
        ),
        (
            "glycaemic_emergency",
            any(not _cancelled(text, m.start()) for m in _V["bx_sugar_low"]().finditer(text))
            and _said(_V["bx_sugar_sign"], sentences),
        ),
    )
    return list(dict.fromkeys(kind for kind, found in checks if found))
