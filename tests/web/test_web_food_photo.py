"""The nutrition page's photo section: upload (or camera), the suggested dishes, then the
confirmed dish logged with its macros; a picture that is not food is not guessed."""

from __future__ import annotations

import io

import numpy as np
from tests.conftest import unavailable
from tests.web.conftest import Site

from fitcoach.ml.validation.blind_food101 import default_food_dir
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
