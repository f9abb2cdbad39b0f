"""The guided workout: today's planned session done step by step, each set stored as it is done,
and "too easy / too hard / pain" feedback per exercise that the coach engine uses.

Storage. The first set of a day's session creates a ``WorkoutSession`` (source ``guided``,
source id ``guided-{day}-{session_key}``, titled with the planned session's name); later sets
append to it in order. The (source, source id) key keeps the usual idempotency: logging the
same session again through ``training_log.log_workout`` stores nothing new, and a set sent again
with the same ``set_number`` (the n-th set of that exercise) is answered with the stored one.
Feedback is a ``Feedback`` row (source ``guided``) whose notes hold the structured tap (see
``coach.feedback``); the same tap twice is stored once.

How the engine uses the feedback (numbers in ``rules/progression.yaml``): the weekly review's
progression decision (``progression.strength_decision``) counts "too hard" as a logged RIR
``hold_by`` (1) under the target (hold, no load rise) and "too easy" as ``easier_by`` (1.5)
over it (the bigger step: twice the normal one, at most 5 % of the load, and the validator's
cap); "pain" stops the exercise for the day (its further sets are refused), offers substitutes
that spare the painful region, and keeps the exercise from progressing while the report is in
the review's look-back; pain on 2 different days within 28 days for one exercise adds a
"see a professional" reason to today's view.

While a health flag is open the guided workout refuses to start or go on: storing a set or a
feedback tap raises ``TrainingPaused`` (409) with the escalation as its message.

What each step shows (``steps``): the target, the athlete's sets of the same exercise in their
latest earlier workout with it (``last_time``), and for a barbell lift the plates per side
(``coach.loading``). A set of a loaded exercise (barbell, dumbbell, machine ...) needs its
weight: without it ``InvalidInput`` names ``weight_kg``. Pain offers substitutes that one tap
swaps in for this session (``swap_exercise``): a ``replace_exercise`` edit of the session that
passes the safety validator like any plan edit, with a ``pain_swap`` reason. Finishing stores the
session RPE and duration; a finished session takes no more sets or swaps, and its ``summary``
(sets, volume, records beaten, duration, load) is what the page shows from then on.

One module a job: ``set_log`` (log_guided_set), ``feedback`` (exercise_feedback), ``swap``
(swap_exercise), ``substitutes`` (what spares a painful region), ``targets`` (steps,
last_time, plate_setup), ``finish`` (finish_session, summary), ``state`` (guided_state);
``session`` holds what they share (the session's key, its stored workout, the plan's
session) and ``schemas`` the models they return.
"""

from __future__ import annotations

from fitcoach.services.guided.feedback import EFFECTS, exercise_feedback
from fitcoach.services.guided.finish import finish_session, summary
from fitcoach.services.guided.schemas import (
    ExerciseDone,
    FeedbackResult,
    GuidedSet,
    GuidedState,
    GuidedStep,
    GuidedSummary,
    LastTime,
    NewRecord,
    PlateMaths,
    SetNumbers,
    Substitute,
    SwapResult,
)
from fitcoach.services.guided.session import SESSION_KEY, SOURCE, source_id
from fitcoach.services.guided.set_log import log_guided_set
from fitcoach.services.guided.state import guided_state
from fitcoach.services.guided.swap import swap_exercise
from fitcoach.services.guided.targets import last_time, plate_setup, steps

__all__ = [
    "EFFECTS",
    "SESSION_KEY",
    "SOURCE",
    "ExerciseDone",
    "FeedbackResult",
    "GuidedSet",
    "GuidedState",
    "GuidedStep",
    "GuidedSummary",
    "LastTime",
    "NewRecord",
    "PlateMaths",
    "SetNumbers",
    "Substitute",
    "SwapResult",
    "exercise_feedback",
    "finish_session",
    "guided_state",
    "last_time",
    "log_guided_set",
    "plate_setup",
    "source_id",
    "steps",
    "summary",
    "swap_exercise",
]
