"""One error tree; each error knows its HTTP status and the documented JSON shape."""

from __future__ import annotations

import pytest

from fitcoach.core import errors
from fitcoach.core.errors import FitcoachError

EXPECTED_STATUS = {
    "InvalidInput": (422, "invalid_input"),
    "NotFound": (404, "not_found"),
    "PermissionDenied": (403, "permission_denied"),
    "Unauthenticated": (401, "unauthenticated"),
    "Conflict": (409, "conflict"),
    "DeviceUnavailable": (503, "device_unavailable"),
    "ServiceUnavailable": (503, "service_unavailable"),
    "TrainingPaused": (409, "training_paused"),
    "ConsentRequired": (409, "consent_required"),
    "EncryptionKeyError": (503, "encryption_key"),
}


def _subclasses() -> list[type[FitcoachError]]:
    return [
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, FitcoachError) and obj is not FitcoachError
    ]


def test_every_error_in_the_tree_is_known_here() -> None:
    assert {cls.__name__ for cls in _subclasses()} == set(EXPECTED_STATUS)


@pytest.mark.parametrize("cls", _subclasses(), ids=lambda c: c.__name__)
def test_status_and_code(cls: type[FitcoachError]) -> None:
    status, code = EXPECTED_STATUS[cls.__name__]
    exc = cls("something is wrong")
    assert (exc.status_code, exc.code) == (status, code)
    assert 400 <= exc.status_code < 600
    assert str(exc) == "something is wrong"


def test_codes_are_unique() -> None:
    codes = [cls.code for cls in _subclasses()]
    assert len(codes) == len(set(codes))


def test_documented_json_shape() -> None:
    exc = errors.InvalidInput("reps must be positive", details={"field": "reps"})
    assert exc.to_dict() == {
        "error": {
            "code": "invalid_input",
            "message": "reps must be positive",
            "details": {"field": "reps"},
        }
    }


def test_details_default_to_an_empty_object_not_shared_between_errors() -> None:
    a, b = errors.NotFound("a"), errors.NotFound("b")
    assert a.to_dict()["error"]["details"] == {}
    a.details["x"] = 1
    assert b.details == {}
