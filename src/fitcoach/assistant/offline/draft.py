"""One reply being built (``ReplyDraft``): every tool call goes through the registry, so the
same validation, scoping and savepoints apply as for a language model or an MCP client; the
arguments are JSON data as a model would send them, and a tool's summary is the answer."""

from __future__ import annotations

from datetime import date
from typing import Any

from fitcoach.assistant import templates as t
from fitcoach.assistant.registry import ToolContext, ToolRegistry, ToolResult
from fitcoach.assistant.reply import ToolCall


class ReplyDraft:
    """One reply being built: the tool calls made so far and the proposal, if any."""

    def __init__(self, tctx: ToolContext, registry: ToolRegistry) -> None:
        self.tctx = tctx
        self.registry = registry
        self.calls: list[ToolCall] = []
        self.proposed: int | None = None

    def call(self, tool: str, arguments: dict[str, Any]) -> ToolResult:
        result = self.registry.call(self.tctx, tool, arguments)
        self.calls.append(ToolCall(tool, arguments, result))
        if result.proposed_version is not None:
            self.proposed = result.proposed_version
        return result


def jsonable_args(slots: dict[str, Any]) -> dict[str, Any]:
    """Tool arguments as JSON data (dates as ISO strings), as a model would send them."""
    out: dict[str, Any] = {}
    for key, value in slots.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, dict):
            out[key] = jsonable_args(value)
        elif isinstance(value, list):
            out[key] = [jsonable_args(v) if isinstance(v, dict) else v for v in value]
        else:
            out[key] = value
    return out


def tool_answer(result: ToolResult) -> str:
    """A tool's summary as the answer: a failure says what to fix, a proposal that it waits."""
    if not result.ok:
        return t.TOOL_FAILED.format(error=result.error or result.summary or "unknown error")
    if result.proposed_version is not None:
        return t.PROPOSAL.format(summary=result.summary, version=result.proposed_version)
    return result.summary
