"""Look-alikes said loosely (alarms96, stop 96, issue 57): a self-harm, fainting, breath or
swelling word whose benign sense the message itself names, read as that sense.

Vocabulary in ``coach/rules/red_flag_loose_speech.yaml``. Each class keeps the word raised beside
the signs that make it the real thing (``ls_meant``, ``ls_faint_keep``, ``ls_breath_keep``):

- self-harm said of a race or a test with a goal or a laugh beside it ("gonna kill myself on this
  5k tomorrow, going for sub 20"); of a training habit, said by someone else or laughed about
  ("my wife says I'm going to kill myself with these 6am sessions lol"): read as being wrecked
  by it, never with a take-back, a low time, a means or a wish to be gone. Not "one more set
  and I'll end it all lol": a death line as the price of the next set stays raised, laugh or
  none (the lead, stop 96: as alarms31 kept it; conservative where the words are suicide's own);
- passing out as soon as the head hit the pillow: sleep;
- someone else collapsing or fainting, told with that person well again or looked after ("my
  friend Jean collapsed at the tea dance last week, she's home now", "saw a guy pass out at the
  meet, medics sorted him quick"; the lead, stop 96, from blind-final-32): someone else unwell;
- nearly collapsing on a named effort with the legs gone to jelly: muscles spent, never with a
  faint's, a fall's or the heart's sign;
- the breath lost for seconds in cold water, or its gasp reflex named: the cold shock response,
  never with the chest, a wheeze, minutes, blue lips or dizziness;
- a swollen calf or leg taken back for the ankles or feet in the next words ("calves are
  swollen... no wait, it's my ankles"): read as said of the ankles.

``menopause_flush`` is not a rewrite: a hot flush put down to the menopause raises nothing in
the rules' reading already; it names ``heat_illness`` as read in a benign context for the
student's gate only (``screening.read_in_range``).
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import found_in as _has
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_loose_speech")  # coach/rules/red_flag_loose_speech.yaml
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]
_WRECKED = "be wrecked"


def _self_harm_senses(text: str) -> str:
    """The training death lines of the module, read as being wrecked (see the module)."""
    if _has(_V["ls_meant"], text) or _has(_SH_KEEP, text):
        return text
    out = text
    if _has(_V["ls_race_goal"], out):
        out = _V["ls_race_death"]().sub(lambda m: _death_wrecked(m.group(0)), out)
    if _has(_V["ls_reported_or_laugh"], out):
        out = _V["ls_habit_death"]().sub(lambda m: _death_wrecked(m.group(0)), out)
    return out


def _death_wrecked(span: str) -> str:
    return re.sub(r"\b(?:end it all|kill myself|be the death of me|die)\b", _WRECKED, span)


def _faint_senses(text: str) -> str:
    """Passing out as the head hit the pillow, and nearly collapsing with the legs gone on a
    named effort, never beside a faint's, a fall's or the heart's sign; someone else's faint
    told with that person well again (the lead, stop 96), whatever else the message says (only
    that person's words are rewritten: the athlete's own signs are read as ever)."""
    if _has(_V["ls_other_recovered"], text):
        text = _V["ls_other_fainted"]().sub("someone else was unwell", text)
    if _has(_V["ls_faint_keep"], _V["ls_pillow_sleep"]().sub(" ", text)):
        return text
    out = _V["ls_pillow_sleep"]().sub("fell asleep as soon as i went to bed", text)
    sentences = re.split(r"(?<=[.;!?\n])", out)
    return "".join(
        _V["ls_near_collapse"]().sub("was spent", s) if _has(_V["ls_legs_gone"], s) else s
        for s in sentences
    )


def _breath_senses(text: str) -> str:
    """The breath lost for seconds in cold water: the cold shock's gasp."""
    if (
        not _has(_V["ls_cold_water"], text)
        or not _has(_V["ls_seconds"], text)
        or _has(_V["ls_breath_keep"], text)
    ):
        return text
    return _V["ls_breath_lost"]().sub("gasped", text)


def _site_corrected(text: str) -> str:
    """A calf or leg taken back for the ankles or feet: the site said first becomes the one
    meant, and the correction goes."""
    m = _V["ls_site_corrected"]().search(text)
    if m is None:
        return text
    # "...actually it's my ankle too", "...my ankles and calf": an addition, not a correction.
    rest = re.split(r"[.;!?\n]", text[m.end() :])[0]
    if _has(_V["ls_leg_site"], rest) or re.search(r"\b(?:too|also|as well|both)\b", rest):
        return text
    before = text[: m.start()]
    sites = list(_V["ls_leg_site"]().finditer(before))
    if not sites:
        return text
    last = sites[-1]
    return f"{before[: last.start()]}{m.group('site')}{before[last.end() :]}, {text[m.end() :]}"


@rewrite
def loose_figures(text: str) -> str:
    """``text`` (lower-cased) with the module's loose look-alikes read in their benign sense."""
    out = _self_harm_senses(text)
    out = _faint_senses(out)
    out = _breath_senses(out)
    return _site_corrected(out)


def menopause_flush(text: str) -> bool:
    """A hot flush put down to the menopause with no heat illness's or heart's sign beside it
    (``text`` lower-cased): ``heat_illness`` in a benign context, for the student's gate."""
    return (
        _has(_V["ls_hot_flush"], text)
        and _has(_V["ls_menopause"], text)
        and not _has(_V["ls_heat_keep"], text)
    )


def names_self_harm_word(text: str) -> bool:
    """Whether ``text`` (any case) has any word that could be part of self-harm (broad on
    purpose: "me", "myself", "can't", "anymore", "all"...): the student's self-harm reading of
    a plain request is held back only without one (``assistant.student_sense_gate``)."""
    return isinstance(text, str) and _has(_V["ls_self_harm_words"], text.lower())


def near_faint_denied(text: str) -> bool:
    """Whether ``text`` (any case) says a faint that could have come and then did not ("I
    could've passed out after that AMRAP lol. didn't obviously"), for the student's gate."""
    return isinstance(text, str) and _has(_V["ls_near_faint_denied"], text.lower())
