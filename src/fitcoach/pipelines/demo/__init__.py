"""The demo athlete: a seeded, realistic training history to explore fitcoach with.

A fresh installation is empty, and an empty coach has nothing to show. ``generate_demo``
builds about eight weeks of validated records for one intermediate lifter (pure and
deterministic for a seed); ``seed_demo`` stores them through the training-log services, so the
demo goes through the same validation and idempotence as real data.

The model is simple but causal, so that the analyses have something true to find:

- **Strength**: an upper/lower four-day split. Each lift has a true e1RM that grows a little
  each training week; reps to failure at a load follow Epley inverted, minus fatigue per set.
  The athlete picks reps from a *perceived* capacity and an RIR goal (mostly 1–3), so the last
  set occasionally fails. Double progression: reps climb within the range, and when every
  working set reaches the top the load steps up (2.5 kg upper, 5 kg lower). Every fourth week
  is a deload: one set fewer at 90 % of the load (about 60 % of the volume).
- **Recovery**: resting HR and HRV (lognormal, around 60 ms) react to yesterday's load
  (session RPE × minutes), to short sleep and to the week of the block; soreness follows leg
  days; energy, mood and stress (1–5) follow sleep, load and the working week.
- **Nutrition**: 3–4 meals a day from a small menu, scaled to a lean-bulk energy target; the
  day's calories and protein are the meals' sums; each meal's energy is 4/4/9 kcal per gram
  of protein/carbs/fat within a few per cent (labels round).

Every timestamp is UTC and lies before ``end`` 00:00, so nothing is in the future.

The package by job: ``programme`` (lifts, split, menu), ``strength`` (the gym sessions),
``lifestyle`` (cardio, sleep, meals), ``history`` (the day-by-day generator), ``seed`` (storing
it through the services) and ``accounts`` (the alerts athlete and the dashboard sign-ins).
"""

from fitcoach.pipelines.demo.accounts import (
    ALERTS_EMAIL,
    DemoSignIn,
    alerts_athlete,
    prepare_demo_sign_ins,
)
from fitcoach.pipelines.demo.history import MAX_WEEKS, DemoHistory, generate_demo
from fitcoach.pipelines.demo.programme import LIFTS
from fitcoach.pipelines.demo.seed import (
    DEMO_EMAIL,
    DEMO_RESET_REASON,
    SeedReport,
    clear_simulated_flags,
    seed_demo,
)

__all__ = [
    "ALERTS_EMAIL",
    "DEMO_EMAIL",
    "DEMO_RESET_REASON",
    "LIFTS",
    "MAX_WEEKS",
    "DemoHistory",
    "DemoSignIn",
    "SeedReport",
    "alerts_athlete",
    "clear_simulated_flags",
    "generate_demo",
    "prepare_demo_sign_ins",
    "seed_demo",
]
