"""Bring your history in: device files (FIT, TCX, GPX) and app exports (Strong, Hevy, FitNotes,
WHOOP, Apple Health, fitcoach's own) uploaded as files, the exercise names held for review,
and the athlete's answers to them. Thin over ``services.imports`` and
``services.exercise_names``.

Each file of an upload is its own unit: a broken file is answered in the body with its problem
(status ``failed``) while the others import, so an upload answers 200 whatever became of its
files; only what concerns the whole request (authentication, the athlete, the body's size) is an
error status.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import File, Form, Request, Response, UploadFile
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fitcoach.core.errors import InvalidInput
from fitcoach.interfaces.api.deps import (
    ApiRoute,
    AthleteId,
    ContextDep,
    WriteDep,
    WriteTurnsDep,
    takes_write_turns,
)
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import error_responses
from fitcoach.interfaces.api.uploads import chosen, import_uploads, limits_of, resume_held
from fitcoach.services import imports
from fitcoach.services.context import ServiceContext
from fitcoach.services.imports import FileOutcome, ImportSummary

ERRORS = error_responses(401, 403, 404, 422)
MAX_CHOICES = 500

router = IndexedRouter(prefix="/athletes", tags=["imports"], route_class=ApiRoute, responses=ERRORS)

ImportStatus = Literal[
    "imported", "already imported", "needs review", "failed", "nothing to import"
]
WeightUnit = Literal["kg", "lb"]
Sha256 = Annotated[
    str,
    PathParam(
        pattern=r"^[0-9a-f]{64}$",
        description="The held file's SHA-256 (`sha256` of the file in `pending`).",
    ),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class OwnSuggestionOut(BaseModel):
    """What keeping a name as the athlete's own exercise would keep, as its name suggests."""

    name: str = Field(description="The exercise's name (the app's, as written).")
    category: str = Field(description="strength, cardio, ... as the library's categories.")
    movement_pattern: str = Field(description='The movement pattern, or "unknown".')
    equipment: list[str] = Field(description='The equipment, or ["unknown"].')
    primary_muscles: list[str]
    secondary_muscles: list[str]
    mechanics: str = Field(description="compound or isolation.")
    clear: bool = Field(description="Whether the name clearly says one movement.")
    like: str | None = Field(description="The library exercise the suggestion follows (slug).")
    plannable: bool = Field(
        description="Whether its pattern and equipment are known (own exercises are still "
        "never placed in a plan: docs/coaching.md)."
    )


class ReviewNameOut(BaseModel):
    """An exercise name of a file that fitcoach is not sure of, with what it may be."""

    model_config = ConfigDict(from_attributes=True)

    name: str = Field(description="The name as the app wrote it.")
    suggestions: list[str] = Field(
        description="Library exercises it may be, best first (choose one, name another "
        "library exercise, or leave its sets out)."
    )
    files: list[str] = Field(description="The files that hold it.")
    sets: int = Field(
        description="How many sets carry it in this upload's files (0 in the list of held "
        "files, which keeps only the names)."
    )
    own: OwnSuggestionOut | None = Field(
        None,
        description='What the choice "__own__" (keep as my own exercise) keeps: the pattern, '
        'equipment and muscles its name suggests ("unknown" where it says none).',
    )


class FileOutcomeOut(BaseModel):
    """One file: what it was, what became of it and why."""

    model_config = ConfigDict(from_attributes=True)

    name: str = Field(description="The file's name as uploaded.")
    format: str | None = Field(description="The format read from its content; null if unknown.")
    status: ImportStatus
    counts: dict[str, int] = Field(
        description="What was stored (workouts, sets, cardio, sleeps, days, measurements, "
        "hr_samples, records): new records only."
    )
    message: str = Field(description="Why it failed, was held or was skipped.")
    notes: list[str] = Field(description="What the reader or the import left out, and why.")
    review: list[ReviewNameOut] = Field(description="The names that hold this file back.")
    sha256: str = Field(description="The file's content hash (a held file is dropped by it).")
    rows: list[str] = Field(
        default_factory=list,
        description="The rows left out or repaired, each in words (the first 200).",
    )
    rows_more: int = Field(default=0, description="Rows left out or repaired past those named.")


class ImportSummaryOut(BaseModel):
    """Every file of one import, in the order given, and the totals stored."""

    athlete_id: int
    summary: str = Field(
        description='One sentence: "83 workouts, 2,440 sets, 12 cardio sessions imported; '
        '9 exercise names need your review; 1 file failed".'
    )
    totals: dict[str, int] = Field(description="What was stored, over the files imported.")
    all_failed: bool = Field(description="True when there were files and every one of them failed.")
    files: list[FileOutcomeOut]
    review: list[ReviewNameOut] = Field(
        description="The names to review over every held file, each once."
    )


class ImportedFileOut(BaseModel):
    """A file imported into the athlete."""

    name: str
    format: str
    imported_at: datetime
    counts: dict[str, int]
    sha256: str = Field(description="The file's content hash (an import is taken back by it).")
    can_take_back: bool = Field(
        description="Whether the import can be taken back as a whole (it kept what it stored)."
    )


class TakenBackOut(BaseModel):
    """An import taken back: the file's name and what was deleted, by kind."""

    name: str
    format: str
    removed: dict[str, int] = Field(
        description="Deleted records by kind: workouts, sets, cardio, sleep, recordings."
    )


class ImportsOut(BaseModel):
    """The athlete's imported files (newest first, the last 100) and the files held for the
    review of their exercise names."""

    athlete_id: int
    imported: list[ImportedFileOut]
    pending: list[FileOutcomeOut] = Field(description="The held files (status `needs review`).")
    review: list[ReviewNameOut] = Field(
        description="The names to review over every held file, each once, with suggestions."
    )


class ReviewIn(BaseModel):
    """What each reviewed name is: an exercise of the library or of the athlete's own (its slug
    or exact name), "__own__" to keep the name as the athlete's own exercise (with what the
    name suggests; PATCH .../own-exercises/{slug} changes it), or null to leave its sets out.
    Each choice is remembered for the athlete's later imports and the chat."""

    model_config = ConfigDict(extra="forbid")

    choices: dict[Name, Name | None] = Field(
        default_factory=dict,
        max_length=MAX_CHOICES,
        description='{"Iso-Lateral Row (Machine)": "chest-supported-machine-row", "Warm Up": null}',
    )


def summary_out(summary: ImportSummary) -> ImportSummaryOut:
    """The service's summary as the API answers it."""
    files = summary.files
    return ImportSummaryOut(
        athlete_id=summary.athlete_id,
        summary=summary.text(),
        totals=summary.totals,
        all_failed=bool(files) and all(f.status == "failed" for f in files),
        files=[outcome_out(f) for f in files],
        review=[ReviewNameOut.model_validate(r) for r in summary.review],
    )


def outcome_out(outcome: FileOutcome) -> FileOutcomeOut:
    """One file's outcome as the API answers it."""
    return FileOutcomeOut.model_validate(outcome)


def remember_choices(
    ctx: ServiceContext,
    athlete_id: int,
    choices: dict[str, str | None],
    *,
    request: Request,
    turn: imports.Turn,
) -> ImportSummary:
    """Remember each name's choice, then import the held files with them. A choice that names
    no library exercise refuses the whole review, naming the app's name, and none of the
    choices is remembered."""
    ctx.scope(athlete_id)
    problems = imports.remember_choices(ctx, athlete_id, choices, turn=turn)
    for name, exc in problems.items():
        raise InvalidInput(f"{name!r}: {exc.message}", details=exc.details) from None
    return resume_held(ctx, athlete_id, request=request, turn=turn)


@router.post(
    "/{athlete_id}/imports",
    response_model=ImportSummaryOut,
    responses=error_responses(401, 403, 404, 409, 413, 422, 429),
)
@takes_write_turns
def upload_files(
    athlete_id: AthleteId,
    ctx: ContextDep,
    _write: WriteDep,
    request: Request,
    turn: WriteTurnsDep,
    files: Annotated[
        list[UploadFile],
        File(
            description="One or more files: FIT, TCX, GPX; Strong, Hevy, FitNotes or WHOOP "
            "exports; Apple Health's export.zip; a fitcoach export. The format is read from "
            "each file's content."
        ),
    ],
    weight_unit: Annotated[
        WeightUnit | None,
        Form(description="kg or lb: the weight unit of an export that does not say it."),
    ] = None,
    distance_unit: Annotated[
        Literal["km", "mi"] | None,
        Form(description="km or mi: the distance unit of an export that does not say it."),
    ] = None,
) -> ImportSummaryOut:
    """Import files into the athlete's history. Each file is all-or-nothing: one that fails
    is in the answer with its problem (`failed`, `message`) and the others go on, so the answer
    is 200 even when every file failed (`all_failed`). A file imported before is `already
    imported` and stores nothing; a strength export with exercise names fitcoach is not sure of
    is held (`needs review`, nothing stored) until `POST .../imports/review`. The whole request
    may be at most `FITCOACH_MAX_IMPORT_BYTES` (413 above); each file within the import limits
    (docs/security.md, "Imported files"), past which it fails. After
    `FITCOACH_IMPORT_MAX_FAILURES` failed files within `FITCOACH_IMPORT_FAILURE_WINDOW_S`,
    uploads for the athlete answer 429 (with `Retry-After`) until the window frees."""
    summary = import_uploads(
        ctx, athlete_id, chosen(files), weight_unit, distance_unit, request=request, turn=turn
    )
    return summary_out(summary)


@router.get("/{athlete_id}/imports", response_model=ImportsOut)
def list_imports(athlete_id: AthleteId, ctx: ContextDep, request: Request) -> ImportsOut:
    """The athlete's imported files (newest first, the last 100) and the files held for
    review, with the names to review and the library's suggestions for each."""
    held = imports.pending(ctx, athlete_id, limits_of(request))
    return ImportsOut(
        athlete_id=athlete_id,
        imported=[ImportedFileOut(**row) for row in imports.imported_files(ctx, athlete_id)],
        pending=[outcome_out(f) for f in held.files],
        review=[ReviewNameOut.model_validate(r) for r in held.review],
    )


@router.post(
    "/{athlete_id}/imports/review",
    response_model=ImportSummaryOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
@takes_write_turns
def review_names(
    athlete_id: AthleteId,
    body: ReviewIn,
    ctx: ContextDep,
    _write: WriteDep,
    request: Request,
    turn: WriteTurnsDep,
) -> ImportSummaryOut:
    """Say what each held name is (`{"choices": {"App name": "exercise slug or name" | null}}`,
    null: leave its sets out), remembered for later imports too; then the held files are
    imported with them. Files whose names still need review stay held. A choice that names no
    library exercise is 422 (with suggestions) and nothing is remembered."""
    summary = remember_choices(ctx, athlete_id, dict(body.choices), request=request, turn=turn)
    return summary_out(summary)


@router.delete(
    "/{athlete_id}/imports/pending/{sha256}",
    status_code=204,
    response_class=Response,
    responses=error_responses(401, 403, 404, 422),
)
def drop_pending(athlete_id: AthleteId, sha256: Sha256, ctx: ContextDep, _write: WriteDep) -> None:
    """Forget a held file without importing anything of it (404 when no such file is held)."""
    imports.drop_pending(ctx, athlete_id, sha256)


@router.delete(
    "/{athlete_id}/imports/{sha256}",
    response_model=TakenBackOut,
    responses=error_responses(401, 403, 404, 409, 422),
)
def take_back(
    athlete_id: AthleteId, sha256: Sha256, ctx: ContextDep, _write: WriteDep
) -> TakenBackOut:
    """Take an import back as a whole: every workout, cardio session, night of sleep and
    heart-rate recording the file brought in is deleted (records it found stored already
    stay), and the file may be imported again. 404: no such import; 409: an import that
    stored nothing new, or one from before fitcoach kept what each import stored."""
    return TakenBackOut(**imports.take_back(ctx, athlete_id, sha256))
