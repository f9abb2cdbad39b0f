"""Red flags and look-alikes said the way shift workers and physical jobs say them (redau18,
issue 57).

The eighteenth final blind set's writer AU wrote as nurses and paramedics on nights,
firefighters, soldiers and police, warehouse, building, farm and kitchen staff and drivers do:
typed fast on a break, trade slang, and the English of Scotland, Northern England, Jamaica,
South Africa, India and the US South. The rules alone missed a third of its self-harm and a
handful of the body's signs. Each check here is a class of how people say it, with its
vocabulary in ``coach/rules/red_flag_work_speech.yaml``:

- spellings of speech (``work_gloss``, read by every red-flag check): "masel", "meself" and
  "misen" are "myself", Northern "me mam" is "my mum" and "our kid" a brother, patois "mi
  cyaan tek it nuh more" is "i can't take it anymore" and "nobody a go miss mi" "nobody going
  to miss me", "wasnt no accident" was on purpose, a reliever that "ain't touching it" is not,
  a bottle of "jack" is whiskey, a flyover is a bridge, a device that "says af" says AFib;
- self-harm (``work_self_harm``): a gun taken home with an intent to end it, the rest of one's
  medicine swallowed with drink or woken from on the floor, self-injury at the wrists in slang
  ("had a go at my wrists"), and a joke's way to be gone with a work machine or the drugs at
  hand ("reverse the forklift over me") taken back;
- the body (``work_flags``): a load that came down on the head or the hard hat with a
  neurological sign after it, breathlessness that makes talking hard work after a small effort
  or new to the person, a single item all a day or a shift eats beside a weight cut or days of
  it;
- look-alikes (``work_figures``, a benign-sense rewrite): ending it with one's gym or a person
  one has dealings with, a wish to die at the sight of an exercise beside its swap asked for, a heart racing while watching a game, can't breathe after a named
  hard effort said with a laugh or its score; never beside what keeps each a sign.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.concepts_body import _EXERTION, _NEURO
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _clauses, _found, _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_work_speech")  # coach/rules/red_flag_work_speech.yaml
_SH = patterns("red_flag_self_harm")
_SH_LOOKALIKES = patterns("red_flag_self_harm_lookalikes")

Pattern = Callable[[], re.Pattern[str]]

# What each of ``ws_patois_words`` reads as.
_PATOIS = {
    "cyaan": "can't",
    "caan": "can't",
    "cyan't": "can't",
    "tek": "take",
    "wid": "with",
    "everyting": "everything",
    "nuttn": "nothing",
    "nutten": "nothing",
    "nuh more": "anymore",
    "nuh mo": "anymore",
    "dis": "this",
    "dat": "that",
}
# Each spelling and what every check reads it as; a replacement naming groups uses them.
_SPELLINGS: tuple[tuple[Pattern, str], ...] = (
    (_V["ws_myself"], "myself"),
    (_V["ws_me_my"], "my "),
    (_V["ws_mam"], "my mum"),
    (_V["ws_our_kid"], "my brother"),
    (_V["ws_patois_i"], "i "),
    (_V["ws_patois_me"], r"\1 me"),
    (_V["ws_patois_nobody"], "nobody will"),
    (_V["ws_patois_going"], r"\1 going to"),
    (_V["ws_no_accident"], "wasn't an accident"),
    (_V["ws_aint_working"], "not"),
    (_V["ws_nothing_done"], r"\1 \2 anything"),
    (_V["ws_spirits"], "bottle of whiskey"),
    (_V["ws_overpass"], "bridge"),
    (_V["ws_device_af"], r"\1 afib"),
    (_V["ws_tryna"], "trying to"),
)

_GUN = _V["ws_gun_home"]
_END_INTENT = _V["ws_end_intent"]
_OVERDOSE = _V["ws_overdose_drink"]
_OVERDOSE_AFTER = _V["ws_overdose_after"]
_WRISTS = _V["ws_wrists_go"]
_JOKE_MEANS = _V["ws_joke_means"]
_NOT_JOKING = _V["ws_not_joking"]
_NOT_JOKING_SH = _SH["sh_not_joking"]

_LOAD_ON_HEAD = _V["ws_load_on_head"]
_BREATH_SPEECH = _V["ws_breath_speech"]
_NEVER_LIKE_THIS = _V["ws_never_like_this"]
_BREATHLESS = _V["ws_breathless"]
_MINIMAL = _V["ws_minimal_effort"]
_ONE_ITEM = _V["ws_one_item_day"]
_ONE_ITEM_DAYS = _V["ws_one_item_days"]

_END_IT_WITH = _V["ws_end_it_with"]
_HEART_SPECTACLE = _V["ws_heart_spectacle"]
_SPECTACLE_KEEP = _V["ws_spectacle_keep"]
_EFFORT_LAUGH = _V["ws_effort_laugh"]
_EFFORT_KEEP = _V["ws_effort_keep"]
_DIE_AT_EXERCISE = _V["ws_die_at_exercise"]
_SWAP_ASKED = _V["ws_swap_asked"]
_SH_KEEP = _SH_LOOKALIKES["sh_keep"]


def work_gloss(text: str) -> str:
    """``text`` (lower-cased) with the spellings of speech of the module read as the standard
    words every check reads ("am gonna kill masel" is "kill myself"). Not a benign sense: it
    runs inside ``literal()`` too."""
    out = _V["ws_patois_words"]().sub(lambda m: _PATOIS[m.group(0)], text)
    for pattern, standard in _SPELLINGS:
        out = pattern().sub(standard, out)
    return out


def work_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased, glossed) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    if _said(_GUN, sentences) and _said(_END_INTENT, sentences):
        return True
    if _said(_OVERDOSE, sentences) and _OVERDOSE_AFTER().search(text):
        return True
    if _said(_WRISTS, sentences):
        return True
    taken_back = _NOT_JOKING().search(text) or _NOT_JOKING_SH().search(text)
    return _JOKE_MEANS().search(text) is not None and taken_back is not None


def work_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in a job's words (see the module); ``plain`` is ``text``
    without exercise words."""
    clauses = _clauses(plain)
    flags: list[str] = []
    # A load on the head or the hard hat, then a sign of the brain (the other layers read a
    # blow said in sport's words).
    hit = any(_found(_LOAD_ON_HEAD(), c) for c in _clauses(text))
    if hit and any(_found(_NEURO(), c) for c in clauses):
        flags.append("head_injury_signs")
    breath = any(_found(_BREATHLESS(), c) for c in _clauses(text))
    speech = any(_found(_BREATH_SPEECH(), c) for c in _clauses(text))
    small = _MINIMAL().search(text) is not None or not _EXERTION().search(plain)
    if breath and speech and (small or _NEVER_LIKE_THIS().search(text)):
        flags.append("severe_breathlessness")
    if _found(_ONE_ITEM(), text) and _ONE_ITEM_DAYS().search(text):
        flags.append("extreme_diet")
    return flags


@rewrite
def work_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out: ending it with one's gym or a person one has dealings with (only where nothing else
    keeps a self-harm word raised, ``sh_keep``), a wish to die at the sight of an exercise with
    its swap asked for (the same condition), a heart racing while watching a game (never
    with dizziness, the chest, faintness, breath or lasting), can't breathe after a named hard
    effort with a laugh or its score (never with a wheeze, the chest, lasting or at rest)."""
    out = text
    if _END_IT_WITH().search(out) and not _SH_KEEP().search(_END_IT_WITH().sub(" ", out)):
        out = _END_IT_WITH().sub("cancelling", out)
    # A wish to die at the sight of an exercise with the exercise's swap asked for: a plan
    # asked for is not a plan to die (as recall17's bulk), never beside a ``sh_keep`` sign.
    if (
        _DIE_AT_EXERCISE().search(out)
        and _SWAP_ASKED().search(_DIE_AT_EXERCISE().sub(" ", out))
        and not _SH_KEEP().search(_DIE_AT_EXERCISE().sub(" ", out))
    ):
        out = _DIE_AT_EXERCISE().sub("hate seeing those", out)
    if _HEART_SPECTACLE().search(out) and not _SPECTACLE_KEEP().search(out):
        out = _HEART_SPECTACLE().sub("buzzing", out)
    if _EFFORT_LAUGH().search(out) and not _EFFORT_KEEP().search(out):
        out = _EFFORT_LAUGH().sub("knackered after the session", out)
    return out
