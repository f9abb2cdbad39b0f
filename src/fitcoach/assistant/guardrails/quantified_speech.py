"""Self-harm said the way racket and precision athletes and quantified-self trackers say it
(red25, issue 57).

blind-final-25's writers BQ (racket and precision sports) and BR (glucose monitors, ketones,
fasting, sleep scores) wrote self-harm as a joke taken back, a score made zero for good, a life
not wanted, logging that ends, or an engine left running. Each check here is a class of how
people say it, with its vocabulary in ``coach/rules/red_flag_quantified_speech.yaml``:

- a way to be gone that jokes use (ending it, a way out, a decent way to go, a score made 0
  permanently, whether anyone would miss me) with a take-back, old or new (NICE NG225: a
  withdrawn joke is taken seriously); the older joke words with the new take-backs ("actually
  kind of mean it", "kinda hoping for it");
- a life one does not want to keep, any tense;
- not needing to log much longer, with no ordinary reason for the end (a goal, a block, a date);
- sitting in a garage with the engine running;
- the body (``quantified_flags``): not feeling oneself wipe beside a back; a ball, racket or
  club to the head with double vision, a lost day or a worsening headache; a reliever that has
  done nothing; breathing worse even lying still; a week or more of water only; one drink all
  day for days; hair falling out beside a fast weight loss;
- look-alikes (``quantified_figures``): cold shock's gasp or blue lips in a plunge or an ice
  bath, gone after; a high heart rate in a sauna back down once cooled; a sensor's compression
  low; acetone breath from keto or a fast, without diabetes; slurring with a dentist's
  numbing; air that will not pass the nose (mouth tape, a cold); a blood pressure said "122 over
  79" beside a blood pressure word (a pair, as "122/79" is). Each never beside the signs that
  keep it raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.senses import firm_rewrite, rewrite
from fitcoach.assistant.guardrails.text import _clauses, _said, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_quantified_speech")  # coach/rules/red_flag_quantified_speech.yaml
_SH = patterns("red_flag_self_harm")


def quantified_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    idea = _V["qs_death_idea"]().search(text) or _SH["sh_joke_death"]().search(text)
    back = _V["qs_take_back"]().search(text) or _SH["sh_not_joking"]().search(text)
    if idea and back and (_V["qs_death_idea"]().search(text) or _V["qs_take_back"]().search(text)):
        return True
    if _V["qs_life_unwanted"]().search(text) or _V["qs_fumes"]().search(text):
        return True
    return bool(_V["qs_no_longer_logging"]().search(text) and not _V["qs_reason"]().search(text))


def quantified_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes."""
    flags: list[str] = []
    clauses = _clauses(text)

    def said(pattern: Callable[[], re.Pattern[str]]) -> bool:
        # Negated signs do not count ("no double vision", "can still feel everything").
        return _said(pattern, clauses)

    if said(_V["qs_saddle_numb"]) and _V["qs_back"]().search(text):
        flags.append("cauda_equina_signs")
    if _V["qs_head_knock"]().search(text) and said(_V["qs_head_sign"]):
        flags.append("head_injury_signs")
    if said(_V["qs_reliever_nothing"]):
        flags.append("asthma_unrelieved")
    # Struck by a vehicle is trauma to be checked, never a near miss (alarms, stop 90).
    if any(
        not _V["qs_near_miss"]().search(c[: m.start()])
        for c in clauses
        for m in _V["qs_struck_by_vehicle"]().finditer(c)
    ):
        flags.append("acute_injury")
    if _V["qs_breath_rest"]().search(text):
        flags.append("severe_breathlessness")
    if (
        said(_V["qs_fast_long"])
        or _V["qs_only_this_again"]().search(text)
        or (said(_V["qs_hair_loss_weight"]) and _V["qs_fast_loss"]().search(text))
    ):
        flags.append("extreme_diet")
    return flags


@rewrite
def quantified_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module), sentence by sentence where the sense is the sentence's."""
    out = text
    for s in _sentences(out):
        if (
            _V["qs_cold_place"]().search(s)
            and _V["qs_cold_after"]().search(out)
            and not _V["qs_cold_keep"]().search(out)
        ):
            out = out.replace(s, _V["qs_cold_sign"]().sub("felt the cold", s))
    if (
        _V["qs_heat_place"]().search(out)
        and _V["qs_heat_settled"]().search(out)
        and not _V["qs_heat_keep"]().search(out)
    ):
        out = _V["qs_heat_hr"]().sub("warm in there", out)
    if _V["qs_compression_low"]().search(out) and not _V["qs_low_keep"]().search(out):
        out = _V["qs_glucose_low"]().sub("read a figure", out)
    if (
        _V["qs_keto_breath"]().search(out)
        and _V["qs_keto_cause"]().search(out)
        and not _V["qs_keto_keep"]().search(out)
    ):
        out = _V["qs_keto_breath"]().sub("keto breath", out)
    if _V["qs_dental"]().search(out) and not _V["qs_dental_keep"]().search(out):
        out = _V["qs_dental_sign"]().sub("numb from the dentist", out)
    # A blood pressure said "122 over 79" is a pair, as "122/79" is: no heart rate (stop 90).
    for s in _sentences(out):
        if _V["qs_bp_word"]().search(s):
            out = out.replace(s, _V["qs_bp_over"]().sub(r"\1/\2", s))
    # Feeling as if hit by a truck is soreness, the figure's benign sense (stop 90).
    out = _V["qs_struck_figure"]().sub("feel wrecked", out)
    # Air that will not pass the nose is a blocked nose, the mouth still open (alarms, stop 90).
    if not _V["qs_nose_keep"]().search(out):
        out = _V["qs_nose_air"]().sub("had a blocked nose", out)
    return out


@firm_rewrite  # a lie-down done on purpose names no faint at all: firm (gate23)
def deliberate_lie_down(text: str) -> str:
    """``text`` (lower-cased) with a collapse told as done on purpose in its own sentence
    ("collapsed onto the mat like a starfish, on purpose") renamed a lie-down, never where the
    message names anything of a faint (passing or blacking out, coming to, dizziness, the
    vision, the head, the heart, not remembering): alarms, stop 90."""
    if _V["qs_collapse_keep"]().search(text):
        return text
    out = text
    for s in _sentences(text):
        if _V["qs_on_purpose"]().search(s):
            out = out.replace(s, _V["qs_collapse_word"]().sub("lay down", s))
    return out
