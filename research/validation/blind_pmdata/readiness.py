"""Evaluating a readiness predictor: within-person Spearman rho against the baselines, per
person and pooled, with person-bootstrap CIs (``evaluate_readiness``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from research.validation.blind_pmdata.loading import PMData
from research.validation.blind_pmdata.metrics import (
    Estimate,
    PairedDifference,
    _align,
    _few_persons_warning,
    _fmt,
    _groups,
    _paired,
    _spearman,
    percentile_ci,
    person_bootstrap,
    person_bootstrap_draws,
)
from research.validation.blind_pmdata.protocol import (
    BOOTSTRAP_SEED,
    DEV_PERSONS,
    MIN_ROWS_PER_PERSON,
    MODEL,
    N_BOOT_DEFAULT,
    FloatArray,
    IntArray,
    Track,
)
from research.validation.blind_pmdata.rows import _check_persons, readiness_rows
from research.validation.blind_pmdata.targets import READINESS_BASELINES


@dataclass(frozen=True)
class ReadinessScores:
    """Readiness metrics of one predictor on the protocol rows."""

    name: str
    uses_self_report: bool
    per_person_rho: dict[str, float]
    mean_person_rho: Estimate
    pooled_rho: Estimate
    within_rho: Estimate

    @property
    def n_persons_rho(self) -> int:
        """Persons whose own rho is defined."""
        return int(sum(np.isfinite(v) for v in self.per_person_rho.values()))


@dataclass(frozen=True)
class ReadinessResult:
    """Readiness evaluation: the model (if any) and the baselines on the same rows."""

    track: Track
    persons: tuple[str, ...]
    n_rows: int
    n_rows_by_person: dict[str, int]
    scores: tuple[ReadinessScores, ...]
    differences: tuple[PairedDifference, ...]
    n_boot: int
    seed: int

    def get(self, name: str) -> ReadinessScores:
        """The scores of predictor ``name``."""
        return next(s for s in self.scores if s.name == name)

    def to_markdown(self) -> str:
        """A model-card table: figures with CIs, rows and persons."""
        persons_with_rows = sum(1 for n in self.n_rows_by_person.values() if n)
        head = (
            f"**Readiness, track `{self.track}`** — persons {', '.join(self.persons)}; "
            f"{self.n_rows} rows from {persons_with_rows} persons; 95 % CIs from "
            f"{self.n_boot} person-bootstrap resamples (seed {self.seed}). Spearman rho; "
            f"per-person rho needs ≥ {MIN_ROWS_PER_PERSON} rows and some variation."
        )
        lines = [
            head,
            *_few_persons_warning(persons_with_rows, None),
            "",
            "| predictor | self-report | mean per-person ρ | pooled ρ | within-person ρ "
            "| n rows | n persons (ρ defined) |",
            "|---|---|---|---|---|---:|---:|",
        ]
        for s in self.scores:
            flag = "yes" if s.uses_self_report else "no"
            if s.name != MODEL and self.track == "objective" and s.uses_self_report:
                flag += " (not admissible in this track)"
            lines.append(
                f"| {s.name} | {flag} | {s.mean_person_rho.fmt()} | {s.pooled_rho.fmt()} "
                f"| {s.within_rho.fmt()} | {self.n_rows} | {persons_with_rows} "
                f"({s.n_persons_rho}) |"
            )
        if self.differences:
            lines += [
                "",
                "Paired differences, model − baseline [95 % CI] (share of resamples ≤ 0):",
                "",
                "| baseline | Δ mean per-person ρ | Δ pooled ρ | Δ within-person ρ |",
                "|---|---|---|---|",
            ]
            for base in dict.fromkeys(d.baseline for d in self.differences):
                cells = [
                    f"{d.estimate.fmt()} ({d.share_not_better:.2f})"
                    for d in self.differences
                    if d.baseline == base
                ]
                lines.append(f"| {base} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "| person | rows | " + " | ".join(s.name for s in self.scores) + " |",
            "|---|---:|" + "---:|" * len(self.scores),
        ]
        for p in self.persons:
            cells = [_fmt(s.per_person_rho.get(p, float("nan"))) for s in self.scores]
            lines.append(f"| {p} | {self.n_rows_by_person.get(p, 0)} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def evaluate_readiness(
    predictions: pd.DataFrame | None,
    persons: Iterable[str] = DEV_PERSONS,
    *,
    track: Track = "with_items",
    data: PMData | None = None,
    n_boot: int = N_BOOT_DEFAULT,
    seed: int = BOOTSTRAP_SEED,
) -> ReadinessResult:
    """Score ``predictions`` (columns person, date, score) on the readiness protocol.

    ``predictions`` must cover every protocol row of ``persons`` (extra rows are ignored);
    pass ``None`` for the baselines alone. ``track`` records which information the model
    used; the baselines are the same in both tracks, those using self-report are flagged.
    """
    if track not in ("objective", "with_items"):
        raise ValueError(f"unknown track {track!r}")
    chosen = _check_persons(persons)
    rows = readiness_rows(chosen, data)
    if rows.empty:
        raise ValueError("no readiness rows for these persons")
    names, groups = _groups(rows["person"])
    target = rows["target"].to_numpy(dtype=float)
    candidates: list[tuple[str, bool, FloatArray]] = []
    if predictions is not None:
        candidates.append((MODEL, track == "with_items", _align(predictions, rows, "score")))
    for b in READINESS_BASELINES:
        candidates.append((b.name, b.uses_self_report, rows[b.name].to_numpy(dtype=float)))
    draws = person_bootstrap_draws(len(names), n_boot, seed)
    demeaned_target = target - rows.groupby("person")["target"].transform("mean").to_numpy(float)

    scores: list[ReadinessScores] = []
    boots: dict[str, dict[str, FloatArray]] = {}
    for name, self_report, score in candidates:
        per_person = np.array(
            [
                _spearman(score[g], target[g]) if len(g) >= MIN_ROWS_PER_PERSON else np.nan
                for g in groups
            ]
        )
        demeaned = score - pd.Series(score).groupby(rows["person"]).transform("mean").to_numpy()

        def pooled(idx: IntArray, s: FloatArray = score) -> float:
            return _spearman(s[idx], target[idx])

        def within(idx: IntArray, s: FloatArray = demeaned) -> float:
            return _spearman(s[idx], demeaned_target[idx])

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # resamples of undefined persons
            mean_boot = np.nanmean(per_person[draws], axis=1)
        b_pooled = person_bootstrap(pooled, groups, draws)
        b_within = person_bootstrap(within, groups, draws)
        boots[name] = {"mean": mean_boot, "pooled": b_pooled, "within": b_within}
        valid = per_person[np.isfinite(per_person)]
        scores.append(
            ReadinessScores(
                name=name,
                uses_self_report=self_report,
                per_person_rho=dict(zip(names, per_person.tolist(), strict=True)),
                mean_person_rho=percentile_ci(
                    float(valid.mean()) if len(valid) else float("nan"), mean_boot
                ),
                pooled_rho=percentile_ci(pooled(np.arange(len(rows), dtype=np.intp)), b_pooled),
                within_rho=percentile_ci(within(np.arange(len(rows), dtype=np.intp)), b_within),
            )
        )
    differences: list[PairedDifference] = []
    if predictions is not None:
        model = scores[0]
        for s in scores[1:]:
            for metric, key, point in (
                (
                    "mean per-person rho",
                    "mean",
                    model.mean_person_rho.value - s.mean_person_rho.value,
                ),
                ("pooled rho", "pooled", model.pooled_rho.value - s.pooled_rho.value),
                ("within-person rho", "within", model.within_rho.value - s.within_rho.value),
            ):
                differences.append(
                    _paired(s.name, metric, point, boots[MODEL][key], boots[s.name][key])
                )
    counts = rows.groupby("person").size()
    return ReadinessResult(
        track=track,
        persons=chosen,
        n_rows=len(rows),
        n_rows_by_person={p: int(counts.get(p, 0)) for p in chosen},
        scores=tuple(scores),
        differences=tuple(differences),
        n_boot=n_boot,
        seed=seed,
    )
