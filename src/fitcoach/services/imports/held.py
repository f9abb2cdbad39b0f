"""Files held for the review of their exercise names: bounded, listed without their content,
expired after ``held_days``.

A strength export whose names fitcoach is not sure of is stored, compressed and encrypted (its
resolved names' sets are stored at once, their ids kept with the held file), until the athlete
says what the names are (``files.resume``) or drops it. An athlete holds at
most ``held_files`` of at most ``held_bytes`` each; a held file older than ``held_days`` is
no longer offered, is deleted when the athlete next holds one, and ``fitcoach db prune``
deletes it (kind ``held_imports``). Listing them reads their names only, never their content.
"""

from __future__ import annotations

import base64
import zlib
from datetime import datetime, timedelta

from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.services import exercise_names, own_exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports.limits import ImportLimits
from fitcoach.services.imports.outcome import FileOutcome, ImportSummary, ReviewName
from fitcoach.services.imports.writing import ShortTransactions
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import imports as repo
from fitcoach.storage.repositories.imports import HeldFile

# Held contents written since held files are compressed start so; older ones are plain base64.
_ZLIB = "z1:"


def encode(content: bytes) -> str:
    """A held file's content as stored (before encryption): zlib, then base64."""
    return _ZLIB + base64.b64encode(zlib.compress(content, 6)).decode("ascii")


def decode(stored: str) -> bytes:
    """A held file's content from what ``encode`` (or the plain base64 of before) stored."""
    if stored.startswith(_ZLIB):
        return zlib.decompress(base64.b64decode(stored[len(_ZLIB) :]))
    return base64.b64decode(stored)


def since(ctx: ServiceContext, limits: ImportLimits) -> datetime:
    """Files held before this have expired."""
    return ctx.clock.now() - timedelta(days=limits.held_days)


def hold(
    ctx: ServiceContext,
    scope: AthleteScope,
    writer: ShortTransactions,
    limits: ImportLimits,
    *,
    sha256: str,
    fmt: str,
    filename: str,
    content: bytes,
    names: list[str],
    options: ReadOptions,
) -> None:
    """Hold a file for review (or update the names of one held already); ``InvalidInput``
    when it is too large to hold or the athlete holds as many files as they may."""
    need = f"{len(names)} exercise name{'s' if len(names) != 1 else ''} need your review"
    if len(content) > limits.held_bytes:
        raise InvalidInput(
            f"{need}, and the file is too large to hold until then (more than "
            f"{limits.held_bytes / 2**20:.0f} MiB); say what the names are first "
            "(fitcoach import-review, or a smaller file with them), then import it again"
        )
    cutoff = since(ctx, limits)
    held = repo.is_held(ctx.session, scope, sha256)
    if not held and repo.held_count(ctx.session, scope, cutoff) >= limits.held_files:
        raise InvalidInput(
            f"{need}, and {limits.held_files} of your files are held for review already; "
            "review or drop those first (the Import page), then import this file again"
        )
    stored = encode(content)
    with writer.transaction():
        repo.drop_expired(ctx.session, scope, cutoff)
        repo.hold(
            ctx.session,
            scope,
            sha256=sha256,
            fmt=fmt,
            filename=filename[:200],
            content=stored,
            names=names,
            options={"weight_unit": options.weight_unit, "distance_unit": options.distance_unit},
            at=ctx.clock.now(),
        )


def held_files(ctx: ServiceContext, scope: AthleteScope, limits: ImportLimits) -> list[HeldFile]:
    """The athlete's held files that have not expired, oldest first, without their content."""
    return repo.pending(ctx.session, scope, since(ctx, limits))


def content_of(ctx: ServiceContext, scope: AthleteScope, row: HeldFile) -> bytes | None:
    """A held file's bytes (None: dropped meanwhile), read alone."""
    stored = repo.held_content(ctx.session, scope, row.sha256)
    return None if stored is None else decode(stored)


def _logged(rows: list[HeldFile]) -> dict[str, str]:
    """What each held name's sets log, as the import saw it ("lifted" or "timed")."""
    return {n: k for row in rows for n, k in (row.options.get("logged") or {}).items()}


def logged_kinds(
    ctx: ServiceContext, athlete_id: int, limits: ImportLimits | None = None
) -> dict[str, str]:
    """What the sets of each name of the athlete's held files log: a name kept as an own
    exercise is then of that kind (a name logged only as times or distances: cardio)."""
    return _logged(held_files(ctx, ctx.scope(athlete_id), limits or ImportLimits()))


def pending(
    ctx: ServiceContext, athlete_id: int, limits: ImportLimits | None = None
) -> ImportSummary:
    """The files held for review, with their names' current suggestions."""
    scope = ctx.scope(athlete_id)
    summary = ImportSummary(athlete_id)
    rows = held_files(ctx, scope, limits or ImportLimits())
    names = list(dict.fromkeys(n for row in rows for n in row.names))
    # What each name's sets log, as the import saw it: suggestions agree with it in kind.
    logged = _logged(rows)
    matches = exercise_names.map_names(ctx, athlete_id, names, logged) if names else {}
    for row in rows:
        review = [
            ReviewName(
                n,
                list(matches[n].suggestions),
                [row.filename],
                own=own_exercises.suggest(n, lifted=logged.get(n) != "timed").as_dict(),
            )
            for n in row.names
            if matches[n].status == "review"
        ]
        summary.files.append(
            FileOutcome(row.filename, row.format, "needs review", review=review, sha256=row.sha256)
        )
    return summary


def drop_pending(ctx: ServiceContext, athlete_id: int, sha256: str) -> None:
    """Drop a held file: what it stored already (its resolved names' sets) is deleted and the
    file forgotten; ``NotFound`` when no such file is held."""
    from fitcoach.services.imports.takeback import delete_records  # takeback reads held rows

    scope = ctx.scope(athlete_id)
    if not repo.is_held(ctx.session, scope, sha256):
        raise NotFound(f"no file with SHA-256 {sha256} is held for review")
    earlier = repo.held_records(ctx.session, scope, sha256)
    if earlier:
        delete_records(ctx, scope, earlier)
    repo.release(ctx.session, scope, sha256)
