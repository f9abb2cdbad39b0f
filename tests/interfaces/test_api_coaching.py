"""The coaching endpoints (plan, versions, edits, today, review, load, readiness, nutrition)
and the compatible facade at the root: happy paths and the expected failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.services.test_plans_serving import squat_day

from fitcoach.coach.explanations import Reason
from fitcoach.coach.safety import default_library
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.interfaces.api.deps import MAX_PLAN_VERSIONS_PAGE
from fitcoach.services import plans

TODAY = "2026-11-20"  # the fixed clock's day
EDIT = {"op": "set_session_minutes", "minutes": 45}


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, rest: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}{rest}"


def _read(api: Api, athlete: Any) -> dict[str, str]:
    return api.headers(api.account_id(athlete), TokenScope.read)


def test_generate_then_read_the_plan_and_its_versions(api: Api) -> None:
    athlete, headers = api.athlete()
    assert_error(api.client.get(_url(athlete.id, "/plan"), headers=headers), 404, "not_found")
    made = api.client.post(
        _url(athlete.id, "/plan"), json={"seed": 3, "weeks": 4, "start": TODAY}, headers=headers
    )
    assert made.status_code == 201, made.text
    plan = made.json()
    assert (plan["version"], plan["status"], plan["athlete_id"]) == (1, "active", athlete.id)
    assert plan["plan"]["seed"] == 3
    assert len(plan["plan"]["weeks"]) == 4
    current = api.client.get(_url(athlete.id, "/plan"), headers=headers).json()
    assert current["version"] == 1
    again = api.client.post(_url(athlete.id, "/plan"), headers=headers)  # no body: defaults
    assert again.status_code == 201, again.text
    # A plan is in force: the new one waits for approval instead of replacing it.
    assert (again.json()["status"], again.json()["parent_version"]) == ("proposed", 1)
    # The same request, nothing written since: 200 and the same version, no copy stored.
    repeated = api.client.post(_url(athlete.id, "/plan"), headers=headers)
    assert repeated.status_code == 200, repeated.text
    assert repeated.json() == again.json()
    assert api.client.get(_url(athlete.id, "/plan"), headers=headers).json()["version"] == 1
    replaced = api.client.post(_url(athlete.id, "/plan"), json={"replace": True}, headers=headers)
    assert replaced.json()["status"] == "active", replaced.text
    versions = api.client.get(_url(athlete.id, "/plan/versions"), headers=headers).json()
    assert [(v["version"], v["status"]) for v in versions] == [
        (3, "active"),
        (2, "proposed"),
        (1, "superseded"),
    ]
    # A page at a time, newest first; both lists of versions page alike.
    for path in (_url(athlete.id, "/plan/versions"), f"/plans/{athlete.id}/history"):
        pages = [
            [v["version"] for v in api.client.get(f"{path}?{q}", headers=headers).json()]
            for q in ("limit=2", "limit=2&offset=2", "limit=2&offset=3", "offset=1")
        ]
        assert pages == [[3, 2], [1], [], [2, 1]], path
        too_many = api.client.get(f"{path}?limit={MAX_PLAN_VERSIONS_PAGE + 1}", headers=headers)
        assert_error(too_many, 422, "invalid_input")
    one = api.client.get(_url(athlete.id, "/plan/versions/1"), headers=headers)
    assert one.json()["status"] == "superseded"
    assert_error(
        api.client.get(_url(athlete.id, "/plan/versions/9"), headers=headers), 404, "not_found"
    )
    assert_error(
        api.client.get(_url(athlete.id, "/plan/versions?status=odd"), headers=headers),
        422,
        "invalid_input",
    )


def test_a_bad_generate_body_is_422_and_stores_nothing(api: Api) -> None:
    athlete, headers = api.athlete()
    error = assert_error(
        api.client.post(_url(athlete.id, "/plan"), json={"weeks": 0}, headers=headers),
        422,
        "invalid_input",
    )
    assert "weeks" in error["message"]
    assert api.client.get(_url(athlete.id, "/plan/versions"), headers=headers).json() == []


def test_propose_approve_and_reject_edits(api: Api) -> None:
    athlete, headers = api.athlete()
    plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    url = _url(athlete.id, "/plan/edits")
    proposed = api.client.post(url, json={**EDIT, "propose": True}, headers=headers)
    assert proposed.status_code == 200, proposed.text
    body = proposed.json()
    assert (body["version"], body["status"], body["accepted"], body["applied"]) == (
        2,
        "proposed",
        True,
        False,
    )
    assert body["diff"]
    approved = api.client.post(_url(athlete.id, "/plan/versions/2/approve"), headers=headers)
    assert approved.status_code == 200, approved.text
    assert approved.json()["applied"] is True
    assert api.client.get(_url(athlete.id, "/plan"), headers=headers).json()["version"] == 2
    # Approving again: only proposed versions can be decided.
    assert_error(
        api.client.post(_url(athlete.id, "/plan/versions/2/approve"), headers=headers),
        409,
        "conflict",
    )
    second = api.client.post(
        url, json={"op": "set_session_minutes", "minutes": 75, "propose": True}, headers=headers
    )
    assert second.json()["version"] == 3
    rejected = api.client.post(_url(athlete.id, "/plan/versions/3/reject"), headers=headers)
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
    assert api.client.get(_url(athlete.id, "/plan"), headers=headers).json()["version"] == 2
    assert_error(
        api.client.post(_url(athlete.id, "/plan/versions/9/reject"), headers=headers),
        404,
        "not_found",
    )


def test_an_athletes_own_edit_applies_at_once(api: Api) -> None:
    athlete, headers = api.athlete()
    plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    applied = api.client.post(_url(athlete.id, "/plan/edits"), json=EDIT, headers=headers)
    assert applied.status_code == 200, applied.text
    assert (applied.json()["status"], applied.json()["applied"]) == ("active", True)


def test_a_coachs_edit_waits_for_approval(api: Api) -> None:
    athlete, headers = api.athlete()
    coach = api.coach("coach@example.org", athlete.id)
    plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    result = api.client.post(_url(athlete.id, "/plan/edits"), json=EDIT, headers=coach).json()
    assert (result["status"], result["proposed_by"], result["applied"]) == (
        "proposed",
        "coach",
        False,
    )
    # The coach cannot approve it; the athlete does.
    approve = _url(athlete.id, f"/plan/versions/{result['version']}/approve")
    assert_error(api.client.post(approve, headers=coach), 403, "permission_denied")
    assert api.client.get(_url(athlete.id, "/plan"), headers=coach).json()["version"] == 1
    assert api.client.post(approve, headers=headers).json()["applied"] is True


@pytest.mark.parametrize(
    "body",
    [{"op": "no_such_op"}, {"op": "set_session_minutes", "minutes": 1}, {**EDIT, "propose": "x"}],
)
def test_a_bad_edit_is_422(api: Api, body: dict[str, Any]) -> None:
    athlete, headers = api.athlete()
    plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    response = api.client.post(_url(athlete.id, "/plan/edits"), json=body, headers=headers)
    assert_error(response, 422, "invalid_input")


def test_today_and_the_weekly_review(api: Api) -> None:
    athlete, headers = api.athlete()
    plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    today = api.client.get(_url(athlete.id, "/plan/today"), headers=headers)
    assert today.status_code == 200, today.text
    assert today.json()["day"] == TODAY
    on_day = api.client.get(_url(athlete.id, f"/plan/today?day={TODAY}"), headers=headers)
    assert on_day.json()["status"] in ("train", "lighter", "recovery", "rest")
    review = api.client.post(_url(athlete.id, f"/plan/review?week_end={TODAY}"), headers=headers)
    assert review.status_code == 200, review.text
    assert review.json()["week_end"] == TODAY
    assert_error(
        api.client.post(_url(athlete.id, "/plan/review?week_end=2027-01-01"), headers=headers),
        422,
        "invalid_input",
    )
    assert_error(
        api.client.get(_url(athlete.id, "/plan/today?day=someday"), headers=headers),
        422,
        "invalid_input",
    )


def test_a_profile_injury_changes_what_today_serves_and_proposes_a_safe_plan(api: Api) -> None:
    athlete, headers = api.athlete()
    _, stored = squat_day(api.ctx, existing=athlete.id)
    api.ctx.session.commit()
    library = default_library()

    def knee_unsafe(session: dict[str, Any] | None) -> list[str]:
        items = session["items"] if session else []
        return [i["exercise"] for i in items if library[i["exercise"]].contraindications(["knee"])]

    before = api.client.get(_url(athlete.id, "/plan/today"), headers=headers).json()
    assert before["session"]["key"] == stored.key
    assert "barbell-back-squat" in knee_unsafe(before["session"])
    patched = api.client.patch(
        _url(athlete.id), json={"injuries": [{"region": "knee"}]}, headers=headers
    )
    assert patched.status_code == 200, patched.text
    today = api.client.get(_url(athlete.id, "/plan/today"), headers=headers).json()
    assert today["session"]["key"] == stored.key
    assert knee_unsafe(today["session"]) == knee_unsafe(today["planned"]) == []
    texts = [Reason.model_validate(r).text for r in today["reasons"]]
    assert any("deep knee flexion under load: not with a knee injury" in t for t in texts), texts
    week = api.client.get(f"/workout/{athlete.id}", headers=headers).json()
    assert week["sessions"]
    assert all(knee_unsafe(s) == [] for s in week["sessions"])
    # The stored plan waits to catch up: the plan made safe, proposed by the athlete.
    versions = api.client.get(_url(athlete.id, "/plan/versions"), headers=headers).json()
    proposed = [v for v in versions if v["status"] == "proposed"]
    assert [(v["proposed_by"], v["reasons"][0]["code"]) for v in proposed] == [
        ("athlete", "profile_safety")
    ]


def test_load_and_readiness(api: Api) -> None:
    athlete, headers = api.athlete()
    load = api.client.get(_url(athlete.id, "/load"), headers=headers)
    assert load.status_code == 200, load.text
    assert load.json()["end"] == TODAY
    ranged = api.client.get(
        _url(athlete.id, "/load?from=2026-11-01&to=2026-11-14"), headers=headers
    ).json()
    assert (ranged["start"], ranged["end"]) == ("2026-11-01", "2026-11-14")
    assert_error(
        api.client.get(_url(athlete.id, "/load?from=2026-11-14&to=2026-11-01"), headers=headers),
        422,
        "invalid_input",
    )
    ready = api.client.get(_url(athlete.id, "/readiness"), headers=headers)
    assert ready.status_code == 200, ready.text
    assert api.client.get(_url(athlete.id, f"/readiness?day={TODAY}"), headers=headers).is_success
    assert_error(
        api.client.get(_url(athlete.id, "/readiness?day=2027-01-01"), headers=headers),
        422,
        "invalid_input",
    )


def test_the_load_asked_again_is_one_statement_until_a_write(api: Api) -> None:
    """The default window asked again sends the stamp alone (the access check, the athlete's
    time zone and data versions in one query): its last day is taken from that stamp, which
    the answer's cache reads again without a query. A logged workout is seen at once."""
    athlete, headers = api.athlete()
    url = _url(athlete.id, "/load")
    first = api.client.get(url, headers=headers)
    assert first.status_code == 200, first.text
    sent: list[str] = []

    def note(*args: Any) -> None:
        sent.append(str(args[2]))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        again = api.client.get(url, headers=headers)
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert again.content == first.content
    assert len(sent) == 1, sent
    assert "data_versions" in sent[0]
    logged = {
        "started_at": f"{TODAY}T08:00:00+00:00",
        "session_rpe": 7,
        "duration_s": 3600,
        "sets": [{"exercise": "Back Squat", "reps": 5, "weight_kg": 100}],
    }
    made = api.client.post(_url(athlete.id, "/workouts"), json=logged, headers=headers)
    assert made.status_code == 201, made.text
    after = api.client.get(url, headers=headers).json()
    assert after != first.json()
    assert after["days"][-1]["load_au"] > 0, after["days"][-1]


@pytest.mark.parametrize(
    ("method", "rest"),
    [
        ("GET", "/load?to=0001-01-01"),  # counting the default `from` back overflowed
        ("GET", "/load?from=1600-01-01&to=1600-12-31"),
        ("GET", "/readiness?day=1677-01-01"),  # before pandas' first timestamp
        ("GET", "/readiness?day=0001-01-01"),
        ("POST", "/plan/review?week_end=1677-01-01"),
    ],
)
def test_days_before_1900_are_422_not_500(api: Api, method: str, rest: str) -> None:
    athlete, headers = api.athlete()
    response = api.client.request(method, _url(athlete.id, rest), headers=headers)
    error = assert_error(response, 422, "invalid_input")
    assert "1900-01-01" in error["message"]


def test_nutrition_targets_and_meal_plan(api: Api) -> None:
    athlete, headers = api.athlete()
    targets = api.client.get(_url(athlete.id, f"/nutrition/targets?day={TODAY}"), headers=headers)
    assert targets.status_code == 200, targets.text
    assert targets.json()["kcal"] > 0
    meals = api.client.get(_url(athlete.id, "/nutrition/plan?days=2&seed=4"), headers=headers)
    assert meals.status_code == 200, meals.text
    assert len(meals.json()["days"]) == 2
    assert_error(
        api.client.get(_url(athlete.id, "/nutrition/plan?days=0"), headers=headers),
        422,
        "invalid_input",
    )


def test_writes_need_a_write_token_and_others_get_404(api: Api) -> None:
    athlete, headers = api.athlete()
    other, other_headers = api.athlete()
    plans.generate(api.ctx, athlete.id)
    api.ctx.session.commit()
    read = _read(api, athlete)
    assert api.client.get(_url(athlete.id, "/plan"), headers=read).status_code == 200
    for path, body in [
        ("/plan", None),
        ("/plan/edits", EDIT),
        ("/plan/versions/1/approve", None),
        ("/plan/versions/1/reject", None),
        ("/plan/review", None),
    ]:
        assert_error(
            api.client.post(_url(athlete.id, path), json=body, headers=read),
            403,
            "permission_denied",
        )
    for path in ("/plan", "/plan/versions", "/load", "/readiness", "/nutrition/targets"):
        assert_error(
            api.client.get(_url(athlete.id, path), headers=other_headers), 404, "not_found"
        )
    assert (
        api.client.get(_url(athlete.id, "/plan/versions"), headers=headers).json()[0]["version"]
        == 1
    )
    assert other.id != athlete.id


# --- the facade ---------------------------------------------------------------------------------


def test_facade_workout_generates_a_plan_when_there_is_none(api: Api) -> None:
    athlete, headers = api.athlete()
    first = api.client.get(f"/workout/{athlete.id}", headers=headers)
    assert first.status_code == 200, first.text
    week = first.json()
    assert (week["user_id"], week["plan_version"], week["from"]) == (athlete.id, 1, TODAY)
    assert week["to"] == "2026-11-26"
    assert week["sessions"]
    assert all(TODAY <= s["date"] <= "2026-11-26" for s in week["sessions"])
    assert all(s["items"] for s in week["sessions"])
    again = api.client.get(f"/workout/{athlete.id}", headers=_read(api, athlete)).json()
    assert again == week  # the plan in force: nothing generated
    history = api.client.get(f"/plans/{athlete.id}/history", headers=headers)
    assert history.status_code == 200
    assert [v["version"] for v in history.json()] == [1]


def test_facade_workout_with_a_read_token_and_no_plan_is_403(api: Api) -> None:
    athlete, _ = api.athlete()
    response = api.client.get(f"/workout/{athlete.id}", headers=_read(api, athlete))
    assert_error(response, 403, "permission_denied")


def test_facade_nutrition_and_feedback(api: Api, clock: FixedClock) -> None:
    athlete, headers = api.athlete()
    meals = api.client.get(f"/nutrition/{athlete.id}", headers=headers)
    assert meals.status_code == 200, meals.text
    assert len(meals.json()["days"]) == 3
    sent = api.client.post(
        f"/feedback/{athlete.id}",
        json={"energy": 7, "mood": 6, "perceived_exertion": 5.5},
        headers=headers,
    )
    assert sent.status_code == 201, sent.text
    assert sent.json()["created"] is True
    page = api.client.get(_url(athlete.id, "/feedback"), headers=headers).json()
    stored = page["items"][0]
    assert (stored["energy"], stored["mood"], stored["perceived_exertion"]) == (7, 6, 5.5)
    assert stored["recorded_at"].startswith(clock.now().isoformat()[:19])
    error = assert_error(
        api.client.post(f"/feedback/{athlete.id}", json={"energy": 11}, headers=headers),
        422,
        "invalid_input",
    )
    assert "energy" in error["message"]
    assert_error(
        api.client.post(f"/feedback/{athlete.id}", json={"mood": 5}, headers=_read(api, athlete)),
        403,
        "permission_denied",
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/workout/{id}"),
        ("GET", "/nutrition/{id}"),
        ("POST", "/feedback/{id}"),
        ("GET", "/plans/{id}/history"),
    ],
)
def test_facade_scoping_and_auth(api: Api, method: str, path: str) -> None:
    athlete, _ = api.athlete()
    _, other_headers = api.athlete()
    body = {"mood": 5} if method == "POST" else None
    denied = api.client.request(
        method, path.format(id=athlete.id), json=body, headers=other_headers
    )
    unknown = api.client.request(method, path.format(id=999_999), json=body, headers=other_headers)
    assert_error(denied, 404, "not_found")
    assert_error(unknown, 404, "not_found")
    anonymous = api.client.request(method, path.format(id=athlete.id), json=body)
    assert_error(anonymous, 401, "unauthenticated")
    assert api.client.get(f"/plans/{athlete.id}/history", headers=other_headers).status_code == 404


def test_the_home_page_answers_json_when_asked(api: Api) -> None:
    json_only = api.client.get("/", headers={"Accept": "application/json"})
    assert json_only.status_code == 200
    assert json_only.json() == {"message": "fitcoach is running", "status": "ok"}
    browser = api.client.get("/", headers={"Accept": "text/html,application/json;q=0.9"})
    assert browser.headers["content-type"].startswith("text/html")
    assert "<h1>fitcoach" in browser.text
