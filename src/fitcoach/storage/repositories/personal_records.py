"""Personal records per athlete and exercise, kept as sets are written.

Reading them is one indexed query whatever the length of the history. Every writer of sets
merges the new sets in (``merge``): their bests are folded in Python by
``analysis.strength.personal_records`` (the one definition of a record) and merged into the
stored row by one upsert whose CASE expressions keep, best by best, the better of the stored
and the new (on a tie the earlier, as a fold over every set in time order keeps). The
comparison runs inside the database, so two writers of the same exercise cannot lose each
other's best. A change that can lower a best (sets deleted or edited) calls ``recompute`` for
the exercises it touched, which folds their stored sets again; ``rebuild`` does so for every
exercise of an athlete (after sets were bulk-inserted behind the services' back).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ARRAY, Integer, Table, and_, any_, bindparam, case, delete, or_, select
from sqlalchemy.orm import Session

from fitcoach.analysis.strength import PersonalRecords, SetRecord, personal_records
from fitcoach.storage import driver, versions
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Exercise, PersonalRecord, SetLog, WorkoutSession
from fitcoach.storage.repositories import json_rows
from fitcoach.storage.repositories.bulk import upsert_insert

TABLE: Table = PersonalRecord.__table__  # type: ignore[assignment]
BESTS = (
    "best_e1rm_kg",
    "best_e1rm_at",
    "e1rm_reliable",
    "heaviest_kg",
    "heaviest_reps",
    "heaviest_at",
    "best_set_volume_kg",
    "best_set_volume_at",
    "most_reps",
)
# At most this many exercise ids in one IN list (SQLite's bound-parameter limit is far above).
_CHUNK = 500


class StoredSet(NamedTuple):
    """A set as the records need it: when its workout started, the exercise, what was done."""

    at: datetime
    exercise_id: int
    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool
    is_warmup: bool


def _fold(sets: Iterable[StoredSet]) -> dict[int, PersonalRecords]:
    """Records per exercise id over ``sets``, which come in time order (then position)."""
    folded = personal_records(
        SetRecord(s.at, str(s.exercise_id), s.reps, s.weight_kg, s.rir, s.completed, s.is_warmup)
        for s in sets
    )
    return {int(key): record for key, record in folded.items()}


def _row(athlete_id: int, exercise_id: int, record: PersonalRecords) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "exercise_id": exercise_id,
        **{name: getattr(record, name) for name in BESTS},
    }


def _better(new: Any, old: Any, *keys: str, at: str) -> Any:
    """SQL: the new row's best beats the stored one (``keys`` compared in turn, greater wins;
    equal on all of them: the earlier ``at`` wins)."""
    first, *rest = keys
    if not rest:
        tie = and_(new[first] == old[first], new[at] < old[at])
        return or_(new[first] > old[first], tie)
    deeper = _better(new, old, *rest, at=at)
    return or_(new[first] > old[first], and_(new[first] == old[first], deeper))


def _upsert_statement(dialect: str, *, replace: bool, as_json: bool = False) -> Any:
    """The upsert ``_upsert`` runs, its rows given apart (an executemany): built once per
    dialect, a statement SQLAlchemy compiles once. With the rows in the statement (``values``)
    it was compiled again for every write, a sixth of logging a workout. ``as_json``
    (PostgreSQL): the rows come as one JSON parameter (``json_rows``)."""
    key = (dialect, replace, as_json)
    stmt = _STATEMENTS.get(key)
    if stmt is not None:
        return stmt
    insert = upsert_insert(dialect, TABLE)
    if as_json:
        insert = insert.from_select(_KEYS, json_rows.rows_select(TABLE, _KEYS))
    new, old = insert.excluded, TABLE.c
    if replace:
        values: Mapping[str, Any] = {name: new[name] for name in BESTS}
    else:
        e1rm = _better(new, old, "best_e1rm_kg", at="best_e1rm_at")
        heaviest = _better(new, old, "heaviest_kg", "heaviest_reps", at="heaviest_at")
        volume = _better(new, old, "best_set_volume_kg", at="best_set_volume_at")

        def pick(won: Any, name: str) -> Any:
            return case((won, new[name]), else_=old[name])

        values = {
            "best_e1rm_kg": pick(e1rm, "best_e1rm_kg"),
            "best_e1rm_at": pick(e1rm, "best_e1rm_at"),
            "e1rm_reliable": pick(e1rm, "e1rm_reliable"),
            "heaviest_kg": pick(heaviest, "heaviest_kg"),
            "heaviest_reps": pick(heaviest, "heaviest_reps"),
            "heaviest_at": pick(heaviest, "heaviest_at"),
            "best_set_volume_kg": pick(volume, "best_set_volume_kg"),
            "best_set_volume_at": pick(volume, "best_set_volume_at"),
            "most_reps": pick(new["most_reps"] > old["most_reps"], "most_reps"),
        }
    stmt = insert.on_conflict_do_update(index_elements=["athlete_id", "exercise_id"], set_=values)
    # The JSON form runs on psycopg's cursor (``json_rows``, ``driver``).
    _STATEMENTS[key] = driver.Statement(stmt) if as_json else stmt
    return _STATEMENTS[key]


_STATEMENTS: dict[tuple[str, bool, bool], Any] = {}
_KEYS = ("athlete_id", "exercise_id", *BESTS)  # a row's keys (``_row``)


def _upsert(session: Session, rows: list[dict[str, Any]], *, replace: bool) -> None:
    """Insert ``rows``; a stored (athlete, exercise) keeps the better of each best, or takes
    the new values outright with ``replace``. ``rows`` name distinct exercises.

    On the session's connection, as Core: pending changes are flushed first and the
    athletes' versions noted here (``versions.touch``), as the session's execution would have
    done. On PostgreSQL the rows go as one JSON parameter (``json_rows``), not an
    executemany."""
    if not rows:
        return
    if session.autoflush:
        session.flush()
    connection = session.connection()
    dialect = connection.dialect.name
    versions.touch(session, {row["athlete_id"] for row in rows})
    json_rows.execute(
        connection,
        TABLE,
        _KEYS,
        rows,
        as_json=_upsert_statement(dialect, replace=replace, as_json=True),
        many=_upsert_statement(dialect, replace=replace),
    )


def _beats(new: Mapping[str, Any], old: Mapping[Any, Any], *keys: str, at: str) -> bool:
    """``_better`` in Python, with SQL's NULLs: a comparison with None is never true."""
    first, *rest = keys
    n, o = new[first], old[first]
    greater = n is not None and o is not None and n > o
    equal = n is not None and o is not None and n == o
    if not rest:
        tie = equal and new[at] is not None and old[at] is not None and new[at] < old[at]
        return greater or tie
    return greater or (equal and _beats(new, old, *rest, at=at))


def _improves(new: Mapping[str, Any], old: Mapping[Any, Any]) -> bool:
    """Whether the merging upsert would change ``old`` (a stored row) with ``new``: one of its
    CASE expressions picks a new value (``_upsert_statement``, read the same way)."""
    return (
        _beats(new, old, "best_e1rm_kg", at="best_e1rm_at")
        or _beats(new, old, "heaviest_kg", "heaviest_reps", at="heaviest_at")
        or _beats(new, old, "best_set_volume_kg", at="best_set_volume_at")
        or (
            new["most_reps"] is not None
            and old["most_reps"] is not None
            and new["most_reps"] > old["most_reps"]
        )
    )


# The stored bests of some exercises of one athlete, read FOR KEY SHARE on PostgreSQL (SQLite
# leaves the lock out): see ``merge``. Built once per dialect: on PostgreSQL the ids go as one
# array (``= ANY``), so the statement is the same SQL for any number of exercises and runs
# prepared on psycopg's cursor (``driver``); elsewhere as an IN list.
_STORED: dict[str, driver.Statement] = {}


def _stored_statement(dialect: str) -> driver.Statement:
    statement = _STORED.get(dialect)
    if statement is None:
        ids = (
            TABLE.c.exercise_id == any_(bindparam("ids", type_=ARRAY(Integer)))
            if dialect == "postgresql"
            else TABLE.c.exercise_id.in_(bindparam("ids", expanding=True))
        )
        statement = _STORED[dialect] = driver.Statement(
            select(TABLE.c.exercise_id, *(TABLE.c[name] for name in BESTS))
            .where(TABLE.c.athlete_id == bindparam("athlete_id"), ids)
            .with_for_update(read=True, key_share=True)
        )
    return statement


def merge(session: Session, scope: AthleteScope, sets: Iterable[StoredSet]) -> None:
    """Merge newly stored sets of the scoped athlete into their records. ``sets`` come in time
    order (then position), as a fold over them would read them.

    Most workouts beat no record, so the stored rows are read first and only the rows the
    upsert would change go to it. The upsert locks each row it meets until commit, new best
    or not: every writer of the athlete's exercises queued behind the last one's COMMIT and
    its WAL flush (10 clients logging on PostgreSQL waited there most of the time,
    2026-11-29). The read takes ``FOR KEY SHARE`` on PostgreSQL: the weakest row lock, which
    neither another writer's read nor its upsert (``FOR NO KEY UPDATE``: no key changes)
    waits on, so two writers beating the same best never deadlock upgrading a shared lock;
    only ``FOR UPDATE`` waits on it, which a ``recompute`` (it can lower a best) takes before
    it folds: it waits for a writer that read a best as it was, and then sees its sets."""
    best = _fold(sets)
    rows = [_row(scope.athlete_id, e, r) for e, r in sorted(best.items())]
    if not rows:
        return
    if session.autoflush:
        session.flush()
    connection = session.connection()
    found = _stored_statement(connection.dialect.name).rows(
        connection, {"athlete_id": scope.athlete_id, "ids": [row["exercise_id"] for row in rows]}
    )
    stored = {row[0]: dict(zip(BESTS, row[1:], strict=True)) for row in found}
    changed = [
        r for r in rows if r["exercise_id"] not in stored or _improves(r, stored[r["exercise_id"]])
    ]
    _upsert(session, changed, replace=False)


def _stored_sets(
    session: Session, athlete_id: int, exercise_ids: Collection[int] | None
) -> list[StoredSet]:
    """The athlete's sets that can hold a record (completed working sets with a load), in
    time order, for the given exercises (all when None)."""
    stmt = (
        select(
            WorkoutSession.started_at,
            SetLog.exercise_id,
            SetLog.reps,
            SetLog.weight_kg,
            SetLog.rir,
            SetLog.completed,
            SetLog.is_warmup,
        )
        .join(WorkoutSession, WorkoutSession.id == SetLog.session_id)
        .where(
            SetLog.athlete_id == athlete_id,
            SetLog.completed.is_(True),
            SetLog.is_warmup.is_(False),
            SetLog.weight_kg > 0,
            SetLog.reps > 0,
        )
        .order_by(WorkoutSession.started_at, SetLog.session_id, SetLog.position)
    )
    if exercise_ids is not None:
        stmt = stmt.where(SetLog.exercise_id.in_(sorted(exercise_ids)))
    return [StoredSet(*row) for row in session.execute(stmt)]


def _recompute(session: Session, athlete_id: int, exercise_ids: Collection[int]) -> None:
    ids = sorted(set(exercise_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        # Lock the rows before folding (``merge``): a writer that read them waits or is waited for.
        session.execute(
            select(TABLE.c.exercise_id)
            .where(TABLE.c.athlete_id == athlete_id, TABLE.c.exercise_id.in_(chunk))
            .with_for_update()
        ).all()
        best = _fold(_stored_sets(session, athlete_id, chunk))
        gone = [e for e in chunk if e not in best]
        if gone:
            session.execute(
                delete(TABLE).where(TABLE.c.athlete_id == athlete_id, TABLE.c.exercise_id.in_(gone))
            )
        _upsert(session, [_row(athlete_id, e, r) for e, r in sorted(best.items())], replace=True)


def recompute(session: Session, scope: AthleteScope, exercise_ids: Iterable[int]) -> None:
    """Fold the stored sets of these exercises of the scoped athlete again: what a change that
    can lower a record (a set deleted or edited) calls for the exercises it touched."""
    _recompute(session, scope.athlete_id, list(exercise_ids))


def recompute_pairs(session: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """``recompute`` for (athlete id, exercise id) pairs of several athletes: the operator's
    retention prune, which deletes workouts of every athlete at once (as unscoped as the
    prune itself; no athlete's data leaves the database)."""
    by_athlete: dict[int, set[int]] = defaultdict(set)
    for athlete_id, exercise_id in pairs:
        by_athlete[athlete_id].add(exercise_id)
    for athlete_id, ids in sorted(by_athlete.items()):
        _recompute(session, athlete_id, ids)


def rebuild(session: Session, scope: AthleteScope) -> None:
    """Every record of the scoped athlete folded again from all their stored sets."""
    session.execute(delete(TABLE).where(TABLE.c.athlete_id == scope.athlete_id))
    best = _fold(_stored_sets(session, scope.athlete_id, None))
    _upsert(session, [_row(scope.athlete_id, e, r) for e, r in sorted(best.items())], replace=True)


def for_athlete(
    session: Session, scope: AthleteScope, exercise_id: int | None = None
) -> list[PersonalRecords]:
    """The scoped athlete's records (of one exercise, or all), best e1RM first."""
    stmt = (
        select(Exercise.slug, *(TABLE.c[name] for name in BESTS))
        .join(Exercise, Exercise.id == TABLE.c.exercise_id)
        .where(TABLE.c.athlete_id == scope.athlete_id)
        .order_by(TABLE.c.best_e1rm_kg.desc(), Exercise.slug)
    )
    if exercise_id is not None:
        stmt = stmt.where(TABLE.c.exercise_id == exercise_id)
    return [
        PersonalRecords(exercise=row.slug, **{name: row._mapping[name] for name in BESTS})
        for row in session.execute(stmt)
    ]
