"""Chats as training data (issue 16): consent first, anonymised always."""

from __future__ import annotations

from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.reply import Reply
from fitcoach.pipelines.distill.privacy import anonymise, opted_in_messages
from fitcoach.services import consent
from fitcoach.services.context import ServiceContext


def test_anonymise_removes_what_identifies_and_keeps_training_numbers() -> None:
    text = (
        "Hi I'm Maria Lopez, email maria.lopez@example.com or call +44 7700 900123. "
        "Card 4111111111111111, I live at SW1A 1AA, insta @maria_lifts, see https://x.io/me. "
        "Did Sam's program: squat 3x5 at 102.5 kg, ran 10 km in 52:30 on Monday."
    )
    out = anonymise(text, ["Maria Lopez"])
    for secret in ("Maria", "Lopez", "example.com", "7700", "4111", "SW1A", "@maria", "x.io", "Sam"):  # fmt: skip
        assert secret not in out
    for kept in ("3x5", "102.5 kg", "10 km", "52:30", "Monday", "<email>", "<phone>", "<name>"):
        assert kept in out
    assert anonymise("slept 7 hours") == "slept 7 hours"


class _Echo:
    def reply(self, tctx, text, *, history=(), memory=""):  # type: ignore[no-untyped-def]
        return Reply(text="ok", intent="unknown", source="offline")

    def stream(self, tctx, text, *, history=(), memory=""):  # type: ignore[no-untyped-def]
        yield self.reply(tctx, text)


def test_only_opted_in_chats_are_read_and_they_come_back_anonymised(ctx: ServiceContext) -> None:
    yes, no = make_athlete(ctx), make_athlete(ctx)
    for athlete, text in ((yes, f"I'm {yes.name}, mail me at a@b.co, squat 5x5 100kg"), (no, "secret: 3x5 bench")):  # fmt: skip
        mine = as_subject(ctx, subject_of(ctx, athlete))
        conversations.chat(mine, athlete.id, text, channel="web", assistant=_Echo())
    consent.grant(as_subject(ctx, subject_of(ctx, yes)), yes.id, "model_training")
    rows = opted_in_messages(ctx, [yes.id, no.id])
    assert [r["source"] for r in rows] == ["chat"]
    assert "secret" not in rows[0]["text"]
    assert "a@b.co" not in rows[0]["text"]
    assert "5x5 100kg" in rows[0]["text"]
    assert yes.name not in rows[0]["text"]
    assert rows[0]["text"].startswith("I'm <name>,")
    consent.withdraw(as_subject(ctx, subject_of(ctx, yes)), yes.id, "model_training")
    assert opted_in_messages(ctx, [yes.id, no.id]) == []
