"""The import door: real device files and app exports into an athlete, file by file,
all-or-nothing, idempotent, doubtful names held for review."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import shared_data
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.core.errors import NotFound
from fitcoach.ingest.files.detect import ReadOptions
from fitcoach.services import consent, exercise_names, imports, own_exercises, sensors, training_log
from fitcoach.services.context import ServiceContext

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def _files(*paths: Path) -> list[imports.IncomingFile]:
    return [imports.IncomingFile(p.name, p) for p in paths]


def _device(folder: str, name: str) -> Path:
    return shared_data("wearable-files") / folder / name


def _cardio(ctx: ServiceContext, athlete_id: int) -> list[dict[str, object]]:
    return training_log.history(ctx, athlete_id, "cardio")


def test_real_device_files_become_cardio_sessions_with_heart_rate(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    summary = imports.import_files(
        ctx,
        athlete,
        _files(
            _device("fit", "garmin-fenix-5-run.fit"),
            _device("tcx", "test.tcx"),
            _device("gpx", "korita-zbevnica.gpx"),
        ),
    )
    assert [f.status for f in summary.files] == ["imported"] * 3, summary.as_dict()
    assert [f.format for f in summary.files] == ["fit", "tcx", "gpx"]
    stored = _cardio(ctx, athlete)
    assert len(stored) == summary.totals["cardio"] >= 3
    run = next(c for c in stored if c["source"] == "import:fit")
    assert run["avg_hr"] is not None
    assert 60 < run["avg_hr"] < run["max_hr"] <= 220
    assert run["duration_s"] > 30
    assert run["distance_m"] > 50
    # The series is kept (the athlete granted sensor_data at sign-up) as 1 Hz vitals.
    assert summary.totals["hr_samples"] > 100
    recordings = sensors.list_recordings(ctx, athlete)
    assert any(r.key.startswith(f"import:{athlete}:fit:") for r in recordings.items)
    assert "imported" in summary.text()
    assert "cardio session" in summary.text()


def test_the_same_file_twice_stores_it_once(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    file = _files(_device("fit", "garmin-fenix-5-bike.fit"))
    first = imports.import_files(ctx, athlete, file)
    again = imports.import_files(ctx, athlete, file)
    assert first.files[0].status == "imported"
    assert again.files[0].status == "already imported"
    assert len(_cardio(ctx, athlete)) == first.totals["cardio"]
    assert "1 file already imported" in again.text()


def test_a_broken_file_is_named_and_the_others_go_on(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    summary = imports.import_files(
        ctx,
        athlete,
        [
            *_files(
                _device("fit", "activity-unexpected-eof.fit"),
                _device("fit", "activity-small-fenix2-run.fit"),
                FIXTURES / "strong_old.csv",
            ),
            imports.IncomingFile("notes.txt", b"just some words, nothing else\n"),
        ],
        options=ReadOptions(weight_unit="kg"),
    )
    status = {f.name: f.status for f in summary.files}
    assert status["activity-unexpected-eof.fit"] == "failed"
    assert status["activity-small-fenix2-run.fit"] == "imported"
    assert status["notes.txt"] == "failed"
    assert "cannot tell what this file is" in summary.files[3].message
    assert summary.files[0].message  # says what is wrong with it
    assert len(_cardio(ctx, athlete)) == summary.files[1].counts["cardio"]


def test_strong_export_without_a_unit_asks_for_it(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    summary = imports.import_files(ctx, athlete, _files(FIXTURES / "strong_old.csv"))
    assert summary.files[0].status == "failed"
    assert summary.files[0].asks == {"what": "weight", "choices": ["kg", "lb"]}
    assert "--weight-unit kg|lb" in summary.files[0].message
    assert training_log.history(ctx, athlete, "workouts") == []


HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)


def _hevy_with_a_doubtful_name() -> bytes:
    """Two workouts: names Hevy ships, and one the library cannot know (invented: not the
    Zercher squat's word, a library entry since an55, which makes a name clear enough to keep)."""
    rows = [
        '"Push","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Bench Press (Barbell)",,"",0,"normal",80,8,,,',
        '"Push","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Bench Press (Barbell)",,"",1,"normal",80,8,,,',
        '"Push","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Vantrell Wobble Press",,"",0,"normal",30,10,,,',
        '"Pull","5 Nov 2026, 07:15","5 Nov 2026, 08:00","","Lat Pulldown (Machine)",,"",0,"normal",60,10,,,',
    ]
    return (HEVY_HEADER + "\n".join(rows) + "\n").encode()


def test_resolved_names_import_at_once_and_only_doubtful_sets_are_held(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx).id
    data = _hevy_with_a_doubtful_name()
    summary = imports.import_files(ctx, athlete, [imports.IncomingFile("hevy.csv", data)])
    held = summary.files[0]
    assert held.status == "needs review"
    assert [r.name for r in summary.review] == ["Vantrell Wobble Press"]
    assert summary.review[0].sets == 1
    # Everything resolved is there after the first step.
    assert held.counts == {"workouts": 2, "sets": 3}
    assert "the 1 set of 1 exercise name wait for your review" in held.message
    assert [len(w["sets"]) for w in training_log.history(ctx, athlete, "workouts")] == [2, 1]
    assert imports.pending(ctx, athlete).review  # held, with suggestions
    exercise_names.choose(ctx, athlete, "Vantrell Wobble Press", "Barbell Overhead Press")
    resumed = imports.resume(ctx, athlete)
    assert [f.status for f in resumed.files] == ["imported"]
    assert resumed.totals == {"workouts": 2, "sets": 4}
    # The held set joined its workout: the workouts are whole, and stored once.
    assert [len(w["sets"]) for w in training_log.history(ctx, athlete, "workouts")] == [3, 1]
    assert not imports.pending(ctx, athlete).files
    # The choices are remembered: the same file again is known.
    again = imports.import_files(ctx, athlete, [imports.IncomingFile("hevy.csv", data)])
    assert again.files[0].status == "already imported"


def test_dropping_a_held_file_deletes_what_it_stored(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    data = _hevy_with_a_doubtful_name()
    held = imports.import_files(ctx, athlete, [imports.IncomingFile("h.csv", data)]).files[0]
    assert held.status == "needs review"
    imports.drop_pending(ctx, athlete, held.sha256)
    assert training_log.history(ctx, athlete, "workouts") == []
    assert training_log.records(ctx, athlete) == []


def test_assistance_is_not_load(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    data = (
        b'"title","start_time","end_time","description","exercise_title","superset_id",'
        b'"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        b'"duration_seconds","rpe"\n'
        b'"Pull","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Pull Up (Assisted)",,"",0,"normal",'
        b"25,8,,,8\n"
    )
    summary = imports.import_files(ctx, athlete, [imports.IncomingFile("hevy.csv", data)])
    if summary.files[0].status == "needs review":
        for item in summary.review:
            exercise_names.choose(ctx, athlete, item.name, item.suggestions[0])
        summary = imports.resume(ctx, athlete)
    assert summary.files[0].status == "imported", summary.as_dict()
    (stored,) = training_log.history(ctx, athlete, "workouts")
    (one,) = stored["sets"]
    assert one["weight_kg"] is None
    assert "25 kg of help" in one["notes"]
    assert one["rir"] == 2


def test_another_athletes_import_is_not_found(ctx: ServiceContext) -> None:
    mine = make_athlete(ctx)
    other = make_athlete(ctx)
    own = as_subject(ctx, subject_of(ctx, mine))
    with pytest.raises(NotFound):
        imports.import_files(own, other.id, _files(_device("gpx", "korita-zbevnica.gpx")))
    with pytest.raises(NotFound):
        imports.pending(own, other.id)


def test_without_sensor_consent_the_series_is_not_kept(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    consent.withdraw(ctx, athlete, "sensor_data")
    summary = imports.import_files(ctx, athlete, _files(_device("fit", "garmin-fenix-5-run.fit")))
    assert summary.files[0].status == "imported"
    assert "hr_samples" not in summary.totals
    assert any("sensor_data consent" in n for n in summary.files[0].notes)
    assert _cardio(ctx, athlete)[0]["avg_hr"] is not None


def _gpx_of(start: datetime, seconds: float) -> bytes:
    """A GPX track of the same outing as another app would export it."""
    end = start + timedelta(seconds=seconds)
    points = "".join(
        f'<trkpt lat="{46 + i * 0.001}" lon="14.0"><time>{t:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>'
        for i, t in enumerate((start, start + (end - start) / 2, end))
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="another app" '
        f'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>{points}</trkseg></trk></gpx>'
    ).encode()


def test_the_same_outing_from_another_app_is_stored_once(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    fit = _device("fit", "garmin-edge-500-activity.fit")
    imports.import_files(ctx, athlete, _files(fit))
    (stored,) = _cardio(ctx, athlete)
    start, seconds = stored["started_at"], stored["duration_s"]
    twin = _gpx_of(start + timedelta(seconds=40), seconds * 1.03)
    other = _gpx_of(start + timedelta(hours=3), seconds)
    summary = imports.import_files(
        ctx,
        athlete,
        [imports.IncomingFile("twin.gpx", twin), imports.IncomingFile("later.gpx", other)],
    )
    assert summary.files[0].counts == {}
    assert any("already stored from another app" in n for n in summary.files[0].notes)
    assert summary.files[1].counts["cardio"] == 1
    assert len(_cardio(ctx, athlete)) == 2


def _whoop_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in sorted((FIXTURES / "whoop").iterdir()):
            archive.writestr(f"my_whoop_data/{part.name}", part.read_bytes())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("apple_health_export.xml", {"cardio", "sleeps", "days"}),
        ("whoop.zip", {"cardio", "sleeps", "days"}),
        ("fitnotes.csv", {"workouts", "sets"}),
        ("strong_new.csv", {"workouts", "sets"}),
        ("hevy_lbs.csv", {"workouts", "sets"}),
    ],
)
def test_every_app_export_imports_after_its_review(
    ctx: ServiceContext, name: str, stored: set[str]
) -> None:
    """Each app format through the door on this database: held names chosen from their
    suggestions (or left out), then everything the format carries is stored."""
    athlete = make_athlete(ctx).id
    data = _whoop_zip() if name == "whoop.zip" else (FIXTURES / name).read_bytes()
    summary = imports.import_files(ctx, athlete, [imports.IncomingFile(name, data)])
    if summary.files[0].status == "needs review":
        for item in summary.review:
            choice = item.suggestions[0] if item.suggestions else None
            exercise_names.choose(ctx, athlete, item.name, choice)
        summary = imports.resume(ctx, athlete)
    assert summary.files[0].status == "imported", summary.as_dict()
    assert stored <= set(summary.totals), summary.totals
    again = imports.import_files(ctx, athlete, [imports.IncomingFile(name, data)])
    assert again.files[0].status == "already imported"


def test_held_names_keep_suggestions_of_their_kind(ctx: ServiceContext) -> None:
    """A held name's suggestions, listed later, still agree with what its sets logged."""
    athlete = make_athlete(ctx).id
    rows = [
        '"Pull","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Rowing (Machine)",,"",0,"normal",50,10,,,',
        '"Pull","3 Nov 2026, 07:15","3 Nov 2026, 08:00","","Chest Fly (Band)",,"",0,"normal",0,12,,,',
    ]
    data = (HEVY_HEADER + "\n".join(rows) + "\n").encode()
    held = imports.import_files(ctx, athlete, [imports.IncomingFile("h.csv", data)]).files[0]
    assert held.status == "needs review"
    listed = {r.name: r.suggestions for r in imports.pending(ctx, athlete).review}
    assert not [n for n in listed["Rowing (Machine)"] if "Rowing" in n]  # reps: no erg session
    assert listed["Rowing (Machine)"]
    # The library has no band fly: the name is kept as the athlete's own band exercise (issue
    # 59), never put on the dumbbell fly, and not asked about.
    assert "Chest Fly (Band)" not in listed
    own = {e["name"]: e for e in own_exercises.listed(ctx, athlete)}
    assert own["Chest Fly (Band)"]["equipment"] == ["resistance_band"]
    assert own["Chest Fly (Band)"]["sets"] == 1


STRONG_HEADER = (
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
    "Distance Unit;Seconds;Notes;Workout Notes;Workout Duration\n"
)


def test_an_assisted_chin_up_export_is_the_librarys_assisted_chin_up(ctx: ServiceContext) -> None:
    """Strong's "Chin Up (Assisted)" is the machine's (as its "Pull Up (Assisted)"): mapped
    without asking, its weight the help; a catalogue name the library has gained an entry for
    since is asked about with that entry suggested, never kept as an own exercise (which the
    library's name refuses, failing the whole file)."""
    athlete = make_athlete(ctx).id
    row = '2023-05-09 18:05:00;"Pull day";"{}";1;25;kg;6;;;;0;;;47m\n'
    names = ["Chin Up (Assisted)", "Zercher Squat (Barbell)"]
    matches = exercise_names.map_names(ctx, athlete, names)
    chin = matches["Chin Up (Assisted)"]
    assert (chin.status, chin.exercise_slug, chin.assisted) == (
        "matched",
        "machine-assisted-chin-up",
        True,
    )
    zercher = matches["Zercher Squat (Barbell)"]
    assert zercher.status == "review"
    assert "Zercher Squat" in zercher.suggestions
    data = (STRONG_HEADER + "".join(row.format(n) for n in names)).encode()
    summary = imports.import_files(ctx, athlete, [imports.IncomingFile("strong.csv", data)])
    assert summary.files[0].status == "needs review", summary.as_dict()
    assert [item.name for item in summary.review] == ["Zercher Squat (Barbell)"]
    exercise_names.choose(ctx, athlete, "Zercher Squat (Barbell)", "zercher-squat")
    assert imports.resume(ctx, athlete).files[0].status == "imported"
