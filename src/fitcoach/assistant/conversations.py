"""Conversations: what the athlete said and what the coach answered, stored per athlete.

``chat`` (and ``chat_stream`` for the web) is what every interface calls with a message:
it checks that the subject may act for the athlete, builds the bounded memory the assistant
reads, asks the assistant, and stores both messages with the reply's tool calls. One
conversation per athlete across channels, so what was said on Telegram is remembered on the
web.

Memory is bounded in two parts. The last ``memory_messages`` messages go to the assistant
verbatim as turns. Older ones are folded, once, into a summary kept on the conversation: the
facts the athlete logged (the tools' own summaries), the plan versions proposed, the topics
asked about (by intent) and the red flags escalated, capped in characters. The fold is
offline and deterministic (no model writes the memory) and incremental: each call folds only
the messages that have just left the window.

Only the athlete themself chats (a chat logs training and proposes plan changes in their
name); a linked coach or an admin may read the conversation. The local operator
(``Subject.system()``: the command line, or an interface that has already resolved the
athlete itself) may act for any athlete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

import structlog
from pydantic import BaseModel, Field, JsonValue

from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Reply, Turn
from fitcoach.core import bounds
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, PermissionDenied
from fitcoach.services import conversations as store
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Conversation, Message
from fitcoach.storage.models.conversations import CHANNELS
from fitcoach.storage.rows import ConversationSummary

log = structlog.get_logger(__name__)

MAX_TEXT = 4000  # characters of one message
MAX_PAGE = 200
SUMMARY_MAX_CHARS = 1200
FACTS_KEPT = 12  # the most recent logged facts the summary keeps
PROPOSALS_KEPT = 6
FACT_MAX_CHARS = 160


class AssistantLike(Protocol):
    """What a conversation needs from the assistant (``fitcoach.assistant.llm.Assistant``)."""

    def reply(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Reply: ...

    def stream(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Iterator[str | Reply]: ...


class EntryRef(BaseModel):
    """An entry a log tool stored: its kind and id in this database (what "undo that" and a
    correction act on), and for a day's readings the fields the call set."""

    kind: str
    id: int
    fields: list[str] | None = None


class ToolCallOut(BaseModel):
    """A tool the coach called for a reply, as stored (arguments and the result's summary)."""

    tool: str
    # Free JSON: each tool takes its own arguments (its schema is in the tool registry).
    arguments: dict[str, JsonValue] = Field(default_factory=dict)
    ok: bool
    summary: str = ""
    error: str | None = None
    proposed_version: int | None = None
    entries: list[EntryRef] = Field(default_factory=list)


class ExportToolCallOut(ToolCallOut):
    """A tool call as an export gives it: without ``entries``, whose ids belong to this
    database (an import gets new ids, and an undo must never reach another row)."""

    entries: list[EntryRef] = Field(default_factory=list, exclude=True)


class ReplyOut(BaseModel):
    """The coach's answer to one message.

    ``source``: ``offline`` (templates), ``llm`` (a language model phrased it) or ``guardrail``
    (a red flag or an injection, answered without training advice). ``proposed_version``: a plan
    version waiting for the athlete's approval (approve or reject it with the plan routes).
    """

    text: str
    intent: str
    source: str
    tool_calls: list[ToolCallOut]
    proposed_version: int | None = None
    escalated: bool = False
    provider: str | None = None
    model: str | None = None

    @classmethod
    def of(cls, reply: Reply) -> ReplyOut:
        return cls(
            text=reply.text,
            intent=reply.intent,
            source=reply.source,
            tool_calls=[ToolCallOut.model_validate(c.as_dict()) for c in reply.tool_calls],
            proposed_version=reply.proposed_version,
            escalated=reply.escalated,
            provider=reply.provider,
            model=reply.model,
        )


class MessageView(BaseModel):
    """A stored message: the athlete's (``role`` user) or the coach's (``assistant``)."""

    id: int
    role: str
    text: str
    channel: str
    created_at: datetime
    intent: str | None = None
    source: str | None = None
    tool_calls: list[ToolCallOut] = Field(default_factory=list)
    proposed_version: int | None = None
    escalated: bool = False
    provider: str | None = None
    model: str | None = None

    @classmethod
    def of(cls, message: Message) -> MessageView:
        return cls(
            id=message.id,
            role=message.role,
            text=message.text,
            channel=message.channel,
            created_at=message.created_at,
            intent=message.intent,
            source=message.source,
            tool_calls=[ToolCallOut.model_validate(c) for c in message.tool_calls or []],
            proposed_version=message.proposed_version,
            escalated=message.escalated,
            provider=message.provider,
            model=message.model,
        )


# --------------------------------------------------------------------------------------------
# Access and input


def chat_scope(ctx: ServiceContext, athlete_id: int) -> AthleteScope:
    """The scope to chat for ``athlete_id``: ``NotFound`` if unseen, then only the athlete.

    Interfaces call this before they start a streamed answer, so that a refusal is an error
    response rather than a broken stream.
    """
    scope = ctx.scope(athlete_id)
    subject = ctx.subject
    if subject.role == Role.coach or (subject.is_admin and subject.account_id is not None):
        raise PermissionDenied(
            "only the athlete themself can chat with their coach (a chat logs training and "
            "proposes plan changes in their name); coaches and admins can read the messages"
        )
    return scope


def clean_text(text: str) -> str:
    """The message without surrounding space, or ``InvalidInput`` saying what to send."""
    cleaned = text.strip() if isinstance(text, str) else ""
    if not cleaned:
        raise InvalidInput("text: write a message (it is empty)", field="text")
    if len(cleaned) > MAX_TEXT:
        raise InvalidInput(
            f"text: the message has {len(cleaned)} characters; send at most {MAX_TEXT}",
            field="text",
        )
    return bounds.check_text(cleaned, "text:")


def _check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise InvalidInput(
            f"channel: {channel!r} is not one of {', '.join(CHANNELS)}", field="channel"
        )
    return channel


# --------------------------------------------------------------------------------------------
# Memory: the verbatim window and the folded summary


def fold(summary: Mapping[str, Any], messages: Sequence[Message]) -> ConversationSummary:
    """``summary`` with ``messages`` (oldest first) folded in; a new dict, bounded in size."""
    state: ConversationSummary = {
        "messages": int(summary.get("messages", 0)),
        "since": summary.get("since"),
        "until": summary.get("until"),
        "topics": dict(summary.get("topics", {})),
        "facts": list(summary.get("facts", [])),
        "proposals": list(summary.get("proposals", [])),
        "escalations": int(summary.get("escalations", 0)),
    }
    topics: Counter[str] = Counter(state["topics"])
    for message in messages:
        day = message.created_at.date().isoformat()
        state["messages"] += 1
        state["since"] = state["since"] or day
        state["until"] = day
        if message.role != "assistant":
            continue
        if message.intent:
            topics[message.intent] += 1
        if message.escalated:
            state["escalations"] += 1
        for call in message.tool_calls or []:
            if call.get("ok") and str(call.get("tool", "")).startswith("log_"):
                fact = " ".join(str(call.get("summary") or call["tool"]).split())
                state["facts"].append(f"{day}: {fact[:FACT_MAX_CHARS]}")
        if message.proposed_version is not None:
            state["proposals"].append(message.proposed_version)
    state["topics"] = dict(sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])))
    state["facts"] = state["facts"][-FACTS_KEPT:]
    state["proposals"] = state["proposals"][-PROPOSALS_KEPT:]
    return state


def render_summary(summary: dict[str, Any], *, max_chars: int = SUMMARY_MAX_CHARS) -> str:
    """The summary as the text the assistant reads; at most ``max_chars`` (oldest facts go)."""
    if not summary.get("messages"):
        return ""
    head = (
        f"Earlier in this conversation ({summary['messages']} messages, "
        f"{summary['since']} to {summary['until']})."
    )
    tail: list[str] = []
    topics = summary.get("topics") or {}
    if topics:
        asked = ", ".join(f"{name} ×{count}" for name, count in list(topics.items())[:8])
        tail.append(f"Topics: {asked}.")
    if summary.get("proposals"):
        versions = ", ".join(str(v) for v in summary["proposals"])
        tail.append(f"Plan versions proposed: {versions}.")
    if summary.get("escalations"):
        tail.append(f"Red flags escalated: {summary['escalations']}.")
    facts = list(summary.get("facts") or [])
    while True:
        parts = [head, *tail]
        if facts:
            parts.append("Logged: " + "; ".join(facts) + ".")
        text = " ".join(parts)
        if len(text) <= max_chars or not facts:
            return text[:max_chars]
        facts.pop(0)


def _memory(
    ctx: ServiceContext, scope: AthleteScope, conv: Conversation, memory_messages: int
) -> tuple[list[Turn], str]:
    """The verbatim window and the summary text; folds what has just left the window."""
    window = store.recent(ctx, scope, memory_messages) if memory_messages > 0 else []
    edge = window[0].id if window else None
    if edge is not None and edge - 1 > conv.summary_upto_id:
        left = store.between(ctx, scope, conv.summary_upto_id, edge)
        if left:
            summary = fold(conv.summary or {}, left)
            store.save_summary(ctx, scope, conv, summary, left[-1].id)
            log.info(
                "conversation_folded",
                athlete_id=scope.athlete_id,
                conversation_id=conv.id,
                folded=len(left),
                upto_id=left[-1].id,
            )
    history = [
        Turn(
            role="user" if m.role == "user" else "assistant",
            text=m.text,
            tool_calls=tuple(m.tool_calls or ()),
        )
        for m in window
    ]
    return history, render_summary(conv.summary or {})


# --------------------------------------------------------------------------------------------
# Chatting


def _store(
    ctx: ServiceContext,
    scope: AthleteScope,
    conv: Conversation,
    text: str,
    channel: str,
    reply: Reply,
) -> Message:
    """Store the athlete's message and the reply with its tool calls; audit with counts."""
    now = ctx.clock.now()
    store.add_message(ctx, scope, conv, role="user", text=text, channel=channel, created_at=now)
    answer = store.add_message(
        ctx,
        scope,
        conv,
        role="assistant",
        text=reply.text,
        channel=channel,
        intent=reply.intent[:40],
        tool_calls=[call.as_dict() for call in reply.tool_calls],
        source=reply.source,
        provider=reply.provider,
        model=reply.model,
        proposed_version=reply.proposed_version,
        escalated=reply.escalated,
        created_at=now,
    )
    conv.updated_at = now
    ctx.audit(
        "chat",
        "conversation",
        conv.id,
        athlete_id=scope.athlete_id,
        detail={
            "channel": channel,
            "source": reply.source,
            "messages": 2,
            "tool_calls": len(reply.tool_calls),
            "proposed": reply.proposed_version is not None,
            "escalated": reply.escalated,
        },
    )
    log.info(
        "chat_stored",
        athlete_id=scope.athlete_id,
        conversation_id=conv.id,
        message_id=answer.id,
        channel=channel,
        source=reply.source,
        tool_calls=len(reply.tool_calls),
        latency_ms=reply.latency_ms,
    )
    return answer


def chat(
    ctx: ServiceContext,
    athlete_id: int,
    text: str,
    *,
    channel: str,
    assistant: AssistantLike,
    memory_messages: int = 12,
    sent_at: datetime | None = None,
) -> Reply:
    """Answer the athlete's message and store both with the reply's tool calls. ``sent_at``:
    when the message arrived (a request that waited its turn answers as of then)."""
    scope = chat_scope(ctx, athlete_id)
    cleaned = clean_text(text)
    _check_channel(channel)
    conv = store.open_conversation(ctx, scope)
    history, memory = _memory(ctx, scope, conv, memory_messages)
    reply = assistant.reply(
        ToolContext(ctx, scope.athlete_id, sent_at=sent_at), cleaned, history=history, memory=memory
    )
    _store(ctx, scope, conv, cleaned, channel, reply)
    return reply


def chat_stream(
    ctx: ServiceContext,
    athlete_id: int,
    text: str,
    *,
    channel: str,
    assistant: AssistantLike,
    memory_messages: int = 12,
    sent_at: datetime | None = None,
) -> Iterator[str | Reply]:
    """Text deltas as the answer is phrased, then the stored ``Reply`` as the last item.

    Access and input are checked when this is called (not when iteration starts), so an
    interface can answer a refusal before it opens a stream. Both messages are stored at the
    end, after the final reply; a stream abandoned halfway stores nothing of the exchange.
    """
    scope = chat_scope(ctx, athlete_id)
    cleaned = clean_text(text)
    _check_channel(channel)

    def run() -> Iterator[str | Reply]:
        conv = store.open_conversation(ctx, scope)
        history, memory = _memory(ctx, scope, conv, memory_messages)
        final: Reply | None = None
        tctx = ToolContext(ctx, scope.athlete_id, sent_at=sent_at)
        for item in assistant.stream(tctx, cleaned, history=history, memory=memory):
            if isinstance(item, Reply):
                final = item
            elif final is None and item:
                yield item
        if final is None:
            raise RuntimeError("the assistant's stream ended without a final reply")
        _store(ctx, scope, conv, cleaned, channel, final)
        yield final

    return run()


def messages(
    ctx: ServiceContext, athlete_id: int, *, limit: int = 50, before_id: int | None = None
) -> list[MessageView]:
    """The athlete's messages, oldest first: the last ``limit`` (before ``before_id``)."""
    scope = ctx.scope(athlete_id)
    if not 1 <= limit <= MAX_PAGE + 1:
        raise InvalidInput(f"limit: give a number from 1 to {MAX_PAGE}", field="limit")
    return [MessageView.of(m) for m in store.recent(ctx, scope, limit, before_id=before_id)]


def summary(ctx: ServiceContext, athlete_id: int) -> str:
    """The folded summary of the athlete's older messages as the assistant reads it."""
    scope = ctx.scope(athlete_id)
    conv = store.conversation(ctx, scope)
    return render_summary(conv.summary or {}) if conv is not None else ""
