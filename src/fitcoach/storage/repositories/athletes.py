"""Accounts, athletes, profiles and coach links."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    delete,
    exists,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.util import identity_key

from fitcoach.core.domain import Role
from fitcoach.storage import driver
from fitcoach.storage.access import (
    AthleteScope,
    Subject,
    coach_may_see,
    hold,
    visible_conditions,
    visible_first,
)
from fitcoach.storage.db import Base
from fitcoach.storage.models import (
    Account,
    Athlete,
    CoachLink,
    Exercise,
    ExerciseNameChoice,
    Profile,
    Recording,
    SetLog,
)


def account_by_email(session: Session, email: str) -> Account | None:
    """The account with this e-mail (case-insensitive), if any."""
    if "\x00" in email:  # no stored e-mail has one, and PostgreSQL cannot compare it
        return None
    return session.execute(
        select(Account).where(Account.email == email.strip().lower())
    ).scalar_one_or_none()


def get_account(session: Session, account_id: int) -> Account | None:
    """An account by id."""
    return session.get(Account, account_id)


def list_accounts(session: Session) -> list[Account]:
    """Every account, oldest first (the admin's list)."""
    return list(session.execute(select(Account).order_by(Account.id)).scalars())


def display_names(session: Session, account_ids: Iterable[int]) -> dict[int, str]:
    """The display name of each of these accounts that exists."""
    ids = set(account_ids)
    if not ids:
        return {}
    rows = session.execute(select(Account.id, Account.display_name).where(Account.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


def add_account(session: Session, account: Account) -> Account:
    """Store a new account (flushed: its id is known)."""
    session.add(account)
    session.flush()
    return account


def add_athlete(session: Session, athlete: Athlete, profile_values: dict[str, Any]) -> Athlete:
    """Store a new athlete and their profile, dated when the athlete was created (flushed:
    the athlete's id is known)."""
    session.add(athlete)
    session.flush()
    session.add(Profile(athlete_id=athlete.id, updated_at=athlete.created_at, **profile_values))
    return athlete


def add_link(session: Session, coach_account_id: int, athlete_id: int, at: datetime) -> None:
    """Link a coach to an athlete: the caller holds the athlete's scope, or has just created
    the athlete (whom a coach cannot be scoped to before the link exists)."""
    session.add(CoachLink(coach_account_id=coach_account_id, athlete_id=athlete_id, created_at=at))


def owner_account_id(session: Session, scope: AthleteScope) -> int | None:
    """The account that owns the scoped athlete (None if the athlete is gone); read from the
    session when it holds the athlete already."""
    athlete = session.get(Athlete, scope.athlete_id)
    return None if athlete is None else athlete.account_id


def _held_athlete(session: Session, athlete_id: int) -> Athlete | None:
    """The athlete's object if the session holds it with account and profile loaded."""
    held = session.identity_map.get(identity_key(Athlete, athlete_id))
    if isinstance(held, Athlete):
        state = inspect(held)
        if not (state.expired_attributes or state.deleted or state.unloaded & _LOADED_WITH):
            return held
    return None


def holds_athlete(session: Session, athlete_id: int) -> bool:
    """Whether ``get_athlete`` would answer from the session, without a query."""
    return _held_athlete(session, athlete_id) is not None


def get_athlete(session: Session, scope: AthleteScope) -> Athlete:
    """The scoped athlete with account and profile loaded.

    When the session holds the athlete already with both loaded, that object is the answer
    without a query: a query would return the same object, its loaded values untouched (the
    session does not overwrite them), after reading and decrypting the row again."""
    held = _held_athlete(session, scope.athlete_id)
    if held is not None:
        return held
    # The scope is proof of access: the statement without a subject's conditions (an admin's).
    athlete = session.execute(
        _athlete_statement(Role.admin), {"athlete_id": scope.athlete_id}
    ).scalar_one()
    hold(session, (Athlete, scope.athlete_id), athlete)
    return athlete


def visible_athlete_view(
    session: Session, subject: Subject, athlete_id: int
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """What a view of an athlete ``subject`` may see shows, as plain values, or ``NotFound``:
    the athlete's id, name, timezone, creation time and account e-mail, and the profile's
    columns (None without a profile). The access check and the read are one query, run as
    Core (``access.visible_first``), without building the ORM objects (a read that only shows
    them spent more on those than on the query); the scope is then held for the
    transaction."""
    row = visible_first(session, _athlete_view_statement(subject.role), subject, athlete_id)
    # The statement's columns in order: the athlete's, the profile's key, the profile's.
    athlete = dict(zip(_ATHLETE_VIEW, row[: len(_ATHLETE_VIEW)], strict=True))
    if row[len(_ATHLETE_VIEW)] is None:
        return athlete, None
    return athlete, dict(zip(_PROFILE_VIEW, row[len(_ATHLETE_VIEW) + 1 :], strict=True))


_ATHLETE_VIEW = ("id", "name", "timezone", "created_at", "email")
_PROFILE_VIEW = tuple(c.key for c in Profile.__table__.c if c.key != "athlete_id")


@functools.cache
def _athlete_view_statement(role: Role) -> driver.Statement:
    """``visible_athlete_view``'s statement for a subject of ``role``, built once."""
    profile = Profile.__table__.c
    return driver.Statement(
        select(
            Athlete.id,
            Athlete.name,
            Athlete.timezone,
            Athlete.created_at,
            Account.email,
            profile.athlete_id.label("profile_athlete_id"),
            *(profile[name].label(f"profile_{name}") for name in _PROFILE_VIEW),
        )
        .select_from(Athlete)
        .join(Account, Account.id == Athlete.account_id)
        .outerjoin(Profile, Profile.athlete_id == Athlete.id)
        .where(*visible_conditions(role))
    )


@functools.cache
def _athlete_statement(role: Role) -> Select[Athlete]:
    """The athlete with account and profile, if a subject of ``role`` may see them (the ids as
    bound parameters), built once: building it cost more than running it."""
    return (
        select(Athlete)
        .where(*visible_conditions(role))
        .options(joinedload(Athlete.account), joinedload(Athlete.profile))
    )


_LOADED_WITH = frozenset({"account", "profile"})


def athlete_for_account(session: Session, account_id: int) -> Athlete | None:
    """The athlete record owned by an athlete account."""
    return session.execute(
        select(Athlete).where(Athlete.account_id == account_id)
    ).scalar_one_or_none()


def list_athletes(session: Session, subject: Subject) -> list[Athlete]:
    """The athletes ``subject`` may see: self, linked athletes, or all for an admin."""
    stmt = (
        select(Athlete)
        .options(joinedload(Athlete.account), joinedload(Athlete.profile))
        .order_by(Athlete.id)
    )
    if subject.role == Role.athlete:
        stmt = stmt.where(Athlete.account_id == subject.account_id)
    elif subject.role == Role.coach:
        stmt = stmt.where(
            exists().where(
                CoachLink.athlete_id == Athlete.id,
                CoachLink.coach_account_id == subject.account_id,
            ),
            coach_may_see(),
        )
    return list(session.execute(stmt).scalars())


def get_profile(session: Session, scope: AthleteScope) -> Profile | None:
    """The scoped athlete's profile."""
    return session.get(Profile, scope.athlete_id)


def profile_units(session: Session, scope: AthleteScope) -> str | None:
    """The scoped athlete's unit system (``metric`` or ``imperial``; None without a profile):
    one column, without loading (and decrypting) the rest of the profile."""
    loaded = session.identity_map.get(identity_key(Profile, scope.athlete_id))
    if isinstance(loaded, Profile):  # already loaded in this unit of work: no query
        return loaded.units
    return session.execute(
        select(Profile.units).where(Profile.athlete_id == scope.athlete_id)
    ).scalar_one_or_none()


def link_exists(session: Session, coach_account_id: int, athlete_id: int) -> bool:
    """Whether the coach is already linked to the athlete."""
    return (
        session.execute(
            select(CoachLink.id).where(
                CoachLink.coach_account_id == coach_account_id,
                CoachLink.athlete_id == athlete_id,
            )
        ).first()
        is not None
    )


def owned_rows(session: Session, scope: AthleteScope) -> dict[str, int]:
    """Rows per table that deleting the athlete removes: every row that reaches the athlete,
    their account or one of their recordings through an ``ON DELETE CASCADE`` key (read from
    the schema, so a new table is counted without a change here), and the athlete and account
    rows themselves. Tables that cannot hold such a row are left out; the others are listed
    with 0 when empty."""
    athlete_id = scope.athlete_id
    account_id = session.execute(
        select(Athlete.account_id).where(Athlete.id == athlete_id)
    ).scalar_one()
    recordings = select(Recording.id).where(Recording.athlete_id == athlete_id)
    out: dict[str, int] = {"accounts": 1, "athletes": 1}
    for table in Base.metadata.sorted_tables:
        conditions: list[ColumnElement[bool]] = []
        for fk in table.foreign_keys:
            if fk.ondelete != "CASCADE":
                continue
            target = fk.column.table.name
            if target == "athletes":
                conditions.append(fk.parent == athlete_id)
            elif target == "accounts":
                conditions.append(fk.parent == account_id)
            elif target == "recordings":
                conditions.append(fk.parent.in_(recordings))
        if conditions and table.name not in out:
            out[table.name] = session.execute(
                select(func.count()).select_from(table).where(or_(*conditions))
            ).scalar_one()
    return dict(sorted(out.items()))


def delete_athlete(session: Session, scope: AthleteScope) -> None:
    """Delete the athlete, their account and (by cascade) every record of theirs."""
    account_id = session.execute(
        select(Athlete.account_id).where(Athlete.id == scope.athlete_id)
    ).scalar_one()
    # Rows go by ON DELETE CASCADE in the database, not by loading them into the session. The
    # athlete's own exercises go by cascade too, but their sets and remembered names refer to
    # them with RESTRICT (a library exercise is never deleted from under a set): those rows go
    # first, by statement.
    own = select(Exercise.id).where(Exercise.athlete_id == scope.athlete_id)
    session.execute(delete(SetLog).where(SetLog.exercise_id.in_(own)))
    session.execute(delete(ExerciseNameChoice).where(ExerciseNameChoice.exercise_id.in_(own)))
    session.execute(delete(Athlete).where(Athlete.id == scope.athlete_id))
    session.execute(delete(Account).where(Account.id == account_id))


def adaptive_dosing(session: Session, scope: AthleteScope) -> bool:
    """Whether the scoped athlete lets the dosing agent's suggestion take effect."""
    value = session.execute(
        select(Athlete.adaptive_dosing).where(Athlete.id == scope.athlete_id)
    ).scalar_one_or_none()
    return bool(value)


def set_adaptive_dosing(session: Session, scope: AthleteScope, enabled: bool) -> None:
    """Store the scoped athlete's choice about the dosing agent."""
    session.execute(
        update(Athlete).where(Athlete.id == scope.athlete_id).values(adaptive_dosing=enabled)
    )
