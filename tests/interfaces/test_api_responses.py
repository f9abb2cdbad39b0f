"""Typed responses answer the same JSON the routes answered before they had a model.

The routes that answered ``dict[str, Any]`` now declare what they return (so the OpenAPI
schema describes it and schemathesis checks it); for compatibility their JSON is unchanged:
here it equals the service's result encoded as before (``jsonable_encoder``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, TypeAdapter
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from tests.factories import workout
from tests.fixtures.openapi import openapi_document
from tests.interfaces.test_api_auth import Api, api_for
from tests.interfaces.test_api_training_log import DOCS
from tests.services.test_monitoring import log_mornings
from tests.services.test_sensors_service import store_recording

from fitcoach.coach.plan import StrengthItem
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import DEFAULT_THRESHOLDS
from fitcoach.interfaces.api.schemas import (
    StoredCardioOut,
    StoredDailyOut,
    StoredFeedbackOut,
    StoredMealOut,
    StoredSleepOut,
    StoredWorkoutOut,
)
from fitcoach.sensors.profiles import BOARD_V1
from fitcoach.services import monitoring, nutrition, plans, portability, training_log
from fitcoach.services.sensor_ingest.summary import summarise
from fitcoach.services.training_log import StoredSet
from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Feedback,
    Meal,
    Message,
    PlanVersion,
    Profile,
    Recording,
    SetLog,
    SleepSession,
    WorkoutSession,
)
from fitcoach.storage.repositories import sensors as sensor_repo
from fitcoach.workers.vitals.worker import ORIGIN_COUNTER


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, rest: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}{rest}"


# Where a response holds free JSON on purpose, with why; every other object in an answer has
# named properties (a model) or typed values (``dict[str, int]``, ...).
FREE_FORM = {
    # Each tool takes its own arguments (the tool registry holds their schemas).
    "ToolCallOut.arguments": "a tool's own arguments",
    "ExportToolCallOut.arguments": "a tool's own arguments (the export's tool calls)",
    # What is worth knowing differs per error: the invalid fields, the allowed values, a limit.
    "ErrorBody.details": "per error code",
}


def _untyped_objects(schema: dict[str, Any]) -> dict[str, set[str]]:
    """Every place in a response body (``Component.field[]``) that is an object without named
    properties whose values may be anything (``dict[str, Any]``), with the routes reaching it."""
    components = schema["components"]["schemas"]
    found: dict[str, set[str]] = {}

    def resolve(node: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
        ref = node.get("$ref")
        if ref is None:
            return None, node
        name = ref.rsplit("/", 1)[-1]
        assert name in components, f"{ref} names no component"
        return name, components[name]

    def anything(node: Any) -> bool:
        return node is True or (isinstance(node, dict) and resolve(node)[1] == {})

    def walk(node: Any, where: str, route: str, seen: set[str]) -> None:
        if not isinstance(node, dict):
            return
        name, node = resolve(node)
        if name is not None:
            if name in seen:
                return
            seen = {*seen, name}
            where = name
        is_object = node.get("type") == "object" or "additionalProperties" in node
        loose = anything(node.get("additionalProperties", True))
        if is_object and loose and not node.get("properties"):
            found.setdefault(where, set()).add(route)
        for key, child in node.get("properties", {}).items():
            walk(child, f"{where}.{key}", route, seen)
        for key in ("items", "additionalProperties"):
            suffix = "[]" if key == "items" else "{}"
            walk(node.get(key), where + suffix, route, seen)
        for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for child in node.get(key, []):
                walk(child, where, route, seen)

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if content is not None:
                    route = f"{method.upper()} {path} {status}"
                    body = content.get("schema", {})
                    if anything(body):
                        found.setdefault("(the body)", set()).add(route)
                    walk(body, "(the body)", route, set())
    return found


def test_no_answer_holds_an_untyped_object() -> None:
    """The OpenAPI schema types every object a route answers, however deep (so that
    schemathesis checks it and a client can rely on it), except the free JSON in FREE_FORM."""
    schema = openapi_document()
    found = _untyped_objects(schema)
    untyped = {where: sorted(routes) for where, routes in found.items() if where not in FREE_FORM}
    assert untyped == {}
    assert set(FREE_FORM) <= set(found), "an entry of FREE_FORM is typed now: remove it"


def test_the_check_finds_a_nested_untyped_object() -> None:
    """The walk finds ``dict[str, Any]`` behind references, lists, unions and typed maps."""
    schema = {
        "paths": {
            "/x": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/A"}}
                            }
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "Any": {},
                "A": {
                    "type": "object",
                    "properties": {
                        "b": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                        "fine": {"type": "object", "additionalProperties": {"type": "integer"}},
                    },
                },
                "B": {
                    "type": "object",
                    "properties": {
                        "loose": {
                            "anyOf": [
                                {"type": "object", "additionalProperties": True},
                                {"type": "null"},
                            ]
                        },
                        "deep": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": {"$ref": "#/components/schemas/Any"},
                            },
                        },
                        "a": {"$ref": "#/components/schemas/A"},
                    },
                },
            }
        },
    }
    assert _untyped_objects(schema) == {
        "B.loose": {"GET /x 200"},
        "B.deep{}": {"GET /x 200"},
    }


TODAY = "2026-11-20"  # the fixed clock's day
# Injuries as the profile stores them: one with its severity and note left to their defaults
# (the stored record leaves them out), one with every field.
INJURIES = [
    {"region": "knee"},
    {"region": "ankle", "severity": "mild", "note": "old sprain", "since": "2025-03-01"},
]


def _stored(api: Api, model: type[Any], athlete_id: int) -> list[Any]:
    """The athlete's rows of ``model`` as the database holds them, oldest first."""
    api.ctx.session.expire_all()
    key = sa_inspect(model).primary_key[0]
    query = select(model).where(model.athlete_id == athlete_id).order_by(key)
    return list(api.ctx.session.scalars(query))


def _plan_history(api: Api, athlete_id: int, headers: dict[str, str]) -> dict[str, Any]:
    """A generated plan and three edits (each leaving optional fields unset); the last edit's
    answer."""
    made = api.client.post(
        _url(athlete_id, "/plan"), json={"seed": 3, "start": TODAY}, headers=headers
    )
    assert made.status_code == 201, made.text
    lift = next(
        item["exercise"]
        for item in made.json()["plan"]["weeks"][0]["sessions"][0]["items"]
        if item["kind"] == "strength"
    )
    edits = [
        {"op": "change_sets", "exercise": lift, "sets": 2},  # every session: no "session"
        {"op": "move_session", "session": "w1s2", "position": 1},  # no "on"
        {"op": "regenerate", "goal": "hypertrophy", "propose": True},  # no days/minutes/equipment
    ]
    for edit in edits:
        answer = api.client.post(_url(athlete_id, "/plan/edits"), json=edit, headers=headers)
        assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _recording(api: Api, athlete_id: int) -> int:
    """A recording as the frame consumer and the vitals worker leave it: its counters, the
    vitals' clock origin and the after-session analysis; its id."""
    stored = store_recording(api.ctx, athlete_id, key="rec-typed")
    scope = api.ctx.scope(athlete_id)
    sensor_repo.keep_counter(api.ctx.session, scope, stored.recording_id, ORIGIN_COUNTER, 5_000)
    recording = sensor_repo.recording(api.ctx.session, scope, stored.recording_id)
    assert recording is not None
    summarise(api.ctx, scope, recording, thresholds=DEFAULT_THRESHOLDS, profile=BOARD_V1)
    api.ctx.session.commit()
    return stored.recording_id


def test_plan_versions_answer_their_operations_and_reasons_as_stored(api: Api) -> None:
    """Operations (edits without their unset fields, a generation), reasons with their
    parameters, the verdict and the document answer as the version rows hold them."""
    athlete, headers = api.athlete(equipment=["dumbbell"])
    last = _plan_history(api, athlete.id, headers)
    rows = {row.version: row for row in _stored(api, PlanVersion, athlete.id)}
    assert last["operations"] == rows[last["version"]].operations
    versions = api.client.get(_url(athlete.id, "/plan/versions"), headers=headers)
    assert versions.status_code == 200, versions.text
    answered = {v["version"]: v for v in versions.json()}
    assert sorted(answered) == sorted(rows) == [1, 2, 3, 4]
    for number, row in rows.items():
        view = answered[number]
        assert view["operations"] == row.operations
        assert view["reasons"] == [{"code": r["code"], "params": r["params"]} for r in row.reasons]
        assert view["verdict"] == row.verdict
        assert view["plan"] == row.document
    ops = [op for row in rows.values() for op in row.operations]
    assert [op["op"] for op in ops] == ["generate", "change_sets", "move_session", "regenerate"]
    assert not any("session" in op for op in ops if op["op"] == "change_sets")
    params = [
        value
        for view in answered.values()
        for session in (view["plan"] or {}).get("weeks", [{}])[0].get("sessions", [])
        for item in session["items"]
        for r in item["reasons"]
        for value in r["params"].values()
    ]
    assert {type(v) for v in params} >= {str, int, float, list}  # every kind of parameter


def test_today_answers_the_readiness_monitoring_reads(api: Api) -> None:
    athlete, headers = api.athlete()
    log_mornings(api.ctx, athlete.id, 20)
    # Readiness leads with the athlete's check-in: without one there is no score to answer.
    morning = {"day": TODAY, "hrv_rmssd_ms": 60, "resting_hr": 55, "sleep_s": 8 * 3600,
               "energy": 4, "soreness": 2, "mood": 4}  # fmt: skip
    training_log.log_daily(api.ctx, athlete.id, morning)
    plans.generate(api.ctx, athlete.id, start=date.fromisoformat(TODAY))
    api.ctx.session.commit()
    answer = api.client.get(_url(athlete.id, "/plan/today"), headers=headers)
    assert answer.status_code == 200, answer.text
    report = monitoring.readiness(api.ctx, athlete.id, date.fromisoformat(TODAY))
    expected = {k: getattr(report, k) for k in ("status", "score", "colour", "summary")}
    assert answer.json()["readiness"] == jsonable_encoder(expected)
    assert report.score is not None


def test_the_guided_session_answers_its_sets_as_the_log_reads_them(api: Api) -> None:
    athlete, headers = api.athlete()
    view = plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    assert view.plan is not None
    session = view.plan.sessions()[0]
    lift = next(i.exercise for i in session.items if isinstance(i, StrengthItem))
    # A lift with its weight; body-weight work without one (a loaded lift needs its weight).
    for exercise, extra in (
        (lift, {"weight_kg": 40, "rir": 2.5}),
        ("push-up", {"weight_kg": None, "rir": None}),
    ):
        logged = api.client.post(
            _url(athlete.id, "/workout/sets"),
            json={"session": session.key, "day": TODAY, "exercise": exercise, "reps": 8, **extra},
            headers=headers,
        )
        assert logged.status_code == 201, logged.text
    state = api.client.get(
        _url(athlete.id, "/workout"), params={"session": session.key, "day": TODAY}, headers=headers
    )
    assert state.status_code == 200, state.text
    [stored] = training_log.history(api.ctx, athlete.id, "workouts")
    expected = TypeAdapter(list[dict[str, Any]]).dump_python(stored["sets"], mode="json")
    sets = state.json()["sets"]
    assert sets == expected
    assert [list(s) for s in sets] == [list(s) for s in expected]
    assert len(sets) == 2


def test_profiles_recordings_and_messages_answer_as_stored(api: Api) -> None:
    """Injuries (with the fields left out that were not given), a recording's counters and a
    reply's tool calls answer as their rows hold them."""
    athlete, headers = api.athlete(injuries=INJURIES)
    [profile] = _stored(api, Profile, athlete.id)
    assert [set(i) for i in profile.injuries] == [
        {"region", "since"},
        {"region", "severity", "note", "since"},
    ]
    got = api.client.get(_url(athlete.id), headers=headers)
    assert got.json()["profile"]["injuries"] == profile.injuries
    patched = api.client.patch(_url(athlete.id), json={"sports": ["running"]}, headers=headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["injuries"] == profile.injuries

    _recording(api, athlete.id)
    [recording] = _stored(api, Recording, athlete.id)
    assert set(recording.counters) == {"chunks", "vitals_origin_us", "summary"}
    page = api.client.get(_url(athlete.id, "/recordings"), headers=headers)
    assert page.status_code == 200, page.text
    assert page.json()["items"][0]["counters"] == recording.counters
    one = api.client.get(_url(athlete.id, f"/recordings/{recording.id}"), headers=headers)
    assert one.status_code == 200, one.text
    assert one.json()["counters"] == recording.counters

    reply = api.client.post(
        _url(athlete.id, "/chat"), json={"text": "slept 7 hours"}, headers=headers
    )
    assert reply.status_code == 200, reply.text
    messages = api.client.get(_url(athlete.id, "/chat/messages"), headers=headers)
    assert messages.status_code == 200, messages.text
    api.ctx.session.expire_all()
    stored = api.ctx.session.scalars(select(Message).order_by(Message.id)).all()
    assert [m["tool_calls"] for m in messages.json()["items"]] == [m.tool_calls for m in stored]
    assert reply.json()["tool_calls"] == stored[-1].tool_calls
    assert stored[-1].tool_calls[0]["arguments"]
    assert stored[-1].tool_calls[0]["entries"] == [{"kind": "sleep", "id": 1, "fields": None}]


def test_the_export_answers_the_document_as_before(api: Api) -> None:
    athlete, headers = api.athlete(sports=["running"], injuries=INJURIES)
    for kind, doc in DOCS.items():
        logged = api.client.post(_url(athlete.id, f"/{kind}"), json=doc, headers=headers)
        assert logged.status_code == 201, logged.text
    _plan_history(api, athlete.id, headers)
    recording_id = _recording(api, athlete.id)
    # A recording enters the training log only when the athlete says it was a session.
    said = api.client.post(
        _url(athlete.id, f"/recordings/{recording_id}/session"),
        json={"activity_type": "cycling"},
        headers=headers,
    )
    assert said.status_code == 201, said.text
    reply = api.client.post(
        _url(athlete.id, "/chat"), json={"text": "slept 7 hours"}, headers=headers
    )
    assert reply.status_code == 200, reply.text
    answer = api.client.get(_url(athlete.id, "/export"), headers=headers)
    assert answer.status_code == 200, answer.text
    expected = jsonable_encoder(portability.export_athlete(api.ctx, athlete.id))
    body = answer.json()
    expected["exported_at"] = body["exported_at"]
    assert body == expected
    # One record of each kind, the recording logged as a session and the night the chat logged.
    assert {k: len(body[k]) for k in DOCS} == {**dict.fromkeys(DOCS, 1), "cardio": 2, "sleep": 2}
    assert len(body["consent"]) == 4  # the onboarding decision on every purpose
    [profile] = _stored(api, Profile, athlete.id)
    assert body["athlete"]["profile"]["injuries"] == profile.injuries
    assert [len(v["operations"]) for v in body["plans"]] == [1, 1, 1, 1]
    assert set(body["recordings"][0]["counters"]) == {"chunks", "vitals_origin_us", "summary"}
    [call] = body["conversations"][0]["messages"][1]["tool_calls"]
    # The entry ids "undo that" acts on are this database's: an export leaves them out.
    assert call["tool"] == "log_sleep"
    assert "entries" not in call


def test_nutrition_and_the_facade_answer_as_before(api: Api) -> None:
    athlete, headers = api.athlete()
    targets = api.client.get(_url(athlete.id, "/nutrition/targets"), headers=headers)
    assert targets.json() == jsonable_encoder(nutrition.targets(api.ctx, athlete.id))
    plan = api.client.get(_url(athlete.id, "/nutrition/plan?days=2&seed=3"), headers=headers)
    expected = jsonable_encoder(nutrition.meal_plan(api.ctx, athlete.id, days=2, seed=3))
    assert plan.json() == expected
    facade = api.client.get(f"/nutrition/{athlete.id}", headers=headers)
    assert facade.json() == jsonable_encoder(nutrition.meal_plan(api.ctx, athlete.id, days=3))
    week = api.client.get(f"/workout/{athlete.id}", headers=headers)
    assert week.status_code == 200, week.text
    body = week.json()
    assert set(body) == {
        "user_id",
        "from",
        "to",
        "plan_version",
        "status",
        "escalation",
        "sessions",
    }
    assert body["sessions"], body
    first = body["sessions"][0]
    assert {"date", "moved_from", "key", "items"} <= set(first)
    assert first["date"] >= body["from"]


# Every field of each kind set (and a second record with the optional ones left out), so that
# the typed pages are compared on every column, null or not.
FULL: dict[str, dict[str, Any]] = {
    "workouts": {
        **workout(
            datetime.fromisoformat("2026-11-18T18:00:00+00:00"),
            ("barbell-back-squat", 5, 100, 2),
            ("barbell-back-squat", 8, None, None),
            duration_s="45 min",
            title="Legs",
            notes="felt strong",
            session_rpe=7.5,
        ),
        "source": "app",
        "source_id": "w-1",
    },
    "cardio": {
        "activity_type": "running",
        "started_at": "2026-11-18T07:00:00+00:00",
        "duration_s": "50 min",
        "distance_m": "10 km",
        "avg_hr": 150,
        "max_hr": 172,
        "calories_kcal": 640,
        "steps": 9000,
        "session_rpe": 6,
        "notes": "easy",
    },
    "daily": {
        "day": "2026-11-18",
        "sleep_s": "7.5 h",
        "sleep_quality": 4,
        "weight_kg": 72.5,
        "resting_hr": 50,
        "hrv_rmssd_ms": 61.5,
        "calories_in_kcal": 2400,
        "protein_g": 140,
        "mood": 4,
        "energy": 3,
        "soreness": 2,
        "stress": 1,
    },
    "sleep": {
        "started_at": "2026-11-17T22:00:00+00:00",
        "ended_at": "2026-11-18T06:00:00+00:00",
        "stages_s": {"deep": 5400, "light": "3 h", "rem": 5400.5, "awake": 0},
        "awakenings": 2,
        "quality": 4,
    },
    "meals": {
        "eaten_at": "2026-11-18T12:30:00+00:00",
        "meal_type": "lunch",
        "description": "rice and beans",
        "calories_kcal": 700,
        "protein_g": 30.5,
        "carbs_g": 90,
        "fat_g": 20,
    },
    "feedback": {
        "recorded_at": "2026-11-18T19:00:00+00:00",
        "energy": 8,
        "mood": 7,
        "perceived_exertion": 6.5,
        "notes": "good",
    },
}


@pytest.mark.parametrize("kind", list(FULL))
def test_record_pages_answer_every_column_as_before(api: Api, kind: str) -> None:
    """The typed item models keep each record's JSON: the same keys in the same order and the
    same values as the untyped page (``list[dict[str, Any]]``) answered."""
    athlete, headers = api.athlete()
    for doc in (FULL[kind], DOCS[kind]):
        logged = api.client.post(_url(athlete.id, f"/{kind}"), json=doc, headers=headers)
        assert logged.status_code == 201, logged.text
    answer = api.client.get(_url(athlete.id, f"/{kind}"), headers=headers)
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    history = training_log.history(api.ctx, athlete.id, kind)  # type: ignore[arg-type]
    expected = TypeAdapter(list[dict[str, Any]]).dump_python(history, mode="json")
    assert items == expected
    assert [list(item) for item in items] == [list(item) for item in expected]
    if kind == "workouts":
        sets = [s for item in items for s in item["sets"]]
        assert [list(s) for s in sets] == [list(s) for item in expected for s in item["sets"]]
        assert len(sets) == 3


@pytest.mark.parametrize(
    ("model", "row", "extra"),
    [
        (StoredWorkoutOut, WorkoutSession, ["sets"]),
        (StoredSet, SetLog, ["exercise", "exercise_name"]),
        (StoredCardioOut, CardioSession, []),
        (StoredDailyOut, DailyMetric, []),
        (StoredSleepOut, SleepSession, []),
        (StoredMealOut, Meal, []),
        (StoredFeedbackOut, Feedback, []),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_record_item_models_name_every_column_in_order(
    model: type[BaseModel], row: type[Any], extra: list[str]
) -> None:
    """A column added to a table must be added to its item model too (the model would drop it
    from the answer)."""
    columns = [c.key for c in sa_inspect(row).column_attrs]
    assert list(model.model_fields) == columns + extra
