"""Weekly hard sets per muscle, compared with volume landmarks (MEV, MAV, MRV).

Counting convention (fitcoach's, stated so the numbers can be checked):

- A set is *hard* when it was completed, is not a warm-up, and was stopped 4 or fewer reps
  short of failure (RIR ≤ 4) or its RIR is unknown. Hypertrophy falls off as sets end
  further from failure (Robinson et al. 2024, *Sports Med* 54:2209–2231), hence the cut-off;
  an unknown RIR is given the benefit of the doubt because most people do not log it.
- Each hard set counts 1 for every primary muscle of the exercise and 0.5 for every
  secondary muscle (the fractional counting of indirect sets in Pelland et al. 2024's
  dose–response meta-regressions).
- Weeks run Monday to Sunday and are keyed by their Monday.

Landmarks follow Israetel's volume landmarks (Renaissance Periodization: minimum effective
volume MEV, maximum adaptive volume MAV, maximum recoverable volume MRV; Israetel, Hoffmann &
Smith 2021, *Scientific Principles of Hypertrophy Training*) and the dose–response of
Schoenfeld et al. (2017) *J Sports Sci* 35(11):1073–1082 (more weekly sets, more growth, up
to a point). They are starting points to adjust from the athlete's response, not laws. The
analysis takes them as plain data; the coach layer loads and validates the shipped table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from fitcoach.analysis.strength import SetRecord
from fitcoach.core.errors import InvalidInput

HARD_SET_MAX_RIR = 4.0
PRIMARY_CREDIT = 1.0
SECONDARY_CREDIT = 0.5

VolumeStatus = Literal["below_mev", "productive", "above_mav", "above_mrv"]


@dataclass(frozen=True)
class Muscles:
    """The muscles an exercise trains."""

    primary: tuple[str, ...]
    secondary: tuple[str, ...] = ()


@dataclass(frozen=True)
class Landmarks:
    """Weekly hard sets: below ``mev`` too little, up to ``mav`` productive (the top of the
    maximum adaptive range), up to ``mrv`` more than most recover from for long."""

    mev: float
    mav: float
    mrv: float

    def __post_init__(self) -> None:
        if not 0 <= self.mev <= self.mav <= self.mrv:
            raise InvalidInput(
                f"landmarks must satisfy 0 <= MEV <= MAV <= MRV, got "
                f"{self.mev}, {self.mav}, {self.mrv}"
            )


@dataclass(frozen=True)
class MuscleVolume:
    """One muscle's weekly hard sets and where they stand; ``status`` None: no landmarks."""

    muscle: str
    sets: float
    landmarks: Landmarks | None
    status: VolumeStatus | None


def is_hard_set(
    *, completed: bool, is_warmup: bool, rir: float | None, max_rir: float = HARD_SET_MAX_RIR
) -> bool:
    """Whether a set counts toward weekly volume (completed, working, RIR ≤ 4 or unknown).

    >>> is_hard_set(completed=True, is_warmup=False, rir=2)
    True
    >>> is_hard_set(completed=True, is_warmup=False, rir=5)  # further than 4 reps from failure
    False
    >>> is_hard_set(completed=True, is_warmup=False, rir=None)  # unknown: it counts
    True
    """
    return completed and not is_warmup and (rir is None or rir <= max_rir)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week.

    >>> from datetime import date
    >>> week_start(date(2026, 11, 28))  # a Saturday
    datetime.date(2026, 11, 23)
    """
    return day - timedelta(days=day.weekday())


def weekly_hard_sets(
    sets: Iterable[SetRecord],
    muscles: Mapping[str, Muscles],
    *,
    max_rir: float = HARD_SET_MAX_RIR,
) -> dict[date, dict[str, float]]:
    """Hard sets per muscle per week (Monday → muscle → sets), by the convention above.

    The day of a set is ``SetRecord.at.date()``: give local times for local weeks. Every
    exercise of a hard set must be in ``muscles``.

    >>> from datetime import datetime, timezone
    >>> at = datetime(2026, 11, 25, 18, tzinfo=timezone.utc)
    >>> muscles = {'bench': Muscles(('chest',), ('triceps', 'front_delts'))}
    >>> weekly_hard_sets([SetRecord(at, 'bench', 8, 80, 2)] * 3, muscles)
    {datetime.date(2026, 11, 23): {'chest': 3.0, 'triceps': 1.5, 'front_delts': 1.5}}
    """
    weeks: dict[date, dict[str, float]] = {}
    for s in sets:
        if not is_hard_set(
            completed=s.completed, is_warmup=s.is_warmup, rir=s.rir, max_rir=max_rir
        ):
            continue
        trained = muscles.get(s.exercise)
        if trained is None:
            raise InvalidInput(
                f"no muscles known for exercise {s.exercise!r}; give its primary muscles"
            )
        week = weeks.setdefault(week_start(s.at.date()), {})
        for muscle in trained.primary:
            week[muscle] = week.get(muscle, 0.0) + PRIMARY_CREDIT
        for muscle in trained.secondary:
            week[muscle] = week.get(muscle, 0.0) + SECONDARY_CREDIT
    return weeks


def volume_status(sets: float, landmarks: Landmarks) -> VolumeStatus:
    """below_mev (< MEV), productive (MEV–MAV), above_mav (≤ MRV) or above_mrv (> MRV).

    >>> marks = Landmarks(mev=8, mav=16, mrv=22)
    >>> [volume_status(n, marks) for n in (4, 12, 18, 25)]
    ['below_mev', 'productive', 'above_mav', 'above_mrv']
    """
    if sets < landmarks.mev:
        return "below_mev"
    if sets <= landmarks.mav:
        return "productive"
    if sets <= landmarks.mrv:
        return "above_mav"
    return "above_mrv"


def compare_to_landmarks(
    sets_per_muscle: Mapping[str, float], landmarks: Mapping[str, Landmarks]
) -> list[MuscleVolume]:
    """Every muscle with landmarks (0 sets when untrained) and every trained muscle, by name.

    Trained muscles without landmarks (the table covers the muscles the sources do) get
    status None.

    >>> rows = compare_to_landmarks({'chest': 12, 'forearms': 2}, {'chest': Landmarks(8, 16, 22),
    ...                                                     'back': Landmarks(10, 18, 25)})
    >>> [(r.muscle, r.sets, r.status) for r in rows]
    [('back', 0.0, 'below_mev'), ('chest', 12.0, 'productive'), ('forearms', 2.0, None)]
    """
    names: Sequence[str] = sorted(set(sets_per_muscle) | set(landmarks))
    out = []
    for muscle in names:
        done = float(sets_per_muscle.get(muscle, 0.0))
        marks = landmarks.get(muscle)
        out.append(MuscleVolume(muscle, done, marks, volume_status(done, marks) if marks else None))
    return out
