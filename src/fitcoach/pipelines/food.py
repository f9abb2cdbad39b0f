"""Train and evaluate the food-photo classifier on the blind food101-10 split.

Rows: the "dev" photos of ``ml/splits/blind_food101_split.json`` train and tune; "test" is
scored once, at the end, for the model card. Inside dev a stratified validation part
(``val_fraction``, drawn with ``seed``) picks the regularisation ``C`` and calibrates the two
thresholds of the ask rule; the head is then refitted on all of dev with that ``C``.

Features: the frozen EfficientNet-Lite0's pooled features (``fitcoach.ml.food.embed``) and, for
the baseline, an 8×8×8 colour histogram; both are cached in one ``.npz`` per set of photos
(keyed by the photos' SHA-256 and the feature schema), so retuning the head costs seconds.

Figures: top-1 and top-3 accuracy with 95 % bootstrap CIs resampled by photo (the photos are
independent pictures of different plates, so the photo is the unit), for the model, the colour
baseline and the majority class on the same rows; the ask rule's coverage and accuracy on what
it answers; and how many generated non-food images (plain colours, noise, gradients, stripes)
it declines to name.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from fitcoach.ml import food, registry
from fitcoach.ml.splits.blind_food101 import SPLIT_PATH, default_food_dir

Progress = Callable[[str, int, int], None]
C_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
BATCH = 32


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class FoodConfig:
    """What a training run depends on (all of it goes into the artefact's version)."""

    seed: int = 0
    per_class: int | None = None  # dev photos per class (None: all); CI trains on 20
    test_per_class: int | None = None  # test photos per class scored (None: all)
    val_fraction: float = 0.2
    target_precision: float = 0.9  # accuracy the confident answers must reach on validation
    ood_quantile: float = 0.01  # share of real dev photos allowed to be called "not food"
    bootstrap: int = 2000

    def params(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Rows:
    paths: tuple[str, ...]  # relative to the food101-10 folder
    labels: NDArray[np.int64]


def split_rows(config: FoodConfig, root: Path | None = None) -> tuple[tuple[str, ...], Rows, Rows]:
    """The classes, dev rows and test rows of the stored blind split (sliced per class)."""
    split = json.loads(SPLIT_PATH.read_text())
    classes = tuple(sorted({p.split("/")[0] for p in split["dev"]}))

    def take(paths: Sequence[str], limit: int | None) -> Rows:
        chosen: list[str] = []
        for cls in classes:
            mine = sorted(p for p in paths if p.split("/")[0] == cls)
            chosen += mine if limit is None else mine[:limit]
        labels = np.array([classes.index(p.split("/")[0]) for p in chosen], dtype=np.int64)
        return Rows(tuple(chosen), labels)

    return classes, take(split["dev"], config.per_class), take(split["test"], config.test_per_class)


def photos_hash(root: Path, paths: Sequence[str]) -> str:
    """SHA-256 over each photo's path and bytes, in order: the data hash of a training set."""
    return registry.data_hash(
        part for p in paths for part in (p, hashlib.sha256((root / p).read_bytes()).digest())
    )


def features(
    root: Path,
    paths: Sequence[str],
    cache_dir: Path | None,
    progress: Progress = _quiet,
    step: str = "features",
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Backbone and colour-histogram features of photos, from the cache when it has them."""
    key = registry.data_hash([photos_hash(root, paths), json.dumps(food.SCHEMA, sort_keys=True)])
    cached = cache_dir / f"food-features-{key[:24]}.npz" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        with np.load(cached) as raw:
            progress(step, len(paths), len(paths))
            return raw["deep"], raw["hist"]
    deep = np.zeros((len(paths), food.FEATURES), dtype=np.float32)
    hist = np.zeros((len(paths), food.HIST_BINS**3), dtype=np.float32)
    progress(step, 0, len(paths))
    for start in range(0, len(paths), BATCH):
        chunk = paths[start : start + BATCH]
        images = [food.decode((root / p).read_bytes()) for p in chunk]
        deep[start : start + len(chunk)] = food.embed(images)
        hist[start : start + len(chunk)] = np.stack([food.colour_histogram(i) for i in images])
        progress(step, start + len(chunk), len(paths))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        np.savez(buf, deep=deep, hist=hist)
        tmp = cached.with_suffix(".tmp")
        tmp.write_bytes(buf.getvalue())
        tmp.replace(cached)
    return deep, hist


def _embed_cached(photos: Sequence[bytes], cache_dir: Path | None) -> NDArray[np.float32]:
    """Backbone features of in-memory photos, cached by their bytes like :func:`features`."""
    key = registry.data_hash([*photos, json.dumps(food.SCHEMA, sort_keys=True)])
    cached = cache_dir / f"food-extra-{key[:24]}.npy" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        out: NDArray[np.float32] = np.load(cached)
        return out
    out = food.embed([food.decode(b) for b in photos])
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, out)
    return out


def non_food_images(seed: int, n_each: int = 8) -> list[bytes]:
    """Generated pictures that are not food: plain colours, noise, gradients and stripes (JPEG)."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    size = 192
    arrays: list[NDArray[np.uint8]] = []
    for _ in range(n_each):
        arrays.append(np.broadcast_to(rng.integers(0, 256, 3), (size, size, 3)).astype(np.uint8))
        arrays.append(rng.integers(0, 256, (size, size, 3)).astype(np.uint8))
        a, b = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
        t = np.linspace(0, 1, size)[None, :, None]
        arrays.append(np.broadcast_to(a + (b - a) * t, (size, size, 3)).astype(np.uint8))
        period = int(rng.integers(4, 40))
        stripes = ((np.arange(size) // period) % 2)[:, None, None]
        arrays.append(np.broadcast_to(np.where(stripes, a, b), (size, size, 3)).astype(np.uint8))
    out = []
    for arr in arrays:
        buf = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(arr)).save(buf, format="JPEG", quality=90)
        out.append(buf.getvalue())
    return out


def _fit(
    x: NDArray[np.float32], y: NDArray[np.int64], c: float, seed: int
) -> tuple[NDArray[np.float32], NDArray[np.float32], Any]:
    from sklearn.linear_model import LogisticRegression

    from fitcoach.ml.threads import one_thread

    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    clf = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    # One BLAS thread: a fit of this size is tens of milliseconds, and with a thread per core
    # on a shared machine its threads spin against each other (0.5-2 s a fit, measured).
    with one_thread():
        clf.fit((x - mean) / scale, y)
    return mean.astype(np.float32), scale.astype(np.float32), clf


def _stratified_val(labels: NDArray[np.int64], fraction: float, seed: int) -> NDArray[np.bool_]:
    rng = np.random.default_rng(seed)
    val = np.zeros(len(labels), dtype=bool)
    for cls in np.unique(labels):
        idx = np.flatnonzero(labels == cls)
        n_val = max(1, round(fraction * len(idx)))
        val[rng.permutation(idx)[:n_val]] = True
    return val


def _topk_hits(probs: NDArray[np.floating], y: NDArray[np.int64], k: int) -> NDArray[np.bool_]:
    top = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    out: NDArray[np.bool_] = (top == y[:, None]).any(axis=1)
    return out


def bootstrap_ci(hits: NDArray[np.bool_], n: int, seed: int) -> dict[str, float]:
    """Mean of per-photo hits with a percentile 95 % CI, resampling photos."""
    rng = np.random.default_rng(seed)
    h = hits.astype(np.float64)
    means = h[rng.integers(0, len(h), (n, len(h)))].mean(axis=1)
    return {
        "value": round(float(h.mean()), 4),
        "low": round(float(np.quantile(means, 0.025)), 4),
        "high": round(float(np.quantile(means, 0.975)), 4),
    }


def _build_head(
    classes: tuple[str, ...],
    mean: NDArray[np.float32],
    scale: NDArray[np.float32],
    clf: Any,
    x: NDArray[np.float32],
    y: NDArray[np.int64],
    min_prob: float,
    min_similarity: float,
) -> food.Head:
    z = (x - mean) / scale
    z = z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-9)
    centroids = np.stack([z[y == k].mean(axis=0) for k in range(len(classes))])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
    return food.Head(
        classes=classes,
        mean=mean,
        scale=scale,
        coef=clf.coef_.astype(np.float32),
        intercept=clf.intercept_.astype(np.float32),
        centroids=centroids.astype(np.float32),
        min_prob=min_prob,
        min_similarity=min_similarity,
    )


def _min_prob(probs: NDArray[np.floating], y: NDArray[np.int64], target: float) -> float:
    """The lowest top probability above which validation answers are right ``target`` of the time."""
    top = probs.max(axis=1)
    right = probs.argmax(axis=1) == y
    for tau in np.unique(np.round(top, 3)):
        kept = top >= tau
        if kept.any() and right[kept].mean() >= target:
            return float(tau)
    return 1.0


def train(
    config: FoodConfig,
    model_dir: Path,
    *,
    root: Path | None = None,
    cache_dir: Path | None = None,
    progress: Progress = _quiet,
) -> dict[str, Any]:
    """Fit the head on dev, score test once, save the artefact; returns the report."""
    root = root if root is not None else default_food_dir()
    if not root.is_dir():
        raise registry.ArtefactError(
            f"No food101-10 photos at {root}: set FITCOACH_FOOD101_DIR to the folder."
        )
    classes, dev, test = split_rows(config, root)
    data = photos_hash(root, dev.paths)
    dev_deep, dev_hist = features(root, dev.paths, cache_dir, progress, "dev photos")
    test_deep, test_hist = features(root, test.paths, cache_dir, progress, "test photos")

    val = _stratified_val(dev.labels, config.val_fraction, config.seed)
    fit, y_fit, y_val = ~val, dev.labels[~val], dev.labels[val]
    tuning: dict[str, float] = {}
    for i, c in enumerate(C_GRID):
        progress("tuning C on dev validation", i, len(C_GRID))
        mean, scale, clf = _fit(dev_deep[fit], y_fit, c, config.seed)
        tuning[str(c)] = float(clf.score((dev_deep[val] - mean) / scale, y_val))
    best_c = float(max(C_GRID, key=lambda c: (tuning[str(c)], -c)))
    mean, scale, clf = _fit(dev_deep[fit], y_fit, best_c, config.seed)
    val_probs = food.softmax(clf.decision_function((dev_deep[val] - mean) / scale))
    min_prob = _min_prob(val_probs, y_val, config.target_precision)
    provisional = _build_head(classes, mean, scale, clf, dev_deep[fit], y_fit, min_prob, -1.0)
    min_similarity = float(np.quantile(provisional.similarity(dev_deep[val]), config.ood_quantile))

    mean, scale, clf = _fit(dev_deep, dev.labels, best_c, config.seed)
    head = _build_head(classes, mean, scale, clf, dev_deep, dev.labels, min_prob, min_similarity)

    hmean, hscale, hclf = _fit(dev_hist, dev.labels, 1.0, config.seed)
    base_probs = food.softmax(hclf.decision_function((test_hist - hmean) / hscale))

    progress("scoring test", 0, 1)
    probs = head.probabilities(test_deep)
    sims = head.similarity(test_deep)
    y = test.labels
    majority = int(np.bincount(dev.labels).argmax())
    answered = (probs.max(axis=1) >= head.min_prob) & (sims >= head.min_similarity)
    n = config.bootstrap
    other = non_food_images(config.seed)
    other_feats = _embed_cached(other, cache_dir)
    other_probs = head.probabilities(other_feats)
    other_named = (other_probs.max(axis=1) >= head.min_prob) & (
        head.similarity(other_feats) >= head.min_similarity
    )
    per_class = {
        cls: round(float((probs.argmax(axis=1)[y == k] == k).mean()), 4)
        for k, cls in enumerate(classes)
    }
    metrics: dict[str, Any] = {
        "n_dev": len(dev.paths),
        "n_test": len(test.paths),
        "c": best_c,
        "val_accuracy_by_c": tuning,
        "model": {
            "top1": bootstrap_ci(_topk_hits(probs, y, 1), n, config.seed),
            "top3": bootstrap_ci(_topk_hits(probs, y, 3), n, config.seed + 1),
        },
        "colour_histogram": {
            "top1": bootstrap_ci(_topk_hits(base_probs, y, 1), n, config.seed + 2),
            "top3": bootstrap_ci(_topk_hits(base_probs, y, 3), n, config.seed + 3),
        },
        "majority_class": {
            "class": classes[majority],
            "top1": bootstrap_ci(y == majority, n, config.seed + 4),
        },
        "ask_rule": {
            "min_prob": round(head.min_prob, 4),
            "min_similarity": round(head.min_similarity, 4),
            "coverage": bootstrap_ci(answered, n, config.seed + 5),
            "accuracy_answered": bootstrap_ci(
                (probs.argmax(axis=1) == y)[answered], n, config.seed + 6
            )
            if answered.any()
            else None,
            "non_food_images": len(other),
            "non_food_named": int(other_named.sum()),
            "non_food_called_not_food": int(
                (head.similarity(other_feats) < head.min_similarity).sum()
            ),
        },
        "per_class_top1": per_class,
    }
    progress("scoring test", 1, 1)
    manifest = registry.save(
        model_dir,
        name=food.NAME,
        files={"head.npz": head.to_bytes()},
        schema=food.SCHEMA,
        seed=config.seed,
        params=config.params(),
        data=data,
        metrics=metrics,
    )
    return {"version": manifest.version, "data_hash": data, "metrics": metrics}
