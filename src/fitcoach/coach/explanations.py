"""Reason codes and the sentences they render to.

Every decision the coach engine makes carries ``Reason`` objects: a stable code (for tests,
analytics and translation) and parameters. ``render`` turns them into readable English; a
language model may rephrase the sentence but never changes the code or the numbers.
"""

from __future__ import annotations

import re
from typing import Any, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

TEMPLATES: dict[str, str] = {
    # generation
    "goal_rep_range": "{reps} reps suit your goal ({goal}).",
    "level_volume": "{sets} sets per exercise is the starting volume for {level} lifters.",
    "level_rir": "Stop {rir} reps short of failure: safe, repeatable effort for {level} lifters.",
    "pattern_balance": "Covers the {pattern} pattern so the week stays balanced.",
    "muscle_coverage": "Trains {muscles}, which the week needs.",
    "equipment_fit": "Uses only equipment you have ({equipment}).",
    "injury_avoid": "Chosen instead of {avoided} because of your {region} ({severity}).",
    "condition_avoid": "Avoids exercises unsuitable with {condition}.",
    "preference": "You said you like {what}.",
    "dislike_avoid": "Leaves out {what}, which you said you dislike.",
    "variety": "Rotated in for variety across weeks.",
    "deload_scheduled": "Deload week: volume down to about {pct}% to let fatigue clear.",
    "cardio_goal": "{minutes} min of {modality} for your {goal} goal.",
    "cardio_zone": "Keep it in zone {zone} ({low}-{high} bpm).",
    "warmup": "Warm-up to raise temperature and rehearse the first lifts.",
    "session_length_fit": "Fits your {minutes}-minute session.",
    "start_load_estimate": "Starting load from your logged e1RM of {e1rm} kg.",
    "start_load_unknown": "No logged load yet: start light and find a weight you can lift at RIR {rir}.",
    # progression
    "double_progression_reps": "You hit {reps} reps at RIR {rir} or more: add a rep next time.",
    "double_progression_load": "You reached the top of the rep range at {logged}: load goes up {step} to {load}.",
    "rir_autoregulation_up": "Sets felt easier than planned (RIR {rir} vs target {target}) at {logged}: +{step}, to {load}.",
    "rir_autoregulation_down": "Sets were harder than planned (RIR {rir} vs target {target}) at {logged}: -{step}, to {load}.",
    "missed_reduce": "Missed the target {misses} sessions in a row at {logged}: load down {step}, to {load}, to rebuild.",
    "load_vs_plan": "Next time {load} instead of the planned {planned}: {step} {way} from the {logged} you lifted.",
    "load_as_logged": "Next time starts from the {load} you lifted (the plan had {planned}).",
    "hold": "Hold: {why}.",
    "dosing_agent": "Adaptive dosing agent (you opted in): {change}",
    "cardio_ramp": "Cardio volume up {pct}% (never more than 10 % a week).",
    "deload_readiness": "Readiness has been low for {days} days: deload this week.",
    "deload_load_spike": "Acute load is {acwr}× your chronic load: deload to avoid a spike.",
    # today
    "readiness_green": "Readiness {score}/100 (green): train as planned.",
    "readiness_yellow": "Readiness {score}/100 (yellow): lighter today (fewer sets, more reserve).",
    "readiness_red": "Readiness {score}/100 (red): rest or easy aerobic work today.",
    "readiness_no_checkin": "No check-in yet — how do you feel? Train as planned and listen to your body, or answer the check-in first (three taps).",
    "readiness_said": "You said {said}/100 in your check-in{lowered}.",
    "session_moved": "Moved forward from {date}: a missed session is not lost.",
    # safety
    "red_flag": "{flag}: no training today. Please see a doctor or health professional.",
    "contraindicated": "{exercise} is left out ({what}).",
    "equipment_missing": "{exercise} needs {equipment}, which you do not have.",
    "increase_capped": "{what} increase capped at {limit}.",
    "min_rir_beginner": "Beginners keep at least {rir} reps in reserve.",
    "no_max_test": "No maximal tests for {who}.",
    "rest_days": "At least {days} rest day(s) a week.",
    "sessions_per_day": "{day} would hold {count} sessions ({sessions}): at most {hard} hard session a day and {most} sessions in all, so the body recovers between hard sessions; pick another day.",
    "repaired_substitute": "{exercise} replaced by {substitute}: {why}.",
    # edits
    "edit_requested": "Changed at your request ({by}).",  # versions stored before edit_applied
    "edit_applied": "Changed: {what} (asked by {who}).",
    "fresh_block": "A fresh block from {start}, made from {what}: {who}.",
    "plan_waits": "A new plan, waiting for approval: version {version} stays in force until it is approved.",
    # adaptation
    "double_progression_reset": "Reps go back to {reps} with the new load and climb again.",
    "bodyweight_range_up": "Top of the range with bodyweight: the range moves up to {low}-{high} reps.",
    "bodyweight_range_down": "Missed the target {misses} sessions in a row: the range moves down to {low}-{high} reps.",
    "deload_limits": "Deload limits: readiness low on {days} of the last {window} days, or ACWR above {acwr}.",
    "deload_not_needed": "No deload: readiness low on {low} of the last {window} days, ACWR {acwr}.",
    "deload_applied": "Deload: {sets} set(s) instead of {was}, load at {pct}%, {rir} more rep(s) in reserve.",
    "after_deload": "After the deload week: back to the load before it ({load}).",
    "session_done": "Done on {date}: matched to your logged {what} ({rule}).",
    "regenerated": "Sessions from here on regenerated for {what}.",
    "rest_day": "Rest day: next session {session} on {date}.",
    "plan_finished": "Every session of this plan is done or skipped: generate the next one.",
    "easy_aerobic": "{minutes} min of easy {modality} in zone 1-2 instead of the session.",
    "logged_as": "Logged: {sets} set(s) of {reps} reps at {load}.",
    # guided workout feedback
    "feedback_too_hard": "You said it was too hard: counted as RIR {rir}, so no load rise.",
    "feedback_too_easy": "You said it was too easy: counted as RIR {rir}, so a bigger step.",
    "pain_hold": "Pain reported on {date}: this exercise does not progress.",
    "form_breakdown_hold": "Form broke down in {sets} set(s) on {date}: the load holds until the form is solid.",
    "pain_stop": "Pain in {exercise}: stop it for today{alternatives}.",
    "pain_swap": "{exercise} swapped for {substitute} in this session because of pain ({why}).",
    "pain_see_professional": "Pain in {exercise} on {days} different days: please see a physiotherapist or doctor before loading it again.",
    # safety (validator additions)
    "unknown_exercise": "{exercise} is not in the exercise library, so its safety cannot be checked.",
    "own_exercise_not_planned": "{exercise} is your own exercise, and its movement pattern or equipment is not known: fill them in on the Exercises page, under your own exercises, and it can be planned (its safety is then judged like the library's exercises of that pattern).",
    "own_exercise_refused": "{exercise} is your own exercise, so its safety is judged like the library's {pattern} exercises; it cannot be in your plan: {why}.",
    "no_substitute": "No safe substitute for {exercise} fits your equipment and health notes ({why}).",
    "session_unsafe": "Nothing in {session} can be done safely with your current profile (health notes, equipment): skip it or ask for a plan that fits your profile.",
    "profile_safety": "Your profile changed since the plan in force was approved ({what}): this version is that plan made safe for it.",
    "min_rir_condition": "With {condition}, keep at least {rir} reps in reserve: no straining close to failure.",
    # planner
    "plan_program": "{goal} plan: {split}, {days} training day(s) a week.",
    "days_capped": "You asked for {asked} training days; {days} are planned so that you keep at least {rest} rest day(s).",
    "rir_floor_age": "Sets stop at least {rir} reps short of failure for {who}.",
    "session_focus": "{focus} session ({split}).",
    "time_trimmed": "Left out {what} to fit your {minutes}-minute session.",
    "slot_dropped": "No {pattern} exercise fits your equipment, health notes and dislikes, so it is left out.",
    "slot_substitute": "No suitable {pattern} exercise, so {exercise} trains the same muscles ({muscles}).",
    "short_session_sets": "{sets} set(s) instead of the usual {usual} so the session fits {minutes} minutes.",
    "volume_fill": "Added for {muscle}: the week had too little work for it.",
    "volume_adjusted": "{sets} set(s) keep the weekly sets per muscle in the productive range.",
    "volume_short": "Weekly sets stay below the minimum effective volume for {muscles}: more days or minutes would reach it.",
    "muscles_uncovered": "No room this week for {muscles}.",
    "main_lift_stable": "Main lift: the same all block long so progress is measurable.",
    "progression_rir": "Week {week}: stop {rir} reps short of failure (effort builds through the block).",
    "progression_sets": "{sets} sets, one more than last week: volume builds toward your productive range.",
    "sets_built": "{sets} sets: volume built up over the block.",
    "load_bodyweight": "Bodyweight: make it easier or harder so that you stop {rir} reps short of failure.",
    "load_from_e1rm": "{kg} kg is about {pct}% of your e1RM: {reps} reps with {rir} in reserve (Epley).",
    "cardio_easy": "Easy aerobic work: most endurance training should feel easy.",
    "cardio_intervals": "{repeats} x {work} hard with {rest} easy in between: the week's quality session.",
    "cardio_long": "The week's longest session, up to your {minutes}-minute limit.",
    "cardio_finisher": "Easy {modality} after lifting adds aerobic work without hurting recovery.",
    "cardio_feel": "Zone {zone}: {feel}.",
    "cardio_rpe": "Effort about {rpe}/10: {feel}.",
    "intensity_capped": "Intensity kept at or below zone {zone} because of {condition}.",
    "sport_modality": "{modality} trains for your sport ({sport}).",
    "strength_block": "Strength work for injury resilience and economy in your sport.",
    "power_first": "Explosive work first, while you are fresh.",
    "warmup_cardio": "Start easy for {minutes} min before the main set.",
    "session_dropped": "No {what} session: nothing in it suits your equipment, health notes and dislikes.",
}


# The sentences of reasons stored before their template gained a field (old plan versions keep
# their old parameters and still render).
LEGACY_TEMPLATES: dict[str, str] = {
    "double_progression_load": "You reached the top of the rep range: load goes up {step}.",
    "rir_autoregulation_up": "Sets felt easier than planned (RIR {rir} vs target {target}): +{step}.",
    "rir_autoregulation_down": "Sets were harder than planned (RIR {rir} vs target {target}): -{step}.",
    "missed_reduce": "Missed the target {misses} sessions in a row: load down {step} to rebuild.",
}


# A reason's parameters differ by code (a number, a name, a date as ISO text, a list of names),
# so they are typed as what every code uses: JSON scalars and lists of them.
ParamScalar: TypeAlias = str | int | float | bool | None
ParamValue: TypeAlias = ParamScalar | list[ParamScalar]


class Reason(BaseModel):
    """A machine-readable reason with its parameters; ``text`` renders it."""

    # Built on first use (the CLI's start-up): `fitcoach load` and `nutrition targets` give no reasons.
    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    params: dict[str, ParamValue] = Field(default_factory=dict)

    @property
    def text(self) -> str:
        return render(self)


def reason(code: str, **params: Any) -> Reason:
    """Make a reason, checking the code exists and the template's fields are given."""
    if code not in TEMPLATES:
        raise KeyError(f"unknown reason code {code!r}")
    made = Reason(code=code, params=params)
    render(made)
    return made


def render(r: Reason) -> str:
    """The sentence for a reason."""
    params = {k: _fmt(v) for k, v in r.params.items()}
    try:
        return counted(TEMPLATES[r.code].format(**params))
    except KeyError:
        if r.code not in LEGACY_TEMPLATES:
            raise
        return counted(LEGACY_TEMPLATES[r.code].format(**params))


# "3 training day(s)", "1 more rep(s)": a count, up to two words, a noun with "(s)".
_COUNTED = re.compile(r"\b(\d+(?:\.\d+)?)((?:\s+[a-z]+){0,2}?\s+)([a-z]+)\(s\)")


def counted(text: str) -> str:
    """``text`` with each "N thing(s)" said as a person would: "1 rest day", "3 training
    days" (a sentence template writes the "(s)"; the count it was given decides)."""

    def said(m: re.Match[str]) -> str:
        number, between, noun = m.group(1), m.group(2), m.group(3)
        return f"{number}{between}{noun}{'' if number == '1' else 's'}"

    return _COUNTED.sub(said, text)


def _fmt(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:g}" if value != int(value) else str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(v).replace("_", " ") for v in value)
    if isinstance(value, str):
        return value.replace("_", " ")
    return value
