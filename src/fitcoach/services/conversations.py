"""The stored conversation with the coach: its messages and running summary, per athlete.

The assistant decides what to say; this module is where what was said is kept (the unit of
work is the caller's). Every call takes the athlete's scope, so a conversation is only ever
read or written for the athlete it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Conversation, Message
from fitcoach.storage.repositories import conversations as repo
from fitcoach.storage.rows import ConversationSummary


def conversation(ctx: ServiceContext, scope: AthleteScope) -> Conversation | None:
    """The athlete's conversation, if they have one yet."""
    return repo.conversation(ctx.session, scope)


def open_conversation(ctx: ServiceContext, scope: AthleteScope) -> Conversation:
    """The athlete's conversation, created on their first message (race-safe)."""
    return repo.get_or_create(ctx.session, scope, ctx.clock.now())


def add_message(
    ctx: ServiceContext, scope: AthleteScope, conv: Conversation, **values: Any
) -> Message:
    """Append one message (the athlete's or the coach's) to the conversation."""
    return repo.add_message(ctx.session, scope, conv, **values)


def recent(
    ctx: ServiceContext, scope: AthleteScope, limit: int, *, before_id: int | None = None
) -> list[Message]:
    """The ``limit`` newest messages (before ``before_id``), oldest first."""
    return repo.recent(ctx.session, scope, limit, before_id=before_id)


def between(
    ctx: ServiceContext, scope: AthleteScope, after_id: int, before_id: int
) -> Sequence[Message]:
    """The messages strictly between two ids, oldest first (what leaves the memory window)."""
    return repo.between(ctx.session, scope, after_id, before_id)


def save_summary(
    ctx: ServiceContext,
    scope: AthleteScope,
    conv: Conversation,
    summary: ConversationSummary,
    upto_id: int,
) -> None:
    """Keep the folded summary of every message up to ``upto_id``."""
    repo.save_summary(ctx.session, scope, conv, summary, upto_id, ctx.clock.now())
