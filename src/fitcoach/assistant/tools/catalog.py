"""Every tool with its name, description and argument model, in the order a model is shown
them, and the one registry built from them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from fitcoach.assistant.registry import Tool, ToolContext, ToolRegistry, ToolResult
from fitcoach.assistant.tools.common import DayArgs, in_athlete_units
from fitcoach.assistant.tools.explain import ExplainArgs, explain_decision
from fitcoach.assistant.tools.foods import FoodFactsArgs, get_food_facts
from fitcoach.assistant.tools.history import (
    PeriodArgs,
    StrengthArgs,
    get_strength,
    get_training_summary,
)
from fitcoach.assistant.tools.library import (
    SearchExercisesArgs,
    SubstitutesArgs,
    exercise_substitutes,
    search_exercises,
)
from fitcoach.assistant.tools.measurements import (
    GetMeasurementsArgs,
    LogMeasurementsArgs,
    get_measurements,
    log_measurements,
)
from fitcoach.assistant.tools.metrics import GetMetricsArgs, get_metrics, get_readiness
from fitcoach.assistant.tools.plan_changes import (
    GeneratePlanArgs,
    ProposePlanEditArgs,
    VersionArgs,
    approve_plan_change,
    generate_plan,
    propose_plan_edit,
    reject_plan_change,
)
from fitcoach.assistant.tools.plan_views import GetPlanArgs, get_plan, get_today_session
from fitcoach.assistant.tools.safety import (
    RecordInjuryArgs,
    ReportSymptomsArgs,
    record_injury,
    report_symptoms,
)
from fitcoach.assistant.tools.training_log import (
    CorrectLogArgs,
    LastEntryArgs,
    LogCardioArgs,
    LogDailyArgs,
    LogMealArgs,
    LogSetsArgs,
    LogSleepArgs,
    UndoLastArgs,
    UndoLogArgs,
    correct_log_entry,
    last_log_entry,
    log_cardio,
    log_daily_metrics,
    log_meal,
    log_sets,
    log_sleep,
    undo_last_entry,
    undo_log_entry,
)

A = TypeVar("A", bound=BaseModel)


def _tool(
    name: str,
    description: str,
    args: type[A],
    handler: Callable[[ToolContext, A], ToolResult],
    *,
    writes: bool = False,
    for_models: bool = True,
) -> Tool:
    return Tool(name, description, args, handler, writes=writes, for_models=for_models)


def build_tools() -> list[Tool]:
    """Every tool, in the order a model is shown them."""
    return [
        _tool(
            "get_metrics",
            "Read one of the athlete's metrics over a period (default the last 7 days, inclusive): resting HR, HRV, sleep, weight, training load, readiness, SpO2, breathing rate, EtCO2, heart rate in recordings, calories, protein or training volume. Returns daily values, average, range and latest with units.",
            GetMetricsArgs,
            get_metrics,
        ),
        _tool(
            "get_strength",
            "Estimated one-rep maxes (1RM, Epley from the best logged working set) and heaviest sets, for one exercise or the main lifts.",
            StrengthArgs,
            get_strength,
        ),
        _tool(
            "get_training_summary",
            "What the athlete did over a period (default this week so far): workouts, working sets, reps, tonnage, training load and sleep.",
            PeriodArgs,
            get_training_summary,
        ),
        _tool(
            "record_injury",
            "Note an injury or pain the athlete reports in their profile (a body region), so new plans and plan changes spare it.",
            RecordInjuryArgs,
            record_injury,
            writes=True,
        ),
        _tool(
            "get_readiness",
            "Readiness (0-100, green/yellow/red) for a day from HRV, resting HR, sleep, soreness and load, with the engine's reasons. Use it to answer 'should I train hard today?'.",
            DayArgs,
            get_readiness,
        ),
        _tool(
            "get_today_session",
            "The session for a day (default today) adjusted to readiness: exercises with sets, reps, RIR and loads, or a rest/blocked day, with the reasons.",
            DayArgs,
            get_today_session,
        ),
        _tool(
            "get_plan",
            "The plan in force (or a version): goal, split, days a week, session length and the upcoming sessions with their dates, plus versions waiting for approval.",
            GetPlanArgs,
            get_plan,
        ),
        _tool(
            "propose_plan_edit",
            "Propose a change to the plan: swap an exercise, change the available equipment, move a session to another day, set the session length or days a week, change an exercise's load (to a value or by a change in kg) or remove an exercise. Creates a proposed version that waits for the athlete's approval; the safety validator may adjust or refuse it.",
            ProposePlanEditArgs,
            in_athlete_units(propose_plan_edit),
            writes=True,
        ),
        _tool(
            "generate_plan",
            "Propose a new plan from constraints (goal, days a week, session minutes, equipment); the rest comes from the athlete's profile. The result waits for the athlete's approval.",
            GeneratePlanArgs,
            in_athlete_units(generate_plan),
            writes=True,
        ),
        _tool(
            "approve_plan_change",
            "Put a proposed plan version in force (the athlete's own decision).",
            VersionArgs,
            in_athlete_units(approve_plan_change),
            writes=True,
            for_models=False,
        ),
        _tool(
            "reject_plan_change",
            "Turn down a proposed plan version; the plan in force stays.",
            VersionArgs,
            in_athlete_units(reject_plan_change),
            writes=True,
            for_models=False,
        ),
        _tool(
            "log_sets",
            "Log strength sets: groups of sets x reps of an exercise at a weight in kg with RIR or RPE, on a day (default today).",
            LogSetsArgs,
            log_sets,
            writes=True,
        ),
        _tool(
            "log_cardio",
            "Log a cardio session: activity, duration in seconds, optional distance in metres, average HR and session RPE.",
            LogCardioArgs,
            log_cardio,
            writes=True,
        ),
        _tool(
            "log_daily_metrics",
            "Log a day's readings: body weight (kg), resting HR (bpm), HRV (RMSSD ms), mood, energy, soreness and stress (1-5).",
            LogDailyArgs,
            log_daily_metrics,
            writes=True,
        ),
        _tool(
            "log_measurements",
            "Log a day's body measurements from a tape: neck, shoulders, chest, waist, hips, left/right upper arm, forearm, thigh and calf (cm, or text with its unit) and body fat % if measured; a site logged again that day replaces it.",
            LogMeasurementsArgs,
            log_measurements,
            writes=True,
        ),
        _tool(
            "get_measurements",
            "The athlete's body measurements: latest of each site, the change since the first and over the last 4 weeks, and the US Navy tape estimate of body fat with its error band.",
            GetMeasurementsArgs,
            get_measurements,
        ),
        _tool(
            "log_sleep",
            "Log a night's sleep: seconds asleep, the morning it ended, and quality.",
            LogSleepArgs,
            log_sleep,
            writes=True,
        ),
        _tool(
            "log_meal",
            "Log a meal: kind, description, calories (kcal) and macros (g).",
            LogMealArgs,
            log_meal,
            writes=True,
        ),
        _tool(
            "last_log_entry",
            "The entry 'undo' would take back: the newest workout, cardio session, meal or "
            "night's sleep logged in the last 30 minutes, here or anywhere else (web, app).",
            LastEntryArgs,
            last_log_entry,
        ),
        _tool(
            "undo_last_entry",
            "Undo the newest entry, as the web's Undo does; give the kind and entry_id "
            "last_log_entry answered, so nothing else is removed if more was logged since.",
            UndoLastArgs,
            undo_last_entry,
            writes=True,
        ),
        _tool(
            "undo_log_entry",
            "Remove one entry this chat logged, by the id its log tool answered with.",
            UndoLogArgs,
            undo_log_entry,
            writes=True,
        ),
        _tool(
            "correct_log_entry",
            "Correct values of one entry this chat logged (by id): reps, load, sets, time ...",
            CorrectLogArgs,
            correct_log_entry,
            writes=True,
        ),
        _tool(
            "search_exercises",
            "Search the exercise library by name (typos ok), muscle, equipment, category or level.",
            SearchExercisesArgs,
            search_exercises,
        ),
        _tool(
            "exercise_substitutes",
            "Exercises that can replace one, within the athlete's equipment, injuries, conditions and dislikes; optionally sparing more body regions or with other equipment.",
            SubstitutesArgs,
            exercise_substitutes,
        ),
        _tool(
            "get_food_facts",
            "Energy and macros of a food from the food table (USDA FoodData Central): per 100 g, per typical portion and for an amount in grams. For questions about a food ('how much protein is in chicken breast'), not the athlete's intake; logs nothing. Names a missing food as missing, never estimates it.",
            FoodFactsArgs,
            get_food_facts,
        ),
        _tool(
            "report_symptoms",
            "Pass on symptoms the athlete reports (chest pain, fainting, breathlessness, a low SpO2, a swollen calf after a flight, numbness with bladder changes, a pop with swelling, a very low food intake, thoughts of self-harm ...) in their words. A red flag opens a health flag that pauses all training advice; relay the returned message and give no training advice.",
            ReportSymptomsArgs,
            report_symptoms,
            writes=True,
        ),
        _tool(
            "explain_decision",
            "Explain why the coach decided something: today's session, the plan, one exercise's prescription, the latest plan change, readiness, or the training load when asked about risk ('why is my risk high?': the load as facts, no risk level), with the engine's reasons.",
            ExplainArgs,
            explain_decision,
        ),
    ]


@functools.cache
def default_registry() -> ToolRegistry:
    """The one registry every interface uses (built once per process)."""
    return ToolRegistry(build_tools())
