"""Red flags and look-alikes said the way people living with long-term conditions and everyday
people logging on the go say them (red57b, issue 57).

corpus-57j's writers BH (type 1 and 2 diabetes, asthma, heart rehab, endometriosis,
hypermobility, long COVID) and BJ (quick logs between errands) wrote a death wished for as a
throwaway line then meant, signs in a condition's own words, and shocks and jokes said with red
flags' words. Each check here is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_daily_life_speech.yaml``:

- self-harm (``daily_life_self_harm``): not existing, not being around or one's heart stopping
  wished for, taken back as meant ("not even joking", "I've thought about how"), never with an
  ordinary reason for being away (a trip, a shift);
- the body (``daily_life_flags``): breathless even lying down or needing pillows stacked to
  sleep; gasping with a rattling chest; a pop at the back of the ankle with a kicked feeling or
  no rising onto the toes; a thumping or skippy heart with dizziness or nearly going over;
  ketone breath, or sugar far above range while being sick; a reliever that does not touch it;
  a sharp pain low on the right with a fever or not standing up straight;
- look-alikes (``daily_life_figures``): a faint or a heart attack said as one's shock at a bill
  or a number seen; wanting to die with "(of embarrassment)" named; a death threatened for one
  more rep with a laugh; a chest pain named as chafing; a glucose sensor's error with a finger
  prick in range; slurring from talking through a plank; breath lost carrying a load; a tight
  chest from a head cold; a burning behind the breastbone named heartburn that an antacid
  cleared; a low oximeter reading from cold fingers, normal once warm; starving oneself taken
  back as a joke with the meal named. Each never beside the signs that keep it raised.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_daily_life_speech")  # coach/rules/red_flag_daily_life_speech.yaml
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]
# Sentences whose decimal points stay inside their readings ("said 2.2 then 8").
_READING_SENTENCES = re.compile(r"(?<!\d)[.!?]+|[.!?]+(?!\d)|\n")


def daily_life_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    return (
        _V["dl_gone_line"]().search(text) is not None
        and _V["dl_meant"]().search(text) is not None
        and _V["dl_away_reason"]().search(text) is None
    )


def daily_life_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes."""
    flags: list[str] = []
    breath = _V["dl_breath_word"]().search(text)
    # Breathless lying down (orthopnoea), or gasping with a chest that rattles.
    if breath and (_V["dl_lying_breath"]().search(text) or _V["dl_chest_rattle"]().search(text)):
        flags.append("severe_breathlessness")
    # A pop at the back of the ankle with the torn tendon's signs after it.
    if (
        _V["dl_pop_word"]().search(text)
        and _V["dl_heel_site"]().search(text)
        and _V["dl_tendon_sign"]().search(text)
    ):
        flags.append("acute_injury")
    if _V["dl_heart_odd"]().search(text) and _V["dl_near_fall"]().search(text):
        flags.append("palpitations_dizziness")
    # Ketones: their smell on the breath, or sugar far above range while being sick.
    if _V["dl_ketone_breath"]().search(text) or (
        _V["dl_sugar_high"]().search(text) and _V["dl_being_sick"]().search(text)
    ):
        flags.append("glycaemic_emergency")
    if _V["dl_reliever_failing"]().search(text) and not _V["dl_inhaler_reason"]().search(text):
        flags.append("asthma_unrelieved")
    if _V["dl_right_low_pain"]().search(text) and _V["dl_belly_sign"]().search(text):
        flags.append("other_medical")
    return flags


@rewrite
def daily_life_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = text
    if not _V["dl_shock_keep"]().search(out):
        out = _V["dl_shock_figure"]().sub("got a shock", out)
    # The idiom with its emotion named; a take-back anywhere keeps the words as they are.
    if not _V["dl_meant"]().search(out):
        out = _V["dl_die_embarrassed"]().sub("was so embarrassed", out)
    if not _SH_KEEP().search(out) and not _V["dl_meant"]().search(out):
        for s in _sentences(out):
            if _V["dl_one_more_threat"]().search(s):
                out = out.replace(s, " this set is hard. ")
    if not _V["dl_chest_keep"]().search(_V["dl_chafe_chest"]().sub(" ", out)):
        out = _V["dl_chafe_chest"]().sub("chafing", out)
    # A sensor's error beside a finger prick in range, with no symptom of a low or a high.
    if _V["dl_prick_normal"]().search(out) and not _V["dl_sugar_keep"]().search(out):
        for s in _READING_SENTENCES.split(out):
            if _V["dl_sensor_error"]().search(s):
                out = out.replace(s, " my sensor glitched. ")
    out = _V["dl_slurred_talk"]().sub("puffed talking because i was talking while", out)
    if not _V["dl_breath_keep"]().search(_V["dl_carried_breath"]().sub(" ", out)):
        out = _V["dl_carried_breath"]().sub("got puffed because i was carrying", out)
    if _V["dl_cold_tight"]().search(out) and not _V["dl_cold_keep"]().search(out):
        out = _V["dl_cold_tight"]().sub("stuffy from a cold", out)
    # A burning behind the breastbone named heartburn that an antacid cleared.
    if (
        _V["dl_heartburn_named"]().search(out)
        and _V["dl_antacid_relief"]().search(out)
        and not _V["dl_heartburn_keep"]().search(out)
    ):
        out = _V["dl_burn_site"]().sub("heartburn", out)
    # A low oximeter reading from cold fingers, normal once warm.
    if (
        _V["dl_cold_fingers"]().search(out)
        and _V["dl_ox_recheck"]().search(out)
        and not _V["dl_ox_keep"]().search(out)
    ):
        out = _V["dl_ox_low"]().sub(r"\1 a misread", out)
    if not _V["dl_starving_keep"]().search(out):
        out = _V["dl_starving_joke"]().sub("hungry", out)
    return out
