"""Body measurements in fitcoach's own export (format version 4), SQLite and PostgreSQL: every
reading leaves in the JSON and the file forms and comes back; importing twice adds nothing,
a stored reading is never overwritten; bad records, an older version carrying them and an
athlete without training_logs consent import nothing."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.factories import make_athlete

from fitcoach.core.errors import ConsentRequired, InvalidInput
from fitcoach.services import consent, measurements
from fitcoach.services import portability as p
from fitcoach.services.context import ServiceContext


def _measured(ctx: ServiceContext) -> int:
    athlete = make_athlete(ctx).id
    measurements.log_measurements(
        ctx,
        athlete,
        {"day": "2026-11-10", "waist_cm": 84.5, "hips_cm": 98, "notes": 'after "rest", ünï'},
    )
    measurements.log_measurements(
        ctx, athlete, {"day": "2026-11-17", "waist_cm": 83.9, "body_fat_pct": 21.4}
    )
    return athlete


def _readings(ctx: ServiceContext, athlete: int) -> list[tuple[str, dict[str, float], float | None, str]]:  # fmt: skip
    return [
        (d.day.isoformat(), d.values_cm, d.body_fat_pct, d.notes)
        for d in measurements.history(ctx, athlete)
    ]


def _elsewhere(doc: dict[str, Any]) -> dict[str, Any]:
    """The document as another person's (a new e-mail makes the import create them)."""
    moved = copy.deepcopy(doc)
    moved["athlete"]["email"] = "copy-" + moved["athlete"]["email"]
    return moved


def test_the_json_form_carries_every_reading_and_imports_back(ctx: ServiceContext) -> None:
    athlete = _measured(ctx)
    doc = p.export_athlete(ctx, athlete)
    assert doc["version"] == 4
    assert [(m["day"], m["site"], m["value"]) for m in doc["measurements"]] == [
        ("2026-11-10", "hips", 98.0),
        ("2026-11-10", "waist", 84.5),
        ("2026-11-17", "body_fat", 21.4),
        ("2026-11-17", "waist", 83.9),
    ]
    assert set(doc["measurements"][0]) == {"source", "source_id", "day", "site", "value", "notes"}
    assert p.counts_of(doc)["measurements"] == 4
    report = p.import_document(ctx, json.loads(json.dumps(_elsewhere(doc))))
    assert report.counts["measurements"] == p.KindCount(4, 4, 0)
    assert _readings(ctx, report.athlete_id) == _readings(ctx, athlete)
    again = p.import_document(ctx, _elsewhere(doc), athlete_id=report.athlete_id)
    assert again.counts["measurements"] == p.KindCount(4, 0, 4)


def test_the_zip_form_has_measurements_csv_and_round_trips(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    athlete = _measured(ctx)
    path = tmp_path / "export.zip"
    counts = p.write_export(ctx, athlete, path, "zip")
    assert counts["measurements"] == 4
    with zipfile.ZipFile(path) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("measurements.csv").decode())))
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["version"] == 4
    assert manifest["counts"]["measurements"] == 4
    assert list(rows[0]) == ["source", "source_id", "day", "site", "value", "notes"]
    assert rows[1]["notes"] == 'after "rest", ünï'
    doc = p.read_export(path)
    doc["athlete"]["email"] = "zip-" + doc["athlete"]["email"]
    report = p.import_document(ctx, doc)
    assert _readings(ctx, report.athlete_id) == _readings(ctx, athlete)


def test_an_import_never_overwrites_a_stored_reading(ctx: ServiceContext) -> None:
    athlete = _measured(ctx)
    doc = p.export_athlete(ctx, athlete)
    target = make_athlete(ctx).id
    measurements.log_measurements(ctx, target, {"day": "2026-11-10", "waist_cm": 90})
    report = p.import_document(ctx, doc, athlete_id=target)
    assert report.counts["measurements"] == p.KindCount(4, 3, 1)
    assert measurements.history(ctx, target)[1].values_cm == {"waist": 90.0, "hips": 98.0}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"site": "elbow"}, "measurements[0]: unknown site 'elbow'"),
        ({"value": 840.0}, "hips 840 cm is outside what a tape reads there: 50–200 cm"),
        ({"value": "98 cm"}, "measurements[0].value: must be a number in cm"),
        ({"site": "body_fat", "value": 95.0}, "body fat 95 % is outside the plausible range"),
        ({"day": "2027-03-01"}, "measurements[0].day: day 2027-03-01 is in the future"),
        ({"source_id": None}, "measurements[0].source_id"),
        ({"day": "2026-11-17", "site": "waist"}, "waist on 2026-11-17 repeats measurements[3]"),
    ],
)
def test_a_bad_record_imports_nothing(
    ctx: ServiceContext, change: dict[str, Any], problem: str
) -> None:
    doc = _elsewhere(p.export_athlete(ctx, _measured(ctx)))
    doc["measurements"][0].update(change)
    if problem.startswith("waist on"):  # the duplicate is the later record
        doc["measurements"].append(doc["measurements"].pop(0))
        problem = "waist on 2026-11-17 repeats measurements[2]"
    with pytest.raises(InvalidInput) as refused:
        p.import_document(ctx, doc)
    assert problem in refused.value.message
    assert refused.value.message.startswith("nothing imported")


def test_an_older_version_cannot_carry_measurements(ctx: ServiceContext) -> None:
    doc = _elsewhere(p.export_athlete(ctx, _measured(ctx)))
    doc["version"] = 3
    with pytest.raises(InvalidInput, match=r"unknown key.*measurements.*a version 3 export has"):
        p.import_document(ctx, doc)
    del doc["measurements"]
    assert p.import_document(ctx, doc).athlete_created


def test_measurements_need_training_logs_consent(ctx: ServiceContext) -> None:
    doc = p.export_athlete(ctx, _measured(ctx))
    only = {k: v for k, v in doc.items() if k in ("format", "version", "athlete", "measurements")}
    target = make_athlete(ctx).id
    consent.withdraw(ctx, target, "training_logs")
    with pytest.raises(ConsentRequired, match=r"training records \(measurements\)"):
        p.import_document(ctx, only, athlete_id=target)
    assert measurements.history(ctx, target) == []
