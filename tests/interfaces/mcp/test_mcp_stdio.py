"""``fitcoach mcp stdio`` as an MCP host runs it: a subprocess driven by the SDK's stdio client.

The token comes from FITCOACH_MCP_TOKEN (or ``--token``); the database from the environment,
as the host's config would set it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from tests.interfaces.mcp.conftest import (
    A_RESTING_HR,
    B_RESTING_HR,
    DAYS,
    World,
    payload,
    text_of,
    workouts_of,
)
from typer.testing import CliRunner

from fitcoach.assistant.tools import default_registry
from fitcoach.cli import app
from fitcoach.core.settings import get_settings

CLI = "from fitcoach.cli import app; app()"
METRICS = {"metric": "resting_hr", "start": DAYS[0].isoformat(), "end": DAYS[-1].isoformat()}
SQUATS = {"groups": [{"exercise": "back squat", "sets": 3, "reps": 8, "weight_kg": 100, "rir": 2}]}


def _env(world: World, tmp_path: Path, token: str | None) -> dict[str, str]:
    env = {
        "FITCOACH_DATABASE_URL": world.database.url,
        "FITCOACH_DATA_DIR": str(tmp_path / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
    }
    if token is not None:
        env["FITCOACH_MCP_TOKEN"] = token
    return env


def _call(world: World, tmp_path: Path, token: str, *calls: tuple[str, dict[str, Any]]) -> Any:
    """List the tools, then make ``calls`` in one stdio session."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-c", CLI, "mcp", "stdio"],
        env=_env(world, tmp_path, token),
        cwd=tmp_path,
    )

    async def main() -> tuple[Any, list[Any]]:
        async with Client(params, cache=None, read_timeout_seconds=60) as client:
            listed = await client.list_tools()
            return listed, [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(main)


# The transport is what this tests; both databases run through the HTTP transport's tests,
# and each spawned server costs seconds of start-up.
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_stdio_serves_the_tokens_athlete_and_writes(world: World, tmp_path: Path) -> None:
    listed, (metrics, logged) = _call(
        world, tmp_path, world.a_write, ("get_metrics", METRICS), ("log_sets", SQUATS)
    )
    assert [t.name for t in listed.tools] == default_registry().names
    assert not metrics.is_error, text_of(metrics)
    shown = str(payload(metrics))
    for value in A_RESTING_HR:
        assert f"{value:g}" in shown
    for value in B_RESTING_HR:
        assert f"{value:g}" not in shown
    assert not logged.is_error, text_of(logged)
    stored = workouts_of(world.database, world.a)
    assert len(stored) == 1
    assert [(s["reps"], s["weight_kg"]) for s in stored[0]["sets"]] == [(8, 100.0)] * 3
    assert workouts_of(world.database, world.b) == []


# The transport is what this tests; both databases run through the HTTP transport's tests,
# and each spawned server costs seconds of start-up.
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_stdio_read_only_token_cannot_write(world: World, tmp_path: Path) -> None:
    _listed, (metrics, logged) = _call(
        world, tmp_path, world.a_read, ("get_metrics", METRICS), ("log_sets", SQUATS)
    )
    assert not metrics.is_error
    assert logged.is_error
    assert "read-only" in text_of(logged)
    assert workouts_of(world.database, world.a) == []


@pytest.fixture
def cli_env(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The command line in this process, on the test database."""
    for key, value in _env(world, tmp_path, None).items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("FITCOACH_MCP_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("env", "token is not valid"),
        ("option", "token is not valid"),
        ("coach", "athlete account"),
        ("none", "FITCOACH_MCP_TOKEN"),
    ],
)
@pytest.mark.usefixtures("cli_env")
def test_stdio_refuses_a_bad_token_before_serving(world: World, how: str, expected: str) -> None:
    args = ["mcp", "stdio"]
    env: dict[str, str] = {}
    if how == "env":
        env["FITCOACH_MCP_TOKEN"] = "not-a-token"
    elif how == "option":
        args += ["--token", "not-a-token"]
    elif how == "coach":
        env["FITCOACH_MCP_TOKEN"] = world.coach
    result = CliRunner().invoke(app, args, env={**env, "COLUMNS": "200"})
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert expected in " ".join(result.stderr.split())
    assert result.stdout == ""  # stdout is the protocol channel: nothing else goes there
    assert "Traceback" not in result.output
