"""Burnout risk: the synthetic athletes, training, and the honest evaluation.

**The generator** (:func:`generate`) simulates ``athletes`` people for ``days`` days, each in one
of five archetypes, deterministic by seed (athlete ``i`` draws from its own stream ``(seed, i)``,
so it has the same history whatever the number of athletes). Assumptions, all of them invented
for the simulation and none fitted to real athletes:

- **Archetypes** (shares): *balanced* (30 %: 4 sessions a week, moderate load, good sleep),
  *overworked* (20 %: 6 similar sessions a week, short sleep, high life stress), *recovering*
  (15 %: back from a break, load ramped from 40 % to full over the first 10 weeks), *high-risk*
  (15 %: erratic load with frequent spike weeks of 1.6–2.4 ×, short sleep), *athlete* (20 %:
  high load, periodised 3 weeks up and 1 easy, long sleep, more resilient). Each person's base
  load, sleep, HRV and resting HR vary around the archetype's.
- **Load** is session-RPE load (AU) per day, rest days 0. ACWR (EWMA), monotony, strain, ATL,
  CTL and form are computed by ``fitcoach.analysis.load``, the engine's own functions.
- **Overreaching** is a hidden strain state that decays with a time constant of 10 days (×
  resilience) and grows with ACWR above 1.2, monotony above 1.5, form below −20 %, a sleep
  deficit under 7 h and life stress. It is never given to the models.
- **Readings** follow the state with day-to-day (AR(1)) noise: ln rMSSD falls and resting HR
  rises with strain; sleep shortens with it; soreness follows fatigue (ATL/CTL) and strain; mood
  and energy (1–5) fall with strain and short sleep. Each person skips a share of readings
  (adherence 55–100 %).
- **Burnout** (the event) arrives with a daily hazard ``h0 · exp(k · state)`` from day 28; the
  first event ends the athlete's record (as in a survival study). The classifiers learn an event
  within the next ``HORIZON_DAYS`` days from each weekly snapshot; Cox learns the time to it.

**Training** (:func:`train`) splits by athlete (no athlete in both train and test), fits
gradient boosting, random forest and Cox on the training athletes' snapshots and reports, on the
held-out athletes: AUC, Brier and a reliability curve for the classifiers, the C-index for
Cox, beside the engine's own rules (ACWR; readiness turned into a risk as 100 − score) and the
base rate. It also scores the hand-written histories in ``fitcoach/data/burnout_histories.yaml``
(no generator made them) and reports how many of their expected orderings each model keeps.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.core.errors import InvalidInput
from fitcoach.core.yamlfiles import load_yaml
from fitcoach.ml import registry
from fitcoach.ml.burnout import explain
from fitcoach.ml.burnout import model as burnout_model
from fitcoach.ml.burnout.features import (
    FEATURES,
    FRAME_COLUMNS,
    HORIZON_DAYS,
    daily_features,
    schema,
)

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[str, int, int], None]
START = date(2025, 1, 6)  # a Monday; the synthetic calendar, not the clock
FIRST_HAZARD_DAY = 28
FIRST_SNAPSHOT_DAY = 42
HISTORIES = Path(__file__).resolve().parent.parent / "data" / "burnout_histories.yaml"


@dataclass(frozen=True)
class Archetype:
    share: float
    base_load: float  # AU on a training day
    sessions: int  # per week
    volatility: float  # lognormal SD of a session's load
    spike_week: float  # chance a week is a spike week
    sleep_h: float
    stress: float  # 0–1 life stress
    resilience: float
    ramp_days: int = 0  # recovering: load ramps from 40 % to full over these days
    periodised: bool = False


ARCHETYPES: dict[str, Archetype] = {
    "balanced": Archetype(0.30, 380, 4, 0.25, 0.03, 7.6, 0.2, 1.0),
    "overworked": Archetype(0.20, 450, 6, 0.12, 0.05, 6.4, 0.6, 0.9),
    "recovering": Archetype(0.15, 380, 4, 0.25, 0.05, 7.2, 0.35, 0.8, ramp_days=70),
    "high_risk": Archetype(0.15, 420, 5, 0.40, 0.25, 6.6, 0.5, 0.75),
    "athlete": Archetype(0.20, 600, 6, 0.30, 0.03, 8.0, 0.2, 1.3, periodised=True),
}


@dataclass(frozen=True)
class Hazard:
    """How strain turns into burnout (see the module's description)."""

    h0: float = 2.5e-4
    k: float = 0.9
    decay_days: float = 10.0
    acwr_from: float = 1.2
    acwr_weight: float = 0.5
    monotony_from: float = 1.5
    monotony_weight: float = 0.05
    form_from_pct: float = -20.0
    form_weight: float = 0.004
    sleep_need_h: float = 7.0
    sleep_weight: float = 0.08
    stress_weight: float = 0.05


@dataclass
class Athlete:
    """One synthetic athlete: archetype, daily frame (up to the event or the end), event day."""

    index: int
    archetype: str
    frame: pd.DataFrame
    event_day: int | None  # index into the frame; the frame ends on it
    state: npt.NDArray[np.float64]  # the hidden strain, for diagnostics only (never a feature)


def _weekly_loads(
    rng: np.random.Generator, arch: Archetype, base: float, days: int
) -> npt.NDArray[np.float64]:
    weeks = days // 7 + 1
    sessions = int(np.clip(arch.sessions + rng.integers(-1, 2), 2, 7))
    training_days = np.sort(rng.choice(7, size=sessions, replace=False))
    load = np.zeros(weeks * 7)
    for week in range(weeks):
        factor = 1.0
        if arch.periodised:
            factor = (0.9, 1.0, 1.1, 0.6)[week % 4]
        if rng.random() < arch.spike_week:
            factor *= rng.uniform(1.6, 2.4)
        for weekday in training_days:
            if rng.random() < 0.08:  # a missed session
                continue
            load[week * 7 + weekday] = round(base * factor * rng.lognormal(0.0, arch.volatility))
    load = load[:days]
    if arch.ramp_days:
        ramp = np.clip(0.4 + 0.6 * np.arange(days) / arch.ramp_days, 0.4, 1.0)
        load = np.round(load * ramp)
    return load


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> npt.NDArray[np.float64]:
    noise = rng.normal(0.0, sd * np.sqrt(1 - phi**2), n)
    out = np.empty(n)
    prev = rng.normal(0.0, sd)
    for i in range(n):
        prev = phi * prev + noise[i]
        out[i] = prev
    return out


def simulate_athlete(
    seed: int, index: int, days: int, hazard: Hazard = Hazard(), archetype: str | None = None
) -> Athlete:
    """One athlete, deterministic by ``(seed, index)``."""
    import pandas as pd

    rng = np.random.default_rng([seed, index])
    names = list(ARCHETYPES)
    shares = np.array([ARCHETYPES[n].share for n in names])
    name = archetype or names[int(rng.choice(len(names), p=shares / shares.sum()))]
    arch = ARCHETYPES[name]
    base = arch.base_load * rng.lognormal(0.0, 0.2)
    load = _weekly_loads(rng, arch, base, days)
    series = pd.Series(load, index=pd.date_range(START, periods=days, freq="D", name="day"))
    acwr = load_analysis.acwr_ewma(series).to_numpy()
    varied = load_analysis.monotony(series).to_numpy()
    # The athletes trained before the record began: fatigue and fitness start at their
    # usual daily load (for the hidden state only; the features start from the record).
    usual = float(load[:28].mean())
    ff = load_analysis.fitness_fatigue(series, initial_atl=usual, initial_ctl=usual)
    atl, ctl = ff["atl"].to_numpy(), ff["ctl"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        form = np.where(ctl > 1.0, (ctl - atl) / np.where(ctl > 1.0, ctl, 1.0) * 100.0, 0.0)
        fatigue = np.where(ctl > 1.0, atl / np.where(ctl > 1.0, ctl, 1.0), 1.0)

    stress = float(np.clip(arch.stress + rng.normal(0, 0.1), 0, 1))
    resilience = arch.resilience * rng.lognormal(0.0, 0.15)
    sleep_mean = arch.sleep_h + rng.normal(0, 0.4)
    ln_hrv_base = rng.normal(4.1, 0.3)
    rhr_base = rng.normal(56.0, 5.0)
    adherence = rng.uniform(0.55, 1.0)
    sleep_noise = _ar1(rng, days, 0.5, 0.6)
    hrv_noise = _ar1(rng, days, 0.5, 0.10)
    rhr_noise = _ar1(rng, days, 0.5, 1.8)
    mood_noise = _ar1(rng, days, 0.6, 0.55)
    energy_noise = _ar1(rng, days, 0.6, 0.55)
    sore_noise = rng.normal(0.0, 0.5, days)
    uniforms = rng.random(days)
    decay = float(np.exp(-1.0 / (hazard.decay_days * resilience)))

    state = 0.0
    sleep = np.empty(days)
    hrv = np.empty(days)
    rhr = np.empty(days)
    soreness = np.empty(days)
    mood = np.empty(days)
    energy = np.empty(days)
    event: int | None = None
    states = np.zeros(days)
    for t in range(days):
        # The morning's readings follow yesterday's strain and load.
        sleep[t] = np.clip(sleep_mean - 0.25 * state + sleep_noise[t], 3.0, 11.0)
        prev_fatigue = fatigue[t - 1] if t else 1.0
        hrv[t] = float(
            np.exp(ln_hrv_base - 0.10 * state - 0.05 * max(0.0, prev_fatigue - 1.0) + hrv_noise[t])
        )
        rhr[t] = rhr_base + 1.6 * state + rhr_noise[t]
        soreness[t] = 1.6 + 1.0 * max(0.0, prev_fatigue - 0.8) + 0.3 * state + sore_noise[t]
        mood[t] = 3.9 - 0.35 * state - 0.6 * stress + 0.2 * (sleep[t] - 7.0) + mood_noise[t]
        energy[t] = 3.8 - 0.40 * state + 0.25 * (sleep[t] - 7.0) + energy_noise[t]
        stimulus = (
            hazard.acwr_weight
            * max(0.0, (acwr[t] if np.isfinite(acwr[t]) else 1.0) - hazard.acwr_from)
            + hazard.monotony_weight
            * max(
                0.0, min(varied[t] if np.isfinite(varied[t]) else 0.0, 6.0) - hazard.monotony_from
            )
            + hazard.form_weight * max(0.0, hazard.form_from_pct - form[t])
            + hazard.sleep_weight * max(0.0, hazard.sleep_need_h - sleep[t])
            + hazard.stress_weight * stress
        ) / resilience
        state = state * decay + stimulus
        states[t] = state
        if t >= FIRST_HAZARD_DAY and uniforms[t] < hazard.h0 * np.exp(hazard.k * state):
            event = t
            break
    end = days if event is None else event + 1
    missing = rng.random((6, days)) > adherence
    frame = pd.DataFrame(
        {
            "load_au": load[:end],
            "sleep_h": np.where(missing[0], np.nan, np.round(sleep, 2))[:end],
            "hrv_rmssd_ms": np.where(missing[1], np.nan, np.round(hrv, 1))[:end],
            "resting_hr_bpm": np.where(missing[2], np.nan, np.round(np.clip(rhr, 30, 120)))[:end],
            "soreness": np.where(missing[3], np.nan, np.clip(np.round(soreness), 1, 5))[:end],
            "mood": np.where(missing[4], np.nan, np.clip(np.round(mood), 1, 5))[:end],
            "energy": np.where(missing[5], np.nan, np.clip(np.round(energy), 1, 5))[:end],
        },
        index=series.index[:end],
    )
    return Athlete(index, name, frame[list(FRAME_COLUMNS)], event, states[:end])


def generate(
    athletes: int, days: int, seed: int, *, progress: Progress | None = None
) -> list[Athlete]:
    """``athletes`` synthetic athletes over ``days`` days (see the module's description)."""
    if athletes < 2 or days < FIRST_SNAPSHOT_DAY + HORIZON_DAYS:
        raise InvalidInput(f"need at least 2 athletes and {FIRST_SNAPSHOT_DAY + HORIZON_DAYS} days")
    out = []
    for i in range(athletes):
        out.append(simulate_athlete(seed, i, days))
        if progress is not None:
            progress("generate", i + 1, athletes)
    return out


# --- snapshots -----------------------------------------------------------------------------


@dataclass
class Snapshots:
    """Weekly feature rows: which athlete and day, the features, the labels."""

    athlete: npt.NDArray[np.int_]
    day: npt.NDArray[np.int_]
    raw: npt.NDArray[np.float64]  # features before imputation (NaN where unknown)
    label: npt.NDArray[np.int_]  # an event within HORIZON_DAYS
    duration: npt.NDArray[np.float64]  # days to the event or to the end of the record
    event: npt.NDArray[np.int_]


def snapshots(
    cohort: list[Athlete], *, every: int = 7, progress: Progress | None = None
) -> Snapshots:
    """A feature row every ``every`` days from day 42 up to the day before the event."""
    rows: list[npt.NDArray[np.float64]] = []
    ids: list[int] = []
    days: list[int] = []
    labels: list[int] = []
    durations: list[float] = []
    events: list[int] = []
    for n, athlete in enumerate(cohort):
        features = daily_features(athlete.frame).to_numpy(dtype=float)
        last = len(athlete.frame) - 1
        for t in range(FIRST_SNAPSHOT_DAY, last, every):
            if athlete.event_day is None and t > last - HORIZON_DAYS:
                break  # no full horizon left to tell a non-event from a censored one
            rows.append(features[t])
            ids.append(athlete.index)
            days.append(t)
            to_event = None if athlete.event_day is None else athlete.event_day - t
            labels.append(int(to_event is not None and to_event <= HORIZON_DAYS))
            durations.append(float(to_event if to_event is not None else last - t))
            events.append(int(to_event is not None))
        if progress is not None:
            progress("features", n + 1, len(cohort))
    return Snapshots(
        np.array(ids, dtype=int),
        np.array(days, dtype=int),
        np.array(rows, dtype=float).reshape(-1, len(FEATURES)),
        np.array(labels, dtype=int),
        np.array(durations, dtype=float),
        np.array(events, dtype=int),
    )


def _take(s: Snapshots, mask: npt.NDArray[np.bool_]) -> Snapshots:
    return Snapshots(
        s.athlete[mask], s.day[mask], s.raw[mask], s.label[mask], s.duration[mask], s.event[mask]
    )


# --- baselines: the engine's own rules -----------------------------------------------------


def readiness_risk(frame: pd.DataFrame, t: int) -> float | None:
    """100 − the engine's readiness score on day ``t`` (None while it calibrates or has no data),
    with ACWR and form as of the day before, as the monitoring service passes them."""
    load = frame["load_au"].iloc[:t]
    acwr = form = None
    if len(load) >= load_analysis.CHRONIC_DAYS:
        a = load_analysis.acwr_ewma(load).iloc[-1]
        ff = load_analysis.fitness_fatigue(load).iloc[-1]
        acwr = float(a) if np.isfinite(a) else None
        form = float((ff["ctl"] - ff["atl"]) / ff["ctl"] * 100.0) if ff["ctl"] > 0 else None
    window = frame.iloc[max(0, t - readiness_analysis.BASELINE_DAYS) : t + 1]
    result = readiness_analysis.readiness(
        window.drop(columns=["load_au"]), window.index[-1].date(), acwr=acwr, form_pct=form
    )
    return None if result.score is None else 100.0 - result.score


# --- metrics -------------------------------------------------------------------------------


def _auc(y: npt.NDArray[np.int_], score: npt.NDArray[np.float64]) -> float | None:
    from sklearn.metrics import roc_auc_score

    if len(set(y.tolist())) < 2:
        return None
    return float(roc_auc_score(y, score))


def _reliability(
    y: npt.NDArray[np.int_], p: npt.NDArray[np.float64], bins: int = 10
) -> list[dict[str, float]]:
    """Equal-count bins: mean predicted against observed frequency."""
    order = np.argsort(p)
    out = []
    for chunk in np.array_split(order, bins):
        if len(chunk):
            out.append(
                {
                    "predicted": round(float(p[chunk].mean()), 4),
                    "observed": round(float(y[chunk].mean()), 4),
                    "n": len(chunk),
                }
            )
    return out


def _cindex(
    duration: npt.NDArray[np.float64], event: npt.NDArray[np.int_], risk: npt.NDArray[np.float64]
) -> float | None:
    """Harrell's C-index; None when no row has an event (no pair can be compared)."""
    from lifelines.utils import concordance_index

    if not event.any():
        return None
    return float(concordance_index(duration, -risk, event))


def evaluate_rows(
    models: burnout_model.BurnoutModels,
    rows: Snapshots,
    cohort: dict[int, Athlete],
    *,
    base_rate: float,
    with_readiness: bool = True,
) -> dict[str, Any]:
    """AUC, Brier and reliability of the classifiers, C-index of Cox and of the rules."""
    from sklearn.metrics import brier_score_loss

    x = _fill(rows.raw, models.medians)
    gb = models.gb_probability(x)
    rf = models.rf_probability(x)
    cox = models.cox_hazard(x)
    acwr = np.nan_to_num(rows.raw[:, FEATURES.index("acwr")], nan=0.0)
    out: dict[str, Any] = {
        "rows": len(rows.label),
        "athletes": len(set(rows.athlete.tolist())),
        "events_in_horizon": int(rows.label.sum()),
        "positive_rate": round(float(rows.label.mean()), 4),
        "gb_auc": _auc(rows.label, gb),
        "rf_auc": _auc(rows.label, rf),
        "cox_auc": _auc(rows.label, cox),
        "acwr_auc": _auc(rows.label, acwr),
        "acwr_rule_auc": _auc(rows.label, (acwr > readiness_analysis.ACWR_HIGH).astype(float)),
        "gb_brier": float(brier_score_loss(rows.label, gb)),
        "rf_brier": float(brier_score_loss(rows.label, rf)),
        "base_rate_brier": float(brier_score_loss(rows.label, np.full(len(gb), base_rate))),
        "cox_cindex": _cindex(rows.duration, rows.event, cox),
        "gb_cindex": _cindex(rows.duration, rows.event, gb),
        "acwr_cindex": _cindex(rows.duration, rows.event, acwr),
        "gb_reliability": _reliability(rows.label, gb),
        "rf_reliability": _reliability(rows.label, rf),
    }
    if with_readiness:
        ready = np.array(
            [
                readiness_risk(cohort[int(a)].frame, int(t))
                for a, t in zip(rows.athlete, rows.day, strict=True)
            ],
            dtype=float,
        )
        out["readiness_coverage"] = round(float(np.isfinite(ready).mean()), 4)
        # a day without a score gives no warning: the rule's risk is its lowest there
        filled = np.nan_to_num(ready, nan=0.0)
        out["readiness_auc"] = _auc(rows.label, filled)
        out["readiness_cindex"] = _cindex(rows.duration, rows.event, filled)
    rules = {k: out[k] for k in ("acwr_auc", "readiness_auc") if out.get(k) is not None}
    best = max(rules, key=lambda k: rules[k]) if rules else None
    out["best_rule"] = best.removesuffix("_auc") if best else None
    out["best_rule_auc"] = rules[best] if best else None
    return out


def _fill(raw: npt.NDArray[np.float64], medians: dict[str, float]) -> npt.NDArray[np.float64]:
    x = raw.copy()
    fill = np.array([medians[f] for f in FEATURES])
    holes = np.isnan(x)
    x[holes] = np.take(fill, np.nonzero(holes)[1])
    return x


# --- the hand-written histories ------------------------------------------------------------


def history_frames(path: Path = HISTORIES) -> dict[str, tuple[int, pd.DataFrame]]:
    """The hand-written histories: name -> (expected risk rank, 1 the lowest; daily frame).

    Each history is a list of segments; a segment repeats a weekly load pattern for ``weeks``
    and holds readings with a small fixed weekday wobble (written out, not drawn at random)."""
    import pandas as pd

    raw = load_yaml(path.read_text())
    out: dict[str, tuple[int, pd.DataFrame]] = {}
    wobble = np.array([0.0, 0.1, -0.1, 0.05, -0.05, 0.1, -0.1])
    for item in raw["histories"]:
        rows: list[dict[str, float]] = []
        for seg in item["segments"]:
            pattern = [float(v) for v in seg["week"]]
            if len(pattern) != 7:
                raise InvalidInput(f"{item['name']}: a week has 7 loads")
            for d in range(int(seg["weeks"]) * 7):
                w = wobble[d % 7]
                rows.append(
                    {
                        "load_au": pattern[d % 7],
                        "sleep_h": float(seg["sleep_h"]) + 3 * w,
                        "hrv_rmssd_ms": float(seg["hrv_rmssd_ms"]) * (1 + w / 2),
                        "resting_hr_bpm": float(seg["resting_hr_bpm"]) + round(10 * w),
                        "soreness": float(np.clip(round(float(seg["soreness"]) + 5 * w), 1, 5)),
                        "mood": float(np.clip(round(float(seg["mood"]) - 5 * w), 1, 5)),
                        "energy": float(np.clip(round(float(seg["energy"]) + 5 * w), 1, 5)),
                    }
                )
        frame = pd.DataFrame(
            rows, index=pd.date_range(START, periods=len(rows), freq="D", name="day")
        )
        out[str(item["name"])] = (int(item["rank"]), frame[list(FRAME_COLUMNS)])
    return out


def evaluate_histories(
    models: burnout_model.BurnoutModels, path: Path = HISTORIES
) -> dict[str, Any]:
    """Each model's and rule's score for the last day of every hand-written history, and the
    share of pairs with different expected ranks that it puts in the expected order."""
    histories = history_frames(path)
    names = list(histories)
    raw = np.array([daily_features(histories[n][1]).to_numpy(dtype=float)[-1] for n in names])
    x = _fill(raw, models.medians)
    scores = {
        "gb": models.gb_probability(x),
        "rf": models.rf_probability(x),
        "cox": models.cox_hazard(x),
        "acwr": np.nan_to_num(raw[:, FEATURES.index("acwr")], nan=0.0),
        "readiness": np.array(
            [readiness_risk(histories[n][1], len(histories[n][1]) - 1) or 0.0 for n in names]
        ),
    }
    ranks = np.array([histories[n][0] for n in names])
    ordered: dict[str, float] = {}
    for key, s in scores.items():
        pairs = kept = 0.0
        for i in range(len(names)):
            for j in range(len(names)):
                if ranks[i] < ranks[j]:
                    pairs += 1
                    kept += 1.0 if s[i] < s[j] else 0.5 if s[i] == s[j] else 0.0
        ordered[key] = round(kept / pairs, 4) if pairs else float("nan")
    return {
        "pairs_in_order": ordered,
        "scores": {
            n: {"rank": int(ranks[i]), **{k: round(float(v[i]), 4) for k, v in scores.items()}}
            for i, n in enumerate(names)
        },
    }


# --- training ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainConfig:
    athletes: int = 1000
    days: int = 365
    seed: int = 0
    test_fraction: float = 0.2
    every: int = 7
    params: dict[str, Any] = field(default_factory=lambda: dict(burnout_model.DEFAULT_PARAMS))
    readiness_baseline: bool = True
    plots: Path | None = None  # where to write the PNGs (None: none)


@dataclass
class TrainResult:
    manifest: registry.Manifest
    models: burnout_model.BurnoutModels
    metrics: dict[str, Any]


def split(ids: list[int], test_fraction: float, seed: int) -> set[int]:
    """The held-out athletes: a seeded share of the ids (none of them is trained on)."""
    rng = np.random.default_rng([seed, 7_777])
    n_test = max(1, round(len(ids) * test_fraction))
    return {int(i) for i in rng.choice(np.array(ids), size=n_test, replace=False)}


def _dataset_hash(cohort: list[Athlete]) -> str:
    parts: list[bytes] = []
    for a in cohort:
        parts.append(f"{a.index}:{a.archetype}:{a.event_day}".encode())
        parts.append(np.ascontiguousarray(a.frame.to_numpy(dtype=float)).tobytes())
    return registry.data_hash(parts)


def train(config: TrainConfig, root: Path, *, progress: Progress | None = None) -> TrainResult:
    """Generate, split by athlete, fit, evaluate and save an artefact under ``root``."""
    burnout_model.require_ml()
    started = time.perf_counter()
    cohort = generate(config.athletes, config.days, config.seed, progress=progress)
    rows = snapshots(cohort, every=config.every, progress=progress)
    held_out = split([a.index for a in cohort], config.test_fraction, config.seed)
    is_test = np.isin(rows.athlete, list(held_out))
    train_rows, test_rows = _take(rows, ~is_test), _take(rows, is_test)
    if train_rows.label.sum() == 0 or test_rows.label.sum() == 0:
        raise InvalidInput("too few burnout events to train and test; use more athletes or days")
    medians = {
        f: float(np.nanmedian(train_rows.raw[:, i]))
        if np.isfinite(train_rows.raw[:, i]).any()
        else 0.0
        for i, f in enumerate(FEATURES)
    }
    if progress is not None:
        progress("fit", 0, 1)
    fit_started = time.perf_counter()
    models = burnout_model.fit(
        _fill(train_rows.raw, medians),
        train_rows.label,
        np.minimum(train_rows.duration, 90.0),
        np.where(train_rows.duration <= 90.0, train_rows.event, 0),
        medians=medians,
        params=config.params,
        seed=config.seed,
    )
    fit_seconds = time.perf_counter() - fit_started
    if progress is not None:
        progress("fit", 1, 1)
    base_rate = float(train_rows.label.mean())
    by_index = {a.index: a for a in cohort}
    trained = evaluate_rows(models, train_rows, by_index, base_rate=base_rate, with_readiness=False)
    held = evaluate_rows(
        models, test_rows, by_index, base_rate=base_rate, with_readiness=config.readiness_baseline
    )
    hand = evaluate_histories(models)
    events = [a for a in cohort if a.event_day is not None]
    per_archetype = {
        name: round(
            sum(1 for a in events if a.archetype == name)
            / max(1, sum(1 for a in cohort if a.archetype == name)),
            3,
        )
        for name in ARCHETYPES
    }
    metrics: dict[str, Any] = {
        "held_out": held,
        "trained_on": trained,
        "hand_written": hand,
        "data": {
            "athletes": config.athletes,
            "days": config.days,
            "held_out_athletes": len(held_out),
            "athletes_with_event": len(events),
            "event_share_by_archetype": per_archetype,
            "train_rows": len(train_rows.label),
            "train_positive_rate": round(base_rate, 4),
        },
        "fit_seconds": round(fit_seconds, 2),
        "total_seconds": round(time.perf_counter() - started, 2),
    }
    flat = {
        "gb_auc": held["gb_auc"],
        "rf_auc": held["rf_auc"],
        "cox_cindex": held["cox_cindex"],
        "best_rule": held["best_rule"],
        "best_rule_auc": held["best_rule_auc"],
        "gb_brier": round(held["gb_brier"], 5),
    }
    manifest = registry.save(
        root,
        name=burnout_model.NAME,
        files=models.files(),
        schema=schema(),
        seed=config.seed,
        params={
            **models.params,
            "athletes": config.athletes,
            "days": config.days,
            "every": config.every,
            "test_fraction": config.test_fraction,
        },
        data=_dataset_hash(cohort),
        metrics={**flat, "detail": metrics},
    )
    if config.plots is not None:
        plot(models, test_rows, held, config.plots)
    return TrainResult(manifest, models, metrics)


def plot(
    models: burnout_model.BurnoutModels, rows: Snapshots, held: dict[str, Any], out: Path
) -> list[Path]:
    """Reliability curves, ROC curves beside the ACWR rule, mean |SHAP| and Cox hazard ratios."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve

    out.mkdir(parents=True, exist_ok=True)
    x = _fill(rows.raw, models.medians)
    written: list[Path] = []

    def save(fig: Any, name: str) -> None:
        path = out / name
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=72, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        path.write_bytes(buffer.getvalue())
        written.append(path)

    fig, ax = plt.subplots(figsize=(4.5, 4))
    for key, label in (
        ("gb_reliability", "gradient boosting"),
        ("rf_reliability", "random forest"),
    ):
        pts = held[key]
        ax.plot([p["predicted"] for p in pts], [p["observed"] for p in pts], "o-", label=label)
    top = max(max(p["predicted"] for p in held["rf_reliability"]), 0.05)
    ax.plot([0, top], [0, top], "k:", label="perfect")
    ax.set_xlabel("predicted 14-day risk")
    ax.set_ylabel("observed share")
    ax.set_title("Reliability (held-out athletes)")
    ax.legend(fontsize=8)
    save(fig, "burnout_reliability.png")

    fig, ax = plt.subplots(figsize=(4.5, 4))
    acwr = np.nan_to_num(rows.raw[:, FEATURES.index("acwr")], nan=0.0)
    for score, label in (
        (models.gb_probability(x), "gradient boosting"),
        (models.rf_probability(x), "random forest"),
        (models.cox_hazard(x), "Cox"),
        (acwr, "ACWR (rule)"),
    ):
        fpr, tpr, _ = roc_curve(rows.label, score)
        ax.plot(fpr, tpr, label=label)
    ax.plot([0, 1], [0, 1], "k:")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title("ROC, event within 14 days (held out)")
    ax.legend(fontsize=8)
    save(fig, "burnout_roc.png")

    sample = x[: min(len(x), 2000)]
    contributions = explain.shap_values(explain.explainer(models.gb), sample)
    importance = np.abs(contributions).mean(axis=0)
    order = np.argsort(importance)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.barh([FEATURES[i] for i in order], importance[order])
    ax.set_xlabel("mean |SHAP| (log-odds)")
    ax.set_title("What drives the GB risk (held out)")
    save(fig, "burnout_shap.png")

    coef = np.array([models.cox_coef[f] for f in FEATURES])
    order = np.argsort(coef)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.barh([FEATURES[i] for i in order], np.exp(coef[order]))
    ax.axvline(1.0, color="k", linestyle=":")
    ax.set_xlabel("hazard ratio per SD")
    ax.set_title("Cox proportional hazards")
    save(fig, "burnout_cox.png")
    return written


def evaluate(
    root: Path, *, athletes: int, days: int, seed: int, version: str | None = None
) -> dict[str, Any]:
    """A saved model on a fresh cohort from another seed (every athlete unseen) and on the
    hand-written histories."""
    models, manifest = burnout_model.load_models(root, version=version)
    cohort = generate(athletes, days, seed)
    rows = snapshots(cohort)
    base_rate = float(
        manifest.metrics.get("detail", {})
        .get("data", {})
        .get("train_positive_rate", rows.label.mean())
    )
    fresh = evaluate_rows(models, rows, {a.index: a for a in cohort}, base_rate=base_rate)
    return {
        "version": manifest.version,
        "seed": seed,
        "fresh_cohort": fresh,
        "hand_written": evaluate_histories(models),
    }


def config_dict(config: TrainConfig) -> dict[str, Any]:
    out = asdict(config)
    out["plots"] = None if config.plots is None else str(config.plots)
    return out


def day_of(index: int) -> date:
    """The synthetic calendar day of a frame row."""
    return START + timedelta(days=index)
