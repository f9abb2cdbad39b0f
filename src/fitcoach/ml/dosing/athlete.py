"""A simulated athlete: Banister's impulse-response model with individual parameters, plus the
things that make real weeks differ from plans (readiness noise, sleep, adherence) and the events
a coach must avoid (injury, overreaching), whose risk rises with the acute:chronic workload ratio
and Foster's monotony.

Two structurally different injury models (``INJURY_MODELS``), chosen per simulation so that
a policy tuned to one can be checked on the other:

- ``acwr``: the week's injury chance from a daily hazard that rises with load *spikes*: the
  rolling ACWR above 1.2, Foster's monotony above 2 and session RPE above the athlete's
  tolerance. A steady high load is safe; only ramps hurt (Gabbett 2016).
- ``strain``: the hazard rises with *cumulative, intensity-weighted* tissue strain against a
  fixed personal capacity, times an unobserved per-athlete fragility (log-normal): strain
  accrues as load × (RPE / 5)^1.5 and decays with a 10-20 day time constant; hazard ∝
  fragility × (strain / capacity)^4. No ratio of recent to chronic load enters it: a smooth
  ramp to a high load is as risky as the load itself, and hard sessions cost more than long
  easy ones (the absolute-load reading of the ACWR debate, Impellizzeri et al. 2020). The
  agent never sees strain, capacity or fragility.

One call of :meth:`SimulatedAthlete.week` lives seven days of a prescription (sessions a week,
intensity as session RPE on the CR-10 scale, minutes per session). The daily load is session-RPE
load (RPE × minutes, Foster 2001). Fitness and fatigue follow Banister (1991):
``g_t = g_{t-1}·e^{-1/τ1} + w_t``, ``h_t = h_{t-1}·e^{-1/τ2} + w_t`` and performance
``p_t = p0 + k1·g_t − k2·h_t``. ACWR (rolling 7/28) and monotony come from
:mod:`fitcoach.analysis.load`; a week's injury risk is built from them, so the agent is judged
by the same measures the coach shows.

The numbers are plausible, not fitted: they are assumptions of the model card (docs/models/ppo.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from fitcoach.analysis import load as load_analysis

RPE_MIN, RPE_MAX = 2.0, 9.0
MINUTES_MIN, MINUTES_MAX = 15.0, 150.0
ORIGIN = date(2024, 1, 1)  # a Monday: a fixed calendar for the simulated days
INJURY_MODELS = ("acwr", "strain")
STRAIN_RPE_REF = 5.0  # RPE at which a minute of load strains tissue at face value
STRAIN_RPE_EXP = 1.5  # harder minutes strain more than their load says
STRAIN_POWER = 4.0  # hazard ∝ (strain / capacity)^power
STRAIN_SCALE = 5.0  # × injury_base: the strain model's hazard at strain = capacity, fragility 1


@dataclass(frozen=True)
class AthleteParams:
    """One athlete's physiology and habits (all per-athlete, drawn or written by hand)."""

    k1: float  # fitness gain per AU
    k2: float  # fatigue gain per AU
    tau_fitness: float  # days
    tau_fatigue: float  # days
    sessions_per_week: int
    start_rpe: float
    start_minutes: float
    adherence: float  # chance a planned session is done on a day of average readiness
    readiness_noise: float  # SD of the daily readiness score
    sleep_mean_h: float
    sleep_sd_h: float
    injury_base: float  # daily hazard on a training day at ACWR 1, low monotony
    acwr_sensitivity: float  # hazard × e^(s·(ACWR − 1.2)) above 1.2
    monotony_sensitivity: float  # hazard × (1 + s·(monotony − 2)) above 2
    rpe_tolerance: float  # session RPE above which hazard grows
    overreach_ratio: float  # acute/chronic fatigue ratio that starts overreaching
    name: str = "drawn"
    # The ``strain`` injury model's hidden traits (the ``acwr`` model ignores them).
    fragility: float = 1.0  # hazard multiplier, log-normal across athletes (median 1)
    tissue_capacity: float = 1.7  # strain tolerated, × the steady state of the start dose
    tissue_tau: float = 14.0  # days: how slowly tissue strain clears


def draw_params(rng: np.random.Generator) -> AthleteParams:
    """An athlete from the generator's population (the training and held-out draws)."""
    k1 = float(rng.uniform(0.008, 0.014))
    return AthleteParams(
        k1=k1,
        k2=k1 * float(rng.uniform(1.6, 2.6)),
        tau_fitness=float(rng.uniform(35.0, 50.0)),
        tau_fatigue=float(rng.uniform(6.0, 12.0)),
        sessions_per_week=int(rng.integers(3, 6)),
        start_rpe=float(rng.uniform(4.0, 6.5)),
        start_minutes=float(rng.uniform(30.0, 60.0)),
        adherence=float(rng.uniform(0.75, 0.97)),
        readiness_noise=float(rng.uniform(5.0, 12.0)),
        sleep_mean_h=float(rng.uniform(6.3, 8.0)),
        sleep_sd_h=float(rng.uniform(0.4, 1.0)),
        injury_base=float(rng.uniform(0.001, 0.003)),
        acwr_sensitivity=float(rng.uniform(2.5, 4.5)),
        monotony_sensitivity=float(rng.uniform(0.3, 0.8)),
        rpe_tolerance=float(rng.uniform(6.5, 8.0)),
        overreach_ratio=float(rng.uniform(1.35, 1.7)),
        fragility=float(np.exp(rng.normal(0.0, 0.5))),
        tissue_capacity=float(rng.uniform(1.4, 2.0)),
        tissue_tau=float(rng.uniform(10.0, 20.0)),
    )


# Written by hand, not by the generator: edge cases a coach meets (docs/models/ppo.md).
HAND_WRITTEN: tuple[AthleteParams, ...] = (
    AthleteParams(
        name="fragile beginner",
        k1=0.012, k2=0.03, tau_fitness=45, tau_fatigue=12, sessions_per_week=3,
        start_rpe=4.0, start_minutes=25, adherence=0.8, readiness_noise=10,
        sleep_mean_h=6.5, sleep_sd_h=0.9, injury_base=0.004, acwr_sensitivity=5.0,
        monotony_sensitivity=0.9, rpe_tolerance=6.0, overreach_ratio=1.3,
        fragility=2.0, tissue_capacity=1.4, tissue_tau=18,
    ),
    AthleteParams(
        name="robust veteran",
        k1=0.009, k2=0.015, tau_fitness=50, tau_fatigue=6, sessions_per_week=5,
        start_rpe=6.5, start_minutes=60, adherence=0.97, readiness_noise=5,
        sleep_mean_h=7.8, sleep_sd_h=0.4, injury_base=0.0008, acwr_sensitivity=2.0,
        monotony_sensitivity=0.2, rpe_tolerance=8.5, overreach_ratio=1.8,
        fragility=0.6, tissue_capacity=2.0, tissue_tau=10,
    ),
    AthleteParams(
        name="poor sleeper",
        k1=0.011, k2=0.024, tau_fitness=40, tau_fatigue=9, sessions_per_week=4,
        start_rpe=5.5, start_minutes=45, adherence=0.85, readiness_noise=12,
        sleep_mean_h=5.8, sleep_sd_h=1.3, injury_base=0.002, acwr_sensitivity=3.5,
        monotony_sensitivity=0.5, rpe_tolerance=7.0, overreach_ratio=1.45,
    ),
    AthleteParams(
        name="erratic adherence",
        k1=0.01, k2=0.02, tau_fitness=42, tau_fatigue=8, sessions_per_week=4,
        start_rpe=5.0, start_minutes=40, adherence=0.6, readiness_noise=8,
        sleep_mean_h=7.2, sleep_sd_h=0.7, injury_base=0.002, acwr_sensitivity=4.0,
        monotony_sensitivity=0.5, rpe_tolerance=7.5, overreach_ratio=1.5,
    ),
    AthleteParams(
        name="fast responder",
        k1=0.016, k2=0.022, tau_fitness=35, tau_fatigue=7, sessions_per_week=5,
        start_rpe=5.0, start_minutes=35, adherence=0.92, readiness_noise=6,
        sleep_mean_h=7.5, sleep_sd_h=0.5, injury_base=0.0015, acwr_sensitivity=3.0,
        monotony_sensitivity=0.4, rpe_tolerance=7.5, overreach_ratio=1.6,
    ),
)  # fmt: skip


_SCHEDULES = {3: (0, 2, 4), 4: (0, 1, 3, 5), 5: (0, 1, 2, 4, 5)}


@dataclass
class History:
    """Every simulated day so far (lists grow by a week per step)."""

    loads: list[float] = field(default_factory=list)
    rpe: list[float] = field(default_factory=list)  # 0 on days without a session
    readiness: list[float] = field(default_factory=list)
    sleep_h: list[float] = field(default_factory=list)
    performance: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class WeekResult:
    """What one simulated week did."""

    planned_minutes: float
    done_minutes: float
    performance_change: float
    injured: bool
    overreached: bool
    acwr: float | None
    monotony: float | None
    hazard: float = 0.0  # the week's injury chance under the athlete's injury model


class SimulatedAthlete:
    """An athlete living week by week under a prescription; seeded, so replays are exact.
    ``injury_model`` picks the hazard (module doc); both draw the same random numbers, so one
    seed gives the same athlete and the same days under either until an injury differs."""

    def __init__(
        self, params: AthleteParams, rng: np.random.Generator, injury_model: str = "acwr"
    ) -> None:
        if injury_model not in INJURY_MODELS:
            raise ValueError(f"injury_model is one of {INJURY_MODELS}, not {injury_model!r}")
        self.params = params
        self.injury_model = injury_model
        self.rng = rng
        self.history = History()
        self.rpe = params.start_rpe
        self.minutes = params.start_minutes
        self.rest_weeks = 0  # forced rest after an injury
        self.light_weeks = 0  # forced easy week after overreaching
        self.injuries = 0
        self.overreaches = 0
        # Start at the steady state of the starting prescription (a trained habit).
        daily = params.start_rpe * params.start_minutes * params.sessions_per_week / 7.0
        self.g = daily / (1.0 - math.exp(-1.0 / params.tau_fitness))
        self.h = daily / (1.0 - math.exp(-1.0 / params.tau_fatigue))
        self._fit_decay = math.exp(-1.0 / params.tau_fitness)
        self._fat_decay = math.exp(-1.0 / params.tau_fatigue)
        # Tissue strain (the ``strain`` model), from its steady state under the start dose.
        self._tissue_decay = math.exp(-1.0 / params.tissue_tau)
        self.tissue = daily * _strain_weight(params.start_rpe) / (1.0 - self._tissue_decay)
        self.capacity = params.tissue_capacity * self.tissue
        self._strain_days: list[float] = []  # strain / capacity on this week's session days

    @property
    def performance(self) -> float:
        p = self.params
        return p.k1 * self.g - p.k2 * self.h

    def fatigue_ratio(self) -> float:
        """Acute over chronic load implied by the model's states (1 at steady state)."""
        acute = self.h * (1.0 - self._fat_decay)
        chronic = self.g * (1.0 - self._fit_decay)
        return acute / chronic if chronic > 1e-9 else 1.0

    def prescribe(self, rpe: float, minutes: float) -> None:
        self.rpe = float(np.clip(rpe, RPE_MIN, RPE_MAX))
        self.minutes = float(np.clip(minutes, MINUTES_MIN, MINUTES_MAX))

    def week(self) -> WeekResult:
        """Live the next seven days under the current prescription."""
        p, rng, hist = self.params, self.rng, self.history
        schedule = _SCHEDULES[p.sessions_per_week]
        start_perf = self.performance
        resting = self.rest_weeks > 0
        light = self.light_weeks > 0
        rpe = self.rpe - (1.5 if light else 0.0)
        minutes = self.minutes * (0.5 if light else 1.0)
        planned = 0.0 if resting else minutes * len(schedule)
        done = 0.0
        self._strain_days = []
        for day in range(7):
            ratio = self.fatigue_ratio()
            sleep = float(rng.normal(p.sleep_mean_h, p.sleep_sd_h))
            sleep -= 0.4 * max(0.0, ratio - 1.2)  # hard blocks cost sleep
            sleep = _clip(sleep, 3.0, 11.0)
            readiness = (70.0 - 60.0 * (ratio - 1.0) + 6.0 * (sleep - p.sleep_mean_h)) + float(
                rng.normal(0.0, p.readiness_noise)
            )
            readiness = _clip(readiness, 0.0, 100.0)
            load = 0.0
            session_rpe = 0.0
            if not resting and day in schedule:
                # Adherence falls on bad days and with sessions harder than the athlete likes.
                chance = p.adherence + 0.004 * (readiness - 60.0) - 0.04 * max(0.0, rpe - 7.0)
                if rng.random() < _clip(chance, 0.05, 0.99):
                    felt = _clip(rpe + float(rng.normal(0.0, 0.3)), 0.0, 10.0)
                    load = felt * minutes
                    session_rpe = felt
                    done += minutes
            self.g = self.g * self._fit_decay + load
            self.h = self.h * self._fat_decay + load
            self.tissue = self.tissue * self._tissue_decay + load * _strain_weight(session_rpe)
            if load > 0:
                self._strain_days.append(self.tissue / self.capacity)
            hist.loads.append(load)
            hist.rpe.append(session_rpe)
            hist.readiness.append(readiness)
            hist.sleep_h.append(sleep)
            hist.performance.append(self.performance)
        acwr, mono, hazard = self._risk(schedule, rpe, resting)
        injured = bool(rng.random() < hazard)
        overreached = (
            not resting
            and not light
            and (
                self.fatigue_ratio() > p.overreach_ratio
                or float(np.mean(hist.readiness[-7:])) < 30.0
            )
        )
        if self.rest_weeks > 0:
            self.rest_weeks -= 1
        if self.light_weeks > 0:
            self.light_weeks -= 1
        if injured:
            self.injuries += 1
            self.rest_weeks = int(rng.integers(2, 5))
        if overreached:
            self.overreaches += 1
            self.light_weeks = 1
            self.h *= 1.15  # non-functional overreaching: fatigue lingers
        return WeekResult(
            planned_minutes=planned,
            done_minutes=done,
            performance_change=self.performance - start_perf,
            injured=injured,
            overreached=overreached,
            acwr=acwr,
            monotony=mono,
            hazard=hazard,
        )

    def _risk(
        self, schedule: tuple[int, ...], rpe: float, resting: bool
    ) -> tuple[float | None, float | None, float]:
        """This week's ACWR and monotony (analysis.load) and the chance of an injury in it."""
        p = self.params
        tail = np.asarray(self.history.loads[-35:], dtype=float)
        acwr_series = load_analysis.acwr_rolling_values(tail)[-7:]
        mono_series = load_analysis.monotony_values(tail)[-7:]
        last_acwr = _finite(acwr_series[-1])
        last_mono = _finite(mono_series[-1])
        if resting:
            return last_acwr, last_mono, 0.0
        if self.injury_model == "strain":
            base = p.injury_base * STRAIN_SCALE * p.fragility
            survive = 1.0
            for ratio in self._strain_days:
                survive *= 1.0 - min(base * ratio**STRAIN_POWER, 0.5)
            return last_acwr, last_mono, 1.0 - survive
        survive = 1.0
        loads = self.history.loads[-7:]
        for a, m, w in zip(acwr_series, mono_series, loads, strict=True):
            if w <= 0:
                continue
            hazard = p.injury_base
            if math.isfinite(a) and a > 1.2:
                hazard *= math.exp(p.acwr_sensitivity * (a - 1.2))
            if math.isfinite(m) and m > 2.0:
                hazard *= 1.0 + p.monotony_sensitivity * (m - 2.0)
            if rpe > p.rpe_tolerance:
                hazard *= 1.0 + 0.8 * (rpe - p.rpe_tolerance)
            survive *= 1.0 - min(hazard, 0.5)
        return last_acwr, last_mono, 1.0 - survive

    def snapshot(self) -> dict[str, float]:
        return {"rpe": self.rpe, "minutes": self.minutes, "performance": self.performance}


def _clip(value: float, low: float, high: float) -> float:
    """``np.clip`` for one float, without an array round trip (the week loop's hot path)."""
    return low if value < low else high if value > high else float(value)


def _strain_weight(rpe: float) -> float:
    """How much a unit of session-RPE load strains tissue at this RPE (1 at STRAIN_RPE_REF)."""
    return float((max(rpe, 0.0) / STRAIN_RPE_REF) ** STRAIN_RPE_EXP)


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(float(value)) else None


def with_name(params: AthleteParams, name: str) -> AthleteParams:
    return replace(params, name=name)


def weekly_load(params: AthleteParams, rpe: float, minutes: float) -> float:
    """The planned weekly session-RPE load (AU)."""
    return rpe * minutes * params.sessions_per_week


FloatArray = npt.NDArray[np.float64]
