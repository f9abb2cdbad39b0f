"""Concept vocabulary, part 2 (``coach/rules/red_flag_concepts_context.yaml``): the clot and cauda equina signs, pregnancy, heat, diabetes,
asthma, self-harm said indirectly and disordered eating. See ``concepts`` for how they
combine."""

from __future__ import annotations

from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_concepts_context")  # coach/rules/red_flag_concepts_context.yaml

_PREGNANT = _V["pregnant"]
_PREGNANCY_SIGN = _V["pregnancy_sign"]
_MILD = _V["mild"]
_MILD_BREATH_ON_EFFORT = _V["mild_breath_on_effort"]
_PRACTICE_TIGHTENING = _V["practice_tightening"]
_LABOUR_SIGN = _V["labour_sign"]
_POSTPARTUM = _V["postpartum"]
_POSTPARTUM_BLEED = _V["postpartum_bleed"]
_HEAT = _V["heat"]
_BODY_HEAT = _V["body_heat"]
_HEAT_SIGN = _V["heat_sign"]
_CNS = _V["cns"]
_CORE_TEMP = _V["core_temp"]
_DIABETES = _V["diabetes"]
_GLUCOSE = _V["glucose"]
_GLUCOSE_DEVICE = _V["glucose_device"]
_SUGAR_READING = _V["sugar_reading"]
_SUGAR_SIGN = _V["sugar_sign"]
_OTHER_MEASURE = _V["other_measure"]
_HYPO_SIGN = _V["hypo_sign"]
_HYPER_SIGN = _V["hyper_sign"]
_GLUCOSE_HI = _V["glucose_hi"]  # alarms16
_ASTHMA = _V["asthma"]
_UNRELIEVED = _V["unrelieved"]
_SELF_HARM_INDIRECT = _V["self_harm_indirect"]
# Self-harm told in the past tense (NICE NG225: a recent act is the strongest sign): an attempt,
# an overdose, a self-injury, a near act at a place of danger. The means must be said with a
# quantity or an intent ("took 20 paracetamol", "on purpose"), so "took 2 ibuprofen for my knee"
# and "cut my finger" stay plain.
_SELF_HARM_PAST = _V["self_harm_past"]
_SH_DEATH_WORD = _V["sh_death_word"]
_SH_NOT_JOKING = _V["sh_not_joking"]
_SELF_HARM_MORE = _V["self_harm_more"]
_SH_HOPELESS = _V["sh_hopeless"]
_SH_FINAL = _V["sh_final"]
_SH_GIVING = _V["sh_giving"]
_PURGE = _V["purge"]
_PURGE_FOOD = _V["purge_food"]
_PURGE_FOR_WEIGHT = _V["purge_for_weight"]  # alarms16
_FOOD = _V["food"]
_FASTING = _V["fasting"]
_WEIGHT_CUT = _V["weight_cut"]
_TINY_MEAL = _V["tiny_meal"]
_MEAL_WORD = _V["meal_word"]
_EVERY_DAY_FOR = _V["every_day_for"]
_FOOD_RULE = _V["food_rule"]
_FOOD_DISGUST = _V["food_disgust"]
_EXERCISE_AFTER = _V["exercise_after"]
_ONE_FOOD = _V["one_food"]
_ED_BACK = _V["ed_back"]
_ED_RECOVERY = _V["ed_recovery"]
_COMPENSATE = _V["compensate"]
_EATING_MORE = _V["eating_more"]
_AMENORRHOEA = _V["amenorrhoea"]
_WEIGHT_LOSS = _V["weight_loss"]
_RESTRICTING = _V["restricting"]  # alarms16
_WEIGHT_LOST_FAST = _V["weight_lost_fast"]  # alarms16
_UNDER_INTAKE = _V["under_intake"]
_REPORTED = _V["reported"]
_DEVICE_FAULT = _V["device_fault"]
_STAY_UNDER = _V["stay_under"]
_NOT_FOOD_NUMBER = _V["not_food_number"]
_RHYTHM_FINDING = _V["rhythm_finding"]
_RHYTHM_DEVICE = _V["rhythm_device"]
_RHYTHM_KNOWN = _V["rhythm_known"]


def starved_days(text: str) -> bool:
    """Two meals or more, each nothing, skipped, a coffee or a bit of fruit, every meal named one
    of them, and the same every day for days or weeks (misc57i: a starvation intake as a log)."""
    tiny = [(m.start(), m.end()) for m in _TINY_MEAL().finditer(text)]
    if len(tiny) < 2 or not _EVERY_DAY_FOR().search(text):
        return False
    return all(any(a <= m.start() < b for a, b in tiny) for m in _MEAL_WORD().finditer(text))
