"""Red flags and look-alikes said the way long dictated rambles, hard times told with dark gym
humour, people training with a long-term condition, and slang or second-language writers say
them (red57m, issue 57).

corpus-57m's writers BY (long dictated messages, the sign in the middle or at the end), BZ (hard
times and dark humour), CA (diabetes, asthma, heart and blood-pressure medicines, pregnancy) and
CB (slang, emoji, English as a second language). Each check is a class of how people say it,
with its vocabulary in ``coach/rules/red_flag_ramble_speech.yaml``:

- self-harm (``ramble_self_harm``): no future past a near time beside goodbyes or hopelessness;
  affairs put in order; tablets saved up to take together; a way of dying joked and then taken
  back as meant; a date picked beside a funeral; a wish not to wake up; thinking of ending
  everything;
- the body (``ramble_flags``): a few hundred calories a day in words, one food a day; the baby
  moving less in a pregnancy; the heat with a brain sign; a glucose below 3 not coming up; high
  ketones; an oximeter reading low; urine the colour of cola; waking gasping or sitting up to
  breathe; a fall then no weight on the leg; a racing heart with the room spinning; a knock to
  the head with double vision; breath not normal or a foamy cough; a crack with a back or joint
  that will not work; saddle numbness in plain words; a reliever failing; a face drooping;
- look-alikes (``ramble_figures``): heartburn named and settling; a garment too tight; a heart
  racing at a match or a nightmare; fainting from boredom, if made to, or "not literally";
  laughing until breathless; blue lips after a cold dip that warmed; a cramp to make stop; a
  numb bum or leg from sitting that came back; spinal signs denied in a list; purging things;
  overdosing on a treat; hit by a truck; passing out for hours of sleep; legs giving way at a
  hard set; asthma's chest a reliever cleared; light-headed on standing with blood-pressure
  tablets a GP said settles; someone else's heart-attack worry; a near-faint standing in a hot
  room; a swimmer's breath being learnt; a low oxygen reading from a loose strap rechecked
  normal. Each never beside the signs that keep it raised.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.senses import rewrite
from fitcoach.assistant.guardrails.text import Lazy, _sentences
from fitcoach.assistant.guardrails.text import found_in as _has
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_ramble_speech")  # coach/rules/red_flag_ramble_speech.yaml
_SH_KEEP = patterns("red_flag_self_harm_lookalikes")["sh_keep"]


def ramble_self_harm(text: str) -> bool:
    """Whether ``text`` (lower-cased) says self-harm in one of the module's classes."""
    if _has(_V["rs_future_end"], text) and (
        _has(_V["rs_farewell"], text) or _has(_V["rs_hopeless"], text)
    ):
        return True
    if _has(_V["rs_take_all"], text) and (
        _has(_V["rs_stockpile"], text) or _has(_V["rs_done_with"], text)
    ):
        return True
    if _has(_V["rs_method_joke"], text) and _has(_V["rs_not_joke"], text):
        return True
    if _has(_V["rs_date_pick"], text) and _has(_V["rs_death_context"], text):
        return True
    return _has(_V["rs_no_wake_wish"], text) or _has(_V["rs_end_everything"], text)


def _oximeter_low(text: str) -> bool:
    """An oximeter reading of 50-89 with no normal value after it in the message."""
    for m in _V["rs_oximeter_low"]().finditer(text):
        if not _V["rs_high_recheck"]().search(text[m.end() :]):
            return True
    return False


def _kcal_in_words(text: str) -> bool:
    """A day's intake of a few hundred calories in words, no burn, deficit or extra beside it."""
    for m in _V["rs_kcal_words"]().finditer(text):
        beside = text[max(0, m.start() - 30) : m.end() + 15]
        if not _has(_V["rs_kcal_not"], beside):
            return True
    return False


def _pee_start_back(text: str) -> bool:
    """A hard start to passing urine beside the back or sciatica (alone it is often the
    prostate)."""
    return _has(_V["rs_pee_start"], text) and _has(_V["rs_back_context"], text)


def ramble_flags(text: str) -> list[str]:
    """The red-flag kinds said in the module's classes (``text`` as said, lower-cased)."""
    flags: list[str] = []
    checks = (
        ("self_harm", ramble_self_harm(text)),
        ("extreme_diet", _kcal_in_words(text) or _has(_V["rs_one_food_day"], text)),
        (
            "pregnancy_warning_signs",
            _has(_V["rs_pregnant"], text) and _has(_V["rs_baby_still"], text),
        ),
        ("heat_illness", _has(_V["rs_heat_stop_sweat"], text) and _has(_V["rs_heat_brain"], text)),
        ("glycaemic_emergency", _has(_V["rs_hypo_low"], text) and _has(_V["rs_hypo_stuck"], text)),
        ("glycaemic_emergency", _has(_V["rs_ketones"], text) and _has(_V["rs_diabetes"], text)),
        ("low_resting_spo2", _oximeter_low(text)),
        ("rhabdomyolysis", _has(_V["rs_dark_urine"], text)),
        (
            "severe_breathlessness",
            _has(_V["rs_orthopnoea"], text) or _has(_V["rs_breath_l2"], text),
        ),
        ("acute_injury", _has(_V["rs_fall"], text) and _has(_V["rs_fall_no_weight"], text)),
        ("acute_injury", _has(_V["rs_crack_disabled"], text)),
        ("palpitations_dizziness", _has(_V["rs_heart_spin"], text)),
        ("head_injury_signs", _has(_V["rs_head_knock"], text) and _has(_V["rs_head_vision"], text)),
        ("cauda_equina_signs", _has(_V["rs_saddle_l2"], text) or _pee_start_back(text)),
        ("asthma_unrelieved", _has(_V["rs_reliever_failing"], text)),
        ("stroke_signs", _has(_V["rs_face_droop"], text)),
    )
    for kind, found in checks:
        if found and kind not in flags:
            flags.append(kind)
    return flags


def _swap(out: str, pattern: Lazy, new: str) -> str:
    return pattern().sub(new, out)


def _swap_when(out: str, needs: tuple[Lazy, ...], keep: Lazy, sign: Lazy, new: str) -> str:
    """``out`` with ``sign`` renamed ``new`` where every pattern of ``needs`` is said and
    ``keep`` is not (the benign sense named, no real sign beside it)."""
    if all(_has(n, out) for n in needs) and not _has(keep, out):
        return _swap(out, sign, new)
    return out


def _by_sentence(out: str, sign: Lazy, cause: Lazy, keep: Lazy, new: str) -> str:
    """``out`` with ``sign`` renamed ``new`` in each sentence that names ``cause`` and not
    ``keep``."""
    for s in _sentences(out):
        if _has(sign, s) and _has(cause, s) and not _has(keep, s):
            out = out.replace(s, _swap(s, sign, new))
    return out


def _chest_figures(out: str) -> str:
    """Heartburn named and settling; a garment too tight; asthma's chest a reliever cleared."""
    if _has(_V["rs_chest_keep"], out):
        return out
    settled = _has(_V["rs_settling"], out)
    if _has(_V["rs_heartburn_named"], out) and settled:
        out = _swap(out, _V["rs_chest_burn"], "heartburn")
    if _has(_V["rs_garment_tight"], out):
        out = _swap(_swap(out, _V["rs_chest_hurt"], "chafing"), _V["rs_chest_burn"], "chafing")
    if _has(_V["rs_reliever_cleared"], out) and settled and not _has(_V["rs_asthma_keep"], out):
        out = _swap(out, _V["rs_asthma_chest"], "a wheeze")
    return out


def _faint_figures(out: str) -> str:
    """Boredom, a faint if made to, "not literally", hours of sleep, legs at a hard set, a
    near-faint standing in a hot room."""
    out = _swap(out, _V["rs_bored_faint"], "was bored")
    out = _swap(out, _V["rs_faint_if"], "be wiped")
    out = _swap(out, _V["rs_not_literally"], "zoned out")
    out = _swap(out, _V["rs_sleep_hours"], "slept for hours")
    if not _has(_V["rs_legs_keep"], out):
        out = _by_sentence(
            out, _V["rs_legs_gave"], _V["rs_legs_cause"], _V["rs_legs_keep"], "legs were jelly"
        )
    out = _swap_when(
        out,
        (_V["rs_faint_hot_room"], _V["rs_sat_fine"]),
        _V["rs_faint_keep"],
        _V["rs_faint_standing"],
        "felt warm",
    )
    return _swap_when(
        out,
        (_V["rs_bp_meds"], _V["rs_clinician_settles"]),
        _V["rs_postural_keep"],
        _V["rs_postural_light"],
        "slow",
    )


def _self_harm_figures(out: str) -> str:
    """A cramp to make stop, overdosing on a treat; never beside a self-harm sign."""
    if _SH_KEEP().search(out) or ramble_self_harm(out):
        return out
    out = _by_sentence(
        out, _V["rs_make_it_stop"], _V["rs_stop_cause"], _V["rs_death_context"], "ease it"
    )
    return _swap(out, _V["rs_food_overdose"], "pigged out")


def _spo2_artefact(out: str) -> str:
    """A low oxygen reading beside a loose strap or cold hands and a normal value after it."""
    if not _has(_V["rs_spo2_artefact"], out) or _has(_V["rs_spo2_keep"], out):
        return out
    for m in _V["rs_spo2_low_said"]().finditer(out):
        if _V["rs_high_recheck"]().search(out[m.end() :]):
            out = out[: m.start(1)] + "misread" + out[m.end(1) :]
            break
    return out


@rewrite
def ramble_figures(text: str) -> str:
    """``text`` (lower-cased) with the look-alikes whose benign sense the message names taken
    out (see the module)."""
    out = _faint_figures(_chest_figures(text))
    out = _self_harm_figures(out)
    out = _swap_when(
        out,
        (_V["rs_thrill_cause"],),
        _V["rs_heart_keep"],
        _V["rs_heart_thrill"],
        "heart was excited",
    )
    out = _by_sentence(
        out, _V["rs_laugh_breath"], _V["rs_laugh_breath"], _V["rs_laugh_keep"], "laughed"
    )
    out = _swap_when(
        out, (_V["rs_cold_dip"], _V["rs_settling"]), _V["rs_cold_keep"], _V["rs_cold_signs"], "cold"
    )
    out = _swap_when(
        out,
        (_V["rs_sitting_cause"], _V["rs_numb_passed"]),
        _V["rs_numb_keep"],
        _V["rs_numb_sitting"],
        "stiff",
    )
    out = _swap(out, _V["rs_negated_spine"], " ")
    out = _swap(out, _V["rs_purge_things"], "cleared")
    out = _swap(out, _V["rs_truck_simile"], "wrecked")
    if _has(_V["rs_others_think"], out) and _has(_V["rs_fine_said"], out):
        out = _swap(out, _V["rs_others_think"], "someone worries")
    out = _swap_when(
        out,
        (_V["rs_swim_technique"],),
        _V["rs_swim_keep"],
        _V["rs_swim_breath"],
        "breathing was off",
    )
    out = _spo2_artefact(out)
    return re.sub(r" {2,}", " ", out)
