"""Red flags and look-alikes said the way contact and combat sports people, gym lifters and
hybrid athletes say them (red57a, issue 57).

corpus-57j's writers BG (boxers, grapplers, judoka, rugby and hockey players, roller derby) and
BI (lifters, CrossFit and Hyrox athletes) wrote weight cuts, knocks in sparring and the gym's
jokes about dying. Each check here is a class of how people say it, with its vocabulary in
``coach/rules/red_flag_combat_gym_speech.yaml``:

- self-harm (``combat_gym_self_harm``): swallowing a whole bottle of pills said as a line and
  taken back as meant ("not funny", "I did count them"); deciding who gets one's things with a
  calm about it, never with an ordinary reason (moving, selling, a solicitor);
- the body (``combat_gym_gloss``, ``combat_gym_flags``): a pulse oximeter "saying" a number read
  as a reading, a skippy or haywire heartbeat read as palpitations, and with a feeling of going
  down as palpitations with dizziness; everything going black or coming to on the ground; a bump
  where there should not be one; a bladder accident read as lost control; laxatives or water
  pills to make weight, or no food at all beside sweating or spitting it out; a sweat cut with
  vomiting, confusion or dry skin (heat illness too); a blow to the head with repeated
  questions, lost words or confusion; weeks pregnant with the baby moving less; a blow to the
  trunk getting worse or with faintness; gasping after one flight, new or lasting minutes; a
  snap in a muscle with a dent or a colour after it; (crisis91, blind-final-26) coming round to
  people over one, never from sleep; a blow to a limb with a break's signs after it (not walking
  on it, a lump on the bone), never a limp walked off; forgetting what one is doing, light
  hurting the eyes or the same question asked again after a blow;
- look-alikes (``combat_gym_figures``): wanting to die or to kill oneself said of a workout;
  blacking out said of sleep; thinking one would collapse on hard effort and then fine; blackout
  curtains, and the lights going dark; "can't breathe" laughed about in a session; winded by a body shot for seconds; an
  old broken bone; a high rate on effort dropping low after, asked as recovery; travel calves a
  bit stiff with every clot sign absent; a tight chest from an irritant that cleared once away.
  Each never beside the signs that keep it raised.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fitcoach.assistant.guardrails.phrases import _PALPITATIONS
from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_combat_gym_speech")  # coach/rules/red_flag_combat_gym_speech.yaml
_TF = patterns("red_flag_travel_faith_speech")
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|don'?t|didn'?t|won'?t|wasn'?t|stopped)\b")


def combat_gym_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    if _V["cg_pill_line"]().search(text) and _V["cg_taken_back"]().search(text):
        return True
    return (
        _V["cg_belongings"]().search(text) is not None
        and _V["cg_calm"]().search(text) is not None
        and _V["cg_ordinary_giving"]().search(text) is None
    )


def combat_gym_gloss(text: str) -> str:
    """``text`` (lower-cased) with the module's spellings of signs read as the standard words.
    Not a benign sense: it runs inside ``literal()`` too."""
    out = _V["cg_pulse_ox"]().sub(r"spo2 \1", text)
    out = _V["cg_odd_heart"]().sub("heart racing", out)
    return _V["cg_bladder_accident"]().sub("lost bladder control", out)


def _said(entry: Callable[[], re.Pattern[str]], text: str) -> bool:
    """Whether the vocabulary ``entry`` matches in ``text`` with no negation just before it."""
    for m in entry().finditer(text):
        if not _NEGATED_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            return True
    return False


def _cut_flags(text: str) -> list[str]:
    """A weight cut gone dangerous: purging pills to make weight, no food with sweating or
    spitting it out, or a sweat cut with heat illness's signs."""
    flags: list[str] = []
    cut = _V["cg_weight_cut"]().search(text) is not None
    dehydrate = _said(_V["cg_dehydrate"], text)
    if (_said(_V["cg_purge_pills"], text) and cut) or (_said(_V["cg_no_food"], text) and dehydrate):
        flags.append("extreme_diet")
    if cut and dehydrate and _said(_V["cg_cut_sick"], text):
        flags += ["heat_illness", "extreme_diet"]
    return flags


def fasting_to_make_weight(text: str, before: str = "") -> bool:
    """No food at all and water only, with a weight to make in this message or ``before`` (the
    athlete's last message): a total fast to a weigh-in (red26)."""
    if not (_said(_V["cg_no_food"], text) and _V["cg_water_only"]().search(text)):
        return False
    return any(_V["cg_make_weight"]().search(t) for t in (text, before))


def combat_gym_flags(text: str) -> list[str]:
    """The body's red-flag kinds said in the module's classes."""
    flags = _cut_flags(text)
    if fasting_to_make_weight(text) and "extreme_diet" not in flags:
        flags.append("extreme_diet")
    if _PALPITATIONS().search(text) and _said(_V["cg_near_faint"], text):
        flags.append("palpitations_dizziness")
    went_black = _V["cg_went_black"]()
    if any(went_black.search(s) and not _V["cg_black_other"]().search(s) for s in _sentences(text)):
        flags.append("fainting")
    # Coming round to people over one, never from sleep (crisis91).
    if any(
        _V["cg_came_to_crowd"]().search(s) and not _V["cg_came_to_sleep"]().search(s)
        for s in _sentences(text)
    ):
        flags.append("fainting")
    if _V["cg_wrong_bump"]().search(text):
        flags.append("acute_injury")
    # A blow to a limb with a break's sign after it, not a limp walked off (crisis91).
    blow = _V["cg_limb_blow"]().search(text)
    if (
        blow
        and _V["cg_break_sign"]().search(text, blow.start())
        and not _V["cg_break_passed"]().search(text)
    ):
        flags.append("acute_injury")
    snap = _TF["tf_snapped_muscle"]().search(text)
    if snap and _V["cg_snap_mark"]().search(text, snap.end()):
        flags.append("acute_injury")
    if _V["cg_head_blow"]().search(text) and _said(_V["cg_head_sign"], text):
        flags.append("head_injury_signs")
    if _V["cg_pregnant"]().search(text) and _said(_V["cg_baby_quiet"], text):
        flags.append("pregnancy_warning_signs")
    if _V["cg_body_blow"]().search(text) and _V["cg_trunk_worse"]().search(text):
        flags.append("other_medical")
    if any(
        _V["cg_little_effort"]().search(s)
        and _said(_V["cg_gasp"], s)
        and _V["cg_new_or_long"]().search(s)
        for s in _sentences(text)
    ):
        flags.append("severe_breathlessness")
    return list(dict.fromkeys(flags))


def _workout_death(text: str) -> str:
    """Wanting to die or to kill oneself said of a workout is being wrecked by it, never with
    anything that says it is meant."""
    if _V["cg_meant"]().search(text):
        return text
    out = _V["cg_workout_death"]().sub("be wrecked", text)
    # Said of a timed piece or of seeing another exercise: only where it is laughed about and
    # nothing takes the joke back or tells a low time (alarms31).
    if _V["cg_laugh"]().search(out) and not _V["cg_joke_keep"]().search(out):
        out = _V["cg_piece_death"]().sub("be wrecked", out)
        out = _V["cg_another_death"]().sub(
            lambda m: m.group(0).replace("kill myself", "be wrecked"), out
        )
    return out


def _faint_senses(text: str) -> str:
    """Blacking out said of sleep, and thinking one would collapse on hard effort and then being
    fine, never with a fall, the heart or it coming back."""
    if _V["cg_faint_keep"]().search(text):
        return text
    out = _V["cg_sleep_out"]().sub("dozed off", text)
    if _V["cg_effort"]().search(out) and _V["cg_fine_after"]().search(out):
        out = _V["cg_near_out"]().sub("was wiped out", out)
    return out


def _breath_senses(text: str) -> str:
    """ "Can't breathe" laughed about in a session, and winded by a blow for seconds."""
    out = text
    if (
        _V["cg_laugh"]().search(out)
        and _V["cg_effort"]().search(out)
        and not _V["cg_breath_keep"]().search(out)
    ):
        out = _V["cg_cant_breathe"]().sub("am gassed", out)
    if _V["cg_winded"]().search(out) and not _V["cg_winded_keep"]().search(out):
        out = _V["cg_breath_seconds"]().sub("was winded briefly", out)
    return out


@rewrite
def combat_gym_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = _workout_death(text)
    out = _faint_senses(out)
    out = _breath_senses(out)
    out = _V["cg_blackout_blinds"]().sub("dark curtains", out)
    out = _V["cg_lights_dark"]().sub("the lights dimmed", out)
    out = _V["cg_old_break"]().sub(r"old \1 injury", out)
    # A high rate on effort and a low one after, asked as recovery, is a recovery.
    if _V["cg_recovery"]().search(out) and not _V["cg_rate_keep"]().search(out):
        out = _V["cg_rate_drop"]().sub("high", out)
    # Travel calves a bit stiff with every clot sign said absent.
    if (
        _TF["tf_calf_not_signs"]().search(out)
        and _V["cg_calf_mild"]().search(out)
        and not _V["cg_calf_keep"]().search(out)
    ):
        out = _TF["tf_calf_not_signs"]().sub(" fine", out)
    # A tight chest from an irritant that cleared once away from it.
    if (
        _V["cg_irritant"]().search(out)
        and _V["cg_cleared"]().search(out)
        and not _V["cg_chest_keep"]().search(out)
    ):
        out = _V["cg_chest_tight"]().sub("scratchy throat", out)
    # A chest lift that hurts the breastbone, asked to be swapped, is the joint under load
    # (rulealarms).
    if _V["cg_lift_swap"]().search(out) and not _V["cg_sternum_keep"]().search(out):
        out = _V["cg_lift_sternum"]().sub("the lift irks my pecs", out)
    return out
