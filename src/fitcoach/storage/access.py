"""Who is asking, and the athlete scope every athlete query must go through.

Repositories take an ``AthleteScope`` rather than a bare athlete id, so a query for an
athlete's data cannot be written without first resolving the requesting subject's access.
An athlete the subject may not see is reported as not found, never as forbidden, so that ids
leak nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    ScalarSelect,
    bindparam,
    event,
    exists,
    select,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, SessionTransaction

from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import NotFound
from fitcoach.storage import driver, versions
from fitcoach.storage.db import among
from fitcoach.storage.models import Athlete, CoachLink, ConsentRecord


@dataclass(frozen=True)
class Subject:
    """The requesting party: an account with a role. ``account_id`` None is the local operator."""

    account_id: int | None
    role: Role

    @classmethod
    def system(cls) -> Subject:
        """The operator at the command line of their own installation (full access)."""
        return cls(account_id=None, role=Role.admin)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin


@dataclass(frozen=True)
class AthleteScope:
    """Proof that ``subject`` may act on ``athlete_id``; only ``scope_for`` makes one."""

    athlete_id: int
    subject: Subject


def _visible(
    subject: Subject, account_id: int | BindParameter[int] | None = None
) -> list[ColumnElement[bool]]:
    """Conditions on ``Athlete`` for the athletes ``subject`` may see (none for an admin).
    ``account_id`` stands for the subject's account (a bound parameter in a statement built
    once for every subject of the role: ``visible_row``)."""
    account = subject.account_id if account_id is None else account_id
    if subject.role == Role.athlete:
        return [Athlete.account_id == account]
    if subject.role == Role.coach:
        return [
            exists().where(
                CoachLink.athlete_id == Athlete.id,
                CoachLink.coach_account_id == account,
            ),
            coach_may_see(),
        ]
    return []


def scope_for(session: Session, subject: Subject, athlete_id: int) -> AthleteScope:
    """Resolve access to ``athlete_id`` for ``subject`` or raise ``NotFound``.

    A coach needs a link to the athlete and the athlete's ``coach_sharing`` consent; a linked
    coach without it is answered exactly like an unlinked one.
    """
    visible_row(session, subject, athlete_id, _ID)
    return AthleteScope(athlete_id=athlete_id, subject=subject)


_RESOLVED = "fitcoach.resolved_scopes"


def resolved_scope(session: Session, subject: Subject, athlete_id: int) -> AthleteScope:
    """``scope_for``, asked of the database once per transaction and subject.

    Who may see an athlete does not change inside one transaction except by its own
    ``delete_athlete`` (which calls ``forget_scope``); a request's services ask for the same
    scope up to eight times, one query each. Held in ``session.info`` and dropped when the
    outermost transaction ends, so the next one asks again."""
    held: dict[tuple[Subject, int], AthleteScope] = session.info.setdefault(_RESOLVED, {})
    scope = held.get((subject, athlete_id))
    if scope is None:
        scope = held[(subject, athlete_id)] = scope_for(session, subject, athlete_id)
    return scope


def visible_row(
    session: Session, subject: Subject, athlete_id: int, columns: Columns
) -> tuple[Any, ...]:
    """The ``columns`` (``Columns``: expressions on ``Athlete``, scalar subqueries by
    ``athlete_id``) of ``athlete_id`` if ``subject`` may see them, or ``NotFound``: the access
    check and a read in one query. The scope is then held for the transaction as
    ``resolved_scope`` holds it.

    The statement is built once per role and set of columns, with the ids as bound
    parameters: building a statement costs more than running it (a cached answer's check).
    """
    return visible_first(session, _visible_statement(columns, subject.role), subject, athlete_id)


def visible_first(
    session: Session, statement: driver.Statement, subject: Subject, athlete_id: int
) -> tuple[Any, ...]:
    """The first row of ``statement``, whose conditions include ``visible_conditions(
    subject.role)``, for ``athlete_id``, or ``NotFound``; the scope is then held for the
    transaction.

    It runs on the session's connection, as Core and on PostgreSQL on psycopg's cursor
    (``driver``): every request that names an athlete runs it, it loads no objects, and the
    ORM's execution (its compile state, events and result) cost more than the query. What
    ``Session.execute`` does first is kept: pending changes are flushed (unless autoflush is
    off), so a row written in this transaction is seen.
    """
    if session.autoflush:
        session.flush()
    rows = statement.rows(session.connection(), visibility_params(subject, athlete_id))
    if not rows:
        raise NotFound(f"athlete {athlete_id} not found")
    hold_scope(session, subject, athlete_id)
    return rows[0]


# What ``visible_row`` reads: a name and a function of the athlete id's bound parameter that
# gives the columns (the name keys the statement built from them).
Columns = tuple[
    str,
    Callable[[BindParameter[int]], Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]]],
]
_ID: Columns = ("id", lambda _athlete_id: [Athlete.id])
# The ids in statements built once (``visibility_params`` gives their values).
_ATHLETE_ID = bindparam("athlete_id", type_=Integer)
_ACCOUNT_ID = bindparam("account_id", type_=Integer)


@functools.cache
def visible_conditions(role: Role) -> tuple[ColumnElement[bool], ...]:
    """The conditions on ``Athlete`` that ``athlete_id`` is an athlete a subject of ``role``
    may see, the ids as bound parameters (``visibility_params``): for statements built once
    and run for every subject."""
    subject = Subject(account_id=None, role=role)
    return (Athlete.id == _ATHLETE_ID, *_visible(subject, _ACCOUNT_ID))


def visibility_params(subject: Subject, athlete_id: int) -> dict[str, int | None]:
    """The parameters of a statement with ``visible_conditions(subject.role)``."""
    return {"athlete_id": athlete_id, "account_id": subject.account_id}


def hold_scope(session: Session, subject: Subject, athlete_id: int) -> AthleteScope:
    """Hold ``subject``'s scope of ``athlete_id`` for the transaction, as ``resolved_scope``
    does, after a query with ``visible_conditions`` found the athlete."""
    held: dict[tuple[Subject, int], AthleteScope] = session.info.setdefault(_RESOLVED, {})
    return held.setdefault(
        (subject, athlete_id), AthleteScope(athlete_id=athlete_id, subject=subject)
    )


@functools.cache
def _visible_statement(columns: Columns, role: Role) -> driver.Statement:
    return driver.Statement(select(*columns[1](_ATHLETE_ID)).where(*visible_conditions(role)))


def forget_scope(session: Session, athlete_id: int) -> None:
    """Drop every resolved scope of ``athlete_id`` in this session (the athlete is gone)."""
    held: dict[tuple[Subject, int], AthleteScope] = session.info.get(_RESOLVED, {})
    for key in [k for k in held if k[1] == athlete_id]:
        del held[key]


_HELD = "fitcoach.held_objects"


def hold(session: Session, key: object, obj: object) -> None:
    """Keep ``obj`` referenced until the transaction ends. The session's identity map holds
    objects weakly: one that the caller drops is gone, and the next service that asks for it
    queries (and decrypts) it again."""
    session.info.setdefault(_HELD, {})[key] = obj


@event.listens_for(Session, "after_transaction_end")
def _forget_resolved(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_RESOLVED, None)
        session.info.pop(_HELD, None)
        session.info.pop(_STAMPS, None)


def scopes_for(
    session: Session, subject: Subject, athlete_ids: Iterable[int]
) -> dict[int, AthleteScope]:
    """``scope_for`` for many athletes in one query: a scope for each of ``athlete_ids`` that
    ``subject`` may see; the others (unknown, or not visible) are absent, i.e. not found.

    For the stream workers, which resolve every athlete of a batch at once."""
    ids = sorted(set(athlete_ids))
    if not ids:
        return {}
    stmt = select(Athlete.id).where(among(session, Athlete.id, ids), *_visible(subject))
    return {
        int(found): AthleteScope(athlete_id=int(found), subject=subject)
        for found in session.execute(stmt).scalars()
    }


def latest_consent(
    athlete_id: int | ColumnElement[int] | InstrumentedAttribute[int], purpose: ConsentPurpose
) -> ScalarSelect[bool]:
    """The athlete's latest decision on ``purpose`` (NULL when none), as a scalar subquery."""
    return (
        select(ConsentRecord.granted)
        .where(ConsentRecord.athlete_id == athlete_id, ConsentRecord.purpose == purpose)
        .order_by(ConsentRecord.id.desc())
        .limit(1)
        .scalar_subquery()
    )


@functools.cache
def consent_columns(purpose: ConsentPurpose) -> Columns:
    """``visible_row``'s columns for the athlete's latest decision on ``purpose`` (NULL when
    none) and the global data version: the access check, the consent check and the version
    the exercise names are kept under (which a write resolves next) in one query (one object
    per purpose, so that its statement is built once per role)."""
    return (
        f"consent {purpose.value}",
        lambda athlete_id: [latest_consent(athlete_id, purpose), versions.counters(athlete_id)[1]],
    )


def held_scope(session: Session, subject: Subject, athlete_id: int) -> AthleteScope | None:
    """``subject``'s scope of ``athlete_id`` if this transaction has resolved it already."""
    held: dict[tuple[Subject, int], AthleteScope] = session.info.get(_RESOLVED, {})
    return held.get((subject, athlete_id))


def coach_may_see() -> ColumnElement[bool]:
    """Condition on ``Athlete``: the athlete shares their data with linked coaches."""
    return latest_consent(Athlete.id, ConsentPurpose.coach_sharing) == true()


def _stamp_columns(
    athlete_id: BindParameter[int],
) -> list[ColumnElement[Any] | InstrumentedAttribute[Any]]:
    return [Athlete.timezone, *versions.counters(athlete_id)]


STAMP: Columns = ("data versions", _stamp_columns)


_STAMPS = "fitcoach.stamps"


def stamp(session: Session, subject: Subject, athlete_id: int) -> tuple[str, int, int]:
    """(the athlete's time zone, their version, the global version) in one query, which also
    checks that ``subject`` may see the athlete (``NotFound`` otherwise; the scope is held for
    the transaction). Read before the data it keys, so that what is read after it is at least
    as new as the version says (``storage.versions``).

    Asked again in a transaction that has written nothing since, the stamp it read is answered
    (a cold load report asked it twice: for the answer's cache and for the series'): what is
    read after it is then still at least as new as it says."""
    held = held_stamp(session, subject, athlete_id)
    if held is not None:
        return held
    row = visible_row(session, subject, athlete_id, STAMP)
    versions.hold_global(session, row[2])
    value = (str(row[0]), int(row[1] or 0), int(row[2] or 0))
    if not versions.has_writes(session):
        stamps = session.info.setdefault(_STAMPS, {})
        stamps[(subject, athlete_id)] = (versions.write_count(session), value)
    return value


def held_stamp(session: Session, subject: Subject, athlete_id: int) -> tuple[str, int, int] | None:
    """The stamp ``stamp`` read for ``subject`` and ``athlete_id`` in this transaction, if it
    has written nothing since (None otherwise): its time zone is the athlete's as stored."""
    kept = session.info.get(_STAMPS, {}).get((subject, athlete_id))
    if kept is None or versions.has_writes(session) or kept[0] != versions.write_count(session):
        return None
    value: tuple[str, int, int] = kept[1]
    return value
