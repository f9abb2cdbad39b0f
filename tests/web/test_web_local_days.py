"""Pages count the athlete's local days: at 20:32 in Chicago the dashboard's recent strength
sessions hold that evening's workout; at 07:00 in Auckland, that morning's. The privacy page's
history says its times are the athlete's own (not "UTC")."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from tests.factories import workout
from tests.web.conftest import Site

from fitcoach.services import training_log
from fitcoach.storage.models import Athlete

CASES = {
    "chicago-evening": (
        "America/Chicago",
        datetime(2026, 11, 21, 2, 32, tzinfo=UTC),  # Fri 20 Nov, 20:32 in Chicago
        datetime(2026, 11, 21, 2, 0, tzinfo=UTC),  # 20:00 that evening
    ),
    "auckland-morning": (
        "Pacific/Auckland",
        datetime(2026, 11, 19, 18, 0, tzinfo=UTC),  # Fri 20 Nov, 07:00 in Auckland
        datetime(2026, 11, 19, 17, 30, tzinfo=UTC),  # 06:30 that morning
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_dashboard_lists_todays_local_workout(site: Site, case: str) -> None:
    zone, now, at = CASES[case]
    site.clock.set(now)
    site.ctx.session.execute(
        update(Athlete).where(Athlete.id == site.athlete_id).values(timezone=zone)
    )
    logged = training_log.log_workout(
        site.ctx,
        site.athlete_id,
        workout(at, ("barbell-back-squat", 5, 100.0, 2.0), title="Evening squats"),
    )
    site.ctx.session.commit()
    page = site.client.get(f"/athletes/{site.athlete_id}")
    assert page.status_code == 200
    start = page.text.index('id="recent-workouts"')
    table = page.text[start : page.text.index("</table>", start)]
    assert f"/workouts/{logged.id}" in table
    assert "Fri 20 Nov" in table or "Today" in table


def test_the_privacy_history_is_not_labelled_utc(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/privacy")
    assert page.status_code == 200, page.status_code
    assert 'id="consent-history"' in page.text
    assert "When (UTC)" not in page.text
    assert "<th>When</th>" in page.text


def test_every_pages_footer_says_the_apps_version(site: Site) -> None:
    """The privacy page passed the consent text's version under the footer's name: its footer
    said "fitcoach 2" for the app. The footer reads a name no page passes."""
    import fitcoach
    from fitcoach.services import consent

    for path in (f"/athletes/{site.athlete_id}/privacy", f"/athletes/{site.athlete_id}"):
        page = site.client.get(path).text
        assert f"<footer>fitcoach {fitcoach.__version__} ·" in page, path
    consent_version = consent.consent_text().version
    privacy = site.client.get(f"/athletes/{site.athlete_id}/privacy").text
    assert f"Consent text version <strong>{consent_version}</strong>" in privacy
