"""Limits at the edge of the app: shared sign-in limits, trusted proxies, body size, headers.

The shared-limit test runs against the real Redis (``FITCOACH_TEST_REDIS_URL``, default
127.0.0.1:6379): two app instances, as two server processes would be, count one client's
failures together.
"""

from __future__ import annotations

import gc
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis
import uvicorn
from fastapi.testclient import TestClient
from tests.conftest import NOW
from tests.fixtures.tables import row_counts
from tests.interfaces.test_api_auth import Api, api_for, assert_error
from tests.web.conftest import free_port

from fitcoach.cli import serve as serve_cli
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import Settings, get_settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.api.auth import TrustedProxies

MIB = 1024 * 1024


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _settings(database: Any, **values: Any) -> Settings:
    return Settings(database_url=database.url, _env_file=None, **values)  # type: ignore[call-arg]


def _fail_login(client: TestClient, email: str, **headers: str) -> httpx.Response:
    return client.post(
        "/api/v1/auth/token",
        json={"email": email, "password": "wrong password!"},
        headers=headers,
    )


# --------------------------------------------------------------------------- sign-in limits


def test_two_app_instances_share_the_sign_in_limit_through_redis(
    database: Any, redis_url: str
) -> None:
    prefix = f"fitcoach-test-{uuid.uuid4().hex[:12]}"
    settings = _settings(database, rate_limit_storage_uri=redis_url, rate_limit_key_prefix=prefix)
    first, second = create_app(settings), create_app(settings)
    try:
        with TestClient(first) as a, TestClient(second) as b:
            for n in range(5):
                client = a if n % 2 else b
                assert _fail_login(client, f"guess{n}@example.org").status_code == 401
            # Five failures from this address, counted across both processes.
            for client in (a, b):
                limited = _fail_login(client, "another@example.org")
                assert_error(limited, 429, "rate_limited")
                assert int(limited.headers["Retry-After"]) > 0
    finally:
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(f"{prefix}:*"))
        assert keys  # the counts were in Redis, under keyed hashes (no e-mail addresses)
        assert not [k for k in keys if b"example.org" in k or b"testclient" in k]
        client.delete(*keys)
        client.close()


def test_the_redis_url_is_the_default_rate_limit_storage() -> None:
    settings = Settings(_env_file=None, redis_url="redis://example:6379/2")  # type: ignore[call-arg]
    assert settings.rate_limit_storage == "redis://example:6379/2"
    assert Settings(_env_file=None).rate_limit_storage == "memory://"  # type: ignore[call-arg]


def test_an_unreachable_limit_storage_refuses_sign_in(database: Any) -> None:
    app = create_app(_settings(database, rate_limit_storage_uri="redis://127.0.0.1:1/0"))
    with TestClient(app) as client:
        assert_error(_fail_login(client, "x@example.org"), 503, "service_unavailable")


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(database: Any) -> None:
    app = create_app(_settings(database, trusted_proxies="10.0.0.0/8"))
    with (
        TestClient(app, client=("203.0.113.9", 4000)) as direct,
        TestClient(app, client=("10.1.2.3", 4000)) as proxy,
    ):
        # A client forging the header still counts as its own address.
        for n in range(5):
            forged = {"X-Forwarded-For": f"198.51.100.{n}"}
            assert _fail_login(direct, f"g{n}@example.org", **forged).status_code == 401
        assert_error(_fail_login(direct, "h@example.org"), 429, "rate_limited")
        # Behind the trusted proxy each client has its own count: the right-most address the
        # proxy appended, whatever the client wrote before it.
        for n in range(5):
            hops = {"X-Forwarded-For": f"198.51.100.{n}, 192.0.2.7"}
            assert _fail_login(proxy, f"p{n}@example.org", **hops).status_code == 401
        same = {"X-Forwarded-For": "192.0.2.7"}
        assert_error(_fail_login(proxy, "q@example.org", **same), 429, "rate_limited")
        other = {"X-Forwarded-For": "192.0.2.8"}
        assert _fail_login(proxy, "r@example.org", **other).status_code == 401


def test_strangers_failing_on_an_account_do_not_lock_its_owner_out(database: Any) -> None:
    """Five wrong passwords from five addresses locked the account's owner out from a new
    address for 15 minutes. Now each address is limited on its own; an account that many
    addresses fail on is only paced (one password check per few seconds): the owner, from a
    new address, gets in with the right password, while a guesser from yet another address
    after a refusal waits seconds, not the window."""
    from tests.factories import make_athlete

    from fitcoach.services import accounts
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject

    settings = _settings(database, trusted_proxies="10.0.0.0/8", login_account_slowdown_after=5)
    app = create_app(settings)
    with TestClient(app, client=("10.1.2.3", 4000)) as proxy, database.factory() as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        owner = make_athlete(ctx)
        accounts.set_password(ctx, accounts_id(ctx, owner.email), "the owner's password")
        session.commit()
        for n in range(5):
            stranger = {"X-Forwarded-For": f"198.51.100.{n}"}
            assert _fail_login(proxy, owner.email, **stranger).status_code == 401
        # The owner, from a new address, with the right password: in.
        mine = {"X-Forwarded-For": "192.0.2.50"}
        signed_in = proxy.post(
            "/api/v1/auth/token",
            json={"email": owner.email, "password": "the owner's password"},
            headers=mine,
        )
        assert signed_in.status_code == 201, signed_in.text
        # Strangers go on: the account is paced, never locked for the window.
        for n in range(5, 10):
            stranger = {"X-Forwarded-For": f"198.51.100.{n}"}
            assert _fail_login(proxy, owner.email, **stranger).status_code == 401
        paced = _fail_login(proxy, owner.email, **{"X-Forwarded-For": "198.51.100.77"})
        error = assert_error(paced, 429, "rate_limited")
        assert 1 <= int(paced.headers["Retry-After"]) <= settings.login_account_interval_s
        assert error["details"]["retry_after_s"] <= settings.login_account_interval_s


def accounts_id(ctx: Any, email: str) -> int:
    from fitcoach.storage.repositories import athletes as athlete_repo

    account = athlete_repo.account_by_email(ctx.session, email)
    assert account is not None
    return account.id


def test_trusted_proxies_pick_the_address_the_last_proxy_saw() -> None:
    proxies = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8")
    assert proxies.client("127.0.0.1", ["1.2.3.4, 10.0.0.5"]) == "1.2.3.4"
    assert proxies.client("127.0.0.1", ["evil, 5.6.7.8"]) == "5.6.7.8"
    assert proxies.client("127.0.0.1", []) == "127.0.0.1"
    assert proxies.client("8.8.8.8", ["1.2.3.4"]) == "8.8.8.8"
    assert TrustedProxies.parse("").client("127.0.0.1", ["1.2.3.4"]) == "127.0.0.1"
    with pytest.raises(ValueError, match="not an address"):
        Settings(_env_file=None, trusted_proxies="localhost")  # type: ignore[call-arg]


def test_fitcoach_serve_ignores_a_forged_forwarded_for_from_localhost(
    cli_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server as ``fitcoach serve`` starts it: a client on this host (127.0.0.1, which
    uvicorn trusts by default) cannot pick a fresh address for each attempt."""
    started: dict[str, Any] = {}

    def run(app: Any, **options: Any) -> None:
        started.update(app=app, options=options)

    monkeypatch.setattr(uvicorn, "run", run)
    port = free_port()
    serve_cli.serve(
        host="127.0.0.1", port=port, simulate=False, athlete="demo@fitcoach.local", workers=1
    )
    get_settings.cache_clear()
    config = uvicorn.Config(started["app"], **{**started["options"], "log_level": "warning"})
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="serve-test", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive(), "the server stopped"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/api/v1/auth/token"
        with httpx.Client() as client:
            answers = [
                client.post(
                    url,
                    json={"email": f"g{n}@example.org", "password": "wrong password!"},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"},
                ).status_code
                for n in range(6)
            ]
        assert answers == [401] * 5 + [429]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        # The server app froze this test process's objects (gc.freeze): give them back to the
        # collector once its deferred loading is done, or later garbage among them would stay.
        for other in threading.enumerate():
            if other.name == "fitcoach-load-deferred":
                other.join(timeout=60)
        gc.unfreeze()


# --------------------------------------------------------------------------- body size


def test_a_body_over_the_limit_is_413_in_the_error_shape(api: Api) -> None:
    athlete, headers = api.athlete()
    before = row_counts(api.ctx.session)
    big = b'{"eaten_at": "2026-11-20T12:00:00Z", "description": "' + b"x" * (2 * MIB) + b'"}'
    response = api.client.post(
        f"/api/v1/athletes/{athlete.id}/meals",
        content=big,
        headers={**headers, "Content-Type": "application/json"},
    )
    error = assert_error(response, 413, "payload_too_large")
    assert error["details"]["max_bytes"] == MIB
    assert response.headers["x-frame-options"] == "DENY"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it is read
        yield big[: MIB // 2]
        yield big[MIB // 2 :]

    streamed = api.client.post(
        f"/api/v1/athletes/{athlete.id}/meals",
        content=chunks(),
        headers={**headers, "Content-Type": "application/json"},
    )
    assert "content-length" not in streamed.request.headers
    error = assert_error(streamed, 413, "payload_too_large")
    assert error["details"]["max_bytes"] == MIB
    api.ctx.session.rollback()
    assert row_counts(api.ctx.session) == before


def test_an_import_may_be_larger(api: Api) -> None:
    athlete, headers = api.athlete()
    document = {"format": "fitcoach-export", "padding": "x" * (2 * MIB)}
    response = api.client.post(
        f"/api/v1/athletes/{athlete.id}/import", json=document, headers=headers
    )
    assert response.status_code != 413
    assert response.status_code < 500, response.text


def test_a_web_form_over_the_limit_is_413(api: Api) -> None:
    athlete, _headers = api.athlete()
    response = api.client.post(
        f"/athletes/{athlete.id}/checkin", data={"notes": "x" * (2 * MIB)}, follow_redirects=False
    )
    assert response.status_code == 413


# --------------------------------------------------------------------------- headers


def test_api_answers_carry_the_security_headers(api: Api) -> None:
    athlete, headers = api.athlete()
    for response in (
        api.client.get("/health"),
        api.client.get(f"/api/v1/athletes/{athlete.id}", headers=headers),
        api.client.get("/api/v1/athletes"),  # 401
    ):
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    # The interactive docs load Swagger UI from its CDN; only they may.
    docs = api.client.get("/docs")
    assert "https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    assert "cdn.jsdelivr.net" not in api.client.get("/health").headers["content-security-policy"]
