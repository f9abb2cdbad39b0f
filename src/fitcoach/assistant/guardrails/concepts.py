"""Concept triage: red-flag kinds from combinations of concepts (symptom, site, severity,
context) anywhere in the message; the vocabulary is in ``concepts_body`` and
``concepts_context``.

The phrase patterns (``phrases``) catch the common ways to say a red flag; people say them in many
more. This layer reasons over concepts instead: a SYMPTOM (with its synonyms and inflections),
the BODY SYSTEM or site, SEVERITY, and CONTEXT (at rest or during exercise, after a blow or a
fall, pregnancy, diabetes, asthma, heat, travel or surgery). Each concept is found per clause
with the same negation handling (``_found``); rules then combine concepts anywhere in the
message into a red-flag kind. A concept alone is rarely a flag: "heart racing" is one only at
rest, "blood" only when coughed up or vomited, "confused" only after a head blow, in the heat
or with diabetes.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.abdomen import acute_abdomen
from fitcoach.assistant.guardrails.anaphylaxis import anaphylaxis
from fitcoach.assistant.guardrails.concepts_body import (
    _ARM_JAW,
    _ARM_SIGN,
    _BACK,
    _BLADDER,
    _BLOOD,
    _BLOW,
    _BLURRED,
    _BOTH_LEGS,
    _BREATH,
    _BREATH_LASTING,
    _BRUISE_SWELL,
    _CANT_MOVE,
    _CHEST_QUALITY,
    _CHEST_SITE,
    _CHRONIC,
    _CLOT_RISK,
    _COLLAPSE,
    _CRASH,
    _CYANOSIS,
    _DARK_URINE,
    _DEFORMITY,
    _EMISSION,
    _EMISSION_DENIED,
    _EXERTION,
    _FELL,
    _HEAD_TRAUMA,
    _HEART_WORD,
    _HR_ALERT,
    _JAW_SIGN,
    _LEG_SITE,
    _LEG_SWELL,
    _LOCKED,
    _MINIMAL_EXERTION,
    _MOUTH_SOURCE,
    _MUSCLE_SWOLLEN,
    _NEURO,
    _NEURO_MAJOR,
    _NO_WEIGHT,
    _PALPITATION,
    _PALPITATION_BRIEF,
    _PALPITATION_LASTING,
    _PLEURITIC,
    _PRESYNCOPE,
    _RAPID_SWELLING,
    _RATE,
    _RATE_OWNED,
    _RATE_SESSION,
    _RECOVERED,
    _REST,
    _RESTING_HR,
    _SADDLE_NUMB,
    _SPAT,
    _STROKE,
    _STROKE_SENTENCE,
    _TRAUMA,
    sleep_figure,
    stops_on_minimal_effort,
)
from fitcoach.assistant.guardrails.concepts_context import (
    _AMENORRHOEA,
    _ASTHMA,
    _BODY_HEAT,
    _CNS,
    _COMPENSATE,
    _CORE_TEMP,
    _DEVICE_FAULT,
    _DIABETES,
    _EATING_MORE,
    _ED_BACK,
    _ED_RECOVERY,
    _EXERCISE_AFTER,
    _FASTING,
    _FOOD,
    _FOOD_DISGUST,
    _FOOD_RULE,
    _GLUCOSE,
    _GLUCOSE_DEVICE,
    _GLUCOSE_HI,
    _HEAT,
    _HEAT_SIGN,
    _HYPER_SIGN,
    _HYPO_SIGN,
    _LABOUR_SIGN,
    _MILD,
    _MILD_BREATH_ON_EFFORT,
    _NOT_FOOD_NUMBER,
    _ONE_FOOD,
    _OTHER_MEASURE,
    _POSTPARTUM,
    _POSTPARTUM_BLEED,
    _PRACTICE_TIGHTENING,
    _PREGNANCY_SIGN,
    _PREGNANT,
    _PURGE,
    _PURGE_FOOD,
    _PURGE_FOR_WEIGHT,
    _RESTRICTING,
    _RHYTHM_DEVICE,
    _RHYTHM_FINDING,
    _RHYTHM_KNOWN,
    _SELF_HARM_INDIRECT,
    _SELF_HARM_MORE,
    _SELF_HARM_PAST,
    _SH_DEATH_WORD,
    _SH_FINAL,
    _SH_GIVING,
    _SH_HOPELESS,
    _SH_NOT_JOKING,
    _STAY_UNDER,
    _SUGAR_READING,
    _SUGAR_SIGN,
    _UNDER_INTAKE,
    _UNRELIEVED,
    _WEIGHT_CUT,
    _WEIGHT_LOSS,
    _WEIGHT_LOST_FAST,
    starved_days,
)
from fitcoach.assistant.guardrails.concepts_older import older_adult_flags
from fitcoach.assistant.guardrails.concepts_self_harm import self_harm_signs, without_supplements
from fitcoach.assistant.guardrails.eurasia_speech import fault_shown
from fitcoach.assistant.guardrails.long_conditions import condition_flags
from fitcoach.assistant.guardrails.lookalikes import (
    cold_lips,
    dictation_garble,
    effort_named,
    false_hypo_alarm,
    fine_at_rest,
    glucose_in_range,
    hr_alert_effort,
    nightmare_wake,
    postural_greyout,
    saddle_pressure,
    stained_lips,
    treated_hypo,
    uphill,
)
from fitcoach.assistant.guardrails.lookalikes_self_harm import without_self_harm_figures
from fitcoach.assistant.guardrails.medication import belly_hard, gut_bleed, pregnant_belly_hard
from fitcoach.assistant.guardrails.phrases import _FAINT_POSTURAL
from fitcoach.assistant.guardrails.senses import benign, firm_benign
from fitcoach.assistant.guardrails.text import (
    _all_found,
    _bilateral_only,
    _clauses,
    _found,
    _has,
    _near,
    _negated,
    _sentences,
)


def _glucose_flag(text: str, diabetes: bool) -> bool:
    """A reading of low or very high blood glucose (a bare number is mmol/L up to 35, mg/dL
    above): below 3.9 mmol/L (70 mg/dL) or 16.7 mmol/L (300 mg/dL) and over (ADA 2024, 6).
    A number without a unit counts only for someone who says they have diabetes; one read off
    a CGM, a meter or "readings" also only with no other measure in its sentence ("hr readings
    in the 40s"). Lows only (level 1) that were treated and rechecked normal are a treated hypo
    (``treated_hypo``)."""
    lows: list[float] = []
    for m in _GLUCOSE().finditer(text):
        value = float(m.group(1))
        unit = m.group(2) or ""
        if not unit and _GLUCOSE_DEVICE().match(m.group(0)):
            start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            end = text.find(".", m.end())
            # A low read off a meter beside a low's sign ("shaky, meter says 2.8") is a
            # glucose reading even where diabetes is not said in the message (crisis91).
            low_felt = 0.5 < value < 3.9 and _has(_HYPO_SIGN, _clauses(text))
            if (not diabetes and not low_felt) or _OTHER_MEASURE().search(
                text[start : end if end >= 0 else None]
            ):
                continue
        # "sugar 30" on a label is grams; "blood sugar", "glucose" are readings, and so is
        # "sugar is 52" beside a sign of a low or a high (alarms15).
        reading = _SUGAR_READING().match(m.group(0)) and _SUGAR_SIGN().search(text)
        if not unit and not diabetes and m.group(0).startswith("sugar") and not reading:
            continue
        mmol = value if ("mmol" in unit or (not unit and value <= 35)) else value / 18.0
        if mmol >= 16.7:
            return True
        if 0.5 < mmol < 3.9:
            lows.append(mmol)
    return bool(lows) and not treated_hypo(text, lows)


def _coughed_blood(sentence: str) -> bool:
    """Blood and an emission in ``sentence``, unless it was only spat out from a mouth bleed."""
    if not (_found(_BLOOD(), sentence) and _found(_EMISSION(), sentence)):
        return False
    # "no cough" names no emission: only the ones said to have happened count ("nothing from
    # coughing" denies one too, alarms57f).
    emissions = {
        m.group(0)
        for m in _EMISSION().finditer(sentence)
        if not _negated(sentence, m.start())
        and not _EMISSION_DENIED().search(sentence[: m.start()])
    }
    return not _mouth_bleed(sentence, emissions)


@benign
def _mouth_bleed(sentence: str, emissions: set[str]) -> bool:
    """Whether blood in ``sentence`` was only spat out (``emissions``) from a bleed it names in
    the mouth (a split lip, gums): a benign sense the student's gate reads too (alarms15)."""
    return all(_SPAT().fullmatch(e) for e in emissions) and bool(_found(_MOUTH_SOURCE(), sentence))


def _rhythm_known(text: str) -> bool:
    """Whether ``text`` says its rhythm finding is not a new one of the athlete's (known and
    managed, cleared on a recheck, explained, someone else's watch) anywhere: the screening's
    reading. Only where every clause naming the finding says so is it a firm benign sense for
    the student's gate (gate23): said elsewhere ("my watch flagged AFib today, my dad has it")
    the literal reading stays quiet too, so it never gates the student's alarm."""
    if _RHYTHM_KNOWN().search(text) is None:
        return False
    found = [c for c in _clauses(text) if _RHYTHM_FINDING().search(c)]
    own = bool(found) and all(_RHYTHM_KNOWN().search(c) for c in found)
    return _said_with_the_finding(own) or not own


@firm_benign
def _said_with_the_finding(known: bool) -> bool:
    """``known``, the rhythm finding's clauses saying it is not a new one of the athlete's: the
    firm benign sense (off in ``literal``)."""
    return known


def _compensates(sentence: str) -> bool:
    """Compensating for food in ``sentence``, unless what makes up for it is eating more."""
    m = _found(_COMPENSATE(), sentence)
    return m is not None and not _EATING_MORE().search(sentence[: m.start()])


def _usual_in_pregnancy(word: str, clause: str, practice: bool, rest: bool) -> bool:
    """Whether the sign ``word`` in ``clause`` is usual in pregnancy: a mild headache, painless
    irregular practice tightenings, bleeding gums, mild breathlessness on effort."""
    return (
        (word.startswith("head") and _MILD().search(clause) is not None)
        or (practice and word.startswith(("tighten", "contraction")))
        or (word.startswith(("bleed", "blood")) and _found(_MOUTH_SOURCE(), clause) is not None)
        or (
            word.startswith(("breathless", "short of"))
            and _found(_MILD_BREATH_ON_EFFORT(), clause) is not None
            and not rest
        )
    )


def _concept_flags(text: str, plain: str) -> list[str]:
    """Red-flag kinds that combinations of concepts give (see the section comment); ``plain``
    is ``text`` without exercise words."""
    clauses = _clauses(plain)
    sentences = _sentences(plain)
    flags: list[str] = []

    # Chest pain: a site and a quality together, or arm or jaw symptoms with a chest symptom.
    if _near(_CHEST_SITE, _CHEST_QUALITY, clauses) or (
        _has(_ARM_JAW, clauses) and _near(_CHEST_SITE, _CHEST_QUALITY, sentences)
    ):
        flags.append("chest_pain")
    elif _has(_ARM_SIGN, clauses) and _has(_JAW_SIGN, clauses):
        flags.append("chest_pain")  # referred cardiac pain: arm and jaw together, no chest word
    # Words garbled by a phone's dictation are the typing, not the speech (alarms15).
    if (_has(_STROKE, clauses) or _has(_STROKE_SENTENCE, sentences)) and not dictation_garble(text):
        flags.append("stroke_signs")
    if _has(_DARK_URINE, sentences) and _has(_MUSCLE_SWOLLEN, sentences):
        flags.append("rhabdomyolysis")
    # Anaphylaxis: airway, breathing or circulation signs with a trigger or a skin sign.
    if anaphylaxis(text, clauses):
        flags.append("anaphylaxis")
    # An acute abdomen: belly pain with its severity or an emergency sign, a rigid belly, a
    # stuck hernia, a sudden testicle pain.
    if acute_abdomen(text, clauses, sentences):
        flags.append("acute_abdomen")
    else:  # a bleed in the gut without belly pain (medflags16)
        flags += gut_bleed(text)
    # A wearable's or an ECG's rhythm finding, not one already known and managed.
    if _near(_RHYTHM_FINDING, _RHYTHM_DEVICE, sentences) and not _rhythm_known(text):
        flags.append("rhythm_alert")

    # Fainting in other words ("ended up on the floor"), not sleep ("passed out on the sofa").
    figurative = any(sleep_figure(c) for c in clauses)
    # A grey-out on standing up fast is postural, not a faint; a fall still counts.
    collapse = any(
        not _negated(c, m.start()) and not postural_greyout(m.group(0), s, plain, _FAINT_POSTURAL())
        for s in sentences
        for c in _clauses(s)
        for m in _COLLAPSE().finditer(c)
    )
    if (collapse or _near(_PRESYNCOPE, _FELL, sentences)) and not figurative:
        flags.append("fainting")

    # Palpitations or a very high heart rate at rest.
    rest = any(_found(_REST(), c) and not fine_at_rest(c) for c in clauses)
    fast_at_rest = False
    if rest and _HEART_WORD().search(text):
        # A number another reading owns ("weight 198", "steps 11,204") is no rate, nor a
        # session's average said without rest in its clause (rulealarms).
        for clause in _clauses(_RATE_OWNED().sub(" ", plain)):
            if _EXERTION().search(clause):
                continue
            if not _found(_REST(), clause):
                clause = _RATE_SESSION().sub(" ", clause)
            if any(120 <= int(n) <= 260 for n in _RATE().findall(clause)):
                fast_at_rest = True
    resting = any(int(m.group(1)) >= 120 for m in _RESTING_HR().finditer(text))
    # A number the athlete blames on a faulty sensor is not a reading ("strap says 210 at rest,
    # pretty sure it's broken"); a symptom they feel still counts.
    # Blamed with nothing to show it ("resting hr 124?? watch must be broken lol") still counts.
    if _DEVICE_FAULT().search(text) and fault_shown(text):
        fast_at_rest = resting = False
    # A heart that raced on the hills and has settled is exertion, not palpitations at rest.
    palpitation_clauses = [c for c in clauses if _found(_PALPITATION(), c)]
    exercise_heart = any(_EXERTION().search(c) for c in palpitation_clauses) or _has(
        _RECOVERED, clauses
    )
    # A beat or two that skipped, or a racing that passed within a minute, is not a run of them.
    brief = _PALPITATION_BRIEF().search(text) is not None and not _has(
        _PALPITATION_LASTING, clauses
    )
    # A wearable's high-heart-rate alert said beside a hard effort: read literally, a high rate
    # the watch took for rest; the effort is its benign sense (``hr_alert_effort``) unless rest,
    # the night, a symptom, lasting or coming back is said too. An alert with no effort said is
    # left to the signs above. Read on ``text``: the exercise words take "heart rate" out.
    alert = _has(_HR_ALERT, _sentences(text)) and effort_named(text) and not hr_alert_effort(text)
    if (
        (rest and palpitation_clauses and not exercise_heart and not brief)
        or fast_at_rest
        or resting
        or alert
    ):
        flags.append("palpitations_at_rest")

    # Breathlessness at rest or on minimal effort, still there twenty minutes after stopping,
    # blue lips, or with pain on breathing in. Breathlessness that came with exercise and passed
    # ("panting after sprints, sitting down now") is normal exertion, even with a rest word nearby.
    breath_clauses = [c for c in clauses if _found(_BREATH(), c)]
    breath = bool(breath_clauses)
    exertional = any(_EXERTION().search(c) for c in breath_clauses) or _has(_RECOVERED, clauses)
    asthma = _has(_ASTHMA, clauses)
    # Walking uphill is effort, and mild breathlessness on effort is usual in pregnancy: neither
    # is the minimal-effort kind. Lips blue from cold water that pinked on warming are the cold.
    pregnant = _has(_PREGNANT, clauses)
    minimal = [
        c
        for c in breath_clauses
        if not uphill(c) and not (pregnant and _found(_MILD_BREATH_ON_EFFORT(), c))
    ]
    if (
        breath
        and (
            (rest and not exertional and not nightmare_wake(text))
            or _has(_MINIMAL_EXERTION, minimal)
            or (_has(_BREATH_LASTING, breath_clauses) and not _has(_RECOVERED, clauses))
            or _has(_PLEURITIC, clauses)
        )
    ) or (_has(_CYANOSIS, clauses) and not cold_lips(text) and not stained_lips(text)):
        flags.append("severe_breathlessness")
    # Stopping on the stairs told with no breath word ("can't manage one flight without stopping")
    breathless_stops = stops_on_minimal_effort(sentences, text)
    if breathless_stops and "severe_breathlessness" not in flags:
        flags.append("severe_breathlessness")

    # Blood coughed up, spat or vomited (not a nosebleed, blood sugar or giving blood). Blood
    # only spat out, in a sentence that names a bleed in the mouth (a split lip, gums), came from
    # there; coughed or vomited blood counts whatever else is said.
    if any(_coughed_blood(s) for s in sentences) and not re.search(
        r"\bgave blood\b|\bnose ?bleed", text
    ):
        flags.append("coughing_vomiting_blood")

    # A blow to the head with a neurological sign afterwards (NICE NG232).
    if (
        (_has(_HEAD_TRAUMA, clauses) and _has(_NEURO, clauses))
        or (_has(_BLOW, clauses) and _has(_NEURO_MAJOR, clauses))
        or (_has(_CRASH, clauses) and (_has(_NEURO_MAJOR, clauses) or _has(_BLURRED, clauses)))
    ):
        flags.append("head_injury_signs")

    # Acute injury: deformity, unable to bear weight or move after trauma, rapid swelling.
    trauma = _has(_TRAUMA, clauses)
    if (
        (_has(_DEFORMITY, clauses) and not _CHRONIC().search(text))
        or (_has(_NO_WEIGHT, clauses) and (trauma or _has(_BRUISE_SWELL, clauses)))
        or (_has(_CANT_MOVE, clauses) and (trauma or _has(_LOCKED, clauses)))
        or _near(_RAPID_SWELLING, _BRUISE_SWELL, clauses)
        or (_near(_BRUISE_SWELL, _TRAUMA, sentences) and _has(_NO_WEIGHT, clauses))
    ):
        flags.append("acute_injury")

    # A swollen calf or leg with warmth, redness, travel, surgery, immobility or pregnancy.
    if (
        _near(_LEG_SITE, _LEG_SWELL, sentences)
        and _has(_CLOT_RISK, clauses)
        and not _bilateral_only(text)
    ):
        flags.append("dvt_signs")

    # Cauda equina: bladder or bowel change with back or leg symptoms, saddle numbness, or
    # new symptoms in both legs with back pain (NICE CKS).
    if (
        (_has(_BLADDER, clauses) and _has(_BACK, clauses))
        or (_has(_SADDLE_NUMB, clauses) and not saddle_pressure(text))
        or (_has(_BOTH_LEGS, clauses) and _has(_BACK, clauses))
    ):
        flags.append("cauda_equina_signs")

    # Pregnancy with an ACOG warning sign (a mild headache alone is not one, nor painless,
    # irregular practice tightenings, bleeding gums, or mild breathlessness on effort).
    if _has(_PREGNANT, clauses):
        practice = _PRACTICE_TIGHTENING().search(text) is not None and not _has(
            _LABOUR_SIGN, clauses
        )
        signs = [
            (m.group(0), clause)
            for clause in clauses
            for m in _PREGNANCY_SIGN().finditer(clause)
            if not _negated(clause, m.start())
        ]
        # The belly going hard in waves is a contraction in other words, and in pregnancy a
        # hard painful belly is the midwife's, not the surgeon's (medflags16).
        if any(
            not _usual_in_pregnancy(word, clause, practice, rest) for word, clause in signs
        ) or pregnant_belly_hard(text, practice):
            flags.append("pregnancy_warning_signs")
        if "acute_abdomen" in flags and belly_hard(text):
            flags.remove("acute_abdomen")
            if "pregnancy_warning_signs" not in flags:
                flags.append("pregnancy_warning_signs")
    # After a birth, heavy bleeding (not the lighter bleeding usual for weeks): ACOG's warning.
    if (
        "pregnancy_warning_signs" not in flags
        and _has(_POSTPARTUM, clauses)
        and _has(_POSTPARTUM_BLEED, sentences)
    ):
        flags.append("pregnancy_warning_signs")

    # Heat illness: heat with a central-nervous-system sign, vomiting or a core temperature
    # of 40 °C or more (ACSM 2023 exertional heat illness).
    # Skin burning hot to the touch is the body's heat, whatever the weather (misc57i).
    hot = _has(_HEAT, clauses) or _has(_BODY_HEAT, clauses)
    temps = [float(m.group(1)) for m in _CORE_TEMP().finditer(text)]
    if (hot and (_has(_CNS, clauses) or len(_all_found(_HEAT_SIGN, clauses)) >= 2)) or (
        any(40.0 <= t <= 43.0 for t in temps) and _has(_NEURO, clauses)
    ):
        flags.append("heat_illness")

    # Diabetes with a low or very high reading, ketones, or hypo symptoms (ADA 2024).
    # In the sentence too: "GD, 30 wks" names it across a comma (misc57i).
    diabetes = _has(_DIABETES, clauses) or _has(_DIABETES, sentences)
    hypo_signs = (
        diabetes
        and _has(_HYPO_SIGN, clauses)
        and not treated_hypo(text, [])
        and not false_hypo_alarm(text)
        and not glucose_in_range(text)
    )
    # A meter's HI is above its range whoever holds it (alarms16).
    if (
        _glucose_flag(text, diabetes)
        or (diabetes and (_has(_HYPER_SIGN, clauses) or hypo_signs))
        or _has(_GLUCOSE_HI, sentences)
    ):
        flags.append("glycaemic_emergency")

    # Asthma that the reliever does not relieve, or that stops speech (BTS/SIGN 158).
    if asthma and (_has(_UNRELIEVED, clauses) or (breath and _has(_CYANOSIS, clauses))):
        flags.append("asthma_unrelieved")

    # Self-harm said indirectly; the uncertainty words are not negation here. Supplement
    # tablets are not the pills of an overdose.
    weak = [_SH_HOPELESS, _SH_FINAL, _SH_GIVING]
    sh_plain = without_self_harm_figures(without_supplements(plain))
    sh_clauses = _clauses(sh_plain)
    sh_sentences = _sentences(sh_plain)
    if (
        any(_SELF_HARM_INDIRECT().search(c) or _SELF_HARM_MORE().search(c) for c in sh_clauses)
        or _has(_SELF_HARM_PAST, sh_sentences)
        or (_has(_SH_DEATH_WORD, sh_clauses) and _has(_SH_NOT_JOKING, sh_clauses))
        or sum(any(p().search(c) for c in sh_clauses) for p in weak) >= 2
        or self_harm_signs(without_self_harm_figures(text))
    ):
        flags.append("self_harm")

    # Disordered eating: purging, laxatives, compensating for food, amenorrhoea with weight
    # loss, or an intake under 1000 kcal (NICE NG69). Not someone else's claim about it.
    under = [int(m.group(1)) for m in _UNDER_INTAKE().finditer(text)]
    # A cap said without a unit counts beside food, never beside a heart rate or a distance.
    under += [
        int(m.group(1))
        for s in sentences
        if _FOOD().search(s) and not _NOT_FOOD_NUMBER().search(s)
        for m in _STAY_UNDER().finditer(s)
    ]
    if (
        _has(_PURGE, clauses)
        or (_has(_PURGE_FOOD, clauses) and _FOOD().search(text) is not None)
        or any(_compensates(s) for s in sentences)
        or (_has(_FOOD_RULE, sentences) and _FOOD().search(text) is not None)
        or (_has(_FOOD_DISGUST, sentences) and _has(_EXERCISE_AFTER, sentences))
        or _has(_FASTING, clauses)
        or _has(_WEIGHT_CUT, sentences)
        or starved_days(text)
        or _has(_ONE_FOOD, clauses)
        or (_has(_ED_BACK, clauses) and _ED_RECOVERY().search(text) is not None)
        or (_has(_AMENORRHOEA, clauses) and _has(_WEIGHT_LOSS, clauses))
        # Laxatives for weight or looks; restricting beside weight lost fast (alarms16).
        or _has(_PURGE_FOR_WEIGHT, sentences)
        or (_has(_RESTRICTING, clauses) and _has(_WEIGHT_LOST_FAST, clauses))
        or any(n <= 1000 for n in under)
    ):
        flags.append("extreme_diet")
    # Red flags in older adults' plain words (redas17): only kinds not found above.
    flags += older_adult_flags(text, plain, flags)
    # Red flags in the words of people with a long-term condition (redav18).
    flags += condition_flags(text, plain, flags)
    return flags
