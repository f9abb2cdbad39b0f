"""Watch live vitals update from the simulator, then see an alert appear (Chromium, phone)."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Live, shot, signed_in

from fitcoach.pipelines.live import LiveDemo
from fitcoach.storage.db import make_engine, make_session_factory


def test_watch_live_vitals_update_from_the_simulator(page: Any, live: Live) -> None:
    signed_in(page, live, f"/athletes/{live.athlete_id}/live")
    page.wait_for_selector("#wave-ecg .main-svg")
    engine = make_engine(live.database_url)
    demo = LiveDemo(
        live.bus, make_session_factory(engine), live.athlete_id, scenarios=("rest",), segment_s=60
    )
    demo.start()
    try:
        from playwright.sync_api import expect

        # A locator wait, not wait_for_function: that evaluates a string in the page, which
        # the Content-Security-Policy (no 'unsafe-eval') rightly refuses.
        expect(page.locator("#v-hr .value")).not_to_have_text("—", timeout=20_000)
        points = page.evaluate("document.getElementById('wave-ecg').data[0].x.length")
        assert points > 100
        hr = float(page.locator("#v-hr .value").inner_text())
        assert 40 < hr < 100
        assert "Live" in page.locator("#live-status").inner_text()
        shot(page, "live-phone")
        # An alert as the vitals worker publishes it after storing it.
        live.bus.publish(
            "fitcoach:alerts",
            {
                "athlete_id": live.athlete_id,
                "recording_key": demo.stats.recording_key,
                "at": "2026-11-20T10:00:00+00:00",
                "kind": "spo2_low",
                "severity": "critical",
                "state": "raised",
                "value": 86.0,
                "message": "SpO2 estimate 86 % below 90 % for 10 s: stop and see a professional",
            },
        )
        page.wait_for_selector("#alert-list li.critical")
        assert "SpO2 estimate 86" in page.locator("#alert-list").inner_text()
        shot(page, "live-alert-phone")
    finally:
        demo.stop()
        engine.dispose()
