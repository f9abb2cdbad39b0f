"""Risk simulators with causes the models cannot see, training across them, and the evaluation
of each hazard shape held out from training.

Why a family. The first risk model was trained and scored on one simulator whose event hazard
was a function of the very quantities the features measure (ACWR, monotony, form, sleep): the
label was mostly a linear function of the features, and on real injuries the model did worse
than plain ACWR. Nobody knows the real hazard shape, so the models here are trained on several
structurally different ones, every one of them with causes that are in no feature, and each
shape is also scored *held out from training* (trained on the others), beside a logistic
regression and the ACWR and 7-day-load rules on the same rows.

**One athlete** (:func:`simulate_athlete`), deterministic by ``(seed, shape, index)``, over
``days`` days. Every number is invented for the simulation, none fitted to data:

- *Planned load* (session-RPE AU): 3-7 sessions a week around a personal session load
  (lognormal around 400 AU), day-to-day lognormal noise, spike weeks (×1.4-2.3, 2-20 % of
  weeks), breaks of 1-3 weeks (2 % of weeks), a 3:1 periodisation for 40 % of athletes and a
  return ramp from 40 % over 4-10 weeks for 20 %.
- *Unobserved causes* (never in a feature): a person's **fragility** (a lognormal hazard
  multiplier, SD 0.7 on the log scale); **life stress**, a slow AR(1) process (it lowers mood
  and sleep a little and raises the hazard); **illness** episodes (about 3 a year, 3-9 days:
  sessions skipped, resting HR up, HRV, energy and mood down, hazard ×3); and, for the
  cumulative shape, a personal load **capacity**.
- *Readings* follow fatigue (ATL/CTL), illness and stress with AR(1) noise. Each athlete has
  a random set of inputs: HRV for 30 %, resting HR for about half, sleep for 60 %, wellness
  items for 85 %, each with its own adherence (60-100 % of days).
- *Onsets*: a daily hazard ``h0 · fragility · e^(0.35·stress) · (1 + 2·ill) · g(loads)``; after
  an onset the athlete is out for 7-28 days (load 0-40 % of plan, no new onset: those days
  are not rows, as in the real-data protocol), then returns to plan.

**Hazard shapes** ``g`` (:data:`SHAPES`), from the loads up to and including the day:

- ``acwr_spike``: logistic in the coupled rolling ACWR, 1 + 8 / (1 + e^(-(ACWR - 1.5) / 0.1)).
- ``cumulative_load``: a threshold on the 21-day load against the person's capacity
  (1.15-1.6 × their usual 21 days, unobserved), 1 + 7 / (1 + e^(-(L21 / capacity - 1) / 0.03)).
- ``chronic_u``: U-shaped in the 28-day mean load (too little base and too much both raise
  it), 1 + 5 · min(1, (ln((chronic + 30) / 300) / ln 3)^2).
- ``strain``: the first simulator's mechanism, kept as the circular reference: a hidden strain
  state fed by ACWR (EWMA) above 1.2, monotony above 1.5, form below -20 %, short sleep and
  stress, e^(0.9 · strain), which also moves HRV, resting HR, sleep and mood.

**Rows**: every ``every`` days from day 42 while the athlete is not out injured and the 7 days
after are observed; label: an onset in the next ``HORIZON_DAYS`` (7) days, the real-data
protocol's target. **Circularity** (:func:`circularity`): the R² of a linear regression of the
true log-odds of that label (from the simulator's own daily hazards over the next 7 days) on
the features, on held-out athletes: how much of what drives the label a linear function of the
features recovers. The **oracle AUC** scores the true risk itself: no model can beat it.

**Training** (:func:`train`) splits athletes by athlete within each shape, fits gradient
boosting and the logistic regression on the training athletes of every shape (the product's
model) and evaluates, all with athlete-bootstrap 95 % CIs (the blind module's statistics):
each shape's held-out athletes; each shape *held out from training* (models fitted on the other
shapes only); and the held-out rows by input set (without HRV and resting HR, and with them).
"""

from __future__ import annotations

import io
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from fitcoach.core.errors import InvalidInput
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
from fitcoach.ml.validation import blind_pmdata as stats

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[str, int, int], None]
FloatArray = npt.NDArray[np.float64]
START = date(2025, 1, 6)  # a Monday; the synthetic calendar, not the clock
FIRST_ROW_DAY = 42
SHAPES = ("acwr_spike", "cumulative_load", "chronic_u", "strain")
# Base daily hazard per shape, set so that each gives about one onset per 100 days at risk
# (set on 60 athletes per shape × 365 days, seed 0; the shipped run gave 0.87 per 100 days).
H0 = {"acwr_spike": 0.0060, "cumulative_load": 0.0090, "chronic_u": 0.0054, "strain": 0.0022}
INPUT_SHARES = {"hrv": 0.30, "rhr_without_hrv": 0.35, "sleep": 0.60, "wellness": 0.85}
BASELINES = ("acwr_rolling", "load_7d")


@dataclass(frozen=True)
class Athlete:
    """One simulated athlete: the daily frame the features read and what no feature sees."""

    index: int
    shape: str
    frame: pd.DataFrame  # FRAME_COLUMNS, one row per day
    onsets: npt.NDArray[np.int_]  # day indices of onsets
    out: npt.NDArray[np.bool_]  # out injured (no onset possible, not a row)
    hazard: FloatArray  # the true daily hazard (0 while out)
    latent: FloatArray  # the hazard each day as if at risk (while out too: diagnostics)
    fragility: float
    capacity: float  # 21-day load capacity (the cumulative shape's threshold)
    stress: FloatArray
    ill: npt.NDArray[np.bool_]
    inputs: tuple[str, ...]  # which readings the athlete records


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> FloatArray:
    noise = rng.normal(0.0, sd * math.sqrt(1 - phi**2), n)
    out = np.empty(n)
    prev = rng.normal(0.0, sd)
    for i in range(n):
        prev = phi * prev + noise[i]
        out[i] = prev
    return out


def g_acwr_spike(acwr: float) -> float:
    """``acwr_spike``: 1 + 8 / (1 + e^(-(ACWR - 1.5) / 0.1)), logistic in the rolling ACWR."""
    return 1.0 + 8.0 * _sigmoid((acwr - 1.5) / 0.1)


def g_cumulative_load(load_21d: float, capacity: float) -> float:
    """``cumulative_load``: a steep logistic step where the 21-day load passes the capacity."""
    return 1.0 + 7.0 * _sigmoid((load_21d / capacity - 1.0) / 0.03)


def g_chronic_u(chronic: float) -> float:
    """``chronic_u``: 1 + 5 · min(1, (ln((chronic + 30) / 300) / ln 3)²), lowest at about
    270 AU/day and rising both ways."""
    u = math.log((chronic + 30.0) / 300.0) / math.log(3.0)
    return 1.0 + 5.0 * min(1.0, u * u)


def _planned_load(rng: np.random.Generator, days: int) -> tuple[FloatArray, float]:
    """The load the athlete would do without injury or illness, and their usual daily load."""
    sessions = int(rng.integers(3, 8))
    session = 400.0 * rng.lognormal(0.0, 0.35)
    volatility = rng.uniform(0.15, 0.4)
    spike_share = rng.uniform(0.02, 0.2)
    periodised = rng.random() < 0.4
    weeks = days // 7 + 2
    training_days = np.sort(rng.choice(7, size=sessions, replace=False))
    load = np.zeros(weeks * 7)
    week = 0
    while week < weeks:
        if rng.random() < 0.02:  # a break of 1-3 weeks at 0-20 % of the usual load
            length = int(rng.integers(1, 4))
            for w in range(week, min(weeks, week + length)):
                for d in training_days:
                    load[w * 7 + d] = round(session * rng.uniform(0.0, 0.2))
            week += length
            continue
        factor = (0.9, 1.0, 1.1, 0.6)[week % 4] if periodised else 1.0
        if rng.random() < spike_share:
            factor *= rng.uniform(1.4, 2.3)
        for d in training_days:
            if rng.random() < 0.08:
                continue
            load[week * 7 + d] = round(session * factor * rng.lognormal(0.0, volatility))
        week += 1
    load = load[:days]
    if rng.random() < 0.2:
        ramp_days = int(rng.integers(28, 71))
        load = np.round(load * np.clip(0.4 + 0.6 * np.arange(days) / ramp_days, 0.4, 1.0))
    return load, session * sessions / 7.0


def simulate_athlete(seed: int, shape: str, index: int, days: int) -> Athlete:
    """One athlete of hazard ``shape``, deterministic by ``(seed, shape, index)``."""
    import pandas as pd

    if shape not in SHAPES:
        raise InvalidInput(f"unknown hazard shape {shape!r}; one of {', '.join(SHAPES)}")
    rng = np.random.default_rng([seed, SHAPES.index(shape), index])
    planned, usual = _planned_load(rng, days)
    fragility = float(rng.lognormal(-0.245, 0.7))  # mean 1
    capacity = usual * 21.0 * rng.uniform(1.15, 1.6)
    stress = 0.5 * rng.normal() + _ar1(rng, days, 0.97, 1.0)
    ill = np.zeros(days, dtype=bool)
    t = 0
    while t < days:
        if rng.random() < 0.008:
            length = int(rng.integers(3, 10))
            ill[t : t + length] = True
            t += length
        t += 1
    has_hrv = rng.random() < INPUT_SHARES["hrv"]
    has_rhr = has_hrv or rng.random() < INPUT_SHARES["rhr_without_hrv"]
    has_sleep = rng.random() < INPUT_SHARES["sleep"]
    has_wellness = rng.random() < INPUT_SHARES["wellness"]
    adherence = rng.uniform(0.6, 1.0, size=4)
    sleep_mean = rng.normal(7.4, 0.5)
    ln_hrv_base = rng.normal(4.1, 0.3)
    rhr_base = rng.normal(56.0, 5.0)
    noise = {
        "sleep": _ar1(rng, days, 0.5, 0.6),
        "hrv": _ar1(rng, days, 0.5, 0.10),
        "rhr": _ar1(rng, days, 0.5, 1.8),
        "mood": _ar1(rng, days, 0.6, 0.5),
        "energy": _ar1(rng, days, 0.6, 0.5),
        "soreness": rng.normal(0.0, 0.5, days),
    }
    uniforms = rng.random(days)
    out_days = rng.integers(7, 29, size=days)
    out_share = rng.uniform(0.0, 0.4, size=days)
    skipped = rng.random((4, days))

    load = np.zeros(days)
    hazard = np.zeros(days)
    latent = np.zeros(days)
    out = np.zeros(days, dtype=bool)
    onsets: list[int] = []
    readings = {k: np.full(days, np.nan) for k in ("sleep", "hrv", "rhr", "sore", "mood", "energy")}
    atl = ctl = usual
    k_atl, k_ctl = 1 - math.exp(-1 / 7), 1 - math.exp(-1 / 42)
    lam7, lam28 = 2 / 8, 2 / 29
    e7 = e28 = usual
    state = 0.0
    away = 0
    h0 = H0[shape]
    for t in range(days):
        if away > 0:
            load[t] = round(planned[t] * out_share[t])
            out[t] = True
            away -= 1
        elif ill[t]:
            load[t] = round(planned[t] * 0.3)
        else:
            load[t] = planned[t]
        fatigue = atl / ctl if ctl > 1.0 else 1.0
        over = max(0.0, fatigue - 1.0)
        # the morning's readings: fatigue of yesterday, today's illness and stress
        sleep = sleep_mean - 0.35 * stress[t] - 0.6 * ill[t] + noise["sleep"][t]
        ln_hrv = ln_hrv_base - 0.08 * over - 0.25 * ill[t] - 0.03 * stress[t] + noise["hrv"][t]
        rhr = rhr_base + 2.0 * over + 6.0 * ill[t] + 0.5 * stress[t] + noise["rhr"][t]
        sore = 1.6 + 1.2 * max(0.0, fatigue - 0.8) + noise["soreness"][t]
        mood = 3.9 - 0.45 * stress[t] - 0.6 * ill[t] + 0.15 * (sleep - 7.0) + noise["mood"][t]
        energy = (3.8 - 0.8 * over - 0.8 * ill[t] - 0.2 * stress[t] + 0.2 * (sleep - 7.0)) + noise[
            "energy"
        ][t]
        if shape == "strain":  # the circular reference: the hidden state moves the readings
            sleep -= 0.25 * state
            ln_hrv -= 0.10 * state
            rhr += 1.6 * state
            sore += 0.3 * state
            mood -= 0.35 * state
            energy -= 0.40 * state
        readings["sleep"][t] = min(11.0, max(3.0, sleep))
        readings["hrv"][t] = math.exp(ln_hrv)
        readings["rhr"][t] = min(120.0, max(30.0, rhr))
        readings["sore"][t] = sore
        readings["mood"][t] = mood
        readings["energy"][t] = energy
        # loads through today
        atl += k_atl * (load[t] - atl)
        ctl += k_ctl * (load[t] - ctl)
        e7 += lam7 * (load[t] - e7)
        e28 += lam28 * (load[t] - e28)
        acute = float(load[max(0, t - 6) : t + 1].mean())
        chronic = float(load[max(0, t - 27) : t + 1].mean())
        if shape == "acwr_spike":
            g = g_acwr_spike(acute / chronic if chronic > 0 else 1.0)
        elif shape == "cumulative_load":
            g = g_cumulative_load(float(load[max(0, t - 20) : t + 1].sum()), capacity)
        elif shape == "chronic_u":
            g = g_chronic_u(chronic)
        else:
            week_loads = load[max(0, t - 6) : t + 1]
            sd = float(week_loads.std(ddof=1)) if len(week_loads) > 1 else 0.0
            monotony = min(6.0, float(week_loads.mean()) / sd) if sd > 1e-9 else 0.0
            form = (ctl - atl) / ctl * 100.0 if ctl > 1.0 else 0.0
            stimulus = (
                0.5 * max(0.0, (e7 / e28 if e28 > 0 else 1.0) - 1.2)
                + 0.05 * max(0.0, monotony - 1.5)
                + 0.004 * max(0.0, -20.0 - form)
                + 0.08 * max(0.0, 7.0 - readings["sleep"][t])
                + 0.05 * max(0.0, stress[t])
            )
            state = state * math.exp(-1.0 / 10.0) + stimulus
            g = math.exp(0.9 * state)
        h = min(0.5, h0 * fragility * math.exp(0.35 * stress[t]) * (1.0 + 2.0 * ill[t]) * g)
        latent[t] = h
        if out[t]:
            continue
        hazard[t] = h
        if t >= 28 and uniforms[t] < h:
            onsets.append(t)
            away = int(out_days[t])
    inputs = tuple(
        name
        for name, has in (
            ("hrv", has_hrv),
            ("resting_hr", has_rhr),
            ("sleep", has_sleep),
            ("wellness", has_wellness),
        )
        if has
    )

    def kept(values: FloatArray, has: bool, row: int) -> FloatArray:
        return np.where(has & (skipped[row] < adherence[row]), values, np.nan)

    frame = pd.DataFrame(
        {
            "load_au": load,
            "sleep_h": np.round(kept(readings["sleep"], has_sleep, 0), 2),
            "hrv_rmssd_ms": np.round(kept(readings["hrv"], has_hrv, 1), 1),
            "resting_hr_bpm": np.round(kept(readings["rhr"], has_rhr, 2)),
            "soreness": np.clip(np.round(kept(readings["sore"], has_wellness, 3)), 1, 5),
            "mood": np.clip(np.round(kept(readings["mood"], has_wellness, 3)), 1, 5),
            "energy": np.clip(np.round(kept(readings["energy"], has_wellness, 3)), 1, 5),
        },
        index=pd.date_range(START, periods=days, freq="D", name="day"),
    )
    return Athlete(
        index=index,
        shape=shape,
        frame=frame[list(FRAME_COLUMNS)],
        onsets=np.array(onsets, dtype=int),
        out=out,
        hazard=hazard,
        latent=latent,
        fragility=fragility,
        capacity=capacity,
        stress=stress,
        ill=ill,
        inputs=inputs,
    )


def generate(
    athletes: int,
    days: int,
    seed: int,
    shapes: Sequence[str] = SHAPES,
    *,
    progress: Progress | None = None,
) -> list[Athlete]:
    """``athletes`` athletes of every shape (see the module's description)."""
    if athletes < 2 or days < FIRST_ROW_DAY + HORIZON_DAYS + 1:
        raise InvalidInput(
            f"need at least 2 athletes per shape and {FIRST_ROW_DAY + HORIZON_DAYS + 1} days"
        )
    out = []
    total = athletes * len(shapes)
    for s in shapes:
        for i in range(athletes):
            out.append(simulate_athlete(seed, s, i, days))
            if progress is not None:
                progress("simulate", len(out), total)
    return out


# --- rows ----------------------------------------------------------------------------------


@dataclass
class Rows:
    """Feature rows: whose, which day, the features (NaN where unknown), label, true risk."""

    athlete: npt.NDArray[np.int_]  # a cohort-wide id: shape index × 1,000,000 + index
    shape: npt.NDArray[np.str_]
    day: npt.NDArray[np.int_]
    x: FloatArray
    label: npt.NDArray[np.int_]
    true_risk: FloatArray
    inputs: npt.NDArray[np.str_]  # "hrv", "resting_hr" or "load_only": the richest heart input

    def take(self, mask: npt.NDArray[np.bool_]) -> Rows:
        return Rows(
            self.athlete[mask],
            self.shape[mask],
            self.day[mask],
            self.x[mask],
            self.label[mask],
            self.true_risk[mask],
            self.inputs[mask],
        )

    def column(self, name: str) -> FloatArray:
        return self.x[:, FEATURES.index(name)]


def athlete_id(a: Athlete) -> int:
    return SHAPES.index(a.shape) * 1_000_000 + a.index


def rows_of(cohort: Sequence[Athlete], *, every: int = 2, progress: Progress | None = None) -> Rows:
    """A row every ``every`` days from day 42 (see the module's description)."""
    ids: list[int] = []
    shapes: list[str] = []
    days_: list[int] = []
    xs: list[FloatArray] = []
    labels: list[int] = []
    risks: list[float] = []
    inputs: list[str] = []
    for n, a in enumerate(cohort):
        x = daily_features(a.frame).to_numpy(dtype=float)
        last = len(a.frame) - 1
        onset_days = set(a.onsets.tolist())
        heart = (
            "hrv"
            if "hrv" in a.inputs
            else "resting_hr"
            if "resting_hr" in a.inputs
            else "load_only"
        )
        for t in range(FIRST_ROW_DAY, last, every):
            if a.out[t]:
                continue
            window = range(t + 1, t + HORIZON_DAYS + 1)
            event = any(d in onset_days for d in window)
            if not event and t + HORIZON_DAYS > last:
                break
            ids.append(athlete_id(a))
            shapes.append(a.shape)
            days_.append(t)
            xs.append(x[t])
            labels.append(int(event))
            # the next day's hazard carried over the horizon: later days would already
            # follow an onset inside the window (the athlete is then out, hazard 0)
            risks.append(float(1.0 - (1.0 - a.latent[t + 1]) ** HORIZON_DAYS))
            inputs.append(heart)
        if progress is not None:
            progress("features", n + 1, len(cohort))
    return Rows(
        np.array(ids, dtype=int),
        np.array(shapes, dtype=str),
        np.array(days_, dtype=int),
        np.array(xs, dtype=float).reshape(-1, len(FEATURES)),
        np.array(labels, dtype=int),
        np.array(risks, dtype=float),
        np.array(inputs, dtype=str),
    )


# --- statistics ----------------------------------------------------------------------------


def circularity(train: Rows, test: Rows) -> float:
    """R² on ``test`` of a linear regression, fitted on ``train``, of the true log-odds of an
    onset within the horizon on the features (median-imputed, standardised)."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def logit(p: FloatArray) -> FloatArray:
        q = np.clip(p, 1e-6, 1 - 1e-6)
        return np.asarray(np.log(q / (1 - q)), dtype=float)

    fitted = make_pipeline(
        SimpleImputer(strategy="median", keep_empty_features=True), StandardScaler(), Ridge(1.0)
    ).fit(train.x, logit(train.true_risk))
    y = logit(test.true_risk)
    resid = y - fitted.predict(test.x)
    total = float(((y - y.mean()) ** 2).sum())
    return float(1.0 - (resid**2).sum() / total) if total > 0 else float("nan")


def _estimate(e: stats.Estimate) -> dict[str, float | int | None]:
    def num(v: float) -> float | None:
        return None if not np.isfinite(v) else round(float(v), 4)

    return {"value": num(e.value), "low": num(e.low), "high": num(e.high), "n_valid": e.n_valid}


def _calibrated(train: Rows, test: Rows, name: str) -> FloatArray:
    """A rule's raw score as a probability: a 1-D logistic regression fitted on ``train``."""
    from sklearn.linear_model import LogisticRegression

    x = np.nan_to_num(train.column(name), nan=0.0)
    mu, sd = float(x.mean()), float(x.std()) or 1.0
    fitted = LogisticRegression().fit(((x - mu) / sd).reshape(-1, 1), train.label)
    xs = np.nan_to_num(test.column(name), nan=0.0)
    return np.asarray(fitted.predict_proba(((xs - mu) / sd).reshape(-1, 1))[:, 1], dtype=float)


def score_table(
    models: burnout_model.BurnoutModels,
    train: Rows,
    test: Rows,
    *,
    n_boot: int,
    seed: int,
) -> dict[str, Any]:
    """AUC and Brier (athlete-bootstrap 95 % CIs) of the models, the rules and the oracle on
    ``test``; the rules are AUC-scored raw and calibrated on ``train`` for the Brier score."""
    y = test.label.astype(float)
    gb = models.gb_probability(test.x)
    lr = models.lr_probability(test.x)
    rate = float(train.label.mean())
    candidates: dict[str, tuple[FloatArray, FloatArray]] = {
        "gradient_boosting": (gb, gb),
        "logistic_regression": (lr, lr),
        "acwr": (
            np.nan_to_num(test.column("acwr_rolling"), nan=0.0),
            _calibrated(train, test, "acwr_rolling"),
        ),
        "load_7d": (
            np.nan_to_num(test.column("load_7d"), nan=0.0),
            _calibrated(train, test, "load_7d"),
        ),
        "oracle": (test.true_risk, test.true_risk),
        "base_rate": (np.full(len(y), rate), np.full(len(y), rate)),
    }
    names = sorted(set(test.athlete.tolist()))
    where = {a: i for i, a in enumerate(names)}
    groups = [np.flatnonzero(test.athlete == a).astype(np.intp) for a in names]
    draws = stats.person_bootstrap_draws(len(names), n_boot, seed)
    everything = np.arange(len(y), dtype=np.intp)
    out: dict[str, Any] = {
        "rows": len(y),
        "athletes": len(where),
        "positives": int(y.sum()),
        "positive_rate": round(float(y.mean()), 4) if len(y) else None,
    }
    for name, (score, prob) in candidates.items():

        def auc_of(idx: npt.NDArray[np.intp], s: FloatArray = score) -> float:
            return stats.auc(y[idx], s[idx])

        def brier_of(idx: npt.NDArray[np.intp], p: FloatArray = prob) -> float:
            return float(np.mean((p[idx] - y[idx]) ** 2)) if len(idx) else float("nan")

        auc = (
            stats.Estimate(float("nan"), float("nan"), float("nan"), 0)
            if name == "base_rate"
            else stats.percentile_ci(
                auc_of(everything), stats.person_bootstrap(auc_of, groups, draws)
            )
        )
        brier = stats.percentile_ci(
            brier_of(everything), stats.person_bootstrap(brier_of, groups, draws)
        )
        out[name] = {"auc": _estimate(auc), "brier": _estimate(brier)}
    return out


# --- training ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainConfig:
    athletes: int = 400  # per shape
    days: int = 365
    seed: int = 0
    test_fraction: float = 0.25
    every: int = 2
    shapes: tuple[str, ...] = SHAPES
    params: dict[str, Any] = field(default_factory=lambda: dict(burnout_model.DEFAULT_PARAMS))
    n_boot: int = 500
    plots: Path | None = None  # where to write the PNGs (None: none)


@dataclass
class TrainResult:
    manifest: registry.Manifest
    models: burnout_model.BurnoutModels
    metrics: dict[str, Any]


def split(cohort: Sequence[Athlete], test_fraction: float, seed: int) -> set[int]:
    """The held-out athletes (cohort ids): a seeded share of each shape's athletes."""
    held: set[int] = set()
    for s_index, s in enumerate(SHAPES):
        ids = [athlete_id(a) for a in cohort if a.shape == s]
        if not ids:
            continue
        rng = np.random.default_rng([seed, 7_777, s_index])
        n_test = max(1, round(len(ids) * test_fraction))
        held |= {int(i) for i in rng.choice(np.array(ids), size=n_test, replace=False)}
    return held


def _dataset_hash(cohort: Sequence[Athlete]) -> str:
    parts: list[bytes] = []
    for a in cohort:
        parts.append(f"{a.shape}:{a.index}:{a.onsets.tolist()}".encode())
        parts.append(np.ascontiguousarray(a.frame.to_numpy(dtype=float)).tobytes())
    return registry.data_hash(parts)


def _fit(rows: Rows, config: TrainConfig) -> burnout_model.BurnoutModels:
    if rows.label.sum() == 0 or rows.label.sum() == len(rows.label):
        raise InvalidInput("too few onsets to train on; use more athletes or days")
    return burnout_model.fit(rows.x, rows.label, params=config.params, seed=config.seed)


def train(config: TrainConfig, root: Path, *, progress: Progress | None = None) -> TrainResult:
    """Simulate every shape, split by athlete, fit, evaluate (in-family, each shape held out
    from training, by input set) and save the artefact under ``root``."""
    burnout_model.require_ml()
    unknown = set(config.shapes) - set(SHAPES)
    if unknown or not config.shapes:
        raise InvalidInput(f"shapes are some of {', '.join(SHAPES)}")
    started = time.perf_counter()
    cohort = generate(config.athletes, config.days, config.seed, config.shapes, progress=progress)
    rows = rows_of(cohort, every=config.every, progress=progress)
    held = split(cohort, config.test_fraction, config.seed)
    is_test = np.isin(rows.athlete, list(held))
    train_rows, test_rows = rows.take(~is_test), rows.take(is_test)
    steps = 1 + len(config.shapes) * 2 + 1
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress("fit and evaluate", done, steps)

    fit_started = time.perf_counter()
    models = _fit(train_rows, config)
    fit_seconds = time.perf_counter() - fit_started
    tick()
    in_family: dict[str, Any] = {}
    held_out_shape: dict[str, Any] = {}
    for s in config.shapes:
        own_train, own_test = (
            train_rows.take(train_rows.shape == s),
            test_rows.take(test_rows.shape == s),
        )
        table = score_table(models, train_rows, own_test, n_boot=config.n_boot, seed=config.seed)
        table["circularity_r2"] = round(circularity(own_train, own_test), 4)
        in_family[s] = table
        tick()
        if len(config.shapes) > 1:
            others = train_rows.take(train_rows.shape != s)
            without = _fit(others, config)
            shape_table = score_table(
                without, others, own_test, n_boot=config.n_boot, seed=config.seed
            )
            shape_table["circularity_r2"] = table["circularity_r2"]
            held_out_shape[s] = shape_table
        tick()
    by_inputs = {
        name: score_table(
            models,
            train_rows,
            test_rows.take(test_rows.inputs == name),
            n_boot=config.n_boot,
            seed=config.seed,
        )
        for name in ("load_only", "resting_hr", "hrv")
        if (test_rows.inputs == name).any() and test_rows.label[test_rows.inputs == name].any()
    }
    everything = score_table(models, train_rows, test_rows, n_boot=config.n_boot, seed=config.seed)
    tick()
    onsets = sum(len(a.onsets) for a in cohort)
    metrics: dict[str, Any] = {
        "held_out_athletes": everything,
        "by_shape": in_family,
        "shape_held_out_from_training": held_out_shape,
        "by_inputs": by_inputs,
        "data": {
            "athletes_per_shape": config.athletes,
            "days": config.days,
            "shapes": list(config.shapes),
            "held_out_athletes": len(held),
            "onsets": onsets,
            "onsets_per_100_days": round(100.0 * onsets / (len(cohort) * config.days), 3),
            "train_rows": len(train_rows.label),
            "test_rows": len(test_rows.label),
            "train_positive_rate": round(float(train_rows.label.mean()), 4),
            "onsets_by_shape": {
                s: sum(len(a.onsets) for a in cohort if a.shape == s) for s in config.shapes
            },
        },
        "fit_seconds": round(fit_seconds, 2),
        "total_seconds": round(time.perf_counter() - started, 2),
    }
    flat = {
        "gb_auc": everything["gradient_boosting"]["auc"]["value"],
        "lr_auc": everything["logistic_regression"]["auc"]["value"],
        "acwr_auc": everything["acwr"]["auc"]["value"],
        "load_7d_auc": everything["load_7d"]["auc"]["value"],
        "oracle_auc": everything["oracle"]["auc"]["value"],
        "gb_brier": everything["gradient_boosting"]["brier"]["value"],
    }
    manifest = registry.save(
        root,
        name=burnout_model.NAME,
        files=models.files(),
        schema=schema(),
        seed=config.seed,
        params={
            **models.params,
            "athletes_per_shape": config.athletes,
            "days": config.days,
            "every": config.every,
            "test_fraction": config.test_fraction,
            "shapes": list(config.shapes),
        },
        data=_dataset_hash(cohort),
        metrics={**flat, "detail": metrics},
    )
    if config.plots is not None:
        plot(models, test_rows, metrics, config.plots)
    return TrainResult(manifest, models, metrics)


def evaluate(
    root: Path,
    *,
    athletes: int,
    days: int,
    seed: int,
    n_boot: int = 500,
    version: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """A saved model on fresh athletes of every shape from another seed (every one unseen)."""
    found = burnout_model.load(root, version=version)
    cohort = generate(athletes, days, seed, progress=progress)
    rows = rows_of(cohort, progress=progress)
    # the rules' calibration needs rows it is not scored on: the first half of each shape
    first = np.isin(rows.athlete, [athlete_id(a) for a in cohort if a.index < athletes // 2])
    calibration, scored = rows.take(first), rows.take(~first)
    out = {
        "version": found.manifest.version,
        "seed": seed,
        "fresh": score_table(found.models, calibration, scored, n_boot=n_boot, seed=seed),
        "by_shape": {
            s: score_table(
                found.models, calibration, scored.take(scored.shape == s), n_boot=n_boot, seed=seed
            )
            for s in SHAPES
        },
    }
    return out


def plot(
    models: burnout_model.BurnoutModels, rows: Rows, metrics: dict[str, Any], out: Path
) -> list[Path]:
    """The family figure (AUC per shape held out from training, beside the baselines and the
    oracle), the in-family reliability curve and mean |SHAP| per feature."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(fig: Any, name: str) -> None:
        path = out / name
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=72, bbox_inches="tight", metadata={"Software": None})
        plt.close(fig)
        path.write_bytes(buffer.getvalue())
        written.append(path)

    table = metrics["shape_held_out_from_training"] or metrics["by_shape"]
    shapes = list(table)
    series = ("gradient_boosting", "logistic_regression", "acwr", "load_7d", "oracle")
    fig, ax = plt.subplots(figsize=(7, 3.8))
    width = 0.16
    for k, name in enumerate(series):
        values = [table[s][name]["auc"] for s in shapes]
        centre = [v["value"] or 0.0 for v in values]
        err = [
            [
                c - (v["low"] if v["low"] is not None else c)
                for c, v in zip(centre, values, strict=True)
            ],
            [
                (v["high"] if v["high"] is not None else c) - c
                for c, v in zip(centre, values, strict=True)
            ],
        ]
        xs = np.arange(len(shapes)) + (k - 2) * width
        ax.bar(xs, centre, width, yerr=err, capsize=2, label=name.replace("_", " "))
    ax.axhline(0.5, color="k", linestyle=":")
    ax.set_xticks(np.arange(len(shapes)), shapes)
    ax.set_ylim(0.3, 1.0)
    ax.set_ylabel("AUC (95 % CI)")
    ax.set_title("Each hazard shape held out from training")
    ax.legend(fontsize=7, ncol=3, loc="upper left")
    save(fig, "burnout_family.png")

    gb = models.gb_probability(rows.x)
    fig, ax = plt.subplots(figsize=(4.5, 4))
    order = np.argsort(gb)
    pts = [(float(gb[c].mean()), float(rows.label[c].mean())) for c in np.array_split(order, 10)]
    ax.plot([p for p, _ in pts], [o for _, o in pts], "o-", label="gradient boosting")
    top = max(max(p for p, _ in pts), max(o for _, o in pts), 0.05)
    ax.plot([0, top], [0, top], "k:", label="perfect")
    ax.set_xlabel(f"predicted {HORIZON_DAYS}-day risk")
    ax.set_ylabel("observed share")
    ax.set_title("Reliability (held-out simulated athletes)")
    ax.legend(fontsize=8)
    save(fig, "burnout_reliability.png")

    sample = rows.x[: min(len(rows.x), 2000)]
    contributions = explain.shap_values(explain.explainer(models.gb), sample)
    importance = np.abs(contributions).mean(axis=0)
    order = np.argsort(importance)
    fig, ax = plt.subplots(figsize=(5, 6))
    ax.barh([FEATURES[i] for i in order], importance[order])
    ax.set_xlabel("mean |SHAP| (log-odds)")
    ax.set_title("What drives the GB risk (held out)")
    save(fig, "burnout_shap.png")
    return written


def config_dict(config: TrainConfig) -> dict[str, Any]:
    out = asdict(config)
    out["plots"] = None if config.plots is None else str(config.plots)
    out["shapes"] = list(config.shapes)
    return out
