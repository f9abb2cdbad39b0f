"""The tools as a language model (or an MCP client) uses them, in the athlete's units.

A weight or a distance argument takes a number in the unit its field names, or text with its
unit ("225 lb", "3.1 mi"), or text without one in the athlete's unit; the schema says so. What a
tool answers is given to the model in the athlete's units: for an athlete who reads lb and
miles, ``weight_kg`` comes back as ``weight_lb`` and its summary says lb, so a reply quoting
lb is grounded and no kg reaches the athlete. The model is told the athlete's units.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from tests.assistant.llm.fake_servers import FakeServer, Response, recorded
from tests.assistant.llm.test_assistant import assistant, openai_server  # noqa: F401  (a fixture)
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = "2026-11-20"


def _athlete(ctx: ServiceContext, units: str) -> ToolContext:
    athlete = make_athlete(ctx, units=units)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


@pytest.fixture
def lb(ctx: ServiceContext) -> ToolContext:
    return _athlete(ctx, "imperial")


@pytest.fixture
def kg(ctx: ServiceContext) -> ToolContext:
    return _athlete(ctx, "metric")


def _sets(tctx: ToolContext) -> list[tuple[int, float]]:
    rows = training_log.history(tctx.service, tctx.athlete_id, "workouts")
    return [(s["reps"], s["weight_kg"]) for w in rows for s in w["sets"]]


def _keys(data: Any) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def test_the_schemas_take_a_weight_or_a_distance_with_its_unit() -> None:
    specs = {s["name"]: s["parameters"] for s in default_registry().specs()}
    load = specs["log_sets"]["properties"]["groups"]["items"]["properties"]["weight_kg"]
    [quantity, _none] = load["anyOf"]
    assert {"type": "string"} in quantity["anyOf"]
    assert {"type": "number", "minimum": 0, "maximum": 1000} in quantity["anyOf"]
    assert "'225 lb'" in quantity["description"]
    distance = specs["log_cardio"]["properties"]["distance_m"]["anyOf"][0]
    assert "'3.1 mi'" in distance["description"]
    body = specs["log_daily_metrics"]["properties"]["weight_kg"]["anyOf"][0]
    assert "'176 lb'" in body["description"]


def test_a_load_with_its_unit_a_bare_one_and_a_number(lb: ToolContext, kg: ToolContext) -> None:
    registry = default_registry()

    def log(tctx: ToolContext, weight: object) -> Any:
        group = {"exercise": "squat", "sets": 1, "reps": 5, "weight_kg": weight}
        return registry.call(tctx, "log_sets", {"groups": [group], "date": TODAY})

    assert log(lb, "225 lb").ok
    assert log(lb, "225").ok  # text without a unit: the athlete's (lb)
    assert log(lb, 100).ok  # a number: the field's unit (kg)
    assert log(kg, "225").ok  # a metric athlete's bare text: kg
    assert _sets(lb) == [(5, 102.06), (5, 102.06), (5, 100.0)]
    assert _sets(kg) == [(5, 225.0)]
    refused = log(lb, "2250 lb")  # over 1000 kg
    assert not refused.ok
    assert "less than or equal to 1000" in (refused.error or "")
    nonsense = log(lb, "heavy")
    assert not nonsense.ok
    assert "not a number with an optional unit" in (nonsense.error or "")


def test_an_answer_is_in_the_athletes_units_and_the_stored_data_stays_kg(
    lb: ToolContext, kg: ToolContext
) -> None:
    registry = default_registry()
    args = {"groups": [{"exercise": "squat", "sets": 3, "reps": 5, "weight_kg": "225 lb"}]}
    result = registry.call(lb, "log_sets", args)
    assert result.ok, result.error
    assert result.data["sets"][0]["weight_kg"] == 102.06  # what the code reads: kg
    shown = json.loads(result.as_json())
    assert shown["data"]["sets"][0]["weight_lb"] == 225.0
    assert not {k for k in _keys(shown) if k.endswith("_kg")}
    assert "225 lb" in shown["summary"]
    assert "kg" not in result.as_json()
    run = registry.call(lb, "log_cardio", {"activity": "running", "duration_s": 1620, "distance_m": "3.1 mi"})  # fmt: skip
    assert run.ok, run.error
    assert json.loads(run.as_json())["data"]["distance_mi"] == 3.1
    assert not re.search(r"\bkm\b|_m\b", run.as_json())
    metric = registry.call(kg, "log_sets", args)
    assert json.loads(metric.as_json())["data"]["sets"][0]["weight_kg"] == 102.06


def test_a_correction_with_its_unit_and_its_answer_in_lb(lb: ToolContext) -> None:
    registry = default_registry()
    logged = registry.call(lb, "log_sets", {"groups": [{"exercise": "squat", "reps": 5, "weight_kg": "225 lb"}]})  # fmt: skip
    workout = logged.data["workout_id"]
    fixed = registry.call(
        lb,
        "correct_log_entry",
        {"kind": "workouts", "entry_id": workout, "changes": {"weight_kg": "235"}},
    )
    assert fixed.ok, fixed.error
    assert _sets(lb) == [(5, 106.59)]
    assert "weight 225 lb → 235 lb" in fixed.summary
    assert "kg" not in fixed.as_json()


def test_the_model_is_told_the_units_and_its_lb_reply_is_grounded(
    lb: ToolContext,
    openai_server: FakeServer,  # noqa: F811
) -> None:
    call = copy.deepcopy(recorded("openai_log_sleep_call.json"))
    function = call["choices"][0]["message"]["tool_calls"][0]["function"]
    function["name"] = "log_sets"
    function["arguments"] = json.dumps(
        {"groups": [{"exercise": "back squat", "sets": 3, "reps": 5, "weight_kg": "225 lb"}]}
    )
    answer = copy.deepcopy(recorded("openai_log_sleep_answer.json"))
    answer["choices"][0]["message"]["content"] = "Logged 3 x 5 back squats at 225 lb. Strong work."
    openai_server.push(Response(call), Response(answer))

    reply = assistant(openai_server).reply(lb, "did 3x5 squats at 225")

    assert reply.source == "llm", reply.fallback_reason
    assert reply.text == "Logged 3 x 5 back squats at 225 lb. Strong work."
    assert _sets(lb) == [(5, 102.06)] * 3
    first, second = openai_server.requests
    system = first.body["messages"][0]["content"]
    assert "This athlete reads weights in lb, distances in miles" in system
    tool_message = second.body["messages"][-1]
    assert tool_message["role"] == "tool"
    sent = json.loads(tool_message["content"])
    assert sent["data"]["sets"][0]["weight_lb"] == 225.0
    assert "kg" not in tool_message["content"]
