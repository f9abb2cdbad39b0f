"""The live stream: SSE of one athlete's frames, vitals and alerts, scoped, on both buses."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.conftest import redis_reachable
from tests.factories import make_athlete
from tests.web.conftest import Live, Site, free_port, login

from fitcoach.core.settings import Settings
from fitcoach.ingest.bus import Bus, InMemoryBus, RedisBus
from fitcoach.ingest.producers import publish_frames
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.web.live import LiveStreams, decimate, sse
from fitcoach.sensors.simulator import Simulator
from fitcoach.services import consent


def test_sse_message_format() -> None:
    assert sse("vitals", {"hr_bpm": 61.0}) == 'event: vitals\ndata: {"hr_bpm":61.0}\n\n'
    assert decimate([0, 5, 0, -7, 1, 1], 2) == [1, 3, 4]


def test_the_live_page_and_its_stream_are_scoped(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/live")
    assert page.status_code == 200
    assert 'id="wave-ecg"' in page.text
    assert "Not a medical device" in page.text
    other = make_athlete(site.ctx)
    site.ctx.session.commit()
    assert site.client.get(f"/athletes/{other.id}/live").status_code == 404
    assert site.client.get(f"/athletes/{other.id}/live/stream").status_code == 404


def test_without_sensor_consent_nothing_is_shown_live(site: Site) -> None:
    """The workers withhold a non-consenting athlete's frames; the live page must not show
    them from the bus either: the page says what to do, the stream answers 409."""
    consent.withdraw(site.ctx, site.athlete_id, "sensor_data")
    site.ctx.session.commit()
    page = site.client.get(f"/athletes/{site.athlete_id}/live")
    assert page.status_code == 200
    assert 'id="no-sensor-consent"' in page.text
    assert f'href="/athletes/{site.athlete_id}/privacy"' in page.text
    assert 'id="wave-ecg"' not in page.text
    assert "live.js" not in page.text
    stream = site.client.get(f"/athletes/{site.athlete_id}/live/stream")
    assert stream.status_code == 409
    assert "sensor_data" in stream.text
    consent.grant(site.ctx, site.athlete_id, "sensor_data")
    site.ctx.session.commit()
    assert 'id="wave-ecg"' in site.client.get(f"/athletes/{site.athlete_id}/live").text


def test_the_stream_needs_a_session(site: Site) -> None:
    site.client.cookies.clear()
    response = site.client.get(f"/athletes/{site.athlete_id}/live/stream", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def _events(client: httpx.Client, url: str, until: Any, timeout_s: float = 10.0) -> list[Any]:
    """(event, data) pairs of the stream until ``until(events)`` or the timeout."""
    events: list[tuple[str, Any]] = []
    deadline = time.monotonic() + timeout_s
    with client.stream("GET", url, timeout=httpx.Timeout(5.0)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = "message"
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                events.append((name, json.loads(line[6:])))
                name = "message"
            if until(events) or time.monotonic() > deadline:
                break
    return events


def _publish_for(
    bus: Bus, streams: LiveStreams, athlete: int, other: int, stop: threading.Event
) -> None:
    frames = Simulator("rest", 1).frames(2.0).frames
    n = 0
    while not stop.is_set():
        for who in (athlete, other):
            publish_frames(
                bus, frames[:70], athlete_id=who, recording_key=f"k{who}-{n}", stream=streams.frames
            )
            bus.publish(streams.vitals, {"athlete_id": who, "hr_bpm": 60.0 + who, "spo2_pct": 97.0})
            bus.publish(
                streams.alerts,
                {
                    "athlete_id": who,
                    "kind": "spo2_low",
                    "severity": "critical",
                    "state": "raised",
                    "message": f"low SpO2 of {who}",
                    "at": "2026-11-20T10:00:00+00:00",
                },
            )
        n += 1
        stop.wait(0.2)


def _check_stream(
    url: str, cookies: httpx.Cookies, bus: Bus, streams: LiveStreams, me: int, other: int
) -> None:
    stop = threading.Event()
    thread = threading.Thread(
        target=_publish_for, args=(bus, streams, me, other, stop), daemon=True
    )
    with httpx.Client(base_url=url, cookies=cookies) as client:
        thread.start()
        try:
            kinds = {"wave", "vitals", "alert"}
            events = _events(
                client, f"/athletes/{me}/live/stream", lambda ev: kinds <= {e[0] for e in ev}
            )
        finally:
            stop.set()
            thread.join(5)
    names = {e[0] for e in events}
    assert {"hello", "wave", "vitals", "alert"} <= names, names
    for name, data in events:
        if name in ("vitals", "alert"):
            assert data["athlete_id"] == me
        if name == "wave":
            assert str(data["recording_key"]).startswith(f"k{me}-")
            assert len(data["ecg"]["t"]) == len(data["ecg"]["y"]) > 0
            assert max(abs(y) for y in data["ecg"]["y"]) < 5  # mV, not counts
    assert all("of " + str(other) not in json.dumps(d) for _, d in events)


def _cookies(live: Live) -> httpx.Cookies:
    with httpx.Client(base_url=live.url, follow_redirects=False) as client:
        response = login(client, live.email, live.password)  # type: ignore[arg-type]
        assert response.status_code == 303
        return client.cookies


def _other(live: Live) -> int:
    for ctx in live.context():
        return make_athlete(ctx).id
    raise AssertionError


def test_the_stream_carries_this_athletes_events_only(live: Live) -> None:
    other = _other(live)
    _check_stream(live.url, _cookies(live), live.bus, LiveStreams(), live.athlete_id, other)
    with httpx.Client(base_url=live.url, cookies=_cookies(live)) as client:
        assert client.get(f"/athletes/{other}/live/stream").status_code == 404


@pytest.fixture
def redis_server(live: Live) -> Iterator[tuple[str, RedisBus, LiveStreams]]:
    import uvicorn

    redis_url = redis_reachable()
    prefix = f"test-live-{uuid.uuid4().hex[:8]}"
    streams = LiveStreams(f"{prefix}:frames", f"{prefix}:vitals", f"{prefix}:alerts")
    bus = RedisBus.from_url(redis_url)
    app = create_app(Settings(database_url=live.database_url, _env_file=None), bus=bus)  # type: ignore[call-arg]
    app.state.live_streams = streams
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", bus, streams
    finally:
        server.should_exit = True
        thread.join(10)
        bus.delete(streams.frames, streams.vitals, streams.alerts)


def test_the_stream_works_on_redis(
    live: Live, redis_server: tuple[str, RedisBus, LiveStreams]
) -> None:
    url, bus, streams = redis_server
    other = _other(live)
    _check_stream(url, _cookies(live), bus, streams, live.athlete_id, other)


def test_in_memory_tail_reads_after_a_position() -> None:
    bus = InMemoryBus()
    start = bus.last_id("s")
    bus.publish("s", {"a": 1})
    got = bus.read_after({"s": start, "t": bus.last_id("t")})
    assert [m.payload for m in got] == [{"a": 1}]
    assert bus.read_after({"s": got[-1].id}, block_ms=10) == []
    bus.ensure_group("s", "g")
    assert bus.group_info("s") == [
        {"name": "g", "pending": 0, "lag": 1, "consumers": 0, "last_delivered": "0-0"}
    ]
