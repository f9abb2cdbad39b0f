"""What every part of the reading shares: the intents, ``Understanding`` (an intent, its slots, a
confidence and what failed), the context a family reads (``Ctx``) and what it returns
(``Result``: ``None`` when the text is not of that family)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

from fitcoach.assistant.nlu.matcher import ExerciseMatcher

Intent = Literal[
    "log_sets",
    "log_cardio",
    "log_sleep",
    "log_weight",
    "log_daily",
    "log_meal",
    "query_metric",
    "today_session",
    "show_plan",
    "swap_exercise",
    "remove_exercise",
    "set_equipment",
    "move_session",
    "skip_session",
    "set_session_minutes",
    "generate_plan",
    "change_load",
    "training_summary",
    "readiness_advice",
    "explain",
    "food_facts",
    "help",
    "greeting",
    "clarify",
    "unknown",
]
INTENTS: tuple[str, ...] = get_args(Intent)
METRICS = (
    "resting_hr", "hrv", "sleep", "weight", "load", "readiness", "spo2", "breathing_rate",
    "etco2", "hr", "calories", "protein", "volume", "e1rm",
)  # fmt: skip
DAILY_METRICS = ("mood", "energy", "soreness", "stress", "resting_hr", "hrv")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_CHARS = 1000  # longer messages are not parsed (intent unknown, with a problem saying so)


@dataclass(frozen=True)
class Understanding:
    """What a message asks for: the intent, its slots, a 0-1 confidence and what failed."""

    intent: Intent
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    problems: list[str] = field(default_factory=list)


Slots = dict[str, Any]
Result = tuple[Intent, Slots, list[str]] | None


@dataclass(frozen=True)
class Ctx:
    """The message a family reads: normalised and as written, the day, the names it knows."""

    text: str  # normalised
    raw: str
    today: date
    exercises: ExerciseMatcher
    # The kind of log the student read where the rules' words named none ("10:45pm-6:15am" read
    # as sleep): that family reads the message without its keyword; the checks stay the same.
    hint: Intent | None = None


def has(pattern: str, text: str) -> bool:
    """Whether ``pattern`` occurs in ``text``."""
    return re.search(pattern, text) is not None


def first_group(m: re.Match[str]) -> str:
    """The first group of ``m`` that matched (patterns with alternatives, one group each)."""
    return next(g for g in m.groups() if g is not None)
