"""Language models behind one protocol, and the assistant that uses them within the rules.

``Assistant`` is the entry point; providers (``OpenAICompatProvider``, ``GeminiProvider``) are
built from settings by ``Assistant.from_settings``. See docs/assistant.md, "Language models".
"""

from __future__ import annotations

from fitcoach.assistant.llm.assistant import MAX_TOOL_ROUNDS, Assistant, OfflineReply
from fitcoach.assistant.llm.base import (
    ChatMessage,
    Completion,
    Provider,
    ProviderError,
    StreamEvent,
    TextDelta,
    ToolCallRequest,
    Usage,
)
from fitcoach.assistant.llm.numbers import Check, Sources, check_numbers

__all__ = [
    "MAX_TOOL_ROUNDS",
    "Assistant",
    "ChatMessage",
    "Check",
    "Completion",
    "OfflineReply",
    "Provider",
    "ProviderError",
    "Sources",
    "StreamEvent",
    "TextDelta",
    "ToolCallRequest",
    "Usage",
    "check_numbers",
]
