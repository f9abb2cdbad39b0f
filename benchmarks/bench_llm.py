"""The assistant's own overhead around a language-model call.

Setup (not timed): a migrated SQLite database with the exercise library, one athlete with three
resting-HR readings, and the fake OpenAI-compatible server of the tests (``tests/assistant/llm/
fake_servers.py``) on 127.0.0.1, answering with recorded chat-completions responses.

Two paths, each timed call by call, interleaved with its baseline:

- **direct answer**: ``Assistant.reply`` for a message the model answers without tools (one
  HTTP call). The assistant adds the guardrails screen, the prompt, the athlete's local date,
  a savepoint, the numbers check and the logs (rendered, written to /dev/null).
- **tool round trip**: "what was my resting HR last week?": the model calls ``get_metrics``,
  the tool reads the database, the model answers with its numbers (two HTTP calls).

Baseline, measured in the same run against the same server: the bare ``openai`` client
sending exactly the request bodies the assistant sent (recorded by the server on a first run),
so the HTTP and JSON work is the same and the difference is the assistant's own work (for the
round trip, that includes running the tool). Ratio = assistant / bare client; figures are
p50 and p95 in milliseconds per reply.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openai
import structlog
from benchmarks.common import BenchArgs, BenchmarkError, Result, latency_results
from tests.assistant.llm.fake_servers import FakeServer, Response, recorded
from tests.conftest import NOW

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.llm.openai_compat import OpenAICompatProvider
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.services import athletes, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.repositories import athletes as athlete_repo

NAME = "llm"
DEFAULT_REPEAT = 200
QUICK_REPEAT = 30
WARMUP = 5
TIMEOUT_S = 10.0
QUESTION = "what was my resting HR last week?"
GREETING = "hi coach, what can you do?"


def _athlete(directory: Path) -> tuple[Any, int, int]:
    url = f"sqlite:///{directory / 'llm.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with unit_of_work(factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        load_library(ctx)
        out = athletes.create_athlete(
            ctx,
            {
                "name": "Bench",
                "email": "bench-llm@example.org",
                "profile": {"birth_date": "1990-03-03", "sex": "female", "weight_kg": 64},
            },
        )
        for day, bpm in (("2026-11-13", 50), ("2026-11-16", 52), ("2026-11-19", 54)):
            training_log.log_daily(ctx, out.id, {"day": day, "resting_hr": bpm})
        account = athlete_repo.account_by_email(session, out.email)
        if account is None:
            raise BenchmarkError("the bench athlete has no account")
        account_id = account.id
    return factory, out.id, account_id


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main(args: BenchArgs) -> list[Result]:
    times = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    saved = structlog.get_config()
    devnull = open(os.devnull, "w")  # noqa: SIM115  (closed in finally)
    # Logs are rendered as in production (their cost is part of the overhead), but not shown.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(devnull))
    try:
        with (
            tempfile.TemporaryDirectory(prefix="fitcoach-bench-llm-") as tmp,
            FakeServer("openai") as server,
        ):
            args.progress("llm: database and fake server")
            factory, athlete_id, account_id = _athlete(Path(tmp))
            bare = openai.OpenAI(api_key="sk-bench", base_url=server.url, max_retries=0)
            provider = OpenAICompatProvider(
                model="gpt-4o-mini", base_url=server.url, api_key="sk-bench", max_retries=0
            )
            coach = Assistant([provider], default_registry(), timeout_s=TIMEOUT_S)
            with unit_of_work(factory) as session:
                subject = Subject(account_id=account_id, role=Role.athlete)
                tctx = ToolContext(
                    ServiceContext(session=session, subject=subject, clock=FixedClock(NOW)),
                    athlete_id,
                )
                paths = {
                    "direct answer": (GREETING, ["openai_plain_answer.json"]),
                    "tool round trip": (
                        QUESTION,
                        ["openai_get_metrics_call.json", "openai_resting_hr_answer.json"],
                    ),
                }
                results: list[Result] = []
                for label, (text, fixtures) in paths.items():
                    responses = [Response(recorded(f)) for f in fixtures]

                    def ours(
                        text: str = text, responses: list[Response] = responses, label: str = label
                    ) -> None:
                        server.push(*responses)
                        reply = coach.reply(tctx, text)
                        if reply.source != "llm":
                            raise BenchmarkError(f"{label}: fell back ({reply.fallback_reason})")

                    server.requests.clear()
                    ours()
                    bodies = [r.body for r in server.requests]

                    def baseline(
                        bodies: list[Any] = bodies, responses: list[Response] = responses
                    ) -> None:
                        server.push(*responses)
                        for body in bodies:
                            bare.chat.completions.create(**body, timeout=TIMEOUT_S)

                    args.progress(f"llm: {label}, {times} replies and {times} bare calls")
                    for _ in range(WARMUP):
                        ours()
                        baseline()
                    mine: list[float] = []
                    base: list[float] = []
                    for _ in range(times):
                        mine.append(_time(ours))
                        base.append(_time(baseline))
                    results += _results(label, len(bodies), mine, base, times)
                session.rollback()
    finally:
        structlog.configure(**saved)
        devnull.close()
    for r in results:
        assert r.figure is not None
        assert r.baseline is not None
        assert r.ratio is not None
        print(
            f"[{NAME}] {r.name}: {r.figure:.2f} ms (bare openai client {r.baseline:.2f} ms, "
            f"ratio {r.ratio:.2f}, overhead {r.figure - r.baseline:.2f} ms)"
        )
    return results


def _results(
    label: str, calls: int, mine: list[float], base: list[float], times: int
) -> list[Result]:
    out = []
    out += latency_results(
        f"assistant reply, {label}",
        mine,
        base,
        unit="ms/reply",
        baseline_name="bare openai client, same request bodies",
        group=NAME,
        notes=lambda figure, baseline: (
            f"{calls} HTTP call(s) to a fake OpenAI server on 127.0.0.1, {times} replies; "
            f"overhead {figure - baseline:.2f} ms"
        ),
        extra={"http_calls": calls, "repeats": times},
    )
    return out
