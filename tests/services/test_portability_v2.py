"""Format version 2: plans, conversations, health flags, consent and sensor data travel with an
athlete's export and come back the same; imports stay idempotent and all-or-nothing, open
flags keep pausing training, and sensor data needs consent."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import as_subject, log_weeks, make_athlete, subject_of
from tests.fixtures.tables import changed, row_counts
from tests.services.test_sensors_service import store_recording

from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import ConsentRequired, InvalidInput, TrainingPaused
from fitcoach.services import consent, form_check, health, plans
from fitcoach.services import portability as p
from fitcoach.services.context import ServiceContext
from fitcoach.services.form_check import FormCheck, FormFault
from fitcoach.services.plans import dosing
from fitcoach.services.portability import format as format_
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory
from fitcoach.storage.models import ConsentRecord, PlanVersion, Recording, SetLog
from fitcoach.storage.repositories import conversations as conv_repo
from fitcoach.storage.repositories import sensors as sensor_repo

DOCS = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
START = date(2026, 11, 16)  # Monday; the clock stands at Friday 2026-11-20 12:00 UTC
INTERNAL_KEYS = {"id", "athlete_id", "session_id", "exercise_id", "account_id", "recording_id",
                 "conversation_id", "actor_account_id", "resolved_by_account_id"}  # fmt: skip


@pytest.fixture
def fresh(sqlite_template: Path, tmp_path: Path, clock: FixedClock) -> Iterator[Any]:
    """Another installation: ``fresh()`` opens a new migrated SQLite database each call."""
    engines = []

    def open_one() -> ServiceContext:
        path = tmp_path / f"fresh-{len(engines)}.sqlite3"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        engines.append(engine)
        session: Session = make_session_factory(engine)()
        return ServiceContext(session=session, subject=Subject.system(), clock=clock)

    yield open_one
    for engine in engines:
        engine.dispose()


def _history(ctx: ServiceContext) -> int:
    """An athlete with every version 2 kind: three plan versions (superseded, in force,
    rejected), a conversation, a resolved and an open flag, consent decisions, a recording
    with vitals, alerts and raw waveforms."""
    made = make_athlete(ctx, injuries=[{"region": "knee", "severity": "mild"}])
    athlete = made.id
    log_weeks(ctx, athlete, datetime(2026, 10, 19, 17, 30, tzinfo=UTC), 3)
    plans.generate(ctx, athlete, seed=1, start=START)
    plans.propose_edit(ctx, athlete, {"op": "skip_session", "session": "w1s3"}, auto_apply=True)
    proposal = plans.generate(ctx, athlete, seed=2, start=START)
    plans.reject(ctx, athlete, proposal.version or 0)
    scope = ctx.scope(athlete)
    conv = conv_repo.get_or_create(ctx.session, scope, ctx.clock.now() - timedelta(days=2))
    for minutes, role, text in ((0, "user", "my knee hurts after stairs"),
                                (1, "assistant", "Then we keep squats light this week."),
                                (2, "user", "=SUM(A1) is not a formula here")):  # fmt: skip
        conv_repo.add_message(
            ctx.session, scope, conv, role=role, text=text, channel="web",
            created_at=ctx.clock.now() - timedelta(days=1, minutes=-minutes),
            intent="pain" if role == "user" else None,
            source="offline" if role == "assistant" else None,
            tool_calls=[{"tool": "get_today_session", "arguments": {"date": "2026-11-20"},
                         "ok": True, "summary": "rest day", "error": None,
                         "proposed_version": None}] if role == "assistant" else [],
        )  # fmt: skip
    resolved = health.raise_flag(ctx, athlete, "chest_pain", note="after stairs")
    as_athlete = as_subject(ctx, subject_of(ctx, made))
    health.clear_flag(as_athlete, athlete, resolved, "seen by my GP, cleared to train")
    consent.grant(ctx, athlete, "model_training")
    stored = store_recording(ctx, athlete, key="rec-ana-1", cleared=1)
    # As the vitals worker leaves a recording: its clock origin and the session's analysis.
    recording = sensor_repo.recording(ctx.session, scope, stored.recording_id)
    assert recording is not None
    recording.counters = {**recording.counters, "vitals_origin_us": 5_000_000,
                          "summary": {"duration_s": 12.0, "mean_hr_bpm": 61.0,
                                      "peak_hr_bpm": 64.0, "max_hr_bpm": 185.0,
                                      "zone_minutes": [0.2, 0.0, 0.0, 0.0, 0.0],
                                      "trimp_edwards": 0.2, "hr_recovery_bpm": None,
                                      "hr_recovery_reason": "the session is too short",
                                      "hrv": {"rmssd_ms": 41.5, "sdnn_ms": 38.0, "lf_hf": None,
                                              "n_beats": 12, "reason": None}}}  # fmt: skip
    health.raise_flag(ctx, athlete, "low_resting_spo2", source="sensor", value=88.0)
    # Version 3: a filmed set's form check (a breakdown), and the dosing agent opted in.
    first_set = (
        ctx.session.execute(select(SetLog).where(SetLog.athlete_id == athlete).order_by(SetLog.id))
        .scalars()
        .first()
    )
    assert first_set is not None
    form_check.store(
        ctx, athlete, first_set.id, FORM_CHECK.model_copy(update={"set_id": first_set.id})
    )
    dosing.set_opt_in(ctx, athlete, True)
    ctx.session.flush()
    return athlete


FORM_CHECK = FormCheck(
    set_id=0, exercise="squat", reps=5, logged_reps=5, form_score=48.5, breakdown=True,
    faults=[FormFault(fault="knee_valgus", severity=0.42, reps=3, cue="Push your knees out.")],
    angles_deg={"knee_min": 78.5, "hip_min": 64.0}, scored_by="rule",
    model_note="no trained model installed", frames=240, person_found=0.98,
)  # fmt: skip
EXPORTED_CHECK = FORM_CHECK.model_dump(mode="json", exclude={"set_id"})


def _plain(doc: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(doc))
    out.pop("exported_at")
    return out


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# --- round trips --------------------------------------------------------------------------------


def test_a_full_athlete_round_trips_into_another_installation(
    ctx: ServiceContext, fresh: Any, tmp_path: Path
) -> None:
    """JSON: export, import into a fresh database, export again: the same document. Zip with
    waveforms: the same files byte for byte. Importing again adds nothing."""
    athlete = _history(ctx)
    doc = p.export_athlete(ctx, athlete)
    assert doc["version"] == 4  # the latest format (measurements: version 4)
    assert not _keys(doc) & (INTERNAL_KEYS | {"set_id"})
    assert doc["athlete"]["adaptive_dosing"] is True
    checked = [s for w in doc["workouts"] for s in w["sets"] if s["form_check"] is not None]
    assert [(s["form_check"], s["form_breakdown"]) for s in checked] == [(EXPORTED_CHECK, True)]
    counts = p.counts_of(doc)
    assert counts["plans"] == 3
    assert [v["status"] for v in doc["plans"]] == ["superseded", "active", "rejected"]
    assert doc["plans"][1]["parent_version"] == 1
    assert "athlete_id" not in doc["plans"][0]["document"]
    assert counts["conversations"] == 1
    assert next(m["text"] for m in doc["conversations"][0]["messages"]) == (
        "my knee hurts after stairs"  # plaintext, although encrypted in the database
    )
    flags = {f["kind"]: f for f in doc["health_flags"]}
    assert flags["chest_pain"]["resolved_by"] == "athlete"
    assert flags["chest_pain"]["resolution_note"] == "seen by my GP, cleared to train"
    assert flags["low_resting_spo2"]["resolved_at"] is None
    assert flags["low_resting_spo2"]["value"] == 88.0
    assert [c["purpose"] for c in doc["consent"]][-1] == "model_training"
    assert {c["source"] for c in doc["consent"]} == {"onboarding", "athlete"}
    assert doc["recordings"][0]["key"] == "rec-ana-1"
    assert doc["recordings"][0]["counters"]["summary"]["hrv"]["rmssd_ms"] == 41.5
    assert counts["vitals"] == 12
    assert counts["events"] == 3
    assert doc["vitals"][0]["recording"] == "rec-ana-1"

    other = fresh()
    report = p.import_document(other, json.loads(json.dumps(doc)))
    assert report.athlete_created
    assert report.notes == []
    assert {k: c.inserted for k, c in report.counts.items()} == counts
    again = p.export_athlete(other, report.athlete_id)
    assert _plain(again) == _plain(doc)
    # The imported form check reads as one, naming its new set; the opt-in holds there too.
    stored = other.session.execute(
        select(SetLog).where(SetLog.form_check.is_not(None))
    ).scalar_one()
    assert stored.form_check == {**EXPORTED_CHECK, "set_id": stored.id}
    assert stored.form_breakdown is True
    assert form_check.check_state(other, report.athlete_id, stored.id).result == (
        FORM_CHECK.model_copy(update={"set_id": stored.id})
    )
    assert dosing.opted_in(other, report.athlete_id) is True
    # The plan in force is in force, and the imported consent is marked as imported.
    assert plans.current(other, report.athlete_id).version == 2
    sources = other.session.execute(select(ConsentRecord.source)).scalars().all()
    assert set(sources) == {"import:onboarding", "import:athlete"}

    # Importing the same document again adds nothing.
    before = row_counts(other.session)
    twice = p.import_document(other, json.loads(json.dumps(doc)))
    assert twice.inserted == 0
    assert changed(before, row_counts(other.session)) == {"audit_log": 2}  # import, profile

    # The zip form with waveforms, into yet another installation, and back out again.
    zipped = tmp_path / "ana.zip"
    written = p.write_export(ctx, athlete, zipped, "zip", include_waveforms=True)
    index = _members(zipped)["waveforms.csv"].decode().splitlines()
    assert written["waveforms"] == len(index) - 1 == 4  # the simulated board's channels
    assert index[1].startswith("rec-ana-1,ecg,waveforms/0001-ecg.csv,21,")
    third = fresh()
    from_zip = p.import_document(third, p.read_export(zipped))
    assert from_zip.counts["waveform_chunks"].inserted > 0
    copy = tmp_path / "copy.zip"
    p.write_export(third, from_zip.athlete_id, copy, "zip", include_waveforms=True)
    assert _members(copy) == _members(zipped)
    before = row_counts(third.session)
    assert p.import_document(third, p.read_export(zipped)).inserted == 0
    assert changed(before, row_counts(third.session)) == {"audit_log": 2}


def test_the_csv_directory_holds_a_file_per_kind(ctx: ServiceContext, tmp_path: Path) -> None:
    athlete = _history(ctx)
    p.write_export(ctx, athlete, tmp_path / "ana", "csv", include_waveforms=True)
    names = sorted(str(f.relative_to(tmp_path / "ana")) for f in (tmp_path / "ana").rglob("*.*"))
    for name in ("plans.json", "conversations.json", "health_flags.csv", "consent.csv",
                 "recordings.csv", "vitals.csv", "events.csv", "waveforms.csv",
                 "waveforms/0001-ecg.csv"):  # fmt: skip
        assert name in names
    manifest = json.loads((tmp_path / "ana" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 4
    assert manifest["counts"]["messages"] == 3
    header = (tmp_path / "ana" / "vitals.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("recording,at,hr_bpm,hrv_rmssd_ms,spo2_pct")
    ecg = (tmp_path / "ana" / "waveforms" / "0001-ecg.csv").read_text().splitlines()
    assert ecg[0] == "seq,t_device_us,flags,value"
    conversation = json.loads((tmp_path / "ana" / "conversations.json").read_text("utf-8"))
    assert conversation[0]["messages"][2]["text"] == "=SUM(A1) is not a formula here"


# --- version 1 ----------------------------------------------------------------------------------

V1_DOCUMENT: dict[str, Any] = {
    "format": "fitcoach-export",
    "version": 1,
    "exported_at": "2026-11-01T10:00:00+00:00",
    "athlete": {"name": "Old Format", "email": "old@example.org", "timezone": "UTC",
                "profile": {"experience_level": "beginner", "days_per_week": 3}},
    "workouts": [{"source": "manual", "source_id": "w-1",
                  "started_at": "2026-10-30T18:00:00+00:00", "duration_s": 3000.0,
                  "title": "Legs", "notes": "", "session_rpe": 7.0,
                  "sets": [{"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 80.0,
                            "rir": 2.0, "completed": True, "is_warmup": False, "notes": ""}]}],
    "cardio": [], "daily": [{"source": "manual", "source_id": "d-1", "day": "2026-10-30",
                             "weight_kg": 70.0}],
    "sleep": [], "meals": [], "feedback": [],
}  # fmt: skip


def test_a_version_1_document_still_imports(ctx: ServiceContext) -> None:
    report = p.import_document(ctx, json.loads(json.dumps(V1_DOCUMENT)))
    assert report.athlete_created
    assert list(report.counts) == ["workouts", "sets", "cardio", "daily", "sleep", "meals",
                                   "feedback"]  # fmt: skip
    assert report.counts["sets"].inserted == 1
    # A version 1 document has no consent records: the new athlete gets the onboarding ones.
    assert consent.granted(ctx, report.athlete_id, "sensor_data")
    doc = p.export_athlete(ctx, report.athlete_id)
    assert doc["version"] == 4  # the latest format (measurements: version 4)
    assert doc["workouts"][0]["sets"][0]["exercise"] == "barbell-back-squat"
    assert p.import_document(ctx, json.loads(json.dumps(V1_DOCUMENT))).inserted == 0


# --- safety and consent -------------------------------------------------------------------------


def test_an_imported_open_flag_pauses_training(ctx: ServiceContext, fresh: Any) -> None:
    doc = p.export_athlete(ctx, _history(ctx))
    other = fresh()
    imported = p.import_document(other, doc).athlete_id
    assert [f.kind for f in health.open_flags(other, imported)] == ["low_resting_spo2"]
    with pytest.raises(TrainingPaused, match="SpO2"):
        health.ensure_can_train(other, imported)
    assert plans.today(other, imported).status == "blocked"


def test_sensor_data_needs_the_athletes_consent(ctx: ServiceContext, fresh: Any) -> None:
    doc = json.loads(json.dumps(p.export_athlete(ctx, _history(ctx))))
    other = fresh()
    target = make_athlete(other).id
    consent.withdraw(other, target, "sensor_data")
    other.session.commit()
    before = row_counts(other.session)
    with pytest.raises(ConsentRequired, match="not granted consent for sensor_data") as caught:
        p.import_document(other, doc, athlete_id=target)
    assert caught.value.details == {"purpose": "sensor_data"}
    assert "recordings, vitals, events" in caught.value.message
    assert changed(before, row_counts(other.session)) == {}
    # The document's own consent is what a new athlete has: withdrawn there, refused too.
    doc["consent"].append({"purpose": "sensor_data", "granted": False,
                           "at": "2026-11-20T12:00:00+00:00", "version": "2026-01",
                           "source": "athlete"})  # fmt: skip
    doc["athlete"]["email"] = "someone.else@example.org"
    with pytest.raises(ConsentRequired):
        p.import_document(other, doc)
    assert changed(before, row_counts(other.session)) == {}
    # Without sensor data the rest imports.
    for kind in ("recordings", "vitals", "events"):
        doc[kind] = []
    assert p.import_document(other, doc).athlete_created


def test_training_records_need_the_athletes_consent(ctx: ServiceContext, fresh: Any) -> None:
    """Consent to store training logs is enforced on import as on every single log."""
    doc = json.loads(json.dumps(p.export_athlete(ctx, _history(ctx))))
    assert doc["workouts"], "the history must hold training records for this test"
    other = fresh()
    target = make_athlete(other).id
    consent.withdraw(other, target, "training_logs")
    other.session.commit()
    before = row_counts(other.session)
    with pytest.raises(ConsentRequired, match="not granted consent for training_logs") as caught:
        p.import_document(other, doc, athlete_id=target)
    assert caught.value.details == {"purpose": "training_logs"}
    assert "workouts" in caught.value.message
    assert changed(before, row_counts(other.session)) == {}
    # Granted again, the same document imports.
    consent.grant(other, target, "training_logs")
    assert p.import_document(other, doc, athlete_id=target).counts["workouts"].inserted > 0


def test_imported_consent_never_grants_more_than_the_document(
    ctx: ServiceContext, fresh: Any
) -> None:
    athlete = make_athlete(ctx).id
    consent.withdraw(ctx, athlete, "coach_sharing")
    doc = json.loads(json.dumps(p.export_athlete(ctx, athlete)))
    doc["consent"] = [c for c in doc["consent"] if c["purpose"] != "model_training"]
    other = fresh()
    created = p.import_document(other, doc).athlete_id
    states = {s.purpose.value: s for s in consent.current(other, created)}
    assert not states["coach_sharing"].granted  # withdrawn in the document
    assert not states["model_training"].granted
    assert states["model_training"].at is None
    assert states["training_logs"].granted
    assert states["training_logs"].source == "import:onboarding"  # kept, marked as imported
    first = next(c for c in doc["consent"] if c["purpose"] == "training_logs")
    assert states["training_logs"].at == datetime.fromisoformat(first["at"])
    assert states["training_logs"].version == first["version"]

    # Into an athlete whose own later decision stands: an older grant is left out.
    target = make_athlete(other).id
    other.clock = FixedClock(other.clock.now() + timedelta(days=1))
    consent.withdraw(other, target, "training_logs")
    report = p.import_document(other, doc, athlete_id=target)
    assert report.counts["consent"].inserted < report.counts["consent"].read
    assert not consent.granted(other, target, "training_logs")


def test_the_athletes_own_plan_stays_in_force(ctx: ServiceContext) -> None:
    """Into an athlete with a plan in force: the document's versions become history, numbered
    after theirs, and the report says so; importing again adds nothing."""
    source = _history(ctx)
    doc = json.loads(json.dumps(p.export_athlete(ctx, source)))
    for kind in ("recordings", "vitals", "events"):  # not what this test is about
        doc[kind] = []
    target = make_athlete(ctx).id
    mine = plans.generate(ctx, target, seed=9, start=START)
    report = p.import_document(ctx, doc, athlete_id=target)
    assert report.counts["plans"].inserted == 3
    assert any("stays in force" in n for n in report.notes)
    assert any("numbered from 2" in n for n in report.notes)
    assert plans.current(ctx, target).version == mine.version
    stored = ctx.session.execute(
        select(PlanVersion.version, PlanVersion.status, PlanVersion.parent_version)
        .where(PlanVersion.athlete_id == target)
        .order_by(PlanVersion.version)
    ).all()
    assert [tuple(r) for r in stored] == [
        (1, "active", None), (2, "superseded", None), (3, "superseded", 2), (4, "rejected", 3)
    ]  # fmt: skip
    assert p.import_document(ctx, doc, athlete_id=target).counts["plans"].inserted == 0


# --- broken version 2 files: refused with the place, nothing written ----------------------------


def _edit_csv(path: Path, line: int, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _edit_plans(tree: Path) -> None:
    versions = json.loads((tree / "plans.json").read_text(encoding="utf-8"))
    versions[1]["document"]["days_per_week"] = 9
    (tree / "plans.json").write_text(json.dumps(versions), encoding="utf-8")


BROKEN: dict[str, tuple[Any, type[Exception], str]] = {
    "bad flag kind": (
        lambda tree: _edit_csv(tree / "health_flags.csv", 2, "kind", "hiccups"),
        InvalidInput,
        r"^nothing imported: health_flags\.csv line 2, column 1 \(kind\): unknown red flag "
        r"kind 'hiccups'",
    ),
    "vitals wrong type": (
        lambda tree: _edit_csv(tree / "vitals.csv", 4, "hr_bpm", "fast"),
        InvalidInput,
        r"^vitals\.csv line 4, column 3 \(hr_bpm\): 'fast' is not a number in beats/min",
    ),
    "vitals out of range": (
        lambda tree: _edit_csv(tree / "vitals.csv", 5, "spo2_pct", "101"),
        InvalidInput,
        r"^nothing imported: vitals\.csv line 5, column 5 \(spo2_pct\): Input should be less "
        r"than or equal to 100",
    ),
    "plan document": (
        _edit_plans,
        InvalidInput,
        r"^nothing imported: plans\.json: plans\[1\]\.document\.days_per_week: Input should "
        r"be less than or equal to 7",
    ),
    "event of an unknown recording": (
        lambda tree: _edit_csv(tree / "events.csv", 2, "recording", "nope"),
        InvalidInput,
        r"events\.csv line 2, column 1 \(recording\): no recording with key 'nope'",
    ),
    "consent purpose": (
        lambda tree: _edit_csv(tree / "consent.csv", 3, "purpose", "marketing"),
        InvalidInput,
        r"consent\.csv line 3, column 1 \(purpose\): Input should be 'training_logs'",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_version_2_export_is_refused_with_its_place(
    ctx: ServiceContext, fresh: Any, tmp_path: Path, case: str
) -> None:
    corrupt, error, message = BROKEN[case]
    tree = tmp_path / "ana"
    p.write_export(ctx, _history(ctx), tree, "csv")
    corrupt(tree)
    other = fresh()
    before = row_counts(other.session)
    with pytest.raises(error, match=message):
        p.import_document(other, p.read_export(tree))
    assert changed(before, row_counts(other.session)) == {}


def test_json_problems_of_the_new_sections_are_listed_with_their_place(
    ctx: ServiceContext, fresh: Any
) -> None:
    doc = json.loads(json.dumps(p.export_athlete(ctx, _history(ctx))))
    doc["vitals"][3]["hr_bpm"] = "72"
    doc["health_flags"][0]["resolved_by"] = "nurse"
    doc["plans"][0]["status"] = "active"  # two versions in force
    doc["conversations"][0]["messages"][1]["role"] = "system"
    doc["recordings"].append(dict(doc["recordings"][0]))
    other = fresh()
    before = row_counts(other.session)
    with pytest.raises(InvalidInput) as caught:
        p.import_document(other, doc)
    errors = caught.value.details["errors"]
    assert "health_flags[0].resolved_by: Input should be 'athlete', 'coach' or 'admin'" in errors
    assert "plans[1].status: version 1 is already the one in force; at most one version is " \
           "active" in errors  # fmt: skip
    assert any(e.startswith("conversations[0].messages[1].role: Input should be") for e in errors)
    assert "recordings[1].key: key 'rec-ana-1' repeats recordings[0]; each recording must be " \
           "given once" in errors  # fmt: skip
    assert "vitals[3].hr_bpm: must be a number in beats/min, not '72'" in errors
    assert changed(before, row_counts(other.session)) == {}


def test_nested_records_are_checked_as_the_views_read_them(ctx: ServiceContext, fresh: Any) -> None:
    """What the plan, chat and recording views read back from an import is checked on the way
    in: an unknown operation, a reason parameter that is no JSON scalar (or list of them), a
    tool call without its name and outcome, a partial session summary."""
    doc = json.loads(json.dumps(p.export_athlete(ctx, _history(ctx))))
    doc["plans"][1]["operations"] = [{"op": "shuffle_week"}]
    doc["plans"][0]["reasons"][0]["params"] = {"nested": {"not": "a scalar"}}
    doc["conversations"][0]["messages"][1]["tool_calls"] = [{"name": "today"}]
    del doc["recordings"][0]["counters"]["summary"]["trimp_edwards"]
    other = fresh()
    before = row_counts(other.session)
    with pytest.raises(InvalidInput) as caught:
        p.import_document(other, doc)
    errors = caught.value.details["errors"]
    assert any(
        e.startswith("plans[1].operations[0]: Input tag 'shuffle_week' found using 'op' does "
                     "not match") for e in errors
    ), errors  # fmt: skip
    assert any(e.startswith("plans[0].reasons[0].params.nested") for e in errors), errors
    assert {
        "conversations[0].messages[1].tool_calls[0].tool: Field required",
        "conversations[0].messages[1].tool_calls[0].ok: Field required",
        "conversations[0].messages[1].tool_calls[0].name: Extra inputs are not permitted",
        "recordings[0].counters.summary.trimp_edwards: Field required",
    } <= set(errors), errors
    assert changed(before, row_counts(other.session)) == {}


def test_a_recording_key_another_athlete_has_is_theirs_alone(ctx: ServiceContext) -> None:
    """Keys are unique per athlete: a document with a key another athlete's recording has
    imports as the new athlete's own recording; neither is named to the other, and the
    first athlete's recording is untouched."""
    source = _history(ctx)
    doc = json.loads(json.dumps(p.export_athlete(ctx, source)))
    doc["athlete"]["email"] = "copy@example.org"
    report = p.import_document(ctx, doc)
    assert report.athlete_created
    assert report.counts["recordings"].inserted == len(doc["recordings"]) >= 1
    assert not any("rec-ana-1" in note for note in report.notes)
    rows = ctx.session.execute(
        select(Recording.athlete_id, Recording.key).where(Recording.key == "rec-ana-1")
    ).all()
    assert sorted(a for a, _ in rows) == sorted([source, report.athlete_id])
    mine = p.export_athlete(ctx, source)
    assert mine["recordings"] == doc["recordings"]  # the first athlete's, as they were


def test_waveforms_are_refused_in_json(ctx: ServiceContext, tmp_path: Path) -> None:
    athlete = make_athlete(ctx).id
    with pytest.raises(InvalidInput, match="only in the zip and CSV forms"):
        p.write_export(ctx, athlete, tmp_path / "a.json", "json", include_waveforms=True)


def test_the_nested_fields_are_the_exported_ones_and_are_documented(ctx: ServiceContext) -> None:
    doc = p.export_athlete(ctx, _history(ctx))
    assert tuple(doc["plans"][0]) == format_.PLAN_FIELDS
    assert tuple(doc["conversations"][0]) == format_.CONVERSATION_FIELDS
    assert tuple(doc["conversations"][0]["messages"][0]) == format_.MESSAGE_FIELDS
    text = DOCS.read_text(encoding="utf-8")
    for heading, fields in (("plans.json", format_.PLAN_FIELDS),
                            ("conversations.json", (*format_.CONVERSATION_FIELDS,
                             *(f"messages[].{f}" for f in format_.MESSAGE_FIELDS)))):  # fmt: skip
        section = text.split(f"### {heading}", 1)[1].split("###", 1)[0]
        documented = re.findall(r"^\| `([\w\[\].]+)` \|", section, flags=re.MULTILINE)
        assert tuple(documented) == fields, heading
