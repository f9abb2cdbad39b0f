"""Gemini through the official ``google-genai`` client.

Our messages become ``Content``s (system text goes to ``system_instruction``, tool calls are
``function_call`` parts of a ``model`` turn, tool results are ``function_response`` parts of a
``user`` turn), registry specs become ``FunctionDeclaration``s with their JSON schema as is,
and the library's automatic function calling is off: the assistant runs tools itself, through
the registry and its rules. Retries are the library's (``HttpRetryOptions``); timeouts are in
milliseconds there.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import httpx2
from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from fitcoach.assistant.llm.base import (
    ChatMessage,
    Completion,
    ProviderError,
    StreamEvent,
    TextDelta,
    ToolCallRequest,
    Usage,
)

RETRY_STATUS = [408, 429, 500, 502, 503, 504]


def _response_payload(content: str) -> dict[str, Any]:
    """A tool result as the object Gemini expects in ``function_response.response``."""
    try:
        parsed = json.loads(content)
    except json.JSONDecodeError:
        return {"output": content}
    return parsed if isinstance(parsed, dict) else {"output": parsed}


def _contents(messages: list[ChatMessage]) -> tuple[str, list[types.Content]]:
    """System text and the conversation as Gemini contents (tool results grouped per turn)."""
    system: list[str] = []
    contents: list[types.Content] = []
    for message in messages:
        if message.role == "system":
            system.append(message.content)
        elif message.role == "user":
            contents.append(types.Content(role="user", parts=[types.Part(text=message.content)]))
        elif message.role == "assistant":
            parts = [types.Part(text=message.content)] if message.content else []
            for call in message.tool_calls:
                signature = call.extra.get("thought_signature")
                parts.append(
                    types.Part(
                        function_call=types.FunctionCall(
                            id=call.extra.get("gemini_id"), name=call.name, args=call.arguments
                        ),
                        thought_signature=signature if isinstance(signature, bytes) else None,
                    )
                )
            if parts:  # Gemini refuses a turn without parts
                contents.append(types.Content(role="model", parts=parts))
        else:
            response = types.Part(
                function_response=types.FunctionResponse(
                    id=None
                    if (message.tool_call_id or "").startswith("gemini-")
                    else message.tool_call_id,
                    name=message.name,
                    response=_response_payload(message.content),
                )
            )
            previous = contents[-1] if contents else None
            if (
                previous is not None
                and previous.role == "user"
                and previous.parts
                and all(p.function_response is not None for p in previous.parts)
            ):
                previous.parts.append(response)
            else:
                contents.append(types.Content(role="user", parts=[response]))
    return "\n\n".join(system), contents


def _config(system: str, tools: list[dict[str, Any]]) -> types.GenerateContentConfig:
    declarations = [
        types.FunctionDeclaration(
            name=spec["name"],
            description=spec["description"],
            parameters_json_schema=spec["parameters"],
        )
        for spec in tools
    ]
    return types.GenerateContentConfig(
        system_instruction=system or None,
        tools=[types.Tool(function_declarations=declarations)] if declarations else None,
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
    )


class _Parts:
    """Text and function calls gathered from one response or a stream of chunks."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.calls: list[ToolCallRequest] = []
        self.usage = Usage()
        self.model = ""
        self.finish: str | None = None

    def absorb(self, response: types.GenerateContentResponse) -> str:
        """Fold one response (or chunk) in; the new visible text."""
        new: list[str] = []
        if response.usage_metadata is not None:
            meta = response.usage_metadata
            self.usage = Usage(meta.prompt_token_count or 0, meta.candidates_token_count or 0)
        self.model = response.model_version or self.model
        candidate = response.candidates[0] if response.candidates else None
        if candidate is None:
            return ""
        if candidate.finish_reason is not None:
            self.finish = str(candidate.finish_reason.value)
        for part in (candidate.content.parts if candidate.content else None) or []:
            call = part.function_call
            if call is not None and call.name:
                # The Gemini API may leave ids out; ours must be unique within the chat.
                call_id = call.id or f"gemini-{len(self.calls)}-{call.name}"
                extra: dict[str, Any] = {"gemini_id": call.id}
                if part.thought_signature:
                    extra["thought_signature"] = part.thought_signature
                self.calls.append(
                    ToolCallRequest(
                        id=call_id, name=call.name, arguments=dict(call.args or {}), extra=extra
                    )
                )
            elif part.text and not part.thought:
                new.append(part.text)
        self.text.extend(new)
        return "".join(new)

    def completion(self, started: float, fallback_model: str) -> Completion:
        return Completion(
            text="".join(self.text),
            tool_calls=tuple(self.calls),
            usage=self.usage,
            latency_ms=(time.perf_counter() - started) * 1000,
            model=self.model or fallback_model,
            finish_reason=self.finish,
        )


class GeminiProvider:
    """Gemini ``generateContent`` with function declarations."""

    name = "gemini"

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None = None,
        timeout_s: float = 20.0,
        retries: int = 2,
        client: genai.Client | None = None,
    ) -> None:
        if client is None:
            if not api_key:
                raise ProviderError(
                    self.name, "config", "no API key: set FITCOACH_GEMINI_API_KEY", retryable=False
                )
            options = types.HttpOptions(
                base_url=base_url,
                timeout=max(1, round(timeout_s * 1000)),
                # attempts counts the first call; 1 means no retry at all.
                retry_options=types.HttpRetryOptions(
                    attempts=retries + 1,
                    initial_delay=0.5,
                    max_delay=8.0,
                    http_status_codes=RETRY_STATUS,
                ),
            )
            client = genai.Client(vertexai=False, api_key=api_key, http_options=options)
        self.model = model
        self.client = client

    def _error(self, exc: Exception) -> ProviderError:
        if isinstance(exc, httpx.TimeoutException | httpx2.TimeoutException):
            return ProviderError(
                self.name, "timeout", "the model did not answer in time", retryable=True
            )
        if isinstance(exc, httpx.TransportError | httpx2.TransportError):
            return ProviderError(
                self.name,
                "connection",
                f"cannot reach the server ({type(exc).__name__})",
                retryable=True,
            )
        if isinstance(exc, genai_errors.APIError):
            code = int(exc.code or 0)
            retryable = code in RETRY_STATUS
            return ProviderError(
                self.name, "status", f"HTTP {code} from the server", retryable=retryable
            )
        return ProviderError(
            self.name,
            "invalid_response",
            f"unexpected response ({type(exc).__name__})",
            retryable=False,
        )

    def _per_call(self, timeout_s: float) -> types.HttpOptions:
        return types.HttpOptions(timeout=max(1, round(timeout_s * 1000)))

    def complete(
        self, messages: list[ChatMessage], tools: list[dict[str, Any]], *, timeout_s: float
    ) -> Completion:
        """One ``generateContent`` call; function calls come back as tool calls."""
        system, contents = _contents(messages)
        config = _config(system, tools)
        config.http_options = self._per_call(timeout_s)
        started = time.perf_counter()
        parts = _Parts()
        try:
            response = self.client.models.generate_content(
                model=self.model, contents=contents, config=config
            )
            parts.absorb(response)
        except (genai_errors.APIError, httpx.HTTPError, httpx2.HTTPError, ValueError) as exc:
            raise self._error(exc) from exc
        return parts.completion(started, self.model)

    def stream(
        self, messages: list[ChatMessage], tools: list[dict[str, Any]], *, timeout_s: float
    ) -> Iterator[StreamEvent]:
        """``streamGenerateContent`` (server-sent events): text deltas, then the Completion."""
        system, contents = _contents(messages)
        config = _config(system, tools)
        config.http_options = self._per_call(timeout_s)
        started = time.perf_counter()
        parts = _Parts()
        try:
            for chunk in self.client.models.generate_content_stream(
                model=self.model, contents=contents, config=config
            ):
                delta = parts.absorb(chunk)
                if delta:
                    yield TextDelta(delta)
        except (genai_errors.APIError, httpx.HTTPError, httpx2.HTTPError, ValueError) as exc:
            raise self._error(exc) from exc
        yield parts.completion(started, self.model)
