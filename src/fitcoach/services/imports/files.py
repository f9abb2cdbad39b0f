"""One door for device files and app exports: detect, read, map exercise names, store.

Each file is its own unit. It is read and checked whole first, within the import's limits
(``ImportLimits``: bytes, zip ratio, records; one upload's files share the record limit),
holding no transaction and no write slot; a file past a limit, broken, or with a record the
log would refuse fails here, with nothing written, and the other files go on. Then it is
written in short transactions (``ShortTransactions``), so that other athletes' writes wait at
most about ``write_turn_s``; should writing stop partway (the athlete's consent withdrawn
meanwhile, the server stopping), what was written stays, the file is not marked imported,
and importing it again stores the rest. A file is known by its content's SHA-256: importing
it again says "already imported" and stores nothing. Records are keyed by what they are (the
app and the start time), not by the file, so a later, longer export of the same app adds only
what is new.

Exercise names the apps ship map through their catalogue (``coach.app_names``), others through
the library's resolver when it is sure and the entry agrees in kind. A strength export whose
other names are doubtful stores everything resolved at once and holds the file for the
athlete's review of those names (``held``, ``resume``): fitcoach never maps a name it is
unsure of. When the held file resumes, what it stored before is replaced by the whole file.
Each imported file keeps the ids of the records it created (``takeback.take_back``).
"""

from __future__ import annotations

import hashlib
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypedDict

import structlog

from fitcoach.core.errors import Conflict, FitcoachError, InvalidInput
from fitcoach.ingest.files import detect as formats
from fitcoach.ingest.files.errors import UnitNeeded
from fitcoach.ingest.files.limits import FileTooLarge
from fitcoach.ingest.files.model import ParsedFile
from fitcoach.services import exercise_names, own_exercises, portability, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports import held, store
from fitcoach.services.imports.convert import prepare
from fitcoach.services.imports.limits import ImportLimits
from fitcoach.services.imports.outcome import FileOutcome, ImportSummary, ReviewName
from fitcoach.services.imports.takeback import delete_records
from fitcoach.services.imports.writing import ShortTransactions, Turn
from fitcoach.storage.repositories import imports as repo

log = structlog.get_logger(__name__)

ProgressFn = Callable[[str, int, int], None]
"""Called as (file name, files done, files in all) after each file."""


@dataclass(frozen=True)
class IncomingFile:
    """A file to import: its name (for messages) and its bytes or path."""

    name: str
    source: bytes | Path


@dataclass
class _Run:
    """One import call: its limits, how it writes, and the records its files may still hold."""

    limits: ImportLimits
    writer: ShortTransactions
    records_left: int = field(init=False)

    def __post_init__(self) -> None:
        self.records_left = self.limits.read.max_records

    def take(self, found: int) -> None:
        """Count a file's records against the upload's; ``FileTooLarge`` past them."""
        if found > self.records_left:
            used = self.limits.read.max_records - self.records_left
            raise FileTooLarge(
                f"the files before it in this import hold {used:,} records and this one "
                f"{found:,}: more than the {self.limits.read.max_records:,} one import takes; "
                "import it on its own"
            )
        self.records_left -= found


def _sha256(source: bytes | Path) -> str:
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _names(parsed: ParsedFile) -> list[str]:
    return list(dict.fromkeys(s.exercise_name for w in parsed.workouts for s in w.sets))


def _logged(parsed: ParsedFile) -> dict[str, str]:
    """What each name's sets log: "lifted" when any set has reps or a weight without a
    distance, else "timed" (only times or distances: a run, a row on the erg, a plank)."""
    out: dict[str, str] = {}
    for workout in parsed.workouts:
        for s in workout.sets:
            if out.get(s.exercise_name) != "lifted":
                lifted = bool(s.reps or s.weight_kg) and not s.distance_m
                out[s.exercise_name] = "lifted" if lifted else "timed"
    return out


def _review(
    parsed: ParsedFile, matches: dict[str, exercise_names.NameMatch], name: str
) -> list[ReviewName]:
    sets: dict[str, int] = {}
    for workout in parsed.workouts:
        for s in workout.sets:
            sets[s.exercise_name] = sets.get(s.exercise_name, 0) + 1
    kinds = _logged(parsed)
    return [
        ReviewName(
            m.name,
            list(m.suggestions),
            [name],
            sets.get(m.name, 0),
            _own_offer(m.name, kinds.get(m.name)),
        )
        for m in matches.values()
        if m.status == "review"
    ]


def _own_offer(name: str, logged: str | None = None) -> dict[str, Any]:
    """What "keep as my own exercise" would keep for ``name`` (suggested from the name)."""
    return own_exercises.suggest(name, lifted=logged != "timed").as_dict()


class _Unreadable(FitcoachError):
    """A reader failed on a file in a way it does not foresee (a bug met by odd input)."""


def _read(fmt: str, incoming: IncomingFile, options: formats.ReadOptions, run: _Run) -> ParsedFile:
    """The file parsed within the limits. A reader's unforeseen failure is this file's
    failure, logged for the operator (without the file's name or content), not the upload's."""
    try:
        return formats.read(fmt, incoming.source, options, run.limits.read)
    except (FitcoachError, MemoryError):
        raise
    except Exception as exc:
        # Where it failed, not the message: that may quote the file's content.
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        log.error("imports.reader_failed", format=fmt, error=type(exc).__name__, where=where)
        raise _Unreadable(
            f"fitcoach could not read this {formats.FORMATS.get(fmt, fmt)} file (an error in "
            "its reader, logged for the operator); nothing of it was stored"
        ) from None


def _import_fitcoach(
    ctx: ServiceContext, athlete_id: int, incoming: IncomingFile, run: _Run
) -> dict[str, int]:
    """A fitcoach export: read and checked whole (reads only), then written in one short
    transaction (its records are bounded by the limits)."""
    if isinstance(incoming.source, Path):
        doc = portability.read_export(incoming.source, run.limits.read, name=incoming.name)
    else:
        suffix = ".zip" if incoming.source.startswith(b"PK") else ".json"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"export{suffix}"
            path.write_bytes(incoming.source)
            doc = portability.read_export(path, run.limits.read, name=incoming.name)
    run.take(portability.count_records(doc))
    report = _write_export(ctx, doc, athlete_id, run.writer)
    return {"records": report.inserted}


def _write_export(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    athlete_id: int | None,
    writer: ShortTransactions,
    progress: portability.ProgressFn | None = None,
) -> portability.ImportReport:
    checked = portability.check_document(ctx, doc, athlete_id=athlete_id, progress=progress)
    writer.pause()
    with writer.transaction():
        return portability.write_document(ctx, checked, progress)


def import_export(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    *,
    athlete_id: int | None = None,
    limits: ImportLimits | None = None,
    turn: Turn | None = None,
    progress: portability.ProgressFn | None = None,
) -> portability.ImportReport:
    """A fitcoach export document (``portability.import_document``) within the limits: its
    records counted (``FileTooLarge`` past ``max_records``), checked whole holding no write
    slot, then written in one transaction in ``turn``. Commits."""
    limits = limits or ImportLimits()
    limits.read.check_records(portability.count_records(doc), "the export")
    writer = ShortTransactions(ctx.session, turn or nullcontext, limits.write_turn_s)
    if turn is None:
        writer.settle()
    return _write_export(ctx, doc, athlete_id, writer, progress)


def _one(
    ctx: ServiceContext,
    athlete_id: int,
    incoming: IncomingFile,
    options: formats.ReadOptions,
    run: _Run,
    held_sha: str | None = None,
) -> FileOutcome:
    scope = ctx.scope(athlete_id)
    sha = held_sha or _sha256(incoming.source)
    done = repo.imported(ctx.session, scope, sha)
    if done is not None:
        return FileOutcome(
            incoming.name,
            done.format,
            "already imported",
            message=f"this file was imported on {done.imported_at:%Y-%m-%d}; nothing was stored again",
            sha256=sha,
        )
    run.writer.pause()  # nothing held while the file is read
    fmt: str | None = None
    try:
        fmt = formats.detect(incoming.source, incoming.name)
        if fmt == formats.FITCOACH:
            counts = _import_fitcoach(ctx, athlete_id, incoming, run)
            outcome = FileOutcome(incoming.name, fmt, "imported", counts, sha256=sha)
            _mark_imported(ctx, athlete_id, run, outcome, fmt)
            return outcome
        parsed = _read(fmt, incoming, options, run)
        run.take(parsed.records)
        return _store_parsed(ctx, athlete_id, incoming, fmt, parsed, run, sha, options)
    except UnitNeeded as exc:
        hint = f" (fitcoach import --{exc.what}-unit {'|'.join(exc.choices)}, or the upload form)"
        asks = {"what": exc.what, "choices": list(exc.choices)}
        return FileOutcome(
            incoming.name, fmt, "failed", message=f"{exc}{hint}", sha256=sha, asks=asks
        )
    except FitcoachError as exc:  # a broken file, one over a limit, or a refused record
        return FileOutcome(incoming.name, fmt, "failed", message=str(exc), sha256=sha)


def _mark_imported(
    ctx: ServiceContext, athlete_id: int, run: _Run, outcome: FileOutcome, fmt: str
) -> None:
    scope = ctx.scope(athlete_id)
    with run.writer.transaction():
        repo.add_imported(
            ctx.session,
            scope,
            sha256=outcome.sha256,
            fmt=fmt,
            filename=outcome.name[:200],
            at=ctx.clock.now(),
            counts=outcome.counts,
            records=outcome.records,
        )
        repo.release(ctx.session, scope, outcome.sha256)
        ctx.audit(
            "import", "file", None, athlete_id=athlete_id, detail={"format": fmt, **outcome.counts}
        )


def _store_parsed(
    ctx: ServiceContext,
    athlete_id: int,
    incoming: IncomingFile,
    fmt: str,
    parsed: ParsedFile,
    run: _Run,
    sha: str,
    options: formats.ReadOptions,
) -> FileOutcome:
    if parsed.empty:
        return FileOutcome(
            incoming.name, fmt, "nothing to import", notes=list(parsed.notes), sha256=sha
        )
    names = _names(parsed)
    logged = _logged(parsed)
    matches = exercise_names.map_names(ctx, athlete_id, names, logged) if names else {}
    review = _review(parsed, matches, incoming.name)
    scope = ctx.scope(athlete_id)
    kept = _keep_own(ctx, athlete_id, run, matches, logged)
    prepared = prepare(ctx, fmt, parsed, matches, options.tz)
    stored = store.stored_activities(ctx, athlete_id, parsed.activities, fmt)
    # A file held before stored its resolved sets then (read before holding it again, which
    # rewrites its row): those go, and the file (as far as it is resolved now) is stored
    # afresh, so its workouts are whole again.
    earlier = repo.held_records(ctx.session, scope, sha)
    if review:  # held first (within its bounds), so nothing is stored for a file not held
        held.hold(
            ctx,
            scope,
            run.writer,
            run.limits,
            sha256=sha,
            fmt=fmt,
            filename=incoming.name,
            content=formats.bytes_of(incoming.source),
            names=[r.name for r in review],
            options=options,
        )
    del parsed  # what is kept from here on is the checked records
    if earlier:
        with run.writer.transaction():
            delete_records(ctx, scope, earlier)
            repo.set_held_records(ctx.session, scope, sha, {})
    counts: Counter[str] = Counter()
    try:
        run.writer.run(store.steps(ctx, athlete_id, prepared, stored, counts))
    except FitcoachError as exc:
        written = sum(v for k, v in counts.items() if k != "hr_samples")
        message = str(exc)
        if written:
            message += (
                f"; {written:,} records of this file were stored before it stopped, and "
                "importing the file again stores the rest"
            )
        return FileOutcome(incoming.name, fmt, "failed", message=message, sha256=sha)
    stored_counts = {k: v for k, v in counts.items() if v}
    if kept:
        prepared.notes.append(
            f"kept {len(kept)} name{'s' if len(kept) != 1 else ''} the library lacks as your "
            f"own exercise{'s' if len(kept) != 1 else ''} ({', '.join(kept[:8])}"
            f"{', ...' if len(kept) > 8 else ''}), with the pattern, equipment and muscles "
            "their names suggest: check or change them on the Exercises page"
        )
    if review:
        with run.writer.transaction():
            kinds = {r.name: logged[r.name] for r in review if r.name in logged}
            repo.set_held_records(ctx.session, scope, sha, prepared.created, kinds)
        held_sets = sum(r.sets for r in review)
        return FileOutcome(
            incoming.name,
            fmt,
            "needs review",
            stored_counts,
            message=f"everything else is stored; the {held_sets:,} set"
            f"{'s' if held_sets != 1 else ''} of {len(review)} exercise name"
            f"{'s' if len(review) != 1 else ''} wait for your review",
            notes=prepared.notes,
            review=review,
            sha256=sha,
            rows=prepared.rows,
            rows_more=prepared.rows_more,
        )
    notes = prepared.notes
    if not counts:  # a re-export, or another file of the same activities
        notes.append("everything in it was stored already (from another file)")
    outcome = FileOutcome(
        incoming.name,
        fmt,
        "imported",
        stored_counts,
        notes=notes,
        sha256=sha,
        rows=prepared.rows,
        rows_more=prepared.rows_more,
        records=prepared.created,
    )
    _mark_imported(ctx, athlete_id, run, outcome, fmt)
    return outcome


def _keep_own(
    ctx: ServiceContext,
    athlete_id: int,
    run: _Run,
    matches: dict[str, exercise_names.NameMatch],
    logged: dict[str, str],
) -> list[str]:
    """Keep each name suggested as an own exercise (``NameMatch.own``) as the athlete's, in
    one short transaction, and map it to that exercise; the names kept."""
    wanted = [m for m in matches.values() if m.status == "own"]
    if not wanted:
        return []
    with run.writer.transaction():
        for match in wanted:
            row = own_exercises.keep(
                ctx, athlete_id, match.name, lifted=logged.get(match.name) != "timed"
            )
            matches[match.name] = replace(
                match, status="chosen", exercise_slug=row["slug"], exercise_name=row["name"]
            )
    return [m.name for m in wanted]


def _unit(value: object) -> Literal["kg", "lb"] | None:
    return "kg" if value == "kg" else "lb" if value == "lb" else None


def _distance_unit(value: object) -> Literal["km", "mi"] | None:
    return "km" if value == "km" else "mi" if value == "mi" else None


def _with_zone(
    ctx: ServiceContext, athlete_id: int, options: formats.ReadOptions
) -> formats.ReadOptions:
    """Local times without a zone are the athlete's (their profile's time zone, else UTC)."""
    if options.tz is not None:
        return options
    return replace(options, tz=training_log.athlete_zone(ctx, athlete_id))


def _run(ctx: ServiceContext, limits: ImportLimits | None, turn: Turn | None) -> _Run:
    """The import's state. Without a ``turn`` (the command line: the database queues writers)
    what the caller wrote before is committed first; a caller with a turn (a request) has
    written nothing before, so no slot is taken for a file that fails unwritten."""
    limits = limits or ImportLimits()
    writer = ShortTransactions(ctx.session, turn or nullcontext, limits.write_turn_s)
    if turn is None:
        writer.settle()
    return _Run(limits, writer)


def import_files(
    ctx: ServiceContext,
    athlete_id: int,
    files: Sequence[IncomingFile],
    *,
    options: formats.ReadOptions | None = None,
    progress: ProgressFn | None = None,
    limits: ImportLimits | None = None,
    turn: Turn | None = None,
) -> ImportSummary:
    """Import each file into the athlete (see the module's docstring); one file's failure is
    reported in its outcome and the others go on. Commits as it goes, each write transaction
    in ``turn`` (the caller's write slot; none: the database queues writers)."""
    ctx.scope(athlete_id)  # NotFound before anything is read
    opts = _with_zone(ctx, athlete_id, options or formats.ReadOptions())
    run = _run(ctx, limits, turn)
    summary = ImportSummary(athlete_id)
    for index, incoming in enumerate(files, start=1):
        summary.files.append(_one(ctx, athlete_id, incoming, opts, run))
        if progress is not None:
            progress(incoming.name, index, len(files))
    return summary


def resume(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    progress: ProgressFn | None = None,
    limits: ImportLimits | None = None,
    turn: Turn | None = None,
) -> ImportSummary:
    """Import the held files again, now with the athlete's choices, one at a time (each read
    from the database alone); files whose names still need review stay held."""
    scope = ctx.scope(athlete_id)
    run = _run(ctx, limits, turn)
    summary = ImportSummary(athlete_id)
    rows = held.held_files(ctx, scope, run.limits)
    for index, row in enumerate(rows, start=1):
        content = held.content_of(ctx, scope, row)
        if content is None:  # dropped meanwhile
            continue
        incoming = IncomingFile(row.filename, content)
        given = formats.ReadOptions(
            weight_unit=_unit(row.options.get("weight_unit")),
            distance_unit=_distance_unit(row.options.get("distance_unit")),
        )
        options = _with_zone(ctx, athlete_id, given)
        summary.files.append(_one(ctx, athlete_id, incoming, options, run, held_sha=row.sha256))
        del incoming, content
        if progress is not None:
            progress(row.filename, index, len(rows))
    return summary


class _Refused(Exception):
    """A choice was refused: the turn's transaction rolls back every choice made with it."""


KEEP_OWN = "__own__"
"""The choice "keep this name as my own exercise" (with what the name suggests)."""


def remember_choices(
    ctx: ServiceContext,
    athlete_id: int,
    choices: Mapping[str, str | None],
    *,
    turn: Turn | None = None,
) -> dict[str, InvalidInput]:
    """Remember what each name is (an exercise of the library or of the athlete's own,
    ``KEEP_OWN``: keep the name as an own exercise, or None: leave its sets out), all in one
    short transaction in ``turn``; when any choice names no such exercise, none is
    remembered and the problems are returned by name."""
    writer = ShortTransactions(ctx.session, turn or nullcontext)
    problems: dict[str, InvalidInput] = {}
    # A name kept as an own exercise is of the kind its held sets log (times or distances
    # only: a cardio exercise, not a lift).
    kinds = held.logged_kinds(ctx, athlete_id) if KEEP_OWN in choices.values() else {}
    try:
        with writer.transaction():
            for name, exercise in choices.items():
                try:
                    if exercise == KEEP_OWN:
                        lifted = kinds.get(name) != "timed"
                        own_exercises.keep(ctx, athlete_id, name, lifted=lifted)
                    else:
                        exercise_names.choose(ctx, athlete_id, name, exercise)
                except (InvalidInput, Conflict) as exc:
                    exc = exc if isinstance(exc, InvalidInput) else InvalidInput(exc.message)
                    problems[name] = exc
            if problems:
                raise _Refused
    except _Refused:
        pass
    return problems


class ImportedFileRow(TypedDict):
    """An imported file as the import pages list it."""

    name: str
    format: str
    imported_at: datetime
    counts: dict[str, Any]
    sha256: str
    can_take_back: bool


def imported_files(ctx: ServiceContext, athlete_id: int) -> list[ImportedFileRow]:
    """The athlete's imported files, newest first (name, format, when, counts)."""
    rows = repo.imported_files(ctx.session, ctx.scope(athlete_id))
    return [
        {
            "name": r.filename,
            "format": r.format,
            "imported_at": r.imported_at,
            "counts": r.counts,
            "sha256": r.sha256,
            # Taken back as a whole only when the import kept what it created.
            "can_take_back": bool(r.records),
        }
        for r in rows
    ]
