"""A deleted athlete's id is never handed out again, and nothing of theirs is readable by the
athlete created after them (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from tests.factories import as_subject, make_athlete, subject_of
from tests.fixtures.tables import row_counts
from tests.services.test_athletes import _log_everything

import fitcoach.storage.models  # noqa: F401  (registers every table)
from fitcoach.core.domain import Role
from fitcoach.services import access_log, accounts, athletes, portability, telegram
from fitcoach.services import results as result_cache
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import dosing
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Base

WHEN = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)

# Tables keyed by athlete id whose rows outlive the athlete, and why. Every other table with
# an ``athlete_id`` is emptied of the athlete's rows by the deletion (ON DELETE CASCADE).
OUTLIVE = {
    # Who did what to which record (and who opened whose data), without content: a security
    # record, kept; a new athlete never gets the id, so never reads them.
    "audit_log",
    # The per-athlete change counter the process caches are keyed by: kept so that a cached
    # result can never match another athlete's data; holds no personal data.
    "data_versions",
}


def _everything(ctx: ServiceContext, athlete_id: int) -> None:
    """Every kind of training record (as the deletion test of test_athletes logs them), the
    dosing opt-in and a Telegram link code."""
    _log_everything(ctx, athlete_id)
    dosing.set_opt_in(ctx, athlete_id, True)
    telegram.create_link_code(ctx, athlete_id)


def _keyed_rows(ctx: ServiceContext) -> dict[str, set[tuple[Any, ...]]]:
    """The primary keys of every row of every table with an ``athlete_id``, by table."""
    out: dict[str, set[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        if "athlete_id" in table.c:
            keys = list(table.primary_key.columns)
            out[table.name] = {tuple(r) for r in ctx.session.execute(select(*keys)).all()}
    return out


def _rows_of(ctx: ServiceContext, athlete_id: int) -> dict[str, set[tuple[Any, ...]]]:
    out: dict[str, set[tuple[Any, ...]]] = {}
    for table in Base.metadata.sorted_tables:
        if "athlete_id" in table.c:
            keys = list(table.primary_key.columns)
            stmt = select(*keys).where(table.c.athlete_id == athlete_id)
            out[table.name] = {tuple(r) for r in ctx.session.execute(stmt).all()}
    return out


def test_a_new_athlete_gets_a_new_id_and_nothing_of_a_deleted_one(ctx: ServiceContext) -> None:
    gone = make_athlete(ctx, injuries=[{"region": "knee", "note": "after surgery"}])
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(ctx, coach_id, gone.id)
    _everything(ctx, gone.id)
    gone_subject = subject_of(ctx, gone)
    assert gone_subject.account_id is not None
    accounts.create_token(ctx, gone_subject.account_id, name="phone")
    ctx.session.commit()
    # The coach opens the athlete's data: entries in the athlete's access log.
    coach_ctx = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    athletes.get_athlete(coach_ctx, gone.id)
    ctx.session.commit()
    gone_ctx = as_subject(ctx, gone_subject)
    assert access_log.access_log(gone_ctx, gone.id)
    assert portability.counts_of(portability.export_athlete(gone_ctx, gone.id))["workouts"] == 1
    ctx.session.commit()

    athletes.delete_athlete(ctx, gone.id)
    ctx.session.commit()
    # Generic: every table keyed by athlete id lost the athlete's rows, but for those that
    # outlive them on purpose.
    left = {t for t, n in row_counts(ctx.session, gone.id).items() if n}
    assert left <= OUTLIVE, left - OUTLIVE
    before = _keyed_rows(ctx)

    new = make_athlete(ctx)
    ctx.session.commit()
    assert new.id > gone.id
    new_subject = subject_of(ctx, new)
    assert new_subject.account_id is not None
    assert new_subject.account_id > gone_subject.account_id
    # Every row now keyed by the new athlete's id was written for them, none is the old one's.
    mine = _rows_of(ctx, new.id)
    assert {t: keys & before[t] for t, keys in mine.items() if keys & before[t]} == {}
    # What the new athlete reads: no access log, no records, no opt-in, no tokens but theirs.
    new_ctx = as_subject(ctx, new_subject)
    assert access_log.access_log(new_ctx, new.id) == []
    doc = portability.export_athlete(new_ctx, new.id)
    # (Creating an account records its own consent decisions; the rows are new, see above.)
    assert {k: n for k, n in portability.counts_of(doc).items() if n and k != "consent"} == {}
    assert dosing.opted_in(new_ctx, new.id) is False
    assert telegram.chats(new_ctx, new.id) == []
    assert [t.name for t in accounts.list_tokens(new_ctx)] == []


def test_deleting_an_athlete_drops_their_cached_results(ctx: ServiceContext) -> None:
    gone = make_athlete(ctx)
    ctx.session.commit()
    key = ("sqlite:///elsewhere", gone.id, "readiness", ())
    other = ("sqlite:///elsewhere", gone.id + 1, "readiness", ())
    result_cache.CACHE.put(key, "cached")  # type: ignore[arg-type]
    result_cache.CACHE.put(other, "kept")  # type: ignore[arg-type]
    try:
        athletes.delete_athlete(ctx, gone.id)
        assert result_cache.CACHE.get(key) is None
        assert result_cache.CACHE.get(other) == "kept"
    finally:
        result_cache.CACHE.clear()
