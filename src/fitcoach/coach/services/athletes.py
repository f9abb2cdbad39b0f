"""Athletes and profiles: create, read, update, link coaches, delete."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from fitcoach.coach.schemas import AthleteCreate, AthleteOut, ProfileFields, ProfileOut
from fitcoach.coach.services.context import ServiceContext, invalid_from, validate
from fitcoach.core import bounds
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from fitcoach.storage.models import Account, Athlete, CoachLink, Profile, Role
from fitcoach.storage.repositories import athletes as repo

_PROFILE_DEFAULTS: dict[str, Any] = {
    "sports": [],
    "goals": ["general_fitness"],
    "experience_level": "beginner",
    "days_per_week": 3,
    "session_minutes": 60,
    "equipment": [],
    "injuries": [],
    "conditions": [],
    "dietary_restrictions": [],
    "preferences": [],
    "dislikes": [],
}


def _out(athlete: Athlete) -> AthleteOut:
    return AthleteOut(
        id=athlete.id,
        name=athlete.name,
        email=athlete.account.email,
        timezone=athlete.timezone,
        created_at=athlete.created_at,
        profile=ProfileOut.model_validate(athlete.profile) if athlete.profile else None,
    )


def _profile_values(fields: ProfileFields) -> dict[str, Any]:
    values = fields.model_dump(exclude_unset=True)
    if "injuries" in values and values["injuries"] is not None:
        values["injuries"] = [
            {**i, "since": i["since"].isoformat() if i.get("since") else None}
            for i in values["injuries"]
        ]
    # A field set to None goes back to its default (an empty list for list fields).
    return {
        k: (copy.deepcopy(_PROFILE_DEFAULTS[k]) if v is None and k in _PROFILE_DEFAULTS else v)
        for k, v in values.items()
    }


def create_athlete(ctx: ServiceContext, data: AthleteCreate | dict[str, Any]) -> AthleteOut:
    """Create an athlete account, the athlete and their profile.

    An athlete may not create others; a coach who creates one is linked to them.
    """
    if ctx.subject.role == Role.athlete:
        raise PermissionDenied("athletes cannot create other athletes")
    spec = validate(AthleteCreate, data)
    email = spec.email.strip().lower()
    if repo.account_by_email(ctx.session, email) is not None:
        raise Conflict(f"an account with e-mail {email} already exists")
    now = ctx.clock.now()
    account = Account(email=email, display_name=spec.name, role=Role.athlete, created_at=now)
    ctx.session.add(account)
    ctx.session.flush()
    athlete = Athlete(account_id=account.id, name=spec.name, timezone=spec.timezone, created_at=now)
    ctx.session.add(athlete)
    ctx.session.flush()
    values = {**_PROFILE_DEFAULTS, **_profile_values(spec.profile)}
    ctx.session.add(Profile(athlete_id=athlete.id, updated_at=now, **values))
    if ctx.subject.role == Role.coach and ctx.subject.account_id is not None:
        ctx.session.add(
            CoachLink(
                coach_account_id=ctx.subject.account_id, athlete_id=athlete.id, created_at=now
            )
        )
    ctx.session.flush()
    ctx.audit("create", "athlete", athlete.id, athlete_id=athlete.id)
    return get_athlete(ctx, athlete.id)


def get_athlete(ctx: ServiceContext, athlete_id: int) -> AthleteOut:
    """An athlete the subject may see, with profile."""
    return _out(repo.get_athlete(ctx.session, ctx.scope(athlete_id)))


def list_athletes(ctx: ServiceContext) -> list[AthleteOut]:
    """Every athlete the subject may see."""
    return [_out(a) for a in repo.list_athletes(ctx.session, ctx.subject)]


def update_profile(
    ctx: ServiceContext, athlete_id: int, changes: ProfileFields | dict[str, Any]
) -> ProfileOut:
    """Apply a partial profile update; fields not given keep their value."""
    scope = ctx.scope(athlete_id)
    fields = validate(ProfileFields, changes)
    profile = repo.get_profile(ctx.session, scope)
    if profile is None:
        raise NotFound(f"athlete {athlete_id} has no profile")
    values = _profile_values(fields)
    for key, value in values.items():
        setattr(profile, key, value)
    profile.updated_at = ctx.clock.now()
    ctx.session.flush()
    ctx.audit(
        "update", "profile", athlete_id, athlete_id=athlete_id, detail={"fields": sorted(values)}
    )
    return ProfileOut.model_validate(profile)


def check_profile(data: dict[str, Any]) -> ProfileFields:
    """Validate a full profile document (imports use this)."""
    try:
        return ProfileFields.model_validate(data)
    except ValidationError as exc:
        raise invalid_from(exc, prefix="profile.") from None


def link_coach(ctx: ServiceContext, coach_account_id: int, athlete_id: int) -> None:
    """Link a coach to an athlete (admins, or the athlete themself)."""
    scope = ctx.scope(athlete_id)
    if ctx.subject.role == Role.coach:
        raise PermissionDenied("a coach cannot link themself to an athlete; ask the athlete")
    coach = repo.get_account(ctx.session, coach_account_id)
    if coach is None or coach.role != Role.coach:
        raise InvalidInput(f"account {coach_account_id} is not a coach account")
    if repo.link_exists(ctx.session, coach_account_id, scope.athlete_id):
        return
    ctx.session.add(
        CoachLink(
            coach_account_id=coach_account_id, athlete_id=athlete_id, created_at=ctx.clock.now()
        )
    )
    ctx.session.flush()
    ctx.audit("link", "coach", coach_account_id, athlete_id=athlete_id)


def create_staff_account(ctx: ServiceContext, email: str, name: str, role: Role) -> int:
    """Create a coach or admin account (admins only); returns its id."""
    if not ctx.subject.is_admin:
        raise PermissionDenied("only an admin can create coach or admin accounts")
    if role == Role.athlete:
        raise InvalidInput("use create_athlete for athlete accounts")
    email = bounds.check_text(email, "e-mail").strip().lower()
    bounds.check_text(name, "name")
    if repo.account_by_email(ctx.session, email) is not None:
        raise Conflict(f"an account with e-mail {email} already exists")
    account = Account(email=email, display_name=name, role=role, created_at=ctx.clock.now())
    ctx.session.add(account)
    ctx.session.flush()
    ctx.audit("create", "account", account.id, detail={"role": role.value})
    return account.id


def delete_athlete(ctx: ServiceContext, athlete_id: int) -> None:
    """Delete an athlete and every record of theirs (the athlete themself or an admin)."""
    scope = ctx.scope(athlete_id)
    if ctx.subject.role == Role.coach:
        raise PermissionDenied("a coach cannot delete an athlete; the athlete or an admin can")
    # Audit first: an athlete deleting themself is the actor, and their account goes with the
    # delete (the entry's actor then becomes NULL by ON DELETE SET NULL, the entry stays).
    ctx.audit("delete", "athlete", athlete_id, athlete_id=athlete_id)
    ctx.session.flush()
    repo.delete_athlete(ctx.session, scope)
