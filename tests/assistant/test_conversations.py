"""Conversations: storing messages with tool calls, the bounded memory, scoping, deletion."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select
from tests.factories import as_subject, make_athlete, subject_of
from tests.fixtures.tables import row_counts

from fitcoach.assistant import conversations
from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.reply import Reply, ToolCall, Turn
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, NotFound, PermissionDenied
from fitcoach.services import athletes
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.models import AuditEntry, Conversation, Message


@dataclass
class Seen:
    text: str
    history: list[Turn]
    memory: str
    athlete_id: int


@dataclass
class Recorder:
    """A stand-in assistant that logs "hours of sleep" and records what it was given.

    The conversation code is tested against what it hands the assistant (history, memory, the
    athlete of the tool context); the real assistant is exercised at the end of this module.
    """

    seen: list[Seen] = field(default_factory=list)

    def _reply(self, tctx: ToolContext, text: str) -> Reply:
        n = len(self.seen) - 1  # this call is already recorded
        result = ToolResult("log_sleep", ok=True, summary=f"Slept {n} h on day {n}")
        proposed = 40 + n if "plan" in text else None
        return Reply(
            text=f"Noted night {n}.",
            intent="log_sleep",
            source="offline",
            tool_calls=[ToolCall("log_sleep", {"hours": n}, result)],
            proposed_version=proposed,
        )

    def reply(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Reply:
        self.seen.append(Seen(text, list(history), memory, tctx.athlete_id))
        return self._reply(tctx, text)

    def stream(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Iterator[str | Reply]:
        self.seen.append(Seen(text, list(history), memory, tctx.athlete_id))
        reply = self._reply(tctx, text)
        yield from ("Noted ", "night ", f"{len(self.seen) - 1}.")
        yield reply


def _own(ctx: ServiceContext) -> tuple[int, ServiceContext]:
    athlete = make_athlete(ctx)
    return athlete.id, as_subject(ctx, subject_of(ctx, athlete))


def test_a_chat_stores_both_messages_with_the_tool_calls(ctx: ServiceContext) -> None:
    athlete_id, mine = _own(ctx)
    assistant = Recorder()
    reply = conversations.chat(
        mine, athlete_id, "  slept 7 hours  ", channel="web", assistant=assistant
    )
    assert reply.text == "Noted night 0."
    assert assistant.seen[0].text == "slept 7 hours"  # stripped
    assert assistant.seen[0].athlete_id == athlete_id
    stored = conversations.messages(mine, athlete_id)
    assert [(m.role, m.text, m.channel) for m in stored] == [
        ("user", "slept 7 hours", "web"),
        ("assistant", "Noted night 0.", "web"),
    ]
    answer = stored[1]
    assert answer.intent == "log_sleep"
    assert answer.source == "offline"
    assert [(c.tool, c.ok, c.summary) for c in answer.tool_calls] == [
        ("log_sleep", True, "Slept 0 h on day 0")
    ]
    assert answer.tool_calls[0].arguments == {"hours": 0}
    assert answer.created_at == ctx.clock.now()
    # The audit entry counts; it holds no text of the conversation.
    entry = ctx.session.execute(select(AuditEntry).where(AuditEntry.action == "chat")).scalar_one()
    assert entry.athlete_id == athlete_id
    assert entry.detail == {
        "channel": "web",
        "source": "offline",
        "messages": 2,
        "tool_calls": 1,
        "proposed": False,
        "escalated": False,
    }
    assert "slept" not in str(entry.detail).lower()


def test_the_memory_window_is_verbatim_and_older_messages_are_folded_once(
    ctx: ServiceContext,
) -> None:
    athlete_id, mine = _own(ctx)
    assistant = Recorder()
    for n in range(6):
        text = "change my plan" if n == 1 else f"slept {n} hours"
        conversations.chat(
            mine, athlete_id, text, channel="telegram", assistant=assistant, memory_messages=4
        )
    # Before the 3rd message, 4 messages existed: all in the window, nothing summarised.
    third = assistant.seen[2]
    assert [t.role for t in third.history] == ["user", "assistant"] * 2
    assert third.history[0].text == "slept 0 hours"
    assert third.memory == ""
    # Before the 6th: 10 messages; the last 4 verbatim, the 6 before them folded.
    last = assistant.seen[5]
    assert [t.text for t in last.history] == [
        "slept 3 hours",
        "Noted night 3.",
        "slept 4 hours",
        "Noted night 4.",
    ]
    assert "6 messages" in last.memory
    assert "Slept 0 h on day 0" in last.memory
    assert "Slept 2 h on day 2" in last.memory
    assert "Slept 3 h" not in last.memory  # still in the window: not repeated
    assert "Plan versions proposed: 41." in last.memory
    assert "log_sleep ×3" in last.memory
    assert "change my plan" not in last.memory  # the athlete's words stay in the window only

    conv = ctx.session.execute(
        select(Conversation).where(Conversation.athlete_id == athlete_id)
    ).scalar_one()
    ids = [m.id for m in conversations.messages(mine, athlete_id)]
    assert len(ids) == 12
    assert conv.summary_upto_id == ids[5]  # everything before the window of the 6th call
    assert conv.summary["messages"] == 6  # each message folded exactly once
    assert conversations.summary(mine, athlete_id) == last.memory


def test_the_summary_is_bounded_and_keeps_the_newest_facts() -> None:
    @dataclass
    class Row:
        id: int
        role: str
        intent: str | None
        escalated: bool
        tool_calls: list[dict[str, object]]
        proposed_version: int | None
        created_at: object

    from datetime import UTC, datetime

    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [
        Row(
            i,
            "assistant",
            "log_meal",
            i == 3,
            [{"tool": "log_meal", "ok": True, "summary": f"meal {i} " + "x" * 150}],
            None,
            start + timedelta(days=i),
        )
        for i in range(100)
    ]
    state: dict[str, object] = {}
    for chunk in range(0, 100, 7):  # folded in pieces, as the window moves
        state = conversations.fold(state, rows[chunk : chunk + 7])  # type: ignore[arg-type]
    text = conversations.render_summary(state)
    assert len(text) <= conversations.SUMMARY_MAX_CHARS
    assert state["messages"] == 100
    assert state["topics"] == {"log_meal": 100}
    assert "meal 99" in text
    assert "meal 80 " not in text
    assert "Red flags escalated: 1." in text
    assert "2026-01-01 to 2026-04-10" in text
    assert len(state["facts"]) == conversations.FACTS_KEPT  # type: ignore[arg-type]


def test_streaming_yields_deltas_then_the_reply_and_stores_at_the_end(
    ctx: ServiceContext,
) -> None:
    athlete_id, mine = _own(ctx)
    items = conversations.chat_stream(
        mine, athlete_id, "slept 8 hours", channel="web", assistant=Recorder()
    )
    first = next(items)
    assert first == "Noted "
    assert conversations.messages(mine, athlete_id) == []  # nothing stored mid-stream
    rest = list(items)
    assert rest[:-1] == ["night ", "0."]
    assert isinstance(rest[-1], Reply)
    assert rest[-1].text == "Noted night 0."
    assert [m.role for m in conversations.messages(mine, athlete_id)] == ["user", "assistant"]


def test_a_stream_is_refused_before_it_starts(ctx: ServiceContext) -> None:
    athlete_id, mine = _own(ctx)
    assistant = Recorder()
    with pytest.raises(InvalidInput, match="empty"):
        conversations.chat_stream(mine, athlete_id, "   ", channel="web", assistant=assistant)
    with pytest.raises(NotFound):
        conversations.chat_stream(mine, 999_999, "hi", channel="web", assistant=assistant)
    assert assistant.seen == []


def test_bad_input_says_what_to_send(ctx: ServiceContext) -> None:
    athlete_id, mine = _own(ctx)
    assistant = Recorder()
    with pytest.raises(InvalidInput, match="at most 4000"):
        conversations.chat(mine, athlete_id, "x" * 4001, channel="web", assistant=assistant)
    with pytest.raises(InvalidInput, match="channel: 'fax'"):
        conversations.chat(mine, athlete_id, "hi", channel="fax", assistant=assistant)
    with pytest.raises(InvalidInput, match="limit"):
        conversations.messages(mine, athlete_id, limit=0)
    assert assistant.seen == []


def test_scoping_another_athlete_a_coach_and_an_admin(ctx: ServiceContext) -> None:
    a_id, a_ctx = _own(ctx)
    b_id, b_ctx = _own(ctx)
    assistant = Recorder()
    conversations.chat(a_ctx, a_id, "slept 7 hours", channel="web", assistant=assistant)
    conversations.chat(b_ctx, b_id, "slept 5 hours", channel="web", assistant=assistant)
    before = row_counts(ctx.session)

    # B can neither read nor write A's conversation: "not found", as for an unknown id.
    with pytest.raises(NotFound):
        conversations.messages(b_ctx, a_id)
    with pytest.raises(NotFound):
        conversations.chat(b_ctx, a_id, "show me user 1's data", channel="web", assistant=assistant)
    with pytest.raises(NotFound):
        conversations.summary(b_ctx, a_id)
    assert [m.text for m in conversations.messages(b_ctx, b_id)] == [
        "slept 5 hours",
        "Noted night 1.",
    ]

    # A linked coach reads A's messages but cannot chat in A's name; B is unseen to them.
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(ctx, coach_id, a_id)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    assert len(conversations.messages(coach, a_id)) == 2
    with pytest.raises(PermissionDenied, match="only the athlete"):
        conversations.chat(coach, a_id, "hi", channel="web", assistant=assistant)
    with pytest.raises(NotFound):
        conversations.messages(coach, b_id)
    admin_id = athletes.create_staff_account(ctx, "admin@example.org", "Admin", Role.admin)
    admin = as_subject(ctx, Subject(account_id=admin_id, role=Role.admin))
    assert len(conversations.messages(admin, b_id)) == 2
    with pytest.raises(PermissionDenied):
        conversations.chat(admin, b_id, "hi", channel="web", assistant=assistant)
    assert len(assistant.seen) == 2
    after = row_counts(ctx.session)
    assert after["messages"] == before["messages"]
    assert after["conversations"] == 2


def test_deleting_an_athlete_deletes_their_conversation(ctx: ServiceContext) -> None:
    a_id, a_ctx = _own(ctx)
    b_id, b_ctx = _own(ctx)
    assistant = Recorder()
    for n in range(3):
        conversations.chat(a_ctx, a_id, f"slept {n}", channel="web", assistant=assistant)
    conversations.chat(b_ctx, b_id, "slept 6", channel="cli", assistant=assistant)
    ctx.session.commit()
    assert row_counts(ctx.session, a_id)["messages"] == 6
    athletes.delete_athlete(a_ctx, a_id)
    ctx.session.commit()
    assert row_counts(ctx.session, a_id)["messages"] == 0
    assert row_counts(ctx.session, a_id)["conversations"] == 0
    kept = ctx.session.execute(select(Message.athlete_id)).scalars().all()
    assert kept == [b_id, b_id]


def test_the_real_assistant_logs_sleep_through_a_chat(ctx: ServiceContext) -> None:
    from fitcoach.assistant.llm import Assistant

    athlete_id, mine = _own(ctx)
    before = row_counts(ctx.session, athlete_id)
    reply = conversations.chat(
        mine, athlete_id, "slept 7 hours", channel="web", assistant=Assistant()
    )
    assert reply.source == "offline"
    logged = [c for c in reply.tool_calls if c.result.ok and c.tool.startswith("log_")]
    assert logged, reply
    after = row_counts(ctx.session, athlete_id)
    assert after["messages"] - before["messages"] == 2
    assert (after["sleep_sessions"], after["daily_metrics"]) != (
        before["sleep_sessions"],
        before["daily_metrics"],
    )
    stored = conversations.messages(mine, athlete_id)
    assert stored[-1].text == reply.text
    assert [c.tool for c in stored[-1].tool_calls] == [c.tool for c in reply.tool_calls]
