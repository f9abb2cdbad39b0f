"""What every service call needs: the session, who is asking, and the clock.

Opening an athlete's data as anyone but that athlete (a coach, an admin, the operator at the
command line) is written to the audit log at the one place every athlete query starts:
``ServiceContext.scope``. See ``docs/security.md`` ("Audit of access").
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fitcoach.core.clock import Clock, SystemClock, today
from fitcoach.core.domain import Role
from fitcoach.core.errors import invalid_from
from fitcoach.core.units import Units, units_or_default
from fitcoach.storage.access import AthleteScope, Subject, hold_scope, resolved_scope, scopes_for
from fitcoach.storage.db import Session
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import audit as audit_repo
from fitcoach.storage.repositories.audit import Access

M = TypeVar("M", bound=BaseModel)

# The kind of data an access is recorded as, by the module that asked for the scope. A module
# not listed is recorded under its own name; a module of a service package (services.plans.*)
# under the package's.
_KINDS = {
    "accounts": "profile",
    "athletes": "profile",
    "facade": "profile",
    "guided": "workouts",
    "training_log": "training_log",
    "reports": "reports",
    "monitoring": "monitoring",
    "burnout": "monitoring",
    "plans": "plans",
    "health": "health",
    "sensors": "sensors",
    "wearables": "wearables",
    "telegram": "telegram",
    "portability": "export",
    "conversations": "conversations",
    "exercises": "exercises",
    "access_log": "access_log",
}


def _kind_of(module: str) -> str:
    # A service package (``fitcoach.services.portability.importer``) records as the package.
    parts = module.split(".")
    name = parts[2] if parts[:2] == ["fitcoach", "services"] and len(parts) > 2 else parts[-1]
    return _KINDS.get(name, name)[:40]


@dataclass
class ServiceContext:
    """One unit of work's session, the requesting subject and the clock."""

    session: Session
    subject: Subject
    clock: Clock = field(default_factory=SystemClock)
    # Where accesses go instead of this session: an HTTP request collects them here and
    # writes them after the response (``interfaces/api/sessions.with_access_log``), so that a
    # GET does not take SQLite's write lock. None: written when this unit of work commits.
    access_sink: list[Access] | None = None
    # Whether the system subject (no account) is a person to record as "operator": the
    # command line says so; internal contexts (sign-in checks, the bot's lookups) do not.
    audit_operator: bool = False
    _accessed: set[tuple[int, str]] = field(default_factory=set, init=False, repr=False)
    _own: dict[int, bool] = field(default_factory=dict, init=False, repr=False)
    # The (athlete, kind) of every scope asked for, whoever asks, while ``recording_scopes``
    # runs: a cached result replays them (``services.results``) so that a coach served from
    # the cache is written to the access log as one served by the computation.
    _recording: list[set[tuple[int, str]]] = field(default_factory=list, init=False, repr=False)

    def scope(self, athlete_id: int, *, kind: str | None = None) -> AthleteScope:
        """The athlete scope for ``athlete_id`` or ``NotFound``.

        A subject other than the athlete is recorded in the athlete's access log, once per
        context and kind; ``kind`` defaults to the calling service module's kind of data.
        """
        scope = resolved_scope(self.session, self.subject, athlete_id)
        if self.subject.role != Role.athlete or self._recording:
            caller = kind or _kind_of(str(sys._getframe(1).f_globals.get("__name__", "")))
            for seen in self._recording:
                seen.add((athlete_id, caller))
            if self.subject.role != Role.athlete:
                self._note_access(scope, caller)
        return scope

    def scopes(self, athlete_ids: Iterable[int]) -> dict[int, AthleteScope]:
        """``scope`` for many athletes in one query: the scope of each of ``athlete_ids`` the
        subject may see (the others are absent: not found). For the stream workers, whose
        batches hold hundreds of athletes. The scopes are held for the transaction, so that a
        later ``scope`` of one of them asks the database nothing; resolving is not an access:
        the service notes one with ``scope`` for the athletes whose data it then touches."""
        found = scopes_for(self.session, self.subject, athlete_ids)
        for athlete_id in found:
            hold_scope(self.session, self.subject, athlete_id)
        return found

    @contextmanager
    def recording_scopes(self) -> Iterator[set[tuple[int, str]]]:
        """The (athlete, kind) of every ``scope`` asked for inside the block."""
        seen: set[tuple[int, str]] = set()
        self._recording.append(seen)
        try:
            yield seen
        finally:
            self._recording.pop()  # blocks nest: the last one opened is this one

    def _note_access(self, scope: AthleteScope, kind: str) -> None:
        athlete_id = scope.athlete_id
        if (athlete_id, kind) in self._accessed:
            return
        self._accessed.add((athlete_id, kind))
        account = self.subject.account_id
        if account is None and not self.audit_operator:
            return
        if account is not None:
            own = self._own.get(athlete_id)
            if own is None:
                owner = athlete_repo.owner_account_id(self.session, scope)
                own = self._own[athlete_id] = owner == account
            if own:  # an admin or coach with their own athlete profile reading it
                return
        role = "operator" if account is None else self.subject.role.value
        access = Access(account, role, athlete_id, kind, self.clock.now())
        if self.access_sink is not None:
            self.access_sink.append(access)
        else:
            audit_repo.record_at_commit(self.session, access)

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: object | None = None,
        *,
        athlete_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Record an action; ``detail`` holds counts and ids, never personal content."""
        audit_repo.add(
            self.session,
            at=self.clock.now(),
            actor_account_id=self.subject.account_id,
            athlete_id=athlete_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            detail=detail or {},
        )


def validate(
    model: type[M], data: Any, *, clock: Clock | None = None, units: Units | None = None
) -> M:
    """Validate ``data`` as ``model``; failures become one readable ``InvalidInput``.

    With ``clock``, checks that need today's date (a birth date not in the future) get it from
    that clock through the validation context, and a ``model`` instance is validated again
    with it: FastAPI built it from a request body without one. With ``units`` (the athlete's
    unit system, ``athlete_units``), a weight or distance typed without a unit ("176") is in
    that system's unit; a number is always in the field's own (kg, m), so a model instance
    validated again keeps its values.
    """
    if isinstance(data, model):
        if clock is None:
            return data
        data = data.model_dump(exclude_unset=True)
    try:
        return model.model_validate(data, context=validation_context(clock, units))
    except ValidationError as exc:
        raise invalid_from(exc) from None


def validation_context(clock: Clock | None, units: Units | None = None) -> dict[str, Any] | None:
    """The pydantic validation context that gives schemas today's date from ``clock`` and the
    unit of quantities typed without one from ``units``."""
    # The keys are the schemas' (``coach.schemas``, ~0.1 s of pydantic builds): imported on
    # use, so that importing this module, which every service does, does not build them.
    from fitcoach.coach.schemas import TODAY, UNITS

    context: dict[str, Any] = {}
    if clock is not None:
        context[TODAY] = today(clock)
    if units is not None:
        context[UNITS] = units
    return context or None


def athlete_units(ctx: ServiceContext, scope: AthleteScope) -> Units:
    """The athlete's unit system (``metric`` without a profile)."""
    return units_or_default(athlete_repo.profile_units(ctx.session, scope))


def typed_units(ctx: ServiceContext, scope: AthleteScope, data: Any) -> Units | None:
    """The unit system to read ``data`` by: the athlete's while it is what someone typed (a
    mapping: the command line, the assistant's tools); None for a model instance, validated
    already (its quantities are kg and m), which asks the database nothing."""
    return None if isinstance(data, BaseModel) else athlete_units(ctx, scope)
