"""Consent per purpose: grant, withdraw, read, and the checks that enforce it.

Each decision is a new row (the history is kept); the latest row per purpose is the state.
The text the athlete agreed to is versioned data (``fitcoach/data/consent.yaml``).

Pipelines that train models on athlete data must pass the athletes through
``for_model_training`` (or check ``granted(ctx, id, "model_training")``) before reading any of
their rows; model training is off unless the athlete granted it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import ConsentRequired, InvalidInput, PermissionDenied, invalid_from
from fitcoach.core.yamlfiles import load_cached_yaml
from fitcoach.services.context import ServiceContext
from fitcoach.storage import versions
from fitcoach.storage.access import AthleteScope, consent_columns, held_scope, visible_row
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import consent as repo
from fitcoach.storage.repositories import wearables as wearable_repo
from fitcoach.storage.rows import ConsentRow

PURPOSES: tuple[ConsentPurpose, ...] = tuple(ConsentPurpose)
# What an onboarding path records when the person did not choose otherwise: what fitcoach
# needs to coach them. Model training is never granted unless asked for.
ONBOARDING_GRANTS: frozenset[ConsentPurpose] = frozenset(
    {ConsentPurpose.training_logs, ConsentPurpose.sensor_data, ConsentPurpose.coach_sharing}
)
IMPLICIT_VERSION = "implicit-0"
SOURCE_ONBOARDING = "onboarding"
SOURCE_ATHLETE = "athlete"


class ConsentText(BaseModel):
    """The shipped consent text: a version and one sentence per purpose."""

    version: str
    purposes: dict[ConsentPurpose, str]


@cache
def consent_text() -> ConsentText:
    """The consent text shipped with this release (validated: every purpose has a sentence)."""
    raw = resources.files("fitcoach.data").joinpath("consent.yaml").read_text(encoding="utf-8")
    try:
        text = ConsentText.model_validate(load_cached_yaml(raw))
    except ValidationError as exc:
        raise invalid_from(exc, prefix="consent.yaml: ") from None
    missing = [p.value for p in PURPOSES if p not in text.purposes]
    if missing:
        raise InvalidInput(f"consent.yaml: no sentence for {', '.join(missing)}")
    return text


@dataclass(frozen=True)
class ConsentState:
    """One purpose now: granted or not, since when, under which text version."""

    purpose: ConsentPurpose
    granted: bool
    at: datetime | None  # None: never decided (so not granted)
    version: str | None
    source: str | None
    text: str


@dataclass(frozen=True)
class ConsentEvent:
    """One decision in the history."""

    purpose: ConsentPurpose
    granted: bool
    at: datetime
    version: str
    source: str
    actor_account_id: int | None


def purpose_of(value: str | ConsentPurpose) -> ConsentPurpose:
    """The purpose named ``value`` or a clear ``InvalidInput``."""
    try:
        return ConsentPurpose(value)
    except ValueError:
        names = ", ".join(p.value for p in PURPOSES)
        raise InvalidInput(
            f"purpose: unknown consent purpose {value!r}; use one of {names}", field="purpose"
        ) from None


def _own_scope(ctx: ServiceContext, athlete_id: int) -> AthleteScope:
    """Scope for a change: only the athlete themself decides (others who may see get 403)."""
    scope = ctx.scope(athlete_id)
    if ctx.subject.role == Role.athlete:
        return scope
    if ctx.subject.role == Role.admin and ctx.subject.account_id is None:
        return scope  # the operator at their own installation's command line
    raise PermissionDenied("only the athlete may change their consent")


def current(ctx: ServiceContext, athlete_id: int) -> list[ConsentState]:
    """Every purpose's state for an athlete the subject may see (coaches and admins read)."""
    scope = ctx.scope(athlete_id)
    latest = repo.latest(ctx.session, scope)
    text = consent_text()
    out = []
    for purpose in PURPOSES:
        row = latest.get(purpose)
        out.append(
            ConsentState(
                purpose=purpose,
                granted=bool(row and row.granted),
                at=row.at if row else None,
                version=row.version if row else None,
                source=row.source if row else None,
                text=text.purposes[purpose],
            )
        )
    return out


def history(ctx: ServiceContext, athlete_id: int) -> list[ConsentEvent]:
    """Every decision of the athlete, oldest first."""
    scope = ctx.scope(athlete_id)
    return [
        ConsentEvent(
            purpose=r.purpose,
            granted=r.granted,
            at=r.at,
            version=r.version,
            source=r.source,
            actor_account_id=r.actor_account_id,
        )
        for r in repo.history(ctx.session, scope)
    ]


def _decide(
    ctx: ServiceContext, athlete_id: int, purpose: str | ConsentPurpose, granted: bool
) -> ConsentState:
    which = purpose_of(purpose)
    scope = _own_scope(ctx, athlete_id)
    version = consent_text().version
    repo.add(
        ctx.session,
        scope,
        which,
        granted=granted,
        version=version,
        source=SOURCE_ATHLETE,
        at=ctx.clock.now(),
    )
    detail: dict[str, Any] = {"version": version}
    if which == ConsentPurpose.sensor_data and not granted:
        # A device is registered only under sensor_data consent (``require_for_device``), so
        # withdrawing it unregisters the athlete's wearables; a later grant registers them
        # again when the platform announces them. Sensor boards are not the athlete's (a
        # board serves whoever wears it; its row holds an id, a label and when it was last
        # seen) and stay; the workers neither store nor touch anything of this athlete's
        # from now on, and delete their frames still queued on the bus as they reach them.
        detail["wearable_devices"] = wearable_repo.delete_registrations(ctx.session, scope)
    ctx.audit(
        "grant" if granted else "withdraw",
        "consent",
        which.value,
        athlete_id=athlete_id,
        detail=detail,
    )
    return next(s for s in current(ctx, athlete_id) if s.purpose == which)


def set_many(
    ctx: ServiceContext, athlete_id: int, decisions: Mapping[str, bool]
) -> list[ConsentState]:
    """Apply several decisions at once (the API's and the web page's form). A purpose whose
    state and text version would not change gets no new row, so re-sending a form is not a
    new decision; an empty mapping is refused."""
    if not decisions:
        raise InvalidInput(
            "consents: give at least one purpose with true or false", field="consents"
        )
    wanted = {purpose_of(name): bool(value) for name, value in decisions.items()}
    _own_scope(ctx, athlete_id)
    version = consent_text().version
    now = {s.purpose: s for s in current(ctx, athlete_id)}
    for purpose, value in wanted.items():
        state = now[purpose]
        if state.at is not None and state.granted == value and state.version == version:
            continue
        _decide(ctx, athlete_id, purpose, value)
    return current(ctx, athlete_id)


def grant(ctx: ServiceContext, athlete_id: int, purpose: str | ConsentPurpose) -> ConsentState:
    """Record that the athlete grants ``purpose`` under the current text version."""
    return _decide(ctx, athlete_id, purpose, True)


def withdraw(ctx: ServiceContext, athlete_id: int, purpose: str | ConsentPurpose) -> ConsentState:
    """Record that the athlete withdraws ``purpose`` (data already stored stays until deleted;
    withdrawing ``sensor_data`` unregisters their wearable devices, see ``_decide``)."""
    return _decide(ctx, athlete_id, purpose, False)


def record_onboarding(
    ctx: ServiceContext, athlete_id: int, granted: Iterable[ConsentPurpose]
) -> None:
    """Record the choices a person made when their account was created: every purpose gets a
    row, granted or not, under the current text version.

    Called by ``create_athlete`` in the transaction that created the athlete, before any coach
    link exists, hence a scope made here rather than by ``scope_for``.
    """
    scope = AthleteScope(athlete_id=athlete_id, subject=ctx.subject)
    chosen = set(granted)
    version = consent_text().version
    now = ctx.clock.now()
    for purpose in PURPOSES:
        repo.add(
            ctx.session,
            scope,
            purpose,
            granted=purpose in chosen,
            version=version,
            source=SOURCE_ONBOARDING,
            at=now,
        )


def record_decisions(ctx: ServiceContext, athlete_id: int, decisions: Iterable[ConsentRow]) -> int:
    """Record decisions an athlete made elsewhere, brought by an import: each with its own
    ``purpose``, ``granted``, ``at``, ``version`` and ``source`` (already marked as imported by
    the caller), in the given order; the importing account is recorded as the one who stored
    them. Returns how many were recorded.

    Called by ``create_athlete`` in the transaction that created the athlete (in place of the
    onboarding choices), hence a scope made here as ``record_onboarding`` does.
    """
    scope = AthleteScope(athlete_id=athlete_id, subject=ctx.subject)
    count = 0
    for d in decisions:
        repo.add(
            ctx.session,
            scope,
            purpose_of(d["purpose"]),
            granted=bool(d["granted"]),
            version=str(d["version"]),
            source=str(d["source"]),
            at=d["at"],
        )
        count += 1
    return count


def granted(ctx: ServiceContext, athlete_id: int, purpose: str | ConsentPurpose) -> bool:
    """Whether the athlete (whom the subject may see) currently grants ``purpose``."""
    which = purpose_of(purpose)
    ctx.scope(athlete_id)
    return repo.is_granted(ctx.session, athlete_id, which)


def granted_athletes(
    ctx: ServiceContext, scopes: Iterable[AthleteScope], purpose: str | ConsentPurpose
) -> set[int]:
    """Of the scoped athletes (``ServiceContext.scope``/``scopes``), those who currently grant
    ``purpose``: one read for a whole batch (the stream workers ask it once per batch)."""
    which = purpose_of(purpose)
    return repo.granted_athletes(ctx.session, [scope.athlete_id for scope in scopes], which)


def require(ctx: ServiceContext, athlete_id: int, purpose: ConsentPurpose) -> None:
    """Refuse (409 ``consent_required``) when the athlete has not granted ``purpose``.

    Unless this transaction has resolved the subject's scope of the athlete already, the
    access check is made here too, in the same query (``NotFound`` for an athlete the subject
    may not see, before anything about consent is said), and the scope is held: a write that
    asks this first and ``ctx.scope`` after asks the database once, not twice. The global
    data version is read in that query too and held (``versions.hold_global``): the exercise
    names a write resolves next are checked against it without a round trip of their own."""
    if held_scope(ctx.session, ctx.subject, athlete_id) is None:
        granted, everyone = visible_row(
            ctx.session, ctx.subject, athlete_id, consent_columns(purpose)
        )
        versions.hold_global(ctx.session, everyone)
    else:
        granted = repo.is_granted(ctx.session, athlete_id, purpose)
    if not granted:
        raise ConsentRequired(
            f"athlete {athlete_id} has not granted consent for {purpose.value}; nothing was "
            "stored. The athlete can grant it in their privacy settings",
            details={"purpose": purpose.value},
        )


def device_refused(athlete_id: int) -> ConsentRequired:
    """The refusal to register a device (a sensor board or a wearable) for an athlete without
    ``sensor_data`` consent: what happened and what to do."""
    return ConsentRequired(
        f"athlete {athlete_id} has not granted consent for sensor_data, so no device is "
        "registered for them and nothing their devices send is kept; give sensor consent "
        f"first (the athlete's Privacy page, PUT /api/v1/athletes/{athlete_id}/consents with "
        '{"consents": {"sensor_data": true}}, or `fitcoach consent grant -a '
        f"{athlete_id} --purpose sensor_data`), then connect the device again",
        details={"purpose": ConsentPurpose.sensor_data.value, "athlete_id": athlete_id},
    )


def require_for_device(ctx: ServiceContext, athlete_id: int) -> None:
    """Refuse (409 ``consent_required``, ``device_refused``) to connect or register a device
    for an athlete (whom the subject may see: ``NotFound`` otherwise) who has not granted
    ``sensor_data``."""
    ctx.scope(athlete_id)
    if not repo.is_granted(ctx.session, athlete_id, ConsentPurpose.sensor_data):
        raise device_refused(athlete_id)


def for_model_training(ctx: ServiceContext, athlete_ids: Iterable[int]) -> list[int]:
    """Those of ``athlete_ids`` who granted ``model_training`` (sorted); every training
    pipeline that reads athlete data must filter its athletes through this first."""
    ids = set(athlete_ids)
    visible = {a.id for a in athlete_repo.list_athletes(ctx.session, ctx.subject)}
    return sorted(repo.granted_athletes(ctx.session, ids & visible, ConsentPurpose.model_training))
