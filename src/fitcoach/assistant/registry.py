"""The typed tool registry the assistant, language models and MCP clients act through.

A tool is a name, a description, a pydantic model of its arguments (its JSON schema is what a
model or an MCP client sees) and a handler over the coach services. Tools act only for the
athlete in their ``ToolContext``, which the interface fixes from the authenticated subject: no
tool has an athlete id among its arguments, so nothing a model or a message says can point a
tool at another athlete. Expected failures (bad arguments, a missing plan, a validator's
refusal) come back as a failed ``ToolResult`` with a readable error, never as an exception, so
a model can read the error and try again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import structlog
from pydantic import BaseModel, ValidationError

from fitcoach.core.errors import FitcoachError, NotFound, invalid_from
from fitcoach.core.units import Units, quantities_in_data, quantities_in_text
from fitcoach.services.context import ServiceContext, athlete_units, validation_context
from fitcoach.storage.db import write_savepoint

log = structlog.get_logger(__name__)

# Arguments a tool must never take: the athlete comes from the authenticated context.
FORBIDDEN_ARGUMENTS = frozenset({"athlete_id", "athlete", "account_id", "user_id", "subject"})


@dataclass(frozen=True)
class ToolContext:
    """Who a tool acts for: the unit of work and the authenticated athlete's id, and when the
    message being answered was sent (``sent_at``: what "undo that" names is the last entry at
    that moment; None: now)."""

    service: ServiceContext
    athlete_id: int
    sent_at: datetime | None = None

    def today(self) -> date:
        """The athlete's local date (their time zone), from the injected clock."""
        from fitcoach.services.monitoring import local_today

        return local_today(self.service, self.athlete_id)

    def units(self) -> Units:
        """The athlete's unit system: what a quantity given without a unit is in, and what a
        tool's answer says its quantities in."""
        return athlete_units(self.service, self.service.scope(self.athlete_id))


@dataclass(frozen=True)
class ToolResult:
    """What a tool returned: JSON-able ``data`` and a short ``summary`` quoting its numbers."""

    tool: str
    ok: bool
    data: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    error: str | None = None
    proposed_version: int | None = None  # a plan version now awaiting the athlete's approval
    # The athlete's unit system, which ``as_json`` says quantities in (``ToolRegistry.call``
    # sets it); ``data`` itself keeps kg and metres, as its keys say, for the code that reads it.
    units: Units | None = None

    def read_data(self) -> Any:
        """``data`` as the model or the MCP client is given it: in the athlete's units
        (``weight_lb`` for an athlete who reads lb, ``core.units.quantities_in_data``)."""
        return quantities_in_data(self.data, self.units)

    def as_json(self) -> str:
        """The result as a model or an MCP client reads it, in the athlete's units."""
        payload: dict[str, Any] = {
            "ok": self.ok,
            "summary": quantities_in_text(self.summary, self.units),
            "data": self.read_data(),
        }
        if self.error:
            payload["error"] = quantities_in_text(self.error, self.units)
        if self.proposed_version is not None:
            payload["proposed_version"] = self.proposed_version
        return json.dumps(payload, default=str, ensure_ascii=False)


Handler = Callable[[ToolContext, Any], ToolResult]


def _inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with ``$ref``s inlined and titles dropped.

    Providers and MCP clients differ in how much of JSON Schema they accept; a flat schema
    without references is what all of them read.
    """
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                return walk(defs[name])
            return {key: walk(value) for key, value in node.items() if key != "title"}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    flat: dict[str, Any] = walk(schema)
    flat.setdefault("properties", {})
    flat["type"] = "object"
    return flat


@dataclass(frozen=True)
class Tool:
    """One action over the coach services, for the authenticated athlete only."""

    name: str
    description: str
    args: type[BaseModel]
    handler: Handler
    writes: bool = False
    # Approving or rejecting a plan change is the athlete's own act (a button, their MCP
    # client), never something a chat model decides for them.
    for_models: bool = True

    def __post_init__(self) -> None:
        taken = FORBIDDEN_ARGUMENTS & set(self.args.model_fields)
        if taken:
            raise ValueError(
                f"tool {self.name} must not take {sorted(taken)}: the athlete is fixed"
            )

    @property
    def parameters(self) -> dict[str, Any]:
        """The JSON schema of the arguments."""
        return _inline_schema(self.args)

    def spec(self) -> dict[str, Any]:
        """Name, description and parameters: what a provider or an MCP client is shown."""
        return {"name": self.name, "description": self.description, "parameters": self.parameters}


def _parse_arguments(arguments: Mapping[str, Any] | str | None) -> dict[str, Any]:
    if arguments is None or arguments == "":
        return {}
    if isinstance(arguments, str):
        try:
            parsed = json.loads(arguments)
        except json.JSONDecodeError as exc:
            raise ValueError(f"arguments are not valid JSON: {exc.msg}") from None
    else:
        parsed = dict(arguments)
    if not isinstance(parsed, dict):
        raise ValueError("arguments must be a JSON object")
    return parsed


class ToolRegistry:
    """Tools by name; ``call`` validates arguments and turns expected failures into results."""

    def __init__(self, tools: Iterable[Tool]) -> None:
        self._tools: dict[str, Tool] = {}
        for tool in tools:
            if tool.name in self._tools:
                raise ValueError(f"two tools are named {tool.name}")
            self._tools[tool.name] = tool

    @property
    def names(self) -> list[str]:
        return list(self._tools)

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def tools(self, *, for_models: bool = False) -> list[Tool]:
        """All tools, or only those a chat model may call."""
        return [t for t in self._tools.values() if t.for_models or not for_models]

    def specs(self, *, for_models: bool = False) -> list[dict[str, Any]]:
        return [tool.spec() for tool in self.tools(for_models=for_models)]

    def get(self, name: str) -> Tool:
        try:
            return self._tools[name]
        except KeyError:
            raise NotFound(f"no tool named {name!r}") from None

    def call(
        self,
        tctx: ToolContext,
        name: str,
        arguments: Mapping[str, Any] | str | None = None,
        *,
        for_models: bool = False,
    ) -> ToolResult:
        """Run ``name`` for the athlete in ``tctx``; never raises for an expected failure.

        A tool that fails leaves nothing behind: its writes are undone with a savepoint, so a
        model's failed attempt cannot half-change the athlete's data. A quantity given as text
        with its unit ("176 lb", "3.1 mi") is converted; as text without one it is in the
        athlete's unit; as a number, in the unit its field names (``weight_kg``: kg). The
        result carries the athlete's unit system, which its JSON answers in.
        """
        tool = self._tools.get(name)
        if tool is None or (for_models and not tool.for_models):
            return ToolResult(name, ok=False, error=f"unknown tool {name!r}; known: {self.names}")
        try:
            units = tctx.units()
        except FitcoachError as exc:
            return ToolResult(name, ok=False, error=str(exc))
        try:
            raw = _parse_arguments(arguments)
            taken = FORBIDDEN_ARGUMENTS & set(raw)
            if taken:
                raise ValueError(
                    f"{sorted(taken)} cannot be given: tools act only for the signed-in athlete"
                )
            args = tool.args.model_validate(raw, context=validation_context(None, units))
        except ValidationError as exc:
            return ToolResult(name, ok=False, error=str(invalid_from(exc)), units=units)
        except ValueError as exc:
            return ToolResult(name, ok=False, error=str(exc), units=units)
        # Only a writing tool has anything to undo (and on SQLite a savepoint takes the lock).
        savepoint = write_savepoint(tctx.service.session) if tool.writes else None
        try:
            result = tool.handler(tctx, args)
        except FitcoachError as exc:
            if savepoint is not None:
                savepoint.rollback()
            log.info("tool_failed", tool=name, error=type(exc).__name__)
            return ToolResult(name, ok=False, error=str(exc), units=units)
        if savepoint is not None and savepoint.is_active:
            savepoint.commit()
        return replace(result, units=units)
