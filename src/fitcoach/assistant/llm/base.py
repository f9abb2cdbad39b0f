"""The one protocol every language-model provider speaks, and the messages it exchanges.

Providers only carry messages to a model and back: they know nothing about athletes, tools or
guardrails. The assistant (``llm/assistant.py``) owns the conversation, runs the tools the
model asks for and checks the answer. Keeping the protocol this small is what lets an
OpenAI-compatible server, Gemini or a test double stand in for one another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Role = Literal["system", "user", "assistant", "tool"]
ErrorKind = Literal["timeout", "connection", "status", "invalid_response", "config"]


@dataclass(frozen=True)
class ToolCallRequest:
    """A tool the model asked for.

    ``arguments`` is the parsed JSON object; when the model sent something that is not a JSON
    object, ``arguments`` is empty and ``invalid_arguments`` holds what it sent, so the tool
    call can fail with a readable error the model can act on. ``extra`` carries opaque
    provider data that must go back with the call (Gemini's thought signature).
    """

    id: str
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    invalid_arguments: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChatMessage:
    """One message of a chat: system, user, assistant (text and/or tool calls) or tool result."""

    role: Role
    content: str = ""
    tool_calls: tuple[ToolCallRequest, ...] = ()  # assistant messages that ask for tools
    tool_call_id: str | None = None  # tool results: the call they answer
    name: str | None = None  # tool results: the tool's name (Gemini matches on it)

    @classmethod
    def system(cls, text: str) -> ChatMessage:
        return cls("system", text)

    @classmethod
    def user(cls, text: str) -> ChatMessage:
        return cls("user", text)

    @classmethod
    def assistant(cls, text: str = "", tool_calls: tuple[ToolCallRequest, ...] = ()) -> ChatMessage:
        return cls("assistant", text, tool_calls=tool_calls)

    @classmethod
    def tool_result(cls, call: ToolCallRequest, content: str) -> ChatMessage:
        return cls("tool", content, tool_call_id=call.id, name=call.name)


@dataclass(frozen=True)
class Usage:
    """Tokens a call used, as the provider reported them (0 when it reported nothing)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True)
class Completion:
    """A model's answer to one call: text, tool calls or both, with usage and latency."""

    text: str
    tool_calls: tuple[ToolCallRequest, ...] = ()
    usage: Usage = field(default_factory=Usage)
    latency_ms: float = 0.0
    model: str = ""
    finish_reason: str | None = None


@dataclass(frozen=True)
class TextDelta:
    """A piece of the answer's text as it streams in."""

    text: str


StreamEvent = TextDelta | Completion  # text deltas, then exactly one Completion


class ProviderError(Exception):
    """A provider call that failed; the assistant then tries the next provider.

    ``retryable`` says whether the same call might succeed later (a timeout, a rate limit, a
    server error) as opposed to a request the provider will always refuse (bad key, unknown
    model, malformed request). Retries within a call are the client library's job
    (``llm_retries``); this flag is for logs and for callers that schedule work.
    """

    def __init__(self, provider: str, kind: ErrorKind, message: str, *, retryable: bool) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.kind: ErrorKind = kind
        self.retryable = retryable


@runtime_checkable
class Provider(Protocol):
    """A chat model with function calling behind one interface."""

    name: str
    model: str

    def complete(
        self, messages: list[ChatMessage], tools: list[dict[str, Any]], *, timeout_s: float
    ) -> Completion:
        """One call: the whole answer. ``tools`` are registry specs (name, description,
        parameters). Raises ``ProviderError``."""
        ...

    def stream(
        self, messages: list[ChatMessage], tools: list[dict[str, Any]], *, timeout_s: float
    ) -> Iterator[StreamEvent]:
        """The same call streamed: ``TextDelta``s, then one ``Completion`` with the whole text
        and the assembled tool calls. Raises ``ProviderError``."""
        ...


def parse_arguments(raw: str | Mapping[str, Any] | None) -> tuple[dict[str, Any], str | None]:
    """A model's tool arguments as a dict, or ``({}, raw)`` when they are not a JSON object."""
    if raw is None or raw == "":
        return {}, None
    if isinstance(raw, Mapping):
        return dict(raw), None
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError:
        return {}, raw
    if not isinstance(parsed, dict):
        return {}, raw
    return parsed, None
