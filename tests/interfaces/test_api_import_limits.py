"""Hostile files sent to the import routes: each is refused (or bounded) with its own clear
message while the other files of the upload import, nothing of it is stored, and the import
holds the write slot only to write. The files are generated here, small versions of what a
probe sent (``benchmarks/probe_hostile_imports.py`` sends the full sizes to a running server
and measures memory and the other athletes' waits)."""

from __future__ import annotations

import io
import json
import random
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from benchmarks.bench_strong import strong_export
from benchmarks.probe_hostile_imports import apple_health_zip, export_bomb, fit_sessions
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.interfaces.test_api_auth import Api
from tests.interfaces.test_api_imports import GPX, HEVY_HEADER, by_name, upload

from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.api.deps import write_gate
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

MIB = 1 << 20


@contextmanager
def api_with(database: Any, clock: FixedClock, **settings: Any) -> Iterator[Api]:
    """The app over ``database`` with these settings (the import limits under test)."""
    app = create_app(Settings(database_url=database.url, _env_file=None, **settings))  # type: ignore[call-arg]
    app.state.clock = clock
    session = database.factory()
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
    with TestClient(app) as client:
        yield Api(client, ctx, clock)
    session.rollback()
    session.close()


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_with(database, clock) as value:
        yield value


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _noise(size: int, seed: int) -> bytes:
    """Lines of random hex: packs about 2:1, far under any zip-bomb ratio."""
    rng = random.Random(seed)
    return "".join(f"{rng.getrandbits(128):032x}\n" for _ in range(size // 33 + 1)).encode()


def _hevy(name: str, rows: int, seed: int = 0) -> bytes:
    day = datetime(2025, 3, 1, 7, 0, tzinfo=UTC) + timedelta(days=seed)
    when = day.strftime("%d %b %Y, %H:%M")
    body = "".join(
        f'"Day {seed}","{when}","{when}","","{name}",,"",{i},"normal",40,8,,,\n'
        for i in range(rows)
    )
    return (HEVY_HEADER + body).encode()


def _athlete_rows(api: Api, athlete_id: int, table: str) -> int:
    api.ctx.session.rollback()
    return int(
        api.ctx.session.execute(
            text(f"SELECT count(*) FROM {table} WHERE athlete_id = :a"), {"a": athlete_id}
        ).scalar_one()
    )


# --------------------------------------------------------------------------- zip bombs


def test_a_zip_bomb_dressed_as_an_export_is_refused_unread(api: Api) -> None:
    athlete, headers = api.athlete()
    bomb = export_bomb(4 * MIB)  # workouts.csv packs about 1:1000
    response = upload(api, athlete.id, headers, ("export.zip", bomb), ("run.gpx", GPX))
    assert response.status_code == 200, response.text
    files = by_name(response.json())
    assert files["export.zip"]["status"] == "failed"
    assert "zip bomb" in files["export.zip"]["message"]
    assert (
        "export.zip: workouts.csv unpacks to more than 100 times" in files["export.zip"]["message"]
    )
    assert files["run.gpx"]["status"] == "imported"
    assert _athlete_rows(api, athlete.id, "workout_sessions") == 0


def test_a_whoop_zip_s_files_share_one_budget(database: Any, clock: FixedClock) -> None:
    with api_with(database, clock, import_max_file_bytes=256 * 1024) as api:
        athlete, headers = api.athlete()
        export = _zip(
            {
                f"my_whoop_data/{name}": _noise(100 * 1024, seed)
                for seed, name in enumerate(
                    ("physiological_cycles.csv", "sleeps.csv", "workouts.csv")
                )
            }
        )
        response = upload(api, athlete.id, headers, ("whoop.zip", export), ("run.gpx", GPX))
        assert response.status_code == 200, response.text
        files = by_name(response.json())
        assert files["whoop.zip"]["status"] == "failed"
        assert (
            "unpack to more than the 0.2 MiB fitcoach reads of one zip"
            in (files["whoop.zip"]["message"])
        )
        assert files["run.gpx"]["status"] == "imported"


def test_a_whoop_zip_bomb_is_refused(api: Api) -> None:
    athlete, headers = api.athlete()
    head = b"Cycle start time,Cycle timezone,Recovery score %,Resting heart rate (bpm)\n"
    bomb = _zip({"physiological_cycles.csv": head + b"2026-01-05 22:00:00,UTC,70,52\n" * 200_000})
    (outcome,) = upload(api, athlete.id, headers, ("whoop.zip", bomb)).json()["files"]
    assert outcome["status"] == "failed"
    assert "100 times its packed size" in outcome["message"]


def test_apple_health_xml_is_bounded(database: Any, clock: FixedClock) -> None:
    with api_with(database, clock, import_max_stream_bytes=1 * MIB) as api:
        athlete, headers = api.athlete()
        bomb = apple_health_zip(8 * MIB)  # packs about 1:500
        rng = random.Random(5)
        records = "".join(
            f' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="W{rng.getrandbits(64):x}"'
            f' unit="count/min" startDate="2026-01-05 07:00:00 +0100"'
            f' endDate="2026-01-05 07:00:00 +0100" value="{rng.randint(50, 150)}"/>\n'
            for _ in range(12_000)
        )
        long_xml = f'<?xml version="1.0"?>\n<HealthData locale="en_US">\n{records}</HealthData>\n'
        response = upload(
            api,
            athlete.id,
            headers,
            ("bomb.zip", bomb),
            ("export.xml", long_xml.encode()),
            ("run.gpx", GPX),
        )
        files = by_name(response.json())
        assert files["bomb.zip"]["status"] == "failed"
        assert "zip bomb" in files["bomb.zip"]["message"]
        assert files["export.xml"]["status"] == "failed"
        assert (
            "more than the 1.0 MiB fitcoach reads of one export" in (files["export.xml"]["message"])
        )
        assert files["run.gpx"]["status"] == "imported"


# --------------------------------------------------------------------------- records


def test_a_fit_file_of_thousands_of_sessions_is_refused(api: Api) -> None:
    athlete, headers = api.athlete()
    (outcome,) = upload(api, athlete.id, headers, ("many.fit", fit_sessions(150))).json()["files"]
    assert outcome["status"] == "failed"
    assert "holds 150 sessions" in outcome["message"]
    assert _athlete_rows(api, athlete.id, "cardio_sessions") == 0


def test_records_are_bounded_per_file_and_per_upload(database: Any, clock: FixedClock) -> None:
    with api_with(database, clock, import_max_records=300) as api:
        athlete, headers = api.athlete()
        long = upload(
            api, athlete.id, headers, ("long.csv", strong_export(400, seed=1)), weight_unit="kg"
        )
        (outcome,) = long.json()["files"]
        assert outcome["status"] == "failed"
        assert "more than the 300 one import takes" in outcome["message"]
        two = upload(
            api,
            athlete.id,
            headers,
            ("a.csv", strong_export(180, seed=2)),
            ("b.csv", strong_export(180, seed=3)),
            weight_unit="kg",
        )
        files = by_name(two.json())
        assert files["a.csv"]["status"] != "failed", files
        assert files["b.csv"]["status"] == "failed"
        assert "the files before it in this import hold" in files["b.csv"]["message"]


# --------------------------------------------------------------------------- CSV field limit


LONG_STRONG = (
    b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    b"Workout Notes,RPE," + b"x" * (200 * 1024) + b"\n"
    b'2024-01-05 18:03:12,"Push Day",1h 5m,"Bench Press (Barbell)",1,60.0,8,0,0,"",,8,\n'
)
LONG_WHOOP = (
    b"Cycle start time,Cycle timezone,Recovery score %," + b"y" * (200 * 1024) + b"\n"
    b"2026-01-05 22:00:00,UTC,70,\n"
)


def test_a_header_cell_over_the_csv_limit_fails_its_file_alone(api: Api) -> None:
    athlete, headers = api.athlete()
    response = upload(
        api,
        athlete.id,
        headers,
        ("strong.csv", LONG_STRONG),
        ("whoop.csv", LONG_WHOOP),
        ("run.gpx", GPX),
        weight_unit="kg",
    )
    assert response.status_code == 200, response.text
    files = by_name(response.json())
    for name in ("strong.csv", "whoop.csv"):
        assert files[name]["status"] == "failed", files[name]
        assert (
            "line 1: the header line cannot be read: a value is longer than 128 KiB"
            in (files[name]["message"])
        )
    assert files["run.gpx"]["status"] == "imported"
    assert _athlete_rows(api, athlete.id, "cardio_sessions") == 1


# --------------------------------------------------------------------------- the write slot


def test_a_file_that_fails_unwritten_never_waits_for_the_write_slot(api: Api) -> None:
    """While another request holds the app's write slot, an upload whose files all fail
    while being read is answered: it reads and checks outside the slot."""
    athlete, headers = api.athlete()
    portal = api.client.portal
    assert portal is not None
    gate = portal.call(write_gate, api.client.app)
    holder = object()
    portal.call(gate.acquire_on_behalf_of, holder)
    answers: list[Any] = []
    sender = threading.Thread(
        target=lambda: answers.append(
            upload(api, athlete.id, headers, ("strong.csv", LONG_STRONG), weight_unit="kg")
        )
    )
    try:
        sender.start()
        sender.join(timeout=60)
        assert answers, "the upload waited for the write slot held by another request"
        assert answers[0].json()["files"][0]["status"] == "failed"
    finally:
        portal.call(gate.release_on_behalf_of, holder)
        sender.join(timeout=60)


# --------------------------------------------------------------------------- failures, throttled


def test_files_that_fail_again_and_again_are_throttled(database: Any, clock: FixedClock) -> None:
    with api_with(database, clock, import_max_failures=2) as api:
        athlete, headers = api.athlete()
        other, theirs = api.athlete()
        strong_old = (
            b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
            b'Notes,Workout Notes,RPE\n2024-01-05 18:03:12,"Push",1h,"Bench Press (Barbell)",'
            b"1,60.0,8,0,0,,,8\n"
        )
        for _ in range(3):  # a file that asks for its unit is a question, not a failure
            asked = upload(api, athlete.id, headers, ("old.csv", strong_old)).json()
            assert "--weight-unit kg|lb" in asked["files"][0]["message"]
        first = upload(api, athlete.id, headers, ("a.txt", b"no export at all\n"))
        assert first.json()["files"][0]["status"] == "failed"
        second = upload(api, athlete.id, headers, ("strong.csv", LONG_STRONG), weight_unit="kg")
        assert second.json()["files"][0]["status"] == "failed"
        refused = upload(api, athlete.id, headers, ("run.gpx", GPX))
        assert refused.status_code == 429
        assert int(refused.headers["Retry-After"]) > 0
        assert "2 files failed to import lately" in refused.json()["error"]["message"]
        assert _athlete_rows(api, athlete.id, "cardio_sessions") == 0
        # Another athlete's allowance is their own.
        assert upload(api, other.id, theirs, ("run.gpx", GPX)).status_code == 200


# --------------------------------------------------------------------------- recording keys


def test_a_recording_key_another_athlete_stored_first_neither_fails_nor_is_named(
    api: Api,
) -> None:
    """Athlete A imports an export whose recording has the key B's run will get; B's own import
    of the run still keeps its heart-rate series, and no answer names the other's key."""
    a, a_headers = api.athlete()
    b, b_headers = api.athlete()
    key = f"import:{b.id}:gpx:20261110T070000:running"
    document = {
        "format": "fitcoach-export",
        "version": 2,
        "recordings": [{"key": key, "started_at": "2026-11-10T07:00:00Z", "status": "ended"}],
    }
    squat = api.client.post(f"/api/v1/athletes/{a.id}/import", json=document, headers=a_headers)
    assert squat.status_code == 200, squat.text
    assert key not in json.dumps(squat.json())
    mine = upload(api, b.id, b_headers, ("run.gpx", GPX))
    (outcome,) = mine.json()["files"]
    assert outcome["status"] == "imported", outcome
    assert outcome["counts"]["hr_samples"] == 10
    assert key not in mine.text
    # A probing the same key again is answered as any import of their own, naming nothing.
    again = api.client.post(f"/api/v1/athletes/{a.id}/import", json=document, headers=a_headers)
    assert again.status_code == 200, again.text
    assert again.json()["counts"]["recordings"]["inserted"] == 0
    owners = api.ctx.session.execute(
        text("SELECT athlete_id FROM recordings WHERE key = :k ORDER BY athlete_id"), {"k": key}
    ).scalars()
    assert list(owners) == sorted([a.id, b.id])


# --------------------------------------------------------------------------- held files


def test_held_files_are_listed_without_reading_their_content(api: Api) -> None:
    athlete, headers = api.athlete()
    held = upload(api, athlete.id, headers, ("hevy.csv", _hevy("Zorblax Flip", 50)))
    assert held.json()["files"][0]["status"] == "needs review"
    # The stored content is unreadable now: a list that read it would fail.
    api.ctx.session.execute(
        text("UPDATE pending_imports SET content = 'fc1:not-a-token' WHERE athlete_id = :a"),
        {"a": athlete.id},
    )
    api.ctx.session.commit()
    listed = api.client.get(f"/api/v1/athletes/{athlete.id}/imports", headers=headers)
    assert listed.status_code == 200, listed.text
    (pending,) = listed.json()["pending"]
    assert pending["name"] == "hevy.csv"
    assert [r["name"] for r in listed.json()["review"]] == ["Zorblax Flip"]


def test_held_files_are_bounded_in_number_and_size(database: Any, clock: FixedClock) -> None:
    with api_with(database, clock, import_held_max_files=2, import_held_max_bytes=16 * 1024) as api:
        athlete, headers = api.athlete()
        for n in range(2):
            first = upload(api, athlete.id, headers, (f"h{n}.csv", _hevy(f"Quib {n}", 20, n)))
            assert first.json()["files"][0]["status"] == "needs review"
        third = upload(api, athlete.id, headers, ("h2.csv", _hevy("Quib 2", 20, 2))).json()
        assert third["files"][0]["status"] == "failed"
        assert "2 of your files are held for review already" in third["files"][0]["message"]
        big = upload(api, athlete.id, headers, ("big.csv", _hevy("Quib 9", 400, 9))).json()
        assert big["files"][0]["status"] == "failed"
        assert "too large to hold" in big["files"][0]["message"]
        assert _athlete_rows(api, athlete.id, "pending_imports") == 2


def test_held_files_expire(database: Any, clock: FixedClock) -> None:
    from fitcoach.services import retention

    with api_with(database, clock) as api:
        athlete, headers = api.athlete()
        upload(api, athlete.id, headers, ("hevy.csv", _hevy("Zorblax Flip", 50)))
        url = f"/api/v1/athletes/{athlete.id}/imports"
        assert len(api.client.get(url, headers=headers).json()["pending"]) == 1
        clock.set(clock.now() + timedelta(days=31))
        listed = api.client.get(url, headers=headers).json()
        assert listed["pending"] == listed["review"] == []
        days = retention.policy(Settings(_env_file=None))  # type: ignore[call-arg]
        report = retention.prune(database.factory, days, clock=clock)
        assert {k.kind: k.deleted for k in report.kinds}["held_imports"] == 1
        assert _athlete_rows(api, athlete.id, "pending_imports") == 0
