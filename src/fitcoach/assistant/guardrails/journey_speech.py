"""Red flags and look-alikes said the way beginners and people losing weight say them (redaw19,
issue 57).

The nineteenth final blind set's writer AW wrote as people on GLP-1 medicines, after bariatric
surgery, anxious in a gym or dieting hard, in the English of Singapore and Malaysia, Ireland,
Wales, New Zealand, the Philippines and Vietnam and in learners' English. The rules alone missed
some of its self-harm and signs said at length, and raised some of its jokes. Each check here is
a class of how people say it, with its vocabulary in ``coach/rules/red_flag_journey_speech.yaml``:

- spellings of speech (``journey_gloss``, read by every red-flag check): Filipino "po" and
  Singlish "lah" particles carry nothing the checks read; "press-ups" are push-ups;
- self-harm (``journey_self_harm``): a prayer or a hope not to wake up; nothing to matter soon
  beside a decision made or calm about it; many pills taken for sadness (learners' "drink many
  pills" too);
- the body (``journey_flags``): breathing hard that lets out only a few words, lasting long after
  stopping or after a walk; days with no food; a cap without a unit said of the day's eating
  beside a meal named in another sentence; a blow "taken" to the head with a sign of the brain;
  a headache the worst of one's life far on in its sentence, or sudden and like being hit;
- look-alikes (``journey_figures``, a benign-sense rewrite): a punchline pause in dying of an
  emotion ("die... of embarrassment"), chest tightness "from" push-ups (as "after" them),
  nobody noticing a session skipped, a farewell to an old thing replaced, dizziness from spinning
  round gone at once, dead "by Friday at this rate"; the self-harm ones never beside a
  ``sh_keep`` sign, the spin never beside a faint, the chest or a lasting sign.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.concepts_body import _NEURO
from fitcoach.assistant.guardrails.concepts_context import _FOOD, _NOT_FOOD_NUMBER, _STAY_UNDER
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import (
    _clauses,
    _found,
    _said,
    _sentences,
    replace_in_sentences,
)
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_journey_speech")  # coach/rules/red_flag_journey_speech.yaml
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]

# The most a day's eating capped without a unit may be and still be very low (as ``concepts``).
_CAP_KCAL = 1000


def journey_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of speech read as the standard words
    ("water po for 4 days" is "water for 4 days"). Not a benign sense: it runs inside
    ``literal()`` too."""
    out = _V["js_particles"]().sub("", text)
    return _V["js_press_ups"]().sub("push ups", out)


def journey_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased, glossed) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    if _said(_V["js_no_waking"], sentences):
        return True
    # "Soon none of this will matter" with a decision made or calm about it: either alone is
    # ordinary ("made my decision, going 4 days a week").
    if _said(_V["js_nothing_matters_soon"], sentences) and _said(_V["js_decision_calm"], sentences):
        return True
    # Many pills taken because of a feeling (an overdose told in learners' English).
    return any(
        _said(_V["js_pills_many"], [s]) and _V["js_sad_reason"]().search(s) for s in sentences
    )


def _cap_beside_meal(text: str) -> bool:
    """A cap without a unit at or under ``_CAP_KCAL`` said of a day's or a week's eating, with a
    meal named elsewhere in the message ("log lunch: a rice cake. keeping it under 500 all
    week"); never beside a heart rate, steps or a weight in its sentence."""
    if not _FOOD().search(text):
        return False
    for sentence in _sentences(text):
        if _NOT_FOOD_NUMBER().search(sentence) or not _V["js_day_cap"]().search(sentence):
            continue
        if any(int(m.group(1)) <= _CAP_KCAL for m in _STAY_UNDER().finditer(sentence)):
            return True
    return False


def journey_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes; ``plain`` is ``text`` without
    exercise words."""
    sentences = _sentences(text)
    flags: list[str] = []
    if any(
        _said(_V["js_breath_hard"], [s])
        and _said(_V["js_breath_words"], [s])
        and _V["js_breath_lasting"]().search(s)
        for s in sentences
    ):
        flags.append("severe_breathlessness")
    if any(
        _said(_V["js_no_food"], [s]) and _V["js_days_span"]().search(s) for s in sentences
    ) or _cap_beside_meal(text):
        flags.append("extreme_diet")
    blow = any(_found(_V["js_head_blow"](), c) for c in _clauses(text))
    if blow and any(_found(_NEURO(), c) for c in _clauses(plain)):
        flags.append("head_injury_signs")
    if _said(_V["js_headache_worst"], sentences):
        flags.append("stroke_signs")
    return flags


def _without(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(" ", text)


@rewrite
def journey_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module); the self-harm ones only where nothing else keeps a self-harm word
    raised (``sh_keep``, read without the look-alike's own words)."""
    out = _V["js_die_pause"]().sub(r"\1 ", text)
    out = _V["js_chest_from"]().sub("after ", out)
    skip = _V["js_skip_unnoticed"]()
    if skip.search(out) and not _SH_KEEP().search(_without(skip, out)):
        out = skip.sub("i could skip it", out)
    goodbye = _V["js_goodbye_thing"]()
    if (
        goodbye.search(out)
        and _V["js_replaced"]().search(out)
        and not _SH_KEEP().search(_without(goodbye, out))
    ):
        out = goodbye.sub("replaced an old thing", out)
    dead = _V["js_dead_at_rate"]()
    if dead.search(out) and not _SH_KEEP().search(_without(dead, out)):
        out = dead.sub("wrecked at this rate", out)
    return _spin_passed(out)


def _spin_passed(text: str) -> str:
    """``text`` with the dizziness of spinning round gone at once ("spun round and round and
    nearly fell over dizzy, fine after a sec") read as giddiness, in its sentence; never beside
    a faint, the chest, the heart, a blow to the head, vomiting or a lasting sign."""
    if not _V["js_passed_quick"]().search(text) or _V["js_spin_keep"]().search(text):
        return text
    return replace_in_sentences(text, _V["js_spun"](), _V["js_dizzy_words"](), "giddy")
