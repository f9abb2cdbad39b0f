"""The product's readiness (``fitcoach.analysis.readiness``) scored on PMData's blind protocol.

``blind_pmdata`` fixes the data, the rows, the targets and the baselines; this module only
turns PMData's morning view into the inputs the product reads, runs ``readiness_days`` once
per person, and hands the scores to ``blind_pmdata.evaluate_readiness``.

Mapping, PMData → product (each checked against both scales' documented directions)
----------------------------------------------------------------------------------

=====================  =======================================================================
product input          from PMData
=====================  =======================================================================
``sleep_h``            Fitbit ``minutesAsleep`` / 60 of the main sleep ending on D (both
                       tracks; the wellness ``sleep_duration_h`` is never used, so the two
                       tracks differ only by the items below)
``resting_hr_bpm``     Fitbit resting HR of D − 1: the product reads a *morning* resting HR,
                       while Fitbit computes D's own value from the whole of D, which is not
                       known on D's morning (``blind_pmdata.NOT_KNOWN_ON_THE_MORNING``); the
                       latest value known that morning is the day before's
``hrv_rmssd_ms``       none (PMData has no HRV)
``energy``             ``fatigue`` as it is: both 1–5 higher-is-better (PMData 5 = very
                       fresh, the product's 5 = plenty of energy)
``mood``               ``mood`` as it is: both 1–5 higher-is-better
``soreness``           6 − ``soreness``: PMData 5 = *not* sore, the product's 5 = very sore
(not read)             ``sleep_quality`` and ``stress``: the product stores both (1–5) but its
                       readiness reads neither; on the development persons, weighting them
                       beside the three ratings above did not raise the leave-one-person-out ρ
``readiness``          never an input (it is the target)
load (ACWR, form)      PMData's daily sRPE load (exertion × minutes, the product's unit), as
                       the monitoring service passes it: EWMA ACWR as of D − 1 and form =
                       TSB / CTL × 100 from the series that starts at the person's first logged
                       session and ends on D − 1; none before 28 days of it, none after the
                       person's last logged session (the load is unknown there)
=====================  =======================================================================

The ratings (energy, mood, soreness) are given only in the ``with_items`` track, on D and every
earlier day; the ``objective`` track has sleep, resting HR and load alone. The load's series
starts at the person's first logged session (the service's starts at the first session of the
126 days before D − 1: on PMData's logs of up to five months that moves only the start of the
averages, on the last weeks).

Unscored rows
-------------
The protocol needs a score on every row. Rows the product leaves unscored (``calibrating`` or
``no_data``) get ``NEUTRAL_SCORE`` (50, the middle of the 0–100 scale: "no opinion"); their
number is reported beside the figures (coverage), and ``scored_only`` gives Spearman ρ over
the scored rows alone, so that both the product as shipped (it says nothing on those days) and
what it says when it speaks are visible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

import numpy as np
import pandas as pd
from scipy import stats

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from research.validation import blind_pmdata as bp

NEUTRAL_SCORE: Final = 50.0

#: product item ← (PMData item, flip): flip means 6 − value (opposite direction on 1–5).
ITEM_MAP: Final[Mapping[str, tuple[str, bool]]] = {
    "energy": ("fatigue", False),
    "mood": ("mood", False),
    "soreness": ("soreness", True),
}

Scorer = Callable[..., list[readiness_analysis.Readiness]]
LoadStates = dict[date, tuple[float | None, float | None]]


def product_inputs(
    days: pd.DataFrame, person: str, track: bp.Track
) -> tuple[pd.DataFrame, LoadStates]:
    """One person's daily readings as the product reads them, and their load states.

    Row D holds only what is known on D's morning (see the module docstring), so one frame
    serves every morning: ``readiness_days`` reads no row after the morning it scores.
    """
    d = days.loc[days["person"] == person].sort_values("date").reset_index(drop=True)
    index = pd.DatetimeIndex(d["date"])
    frame = pd.DataFrame(index=index)
    frame["sleep_h"] = (d["sleep_min"] / 60.0).to_numpy()
    frame["resting_hr_bpm"] = d["rhr"].shift(1).to_numpy()  # consecutive days: D − 1
    frame["hrv_rmssd_ms"] = np.nan
    if track == "with_items":
        for product, (source, flip) in ITEM_MAP.items():
            values = d[source].to_numpy(dtype=float)
            frame[product] = 6.0 - values if flip else values
    elif track != "objective":
        raise ValueError(f"unknown track {track!r}")
    return frame, load_states(d)


def load_states(person_days: pd.DataFrame) -> LoadStates:
    """(EWMA ACWR as of D − 1, form % for D) for each day, as ``services.monitoring`` gives
    them: from the series of daily loads starting at the first logged session, once 28 days
    of it exist, and only while D − 1 lies inside the logging period."""
    known = person_days.dropna(subset=["load"])
    out: LoadStates = {}
    if known.empty:
        return out
    series = known["load"].to_numpy(dtype=float)  # consecutive days (the table is continuous)
    acwr = load_analysis.acwr_ewma_values(series)
    atl = load_analysis.ewma_load_values(series, load_analysis.ATL_DAYS)
    ctl = load_analysis.ewma_load_values(series, load_analysis.CTL_DAYS)
    for i, day in enumerate(known["date"]):
        morning = (pd.Timestamp(day) + pd.Timedelta(days=1)).date()
        if not np.isfinite(acwr[i]):
            continue
        form = (ctl[i] - atl[i]) / ctl[i] * 100.0 if ctl[i] > 0 else None
        out[morning] = (float(acwr[i]), None if form is None else float(form))
    return out


@dataclass(frozen=True)
class Scored:
    """The product's readiness on every protocol row of some persons, in one track."""

    track: bp.Track
    rows: pd.DataFrame  # person, date, target, score (neutral filled), raw, status, inputs

    @property
    def predictions(self) -> pd.DataFrame:
        """The columns ``evaluate_readiness`` reads."""
        return self.rows[["person", "date", "score"]]

    def coverage(self) -> dict[str, int]:
        """Rows by the product's status (``ok``, ``no_checkin``; ``calibrating`` and
        ``no_data`` are the earlier rule's, kept at 0 for the tables that name them)."""
        counts = self.rows["status"].value_counts()
        return {s: int(counts.get(s, 0)) for s in ("ok", "no_checkin", "calibrating", "no_data")}


def score_protocol_rows(
    persons: Iterable[str],
    track: bp.Track,
    *,
    data: bp.PMData,
    scorer: Scorer | None = None,
    **options: Any,
) -> Scored:
    """Run ``scorer`` (default ``readiness_days``) once per person over their protocol rows."""
    score_days = scorer or readiness_analysis.readiness_days
    rows = bp.readiness_rows(persons, data)
    out: list[dict[str, Any]] = []
    for person, group in rows.groupby("person", sort=True):
        frame, load = product_inputs(data.days, str(person), track)
        first = pd.Timestamp(group["date"].min()).date()
        last = pd.Timestamp(group["date"].max()).date()
        results = {r.day: r for r in score_days(frame, first, last, load=load, **options)}
        for day in group["date"]:
            r = results[pd.Timestamp(day).date()]
            out.append(
                {
                    "person": person,
                    "date": pd.Timestamp(day),
                    "score": NEUTRAL_SCORE if r.score is None else float(r.score),
                    "raw": np.nan if r.score is None else float(r.score),
                    "status": r.status,
                    "inputs": ",".join(c.name for c in r.components if c.weight > 0),
                }
            )
    scored = pd.DataFrame(out).merge(
        rows[["person", "date", "target"]], on=["person", "date"], how="left"
    )
    return Scored(track, scored)


@dataclass(frozen=True)
class ScoredOnlyRow:
    """One predictor's ρ over the rows the product scored."""

    name: str
    mean_person_rho: bp.Estimate
    within_rho: bp.Estimate
    within_minus_baseline: bp.Estimate | None  # the product's within ρ minus this one's


@dataclass(frozen=True)
class ScoredOnly:
    """Spearman ρ over the rows the product scored (status ``ok``), the product's own score
    beside the protocol's baselines on exactly those rows, with person-bootstrap CIs."""

    track: bp.Track
    n_rows: int
    n_persons: int
    rows: tuple[ScoredOnlyRow, ...]
    n_boot: int

    def to_markdown(self) -> str:
        """The table for the model card."""
        lines = [
            f"Rows the product scored (status ok), track `{self.track}`: {self.n_rows} rows "
            f"from {self.n_persons} persons; 95 % CIs from {self.n_boot} person-bootstrap "
            "resamples; Δ is the product's within-person ρ minus the baseline's, paired.",
            "",
            "| predictor | mean per-person ρ | within-person ρ | Δ within-person ρ |",
            "|---|---|---|---|",
        ]
        for r in self.rows:
            delta = "" if r.within_minus_baseline is None else r.within_minus_baseline.fmt()
            lines.append(
                f"| {r.name} | {r.mean_person_rho.fmt()} | {r.within_rho.fmt()} | {delta} |"
            )
        return "\n".join(lines)


def scored_only(
    scored: Scored, data: bp.PMData, *, n_boot: int, seed: int = bp.BOOTSTRAP_SEED
) -> ScoredOnly:
    """ρ of the product's own scores and of each baseline on the rows the product scored."""
    ok = scored.rows.loc[scored.rows["status"] == "ok", ["person", "date", "raw", "target"]]
    persons = sorted(set(scored.rows["person"]))
    baselines = bp.readiness_rows(persons, data)
    rows = ok.merge(baselines.drop(columns="target"), on=["person", "date"], how="left")
    rows = rows.reset_index(drop=True)
    if rows.empty:
        return ScoredOnly(scored.track, 0, 0, (), n_boot)
    names = sorted(rows["person"].unique())
    person = rows["person"].to_numpy()
    groups = [np.flatnonzero(person == p).astype(np.intp) for p in names]
    draws = bp.person_bootstrap_draws(len(names), n_boot, seed)
    target = rows["target"].to_numpy(dtype=float)
    d_target = _demeaned(target, groups)
    everything = np.arange(len(rows), dtype=np.intp)
    columns = [(bp.MODEL, "raw")] + [(b.name, b.name) for b in bp.READINESS_BASELINES]
    out: list[ScoredOnlyRow] = []
    model_within: np.ndarray[Any, Any] | None = None
    for name, column in columns:
        score = rows[column].to_numpy(dtype=float)
        d_score = _demeaned(score, groups)
        per_person = np.array(
            [
                _spearman(score[g], target[g]) if len(g) >= bp.MIN_ROWS_PER_PERSON else np.nan
                for g in groups
            ]
        )
        mean_boot = np.array([_nanmean(per_person[d]) for d in draws])

        def within(idx: np.ndarray[Any, Any], ds: np.ndarray[Any, Any] = d_score) -> float:
            return _spearman(ds[idx], d_target[idx])

        within_boot = bp.person_bootstrap(within, groups, draws)
        delta = None
        if model_within is None:
            model_within = within_boot
        else:
            point = out[0].within_rho.value - within(everything)
            delta = bp.percentile_ci(point, model_within - within_boot)
        out.append(
            ScoredOnlyRow(
                name,
                bp.percentile_ci(_nanmean(per_person), mean_boot),
                bp.percentile_ci(within(everything), within_boot),
                delta,
            )
        )
    return ScoredOnly(scored.track, len(rows), len(names), tuple(out), n_boot)


def _demeaned(values: np.ndarray[Any, Any], groups: Sequence[np.ndarray[Any, Any]]) -> Any:
    out = values.astype(float).copy()
    for g in groups:
        out[g] -= values[g].mean()
    return out


def _nanmean(values: np.ndarray[Any, Any]) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else float("nan")


def _spearman(x: np.ndarray[Any, Any], y: np.ndarray[Any, Any]) -> float:
    """blind_pmdata's Spearman ρ (NaN under 3 values or without variation)."""
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(stats.rankdata(x), stats.rankdata(y))[0, 1])
