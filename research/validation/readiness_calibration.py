"""How the readiness weights (``fitcoach.analysis.readiness.WEIGHTS``) were calibrated on PMData.

Only ``blind_pmdata.DEV_PERSONS`` are read; ``HELD_OUT_PERSONS`` never are. The product is
run once per track (``readiness_pmdata``) to get each component's 0–100 score on every DEV
protocol row; a weight set is then scored exactly as the product combines components (a
weighted mean over the components present, ``_combine``), on the rows the product scores
(status ``ok``), by within-person Spearman ρ (``blind_pmdata``'s definition: the person-demeaned
score against the person-demeaned target, pooled).

The fit, in two steps, each a coordinate ascent over weights on a 0.05 grid (deterministic:
fixed order, fixed start, strict improvement only):

1. **objective** track: the relative weights of resting HR, sleep and load (the inputs every
   athlete with a watch has);
2. **with_items** track: the weights of soreness, energy and mood, and one factor on step 1's
   weights (their ratios kept), so that the objective inputs keep the balance step 1 found
   when no rating is given.

HRV is absent from PMData, so its weight cannot be fitted here: it keeps its share of 0.30
(Plews et al. 2013; the share it had before this calibration) and the fitted weights share the
other 0.70, rounded to 0.05. ``leave_one_person_out`` repeats the whole fit with each DEV person
left out and scores that person with the weights fitted without them: the honest DEV figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from fitcoach.analysis import readiness as readiness_analysis
from research.validation import blind_pmdata as bp
from research.validation import readiness_pmdata as rp

FloatArray = npt.NDArray[np.float64]

OBJECTIVE: Final[tuple[str, ...]] = ("resting_hr", "sleep", "load")
ITEMS: Final[tuple[str, ...]] = ("soreness", "energy", "mood")
HRV_SHARE: Final = 0.30
GRID: Final = tuple(round(0.05 * k, 2) for k in range(21))
STEP: Final = 0.05
#: Every input with weight 1: components' scores do not depend on the weights, so one run
#: with all of them used gives each component's score on every row.
_ALL: Final[Mapping[str, float]] = dict.fromkeys(readiness_analysis.WEIGHTS, 1.0)


def component_table(
    persons: Iterable[str],
    track: bp.Track,
    data: bp.PMData,
    *,
    sleep_need_h: float | None = readiness_analysis.SLEEP_NEED_H,
) -> pd.DataFrame:
    """Person, date, target, status and one column per component (its 0–100 score, NaN
    where the product left it out) for every protocol row of ``persons``."""
    rows = bp.readiness_rows(persons, data)
    out: list[dict[str, object]] = []
    for person, group in rows.groupby("person", sort=True):
        frame, load = rp.product_inputs(data.days, str(person), track)
        first = pd.Timestamp(group["date"].min()).date()
        last = pd.Timestamp(group["date"].max()).date()
        results = readiness_analysis.readiness_days(
            frame, first, last, load=load, weights=_ALL, sleep_need_h=sleep_need_h
        )
        by_day = {r.day: r for r in results}
        for day, target in zip(group["date"], group["target"], strict=True):
            r = by_day[pd.Timestamp(day).date()]
            row: dict[str, object] = {
                "person": person,
                "date": pd.Timestamp(day),
                "target": float(target),
                "status": r.status,
            }
            for c in r.components:
                row[c.name] = np.nan if c.score is None else float(c.score)
            out.append(row)
    table = pd.DataFrame(out)
    for name in readiness_analysis.WEIGHTS:
        if name not in table:
            table[name] = np.nan
    return table


def _combine(table: pd.DataFrame, weights: Mapping[str, float]) -> FloatArray:
    """The product's score from the component columns: the weighted mean over the components
    present with a positive weight; NaN where the product gives no score (calibrating, or no
    weighted reading of the day: load alone is no score)."""
    num = np.zeros(len(table))
    den = np.zeros(len(table))
    morning = np.zeros(len(table), dtype=bool)
    for name, w in weights.items():
        if w <= 0:
            continue
        x = table[name].to_numpy(dtype=float)
        ok = ~np.isnan(x)
        num[ok] += w * x[ok]
        den[ok] += w
        if name != "load":
            morning |= ok
    out = np.full(len(table), np.nan)
    good = morning & (den > 0) & (table["status"].to_numpy() != "calibrating")
    out[good] = np.clip(num[good] / den[good], 0.0, 100.0)
    return out


def within_rho(table: pd.DataFrame, score: FloatArray) -> float:
    """Within-person Spearman ρ over the rows with a score (blind_pmdata's definition)."""
    ok = ~np.isnan(score)
    if ok.sum() < 3:
        return float("nan")
    _, person = np.unique(table["person"].to_numpy()[ok], return_inverse=True)
    count = np.bincount(person)
    s = score[ok]
    t = table["target"].to_numpy(dtype=float)[ok]
    ds = s - (np.bincount(person, s) / count)[person]
    dt = t - (np.bincount(person, t) / count)[person]
    if np.ptp(ds) == 0 or np.ptp(dt) == 0:
        return float("nan")
    return float(np.corrcoef(stats.rankdata(ds), stats.rankdata(dt))[0, 1])


def _ascend(
    table: pd.DataFrame, names: Sequence[str], fixed: Mapping[str, float], start: float
) -> dict[str, float]:
    """Coordinate ascent of within-person ρ over ``names`` on ``GRID``, ``fixed`` kept."""
    weights = {**fixed, **dict.fromkeys(names, start)}

    def value(w: Mapping[str, float]) -> float:
        rho = within_rho(table, _combine(table, w))
        return -np.inf if np.isnan(rho) else rho

    best = value(weights)
    for _ in range(6):
        changed = False
        for name in names:
            for g in GRID:
                trial = {**weights, name: g}
                if sum(trial[n] for n in names) <= 0:
                    continue
                v = value(trial)
                if v > best + 1e-12:
                    best, weights, changed = v, trial, True
        if not changed:
            break
    return weights


def fit_weights(objective: pd.DataFrame, with_items: pd.DataFrame) -> dict[str, float]:
    """The two-step fit on these rows; the weights of every input, rounded, summing to 1."""
    step1 = _ascend(objective, OBJECTIVE, {}, 1.0)
    total = sum(step1[n] for n in OBJECTIVE)
    ratios = {n: step1[n] / total for n in OBJECTIVE}
    # Step 2: the items and one factor on the objective ratios, on the same grid.
    best: tuple[float, dict[str, float]] = (-np.inf, {})
    for factor in GRID[1:]:  # above 0: without ratings the objective inputs still score
        fixed = {n: factor * ratios[n] for n in OBJECTIVE}
        items = _ascend(with_items, ITEMS, fixed, 0.5)
        v = within_rho(with_items, _combine(with_items, items))
        if not np.isnan(v) and v > best[0] + 1e-12:
            best = (v, items)
    return _rounded(best[1])


def _rounded(weights: Mapping[str, float]) -> dict[str, float]:
    """HRV at ``HRV_SHARE``; the others scaled to share the rest and rounded to ``STEP``, none
    below ``STEP`` (every input an athlete logs is read and named in the reasons), the
    largest adjusted so that the weights sum to 1."""
    rest = sum(weights.values())
    out = {"hrv": HRV_SHARE}
    for name in (*OBJECTIVE, *ITEMS):
        share = weights.get(name, 0.0) / rest * (1.0 - HRV_SHARE)
        out[name] = max(STEP, round(share / STEP) * STEP)
    largest = max((*OBJECTIVE, *ITEMS), key=lambda n: (out[n], n))
    out[largest] += 1.0 - sum(out.values())
    return {name: round(out[name], 2) for name in readiness_analysis.WEIGHTS}


@dataclass(frozen=True)
class Calibration:
    """The weights fitted on all of ``persons`` and the leave-one-person-out figures."""

    persons: tuple[str, ...]
    weights: dict[str, float]
    fold_weights: dict[str, dict[str, float]]  # person left out → weights fitted without them
    lopo_within_rho: dict[str, float]  # track → within-person ρ of the LOPO scores
    lopo_scores: dict[str, pd.DataFrame]  # track → person, date, score (NaN: not scored)

    def to_markdown(self) -> str:
        """The weights, each fold's weights and the LOPO figures as markdown."""
        names = list(readiness_analysis.WEIGHTS)
        lines = [
            f"Fitted on {', '.join(self.persons)} (two-step coordinate ascent of within-person "
            f"ρ, grid {STEP}; HRV fixed at {HRV_SHARE}).",
            "",
            "| fitted on | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names),
            "| all DEV | " + " | ".join(f"{self.weights[n]:.2f}" for n in names) + " |",
        ]
        for person, w in self.fold_weights.items():
            lines.append(
                f"| DEV without {person} | " + " | ".join(f"{w[n]:.2f}" for n in names) + " |"
            )
        lines += [
            "",
            "Leave-one-person-out within-person ρ (scored rows): "
            + ", ".join(f"{t} {v:.3f}" for t, v in self.lopo_within_rho.items()),
        ]
        return "\n".join(lines)


def calibrate(
    data: bp.PMData, persons: Sequence[str] = bp.DEV_PERSONS, *, lopo: bool = True
) -> Calibration:
    """Fit the weights on ``persons`` (never a held-out person) and, with ``lopo``, the
    leave-one-person-out figures."""
    leaked = sorted(set(persons) & set(bp.HELD_OUT_PERSONS))
    if leaked:
        raise ValueError(f"calibration must not read held-out persons: {leaked}")
    tables = {t: component_table(persons, t, data) for t in ("objective", "with_items")}
    weights = fit_weights(tables["objective"], tables["with_items"])
    folds: dict[str, dict[str, float]] = {}
    scores: dict[str, list[pd.DataFrame]] = {t: [] for t in tables}
    if lopo:
        for person in persons:
            train = {t: tab.loc[tab["person"] != person] for t, tab in tables.items()}
            folds[person] = fit_weights(train["objective"], train["with_items"])
            for t, tab in tables.items():
                test = tab.loc[tab["person"] == person]
                scores[t].append(
                    test[["person", "date"]].assign(score=_combine(test, folds[person]))
                )
    lopo_scores = {
        t: pd.concat(s, ignore_index=True) if s else pd.DataFrame() for t, s in scores.items()
    }
    figures = {}
    for t, frame in lopo_scores.items():
        if frame.empty:
            continue
        merged = tables[t].merge(frame, on=["person", "date"], how="left")
        figures[t] = within_rho(merged, merged["score"].to_numpy(dtype=float))
    return Calibration(tuple(persons), weights, folds, figures, lopo_scores)


def main() -> int:
    """Print the calibration (``python -m research.validation.readiness_calibration``)."""
    import sys

    sys.stdout.write(calibrate(bp.load_pmdata()).to_markdown() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
