"""The form checks one server process runs at once: a bounded pool of worker threads.

A form check's pose extraction runs for seconds to minutes (a MediaPipe subprocess, then the
assessment). Each runs in a thread of its own here, outside the request's thread pool, its
write slot and any transaction (``services.form_check.run_check``). At most ``workers`` run at
once; a request for one more is refused at once (``FormChecksBusy``: 503 with Retry-After)
rather than queued, so that nothing waits on a worker that may be minutes away.

A request takes a ``Slot`` before it saves the upload, and either starts its work in it (once
the job is committed) or abandons it (its file deleted, the slot free again). The uploads
wait in a private folder of this process (mode 0700), removed when the app stops.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from fitcoach.core.clock import SystemClock
from fitcoach.core.errors import ServiceUnavailable
from fitcoach.core.logging import get_logger

log = get_logger(__name__)

# What a refused request is told to wait: about what a short clip takes to analyse.
RETRY_AFTER_S = 15


class FormChecksBusy(ServiceUnavailable):
    """Every form check slot of this process is taken; ``details.retry_after_s`` says when
    to try again."""

    code = "form_checks_busy"


class Slot:
    """One of the pool's places, taken by a request: ``prepare`` names the work and the file
    it owns, ``launch`` starts the work in a thread of its own (once the request committed),
    ``abandon`` gives the place back and deletes the file (the request failed)."""

    def __init__(self, pool: FormCheckPool) -> None:
        self._pool = pool
        self._work: Callable[[], object] | None = None
        self._files: list[Path] = []
        self._done = False
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        """Where the request saves its upload."""
        return self._pool.folder

    def owns(self, path: Path) -> None:
        """``path`` is deleted if the slot is abandoned."""
        self._files.append(path)

    def prepare(self, work: Callable[[], object]) -> None:
        """What ``launch`` runs."""
        self._work = work

    def launch(self) -> None:
        """Start the prepared work in a thread; with none prepared, give the place back."""
        work = self._work
        if work is None:
            self.abandon()
            return
        thread = threading.Thread(
            target=self._run, args=(work,), name="fitcoach-form-check", daemon=True
        )
        thread.start()

    def abandon(self) -> None:
        """Give the place back, deleting the files the slot owns."""
        for path in self._files:
            path.unlink(missing_ok=True)
        self._release()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except Exception:
            log.exception("form_check_worker_failed")
        finally:
            for path in self._files:
                path.unlink(missing_ok=True)
            self._release()

    def _release(self) -> None:
        with self._lock:
            if self._done:
                return
            self._done = True
        self._pool.release()


FOLDER_PREFIX = "fitcoach-form-"


def sweep_stale_uploads(older_than_s: float, *, root: Path | None = None) -> int:
    """Delete uploaded videos older than ``older_than_s`` from every form check folder under
    ``root`` (the system's temporary folder): what a server process that died left behind.
    Past the check's time limit its job has failed as overdue, so nothing reads them any more;
    a folder left empty goes too (a live process makes its own again). Returns how many files
    were deleted."""
    base = root if root is not None else Path(tempfile.gettempdir())
    cutoff = SystemClock().now().timestamp() - older_than_s  # files' times are wall time
    deleted = 0
    for folder in base.glob(f"{FOLDER_PREFIX}*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        untouched = folder.stat().st_mtime < cutoff  # before this sweep changes it
        for path in folder.iterdir():
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    deleted += 1
            except OSError:
                continue
        try:
            if untouched and not any(folder.iterdir()):
                folder.rmdir()
        except OSError:
            continue
    if deleted:
        log.info("form_check_uploads_swept", files=deleted)
    return deleted


class FormCheckPool:
    """At most ``workers`` form checks of this process at once (``Settings.form_check_workers``)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._free = threading.BoundedSemaphore(workers)
        self._running = 0
        self._lock = threading.Lock()
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        """This process's private folder for uploads waiting to be analysed (made on first use)."""
        with self._lock:
            if self._folder is None or not self._folder.is_dir():
                self._folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))  # mode 0700
            return self._folder

    @property
    def running(self) -> int:
        """Slots taken now."""
        return self._running

    def reserve(self) -> Slot:
        """A free slot, or ``FormChecksBusy`` at once."""
        if not self._free.acquire(blocking=False):
            raise FormChecksBusy(
                f"{self.workers} form check(s) are being analysed on this server, as many as "
                f"it runs at once; send the video again in {RETRY_AFTER_S} s",
                details={"retry_after_s": RETRY_AFTER_S, "workers": self.workers},
            )
        with self._lock:
            self._running += 1
        return Slot(self)

    def release(self) -> None:
        with self._lock:
            self._running -= 1
        self._free.release()

    def close(self) -> None:
        """Remove the uploads folder (the app stops; a worker still running loses its file and
        fails its job, or the job fails as overdue)."""
        with self._lock:
            folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
