"""What the assistant answers with, and the turns of a conversation it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from fitcoach.assistant.registry import ToolResult

Source = Literal["offline", "llm", "guardrail"]
Role = Literal["user", "assistant"]


@dataclass(frozen=True)
class Turn:
    """One earlier message of the conversation (the bounded memory the assistant reads)."""

    role: Role
    text: str
    # The reply's tool calls as stored (``ToolCall.as_dict``): what a turn logged, so that a
    # later "undo that" removes exactly that entry.
    tool_calls: tuple[dict[str, Any], ...] = ()


# The id each log tool answers with, and the kind of entry it names (``services.training_log``).
ENTRY_IDS = {
    "workout_id": "workouts",
    "cardio_id": "cardio",
    "daily_id": "daily",
    "sleep_id": "sleep",
    "meal_id": "meals",
}


def entries_of(result: ToolResult) -> list[dict[str, Any]]:
    """The entries a successful log tool stored: kind, id, and for a day's readings the fields
    it set (``fields`` None for the other kinds, so the stored form is the API's)."""
    if not result.ok or not isinstance(result.data, dict):
        return []
    out = []
    for key, kind in ENTRY_IDS.items():
        if isinstance(result.data.get(key), int):
            fields = sorted(k for k in result.data if k not in (key, "date"))
            out.append(
                {
                    "kind": kind,
                    "id": result.data[key],
                    "fields": fields if kind == "daily" else None,
                }
            )
    return out


@dataclass(frozen=True)
class ToolCall:
    """A tool the assistant called while answering, with its arguments and result."""

    tool: str
    arguments: dict[str, Any]
    result: ToolResult

    def as_dict(self) -> dict[str, Any]:
        """JSON-able, for storing with the message."""
        return {
            "tool": self.tool,
            "arguments": self.arguments,
            "ok": self.result.ok,
            "summary": self.result.summary,
            "error": self.result.error,
            "proposed_version": self.result.proposed_version,
            "entries": entries_of(self.result),
        }


@dataclass
class Reply:
    """The answer to one message.

    ``source`` says who phrased it: the offline templates, a language model, or a guardrail
    (a red flag or an injection answered without any training advice). ``proposed_version`` is
    a plan version the answer proposed, awaiting the athlete's approval (interfaces show
    approve / reject). ``fallback_reason`` says why a configured model's answer was not used.
    """

    text: str
    intent: str
    source: Source
    tool_calls: list[ToolCall] = field(default_factory=list)
    proposed_version: int | None = None
    escalated: bool = False
    provider: str | None = None
    model: str | None = None
    usage: dict[str, int] = field(default_factory=dict)
    latency_ms: float | None = None
    fallback_reason: str | None = None
