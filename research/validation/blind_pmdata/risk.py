"""Evaluating an injury-risk predictor: AUC, Brier and reliability against the baselines, with
person-bootstrap CIs (``evaluate_risk``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression

from research.validation.blind_pmdata.loading import PMData, load_pmdata
from research.validation.blind_pmdata.metrics import (
    Estimate,
    PairedDifference,
    _align,
    _brier,
    _few_persons_warning,
    _fmt,
    _groups,
    _paired,
    auc,
    percentile_ci,
    person_bootstrap,
    person_bootstrap_draws,
)
from research.validation.blind_pmdata.protocol import (
    BOOTSTRAP_SEED,
    DEV_PERSONS,
    MODEL,
    N_BOOT_DEFAULT,
    RISK_HORIZON_DAYS,
    FloatArray,
    IntArray,
)
from research.validation.blind_pmdata.rows import _check_persons, risk_rows
from research.validation.blind_pmdata.targets import RISK_BASELINES


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of the reliability table."""

    bin: int
    n: int
    mean_predicted: float
    observed_rate: float
    n_positive: int


@dataclass(frozen=True)
class RiskScores:
    """Risk metrics of one predictor on the protocol rows."""

    name: str
    auc: Estimate
    brier: Estimate
    reliability: tuple[ReliabilityBin, ...]
    note: str = ""


@dataclass(frozen=True)
class RiskResult:
    """Risk evaluation: the model (if any), the load baselines and the base rate."""

    persons: tuple[str, ...]
    n_rows: int
    n_positive_rows: int
    n_onsets: int
    rows_by_person: dict[str, tuple[int, int, int]]  # rows, positive rows, onsets
    scores: tuple[RiskScores, ...]
    differences: tuple[PairedDifference, ...]
    n_boot: int
    seed: int

    def get(self, name: str) -> RiskScores:
        """The scores of predictor ``name``."""
        return next(s for s in self.scores if s.name == name)

    def to_markdown(self) -> str:
        """A model-card table: AUC and Brier with CIs, counts, reliability, differences."""
        with_rows = [p for p, v in self.rows_by_person.items() if v[0]]
        with_pos = [p for p, v in self.rows_by_person.items() if v[1]]
        lines = [
            f"**Injury risk (onset in the next {RISK_HORIZON_DAYS} days)** — persons "
            f"{', '.join(self.persons)}; {self.n_rows} rows from {len(with_rows)} persons, "
            f"{self.n_positive_rows} positive rows from {self.n_onsets} onsets in "
            f"{len(with_pos)} persons ({', '.join(with_pos) or 'none'}); 95 % CIs from "
            f"{self.n_boot} person-bootstrap resamples (seed {self.seed}).",
            *_few_persons_warning(len(with_rows), len(with_pos)),
            "",
            "| predictor | AUC | Brier | AUC resamples with both classes | n rows | n persons |",
            "|---|---|---|---:|---:|---:|",
        ]
        for s in self.scores:
            lines.append(
                f"| {s.name}{(' (' + s.note + ')') if s.note else ''} | {s.auc.fmt()} "
                f"| {s.brier.fmt(4)} | {s.auc.n_valid}/{self.n_boot} | {self.n_rows} "
                f"| {len(with_rows)} |"
            )
        if self.differences:
            lines += [
                "",
                "| Δ AUC, model − baseline | estimate [95 % CI] | share of resamples ≤ 0 |",
                "|---|---|---:|",
            ]
            lines += [
                f"| {d.baseline} | {d.estimate.fmt()} | {_fmt(d.share_not_better, 2)} |"
                for d in self.differences
            ]
        for s in self.scores:
            lines += [
                "",
                f"Reliability, {s.name} (10 equal-count bins of predicted risk; ties share a bin):",
                "",
                "| bin | n | mean predicted | observed rate | positives |",
                "|---:|---:|---:|---:|---:|",
            ]
            lines += [
                f"| {b.bin} | {b.n} | {b.mean_predicted:.4f} | {b.observed_rate:.4f} "
                f"| {b.n_positive} |"
                for b in s.reliability
            ]
        lines += ["", "| person | rows | positive rows | onsets |", "|---|---:|---:|---:|"]
        lines += [f"| {p} | {v[0]} | {v[1]} | {v[2]} |" for p, v in self.rows_by_person.items()]
        return "\n".join(lines)


def reliability_table(y: FloatArray, p: FloatArray, n_bins: int = 10) -> tuple[ReliabilityBin, ...]:
    """Equal-count bins by rank of ``p`` (tied predictions share their average rank's bin)."""
    if len(p) == 0:
        return ()
    ranks = stats.rankdata(p, method="average")
    bins = np.minimum(((ranks - 1) / len(p) * n_bins).astype(int), n_bins - 1)
    out = []
    for b in range(n_bins):
        m = bins == b
        if m.any():
            out.append(
                ReliabilityBin(
                    bin=b + 1,
                    n=int(m.sum()),
                    mean_predicted=float(p[m].mean()),
                    observed_rate=float(y[m].mean()),
                    n_positive=int(y[m].sum()),
                )
            )
    return tuple(out)


def _loo_dev_probabilities(
    frame: pd.DataFrame, rows: pd.DataFrame, column: str | None
) -> FloatArray:
    """Probabilities for ``rows``: a model fitted on DEV persons other than the row's person.

    ``column`` None gives the (smoothed) DEV base rate; otherwise a logistic regression of
    the target on the standardised baseline score.
    """
    train_all = frame.loc[(frame["status"] == "included") & frame["person"].isin(DEV_PERSONS)]
    out = np.empty(len(rows))
    for person in rows["person"].unique():
        m = (rows["person"] == person).to_numpy()
        train = train_all.loc[train_all["person"] != person]
        y = train["target"].to_numpy(dtype=float)
        rate = (y.sum() + 0.5) / (len(y) + 1.0)
        if column is None or len(np.unique(y)) < 2:
            out[m] = rate
            continue
        x = train[column].to_numpy(dtype=float)
        mu, sd = float(x.mean()), float(x.std()) or 1.0
        model = LogisticRegression(C=1.0)
        model.fit(((x - mu) / sd).reshape(-1, 1), y.astype(int))
        xs = rows.loc[m, column].to_numpy(dtype=float)
        out[m] = model.predict_proba(((xs - mu) / sd).reshape(-1, 1))[:, 1]
    return out


def evaluate_risk(
    predictions: pd.DataFrame | None,
    persons: Iterable[str] = DEV_PERSONS,
    *,
    data: PMData | None = None,
    n_boot: int = N_BOOT_DEFAULT,
    seed: int = BOOTSTRAP_SEED,
) -> RiskResult:
    """Score ``predictions`` (columns person, date, risk in [0, 1]) on the risk protocol.

    ``predictions`` must cover every protocol row of ``persons``; ``None`` scores the
    baselines alone.
    """
    data = data if data is not None else load_pmdata()
    chosen = _check_persons(persons)
    rows = risk_rows(chosen, data)
    if rows.empty:
        raise ValueError("no risk rows for these persons")
    y = rows["target"].to_numpy(dtype=float)
    names, groups = _groups(rows["person"])
    draws = person_bootstrap_draws(len(names), n_boot, seed)
    frame = data.risk_frame
    # name, score for AUC, probability for Brier, note
    candidates: list[tuple[str, FloatArray, FloatArray, str]] = []
    if predictions is not None:
        risk = _align(predictions, rows, "risk")
        if (risk < 0).any() or (risk > 1).any():
            raise ValueError("risk must be a probability in [0, 1]")
        candidates.append((MODEL, risk, risk, ""))
    for b in RISK_BASELINES:
        raw = rows[b.name].to_numpy(dtype=float)
        prob = _loo_dev_probabilities(frame, rows, b.name)
        candidates.append((b.name, raw, prob, "AUC on the raw score; Brier after DEV calibration"))
    base = _loo_dev_probabilities(frame, rows, None)
    candidates.append(("base_rate", base, base, "leave-one-out DEV rate"))

    scores: list[RiskScores] = []
    auc_boots: dict[str, FloatArray] = {}
    for name, score, prob, note in candidates:

        def auc_of(idx: IntArray, s: FloatArray = score) -> float:
            return auc(y[idx], s[idx])

        def brier_of(idx: IntArray, p: FloatArray = prob) -> float:
            return _brier(y[idx], p[idx])

        everything = np.arange(len(rows), dtype=np.intp)
        if name == "base_rate":  # constant within a person: its AUC only mirrors the LOO rates
            auc_boots[name] = np.full(len(draws), np.nan)
            auc_estimate = Estimate(float("nan"), float("nan"), float("nan"), 0)
        else:
            auc_boots[name] = person_bootstrap(auc_of, groups, draws)
            auc_estimate = percentile_ci(auc_of(everything), auc_boots[name])
        scores.append(
            RiskScores(
                name=name,
                auc=auc_estimate,
                brier=percentile_ci(
                    brier_of(everything), person_bootstrap(brier_of, groups, draws)
                ),
                reliability=reliability_table(y, prob),
                note=note,
            )
        )
    differences: list[PairedDifference] = []
    if predictions is not None:
        for s in scores[1:]:
            if s.name == "base_rate":
                continue
            differences.append(
                _paired(
                    s.name,
                    "AUC",
                    scores[0].auc.value - s.auc.value,
                    auc_boots[MODEL],
                    auc_boots[s.name],
                )
            )
    onsets = data.onsets
    onsets = onsets.loc[onsets["onset"]]
    onset_keys = set(zip(onsets["person"], onsets["date"], strict=True))
    counted: dict[str, tuple[int, int, int]] = {}
    for p in chosen:
        sub = rows.loc[rows["person"] == p]
        # onsets that give at least one positive row
        dates = set(sub["date"])
        n_on = sum(
            1
            for person, day in onset_keys
            if person == p
            and any(day - pd.Timedelta(days=k) in dates for k in range(1, RISK_HORIZON_DAYS + 1))
        )
        counted[p] = (len(sub), int(sub["target"].sum()), n_on)
    return RiskResult(
        persons=chosen,
        n_rows=len(rows),
        n_positive_rows=int(y.sum()),
        n_onsets=sum(v[2] for v in counted.values()),
        rows_by_person=counted,
        scores=tuple(scores),
        differences=tuple(differences),
        n_boot=n_boot,
        seed=seed,
    )
