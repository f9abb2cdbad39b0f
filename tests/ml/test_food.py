"""The food-photo classifier: decoding, features, training on a slice of the blind split's dev
photos (what CI trains), determinism by seed, the feature cache and the ask rule."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.conftest import unavailable

from fitcoach.ml import registry
from fitcoach.ml.splits.blind_food101 import default_food_dir

FOOD_DIR = default_food_dir()
SLICE: dict[str, Any] = {"per_class": 10, "test_per_class": 2}


def _require_data() -> None:
    if not FOOD_DIR.is_dir():
        unavailable(f"the food101-10 photos are not at {FOOD_DIR} (set FITCOACH_FOOD101_DIR)")


def _jpeg(array: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(array.astype(np.uint8)).save(buf, format="JPEG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    _require_data()
    from fitcoach.pipelines.food import FoodConfig, train

    base = tmp_path_factory.mktemp("food")
    cache = base / "cache"
    first = train(FoodConfig(seed=3, **SLICE), base / "a", cache_dir=cache)
    again = train(FoodConfig(seed=3, **SLICE), base / "b", cache_dir=cache)
    other = train(FoodConfig(seed=4, **SLICE), base / "c", cache_dir=cache)
    return {"base": base, "cache": cache, "first": first, "again": again, "other": other}


def test_decode_refuses_what_is_not_a_photo() -> None:
    from fitcoach.ml import food

    with pytest.raises(food.PhotoError, match="empty"):
        food.decode(b"")
    with pytest.raises(food.PhotoError, match="JPEG or PNG"):
        food.decode(b"%PDF-1.4 not a picture")
    img = food.decode(_jpeg(np.full((50, 80, 3), 200)))
    assert img.size == (80, 50)
    assert img.mode == "RGB"


def test_pixels_are_scaled_as_the_network_was_trained() -> None:
    from PIL import Image

    from fitcoach.ml import food

    white = food.pixels(Image.new("RGB", (192, 192), (255, 255, 255)))
    black = food.pixels(Image.new("RGB", (100, 300), (0, 0, 0)))
    assert white.shape == black.shape == (224, 224, 3)
    assert np.allclose(white, (255 - 127) / 128)
    assert np.allclose(black, -127 / 128)
    hist = food.colour_histogram(Image.new("RGB", (64, 64), (255, 0, 0)))
    assert hist.shape == (512,)
    assert hist.sum() == pytest.approx(1.0)
    assert hist.max() == pytest.approx(1.0)  # one colour, one bin


def test_training_on_a_slice_beats_the_baselines(trained: dict[str, Any]) -> None:
    metrics = trained["first"]["metrics"]
    assert metrics["n_dev"] == 100
    assert metrics["n_test"] == 20
    model = metrics["model"]
    assert model["top1"]["low"] <= model["top1"]["value"] <= model["top1"]["high"]
    assert model["top3"]["value"] >= model["top1"]["value"]
    # Pretrained features against colour alone and the majority class (10 classes: 10 %).
    assert model["top1"]["value"] >= 0.5
    assert model["top1"]["value"] > metrics["colour_histogram"]["top1"]["value"]
    assert metrics["majority_class"]["top1"]["value"] == pytest.approx(0.1)
    ask = metrics["ask_rule"]
    # Two validation photos per class cannot show 90 % precision at any threshold: then the
    # rule asks about every photo (1.0) rather than guess.
    assert 0.0 < ask["min_prob"] <= 1.0
    assert ask["non_food_named"] <= ask["non_food_images"] // 4


def test_same_seed_same_model_other_seed_other_model(trained: dict[str, Any]) -> None:
    first, again, other = trained["first"], trained["again"], trained["other"]
    assert first["version"] == again["version"]
    a = json.loads(
        (trained["base"] / "a" / "food" / first["version"] / "manifest.json").read_text()
    )
    b = json.loads(
        (trained["base"] / "b" / "food" / again["version"] / "manifest.json").read_text()
    )
    assert a["files"] == b["files"]  # byte-identical head
    assert a["data_hash"] == b["data_hash"]
    assert other["version"] != first["version"]


def test_cached_features_are_the_backbone_s(trained: dict[str, Any], monkeypatch: Any) -> None:
    from fitcoach.ml import food
    from fitcoach.pipelines import food as pipeline

    cfg = pipeline.FoodConfig(**SLICE)
    _, dev, _ = pipeline.split_rows(cfg, FOOD_DIR)
    deep, hist = pipeline.features(FOOD_DIR, dev.paths, trained["cache"])
    fresh = food.embed([food.decode((FOOD_DIR / p).read_bytes()) for p in dev.paths[:2]])
    assert np.allclose(deep[:2], fresh, atol=1e-4)

    def no_backbone(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the cache was not used")

    monkeypatch.setattr(food, "embed", no_backbone)
    again, _ = pipeline.features(FOOD_DIR, dev.paths, trained["cache"])
    assert np.array_equal(again, deep)
    assert hist.shape == (len(dev.paths), 512)


def test_the_model_names_food_and_asks_about_the_rest(trained: dict[str, Any]) -> None:
    from fitcoach.ml import food
    from fitcoach.pipelines import food as pipeline

    model = food.load(trained["base"] / "a")
    assert model.manifest.version == trained["first"]["version"]
    _, _, test = pipeline.split_rows(pipeline.FoodConfig(**SLICE), FOOD_DIR)
    right = 0
    for path, label in zip(test.paths, test.labels, strict=True):
        guess = model.classify((FOOD_DIR / path).read_bytes())
        probs = [p for _, p in guess.top]
        assert len(guess.top) == 3
        assert probs == sorted(probs, reverse=True)
        assert sum(probs) <= 1.0 + 1e-9
        right += guess.top[0][0] == model.head.classes[int(label)]
    assert right >= len(test.paths) // 2
    grey = model.classify(_jpeg(np.full((192, 192, 3), 128)))
    noise = model.classify(_jpeg(np.random.default_rng(0).integers(0, 256, (192, 192, 3))))
    assert grey.verdict != "confident"
    assert noise.verdict != "confident"


def test_a_changed_head_is_refused(tmp_path: Path) -> None:
    import shutil

    from fitcoach.ml import food

    packaged = food.load(None).manifest.version
    shutil.copytree(food.PACKAGED_ROOT / "food", tmp_path / "food")
    head = tmp_path / "food" / packaged / "head.npz"
    head.write_bytes(head.read_bytes() + b"x")
    with pytest.raises(registry.ArtefactError, match="does not match"):
        food.load(tmp_path, version=packaged)


def test_the_validate_check_quotes_the_packaged_model_s_test_figures() -> None:
    _require_data()
    from fitcoach.ml import food
    from research.validation import checks

    assert "food" in checks.names()
    (check,) = checks.selected(["food"])
    result = check.run(checks.CheckContext())
    packaged = food.load(None).manifest
    assert result.card == "food.md"
    assert packaged.version in result.markdown
    assert "colour histogram" in result.markdown
    assert result.figures["metrics"] == packaged.metrics


def test_decode_checks_the_pixels_its_header_claims_before_decoding() -> None:
    """A picture whose header claims far more pixels than its bytes hold (a decompression
    bomb) is refused as a photo error, whatever Pillow's own guard makes of it; a JPEG counts
    at the reduced scale it is decoded at, so a phone's 12 megapixels pass."""
    from tests.hostile import jpeg_claiming, png_claiming

    from fitcoach.ml import food

    for bomb in (
        png_claiming(30_000, 30_000),  # over Pillow's guard: its DecompressionBombError
        jpeg_claiming(65_000, 65_000),  # the same, in 632 bytes
        png_claiming(11_000, 10_000),  # under Pillow's guard, over ours
        png_claiming(4_100, 4_000),  # 16.4 million pixels, just over ours
    ):
        with pytest.raises(food.PhotoError, match="more pixels than this takes"):
            food.decode(bomb)
    with pytest.raises(food.PhotoError, match="more pixels"):
        food.decode(_jpeg(np.full((40, 60, 3), 90)), max_pixels=2_000)
    big = food.decode(_jpeg(np.full((3024, 4032, 3), 90)))
    assert big.size == (1008, 756)  # decoded at a quarter of 4032 × 3024
    with pytest.raises(food.PhotoError, match="over 1 MB"):
        food.decode(b"\xff" * (2**20 + 1), max_bytes=2**20)
