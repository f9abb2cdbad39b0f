"""Red flags and look-alikes said the way people of South Asia, Africa, the Caribbean and their
diasporas say them (reday20, issue 57).

The twentieth final blind set's writer AY wrote in Caribbean creole, Hinglish and Pidgin, of
cricket, boxing weigh-ins, fasting and family. The rules alone missed some of its self-harm and
signs said in those words, and raised some of its stories about others. Each check here is a
class of how people say it, with its vocabulary in ``coach/rules/red_flag_diaspora_speech.yaml``:

- spellings of speech (``diaspora_gloss``, read by every red-flag check): creole "doh", "eh go",
  "mih", "ting"; an inhaler called a "pump" beside a breath sign; an "op"; a limb "blown up";
  trouble going to the toilet (in Hinglish too); "one side" swollen after a blow to the groin;
- self-harm (``diaspora_self_harm``): standing at the end of a platform or a pier with a sign of
  why (not jumping, an hour, the fast train); one's head telling one to do a way to die; a death
  joke taken back in young words ("no fr", "it's funny until it isn't", "joke joke. but
  actually");
- the body (``diaspora_flags``): a muscle felt tearing with a bruise or a changed shape; a blow
  taken on a helmet with a sign of the brain; eating stopped for days; water and one small thing
  a day for days;
- look-alikes (``diaspora_figures``, a benign-sense rewrite): a hope not to wake up sore or early,
  pills taken for a pain, breath short with a laugh after a hard effort, a heart attack someone
  warns of or a relative had, someone else collapsing, a face numb from the dentist, a wish to
  die "every time" a chore comes round; the self-harm ones never beside a ``sh_keep`` sign.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.concepts_body import _NEURO
from fitcoach.assistant.guardrails.lookalikes import _BREATH_WORRYING, _HARD_EFFORT
from fitcoach.assistant.guardrails.phrases import _BREATHLESS
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import (
    _clauses,
    _found,
    _said,
    _sentences,
    replace_in_sentences,
)
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_diaspora_speech")  # coach/rules/red_flag_diaspora_speech.yaml
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]
_METHOD_PLACE = patterns("red_flag_self_harm")["sh_method_place"]
_JS = patterns("red_flag_journey_speech")
_DAYS_SPAN = _JS["js_days_span"]
_BREATH_PHRASES = (_BREATHLESS, _JS["js_breath_hard"], _JS["js_breath_words"])


def diaspora_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of speech read as the standard words
    ("i eh go be around" is "i won't be around"). Not a benign sense."""
    out = _V["dy_creole_dont"]().sub("don't", text)
    out = _V["dy_creole_wont"]().sub("won't", out)
    out = _V["dy_creole_my"]().sub("my", out)
    out = _V["dy_creole_thing"]().sub("thing", out)
    if _V["dy_pump_context"]().search(out):
        out = _V["dy_pump"]().sub(lambda m: (m.group(1) or "") + "inhaler", out)
    out = _V["dy_operation"]().sub(r"\1 operation", out)
    out = _V["dy_post_op"]().sub("after surgery", out)
    out = _V["dy_blown_up"]().sub(r"\1 swollen", out)
    out = _V["dy_toilet_trouble"]().sub("trouble passing urine", out)
    if _V["dy_groin"]().search(out):
        out = _V["dy_one_side"]().sub("one of my balls", out)
    return out


def diaspora_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased, glossed) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    if _said(_V["dy_platform_end"], sentences) and _V["dy_platform_thought"]().search(text):
        return True
    # A high place with the act not done ("stood on the bridge for an hour. didn't do it"): a
    # near attempt told in the past, whatever follows it (BD-0022, the twenty-second set).
    if (
        _said(_V["dy_high_place"], sentences)
        and _said(_V["dy_not_done"], sentences)
        and _V["dy_lingered"]().search(text)
    ):
        return True
    # One's head telling one to do a way to die, in its sentence.
    for sentence in sentences:
        told = _V["dy_intrusive"]().search(sentence)
        if told and (
            _METHOD_PLACE().search(sentence, told.end())
            or _V["dy_harm_act"]().search(sentence, told.end())
        ):
            return True
    return bool(_V["dy_joke_death"]().search(text) and _V["dy_taken_back"]().search(text))


def diaspora_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes; ``plain`` is ``text`` without
    exercise words."""
    clauses = _clauses(text)
    flags: list[str] = []
    if _said(_V["dy_tear_felt"], clauses) and any(_found(_V["dy_tear_mark"](), c) for c in clauses):
        flags.append("acute_injury")
    blow = any(_found(_V["dy_helmet_blow"](), c) for c in clauses)
    if blow and any(_found(_NEURO(), c) for c in _clauses(plain)):
        flags.append("head_injury_signs")
    if any(
        (_said(_V["dy_stopped_eating"], [s]) or _said(_V["dy_water_and_one"], [s]))
        and _DAYS_SPAN().search(s)
        for s in _sentences(text)
    ) or (_said(_V["dy_water_and_one"], [text]) and _DAYS_SPAN().search(text)):
        flags.append("extreme_diet")
    return flags


def _without(pattern: re.Pattern[str], text: str) -> str:
    return pattern.sub(" ", text)


def _self_harm_figure(pattern: re.Pattern[str], text: str, benign_words: str) -> str:
    """``text`` with ``pattern`` read as ``benign_words`` where nothing else keeps a self-harm
    word raised (``sh_keep``, read without the look-alike's own words)."""
    if pattern.search(text) and not _SH_KEEP().search(_without(pattern, text)):
        return pattern.sub(benign_words, text)
    return text


@rewrite
def diaspora_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = _self_harm_figure(_V["dy_wake_qualified"](), text, "hope i wake up fine ")
    # A wish to die whenever a chore comes round is quiet only laughed at and done anyway:
    # dreading it alone stays a sign (work_speech keeps "want to die whenever i see box jumps").
    if _V["dy_effort_laugh"]().search(out) and _V["dy_done_anyway"]().search(out):
        out = _self_harm_figure(_V["dy_wish_every_time"](), out, "dread it")
    pills = _V["dy_pills_for_pain"]()
    if not _V["dy_pain_sad_keep"]().search(out):
        out = _self_harm_figure(pills, out, r"\1 my painkillers")
    out = _V["dy_heart_attack_warned"]().sub("worry them", out)
    out = _V["dy_relative_heart_attack"]().sub("a family story", out)
    out = _V["dy_other_collapsed"]().sub("someone else was unwell", out)
    out = _dental_numb(out)
    return _laughing_effort(out)


def _dental_numb(text: str) -> str:
    """``text`` with a numb face or mouth put down to the dentist read as the dentist's
    injection, in its sentence; never beside a droop, slurred speech, a weak limb or lasting."""
    if not _V["dy_dental"]().search(text) or _V["dy_dental_keep"]().search(text):
        return text
    return replace_in_sentences(text, _V["dy_dental"](), _V["dy_numb"](), "anaesthetised")


def _laughing_effort(text: str) -> str:
    """``text`` with breath short after a named hard effort and laughed at ("did the 200s, can
    only say a few words haha") read as being puffed; never with a sign that keeps
    breathlessness after effort raised (a wheeze, the chest, at rest, lasting)."""
    if not (
        (_HARD_EFFORT().search(text) or _V["dy_hard_done"]().search(text))
        and _V["dy_effort_laugh"]().search(text)
        and not _BREATH_WORRYING().search(text)
    ):
        return text
    for phrase in _BREATH_PHRASES:
        text = phrase().sub("puffed", text)
    return text
