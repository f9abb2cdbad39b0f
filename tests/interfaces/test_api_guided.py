"""The guided workout endpoints: sets as they are done, feedback, finishing, state; errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.fixtures.tables import row_counts
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.coach.plan import Plan, StrengthItem
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.services import athletes, plans, training_log

DAY = "2026-11-20"


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


@pytest.fixture
def setup(api: Api) -> tuple[int, dict[str, str], str, str]:
    """An athlete with a plan; their token, the first session's key and its first lift."""
    athlete, headers = api.athlete()
    view = plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    plan = Plan.model_validate(view.plan)
    session = plan.sessions()[0]
    lift = next(i for i in session.items if isinstance(i, StrengthItem))
    return athlete.id, headers, session.key, lift.exercise


def _set(session: str, exercise: str, **extra: Any) -> dict[str, Any]:
    return {
        "session": session,
        "day": DAY,
        "exercise": exercise,
        "reps": 8,
        "weight_kg": 40,
        "rir": 2,
        **extra,
    }


def test_sets_append_to_one_session_and_retries_are_safe(api: Api, setup: Any) -> None:
    aid, headers, session, lift = setup
    url = f"/api/v1/athletes/{aid}/workout/sets"
    first = api.client.post(url, json=_set(session, lift, set_number=1), headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["session_created"] is True
    again = api.client.post(url, json=_set(session, lift, set_number=1), headers=headers)
    assert again.status_code == 201
    assert again.json()["created"] is False
    assert again.json()["set_id"] == first.json()["set_id"]
    second = api.client.post(url, json=_set(session, lift, set_number=2, reps=7), headers=headers)
    assert second.json()["position"] == 1
    assert second.json()["workout_id"] == first.json()["workout_id"]
    workouts = training_log.history(api.ctx, aid, "workouts")
    assert len(workouts) == 1
    assert [s["reps"] for s in workouts[0]["sets"]] == [8, 7]

    state = api.client.get(
        f"/api/v1/athletes/{aid}/workout", params={"session": session, "day": DAY}, headers=headers
    )
    assert state.status_code == 200
    assert len(state.json()["sets"]) == 2


def test_feedback_pain_stops_the_exercise_and_offers_substitutes(api: Api, setup: Any) -> None:
    aid, headers, session, lift = setup
    body = {"session": session, "day": DAY, "exercise": lift, "kind": "pain", "region": "knee"}
    response = api.client.post(
        f"/api/v1/athletes/{aid}/workout/feedback", json=body, headers=headers
    )
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["stopped"] is True
    assert result["substitutes"]
    assert all(s["slug"] != lift for s in result["substitutes"])
    refused = api.client.post(
        f"/api/v1/athletes/{aid}/workout/sets", json=_set(session, lift), headers=headers
    )
    assert_error(refused, 409, "conflict")


def test_finish_needs_a_set_and_records_the_load(api: Api, setup: Any) -> None:
    aid, headers, session, lift = setup
    url = f"/api/v1/athletes/{aid}/workout/finish"
    assert_error(
        api.client.post(
            url, json={"session": session, "day": DAY, "session_rpe": 7}, headers=headers
        ),
        409,
        "conflict",
    )
    api.client.post(
        f"/api/v1/athletes/{aid}/workout/sets", json=_set(session, lift), headers=headers
    )
    done = api.client.post(
        url, json={"session": session, "day": DAY, "session_rpe": 7}, headers=headers
    )
    assert done.status_code == 200, done.text
    assert training_log.history(api.ctx, aid, "workouts")[0]["session_rpe"] == 7


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"exercise": "no such lift"}, 422, "invalid_input"),
        ({"reps": -1}, 422, "invalid_input"),
        ({"rir": 15}, 422, "invalid_input"),
        ({"session": "monday"}, 422, "invalid_input"),
        ({"weight_kg": "eighty"}, 422, "invalid_input"),
    ],
)
def test_bad_sets_are_refused_and_nothing_is_stored(
    api: Api, setup: Any, body: dict[str, Any], status: int, code: str
) -> None:
    aid, headers, session, lift = setup
    before = row_counts(api.ctx.session)
    response = api.client.post(
        f"/api/v1/athletes/{aid}/workout/sets",
        json={**_set(session, lift), **body},
        headers=headers,
    )
    assert_error(response, status, code)
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session) == before


def test_reads_need_a_token_and_writes_a_write_token(api: Api, setup: Any) -> None:
    aid, _headers, session, lift = setup
    url = f"/api/v1/athletes/{aid}/workout/sets"
    assert_error(api.client.post(url, json=_set(session, lift)), 401, "unauthenticated")
    account = api.account_id(athletes.get_athlete(api.ctx, aid))
    read_only = api.headers(account, TokenScope.read)
    assert_error(
        api.client.post(url, json=_set(session, lift), headers=read_only), 403, "permission_denied"
    )
    _other, other_headers = api.athlete()
    assert_error(
        api.client.post(url, json=_set(session, lift), headers=other_headers), 404, "not_found"
    )
    bad_kind = {"session": session, "exercise": lift, "kind": "meh"}
    assert_error(
        api.client.post(
            f"/api/v1/athletes/{aid}/workout/feedback", json=bad_kind, headers=_headers
        ),
        422,
        "invalid_input",
    )


def test_a_loaded_lift_without_its_weight_is_refused_naming_the_field(api: Api, setup: Any) -> None:
    aid, headers, session, lift = setup
    before = row_counts(api.ctx.session)
    body = _set(session, lift)
    del body["weight_kg"]
    response = api.client.post(f"/api/v1/athletes/{aid}/workout/sets", json=body, headers=headers)
    assert_error(response, 422, "invalid_input")
    error = response.json()["error"]
    assert error["message"].startswith("weight_kg: ")
    assert error["details"] == {"field": "weight_kg"}
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session) == before


def test_a_pain_swap_and_the_finished_summary(api: Api, setup: Any) -> None:
    aid, headers, session, lift = setup
    base = f"/api/v1/athletes/{aid}/workout"
    api.client.post(f"{base}/sets", json=_set(session, lift), headers=headers)
    pain = api.client.post(
        f"{base}/feedback",
        json={"session": session, "day": DAY, "exercise": lift, "kind": "pain"},
        headers=headers,
    ).json()
    to = pain["substitutes"][0]["slug"]
    wrong = api.client.post(
        f"{base}/swap",
        json={"session": session, "day": DAY, "exercise": lift, "to": "barbell-deadlift"},
        headers=headers,
    )
    assert_error(wrong, 422, "invalid_input")
    swapped = api.client.post(
        f"{base}/swap",
        json={"session": session, "day": DAY, "exercise": lift, "to": to},
        headers=headers,
    )
    assert swapped.status_code == 201, swapped.text
    out = swapped.json()
    assert out["applied"] is True
    assert out["step"]["exercise"] == to
    assert [r["code"] for r in out["reasons"]][:2] == ["edit_applied", "pain_swap"]
    done = api.client.post(
        f"{base}/finish", json={"session": session, "day": DAY, "session_rpe": 6}, headers=headers
    )
    assert done.status_code == 200, done.text
    summary = done.json()["summary"]
    assert (summary["sets"], summary["reps"], summary["volume_kg"]) == (1, 8, 320.0)
    assert summary["finished"] is True
    state = api.client.get(base, params={"session": session, "day": DAY}, headers=headers).json()
    assert state["finished"] is True
    assert state["summary"] == summary
    more = api.client.post(f"{base}/sets", json=_set(session, to, weight_kg=None), headers=headers)
    assert_error(more, 409, "conflict")
