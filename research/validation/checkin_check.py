"""The check-in comparison of ``fitcoach ml validate``: how an athlete feels the next morning,
from what is known the day before, on PMData.

**Target**: the readiness an athlete reports on morning D (0-10, PMData's "how ready do you
feel"), on the blind protocol's rows (``blind_pmdata.readiness_rows``: a readiness on D and on
D-1, a Fitbit night ending on D, every item of D) that also have every item of D-1 and a Fitbit
night ending on D-1, so that every predictor below is defined on exactly the same rows.

**Predictors**, each known by the evening of D-1 (higher = feels better; none is fitted):

- ``yesterday_answer``: the athlete's own readiness answer of D-1;
- ``fatigue_mood_soreness``: fatigue + mood + soreness of D-1, a plain sum (PMData's 1-5,
  higher is better for each): the three items the product's readiness reads;
- ``all_items``: the same plus stress and sleep quality;
- ``readiness``: the product's readiness of morning D-1 (``analysis.readiness``, the items of
  D-1 included, as ``readiness_pmdata`` maps PMData: track ``with_items``);
- ``readiness_objective``: the same from sleep, resting HR and load alone (track ``objective``);
- ``sleep``: Fitbit minutes asleep in the night ending on D-1.

A morning the product leaves unscored counts as the neutral 50, as in the readiness check, and
the coverage is reported. **Metrics**: within-person Spearman ρ (the person-demeaned predictor
against the person-demeaned target, pooled) and the mean of per-person ρ (persons with at least
``blind_pmdata.MIN_ROWS_PER_PERSON`` rows), with 95 % person-bootstrap CIs; Δ is the product's
readiness minus each predictor on within-person ρ, paired over the same resamples. Person sets:
DEV, HELD_OUT and all sixteen (nothing here is fitted, so the held-out persons are only another
sample).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from fitcoach.analysis import readiness as readiness_analysis
from research.validation import blind_pmdata as bp
from research.validation import readiness_pmdata as rp
from research.validation.base import CheckContext, CheckResult, jsonable, require_pmdata

FloatArray = npt.NDArray[np.float64]
NAME: Final = "checkin"
TITLE: Final = "Next-morning wellness: the check-in against readiness (PMData)"
CARD: Final = "readiness.md"
ITEMS: Final = ("fatigue", "mood", "soreness")
ALL_ITEMS: Final = ("fatigue", "mood", "soreness", "stress", "sleep_quality")


@dataclass(frozen=True)
class Predictor:
    name: str
    description: str
    self_report: bool


PREDICTORS: Final[tuple[Predictor, ...]] = (
    Predictor("yesterday_answer", "the athlete's own readiness answer (0-10)", True),
    Predictor("fatigue_mood_soreness", "fatigue + mood + soreness (1-5 each)", True),
    Predictor("all_items", "the five items' sum (+ stress, sleep quality)", True),
    Predictor("readiness", "fitcoach's readiness, the check-in's items included", True),
    Predictor("readiness_objective", "fitcoach's readiness from sleep, resting HR, load", False),
    Predictor("sleep", "Fitbit minutes asleep, the night before", False),
)
PRODUCT: Final = "readiness"
STATUS_WORDS: Final = {"no_data": "no data", "no_checkin": "no check-in"}


def _day_before(days: pd.DataFrame) -> pd.DataFrame:
    """Each athlete day's values of the day before (the table is continuous per person)."""
    ordered = days.sort_values(["person", "date"])
    columns = ["readiness", *ALL_ITEMS, "sleep_min"]
    before = ordered.groupby("person")[columns].shift(1)
    before.insert(0, "person", ordered["person"])
    before.insert(1, "date", ordered["date"])
    return before


def _product(
    data: bp.PMData, person: str, track: bp.Track
) -> dict[pd.Timestamp, tuple[float, str]]:
    """The product's readiness of every morning of ``person`` (score or None, status)."""
    frame, load = rp.product_inputs(data.days, person, track)
    first, last = frame.index[0].date(), frame.index[-1].date()
    return {
        pd.Timestamp(r.day): (np.nan if r.score is None else float(r.score), r.status)
        for r in readiness_analysis.readiness_days(frame, first, last, load=load)
    }


def checkin_rows(persons: Sequence[str], data: bp.PMData) -> pd.DataFrame:
    """The rows (person, date, target) and every predictor, from the day before."""
    rows = bp.readiness_rows(persons, data)[["person", "date", "target"]]
    before = _day_before(data.days)
    rows = rows.merge(before, on=["person", "date"], how="left")
    rows = rows.dropna(subset=["readiness", *ALL_ITEMS, "sleep_min"]).reset_index(drop=True)
    out = rows[["person", "date", "target"]].copy()
    out["yesterday_answer"] = rows["readiness"].astype(float)
    out["fatigue_mood_soreness"] = rows[list(ITEMS)].sum(axis=1).astype(float)
    out["all_items"] = rows[list(ALL_ITEMS)].sum(axis=1).astype(float)
    out["sleep"] = rows["sleep_min"].astype(float)
    previous = out["date"] - pd.Timedelta(days=1)
    tracks: tuple[tuple[str, bp.Track], ...] = (
        ("readiness", "with_items"),
        ("readiness_objective", "objective"),
    )
    for column, track in tracks:
        scores: list[float] = []
        statuses: list[str] = []
        for person in sorted(out["person"].unique()):
            scored = _product(data, str(person), track)
            mask = (out["person"] == person).to_numpy()
            for day in previous[mask]:
                score, status = scored.get(pd.Timestamp(day), (np.nan, "no_data"))
                scores.append(score)
                statuses.append(status)
        order = np.argsort(out["person"].to_numpy(), kind="stable")
        raw = np.empty(len(out))
        raw[order] = scores
        status_array = np.empty(len(out), dtype=object)
        status_array[order] = statuses
        out[f"{column}_raw"] = raw
        out[f"{column}_status"] = status_array
        out[column] = np.where(np.isnan(raw), rp.NEUTRAL_SCORE, raw)
    return out


# --- statistics ---------------------------------------------------------------------------------


def _spearman(x: FloatArray, y: FloatArray) -> float:
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(stats.rankdata(x), stats.rankdata(y))[0, 1])


def _demeaned(values: FloatArray, groups: Sequence[npt.NDArray[np.intp]]) -> FloatArray:
    out = values.astype(float).copy()
    for g in groups:
        out[g] -= values[g].mean()
    return out


@dataclass(frozen=True)
class Row:
    predictor: Predictor
    within: bp.Estimate
    mean_person: bp.Estimate
    delta: bp.Estimate | None  # the product's readiness minus this predictor, within-person ρ


@dataclass(frozen=True)
class SetResult:
    label: str
    persons: tuple[str, ...]
    n_rows: int
    n_persons: int
    rows: tuple[Row, ...]
    coverage: dict[str, dict[str, int]]  # track -> the product's status -> rows


def evaluate(
    label: str, rows: pd.DataFrame, *, n_boot: int, seed: int = bp.BOOTSTRAP_SEED
) -> SetResult:
    """Within-person and mean per-person ρ of every predictor, and the paired Δ."""
    names = sorted(rows["person"].unique())
    person = rows["person"].to_numpy()
    groups = [np.flatnonzero(person == p).astype(np.intp) for p in names]
    draws = bp.person_bootstrap_draws(len(names), n_boot, seed)
    target = rows["target"].to_numpy(dtype=float)
    d_target = _demeaned(target, groups)
    everything = np.arange(len(rows), dtype=np.intp)
    boots: dict[str, FloatArray] = {}
    points: dict[str, float] = {}
    found: list[tuple[Predictor, bp.Estimate, bp.Estimate]] = []
    for predictor in PREDICTORS:
        score = rows[predictor.name].to_numpy(dtype=float)
        d_score = _demeaned(score, groups)

        def within(idx: npt.NDArray[np.intp], ds: FloatArray = d_score) -> float:
            return _spearman(ds[idx], d_target[idx])

        per_person = np.array(
            [
                _spearman(score[g], target[g]) if len(g) >= bp.MIN_ROWS_PER_PERSON else np.nan
                for g in groups
            ]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # resamples of undefined persons
            mean_boot = np.nanmean(per_person[draws], axis=1)
        valid = per_person[np.isfinite(per_person)]
        boots[predictor.name] = bp.person_bootstrap(within, groups, draws)
        points[predictor.name] = within(everything)
        found.append(
            (
                predictor,
                bp.percentile_ci(points[predictor.name], boots[predictor.name]),
                bp.percentile_ci(float(valid.mean()) if len(valid) else np.nan, mean_boot),
            )
        )
    out = []
    for predictor, within_rho, mean_rho in found:
        delta = None
        if predictor.name != PRODUCT:
            delta = bp.percentile_ci(
                points[PRODUCT] - points[predictor.name], boots[PRODUCT] - boots[predictor.name]
            )
        out.append(Row(predictor, within_rho, mean_rho, delta))
    coverage = {
        track: {
            str(k): int(v) for k, v in rows[f"{column}_status"].value_counts().sort_index().items()
        }
        for track, column in (("with_items", "readiness"), ("objective", "readiness_objective"))
    }
    return SetResult(label, tuple(names), len(rows), len(names), tuple(out), coverage)


# --- the check -------------------------------------------------------------------------------------


def _markdown(results: Sequence[SetResult], n_boot: int) -> str:
    lines = [
        "Target: the readiness (0-10) an athlete reports on morning D. Every predictor is "
        "known by the evening of D-1 and none is fitted; higher = feels better. Within-person "
        "Spearman ρ (person-demeaned predictor against person-demeaned target, pooled) and the "
        f"mean of per-person ρ, with 95 % CIs from {n_boot} person-bootstrap resamples; Δ is "
        "fitcoach's readiness (items included) minus the predictor, within-person ρ, paired "
        "(below 0: the predictor does better). A morning the product leaves unscored counts as "
        f"{rp.NEUTRAL_SCORE:g} (the coverage below gives the product's status on those mornings: "
        "calibrating, no data, or no check-in); a predictor that is the same on every row has "
        "no ρ (n/a).",
        "",
        "| persons | predictor, known the day before | self-report | within-person ρ "
        "| mean per-person ρ | Δ readiness − predictor |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        for row in result.rows:
            name = row.predictor.name
            shown = f"**{name}**" if name == PRODUCT else name
            lines.append(
                f"| {result.label} | {shown}: {row.predictor.description} "
                f"| {'yes' if row.predictor.self_report else 'no'} | {row.within.fmt()} "
                f"| {row.mean_person.fmt()} | {'' if row.delta is None else row.delta.fmt()} |"
            )
    lines += [
        "",
        "Rows and the product's coverage (its status on the morning before each row):",
        "",
        "| persons | rows | persons with rows | readiness with the items: rows by status "
        "| readiness from sleep, resting HR, load: rows by status |",
        "|---|---:|---:|---|---|",
    ]
    for result in results:
        cov = [
            ", ".join(f"{STATUS_WORDS.get(s, s)} {n}" for s, n in result.coverage[t].items())
            for t in ("with_items", "objective")
        ]
        lines.append(
            f"| {result.label} | {result.n_rows} | {result.n_persons} | {cov[0]} | {cov[1]} |"
        )
    return "\n".join(lines)


def _figures(results: Sequence[SetResult]) -> dict[str, Any]:
    def est(e: bp.Estimate | None) -> dict[str, float] | None:
        return None if e is None else {"value": e.value, "low": e.low, "high": e.high}

    return {
        r.label: {
            "persons": list(r.persons),
            "rows": r.n_rows,
            "coverage": r.coverage,
            "predictors": {
                row.predictor.name: {
                    "self_report": row.predictor.self_report,
                    "within_rho": est(row.within),
                    "mean_person_rho": est(row.mean_person),
                    "readiness_minus_this": est(row.delta),
                }
                for row in r.rows
            },
        }
        for r in results
    }


def run(ctx: CheckContext) -> CheckResult:
    """The comparison on DEV, HELD_OUT and all persons (a slice's persons in a test)."""
    root = ctx.pmdata_dir or bp.default_pmdata_dir()
    require_pmdata(root)
    ctx.progress("check-in: loading PMData", 0, 1)
    data = bp.load_pmdata(root)
    dev = tuple(ctx.dev_persons or bp.DEV_PERSONS)
    held = tuple(bp.HELD_OUT_PERSONS if ctx.held_out_persons is None else ctx.held_out_persons)
    sets = [("DEV", dev)] + (
        [("HELD_OUT", held), ("ALL", tuple(sorted(dev + held)))] if held else []
    )
    everyone = checkin_rows(tuple(sorted(set(dev + held))), data)
    results = []
    for done, (label, persons) in enumerate(sets):
        ctx.progress(f"check-in: {label}", done, len(sets))
        chosen = everyone.loc[everyone["person"].isin(persons)].reset_index(drop=True)
        results.append(evaluate(label, chosen, n_boot=ctx.n_boot))
    ctx.progress("check-in: done", len(sets), len(sets))
    return CheckResult(
        name=NAME,
        title=TITLE,
        card=CARD,
        markdown=_markdown(results, ctx.n_boot),
        figures=jsonable(_figures(results)),
    )
