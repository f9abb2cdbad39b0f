"""Plan generation: a mesocycle built from an athlete's profile (pure: no database).

``generate_plan`` turns ``PlannerInputs`` and the exercise library into a ``Plan``; the same
inputs and seed give the same plan. Every number comes from ``rules/planning.yaml`` (splits,
slots, rep ranges, rest, timing, progression, deload, cardio), ``rules/safety.yaml`` (rest
days, minimum reps in reserve, the +20 %/week set cap and +10 %/week cardio cap, so that the
safety validator has nothing to repair) and ``rules/volume_landmarks.yaml`` (weekly MEV-MAV).

How a plan is built:

1. **Days.** Training days are capped so that the week keeps the rest days safety.yaml asks
   for (1; 2 for beginners and from 65); a 7-day request becomes 6 (or 5) and says so.
2. **Week layout.** The primary goal picks a program: all-strength weeks (strength,
   hypertrophy), strength with easy/interval cardio (general fitness, fat loss: Garber et al.
   2011; Donnelly et al. 2009), or mostly easy cardio with one interval and one long session
   plus short strength blocks for endurance athletes (Seiler 2010; Blagrove et al. 2018).
3. **Split and slots.** The number of strength sessions and the level pick a split (ACSM
   2009; Schoenfeld et al. 2016); each session is a list of movement-pattern slots.
4. **Exercises.** Each slot takes the best permitted exercise: level at most the athlete's,
   equipment available, not contraindicated for injured regions or conditions (derived from
   its biomechanics by ``rules/contraindications.yaml``), not disliked,
   preferences first, the athlete's logged lifts next, then the rules' order. Main lifts stay
   the whole mesocycle; accessories rotate (seeded). A slot with nothing permitted takes the
   best substitute for the same muscles (``rank_substitutes``) or is dropped with a reason.
5. **Time.** Minutes per set (reps x tempo + rest) plus changeovers and the warm-up must fit
   the session; the lowest-priority slots go first, then sets.
6. **Volume.** Weekly fractional sets per muscle are steered between MEV and MAV (Schoenfeld
   et al. 2017; Israetel et al. 2021) by adding or removing sets, swapping or dropping
   accessories and adding fill exercises where time allows.
7. **Progression and deload.** Reps in reserve fall 0.5 a week to the floor, accessories gain
   a set where volume, time and the weekly cap allow, cardio grows at most 10 % a week; the
   last week (of 3 or more) is a deload: about 55 % of the sets and RIR + 2 (Bell et al. 2023).
8. **Loads.** kg from a logged e1RM by the RIR-adjusted Epley relation, rounded down;
   bodyweight exercises by feel; the rest found by feel at the target RIR.

The planner never writes a maximal test.

The modules follow those steps: ``inputs`` (what the planner is given), ``athlete`` (1-2: the
athlete as the planner sees them), ``layout`` (2-3: session kinds, splits and templates),
``catalog`` (4: exercise selection), ``sessions`` (4-5: week 1 drafted and trimmed), ``volume``
(6), ``progression`` (7), ``prescription`` (8, and each item's reasons) and ``assembly``
(``generate_plan``); ``drafts`` and ``timing`` hold the week under construction and the state
and timing the steps share. Each step is a class over ``timing.PlannerBase``; ``assembly``
combines them into the one planner a plan is built with.
"""

from __future__ import annotations

from fitcoach.coach.planner.assembly import generate_plan
from fitcoach.coach.planner.athlete import LEVEL_RANK, WEEKDAYS
from fitcoach.coach.planner.inputs import PlannerInputs, inputs_from_profile

__all__ = ["LEVEL_RANK", "WEEKDAYS", "PlannerInputs", "generate_plan", "inputs_from_profile"]
