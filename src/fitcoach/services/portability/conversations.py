"""The conversation with the coach in an export: its messages as the athlete and the coach
wrote them (plaintext; the database keeps them encrypted).

fitcoach keeps one conversation per athlete across channels, so a document holds at most
one, identified by when it started. On import its messages join the athlete's conversation
(created when they have none); a message already there (same time, role and text) is skipped.
The summarised memory is not exported: the assistant folds it again from the messages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from fitcoach.core.bounds import Instant, Text
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability.checks import (
    Locator,
    Problems,
    check_not_future,
    iso,
    validate_record,
)
from fitcoach.services.portability.format import MESSAGE_FIELDS
from fitcoach.services.portability.report import KindCount
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import conversations as conv_repo
from fitcoach.storage.repositories import portability as repo

KIND = "conversations"
Role = Literal["user", "assistant"]
Channel = Literal["web", "telegram", "mcp", "cli"]


class ToolCallIn(BaseModel):
    """A tool the coach called for a reply, as a document gives it (the fields of
    ``assistant.conversations.ToolCallOut``, which reads it back)."""

    model_config = ConfigDict(extra="forbid")

    tool: Text = Field(min_length=1, max_length=200)
    arguments: dict[str, JsonValue] = Field(default_factory=dict)
    ok: bool
    summary: Text = ""
    error: Text | None = None
    proposed_version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class MessageIn(BaseModel):
    """One message as a document gives it."""

    model_config = ConfigDict(extra="forbid")

    at: Instant
    role: Role
    channel: Channel
    text: Text
    intent: str | None = Field(default=None, max_length=40)
    source: str | None = Field(default=None, max_length=16)
    provider: str | None = Field(default=None, max_length=40)
    model: str | None = Field(default=None, max_length=120)
    proposed_version: int | None = Field(default=None, ge=1, le=2**31 - 1)
    escalated: bool = False
    tool_calls: list[ToolCallIn] = Field(default_factory=list)


class ConversationIn(BaseModel):
    """A conversation as a document gives it."""

    model_config = ConfigDict(extra="forbid")

    started_at: Instant
    messages: list[MessageIn] = Field(default_factory=list)


class ConversationOut(TypedDict):
    """The athlete's conversation as an export writes it: when it started and its messages
    (``MESSAGE_FIELDS`` each)."""

    started_at: str
    messages: list[dict[str, Any]]


def export_conversations(ctx: ServiceContext, scope: AthleteScope) -> list[ConversationOut]:
    """The athlete's conversation (a list of at most one) with every message in time order."""
    conv, messages = repo.conversation_messages(ctx.session, scope)
    if conv is None:
        return []
    out = []
    for m in messages:
        values = {
            "at": iso(m.created_at),
            "role": m.role,
            "channel": m.channel,
            "text": m.text,
            "intent": m.intent,
            "source": m.source,
            "provider": m.provider,
            "model": m.model,
            "proposed_version": m.proposed_version,
            "escalated": m.escalated,
            # The entry ids a log tool recorded are this database's: an import gets new ids,
            # so they stay out of the document (an undo after an import must not reach them).
            "tool_calls": [
                {k: v for k, v in call.items() if k != "entries"} for call in m.tool_calls or []
            ],
        }
        out.append({k: values[k] for k in MESSAGE_FIELDS})
    return [{"started_at": iso(conv.created_at), "messages": out}]


@dataclass
class CheckedConversation:
    """The conversation to import (None: the document has none)."""

    started_at: datetime | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    read: int = 0

    def counts(self, inserted: int, created: bool = False) -> dict[str, KindCount]:
        read = 1 if self.started_at is not None else 0
        return {
            "conversations": KindCount(read, int(created), read - int(created)),
            "messages": KindCount(len(self.messages), inserted, len(self.messages) - inserted),
        }


def check_conversations(
    ctx: ServiceContext, doc: Mapping[str, Any], problems: Problems
) -> CheckedConversation:
    """Validate the document's conversation and its messages (nothing is read or written)."""
    checked = CheckedConversation()
    records = doc.get(KIND)
    if records is None:
        return checked
    if not isinstance(records, list):
        problems.add(f"{KIND}: must be a list of conversations")
        return checked
    if len(records) > 1:
        problems.add(
            f"{KIND}: {len(records)} conversations, but fitcoach keeps one conversation per "
            "athlete (across channels); merge their messages into one"
        )
        return checked
    if not records:
        return checked
    where = Locator(doc)
    spec = validate_record(ConversationIn, KIND, 0, records[0], where, problems, columns={})
    if spec is None:
        return checked
    ok = check_not_future(
        ctx, spec.started_at, "started_at", "conversation start", where(KIND, 0, ["started_at"]),
        problems,
    )  # fmt: skip
    for j, m in enumerate(spec.messages):
        place = where(KIND, 0, ["messages", j, "at"])
        ok = check_not_future(ctx, m.at, "at", "message time", place, problems) and ok
    if not ok:
        return checked
    checked.started_at = spec.started_at.astimezone(UTC)
    checked.messages = [
        {**m.model_dump(exclude={"at"}), "created_at": m.at.astimezone(UTC)}
        for m in sorted(spec.messages, key=lambda m: m.at)
    ]
    return checked


def write_conversations(
    ctx: ServiceContext,
    scope: AthleteScope,
    checked: CheckedConversation,
    plan_numbers: Mapping[int, int],
) -> dict[str, KindCount]:
    """Add the messages not in the athlete's conversation yet (created when they have none,
    as of the document's start). A message that proposed a plan version points at the number
    that version has after the import."""
    if checked.started_at is None:
        return checked.counts(0)
    created = conv_repo.conversation(ctx.session, scope) is None
    conv = conv_repo.get_or_create(ctx.session, scope, checked.started_at)
    _, stored = repo.conversation_messages(ctx.session, scope)
    present = Counter((m.created_at, m.role, m.text) for m in stored)
    new = []
    for m in checked.messages:
        key = (m["created_at"], m["role"], m["text"])
        if present[key] > 0:
            present[key] -= 1
            continue
        version = m["proposed_version"]
        new.append(
            {**m, "proposed_version": plan_numbers.get(version, version) if version else None}
        )
    inserted = repo.insert_messages(ctx.session, scope, conv, new)
    return checked.counts(inserted, created)
