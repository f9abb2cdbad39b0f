"""Plan edits as typed operations: apply one to a plan and say what changed.

An edit is a pydantic model, one per kind, told apart by ``op`` (``parse_edit`` reads one from
plain data). ``apply_edit(plan, op, library)`` is pure: it returns a new plan and the diff, a
list of readable ``Change`` records (path, before, after); the plan given is never modified.

- Item edits (``replace_exercise``, ``add_exercise``, ``remove_exercise``, ``change_sets``,
  ``change_reps``, ``change_load``, ``change_rir``) name a session key (``w1s2``) or none, which
  means every planned session that has the exercise. Done and skipped sessions never change.
- Session edits: ``move_session`` changes the order of what is left (sessions are a sequence;
  the moved session takes the place of the one at the target position and the others shift,
  each week keeping its number of sessions), ``skip_session`` marks one skipped.
- ``move_session`` to a date puts the session on that very day (``PlannedSession.on``) and
  keeps every other session on its day; sessions moved onto one day stay together (the
  validator's ``sessions_per_day`` rule decides). ``set_session_minutes`` trims the sessions
  in force (or one, ``session``) to fit: lifts, then sets, then cardio time; nothing else.
- Profile edits (``set_days_per_week``, ``set_equipment``, ``regenerate``) regenerate the
  sessions that are not done with ``planner.generate_plan``; done (and skipped) sessions stay
  where they are.

Every changed item or session carries an ``edit_applied`` reason: what changed and who asked;
a session whose items changed has its minutes estimated again.
Whether the result is *allowed* is the safety validator's call, not this module's.

The package: ``types`` (the operations, ``parse_edit``, ``edit_json``), ``diff`` (``Change``,
``diff_plans``), ``render`` (items, sessions and edits as text), ``resolve`` (exercise names
against the library) and ``apply`` (``apply_edit`` and the profile edits).
"""

from __future__ import annotations

from fitcoach.coach.edits.apply import (
    EASY_PACE_S_PER_KM,
    apply_edit,
    changed_inputs,
    re_estimated,
    replace_sessions,
    session_seconds,
    splice,
)
from fitcoach.coach.edits.diff import Change, diff_plans
from fitcoach.coach.edits.render import (
    WHO,
    describe,
    edit_reason,
    session_text,
)
from fitcoach.coach.edits.resolve import is_cardio, resolve_record
from fitcoach.coach.edits.types import (
    EDIT_OPS,
    PROFILE_OPS,
    AddExercise,
    ChangeLoad,
    ChangeReps,
    ChangeRir,
    ChangeSets,
    EditOp,
    MoveSession,
    OmitNone,
    Proposer,
    Regenerate,
    RemoveExercise,
    ReplaceExercise,
    SessionKey,
    SetDaysPerWeek,
    SetEquipment,
    SetSessionMinutes,
    SkipSession,
    edit_json,
    parse_edit,
)
from fitcoach.coach.texts import item_text, load_text

__all__ = [
    "EASY_PACE_S_PER_KM",
    "EDIT_OPS",
    "PROFILE_OPS",
    "WHO",
    "AddExercise",
    "Change",
    "ChangeLoad",
    "ChangeReps",
    "ChangeRir",
    "ChangeSets",
    "EditOp",
    "MoveSession",
    "OmitNone",
    "Proposer",
    "Regenerate",
    "RemoveExercise",
    "ReplaceExercise",
    "SessionKey",
    "SetDaysPerWeek",
    "SetEquipment",
    "SetSessionMinutes",
    "SkipSession",
    "apply_edit",
    "changed_inputs",
    "describe",
    "diff_plans",
    "edit_json",
    "edit_reason",
    "is_cardio",
    "item_text",
    "load_text",
    "parse_edit",
    "re_estimated",
    "replace_sessions",
    "resolve_record",
    "session_seconds",
    "session_text",
    "splice",
]
