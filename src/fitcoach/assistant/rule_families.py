"""Which family of writes an intent belongs to (``log`` or ``plan``), the rules' and the
student's: shared by the student's runtime and the gate of its own alarms (``student_log_gate``),
which may not import each other."""

from __future__ import annotations

_LOG_RULES = frozenset({"log_sets", "log_cardio", "log_sleep", "log_weight", "log_daily", "log_meal"})  # fmt: skip
_PLAN_RULES = frozenset({"swap_exercise", "remove_exercise", "set_equipment", "move_session", "skip_session", "set_session_minutes", "generate_plan", "change_load"})  # fmt: skip
_LOG_STUDENT = frozenset({"log_sets", "log_cardio", "log_sleep", "log_daily_metrics", "log_meal", "log_measurements"})  # fmt: skip
_PLAN_STUDENT = frozenset({"propose_plan_edit", "generate_plan"})


def family_of_rule(intent: str) -> str | None:
    """``log`` or ``plan`` for an intent that writes, else None (reads and talk change nothing)."""
    if intent in _LOG_RULES:
        return "log"
    return "plan" if intent in _PLAN_RULES else None


def family_of_student(intent: str) -> str | None:
    if intent in _LOG_STUDENT:
        return "log"
    return "plan" if intent in _PLAN_STUDENT else None
