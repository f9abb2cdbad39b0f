"""The Import page (upload, the names to review, the imported files) and "download my data"."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from tests.factories import make_athlete
from tests.interfaces.test_api_imports import GPX, HEVY, UNKNOWN
from tests.web.conftest import PASSWORD, Site, login
from tests.web.test_web_text import assert_readable

from fitcoach.core.domain import Role
from fitcoach.services import accounts, athletes, exercise_names, imports, training_log

FIELD = re.compile(r'name="name-(\d+)" value="([^"]+)"')
SHA = re.compile(r'name="sha256" value="([0-9a-f]{64})"')


def post_files(site: Site, athlete_id: int, *files: tuple[str, bytes], **form: str) -> Any:
    return site.client.post(
        f"/athletes/{athlete_id}/import",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        data=form,
    )


def cardio(site: Site, athlete_id: int) -> list[dict[str, Any]]:
    site.ctx.session.rollback()
    return training_log.history(site.ctx, athlete_id, "cardio", date(2000, 1, 1), date(2100, 1, 1))


def test_the_page_uploads_files_and_lists_what_was_imported(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/import"
    page = site.client.get(url)
    assert page.status_code == 200
    assert f'href="{url}"' in page.text  # in the menu
    assert 'id="upload-form"' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert "No file imported yet." in page.text
    assert "Hevy CSV export" in page.text  # what fitcoach reads
    assert_readable(url, page.text)

    # Without the form's CSRF token: refused, nothing stored.
    refused = post_files(site, site.athlete_id, ("run.gpx", GPX))
    assert refused.status_code == 403
    assert cardio(site, site.athlete_id) == []

    csrf = site.csrf(url)
    done = post_files(
        site, site.athlete_id, ("run.gpx", GPX), ("watch.fit", b"not a FIT file"), csrf_token=csrf
    )
    assert done.status_code == 200, done.text
    assert "1 cardio session imported; 1 file failed." in done.text
    assert 'data-status="imported"><strong>run.gpx</strong>' in done.text
    assert 'data-status="failed"><strong>watch.fit</strong>' in done.text
    assert "no FIT header" in done.text
    assert_readable(url, done.text)
    (stored,) = cardio(site, site.athlete_id)
    assert stored["activity_type"] == "running"
    assert stored["source"] == "import:gpx"

    listed = site.client.get(url).text
    table = listed.split('id="imported-files"', 1)[1]
    assert "<td>run.gpx</td><td>gpx</td>" in table
    assert "1 cardio session" in table
    assert "watch.fit" not in table

    again = post_files(site, site.athlete_id, ("run.gpx", GPX), csrf_token=csrf, weight_unit="kg")
    assert again.status_code == 200
    assert 'data-status="already imported"' in again.text
    assert len(cardio(site, site.athlete_id)) == 1

    # The form sent without a file chosen: a browser sends an empty part with an empty name.
    empty = (
        f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
        '--B\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
        "Content-Type: application/octet-stream\r\n\r\n\r\n--B--\r\n"
    )
    nothing = site.client.post(
        url, content=empty, headers={"content-type": "multipart/form-data; boundary=B"}
    )
    assert nothing.status_code == 422
    assert "choose at least one file" in nothing.text


def test_names_are_reviewed_on_the_page(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/import"
    csrf = site.csrf(url)
    held = post_files(site, site.athlete_id, ("hevy.csv", HEVY), csrf_token=csrf)
    assert held.status_code == 200
    assert 'data-status="needs review"' in held.text
    assert 'id="review-form"' in held.text
    assert 'list="library"' in held.text
    assert "<datalist" in held.text
    assert 'value="Barbell Back Squat"' in held.text  # the search field's library names
    assert "<strong>Zorblax Flip</strong> · 2 sets" in held.text
    index = {name: i for i, name in FIELD.findall(held.text)}
    assert set(index) == set(UNKNOWN)
    squat, quibber = index[UNKNOWN[0]], index[UNKNOWN[1]]

    # A name typed that is no library exercise: shown beside it, the typed text kept, nothing
    # remembered (the other choice neither).
    bad = site.client.post(
        f"{url}/review",
        data={
            "csrf_token": csrf,
            f"name-{squat}": UNKNOWN[0],
            f"other-{squat}": "Barbell Back Squat",
            f"name-{quibber}": UNKNOWN[1],
            f"other-{quibber}": "Quibberish",
        },
    )
    assert bad.status_code == 422
    assert "is not a name or slug of the exercise library" in bad.text
    assert 'value="Quibberish"' in bad.text
    site.ctx.session.rollback()
    assert exercise_names.choices(site.ctx, site.athlete_id) == []

    done = site.client.post(
        f"{url}/review",
        data={
            "csrf_token": csrf,
            f"name-{squat}": UNKNOWN[0],
            f"other-{squat}": "Barbell Back Squat",
            f"name-{quibber}": UNKNOWN[1],
            f"choice-{quibber}": "__skip__",
        },
    )
    assert done.status_code == 200, done.text
    assert 'data-status="imported"><strong>hevy.csv</strong>' in done.text
    assert "1 workout, 4 sets imported." in done.text
    assert 'id="review-form"' not in done.text
    remembered = done.text.split('id="remembered"', 1)[1]
    assert "<td>Zorblax Flip</td><td>Barbell Back Squat</td>" in remembered
    assert "<td>Quibber Hold</td><td>left out</td>" in remembered
    site.ctx.session.rollback()
    assert [f["name"] for f in imports.imported_files(site.ctx, site.athlete_id)] == ["hevy.csv"]


def test_a_held_file_is_dropped_on_the_page(site: Site) -> None:
    url = f"/athletes/{site.athlete_id}/import"
    csrf = site.csrf(url)
    held = post_files(site, site.athlete_id, ("hevy.csv", HEVY), csrf_token=csrf)
    match = SHA.search(held.text)
    assert match
    dropped = site.client.post(
        f"{url}/drop", data={"csrf_token": csrf, "sha256": match.group(1)}, follow_redirects=False
    )
    assert dropped.status_code == 303
    page = site.client.get(dropped.headers["location"])
    assert "The held file was dropped" in page.text
    assert 'id="held"' not in page.text
    assert 'id="review-form"' not in page.text


def test_another_athletes_import_page_is_not_found(site: Site) -> None:
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    csrf = site.csrf()
    assert site.client.get(f"/athletes/{other.id}/import").status_code == 404
    stolen = post_files(site, other.id, ("run.gpx", GPX), csrf_token=csrf)
    assert stolen.status_code == 404
    assert cardio(site, other.id) == []
    assert site.client.get(f"/athletes/{other.id}/export.zip").status_code == 404


def _zip(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {
            "names": set(archive.namelist()),
            "manifest": json.loads(archive.read("manifest.json")),
            "athlete": json.loads(archive.read("athlete.json")),
        }


def test_download_my_data_is_the_athletes_export(site: Site, database: Any) -> None:
    privacy = site.client.get(f"/athletes/{site.athlete_id}/privacy").text
    assert f'action="/athletes/{site.athlete_id}/export.zip"' in privacy
    assert "Download my data" in privacy
    url = f"/athletes/{site.athlete_id}/export.zip"
    export = _zip(site.client.get(url))
    assert export["athlete"]["email"] == site.email
    assert {"manifest.json", "athlete.json", "workouts.csv"} <= export["names"]
    site.ctx.session.rollback()
    workouts = training_log.history(
        site.ctx, site.athlete_id, "workouts", date(2000, 1, 1), date(2100, 1, 1)
    )
    assert export["manifest"]["counts"]["workouts"] == len(workouts) > 0
    assert "waveforms" not in export["manifest"]["counts"]
    with_waveforms = _zip(site.client.get(url, params={"waveforms": "true"}))
    assert with_waveforms["manifest"]["counts"]["waveforms"] == 0  # no recording of theirs

    # A linked coach may take the export (as with the API); a coach not linked may not.
    linked = athletes.create_staff_account(site.ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(site.ctx, linked, site.athlete_id)
    athletes.create_staff_account(site.ctx, "other-coach@example.org", "Other", Role.coach)
    for email in ("coach@example.org", "other-coach@example.org"):
        accounts.set_password(site.ctx, accounts.account_for(site.ctx, email).id, PASSWORD)
    site.ctx.session.commit()
    with TestClient(site.client.app) as coach:
        assert login(coach, "coach@example.org", PASSWORD).status_code == 303
        assert (
            "Download this athlete&#39;s data"
            in coach.get(f"/athletes/{site.athlete_id}/privacy").text
        )
        assert _zip(coach.get(url))["athlete"]["email"] == site.email
    with TestClient(site.client.app) as stranger:
        assert login(stranger, "other-coach@example.org", PASSWORD).status_code == 303
        assert stranger.get(url).status_code == 404


def test_an_import_is_taken_back_on_the_page(site: Site) -> None:
    from tests.services.test_import_take_back import _strong

    url = f"/athletes/{site.athlete_id}/import"
    csrf = site.csrf(url)
    done = post_files(site, site.athlete_id, ("strong.csv", _strong(site.ctx)), csrf_token=csrf)
    assert "2 workouts, 6 sets imported." in done.text, done.text
    page = site.client.get(url)
    assert "Take back the import of strong.csv" in page.text
    match = re.search(
        r'class="inline take-back">.*?name="sha256" value="([0-9a-f]{64})"', page.text, re.S
    )
    assert match
    back = site.client.post(
        f"{url}/take-back",
        data={"csrf_token": csrf, "sha256": match.group(1)},
        follow_redirects=False,
    )
    assert back.status_code == 303
    after = site.client.get(back.headers["location"])
    assert "The import was taken back" in after.text
    assert "No file imported yet." in after.text
    site.ctx.session.rollback()
    stored = training_log.history(site.ctx, site.athlete_id, "workouts")
    assert [w for w in stored if w["source"] == "import:strong"] == []
    # And the same file imports again.
    again = post_files(site, site.athlete_id, ("strong.csv", _strong(site.ctx)), csrf_token=csrf)
    assert "2 workouts, 6 sets imported." in again.text


def test_a_header_cell_over_the_csv_limit_is_its_file_s_failure_on_the_page(site: Site) -> None:
    """A Strong export whose header has a cell longer than Python's CSV field limit fails
    alone, in words, and the valid run sent with it is imported (it was a 500 that lost both)."""
    url = f"/athletes/{site.athlete_id}/import"
    long_header = (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        b"Workout Notes,RPE," + b"x" * (200 * 1024) + b"\n"
        b'2024-01-05 18:03:12,"Push Day",1h 5m,"Bench Press (Barbell)",1,60.0,8,0,0,"",,8,\n'
    )
    done = post_files(
        site,
        site.athlete_id,
        ("strong.csv", long_header),
        ("run.gpx", GPX),
        weight_unit="kg",
        csrf_token=site.csrf(url),
    )
    assert done.status_code == 200, done.text[:500]
    assert "1 cardio session imported; 1 file failed." in done.text
    assert "a value is longer than 128 KiB" in done.text
    assert len(cardio(site, site.athlete_id)) == 1
