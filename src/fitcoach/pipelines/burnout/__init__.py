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

Modules: ``simulation`` (the athletes and hazard shapes), ``rows`` (feature rows and labels),
``scoring`` (circularity and score tables), ``training`` (``train``, the config). The model
card's figures and a saved model on fresh athletes are research
(``research.pipelines.burnout``: ``figures``, ``evaluate``).
"""

from __future__ import annotations

from fitcoach.pipelines.burnout.rows import Rows, athlete_id, rows_of
from fitcoach.pipelines.burnout.scoring import BASELINES, circularity, score_table
from fitcoach.pipelines.burnout.simulation import (
    FIRST_ROW_DAY,
    H0,
    INPUT_SHARES,
    SHAPES,
    START,
    Athlete,
    FloatArray,
    Progress,
    g_acwr_spike,
    g_chronic_u,
    g_cumulative_load,
    generate,
    simulate_athlete,
)
from fitcoach.pipelines.burnout.training import (
    TrainConfig,
    TrainResult,
    config_dict,
    split,
    train,
)

__all__ = [
    "BASELINES",
    "FIRST_ROW_DAY",
    "H0",
    "INPUT_SHARES",
    "SHAPES",
    "START",
    "Athlete",
    "FloatArray",
    "Progress",
    "Rows",
    "TrainConfig",
    "TrainResult",
    "athlete_id",
    "circularity",
    "config_dict",
    "g_acwr_spike",
    "g_chronic_u",
    "g_cumulative_load",
    "generate",
    "rows_of",
    "score_table",
    "simulate_athlete",
    "split",
    "train",
]
