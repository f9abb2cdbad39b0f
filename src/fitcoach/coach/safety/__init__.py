"""The safety validator: every plan passes it before an athlete sees it.

``validate_plan`` checks a plan against the athlete's ``SafetyProfile`` and the hard limits in
``rules/safety.yaml`` and returns a ``Verdict``:

- **blocked**: an open red flag (chest pain, fainting, severe breathlessness, resting SpO2 below
  90 %, an irregular-rhythm alert, palpitations with dizziness, an acute injury). No training is
  prescribed; ``escalation`` tells the athlete to stop and see a doctor (emergency services
  first for chest pain and fainting). Riebe et al. 2015, ACSM pre-participation screening.
- **rejected**: something the validator cannot repair safely (more sessions a week than the
  rest days allow, more than one hard session on one day after a move, an exercise outside the library, an unsafe exercise without a permitted
  substitute, a weekly volume it cannot bring under the cap). No plan is returned.
- **repaired**: every problem was fixed conservatively; the new plan carries a reason on each
  changed item. Contraindicated exercises and exercises needing missing equipment are replaced
  by the best permitted substitute; loads, weekly sets and cardio time over their caps are
  capped (ACSM 2009 progression models, Gabbett 2016, Nielsen et al. 2014), and so is how much
  harder a week gets: cardio session-RPE load at most +10 % a week and mean lift RPE at most
  one point (Foster et al. 2001, Gabbett 2016, Zourdos et al. 2016); beginners and
  athletes with hypertension keep reps in reserve (Helms et al. 2016; AHA 2007); maximal tests
  are removed where they do not belong.
- **ok**: nothing to change.

``check_session`` runs it on one session of a stored plan against the profile as it is now
(an injury recorded after approval): the plan service serves every session through it.

The validator is pure: it never mutates its inputs, and validating a repaired plan again gives
``ok``. Sessions already done or skipped are history: they serve as baselines and are never
changed. fitcoach is not a medical device; ``docs/safety.md`` lists every limit and what is
not covered.

The package is split by rule as ``coach.planner`` is by step: ``verdicts`` (the profile and the
answers), ``red_flags`` (blocking and the escalation message), ``run`` (the state one validation
shares, and helpers), one module per rule family (``rest_days``, ``sessions_per_day``, ``exercises``, ``max_tests``,
``intensity``, ``loads``, ``weekly_sets``, ``cardio``, ``effort``), and ``validator`` (``validate_plan``,
``check_session``).
"""

from __future__ import annotations

from fitcoach.coach.safety.red_flags import escalation_message, flag_label
from fitcoach.coach.safety.validator import check_session, default_library, validate_plan
from fitcoach.coach.safety.verdicts import (
    RULES,
    Action,
    SafetyProfile,
    SessionCheck,
    Status,
    Verdict,
    Violation,
    violation_texts,
)

__all__ = [
    "RULES",
    "Action",
    "SafetyProfile",
    "SessionCheck",
    "Status",
    "Verdict",
    "Violation",
    "check_session",
    "default_library",
    "escalation_message",
    "flag_label",
    "validate_plan",
    "violation_texts",
]
