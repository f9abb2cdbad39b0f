"""Any OpenAI-compatible chat-completions server: OpenAI, Ollama's ``/v1``, vLLM, llama.cpp.

Uses the official ``openai`` client, so retries with backoff (``max_retries``), timeouts and
server-sent events are the library's; this module maps our messages and tool specs to the
chat-completions shapes, assembles streamed tool-call deltas and turns the library's errors
into ``ProviderError``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import openai
from openai.types.chat import (
    ChatCompletionChunk,
    ChatCompletionFunctionToolParam,
    ChatCompletionMessageParam,
)

from fitcoach.assistant.llm.base import (
    ChatMessage,
    Completion,
    ProviderError,
    StreamEvent,
    TextDelta,
    ToolCallRequest,
    Usage,
    parse_arguments,
)

OPENAI_BASE_URL = "https://api.openai.com/v1"
# Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the client insists on one.
LOCAL_KEY = "not-needed"


def _message(message: ChatMessage) -> ChatCompletionMessageParam:
    if message.role == "system":
        return {"role": "system", "content": message.content}
    if message.role == "user":
        return {"role": "user", "content": message.content}
    if message.role == "tool":
        return {
            "role": "tool",
            "tool_call_id": message.tool_call_id or "",
            "content": message.content,
        }
    if message.tool_calls:
        return {
            "role": "assistant",
            "content": message.content or None,
            "tool_calls": [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {
                        "name": call.name,
                        "arguments": call.invalid_arguments
                        if call.invalid_arguments is not None
                        else json.dumps(call.arguments, ensure_ascii=False),
                    },
                }
                for call in message.tool_calls
            ],
        }
    return {"role": "assistant", "content": message.content}


def _tools(specs: list[dict[str, Any]]) -> list[ChatCompletionFunctionToolParam]:
    return [
        {
            "type": "function",
            "function": {
                "name": spec["name"],
                "description": spec["description"],
                "parameters": spec["parameters"],
            },
        }
        for spec in specs
    ]


def _call(call_id: str, name: str, raw_arguments: str | None) -> ToolCallRequest:
    arguments, invalid = parse_arguments(raw_arguments)
    return ToolCallRequest(id=call_id, name=name, arguments=arguments, invalid_arguments=invalid)


class OpenAICompatProvider:
    """Chat completions with function calling on any OpenAI-compatible endpoint."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        max_retries: int = 2,
        client: openai.OpenAI | None = None,
    ) -> None:
        if client is None:
            if not api_key and not base_url:
                raise ProviderError(
                    self.name,
                    "config",
                    "no API key: set FITCOACH_OPENAI_API_KEY, or FITCOACH_OPENAI_BASE_URL for a "
                    "local server (Ollama, vLLM, llama.cpp)",
                    retryable=False,
                )
            # Everything explicit: the client would otherwise read OPENAI_* variables itself.
            client = openai.OpenAI(
                api_key=api_key or LOCAL_KEY,
                base_url=base_url or OPENAI_BASE_URL,
                max_retries=max_retries,
            )
        self.model = model
        self.client = client

    def _error(self, exc: Exception) -> ProviderError:
        if isinstance(exc, openai.APITimeoutError):
            return ProviderError(
                self.name, "timeout", "the model did not answer in time", retryable=True
            )
        if isinstance(exc, openai.APIConnectionError):
            return ProviderError(
                self.name,
                "connection",
                f"cannot reach the server ({type(exc).__name__})",
                retryable=True,
            )
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            retryable = status in (408, 409, 429) or status >= 500
            return ProviderError(
                self.name, "status", f"HTTP {status} from the server", retryable=retryable
            )
        return ProviderError(
            self.name,
            "invalid_response",
            f"unexpected response ({type(exc).__name__})",
            retryable=False,
        )

    def complete(
        self, messages: list[ChatMessage], tools: list[dict[str, Any]], *, timeout_s: float
    ) -> Completion:
        """One chat completion; tool calls come back parsed."""
        started = time.perf_counter()
        try:
            response = self.client.chat.completions.create(
                model=self.model,
                messages=[_message(m) for m in messages],
                tools=_tools(tools) if tools else openai.omit,
                timeout=timeout_s,
            )
        except openai.OpenAIError as exc:
            raise self._error(exc) from exc
        latency_ms = (time.perf_counter() - started) * 1000
        if not response.choices:
            raise ProviderError(
                self.name, "invalid_response", "the answer had no choices", retryable=True
            )
        choice = response.choices[0]
        calls = tuple(
            _call(call.id, call.function.name, call.function.arguments)
            for call in choice.message.tool_calls or ()
            if call.type == "function"
        )
        usage = response.usage
        return Completion(
            text=choice.message.content or "",
            tool_calls=calls,
            usage=Usage(usage.prompt_tokens, usage.completion_tokens) if usage else Usage(),
            latency_ms=latency_ms,
            model=response.model or self.model,
            finish_reason=choice.finish_reason,
        )

    def stream(
        self, messages: list[ChatMessage], tools: list[dict[str, Any]], *, timeout_s: float
    ) -> Iterator[StreamEvent]:
        """The completion as server-sent events: text deltas, then the assembled Completion.

        Tool calls arrive in pieces keyed by ``index`` (the id and name first, the arguments
        as JSON fragments); they are joined before the Completion is yielded.
        """
        started = time.perf_counter()
        text: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        usage = Usage()
        model = self.model
        finish: str | None = None
        try:
            chunks = self.client.chat.completions.create(
                model=self.model,
                messages=[_message(m) for m in messages],
                tools=_tools(tools) if tools else openai.omit,
                stream=True,
                stream_options={"include_usage": True},
                timeout=timeout_s,
            )
            with chunks:
                for chunk in chunks:
                    model = chunk.model or model
                    if chunk.usage is not None:
                        usage = Usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
                    delta_text, finish = _absorb(chunk, calls, finish)
                    if delta_text:
                        text.append(delta_text)
                        yield TextDelta(delta_text)
        except openai.OpenAIError as exc:
            raise self._error(exc) from exc
        tool_calls = tuple(
            _call(call["id"] or f"call_{index}", call["name"], call["arguments"])
            for index, call in sorted(calls.items())
            if call["name"]
        )
        yield Completion(
            text="".join(text),
            tool_calls=tool_calls,
            usage=usage,
            latency_ms=(time.perf_counter() - started) * 1000,
            model=model,
            finish_reason=finish,
        )


def _absorb(
    chunk: ChatCompletionChunk, calls: dict[int, dict[str, str]], finish: str | None
) -> tuple[str, str | None]:
    """Fold one chunk's tool-call pieces into ``calls``; its text and the finish reason."""
    text = ""
    for choice in chunk.choices[:1]:
        delta = choice.delta
        text = delta.content or ""
        for piece in delta.tool_calls or ():
            call = calls.setdefault(piece.index, {"id": "", "name": "", "arguments": ""})
            if piece.id:
                call["id"] = piece.id
            if piece.function is not None:
                if piece.function.name and not call["name"]:  # some servers repeat it
                    call["name"] = piece.function.name
                call["arguments"] += piece.function.arguments or ""
        finish = choice.finish_reason or finish
    return text, finish
