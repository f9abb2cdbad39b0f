"""Export and import: round trips in every form, idempotence, all-or-nothing, clear errors."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from tests.factories import as_subject, log_weeks, make_athlete, subject_of, workout
from tests.fixtures.tables import changed, row_counts
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.coach.schemas import (
    CardioIn,
    DailyMetricsIn,
    FeedbackIn,
    MealIn,
    SetIn,
    SleepIn,
    WorkoutIn,
)
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from fitcoach.core.settings import get_settings
from fitcoach.services import athletes, training_log
from fitcoach.services import portability as p
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability import csvio
from fitcoach.storage.models import DailyMetric

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "portability"
EXPORT = FIXTURES / "export"  # written by export_athlete from _history(), athlete renamed
DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
START = datetime(2026, 9, 7, 17, 30, tzinfo=UTC)
INTERNAL_KEYS = {"id", "athlete_id", "session_id", "exercise_id", "account_id"}


def _history(ctx: ServiceContext) -> int:
    """An athlete with every kind of record, including awkward text and empty values."""
    athlete = make_athlete(
        ctx,
        injuries=[{"region": "knee", "severity": "mild", "since": "2025-03-01"}],
        dietary_restrictions=["vegetarian"],
    ).id
    log_weeks(ctx, athlete, START, 3)
    training_log.log_workout(
        ctx,
        athlete,
        workout(
            START + timedelta(days=1),
            ("barbell-bench-press", 10, 40, None),
            ("barbell-bench-press", 8, 60, 1.5),
            title="Upper, heavy",
            notes='felt "strong"\nsecond line; ünïcödé',
            session_rpe=8,
            duration_s=3900,
            source="garmin",
            source_id="g-1",
        ),
    )
    training_log.log_workout(
        ctx,
        athlete,
        {
            "started_at": (START + timedelta(days=2)).isoformat(),
            "sets": [
                {"exercise": "barbell-back-squat", "reps": 10, "is_warmup": True},
                {"exercise": "barbell-back-squat", "reps": 3, "weight_kg": 100, "completed": False},
            ],
        },
    )
    training_log.log_cardio(
        ctx,
        athlete,
        {
            "activity_type": "Trail run",
            "started_at": (START + timedelta(days=4)).isoformat(),
            "duration_s": 3000.5,
            "distance_m": 10234.7,
            "avg_hr": 148,
            "max_hr": 176,
            "steps": 9876,
            "source": "strava",
            "source_id": "s,1",
        },
    )
    training_log.log_daily(ctx, athlete, {"day": "2026-09-08", "weight_kg": 64.3, "mood": 4})
    training_log.log_daily(ctx, athlete, {"day": "2026-09-09", "hrv_rmssd_ms": 61.2})
    training_log.log_sleep(
        ctx,
        athlete,
        {
            "started_at": "2026-09-08T23:10:00+02:00",
            "ended_at": "2026-09-09T07:00:00+02:00",
            "stages_s": {"deep": 5400, "rem": 6000.5, "light": 14000, "awake": 600},
            "awakenings": 2,
            "quality": 4,
        },
    )
    training_log.log_meal(
        ctx,
        athlete,
        {
            "eaten_at": "2026-09-08T13:00:00+02:00",
            "meal_type": "lunch",
            "description": "rice, beans",
            "calories_kcal": 650,
            "protein_g": 32.5,
        },
    )
    training_log.log_feedback(
        ctx,
        athlete,
        {"recorded_at": "2026-09-09T08:00:00Z", "energy": 7, "perceived_exertion": 6.5},
    )
    return athlete


def _comparable(doc: dict[str, Any]) -> dict[str, Any]:
    """A document without what may differ between copies: e-mail and export time."""
    out = json.loads(json.dumps(doc))
    out.pop("exported_at")
    out["athlete"].pop("email")
    return out


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _copy_fixture(tmp_path: Path, name: str = "export") -> Path:
    tree = tmp_path / name
    shutil.copytree(EXPORT, tree)
    return tree


def _import_as(ctx: ServiceContext, path: Path, email: str) -> p.ImportReport:
    """Import an export as the athlete with ``email`` (created when new)."""
    doc = p.read_export(path)
    doc["athlete"]["email"] = email
    return p.import_document(ctx, doc)


# --- round trips ----------------------------------------------------------------------------


def test_round_trips_through_every_form(ctx: ServiceContext, tmp_path: Path) -> None:
    """The committed (version 1) export imports and exports again byte for byte, as version 4
    (whose manifest counts the new kinds too, whose sets.csv has the form check columns, empty
    here, and whose athlete.json says the dosing agent is off); JSON, CSV and zip copies of it
    come back identical apart from the e-mail."""
    report = p.import_document(ctx, p.read_export(EXPORT))
    assert report.athlete_created
    expected = {"workouts": 8, "sets": 22, "cardio": 1, "daily": 2, "sleep": 1, "meals": 1,
                "feedback": 1}  # fmt: skip
    assert {k: c.inserted for k, c in report.counts.items()} == expected  # version 1's kinds
    original = report.athlete_id
    p.write_export(ctx, original, tmp_path / "again", "csv")
    since_v3 = {"manifest.json", "athlete.json", "sets.csv"}
    for name in sorted(f.name for f in EXPORT.iterdir() if f.name not in since_v3):
        assert (tmp_path / "again" / name).read_bytes() == (EXPORT / name).read_bytes(), name
    athlete = json.loads((tmp_path / "again" / "athlete.json").read_text(encoding="utf-8"))
    assert athlete.pop("adaptive_dosing") is False
    assert athlete == json.loads((EXPORT / "athlete.json").read_text(encoding="utf-8"))
    fixture = (EXPORT / "sets.csv").read_bytes().split(b"\r\n")  # two empty cells more
    widened = [fixture[0] + b",form_check,form_breakdown"]
    widened += [line + b",," if line else line for line in fixture[1:]]
    assert (tmp_path / "again" / "sets.csv").read_bytes().split(b"\r\n") == widened
    manifest = json.loads((tmp_path / "again" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 4
    # A version 1 import records the onboarding consent as for any new athlete.
    assert manifest["counts"] == {**expected, "plans": 0, "conversations": 0, "messages": 0,
                                  "health_flags": 0, "consent": 4, "recordings": 0,
                                  "vitals": 0, "events": 0, "measurements": 0}  # fmt: skip

    doc = p.export_athlete(ctx, original)
    assert doc["format"] == "fitcoach-export"
    assert doc["version"] == 4  # the latest format (measurements: version 4)
    assert doc["exported_at"] == "2026-11-20T12:00:00+00:00"
    assert not _keys(doc) & INTERNAL_KEYS
    assert p.counts_of(doc) == manifest["counts"]
    assert doc["workouts"][1]["sets"][0]["exercise"] == "barbell-bench-press"
    assert doc["workouts"][1]["notes"] == 'felt "strong"\nsecond line; ünïcödé'
    assert doc["sleep"][0]["started_at"] == "2026-09-08T21:10:00+00:00"  # given at +02:00
    assert doc["sleep"][0]["stages_s"] == {
        "awake": 600.0,
        "deep": 5400.0,
        "light": 14000.0,
        "rem": 6000.0,
    }  # fmt: skip  (to the second)
    assert doc["cardio"][0]["activity_type"] == "trail_run"

    # JSON in memory, then the three file forms, each into a new athlete.
    copy = json.loads(json.dumps(doc))
    copy["athlete"]["email"] = "json@example.org"
    created = p.import_document(ctx, copy)
    assert created.athlete_created
    assert created.athlete_id != original
    assert _comparable(p.export_athlete(ctx, created.athlete_id)) == _comparable(doc)
    for fmt, name in (("json", "ana.json"), ("csv", "ana"), ("zip", "ana.zip")):
        p.write_export(ctx, original, tmp_path / name, fmt)
        copied = _import_as(ctx, tmp_path / name, f"{fmt}-copy@example.org")
        assert copied.athlete_created
        assert _comparable(p.export_athlete(ctx, copied.athlete_id)) == _comparable(doc), fmt
    assert zipfile.ZipFile(tmp_path / "ana.zip").namelist()[0] == "manifest.json"


def test_importing_twice_inserts_nothing_the_second_time(ctx: ServiceContext) -> None:
    doc = p.export_athlete(ctx, _history(ctx))
    target = make_athlete(ctx).id
    training_log.log_daily(ctx, target, {"day": "2026-09-08", "weight_kg": 60.0})
    steps: dict[str, tuple[int, int]] = {}
    first = p.import_document(
        ctx,
        doc,
        athlete_id=target,
        progress=lambda s, done, total: steps.update({s: (done, total)}),
    )
    assert not first.athlete_created
    assert first.counts["sets"] == p.KindCount(read=22, inserted=22, skipped=0)
    # A stored day is not overwritten by an import.
    assert first.counts["daily"] == p.KindCount(read=2, inserted=1, skipped=1)
    weights = ctx.session.execute(
        select(DailyMetric.weight_kg)
        .where(DailyMetric.athlete_id == target)
        .order_by(DailyMetric.day)
    ).scalars()
    assert list(weights) == [60.0, None]
    assert steps["checking records"] == (14, 14)
    assert steps["writing sets"] == (22, 22)
    assert all(done == total for done, total in steps.values())

    before = row_counts(ctx.session, target)
    second = p.import_document(ctx, doc, athlete_id=target)
    assert second.inserted == 0
    assert {k: c.skipped for k, c in second.counts.items()} == p.counts_of(doc)
    assert changed(before, row_counts(ctx.session, target)) == {"audit_log": 2}  # import, profile

    # A stored workout keeps its sets: a longer copy of it adds nothing.
    doc["workouts"][0]["sets"].append(dict(doc["workouts"][0]["sets"][0]))
    longer = p.import_document(ctx, doc, athlete_id=target)
    assert longer.counts["sets"] == p.KindCount(read=23, inserted=0, skipped=23)

    # Into the athlete it came from, found by e-mail: everything is already there.
    into_self = p.import_document(ctx, doc)
    assert not into_self.athlete_created
    assert into_self.inserted == 0


def test_import_into_an_athlete_updates_their_profile(ctx: ServiceContext) -> None:
    doc = p.read_export(EXPORT)
    target = make_athlete(ctx, goals=["endurance"], days_per_week=2, experience_level="beginner")
    doc["athlete"]["profile"]["experience_level"] = None  # cannot be empty: kept
    report = p.import_document(ctx, doc, athlete_id=target.id)
    assert report.profile_updated
    after = athletes.get_athlete(ctx, target.id)
    assert after.profile is not None
    assert after.profile.goals == ["strength"]
    assert after.profile.days_per_week == 4
    assert after.profile.injuries[0]["region"] == "knee"
    assert after.profile.experience_level == "beginner"
    assert (after.email, after.name) == (target.email, target.name)
    assert report.counts["workouts"].inserted == 8


def test_a_handwritten_csv_export_imports(ctx: ServiceContext) -> None:
    """Columns in any order, optional ones left out, positions out of order, TRUE in caps."""
    report = p.import_document(ctx, p.read_export(FIXTURES / "handmade"))
    assert report.athlete_created
    assert {k: c.inserted for k, c in report.counts.items()} == {
        "workouts": 2, "sets": 5, "cardio": 0, "daily": 2, "sleep": 0, "meals": 0, "feedback": 0,
    }  # fmt: skip
    out = p.export_athlete(ctx, report.athlete_id)
    lower = out["workouts"][0]
    assert lower["started_at"] == "2026-11-02T17:00:00+00:00"
    assert [(s["reps"], s["weight_kg"], s["is_warmup"]) for s in lower["sets"]] == [
        (8, 40.0, True),
        (5, 80.0, False),
        (5, 82.5, False),
    ]
    assert out["workouts"][1]["title"] == "Upper, with a comma"
    assert out["daily"][1]["mood"] is None
    assert out["athlete"]["timezone"] == "Europe/Berlin"


# --- CSV injection ---------------------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "'=already quoted",
    "''",
    "'plain quote",
    "'",
]


def test_csv_export_neutralises_formulas_and_import_restores_them(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    """A text cell that a spreadsheet would run as a formula is written with a leading quote;
    numbers (a negative one too) stay numbers; importing the files gives the original text."""
    athlete = make_athlete(ctx).id
    for i, text in enumerate(FORMULAS):
        training_log.log_workout(
            ctx,
            athlete,
            workout(
                START + timedelta(days=i),
                ("barbell-bench-press", 5, 40, None),
                title=text,
                notes=text,
                source="csv-test",
                source_id=f"={i}",
            ),
        )
    training_log.log_daily(ctx, athlete, {"day": "2026-09-08", "hrv_rmssd_ms": 61.2})
    training_log.log_meal(
        ctx,
        athlete,
        {"eaten_at": "2026-09-08T13:00:00Z", "description": "@lunch", "protein_g": 30},
    )
    stored = p.export_athlete(ctx, athlete)
    assert [w["notes"] for w in stored["workouts"]] == FORMULAS  # stored as given

    p.write_export(ctx, athlete, tmp_path / "out", "csv")
    with (tmp_path / "out" / "workouts.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    for row in rows:
        for column in ("source_id", "title", "notes"):
            assert not row[column].startswith(dangerous), (column, row[column])
    notes = {row["source_id"]: row["notes"] for row in rows}
    assert notes["'=0"] == '\'=HYPERLINK("http://x","y")'
    assert notes["'=4"] == "''=already quoted"
    assert notes["'=6"] == "'plain quote"  # cannot start a formula: as it is
    with (tmp_path / "out" / "meals.csv").open(encoding="utf-8", newline="") as f:
        (meal,) = csv.DictReader(f)
    assert meal["description"] == "'@lunch"
    assert meal["protein_g"] == "30.0"

    copy = _import_as(ctx, tmp_path / "out", "copy@example.org")
    again = p.export_athlete(ctx, copy.athlete_id)
    assert [w["notes"] for w in again["workouts"]] == FORMULAS
    assert [w["title"] for w in again["workouts"]] == FORMULAS
    assert [w["source_id"] for w in again["workouts"]] == [f"={i}" for i in range(8)]
    assert again["meals"][0]["description"] == "@lunch"


def test_csv_cells_numbers_stay_numbers_and_tab_or_cr_texts_round_trip() -> None:
    """Only text is neutralised: a negative number is written as it is. Texts that start with a
    tab or CR (the service schemas strip those, a hand-made document may hold them) are
    neutralised and read back unchanged by the CSV reader."""
    record = {"source": "s", "source_id": "-1", "recorded_at": "2026-09-08T13:00:00Z",
              "perceived_exertion": -0.5, "energy": -3, "notes": "\t=cmd"}  # fmt: skip
    out = io.StringIO()
    csvio.write_csv(out, p.COLUMNS["feedback"], [record])
    header, line = (
        next(csv.reader(io.StringIO(out.getvalue()))),
        list(csv.reader(io.StringIO(out.getvalue())))[1],
    )
    cells = dict(zip(header, line, strict=True))
    assert (cells["perceived_exertion"], cells["energy"]) == ("-0.5", "-3")
    assert (cells["source_id"], cells["notes"]) == ("'-1", "'\t=cmd")
    (parsed,), _ = csvio.parse_csv("feedback.csv", out.getvalue().encode(), p.COLUMNS["feedback"])
    assert parsed == {**record, "perceived_exertion": -0.5}
    for text in ("\rx", "\t", "''\t", "'", "a'="):
        assert csvio.unneutralise(csvio.neutralise(text)) == text


# --- broken files: a clear error with the place ---------------------------------------------


def _edit_line(path: Path, line: int, edit: Callable[[list[str]], list[str]]) -> None:
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    lines[line - 1] = ",".join(edit(lines[line - 1].split(",")))
    path.write_bytes("\r\n".join(lines).encode("utf-8"))


def _cell(file: str, line: int, column: int, value: str) -> Callable[[Path], None]:
    def edit(cells: list[str]) -> list[str]:
        cells[column - 1] = value
        return cells

    return lambda tree: _edit_line(tree / file, line, edit)


def _drop_column(column: int) -> Callable[[Path], None]:
    def corrupt(tree: Path) -> None:
        sets = tree / "sets.csv"
        rows = [r.split(",") for r in sets.read_bytes().decode("utf-8").split("\r\n") if r]
        sets.write_bytes("\r\n".join(",".join(r[: column - 1] + r[column:]) for r in rows).encode())

    return corrupt


def _truncate(name: str, keep: Callable[[bytes], int]) -> Callable[[Path], None]:
    def corrupt(tree: Path) -> None:
        data = (tree / name).read_bytes()
        (tree / name).write_bytes(data[: keep(data)])

    return corrupt


def _set_json(name: str, key: str, value: Any) -> Callable[[Path], None]:
    def corrupt(tree: Path) -> None:
        doc = json.loads((tree / name).read_text(encoding="utf-8"))
        doc[key] = value
        (tree / name).write_text(json.dumps(doc), encoding="utf-8")

    return corrupt


UNREADABLE: dict[str, tuple[Callable[[Path], None], str]] = {
    "bad number": (
        _cell("sets.csv", 3, 5, "five"),
        r"^sets\.csv line 3, column 5 \(reps\): 'five' is not a whole number$",
    ),
    "bad weight": (
        _cell("sets.csv", 3, 6, "100kg"),
        r"^sets\.csv line 3, column 6 \(weight_kg\): '100kg' is not a number in kg",
    ),
    "bad boolean": (
        _cell("sets.csv", 7, 8, "yes"),
        r"^sets\.csv line 7, column 8 \(completed\): 'yes' is not true or false$",
    ),
    "missing column": (_drop_column(5), r"^sets\.csv line 1: missing required column\(s\) reps$"),
    "unknown column": (
        _cell("meals.csv", 1, 9, "fibre_g"),
        r"^meals\.csv line 1: unknown column\(s\) 'fibre_g'",
    ),
    "truncated mid-row": (
        _truncate("sets.csv", lambda d: len(d) - 20),
        r"^sets\.csv line 23: \d values but the header has 10 columns",
    ),
    "truncated at a row": (
        _truncate("sets.csv", lambda d: d.rindex(b"\r\n", 0, len(d) - 2) + 2),
        r"^sets\.csv has 21 record\(s\) but manifest\.json counts 22",
    ),
    "unclosed quote": (
        _truncate("workouts.csv", lambda d: d.index(b"second line")),
        r"^workouts\.csv line 3: unexpected end of data",
    ),
    "truncated json": (
        _truncate("athlete.json", lambda d: len(d) // 2),
        r"^athlete\.json line \d+ column \d+: ",
    ),
    "wrong version": (
        _set_json("manifest.json", "version", 5),
        r"^manifest\.json: export format version 5 is not supported",
    ),
    "wrong format": (
        _set_json("manifest.json", "format", "strava-export"),
        r"^manifest\.json: format is 'strava-export', not 'fitcoach-export'",
    ),
    "count mismatch": (
        _set_json("manifest.json", "counts", {"meals": 3}),
        r"^meals\.csv has 1 record\(s\) but manifest\.json counts 3",
    ),
    "orphan set": (
        _cell("sets.csv", 2, 2, "nope"),
        r"^sets\.csv line 2, column 2 \(workout_source_id\): no workout with source",
    ),
    "stray file": (
        lambda tree: (tree / "workout.csv").write_text("source\r\n"),
        r"unknown file\(s\) workout\.csv",
    ),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
@pytest.mark.parametrize("packed", [False, True], ids=["dir", "zip"])
def test_a_broken_export_is_refused_with_its_place(tmp_path: Path, case: str, packed: bool) -> None:
    corrupt, message = UNREADABLE[case]
    tree = _copy_fixture(tmp_path)
    corrupt(tree)
    path = Path(shutil.make_archive(str(tree), "zip", tree)) if packed else tree
    with pytest.raises(InvalidInput, match=message):
        p.read_export(path)


def test_a_broken_zip_or_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(b"this is not a zip")
    with pytest.raises(InvalidInput, match=r"^x\.zip is not a readable zip archive"):
        p.read_export(path)
    data = Path(shutil.make_archive(str(tmp_path / "whole"), "zip", EXPORT)).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InvalidInput, match=r"^x\.zip is not a readable zip archive"):
        p.read_export(path)

    doc = p.read_export(EXPORT)
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(doc, indent=1)[:-200], encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^ana\.json line \d+ column \d+: "):
        p.read_export(path)
    with pytest.raises(NotFound, match="does not exist"):
        p.read_export(tmp_path / "missing.json")


# --- invalid records: nothing stored ----------------------------------------------------------

INVALID: dict[str, tuple[Callable[[Path], None], str]] = {
    "out of range": (
        _cell("sets.csv", 3, 5, "-1"),
        r"^nothing imported: sets\.csv line 3, column 5 \(reps\): Input should be greater than",
    ),
    "sleep ends first": (
        _cell("sleep.csv", 2, 4, "2026-09-08T20:00:00+00:00"),
        r"^nothing imported: sleep\.csv line 2: ended_at must be after started_at",
    ),
    "unknown exercise": (
        _cell("sets.csv", 4, 4, "moon-press"),
        r"^nothing imported: sets\.csv line 4, column 4 \(exercise\): unknown exercise "
        r"'moon-press'",
    ),
    "future date": (
        _cell("meals.csv", 2, 3, "2027-01-01T12:00:00+00:00"),
        r"^nothing imported: meals\.csv line 2, column 3 \(eaten_at\): meal time "
        r"2027-01-01T12:00:00\+00:00 is in the future",
    ),
    "naive timestamp": (
        _cell("workouts.csv", 2, 3, "2026-09-07T17:30:00"),
        r"^nothing imported: workouts\.csv line 2, column 3 \(started_at\): Input should have "
        r"timezone info",
    ),
}


def test_invalid_records_store_nothing(ctx: ServiceContext, tmp_path: Path) -> None:
    """Each bad value, late in the document, is reported with its place and nothing is
    stored; the counts stay the same before and after the rollback a CLI command does."""
    p.import_document(ctx, p.read_export(EXPORT))
    ctx.session.commit()
    before = row_counts(ctx.session)
    for case, (corrupt, message) in INVALID.items():
        tree = _copy_fixture(tmp_path, case)
        corrupt(tree)
        with pytest.raises(InvalidInput, match=message):
            _import_as(ctx, tree, "new@example.org")  # would create an athlete
        assert changed(before, row_counts(ctx.session)) == {}, case  # checked before writing
        ctx.session.rollback()
        assert changed(before, row_counts(ctx.session)) == {}, case


def test_json_problems_are_all_listed_with_their_place(ctx: ServiceContext) -> None:
    doc = p.read_export(EXPORT)
    doc = json.loads(json.dumps(doc))  # a plain JSON document: places are JSON paths
    doc["athlete"]["email"] = "copy@example.org"
    doc["workouts"][2]["sets"][1]["exercise"] = "moon-press"
    doc["workouts"][5]["started_at"] = "2027-03-01T10:00:00+00:00"
    doc["cardio"][0]["distance_m"] = "10 km"  # never read through a unit parser
    doc["meals"].append(dict(doc["meals"][0]))  # the same source_id twice
    doc["feedback"][0]["source_id"] = None
    doc["daily"][1]["mood"] = 9
    before = row_counts(ctx.session)
    with pytest.raises(InvalidInput) as caught:
        p.import_document(ctx, doc)
    errors = caught.value.details["errors"]
    assert errors[0].startswith("workouts[2].sets[1].exercise: unknown exercise 'moon-press'")
    assert errors[1:] == [
        "workouts[5].started_at: workout start 2027-03-01T10:00:00+00:00 is in the future; "
        "give the time it happened",
        "cardio[0].distance_m: must be a number in m, not '10 km'",
        "daily[1].mood: Input should be less than or equal to 5",
        "meals[1].source_id: ('manual', '" + doc["meals"][0]["source_id"] + "') repeats "
        "meals[0]; each record must be given once",
        "feedback[0].source_id: required in an import (it identifies the record, so that "
        "importing again skips it)",
    ]
    assert caught.value.message.startswith("nothing imported: workouts[2].sets[1].exercise")
    assert changed(before, row_counts(ctx.session)) == {}


def test_document_shape_errors(ctx: ServiceContext) -> None:
    header = {"format": "fitcoach-export", "version": 1}
    someone = {"name": "X", "email": "x@example.org"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({**header, "version": 5}, "version 5 is not supported"),
        ({**header, "athlete": someone, "plans": []}, "unknown key.*version 1 export has"),
        ({**header, "version": True}, "version True is not supported"),
        ({**header, "format": "other"}, "not a fitcoach export"),
        ({**header, "extra": []}, "unknown key"),
        (header, "no athlete section"),
        ({**header, "athlete": {"name": "X", "email": "nope"}}, "athlete.email: String should"),
        (  # "today" is the context's clock's day (NOW is 2026-11-20), not the machine's
            {**header, "athlete": {**someone, "profile": {"birth_date": "2026-11-21"}}},
            "athlete.profile.birth_date: birth date must lie between 1900 and today",
        ),
        ({**header, "athlete": someone, "workouts": {}}, "workouts: must be a list"),
        ({**header, "athlete": someone, "meals": [3]}, r"meals\[0\]: a record must be an object"),
    ]
    before = row_counts(ctx.session)
    for doc, message in cases:
        with pytest.raises(InvalidInput, match=message):
            p.import_document(ctx, doc)
    assert changed(before, row_counts(ctx.session)) == {}


# --- ownership ------------------------------------------------------------------------------


def test_athletes_export_and_import_only_their_own(ctx: ServiceContext) -> None:
    mine = make_athlete(ctx)
    other = _history(ctx)
    me = as_subject(ctx, subject_of(ctx, mine))
    with pytest.raises(NotFound):
        p.export_athlete(me, other)
    doc = p.export_athlete(ctx, other)
    with pytest.raises(NotFound):
        p.import_document(me, doc, athlete_id=other)
    before = row_counts(ctx.session)
    with pytest.raises(Conflict, match="not yours to import into"):
        p.import_document(me, doc)  # the document names the other athlete's e-mail
    doc["athlete"]["email"] = "brand-new@example.org"
    with pytest.raises(PermissionDenied):
        p.import_document(me, doc)  # athletes do not create athletes
    # Their own export comes back into their own account, found by e-mail.
    own = p.export_athlete(me, mine.id)
    assert p.import_document(me, own).athlete_id == mine.id
    assert p.import_document(me, doc, athlete_id=mine.id).counts["workouts"].inserted == 8
    assert changed(before, row_counts(ctx.session))["set_logs"] == 22


# --- the format is the schemas, and it is documented ------------------------------------------


def test_the_columns_are_the_schema_fields_and_are_documented() -> None:
    schemas = {
        "workouts": WorkoutIn, "cardio": CardioIn, "daily": DailyMetricsIn, "sleep": SleepIn,
        "meals": MealIn, "feedback": FeedbackIn,
    }  # fmt: skip
    for kind, schema in schemas.items():
        assert {c.name for c in p.COLUMNS[kind]} == set(schema.model_fields) - {"sets"}, kind
    # A set's form check comes from a filmed set (version 3), never from logging one.
    assert {c.name for c in p.SET_FIELDS} == set(SetIn.model_fields) | {
        "form_check",
        "form_breakdown",
    }
    text = DOCS.read_text(encoding="utf-8")
    headings = {"samples": "waveforms/NNNN-CHANNEL.csv"}  # one file per recording channel
    for kind, columns in p.COLUMNS.items():
        heading = headings.get(kind, f"{kind}.csv")
        section = text.split(f"### {heading}", 1)[1].split("###", 1)[0]
        documented = re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)
        assert documented == [c.name for c in columns], kind
        for column in columns:
            row = next(r for r in section.splitlines() if r.startswith(f"| `{column.name}` |"))
            assert ("| yes |" in row) == column.required, (kind, column.name)


# --- the command line -----------------------------------------------------------------------


def test_cli_export_and_import(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "120")
    get_settings.cache_clear()
    runner = CliRunner()

    def ok(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
        return result.stdout

    try:
        ok("db", "upgrade")
        ok("athlete", "create", "--name", "Ana", "--email", "ana@example.org")
        ok("log", "workout", "-a", "ana@example.org", "-s", "barbell-back-squat 3x5@100kg rir2",
           "--at", "2026-01-05T18:00:00+01:00")  # fmt: skip
        out = ok("export", "--athlete", "ana@example.org", "--out", "ana.zip")
        assert "exported to ana.zip (zip)" in out
        assert re.search(r"sets\s+│\s+3", out)
        assert zipfile.is_zipfile(tmp_path / "ana.zip")
        ok("export", "-a", "1", "--out", "ana.json", "--json")

        # Into the same athlete (found by e-mail): everything is skipped.
        summary = ok("import", "ana.zip")
        assert "imported ana.zip into athlete 1" in summary
        assert re.search(r"sets\s+│\s+3\s+│\s+0\s+│\s+3", summary)

        doc = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
        doc["athlete"]["email"] = "copy@example.org"
        (tmp_path / "copy.json").write_text(json.dumps(doc), encoding="utf-8")
        report = json.loads(ok("import", "copy.json", "--json"))
        assert report["athlete_created"]
        assert report["counts"]["sets"]["inserted"] == 3

        doc["workouts"][0]["sets"][1]["reps"] = -1
        doc["athlete"]["email"] = "third@example.org"
        (tmp_path / "bad.json").write_text(json.dumps(doc), encoding="utf-8")
        bad = runner.invoke(app, ["import", "bad.json"])
        assert bad.exit_code == 2
        assert "bad.json: workouts[0].sets[1].reps: Input should be greater" in bad.stderr
        assert "Traceback" not in bad.stderr + bad.stdout
        listed = json.loads(ok("athlete", "list", "--json"))
        assert [a["email"] for a in listed] == ["ana@example.org", "copy@example.org"]

        unknown = runner.invoke(app, ["import", "ana.json", "--athlete", "99"])
        assert unknown.exit_code == 2
        assert "athlete 99 not found" in unknown.stderr

        for command in ("export", "import"):
            text = ok(command, "--help")
            assert "Example: fitcoach " + command in text
            assert "version 4" in " ".join(text.split()).lower()
        assert "--include-waveforms" in ok("export", "--help")
        waves = json.loads(
            ok("export", "-a", "1", "--out", "w.zip", "--include-waveforms", "--json")
        )
        assert waves["counts"]["waveforms"] == 0  # no recordings
        assert "waveforms.csv" in zipfile.ZipFile(tmp_path / "w.zip").namelist()
        no_json = runner.invoke(
            app, ["export", "-a", "1", "--out", "w.json", "--include-waveforms"]
        )
        assert no_json.exit_code == 2
        assert "only in the zip and CSV forms" in no_json.stderr
    finally:
        get_settings.cache_clear()
