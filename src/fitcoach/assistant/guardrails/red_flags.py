"""Red flags from phrases (``red_flags``): each sign per clause with its negation, readings
(SpO2), signs that need two things together, a very low intake; figures of speech removed
first. The concept layer (``concepts``) adds what the phrases miss."""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.box_englishes_speech import box_flags
from fitcoach.assistant.guardrails.combat_gym_speech import (
    combat_gym_figures,
    combat_gym_flags,
    combat_gym_gloss,
)
from fitcoach.assistant.guardrails.concepts import _concept_flags
from fitcoach.assistant.guardrails.concepts_body import _PALPITATION, sleep_figure
from fitcoach.assistant.guardrails.concepts_context import _REPORTED
from fitcoach.assistant.guardrails.daily_life_speech import daily_life_figures, daily_life_flags
from fitcoach.assistant.guardrails.diaspora_speech import (
    diaspora_figures,
    diaspora_flags,
    diaspora_gloss,
)
from fitcoach.assistant.guardrails.east_asia_speech import (
    east_asia_figures,
    east_asia_flags,
    east_asia_gloss,
)
from fitcoach.assistant.guardrails.eurasia_speech import (
    eurasia_figures,
    eurasia_flags,
    eurasia_gloss,
)
from fitcoach.assistant.guardrails.family_speech import (
    family_figures,
    family_flags,
    family_gloss,
)
from fitcoach.assistant.guardrails.journey_speech import (
    journey_figures,
    journey_flags,
    journey_gloss,
)
from fitcoach.assistant.guardrails.latin_speech import latin_figures, latin_flags
from fitcoach.assistant.guardrails.long_conditions import condition_figures, condition_gloss
from fitcoach.assistant.guardrails.lookalikes import (
    advice_conditions,
    effort_breath_passed,
    passed_near_faint,
    quiet_chest,
    saddle_pressure,
    starving_treat,
    told_history,
)
from fitcoach.assistant.guardrails.lookalikes_self_harm import without_self_harm_figures
from fitcoach.assistant.guardrails.loose_speech import loose_figures
from fitcoach.assistant.guardrails.medication import medication_flags, without_medicine_taken
from fitcoach.assistant.guardrails.meet_field_speech import meet_field_flags
from fitcoach.assistant.guardrails.mind_speech import mind_figures, mind_flags, mind_gloss
from fitcoach.assistant.guardrails.movement_care_speech import (
    movement_care_figures,
    movement_care_flags,
    movement_care_gloss,
)
from fitcoach.assistant.guardrails.outdoor_speech import (
    outdoor_figures,
    outdoor_flags,
    outdoor_gloss,
)
from fitcoach.assistant.guardrails.pasted_speech import pasted_flags
from fitcoach.assistant.guardrails.phrases import (
    _BLADDER_BOWEL,
    _BREATHLESS,
    _CALF_INFLAMED,
    _CALF_SWOLLEN,
    _CHEST_PAIN,
    _CLOT_CONTEXT,
    _CLOT_TRAVEL,
    _DIZZY,
    _FAINT_DENIED,
    _FAINT_EXPECTED,
    _FAINT_NEARLY,
    _FAINT_POSTURAL,
    _FAINT_SLEEP,
    _FAINTING,
    _KICKED_FEEL,
    _LOW_INTAKE,
    _LOW_INTAKE_DAY,
    _NOT_INTAKE,
    _NUMB_OR_BACK,
    _PALPITATIONS,
    _POP,
    _POP_MARK,
    _SADDLE,
    _SELF_HARM,
    _SPO2,
    _SPO2_ARTEFACT,
    _SPO2_LOW_WORDS,
    _SPO2_RECHECK,
    _STARVING,
    _SWELLING,
)
from fitcoach.assistant.guardrails.quantified_speech import (
    deliberate_lie_down,
    quantified_figures,
    quantified_flags,
)
from fitcoach.assistant.guardrails.ramble_speech import ramble_figures, ramble_flags
from fitcoach.assistant.guardrails.result import SPO2_BELOW, VLCD_KCAL
from fitcoach.assistant.guardrails.senses import benign, rewrite
from fitcoach.assistant.guardrails.text import (
    _EXERCISE_WORDS,
    _NEGATION,
    _bilateral_only,
    _clauses,
    _found,
    _negated,
    _sentences,
    replace_in_sentences,
)
from fitcoach.assistant.guardrails.tracker_speech import tracker_figures, tracker_flags
from fitcoach.assistant.guardrails.travel_faith_speech import (
    travel_faith_figures,
    travel_faith_flags,
    travel_faith_gloss,
)
from fitcoach.assistant.guardrails.vocabulary import patterns
from fitcoach.assistant.guardrails.work_speech import work_figures, work_flags, work_gloss
from fitcoach.assistant.guardrails.young_speech import young_figures, young_flags, young_gloss

_V = patterns("red_flag_phrases")  # coach/rules/red_flag_phrases.yaml


def _low_intake(text: str) -> bool:
    """An intake of ``VLCD_KCAL`` a day or less ("600 kcal a day"), days without food or
    purging; a deficit, a burn or one meal's calories is not an intake."""
    plain = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)  # 1,200 kcal is twelve hundred
    for m in _LOW_INTAKE().finditer(plain):
        value = float(next(g for g in m.groups() if g is not None))
        # The words beside the number in its own sentence: "600 calories a day. can you log
        # lunch" names a meal to log, not the number as one meal's (misc57i).
        window = re.split(r"[.;!?\n]", plain[max(0, m.start() - 30) : m.start()])[-1]
        window += re.split(r"(?<!\d)\.|\.(?!\d)|[;!?\n]", plain[m.start() : m.end() + 30])[0]
        if value <= VLCD_KCAL and not _NOT_INTAKE().search(window):
            before = " ".join(plain[: m.start()].split()[-4:])
            if not _NEGATION().search(before):
                return True
    # The day's total after its meals: the meal words before it are the day, not one meal.
    for m in _LOW_INTAKE_DAY().finditer(plain):
        value = float(next(g for g in m.groups() if g is not None))
        before = " ".join(plain[: m.start()].split()[-4:])
        if value <= VLCD_KCAL and not _NEGATION().search(before):
            return True
    # "My mate reckons I'm starving myself" is someone else's claim, not the athlete's account.
    # "Starving myself of sugar" is one treat given up; other starving words still count.
    treat = starving_treat(plain)
    for clause in _clauses(plain):
        for starving in _STARVING().finditer(clause):
            if _negated(clause, starving.start()) or (treat and "myself" in starving.group(0)):
                continue
            if not _REPORTED().search(clause[: starving.start()]):
                return True
    return False


_FIGURES = _V["figures"]
_SIMILE = _V["simile"]
_CLEARED = _V["cleared"]
_EXPLAINED = _V["explained"]


_PUMP = _V["pump"]
_PUMP_FEEL = _V["pump_feel"]
_PUMP_PAUSE = _V["pump_pause"]


@rewrite
def _without_figures(text: str) -> str:
    """``text`` without figures of speech, the tightness of a pump, and explained, cleared past
    symptoms."""
    out = _SIMILE().sub("hard", _FIGURES().sub(" ", text))
    # A pause before "the good kind" keeps the pump named after it in one sentence (alarms92).
    out = replace_in_sentences(_PUMP_PAUSE().sub(", ", out), _PUMP(), _PUMP_FEEL(), "pumped")
    if _CLEARED().search(out):
        out = re.sub(
            r"[^.;!?\n,]+", lambda m: " " if _EXPLAINED().search(m.group(0)) else m.group(0), out
        )
    return quiet_chest(out)


@benign
def _not_a_faint(faint: re.Match[str], clause: str, plain: str) -> bool:
    """A fainting word that is sleep in its sentence, a faint expected and then denied, or
    feeling faint on standing up fast or out of a headstand."""
    sentence = next((s for s in _sentences(plain) if clause in s), clause)
    if _FAINT_SLEEP().search(sentence):
        return True
    at = plain.find(clause)
    after = plain[at + faint.end() :] if at >= 0 else ""
    expected = _FAINT_EXPECTED().search(clause[: faint.start()]) or _FAINT_NEARLY().search(
        clause[: faint.end()]
    )
    if expected and _FAINT_DENIED().search(after):
        return True
    if passed_near_faint(plain, _FAINTING()):
        return True
    feeling = faint.group(0) in ("faint", "felt faint", "feel faint")
    return feeling and _FAINT_POSTURAL().search(sentence) is not None


@benign
def _spo2_artefact(text: str, clauses: list[str], low_at: int | None) -> bool:
    """A low oxygen reading with a known cause of a false one (cold fingers, a watch lain on,
    altitude) and a normal recheck after it: the device misread."""
    if low_at is None or not any(_found(_SPO2_ARTEFACT(), c) for c in clauses):
        return False
    return any(m.start() >= low_at for m in _SPO2_RECHECK().finditer(text))


def _pop_then_mark(sentence: str) -> bool:
    """A snap or a pop in ``sentence`` with a lump or a bruise said after it in a later clause,
    neither negated ("felt something snap in my bicep, now there's a lump", alarms16)."""
    clauses = _clauses(sentence)
    for i, clause in enumerate(clauses):
        if _found(_POP(), clause):
            return any(_found(_POP_MARK(), c) for c in clauses[i:])
    return False


def _red_flags(text: str) -> tuple[list[str], float | None]:
    flags: list[str] = []
    spo2: float | None = None
    # A past illness told as history is blanked for every layer, readings included.
    text = told_history(text)
    # A sign as the condition of advice to anyone ("if you feel faint, stop") is not one's own.
    text = advice_conditions(text)
    said = text  # as said, for the classes that read a sign before any figure is taken out
    text = ramble_figures(text)  # rambles', dark humour's and conditions' words (red57m)
    # The body's words in mixed-in languages read as English, and look-alikes that name their
    # benign sense in young people's words (recall17).
    text = young_figures(young_gloss(text))
    # Readings and look-alikes in the words of people with a long-term condition (redav18).
    text = condition_figures(condition_gloss(text))
    text = work_figures(work_gloss(text))  # shift workers' and trades' words (redau18)
    text = outdoor_figures(outdoor_gloss(text))  # home and outdoor training's words (redax19)
    text = journey_figures(journey_gloss(text))  # beginners' and dieters' words (redaw19)
    text = diaspora_figures(diaspora_gloss(text))  # diasporas' words (reday20)
    text = east_asia_figures(east_asia_gloss(text))  # East and Southeast Asia's words (redaz20)
    text = family_figures(family_gloss(text))  # parents' and pregnancy's words (redbb21)
    text = eurasia_figures(eurasia_gloss(text))  # the Middle East's to Central Asia's (redba21)
    text = latin_figures(text)  # Latin America's, Brazil's and Iberia's words (redbc22)
    text = mind_figures(mind_gloss(text))  # mental health's and neurodivergence's (redbd22)
    text = travel_faith_figures(travel_faith_gloss(text))  # travel's and faith's words (red23)
    text = daily_life_figures(text)  # long-term conditions' and on-the-go words (red57b)
    text = combat_gym_figures(combat_gym_gloss(text))  # fighters' and lifters' words (red57a)
    text = movement_care_figures(movement_care_gloss(text))  # performers' and carers' (red24)
    text = tracker_figures(text)  # watch lines', trackers', beginners' words (red57k)
    text = quantified_figures(text)  # racket sports' and quantified-self words (red25)
    text = loose_figures(text)  # loose look-alikes: a race, a pillow, cold water (alarms96)
    text = deliberate_lie_down(text)  # a collapse done on purpose (alarms, stop 90)
    plain = _EXERCISE_WORDS().sub(" ", _without_figures(text))
    clauses = _clauses(plain)
    palpitations = dizzy = False
    for clause in clauses:
        if _found(_CHEST_PAIN(), clause):
            flags.append("chest_pain")
        # "Passed out on the sofa" is sleep, not syncope.
        faint = _found(_FAINTING(), clause)
        if (
            faint
            and not sleep_figure(clause, negated_too=True)
            and not _not_a_faint(faint, clause, plain)
        ):
            flags.append("fainting")
        if _found(_BREATHLESS(), clause) and not effort_breath_passed(plain):
            flags.append("severe_breathlessness")
        # A racing heart said any way the concept layer reads it ("my hearts racing").
        palpitations = palpitations or any(
            _found(p(), clause) for p in (_PALPITATIONS, _PALPITATION)
        )
        dizzy = dizzy or _found(_DIZZY(), clause) is not None
    # Self-harm words of a clear other sense ("cut myself shaving") are renamed for it alone.
    for clause in _clauses(without_self_harm_figures(plain)):
        if _SELF_HARM().search(clause) and not re.search(
            r"\b(?:not|never|no)\b[^,]{0,20}\b(?:suicidal|kill myself|hurt myself|harm myself)",
            clause,
        ):
            flags.append("self_harm")
    # Readings are looked for in the whole text: "my spo2, resting, is 87".
    first_low: int | None = None
    for m in _SPO2().finditer(text.replace(",", " ")):
        value = float(m.group(1))
        if 50 <= value <= 100:
            spo2 = value if spo2 is None else min(spo2, value)
            if value < SPO2_BELOW and first_low is None:
                first_low = m.end()
    low_words = [w for c in clauses if (w := _found(_SPO2_LOW_WORDS(), c))]
    if first_low is None and low_words:
        first_low = text.find(low_words[0].group(0))
    if ((spo2 is not None and spo2 < SPO2_BELOW) or low_words) and not _spo2_artefact(
        text, clauses, first_low
    ):
        flags.append("low_resting_spo2")
    if palpitations and dizzy:
        flags.append("palpitations_dizziness")
    # Signs that need two things together, anywhere in the message ("my calf is swollen, and
    # I flew back yesterday"): the main sign must not be negated in its own clause. A snap or a
    # pop with a lump or a bruise after it in its sentence is one too (alarms16).
    if (
        any(_found(_POP(), c) for c in clauses)
        and any(_found(_SWELLING(), c) or _found(_KICKED_FEEL(), c) for c in clauses)
    ) or any(_pop_then_mark(s) for s in _sentences(plain)):
        flags.append("acute_injury")
    # Per sentence, not per clause: "my calf is red, hot and swollen" lists across commas. A
    # calf red and hot, or hot and tight, with no swelling word counts after travel or surgery
    # (alarms16).
    if (
        any(_found(_CALF_SWOLLEN(), s) for s in _sentences(text))
        and any(_found(_CLOT_CONTEXT(), c) for c in _clauses(text))
        and not _bilateral_only(text)
    ) or (
        any(_found(_CALF_INFLAMED(), s) for s in _sentences(text))
        and any(_found(_CLOT_TRAVEL(), c) for c in _clauses(text))
        and not _bilateral_only(text)
    ):
        flags.append("dvt_signs")
    bladder = any(_found(_BLADDER_BOWEL(), c) for c in clauses)
    saddle = any(_found(_SADDLE(), c) for c in clauses) and not saddle_pressure(text)
    if (bladder and _NUMB_OR_BACK().search(text)) or saddle:
        flags.append("cauda_equina_signs")
    if _low_intake(text):
        flags.append("extreme_diet")
    flags += _concept_flags(text, plain)
    flags += young_flags(text, plain)  # slang and mixed-in languages (recall17)
    flags += work_flags(text, plain)  # a job's words (redau18)
    flags += outdoor_flags(text, plain)  # a hot place, a one-item day (redax19)
    flags += journey_flags(text, plain)  # weight-loss journeys' words (redaw19)
    flags += diaspora_flags(text, plain)  # diasporas' words (reday20)
    flags += east_asia_flags(text, plain)  # East and Southeast Asia's words (redaz20)
    flags += family_flags(text, plain)  # parents' and pregnancy's words (redbb21)
    flags += eurasia_flags(text, plain)  # the Middle East's to Central Asia's words (redba21)
    flags += latin_flags(text, plain)  # Latin America's, Brazil's and Iberia's words (redbc22)
    flags += mind_flags(text, plain)  # mental health's and neurodivergence's words (redbd22)
    flags += travel_faith_flags(text)  # travel's and faith's words (red23)
    flags += daily_life_flags(text)  # long-term conditions' and on-the-go words (red57b)
    flags += combat_gym_flags(text)  # fighters' and lifters' words (red57a)
    flags += movement_care_flags(text)  # performers' and carers' words (red24)
    flags += tracker_flags(text)  # watch lines', trackers', beginners' words (red57k)
    flags += quantified_flags(text)  # racket sports' and quantified-self words (red25)
    flags += ramble_flags(said)  # rambles', dark humour's and conditions' words (red57m)
    flags += pasted_flags(said)  # pasted summaries', niche sports', readings', rehab's (red57n)
    flags += meet_field_flags(said)  # lifters' meets', field and everyday words (red95)
    flags += box_flags(said)  # beginners', other Englishes' and box athletes' words (flags31)
    return _with_medication_overuse(text, list(dict.fromkeys(flags))), spo2


def _with_medication_overuse(text: str, flags: list[str]) -> list[str]:
    """``flags`` with the painkiller classes (``medication.medication_flags``, medflags16)."""
    return medication_flags(
        text, flags, lambda: "self_harm" in _red_flags(without_medicine_taken(text))[0]
    )
