"""Offline understanding of what athletes type: an intent and typed, normalised slots.

Rule-based on purpose (regular expressions and small grammars): deterministic, fast and easy
to test. The text is normalised first (lower case, number words to digits, "5k" to km), then
each intent family has one function that recognises it and fills its slots; the first family
that recognises the text wins (the order is in ``intents._FAMILIES``). Exercise names go
through the exercise library's matching (``services.exercises.best_name_scores`` for typos),
units through ``core.units``.

Slot conventions: masses in kg (``weight_kg``), distances in metres (``distance_m``),
durations in seconds (``duration_s``), dates as ``datetime.date`` ("yesterday", "on Monday"
is the latest Monday up to today, "last night" is yesterday), periods as ``start``/``end``
dates ("last week" is the previous Monday to Sunday), weekdays as lower-case English names.

The package, by job: ``base`` (intents, ``Understanding``, the context a family reads),
``normalise``, ``quantities`` (numbers and units), ``dates``, ``matcher`` and ``names``
(exercise names), the families (``sets``, ``cardio``, ``metrics``, ``meals`` for logging;
``plan_requests`` and ``plan_shape``; ``questions``), ``intents`` (``understand``), ``reading`` and
``accounting`` (``read_log``: a logging message read whole, every number accounted for) and
``undo`` (``read_undo``: corrections and undo of the last entry).
"""

from __future__ import annotations

from fitcoach.assistant.nlu.base import (
    DAILY_METRICS,
    INTENTS,
    MAX_CHARS,
    METRICS,
    WEEKDAYS,
    Intent,
    Understanding,
)
from fitcoach.assistant.nlu.dates import find_dates
from fitcoach.assistant.nlu.intents import understand
from fitcoach.assistant.nlu.matcher import ExerciseMatch, ExerciseMatcher
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.plan_foreign import understand_plan_in_english, vague_plan_in_english
from fitcoach.assistant.nlu.quantities import bare_mass_unit, bare_units, bare_units_system
from fitcoach.assistant.nlu.reading import (
    BARE_BODY_KG_MAX,
    BARE_KG_MAX,
    LOG_INTENTS,
    LogReading,
    read_log,
)
from fitcoach.assistant.nlu.undo import read_undo

__all__ = [
    "BARE_BODY_KG_MAX",
    "BARE_KG_MAX",
    "DAILY_METRICS",
    "INTENTS",
    "LOG_INTENTS",
    "MAX_CHARS",
    "METRICS",
    "WEEKDAYS",
    "ExerciseMatch",
    "ExerciseMatcher",
    "Intent",
    "LogReading",
    "Understanding",
    "bare_mass_unit",
    "bare_units",
    "bare_units_system",
    "find_dates",
    "normalise",
    "read_log",
    "read_undo",
    "understand",
    "understand_plan_in_english",
    "vague_plan_in_english",
]
