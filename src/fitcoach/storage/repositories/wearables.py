"""Finding the athletes behind wearable users.

A wearable platform names its users by a UUID. fitcoach keeps no extra table for that (the
schema has none, and a mapping table would need a migration); instead the athlete created for
a wearable user owns the account e-mail ``<user uuid>@wearable.invalid``. ``.invalid`` is a
reserved top-level domain (RFC 2606): no real address can collide with it and no mail is ever
sent there. The account e-mail is unique, so the mapping is one-to-one and one indexed query
resolves a whole batch of users.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Account, Athlete, AuditEntry
from fitcoach.storage.repositories import bulk
from fitcoach.storage.repositories.portability import SourcedModel

WEARABLE_EMAIL_DOMAIN = "wearable.invalid"
DEVICE_ENTITY = "wearable_device"
"""Devices have no table either: a device's registration is an audit entry (action
``register``, entity ``wearable_device``, the device id, the athlete, ``{"model": ...}``)."""
_CHUNK = 500  # users per IN (...) query


def wearable_email(user_id: uuid.UUID | str) -> str:
    """The account e-mail of the athlete behind a wearable user (lower-case UUID form)."""
    return f"{uuid.UUID(str(user_id))}@{WEARABLE_EMAIL_DOMAIN}"


def athletes_for_users(session: Session, user_ids: Iterable[str]) -> dict[str, int]:
    """Wearable user id (canonical UUID text) → athlete id, for the users that have one."""
    wanted = sorted({str(uuid.UUID(u)) for u in user_ids})
    out: dict[str, int] = {}
    for start in range(0, len(wanted), _CHUNK):
        emails = [wearable_email(u) for u in wanted[start : start + _CHUNK]]
        rows = session.execute(
            select(Account.email, Athlete.id)
            .join(Athlete, Athlete.account_id == Account.id)
            .where(Account.email.in_(emails))
        )
        for email, athlete_id in rows:
            out[email.partition("@")[0]] = athlete_id
    return out


def registered_devices(session: Session, device_ids: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Device id → (athlete id, model) of its latest registration, for registered devices."""
    wanted = sorted(set(device_ids))
    out: dict[str, tuple[int, str]] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(AuditEntry.entity_id, AuditEntry.athlete_id, AuditEntry.detail)
            .where(
                AuditEntry.entity == DEVICE_ENTITY,
                AuditEntry.action == "register",
                AuditEntry.entity_id.in_(wanted[start : start + _CHUNK]),
            )
            .order_by(AuditEntry.id)
        )
        for device_id, athlete_id, detail in rows:
            if device_id is not None and athlete_id is not None:
                out[device_id] = (athlete_id, str((detail or {}).get("model", "")))
    return out


def delete_registrations(session: Session, scope: AthleteScope) -> int:
    """Delete the athlete's device registrations (they list the athlete's devices; the rest
    of the audit log stays). Returns how many were deleted."""
    result = session.execute(
        delete(AuditEntry).where(
            AuditEntry.entity == DEVICE_ENTITY,
            AuditEntry.action == "register",
            AuditEntry.athlete_id == scope.athlete_id,
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def wearable_user(email: str) -> str | None:
    """The wearable user id (canonical UUID text) behind an account e-mail, if it is one."""
    user, _, domain = email.partition("@")
    if domain != WEARABLE_EMAIL_DOMAIN:
        return None
    try:
        return str(uuid.UUID(user))
    except ValueError:
        return None


def insert_for_athletes(
    session: Session,
    scopes: Mapping[int, AthleteScope],
    model: SourcedModel,
    rows: Sequence[Mapping[str, Any]],
) -> int:
    """Insert records of one kind for several athletes in one bulk statement, skipping those
    already stored (same athlete, source and source id). Returns how many were inserted.

    Every row's ``athlete_id`` must have a scope in ``scopes`` (the caller resolved access to
    each athlete); one statement per kind instead of one per athlete keeps a consumer round on
    PostgreSQL to a few round trips.
    """
    unscoped = {row["athlete_id"] for row in rows} - {s.athlete_id for s in scopes.values()}
    if unscoped:
        raise ValueError(f"rows for athletes outside the given scopes: {sorted(unscoped)}")
    return bulk.insert_ignore(
        session,
        model.__table__,  # type: ignore[arg-type]
        rows,
        conflict_columns=("athlete_id", "source", "source_id"),
    )
