"""Red flags and look-alikes said the way endurance athletes pasting watch lines, daily trackers,
beginners on machines and in classes, and second-language writers say them (red57k, issue 57).

corpus-57k's writers BM (runners, cyclists and triathletes with their watch's lines), BN (sleep,
meals and readings logged every day, parents among them), BO (beginners, machines and classes)
and BP (second-language writers, dictation, self-corrections) wrote signs in a training log's
shorthand and shocks, laughs and old worries with red flags' words. Each check here is a class
of how people say it, with its vocabulary in ``coach/rules/red_flag_tracker_speech.yaml``:

- self-harm (``tracker_self_harm``): thinking of, wishing for or dreaming of not waking up, any
  tense, never an early start or an alarm;
- the body (``tracker_flags``): a fluttery or pounding heart with the place around one spinning;
  a knock to the head with the helmet broken and being sick or a gap in memory after it; a
  pregnancy's baby moving less; urine the colour of cola or tea;
- look-alikes (``tracker_figures``): wanting to die said with a laugh about a rep, a class or
  tiredness; a heart attack had at a price seen; not breathing for laughing; faint from hunger
  with a laugh or the meal coming; seeing stars at a knock with every sign after it denied; a
  past low explained and settled since; a joint that pops back in as it always does, said
  normal and not painful; breath short in Spanish or Portuguese on the last reps of intervals;
  a past chest symptom a cardiologist cleared; (crisis91) a device that "passed out" or "died", a
  heart attack nearly had and explained away, a chest symptom asked and answered no. Each never
  beside the signs that keep it raised.
"""

from __future__ import annotations

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_tracker_speech")  # coach/rules/red_flag_tracker_speech.yaml
_DL = patterns("red_flag_daily_life_speech")
_HEART_ODD = _DL["dl_heart_odd"]
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]


def tracker_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    return _V["tk_no_waking"]().search(text) is not None


def tracker_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes."""
    flags: list[str] = []
    if _HEART_ODD().search(text) and _V["tk_spinning"]().search(text):
        flags.append("palpitations_dizziness")
    if _V["tk_head_hit"]().search(text) and _V["tk_head_sign"]().search(text):
        flags.append("head_injury_signs")
    if _V["tk_pregnant"]().search(text) and _V["tk_baby_quiet"]().search(text):
        flags.append("pregnancy_warning_signs")
    if _V["tk_dark_pee"]().search(text):
        flags.append("rhabdomyolysis")
    return flags


def _laughed_death(out: str) -> str:
    """``out`` with a death wish said with a laugh about training or tiredness renamed, sentence
    by sentence; never where a take-back or a self-harm sign is anywhere in the message."""
    if _V["tk_die_keep"]().search(out) or _SH_KEEP().search(out) or tracker_self_harm(out):
        return out
    for s in _sentences(out):
        if _V["tk_die_laugh"]().search(s) and _V["tk_die_reason"]().search(s):
            out = out.replace(s, _V["tk_die_laugh"]().sub("i am wiped", s))
    return out


@rewrite
def tracker_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = _laughed_death(text)
    # A device's battery said as a faint or a death; a fright explained away; a chest symptom
    # asked and answered no (crisis91).
    out = _V["tk_device_out"]().sub("the device ran flat", out)
    if not _DL["dl_shock_keep"]().search(out):
        out = _V["tk_fright_explained"]().sub("got a fright", out)
    out = _V["tk_asked_no"]().sub("all fine", out)
    if not _DL["dl_shock_keep"]().search(out):
        out = _V["tk_price_shock"]().sub("got a shock", out)
        out = _V["tk_price_skull"]().sub(r"\1 lol", out)
    if _V["tk_laugh_cause"]().search(out) and not _V["tk_breath_keep"]().search(out):
        out = _V["tk_laugh_breath"]().sub("was laughing so hard", out)
    if not _V["tk_hunger_keep"]().search(out):
        out = _V["tk_hunger_faint"]().sub("hungry", out)
    if _V["tk_stars_denied"]().search(out) and not _V["tk_stars_keep"]().search(out):
        out = _V["tk_stars"]().sub("it stung", out)
    if _V["tk_hypo_settled"]().search(out) and not _V["tk_hypo_keep"]().search(out):
        out = _V["tk_hypo_past"]().sub("had a dip once", out)
    if _V["tk_joint_habit"]().search(out) and not _V["tk_joint_keep"]().search(out):
        out = _V["tk_joint_pop"]().sub("clicked", out)
    if not _V["tk_air_keep"]().search(out):
        out = _V["tk_air_effort"]().sub("puffed", out)
    if _V["tk_cleared"]().search(out) and not _V["tk_cleared_keep"]().search(out):
        out = _V["tk_cleared_past"]().sub("had an old checked worry", out)
    # A past heart attack or stroke as the time a log counts from, no sign now (rulealarms).
    if not _V["tk_event_keep"]().search(out):
        out = _V["tk_event_since"]().sub("since my old illness", out)
    return out
