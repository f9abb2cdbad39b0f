"""One error tree. Each error carries the HTTP status every interface translates it to."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # every command imports this module: keep it free of pydantic
    from pydantic import ValidationError


class FitcoachError(Exception):
    """Base of every expected failure; the message is meant for a person."""

    status_code = 500
    code = "error"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON error shape: ``{"error": {"code", "message", "details"}}``."""
        return {"error": {"code": self.code, "message": self.message, "details": self.details}}


class InvalidInput(FitcoachError):
    """The caller sent something that cannot be accepted as it is."""

    status_code = 422
    code = "invalid_input"


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
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        # A model-level check has no location; its message names the fields itself.
        problems.append(f"{prefix}{where}: {msg}" if err["loc"] else f"{prefix}{msg}")
    return InvalidInput("; ".join(problems), details={"errors": problems})
