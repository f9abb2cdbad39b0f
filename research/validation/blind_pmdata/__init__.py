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

Run ``python -m research.validation.blind_pmdata`` for the load report and the baseline
figures on both person sets.

Modules
-------
``protocol`` (the fixed definitions above), ``loading`` (readers, cleaning, ``load_pmdata``,
``morning_view``), ``targets`` (targets and baselines), ``rows`` (row sets per person set),
``metrics`` (the statistics and the person bootstrap), ``readiness`` and ``risk`` (the two
evaluations), ``summary`` (the baseline report and the command line). Every public name is
importable from this package.
"""

from __future__ import annotations

from research.validation.blind_pmdata.loading import (
    LoadReport,
    PMData,
    athlete_day,
    item_direction_check,
    load_pmdata,
    morning_view,
)
from research.validation.blind_pmdata.metrics import (
    Estimate,
    PairedDifference,
    auc,
    percentile_ci,
    person_bootstrap,
    person_bootstrap_draws,
)
from research.validation.blind_pmdata.protocol import (
    ACUTE_DAYS,
    ALL_PERSONS,
    BOOTSTRAP_SEED,
    CHRONIC_DAYS,
    CORRECTION_WINDOW,
    DAY_START_HOUR,
    DEV_PERSONS,
    DOUBLE_SUBMISSION_WINDOW,
    HELD_OUT_PERSONS,
    HIGHER_IS_BETTER,
    ITEM_RANGES,
    ITEMS_EXCEPT_READINESS,
    LOCAL_TZ,
    MAX_REPORT_GAP_DAYS,
    MIN_PERSONS_FOR_CI,
    MIN_ROWS_PER_PERSON,
    MODEL,
    N_BOOT_DEFAULT,
    N_HELD_OUT,
    NOT_KNOWN_ON_THE_MORNING,
    RISK_HORIZON_DAYS,
    SPLIT_SEED,
    WELLNESS_COLUMNS,
    WELLNESS_ITEMS,
    FloatArray,
    IntArray,
    Track,
    default_pmdata_dir,
    draw_held_out,
)
from research.validation.blind_pmdata.readiness import (
    ReadinessResult,
    ReadinessScores,
    evaluate_readiness,
)
from research.validation.blind_pmdata.risk import (
    ReliabilityBin,
    RiskResult,
    RiskScores,
    evaluate_risk,
    reliability_table,
)
from research.validation.blind_pmdata.rows import readiness_rows, risk_rows
from research.validation.blind_pmdata.summary import baseline_report, main, row_status_counts
from research.validation.blind_pmdata.targets import (
    READINESS_BASELINES,
    RISK_BASELINES,
    Baseline,
    injury_onsets,
    load_baselines,
    readiness_baselines,
)

__all__ = [
    "ACUTE_DAYS",
    "ALL_PERSONS",
    "BOOTSTRAP_SEED",
    "CHRONIC_DAYS",
    "CORRECTION_WINDOW",
    "DAY_START_HOUR",
    "DEV_PERSONS",
    "DOUBLE_SUBMISSION_WINDOW",
    "HELD_OUT_PERSONS",
    "HIGHER_IS_BETTER",
    "ITEMS_EXCEPT_READINESS",
    "ITEM_RANGES",
    "LOCAL_TZ",
    "MAX_REPORT_GAP_DAYS",
    "MIN_PERSONS_FOR_CI",
    "MIN_ROWS_PER_PERSON",
    "MODEL",
    "NOT_KNOWN_ON_THE_MORNING",
    "N_BOOT_DEFAULT",
    "N_HELD_OUT",
    "READINESS_BASELINES",
    "RISK_BASELINES",
    "RISK_HORIZON_DAYS",
    "SPLIT_SEED",
    "WELLNESS_COLUMNS",
    "WELLNESS_ITEMS",
    "Baseline",
    "Estimate",
    "FloatArray",
    "IntArray",
    "LoadReport",
    "PMData",
    "PairedDifference",
    "ReadinessResult",
    "ReadinessScores",
    "ReliabilityBin",
    "RiskResult",
    "RiskScores",
    "Track",
    "athlete_day",
    "auc",
    "baseline_report",
    "default_pmdata_dir",
    "draw_held_out",
    "evaluate_readiness",
    "evaluate_risk",
    "injury_onsets",
    "item_direction_check",
    "load_baselines",
    "load_pmdata",
    "main",
    "morning_view",
    "percentile_ci",
    "person_bootstrap",
    "person_bootstrap_draws",
    "readiness_baselines",
    "readiness_rows",
    "reliability_table",
    "risk_rows",
    "row_status_counts",
]
