"""Milliseconds per photo of the food-photo classifier on one CPU core.

Setup (not timed): ``--rows`` dev photos of the food101-10 split (default 40, ``--quick`` 8),
read into memory as JPEG bytes; the packaged food model loaded and warmed up on one photo;
``torch.set_num_threads(1)`` (one core, as a small server gives one request).

Measured, photo by photo:

(a) end to end: ``FoodModel.classify`` on the bytes: JPEG decode, resize to 224 px, scaling,
    the EfficientNet-Lite0 backbone, the linear head and the ask rule;
(b) baseline: the backbone alone on the same photo's ready 224×224 input (the floor: what
    the network itself costs, without decoding or the head).

Figures: p50 and p95 per-photo latency (ms) beside the backbone's; the goal is under 200 ms.
"""

from __future__ import annotations

import time

from benchmarks.common import BenchArgs, Result, latency_results

NAME = "food"
DEFAULT_PHOTOS = 40
QUICK_PHOTOS = 8


def main(args: BenchArgs) -> list[Result]:
    try:
        import torch
    except ImportError:
        return [
            Result(
                name="food photo, ms per photo",
                figure=None,
                unit="ms",
                notes="skipped: torch is not installed (the ml extra)",
                group=NAME,
            )
        ]
    import json

    from fitcoach.ml import food
    from fitcoach.ml.splits.blind_food101 import SPLIT_PATH, default_food_dir

    torch.set_num_threads(1)
    n = args.rows or (QUICK_PHOTOS if args.quick else DEFAULT_PHOTOS)
    root = default_food_dir()
    dev = json.loads(SPLIT_PATH.read_text())["dev"]
    step = max(1, len(dev) // n)
    photos = [(root / p).read_bytes() for p in dev[::step][:n]]
    model = food.load(None)
    args.progress(f"food: warming up model {model.manifest.version}")
    model.classify(photos[0])
    inputs = [food.pixels(food.decode(b))[None] for b in photos]
    food.embed_pixels(inputs[0])

    args.progress(f"food: {len(photos)} photos end to end and backbone alone, one thread")
    end_to_end, backbone = [], []
    for data, ready in zip(photos, inputs, strict=True):
        start = time.perf_counter()
        model.classify(data)
        end_to_end.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        food.embed_pixels(ready)
        backbone.append((time.perf_counter() - start) * 1000)
    return latency_results(
        "food photo end to end (decode, resize, backbone, head), ms per photo",
        end_to_end,
        backbone,
        unit="ms",
        baseline_name="EfficientNet-Lite0 backbone alone",
        group=NAME,
        notes=lambda fig, base: f"one thread; goal < 200 ms; {len(photos)} photos",
        extra={"photos": len(photos), "threads": 1, "model": model.manifest.version},
    )
