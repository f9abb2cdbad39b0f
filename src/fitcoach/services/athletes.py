"""Athletes and profiles: create, read, update, link coaches, delete."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fitcoach.coach.schemas import AthleteCreate, AthleteOut, ProfileFields, ProfileOut
from fitcoach.core import bounds
from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
)
from fitcoach.core.units import UNIT_SYSTEMS, Units, units_or_default
from fitcoach.services import consent, results
from fitcoach.services.context import ServiceContext, validate
from fitcoach.storage.access import forget_scope
from fitcoach.storage.models import Account, Athlete
from fitcoach.storage.repositories import athletes as repo
from fitcoach.storage.repositories import sensors as sensor_repo
from fitcoach.storage.repositories import wearables as wearable_repo
from fitcoach.storage.rows import ConsentRow

if TYPE_CHECKING:
    from fitcoach.ingest.bus import Bus
    from fitcoach.ingest.producers import WearableStreams

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
    "units": "metric",
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


def _units_typed(values: Any, otherwise: Units) -> Units | None:
    """What a weight typed without a unit in ``values`` (profile fields as typed: a mapping)
    is in: the unit system the same change sets, else ``otherwise`` (the stored one). None for
    anything but a mapping: a validated model holds kg already."""
    if not isinstance(values, Mapping):
        return None
    return units_or_default(values["units"]) if values.get("units") in UNIT_SYSTEMS else otherwise


def create_athlete(
    ctx: ServiceContext,
    data: AthleteCreate | dict[str, Any],
    *,
    consent_decisions: Sequence[ConsentRow] | None = None,
) -> AthleteOut:
    """Create an athlete account, the athlete and their profile.

    An athlete may not create others; a coach who creates one is linked to them (and so the
    athlete must share with coaches). The consent given at creation is recorded for every
    purpose: ``spec.consents`` when given, else ``consent.ONBOARDING_GRANTS``. An import that
    brings the athlete's own decisions passes them as ``consent_decisions`` instead (see
    ``consent.record_decisions``): only those are recorded, so nothing is granted that they
    do not grant.
    """
    if ctx.subject.role == Role.athlete:
        raise PermissionDenied("athletes cannot create other athletes")
    profile = data.get("profile") if isinstance(data, Mapping) else None
    spec = validate(AthleteCreate, data, clock=ctx.clock, units=_units_typed(profile, "metric"))
    grants = consent.ONBOARDING_GRANTS if spec.consents is None else frozenset(spec.consents)
    if consent_decisions is not None:
        latest = {d["purpose"]: bool(d["granted"]) for d in consent_decisions}
        grants = frozenset(p for p, granted in latest.items() if granted)
    if ctx.subject.role == Role.coach and ConsentPurpose.coach_sharing not in grants:
        raise InvalidInput(
            "consents: an athlete created by a coach is linked to them and must grant "
            "coach_sharing; an admin can create athletes who do not",
            field="consents",
        )
    email = spec.email.strip().lower()
    if repo.account_by_email(ctx.session, email) is not None:
        raise Conflict(f"an account with e-mail {email} already exists")
    now = ctx.clock.now()
    account = repo.add_account(
        ctx.session,
        Account(email=email, display_name=spec.name, role=Role.athlete, created_at=now),
    )
    athlete = repo.add_athlete(
        ctx.session,
        Athlete(account_id=account.id, name=spec.name, timezone=spec.timezone, created_at=now),
        {**_PROFILE_DEFAULTS, **_profile_values(spec.profile)},
    )
    if consent_decisions is None:
        consent.record_onboarding(ctx, athlete.id, grants)
    else:
        consent.record_decisions(ctx, athlete.id, consent_decisions)
    if ctx.subject.role == Role.coach and ctx.subject.account_id is not None:
        repo.add_link(ctx.session, ctx.subject.account_id, athlete.id, now)
    ctx.session.flush()
    ctx.audit("create", "athlete", athlete.id, athlete_id=athlete.id)
    return get_athlete(ctx, athlete.id)


def get_athlete(ctx: ServiceContext, athlete_id: int) -> AthleteOut:
    """An athlete the subject may see, with profile."""
    athlete, profile = repo.visible_athlete_view(ctx.session, ctx.subject, athlete_id)
    ctx.scope(athlete_id)  # held by now: notes a coach's access, without a query
    return AthleteOut(
        **athlete, profile=None if profile is None else ProfileOut.model_validate(profile)
    )


def list_athletes(ctx: ServiceContext) -> list[AthleteOut]:
    """Every athlete the subject may see."""
    return [_out(a) for a in repo.list_athletes(ctx.session, ctx.subject)]


def update_profile(
    ctx: ServiceContext, athlete_id: int, changes: ProfileFields | dict[str, Any]
) -> ProfileOut:
    """Apply a partial profile update; fields not given keep their value."""
    scope = ctx.scope(athlete_id)
    profile = repo.get_profile(ctx.session, scope)
    stored = units_or_default(None if profile is None else profile.units)
    fields = validate(ProfileFields, changes, clock=ctx.clock, units=_units_typed(changes, stored))
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
    repo.add_link(ctx.session, coach_account_id, scope.athlete_id, ctx.clock.now())
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
    account = repo.add_account(
        ctx.session, Account(email=email, display_name=name, role=role, created_at=ctx.clock.now())
    )
    ctx.audit("create", "account", account.id, detail={"role": role.value})
    return account.id


# The defaults of ``AthleteStreams`` are ``ingest.producers``' names, read when one is made
# (deleting an athlete): every command imports this module, and the producers bring the sensor
# frames and their codec with them (the CLI's start-up).
def _producers() -> Any:
    from fitcoach.ingest import producers

    return producers


@dataclass(frozen=True)
class AthleteStreams:
    """The bus streams that can hold an athlete's messages (tests give them a prefix).

    Frames (and the dead letters of the frame consumer and of the vitals worker), the 1 Hz
    vitals and the alerts of the live views, and the wearable platform's six streams with
    their dead letters.
    """

    frames: str = field(default_factory=lambda: _producers().STREAM_FRAMES)
    vitals: str = field(default_factory=lambda: _producers().STREAM_VITALS)
    alerts: str = field(default_factory=lambda: _producers().STREAM_ALERTS)
    # the vitals worker's group: names its dead-letter stream
    vitals_group: str = field(default_factory=lambda: _producers().VITALS_GROUP)
    wearables: WearableStreams = field(default_factory=lambda: _producers().WearableStreams())

    @classmethod
    def prefixed(cls, prefix: str) -> AthleteStreams:
        return cls(
            f"{prefix}:frames",
            f"{prefix}:vitals",
            f"{prefix}:alerts",
            wearables=_producers().WearableStreams(f"{prefix}:fitness"),
        )

    def names(self) -> list[str]:
        """Every stream, in a fixed order."""
        dead = _producers().dead_letter_stream(self.frames)
        return [
            self.frames,
            dead,
            f"{dead}:{self.vitals_group}",
            self.vitals,
            self.alerts,
            *self.wearables.all().values(),
            self.wearables.dead_letter,
        ]


@dataclass(frozen=True)
class DeletionReport:
    """What deleting an athlete removed from each store.

    ``database``: rows per table (the athlete, their account and every row that hangs off
    them: records, plans, flags, recordings, waveform chunks, vitals, sensor events,
    conversations, Telegram links, tokens). ``devices``: sensor devices that only this
    athlete's recordings used. ``wearable_devices``: their wearable device registrations.
    ``streams``: messages removed per bus stream; ``bus`` says which bus was searched
    (``"redis"``, ``"in-process"``, or ``"none"`` when the caller gave none). fitcoach writes no
    file of its own for an athlete (reports, exports and recordings go only to paths the
    operator names), so there is no file store to clear.
    """

    athlete_id: int
    database: dict[str, int]
    devices: int
    wearable_devices: int
    streams: dict[str, int]
    bus: str


def _uuid_text(value: Any) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _matcher(
    athlete_id: int, keys: set[str], wearable_user: str | None
) -> Callable[[dict[str, Any]], bool]:
    """Whether a bus payload is the athlete's: their id, one of their recording keys (in a
    payload that names no other athlete: keys are unique per athlete only), their wearable
    user id, or a dead letter wrapping such a payload."""
    wanted_id = str(athlete_id)

    def match(payload: dict[str, Any]) -> bool:
        inner = payload.get("payload")
        if isinstance(inner, dict) and match(inner):
            return True
        athlete = payload.get("athlete_id")
        named = str(athlete).strip() if isinstance(athlete, int | str) else None
        if named == wanted_id:
            return True  # (True is an int but never "7")
        key = payload.get("recording_key")
        if isinstance(key, str) and key in keys and not (named or "").isdigit():
            return True
        user = payload.get("user_id")
        return wearable_user is not None and _uuid_text(user) == wearable_user

    return match


def _purge_bus(
    bus: Bus, streams: AthleteStreams, match: Callable[[dict[str, Any]], bool]
) -> dict[str, int]:
    import redis  # on use: only deleting an athlete needs its error types

    try:
        return {name: bus.delete_matching(name, match) for name in streams.names()}
    except redis.RedisError as exc:
        raise ServiceUnavailable(
            "the message bus (Redis) cannot be reached, so the athlete's messages on it cannot "
            "be deleted; nothing was deleted, try again when it is back",
            details={"error": type(exc).__name__},
        ) from None


def delete_athlete(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    bus: Bus | None = None,
    streams: AthleteStreams | None = None,
) -> DeletionReport:
    """Delete an athlete and everything of theirs (the athlete themself or an admin).

    The database rows (by cascade), the sensor devices only they used, their wearable device
    registrations, and, with ``bus``, every message of theirs on the bus streams
    (``AthleteStreams``): frames, vitals, alerts, wearable messages and the dead letters of
    them. The bus is purged first: when it cannot be reached this raises
    ``ServiceUnavailable`` and the caller's unit of work rolls everything back (a retry purges
    again; deleting messages twice is harmless). Returns what was removed from each store.
    """
    scope = ctx.scope(athlete_id)
    if ctx.subject.role == Role.coach:
        raise PermissionDenied("a coach cannot delete an athlete; the athlete or an admin can")
    keys, devices = sensor_repo.athlete_traces(ctx.session, scope)
    email = repo.get_athlete(ctx.session, scope).account.email
    removed: dict[str, int] = {}
    bus_kind = "none"
    if bus is not None:
        from fitcoach.ingest.bus import RedisBus

        bus_kind = "redis" if isinstance(bus, RedisBus) else "in-process"
        match = _matcher(athlete_id, keys, wearable_repo.wearable_user(email))
        removed = _purge_bus(bus, streams or AthleteStreams(), match)
    database = repo.owned_rows(ctx.session, scope)
    wearable_devices = wearable_repo.delete_registrations(ctx.session, scope)
    # Audit first: an athlete deleting themself is the actor, and their account goes with the
    # delete (the entry's actor then becomes NULL by ON DELETE SET NULL, the entry stays).
    # The detail holds counts only.
    ctx.audit(
        "delete",
        "athlete",
        athlete_id,
        athlete_id=athlete_id,
        detail={"messages": sum(removed.values()), "devices": len(devices)},
    )
    ctx.session.flush()
    repo.delete_athlete(ctx.session, scope)
    forget_scope(ctx.session, athlete_id)
    # Their readiness, today's session and load report leave this process's memory (the meal
    # plans kept in memory name no athlete: ``nutrition.MealPlanCache``).
    results.forget(athlete_id)
    deleted_devices = sensor_repo.delete_unused_devices(ctx.session, devices)
    return DeletionReport(
        athlete_id=athlete_id,
        database=database,
        devices=deleted_devices,
        wearable_devices=wearable_devices,
        streams=removed,
        bus=bus_kind,
    )
