"""The learned push-up verdict: gradient boosting on the calibrated rule's per-fault measures.

Chosen among eight candidates (the calibrated rule, two logistic regressions, GNN-LSTMs of 1, 3
and 5 seeds, a stack) by 5-fold cross-validation on the development clips only
(``research.validation.pushup_select``), then scored once on the held-out clips
(``research.validation.pushup_final``; docs/models/form.md, "Real push-ups").

Input: a set's six numbers from ``analysis.pushup.measure`` (hips off the line, knees bent,
shallow depth, elbows flaring, head dropping, and the hips' signed side), the same measures the
rule reads from a video's image landmarks; missing ones stay NaN (the trees route them).
Output: P(the set's form is wrong); a breakdown at 0.5. The model:
``HistGradientBoostingClassifier`` (:data:`PARAMS`, written before any figure was seen: shallow
trees, slow learning, classes weighted to balance; seeded, so one seed gives one model).

The artefact (``ml/artefacts/pushup_verdict/<version>/``) is versioned by the hash of the
development clips' landmarks, the split file and the parameters (``ml.registry``);
``python -m fitcoach.ml.form.pushup_model train`` (``make train-pushup``) rewrites it. It needs
scikit-learn (the ml extra): where that is missing, or no artefact verifies, the product keeps
the calibrated rule's verdict (:func:`judge` says why).
"""

from __future__ import annotations

import functools
import gzip
import io
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis import pose, pushup
from fitcoach.ml import registry

NAME: Final = "pushup_verdict"
FEATURES: Final = (*pushup.MEASURES, "hips_side")
SCHEMA: Final = {"version": "pushup-verdict-1", "features": list(FEATURES), "threshold": 0.5}
THRESHOLD: Final = 0.5
SEED: Final = 0
PARAMS: Final[dict[str, Any]] = {
    "max_depth": 2,
    "learning_rate": 0.05,
    "max_iter": 150,
    "class_weight": "balanced",
}
PACKAGED_ROOT: Final = Path(__file__).resolve().parent.parent / "artefacts"
# The frozen choice's figures (docs/models/form.md): what the product's note says.
DEV_CV_BALANCED: Final = 0.765
HELD_OUT_BALANCED: Final = 0.811
# As the product applies it: a set the rule cannot read is not judged (never a breakdown).
HELD_OUT_AS_APPLIED: Final = 0.762

FloatArray = NDArray[np.float64]


def features(measures: pushup.SetMeasures) -> FloatArray:
    """The model's six numbers for one set (NaN where not measured)."""
    return np.array([*(measures.values[m] for m in pushup.MEASURES), measures.hips_side])


def fit(x: FloatArray, wrong: NDArray[np.bool_], seed: int = SEED) -> Any:
    """The boosted trees of :data:`PARAMS` fitted on ``x`` (sets, 6)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(**PARAMS, random_state=seed)
    model.fit(x, wrong)
    return model


def wrong_probability(model: Any, x: FloatArray) -> FloatArray:
    return np.asarray(model.predict_proba(np.atleast_2d(x))[:, 1], dtype=np.float64)


def data_fingerprint(root: Path | None = None) -> str:
    """The hash of the development clips (keys and landmark bytes, in order) and the split."""
    from fitcoach.ml.splits import pushup as ps

    parts: list[bytes | str] = [ps.SPLIT_PATH.read_bytes()]
    for key, label, raw in ps.load("development", root):
        parts += [key, label, np.ascontiguousarray(raw).tobytes()]
    return registry.data_hash(parts)


def train(root: Path | None = None, advance: Callable[[], None] = lambda: None) -> tuple[Any, int]:
    """The model fitted on every development clip (``advance`` is called once a clip measured)
    and how many clips it saw."""
    from fitcoach.ml.splits import pushup as ps

    x, wrong = [], []
    for _key, label, raw in ps.load("development", root):
        x.append(features(pushup.measure(pose.prepare(ps.image_landmarks(raw)))))
        wrong.append(label == "wrong")
        advance()
    return fit(np.stack(x), np.array(wrong)), len(x)


def _pickle(value: Any) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def save(model: Any, out: Path, *, data: str, clips: int) -> registry.Manifest:
    return registry.save(
        out,
        name=NAME,
        files={"model.pkl.gz": _pickle(model)},
        schema=SCHEMA,
        seed=SEED,
        params=dict(PARAMS),
        data=data,
        metrics={
            "development_clips": clips,
            "dev_cv_balanced_accuracy": DEV_CV_BALANCED,
            "held_out_balanced_accuracy": HELD_OUT_BALANCED,
            "held_out_balanced_accuracy_as_applied": HELD_OUT_AS_APPLIED,
        },
    )


@dataclass(frozen=True)
class Loaded:
    model: Any
    version: str


def load(root: Path | None = None, version: str | None = None) -> Loaded:
    """The newest verified artefact under ``root``, else the packaged one."""
    base = root if root is not None and registry.versions(root, NAME) else PACKAGED_ROOT
    artefact = registry.load(base, NAME, schema=SCHEMA, version=version)
    # Only files that matched their manifest hashes reach here (registry.load).
    model = pickle.loads(gzip.decompress(artefact.file("model.pkl.gz").read_bytes()))
    return Loaded(model, artefact.manifest.version)


@functools.lru_cache(maxsize=1)
def _packaged() -> Loaded:
    return load()


def packaged_version() -> str:
    """The version of the artefact the product judges with ("" where it cannot load)."""
    try:
        return _packaged().version
    except (ImportError, registry.ArtefactError, OSError, pickle.UnpicklingError):
        return ""


@dataclass(frozen=True)
class Judgement:
    """The learned verdict of one set, or why there is none (``probability`` None)."""

    probability: float | None
    version: str | None
    reason: str = ""

    @property
    def breakdown(self) -> bool:
        return self.probability is not None and self.probability >= THRESHOLD


def judge(measures: pushup.SetMeasures, loaded: Loaded | None = None) -> Judgement:
    """P(wrong) of a set from its measures, or the reason the model cannot run here."""
    try:
        found = loaded if loaded is not None else _packaged()
        p = float(wrong_probability(found.model, features(measures)[None])[0])
    except (ImportError, registry.ArtefactError, OSError, pickle.UnpicklingError) as exc:
        return Judgement(None, None, f"the learned push-up verdict is unavailable ({exc})")
    return Judgement(p, found.version)


def apply(
    analysis: pose.FormAnalysis,
    landmarks: NDArray[np.floating] | list[list[list[float]]],
    loaded: Loaded | None = None,
) -> pose.FormAnalysis:
    """A push-up judged by the calibrated rule (``pushup.with_verdict``: ``verdict`` is
    "verdict") judged instead by the learned model where it can run: the breakdown is the
    model's, and the faults in words are every measure past its own development cut-off
    (``pushup.findings`` over all five). Anything else, or a model that cannot run, comes back
    unchanged (the rule's verdict stands)."""
    if analysis.verdict != "verdict":
        return analysis
    prepared = pose.prepare(landmarks)
    measures = pushup.measure(prepared)
    judgement = judge(measures, loaded)
    if judgement.probability is None:
        return analysis
    judged = pushup.assess(prepared, analysis.reps, verdict=pushup.MEASURES)
    # The form and risk scores stay the rule's (their formula weighs the rule's faults only);
    # the breakdown is the model's.
    return replace(
        analysis,
        faults=judged.faults,
        features={**analysis.features, "wrong_probability": round(judgement.probability, 4)},
        breakdown=judgement.breakdown,
        verdict="model",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``train [OUT]``: fit on the development clips and write the artefact (default: the
    packaged artefacts directory)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["train"]:
        sys.stderr.write("usage: python -m fitcoach.ml.form.pushup_model train [OUT]\n")
        return 2
    from rich.progress import Progress

    from fitcoach.ml.splits import pushup as ps

    out = Path(args[1]) if len(args) > 1 else PACKAGED_ROOT
    with Progress() as progress:
        task = progress.add_task("measuring development clips", total=len(ps.clips("development")))
        model, clips = train(advance=lambda: progress.advance(task))
    manifest = save(model, out, data=data_fingerprint(), clips=clips)
    sys.stdout.write(f"{NAME} {manifest.version} written under {out} ({clips} clips)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
