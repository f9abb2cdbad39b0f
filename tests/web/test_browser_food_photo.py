"""The nutrition page's photo section in Chromium at 1366 and 390 px: the file field asks for
the camera, a photo gives the suggested dishes with a confirm form, the confirmed dish is
logged; nothing scrolls sideways and every control is big enough to press on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import unavailable
from tests.hostile import phone_jpeg
from tests.web.conftest import Live, browser_login, shot
from tests.web.test_browser_layout import MIN_TARGET_PX, OVERFLOW_JS, TARGETS_JS

from fitcoach.core.clock import SystemClock
from fitcoach.ml.splits.blind_food101 import default_food_dir
from fitcoach.services import training_log

PHONE, DESKTOP = 390, 1366
BIBIMBAP = default_food_dir() / "bibimbap" / "1002297.jpg"  # a dev photo


def _problems(page: Any, width: int) -> list[str]:
    found = []
    if (wide := page.evaluate(OVERFLOW_JS)) is not None:
        found.append(f"{width}px scrolls sideways: {wide}")
    if width == PHONE:
        found += [f"small target {s}" for s in page.evaluate(TARGETS_JS, MIN_TARGET_PX)]
    return found


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_a_photo_becomes_a_confirmed_meal(page: Any, live: Live, width: int) -> None:
    if not BIBIMBAP.is_file():
        unavailable(f"the food101-10 photos are not at {BIBIMBAP.parent.parent}")
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live)
    page.goto(f"{live.url}/athletes/{live.athlete_id}/nutrition#photo")
    field = page.locator("#photo-input")
    assert field.get_attribute("accept") == "image/*"
    assert field.get_attribute("capture") == "environment"
    field.set_input_files(str(BIBIMBAP))
    page.click("#photo-form button[type=submit]")
    page.wait_for_selector("#photo-verdict")
    assert page.locator("#photo-verdict").get_attribute("data-verdict") == "confident"
    assert page.locator("#photo-confirm input[value=bibimbap]").is_checked()
    assert page.locator("#photo-confirm .dish-choice").count() == 3
    problems = _problems(page, width)
    shot(page, f"food-photo-{width}")
    assert not problems, "\n".join(problems)
    before = _count(live)
    page.fill("#photo-portion", "1.5")
    page.click("#photo-confirm button[type=submit]")
    page.wait_for_url("**saved=photo**")
    assert "The meal from the photo is logged." in page.content()
    assert _count(live) == before + 1


def _count(live: Live) -> int:
    for ctx in live.context(SystemClock()):
        return len(training_log.history(ctx, live.athlete_id, "meals"))
    return 0


def test_a_phone_photo_is_shrunk_in_the_page_before_it_is_sent(
    page: Any, live: Live, tmp_path: Any
) -> None:
    """A 12-megapixel phone photo (about 2 MB) goes as a smaller JPEG, and its suggestions
    come back as for any photo."""
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(phone_jpeg())
    browser_login(page, live)
    page.goto(f"{live.url}/athletes/{live.athlete_id}/nutrition#photo")
    page.locator("#photo-input").set_input_files(str(photo))
    with page.expect_request(lambda r: r.method == "POST" and "/meals/photo" in r.url) as sent:
        page.click("#photo-form button[type=submit]")
    # Chromium does not hand a multipart body with a file to Playwright; the size it sent is
    # in the request's Content-Length.
    size = int(sent.value.all_headers().get("content-length", "0"))
    assert 10_000 < size < photo.stat().st_size / 2
    page.wait_for_selector("#photo-verdict")
    assert page.locator("#photo-verdict").get_attribute("data-verdict") in (
        "confident",
        "unsure",
        "not_food",
    )
