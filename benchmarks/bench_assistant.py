"""Offline reply latency: ``offline_reply`` over the evaluation utterances, end to end.

Setup (not timed): a migrated SQLite file with the exercise library and one athlete seeded
through the services: a plan in force, 8 weeks of daily readings (resting HR, HRV, sleep,
weight, mood) and twice-weekly squat workouts. The clock stands at the evaluation set's day.

Measured, each utterance of ``fitcoach/assistant/data/nlu_eval.yaml`` timed on its own:

- **fitcoach**: ``offline_reply(tctx, text)``: guardrails, understanding, the tool calls
  through the registry (database reads and writes, plan edits validated and stored as
  proposals), the answer from templates. Each utterance runs in a unit of work that is
  rolled back afterwards (not timed), so every message sees the same seeded athlete.
- **baseline**, in the same run on the same texts: ``understand() + screen()`` alone, what
  the reply has to do before any tool runs. Ratio = fitcoach / baseline: the cost of reading
  and writing the athlete's data and phrasing the answer.

Figures are p50 and p95 in milliseconds per utterance; ``extra`` keeps the p50 per intent
(plan edits regenerate and validate a plan, so they dominate the tail). The run fails when a
reply is empty or a guardrail reply called a tool.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from importlib import resources
from pathlib import Path
from typing import Any

import structlog
import yaml
from benchmarks.common import BenchArgs, BenchmarkError, Result, latency_results
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.nlu import ExerciseMatcher, understand
from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Reply
from fitcoach.assistant.tools import default_registry
from fitcoach.core.clock import FixedClock
from fitcoach.services import athletes, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records, load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

NAME = "assistant"
DEFAULT_REPEAT = 2
QUICK_REPEAT = 1
QUICK_TEXTS = 60
SEED_WEEKS = 8


def _utterances() -> tuple[list[str], date]:
    data = resources.files("fitcoach.assistant.data")
    nlu = yaml.safe_load(data.joinpath("nlu_eval.yaml").read_text("utf-8"))
    return [item["text"] for item in nlu["items"]], nlu["today"]


def _ctx(session: Session, clock: FixedClock) -> ServiceContext:
    return ServiceContext(session=session, subject=Subject.system(), clock=clock)


def seed(factory: sessionmaker[Session], clock: FixedClock, today: date) -> int:
    """One athlete with a plan and 8 weeks of readings and workouts; returns the id."""
    with unit_of_work(factory) as session:
        ctx = _ctx(session, clock)
        load_library(ctx)
        athlete = athletes.create_athlete(
            ctx,
            {
                "name": "Bench Athlete",
                "email": "bench-assistant@example.org",
                "profile": {
                    "birth_date": "1991-04-02",
                    "sex": "female",
                    "weight_kg": 64,
                    "goals": ["strength"],
                    "experience_level": "intermediate",
                    "days_per_week": 4,
                    "session_minutes": 60,
                    "equipment": ["barbell", "squat_rack", "bench", "dumbbell", "pull_up_bar"],
                },
            },
        )
        aid = athlete.id
        first = today - timedelta(weeks=SEED_WEEKS)
        for n in range((today - first).days):
            day = first + timedelta(days=n)
            training_log.log_daily(
                ctx,
                aid,
                {
                    "day": day.isoformat(),
                    "resting_hr": 50 + n % 5,
                    "hrv_rmssd_ms": 55 + (n * 7) % 13,
                    "sleep_s": 3600 * (6.5 + (n % 4) * 0.5),
                    "weight_kg": round(64 - n * 0.02, 2),
                    "mood": 3 + n % 3,
                },
            )
            if day.weekday() in (0, 3):
                at = datetime.combine(day, dtime(18), tzinfo=UTC)
                load = 80 + 2.5 * (n // 7)
                training_log.log_workout(
                    ctx,
                    aid,
                    {
                        "started_at": at.isoformat(),
                        "duration_s": 3600,
                        "session_rpe": 7,
                        "sets": [
                            {
                                "exercise": "barbell-back-squat",
                                "reps": 5,
                                "weight_kg": load,
                                "rir": 2,
                            }
                        ]
                        * 3,
                    },
                )
        plans.generate(ctx, aid, start=today - timedelta(days=2))
    return aid


def _timed_reply(
    factory: sessionmaker[Session], clock: FixedClock, aid: int, text: str
) -> tuple[float, Reply]:
    session = factory()
    try:
        tctx = ToolContext(_ctx(session, clock), aid)
        started = time.perf_counter()
        reply = offline_reply(tctx, text)
        elapsed = time.perf_counter() - started
    finally:
        session.rollback()
        session.close()
    return elapsed * 1000, reply


def _check(text: str, reply: Reply) -> None:
    if not reply.text.strip():
        raise BenchmarkError(f"empty reply to {text!r}")
    if reply.source == "guardrail" and reply.escalated and reply.tool_calls:
        raise BenchmarkError(f"a red-flag reply called tools for {text!r}")


def main(args: BenchArgs) -> list[Result]:
    times = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    texts, today = _utterances()
    if args.quick:
        texts = texts[:: max(1, len(texts) // QUICK_TEXTS)][:QUICK_TEXTS]
    if args.rows:
        texts = texts[: args.rows]
    clock = FixedClock(datetime.combine(today, dtime(12), tzinfo=UTC))
    matcher = ExerciseMatcher(library_records())
    default_registry()
    # The replies log one line each; a benchmark measures the work, not the terminal.
    structlog.configure(logger_factory=structlog.ReturnLoggerFactory())
    try:
        with tempfile.TemporaryDirectory(prefix="fitcoach-bench-assistant-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'assistant.sqlite3'}"
            args.progress("migrating and seeding one athlete")
            migrate.upgrade(url)
            engine = make_engine(url)
            factory = make_session_factory(engine)
            aid = seed(factory, clock, today)
            _timed_reply(factory, clock, aid, "what was my resting HR last week?")  # warm-up
            ours: list[float] = []
            base: list[float] = []
            by_intent: dict[str, list[float]] = defaultdict(list)
            tool_calls = 0
            args.progress(f"offline_reply over {len(texts)} utterances x {times}")
            for _ in range(times):
                for text in texts:
                    ms, reply = _timed_reply(factory, clock, aid, text)
                    _check(text, reply)
                    ours.append(ms)
                    by_intent[reply.intent].append(ms)
                    tool_calls += len(reply.tool_calls)
                    started = time.perf_counter()
                    understand(text, today=today, exercises=matcher)
                    screen(text)
                    base.append((time.perf_counter() - started) * 1000)
            engine.dispose()
    finally:
        structlog.reset_defaults()
    shape: dict[str, Any] = {
        "utterances": len(texts),
        "repeats": times,
        "tool_calls": tool_calls,
        "p50_ms_by_intent": {
            intent: round(statistics.median(values), 2)
            for intent, values in sorted(by_intent.items())
        },
    }
    results = []
    results += latency_results(
        "offline_reply",
        ours,
        base,
        unit="ms/utterance",
        baseline_name="understand()+screen() alone",
        group=NAME,
        notes=f"{len(texts)} evaluation utterances x {times}, SQLite, one seeded athlete",
        extra=shape,
    )
    for r in results:
        print(
            f"[{NAME}] {r.name}: {r.figure:.1f} ms (understand+screen {r.baseline:.2f} ms, "
            f"ratio {r.ratio:.0f})"
        )
    slowest = sorted(shape["p50_ms_by_intent"].items(), key=lambda kv: -kv[1])[:3]
    print(f"[{NAME}] slowest intents (p50 ms): {slowest}")
    return results
