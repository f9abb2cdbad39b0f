"""Blind evaluation protocols for readiness and injury risk on PMData.

Provenance
----------
Written blind on 2026-11-26 by a helper who had not seen the product's readiness or risk
rules, its models, their documentation or their tests. Every definition below (loader,
split, targets, row sets, baselines, metrics) was fixed from the data's own description and
a look at the raw files, before any model was run against it. **Do not change this module
to fit a model.** If a definition is wrong, fix it in a separate, reviewed change that says
why, and re-report every model already evaluated under the old definition.

Data
----
PMData (Thambawita et al., "PMData: a sports logging dataset", ACM MMSys 2020): 16
participants ``p01`` … ``p16`` in Norway, November 2019 to March 2020. Files used per
participant: ``pmsys/wellness.csv``, ``pmsys/srpe.csv``, ``pmsys/injury.csv``,
``fitbit/resting_heart_rate.json``, ``fitbit/sleep.json``.

Time
~~~~
* PMSys timestamps (wellness, sRPE, injury) are UTC (``...Z``). They are converted to
  Europe/Oslo wall-clock time (this handles the 2020-03-29 daylight-saving change).
* **Athlete day.** A day runs from 04:00 to 04:00 local time and is labelled by the calendar
  date on which it starts (``DAY_START_HOUR``). A wellness report sent at 00:40 on the 17th
  is the late report of the 16th (it still describes the night before the 16th: such
  reports otherwise collide with the genuine report of the 17th), and a session logged at
  01:00 belongs to the evening before. Reports between 04:00 and 24:00 keep their date.
* Fitbit files carry device-local wall-clock times without a zone; they are used as they
  are. ``resting_heart_rate.json`` gives one value per calendar date; ``sleep.json`` gives
  ``dateOfSleep``, the date on which the sleep ended.

Athlete-day table (``PMData.days``)
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
One row per person and athlete day, every day from the person's first to last date seen in
any source (continuous, so that ``shift(1)`` is the day before). Columns:

* ``fatigue, mood, readiness, sleep_duration_h, sleep_quality, soreness, stress``: the
  wellness report of that day. Scales (PMData paper): readiness 0-10; sleep duration in
  whole hours; the five others 1-5 where **higher is better for every one of them**
  (fatigue 5 = very fresh, mood 5 = very good, sleep quality 5 = very restful, soreness
  5 = not sore, stress 5 = very relaxed). ``item_direction_check`` recomputes, from the
  data, each item's within-person Spearman correlation with readiness as a sanity check of
  that direction (all are positive in this copy of the data).
* ``wellness_time``: local time the kept report was sent; ``n_wellness_reports``.
* ``load``: daily session load in arbitrary units, the sum over that day's sessions of
  perceived exertion (CR-10, 0-10) x duration (minutes). Inside the person's sRPE logging
  period (first to last logged session) a day without a session has load 0; outside it the
  load is unknown (NaN), because "no session logged" cannot be told from "not logging".
  ``n_sessions`` likewise.
* ``rhr``: Fitbit daily resting heart rate (bpm) of that calendar date.
* ``sleep_min``, ``sleep_end``: minutes asleep (``minutesAsleep``) and end time of the Fitbit
  main sleep whose ``dateOfSleep`` is that date, i.e. the night ending that morning.
* ``n_injury_reports``, ``injury_areas`` (";"-joined body areas of the day's last report,
  "" for an explicit "no injury"), ``injury_n_areas``.

Cleaning choices (each counted in ``PMData.report``)
~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
* Wellness rows whose seven items are all 0 are blank submissions and are dropped.
* A 0 (or any value off the scale) on a 1-5 item is set missing for that item only;
  readiness 0 is on its 0-10 scale and is kept (the load report notes, computed, the
  persons for whom 0 or a single value dominates their readiness).
* Several reports on one athlete day: the first one is the morning report and is kept; if
  further reports follow it within 30 minutes (``CORRECTION_WINDOW``), the last of that run
  is taken as a correction of it. Later reports that day are dropped.
* sRPE rows without exertion or duration are dropped (p16 logged only empty sessions). Exact
  double submissions (same activity, exertion and duration, ending within 10 minutes of the
  previous one) are dropped. Two different sessions logged seconds apart are kept: the
  timestamp is the time the session was logged, which is usually but not always its end.
* Fitbit resting HR of 0 (with ``date`` null) is a placeholder for "no value" and is set
  missing. Fitbit sleep logs are deduplicated by ``logId`` (the export repeats some); naps
  (``mainSleep`` false) are not used; when two different main sleeps share a date, the
  longer is kept.

Split
-----
``HELD_OUT_PERSONS`` are 5 of the 16 participants, drawn once with
``numpy.random.default_rng(SPLIT_SEED).permutation(16)[:5]`` over ``ALL_PERSONS`` (see
``draw_held_out``); ``DEV_PERSONS`` are the other 11. Develop, calibrate and tune on
``DEV_PERSONS`` only (leave one person out inside them). Evaluate ``HELD_OUT_PERSONS`` once,
at the end, and report that figure whatever it is.

Readiness protocol
------------------
Target: the readiness (0-10) reported in the wellness report of athlete day D.

What is known by the morning of D (``morning_view``):

* everything on days before D (loads, resting HR, sleep, injury reports, and, in the
  ``with_items`` track, every wellness item including earlier readiness);
* the Fitbit main sleep of the night ending on D;
* in the ``with_items`` track only, the items of D's own report other than readiness
  (they are answered in the same questionnaire, before or alongside readiness);
* **not** the load of D (sessions of D happen after the morning report, or at least cannot
  be known to precede it), **not** the resting HR of D (Fitbit computes a date's resting
  HR from that whole day's heart rate, most of which is recorded after the morning), **not**
  injury reports sent on D, and never the readiness of D.

Tracks: ``objective`` (no wellness item of any day; Fitbit and the sRPE load log only) and
``with_items`` (as above).

Rows (``readiness_rows``): athlete days with a valid readiness on D, a valid readiness on
D-1, a Fitbit main sleep for the night ending on D and all six other items of D present.
The last three are required so that every baseline is defined on exactly the same rows. A
model must give a score for every row; a missing score is an error, not a skipped row.

Baselines (direction: higher score = more ready):

* ``yesterday_readiness``: readiness of D-1 (uses self-report);
* ``fitbit_sleep_min``: minutes asleep in the night ending on D (objective);
* ``soreness_mood_fatigue``: soreness + mood + fatigue of D, a plain sum (all three
  higher-is-better, so no sign flips; uses self-report);
* ``all_items_sum``: fatigue + mood + sleep_quality + soreness + stress + sleep_duration_h
  of D, a plain sum with sleep duration in hours (uses self-report).

Metrics: per-person Spearman rho (persons with at least ``MIN_ROWS_PER_PERSON`` rows and a
non-constant target and score; summarised by their mean), pooled Spearman rho over all
rows, and within-person rho (Spearman rho of the person-demeaned score and target, pooled).
95 % CIs are percentile intervals over ``n_boot`` (default 2000) person-bootstrap resamples
(persons drawn with replacement, all their rows kept, seeded). Model-minus-baseline
differences use the same resamples (paired).

Injury-risk protocol
--------------------
Injury reports (``pmsys/injury.csv``) are irregular, mostly weekly, each listing the body
areas the athlete reports as injured now (``{}`` = none). **Onset**: a report naming at least
one area whose previous report (same person) named none, sent at most
``MAX_REPORT_GAP_DAYS`` (14) days after that previous report. The onset date is the
athlete day of the report, so it is the day the injury was first *reported*; the true onset
lies between the two reports. A first-ever report that names an area is an injury of
unknown start (not an onset); a non-empty report following an empty one by more than 14
days is an onset that cannot be placed in time (not an onset; the days it spans are
excluded). Per-area rules ("a new body area") were considered and rejected: one person
(p12) reports a shifting set of areas almost daily and would supply most events.

Target of day D: an onset on one of D+1 … D+7. Rows (``risk_rows``) are days D where

* the person has an injury file and the last report sent on or before D named no injury
  (days while an injury is ongoing are marked ``ongoing_injury`` and excluded: under this
  definition no onset can happen then);
* the target is observable: either an onset falls in D+1 … D+7, or some report was sent on
  or after D+7 and no gap between consecutive reports from the last one on or before D to
  that one exceeds 14 days;
* 28 days of sRPE logging precede D (D-28 … D-1 all inside the person's logging period):
  the warm-up of the ACWR baseline.

Baselines (from the loads of D-1 and earlier only):

* ``acwr``: mean daily load over D-7 … D-1 divided by mean daily load over D-28 … D-1
  (rolling averages, coupled, days without sessions = 0); 0 when the 28-day mean is 0;
* ``load_7d_mean``: mean daily load over D-7 … D-1.

AUC uses the raw baseline score (higher = more risk, fixed in advance). Brier score and the
reliability table need probabilities: each baseline score is mapped to one by a logistic
regression fitted on the rows of ``DEV_PERSONS`` other than the person being scored (leave
one person out inside DEV; held-out persons are scored with all of DEV). ``base_rate`` is the
same leave-one-out DEV rate, a no-information reference for the Brier score. AUC and Brier
have 95 % person-bootstrap CIs; resamples without both classes give no AUC and are counted.
The reliability table has 10 equal-count bins of predicted risk (ties share a bin), since
with a base rate of a few percent equal-width bins would put nearly everything in one.

Run ``python -m fitcoach.ml.validation.blind_pmdata`` for the load report and the baseline
figures on both person sets.
"""

from __future__ import annotations

import ast
import json
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Final, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats
from sklearn.linear_model import LogisticRegression

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
Track = Literal["objective", "with_items"]

# --------------------------------------------------------------------------- constants

LOCAL_TZ: Final = "Europe/Oslo"
DAY_START_HOUR: Final = 4
CORRECTION_WINDOW: Final = pd.Timedelta(minutes=30)
DOUBLE_SUBMISSION_WINDOW: Final = pd.Timedelta(minutes=10)
MAX_REPORT_GAP_DAYS: Final = 14
RISK_HORIZON_DAYS: Final = 7
ACUTE_DAYS: Final = 7
CHRONIC_DAYS: Final = 28
MIN_ROWS_PER_PERSON: Final = 10
MIN_PERSONS_FOR_CI: Final = 5  # below this, result tables carry a caution line
N_BOOT_DEFAULT: Final = 2000
BOOTSTRAP_SEED: Final = 11262026
SPLIT_SEED: Final = 20261126
N_HELD_OUT: Final = 5

ALL_PERSONS: Final[tuple[str, ...]] = tuple(f"p{i:02d}" for i in range(1, 17))
# The literal result of draw_held_out(SPLIT_SEED); a test checks the two agree.
HELD_OUT_PERSONS: Final[tuple[str, ...]] = ("p02", "p06", "p07", "p11", "p12")
DEV_PERSONS: Final[tuple[str, ...]] = tuple(p for p in ALL_PERSONS if p not in HELD_OUT_PERSONS)

WELLNESS_ITEMS: Final[tuple[str, ...]] = (
    "fatigue",
    "mood",
    "readiness",
    "sleep_duration_h",
    "sleep_quality",
    "soreness",
    "stress",
)
#: Valid closed ranges. sleep_duration_h 0 is the blank form's value, so hours start at 1.
ITEM_RANGES: Final[Mapping[str, tuple[int, int]]] = {
    "fatigue": (1, 5),
    "mood": (1, 5),
    "readiness": (0, 10),
    "sleep_duration_h": (1, 24),
    "sleep_quality": (1, 5),
    "soreness": (1, 5),
    "stress": (1, 5),
}
#: PMData scale direction: +1 = a higher value means the athlete is better off.
HIGHER_IS_BETTER: Final[Mapping[str, int]] = {
    "fatigue": 1,  # 1 very tired ... 5 very fresh
    "mood": 1,  # 1 very bad ... 5 very good
    "readiness": 1,  # 0 not ready ... 10 fully ready to train
    "sleep_duration_h": 1,  # hours
    "sleep_quality": 1,  # 1 very poor ... 5 very restful
    "soreness": 1,  # 1 very sore ... 5 not sore at all
    "stress": 1,  # 1 very stressed ... 5 very relaxed
}
ITEMS_EXCEPT_READINESS: Final[tuple[str, ...]] = tuple(
    i for i in WELLNESS_ITEMS if i != "readiness"
)
#: Columns of day D hidden from a predictor on the morning of D (readiness in both tracks).
NOT_KNOWN_ON_THE_MORNING: Final[tuple[str, ...]] = (
    "load",
    "n_sessions",
    "rhr",
    "n_injury_reports",
    "injury_areas",
    "injury_n_areas",
    "readiness",
)
WELLNESS_COLUMNS: Final[tuple[str, ...]] = (
    *WELLNESS_ITEMS,
    "wellness_time",
    "n_wellness_reports",
)

MODEL: Final = "model"


def draw_held_out(seed: int = SPLIT_SEED, k: int = N_HELD_OUT) -> tuple[str, ...]:
    """Draw ``k`` held-out participants from ``ALL_PERSONS`` with a seeded permutation."""
    order = np.random.default_rng(seed).permutation(len(ALL_PERSONS))[:k]
    return tuple(sorted(ALL_PERSONS[int(i)] for i in order))


def default_pmdata_dir() -> Path:
    """``$FITCOACH_PMDATA_DIR``, else the first ``shared/data/pmdata`` above this file."""
    env = os.environ.get("FITCOACH_PMDATA_DIR")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "pmdata"
        if candidate.is_dir():
            return candidate
    return Path("shared/data/pmdata")


# --------------------------------------------------------------------------- load report


@dataclass
class LoadReport:
    """Counts of rows read, dropped and altered by the loader, with the reason for each."""

    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, n: int) -> None:
        """Add ``n`` to the count ``key``."""
        self.counts[key] = self.counts.get(key, 0) + int(n)

    def note(self, text: str) -> None:
        """Record a remark about the data."""
        self.notes.append(text)

    def to_markdown(self) -> str:
        """The counts as a table, then the notes."""
        lines = ["| what | rows |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in self.counts.items()]
        if self.notes:
            lines += ["", *[f"- {n}" for n in self.notes]]
        return "\n".join(lines)


# --------------------------------------------------------------------------- time helpers


def _utc_to_local_naive(ts: pd.Series) -> pd.Series:
    """UTC timestamps to Europe/Oslo wall-clock time without a zone."""
    local: pd.Series = ts.dt.tz_convert(LOCAL_TZ)
    return pd.Series(local.dt.tz_localize(None), index=ts.index)


def athlete_day(local_wall_clock: pd.Series) -> pd.Series:
    """The athlete day (04:00 to 04:00 local) of naive local wall-clock timestamps."""
    shifted: pd.Series = local_wall_clock - pd.Timedelta(hours=DAY_START_HOUR)
    return pd.Series(shifted.dt.normalize(), index=local_wall_clock.index)


# --------------------------------------------------------------------------- readers


def _read_wellness(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    frames = []
    for p in persons:
        path = root / p / "pmsys" / "wellness.csv"
        if not path.exists():
            rep.note(f"{p}: no pmsys/wellness.csv")
            continue
        frame = pd.read_csv(path)
        frame["person"] = p
        frames.append(frame)
    w = pd.concat(frames, ignore_index=True)
    rep.add("wellness: rows read", len(w))
    ts = pd.to_datetime(w["effective_time_frame"], utc=True, errors="coerce")
    bad_ts = ts.isna()
    rep.add("wellness: dropped, unreadable timestamp", int(bad_ts.sum()))
    w = w.loc[~bad_ts].copy()
    w["wellness_time"] = _utc_to_local_naive(ts[~bad_ts])
    w["date"] = athlete_day(w["wellness_time"])
    for item in WELLNESS_ITEMS:
        w[item] = pd.to_numeric(w[item], errors="coerce").astype(float)
    blank = (w[list(WELLNESS_ITEMS)] == 0).all(axis=1)
    rep.add("wellness: dropped, blank submission (all seven items 0)", int(blank.sum()))
    w = w.loc[~blank].copy()
    for item, (lo, hi) in ITEM_RANGES.items():
        col = w[item].copy()
        rep.add(f"wellness: {item} missing in the file", int(col.isna().sum()))
        off = col.notna() & ((col < lo) | (col > hi) | (col % 1 != 0))
        rep.add(f"wellness: {item} off its {lo}-{hi} scale, set missing", int(off.sum()))
        w.loc[off, item] = np.nan
    w = w.sort_values(["person", "wellness_time"], kind="mergesort")
    w["n_wellness_reports"] = w.groupby(["person", "date"])["wellness_time"].transform("size")
    keep: list[int] = []
    corrections = 0
    for _, group in w.groupby(["person", "date"], sort=False):
        index = group.index.to_list()
        times = group["wellness_time"].to_list()
        chosen = index[0]
        for k in range(1, len(index)):
            if times[k] - times[k - 1] <= CORRECTION_WINDOW:
                chosen = index[k]
            else:
                break
        corrections += int(chosen != index[0])
        keep.append(chosen)
    rep.add("wellness: dropped, another report kept for the same athlete day", len(w) - len(keep))
    rep.add("wellness: days whose kept report is a correction within 30 min", corrections)
    w = w.loc[keep]
    rep.add("wellness: athlete days with a report", len(w))
    return w[["person", "date", *WELLNESS_ITEMS, "wellness_time", "n_wellness_reports"]]


def _read_sessions(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    frames = []
    for p in persons:
        path = root / p / "pmsys" / "srpe.csv"
        if not path.exists():
            rep.note(f"{p}: no pmsys/srpe.csv")
            continue
        frame = pd.read_csv(path)
        frame["person"] = p
        frames.append(frame)
    s = pd.concat(frames, ignore_index=True)
    rep.add("srpe: rows read", len(s))
    ts = pd.to_datetime(s["end_date_time"], utc=True, errors="coerce")
    s["rpe"] = pd.to_numeric(s["perceived_exertion"], errors="coerce").astype(float)
    s["minutes"] = pd.to_numeric(s["duration_min"], errors="coerce").astype(float)
    empty = ts.isna() | s["rpe"].isna() | s["minutes"].isna()
    rep.add("srpe: dropped, no exertion, duration or timestamp", int(empty.sum()))
    off = ~empty & ((s["rpe"] < 0) | (s["rpe"] > 10) | (s["minutes"] <= 0) | (s["minutes"] > 600))
    rep.add("srpe: dropped, exertion off 0-10 or duration off 1-600 min", int(off.sum()))
    ok = ~empty & ~off
    s = s.loc[ok].copy()
    s["end_local"] = _utc_to_local_naive(ts[ok])
    s["activity"] = s["activity_names"].map(_activity_label)
    s = s.sort_values(["person", "end_local"], kind="mergesort").reset_index(drop=True)
    prev = s.groupby("person")[["activity", "rpe", "minutes", "end_local"]].shift(1)
    double = (
        (s["activity"] == prev["activity"])
        & (s["rpe"] == prev["rpe"])
        & (s["minutes"] == prev["minutes"])
        & ((s["end_local"] - prev["end_local"]) <= DOUBLE_SUBMISSION_WINDOW)
    )
    rep.add("srpe: dropped, exact double submission within 10 min", int(double.sum()))
    s = s.loc[~double].copy()
    s["date"] = athlete_day(s["end_local"])
    s["load"] = s["rpe"] * s["minutes"]
    rep.add("srpe: sessions kept", len(s))
    return s[["person", "date", "end_local", "activity", "rpe", "minutes", "load"]]


def _activity_label(raw: object) -> str:
    try:
        value = ast.literal_eval(str(raw))
    except (ValueError, SyntaxError):
        return str(raw)
    if isinstance(value, list | tuple):
        return "+".join(str(v) for v in value)
    return str(value)


def _read_rhr(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    rows: list[tuple[str, pd.Timestamp, float]] = []
    for p in persons:
        path = root / p / "fitbit" / "resting_heart_rate.json"
        if not path.exists():
            rep.note(f"{p}: no fitbit/resting_heart_rate.json")
            continue
        for entry in json.loads(path.read_text()):
            rep.add("rhr: rows read", 1)
            value = entry.get("value") or {}
            bpm = value.get("value")
            date = pd.Timestamp(str(entry["dateTime"])[:10])
            if bpm is None or not 25.0 <= float(bpm) <= 130.0:
                rep.add("rhr: dropped, 0 placeholder or outside 25-130 bpm", 1)
                continue
            rows.append((p, date, float(bpm)))
    r = pd.DataFrame(rows, columns=["person", "date", "rhr"])
    dup = r.duplicated(["person", "date"])
    rep.add("rhr: dropped, second value for a date", int(dup.sum()))
    r = r.loc[~dup]
    rep.add("rhr: days kept", len(r))
    return r


def _read_sleep(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    rows: list[tuple[str, int, pd.Timestamp, float, pd.Timestamp, bool]] = []
    for p in persons:
        path = root / p / "fitbit" / "sleep.json"
        if not path.exists():
            rep.note(f"{p}: no fitbit/sleep.json")
            continue
        for e in json.loads(path.read_text()):
            rows.append(
                (
                    p,
                    int(e["logId"]),
                    pd.Timestamp(str(e["dateOfSleep"])),
                    float(e.get("minutesAsleep") or 0.0),
                    pd.Timestamp(str(e["endTime"])),
                    bool(e.get("mainSleep", False)),
                )
            )
    s = pd.DataFrame(rows, columns=["person", "log_id", "date", "sleep_min", "sleep_end", "main"])
    rep.add("sleep: logs read", len(s))
    dup = s.duplicated(["person", "log_id"])
    rep.add("sleep: dropped, repeated logId", int(dup.sum()))
    s = s.loc[~dup]
    nap = ~s["main"]
    rep.add("sleep: dropped, not the main sleep (nap)", int(nap.sum()))
    s = s.loc[~nap]
    zero = s["sleep_min"] <= 0
    rep.add("sleep: dropped, 0 minutes asleep", int(zero.sum()))
    s = s.loc[~zero].sort_values(["person", "date", "sleep_min"], ascending=[True, True, False])
    second = s.duplicated(["person", "date"])
    rep.add("sleep: dropped, shorter of two main sleeps on one date", int(second.sum()))
    s = s.loc[~second]
    late = s["sleep_end"].dt.hour >= 12
    rep.add("sleep: kept nights ending at or after 12:00 (late sleepers, info)", int(late.sum()))
    rep.add("sleep: nights kept", len(s))
    return s[["person", "date", "sleep_min", "sleep_end"]]


def _read_injuries(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    frames = []
    for p in persons:
        path = root / p / "pmsys" / "injury.csv"
        if not path.exists():
            rep.note(f"{p}: no pmsys/injury.csv (excluded from the risk protocol)")
            continue
        frame = pd.read_csv(path)
        frame["person"] = p
        frames.append(frame)
    inj = pd.concat(frames, ignore_index=True)
    rep.add("injury: reports read", len(inj))
    ts = pd.to_datetime(inj["effective_time_frame"], utc=True, errors="coerce")
    parsed = inj["injuries"].map(_parse_injuries)
    bad = ts.isna() | parsed.isna()
    rep.add("injury: dropped, unreadable timestamp or injury field", int(bad.sum()))
    inj = inj.loc[~bad].copy()
    inj["time_local"] = _utc_to_local_naive(ts[~bad])
    inj["date"] = athlete_day(inj["time_local"])
    inj["areas"] = parsed[~bad].map(lambda d: ";".join(sorted(d)))
    inj["n_areas"] = parsed[~bad].map(len).astype(int)
    inj["major"] = parsed[~bad].map(lambda d: any(str(v) == "major" for v in d.values()))
    inj = inj.sort_values(["person", "time_local"], kind="mergesort").reset_index(drop=True)
    return inj[["person", "date", "time_local", "areas", "n_areas", "major"]]


def _parse_injuries(raw: object) -> dict[str, object] | None:
    try:
        value = ast.literal_eval(str(raw))
    except (ValueError, SyntaxError):
        return None
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else None


# --------------------------------------------------------------------------- the data


class PMData:
    """The loaded PMData: athlete-day table, sessions, injury reports and the load report."""

    def __init__(
        self,
        days: pd.DataFrame,
        sessions: pd.DataFrame,
        injury_reports: pd.DataFrame,
        report: LoadReport,
    ) -> None:
        self.days = days
        self.sessions = sessions
        self.injury_reports = injury_reports
        self.report = report

    @cached_property
    def onsets(self) -> pd.DataFrame:
        """Injury onsets by the rule in the module docstring, with the unplaced ones."""
        return injury_onsets(self.injury_reports)

    @cached_property
    def readiness_frame(self) -> pd.DataFrame:
        """Every athlete day with its readiness target, baselines and row status."""
        return _readiness_frame(self.days)

    @cached_property
    def risk_frame(self) -> pd.DataFrame:
        """Every athlete day with its risk target, load baselines and row status."""
        return _risk_frame(self.days, self.injury_reports)


def load_pmdata(root: Path | str | None = None) -> PMData:
    """Load PMData into an athlete-day table (cached per directory; do not mutate it)."""
    return _load_cached(str(Path(root) if root is not None else default_pmdata_dir()))


@lru_cache(maxsize=4)
def _load_cached(root_str: str) -> PMData:
    root = Path(root_str)
    persons = [p for p in ALL_PERSONS if (root / p).is_dir()]
    if not persons:
        raise FileNotFoundError(f"no PMData participants under {root}")
    rep = LoadReport()
    wellness = _read_wellness(root, persons, rep)
    sessions = _read_sessions(root, persons, rep)
    rhr = _read_rhr(root, persons, rep)
    sleep = _read_sleep(root, persons, rep)
    injuries = _read_injuries(root, persons, rep)
    days = _assemble_days(persons, wellness, sessions, rhr, sleep, injuries, rep)
    _note_oddities(days, rep)
    return PMData(days=days, sessions=sessions, injury_reports=injuries, report=rep)


def _assemble_days(
    persons: Sequence[str],
    wellness: pd.DataFrame,
    sessions: pd.DataFrame,
    rhr: pd.DataFrame,
    sleep: pd.DataFrame,
    injuries: pd.DataFrame,
    rep: LoadReport,
) -> pd.DataFrame:
    sources = [wellness, sessions, rhr, sleep, injuries]
    spans = pd.concat([s[["person", "date"]] for s in sources]).groupby("person")["date"]
    first, last = spans.min(), spans.max()
    index = [
        (p, d)
        for p in persons
        if p in first.index
        for d in pd.date_range(first[p], last[p], freq="D")
    ]
    days = pd.DataFrame(index, columns=["person", "date"])

    daily = (
        sessions.groupby(["person", "date"])
        .agg(load=("load", "sum"), n_sessions=("load", "size"))
        .reset_index()
    )
    days = days.merge(daily, on=["person", "date"], how="left")
    period = sessions.groupby("person")["date"].agg(["min", "max"])
    in_period = pd.Series(False, index=days.index)
    for p, row in period.iterrows():
        in_period |= (days["person"] == p) & days["date"].between(row["min"], row["max"])
    days["load"] = days["load"].fillna(0.0).where(in_period)
    days["n_sessions"] = days["n_sessions"].fillna(0.0).where(in_period)
    no_log = sorted(set(persons) - set(period.index))
    if no_log:
        rep.note(f"no usable sRPE session at all (load unknown every day): {', '.join(no_log)}")

    days = days.merge(wellness, on=["person", "date"], how="left")
    days = days.merge(rhr, on=["person", "date"], how="left")
    days = days.merge(sleep, on=["person", "date"], how="left")
    last_report = injuries.groupby(["person", "date"]).agg(
        n_injury_reports=("areas", "size"),
        injury_areas=("areas", "last"),
        injury_n_areas=("n_areas", "last"),
    )
    days = days.merge(last_report.reset_index(), on=["person", "date"], how="left")
    days["n_wellness_reports"] = days["n_wellness_reports"].fillna(0).astype(int)
    days["n_injury_reports"] = days["n_injury_reports"].fillna(0.0)
    days["injury_n_areas"] = days["injury_n_areas"].astype(float)
    days = days.sort_values(["person", "date"]).reset_index(drop=True)
    rep.add("days: athlete days in the table", len(days))
    return days


def _note_oddities(days: pd.DataFrame, rep: LoadReport) -> None:
    """Computed remarks on readiness use and Fitbit coverage, per person."""
    for person, d in days.groupby("person"):
        ready = d["readiness"].dropna()
        if len(ready) == 0:
            continue
        zeros = float((ready == 0).mean())
        modal = float(ready.value_counts(normalize=True).iloc[0])
        if zeros >= 0.1:
            first, last = d.loc[d["readiness"] == 0, "date"].agg(["min", "max"])
            rep.note(
                f"{person}: readiness 0 on {zeros:.0%} of reports ({first:%Y-%m-%d} to "
                f"{last:%Y-%m-%d}); kept as reported, but it may be an untouched slider"
            )
        if modal >= 0.9:
            rep.note(f"{person}: one readiness value on {modal:.0%} of reports (nearly constant)")
        nights = int(d["sleep_min"].notna().sum())
        if nights < 0.25 * len(ready):
            rep.note(f"{person}: Fitbit main sleep on only {nights} nights")


def item_direction_check(data: PMData) -> dict[str, float]:
    """Within-person (demeaned) Spearman rho of each item with readiness, all rows."""
    d = data.days.dropna(subset=["readiness"])
    out: dict[str, float] = {}
    for item in ITEMS_EXCEPT_READINESS:
        sub = d.dropna(subset=[item])
        x = sub[item] - sub.groupby("person")[item].transform("mean")
        y = sub["readiness"] - sub.groupby("person")["readiness"].transform("mean")
        out[item] = _spearman(x.to_numpy(float), y.to_numpy(float))
    return out


# --------------------------------------------------------------------------- morning view


def morning_view(days: pd.DataFrame, date: object, track: Track) -> pd.DataFrame:
    """What a predictor may see on the morning of athlete day ``date``, every person.

    Rows after ``date`` are removed; on ``date`` itself the load, sessions, resting HR,
    injury reports and readiness are hidden (NaN). In the ``objective`` track every wellness
    column of every day is removed.
    """
    day = pd.Timestamp(str(date)).normalize()
    view = days.loc[days["date"] <= day].copy()
    today = view["date"] == day
    for col in NOT_KNOWN_ON_THE_MORNING:
        if col in view.columns:
            view[col] = view[col].astype(float if col != "injury_areas" else object)
            view.loc[today, col] = np.nan
    if track == "objective":
        view = view.drop(columns=[c for c in WELLNESS_COLUMNS if c in view.columns])
    elif track != "with_items":
        raise ValueError(f"unknown track {track!r}")
    return view


# --------------------------------------------------------------------------- baselines


@dataclass(frozen=True)
class Baseline:
    """A baseline score: its column, whether it uses self-report, what it is."""

    name: str
    uses_self_report: bool
    description: str


READINESS_BASELINES: Final[tuple[Baseline, ...]] = (
    Baseline("yesterday_readiness", True, "readiness of D-1"),
    Baseline("fitbit_sleep_min", False, "Fitbit minutes asleep, night ending on D"),
    Baseline("soreness_mood_fatigue", True, "soreness + mood + fatigue of D"),
    Baseline("all_items_sum", True, "sum of the six items of D other than readiness"),
)
RISK_BASELINES: Final[tuple[Baseline, ...]] = (
    Baseline("acwr", False, "7-day / 28-day mean daily sRPE load, to D-1"),
    Baseline("load_7d_mean", False, "mean daily sRPE load over D-7 … D-1"),
)


def readiness_baselines(days: pd.DataFrame) -> pd.DataFrame:
    """The readiness baselines for every row of a continuous athlete-day table."""
    out = days[["person", "date"]].copy()
    out["yesterday_readiness"] = days.groupby("person")["readiness"].shift(1)
    out["fitbit_sleep_min"] = days["sleep_min"]
    out["soreness_mood_fatigue"] = _signed_sum(days, ("soreness", "mood", "fatigue"))
    out["all_items_sum"] = _signed_sum(days, ITEMS_EXCEPT_READINESS)
    return out


def _signed_sum(days: pd.DataFrame, items: Sequence[str]) -> pd.Series:
    """Plain sum of ``items`` oriented by ``HIGHER_IS_BETTER``; NaN if any item is missing."""
    total = pd.Series(0.0, index=days.index)
    for item in items:
        total = total + HIGHER_IS_BETTER[item] * days[item]
    return total


def load_baselines(days: pd.DataFrame) -> pd.DataFrame:
    """ACWR and 7-day mean load from loads of D-1 and earlier, for every row."""
    out = days[["person", "date"]].copy()
    before = days.groupby("person")["load"].shift(1)
    grouped = before.groupby(days["person"])
    acute = grouped.transform(lambda s: s.rolling(ACUTE_DAYS, min_periods=ACUTE_DAYS).mean())
    chronic = grouped.transform(lambda s: s.rolling(CHRONIC_DAYS, min_periods=CHRONIC_DAYS).mean())
    out["acute"] = acute
    out["chronic"] = chronic
    ratio = acute / chronic.where(chronic > 0)
    out["acwr"] = ratio.where(~((chronic == 0) & acute.notna()), 0.0)
    out["load_7d_mean"] = acute
    return out


# --------------------------------------------------------------------------- row sets


def _readiness_frame(days: pd.DataFrame) -> pd.DataFrame:
    frame = readiness_baselines(days)
    frame["target"] = days["readiness"]
    items_ok = days[list(ITEMS_EXCEPT_READINESS)].notna().all(axis=1)
    status = np.select(
        [
            days["readiness"].isna(),
            frame["yesterday_readiness"].isna(),
            frame["fitbit_sleep_min"].isna(),
            ~items_ok,
        ],
        ["no_readiness", "no_readiness_yesterday", "no_fitbit_sleep", "item_missing"],
        default="included",
    )
    frame["status"] = status
    return frame


def injury_onsets(reports: pd.DataFrame) -> pd.DataFrame:
    """Each non-empty report after an empty one, with its gap and whether it is an onset."""
    r = reports.sort_values(["person", "time_local"], kind="mergesort")
    prev_n = r.groupby("person")["n_areas"].shift(1)
    prev_date = r.groupby("person")["date"].shift(1)
    first_after_clear = (r["n_areas"] > 0) & (prev_n == 0)
    out = r.loc[first_after_clear, ["person", "date", "areas", "major"]].copy()
    out["gap_days"] = (r["date"] - prev_date).dt.days[first_after_clear]
    out["onset"] = out["gap_days"] <= MAX_REPORT_GAP_DAYS
    return out.reset_index(drop=True)


def _risk_frame(days: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    frame = load_baselines(days)
    frame["target"] = np.nan
    status = pd.Series("no_injury_file", index=frame.index, dtype=object)
    onsets = injury_onsets(reports)
    for person, rep in reports.groupby("person"):
        rows = frame.index[frame["person"] == person]
        if len(rows) == 0:
            continue
        dates = frame.loc[rows, "date"].to_numpy("datetime64[D]")
        rdates = rep["date"].to_numpy("datetime64[D]")
        rempty = rep["n_areas"].to_numpy() == 0
        gaps_ok = np.diff(rdates).astype(int) <= MAX_REPORT_GAP_DAYS  # gap after report i
        bad_gap_cum = np.concatenate([[0], np.cumsum(~gaps_ok)])
        on = onsets.loc[(onsets["person"] == person) & onsets["onset"], "date"]
        on_dates = np.sort(on.to_numpy("datetime64[D]"))
        last = np.searchsorted(rdates, dates, side="right") - 1
        horizon = dates + np.timedelta64(RISK_HORIZON_DAYS, "D")
        first_after = np.searchsorted(rdates, horizon, side="left")
        lo = np.searchsorted(on_dates, dates + np.timedelta64(1, "D"), side="left")
        hi = np.searchsorted(on_dates, horizon, side="right")
        positive = hi > lo
        st = np.full(len(rows), "included", dtype=object)
        target = positive.astype(float)
        for k in range(len(rows)):
            a = last[k]
            if a < 0:
                st[k] = "before_first_report"
            elif not rempty[a]:
                st[k] = "ongoing_injury"
            elif positive[k]:
                st[k] = "included"
            elif bad_gap_cum[min(first_after[k], len(rdates) - 1)] - bad_gap_cum[a] > 0:
                st[k] = "unplaced_gap"
            elif first_after[k] >= len(rdates):
                st[k] = "no_follow_up"
        status.loc[rows] = st
        frame.loc[rows, "target"] = np.where(st == "included", target, np.nan)
    no_load = status.eq("included") & frame["acwr"].isna()
    status[no_load] = "load_history_missing"
    frame.loc[no_load, "target"] = np.nan
    frame["status"] = status
    return frame


def readiness_rows(
    persons: Iterable[str] = DEV_PERSONS, data: PMData | None = None
) -> pd.DataFrame:
    """The rows a readiness model must score: person, date, target and the baselines."""
    data = data if data is not None else load_pmdata()
    f = data.readiness_frame
    keep = (f["status"] == "included") & f["person"].isin(_check_persons(persons))
    return f.loc[keep].drop(columns="status").reset_index(drop=True)


def risk_rows(persons: Iterable[str] = DEV_PERSONS, data: PMData | None = None) -> pd.DataFrame:
    """The rows a risk model must score: person, date, target and the load baselines."""
    data = data if data is not None else load_pmdata()
    f = data.risk_frame
    keep = (f["status"] == "included") & f["person"].isin(_check_persons(persons))
    return f.loc[keep].drop(columns="status").reset_index(drop=True)


def _check_persons(persons: Iterable[str]) -> tuple[str, ...]:
    out = tuple(dict.fromkeys(str(p) for p in persons))
    unknown = [p for p in out if p not in ALL_PERSONS]
    if unknown or not out:
        raise ValueError(f"unknown or no persons: {unknown}")
    return out


# --------------------------------------------------------------------------- statistics


def _spearman(x: FloatArray, y: FloatArray) -> float:
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    rx = stats.rankdata(x)
    ry = stats.rankdata(y)
    return float(np.corrcoef(rx, ry)[0, 1])


def auc(y: FloatArray, score: FloatArray) -> float:
    """ROC AUC by the rank-sum (Mann-Whitney) formula; ties count one half. NaN if one class."""
    pos = y == 1
    n1 = int(pos.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = stats.rankdata(score)
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _brier(y: FloatArray, p: FloatArray) -> float:
    return float(np.mean((p - y) ** 2)) if len(y) else float("nan")


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its percentile bootstrap 95 % CI."""

    value: float
    low: float
    high: float
    n_valid: int

    def fmt(self, digits: int = 3) -> str:
        """``value [low, high]``."""
        if np.isnan(self.value):
            return "n/a"
        return f"{self.value:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


def percentile_ci(point: float, boot: FloatArray, level: float = 0.95) -> Estimate:
    """Percentile CI of the finite bootstrap values around ``point``."""
    finite = boot[np.isfinite(boot)]
    if len(finite) == 0:
        return Estimate(point, float("nan"), float("nan"), 0)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return Estimate(point, float(low), float(high), len(finite))


def person_bootstrap_draws(n_persons: int, n_boot: int, seed: int) -> IntArray:
    """``n_boot`` x ``n_persons`` indices of persons drawn with replacement (seeded)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n_persons, size=(n_boot, n_persons)).astype(np.intp)


def person_bootstrap(
    statistic: Callable[[IntArray], float],
    groups: Sequence[IntArray],
    draws: IntArray,
) -> FloatArray:
    """Apply ``statistic`` to the row indices of each resample of persons (``groups``)."""
    out = np.empty(len(draws))
    for b, drawn in enumerate(draws):
        out[b] = statistic(np.concatenate([groups[int(i)] for i in drawn]))
    return out


@dataclass(frozen=True)
class PairedDifference:
    """Model minus baseline on one metric, paired over the same person resamples."""

    baseline: str
    metric: str
    estimate: Estimate
    share_not_better: float  # share of valid resamples where the difference is <= 0


def _paired(
    baseline: str, metric: str, point: float, model_boot: FloatArray, base_boot: FloatArray
) -> PairedDifference:
    diff = model_boot - base_boot
    finite = diff[np.isfinite(diff)]
    share = float(np.mean(finite <= 0)) if len(finite) else float("nan")
    return PairedDifference(baseline, metric, percentile_ci(point, diff), share)


def _align(predictions: pd.DataFrame, rows: pd.DataFrame, column: str) -> FloatArray:
    missing_cols = {"person", "date", column} - set(predictions.columns)
    if missing_cols:
        raise ValueError(f"predictions lack columns {sorted(missing_cols)}")
    pred = predictions[["person", "date", column]].copy()
    pred["person"] = pred["person"].astype(str)
    pred["date"] = pd.to_datetime(pred["date"]).dt.tz_localize(None).dt.normalize()
    if pred.duplicated(["person", "date"]).any():
        raise ValueError("predictions have more than one row for a person and date")
    merged = rows[["person", "date"]].merge(pred, on=["person", "date"], how="left")
    values = merged[column].to_numpy(dtype=float)
    n_missing = int(np.isnan(values).sum())
    if n_missing:
        raise ValueError(f"{n_missing} of {len(rows)} protocol rows have no {column}")
    return values


def _groups(persons: pd.Series) -> tuple[list[str], list[IntArray]]:
    names = sorted(persons.unique())
    arr = persons.to_numpy()
    return names, [np.flatnonzero(arr == p).astype(np.intp) for p in names]


# --------------------------------------------------------------------------- readiness


@dataclass(frozen=True)
class ReadinessScores:
    """Readiness metrics of one predictor on the protocol rows."""

    name: str
    uses_self_report: bool
    per_person_rho: dict[str, float]
    mean_person_rho: Estimate
    pooled_rho: Estimate
    within_rho: Estimate

    @property
    def n_persons_rho(self) -> int:
        """Persons whose own rho is defined."""
        return int(sum(np.isfinite(v) for v in self.per_person_rho.values()))


@dataclass(frozen=True)
class ReadinessResult:
    """Readiness evaluation: the model (if any) and the baselines on the same rows."""

    track: Track
    persons: tuple[str, ...]
    n_rows: int
    n_rows_by_person: dict[str, int]
    scores: tuple[ReadinessScores, ...]
    differences: tuple[PairedDifference, ...]
    n_boot: int
    seed: int

    def get(self, name: str) -> ReadinessScores:
        """The scores of predictor ``name``."""
        return next(s for s in self.scores if s.name == name)

    def to_markdown(self) -> str:
        """A model-card table: figures with CIs, rows and persons."""
        persons_with_rows = sum(1 for n in self.n_rows_by_person.values() if n)
        head = (
            f"**Readiness, track `{self.track}`** — persons {', '.join(self.persons)}; "
            f"{self.n_rows} rows from {persons_with_rows} persons; 95 % CIs from "
            f"{self.n_boot} person-bootstrap resamples (seed {self.seed}). Spearman rho; "
            f"per-person rho needs ≥ {MIN_ROWS_PER_PERSON} rows and some variation."
        )
        lines = [
            head,
            *_few_persons_warning(persons_with_rows, None),
            "",
            "| predictor | self-report | mean per-person ρ | pooled ρ | within-person ρ "
            "| n rows | n persons (ρ defined) |",
            "|---|---|---|---|---|---:|---:|",
        ]
        for s in self.scores:
            flag = "yes" if s.uses_self_report else "no"
            if s.name != MODEL and self.track == "objective" and s.uses_self_report:
                flag += " (not admissible in this track)"
            lines.append(
                f"| {s.name} | {flag} | {s.mean_person_rho.fmt()} | {s.pooled_rho.fmt()} "
                f"| {s.within_rho.fmt()} | {self.n_rows} | {persons_with_rows} "
                f"({s.n_persons_rho}) |"
            )
        if self.differences:
            lines += [
                "",
                "Paired differences, model − baseline [95 % CI] (share of resamples ≤ 0):",
                "",
                "| baseline | Δ mean per-person ρ | Δ pooled ρ | Δ within-person ρ |",
                "|---|---|---|---|",
            ]
            for base in dict.fromkeys(d.baseline for d in self.differences):
                cells = [
                    f"{d.estimate.fmt()} ({d.share_not_better:.2f})"
                    for d in self.differences
                    if d.baseline == base
                ]
                lines.append(f"| {base} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "| person | rows | " + " | ".join(s.name for s in self.scores) + " |",
            "|---|---:|" + "---:|" * len(self.scores),
        ]
        for p in self.persons:
            cells = [_fmt(s.per_person_rho.get(p, float("nan"))) for s in self.scores]
            lines.append(f"| {p} | {self.n_rows_by_person.get(p, 0)} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def _few_persons_warning(n_persons: int, n_with_positives: int | None) -> list[str]:
    """A caution line when too few persons make the person bootstrap unreliable."""
    out = []
    if n_persons < MIN_PERSONS_FOR_CI:
        out.append(
            f"Caution: only {n_persons} persons contribute rows; with so few, the "
            "person-bootstrap CI cannot show the between-person uncertainty."
        )
    if n_with_positives is not None and n_with_positives < MIN_PERSONS_FOR_CI:
        out.append(
            f"Caution: only {n_with_positives} persons have any positive row; the AUC is "
            "driven by them, and resamples without them give no AUC."
        )
    return [part for line in out for part in ("", line)]


def _fmt(x: float, digits: int = 3) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:.{digits}f}"


def evaluate_readiness(
    predictions: pd.DataFrame | None,
    persons: Iterable[str] = DEV_PERSONS,
    *,
    track: Track = "with_items",
    data: PMData | None = None,
    n_boot: int = N_BOOT_DEFAULT,
    seed: int = BOOTSTRAP_SEED,
) -> ReadinessResult:
    """Score ``predictions`` (columns person, date, score) on the readiness protocol.

    ``predictions`` must cover every protocol row of ``persons`` (extra rows are ignored);
    pass ``None`` for the baselines alone. ``track`` records which information the model
    used; the baselines are the same in both tracks, those using self-report are flagged.
    """
    if track not in ("objective", "with_items"):
        raise ValueError(f"unknown track {track!r}")
    chosen = _check_persons(persons)
    rows = readiness_rows(chosen, data)
    if rows.empty:
        raise ValueError("no readiness rows for these persons")
    names, groups = _groups(rows["person"])
    target = rows["target"].to_numpy(dtype=float)
    candidates: list[tuple[str, bool, FloatArray]] = []
    if predictions is not None:
        candidates.append((MODEL, track == "with_items", _align(predictions, rows, "score")))
    for b in READINESS_BASELINES:
        candidates.append((b.name, b.uses_self_report, rows[b.name].to_numpy(dtype=float)))
    draws = person_bootstrap_draws(len(names), n_boot, seed)
    demeaned_target = target - rows.groupby("person")["target"].transform("mean").to_numpy(float)

    scores: list[ReadinessScores] = []
    boots: dict[str, dict[str, FloatArray]] = {}
    for name, self_report, score in candidates:
        per_person = np.array(
            [
                _spearman(score[g], target[g]) if len(g) >= MIN_ROWS_PER_PERSON else np.nan
                for g in groups
            ]
        )
        demeaned = score - pd.Series(score).groupby(rows["person"]).transform("mean").to_numpy()

        def pooled(idx: IntArray, s: FloatArray = score) -> float:
            return _spearman(s[idx], target[idx])

        def within(idx: IntArray, s: FloatArray = demeaned) -> float:
            return _spearman(s[idx], demeaned_target[idx])

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # resamples of undefined persons
            mean_boot = np.nanmean(per_person[draws], axis=1)
        b_pooled = person_bootstrap(pooled, groups, draws)
        b_within = person_bootstrap(within, groups, draws)
        boots[name] = {"mean": mean_boot, "pooled": b_pooled, "within": b_within}
        valid = per_person[np.isfinite(per_person)]
        scores.append(
            ReadinessScores(
                name=name,
                uses_self_report=self_report,
                per_person_rho=dict(zip(names, per_person.tolist(), strict=True)),
                mean_person_rho=percentile_ci(
                    float(valid.mean()) if len(valid) else float("nan"), mean_boot
                ),
                pooled_rho=percentile_ci(pooled(np.arange(len(rows), dtype=np.intp)), b_pooled),
                within_rho=percentile_ci(within(np.arange(len(rows), dtype=np.intp)), b_within),
            )
        )
    differences: list[PairedDifference] = []
    if predictions is not None:
        model = scores[0]
        for s in scores[1:]:
            for metric, key, point in (
                (
                    "mean per-person rho",
                    "mean",
                    model.mean_person_rho.value - s.mean_person_rho.value,
                ),
                ("pooled rho", "pooled", model.pooled_rho.value - s.pooled_rho.value),
                ("within-person rho", "within", model.within_rho.value - s.within_rho.value),
            ):
                differences.append(
                    _paired(s.name, metric, point, boots[MODEL][key], boots[s.name][key])
                )
    counts = rows.groupby("person").size()
    return ReadinessResult(
        track=track,
        persons=chosen,
        n_rows=len(rows),
        n_rows_by_person={p: int(counts.get(p, 0)) for p in chosen},
        scores=tuple(scores),
        differences=tuple(differences),
        n_boot=n_boot,
        seed=seed,
    )


# --------------------------------------------------------------------------- risk


@dataclass(frozen=True)
class ReliabilityBin:
    """One bin of the reliability table."""

    bin: int
    n: int
    mean_predicted: float
    observed_rate: float
    n_positive: int


@dataclass(frozen=True)
class RiskScores:
    """Risk metrics of one predictor on the protocol rows."""

    name: str
    auc: Estimate
    brier: Estimate
    reliability: tuple[ReliabilityBin, ...]
    note: str = ""


@dataclass(frozen=True)
class RiskResult:
    """Risk evaluation: the model (if any), the load baselines and the base rate."""

    persons: tuple[str, ...]
    n_rows: int
    n_positive_rows: int
    n_onsets: int
    rows_by_person: dict[str, tuple[int, int, int]]  # rows, positive rows, onsets
    scores: tuple[RiskScores, ...]
    differences: tuple[PairedDifference, ...]
    n_boot: int
    seed: int

    def get(self, name: str) -> RiskScores:
        """The scores of predictor ``name``."""
        return next(s for s in self.scores if s.name == name)

    def to_markdown(self) -> str:
        """A model-card table: AUC and Brier with CIs, counts, reliability, differences."""
        with_rows = [p for p, v in self.rows_by_person.items() if v[0]]
        with_pos = [p for p, v in self.rows_by_person.items() if v[1]]
        lines = [
            f"**Injury risk (onset in the next {RISK_HORIZON_DAYS} days)** — persons "
            f"{', '.join(self.persons)}; {self.n_rows} rows from {len(with_rows)} persons, "
            f"{self.n_positive_rows} positive rows from {self.n_onsets} onsets in "
            f"{len(with_pos)} persons ({', '.join(with_pos) or 'none'}); 95 % CIs from "
            f"{self.n_boot} person-bootstrap resamples (seed {self.seed}).",
            *_few_persons_warning(len(with_rows), len(with_pos)),
            "",
            "| predictor | AUC | Brier | AUC resamples with both classes | n rows | n persons |",
            "|---|---|---|---:|---:|---:|",
        ]
        for s in self.scores:
            lines.append(
                f"| {s.name}{(' (' + s.note + ')') if s.note else ''} | {s.auc.fmt()} "
                f"| {s.brier.fmt(4)} | {s.auc.n_valid}/{self.n_boot} | {self.n_rows} "
                f"| {len(with_rows)} |"
            )
        if self.differences:
            lines += [
                "",
                "| Δ AUC, model − baseline | estimate [95 % CI] | share of resamples ≤ 0 |",
                "|---|---|---:|",
            ]
            lines += [
                f"| {d.baseline} | {d.estimate.fmt()} | {_fmt(d.share_not_better, 2)} |"
                for d in self.differences
            ]
        for s in self.scores:
            lines += [
                "",
                f"Reliability, {s.name} (10 equal-count bins of predicted risk; ties share a bin):",
                "",
                "| bin | n | mean predicted | observed rate | positives |",
                "|---:|---:|---:|---:|---:|",
            ]
            lines += [
                f"| {b.bin} | {b.n} | {b.mean_predicted:.4f} | {b.observed_rate:.4f} "
                f"| {b.n_positive} |"
                for b in s.reliability
            ]
        lines += ["", "| person | rows | positive rows | onsets |", "|---|---:|---:|---:|"]
        lines += [f"| {p} | {v[0]} | {v[1]} | {v[2]} |" for p, v in self.rows_by_person.items()]
        return "\n".join(lines)


def reliability_table(y: FloatArray, p: FloatArray, n_bins: int = 10) -> tuple[ReliabilityBin, ...]:
    """Equal-count bins by rank of ``p`` (tied predictions share their average rank's bin)."""
    if len(p) == 0:
        return ()
    ranks = stats.rankdata(p, method="average")
    bins = np.minimum(((ranks - 1) / len(p) * n_bins).astype(int), n_bins - 1)
    out = []
    for b in range(n_bins):
        m = bins == b
        if m.any():
            out.append(
                ReliabilityBin(
                    bin=b + 1,
                    n=int(m.sum()),
                    mean_predicted=float(p[m].mean()),
                    observed_rate=float(y[m].mean()),
                    n_positive=int(y[m].sum()),
                )
            )
    return tuple(out)


def _loo_dev_probabilities(
    frame: pd.DataFrame, rows: pd.DataFrame, column: str | None
) -> FloatArray:
    """Probabilities for ``rows``: a model fitted on DEV persons other than the row's person.

    ``column`` None gives the (smoothed) DEV base rate; otherwise a logistic regression of
    the target on the standardised baseline score.
    """
    train_all = frame.loc[(frame["status"] == "included") & frame["person"].isin(DEV_PERSONS)]
    out = np.empty(len(rows))
    for person in rows["person"].unique():
        m = (rows["person"] == person).to_numpy()
        train = train_all.loc[train_all["person"] != person]
        y = train["target"].to_numpy(dtype=float)
        rate = (y.sum() + 0.5) / (len(y) + 1.0)
        if column is None or len(np.unique(y)) < 2:
            out[m] = rate
            continue
        x = train[column].to_numpy(dtype=float)
        mu, sd = float(x.mean()), float(x.std()) or 1.0
        model = LogisticRegression(C=1.0)
        model.fit(((x - mu) / sd).reshape(-1, 1), y.astype(int))
        xs = rows.loc[m, column].to_numpy(dtype=float)
        out[m] = model.predict_proba(((xs - mu) / sd).reshape(-1, 1))[:, 1]
    return out


def evaluate_risk(
    predictions: pd.DataFrame | None,
    persons: Iterable[str] = DEV_PERSONS,
    *,
    data: PMData | None = None,
    n_boot: int = N_BOOT_DEFAULT,
    seed: int = BOOTSTRAP_SEED,
) -> RiskResult:
    """Score ``predictions`` (columns person, date, risk in [0, 1]) on the risk protocol.

    ``predictions`` must cover every protocol row of ``persons``; ``None`` scores the
    baselines alone.
    """
    data = data if data is not None else load_pmdata()
    chosen = _check_persons(persons)
    rows = risk_rows(chosen, data)
    if rows.empty:
        raise ValueError("no risk rows for these persons")
    y = rows["target"].to_numpy(dtype=float)
    names, groups = _groups(rows["person"])
    draws = person_bootstrap_draws(len(names), n_boot, seed)
    frame = data.risk_frame
    # name, score for AUC, probability for Brier, note
    candidates: list[tuple[str, FloatArray, FloatArray, str]] = []
    if predictions is not None:
        risk = _align(predictions, rows, "risk")
        if (risk < 0).any() or (risk > 1).any():
            raise ValueError("risk must be a probability in [0, 1]")
        candidates.append((MODEL, risk, risk, ""))
    for b in RISK_BASELINES:
        raw = rows[b.name].to_numpy(dtype=float)
        prob = _loo_dev_probabilities(frame, rows, b.name)
        candidates.append((b.name, raw, prob, "AUC on the raw score; Brier after DEV calibration"))
    base = _loo_dev_probabilities(frame, rows, None)
    candidates.append(("base_rate", base, base, "leave-one-out DEV rate"))

    scores: list[RiskScores] = []
    auc_boots: dict[str, FloatArray] = {}
    for name, score, prob, note in candidates:

        def auc_of(idx: IntArray, s: FloatArray = score) -> float:
            return auc(y[idx], s[idx])

        def brier_of(idx: IntArray, p: FloatArray = prob) -> float:
            return _brier(y[idx], p[idx])

        everything = np.arange(len(rows), dtype=np.intp)
        if name == "base_rate":  # constant within a person: its AUC only mirrors the LOO rates
            auc_boots[name] = np.full(len(draws), np.nan)
            auc_estimate = Estimate(float("nan"), float("nan"), float("nan"), 0)
        else:
            auc_boots[name] = person_bootstrap(auc_of, groups, draws)
            auc_estimate = percentile_ci(auc_of(everything), auc_boots[name])
        scores.append(
            RiskScores(
                name=name,
                auc=auc_estimate,
                brier=percentile_ci(
                    brier_of(everything), person_bootstrap(brier_of, groups, draws)
                ),
                reliability=reliability_table(y, prob),
                note=note,
            )
        )
    differences: list[PairedDifference] = []
    if predictions is not None:
        for s in scores[1:]:
            if s.name == "base_rate":
                continue
            differences.append(
                _paired(
                    s.name,
                    "AUC",
                    scores[0].auc.value - s.auc.value,
                    auc_boots[MODEL],
                    auc_boots[s.name],
                )
            )
    onsets = data.onsets
    onsets = onsets.loc[onsets["onset"]]
    onset_keys = set(zip(onsets["person"], onsets["date"], strict=True))
    counted: dict[str, tuple[int, int, int]] = {}
    for p in chosen:
        sub = rows.loc[rows["person"] == p]
        # onsets that give at least one positive row
        dates = set(sub["date"])
        n_on = sum(
            1
            for person, day in onset_keys
            if person == p
            and any(day - pd.Timedelta(days=k) in dates for k in range(1, RISK_HORIZON_DAYS + 1))
        )
        counted[p] = (len(sub), int(sub["target"].sum()), n_on)
    return RiskResult(
        persons=chosen,
        n_rows=len(rows),
        n_positive_rows=int(y.sum()),
        n_onsets=sum(v[2] for v in counted.values()),
        rows_by_person=counted,
        scores=tuple(scores),
        differences=tuple(differences),
        n_boot=n_boot,
        seed=seed,
    )


# --------------------------------------------------------------------------- summary


def row_status_counts(data: PMData | None = None) -> dict[str, dict[str, int]]:
    """How many athlete days each protocol includes, and why the others are excluded."""
    data = data if data is not None else load_pmdata()
    return {
        "readiness": {
            str(k): int(v) for k, v in data.readiness_frame["status"].value_counts().items()
        },
        "risk": {str(k): int(v) for k, v in data.risk_frame["status"].value_counts().items()},
    }


def baseline_report(data: PMData | None = None, n_boot: int = N_BOOT_DEFAULT) -> str:
    """The load report, row counts and every baseline on DEV and on HELD_OUT, as markdown."""
    data = data if data is not None else load_pmdata()
    parts = ["## PMData load report", "", data.report.to_markdown(), ""]
    parts += ["Item direction check (within-person ρ with readiness):", ""]
    parts += [f"- {k}: {v:+.3f}" for k, v in item_direction_check(data).items()]
    for protocol, counts in row_status_counts(data).items():
        parts += [
            "",
            f"Row status, {protocol}: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
        ]
    rows = readiness_rows(ALL_PERSONS, data)
    days = data.days.set_index(["person", "date"])
    keyed = rows.set_index(["person", "date"]).index
    sent = days.loc[keyed, "wellness_time"]
    woke = days.loc[keyed, "sleep_end"]
    parts += [
        "",
        f"Readiness rows whose report was sent at or after 12:00 local: "
        f"{int((sent.dt.hour >= 12).sum())} of {len(rows)}; whose Fitbit night ended after "
        f"the report was sent: {int((woke > sent).sum())}.",
    ]
    on = data.onsets
    parts += [
        "",
        f"Injury onsets: {int(on['onset'].sum())} placed, {int((~on['onset']).sum())} "
        f"not placed (gap > {MAX_REPORT_GAP_DAYS} days).",
    ]
    for label, persons in (("DEV_PERSONS", DEV_PERSONS), ("HELD_OUT_PERSONS", HELD_OUT_PERSONS)):
        parts += ["", f"## Baselines on {label}", ""]
        for track in ("objective", "with_items"):
            res = evaluate_readiness(None, persons, track=track, data=data, n_boot=n_boot)
            parts += [res.to_markdown(), ""]
        parts += [evaluate_risk(None, persons, data=data, n_boot=n_boot).to_markdown()]
    return "\n".join(parts) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``baseline_report`` to stdout (optional argument: number of resamples)."""
    args = list(sys.argv[1:] if argv is None else argv)
    n_boot = int(args[0]) if args else N_BOOT_DEFAULT
    sys.stdout.write(baseline_report(n_boot=n_boot))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
