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
against the library), ``apply`` (``apply_edit``, which sends each kind on to ``apply_items``,
``apply_sessions``, ``timing`` (session lengths, trimming to minutes) or ``apply_profile``
(``changed_inputs``, ``splice``)), and ``sessions`` (the helpers they share).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fitcoach.coach.edits.apply import apply_edit
    from fitcoach.coach.edits.apply_profile import changed_inputs, splice
    from fitcoach.coach.edits.diff import Change, diff_plans
    from fitcoach.coach.edits.render import (
        WHO,
        describe,
        edit_reason,
        session_text,
    )
    from fitcoach.coach.edits.resolve import is_cardio, resolve_record
    from fitcoach.coach.edits.sessions import replace_sessions
    from fitcoach.coach.edits.timing import EASY_PACE_S_PER_KM, re_estimated, session_seconds
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

# Each name from the module that defines it, imported on first use (PEP 562): the wording of a
# plan and its reasons reads WHO and Change, and should not import the editor and the planner
# behind it (a quarter of `fitcoach plan today`'s start; tests/cli/test_startup.py).
_WHERE: dict[str, tuple[str, str]] = {
    "apply_edit": ("fitcoach.coach.edits.apply", "apply_edit"),
    "changed_inputs": ("fitcoach.coach.edits.apply_profile", "changed_inputs"),
    "splice": ("fitcoach.coach.edits.apply_profile", "splice"),
    "Change": ("fitcoach.coach.edits.diff", "Change"),
    "diff_plans": ("fitcoach.coach.edits.diff", "diff_plans"),
    "WHO": ("fitcoach.coach.edits.render", "WHO"),
    "describe": ("fitcoach.coach.edits.render", "describe"),
    "edit_reason": ("fitcoach.coach.edits.render", "edit_reason"),
    "session_text": ("fitcoach.coach.edits.render", "session_text"),
    "is_cardio": ("fitcoach.coach.edits.resolve", "is_cardio"),
    "resolve_record": ("fitcoach.coach.edits.resolve", "resolve_record"),
    "replace_sessions": ("fitcoach.coach.edits.sessions", "replace_sessions"),
    "EASY_PACE_S_PER_KM": ("fitcoach.coach.edits.timing", "EASY_PACE_S_PER_KM"),
    "re_estimated": ("fitcoach.coach.edits.timing", "re_estimated"),
    "session_seconds": ("fitcoach.coach.edits.timing", "session_seconds"),
    "EDIT_OPS": ("fitcoach.coach.edits.types", "EDIT_OPS"),
    "PROFILE_OPS": ("fitcoach.coach.edits.types", "PROFILE_OPS"),
    "AddExercise": ("fitcoach.coach.edits.types", "AddExercise"),
    "ChangeLoad": ("fitcoach.coach.edits.types", "ChangeLoad"),
    "ChangeReps": ("fitcoach.coach.edits.types", "ChangeReps"),
    "ChangeRir": ("fitcoach.coach.edits.types", "ChangeRir"),
    "ChangeSets": ("fitcoach.coach.edits.types", "ChangeSets"),
    "EditOp": ("fitcoach.coach.edits.types", "EditOp"),
    "MoveSession": ("fitcoach.coach.edits.types", "MoveSession"),
    "OmitNone": ("fitcoach.coach.edits.types", "OmitNone"),
    "Proposer": ("fitcoach.coach.edits.types", "Proposer"),
    "Regenerate": ("fitcoach.coach.edits.types", "Regenerate"),
    "RemoveExercise": ("fitcoach.coach.edits.types", "RemoveExercise"),
    "ReplaceExercise": ("fitcoach.coach.edits.types", "ReplaceExercise"),
    "SessionKey": ("fitcoach.coach.edits.types", "SessionKey"),
    "SetDaysPerWeek": ("fitcoach.coach.edits.types", "SetDaysPerWeek"),
    "SetEquipment": ("fitcoach.coach.edits.types", "SetEquipment"),
    "SetSessionMinutes": ("fitcoach.coach.edits.types", "SetSessionMinutes"),
    "SkipSession": ("fitcoach.coach.edits.types", "SkipSession"),
    "edit_json": ("fitcoach.coach.edits.types", "edit_json"),
    "parse_edit": ("fitcoach.coach.edits.types", "parse_edit"),
    "item_text": ("fitcoach.coach.texts", "item_text"),
    "load_text": ("fitcoach.coach.texts", "load_text"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # once: later reads are plain attribute reads
    return value


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
