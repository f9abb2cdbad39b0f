"""The training records (version 1's kinds): workouts with their sets, cardio, daily metrics,
sleep, meals and feedback. Each record carries ``(source, source_id)`` (daily metrics: the
day), which is what makes an import idempotent."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict, TypeVar

from pydantic import BaseModel, ValidationError

from fitcoach.coach.schemas import (
    CardioIn,
    DailyMetricsIn,
    FeedbackIn,
    MealIn,
    SleepIn,
    WorkoutIn,
)
from fitcoach.core.domain import OWN_EXERCISE_PREFIX
from fitcoach.core.errors import InvalidInput
from fitcoach.services import exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.form_check import FormCheck
from fitcoach.services.portability.checks import (
    BY_NAME,
    PROGRESS_EVERY,
    Locator,
    Problems,
    check_not_future,
    iso,
    message_of,
    type_problems,
    utc_row,
)
from fitcoach.services.portability.format import (
    COLUMNS,
    FORM_FIELDS,
    RECORD_KINDS,
    SET_FIELDS,
    VERSION,
    ProgressFn,
)
from fitcoach.services.portability.report import KindCount
from fitcoach.services.training_log import MODELS
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import WorkoutSession
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import portability as repo
from fitcoach.storage.rows import picked

SCHEMAS: dict[str, type[BaseModel]] = {
    "workouts": WorkoutIn,
    "cardio": CardioIn,
    "daily": DailyMetricsIn,
    "sleep": SleepIn,
    "meals": MealIn,
    "feedback": FeedbackIn,
}
# Which timestamp the future-date rule checks for each kind (as the single-record log does).
TIME_FIELDS: dict[str, tuple[str, str]] = {
    "workouts": ("started_at", "workout start"),
    "cardio": ("started_at", "activity start"),
    "daily": ("day", "day"),
    "sleep": ("ended_at", "sleep end"),
    "meals": ("eaten_at", "meal time"),
    "feedback": ("recorded_at", "feedback time"),
}
_SET_BY_NAME = {c.name: c for c in SET_FIELDS}


class FormFields(TypedDict):
    """A set's form check fields (``FORM_FIELDS``) as an import stores them."""

    form_check: dict[str, Any] | None
    form_breakdown: bool | None


# A set without a form check.
_NO_FORM: FormFields = {"form_check": None, "form_breakdown": None}


# --------------------------------------------------------------------------------------------
# Export


def _export_workouts(ctx: ServiceContext, scope: AthleteScope) -> list[dict[str, Any]]:
    names = [c.name for c in COLUMNS["workouts"]]
    set_names = [c.name for c in SET_FIELDS]
    by_workout: dict[int, list[dict[str, Any]]] = {}
    for row in repo.set_rows(ctx.session, scope):
        item = picked(row, set_names)
        if isinstance(item["form_check"], dict):  # the set's row id stays in the installation
            item["form_check"] = {k: v for k, v in item["form_check"].items() if k != "set_id"}
        by_workout.setdefault(row["session_id"], []).append(item)
    out = []
    for workout in repo.workout_rows(ctx.session, scope):
        item = {k: iso(v) for k, v in picked(workout, names).items()}
        item["sets"] = by_workout.get(workout["id"], [])
        out.append(item)
    return out


def export_records(ctx: ServiceContext, scope: AthleteScope, kind: str) -> list[dict[str, Any]]:
    """Every record of one kind of the scoped athlete (workouts with their sets)."""
    if kind == "workouts":
        return _export_workouts(ctx, scope)
    names = [c.name for c in COLUMNS[kind]]
    rows = repo.record_rows(ctx.session, scope, MODELS[kind])
    return [{k: iso(row[k]) for k in names} for row in rows]


def csv_rows(doc: Mapping[str, Any], kind: str) -> Iterator[dict[str, Any]]:
    """The rows of ``kind``'s CSV file: sets are taken out of their workouts."""
    if kind != "sets":
        yield from doc.get(kind) or []
        return
    for workout in doc.get("workouts") or []:
        for position, item in enumerate(workout.get("sets") or []):
            yield {
                "workout_source": workout["source"],
                "workout_source_id": workout["source_id"],
                "position": position,
                **item,
            }


# --------------------------------------------------------------------------------------------
# Import: check


@dataclass
class CheckedRecords:
    """Training records that passed every check: rows ready to insert, per kind."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Per workout (same order as rows["workouts"]): its sets, with exercise ids.
    sets: list[list[dict[str, Any]]] = field(default_factory=list)


def own_placeholder(index: int) -> int:
    """The id a set of the document's own exercise ``index`` carries until it is written."""
    return -1 - index


def place_own(checked: CheckedRecords, slugs: list[str], ids: dict[str, int]) -> None:
    """Give the sets of the document's own exercises (placeholders) the ids they have now."""
    real = {own_placeholder(i): ids[slug] for i, slug in enumerate(slugs)}
    for sets in checked.sets:
        for item in sets:
            if item["exercise_id"] in real:
                item["exercise_id"] = real[item["exercise_id"]]


class RecordChecker:
    """Validates every training record with the service schemas and the future-date rule."""

    def __init__(
        self,
        ctx: ServiceContext,
        doc: Mapping[str, Any],
        problems: Problems,
        progress: ProgressFn | None,
        *,
        own: list[str] | None = None,
    ):
        self.ctx = ctx
        # The document's own exercises, by the slug its sets name: a placeholder id each
        # (``own_placeholder``) until the import makes them the athlete's (``place_own``).
        self.own = {slug: own_placeholder(i) for i, slug in enumerate(own or [])}
        self.doc = doc
        self.where = Locator(doc)
        self.problems = problems
        self.progress = progress
        self.total = sum(
            len(doc.get(k) or []) for k in RECORD_KINDS if isinstance(doc.get(k), list)
        )
        self.done = 0
        self.slugs = exercise_repo.slug_to_id(ctx.session)
        self.resolved: dict[str, int | None] = {}
        given = doc.get("version")
        self.version = given if isinstance(given, int) else VERSION
        # Per workout (its index): each set's checked form check fields (``_NO_FORM``: none).
        self.forms: dict[int, list[FormFields]] = {}

    def _tick(self) -> None:
        self.done += 1
        if self.progress and (self.done % PROGRESS_EVERY == 0 or self.done == self.total):
            self.progress("checking records", self.done, self.total)

    def _exercise(self, text: str, kind: str, index: int, loc: list[int | str]) -> int | None:
        """Slugs resolve from one query; a name or alias (hand-written files) resolves as the
        single-record log does. Each unknown name is reported once."""
        if text in self.own:
            return self.own[text]
        if text in self.slugs and not text.startswith(OWN_EXERCISE_PREFIX):
            return self.slugs[text]
        if text not in self.resolved:
            try:
                self.resolved[text] = exercises.resolve(self.ctx, text).id
            except InvalidInput as exc:
                self.resolved[text] = None
                self.problems.add(f"{self.where(kind, index, loc)}: {exc.message}")
        return self.resolved[text]

    def _validate(self, kind: str, index: int, raw: Any) -> BaseModel | None:
        if not isinstance(raw, dict):
            self.problems.add(f"{self.where(kind, index, [])}: a record must be an object")
            return None
        reported: set[tuple[int | str, ...]] = set()
        for name, message in type_problems(BY_NAME[kind], raw):
            self.problems.add(f"{self.where(kind, index, [name])}: {message}")
            reported.add((name,))
        if kind == "workouts" and isinstance(raw.get("sets"), list):
            for j, item in enumerate(raw["sets"]):
                if isinstance(item, dict):
                    for name, message in type_problems(_SET_BY_NAME, item):
                        self.problems.add(
                            f"{self.where(kind, index, ['sets', j, name])}: {message}"
                        )
                        reported.add(("sets", j, name))
        if kind == "workouts" and isinstance(raw.get("sets"), list):
            raw = self._take_form_checks(index, raw, reported)
        for name in ("source", "source_id"):
            if raw.get(name) is None:
                self.problems.add(
                    f"{self.where(kind, index, [name])}: required in an import "
                    "(it identifies the record, so that importing again skips it)"
                )
                reported.add((name,))
        try:
            spec = SCHEMAS[kind].model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                if tuple(err["loc"]) in reported:
                    continue  # already said, in the format's own words
                self.problems.add(f"{self.where(kind, index, list(err['loc']))}: {message_of(err)}")
            return None
        if reported:
            return None
        time_field, what = TIME_FIELDS[kind]
        place = self.where(kind, index, [time_field])
        if not check_not_future(
            self.ctx, getattr(spec, time_field), time_field, what, place, self.problems
        ):
            return None
        return spec

    def _take_form_checks(
        self, index: int, raw: dict[str, Any], reported: set[tuple[int | str, ...]]
    ) -> dict[str, Any]:
        """The workout with its sets' form check fields taken out (the set schema is what a
        person logs; a form check comes from a filmed set), checked into ``self.forms``."""
        sets: list[Any] = []
        forms: list[FormFields] = []
        for j, item in enumerate(raw["sets"]):
            if not isinstance(item, dict):
                sets.append(item)
                forms.append(_NO_FORM)
                continue
            sets.append({k: v for k, v in item.items() if k not in FORM_FIELDS})
            given = {k: item[k] for k in FORM_FIELDS if item.get(k) is not None}
            forms.append(self._form_check(index, j, given, reported) if given else _NO_FORM)
        self.forms[index] = forms
        return {**raw, "sets": sets}

    def _form_check(
        self,
        index: int,
        position: int,
        given: dict[str, Any],
        reported: set[tuple[int | str, ...]],
    ) -> FormFields:
        """A set's form check fields as they will be stored, or ``_NO_FORM`` with the problems
        added: the result must read as a form check, and agree with ``form_breakdown``."""

        def problem(name: str, message: str) -> FormFields:
            self.problems.add(
                f"{self.where('workouts', index, ['sets', position, name])}: {message}"
            )
            reported.add(("sets", position, name))
            return _NO_FORM

        if self.version < 3:
            for name in given:
                problem(name, f"not part of a version {self.version} export (since version 3)")
            return _NO_FORM
        if any(("sets", position, name) in reported for name in given):
            return _NO_FORM  # a value of the wrong type, already said
        check, breakdown = given.get("form_check"), given.get("form_breakdown")
        if check is None:
            return {"form_check": None, "form_breakdown": breakdown}
        if "set_id" in check:
            return problem("form_check", "set_id: not allowed (a set's id stays in fitcoach)")
        try:
            parsed = FormCheck.model_validate({**check, "set_id": 0})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            return problem("form_check", f"{where}: {message_of(first)}")
        if breakdown is None:
            breakdown = parsed.breakdown
        elif breakdown != parsed.breakdown:
            return problem(
                "form_breakdown",
                f"{breakdown} but form_check.breakdown is {parsed.breakdown}; they must agree",
            )
        stored = parsed.model_dump(mode="json", exclude={"set_id"})
        return {"form_check": stored, "form_breakdown": breakdown}

    def check(self) -> CheckedRecords:
        checked = CheckedRecords()
        for kind in RECORD_KINDS:
            records = self.doc.get(kind)
            checked.rows[kind] = []
            if records is None:
                continue
            if not isinstance(records, list):
                self.problems.add(f"{kind}: must be a list of records")
                continue
            seen: dict[Any, int] = {}
            for index, raw in enumerate(records):
                self._tick()
                spec = self._validate(kind, index, raw)
                if spec is None:
                    continue
                key: Any = (
                    spec.day
                    if isinstance(spec, DailyMetricsIn)
                    else (getattr(spec, "source"), getattr(spec, "source_id"))  # noqa: B009
                )
                if key in seen:
                    what = "day" if kind == "daily" else "source_id"
                    self.problems.add(
                        f"{self.where(kind, index, [what])}: {key!r} repeats "
                        f"{self.where(kind, seen[key], [])}; each record must be given once"
                    )
                    continue
                seen[key] = index
                self._row(kind, index, spec, checked)
        return checked

    def _row(self, kind: str, index: int, spec: BaseModel, checked: CheckedRecords) -> None:
        if isinstance(spec, WorkoutIn):
            sets = []
            forms = self.forms.get(index) or []
            for position, s in enumerate(spec.sets):
                exercise_id = self._exercise(
                    s.exercise, kind, index, ["sets", position, "exercise"]
                )
                values = s.model_dump(exclude={"exercise"})
                form = forms[position] if position < len(forms) else _NO_FORM
                sets.append({**values, **form, "exercise_id": exercise_id, "position": position})
            checked.rows[kind].append(utc_row(spec.model_dump(exclude={"sets"})))
            checked.sets.append(sets)
            return
        values = spec.model_dump()
        if isinstance(spec, CardioIn):  # normalised as the single-record log does
            values["activity_type"] = values["activity_type"].lower().replace(" ", "_")
        checked.rows[kind].append(utc_row(values))


# --------------------------------------------------------------------------------------------
# Import: write


_Row = TypeVar("_Row")


def counting(
    rows: Iterable[_Row], step: str, total: int, progress: ProgressFn | None
) -> Iterator[_Row]:
    """``rows`` as they are, reporting progress every few thousand."""
    for done, row in enumerate(rows, start=1):
        yield row
        if progress and done % PROGRESS_EVERY == 0:
            progress(step, done, total)
    if progress and total:
        progress(step, total, total)


def write_records(
    ctx: ServiceContext,
    scope: AthleteScope,
    checked: CheckedRecords,
    progress: ProgressFn | None,
) -> dict[str, KindCount]:
    """Insert the records not stored yet; a workout already stored keeps its sets as they are."""
    session = ctx.session
    counts: dict[str, KindCount] = {}
    workouts = checked.rows["workouts"]
    stored = repo.source_ids(session, scope, WorkoutSession)
    new = [
        (row, sets)
        for row, sets in zip(workouts, checked.sets, strict=True)
        if (row["source"], row["source_id"]) not in stored
    ]
    inserted = repo.insert_records(
        session,
        scope,
        WorkoutSession,
        counting((row for row, _ in new), "writing workouts", len(new), progress),
    )
    counts["workouts"] = KindCount(len(workouts), inserted, len(workouts) - inserted)
    ids = repo.source_ids(session, scope, WorkoutSession)
    # A form check is stored once its set has an id (its result names the set).
    set_rows = [
        {**s, "session_id": ids[(row["source"], row["source_id"])], "form_check": None}
        for row, sets in new
        for s in sets
    ]
    checks = {
        (ids[(row["source"], row["source_id"])], s["position"]): s["form_check"]
        for row, sets in new
        for s in sets
        if s["form_check"] is not None
    }
    sets_read = sum(len(sets) for sets in checked.sets)
    sets_inserted = repo.insert_sets(
        session,
        scope,
        counting(set_rows, "writing sets", len(set_rows), progress),
        workout_ids=sorted({r["session_id"] for r in set_rows}),
    )
    counts["sets"] = KindCount(sets_read, sets_inserted, sets_read - sets_inserted)
    if checks:
        set_ids = repo.set_ids(session, scope, sorted({workout for workout, _ in checks}))
        repo.put_form_checks(
            session,
            scope,
            {
                set_ids[key]: {**check, "set_id": set_ids[key]}
                for key, check in checks.items()
                if key in set_ids
            },
        )
    for kind in RECORD_KINDS[1:]:
        rows = checked.rows[kind]
        inserted = repo.insert_records(
            session, scope, MODELS[kind], counting(rows, f"writing {kind}", len(rows), progress)
        )
        counts[kind] = KindCount(len(rows), inserted, len(rows) - inserted)
    return counts
