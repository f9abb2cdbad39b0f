"""The simulated athletes: planned load, the causes no feature sees (fragility, life stress,
illness, capacity), readings, and onsets under each hazard shape (``simulate_athlete``,
``generate``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from fitcoach.core.errors import InvalidInput
from fitcoach.ml.burnout.features import FRAME_COLUMNS, HORIZON_DAYS

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
