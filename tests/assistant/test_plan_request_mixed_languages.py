"""Plan requests of endurance people and shift workers in Spanish, Portuguese or Italian,
and their terse English (issue 57, the fourteenth set's classes): a load set "a" a number
after its verb, fewer days or shorter sessions with "baja", all the kit there is ("nada
más"), a skip or a session cap the log readers would only ask about, a new plan read in
full, pain told in those languages with the lift taken out, and "less days" or "change
days to 2" in English."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails.injury import _injury
from fitcoach.assistant.nlu import understand, understand_plan_in_english
from fitcoach.services import plans

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # "a 110" after "sube": the new load, not the athlete's weight ("peso" is weight)
        ("sube la sentadilla a 110, con 100 ya me sobra", {"weight_kg": 110.0}),
        ("baja el peso muerto a 120 kilos, me cuesta mucho", {"weight_kg": 120.0}),
        # a bare number right after the verb with an enclitic: a change of that much
        ("bájale 5 al remo con barra", {"delta_kg": -5.0}),
    ],
)
def test_a_load_raised_or_lowered_in_spanish_is_a_load_change(
    text: str, slots: dict[str, Any]
) -> None:
    got = understand(text, today=TODAY)
    assert got.intent == "change_load", (text, got)
    assert got.slots.get("exercise") is not None
    assert {k: got.slots.get(k) for k in slots} == slots, (text, got.slots)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "baja las sesiones a 50 minutos, no me da la vida",
            "set_session_minutes",
            {"minutes": 50},
        ),
        ("bájalo a 3 días por semana durante el verano", "generate_plan", {"days_per_week": 3}),
        ("quiero entrenar 5 días, preparo un maratón", "generate_plan", {"days_per_week": 5}),
        (
            "solo tengo dos mancuernas de 12 kg y una barra de dominadas, nada más",
            "set_equipment",
            {"equipment": ["dumbbell", "pull_up_bar"]},
        ),
        (
            "quiero un plan nuevo de hipertrofia, 3 días, 1 hora",
            "generate_plan",
            {"days_per_week": 3, "goal": "hypertrophy", "minutes": 60},
        ),
    ],
)
def test_fewer_days_shorter_sessions_and_all_the_kit_in_spanish_are_read(
    text: str, intent: str, slots: dict[str, Any]
) -> None:
    got = understand_plan_in_english(text, today=TODAY)
    assert got is not None, text
    assert got.intent == intent, (text, got)
    assert {k: got.slots.get(k) for k in slots} == slots, (text, got.slots)


def test_a_log_said_in_spanish_asks_no_plan_change_outright() -> None:
    # a race told, no verb of a change: never a plan change read over the log's question
    assert understand_plan_in_english("hice la carrera de 10k", today=TODAY, asked_outright=True) is None  # fmt: skip


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("me duele el codo con las dominadas, quítalas", "elbow"),
        ("tenho tendinite no ombro, tira o desenvolvimento", "shoulder"),
        ("mi fa male il polso con le flessioni, toglile", "wrist"),
    ],
)
def test_pain_told_in_spanish_portuguese_or_italian_names_its_region(text: str, region: str) -> None:  # fmt: skip
    found = _injury(text)
    assert found is not None, text
    assert found.region == region


@pytest.mark.parametrize("text", ["el codo ya está bien, gracias", "ombros e costas hoje, 5x5"])
def test_a_region_named_without_pain_is_no_injury(text: str) -> None:
    assert _injury(text) is None


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("set my training days to 3, work is mad", "generate_plan", {"days_per_week": 3}),
        ("fewer days please", "clarify", {"wants": "days_per_week"}),
        ("can we do less days?", "clarify", {"wants": "days_per_week"}),
    ],
)
def test_days_set_to_a_count_or_fewer_days_in_terse_english(
    text: str, intent: str, slots: dict[str, Any]
) -> None:
    got = understand(text, today=TODAY)
    assert got.intent == intent, (text, got)
    assert {k: got.slots.get(k) for k in slots} == slots, (text, got.slots)


def test_days_to_a_count_of_weeks_is_no_days_a_week() -> None:
    got = understand("change days to 4 weeks", today=TODAY)
    assert got.slots.get("days_per_week") is None


def test_a_session_cap_in_portuguese_is_proposed_not_asked_as_a_tempo_run(me: Athlete) -> None:
    reply = me.say("no máximo 40 min por sessão, estou sem tempo")
    assert reply.proposed_version is not None, reply.text
    view = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert view.plan is not None
    assert view.plan.session_minutes == 40
    assert me.stored().get("cardio") is None


def test_a_skip_in_spanish_beside_a_race_is_no_run_logged(me: Athlete) -> None:
    reply = me.say("salta el del sábado, tengo una carrera de 5k")
    assert me.stored().get("cardio") is None, reply.text
    assert "Steady Run" not in reply.text


def test_a_race_told_in_spanish_changes_no_plan(me: Athlete) -> None:
    versions = len(plans.versions(me.ctx, me.id))
    reply = me.say("hice la carrera de 10k")
    assert reply.proposed_version is None
    assert len(plans.versions(me.ctx, me.id)) == versions


def test_a_new_plan_in_spanish_is_proposed_with_all_its_numbers(me: Athlete) -> None:
    reply = me.say("quiero un plan nuevo de hipertrofia, 3 días, 1 hora")
    assert reply.proposed_version is not None, reply.text
    view = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert view.plan is not None
    assert view.plan.days_per_week == 3
