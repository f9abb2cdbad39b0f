"""Energy: resting metabolic rate, daily energy expenditure, and energy and macro targets.

Pure functions (numbers and dates in, dataclasses out). Sources and rules:

- **BMR** by Mifflin–St Jeor (Mifflin et al. 1990, Am J Clin Nutr 51:241):
  ``10·kg + 6.25·cm − 5·age + 5`` (men) or ``− 161`` (women). For sex "other" or unknown the
  mean of the two equations (``− 78``) is used: half-way between, so neither is assumed.
- **TDEE (formula)** = BMR × a *non-exercise* activity factor + exercise energy from logged
  training. The factors are the usual multipliers (1.2 sedentary … 1.9 extra active;
  McArdle, Katch & Katch, *Exercise Physiology*), applied here to daily life *outside*
  logged training, so the default is 1.2 (desk job; it includes ~10 % thermic effect of
  food). Choosing a higher level and logging training would count training twice.
- **Exercise energy** per session: the wearable's logged calories when present, otherwise
  net MET energy ``(MET − 1) × kg × hours`` (1 MET ≈ 1 kcal·kg⁻¹·h⁻¹; the resting MET is
  already in the BMR; Ainsworth et al. 2011 Compendium of Physical Activities). Never both:
  a session is counted once, and two sessions that overlap in time by at least half of the
  shorter one are the same activity recorded twice (a logged workout and the watch's
  "strength" activity): only one counts, the one with wearable calories if any.
  Wearable calories are taken as reported (devices that report total rather than active
  calories overcount by about 1 kcal per kg per hour).
- **Adaptive TDEE** (energy balance, as in Hall et al. 2011, Lancet 378:826, and
  MacroFactor-style trend tracking): with at least 14 days that have both intake and weight
  in the last 28, ``TDEE = mean intake − slope × 7700 kcal/kg``, the slope (kg/day) from a
  robust Theil–Sen fit of the weight series (insensitive to water-weight outliers). 7700
  kcal per kg of weight change is the classic approximation (Wishnofsky 1958); early in a
  diet part of the loss is water and glycogen, so short windows overstate the deficit.
- **Targets**: fat loss −15…−20 % of TDEE, muscle gain +5…+10 %, maintenance otherwise.
  Floors (conservative defaults, not clinical thresholds): never below BMR × 1.1 nor
  1,200 kcal (women) / 1,500 kcal (men, and "other"/unknown, the higher floor). Protein
  1.6–2.2 g/kg (Morton et al. 2018, Br J Sports Med 52:376; Jäger et al. 2017, ISSN
  position stand), toward the higher end in a deficit (Helms et al. 2014). Above a BMI of
  30, g/kg amounts use the weight at BMI 30 (body-weight recommendations come from studies
  of non-obese people). Fat at least 0.8 g/kg and 20 % of energy (AMDR 20–35 %, IOM 2005),
  aimed at 25 %; carbohydrate is the rest.

fitcoach is not a medical device: these are estimates for healthy adults, not advice for
pregnancy, eating disorders, diabetes or other conditions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations
from statistics import NormalDist
from typing import Literal, cast

import numpy as np
import numpy.typing as npt

from fitcoach.core.errors import InvalidInput

KCAL_PER_KG = 7700.0
WINDOW_DAYS = 28
MIN_ADAPTIVE_DAYS = 14

ACTIVITY_FACTORS: dict[str, float] = {
    "sedentary": 1.2,
    "lightly_active": 1.375,
    "moderately_active": 1.55,
    "very_active": 1.725,
    "extra_active": 1.9,
}
DEFAULT_ACTIVITY = "sedentary"

# Used when a session's activity is not in the exercise library: a moderate effort
# (the Compendium's moderate band is 3-6 MET).
UNKNOWN_ACTIVITY_MET = 4.0

Goal = Literal["fat_loss", "muscle_gain", "maintenance"]
GOALS: tuple[Goal, ...] = ("fat_loss", "muscle_gain", "maintenance")

# Energy change as a fraction of TDEE: (low, high) of the range; the target is the middle.
ENERGY_CHANGE: dict[str, tuple[float, float]] = {
    "fat_loss": (-0.20, -0.15),
    "muscle_gain": (0.05, 0.10),
    "maintenance": (0.0, 0.0),
}
# Protein g/kg: (minimum, target, maximum).
PROTEIN_G_PER_KG: dict[str, tuple[float, float, float]] = {
    "fat_loss": (1.8, 2.0, 2.2),
    "muscle_gain": (1.6, 1.8, 2.2),
    "maintenance": (1.6, 1.6, 2.2),
}
FAT_MIN_G_PER_KG = 0.8
FAT_MIN_ENERGY_SHARE = 0.20
FAT_TARGET_ENERGY_SHARE = 0.25
FLOOR_BMR_FACTOR = 1.1
FLOOR_KCAL = {"female": 1200.0, "male": 1500.0}
FLOOR_KCAL_OTHER = 1500.0
PROTEIN_REFERENCE_BMI = 30.0


def bmr_mifflin_st_jeor(
    *, weight_kg: float, height_cm: float, age_years: float, sex: str | None
) -> float:
    """Resting energy expenditure in kcal/day (Mifflin–St Jeor 1990).

    ``sex`` "male" or "female"; anything else uses the mean of the two equations.

    >>> bmr_mifflin_st_jeor(weight_kg=70, height_cm=175, age_years=30, sex="male")
    1648.75
    >>> bmr_mifflin_st_jeor(weight_kg=60, height_cm=165, age_years=25, sex="female")
    1345.25
    """
    if weight_kg <= 0 or height_cm <= 0 or age_years < 0:
        raise ValueError("weight, height and age must be positive")
    base = 10.0 * weight_kg + 6.25 * height_cm - 5.0 * age_years
    if sex == "male":
        return base + 5.0
    if sex == "female":
        return base - 161.0
    return base - 78.0


# --- exercise energy --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseSession:
    """A training session as the energy calculation needs it.

    ``met`` None means the activity is unknown (``UNKNOWN_ACTIVITY_MET`` is assumed);
    ``wearable_kcal`` is what a device logged for the session, if anything.
    """

    started_at: datetime
    duration_h: float
    met: float | None = None
    wearable_kcal: float | None = None
    kind: str = "cardio"
    label: str = ""


@dataclass(frozen=True)
class SessionEnergy:
    """The energy a session adds, and how it was counted."""

    session: ExerciseSession
    kcal: float
    method: Literal["wearable", "met", "duplicate"]
    note: str = ""


def net_met_kcal(met: float, weight_kg: float, duration_h: float) -> float:
    """Exercise energy above rest: ``(MET − 1) × kg × h`` (never negative).

    >>> net_met_kcal(8.0, 70, 0.5)  # half an hour at 8 MET
    245.0
    >>> net_met_kcal(0.8, 70, 1)  # below rest: none
    0.0
    """
    return max(met - 1.0, 0.0) * weight_kg * max(duration_h, 0.0)


def _overlap_h(a: ExerciseSession, b: ExerciseSession) -> float:
    a_end = a.started_at + timedelta(hours=a.duration_h)
    b_end = b.started_at + timedelta(hours=b.duration_h)
    start = max(a.started_at, b.started_at)
    end = min(a_end, b_end)
    return max((end - start).total_seconds() / 3600.0, 0.0)


def _same_activity(a: ExerciseSession, b: ExerciseSession) -> bool:
    shorter = min(a.duration_h, b.duration_h)
    if shorter <= 0:
        return a.started_at == b.started_at
    return _overlap_h(a, b) >= 0.5 * shorter


def exercise_energy(sessions: Iterable[ExerciseSession], weight_kg: float) -> list[SessionEnergy]:
    """Energy per session, oldest first, each activity counted once.

    Sessions that overlap by at least half of the shorter one form one group; the group's
    energy comes from one session: the one with wearable calories (the longest if several),
    otherwise the longest by MET. The others are marked ``duplicate`` with 0 kcal.
    """
    ordered = sorted(sessions, key=lambda s: s.started_at)
    groups: list[list[int]] = []
    for i, session in enumerate(ordered):
        for group in groups:
            if any(_same_activity(ordered[j], session) for j in group):
                group.append(i)
                break
        else:
            groups.append([i])
    out: dict[int, SessionEnergy] = {}
    for group in groups:
        with_device = [i for i in group if (ordered[i].wearable_kcal or 0) > 0]
        pool = with_device or group
        chosen = max(pool, key=lambda i: (ordered[i].duration_h, -i))
        for i in group:
            s = ordered[i]
            if i != chosen:
                kept = ordered[chosen].label or ordered[chosen].kind
                out[i] = SessionEnergy(s, 0.0, "duplicate", f"same time as {kept}; counted once")
            elif i in with_device:
                out[i] = SessionEnergy(s, float(s.wearable_kcal or 0.0), "wearable")
            else:
                met = s.met if s.met is not None else UNKNOWN_ACTIVITY_MET
                note = "" if s.met is not None else f"unknown activity; assumed {met:g} MET"
                out[i] = SessionEnergy(s, net_met_kcal(met, weight_kg, s.duration_h), "met", note)
    return [out[i] for i in range(len(ordered))]


# --- TDEE ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormulaTdee:
    """TDEE from BMR × non-exercise factor + logged exercise averaged over ``days``."""

    bmr_kcal: float
    activity_level: str
    activity_factor: float
    non_exercise_kcal: float
    exercise_kcal_per_day: float
    tdee_kcal: float
    days: int
    sessions: tuple[SessionEnergy, ...] = ()


def formula_tdee(
    bmr_kcal: float,
    sessions: Iterable[ExerciseSession],
    weight_kg: float,
    *,
    days: int = WINDOW_DAYS,
    activity: str = DEFAULT_ACTIVITY,
) -> FormulaTdee:
    """TDEE = BMR × ``ACTIVITY_FACTORS[activity]`` + exercise energy of ``sessions`` / ``days``."""
    if activity not in ACTIVITY_FACTORS:
        raise ValueError(
            f"unknown activity level {activity!r}; use one of {list(ACTIVITY_FACTORS)}"
        )
    if days < 1:
        raise ValueError("days must be at least 1")
    factor = ACTIVITY_FACTORS[activity]
    energies = tuple(exercise_energy(sessions, weight_kg))
    per_day = sum(e.kcal for e in energies) / days
    non_exercise = bmr_kcal * factor
    return FormulaTdee(
        bmr_kcal=bmr_kcal,
        activity_level=activity,
        activity_factor=factor,
        non_exercise_kcal=non_exercise,
        exercise_kcal_per_day=per_day,
        tdee_kcal=non_exercise + per_day,
        days=days,
        sessions=energies,
    )


@dataclass(frozen=True)
class DayRecord:
    """One day's logged energy intake and body weight (either may be missing)."""

    day: date
    intake_kcal: float | None = None
    weight_kg: float | None = None


@dataclass(frozen=True)
class AdaptiveTdee:
    """TDEE from intake and the weight trend; ``tdee_kcal`` None when there is too little data.

    The interval comes from the slope's Theil–Sen confidence interval (``confidence``).
    """

    tdee_kcal: float | None
    tdee_low_kcal: float | None
    tdee_high_kcal: float | None
    days_with_both: int
    intake_days: int
    weight_days: int
    mean_intake_kcal: float | None
    slope_kg_per_day: float | None
    slope_low_kg_per_day: float | None
    slope_high_kg_per_day: float | None
    window_days: int
    confidence: float
    reason: str


def theil_sen(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], *, confidence: float = 0.95
) -> tuple[float, float, float]:
    """The Theil–Sen slope of ``y`` on ``x`` (the median of the slopes between every two points)
    and its ``confidence`` interval by Sen (1968), eq. 2.6, ties counted: (slope, low, high).

    The same numbers as ``scipy.stats.theilslopes(y, x, alpha=confidence)`` (its algorithm,
    step for step; ``tests/analysis/test_energy.py`` compares them), without importing
    ``scipy.stats``: that import costs a command about a second, the estimate a millisecond.
    Sen P.K. (1968) Estimates of the regression coefficient based on Kendall's tau. *J Am
    Stat Assoc* 63(324):1379–1389.

    >>> import numpy as np
    >>> slope, low, high = theil_sen(np.arange(6.0), np.array([80.0, 79.9, 79.7, 79.8, 79.5, 79.4]))
    >>> round(slope, 3), round(low, 3), round(high, 3)
    (-0.12, -0.2, -0.05)
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if len(x) != len(y) or len(x) < 2:
        raise InvalidInput("Theil–Sen needs two series of the same length, at least 2")
    dx = x[:, np.newaxis] - x
    dy = y[:, np.newaxis] - y
    slopes = dy[dx > 0] / dx[dx > 0]
    if not slopes.size:
        return math.nan, math.nan, math.nan  # every x the same: no slope
    slopes.sort()
    slope = float(np.median(slopes))
    alpha = 1.0 - confidence if confidence > 0.5 else confidence
    z = NormalDist().inv_cdf(alpha / 2.0)
    n = len(y)
    ties = sum(int(k) * (int(k) - 1) * (2 * int(k) + 5) for k in (*_repeats(x), *_repeats(y)))
    variance = 1 / 18.0 * (n * (n - 1) * (2 * n + 5) - ties)
    sigma = math.sqrt(variance) if variance >= 0 else math.nan
    if not math.isfinite(sigma):
        return slope, math.nan, math.nan
    upper = min(int(np.round((len(slopes) - z * sigma) / 2.0)), len(slopes) - 1)
    lower = max(int(np.round((len(slopes) + z * sigma) / 2.0)) - 1, 0)
    return slope, float(slopes[lower]), float(slopes[upper])


def _repeats(values: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """How often each value that occurs more than once occurs."""
    _, counts = np.unique(values, return_counts=True)
    return np.asarray(counts[counts > 1], dtype=np.int64)


def adaptive_tdee(
    records: Sequence[DayRecord],
    *,
    end: date,
    window_days: int = WINDOW_DAYS,
    min_days: int = MIN_ADAPTIVE_DAYS,
    kcal_per_kg: float = KCAL_PER_KG,
    confidence: float = 0.95,
) -> AdaptiveTdee:
    """Energy-balance TDEE over the ``window_days`` ending on ``end`` (inclusive).

    Needs ``min_days`` days with both intake and weight. The mean intake is over every day
    with intake in the window, the slope over every day with a weight.
    """
    start = end - timedelta(days=window_days - 1)
    inside = [r for r in records if start <= r.day <= end]
    intakes = [r.intake_kcal for r in inside if r.intake_kcal is not None]
    weights = [(r.day, r.weight_kg) for r in inside if r.weight_kg is not None]
    both = sum(1 for r in inside if r.intake_kcal is not None and r.weight_kg is not None)

    def short(reason: str) -> AdaptiveTdee:
        return AdaptiveTdee(
            None, None, None, both, len(intakes), len(weights), None, None, None, None,
            window_days, confidence, reason,
        )  # fmt: skip

    if both < min_days:
        return short(
            f"{both} day(s) with both intake and weight in the last {window_days}; "
            f"{min_days} are needed for a trend-based estimate"
        )
    x = np.array([(d - start).days for d, _ in weights], dtype=float)
    y = np.array([w for _, w in weights], dtype=float)
    slope, low, high = theil_sen(x, y, confidence=confidence)
    mean_intake = float(np.mean(intakes))
    tdee = mean_intake - slope * kcal_per_kg
    return AdaptiveTdee(
        tdee_kcal=tdee,
        tdee_low_kcal=mean_intake - high * kcal_per_kg,
        tdee_high_kcal=mean_intake - low * kcal_per_kg,
        days_with_both=both,
        intake_days=len(intakes),
        weight_days=len(weights),
        mean_intake_kcal=mean_intake,
        slope_kg_per_day=slope,
        slope_low_kg_per_day=low,
        slope_high_kg_per_day=high,
        window_days=window_days,
        confidence=confidence,
        reason=(
            f"{both} days with intake and weight: mean intake {mean_intake:.0f} kcal, "
            f"weight trend {slope * 7:+.2f} kg/week"
        ),
    )


# --- targets -------------------------------------------------------------------------------


# The reference athlete the protein target is explained against: maintenance, 70 kg, no BMI cap.
PROTEIN_REFERENCE_GOAL = "maintenance"
PROTEIN_REFERENCE_WEIGHT_KG = 70.0


@dataclass(frozen=True)
class Contribution:
    """One input's share of a rule's output against a reference (an exact Shapley value)."""

    factor: str
    value: str
    amount: float  # in the output's unit (grams of protein)
    text: str


def _protein_rule(goal: str, weight_kg: float, height_cm: float | None) -> float:
    return PROTEIN_G_PER_KG[goal][1] * reference_weight_kg(weight_kg, height_cm)


def protein_contributions(
    goal: str, weight_kg: float, height_cm: float | None
) -> tuple[float, tuple[Contribution, ...]]:
    """Why the protein target is what it is: the reference athlete's target (maintenance,
    70 kg, no BMI cap: 112 g) and each input's exact Shapley value against it (goal, body
    weight, height through the BMI-30 cap), in grams; the reference plus the shares is the
    target. The rule has three inputs, so every coalition is evaluated (no sampling)."""
    players = ("goal", "weight", "height")
    mine: dict[str, object] = {"goal": goal, "weight": weight_kg, "height": height_cm}
    ref: dict[str, object] = {
        "goal": PROTEIN_REFERENCE_GOAL,
        "weight": PROTEIN_REFERENCE_WEIGHT_KG,
        "height": None,
    }

    def value(coalition: frozenset[str]) -> float:
        x = {p: (mine[p] if p in coalition else ref[p]) for p in players}
        h = x["height"]
        return _protein_rule(
            str(x["goal"]),
            float(cast(float, x["weight"])),
            None if h is None else float(cast(float, h)),
        )

    n = len(players)
    shares: dict[str, float] = {}
    for p in players:
        others = [q for q in players if q != p]
        total = 0.0
        for size in range(n):
            for coalition in combinations(others, size):
                weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
                c = frozenset(coalition)
                total += weight * (value(c | {p}) - value(c))
        shares[p] = total
    base = value(frozenset())
    g_per_kg = PROTEIN_G_PER_KG[goal][1]
    ref_weight = reference_weight_kg(weight_kg, height_cm)
    words = {
        "goal": (
            goal.replace("_", " "),
            f"Your goal ({goal.replace('_', ' ')}) sets {g_per_kg:g} g per kg "
            f"against {PROTEIN_G_PER_KG[PROTEIN_REFERENCE_GOAL][1]:g} g/kg for maintenance",
        ),
        "weight": (
            f"{weight_kg:g} kg",
            f"Your body weight ({weight_kg:g} kg against the reference {PROTEIN_REFERENCE_WEIGHT_KG:g} kg)",
        ),
        "height": (
            "not given" if height_cm is None else f"{height_cm:g} cm",
            (
                f"Your height caps the weight used at a BMI of {PROTEIN_REFERENCE_BMI:g} "
                f"({ref_weight:.0f} kg instead of {weight_kg:g} kg)"
                if ref_weight < weight_kg
                else "Your height does not cap the weight used (BMI under 30)"
            ),
        ),
    }
    out = tuple(
        Contribution(
            factor=p,
            value=words[p][0],
            amount=round(shares[p], 1),
            text=f"{words[p][1]}: {shares[p]:+.0f} g.",
        )
        for p in sorted(players, key=lambda q: -abs(shares[q]))
    )
    return round(base, 1), out


@dataclass(frozen=True)
class NutritionTargets:
    """Daily energy and macro targets, with how they were reached.

    ``kcal_low``–``kcal_high`` is the goal's range; ``kcal`` its middle (never below
    ``floor_kcal``). Protein, fat and carbohydrate are grams per day.
    """

    goal: str
    kcal: float
    kcal_low: float
    kcal_high: float
    protein_g: float
    protein_min_g: float
    protein_max_g: float
    fat_g: float
    fat_min_g: float
    carbs_g: float
    bmr_kcal: float
    tdee_kcal: float
    tdee_method: Literal["adaptive", "formula"]
    floor_kcal: float
    weight_kg: float
    reference_weight_kg: float
    reasons: tuple[str, ...] = ()
    formula: FormulaTdee | None = None
    adaptive: AdaptiveTdee | None = None
    # The protein target explained: the reference athlete's target and each input's share.
    protein_reference_g: float = 0.0
    protein_why: tuple[Contribution, ...] = ()


def energy_floor_kcal(bmr_kcal: float, sex: str | None) -> float:
    """The lowest daily target fitcoach proposes: max(BMR × 1.1, 1,200 women / 1,500 others).

    >>> round(energy_floor_kcal(1345.25, 'female'))
    1480
    >>> energy_floor_kcal(1000, 'female')  # the floor for women
    1200.0
    """
    return max(bmr_kcal * FLOOR_BMR_FACTOR, FLOOR_KCAL.get(sex or "", FLOOR_KCAL_OTHER))


def reference_weight_kg(weight_kg: float, height_cm: float | None) -> float:
    """Body weight for g/kg amounts: the weight, capped at the weight of a BMI of 30.

    >>> reference_weight_kg(80, 180)
    80
    >>> round(reference_weight_kg(120, 175), 1)  # capped at BMI 30
    91.9
    """
    if height_cm is None:
        return weight_kg
    cap = PROTEIN_REFERENCE_BMI * (height_cm / 100.0) ** 2
    return min(weight_kg, cap)


def _round10(x: float, floor: float = 0.0) -> float:
    """``x`` to the nearest 10 kcal, but never below ``floor`` (then rounded up)."""
    return max(float(round(x / 10.0) * 10.0), float(math.ceil(floor / 10.0) * 10.0))


def nutrition_targets(
    *,
    goal: str,
    tdee_kcal: float,
    bmr_kcal: float,
    weight_kg: float,
    sex: str | None,
    height_cm: float | None = None,
    tdee_method: Literal["adaptive", "formula"] = "formula",
    formula: FormulaTdee | None = None,
    adaptive: AdaptiveTdee | None = None,
    reasons: Sequence[str] = (),
) -> NutritionTargets:
    """Energy and macro targets for ``goal`` from a TDEE (see the module notes)."""
    if goal not in ENERGY_CHANGE:
        raise ValueError(f"unknown goal {goal!r}; use one of {list(ENERGY_CHANGE)}")
    if tdee_kcal <= 0 or bmr_kcal <= 0 or weight_kg <= 0:
        raise ValueError("TDEE, BMR and weight must be positive")
    notes = list(reasons)
    floor = energy_floor_kcal(bmr_kcal, sex)
    lo_change, hi_change = ENERGY_CHANGE[goal]
    kcal_low = _round10(tdee_kcal * (1 + lo_change), floor)
    kcal_high = _round10(tdee_kcal * (1 + hi_change), floor)
    kcal = _round10(tdee_kcal * (1 + (lo_change + hi_change) / 2), floor)
    if goal == "fat_loss":
        notes.append(
            f"fat loss: {abs(hi_change):.0%}–{abs(lo_change):.0%} below the estimated "
            f"maintenance of {tdee_kcal:.0f} kcal"
        )
    elif goal == "muscle_gain":
        notes.append(
            f"muscle gain: {lo_change:.0%}–{hi_change:.0%} above the estimated maintenance "
            f"of {tdee_kcal:.0f} kcal"
        )
    else:
        notes.append(f"maintenance: the estimated {tdee_kcal:.0f} kcal")
    if kcal_low <= floor + 10 and goal == "fat_loss":
        notes.append(
            f"held at the floor of {floor:.0f} kcal (BMR × {FLOOR_BMR_FACTOR:g} or "
            f"{FLOOR_KCAL.get(sex or '', FLOOR_KCAL_OTHER):.0f} kcal): fitcoach does not go lower"
        )
    if floor >= tdee_kcal:
        notes.append(
            "the floor is at or above your estimated maintenance, so this is no deficit; "
            "for weight loss at this size talk to a dietitian or doctor"
        )

    ref = reference_weight_kg(weight_kg, height_cm)
    if ref < weight_kg:
        notes.append(
            f"protein and fat per kg use {ref:.0f} kg (the weight at BMI "
            f"{PROTEIN_REFERENCE_BMI:g}) rather than {weight_kg:.0f} kg"
        )
    p_min, p_target, p_max = PROTEIN_G_PER_KG[goal]
    protein = p_target * ref
    notes.append(
        f"protein {p_target:g} g/kg (range {p_min:g}–{p_max:g} g/kg; Morton et al. 2018, ISSN 2017)"
    )
    fat_min = max(FAT_MIN_G_PER_KG * ref, FAT_MIN_ENERGY_SHARE * kcal / 9.0)
    fat = max(fat_min, FAT_TARGET_ENERGY_SHARE * kcal / 9.0)
    carbs = (kcal - 4.0 * protein - 9.0 * fat) / 4.0
    if carbs < 0:  # only with extreme inputs: give fat back to its minimum first
        fat = fat_min
        carbs = max((kcal - 4.0 * protein - 9.0 * fat) / 4.0, 0.0)
        notes.append("fat set to its minimum to leave room for protein")
    protein_base, protein_why = protein_contributions(goal, weight_kg, height_cm)
    return NutritionTargets(
        goal=goal,
        kcal=kcal,
        kcal_low=kcal_low,
        kcal_high=kcal_high,
        protein_g=round(protein, 1),
        protein_min_g=round(p_min * ref, 1),
        protein_max_g=round(p_max * ref, 1),
        fat_g=round(fat, 1),
        fat_min_g=round(fat_min, 1),
        carbs_g=round(carbs, 1),
        bmr_kcal=round(bmr_kcal, 1),
        tdee_kcal=round(tdee_kcal, 1),
        tdee_method=tdee_method,
        floor_kcal=round(floor, 1),
        weight_kg=weight_kg,
        reference_weight_kg=round(ref, 1),
        reasons=tuple(notes),
        formula=formula,
        adaptive=adaptive,
        protein_reference_g=protein_base,
        protein_why=protein_why,
    )
