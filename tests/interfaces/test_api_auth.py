"""API authentication: passwords, tokens, the login rate limit, scopes; the shared API fixture.

``api`` (used by the other ``test_api_*`` modules too) is the real app over the test
database with a fixed clock, an operator service context to arrange data, and a helper
that issues tokens.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from limits.storage import MemoryStorage
from sqlalchemy import select
from tests.factories import make_athlete
from typer.testing import CliRunner

from fitcoach.cli import athletes as athlete_cli
from fitcoach.cli import tokens as token_cli
from fitcoach.coach.schemas import AthleteOut
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role, TokenScope
from fitcoach.core.errors import InvalidInput, PermissionDenied
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.api.auth import LoginLimiter, TooManyRequests
from fitcoach.services import accounts, athletes
from fitcoach.services.context import ServiceContext
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.models.tokens import ApiToken
from fitcoach.storage.repositories import athletes as athlete_repo

PASSWORD = "correct horse battery"


@dataclass
class Api:
    """The app under test, an operator context on the same database, and token helpers."""

    client: TestClient
    ctx: ServiceContext
    clock: FixedClock

    def account_id(self, athlete: AthleteOut) -> int:
        account = athlete_repo.account_by_email(self.ctx.session, athlete.email)
        assert account is not None
        return account.id

    def token(self, account_id: int, scope: TokenScope = TokenScope.write) -> str:
        issued = accounts.create_token(self.ctx, account_id, scope=scope, name="test")
        self.ctx.session.commit()
        return issued.secret

    def headers(self, account_id: int, scope: TokenScope = TokenScope.write) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(account_id, scope)}"}

    def athlete(self, **profile: Any) -> tuple[AthleteOut, dict[str, str]]:
        """A new athlete and a write token of theirs."""
        out = make_athlete(self.ctx, **profile)
        self.ctx.session.commit()
        return out, self.headers(self.account_id(out))

    def coach(self, email: str, *linked: int) -> dict[str, str]:
        """A coach linked to ``linked`` athletes, and a write token of theirs."""
        coach_id = athletes.create_staff_account(self.ctx, email, "Coach", Role.coach)
        for athlete_id in linked:
            athletes.link_coach(self.ctx, coach_id, athlete_id)
        self.ctx.session.commit()
        return self.headers(coach_id)


@contextmanager
def api_for(database: Any, clock: FixedClock) -> Iterator[Api]:
    """The app over ``database`` with ``clock``; the other API test modules use this too."""
    app = create_app(Settings(database_url=database.url, _env_file=None))  # type: ignore[call-arg]
    app.state.clock = clock
    session = database.factory()
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
    with TestClient(app) as client:
        yield Api(client, ctx, clock)
    session.rollback()
    session.close()


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is the documented error shape with this status and code."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


def _login(api: Api, email: str, password: str, **extra: Any) -> Any:
    return api.client.post(
        "/api/v1/auth/token", json={"email": email, "password": password, **extra}
    )


@pytest.fixture
def member(api: Api) -> AthleteOut:
    """An athlete with a password."""
    out = make_athlete(api.ctx)
    accounts.set_password(api.ctx, api.account_id(out), PASSWORD)
    api.ctx.session.commit()
    return out


def test_login_issues_a_token_that_works(api: Api, member: AthleteOut) -> None:
    response = _login(api, member.email.upper(), PASSWORD, name="phone")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["scope"] == "write"
    assert body["name"] == "phone"
    assert body["prefix"] == body["token"][:8]
    listed = api.client.get(
        "/api/v1/athletes", headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == [member.id]


def test_tokens_are_stored_as_hashes_and_record_their_use(api: Api, member: AthleteOut) -> None:
    secret = _login(api, member.email, PASSWORD, scope="read").json()["token"]
    api.client.get("/api/v1/athletes", headers={"Authorization": f"Bearer {secret}"})
    api.ctx.session.rollback()
    row = api.ctx.session.execute(select(ApiToken)).scalar_one()
    assert row.token_hash == accounts.hash_token(secret) != secret
    assert secret not in (row.token_hash, row.prefix, row.name)
    assert row.scope == TokenScope.read
    assert row.created_at == api.clock.now()
    assert row.last_used_at == api.clock.now()
    assert row.revoked_at is None
    # Use is recorded at most once a minute, so that reads do not write on every request.
    first = api.clock.now()
    for seconds, expected in ((30, first), (61, first + timedelta(seconds=61))):
        api.clock.set(first + timedelta(seconds=seconds))
        api.client.get("/api/v1/athletes", headers={"Authorization": f"Bearer {secret}"})
        api.ctx.session.rollback()
        assert api.ctx.session.execute(select(ApiToken)).scalar_one().last_used_at == expected


def test_wrong_password_and_unknown_email_are_the_same_401(api: Api, member: AthleteOut) -> None:
    wrong = assert_error(_login(api, member.email, "not the password"), 401, "unauthenticated")
    unknown = assert_error(_login(api, "nobody@example.org", PASSWORD), 401, "unauthenticated")
    assert wrong["message"] == unknown["message"] == "wrong e-mail or password"


def test_an_account_without_a_password_cannot_log_in(api: Api) -> None:
    out = make_athlete(api.ctx)
    api.ctx.session.commit()
    assert_error(_login(api, out.email, PASSWORD), 401, "unauthenticated")


def test_a_bad_login_body_is_422_in_the_error_shape(api: Api) -> None:
    error = assert_error(
        api.client.post("/api/v1/auth/token", json={"email": "a@b.c"}), 422, "invalid_input"
    )
    assert "password" in error["message"]


def test_password_rules(api: Api, member: AthleteOut) -> None:
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        accounts.set_password(api.ctx, api.account_id(member), "short")
    other = make_athlete(api.ctx)
    as_member = ServiceContext(
        api.ctx.session, Subject(api.account_id(member), Role.athlete), api.clock
    )
    with pytest.raises(PermissionDenied):
        accounts.set_password(as_member, api.account_id(other), PASSWORD)
    accounts.set_password(as_member, api.account_id(member), "a new long password")
    stored = athlete_repo.get_account(api.ctx.session, api.account_id(member))
    assert stored is not None
    assert stored.password_hash is not None
    assert stored.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "bearer  "],
)
def test_missing_or_invalid_token_is_401_with_a_challenge(api: Api, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = api.client.get("/api/v1/athletes", headers=headers)
    assert_error(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_login_failures_are_rate_limited_per_email(api: Api, member: AthleteOut) -> None:
    started = time.monotonic()
    for _ in range(5):
        assert_error(_login(api, member.email, "wrong password!"), 401, "unauthenticated")
    limited = _login(api, member.email, PASSWORD)
    error = assert_error(limited, 429, "rate_limited")
    # The first failure leaves the 15-minute window 15 minutes after it happened.
    elapsed = time.monotonic() - started
    assert 15 * 60 - elapsed - 1 <= int(limited.headers["Retry-After"]) <= 15 * 60
    assert error["details"]["retry_after_s"] == int(limited.headers["Retry-After"])


def test_the_login_limit_recovers_after_its_window() -> None:
    limiter = LoginLimiter(MemoryStorage(), max_failures=2, window_s=1)
    limiter.fail("email:x")
    limiter.check("email:x")
    limiter.fail("email:x")
    with pytest.raises(TooManyRequests) as refused:
        limiter.check("email:x")
    assert refused.value.details["retry_after_s"] == 1
    time.sleep(1.05)
    limiter.check("email:x")


def test_login_failures_are_rate_limited_per_client_address(api: Api, member: AthleteOut) -> None:
    for n in range(5):
        assert_error(
            _login(api, f"guess{n}@example.org", "wrong password!"), 401, "unauthenticated"
        )
    # Another e-mail from the same address is refused too, even with the right password.
    assert_error(_login(api, member.email, PASSWORD), 429, "rate_limited")


def test_a_successful_login_clears_the_email_failures() -> None:
    limiter = LoginLimiter(MemoryStorage())
    keys = ("email:x", "ip:1")
    for _ in range(4):
        limiter.fail(*keys)
    limiter.succeed("email:x")
    limiter.fail(*keys)
    limiter.check("email:x")
    with pytest.raises(TooManyRequests, match="too many"):
        limiter.check("ip:1")


def test_a_revoked_token_is_refused(api: Api, member: AthleteOut) -> None:
    issued = accounts.create_token(api.ctx, api.account_id(member), scope=TokenScope.read)
    api.ctx.session.commit()
    headers = {"Authorization": f"Bearer {issued.secret}"}
    assert api.client.get("/api/v1/athletes", headers=headers).status_code == 200
    accounts.revoke_token(api.ctx, issued.info.id)
    api.ctx.session.commit()
    response = api.client.get("/api/v1/athletes", headers=headers)
    error = assert_error(response, 401, "unauthenticated")
    assert "revoked" in error["message"]
    assert "WWW-Authenticate" in response.headers


def test_a_read_token_reads_but_cannot_write(api: Api, member: AthleteOut) -> None:
    read = api.headers(api.account_id(member), TokenScope.read)
    base = f"/api/v1/athletes/{member.id}"
    assert api.client.get(f"{base}/meals", headers=read).status_code == 200
    meal = {"eaten_at": "2026-11-18T12:00:00Z", "calories_kcal": 600}
    assert_error(
        api.client.post(f"{base}/meals", json=meal, headers=read), 403, "permission_denied"
    )
    assert_error(
        api.client.patch(base, json={"days_per_week": 2}, headers=read), 403, "permission_denied"
    )
    assert_error(api.client.delete(base, headers=read), 403, "permission_denied")
    assert api.client.get(f"{base}/meals", headers=read).json()["items"] == []


def test_only_an_admin_creates_tokens_for_accounts(api: Api, member: AthleteOut) -> None:
    as_member = ServiceContext(
        api.ctx.session, Subject(api.account_id(member), Role.athlete), api.clock
    )
    with pytest.raises(PermissionDenied):
        accounts.create_token(as_member, api.account_id(member))


def test_the_migrations_match_the_models(database: Any) -> None:
    migrate.check(database.url)


def test_token_commands(cli_db: Any) -> None:
    runner = CliRunner()
    made = runner.invoke(athlete_cli.app, ["create", "--name", "Ana", "--email", "ana@example.org"])
    assert made.exit_code == 0, made.output
    created = runner.invoke(
        token_cli.app, ["create", "-a", "ana@example.org", "--scope", "write", "--json"]
    )
    assert created.exit_code == 0, created.output
    assert '"scope": "write"' in created.output
    listed = runner.invoke(token_cli.app, ["list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert "ana@example.org" in listed.output
    assert '"kind": "api"' in listed.output
    token_line = next(line for line in created.output.splitlines() if '"token"' in line)
    secret = token_line.split('"')[3]
    assert secret not in listed.output
    revoked = runner.invoke(token_cli.app, ["revoke", "1"])
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in revoked.output
    missing = runner.invoke(token_cli.app, ["revoke", "99"])
    assert missing.exit_code == 2
    assert "not found" in missing.output
    short = runner.invoke(
        token_cli.app, ["set-password", "-a", "ana@example.org"], input="short\nshort\n"
    )
    assert short.exit_code == 2
    ok = runner.invoke(
        token_cli.app,
        ["set-password", "-a", "1"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert ok.exit_code == 0, ok.output


def test_token_use_is_stamped_outside_the_request_and_once(api: Api, member: AthleteOut) -> None:
    secret = _login(api, member.email, PASSWORD, scope="read").json()["token"]
    token_id = api.ctx.session.execute(select(ApiToken.id)).scalar_one()
    later = api.clock.now() + timedelta(minutes=5)
    api.clock.set(later)
    # A request that fails (404, its transaction rolled back) still counts as a use: the
    # stamp is written in a transaction of its own after the response.
    missing = api.client.get(
        "/api/v1/athletes/999999", headers={"Authorization": f"Bearer {secret}"}
    )
    assert missing.status_code == 404
    api.ctx.session.rollback()
    assert api.ctx.session.get(ApiToken, token_id).last_used_at == later  # type: ignore[union-attr]
    # The stamp is conditional: of two requests that both found the use due, one writes.
    api.ctx.session.rollback()
    again = later + timedelta(minutes=2)
    assert accounts.record_token_use(api.ctx.session, token_id, again) is True
    assert accounts.record_token_use(api.ctx.session, token_id, again) is False
    api.ctx.session.rollback()
