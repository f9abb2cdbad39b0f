"""The chat API: send a message, read the conversation in pages, stream an answer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from tests.conftest import NOW
from tests.fixtures.tables import row_counts
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Reply, Turn
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.core.errors import Conflict
from fitcoach.services import training_log

REPLY_KEYS = {
    "text",
    "intent",
    "source",
    "tool_calls",
    "proposed_version",
    "escalated",
    "provider",
    "model",
}


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, tail: str = "") -> str:
    return f"/api/v1/athletes/{athlete_id}/chat{tail}"


def events(body: str) -> list[tuple[str, Any]]:
    """(event, data) of a Server-Sent Events body."""
    out = []
    for block in body.split("\n\n"):
        if not block.strip():
            continue
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((fields["event"], json.loads(fields["data"])))
    return out


def test_a_message_is_answered_from_the_athletes_data_and_stored(api: Api) -> None:
    athlete, token = api.athlete()
    response = api.client.post(_url(athlete.id), json={"text": "slept 7 hours"}, headers=token)
    assert response.status_code == 200, response.text
    reply = response.json()
    assert set(reply) == REPLY_KEYS
    assert reply["source"] == "offline"
    assert reply["escalated"] is False
    logged = [c for c in reply["tool_calls"] if c["tool"].startswith("log_")]
    assert logged, reply
    assert logged[0]["ok"] is True
    assert "7" in reply["text"]

    page = api.client.get(_url(athlete.id, "/messages"), headers=token).json()
    assert page["next_before_id"] is None
    assert [(m["role"], m["channel"]) for m in page["items"]] == [
        ("user", "web"),
        ("assistant", "web"),
    ]
    assert page["items"][0]["text"] == "slept 7 hours"
    assert page["items"][1]["text"] == reply["text"]
    assert page["items"][1]["tool_calls"] == reply["tool_calls"]


def test_a_red_flag_is_escalated_without_tools(api: Api) -> None:
    athlete, token = api.athlete()
    response = api.client.post(
        _url(athlete.id), json={"text": "I have chest pain when I run"}, headers=token
    )
    reply = response.json()
    assert reply["escalated"] is True
    assert reply["source"] == "guardrail"
    assert reply["tool_calls"] == []
    stored = api.client.get(_url(athlete.id, "/messages"), headers=token).json()["items"]
    assert stored[-1]["escalated"] is True


def test_messages_come_in_pages_newest_page_first(api: Api) -> None:
    athlete, token = api.athlete()
    for text in ("weight 72.4", "slept 6 and a half hours", "weight 72.0"):
        assert api.client.post(_url(athlete.id), json={"text": text}, headers=token).is_success
    first = api.client.get(_url(athlete.id, "/messages"), params={"limit": 4}, headers=token)
    page = first.json()
    assert [m["role"] for m in page["items"]] == ["user", "assistant"] * 2
    assert page["items"][0]["text"] == "slept 6 and a half hours"
    assert page["next_before_id"] == page["items"][0]["id"]
    older = api.client.get(
        _url(athlete.id, "/messages"),
        params={"limit": 4, "before_id": page["next_before_id"]},
        headers=token,
    ).json()
    assert next(m["text"] for m in older["items"]) == "weight 72.4"
    assert len(older["items"]) == 2
    assert older["next_before_id"] is None
    ids = [m["id"] for m in older["items"] + page["items"]]
    assert ids == sorted(ids)


def test_the_stream_sends_deltas_then_the_stored_reply(api: Api) -> None:
    athlete, token = api.athlete()
    with api.client.stream(
        "POST", _url(athlete.id, "/stream"), json={"text": "slept 7 hours"}, headers=token
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        body = "".join(response.iter_text())
    got = events(body)
    names = [name for name, _ in got]
    assert names[-1] == "reply"
    assert set(names[:-1]) == {"delta"}
    assert len(names) >= 2
    reply = got[-1][1]
    assert set(reply) == REPLY_KEYS
    assert "".join(data["text"] for name, data in got[:-1]) == reply["text"]
    stored = api.client.get(_url(athlete.id, "/messages"), headers=token).json()["items"]
    assert [m["text"] for m in stored] == ["slept 7 hours", reply["text"]]


class _Failing:
    """An assistant that phrases half an answer, then hits a conflict."""

    def reply(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Reply:
        raise Conflict("the plan changed meanwhile; send the message again")

    def stream(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Iterator[str | Reply]:
        yield "Half an "
        raise Conflict("the plan changed meanwhile; send the message again")


def test_a_failure_inside_the_stream_is_an_error_event_and_stores_nothing(api: Api) -> None:
    athlete, token = api.athlete()
    api.client.app.state.assistant = _Failing()  # type: ignore[attr-defined]
    before = row_counts(api.ctx.session)
    response = api.client.post(
        _url(athlete.id, "/stream"), json={"text": "slept 7 hours"}, headers=token
    )
    assert response.status_code == 200
    got = events(response.text)
    assert got[0] == ("delta", {"text": "Half an "})
    name, data = got[-1]
    assert name == "error"
    assert data["error"]["code"] == "conflict"
    assert "send the message again" in data["error"]["message"]
    api.ctx.session.rollback()
    after = row_counts(api.ctx.session)
    assert after["messages"] == before["messages"] == 0
    assert after["conversations"] == 0
    # The same failure without streaming is the error shape, and rolls back as well.
    failed = api.client.post(_url(athlete.id), json={"text": "slept 7 hours"}, headers=token)
    assert_error(failed, 409, "conflict")
    assert row_counts(api.ctx.session)["conversations"] == 0


@pytest.mark.parametrize("tail", ["", "/stream"])
def test_bad_requests_and_who_may_chat(api: Api, tail: str) -> None:
    athlete, token = api.athlete()
    other, other_token = api.athlete()
    coach = api.coach("coach@example.org", athlete.id)
    url = _url(athlete.id, tail)
    for body in ({"text": ""}, {}, {"text": "hi", "athlete_id": other.id}, {"text": "x" * 4001}):
        assert_error(api.client.post(url, json=body, headers=token), 422, "invalid_input")
    assert_error(api.client.post(url, json={"text": " \n "}, headers=token), 422, "invalid_input")
    assert_error(api.client.post(url, json={"text": "hi"}), 401, "unauthenticated")
    read = api.headers(api.account_id(athlete), TokenScope.read)
    assert_error(api.client.post(url, json={"text": "hi"}, headers=read), 403, "permission_denied")
    # Another athlete: not found, as an id that does not exist.
    denied = api.client.post(url, json={"text": "hi"}, headers=other_token)
    assert_error(denied, 404, "not_found")
    # A linked coach may read the conversation but not chat in the athlete's name.
    refused = assert_error(
        api.client.post(url, json={"text": "hi"}, headers=coach), 403, "permission_denied"
    )
    assert "only the athlete" in refused["message"]
    assert api.client.get(_url(athlete.id, "/messages"), headers=coach).status_code == 200
    assert_error(api.client.get(_url(other.id, "/messages"), headers=coach), 404, "not_found")
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session)["messages"] == 0


def test_bad_paging_is_refused(api: Api) -> None:
    athlete, token = api.athlete()
    url = _url(athlete.id, "/messages")
    for params in ({"limit": 0}, {"limit": 201}, {"before_id": 0}, {"before_id": "x"}):
        assert_error(api.client.get(url, params=params, headers=token), 422, "invalid_input")


class Ticking:
    """A clock that moves on a millisecond at every reading, so that requests sent at once
    still arrive in an order (a fixed clock gives them one instant)."""

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.lock = threading.Lock()

    def now(self) -> datetime:
        with self.lock:
            self.at += timedelta(milliseconds=1)
            return self.at


def test_two_undos_sent_at_once_take_back_one_workout(database: Any) -> None:
    """Two "undo that" sent together removed two workouts: each took back the newest entry
    it found when its turn came. Now both name the entry that was last when they were sent;
    one takes it back, the other answers that it was taken back already (SQLite, where the
    second waits for the first's write slot, and PostgreSQL, where they run together)."""
    with api_for(database, FixedClock(NOW)) as api:
        api.client.app.state.clock = Ticking(NOW)
        athlete, token = api.athlete()
        for text in ("leg press 4x12 at 150 kg", "squat 3x5 at 100 kg"):
            logged = api.client.post(_url(athlete.id), json={"text": text}, headers=token)
            assert logged.status_code == 200, logged.text
        barrier = threading.Barrier(2)
        answers: list[Any] = []

        def undo() -> None:
            barrier.wait()
            answers.append(
                api.client.post(_url(athlete.id), json={"text": "undo that"}, headers=token)
            )

        threads = [threading.Thread(target=undo) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        texts = [a.json()["text"] for a in answers]
        assert sum("Removed the workout" in t for t in texts) == 1, texts
        (other,) = [t for t in texts if "Removed the workout" not in t]
        # Read together, the second names the same entry and says it is gone already; when the
        # first has finished before the second is read (a loaded machine), the last thing said
        # is no longer a log, so the second asks about the next entry and removes nothing.
        assert "already" in other or other.startswith("Take back"), texts
        api.ctx.session.rollback()
        (left,) = training_log.history(api.ctx, athlete.id, "workouts")
        assert {s["exercise"] for s in left["sets"]} == {"leg-press"}
