"""The recordings pages: the list, a recording with vitals and alerts, scoping."""

from __future__ import annotations

from tests.factories import make_athlete
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
    assert "ecg" in listing.text
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
