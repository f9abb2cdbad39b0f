"""A meal from a photo through the API: suggestions from the packaged food model, then the
confirmed dish logged with its macros; what is not a picture, or not food, is not guessed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from tests.conftest import unavailable
from tests.hostile import jpeg_claiming, phone_jpeg, png_claiming
from tests.interfaces.test_api_auth import Api, api_for, assert_error

from fitcoach.coach.nutrition.dishes import serving
from fitcoach.core.clock import FixedClock
from fitcoach.ml.splits.blind_food101 import default_food_dir
from fitcoach.services import training_log

# A dev photo (the model trained on it): the test checks the plumbing, not the accuracy.
BIBIMBAP = default_food_dir() / "bibimbap" / "1002297.jpg"


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _url(athlete_id: int, rest: str) -> str:
    return f"/api/v1/athletes/{athlete_id}{rest}"


def grey_jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.full((192, 192, 3), 128, dtype=np.uint8)).save(buf, format="JPEG")
    return buf.getvalue()


def test_a_photo_is_suggested_then_the_confirmed_dish_logged(api: Api) -> None:
    if not BIBIMBAP.is_file():
        unavailable(f"the food101-10 photos are not at {BIBIMBAP.parent.parent}")
    athlete, headers = api.athlete()
    files = {"photo": ("lunch.jpg", BIBIMBAP.read_bytes(), "image/jpeg")}
    answer = api.client.post(
        _url(athlete.id, "/meals/photo"), files=files, data={"portion": "1.5"}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["verdict"] == "confident"
    assert body["dishes"][0]["dish"] == "bibimbap"
    probs = [d["probability"] for d in body["dishes"]]
    assert len(probs) == 3
    assert probs == sorted(probs, reverse=True)
    top = body["dishes"][0]
    assert {f["slug"] for f in top["foods"]} >= {"white-rice-cooked", "egg-fried"}
    assert next(f for f in top["foods"] if f["slug"] == "white-rice-cooked")["grams"] == 300
    assert training_log.history(api.ctx, athlete.id, "meals") == []  # nothing logged yet

    logged = api.client.post(
        _url(athlete.id, "/meals/photo/log"),
        json={"dish": "bibimbap", "portion": 1.5, "meal_type": "lunch"},
        headers=headers,
    )
    assert logged.status_code == 201, logged.text
    api.ctx.session.expire_all()
    (meal,) = training_log.history(api.ctx, athlete.id, "meals")
    expected = serving("bibimbap", 1.5)
    assert meal["meal_type"] == "lunch"
    assert meal["source"] == "photo"
    assert meal["calories_kcal"] == pytest.approx(sum(a.kcal for a in expected), abs=0.5)
    assert meal["protein_g"] == pytest.approx(sum(a.protein_g for a in expected), abs=0.1)
    assert "White rice" in meal["description"]


def test_not_food_and_not_a_picture_are_not_guessed(api: Api) -> None:
    athlete, headers = api.athlete()
    grey = api.client.post(
        _url(athlete.id, "/meals/photo"),
        files={"photo": ("wall.jpg", grey_jpeg(), "image/jpeg")},
        headers=headers,
    )
    assert grey.status_code == 200, grey.text
    assert grey.json()["verdict"] in ("not_food", "unsure")
    assert "?" in grey.json()["message"] or "does not look like" in grey.json()["message"]
    assert_error(
        api.client.post(
            _url(athlete.id, "/meals/photo"),
            files={"photo": ("notes.txt", b"not a photo", "text/plain")},
            headers=headers,
        ),
        422,
        "invalid_photo",
    )
    assert_error(
        api.client.post(
            _url(athlete.id, "/meals/photo/log"), json={"dish": "pizza"}, headers=headers
        ),
        422,
        "invalid_input",
    )
    too_much = api.client.post(
        _url(athlete.id, "/meals/photo/log"),
        json={"dish": "bibimbap", "portion": 9},
        headers=headers,
    )
    assert too_much.status_code == 422
    assert training_log.history(api.ctx, athlete.id, "meals") == []


def test_a_picture_claiming_too_many_pixels_is_refused_before_decoding(api: Api) -> None:
    """A 30000 × 30000 PNG and a 632-byte JPEG claiming 65000 × 65000 are refused from their
    headers (422 in words), not decoded into gigabytes (or a 500)."""
    athlete, headers = api.athlete()
    for name, bomb, kind in (
        ("plate.png", png_claiming(30_000, 30_000), "image/png"),
        ("plate.jpg", jpeg_claiming(65_000, 65_000), "image/jpeg"),
    ):
        error = assert_error(
            api.client.post(
                _url(athlete.id, "/meals/photo"),
                files={"photo": (name, bomb, kind)},
                headers=headers,
            ),
            422,
            "invalid_photo",
        )
        assert "more pixels than this takes" in error["message"]


def test_a_phone_photo_is_taken_up_to_the_documented_size(api: Api) -> None:
    """A phone's 12-megapixel JPEG of about 2 MB is analysed (it was 413 at a 1 MiB limit);
    a body over the photo limit (12 MB) is refused before it is read, saying so."""
    athlete, headers = api.athlete()
    photo = phone_jpeg()
    assert 1.5e6 < len(photo) < 12 * 2**20
    answer = api.client.post(
        _url(athlete.id, "/meals/photo"),
        files={"photo": ("IMG_0001.jpg", photo, "image/jpeg")},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["verdict"] in ("confident", "unsure", "not_food")
    over = assert_error(
        api.client.post(
            _url(athlete.id, "/meals/photo"),
            files={"photo": ("IMG_0002.jpg", b"\xff" * (12 * 2**20 + 1), "image/jpeg")},
            headers=headers,
        ),
        422,
        "invalid_photo",
    )
    assert "over 12 MB" in over["message"]
    too_big = assert_error(
        api.client.post(
            _url(athlete.id, "/meals/photo"),
            files={"photo": ("IMG_0003.jpg", b"\xff" * (12 * 2**20 + 32 * 1024), "image/jpeg")},
            headers=headers,
        ),
        413,
        "payload_too_large",
    )
    assert "a photo of a meal may be at most 12 MB" in too_big["message"]
