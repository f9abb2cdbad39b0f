"""Format version 3: a set's form check and the dosing agent opt-in travel with the export;
every stored column of an athlete's data is exported or left out for a stated reason; older
versions still import, and refuse what only version 3 has."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select
from tests.factories import as_subject, make_athlete, subject_of
from tests.fixtures.openapi import openapi_document
from tests.interfaces.test_api_auth import api_for
from tests.services.test_portability_v2 import EXPORTED_CHECK, _history

import fitcoach.storage.models  # noqa: F401  (registers every table)
from fitcoach.coach.schemas import ProfileOut
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput
from fitcoach.services import athletes
from fitcoach.services import portability as p
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import dosing
from fitcoach.services.portability import format as format_
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Base
from fitcoach.storage.models import SetLog


def _fields(kind: str) -> set[str]:
    """The fields a document writes for a kind of record."""
    nested = {
        "plans": format_.PLAN_FIELDS,
        "conversations": format_.CONVERSATION_FIELDS,
        "messages": format_.MESSAGE_FIELDS,
        "athlete": format_.ATHLETE_FIELDS,
        format_.OWN_FIELD: format_.OWN_EXERCISE_FIELDS,
        "profile": tuple(n for n in ProfileOut.model_fields if n != "updated_at"),
    }
    if kind in nested:
        return set(nested[kind])
    return {c.name for c in format_.COLUMNS[kind]}


def test_every_column_of_an_athletes_tables_is_exported_or_left_out_for_a_reason() -> None:
    """A column added to an athlete's table fails here until the export carries it (and the
    import restores it) or ``format.NOT_EXPORTED`` says why it stays behind."""
    owned = {t.name for t in Base.metadata.sorted_tables if "athlete_id" in t.c}
    owned |= {"athletes", "accounts"}
    assert set(format_.TABLE_KINDS) | set(format_.NOT_EXPORTED_TABLES) == owned
    assert not set(format_.TABLE_KINDS) & set(format_.NOT_EXPORTED_TABLES)
    assert all(reason.strip() for reason in format_.NOT_EXPORTED_TABLES.values())
    forgotten: dict[str, list[str]] = {}
    for name, kind in format_.TABLE_KINDS.items():
        table = Base.metadata.tables[name]
        fields = _fields(kind)
        renamed = format_.RENAMED.get(name, {})
        left_out = format_.NOT_EXPORTED.get(name, {})
        assert all(reason.strip() for reason in left_out.values()), name
        for column in table.c:
            exported = renamed.get(column.name, column.name) in fields
            if column.name in format_.INTERNAL_COLUMNS:
                assert not exported, (name, column.name)
                continue
            assert not (exported and column.name in left_out), (name, column.name)
            if not exported and column.name not in left_out:
                forgotten.setdefault(name, []).append(column.name)
        # What is listed as left out or renamed exists (a dropped column leaves no stale entry).
        assert set(left_out) | set(renamed) <= set(table.c.keys()), name
    assert forgotten == {}


def test_the_athlete_section_is_what_the_format_lists(ctx: ServiceContext) -> None:
    doc = p.export_athlete(ctx, _history(ctx))
    assert tuple(doc["athlete"]) == format_.ATHLETE_FIELDS
    assert {c.name for c in format_.SET_FIELDS} == set(doc["workouts"][0]["sets"][0])


def _copy(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` to import into the same installation, without the sensor data (not
    what these tests are about)."""
    out = json.loads(json.dumps(doc))
    for kind in format_.SENSOR_KINDS:
        out[kind] = []
    return out


def _version_2(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` as a version 2 document: without what version 3 added."""
    old = _copy(doc)
    old["version"] = 2
    for kind in format_.V4_KINDS:  # what version 4 added (body measurements)
        old.pop(kind)
    old["athlete"].pop("adaptive_dosing")
    for workout in old["workouts"]:
        for item in workout["sets"]:
            for name in format_.FORM_FIELDS:
                item.pop(name)
    return old


def test_a_version_2_document_still_imports_and_refuses_version_3_fields(
    ctx: ServiceContext,
) -> None:
    doc = p.export_athlete(ctx, _history(ctx))
    old = _version_2(doc)
    old["athlete"]["email"] = "old@example.org"
    report = p.import_document(ctx, old)
    assert report.athlete_created
    again = p.export_athlete(ctx, report.athlete_id)
    assert again["athlete"]["adaptive_dosing"] is False  # a version 2 document says nothing
    assert all(s["form_check"] is None for w in again["workouts"] for s in w["sets"])

    with_check = _version_2(doc)
    with_check["athlete"]["email"] = "old2@example.org"
    with_check["workouts"][0]["sets"][0]["form_check"] = EXPORTED_CHECK
    with pytest.raises(InvalidInput, match=r"workouts\[0\]\.sets\[0\]\.form_check: not part of"):
        p.import_document(ctx, with_check)
    with_dosing = _version_2(doc)
    with_dosing["athlete"]["adaptive_dosing"] = True
    with pytest.raises(InvalidInput, match=r"athlete\.adaptive_dosing: not part of a version 2"):
        p.import_document(ctx, with_dosing)


def _one_checked_set(ctx: ServiceContext) -> dict[str, Any]:
    doc = _copy(p.export_athlete(ctx, _history(ctx)))
    doc["athlete"]["email"] = "copy@example.org"
    return doc


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"form_breakdown": False},
            r"sets\[0\]\.form_breakdown: False but form_check\.breakdown is True",
        ),
        ({"form_check": {**EXPORTED_CHECK, "set_id": 7}}, r"form_check: set_id: not allowed"),
        ({"form_check": {**EXPORTED_CHECK, "reps": "five"}}, r"form_check: reps: "),
        ({"form_check": [1, 2]}, r"form_check: must be an object"),
        ({"form_breakdown": "yes"}, r"form_breakdown: must be true or false"),
    ],
)
def test_a_wrong_form_check_imports_nothing(
    ctx: ServiceContext, change: dict[str, Any], message: str
) -> None:
    doc = _one_checked_set(ctx)
    where = next(
        (i, j)
        for i, w in enumerate(doc["workouts"])
        for j, s in enumerate(w["sets"])
        if s["form_check"] is not None
    )
    doc["workouts"][where[0]]["sets"][where[1]].update(change)
    before = ctx.session.execute(select(SetLog.id)).all()
    with pytest.raises(InvalidInput, match=message):
        p.import_document(ctx, doc)
    assert ctx.session.execute(select(SetLog.id)).all() == before


def test_a_breakdown_without_the_check_is_kept_and_the_check_gives_a_missing_one(
    ctx: ServiceContext,
) -> None:
    doc = _one_checked_set(ctx)
    for workout in doc["workouts"]:
        for item in workout["sets"]:
            if item["form_check"] is not None:
                item["form_breakdown"] = None  # the check says it broke down
    doc["workouts"][-1]["sets"][-1]["form_breakdown"] = True  # a breakdown noted without video
    report = p.import_document(ctx, doc)
    again = p.export_athlete(ctx, report.athlete_id)
    flags = [(s["form_check"] is not None, s["form_breakdown"]) for w in again["workouts"]
             for s in w["sets"] if s["form_breakdown"] is not None]  # fmt: skip
    assert sorted(flags) == [(False, True), (True, True)]


def test_only_the_athlete_decides_the_dosing_opt_in_an_import_brings(
    ctx: ServiceContext,
) -> None:
    doc = p.export_athlete(ctx, _history(ctx))
    assert doc["athlete"]["adaptive_dosing"] is True
    target = make_athlete(ctx)
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(ctx, coach_id, target.id)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    report = p.import_document(coach, _copy(doc), athlete_id=target.id)
    assert any("adaptive_dosing" in note and "theirs (off) stands" in note for note in report.notes)
    assert dosing.opted_in(ctx, target.id) is False
    # The athlete themself importing the same document takes their own choice.
    mine = as_subject(ctx, subject_of(ctx, target))
    again = p.import_document(mine, _copy(doc), athlete_id=target.id)
    assert again.notes == []
    assert dosing.opted_in(ctx, target.id) is True


def test_the_api_exports_and_imports_form_checks_and_the_opt_in(
    database: Any, clock: FixedClock
) -> None:
    with api_for(database, clock) as api:
        athlete_id = _history(api.ctx)
        api.ctx.session.commit()
        admin_id = athletes.create_staff_account(api.ctx, "adm@example.org", "Admin", Role.admin)
        api.ctx.session.commit()
        headers = api.headers(admin_id)
        answer = api.client.get(f"/api/v1/athletes/{athlete_id}/export", headers=headers)
        assert answer.status_code == 200, answer.text
        doc = answer.json()
        assert doc["version"] == 4
        assert doc["athlete"]["adaptive_dosing"] is True
        checked = [s for w in doc["workouts"] for s in w["sets"] if s["form_check"] is not None]
        assert [(s["form_check"], s["form_breakdown"]) for s in checked] == [(EXPORTED_CHECK, True)]
        schema = openapi_document()["components"]["schemas"]
        assert "set_id" not in schema["ExportFormCheckOut"]["properties"]
        target, mine = api.athlete()
        imported = api.client.post(
            f"/api/v1/athletes/{target.id}/import", json=_copy(doc), headers=mine
        )
        assert imported.status_code == 200, imported.text
        assert dosing.opted_in(api.ctx, target.id) is True
        stored = api.ctx.session.execute(
            select(SetLog.form_check).where(
                SetLog.athlete_id == target.id, SetLog.form_check.is_not(None)
            )
        ).scalar_one()
        assert {k: v for k, v in stored.items() if k != "set_id"} == EXPORTED_CHECK
