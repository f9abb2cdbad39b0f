"""What every service call needs: the session, who is asking, and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import InvalidInput
from fitcoach.storage.access import AthleteScope, Subject, scope_for
from fitcoach.storage.models import AuditEntry

M = TypeVar("M", bound=BaseModel)


@dataclass
class ServiceContext:
    """One unit of work's session, the requesting subject and the clock."""

    session: Session
    subject: Subject
    clock: Clock = field(default_factory=SystemClock)

    def scope(self, athlete_id: int) -> AthleteScope:
        """The athlete scope for ``athlete_id`` or ``NotFound``."""
        return scope_for(self.session, self.subject, athlete_id)

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
        self.session.add(
            AuditEntry(
                at=self.clock.now(),
                actor_account_id=self.subject.account_id,
                athlete_id=athlete_id,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                detail=detail or {},
            )
        )


def validate(model: type[M], data: Any) -> M:
    """Validate ``data`` as ``model``; failures become one readable ``InvalidInput``."""
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_from(exc) from None


def invalid_from(exc: ValidationError, prefix: str = "") -> InvalidInput:
    """Turn pydantic's errors into a message that names each field and what is wrong."""
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        # A model-level check has no location; its message names the fields itself.
        problems.append(f"{prefix}{where}: {msg}" if err["loc"] else f"{prefix}{msg}")
    return InvalidInput("; ".join(problems), details={"errors": problems})
