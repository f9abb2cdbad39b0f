"""The weekly reports page in Chromium at desktop (1366 px) and phone (390 px) width: each week
opens, downloads as an HTML file and as a PDF printed on the server (as ``fitcoach report
--pdf`` prints it), with no command line shown to the person. ``make screenshots`` keeps
screenshots."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import Live, shot

from fitcoach.services import reports

WIDTHS = (1366, 390)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_report_downloads_from_the_reports_page(
    browser: Any, live: Live, width: int, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{live.url}/login")
        page.fill("input[name=email]", live.email)
        page.fill("input[name=password]", live.password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live.url}/**")
        page.goto(f"{live.url}/athletes/{live.athlete_id}/reports")
        shot(page, f"reports-{width}")
        body = page.locator("main").inner_text()
        assert "fitcoach report" not in body
        assert "--pdf" not in body
        wide, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert wide <= inner, f"{wide} px wide in a {inner} px window"

        week = reports.week_label(datetime.now(UTC).date())
        row = page.locator("#report-weeks tbody tr").first
        assert week in row.inner_text()
        links = row.locator("td.links a")
        assert links.all_inner_texts() == ["Open", "Download", "PDF", "JSON"]
        for box in (link.bounding_box() for link in links.all()):  # a thumb can press each
            assert box is not None
            assert box["height"] >= 44
            assert box["width"] >= 44

        with page.expect_download() as got:
            row.get_by_text("Download", exact=True).click()
        html = got.value
        assert html.suggested_filename == f"report-{live.athlete_id}-{week}.html"
        saved = tmp_path / html.suggested_filename
        html.save_as(saved)
        document = saved.read_text(encoding="utf-8")
        assert document.startswith("<!DOCTYPE html>")
        assert "<svg" in document

        with page.expect_download(timeout=90_000) as got:
            row.get_by_text("PDF", exact=True).click()
        pdf = got.value
        assert pdf.suggested_filename == f"report-{live.athlete_id}-{week}.pdf"
        printed = tmp_path / pdf.suggested_filename
        pdf.save_as(printed)
        assert printed.read_bytes().startswith(b"%PDF")

        # The report itself, as it opens from the list, at this width.
        row.get_by_text("Open", exact=True).click()
        page.wait_for_selector("svg")
        shot(page, f"report-{width}")
        wide, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert wide <= inner, f"the report: {wide} px wide in a {inner} px window"

        page.goto(f"{live.url}/athletes/{live.athlete_id}/access-log")
        shot(page, f"access-log-{width}")
        assert "command line" not in page.locator("main").inner_text()
    finally:
        context.close()
