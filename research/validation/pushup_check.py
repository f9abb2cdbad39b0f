"""The push-up verdict (``analysis.pushup``) on real push-ups: calibrated on development clips,
scored on held-out clips (``pushup_split``), beside the majority class and a logistic baseline.

Each clip is one set. Its landmarks go through what the product does with a video's image
landmarks: visibility below the product's cut (0.5) is missing, then ``pose.prepare`` (gaps
filled, smoothed) and ``pushup.measure``.

* :func:`calibrate`: each measure's cut-off alone, the best development balanced accuracy over a
  grid of development quantiles (the fault is found above it).
* :func:`select`: forward selection on development clips of the faults whose union (a breakdown
  when any is found) gives the best development balanced accuracy; stop when adding none helps.
* Baselines, fitted on development clips: the majority class, and a logistic regression
  (standardised, classes weighted to balance) on simple per-clip features: the 5th, 50th and
  95th percentiles of the six image-plane joint angles and the trunk's lean over all frames
  (missing: the development median).
* Every held-out figure has a 95 % percentile bootstrap CI resampling clips
  (``blind_pose.score_frames``, one row per clip, 2,000 resamples, seeded); the rule against the
  logistic baseline also as the paired clip-bootstrap difference.

Decision (written before the held-out clips were scored): the product gives the push-up verdict
only if its held-out balanced accuracy has the CI's lower end above the majority class's 0.5
and its point figure is at least the logistic baseline's (:func:`drives_product`); otherwise
the form check says it cannot judge push-up form yet.

Reps: the clips carry no rep count, so only the distribution of reps found per clip is reported
here; reps found against reps counted by eye from 40 clips' landmark traces are
``pushup_reps``'s.

``python -m research.validation.pushup_check [--check]`` prints the tables (``--check``: only
whether ``pushup.CUTS`` and ``pushup.VERDICT_FAULTS`` still match a fresh calibration).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from fitcoach.analysis import pose, pushup
from fitcoach.ml.splits.pushup import MIN_VISIBILITY as MIN_VISIBILITY
from fitcoach.ml.splits.pushup import image_landmarks as image_landmarks
from research.validation import blind_pose as bp
from research.validation import pushup_split as ps

FloatArray = NDArray[np.float64]
CLASSES: Final = ("correct", "wrong")
QUANTILES: Final = np.linspace(1.0, 99.0, 99)
SEED: Final = ps.SEED


@dataclass(frozen=True)
class Clip:
    """One clip's label, its set measures, the baseline's features and the reps found."""

    key: str
    label: str
    measures: pushup.SetMeasures
    features: FloatArray
    reps: int


def simple_features(prepared: FloatArray) -> FloatArray:
    """The logistic baseline's per-clip features (see the module docstring): 21 numbers."""
    flat = pose.image_plane(prepared)
    series = [*pose.joint_angles(flat).T, pose.trunk_lean(flat)]
    return np.array([pushup._pct(np.asarray(s), q) for s in series for q in (5.0, 50.0, 95.0)])


def clip_of(key: str, label: str, raw: FloatArray) -> Clip:
    xyz = image_landmarks(raw)
    prepared = pose.prepare(xyz)
    reps = len(pose.analyse(xyz, "push_up", coordinates="image").reps)
    return Clip(key, label, pushup.measure(prepared), simple_features(prepared), reps)


def load_clips(side: ps.Side, root: Path | None = None) -> list[Clip]:
    return [clip_of(k, label, raw) for k, label, raw in ps.load(side, root)]


def _balanced(wrong: NDArray[np.bool_], flagged: NDArray[np.bool_]) -> float:
    return 0.5 * float(flagged[wrong].mean() + (~flagged[~wrong]).mean())


def _values(clips: Sequence[Clip], name: str) -> FloatArray:
    return np.array([c.measures.values[name] for c in clips])


def _wrong(clips: Sequence[Clip]) -> NDArray[np.bool_]:
    return np.array([c.label == "wrong" for c in clips])


def _flags(values: FloatArray, cut: float) -> NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        return np.asarray(np.isfinite(values) & (values > cut))


def calibrate(dev: Sequence[Clip]) -> dict[str, float]:
    """Each measure's cut-off alone: the development quantile with the best balanced accuracy
    (the lowest such cut on ties), rounded to 0.01 degree."""
    wrong = _wrong(dev)
    cuts = {}
    for name in pushup.MEASURES:
        values = _values(dev, name)
        grid = np.unique(np.round(np.percentile(values[np.isfinite(values)], QUANTILES), 2))
        quality = [_balanced(wrong, _flags(values, c)) for c in grid]
        cuts[name] = float(grid[int(np.argmax(quality))])
    return cuts


def select(dev: Sequence[Clip], cuts: dict[str, float]) -> tuple[str, ...]:
    """Forward selection of the verdict's faults on development clips (module docstring)."""
    wrong = _wrong(dev)
    flags = {n: _flags(_values(dev, n), cuts[n]) for n in pushup.MEASURES}
    chosen: list[str] = []
    current = np.zeros(len(dev), dtype=bool)
    best = _balanced(wrong, current)
    while True:
        options = [
            (_balanced(wrong, current | flags[n]), -i, n)
            for i, n in enumerate(pushup.MEASURES)
            if n not in chosen
        ]
        if not options:
            break
        quality, _, name = max(options)
        if quality <= best:
            break
        chosen.append(name)
        current |= flags[name]
        best = quality
    return tuple(chosen)


def verdicts(
    clips: Sequence[Clip], cuts: dict[str, float], verdict: Sequence[str]
) -> NDArray[np.bool_]:
    """Whether each clip is a breakdown: any verdict fault past its cut-off (as the product)."""
    return np.array([bool(pushup.findings(c.measures, cuts, tuple(verdict))) for c in clips])


def fit_logistic(dev: Sequence[Clip]) -> tuple[object, FloatArray]:
    """The logistic baseline fitted on development clips, and the medians that fill gaps."""
    x = np.stack([c.features for c in dev])
    medians = np.nanmedian(x, axis=0)
    model = make_pipeline(
        StandardScaler(), LogisticRegression(max_iter=5000, class_weight="balanced")
    )
    model.fit(np.where(np.isfinite(x), x, medians), _wrong(dev))
    return model, medians


def logistic_scores(model: object, medians: FloatArray, clips: Sequence[Clip]) -> FloatArray:
    x = np.stack([c.features for c in clips])
    proba = model.predict_proba(np.where(np.isfinite(x), x, medians))  # type: ignore[attr-defined]
    return np.asarray(proba[:, 1], dtype=np.float64)


def _labels(flags: NDArray[np.bool_]) -> list[str]:
    return [CLASSES[int(f)] for f in flags]


def _scores(
    clips: Sequence[Clip], flags: NDArray[np.bool_], scores: FloatArray | None = None
) -> bp.Scores:
    return bp.score_frames(
        [c.label for c in clips],
        [c.key for c in clips],
        CLASSES,
        _labels(flags),
        scores,
        bp.N_BOOT,
        SEED,
    )


def paired_difference(
    clips: Sequence[Clip], first: NDArray[np.bool_], second: NDArray[np.bool_]
) -> bp.Estimate:
    """Balanced accuracy of ``first`` minus ``second`` on the same resamples of clips."""
    wrong = _wrong(clips).astype(np.float64)
    right = 1.0 - wrong
    hit = [np.asarray(f == (wrong > 0), dtype=np.float64) for f in (first, second)]

    def stat(w: FloatArray) -> FloatArray:
        out = []
        for h in hit:
            with np.errstate(invalid="ignore", divide="ignore"):
                out.append(
                    0.5 * ((w @ (h * wrong)) / (w @ wrong) + (w @ (h * right)) / (w @ right))
                )
        return np.asarray(out[0] - out[1], dtype=np.float64)

    return bp._bootstrap(stat, len(clips), bp.N_BOOT, SEED)


@dataclass(frozen=True)
class Result:
    """The held-out figures and what was fitted on development clips."""

    cuts: dict[str, float]
    verdict: tuple[str, ...]
    dev_balanced: float
    rule: bp.Scores
    majority: bp.Scores
    logistic: bp.Scores
    rule_minus_logistic: bp.Estimate
    per_measure: dict[str, bp.Scores]  # each measure alone at its cut, held out
    sensitivity: float
    specificity: float
    not_judged: int  # held-out clips the rule could not judge (counted as correct form)
    reps: dict[str, list[int]]  # reps found per clip, by label (all clips)


def drives_product(result: Result) -> bool:
    """The decision rule of the module docstring."""
    rule, logistic = result.rule.balanced_accuracy, result.logistic.balanced_accuracy
    if rule is None or logistic is None:
        return False
    return rule.low > 0.5 and rule.value >= logistic.value


def evaluate(root: Path | None = None) -> Result:
    """Calibrate on development clips, score the held-out ones once (module docstring)."""
    dev, held = load_clips("development", root), load_clips("held_out", root)
    cuts = calibrate(dev)
    verdict = select(dev, cuts)
    rule = verdicts(held, cuts, verdict)
    model, medians = fit_logistic(dev)
    proba = logistic_scores(model, medians, held)
    logistic = proba >= 0.5
    majority_label = max(CLASSES, key=lambda c: (sum(x.label == c for x in dev), c == "correct"))
    constant = np.full(len(held), majority_label == "wrong")
    wrong = _wrong(held)
    return Result(
        cuts=cuts,
        verdict=verdict,
        dev_balanced=_balanced(_wrong(dev), verdicts(dev, cuts, verdict)),
        rule=_scores(held, rule),
        majority=_scores(held, constant, constant.astype(np.float64)),
        logistic=_scores(held, logistic, proba),
        rule_minus_logistic=paired_difference(held, rule, logistic),
        per_measure={
            n: _scores(held, _flags(_values(held, n), cuts[n]), _values(held, n))
            for n in pushup.MEASURES
        },
        sensitivity=float(rule[wrong].mean()),
        specificity=float((~rule[~wrong]).mean()),
        not_judged=sum(not pushup.judged(c.measures) for c in held),
        reps={lab: sorted(c.reps for c in dev + held if c.label == lab) for lab in CLASSES},
    )


def check_stored(root: Path | None = None) -> list[str]:
    """Problems: the cut-offs or verdict faults in ``analysis.pushup`` differ from a fresh
    calibration on development clips."""
    dev = load_clips("development", root)
    cuts = calibrate(dev)
    problems = [
        f"{n}: stored cut {pushup.CUTS[n]} but development calibration gives {cuts[n]}"
        for n in pushup.MEASURES
        if abs(pushup.CUTS[n] - cuts[n]) > 0.01
    ]
    verdict = select(dev, cuts)
    if verdict != pushup.VERDICT_FAULTS:
        problems.append(f"verdict faults stored {pushup.VERDICT_FAULTS}, selected {verdict}")
    return problems


def _fmt(e: bp.Estimate | None) -> str:
    return "–" if e is None else f"{e.value:.3f} [{e.low:.3f}, {e.high:.3f}]"


def markdown(result: Result) -> str:
    """The card's tables."""
    lines = [
        "| held-out clips (68: 36 correct, 32 wrong) | balanced accuracy [95 % CI] | ROC AUC |",
        "| --- | --- | --- |",
        f"| push-up verdict (rule, calibrated) | **{_fmt(result.rule.balanced_accuracy)}** | – |",
        f"| majority class | {_fmt(result.majority.balanced_accuracy)} | – |",
        f"| logistic baseline | {_fmt(result.logistic.balanced_accuracy)} | "
        f"{_fmt(result.logistic.roc_auc)} |",
        "",
        f"Rule minus logistic (paired): {_fmt(result.rule_minus_logistic)}; sensitivity "
        f"{result.sensitivity:.3f}, specificity {result.specificity:.3f}; development balanced "
        f"accuracy (tuned) {result.dev_balanced:.3f}; held-out clips not judged "
        f"{result.not_judged}.",
        "",
        "| measure alone (held out) | cut-off (development) | in verdict | balanced accuracy |"
        " ROC AUC |",
        "| --- | --- | --- | --- | --- |",
    ]
    for n in pushup.MEASURES:
        s = result.per_measure[n]
        lines.append(
            f"| {n.replace('_', ' ')} | > {result.cuts[n]:.2f}° | "
            f"{'yes' if n in result.verdict else 'no'} | {_fmt(s.balanced_accuracy)} | "
            f"{_fmt(s.roc_auc)} |"
        )
    for label, reps in result.reps.items():
        counts = np.bincount(reps)
        lines.append(
            f"\nReps found per {label} clip ({len(reps)}): median {np.median(reps):g}, "
            + ", ".join(f"{i}: {int(k)}" for i, k in enumerate(counts) if k)
        )
    lines.append(f"\nThe product gives the verdict: {drives_product(result)}.")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--check" in args:
        problems = check_stored()
        sys.stdout.write("\n".join(problems or ["stored cut-offs OK"]) + "\n")
        return 1 if problems else 0
    sys.stdout.write(markdown(evaluate()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
