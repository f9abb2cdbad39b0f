"""One error tree. Each error carries the HTTP status every interface translates it to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # every command imports this module: keep it free of pydantic
    from pydantic import ValidationError


class FitcoachError(Exception):
    """Base of every expected failure; the message is meant for a person.

    ``field`` names the input the failure is about as the code spells it (``distance_m``,
    ``password``), or None: an interface puts the message beside that field by reading it,
    never by splitting the message. It is not part of the JSON shape (``details`` is).
    """

    status_code = 500
    code = "error"

    def __init__(
        self, message: str, *, field: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON error shape: ``{"error": {"code", "message", "details"}}``."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: the field it is about (None: the input as a whole), the
    words a person reads, and those words without the field's name in front (``reason``)."""

    field: str | None
    message: str
    reason: str


class InvalidInput(FitcoachError):
    """The caller sent something that cannot be accepted as it is.

    ``InvalidInput(field="distance_m", message="distance_m: at most 1000 km")`` or, as before,
    ``InvalidInput("distance_m: at most 1000 km")`` (no field). ``reason`` is the message
    without the field's name (``at most 1000 km``): given, or the message less a leading
    ``"<field>: "``. ``problems`` lists every bad field when there are several (pydantic's
    errors); one error has one problem, itself.
    """

    status_code = 422
    code = "invalid_input"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        reason: str | None = None,
        details: dict[str, Any] | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        super().__init__(message, field=field, details=details)
        if reason is None:
            reason = message.removeprefix(f"{field}: ") if field is not None else message
        self.reason = reason
        self.problems = tuple(problems) or (Problem(field, message, reason),)


class NotFound(FitcoachError):
    """The thing does not exist, or the requesting subject may not know that it does."""

    status_code = 404
    code = "not_found"


class PermissionDenied(FitcoachError):
    """The subject is known but the action is not theirs to take."""

    status_code = 403
    code = "permission_denied"


class Unauthenticated(FitcoachError):
    """No valid credentials were presented."""

    status_code = 401
    code = "unauthenticated"


class Conflict(FitcoachError):
    """The action clashes with stored state (a duplicate, a stale version)."""

    status_code = 409
    code = "conflict"


class TrainingPaused(Conflict):
    """Training is paused: an open health flag; the message is the escalation to show."""

    code = "training_paused"


class ConsentRequired(Conflict):
    """The athlete has not granted (or has withdrawn) the consent this action needs."""

    code = "consent_required"


class DeviceUnavailable(FitcoachError):
    """A sensor or serial device cannot be reached."""

    status_code = 503
    code = "device_unavailable"


class ServiceUnavailable(FitcoachError):
    """A backing service (database, bus, language model) cannot be reached."""

    status_code = 503
    code = "service_unavailable"


class EncryptionKeyError(FitcoachError):
    """Stored ciphertext cannot be read with the configured keys (a missing or wrong key).

    A server misconfiguration, never the caller's fault, so unavailable (503) rather than a bad
    request: the message names the fix, never a key or the data.
    """

    status_code = 503
    code = "encryption_key"


def invalid_from(exc: ValidationError, prefix: str = "") -> InvalidInput:
    """Turn pydantic's errors into a message that names each field and what is wrong."""
    problems: list[Problem] = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        # A model-level check has no location; its message names the fields itself.
        if err["loc"]:
            problems.append(Problem(where, f"{prefix}{where}: {msg}", msg))
        else:
            problems.append(Problem(None, f"{prefix}{msg}", msg))
    texts = [p.message for p in problems]
    # The error's own field: the only one named, when one is.
    named = {p.field for p in problems}
    field = named.pop() if len(named) == 1 else None
    return InvalidInput(
        "; ".join(texts),
        field=field,
        reason=problems[0].reason if len(problems) == 1 else None,
        details={"errors": texts},
        problems=problems,
    )
