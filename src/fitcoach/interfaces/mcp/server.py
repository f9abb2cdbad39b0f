"""The MCP server: every tool of the registry, for the athlete of the presented API token.

Each tool call is its own unit of work: the token is checked, its athlete found, the scope
enforced (a read-only token cannot call a tool that writes), and the tool runs through the
same registry the chat assistant uses, so an AI client reads and edits the athlete's data
through the same validation, scoping and approval rules. Failed tools come back as results
marked ``isError`` with the readable reason, so the client's model can correct itself.
Approving or rejecting a proposed plan change is exposed here (unlike to chat models): the
MCP client acts for the athlete, who makes that decision. A few read-only resources (the
plan, today's session, readiness) are the same tools' results, and two prompts only ask the
client's model to call tools.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import anyio
import mcp_types as types
import structlog
from mcp.server import Server, ServerRequestContext
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.shared.exceptions import MCPError
from starlette.requests import Request

from fitcoach.assistant.registry import ToolContext, ToolRegistry, ToolResult
from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import FitcoachError, Unauthenticated
from fitcoach.interfaces.mcp.auth import READ_ONLY, Caller, identify
from fitcoach.services.context import ServiceContext
from fitcoach.storage.db import Session, sessionmaker, unit_of_work

log = structlog.get_logger(__name__)

SERVER_NAME = "fitcoach"
INSTRUCTIONS = (
    "fitcoach is the athlete's personal trainer. These tools read and change the data of the "
    "athlete whose API token this connection uses, and no one else's. The coach engine "
    "decides: plan edits come back as a proposed version that the athlete approves with "
    "approve_plan_change (or rejects with reject_plan_change); quote the numbers the tools "
    "return rather than inventing any. fitcoach does not diagnose: when the athlete reports "
    "symptoms (chest pain, fainting, severe breathlessness, a swollen calf after a flight, "
    "numbness with bladder changes, a pop with swelling, a very low food intake, thoughts of "
    "self-harm ...), call report_symptoms with their words, relay its message and give no "
    "training advice; training stays paused until the athlete resolves the health flag."
)


@dataclass(frozen=True)
class ResourceSpec:
    """A read-only view served as a resource: the JSON result of one tool without arguments."""

    uri: str
    name: str
    tool: str
    description: str


RESOURCES = (
    ResourceSpec(
        "fitcoach://plan/current",
        "current-plan",
        "get_plan",
        "The athlete's active training plan (and any version awaiting approval).",
    ),
    ResourceSpec(
        "fitcoach://today",
        "today",
        "get_today_session",
        "Today's session, adjusted to the athlete's readiness, with the engine's reasons.",
    ),
    ResourceSpec(
        "fitcoach://readiness",
        "readiness",
        "get_readiness",
        "Today's readiness from HRV, resting heart rate, sleep and training load.",
    ),
)


@dataclass(frozen=True)
class PromptSpec:
    """A ready-made request an athlete picks in their client; it only asks for tool calls."""

    name: str
    description: str
    text: str


PROMPTS = (
    PromptSpec(
        "morning_check_in",
        "Today's readiness and session, and what to do today.",
        "Read my readiness (get_readiness) and today's session (get_today_session) from "
        "fitcoach. Tell me in a few sentences what to do today and why, quoting the numbers "
        "and the coach's reasons. Do not change my plan.",
    ),
    PromptSpec(
        "weekly_review",
        "The last seven days: training load, sleep and resting heart rate.",
        "From fitcoach, read my training load, sleep and resting heart rate over the last "
        "seven days (get_metrics for load, sleep and resting_hr) and the plan in force "
        "(get_plan). Summarise how the week went, quoting the numbers, and say what the "
        "coach's reasons suggest for next week. Propose a plan edit only if I ask.",
    ),
)


def _default_registry() -> ToolRegistry:
    from fitcoach.assistant.tools import default_registry

    return default_registry()


def request_token(ctx: ServerRequestContext[Any, Any]) -> str:
    """The bearer token the HTTP middleware verified for the request carrying this message."""
    request = ctx.request
    user = request.scope.get("user") if isinstance(request, Request) else None
    if not isinstance(user, AuthenticatedUser):
        raise Unauthenticated("send an API token as 'Authorization: Bearer <token>'")
    return user.access_token.token


TokenSource = Callable[[ServerRequestContext[Any, Any]], str]


def call_result(result: ToolResult) -> types.CallToolResult:
    """A tool result as MCP content: the JSON as text and as structured content.

    A failure's text is the readable error alone, which is what a client shows or a model
    reads; the structured content keeps the full result either way.
    """
    text = result.as_json()
    payload = json.loads(text)
    shown = text if result.ok else f"{result.tool} failed: {result.error}"
    return types.CallToolResult(
        content=[types.TextContent(text=shown)],
        structured_content=payload,
        is_error=not result.ok,
    )


class FitcoachMCP:
    """The tool registry behind MCP: authentication, scope and a unit of work per call."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        registry: ToolRegistry | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.registry = registry if registry is not None else _default_registry()
        self.clock: Clock = clock or SystemClock()

    # -- synchronous work, run in a worker thread -------------------------------------------

    def check(self, secret: str) -> Caller:
        """Who ``secret`` acts for (raises the refusal); records the token's use."""
        with unit_of_work(self.session_factory) as session:
            return identify(session, secret, self.clock)

    def call(self, secret: str, name: str, arguments: Mapping[str, Any] | None) -> ToolResult:
        """Run one tool for the token's athlete in its own transaction; never raises."""
        started = time.perf_counter()
        athlete_id: int | None = None
        try:
            with unit_of_work(self.session_factory) as session:
                caller = identify(session, secret, self.clock)
                athlete_id = caller.athlete_id
                if (
                    name in self.registry
                    and self.registry.get(name).writes
                    and not caller.can_write
                ):
                    result = ToolResult(name, ok=False, error=READ_ONLY.format(tool=name))
                else:
                    service = ServiceContext(
                        session=session, subject=caller.subject, clock=self.clock
                    )
                    result = self.registry.call(
                        ToolContext(service, caller.athlete_id), name, arguments
                    )
        except FitcoachError as exc:
            result = ToolResult(name, ok=False, error=exc.message)
        except Exception as exc:
            # A bug: the transaction is rolled back; the client gets no traceback.
            log.exception("mcp_tool_crashed", tool=name, error=type(exc).__name__)
            result = ToolResult(
                name,
                ok=False,
                error=f"fitcoach hit an unexpected error running {name}; the server log has details",
            )
        log.info(
            "mcp_tool",
            tool=name,
            athlete_id=athlete_id,
            ok=result.ok,
            ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return result

    # -- the MCP server ---------------------------------------------------------------------

    def resources(self) -> list[ResourceSpec]:
        """The resources whose tool this registry has."""
        return [r for r in RESOURCES if r.tool in self.registry]

    def list_tools(self) -> types.ListToolsResult:
        """Every tool with its JSON schema; the athlete is never among the arguments."""
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=tool.name,
                    description=tool.description,
                    input_schema=tool.parameters,
                    annotations=types.ToolAnnotations(
                        read_only_hint=not tool.writes,
                        destructive_hint=False,
                        open_world_hint=False,
                    ),
                )
                for tool in self.registry.tools()
            ]
        )

    def server(self, token: str | None = None) -> Server[Any]:
        """An MCP server acting with ``token`` (stdio), or with each HTTP request's own token."""
        token_of: TokenSource = (lambda _ctx: token) if token is not None else request_token

        async def run(ctx: ServerRequestContext[Any, Any], name: str, args: Any) -> ToolResult:
            try:
                secret = token_of(ctx)
            except FitcoachError as exc:
                return ToolResult(name, ok=False, error=exc.message)
            return await anyio.to_thread.run_sync(partial(self.call, secret, name, args))

        async def on_list_tools(
            ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
        ) -> types.ListToolsResult:
            return self.list_tools()

        async def on_call_tool(
            ctx: ServerRequestContext[Any, Any], params: types.CallToolRequestParams
        ) -> types.CallToolResult:
            return call_result(await run(ctx, params.name, params.arguments))

        async def on_list_resources(
            ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
        ) -> types.ListResourcesResult:
            return types.ListResourcesResult(
                resources=[
                    types.Resource(
                        uri=r.uri,
                        name=r.name,
                        description=r.description,
                        mime_type="application/json",
                    )
                    for r in self.resources()
                ]
            )

        async def on_read_resource(
            ctx: ServerRequestContext[Any, Any], params: types.ReadResourceRequestParams
        ) -> types.ReadResourceResult:
            spec = next((r for r in self.resources() if r.uri == str(params.uri)), None)
            if spec is None:
                known = ", ".join(r.uri for r in self.resources())
                raise MCPError(types.INVALID_PARAMS, f"no resource {params.uri!s}; known: {known}")
            result = await run(ctx, spec.tool, {})
            return types.ReadResourceResult(
                contents=[
                    types.TextResourceContents(
                        uri=spec.uri, mime_type="application/json", text=result.as_json()
                    )
                ]
            )

        async def on_list_prompts(
            ctx: ServerRequestContext[Any, Any], params: types.PaginatedRequestParams | None
        ) -> types.ListPromptsResult:
            return types.ListPromptsResult(
                prompts=[types.Prompt(name=p.name, description=p.description) for p in PROMPTS]
            )

        async def on_get_prompt(
            ctx: ServerRequestContext[Any, Any], params: types.GetPromptRequestParams
        ) -> types.GetPromptResult:
            spec = next((p for p in PROMPTS if p.name == params.name), None)
            if spec is None:
                known = ", ".join(p.name for p in PROMPTS)
                raise MCPError(types.INVALID_PARAMS, f"no prompt {params.name!r}; known: {known}")
            return types.GetPromptResult(
                description=spec.description,
                messages=[
                    types.PromptMessage(role="user", content=types.TextContent(text=spec.text))
                ],
            )

        return Server(
            SERVER_NAME,
            version=_version(),
            title="fitcoach",
            instructions=INSTRUCTIONS,
            on_list_tools=on_list_tools,
            on_call_tool=on_call_tool,
            on_list_resources=on_list_resources,
            on_read_resource=on_read_resource,
            on_list_prompts=on_list_prompts,
            on_get_prompt=on_get_prompt,
        )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fitcoach")
    except PackageNotFoundError:
        return "0"


async def serve_stdio(service: FitcoachMCP, token: str) -> None:
    """Serve MCP over this process's stdin and stdout until the client closes stdin."""
    from mcp.server.stdio import stdio_server

    server = service.server(token)
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, server.create_initialization_options())
