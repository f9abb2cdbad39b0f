"""A real consumer process on PostgreSQL and Redis: SIGKILL mid-stream loses and doubles nothing;
SIGTERM stops it cleanly after the batch in hand."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.conftest import Database
from tests.ingest.helpers import new_athlete, recording_frames

from fitcoach.ingest.bus import RedisBus
from fitcoach.ingest.producers import publish_frames
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import WaveformChunk
from fitcoach.storage.repositories import sensors as repo

pytestmark = pytest.mark.parametrize("database", ["postgres"], indirect=True)

ENTRY = Path(__file__).with_name("consumer_process.py")
CLI = "from fitcoach.cli import app; app()"


def _env(database: Database, redis_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FITCOACH_DATABASE_URL": database.url,
        "FITCOACH_REDIS_URL": redis_url,
        "FITCOACH_DATA_DIR": str(tmp_path / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
    }


def _consumer(
    database: Database,
    redis_url: str,
    stream: str,
    name: str,
    tmp_path: Path,
    *,
    reclaim_idle_ms: int = 60_000,
    once: bool = False,
) -> subprocess.Popen[str]:
    """The consumer as its own process (the loop ``fitcoach ingest consume`` runs)."""
    args = [stream, "storage", name, "50", str(reclaim_idle_ms), "once" if once else "forever"]
    return subprocess.Popen(
        [sys.executable, str(ENTRY), *args],
        env=_env(database, redis_url, tmp_path),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _chunk_count(database: Database) -> int:
    with database.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(WaveformChunk)).scalar_one())


def _wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


def test_sigkill_mid_stream_then_restart_stores_every_sample_exactly_once(
    database: Database, redis_bus: RedisBus, redis_url: str, prefix: str, tmp_path: Path
) -> None:
    athlete = new_athlete(database.factory)
    stream = f"{prefix}:frames"
    frames = recording_frames(500, seed=11)  # 2,000 frames, 23,500 samples
    half = len(frames) // 2
    publish_frames(redis_bus, frames[:half], athlete_id=athlete, recording_key="k", stream=stream)

    victim = _consumer(database, redis_url, stream, "victim", tmp_path)
    _wait_for(lambda: _chunk_count(database) >= 200, 60, "the first commits")
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    assert victim.returncode == -signal.SIGKILL
    stored_at_kill = _chunk_count(database)
    assert 0 < stored_at_kill < len(frames)
    pending_at_kill = redis_bus.pending(stream, "storage")

    publish_frames(redis_bus, frames[half:], athlete_id=athlete, recording_key="k", stream=stream)
    heir = _consumer(database, redis_url, stream, "heir", tmp_path, reclaim_idle_ms=0, once=True)
    out, err = heir.communicate(timeout=60)
    assert heir.returncode == 0, err
    stats = json.loads(out)

    # The batch the victim held (read, maybe committed, never acked) was taken over...
    assert stats["reclaimed"] == len(pending_at_kill)
    assert redis_bus.pending(stream, "storage") == {}
    # ...and whatever of it was already committed was recognised, not stored again.
    assert stats["chunks"] == len(frames) - stored_at_kill
    assert stats["chunks"] + stats["duplicates"] == stats["messages"] - stats["bad"]
    with unit_of_work(database.factory) as session:
        scope = scope_for(session, Subject.system(), athlete)
        recording = repo.recording_by_key(session, scope, "k")
        assert recording is not None
        assert repo.chunk_keys(session, scope, recording.id) == {(f.channel, f.seq) for f in frames}
        assert repo.sample_total(session, scope, recording.id) == sum(
            len(f.samples) for f in frames
        )
    assert _chunk_count(database) == len(frames)


def test_sigterm_finishes_the_batch_in_hand_and_exits_cleanly(
    database: Database, redis_bus: RedisBus, redis_url: str, prefix: str, tmp_path: Path
) -> None:
    athlete = new_athlete(database.factory)
    stream = f"{prefix}:frames"
    frames = recording_frames(250, seed=12)
    publish_frames(redis_bus, frames, athlete_id=athlete, recording_key="t", stream=stream)

    # The real command line this time.
    args = ["ingest", "consume", "--stream", stream, "--group", "storage", "--consumer", "w"]
    worker = subprocess.Popen(
        [sys.executable, "-c", CLI, *args, "--batch", "50", "--block-ms", "200"],
        env=_env(database, redis_url, tmp_path),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(lambda: _chunk_count(database) >= 100, 90, "the first commits")
    worker.send_signal(signal.SIGTERM)
    out, err = worker.communicate(timeout=15)
    assert worker.returncode == 0, err
    assert "messages:" in out
    # Everything it read was stored and acked before it left.
    assert redis_bus.pending(stream, "storage") == {}
    assert _chunk_count(database) > 0
