"""``fitcoach chat``: talk to the coach from the terminal, as an athlete would on Telegram.

One message with ``fitcoach chat -a 1 "slept 7 hours"``, or a conversation when no message is
given. Each message is its own unit of work (what it logs is committed before the next one),
and the same assistant answers as everywhere else: guardrails first, then the configured
language models (``FITCOACH_LLM_PROVIDERS``), then the offline coach. Plan changes wait for
approval; in a conversation ``/approve`` and ``/reject`` decide the last proposal.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, errors, service_context, settings

if TYPE_CHECKING:
    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.reply import Reply, Turn

MEMORY_TURNS = 12  # earlier messages the assistant sees in a conversation
COMMANDS = "/approve [N], /reject [N] decide a proposed plan change; /help; /quit"


def _assistant() -> Assistant:
    """The assistant the settings configure (offline only when no provider is named)."""
    from fitcoach.assistant.llm import Assistant

    with errors():
        return Assistant.from_settings(settings())


def _answer(assistant: Assistant, athlete: str, text: str, history: list[Turn]) -> Reply:
    """One message in its own unit of work: what it logs is committed with the reply."""
    from fitcoach.assistant.registry import ToolContext

    with service_context() as ctx:
        tctx = ToolContext(ctx, athlete_id(ctx, athlete))
        return assistant.reply(tctx, text, history=history[-MEMORY_TURNS:])


def _decide(athlete: str, tool: str, version: int) -> str:
    """Approve or reject a proposed plan version (the athlete's own act, not the model's)."""
    from fitcoach.assistant.registry import ToolContext
    from fitcoach.assistant.tools import default_registry

    with service_context() as ctx:
        tctx = ToolContext(ctx, athlete_id(ctx, athlete))
        result = default_registry().call(tctx, tool, {"version": version})
    return result.summary if result.ok else f"error: {result.error}"


def _as_json(reply: Reply) -> dict[str, Any]:
    return {
        "text": reply.text,
        "intent": reply.intent,
        "source": reply.source,
        "escalated": reply.escalated,
        "proposed_version": reply.proposed_version,
        "provider": reply.provider,
        "model": reply.model,
        "latency_ms": reply.latency_ms,
        "fallback_reason": reply.fallback_reason,
        "tool_calls": [c.as_dict() for c in reply.tool_calls],
    }


def _show(reply: Reply, verbose: bool) -> None:
    console.print(escape(reply.text), highlight=False, soft_wrap=True)
    if verbose:
        tools = ", ".join(f"{c.tool}{'' if c.result.ok else ' (failed)'}" for c in reply.tool_calls)
        by = reply.provider or reply.source
        console.print(
            f"[dim]{escape(by)} · {escape(reply.intent)} · tools: {escape(tools or 'none')}"
            f"{'' if reply.latency_ms is None else f' · {reply.latency_ms:.0f} ms'}[/dim]",
            highlight=False,
        )


def _version(argument: str, last: int | None) -> int | None:
    if argument.strip().isdigit():
        return int(argument)
    return last


def chat(
    message: str | None = typer.Argument(
        None, help="The message; leave it out for a conversation (Ctrl-D or /quit ends it)."
    ),
    athlete: str = ATHLETE,
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Show who answered, the tools called and the latency."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Talk to the coach: log training, ask about your data, change your plan.

    Example:

      fitcoach chat -a 1 "3x8 squats at 100 kg RIR 2"

      fitcoach chat -a demo@fitcoach.local "what was my resting HR last week?"

      fitcoach chat -a 1            (a conversation; /approve accepts a proposed plan change)
    """
    history: list[Turn] = []
    if message is not None:
        if not message.strip():
            with errors():
                from fitcoach.core.errors import InvalidInput

                raise InvalidInput('the message is empty; say something, e.g. "weight 72.4"')
        reply = _answer(_assistant(), athlete, message, history)
        if json_out:
            console.print_json(json.dumps(_as_json(reply)))
        else:
            _show(reply, verbose)
        return
    from fitcoach.assistant.reply import Turn

    assistant = _assistant()
    console.print(f"[dim]Talking to fitcoach. {escape(COMMANDS)}[/dim]", highlight=False)
    last_proposal: int | None = None
    while True:
        try:
            text = console.input("[bold]you>[/bold] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if not text:
            continue
        command, _, argument = text.partition(" ")
        if command in ("/quit", "/exit"):
            return
        if command == "/help":
            console.print(escape(COMMANDS), highlight=False)
            continue
        if command in ("/approve", "/reject"):
            version = _version(argument, last_proposal)
            if version is None:
                console.print("No plan change is waiting; give its version: /approve 3")
                continue
            tool = "approve_plan_change" if command == "/approve" else "reject_plan_change"
            try:
                console.print(escape(_decide(athlete, tool, version)), highlight=False)
            except typer.Exit:  # the error is printed; the conversation goes on
                continue
            last_proposal = None
            continue
        try:
            reply = _answer(assistant, athlete, text, history)
        except typer.Exit:
            continue
        _show(reply, verbose)
        if reply.proposed_version is not None:
            last_proposal = reply.proposed_version
            console.print(
                f"[dim]/approve or /reject plan version {reply.proposed_version}[/dim]",
                highlight=False,
            )
        # With its tool calls, so that "undo that" knows what this turn logged.
        calls = tuple(c.as_dict() for c in reply.tool_calls)
        history += [Turn("user", text), Turn("assistant", reply.text, calls)]
