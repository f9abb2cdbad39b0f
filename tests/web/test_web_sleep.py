"""Sleep stored as it was before corrections replaced: every view renders it.

"slept 5 hours", then "actually I slept 6 hours" (and twice more) used to be stored as four
sessions of one night and added up past 24 h: readiness, the weekly report and the dashboard
answered 422. Databases still hold such nights; reading them must never fail."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from tests.conftest import NOW
from tests.services.test_monitoring import log_mornings
from tests.services.test_training_log import store_legacy_nights
from tests.web.conftest import Site

from fitcoach.services import training_log


def test_a_night_stored_four_times_renders_in_every_view(site: Site) -> None:
    today = NOW.date()
    log_mornings(site.ctx, site.athlete_id, 21, last=today - timedelta(days=1))
    training_log.log_daily(site.ctx, site.athlete_id, {"day": today, "hrv_rmssd_ms": 60})
    woke = datetime(2026, 11, 20, 7, tzinfo=UTC)
    store_legacy_nights(site.ctx, site.athlete_id, woke, (7, 6, 7, 6))  # 26 h added up
    site.ctx.session.commit()
    api = f"/api/v1/athletes/{site.athlete_id}"

    readiness = site.client.get(f"{api}/readiness")
    assert readiness.status_code == 200, readiness.text
    sleep = next(c for c in readiness.json()["components"] if c["name"] == "sleep")
    assert sleep["value"] == 6.0  # the last account of the night, not the four added up

    report = site.client.get(f"{api}/reports/weekly/2026-W47?format=json")
    assert report.status_code == 200, report.text
    trend = {d["day"]: d["sleep_h"] for d in report.json()["trend"]}
    assert trend[today.isoformat()] == 6.0
    assert report.json()["this_week"]["sleep_h"] == (4 * 8 + 6) / 5  # Mon-Thu 8 h, Fri 6 h
    assert site.client.get(f"{api}/reports/weekly/2026-W47").status_code == 200

    dashboard = site.client.get(f"/athletes/{site.athlete_id}")
    assert dashboard.status_code == 200, dashboard.text[:500]
    assert "You slept 6.0 h of the 8.0 h you need." in dashboard.text
    data = re.search(r'id="dashboard-data">(.*?)</script>', dashboard.text, re.S)
    assert data
    trends = json.loads(data.group(1))["trends"]
    charted = dict(zip(trends["days"], trends["sleep_h"], strict=True))
    assert charted[today.isoformat()] == 6.0  # the chart reads sleep as readiness does
    assert charted[(today - timedelta(days=1)).isoformat()] == 8.0
