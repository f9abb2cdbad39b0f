"""Plan requests in Spanish, Portuguese, Italian, German and Polish (``nlu.plan_foreign``):
read by the plan readers on their English words once nothing read them as written, through
the real chat a proposal checked by the validator with its reason; a log in those languages
stays a log, and an English message is never read through those words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import normalise, understand, understand_plan_in_english
from fitcoach.services import plans

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "troque o levantamento terra por hip thrust",
            "swap_exercise",
            {"exercise": "barbell-deadlift", "to": "barbell-hip-thrust"},
        ),
        (
            "sostituisci lo stacco da terra con lo stacco rumeno",
            "swap_exercise",
            {"exercise": "barbell-deadlift", "to": "romanian-deadlift"},
        ),
        (
            "verschiebe das Training vom Montag auf Mittwoch",
            "move_session",
            {"from_day": "monday", "to_day": "wednesday"},
        ),
        ("sesiones de 45 minutos como máximo", "set_session_minutes", {"minutes": 45}),
        (
            "hazme un programa de fuerza de 3 días",
            "generate_plan",
            {"days_per_week": 3, "goal": "strength"},
        ),
        ("ich kann nur dreimal pro Woche trainieren", "generate_plan", {"days_per_week": 3}),
        ("jutro nie mogę trenować, pomiń", "skip_session", {"date": date(2026, 11, 19)}),
        (
            "na academia do hotel só tem halteres e banco",
            "set_equipment",
            {"equipment": ["bench", "dumbbell"]},
        ),
    ],
)
def test_a_plan_request_in_another_language_is_read_as_that_change(
    text: str, intent: str, slots: dict[str, Any]
) -> None:
    assert understand(text, today=TODAY).intent == "unknown"  # not read as written
    got = understand_plan_in_english(text, today=TODAY)
    assert got is not None, text
    assert got.intent == intent, (text, got)
    assert {k: got.slots.get(k) for k in slots} == slots, (text, got.slots)


@pytest.mark.parametrize(
    "text",
    [
        "what is the weather like",
        "I feel so tired today, the bank holiday traffic was awful",
        # words of other languages that ask no change ("faz 4 dias": four days ago)
        "faz 4 dias que como só uma maçã por dia",
    ],
)
def test_what_asks_no_change_is_not_read_as_one_in_another_language(text: str) -> None:
    assert understand_plan_in_english(text, today=TODAY) is None


def test_this_week_in_portuguese_or_spanish_is_no_count_of_days_a_week() -> None:
    # "essa semana", "esta semana": this week; "3 dias por semana" stays a count a week
    assert "days a week" not in normalise("essa semana corri 3 vezes")
    assert "days a week" not in normalise("esta semana no entrené")
    assert "3 days a week" in normalise("3 dias por semana")


def test_a_gym_that_has_only_some_kit_keeps_it_when_a_clause_says_what_it_lacks() -> None:
    got = understand("the hotel gym only has dumbbells, no barbell", today=TODAY)
    assert got.intent == "set_equipment"
    assert got.slots["equipment"] == ["dumbbell"]
    assert got.slots.get("without") == ["barbell"]


def test_a_swap_asked_in_portuguese_is_proposed_with_its_reason(me: Athlete) -> None:
    assert "barbell-deadlift" in me.planned()
    reply = me.say("troque o levantamento terra por hip thrust, minhas costas agradecem")
    assert reply.proposed_version is not None, reply.text
    after = me.planned(reply.proposed_version)
    assert "barbell-deadlift" not in after
    assert "barbell-hip-thrust" in after
    assert "because you asked in the chat" in reply.text


def test_a_shorter_session_asked_in_italian_is_proposed(me: Athlete) -> None:
    reply = me.say("sessioni di 45 minuti al massimo per favore")
    assert reply.proposed_version is not None, reply.text
    view = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert view.plan is not None
    assert view.plan.session_minutes == 45


def test_a_run_logged_in_spanish_is_still_a_log_and_no_plan_change(me: Athlete) -> None:
    versions = len(plans.versions(me.ctx, me.id))
    reply = me.say("hoy corrí 5 km en 28 minutos")
    assert reply.proposed_version is None
    assert me.stored().get("cardio") == 1, reply.text
    assert len(plans.versions(me.ctx, me.id)) == versions
