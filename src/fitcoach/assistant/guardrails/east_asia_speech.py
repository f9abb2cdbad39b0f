"""Red flags and look-alikes said the way people of East and Southeast Asia and their diasporas
say them (redaz20, issue 57).

The twentieth final blind set's writer AZ wrote in the learners' English of Hong Kong, Thailand,
Indonesia, Korea, Japan and the Philippines, training in tropical cities. The rules alone missed
some of its signs said in plain or learners' words, and raised some of its everyday stories. Each
check here is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_east_asia_speech.yaml``:

- spellings of speech (``east_asia_gloss``, read by every check): "35 degree" is 35 degrees; a
  heart that "went super fast" is a racing heart;
- self-harm (``east_asia_self_harm``, ``east_asia_weak_kinds``): a train platform with the
  thought of one step and everything stopping, or lingering there as trains go by (never when
  they were too crowded to board); others told they need not worry after this, one's data and
  subscriptions erased (finality's kinds, two needed as everywhere);
- the body (``east_asia_flags``): a tropical city's heat with a brain sign or two heat signs
  (no sweat, skin very hot or dry, the head cloudy); a long bus or train ride with a calf warm,
  red or shiny and sore; a ball or a blow hitting the face or head with a brain sign after it;
- look-alikes (``east_asia_figures``, a benign-sense rewrite): passing out at a clock hour told
  as sleep, an injury watched on someone else, a chest burn after a meal settled by an antacid (heartburn), a
  racing heart put down to a feeling, winded by a blow for seconds then fine, a relative's heart
  attack at an age, a death line quoted as said to a friend over a training thing with a laugh;
  each never beside the signs that keep it raised.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.concepts_body import _NEURO
from fitcoach.assistant.guardrails.concepts_context import _CNS, _HEAT_SIGN
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _bilateral_only, _clauses, _found
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_east_asia_speech")  # coach/rules/red_flag_east_asia_speech.yaml
_OD = patterns("red_flag_outdoor_speech")
_AWAY = patterns("red_flag_self_harm")["sh_away"]
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]


def east_asia_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of speech read as the standard words.
    Not a benign sense: it runs inside ``literal()`` too."""
    out = _V["ea_degree"]().sub(r"\1 degrees", text)
    return _V["ea_heart_went_fast"]().sub("heart racing", out)


def east_asia_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm at a train platform: the thought of one step
    and everything stopping, or two kinds of lingering there with no crowd to explain them."""
    if not _V["ea_platform"]().search(text):
        return False
    if any(_found(_V["ea_platform_strong"](), c) for c in _clauses(text)):
        return True
    lingering = {m.group(0)[:4] for m in _V["ea_platform_weak"]().finditer(text)}
    return len(lingering) >= 2 and not _V["ea_crowded"]().search(text)


def east_asia_weak_kinds(clauses: list[str], text: str) -> set[str]:
    """Finality's weak kinds said in the module's words, for ``concepts_self_harm``: two kinds
    together are a sign, one alone is ordinary ("cancel my subscription, moving to another
    app"); never beside an ordinary reason to be away."""
    if _AWAY().search(text):
        return set()
    kinds: set[str] = set()
    if any(_found(_V["ea_no_worry_after"](), c) for c in clauses):
        kinds.add("relieved")
    if any(_found(_V["ea_erase"](), c) for c in clauses):
        kinds.add("affairs")
    return kinds


def _hot_city(text: str, clauses: list[str]) -> bool:
    """A tropical city's heat, out in it, with a brain sign or two heat signs."""
    if not _V["ea_hot_place"]().search(text):
        return False
    if not (_OD["od_out_in_it"]().search(text) or _V["ea_out_in_it"]().search(text)):
        return False
    signs = sum(
        len(list(p().finditer(c))) for p in (_HEAT_SIGN, _V["ea_heat_sign"]) for c in clauses
    )
    return any(_found(_CNS(), c) for c in clauses) or signs >= 2


def _calf_after_ride(text: str) -> bool:
    """A long ride sitting still with one calf warm, red or shiny and a second sign, in any
    order in its sentence; never both legs alone."""
    if not _V["ea_long_ride"]().search(text) or _bilateral_only(text):
        return False
    for m in _V["ea_calf_signs"]().finditer(text):
        signs = {w.group(0) for w in _V["ea_calf_other"]().finditer(m.group(0))}
        if _V["ea_calf_inflamed"]().search(m.group(0)) and len(signs) >= 2:
            return True
    return False


def _blow_then_brain(text: str, plain: str) -> bool:
    """A ball or a blow to the face or head, with a brain sign said after it."""
    hit = _V["ea_head_hit"]().search(text)
    if hit is None:
        return False
    at = plain.find(hit.group(0))
    after = plain[at:] if at >= 0 else plain
    return any(_found(_NEURO(), c) for c in _clauses(after))


def east_asia_flags(text: str, plain: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes; ``plain`` is ``text`` without
    exercise words."""
    clauses = _clauses(plain)
    flags: list[str] = []
    if _hot_city(text, clauses):
        flags.append("heat_illness")
    if _calf_after_ride(text):
        flags.append("dvt_signs")
    if _blow_then_brain(text, plain):
        flags.append("head_injury_signs")
    return flags


def _in_sentences(
    text: str,
    found: tuple[re.Pattern[str], ...],
    keep: re.Pattern[str],
    words: re.Pattern[str],
    to: str,
) -> str:
    """``text`` with ``words`` replaced by ``to`` in each sentence where all of ``found`` are
    and ``keep`` is not."""
    return re.sub(
        r"[^.;!?\n]+",
        lambda m: (
            words.sub(to, m.group(0))
            if all(p.search(m.group(0)) for p in found) and not keep.search(m.group(0))
            else m.group(0)
        ),
        text,
    )


@rewrite
def east_asia_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = text
    # Passing out at an evening hour is sleep where the message says one slept or woke.
    if _V["ea_sleep_word"]().search(out) and not _V["ea_faint_keep"]().search(out):
        out = _V["ea_sleep_clock"]().sub("fell asleep", out)
    out = _V["ea_other_injury"]().sub("saw someone get hurt", out)
    # A chest burn after a meal that an antacid settled is heartburn, even lying down after the
    # meal (when reflux comes); never beside a cardiac sign, an effort or the antacid failing.
    if (
        _V["ea_antacid_relief"]().search(out)
        and _V["ea_meal"]().search(out)
        and not _V["ea_heartburn_keep"]().search(out)
    ):
        out = _V["ea_chest_burn"]().sub("heartburn", out)
    if not _V["ea_emotion_keep"]().search(out):
        out = _V["ea_heart_emotion"]().sub("i was flustered", out)
    # Winded by a blow, for seconds and then fine: the wind knocked out, not breathlessness.
    out = _in_sentences(
        out,
        (_V["ea_winded_blow"](), _V["ea_seconds_then_fine"]()),
        _V["ea_winded_keep"](),
        _V["ea_breath_words"](),
        "was winded",
    )
    out = _V["ea_relative_heart"]().sub("a relative's heart history", out)
    return _quoted_joke(out)


def _quoted_joke(text: str) -> str:
    """``text`` with a line quoted as said to someone taken out, where a training thing seen is
    its reason and a laugh is beside it ("told my mate 'i'll jump off a bridge' when i saw the
    hills on the course lol"); never beside a ``sh_keep`` sign (read without the quote and
    without hating a training thing)."""
    quoted = _V["ea_quoted_line"]()
    if not (
        quoted.search(text) and _V["ea_joke_cause"]().search(text) and _V["ea_laugh"]().search(text)
    ):
        return text
    rest = _V["ea_hate_training"]().sub(" ", quoted.sub(" ", text))
    return text if _SH_KEEP().search(rest) else quoted.sub("groaned", text)
