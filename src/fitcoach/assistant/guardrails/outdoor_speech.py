"""Red flags and look-alikes said the way people who train at home and outdoors say them
(redax19, issue 57).

The nineteenth final blind set's writer AX wrote as garage-gym and kettlebell people, ruckers,
hill and fell runners, cold-water swimmers, bike commuters and hikers, in the heat of the Gulf
and northern Australia and the cold of Scandinavia and Canada, in the English of Poles,
Ukrainians, Russians, Romanians, Germans, Dutch, Nordic speakers and the Gulf. Each check here
is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_outdoor_speech.yaml``:

- spellings (``outdoor_gloss``, read by every red-flag check): "chucking up" and "spewed up"
  are throwing up, a toe "pointing a weird direction" points the wrong way, a heart "going
  really fast" is racing;
- self-harm (``outdoor_self_harm``): a journey out of reach ("swim out till I can't swim back")
  wished for or taken back as a joke, a body part's "dead" wished on the rest of oneself with
  the joke taken back, a place to end it gone to and "didn't do it", the world unmoved if one
  vanished beside a way worked out;
- the body (``outdoor_flags``): a place whose heat is the point (Darwin, Dubai, Doha) with a
  brain sign or two heat signs, one small item as all a day holds for days or weeks; the bends
  after a dive (aching joints, a mottled rash, tingling limbs: crisis91);
- look-alikes (``outdoor_figures``, a benign-sense rewrite): a weekend "blacked out" in the
  diary, no breathing through a blocked nose, a faint feeling on standing that passed with a
  rest; never beside what keeps each a sign.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.concepts_body import _EXERTION
from fitcoach.assistant.guardrails.concepts_context import _CNS, _HEAT_SIGN
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _clauses, _found, _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_outdoor_speech")  # coach/rules/red_flag_outdoor_speech.yaml
_SH = patterns("red_flag_self_harm")

_SPELLINGS = (
    (_V["od_vomit"], "throwing up"),
    (_V["od_odd_direction"], "pointing the wrong way"),
    (_V["od_heart_going_fast"], "heart racing"),
)

_NO_RETURN = _V["od_no_return"]
_WISH = _V["od_wish"]
_REST_OF_ME = _V["od_rest_of_me"]
_TAKEN_BACK = _V["od_taken_back"]
_NOT_JOKING = _SH["sh_not_joking"]
_EDGE_PLACE = _V["od_edge_place"]
_DIDNT_DO_IT = _V["od_didnt_do_it"]
_WORLD_SHRUG = _V["od_world_shrug"]
_HOW_ID_DO_IT = _V["od_how_id_do_it"]

_HOT_PLACE = _V["od_hot_place"]
_OUT_IN_IT = _V["od_out_in_it"]
_OD_HEAT_SIGN = _V["od_heat_sign"]
_ONE_ITEM = _V["od_one_item"]
_WHOLE_DAY = _V["od_whole_day"]
_FOR_WEEKS = _V["od_for_weeks"]

_BLOCKED_TIME = _V["od_blocked_time"]
_BLOCKED_KEEP = _V["od_blocked_keep"]
_NOSE_BLOCKED = _V["od_nose_blocked"]
_NOSE_KEEP = _V["od_nose_keep"]
_FAINT_STANDING = _V["od_faint_standing"]
_FAINT_PASSED = _V["od_faint_passed"]
_FAINT_KEEP = _V["od_faint_keep"]


def outdoor_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings read as the standard words every
    check reads ("chucking up" is "throwing up"). Not a benign sense: it runs inside
    ``literal()`` too."""
    out = text
    for pattern, standard in _SPELLINGS:
        out = pattern().sub(standard, out)
    return out


def _taken_back(text: str) -> bool:
    return _TAKEN_BACK().search(text) is not None or _NOT_JOKING().search(text) is not None


def outdoor_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased, glossed) says self-harm in one of the module's classes."""
    sentences = _sentences(text)
    # A journey with no coming back, wished for or joked and taken back.
    if any(_NO_RETURN().search(s) and _WISH().search(s) for s in sentences):
        return True
    if _said(_NO_RETURN, sentences) and _taken_back(text):
        return True
    # "My legs are dead ... wish the rest of me was too", the joke taken back.
    # (Across sentences: the part's death word is often a sentence of its own.)
    if _REST_OF_ME().search(text) and _taken_back(text):
        return True
    # A place to end it gone to and not gone through with, with no session that "it" could be.
    if (
        _said(_EDGE_PLACE, sentences)
        and _said(_DIDNT_DO_IT, sentences)
        and not _EXERTION().search(text)
    ):
        return True
    # The world unmoved by one's vanishing, beside a way worked out or a joke taken back.
    return _said(_WORLD_SHRUG, sentences) and (_said(_HOW_ID_DO_IT, sentences) or _taken_back(text))


def outdoor_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's words; ``plain`` is ``text`` without
    exercise words."""
    clauses = _clauses(plain)
    flags: list[str] = []
    # Heat given by the place (the other layers read "heat", "humid" or a temperature): a
    # brain sign or two heat signs, as the concept layer asks of heat said in words.
    # Out in it, by an effort, a distance or the hour (not a stomach bug on a work trip).
    hot = any(_found(_HOT_PLACE(), c) for c in _clauses(text))
    if hot and _OUT_IN_IT().search(text):
        signs = sum(
            len(list(p().finditer(c))) for p in (_HEAT_SIGN, _OD_HEAT_SIGN) for c in clauses
        )
        if any(_found(_CNS(), c) for c in clauses) or signs >= 2:
            flags.append("heat_illness")
    # One small item as all a day holds, for days or weeks.
    if _ONE_ITEM().search(text) and _WHOLE_DAY().search(text) and _FOR_WEEKS().search(text):
        flags.append("extreme_diet")
    # The bends after a dive: aching joints, a blotchy rash, tingling limbs (crisis91).
    if _V["od_after_dive"]().search(text) and _V["od_bends_sign"]().search(text):
        flags.append("other_medical")
    return flags


@rewrite
def outdoor_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out: a span of the diary "blacked out", not breathing through one's nose (never with the
    chest, a wheeze, the throat or swelling), feeling faint on standing that passed with a rest
    (never with a fall, the heart, breath, repetition or lasting)."""
    out = text
    if not _BLOCKED_KEEP().search(out):
        out = _BLOCKED_TIME().sub("blocked out the days", out)
    if _NOSE_BLOCKED().search(out) and not _NOSE_KEEP().search(out):
        out = _NOSE_BLOCKED().sub("have a blocked nose", out)
    if (
        _FAINT_STANDING().search(out)
        and _FAINT_PASSED().search(out)
        and not _FAINT_KEEP().search(_FAINT_STANDING().sub(" ", out))
    ):
        out = _FAINT_STANDING().sub("had a head rush standing up", out)
    return out
