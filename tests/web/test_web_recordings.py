"""The recordings pages: the list, a recording with vitals and alerts, scoping."""

from __future__ import annotations

from tests.factories import make_athlete
from tests.services.test_sensors_service import end_recording, store_recording
from tests.web.conftest import Site

from fitcoach.ingest.bus import InMemoryBus
from fitcoach.ingest.producers import publish_frames
from fitcoach.pipelines.live import InProcessWorkers, wait_for
from fitcoach.sensors.simulator import Simulator


def test_recordings_list_and_detail(site: Site) -> None:
    empty = site.client.get(f"/athletes/{site.athlete_id}/recordings")
    assert empty.status_code == 200
    assert "No recordings" in empty.text
    bus = InMemoryBus()
    frames = Simulator("rest", 1).frames(20.0).frames
    publish_frames(bus, frames, athlete_id=site.athlete_id, recording_key="rec-web-1")
    workers = InProcessWorkers(bus, site.client.app.state.session_factory)  # type: ignore[attr-defined]
    workers.start()
    # Both workers create the recording on first sight; the one that loses that race retries
    # its batch, so wait for the frames to be stored as well as for the vitals.
    assert wait_for(
        lambda: workers.vitals.stats.seconds >= 10 and workers.frames.stats.samples > 0, 20.0
    )
    workers.drain(["rec-web-1"])
    listing = site.client.get(f"/athletes/{site.athlete_id}/recordings")
    assert listing.status_code == 200
    assert 'id="recordings"' in listing.text
    assert "ECG, pulse oximeter, CO2" in listing.text  # devices, not channel codes
    assert "ppg_red" not in listing.text
    rid = int(listing.text.split(f"/athletes/{site.athlete_id}/recordings/")[1].split('"')[0])
    detail = site.client.get(f"/athletes/{site.athlete_id}/recordings/{rid}")
    assert detail.status_code == 200
    assert 'id="chart-wave"' in detail.text
    assert "format=csv" in detail.text
    wave = site.client.get(
        f"/api/v1/athletes/{site.athlete_id}/recordings/{rid}/waveform",
        params={"channel": "ecg", "from_s": 1, "to_s": 2, "max_points": 1000},
    )
    assert wave.status_code == 200
    assert wave.json()["samples"] == 250
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    assert site.client.get(f"/athletes/{other.id}/recordings").status_code == 404
    assert site.client.get(f"/athletes/{other.id}/recordings/{rid}").status_code == 404
    bad = site.client.get(f"/athletes/{site.athlete_id}/recordings?from=2026-02-30&to=2026-03-05")
    assert bad.status_code == 422
    assert "from: a date like" in bad.text
    assert 'value="2026-02-30"' in bad.text  # both fields keep what was typed
    assert 'value="2026-03-05"' in bad.text


def test_a_recording_is_logged_as_a_session_from_its_page(site: Site) -> None:
    """The recording stays out of the training log until the athlete says what it was; the
    button logs it once, and the page then links the session."""
    stored = store_recording(site.ctx, site.athlete_id, key="rec-web-session", alerts=0)
    site.ctx.session.commit()
    url = f"/athletes/{site.athlete_id}/recordings/{stored.recording_id}"
    cardio = f"/api/v1/athletes/{site.athlete_id}/cardio"
    before = len(site.client.get(cardio).json()["items"])
    running = site.client.get(url)
    assert "Once it has ended, you can log it here as a session." in running.text
    assert 'action="' + url + '/session"' not in running.text
    csrf = site.csrf(url)
    refused = site.client.post(
        f"{url}/session", data={"csrf_token": csrf, "activity_type": "cycling"}
    )
    assert refused.status_code == 409
    assert "has not ended yet" in refused.text

    end_recording(site.ctx, site.athlete_id, stored)
    site.ctx.session.commit()
    ended = site.client.get(url)
    assert f'action="{url}/session"' in ended.text
    assert '<option value="hiit">HIIT</option>' in ended.text
    bad = site.client.post(
        f"{url}/session",
        data={"csrf_token": csrf, "activity_type": "cycling", "session_rpe": "eleven"},
    )
    assert bad.status_code == 422
    assert "how hard: a number from 0 to 10 (got &#39;eleven&#39;)" in bad.text
    assert '<option value="cycling" selected>' in bad.text  # the choice is kept
    assert len(site.client.get(cardio).json()["items"]) == before

    logged = site.client.post(
        f"{url}/session",
        data={"csrf_token": csrf, "activity_type": "cycling", "session_rpe": "6.5"},
        follow_redirects=False,
    )
    assert logged.status_code == 303
    assert logged.headers["location"] == f"{url}?done=logged#session"
    items = site.client.get(cardio).json()["items"]
    assert len(items) == before + 1
    [session] = [i for i in items if i["source_id"] == "rec-web-session"]
    assert (session["activity_type"], session["session_rpe"]) == ("cycling", 6.5)
    shown = site.client.get(f"{url}?done=logged")
    assert "Logged. This recording is in the training log" in shown.text
    assert f'href="/athletes/{site.athlete_id}/cardio/{session["id"]}"' in shown.text
    assert f'action="{url}/session"' not in shown.text
