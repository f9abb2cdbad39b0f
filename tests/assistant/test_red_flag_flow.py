"""A red flag typed in chat opens a health flag, once, exactly as a sensor or a check-in does;
while it is open every way to get training answers with the escalation; resolving it (with a
reason) lets training resume. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from tests.factories import as_subject, log_weeks, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.llm.assistant import Assistant
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.coach.rules.crisis_lines import crisis_line_text
from fitcoach.core.errors import TrainingPaused
from fitcoach.services import guided, health, plans, reports
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import AuditEntry, HealthFlag

# One message per red-flag kind, in the words an athlete might use.
MESSAGES = {
    "chest_pain": "I have chest pain when I run",
    "fainting": "I keep blacking out after heavy sets",
    "severe_breathlessness": "I can't breathe properly even sitting on the couch",
    "low_resting_spo2": "my spo2 at rest is 87",
    "palpitations_dizziness": "heart racing and I feel dizzy",
    "acute_injury": "felt a pop in my knee and it swelled up straight away",
    "dvt_signs": "my calf is swollen and hot since my long flight",
    "cauda_equina_signs": "numbness in my legs and I can't control my bladder",
    "extreme_diet": "I'm eating 600 kcal a day to cut fast",
    "self_harm": "I want to kill myself",
}
TODAY = date(2026, 11, 20)
TRAINING_QUESTION = "what's my workout today?"


def _athlete_ctx(ctx: ServiceContext) -> tuple[ServiceContext, int]:
    athlete = make_athlete(ctx)
    return as_subject(ctx, subject_of(ctx, athlete)), athlete.id


def _chat(ctx: ServiceContext, athlete_id: int, text: str) -> str:
    reply = conversations.chat(ctx, athlete_id, text, channel="web", assistant=Assistant())
    return reply.text


def _flags(ctx: ServiceContext) -> list[tuple[str, str, float | None]]:
    rows = ctx.session.execute(select(HealthFlag).order_by(HealthFlag.id)).scalars()
    return [(f.kind, f.source, f.value) for f in rows]


@pytest.mark.parametrize("kind", sorted(MESSAGES))
def test_each_red_flag_in_chat_opens_one_flag(ctx: ServiceContext, kind: str) -> None:
    me, athlete_id = _athlete_ctx(ctx)
    first = _chat(me, athlete_id, MESSAGES[kind])
    value = 87.0 if kind == "low_resting_spo2" else None
    assert _flags(ctx) == [(kind, "athlete", value)]
    # Self-harm adds the crisis line (the international directory: no country, a UTC clock).
    line = f"\n{crisis_line_text(None, 'UTC')}" if kind == "self_harm" else ""
    assert first == f"{health.escalation_for(me, athlete_id)}{line}"
    # Saying it again, or another way, while it is open opens nothing new.
    assert _chat(me, athlete_id, MESSAGES[kind]) == first
    assert _chat(me, athlete_id, f"{MESSAGES[kind]}, still") == first
    assert _flags(ctx) == [(kind, "athlete", value)]
    # Audited without the kind (health data).
    audit = ctx.session.execute(
        select(AuditEntry.detail).where(AuditEntry.entity == "health_flag")
    ).scalar_one()
    assert audit == {"source": "athlete"}


def test_self_harm_points_to_crisis_help_not_a_training_clearance(ctx: ServiceContext) -> None:
    me, athlete_id = _athlete_ctx(ctx)
    text = _chat(me, athlete_id, MESSAGES["self_harm"])
    assert "crisis line" in text
    assert "emergency number" in text
    assert "doctor or health professional has checked you" not in text
    assert "Training can wait" in text


def test_a_second_kind_opens_its_own_flag_and_a_reading_without_figure_is_kept(
    ctx: ServiceContext,
) -> None:
    me, athlete_id = _athlete_ctx(ctx)
    _chat(me, athlete_id, "my blood oxygen keeps dropping")
    _chat(me, athlete_id, "and now I fainted")
    assert _flags(ctx) == [("low_resting_spo2", "athlete", None), ("fainting", "athlete", None)]


def test_while_a_flag_is_open_every_way_to_train_answers_with_the_escalation(
    ctx: ServiceContext,
) -> None:
    me, athlete_id = _athlete_ctx(ctx)
    log_weeks(ctx, athlete_id, ctx.clock.now().replace(day=1), 2)
    plans.generate(ctx, athlete_id, start=TODAY)
    before = _chat(me, athlete_id, TRAINING_QUESTION)
    assert "No training" not in before

    _chat(me, athlete_id, MESSAGES["chest_pain"])
    escalation = health.escalation_for(me, athlete_id)
    assert escalation is not None
    assert "emergency number" in escalation

    today = plans.today(me, athlete_id, TODAY)
    assert (today.status, today.session, today.escalation) == ("blocked", None, escalation)
    assert plans.current(me, athlete_id).escalation == escalation
    with pytest.raises(TrainingPaused) as paused:
        guided.log_guided_set(
            me,
            athlete_id,
            TODAY,
            "w1s1",
            {"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60},
        )
    assert paused.value.message == escalation
    assert paused.value.status_code == 409
    with pytest.raises(TrainingPaused):
        guided.exercise_feedback(me, athlete_id, TODAY, "w1s1", "barbell-back-squat", "too_easy")
    # Chat: a training question gets the escalation, no session.
    for question in (TRAINING_QUESTION, "show my plan", "should I train hard today?"):
        assert _chat(me, athlete_id, question) == escalation, question
    # The tools MCP clients and models use: no session either.
    tctx = ToolContext(me, athlete_id)
    plan = default_registry().call(tctx, "get_plan", {})
    assert (plan.data["status"], plan.data["sessions"]) == ("blocked", [])
    assert escalation in plan.summary
    session = default_registry().call(tctx, "get_today_session", {})
    assert session.data["session"] is None
    assert escalation in session.summary
    # The weekly report: paused, the escalation, no training recommendation.
    summary = reports.weekly_summary(me, athlete_id, "2026-W47")
    assert summary.paused
    assert [r.code for r in summary.recommendations] == ["red_flag"]
    assert escalation.splitlines()[0] in summary.recommendations[0].reasons

    # Resolving (with a reason) lets training resume everywhere.
    health.clear_open_flags(me, athlete_id, "seen by my GP: cleared to train")
    assert plans.today(me, athlete_id, TODAY).status != "blocked"
    assert plans.current(me, athlete_id).escalation is None
    assert _chat(me, athlete_id, TRAINING_QUESTION) == before
    assert not reports.weekly_summary(me, athlete_id, "2026-W47").paused
    logged = guided.log_guided_set(
        me,
        athlete_id,
        TODAY,
        "w1s1",
        {"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60},
    )
    assert logged.created
    count = ctx.session.scalar(select(func.count()).select_from(HealthFlag))
    assert count == 1


def test_report_symptoms_tool_opens_the_flag_for_mcp_clients(ctx: ServiceContext) -> None:
    me, athlete_id = _athlete_ctx(ctx)
    tctx = ToolContext(me, athlete_id)
    result = default_registry().call(
        tctx, "report_symptoms", {"text": "the athlete says their calf is swollen after a flight"}
    )
    assert result.ok
    assert result.data["red_flags"] == ["dvt_signs"]
    assert result.data["opened"] == 1
    assert "blood clot" in result.summary
    again = default_registry().call(tctx, "report_symptoms", {"text": "calf swollen after flight"})
    assert again.data["opened"] == 0
    calm = default_registry().call(tctx, "report_symptoms", {"text": "legs a bit sore"})
    assert calm.data["red_flags"] == []
    assert "Training stays paused" in calm.summary
    assert _flags(ctx) == [("dvt_signs", "athlete", None)]
