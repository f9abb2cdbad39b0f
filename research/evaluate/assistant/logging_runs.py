"""Running the blind set's logging messages through the chat, each against its own copy of a
prepared database, and reading back what was stored (``evaluate_blind_logging``).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import structlog
import structlog.testing

from fitcoach.assistant.evaluate.common import _load, _share, exercise_candidates
from fitcoach.assistant.nlu import ExerciseMatcher
from research.evaluate.assistant.logging_scores import (
    _CARDIO,
    _SCALES,
    LOG_OUTCOMES,
    LoggingReport,
    LogItem,
    _asks,
    compare_logged,
)


def _read_back(ctx: Any, athlete_id: int, *, dated: bool = False) -> dict[str, Any]:
    """What the athlete's log holds, per kind, in the blind set's terms. ``dated``: each entry
    carries the athlete's local day it is stored on (``research.evaluate.assistant.log_dates``):
    a strength set its workout's day (a fifth element), a cardio session and a meal a ``date``
    key, and ``daily_on`` the days of each daily reading (a night: the day it ended)."""
    from fitcoach.services import training_log

    zone = training_log.athlete_zone(ctx, athlete_id)

    def rows(kind: Any) -> list[dict[str, Any]]:
        return training_log.history(ctx, athlete_id, kind)

    def day(at: Any) -> dict[str, str]:
        return {"date": training_log.night_of(at, zone).isoformat()} if dated else {}

    out: dict[str, Any] = {}
    sets = [
        (s["exercise"], s["reps"], s["weight_kg"] or None, s["rir"], *day(w["started_at"]).values())
        for w in rows("workouts")
        for s in w["sets"]
    ]
    if sets:
        out["strength"] = sets
    cardio = [
        {"activity": c["activity_type"]}
        | {key: c[col] / scale for key, col, scale in _CARDIO if c[col] is not None}
        | {k: c[k] for k in ("max_hr", "calories_kcal") if c.get(k) is not None}
        | day(c["started_at"])
        for c in rows("cardio")
    ]
    if cardio:
        out["cardio"] = cardio
    daily: dict[str, float] = {}
    daily_on: dict[str, list[str]] = {}
    for row in rows("daily"):
        for key, col in (("weight_kg", "weight_kg"), ("resting_hr", "resting_hr"),
                         ("hrv_ms", "hrv_rmssd_ms"), ("sleep_quality", "sleep_quality"),
                         ("day_kcal", "calories_in_kcal"), ("day_protein_g", "protein_g"),
                         *((v, v) for v in _SCALES.values())):  # fmt: skip
            if row.get(col) is not None:
                daily[key] = float(row[col])
                daily_on.setdefault(key, []).append(row["day"].isoformat())
        if row.get("sleep_s"):
            daily["sleep_h"] = daily.get("sleep_h", 0.0) + row["sleep_s"] / 3600
            daily_on.setdefault("sleep_h", []).append(row["day"].isoformat())
    for night in rows("sleep"):
        daily["sleep_h"] = daily.get("sleep_h", 0.0) + training_log.asleep_s(night) / 3600
        daily_on.setdefault("sleep_h", []).append(training_log.night_of(night["ended_at"], zone).isoformat())  # fmt: skip
    if daily:
        out["daily"] = daily
        if dated:
            out["daily_on"] = daily_on
    meals = [
        {"description": m["description"]}
        | {
            k: m[c]
            for k, c in (
                ("kcal", "calories_kcal"),
                ("protein_g", "protein_g"),
                ("carbs_g", "carbs_g"),
                ("fat_g", "fat_g"),
            )
            if m[c] is not None
        }
        | day(m["eaten_at"])
        for m in rows("meals")
    ]
    if meals:
        out["meal"] = meals
    feedback = rows("feedback")
    if feedback:
        out["feedback"] = len(feedback)
    return out


def _prepare_template(path: Path, now: datetime) -> None:
    from fitcoach.core.clock import FixedClock
    from fitcoach.services.context import ServiceContext
    from fitcoach.services.exercises import load_library
    from fitcoach.storage import migrate
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            load_library(ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(now)))  # fmt: skip
    finally:
        engine.dispose()


ATHLETE_PROFILE: dict[str, Any] = {
    "birth_date": "1992-05-17", "sex": "female", "height_cm": 168, "weight_kg": 64,
    "goals": ["strength"], "experience_level": "intermediate", "days_per_week": 4,
    "session_minutes": 60, "equipment": ["barbell", "squat_rack", "bench", "dumbbell"],
}  # fmt: skip


def _run_one(template: Path, work: Path, text: str, now: datetime, assistant: Any, before: Sequence[str] = ()) -> tuple[str, dict[str, Any]]:  # fmt: skip
    """``text`` through the chat for a fresh athlete in a fresh copy of ``template``, after the
    ``before`` messages in the same conversation: the last reply and what is stored then."""
    from fitcoach.assistant import conversations
    from fitcoach.core.clock import FixedClock
    from fitcoach.services import athletes
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    shutil.copyfile(template, work)
    engine = make_engine(f"sqlite:///{work}")
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(now))  # fmt: skip
            athlete = athletes.create_athlete(
                ctx,
                {
                    "name": "Blind Athlete",
                    "email": "blind@example.org",
                    "profile": ATHLETE_PROFILE,
                },
            )
            for earlier in before:
                conversations.chat(ctx, athlete.id, earlier, channel="web", assistant=assistant)
                session.flush()
            reply = conversations.chat(ctx, athlete.id, text, channel="web", assistant=assistant)
            session.flush()
            return reply.text, _read_back(ctx, athlete.id)
    finally:
        engine.dispose()


def evaluate_blind_logging(
    path: Path | str,
    *,
    assistant: Any = None,
    now: datetime | None = None,
    workdir: Path | str | None = None,
) -> LoggingReport:
    """The chat's logging on a blind set's ``kind: log`` items: each message goes through
    ``conversations.chat`` (what the web and Telegram call; the offline ``Assistant()`` unless
    ``assistant``) for a fresh athlete in a fresh SQLite database (a copy of one migrated
    template with the library), then the training log is read back through the services and
    the item is scored: right (everything in ``stored`` is stored and nothing else; with
    ``ask: true`` and entries to store, also a question), asked (nothing stored, the reply
    asks a question: good where ``ask: true``), wrong (something stored that ``stored`` does
    not say), missed (nothing stored, no question). An item with ``before`` (earlier messages
    of the same chat, sent first) is scored on what the log holds after the whole exchange:
    right when that is exactly ``stored`` (its ``undo``/``correct`` markers aside), else wrong.
    Undo and correction items without ``before`` need a prior entry their text does not give:
    they are scored ``context`` and counted apart. ``now``
    (the set's ``written`` day at noon UTC by default) is the clock of every chat."""
    from fitcoach.assistant.llm import Assistant

    data = _load(path, Path(path).name)
    written = data.get("written")
    if now is None:
        day = written if isinstance(written, date) else date.fromisoformat(str(written or "2026-11-26"))  # fmt: skip
        now = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
    assistant = assistant if assistant is not None else Assistant()
    records = ExerciseMatcher.from_library().records
    items: list[LogItem] = []
    ambiguous: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp, structlog.testing.capture_logs():
        template = Path(tmp) / "template.sqlite3"
        _prepare_template(template, now)
        for item in (i for i in data["items"] if i.get("kind") == "log"):
            want = list(item.get("stored") or [])
            for entry in want:
                if entry.get("what") in ("strength", "cardio"):
                    name = entry.get("exercise") or entry.get("activity") or ""
                    found = exercise_candidates(name, records, kind=entry["what"])
                    if len(found) != 1 if entry["what"] == "strength" else not found:
                        ambiguous[name] = found
            ask = bool(item.get("ask"))
            before = [str(b) for b in item.get("before") or []]
            reply, got = _run_one(template, Path(tmp) / "one.sqlite3", item["text"], now, assistant, before)  # fmt: skip
            problems: list[str] = []
            marked = any(e.get("what") in ("undo", "correct") for e in want)
            if marked and not before:
                outcome = "context"
            elif before:  # ``stored``: what the log holds after the whole exchange
                kept = [e for e in want if e.get("what") not in ("undo", "correct")]
                problems = (
                    compare_logged(kept, got, records, item["text"])[0] if kept or got else []
                )
                outcome = "wrong" if problems else "right"
            elif not got:
                outcome = "asked" if _asks(reply) else "missed"
            else:
                problems, _ = compare_logged(want, got, records, item["text"])
                if not want:
                    outcome, problems = "wrong", ["stored instead of asking", *problems]
                elif problems:
                    outcome = "wrong"
                elif ask and want and not _asks(reply):
                    outcome, problems = "missed", ["stored, but did not ask what it must"]
                else:
                    outcome = "right"
            items.append(LogItem(item["id"], item["text"], ask, outcome, reply, got, problems))
    scored = [i for i in items if i.outcome != "context"]
    shares = {name: _share([i.outcome == name for i in scored]) for name in LOG_OUTCOMES}
    shares["good"] = _share([i.good for i in scored])
    asking = [i for i in scored if i.ask]
    return LoggingReport(
        items,
        shares,
        _share([i.outcome in ("asked", "right") for i in asking]),
        dict(sorted(ambiguous.items())),
    )
