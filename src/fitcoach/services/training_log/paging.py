"""Reading records back over a date range: ``history`` (rows as dicts) and ``history_json``
(a record page's JSON, limit and offset, served from the result cache), with each record's
JSON kept per process in ``ITEMS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, get_args

from pydantic import BaseModel, TypeAdapter

from fitcoach.core import bounds
from fitcoach.core.errors import InvalidInput
from fitcoach.services import results
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log.cache import _SNAPSHOT
from fitcoach.services.training_log.kinds import MODELS, RecordKind
from fitcoach.services.training_log.windows import _check_window, _read, _time_window, athlete_zone
from fitcoach.storage import access, versions
from fitcoach.storage.models import DailyMetric, WorkoutSession
from fitcoach.storage.repositories import training_log as repo


def history(
    ctx: ServiceContext,
    athlete_id: int,
    kind: RecordKind,
    start: date | None = None,
    end: date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    latest: bool = False,
    sets: bool = True,
) -> list[dict[str, Any]]:
    """Records of one kind between two days (inclusive), oldest first; workouts carry sets.
    ``latest``: the ``limit`` newest of the range (after skipping ``offset`` newest), not the
    oldest. ``sets=False``: workouts carry ``set_count`` instead of their sets (see
    ``set_count``), for work that only counts them.

    Days are the athlete's local days (their time zone): a workout at 20:30 in Chicago is on
    that day, not the next UTC one; a sleep belongs to the local day the athlete woke up
    (``night_of``), so sleep is chosen by its end."""
    _check_window(kind, start, end)
    _check_paging(limit, offset)
    held = _SNAPSHOT.get()
    if held is not None and limit is None and offset == 0:
        rows_held = held.serve(ctx, athlete_id, kind, start, end)
        if rows_held is not None:
            return rows_held
    scope = ctx.scope(athlete_id)
    model = MODELS[kind]
    zone = athlete_zone(ctx, athlete_id) if model is not DailyMetric else None
    return _read(
        ctx, scope, model, start, end, zone, limit=limit, offset=offset, latest=latest, sets=sets
    )


def _check_paging(limit: int | None, offset: int) -> None:
    if limit is not None and limit < 0:
        raise InvalidInput(f"limit must not be negative, got {limit}")
    if not 0 <= offset <= bounds.MAX_OFFSET:
        raise InvalidInput(f"offset must lie between 0 and {bounds.MAX_OFFSET}, got {offset}")


def history_json(
    ctx: ServiceContext,
    athlete_id: int,
    kind: RecordKind,
    page: type[BaseModel],
    start: date | None = None,
    end: date | None = None,
    *,
    limit: int,
    offset: int = 0,
) -> bytes:
    """A page of ``history`` as the API answers it: ``page`` (a model of ``items``, ``limit``,
    ``offset`` and ``count``: the API's ``Page`` of the kind's item model) validated from the
    records and serialized (``results.as_json``).

    Kept per process as its JSON alone (``results.PAGES``) under the athlete's data version and
    the global one (``services.results``), so that a page asked again costs a version check
    and its bytes, not reading, validating and serializing hundreds of sets; a hit notes the
    access the read noted (a coach's read is logged as before), and no other subject is served
    what the stamp's access check would refuse. Not kept, nor served from what is kept, inside
    a transaction that has written."""
    _check_window(kind, start, end)
    _check_paging(limit, offset)

    def compute() -> bytes:
        return _page_json(ctx, athlete_id, kind, page, start, end, limit, offset)

    # A page (it has a limit) is read from the database, never from a held ``snapshot``.
    asked = (kind, page, start, end, limit, offset)
    return results.remember_json(
        ctx, athlete_id, "history", asked, compute, cache=results.PAGES, keep_value=False
    )


# Each record's JSON as a record page answers it, kept per process by the record's row (and a
# workout's set rows) exactly as the database gave them: after a write the athlete's pages are
# read again (their data version moved), but the 99 workouts a logged set did not touch are
# not validated nor serialized again (a cold 100-workout page spent a third of its
# time there). A key is the rows' values, so an edited record (or a renamed exercise, whose
# name a set row carries) is a new key and can never be served stale. Equal keys serialize
# alike: every column has one Python type as read (UTCDateTime gives UTC instants, never the
# same instant in two zones) and the item models coerce numbers to the column's type (1 and 1.0
# come out alike); a row holding a JSON value (a form check) is not hashable and is serialized
# each time. One exception, on purpose: -0.0 equals 0.0, so a weight corrected from one to the
# other (and nothing else of the row) keeps its old spelling, the same number, until the entry
# leaves. About 1.5 kB of JSON and 3 kB of key a workout.
ITEMS: results.ResultCache[bytes] = results.keep_forgettable(results.ResultCache(max_entries=4096))
# The same JSON by the record's id at the athlete's and the global data version that this
# read's stamp holds (``access.held_stamp``, read before the rows), as the pages themselves are
# kept: at the same versions nothing of the athlete's records, nor any exercise's name, has
# changed. A page whose records were all serialized at these versions (another window or offset
# of the same log, or a page the 128 kept pages no longer hold) reads the records' rows and not
# their sets, most of the rest of its time (500 set rows for 30 workouts). Apart from ``ITEMS``:
# every version leaves its entries behind, and they must not push out the rows' keys, which
# are what a page read after a write is served from.
BY_VERSION: results.ResultCache[bytes] = results.keep_forgettable(
    results.ResultCache(max_entries=4096)
)
_ITEM_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def _item_adapter(page: type[BaseModel]) -> TypeAdapter[Any]:
    """A validator and serializer of one of ``page``'s items (its ``items: list[T]``'s T)."""
    adapter = _ITEM_ADAPTERS.get(page)
    if adapter is None:
        (item,) = get_args(page.model_fields["items"].annotation)
        adapter = _ITEM_ADAPTERS[page] = TypeAdapter(item)
    return adapter


def _page_json(
    ctx: ServiceContext,
    athlete_id: int,
    kind: RecordKind,
    page: type[BaseModel],
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> bytes:
    """``page``'s JSON (``results.as_json`` of the page validated from ``history``'s records,
    byte for byte) built from each record's JSON, taken from ``BY_VERSION`` where it was
    serialized at the versions this read's stamp holds (then its sets are not read, and when
    every record's is kept, only the records' ids are), or from ``ITEMS`` where its rows were
    serialized before."""
    scope = ctx.scope(athlete_id)
    model = MODELS[kind]
    zone = athlete_zone(ctx, athlete_id) if model is not DailyMetric else None
    lo, hi = _time_window(model, start, end, zone)
    database = str(ctx.session.get_bind().engine.url)
    keep = not versions.has_writes(ctx.session)  # nothing uncommitted stays in memory
    # None where this transaction holds no stamp (or has written): records keyed by rows only.
    stamp = access.held_stamp(ctx.session, ctx.subject, athlete_id) if keep else None
    at = None if stamp is None else (database, athlete_id, page, stamp[1], stamp[2])
    if at is not None:
        # The records' ids first: when each one's JSON is kept at these versions (another
        # window or offset of the same log), that is the page, and no other column is read.
        ids = repo.between_ids(ctx.session, scope, model, lo, hi, limit=limit, offset=offset)
        kept = [BY_VERSION.get((*at, id_)) for id_ in ids]
        if all(part is not None for part in kept):
            BY_VERSION.hits += len(kept)
            return _page(kept, limit, offset)
    keys, rows = repo.between_rows(ctx.session, scope, model, lo, hi, limit=limit, offset=offset)
    id_at = keys.index("id")
    parts: list[bytes | None] = [None] * len(rows)
    if at is not None:
        for n, row in enumerate(rows):
            parts[n] = part = BY_VERSION.get((*at, row[id_at]))
            if part is not None:
                BY_VERSION.hits += 1
    todo = [n for n, part in enumerate(parts) if part is None]
    sets_of: dict[int, list[tuple[Any, ...]]] = {}
    workouts = model is WorkoutSession
    if workouts and todo:
        session_at = repo.SET_ROW_KEYS.index("session_id")
        ids = [rows[n][id_at] for n in todo]
        for set_row in repo.set_rows(ctx.session, scope, ids):
            sets_of.setdefault(set_row[session_at], []).append(tuple(set_row))
    adapter = _item_adapter(page)
    for n in todo:
        row = rows[n]
        sets = tuple(sets_of.get(row[id_at], ())) if workouts else ()
        key: tuple[Any, ...] | None = (database, athlete_id, page, tuple(row), sets)
        try:
            part = ITEMS.get(key)
        except TypeError:  # a JSON value (dict or list) among the columns: not hashable
            key = part = None
        if part is not None:
            ITEMS.hits += 1
        else:
            ITEMS.misses += 1
            item = dict(zip(keys, row, strict=True))
            if workouts:
                item["sets"] = [dict(zip(repo.SET_ROW_KEYS, s, strict=True)) for s in sets]
            part = adapter.dump_json(adapter.validate_python(item), by_alias=True)
            if key is not None and keep:
                ITEMS.put(key, part)
        if at is not None:
            BY_VERSION.misses += 1
            BY_VERSION.put((*at, row[id_at]), part)
        parts[n] = part
    return _page(parts, limit, offset)


def _page(parts: Sequence[bytes | None], limit: int, offset: int) -> bytes:
    """The page's JSON from its items' (``Page``: items, limit, offset, count)."""
    return b'{"items":[%b],"limit":%d,"offset":%d,"count":%d}' % (
        b",".join(p for p in parts if p is not None),
        limit,
        offset,
        len(parts),
    )
