"""Strength calculations: estimated one-repetition maximum and personal records.

e1RM uses Epley (1985) by default, or Brzycki (1993), on *reps to failure*: reps done plus
reps in reserve, the RIR-adjusted form used in RIR-based training (Zourdos et al. 2016;
Helms et al. 2016). Both formulas are published for sets to failure of up to about 10–12
reps; estimates from longer sets are returned but flagged as less reliable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Formula = Literal["epley", "brzycki"]
RELIABLE_MAX_REPS = 12


def rir_from_rpe(rpe: float) -> float:
    """Reps in reserve for a set's RPE on the RIR-based scale (RPE 10 = no rep left, RPE 8 =
    two; Zourdos et al. 2016): ``10 - RPE``, never below 0.

    >>> rir_from_rpe(8)
    2.0
    >>> rir_from_rpe(10.5)  # never below 0
    0.0
    """
    return max(0.0, 10.0 - rpe)


def rpe_from_rir(rir: float) -> float:
    """The RPE a set with ``rir`` reps in reserve feels like (``rir_from_rpe`` turned round).

    >>> rpe_from_rir(2)
    8.0
    """
    return 10.0 - rir


def e1rm_kg(
    weight_kg: float, reps: int, rir: float | None = 0.0, *, formula: Formula = "epley"
) -> float:
    """Estimated 1RM from one set; ``rir`` None counts as 0 (a set taken to failure).

    >>> round(e1rm_kg(100, 5, 0), 1)
    116.7
    >>> round(e1rm_kg(100, 5, 2), 1)  # 5 reps with 2 in reserve ≈ 7 to failure
    123.3
    """
    if weight_kg < 0 or reps < 0 or (rir is not None and rir < 0):
        raise ValueError("weight, reps and RIR must not be negative")
    if reps == 0 or weight_kg == 0:
        return 0.0
    to_failure = reps + (rir or 0.0)
    if to_failure <= 1:
        return weight_kg
    if formula == "epley":
        return weight_kg * (1.0 + to_failure / 30.0)
    if formula == "brzycki":
        if to_failure >= 37:
            raise ValueError("Brzycki is undefined at 37 or more reps to failure")
        return weight_kg * 36.0 / (37.0 - to_failure)
    raise ValueError(f"unknown formula {formula!r}")


@dataclass(frozen=True)
class SetRecord:
    """A logged set, as the calculators need it."""

    at: datetime
    exercise: str
    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool = True
    is_warmup: bool = False


@dataclass(frozen=True)
class PersonalRecords:
    """An exercise's bests, each with the date it was set.

    ``heaviest_kg`` is the heaviest weight lifted (``heaviest_reps``: the most reps done with
    it); ``best_set_volume_kg`` is reps x weight of the biggest set, a volume, not a weight.
    """

    exercise: str
    best_e1rm_kg: float
    best_e1rm_at: datetime
    heaviest_kg: float
    heaviest_at: datetime
    best_set_volume_kg: float
    best_set_volume_at: datetime
    most_reps: int
    e1rm_reliable: bool
    heaviest_reps: int


def personal_records(
    sets: Iterable[SetRecord], *, formula: Formula = "epley"
) -> dict[str, PersonalRecords]:
    """Personal records per exercise over completed working sets with a load.

    >>> from datetime import datetime, timezone
    >>> day = datetime(2026, 11, 2, 18, tzinfo=timezone.utc)
    >>> prs = personal_records([SetRecord(day, 'squat', 5, 100, 2), SetRecord(day, 'squat', 3, 110, 0),
    ...                      SetRecord(day, 'squat', 10, 60, None, is_warmup=True)])
    >>> prs['squat'].heaviest_kg, round(prs['squat'].best_e1rm_kg, 1), prs['squat'].best_set_volume_kg
    (110, 123.3, 500)
    """
    best: dict[str, PersonalRecords] = {}
    for s in sets:
        if not s.completed or s.is_warmup or not s.weight_kg or s.reps <= 0:
            continue
        est = e1rm_kg(s.weight_kg, s.reps, s.rir, formula=formula)
        volume = s.weight_kg * s.reps
        reliable = s.reps + (s.rir or 0) <= RELIABLE_MAX_REPS
        cur = best.get(s.exercise)
        if cur is None:
            best[s.exercise] = PersonalRecords(
                s.exercise, est, s.at, s.weight_kg, s.at, volume, s.at, s.reps, reliable, s.reps
            )
            continue
        heavier = s.weight_kg > cur.heaviest_kg
        more = s.weight_kg == cur.heaviest_kg and s.reps > cur.heaviest_reps
        best[s.exercise] = PersonalRecords(
            exercise=s.exercise,
            best_e1rm_kg=max(cur.best_e1rm_kg, est),
            best_e1rm_at=s.at if est > cur.best_e1rm_kg else cur.best_e1rm_at,
            heaviest_kg=max(cur.heaviest_kg, s.weight_kg),
            heaviest_at=s.at if heavier or more else cur.heaviest_at,
            heaviest_reps=s.reps if heavier or more else cur.heaviest_reps,
            best_set_volume_kg=max(cur.best_set_volume_kg, volume),
            best_set_volume_at=s.at if volume > cur.best_set_volume_kg else cur.best_set_volume_at,
            most_reps=max(cur.most_reps, s.reps),
            e1rm_reliable=reliable if est > cur.best_e1rm_kg else cur.e1rm_reliable,
        )
    return best


def e1rm_by_day(
    sets: Iterable[SetRecord], *, formula: Formula = "epley"
) -> list[tuple[datetime, float]]:
    """The best e1RM of each session day (for trends), in time order.

    >>> from datetime import datetime, timezone
    >>> monday, friday = (datetime(2026, 11, d, 18, tzinfo=timezone.utc) for d in (2, 6))
    >>> [(at.day, round(kg, 1)) for at, kg in e1rm_by_day([SetRecord(friday, 'bench', 5, 80, 1),
    ...     SetRecord(monday, 'bench', 5, 75, 1), SetRecord(monday, 'bench', 8, 70, 0)])]
    [(2, 90.0), (6, 96.0)]
    """
    days: dict[object, tuple[datetime, float]] = {}
    for s in sets:
        if not s.completed or s.is_warmup or not s.weight_kg or s.reps <= 0:
            continue
        est = e1rm_kg(s.weight_kg, s.reps, s.rir, formula=formula)
        day = s.at.date()
        if day not in days or est > days[day][1]:
            days[day] = (s.at, est)
    return sorted(days.values())
