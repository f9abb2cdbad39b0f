"""Red flags and look-alikes said the way movement artists and health-care workers say them
(red24, issue 57).

blind-final-24's writers BK (dancers, climbers, gymnasts, circus and yoga people) and BL
(nurses, paramedics, doctors and other emergency workers talking about their own bodies in
clinical shorthand) wrote jokes about the routine killing them, falls from the wall meant, and
the ward's abbreviations. Each check here is a class of how people say it, with its vocabulary
in ``coach/rules/red_flag_movement_care_speech.yaml``:

- self-harm (``movement_care_self_harm``): a relapse into cutting or self-harm, never a diet's
  cut; "killing me" answered by doing it oneself; a deadly fall or a step in front of a vehicle
  said as meant or dwelt on, never a climber's practice fall; planning how one would do it with
  the means at hand; doubting one will need a plan for the weeks ahead with no ordinary reason;
  a denial of doing anything stupid undercut ("...mostly", a dark few weeks); a way to go joked
  about and then any way at all;
- the body (``movement_care_gloss``, ``movement_care_flags``): clinical "cp" said with how it
  goes as chest pain, L and R as left and right, syncope's words as fainting, a joint's scope as
  surgery, an arm and a leg on one side as that side's arm and leg; a flutter in the chest, a
  heart at 190 or more, or one still racing minutes after, with dizziness, or any racing heart
  with greying or feeling one will fall over, as palpitations with dizziness; a finger or a joint
  that "went pop" with swelling or a colour after it; out of breath at a daily chore, new;
  nothing but water or black coffee for days to be thinner;
- look-alikes (``movement_care_figures``): a chest sore from lifting (DOMS, sore to press or
  stretch), never beside what keeps chest pain raised; feeling faint for a moment after giving
  blood or a jab, then fine. Each never beside the signs that keep it raised. (A near faint
  around hard effort stays raised: red24's quietening of it was taken back at the merge.)
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.phrases import _PALPITATIONS
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_movement_care_speech")  # coach/rules/red_flag_movement_care_speech.yaml
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|wasn'?t|didn'?t|without)\b")
# A negated list carries its negation past "or" ("no pain or swelling", "not bruised or
# swollen", alarms93).
_NEGATED_LIST_BEFORE = re.compile(
    r"\b(?:not|never|no|wasn'?t|didn'?t|without)\s+(?:[\w-]+\s+){1,2}?(?:or|nor)\s+$"
)


def _found(entry: Callable[[], re.Pattern[str]], text: str) -> bool:
    return entry().search(text) is not None


def _said(entry: Callable[[], re.Pattern[str]], text: str) -> bool:
    """Whether the vocabulary ``entry`` matches with no negation just before it ("not dizzy at
    all", "not swollen" are not said)."""
    return any(
        not _NEGATED_BEFORE.search(text[max(0, m.start() - 10) : m.start()])
        and not _NEGATED_LIST_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        for m in entry().finditer(text)
    )


def movement_care_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    if _found(_V["mc_relapse_harm"], text) and not _found(_V["mc_diet_cut"], text):
        return True
    if _found(_V["mc_kills_me"], text) and _found(_V["mc_do_it_myself"], text):
        return True
    if (
        _found(_V["mc_fatal_accident"], text)
        and _found(_V["mc_accident_meant"], text)
        and not _found(_V["mc_fall_practice"], text)
    ):
        return True
    if _found(_V["mc_plan_how"], text) and _found(_V["mc_means"], text):
        return True
    if _found(_V["mc_no_future_plan"], text) and not _found(_V["mc_plan_reason"], text):
        return True
    if _found(_V["mc_nothing_stupid"], text) and _found(_V["mc_undercut"], text):
        return True
    return _found(_V["mc_way_to_go"], text) and _found(_V["mc_any_way"], text)


def movement_care_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's shorthand for signs read as the standard words.
    Not a benign sense: it runs inside ``literal()`` too."""
    out = _V["mc_cp"]().sub("chest pain", text)
    out = _V["mc_side_short"]().sub(
        lambda m: ("left " if m.group(1) == "l" else "right ") + m.group(2), out
    )
    out = _V["mc_syncope"]().sub("fainted", out)
    out = _V["mc_scope"]().sub(lambda m: f"{m.group(1) or 'joint'} surgery", out)
    return _V["mc_one_side_limbs"]().sub(r"\2 \1", out)


def movement_care_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes."""
    flags: list[str] = []
    # A racing heart in the module's words, or any racing heart with the module's going-down
    # words: either way beside a dizziness that is not denied.
    own_racing = any(
        _found(e, text) for e in (_V["mc_flutter"], _V["mc_heart_figure"], _V["mc_still_racing"])
    )
    racing = own_racing or _PALPITATIONS().search(text) is not None
    near_fall = _found(_V["mc_near_fall"], text)
    if racing and (near_fall or (own_racing and _said(_V["mc_dizzy"], text))):
        flags.append("palpitations_dizziness")
    # A finger or a joint that "went pop" with a mark after it anywhere in the message.
    pop = _V["mc_went_pop"]().search(text)
    if pop and _said(_V["mc_pop_mark"], text[pop.end() :]):
        flags.append("acute_injury")
    if _found(_V["mc_chore_breathless"], text) and _found(_V["mc_new_onset"], text):
        flags.append("severe_breathlessness")
    if _found(_V["mc_only_fluids"], text) and _found(_V["mc_thinner"], text):
        flags.append("extreme_diet")
    return flags


@rewrite
def movement_care_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = text
    # A chest sore from lifting: DOMS named, or sore to press or stretch beside the lift.
    if (
        _found(_V["mc_pec_doms"], out)
        and _found(_V["mc_press_sore"], out)
        and not _found(_V["mc_chest_keep"], out)
    ):
        out = _V["mc_chest_tight"]().sub("pecs are sore", out)
    # (Nearly keeling over around hard effort stays raised, whatever came after: a near faint on
    # exertion is a warning sign; red24's quietening of it was taken back at the merge, stop 88.)
    # Faint for a moment after giving blood or a jab, then fine.
    if (
        _found(_V["mc_blood_draw"], out)
        and _found(_V["mc_brief"], out)
        and _found(_V["mc_fine_after"], out)
        and not _found(_V["mc_faint_keep"], out)
    ):
        out = _V["mc_faint_word"]().sub("tired", out)
    return out
