"""The MCP server over streamable HTTP, driven by the SDK's own client against uvicorn.

Every request carries an athlete's API token; the server acts for that athlete alone, a
read-only token cannot write, and a missing, wrong or revoked token gets nowhere.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import anyio
import httpx
import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from tests.interfaces.mcp.conftest import (
    A_RESTING_HR,
    B_RESTING_HR,
    DAYS,
    World,
    payload,
    plan_version,
    text_of,
    workouts_of,
)

from fitcoach.assistant.tools import default_registry
from fitcoach.core.clock import FixedClock
from fitcoach.interfaces.mcp.http import create_app
from fitcoach.services import accounts, health
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work

METRICS = {"metric": "resting_hr", "start": DAYS[0].isoformat(), "end": DAYS[-1].isoformat()}


@contextmanager
def serving(world: World, clock: FixedClock) -> Iterator[str]:
    """The MCP app over the test database on a free port; yields the endpoint's URL."""
    app = create_app(world.database.factory, clock=clock)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the MCP HTTP server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def endpoint(world: World, clock: FixedClock) -> Iterator[str]:
    with serving(world, clock) as url:
        yield url


def session(url: str, token: str | None, mode: str = "auto") -> Client:
    """The SDK client sending ``token`` as a bearer token on every request."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http_client = httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=60))
    return Client(streamable_http_client(url, http_client=http_client), mode=mode, cache=None)


def run(
    url: str, token: str | None, body: Callable[[Client], Awaitable[Any]], mode: str = "auto"
) -> Any:
    async def main() -> Any:
        async with session(url, token, mode) as client:
            return await body(client)

    return anyio.run(main)


def property_names(schema: Any) -> set[str]:
    """Every property name anywhere in a JSON schema (nested objects and unions too)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        found |= set(schema.get("properties", {}))
        for value in schema.values():
            found |= property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            found |= property_names(item)
    return found


@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_lists_every_tool_with_its_schema_and_no_athlete_argument(
    world: World, endpoint: str, mode: str
) -> None:
    listed = run(endpoint, world.a_write, lambda c: c.list_tools(), mode)
    registry = default_registry()
    assert [t.name for t in listed.tools] == [t.name for t in registry.tools()]
    by_name = {t.name: t for t in listed.tools}
    # The athlete acts through MCP, so their own approval tools are there too.
    assert {"approve_plan_change", "reject_plan_change"} <= set(by_name)
    for tool in registry.tools():
        shown = by_name[tool.name]
        assert shown.input_schema == tool.parameters
        assert shown.input_schema["type"] == "object"
        assert shown.annotations is not None
        assert shown.annotations.read_only_hint is (not tool.writes)
        names = property_names(shown.input_schema)
        assert not {n for n in names if "athlete" in n or "user" in n or "account" in n}


def test_reads_the_token_athletes_metrics_and_plan(world: World, endpoint: str) -> None:
    async def body(client: Client) -> tuple[Any, Any]:
        return (
            await client.call_tool("get_metrics", METRICS),
            await client.call_tool("get_plan", {}),
        )

    metrics, plan = run(endpoint, world.a_write, body)
    assert not metrics.is_error, text_of(metrics)
    data = payload(metrics)
    assert data["ok"] is True
    shown = str(data)
    for value in A_RESTING_HR:
        assert f"{value:g}" in shown
    assert f"{sum(A_RESTING_HR) / 3:g}" in data["summary"]
    assert not plan.is_error, text_of(plan)
    assert payload(plan)["data"]["version"] == plan_version(world.database, world.a)


def test_another_athletes_token_never_sees_these_numbers(world: World, endpoint: str) -> None:
    async def body(client: Client) -> Any:
        return await client.call_tool("get_metrics", {**METRICS, "athlete_id": world.a})

    smuggled = run(endpoint, world.b_write, body)
    assert smuggled.is_error
    assert "signed-in athlete" in text_of(smuggled)

    async def own(client: Client) -> Any:
        return await client.call_tool("get_metrics", METRICS)

    data = payload(run(endpoint, world.b_write, own))
    shown = str(data)
    for value in B_RESTING_HR:
        assert f"{value:g}" in shown
    for value in A_RESTING_HR:
        assert f"{value:g}" not in shown
    # B has no plan: A's plan is not found through B's token.
    plan = run(endpoint, world.b_write, lambda c: c.call_tool("get_plan", {}))
    assert plan.is_error
    assert "plan" in text_of(plan)


def test_log_sets_writes_the_workout(world: World, endpoint: str) -> None:
    before = len(workouts_of(world.database, world.a))
    args = {
        "groups": [{"exercise": "back squat", "sets": 3, "reps": 8, "weight_kg": 100, "rir": 2}]
    }
    result = run(endpoint, world.a_write, lambda c: c.call_tool("log_sets", args))
    assert not result.is_error, text_of(result)
    stored = workouts_of(world.database, world.a)
    assert len(stored) == before + 1
    sets = stored[-1]["sets"]
    assert [(s["reps"], s["weight_kg"], s["rir"]) for s in sets] == [(8, 100.0, 2.0)] * 3
    assert payload(result)["data"]["workout_id"] == stored[-1]["id"]
    assert workouts_of(world.database, world.b) == []


def test_plan_edit_is_proposed_then_approved_by_the_athlete(world: World, endpoint: str) -> None:
    active = plan_version(world.database, world.a)

    async def body(client: Client) -> tuple[Any, Any, int, Any]:
        proposed = await client.call_tool(
            "propose_plan_edit", {"operation": {"op": "set_session_minutes", "minutes": 45}}
        )
        version = payload(proposed)["proposed_version"]
        pending = await client.read_resource("fitcoach://plan/current")
        in_force = await anyio.to_thread.run_sync(plan_version, world.database, world.a)
        approved = await client.call_tool("approve_plan_change", {"version": version})
        return proposed, pending, in_force, approved

    proposed, pending, in_force, approved = run(endpoint, world.a_write, body)
    assert not proposed.is_error, text_of(proposed)
    version = payload(proposed)["proposed_version"]
    assert version > active
    # Proposing changes nothing until the athlete approves; the plan resource shows it waiting.
    assert in_force == active
    plan = json.loads(pending.contents[0].text)
    assert plan["data"]["version"] == active
    assert plan["data"]["proposed_versions"] == [version]
    assert not approved.is_error, text_of(approved)
    assert payload(approved)["data"]["version"] == version
    assert plan_version(world.database, world.a) == version


def test_resources_are_the_athletes_own_views(world: World, endpoint: str) -> None:
    async def body(client: Client) -> tuple[Any, Any]:
        return await client.list_resources(), await client.read_resource("fitcoach://today")

    listed, today = run(endpoint, world.a_write, body)
    assert {r.uri for r in listed.resources} == {
        "fitcoach://plan/current",
        "fitcoach://today",
        "fitcoach://readiness",
    }
    shown = json.loads(today.contents[0].text)
    assert shown["ok"] is True
    assert shown["data"]["version"] == plan_version(world.database, world.a)
    refused(endpoint, world.a_write, lambda c: c.read_resource("fitcoach://nothing"))


def test_prompts_ask_for_tools_the_server_has(world: World, endpoint: str) -> None:
    async def body(client: Client) -> tuple[Any, list[Any]]:
        listed = await client.list_prompts()
        return listed, [await client.get_prompt(p.name) for p in listed.prompts]

    listed, prompts = run(endpoint, world.a_write, body)
    assert {p.name for p in listed.prompts} == {"morning_check_in", "weekly_review"}
    names = set(default_registry().names)
    for prompt in prompts:
        text = prompt.messages[0].content.text
        asked = set(re.findall(r"\b(get_[a-z_]+)", text))
        assert asked, text
        assert asked <= names
    refused(endpoint, world.a_write, lambda c: c.get_prompt("nothing"))


def test_read_only_token_reads_but_cannot_write(world: World, endpoint: str) -> None:
    async def body(client: Client) -> tuple[Any, Any]:
        return (
            await client.call_tool("get_metrics", METRICS),
            await client.call_tool(
                "log_sets", {"groups": [{"exercise": "back squat", "reps": 5, "weight_kg": 80}]}
            ),
        )

    read, write = run(endpoint, world.a_read, body)
    assert not read.is_error
    assert write.is_error
    assert "read-only" in text_of(write)
    assert "--scope write" in text_of(write)
    assert workouts_of(world.database, world.a) == []


def test_bad_arguments_come_back_as_a_readable_tool_error(world: World, endpoint: str) -> None:
    async def body(client: Client) -> tuple[Any, Any]:
        return (
            await client.call_tool(
                "log_sets", {"groups": [{"exercise": "back squat", "reps": -3}]}
            ),
            await client.call_tool("no_such_tool", {}),
        )

    bad, unknown = run(endpoint, world.a_write, body)
    assert bad.is_error
    assert "reps" in text_of(bad)
    assert "greater than or equal to 0" in text_of(bad)
    assert unknown.is_error
    assert "unknown tool" in text_of(unknown)
    assert workouts_of(world.database, world.a) == []


def post(url: str, token: str | None) -> httpx.Response:
    """A bare ``tools/list`` request, to read the HTTP answer the SDK client hides."""
    headers = {"Accept": "application/json, text/event-stream"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    return httpx.post(url, json=body, headers=headers, timeout=10)


def leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in leaves(inner)]
    return [exc]


def refused(url: str, token: str | None, body: Callable[[Client], Awaitable[Any]]) -> None:
    """The SDK client gets an error, not an answer."""
    with pytest.raises(BaseException) as failed:  # noqa: PT011 - the SDK nests it in groups
        run(url, token, body)
    assert any(isinstance(e, MCPError) for e in leaves(failed.value)), failed.value


@pytest.mark.parametrize(
    ("token", "reason"), [(None, "no API token was sent"), ("not-a-token", "not valid")]
)
def test_no_or_bad_token_is_401(
    world: World, endpoint: str, token: str | None, reason: str
) -> None:
    response = post(endpoint, token)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Bearer realm="fitcoach"')
    described = response.json()["error_description"]
    assert reason in described
    assert "fitcoach token create" in described
    refused(endpoint, token, lambda c: c.list_tools())


def test_coach_token_is_refused_with_the_reason(world: World, endpoint: str) -> None:
    response = post(endpoint, world.coach)
    assert response.status_code == 403
    assert "athlete account" in response.json()["error_description"]
    refused(endpoint, world.coach, lambda c: c.list_tools())


def test_revoked_token_stops_working_inside_an_open_session(world: World, endpoint: str) -> None:
    def revoke() -> None:
        with unit_of_work(world.database.factory) as s:
            ctx = ServiceContext(session=s, subject=Subject.system())
            token = next(t for t in accounts.list_tokens(ctx) if world.a_write.startswith(t.prefix))
            accounts.revoke_token(ctx, token.id)

    async def body(client: Client) -> Any:
        first = await client.call_tool("get_metrics", METRICS)
        assert not first.is_error
        await anyio.to_thread.run_sync(revoke)
        return await client.call_tool("get_metrics", METRICS)

    refused(endpoint, world.a_write, body)
    response = post(endpoint, world.a_write)
    assert response.status_code == 401
    assert "revoked" in response.json()["error_description"]


def test_reported_symptoms_open_a_flag_and_pause_the_plan(world: World, endpoint: str) -> None:
    async def body(client: Client) -> tuple[Any, Any, Any]:
        reported = await client.call_tool(
            "report_symptoms", {"text": "I felt a pop in my knee and it swelled up straight away"}
        )
        again = await client.call_tool("report_symptoms", {"text": "knee popped, swollen"})
        plan = await client.call_tool("get_plan", {})
        return reported, again, plan

    reported, again, plan = run(endpoint, world.a_write, body)
    assert not reported.is_error, text_of(reported)
    data = payload(reported)["data"]
    assert (data["red_flags"], data["opened"]) == (["acute_injury"], 1)
    assert payload(again)["data"]["opened"] == 0  # once while it is open
    blocked = payload(plan)["data"]
    assert (blocked["status"], blocked["sessions"]) == ("blocked", [])
    assert blocked["escalation"] == data["escalation"]
    with unit_of_work(world.database.factory) as s:
        ctx = ServiceContext(session=s, subject=Subject.system())
        assert [f.kind for f in health.open_flags(ctx, world.a)] == ["acute_injury"]
        assert health.open_flags(ctx, world.b) == []
    # A read-only token cannot open one (it writes).
    refused = run(endpoint, world.a_read, lambda c: c.call_tool("report_symptoms", {"text": "x"}))
    assert refused.is_error
