"""The nutrition page's photo section: upload (or camera), the suggested dishes, then the
confirmed dish logged with its macros; a picture that is not food is not guessed."""

from __future__ import annotations

import io
import threading
from typing import Any

import anyio
import httpx
import numpy as np
import pytest
from tests.conftest import unavailable
from tests.hostile import jpeg_claiming, phone_jpeg, png_claiming
from tests.web.conftest import Site

from fitcoach.ml.splits.blind_food101 import default_food_dir
from fitcoach.services import training_log

BIBIMBAP = default_food_dir() / "bibimbap" / "1002297.jpg"  # a dev photo


def _meals(site: Site) -> list[dict[str, object]]:
    site.ctx.session.rollback()
    return training_log.history(site.ctx, site.athlete_id, "meals")


def test_the_page_offers_the_camera(site: Site) -> None:
    page = site.client.get(f"/athletes/{site.athlete_id}/nutrition")
    assert page.status_code == 200
    assert 'accept="image/*" capture="environment"' in page.text
    assert 'enctype="multipart/form-data"' in page.text


def test_upload_suggests_then_confirm_logs(site: Site) -> None:
    if not BIBIMBAP.is_file():
        unavailable(f"the food101-10 photos are not at {BIBIMBAP.parent.parent}")
    url = f"/athletes/{site.athlete_id}/meals/photo"
    shown = site.client.post(
        url,
        data={"csrf_token": site.csrf(), "meal_type": "lunch"},
        files={"photo": ("plate.jpg", BIBIMBAP.read_bytes(), "image/jpeg")},
    )
    assert shown.status_code == 200, shown.text[:500]
    assert 'data-verdict="confident"' in shown.text
    assert 'value="bibimbap" checked' in shown.text
    assert "White rice, long-grain, cooked 200 g" in shown.text
    assert _meals(site) == []
    done = site.client.post(
        f"{url}/log",
        data={"csrf_token": site.csrf(), "dish": "bibimbap", "portion": "2", "meal_type": "lunch"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"].endswith("saved=photo#photo")
    (meal,) = _meals(site)
    assert meal["source"] == "web-photo"
    assert "White rice, long-grain, cooked 400 g" in str(meal["description"])


def test_not_food_and_bad_input_ask_instead(site: Site) -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.zeros((100, 100, 3), dtype=np.uint8)).save(buf, format="PNG")
    url = f"/athletes/{site.athlete_id}/meals/photo"
    dark = site.client.post(
        url,
        data={"csrf_token": site.csrf()},
        files={"photo": ("dark.png", buf.getvalue(), "image/png")},
    )
    assert dark.status_code == 200
    assert 'data-verdict="confident"' not in dark.text
    assert 'value="bibimbap" checked' not in dark.text
    bad = site.client.post(
        url,
        data={"csrf_token": site.csrf()},
        files={"photo": ("notes.txt", b"hello", "text/plain")},
    )
    assert bad.status_code == 422
    assert "JPEG or PNG" in bad.text
    unchosen = site.client.post(
        f"{url}/log", data={"csrf_token": site.csrf(), "portion": "1", "meal_type": "meal"}
    )
    assert unchosen.status_code == 422
    assert "choose which dish" in unchosen.text
    assert _meals(site) == []


PAGE = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_a_picture_claiming_too_many_pixels_is_refused_on_the_page(site: Site) -> None:
    """A decompression bomb gets the page with what to do (422), never a 500."""
    url = f"/athletes/{site.athlete_id}/meals/photo"
    for name, bomb in (
        ("plate.png", png_claiming(30_000, 30_000)),
        ("plate.jpg", jpeg_claiming(65_000, 65_000)),
    ):
        page = site.client.post(
            url, data={"csrf_token": site.csrf()}, files={"photo": (name, bomb, "image/jpeg")}
        )
        assert page.status_code == 422
        assert "more pixels than this takes" in page.text
        assert "<form" in page.text  # the nutrition page, to send another photo
    assert _meals(site) == []


def test_a_phone_photo_is_taken_and_a_larger_body_gets_a_page(site: Site) -> None:
    """A phone's 12-megapixel JPEG (about 2 MB) gets its suggestions; a body over the photo
    limit gets the error page in words (413), never the API's JSON."""
    url = f"/athletes/{site.athlete_id}/meals/photo"
    shown = site.client.post(
        url,
        data={"csrf_token": site.csrf(), "meal_type": "lunch"},
        files={"photo": ("IMG_0001.jpg", phone_jpeg(), "image/jpeg")},
        headers=PAGE,
    )
    assert shown.status_code == 200, shown.text[:500]
    assert "data-verdict=" in shown.text
    refused = site.client.post(
        url,
        data={"csrf_token": site.csrf()},
        files={"photo": ("huge.jpg", b"\xff" * (12 * 2**20 + 32 * 1024), "image/jpeg")},
        headers=PAGE,
    )
    assert refused.status_code == 413
    assert refused.headers["content-type"].startswith("text/html")
    assert '{"error"' not in refused.text
    assert "A photo of a meal may be at most 12 MB; send a smaller picture." in refused.text


def test_the_photo_is_analysed_off_the_event_loop(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decoding and classifying a photo runs in a worker thread, never on the thread that runs
    the event loop (where it stalled every other request: four photos held /health 7.7 s).
    A spy around the decoder notes the thread it ran on; the app is driven on this thread's
    own event loop."""
    from fitcoach.ml import food

    ran_on: list[int] = []
    decode = food.decode

    def spy(data: bytes, **limits: int) -> Any:
        ran_on.append(threading.get_ident())
        return decode(data, **limits)

    monkeypatch.setattr(food, "decode", spy)
    cookies = dict(site.client.cookies)
    csrf = site.csrf()
    url = f"/athletes/{site.athlete_id}/meals/photo"

    async def main() -> int:
        transport = httpx.ASGITransport(app=site.client.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", cookies=cookies
        ) as client:
            answer = await client.post(
                url,
                data={"csrf_token": csrf},
                files={"photo": ("plate.jpg", grey_jpeg_bytes(), "image/jpeg")},
            )
        return answer.status_code

    assert anyio.run(main) == 200
    assert ran_on
    assert threading.get_ident() not in ran_on


def grey_jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((120, 160, 3), 128, dtype=np.uint8)).save(buf, format="JPEG")
    return buf.getvalue()
