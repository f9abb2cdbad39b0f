"""Training load and readiness: the monitoring use cases over an athlete's log.

**One load currency.** The daily load is session-RPE load in arbitrary units (AU = session
RPE on the CR-10 scale × minutes; Foster et al. 2001) for strength and cardio alike, because
every session kind can carry an RPE. Banister's TRIMP needs heart rate, exists only for some
cardio sessions and is on another scale, so it is reported beside the load (per session and
per day), never added to it nor converted into it. A session without an RPE contributes no
load; the report lists it, so that an unexpectedly low day can be explained.

**Assumptions** (each shows up in the report's notes when it was used):

- A strength session without a duration is estimated at 3 minutes per logged set (a set
  plus its rest; warm-up sets included).
- An imported strength session without a session RPE (the apps' exports carry none) is
  estimated at CR-10 ``IMPORTED_STRENGTH_RPE`` (5, "hard" on Foster's scale: a typical
  resistance session) × its minutes, so an imported history counts; such a session is marked
  ``rpe_estimated`` in the load report, and a readiness whose load windows hold one says
  ``load_estimated``. A session logged here without an RPE still adds no load (the athlete can
  rate it).
- Resting HR for TRIMP is the median of the athlete's daily resting HR over the fetched
  period; maximum HR is the highest logged in any cardio session, else 208 − 0.7 × age
  (Tanaka, Monahan & Seals 2001, *J Am Coll Cardiol* 37:153–156). TRIMP needs the profile's
  sex to be male or female (Banister's weightings are published for those two only).
- Days are the athlete's local days (profile time zone). ATL/CTL start from 0 up to 126 days
  (3 × the CTL time constant) before the report, or at the first logged session when that is
  later, so that the values in the range are warmed up; ACWR and monotony appear once their
  windows are full.
- Weekly hard sets count strength, plyometric and core exercises (cardio and mobility
  entries are not volume for a muscle), by the convention of ``fitcoach.analysis.volume``;
  landmarks come from ``coach/rules/volume_landmarks.yaml`` for the athlete's level.

One module a job: ``views`` (the report shapes), ``sessions`` (the log read as loads),
``series`` (the per-day series a report is cut from, and its cache), ``load_report``
(``training_load``), ``readiness_report`` (``readiness``, ``readiness_range``,
``daily_frame``). Every public name is importable from this package.
"""

from __future__ import annotations

from fitcoach.services.monitoring.load_report import training_load, training_load_json
from fitcoach.services.monitoring.readiness_report import (
    daily_frame,
    readiness,
    readiness_json,
    readiness_range,
)
from fitcoach.services.monitoring.series import GROW_DAYS, SERIES, check_day, local_today
from fitcoach.services.monitoring.sessions import (
    EARLIEST_DAY,
    IMPORT_SOURCE,
    IMPORTED_STRENGTH_RPE,
    MAX_PLAN_DAYS,
    MAX_RANGE_DAYS,
    MINUTES_PER_SET,
    VOLUME_CATEGORIES,
    WARMUP_DAYS,
)
from fitcoach.services.monitoring.views import (
    UNIT,
    E1rmPoint,
    E1rmTrend,
    LoadDay,
    LoadReport,
    LoadWeek,
    MuscleWeek,
    ProjectedDay,
    ReadinessComponent,
    ReadinessFinding,
    ReadinessReport,
    SessionLoad,
)

__all__ = [
    "EARLIEST_DAY",
    "GROW_DAYS",
    "IMPORTED_STRENGTH_RPE",
    "IMPORT_SOURCE",
    "MAX_PLAN_DAYS",
    "MAX_RANGE_DAYS",
    "MINUTES_PER_SET",
    "SERIES",
    "UNIT",
    "VOLUME_CATEGORIES",
    "WARMUP_DAYS",
    "E1rmPoint",
    "E1rmTrend",
    "LoadDay",
    "LoadReport",
    "LoadWeek",
    "MuscleWeek",
    "ProjectedDay",
    "ReadinessComponent",
    "ReadinessFinding",
    "ReadinessReport",
    "SessionLoad",
    "check_day",
    "daily_frame",
    "local_today",
    "readiness",
    "readiness_json",
    "readiness_range",
    "training_load",
    "training_load_json",
]
