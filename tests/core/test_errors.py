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


# --- the field an error is about: read, never split out of the message ----------------------


def test_invalid_input_takes_the_field_by_keyword_and_the_old_form_still_works() -> None:
    structured = errors.InvalidInput(field="distance_m", message="distance_m: at most 2000 km")
    assert (structured.field, structured.message) == ("distance_m", "distance_m: at most 2000 km")
    assert structured.reason == "at most 2000 km"
    assert str(structured) == "distance_m: at most 2000 km"
    assert structured.problems == (
        errors.Problem("distance_m", "distance_m: at most 2000 km", "at most 2000 km"),
    )
    old = errors.InvalidInput("distance_m: at most 2000 km")
    assert old.field is None  # a message is never parsed for a field
    assert (old.message, old.reason) == (
        "distance_m: at most 2000 km",
        "distance_m: at most 2000 km",
    )
    assert old.problems == (errors.Problem(None, old.message, old.message),)


def test_the_field_is_not_part_of_the_json_shape() -> None:
    """Adding the field changed no response: ``details`` alone says what the API sends."""
    with_field = errors.InvalidInput("name: too long", field="name", details={"field": "name"})
    assert (
        with_field.to_dict()
        == errors.InvalidInput("name: too long", details={"field": "name"}).to_dict()
    )
    assert errors.Conflict("e-mail: taken", field="email").to_dict()["error"]["details"] == {}


def test_a_reason_given_is_kept_and_a_label_unlike_the_field_is_not_cut() -> None:
    nested = errors.InvalidInput("changes: avg_hr: too high", field="avg_hr", reason="too high")
    assert nested.problems[0].reason == "too high"
    labelled = errors.InvalidInput("current password: it is not right", field="current")
    assert labelled.reason == "current password: it is not right"


def test_pydantic_errors_become_one_problem_per_field() -> None:
    from pydantic import BaseModel, Field, ValidationError

    class Run(BaseModel):
        distance_m: float = Field(ge=0)
        avg_hr: int = Field(le=250)

    with pytest.raises(ValidationError) as caught:
        Run.model_validate({"distance_m": -1, "avg_hr": 300})
    both = errors.invalid_from(caught.value, prefix="changes: ")
    assert both.field is None  # two fields: the error as a whole names neither
    assert [(p.field, p.reason) for p in both.problems] == [
        ("distance_m", "Input should be greater than or equal to 0"),
        ("avg_hr", "Input should be less than or equal to 250"),
    ]
    assert both.details["errors"] == [p.message for p in both.problems]
    assert both.details["errors"][0] == "changes: distance_m: Input should be greater than or equal to 0"  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        Run.model_validate({"distance_m": 5, "avg_hr": 300})
    one = errors.invalid_from(caught.value)
    assert (one.field, one.reason) == ("avg_hr", "Input should be less than or equal to 250")


def test_the_field_survives_pickling() -> None:
    """An error raised in a worker process comes back pickled: with its field."""
    import pickle

    back = pickle.loads(pickle.dumps(errors.InvalidInput("x: bad", field="x", reason="bad")))
    assert (back.field, back.reason, back.problems) == (
        "x",
        "bad",
        (errors.Problem("x", "x: bad", "bad"),),
    )
