"""The interfaces place a refusal beside the field it names by reading ``InvalidInput.field``
(and ``.problems``), never by splitting the message: a message that merely starts with a
field's name goes above the form, and a field named with other words is still placed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tests.web.conftest import CSRF_META, PASSWORD, Site

from fitcoach.core.errors import InvalidInput, Problem
from fitcoach.interfaces.web.training_log import CARDIO_TYPED, _service_errors

INTERFACES = Path(__file__).parents[2] / "src" / "fitcoach" / "interfaces"


def test_a_service_refusal_is_placed_by_its_field_not_by_its_words() -> None:
    errors: dict[str, str] = {}
    # The message does not start with the field's name: placed all the same.
    _service_errors(
        InvalidInput("changes: that is too far", field="distance_m", reason="that is too far"),
        errors,
        CARDIO_TYPED,
    )
    assert errors == {"distance": "distance: that is too far"}
    errors = {}
    # A message that looks like "field: ..." but names no field is not taken apart.
    _service_errors(InvalidInput("distance_m: at most 2000 km"), errors, CARDIO_TYPED)
    assert errors == {"form": "distance_m: at most 2000 km"}


def test_every_problem_of_a_refusal_is_placed() -> None:
    errors: dict[str, str] = {}
    refusal = InvalidInput(
        "avg_hr: too high; avg_hr (average heart rate) cannot exceed max_hr",
        problems=[
            Problem("avg_hr", "avg_hr: too high", "too high"),
            Problem(None, "avg_hr (average heart rate) cannot exceed max_hr", "x"),
        ],
    )
    _service_errors(refusal, errors, CARDIO_TYPED)
    assert errors == {
        "avg_hr": "average heart rate: too high",
        "form": "avg_hr (average heart rate) cannot exceed max_hr",
    }


def _splits_an_error(node: ast.AST) -> bool:
    """``<exc>.message.split/partition(...)``, ``str(<exc>).split(...)`` or
    ``<exc>.details.get("field")``: a field recovered from the words or the JSON details."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    target, verb = node.func.value, node.func.attr
    if verb in {"split", "partition", "rpartition", "rsplit"}:
        if isinstance(target, ast.Attribute) and target.attr in {"message", "reason"}:
            return True
        return (
            isinstance(target, ast.Call)
            and isinstance(target.func, ast.Name)
            and target.func.id == "str"
            and any(
                isinstance(a, ast.Name) and a.id in {"exc", "err", "error"} for a in target.args
            )
        )
    return (
        verb == "get"
        and isinstance(target, ast.Attribute)
        and target.attr == "details"
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in {"field", "fields"}
    )


def test_no_interface_recovers_a_field_from_an_error_by_hand() -> None:
    found = [
        f"{path.relative_to(INTERFACES)}:{getattr(node, 'lineno', 0)}"
        for path in sorted(INTERFACES.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _splits_an_error(node)
    ]
    assert found == []


def test_the_scan_finds_what_it_looks_for() -> None:
    """The check above can fail: each shape it refuses is found in a sample."""
    sample = (
        "key, _, rest = exc.message.partition(': ')\n"
        "name = str(exc).split(':')[0]\n"
        "where = exc.details.get('field', 'form')\n"
        "fine = exc.message.strip()\n"
    )
    hits = [getattr(n, "lineno", 0) for n in ast.walk(ast.parse(sample)) if _splits_an_error(n)]
    assert sorted(hits) == [1, 2, 3]


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"current": "guess"}, "current", "current password: it is not right"),
        ({"new": "short", "repeat": "short"}, "new", "at least 10 characters"),
    ],
)
def test_the_password_form_puts_the_refusal_beside_its_field(
    site: Site, form: dict[str, str], field: str, message: str
) -> None:
    csrf = CSRF_META.search(site.client.get("/account").text)
    assert csrf
    data = {"csrf_token": csrf.group(1), "current": PASSWORD, "new": "x" * 12, "repeat": "x" * 12}
    page = site.client.post("/account/password", data={**data, **form})
    assert page.status_code == 422
    # The field's input is marked and the message follows it, inside its label.
    label = page.text.split(f'name="{field}"', 1)[1].split("</label>", 1)[0]
    assert 'aria-invalid="true"' in label
    assert message in label
