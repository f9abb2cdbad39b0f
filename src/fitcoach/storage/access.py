"""Who is asking, and the athlete scope every athlete query must go through.

Repositories take an ``AthleteScope`` rather than a bare athlete id, so a query for an
athlete's data cannot be written without first resolving the requesting subject's access.
An athlete the subject may not see is reported as not found, never as forbidden, so that ids
leak nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, ScalarSelect, exists, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from fitcoach.core.errors import NotFound
from fitcoach.storage.models import Athlete, CoachLink, ConsentPurpose, ConsentRecord, Role


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


def scope_for(session: Session, subject: Subject, athlete_id: int) -> AthleteScope:
    """Resolve access to ``athlete_id`` for ``subject`` or raise ``NotFound``.

    A coach needs a link to the athlete and the athlete's ``coach_sharing`` consent; a linked
    coach without it is answered exactly like an unlinked one.
    """
    stmt = select(Athlete.id).where(Athlete.id == athlete_id)
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
    if session.execute(stmt).scalar_one_or_none() is None:
        raise NotFound(f"athlete {athlete_id} not found")
    return AthleteScope(athlete_id=athlete_id, subject=subject)


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


def coach_may_see() -> ColumnElement[bool]:
    """Condition on ``Athlete``: the athlete shares their data with linked coaches."""
    return latest_consent(Athlete.id, ConsentPurpose.coach_sharing) == true()
