"""What athletes actually type, end to end through the offline assistant on a real database
(SQLite and PostgreSQL): sets written one by one, rounds, pounds with RPE, stones, periods,
1RM questions, an injury that becomes a plan proposal, days a week, a load change over the
validator's cap, and ambiguous messages that get a question (never the help text)."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import templates
from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Turn
from fitcoach.coach import wording
from fitcoach.services import athletes, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import DailyMetric, PlanVersion, WorkoutSession

TODAY = date(2026, 11, 20)  # the test clock's Friday
OVERHEAD = {
    "barbell-overhead-press",
    "seated-dumbbell-shoulder-press",
    "machine-shoulder-press",
    "kettlebell-overhead-press",
    "band-overhead-press",
    "pike-push-up",
    "handstand-push-up",
}


@pytest.fixture
def me(ctx: ServiceContext) -> ToolContext:
    athlete = make_athlete(ctx)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


def _count(ctx: ServiceContext, model: Any) -> int:
    return int(ctx.session.scalar(select(func.count()).select_from(model)) or 0)


def _sets(ctx: ServiceContext, athlete_id: int, day: date = TODAY) -> list[tuple[Any, ...]]:
    rows = training_log.history(ctx, athlete_id, "workouts", day, day)
    return [(s["exercise"], s["reps"], s["weight_kg"], s["rir"]) for w in rows for s in w["sets"]]


def _planned_exercises(plan: Any) -> set[str]:
    return {i.exercise for s in plan.sessions() if s.status == "planned" for i in s.items}


def _is_question_not_help(text: str) -> bool:
    return "?" in text and "I can help with" not in text and not templates.mentions_cli(text)


# --- logging ------------------------------------------------------------------------------------


def test_sets_written_one_by_one_are_logged_each_at_its_load(
    ctx: ServiceContext, me: ToolContext
) -> None:
    reply = offline_reply(me, "squat 100x5, 105x5, 110x3")
    assert reply.intent == "log_sets"
    assert _sets(ctx, me.athlete_id) == [
        ("barbell-back-squat", 5, 100.0, None),
        ("barbell-back-squat", 5, 105.0, None),
        ("barbell-back-squat", 3, 110.0, None),
    ]
    assert "3 sets in all" in reply.text


def test_sets_without_an_exercise_ask_which_and_the_answer_logs_them(
    ctx: ServiceContext, me: ToolContext
) -> None:
    before = _count(ctx, WorkoutSession)
    asked = offline_reply(me, "100x5, 105x5, 110x3")
    assert asked.tool_calls == []
    assert _count(ctx, WorkoutSession) == before
    assert asked.text.startswith("Which exercise was that")
    assert "1 x 5 at 100 kg" in asked.text
    assert _is_question_not_help(asked.text)
    history = [Turn("user", "100x5, 105x5, 110x3"), Turn("assistant", asked.text)]
    answered = offline_reply(me, "deadlift", history=history)
    assert answered.intent == "log_sets"
    assert _sets(ctx, me.athlete_id) == [
        ("barbell-deadlift", 5, 100.0, None),
        ("barbell-deadlift", 5, 105.0, None),
        ("barbell-deadlift", 3, 110.0, None),
    ]


def test_rounds_with_a_kettlebell_are_sets_at_its_weight(
    ctx: ServiceContext, me: ToolContext
) -> None:
    reply = offline_reply(me, "3 rounds of 12 goblet squats with a 24 kg kettlebell")
    assert reply.intent == "log_sets"
    assert _sets(ctx, me.athlete_id) == [("goblet-squat", 12, 24.0, None)] * 3
    assert "3 x 12 Goblet Squat at 24 kg" in reply.text


def test_a_list_of_reps_is_one_bodyweight_set_each(ctx: ServiceContext, me: ToolContext) -> None:
    reply = offline_reply(me, "pull ups: 8, 7, 6, 6")
    assert _sets(ctx, me.athlete_id) == [
        ("pull-up", 8, None, None),
        ("pull-up", 7, None, None),
        ("pull-up", 6, None, None),
        ("pull-up", 6, None, None),
    ]
    assert "(bodyweight)" in reply.text
    assert "4 sets in all" in reply.text


def test_pounds_and_rpe_become_kg_and_rir_after_asking_the_exercise(
    ctx: ServiceContext, me: ToolContext
) -> None:
    asked = offline_reply(me, "185 lbs 3x5 @ RPE 9")
    assert asked.tool_calls == []
    assert "3 x 5 at 83.91 kg, RPE 9" in asked.text
    assert _is_question_not_help(asked.text)
    history = [Turn("user", "185 lbs 3x5 @ RPE 9"), Turn("assistant", asked.text)]
    logged = offline_reply(me, "bench press", history=history)
    assert _sets(ctx, me.athlete_id) == [("barbell-bench-press", 5, 83.91, 1.0)] * 3
    assert "at 83.91 kg, RPE 9 (RIR 1)" in logged.text  # a load to the hundredth, as stored


def test_stones_and_pounds_are_a_body_weight_in_kg(ctx: ServiceContext, me: ToolContext) -> None:
    reply = offline_reply(me, "I weigh 12 stone 6")
    assert reply.intent == "log_weight"
    row = ctx.session.scalars(
        select(DailyMetric).where(DailyMetric.athlete_id == me.athlete_id)
    ).one()
    assert row.weight_kg == 78.9  # 12 st 6 lb = 78.93 kg, stored to the scale's 0.1 kg
    assert "78.9" in reply.text


# --- questions ----------------------------------------------------------------------------------


def test_this_week_answers_for_monday_to_today(ctx: ServiceContext, me: ToolContext) -> None:
    offline_reply(me, "squat 3x5 at 100 kg")
    monday = TODAY - timedelta(days=TODAY.weekday())
    for text in ("how did I do this week", "this week"):
        reply = offline_reply(me, text)
        assert reply.intent == "training_summary", text
        (call,) = reply.tool_calls
        assert call.tool == "get_training_summary"
        assert call.arguments == {"start": monday.isoformat(), "end": TODAY.isoformat()}
        assert f"From {wording.day_text(monday)} to {wording.day_text(TODAY)}." in reply.text
        assert "3 working sets, 15 reps, 1,500 kg lifted in 1 workout;" in reply.text


def test_one_rep_max_comes_from_the_logged_sets(ctx: ServiceContext, me: ToolContext) -> None:
    none_yet = offline_reply(me, "what is my 1RM")
    assert none_yet.tool_calls[0].tool == "get_strength"
    assert "No loaded sets" in none_yet.text
    offline_reply(me, "squat 3x5 at 100 kg")
    offline_reply(me, "bench 1x3 at 80 kg")
    squat = offline_reply(me, "what is my squat 1RM?")
    assert squat.tool_calls[0].arguments == {"exercise": "barbell-back-squat"}
    assert "Barbell Back Squat 116.7 kg" in squat.text  # Epley: 100 x (1 + 5/30)
    assert "Bench" not in squat.text
    main = offline_reply(me, "what is my 1RM")
    assert main.tool_calls[0].arguments == {}
    assert "Barbell Back Squat 116.7 kg" in main.text
    assert "Barbell Bench Press 88 kg" in main.text  # 80 x (1 + 3/30)


# --- plan changes -------------------------------------------------------------------------------


@pytest.fixture
def planned(ctx: ServiceContext, me: ToolContext) -> tuple[ToolContext, int]:
    # Squat sets logged before the plan: the planner doses the squat in kg from its e1RM.
    for days in (10, 7, 5):
        training_log.log_workout(
            ctx,
            me.athlete_id,
            {
                "started_at": f"{TODAY - timedelta(days=days)}T18:00:00+00:00",
                "sets": [{"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 100, "rir": 2}]
                * 3,
            },
        )
    view = plans.generate(ctx, me.athlete_id, start=TODAY - timedelta(days=4))
    assert view.version is not None
    return me, view.version


def test_overhead_pain_records_the_injury_and_proposes_a_plan_without_overhead_pressing(
    ctx: ServiceContext, planned: Any
) -> None:
    me, version = planned
    before = plans.current(ctx, me.athlete_id).plan
    assert before is not None
    assert _planned_exercises(before) & OVERHEAD, "the plan should press overhead to begin with"
    reply = offline_reply(me, "I hurt my shoulder, pressing overhead hurts")
    assert reply.intent == "injury"
    assert not reply.escalated
    assert "physiotherapist" in reply.text  # the referral
    assert "shoulder injury in your profile" in reply.text
    profile = athletes.get_athlete(ctx, me.athlete_id).profile
    assert profile is not None
    assert [(i["region"], i["since"]) for i in profile.injuries] == [("shoulder", TODAY)]
    assert reply.proposed_version == version + 1
    assert "Nothing changes until you approve it" in reply.text
    assert "no overhead pressing to remove" not in reply.text
    assert plans.current(ctx, me.athlete_id).version == version  # nothing changes before approval
    plans.approve(ctx, me.athlete_id, version + 1)
    after = plans.current(ctx, me.athlete_id)
    assert after.version == version + 1
    assert after.plan is not None
    assert not _planned_exercises(after.plan) & OVERHEAD
    again = offline_reply(me, "my shoulder still hurts when I press overhead")
    assert "already noted" in again.text
    assert "no overhead pressing to remove" in again.text
    assert again.proposed_version is None


def test_days_a_week_instead_of_another_is_a_days_per_week_proposal(
    ctx: ServiceContext, planned: Any
) -> None:
    me, version = planned
    reply = offline_reply(me, "3 days a week instead of 4")
    assert reply.intent == "generate_plan"
    (call,) = reply.tool_calls
    assert call.arguments == {"operation": {"op": "set_days_per_week", "days": 3}}
    assert reply.proposed_version == version + 1
    proposal = plans.get_version(ctx, me.athlete_id, version + 1)
    assert proposal.status == "proposed"
    assert proposal.plan is not None
    assert proposal.plan.days_per_week == 3
    assert plans.current(ctx, me.athlete_id).version == version


def test_adding_50_kg_is_refused_with_the_caps_reason(ctx: ServiceContext, planned: Any) -> None:
    me, version = planned
    versions = _count(ctx, PlanVersion)
    reply = offline_reply(me, "add 50 kg to my squat")
    assert reply.intent == "change_load"
    assert reply.proposed_version is None
    (call,) = reply.tool_calls
    assert not call.result.ok
    assert "the safety check refused Barbell Back Squat load +50 kg" in reply.text
    assert "increase capped at" in reply.text  # the validator's reason, as a sentence
    assert "Your plan is unchanged" in reply.text
    assert _count(ctx, PlanVersion) == versions  # the refused proposal is rolled back
    lighter = offline_reply(me, "reduce my squat by 5 kg")
    assert lighter.proposed_version == version + 1, lighter.text
    assert "Barbell Back Squat load -5 kg" in lighter.text


# --- ambiguity and wording ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("squats", ["log sets", "1RM", "swap"]),
        ("change it", ["swap an exercise", "move a session", "days a week", "load"]),
        ("100", ["body weight", "a load you lifted", "reps"]),
        ("add 50 kg", ["Which exercise should change by +50 kg?"]),
    ],
)
def test_ambiguous_messages_get_a_question_naming_the_options(
    ctx: ServiceContext, me: ToolContext, text: str, options: list[str]
) -> None:
    reply = offline_reply(me, text)
    assert reply.tool_calls == []
    assert _is_question_not_help(reply.text), reply.text
    for option in options:
        assert option in reply.text


def test_no_template_names_a_command_line_flag_or_command() -> None:
    texts = [
        templates.HELP,
        templates.GREETING,
        templates.THANKS,
        templates.NOT_UNDERSTOOD,
        templates.PROPOSAL,
        templates.TOOL_FAILED,
        templates.OWN_DATA_ONLY,
        templates.INJURY_SUBSTITUTES,
        templates.INJURY_ASK_EXERCISE,
        templates.INJURY_NO_OVERHEAD,
        *templates.ASK.values(),
        *templates.GUESSED.values(),
        *templates.CLARIFY.values(),
        *templates.GLOSSARY.values(),
    ]
    assert not [text for text in texts if templates.mentions_cli(text)]
    assert templates.mentions_cli("approve it with `fitcoach plan approve -a 1`")
    assert templates.mentions_cli("name the session with --session")


def test_no_chat_reply_names_a_command_line_flag(ctx: ServiceContext, me: ToolContext) -> None:
    """Every intent, with and without a plan: chat relays the services' messages, and none
    of them names a command."""
    no_plan = offline_reply(me, "swap bench press for push-ups")
    assert "no active plan; generate one first" in no_plan.text
    texts = [
        "swap bench press for push-ups",
        "move Friday's session to Saturday",
        "3 days a week instead of 4",
        "add 50 kg to my squat",
        "approve version 99",
        "what's my workout today?",
        "show me my plan",
        "why did you lower my squat?",
        "3x5 zorblax lifts 50kg",
        "swap zorblax for push-ups",
        "I only have dumbbells this week",
        "make it 30 minutes",
        "I hurt my shoulder, pressing overhead hurts",
        "what can you do?",
        "tell me a joke",
        "squats",
        "change it",
        "100",
    ]
    for text in texts:
        reply = offline_reply(me, text)
        assert not templates.mentions_cli(reply.text), (text, reply.text)


def test_coach_and_assistant_messages_name_no_command() -> None:
    """The services' and the assistant's messages reach the web, the API, Telegram and MCP as
    well as the command line, so none of their strings names a ``fitcoach`` command or flag."""
    root = Path(__file__).resolve().parents[2] / "src" / "fitcoach"
    found = []
    for package in ("coach", "assistant"):
        for path in (root / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
                and node.body
                and isinstance(node.body[0], ast.Expr)
            }
            # A module's own command line (an argparse parser) names
            # its flags: what its argparse parser declares or says is not a coach message.
            docstrings |= {
                id(arg)
                for node in ast.walk(tree)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "parser"
                and node.func.attr in ("add_argument", "error")
                for arg in ast.walk(node)
            }
            found += [
                f"{path.name}:{node.lineno}: {node.value}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and "(?" not in node.value  # a pattern (mentions_cli's own), not a message
                and templates.mentions_cli(node.value)
            ]
    assert found == []
