"""The conversational coach: offline understanding of what athletes type (intents and slots)
and the guardrails that screen every message before any training advice is given."""

from __future__ import annotations

from fitcoach.assistant.guardrails import InjuryMention, Screen, escalation_message, screen
from fitcoach.assistant.nlu import ExerciseMatcher, Intent, Understanding, understand

__all__ = [
    "ExerciseMatcher",
    "InjuryMention",
    "Intent",
    "Screen",
    "Understanding",
    "escalation_message",
    "screen",
    "understand",
]
