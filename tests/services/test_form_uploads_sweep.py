"""Videos uploaded for a form check do not outlive their check, even when the server that
took them died before it could delete them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fitcoach.services.form_jobs import FOLDER_PREFIX, FormCheckPool, sweep_stale_uploads


def _aged(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_dead_servers_videos_are_swept_once_their_checks_are_overdue(tmp_path: Path) -> None:
    dead = tmp_path / f"{FOLDER_PREFIX}dead"
    dead.mkdir()
    old = dead / "1.video"
    old.write_bytes(b"\0" * 1024)
    _aged(old, 3600)
    _aged(dead, 3600)
    live = tmp_path / f"{FOLDER_PREFIX}live"
    live.mkdir()
    fresh = live / "2.video"
    fresh.write_bytes(b"\0" * 1024)  # a check of a live server, still within its time
    other = tmp_path / "someone-else"
    other.mkdir()
    theirs = other / "3.video"
    theirs.write_bytes(b"x")
    _aged(theirs, 3600)

    assert sweep_stale_uploads(180, root=tmp_path) == 1
    assert not old.exists()
    assert not dead.exists()  # left empty, and old: gone
    assert fresh.exists()
    assert theirs.exists()  # not a form check folder: never touched


def test_a_live_pool_makes_its_folder_again_after_a_sweep(tmp_path: Path) -> None:
    pool = FormCheckPool(1)
    folder = pool.folder
    try:
        folder.rmdir()  # as a sweep removes an empty folder
        assert pool.folder.is_dir()
    finally:
        pool.close()
