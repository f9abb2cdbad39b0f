"""Tokens verified a moment ago (``accounts.VerifiedTokens``): what this process changes counts
at once, another process's change within ``ttl_s``; expiry and scope are checked every time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import anyio.to_thread
import psycopg
import pytest
from sqlalchemy import create_engine, text
from tests.interfaces.test_api_auth import PASSWORD, Api, api_for, assert_error

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import TokenScope
from fitcoach.services import accounts
from fitcoach.storage import versions
from fitcoach.storage.models import Account


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _verified(api: Api) -> accounts.VerifiedTokens:
    verified = api.client.app.state.verified_tokens  # type: ignore[attr-defined]
    assert isinstance(verified, accounts.VerifiedTokens)
    return verified


def _member(api: Api) -> tuple[int, str]:
    athlete, _ = api.athlete()
    account_id = api.account_id(athlete)
    accounts.set_password(api.ctx, account_id, PASSWORD)
    api.ctx.session.commit()
    return account_id, athlete.email


def test_a_change_made_by_another_process_counts_within_the_ttl(api: Api, database: Any) -> None:
    account_id, _ = _member(api)
    headers = api.headers(account_id)
    assert api.client.get("/api/v1/athletes", headers=headers).status_code == 200
    _verified(api).ttl_s = 0.5
    _verified(api).clear()
    assert api.client.get("/api/v1/athletes", headers=headers).status_code == 200
    secret = headers["Authorization"].removeprefix("Bearer ")
    assert _verified(api).lookup(secret, accounts.TokenKind.api, api.clock.now()) is not None
    # Revoked by another process: its own connection, none of this process's sessions.
    other = create_engine(database.url)
    try:
        with other.begin() as connection:
            connection.execute(
                text("UPDATE api_tokens SET revoked_at = :now"),
                {"now": api.clock.now().replace(tzinfo=None)},
            )
    finally:
        other.dispose()
    # Still verified from this process's memory (no query) ...
    assert api.client.get("/api/v1/athletes", headers=headers).status_code == 200
    time.sleep(0.6)
    # ... until ``ttl_s`` has passed since it was verified.
    response = api.client.get("/api/v1/athletes", headers=headers)
    assert "revoked" in assert_error(response, 401, "unauthenticated")["message"]


def test_disabling_an_account_in_this_process_counts_at_once(api: Api) -> None:
    account_id, _ = _member(api)
    headers = api.headers(account_id)
    assert api.client.get("/api/v1/athletes", headers=headers).status_code == 200
    account = api.ctx.session.get(Account, account_id)
    assert account is not None
    account.is_active = False
    api.ctx.session.commit()
    response = api.client.get("/api/v1/athletes", headers=headers)
    assert "disabled" in assert_error(response, 401, "unauthenticated")["message"]


def test_use_stamps_do_not_make_verified_tokens_stale(api: Api) -> None:
    account_id, _ = _member(api)
    issued = accounts.create_token(api.ctx, account_id, scope=TokenScope.read)
    api.ctx.session.commit()
    generation = versions.credentials_generation()
    assert accounts.record_token_use(api.ctx.session, issued.info.id, api.clock.now())
    api.ctx.session.commit()
    assert versions.credentials_generation() == generation
    accounts.revoke_token(api.ctx, issued.info.id)
    api.ctx.session.commit()
    assert versions.credentials_generation() > generation


def test_expiry_and_scope_are_checked_on_every_request(api: Api) -> None:
    _account_id, email = _member(api)
    issued = accounts.login(
        api.ctx, email, PASSWORD, scope=TokenScope.read, lifetime=timedelta(hours=1)
    )
    api.ctx.session.commit()
    headers = {"Authorization": f"Bearer {issued.secret}"}
    athlete_path = api.client.get("/api/v1/athletes", headers=headers).json()[0]["id"]
    path = f"/api/v1/athletes/{athlete_path}"
    assert api.client.get(path, headers=headers).status_code == 200
    # A read-only token verified a moment ago still cannot write.
    refused = api.client.patch(path, headers=headers, json={"session_minutes": 45})
    assert_error(refused, 403, "permission_denied")
    api.clock.set(api.clock.now() + timedelta(hours=1, seconds=1))
    response = api.client.get(path, headers=headers)
    assert "expired" in assert_error(response, 401, "unauthenticated")["message"]


def _count_hops(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The functions run in a worker thread from now on (one per thread hop), as a list."""
    hops: list[object] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(func)
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return hops


def test_a_read_with_a_verified_token_takes_one_worker_thread_hop_or_none(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The token from memory, the endpoint and its commit in one thread, the answer checked
    on the event loop (``fast_path.one_hop``); the session closed without another hop. A quick
    read (``fast_path.quick_read``) takes none: it runs on the event loop."""
    account_id, _ = _member(api)
    headers = api.headers(account_id)
    athlete_id = api.client.get("/api/v1/athletes", headers=headers).json()[0]["id"]
    path = f"/api/v1/athletes/{athlete_id}"
    assert api.client.get(path, headers=headers).status_code == 200  # verified, stamp written
    hops = _count_hops(monkeypatch)
    listed = api.client.get("/api/v1/athletes", headers=headers)
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == [athlete_id]
    assert len(hops) == 1, hops
    hops.clear()
    response = api.client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.json()["id"] == athlete_id
    assert hops == []


def test_a_write_commits_in_its_endpoints_worker_thread(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write whose answer is its route's model (``POST workouts``: ``LoggedOut``) commits in
    the thread that ran it (``fast_path.one_hop``): one hop, not a second for the unit of
    work's commit; what it wrote is committed when the answer arrives. A write refused by its
    endpoint stores nothing (the unit of work rolls it back)."""
    account_id, _ = _member(api)
    headers = api.headers(account_id)
    athlete_id = api.client.get("/api/v1/athletes", headers=headers).json()[0]["id"]
    path = f"/api/v1/athletes/{athlete_id}/workouts"
    body = {
        "started_at": (api.clock.now() - timedelta(hours=2)).isoformat(),
        "source": "test",
        "source_id": "one-hop",
        "sets": [{"exercise": "Back Squat", "reps": 5, "weight_kg": 100.0, "rir": 2}],
    }
    hops = _count_hops(monkeypatch)
    written = api.client.post(path, headers=headers, json=body)
    assert written.status_code == 201, written.text
    assert len(hops) == 1, hops
    monkeypatch.undo()
    listed = api.client.get(path, headers=headers).json()["items"]
    assert [w["id"] for w in listed] == [written.json()["id"]]
    refused = api.client.post(
        path,
        headers=headers,
        json={**body, "source_id": "refused", "sets": [{"exercise": "no such lift", "reps": 5}]},
    )
    assert refused.status_code in (404, 422), refused.text
    assert len(api.client.get(path, headers=headers).json()["items"]) == 1


@pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_read_on_postgresql_sends_no_begin_and_a_write_does(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GET's session reads outside a transaction on PostgreSQL (``storage.db``: no BEGIN
    and COMMIT round trips); a PATCH still runs in one. (SQLite's driver sends no BEGIN
    before reads anyway.)"""

    account_id, _ = _member(api)
    headers = api.headers(account_id)
    athlete_id = api.client.get("/api/v1/athletes", headers=headers).json()[0]["id"]
    path = f"/api/v1/athletes/{athlete_id}"
    assert api.client.get(path, headers=headers).status_code == 200
    begins: list[bytes] = []
    start = psycopg.Connection._get_tx_start_command

    def counted(self: psycopg.Connection[Any]) -> bytes:
        begins.append(start(self))
        return begins[-1]

    monkeypatch.setattr(psycopg.Connection, "_get_tx_start_command", counted)
    for suffix in ("", "/readiness", "/plan/today"):
        response = api.client.get(path + suffix, headers=headers)
        assert response.status_code in (200, 404), response.text
    assert begins == []
    written = api.client.patch(path, headers=headers, json={"session_minutes": 45})
    assert written.status_code == 200, written.text
    assert begins
    assert begins[0].startswith(b"BEGIN")
    assert written.json()["session_minutes"] == 45


def test_a_token_verified_a_moment_ago_opens_no_session_of_its_own(api: Api) -> None:
    """A write with a token the process verified: one session (the request's), none for the
    credential check before the body is read."""
    athlete, headers = api.athlete()
    state = api.client.app.state  # type: ignore[attr-defined]
    factory = state.session_factory
    made: list[object] = []

    def counting() -> Any:
        made.append(object())
        return factory()

    sets = [{"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60}]
    body = {"started_at": "2026-11-20T08:00:00Z", "sets": sets}
    path = f"/api/v1/athletes/{athlete.id}/workouts"
    state.session_factory = counting
    try:
        first = api.client.post(path, headers=headers, json={**body, "source_id": "one"})
        assert first.status_code == 201, first.text
        before = len(made)
        again = api.client.post(path, headers=headers, json={**body, "source_id": "two"})
        assert again.status_code == 201, again.text
    finally:
        state.session_factory = factory
    assert len(made) - before == 1
