"""Input at the edges answers 422 in the error shape, never 500 (SQLite and PostgreSQL).

Each class was a 500 before: an ``offset`` beyond the database's integers, days at
0001-01-01 or 9999-12-31 (day arithmetic overflowed), a NUL character in free text (PostgreSQL
refuses it), a 401-digit number (``float()`` overflowed in the unit parser), and concurrent
first chat messages (two conversations inserted: an integrity error lost the message).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from tests.factories import workout
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.core import bounds
from fitcoach.core.clock import FixedClock
from fitcoach.storage.models import Conversation, Message

AT = "2026-11-18T18:00:00+00:00"
BIG = "9" * 401
KINDS = ("workouts", "cardio", "daily", "sleep", "meals", "feedback")


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        # A server error answers 500 here rather than raising in the test: what was a 500.
        value.client = TestClient(value.client.app, raise_server_exceptions=False)
        yield value


def _url(athlete_id: int, rest: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}{rest}"


def _with_plan(api: Api) -> tuple[int, dict[str, str]]:
    athlete, headers = api.athlete()
    created = api.client.post(_url(athlete.id, "/plan"), json={"weeks": 4}, headers=headers)
    assert created.status_code == 201, created.text
    return athlete.id, headers


@pytest.mark.parametrize("offset", [str(2**63), BIG])
def test_a_huge_offset_is_422_naming_the_maximum(api: Api, offset: str) -> None:
    athlete, headers = api.athlete()
    for rest in (*KINDS, "recordings", "alerts"):
        url = _url(athlete.id, f"/{rest}?offset={offset}")
        error = assert_error(api.client.get(url, headers=headers), 422, "invalid_input")
        assert error["message"].startswith("query.offset:"), error
        assert str(bounds.MAX_OFFSET) in error["message"]


def test_the_largest_offset_allowed_answers_an_empty_page(api: Api) -> None:
    athlete, headers = api.athlete()
    for rest in ("/meals", "/recordings", "/alerts"):
        url = _url(athlete.id, f"{rest}?offset={bounds.MAX_OFFSET}")
        response = api.client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["items"] == []


READS = (
    *(f"/{kind}?to={{day}}" for kind in KINDS),
    *(f"/{kind}?from={{day}}" for kind in KINDS),
    "/recordings?to={day}",
    "/alerts?from={day}",
    "/plan/today?day={day}",
    "/readiness?day={day}",
    "/load?to={day}",
    "/nutrition/targets?day={day}",
    "/workout?day={day}",
    "/workout?day={day}&session=w1s1",
)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_days_outside_the_range_are_422_saying_the_range(api: Api, day: str) -> None:
    athlete_id, headers = _with_plan(api)
    for rest in READS:
        response = api.client.get(_url(athlete_id, rest.format(day=day)), headers=headers)
        error = assert_error(response, 422, "invalid_input")
        assert bounds.DAY_RANGE in error["message"], (rest, error)


def test_a_weekly_report_outside_the_range_is_422(api: Api) -> None:
    athlete, headers = api.athlete()
    for week in ("0001-W01", "9999-W52"):
        for fmt in ("html", "json"):
            url = _url(athlete.id, f"/reports/weekly/{week}?format={fmt}")
            error = assert_error(api.client.get(url, headers=headers), 422, "invalid_input")
            assert bounds.DAY_RANGE in error["message"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_writes_with_days_outside_the_range_are_422_and_store_nothing(api: Api, day: str) -> None:
    athlete_id, headers = _with_plan(api)
    writes: list[tuple[str, dict[str, Any] | None]] = [
        ("/plan", {"start": day}),
        (f"/plan/review?week_end={day}", None),
        ("/workout/sets", {"session": "w1s1", "day": day, "exercise": "goblet-squat", "reps": 5}),
        ("/workout/finish", {"session": "w1s1", "day": day, "session_rpe": 5}),
        ("/daily", {"day": day, "resting_hr": 50}),
        ("/meals", {"eaten_at": f"{day}T12:00:00+14:00", "calories_kcal": 500}),
        ("/sleep", {"started_at": f"{day}T00:00:00Z", "ended_at": f"{day}T07:00:00Z"}),
    ]
    for rest, body in writes:
        response = api.client.post(_url(athlete_id, rest), json=body, headers=headers)
        error = assert_error(response, 422, "invalid_input")
        assert bounds.DAY_RANGE in error["message"], (rest, error)
    # The plan in force still answers (a plan starting on 9999-12-31 once broke it for good).
    for rest in ("/plan/today", "/plan"):
        assert api.client.get(_url(athlete_id, rest), headers=headers).status_code == 200
    assert api.client.get(f"/workout/{athlete_id}", headers=headers).status_code == 200
    for kind in ("daily", "meals", "sleep"):
        page = api.client.get(_url(athlete_id, f"/{kind}"), headers=headers).json()
        assert page["items"] == [], kind


def _nul_writes(athlete_id: int) -> list[tuple[str, dict[str, Any]]]:
    doc = workout(datetime.fromisoformat(AT), ("barbell-back-squat", 5, 100, 2))
    return [
        (_url(athlete_id, "/meals"), {"eaten_at": AT, "description": "rice\x00"}),
        (_url(athlete_id, "/meals"), {"eaten_at": AT, "source_id": "m\x001"}),
        (_url(athlete_id, "/feedback"), {"recorded_at": AT, "notes": "tired\x00"}),
        (_url(athlete_id, "/workouts"), {**doc, "notes": "good\x00"}),
        (
            _url(athlete_id, "/cardio"),
            {"activity_type": "run\x00", "started_at": AT, "duration_s": 60},
        ),
        (_url(athlete_id, "/chat"), {"text": "slept 7 hours\x00"}),
        (_url(athlete_id, "/chat/stream"), {"text": "hello\x00"}),
        (_url(athlete_id, "/flags"), {"kind": "chest_pain", "note": "\x00"}),
        (
            _url(athlete_id, "/workout/feedback"),
            {"session": "w1s1", "exercise": "goblet\x00squat", "kind": "too_easy"},
        ),
        ("/api/v1/auth/token", {"email": "a\x00@example.com", "password": "x"}),
    ]


def test_a_birth_date_under_16_years_back_is_422_saying_what_to_do(
    api: Api, clock: FixedClock
) -> None:
    athlete, headers = api.athlete()
    today = clock.now().date()
    for age in (0, 15):
        young = today.replace(year=today.year - age).isoformat()
        patched = api.client.patch(_url(athlete.id), json={"birth_date": young}, headers=headers)
        message = assert_error(patched, 422, "invalid_input")["message"]
        assert message.startswith("birth_date: fitcoach's plans are for people aged 16 and over")
        assert f"makes you {age}: if that is a typo, correct it" in message
    sixteen = today.replace(year=today.year - 16).isoformat()
    stored = api.client.patch(_url(athlete.id), json={"birth_date": sixteen}, headers=headers)
    assert stored.status_code == 200, stored.text


def test_a_nul_character_in_free_text_is_422_and_stores_nothing(api: Api) -> None:
    athlete, headers = api.athlete()
    for url, body in _nul_writes(athlete.id):
        response = api.client.post(url, json=body, headers=headers)
        error = assert_error(response, 422, "invalid_input")
        assert "NUL" in error["message"], (url, error)
    patched = api.client.patch(_url(athlete.id), json={"dislikes": ["kale\x00"]}, headers=headers)
    assert "NUL" in assert_error(patched, 422, "invalid_input")["message"]
    for kind in ("meals", "feedback", "workouts", "cardio"):
        assert api.client.get(_url(athlete.id, f"/{kind}"), headers=headers).json()["items"] == []
    assert api.client.get(_url(athlete.id, "/chat/messages"), headers=headers).json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/exercises/goblet%00squat",
        "/api/v1/exercises?q=squat%00",
        "/api/v1/athletes/{id}/records?exercise=squat%00",
        "/api/v1/athletes/{id}/alerts?severity=info%00",
        "/api/v1/athletes/{id}/plan/versions?status=active%00",
    ],
)
def test_a_nul_character_in_a_query_or_path_is_refused(api: Api, url: str) -> None:
    athlete, headers = api.athlete()
    response = api.client.get(url.format(id=athlete.id), headers=headers)
    assert response.status_code in (404, 422), response.text
    assert "NUL" in response.json()["error"]["message"]


NUMBERS = (
    ("cardio", "duration_s", {"activity_type": "run", "started_at": AT}),
    ("cardio", "distance_m", {"activity_type": "run", "started_at": AT, "duration_s": 60}),
    ("daily", "weight_kg", {"day": "2026-11-18"}),
    ("daily", "sleep_s", {"day": "2026-11-18"}),
    ("meals", "calories_kcal", {"eaten_at": AT}),
)


@pytest.mark.parametrize("number", [BIG, f"-{BIG}", f"{BIG}.5"])
def test_a_401_digit_number_is_422(api: Api, number: str) -> None:
    athlete, headers = api.athlete()
    for kind, field, body in NUMBERS:
        # Raw JSON: the number as a client sends it (json.dumps would write a float as inf).
        raw = f'{{"{field}": {number}, ' + json.dumps(body)[1:]
        response = api.client.post(
            _url(athlete.id, f"/{kind}"),
            content=raw,
            headers={**headers, "Content-Type": "application/json"},
        )
        error = assert_error(response, 422, "invalid_input")
        assert field in error["message"], (kind, error)
    for kind in ("cardio", "daily", "meals"):
        assert api.client.get(_url(athlete.id, f"/{kind}"), headers=headers).json()["items"] == []


def test_a_401_digit_number_in_a_set_a_profile_or_a_query_is_422(api: Api) -> None:
    athlete, headers = api.athlete()
    doc = workout(datetime.fromisoformat(AT), ("barbell-back-squat", 5, 100, 2))
    doc["sets"][0]["weight_kg"] = int(BIG)
    logged = api.client.post(_url(athlete.id, "/workouts"), json=doc, headers=headers)
    assert "sets.0.weight_kg" in assert_error(logged, 422, "invalid_input")["message"]
    patched = api.client.patch(_url(athlete.id), json={"height_cm": int(BIG)}, headers=headers)
    assert "height_cm" in assert_error(patched, 422, "invalid_input")["message"]
    for rest in (
        f"/meals?limit={BIG}",
        f"/nutrition/plan?days={BIG}",
        f"/chat/messages?before_id={BIG}",
    ):
        assert_error(api.client.get(_url(athlete.id, rest), headers=headers), 422, "invalid_input")


WRITERS = 8


@pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_concurrent_first_chat_messages_make_one_conversation_and_keep_every_message(
    api: Api, database: Any
) -> None:
    athlete, headers = api.athlete()
    app = api.client.app
    start = threading.Barrier(WRITERS)
    statuses: list[int] = []

    def send(n: int) -> None:
        # A client (and event loop) per thread: the requests run at once, as from 8 devices.
        with TestClient(app, raise_server_exceptions=False) as client:
            start.wait()
            response = client.post(
                _url(athlete.id, "/chat"), json={"text": f"slept {n} hours"}, headers=headers
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(1, WRITERS + 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [200] * WRITERS
    with database.factory() as session:
        conversations = session.execute(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.athlete_id == athlete.id)
        ).scalar_one()
        said = (
            session.execute(
                select(Message.text).where(Message.athlete_id == athlete.id, Message.role == "user")
            )
            .scalars()
            .all()
        )
    assert conversations == 1
    assert sorted(said) == sorted(f"slept {n} hours" for n in range(1, WRITERS + 1))
