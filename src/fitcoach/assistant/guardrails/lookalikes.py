"""Safe look-alikes by class (issue 57): the contexts that make a red-flag word harmless, each
checked so that a red flag said with the same words still fires.

The classes, found on the development writers' false alarms: chest-wall pain that pressing
brings on, chest tightness put down to a chest session (never cold air's, even passed: cold
and effort bring angina on), lips blue from cold water that pinked up on warming,
breathlessness walking uphill, being fine at rest, a grey-out on standing up fast, a numb bum
from a saddle that wore off, a treated hypo rechecked normal, and context words a negation
cancels. Added later (alarms57): chest pain a twist of the trunk or laughing brought on, a
near-faint in the heat or after a session that passed, breath short from a named hard effort
that came back, and a past illness told as history (someone else's, or one's own a clinician
cleared). Added from the tuned writers W-Z beside A-I (alarms57c): chest tightness put down to a
tight garment or taken back as a joke with the chest said fine, chest pain when pressing on the
pecs, numbness from hours on a saddle with nothing of the back, legs, bladder or bowel, waking
breathless from a nightmare, and lips stained blue by a food or a drink. Added from the eleventh
set's writers AE and AF (alarms57f): one's own faint long ago said never to have happened since,
and a wearable's high-heart-rate alert beside a named hard effort (``hr_alert_effort``: read
literally, a rate the watch took for rest; never raised with nothing said, raised with rest, a
symptom or coming back). Added from the twelfth set's writers AG and AH (alarms57g): a level-1
hypo treated with fast sugar and the night or day going on as usual (``treated_hypo``),
hypo-like signs beside a CGM or meter reading now in range (``glucose_in_range``: never with a
falling trend, a low alarm, a collapse or a severe sign), and chest tightness a reliever inhaler
cleared (in ``quiet_chest``: never when it failed, took many puffs or came back). Chest symptoms
are quietened only where nothing in the
message is a cardiac companion (spread to the arm or jaw, sweating, breathlessness, dizziness,
at rest, getting worse or coming back). Added from the fifteenth set's AM and AN (alarms15):
numbness from sitting too long on one seat, a sign as the condition of advice to anyone
(``advice_conditions``) and words garbled by a phone's dictation (``dictation_garble``). Added
from the sixteenth set's AQ and AR (alarms16): chest tightness put down to a pec or brought on by
stretching, a chest burn put down to heartburn after a named meal (never doubted, on effort or
new), and hours in a seat with the back and bladder said fine (``spine_denied``). Self-harm and crisis words are never quietened here ("suicide
sprints", a drill's name, is narrowed in the phrases, not quietened). The vocabulary is ``coach/rules/red_flag_lookalikes.yaml``.
"""

from __future__ import annotations

import re

from fitcoach.assistant.guardrails.senses import benign, firm_rewrite, rewrite
from fitcoach.assistant.guardrails.text import _clauses, _found, _sentences
from fitcoach.assistant.guardrails.vocabulary import patterns

_V = patterns("red_flag_lookalikes")  # coach/rules/red_flag_lookalikes.yaml

_CARDIAC_COMPANION = _V["cardiac_companion"]
_CHEST_WALL = _V["chest_wall"]
_TRAINING_CAUSE = _V["training_cause"]
_COLD_TRIGGER = _V["cold_trigger"]
_WARMED_BACK = _V["warmed_back"]
_COLD_WATER = _V["cold_water"]
_UPHILL = _V["uphill"]
_FINE_AT_REST = _V["fine_at_rest"]
_GREYOUT = _V["greyout"]
_WENT_DOWN = _V["went_down"]
_SADDLE_RIDE = _V["saddle_ride"]
_WORE_OFF = _V["wore_off"]
_GLUCOSE_RECHECK = _V["glucose_recheck"]
_HYPO_SEVERE = _V["hypo_severe"]
_STARVING_TREAT = _V["starving_treat"]
_STARVING_TREAT_KEEP = _V["starving_treat_keep"]
_STARVING_NOT_FOOD = _V["starving_not_food"]
_NUMB_LASTING = _V["numb_lasting"]
_SAT_TOO_LONG = _V["sat_too_long"]
_SAT_WORRYING = _V["sat_worrying"]
_ADVICE_CONDITION = _V["advice_condition"]
_ADVICE_CONDITION_REAL = _V["advice_condition_real"]
_DICTATION_MISHEARD = _V["dictation_misheard"]
_DICTATION_WORRYING = _V["dictation_worrying"]
_OTHER_PERSON = _V["other_person"]
_PAST_TIME = _V["past_time"]
_FIRST_PERSON = _V["first_person"]
_CLINICIAN_CLEARED = _V["clinician_cleared"]
_BACK_NOW = _V["back_now"]
_NONE_SINCE = _V["none_since"]
_NEAR_FAINT = _V["near_faint"]
_FAINT_CAUSE = _V["faint_cause"]
_FAINT_RECOVERED = _V["faint_recovered"]
_FAINT_WORRYING = _V["faint_worrying"]
_HARD_EFFORT = _V["hard_effort"]
_BREATH_BACK = _V["breath_back"]
_BREATH_WORRYING = _V["breath_worrying"]
_CHEST_GARMENT = _V["chest_garment"]
_CHEST_GARMENT_DENIED = _V["chest_garment_denied"]
_CHEST_TAKEN_BACK = _V["chest_taken_back"]
_SADDLE_CAUSE = _V["saddle_cause"]
_SADDLE_SPINE = _V["saddle_spine"]
_NIGHTMARE_WAKE = _V["nightmare_wake"]
_NIGHTMARE_WORRYING = _V["nightmare_worrying"]
_LIPS_STAINED = _V["lips_stained"]
_LIPS_STAINED_WORRYING = _V["lips_stained_worrying"]
_HR_ALERT_EFFORT = _V["hr_alert_effort"]
_HR_ALERT_WORRYING = _V["hr_alert_worrying"]
_HR_AFTER_EFFORT = _V["hr_after_effort"]
_HR_RECOVERED_NOW = _V["hr_recovered_now"]
_HR_RECOVERED_WORRYING = _V["hr_recovered_worrying"]
_HYPO_TREATED = _V["hypo_treated"]
_HYPO_ALARM_FINE = _V["hypo_alarm_fine"]
_HYPO_FELT_SIGN = _V["hypo_felt_sign"]
_HYPO_SETTLED = _V["hypo_settled"]
_HYPO_UNSETTLED = _V["hypo_unsettled"]
_GLUCOSE_NOW = _V["glucose_now"]
_GLUCOSE_WORRYING = _V["glucose_worrying"]
_RELIEVER_RELIEF = _V["reliever_relief"]
_RELIEVER_WORRYING = _V["reliever_worrying"]
_SPINE_DENIED = _V["spine_denied"]
_SPO2_ALTITUDE = _V["spo2_altitude"]
_SPO2_ALTITUDE_WORRYING = _V["spo2_altitude_worrying"]
_CHEST_HEARTBURN = _V["chest_heartburn"]
_CHEST_MEAL = _V["chest_meal"]
_CHEST_HEARTBURN_WORRYING = _V["chest_heartburn_worrying"]

# The words that make a chest sentence a symptom (phrases' ``chest_pain`` and the concepts'
# ``chest_quality``), replaced by "sore" in a chest-wall look-alike (pain that pressing brings
# on); a training cause quietens only the tightness a pump gives.
_CHEST_SYMPTOM = re.compile(
    r"\b(?:pains?|painful|hurts?|hurting|hurt|ache|aches|aching|tight(?:ness|ening)?|pressure|"
    r"heav(?:y|iness)|discomfort|burning|sharp)\b"
)
_CHEST_TIGHT = re.compile(r"\b(?:tight(?:ness|ening)?|heav(?:y|iness)|full)\b")
_CHEST_BURN = re.compile(r"\b(?:burn(?:ing|s|t)?|discomfort)\b")


def _cardiac_companion(text: str) -> bool:
    """A non-negated sign anywhere in ``text`` that keeps chest symptoms a red flag."""
    return any(_found(_CARDIAC_COMPANION(), c) for c in _clauses(text))


def _chest_explained(text: str) -> bool:
    """Whether ``text`` puts its chest tightness down to a tight garment (not denied, not taken
    off), takes it back as a joke with the chest said fine (alarms57c), or says a reliever
    inhaler cleared it with nothing of it failing or coming back (alarms57g)."""
    if _CHEST_TAKEN_BACK().search(text):
        return True
    if _RELIEVER_RELIEF().search(text) and not _RELIEVER_WORRYING().search(text):
        return True
    return any(
        _CHEST_GARMENT().search(s) and not _CHEST_GARMENT_DENIED().search(s)
        for s in _sentences(text)
    ) and not _CHEST_GARMENT_DENIED().search(text)


def _heartburn(text: str) -> bool:
    """Whether ``text`` puts a chest burn down to heartburn, reflux or indigestion after a food or
    a meal it names, with nothing of effort bringing it on, an antacid failing or it being new
    (alarms16)."""
    return (
        _CHEST_HEARTBURN().search(text) is not None
        and _CHEST_MEAL().search(text) is not None
        and _CHEST_HEARTBURN_WORRYING().search(text) is None
    )


@rewrite
def quiet_chest(text: str) -> str:
    """``text`` with the chest-symptom words of look-alike sentences replaced by "sore": pain
    that pressing brings on, or tightness after a chest session, from a tight garment or taken
    back as a joke, or a burn put down to heartburn after a meal (alarms16); never where the
    message names a cardiac companion."""
    if "chest" not in text or _cardiac_companion(text):
        return text
    explained = _chest_explained(text)
    heartburn = _heartburn(text)

    def quieted(m: re.Match[str]) -> str:
        sentence = m.group(0)
        if "chest" not in sentence:
            return sentence
        if _CHEST_WALL().search(sentence):
            return _CHEST_SYMPTOM.sub("sore", sentence)
        # Chest tightness in cold air stays a red flag even when it passed: cold and effort
        # together are what bring angina on (a conservative default; docs/safety.md).
        if explained or _TRAINING_CAUSE().search(sentence):
            return _CHEST_TIGHT.sub("sore", sentence)
        if heartburn:
            return _CHEST_BURN.sub("sore", sentence)
        return sentence

    # An ellipsis carries the sentence on ("had chest pain... from laughing").
    return re.sub(r"(?:[^.;!?\n]|\.{2,}(?=[^.;!?\n]))+", quieted, text)


@firm_rewrite  # someone else's, past and cleared: firm (gate23)
def told_history(text: str) -> str:
    """``text`` with the parts that tell a past illness as history blanked: someone else's, with
    a time well past and no "I" in the part ("my dad had a heart attack ten years ago"), any
    past symptom in a sentence that says a clinician cleared it ("I had chest pain two years
    ago, doctor cleared me"), or one's own with a time well past where the message says it never
    happened since ("fainted once as a teenager, never since", alarms57f). Never where the
    message says it is back or happening now."""
    # "Never happened again" says it is not back: its "again" is not a return.
    if _BACK_NOW().search(_NONE_SINCE().sub(" ", text)):
        return text
    never_since = _NONE_SINCE().search(text) is not None

    def story(sentence: re.Match[str]) -> str:
        # The clearance must be in the symptom's own sentence: one for an ankle does not clear
        # a faint told in the next sentence.
        cleared = _CLINICIAN_CLEARED().search(sentence.group(0)) is not None

        def blanked(m: re.Match[str]) -> str:
            part = m.group(0)
            if not _PAST_TIME().search(part):
                return part
            other = _OTHER_PERSON().search(part.strip()) and not _FIRST_PERSON().search(part)
            return " " if cleared or other or never_since else part

        return re.sub(r"[^,]+", blanked, sentence.group(0))

    return re.sub(r"[^.;!?\n]+", story, text)


@rewrite
def advice_conditions(text: str) -> str:
    """``text`` with a sign said as the condition of advice to anyone blanked ("instructor said
    if you feel faint stop", "stop if you get chest pain", alarms15): an instruction or a
    hypothetical, not one's own account; not where the condition says again, still or when."""

    def blanked(m: re.Match[str]) -> str:
        return m.group(0) if _ADVICE_CONDITION_REAL().search(m.group(0)) else " "

    return _ADVICE_CONDITION().sub(blanked, text)


@benign
def passed_near_faint(text: str, fainting: re.Pattern[str]) -> bool:
    """Whether every ``fainting`` word in ``text`` is part of a near-faint in the heat or after
    a session that passed ("felt faint in the sauna, got out, fine now"): no fall or coming
    round, nothing during effort, of the heart or chest, or coming back."""
    near = [m.span() for m in _NEAR_FAINT().finditer(text)]
    inside = all(
        any(a <= m.start() and m.end() <= b for a, b in near) for m in fainting.finditer(text)
    )
    return (
        bool(near)
        and inside
        and _FAINT_CAUSE().search(text) is not None
        and _FAINT_RECOVERED().search(text) is not None
        and _FAINT_WORRYING().search(text) is None
        and not any(_found(_WENT_DOWN(), c) for c in _clauses(text))
    )


@benign
def effort_breath_passed(text: str) -> bool:
    """Whether ``text`` says breath was short from a named hard effort and came back ("couldn't
    breathe after the 400s, recovered in a minute"), with nothing of an airway, a lung or a
    heart, nothing at rest and nothing lasting or coming back."""
    return (
        _HARD_EFFORT().search(text) is not None
        and _BREATH_BACK().search(text) is not None
        and _BREATH_WORRYING().search(text) is None
    )


@benign
def cold_lips(text: str) -> bool:
    """Blue or purple lips from cold water or air that pinked up on warming (peripheral
    cyanosis from the cold); breathlessness in the message is still judged on its own."""
    return bool(_COLD_TRIGGER().search(text) or _COLD_WATER().search(text)) and bool(
        _WARMED_BACK().search(text)
    )


@benign
def stained_lips(text: str) -> bool:
    """Blue or purple lips put down to a food, a drink or a dye (blueberries, a slushie), with
    nothing of the breath, the chest, dizziness, fainting, the cold or lasting."""
    return (
        _LIPS_STAINED().search(text) is not None and _LIPS_STAINED_WORRYING().search(text) is None
    )


@benign
def uphill(clause: str) -> bool:
    """Whether ``clause`` is walking or climbing uphill (effort, not minimal exertion)."""
    return _UPHILL().search(clause) is not None


@benign
def fine_at_rest(clause: str) -> bool:
    """Whether ``clause`` says the athlete is fine at rest ("I'm fine sitting down")."""
    return _found(_FINE_AT_REST(), clause) is not None


@benign
def postural_greyout(words: str, sentence: str, text: str, postural: re.Pattern[str]) -> bool:
    """Whether the collapse ``words`` are a grey-out on standing up fast or out of an inversion,
    said in ``sentence``, with no fall or coming round anywhere in ``text``."""
    return (
        _GREYOUT().search(words) is not None
        and postural.search(sentence) is not None
        and not any(_found(_WENT_DOWN(), c) for c in _clauses(text))
    )


@benign
def saddle_pressure(text: str) -> bool:
    """Numbness put down to a bike saddle that has worn off, or to hours on one with nothing of
    the back, the legs or the bladder and bowel (pressure, not cauda equina); not where it is
    still there, has lasted days or got worse. Or to sitting too long on one seat, a toilet
    included (alarms15), with none of those either."""
    if _NUMB_LASTING().search(text):
        return False
    # "Like I've been sat on a saddle for hours" is a simile for where, not a cause.
    sat = any(
        "like" not in text[max(0, m.start() - 25) : m.start()].split()
        for m in _SAT_TOO_LONG().finditer(text)
    )
    # The back and the bladder said fine are no worrying words (alarms16).
    if sat and _SAT_WORRYING().search(_SPINE_DENIED().sub(" ", text)) is None:
        return True
    if _SADDLE_RIDE().search(text) is None:
        return False
    if any(_found(_WORE_OFF(), s) for s in _sentences(text)):
        return True
    # "Like I'm sat on a saddle" says where the numbness is, not what caused it.
    caused = any(
        "like" not in text[max(0, m.start() - 25) : m.start()].split()
        for m in _SADDLE_CAUSE().finditer(text)
    )
    return caused and _SADDLE_SPINE().search(text) is None


@benign
def nightmare_wake(text: str) -> bool:
    """Whether ``text`` puts waking breathless down to a dream or a nightmare, with nothing of
    the night-time breathlessness of heart failure (again, unable to lie flat, a cough,
    swelling, the chest, lasting)."""
    return _NIGHTMARE_WAKE().search(text) is not None and _NIGHTMARE_WORRYING().search(text) is None


@benign
def treated_hypo(text: str, lows: list[float]) -> bool:
    """A low glucose (``lows``, mmol/L; empty where only "hypo" was said) that was treated and
    rechecked normal or settled: every low at level 1 (3.0 mmol/L or more), a later reading of
    3.9-13.9 mmol/L (70-250 mg/dL) or the treatment and the night or day going on as usual with
    nothing lasting or back (alarms57g), and no severe or neuroglycopenic sign."""
    if any(v < 3.0 for v in lows) or any(_found(_HYPO_SEVERE(), c) for c in _clauses(text)):
        return False
    # Treated and settled with no number after it (alarms57g): "treated it with juice and
    # slept fine", not where it went on, came back or another followed.
    if (
        _HYPO_TREATED().search(text)
        and _HYPO_SETTLED().search(text)
        and not _HYPO_UNSETTLED().search(text)
    ):
        return True
    for m in _GLUCOSE_RECHECK().finditer(text):
        value = float(next(g for g in m.groups() if g is not None))
        mmol = value if value <= 35 else value / 18.0
        if 3.9 <= mmol <= 13.9:
            return True
    return False


@benign
def false_hypo_alarm(text: str) -> bool:
    """Whether ``text``'s "hypo" is only a sensor's hypo or low alarm said to be fine or false
    ("woke once for a hypo alarm but it was fine", stop 88), with no felt sign of a low beside it
    (a low reading is read apart, by ``_glucose_flag``)."""
    return bool(_HYPO_ALARM_FINE().search(text)) and not _HYPO_FELT_SIGN().search(text)


@benign
def glucose_in_range(text: str) -> bool:
    """Whether hypo-like signs in ``text`` sit beside a glucose reading now in range (alarms57g):
    every reading said plainly at 3.9-13.9 mmol/L (70-250 mg/dL), with nothing falling, no low
    alarm, no severe sign and nothing lasting or back."""
    values = [float(m.group(1)) for m in _GLUCOSE_NOW().finditer(text)]
    if not values or _GLUCOSE_WORRYING().search(text):
        return False
    if any(_found(_HYPO_SEVERE(), c) for c in _clauses(text)):
        return False
    return all(3.9 <= (v if v <= 35 else v / 18.0) <= 13.9 for v in values)


@benign
def starving_treat(text: str) -> bool:
    """Whether "starving myself" in ``text`` is of one treat or one macronutrient with nothing
    beside it that keeps starving raised, or of something that is not food at all (alarms95)."""
    if _STARVING_NOT_FOOD().search(text) is not None:
        return True
    return (
        _STARVING_TREAT().search(text) is not None and _STARVING_TREAT_KEEP().search(text) is None
    )


def effort_named(text: str) -> bool:
    """Whether ``text`` names a hard effort ("during spin class", "I was sprinting")."""
    return _HR_ALERT_EFFORT().search(text) is not None


@benign
def hr_alert_effort(text: str) -> bool:
    """Whether a wearable's high-heart-rate alert in ``text`` came during a hard effort it names,
    with nothing of rest, the night, a symptom, an irregular rhythm, lasting or coming back
    (alarms57f)."""
    return effort_named(text) and _HR_ALERT_WORRYING().search(text) is None


@benign
def heart_rate_recovered(text: str) -> bool:
    """Whether ``text`` tells a heart rate high straight after a named set or effort and under
    100 once sitting or resting after it, with no symptom, irregular rhythm or lasting beside:
    a normal recovery (alarms95). For the student's gate only (``screening.read_in_range``)."""
    effort = _HR_AFTER_EFFORT().search(text)
    if effort is None or _HR_RECOVERED_WORRYING().search(text) is not None:
        return False
    return _HR_RECOVERED_NOW().search(text, effort.end()) is not None


@benign
def dictation_garble(text: str) -> bool:
    """Whether words said to come out garbled in ``text`` are a phone or dictation mishearing
    them ("the phone keeps hearing squats as squads", alarms15), with nothing of the face, a
    limb, weakness, a headache, sudden onset, slurring or people not understanding one."""
    return (
        _DICTATION_MISHEARD().search(text) is not None
        and _DICTATION_WORRYING().search(text) is None
    )


def well_at_altitude(text: str) -> bool:
    """Whether ``text`` says one is at altitude with no sign of altitude sickness (breathlessness,
    a cough, a headache, confusion, vomiting...): where an SpO2 in the low 90s is usual. Read
    only by ``screening.read_in_range`` for the student's gate, never by the screening (alarms16)."""
    return (
        _SPO2_ALTITUDE().search(text) is not None and _SPO2_ALTITUDE_WORRYING().search(text) is None
    )
