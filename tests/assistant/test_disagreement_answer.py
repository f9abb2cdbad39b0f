"""The answer to the one question the chat asks where the student and the rules read a message
as different writes (a log or a plan change): "log it", "change the plan", "1", "2" or
"neither" completes (or drops) the ORIGINAL message through the normal path with its checks;
anything else is a new message and the question is dropped. Through the real chat
(``conversations.chat``) on SQLite and PostgreSQL, with a stand-in student that disagrees."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.factories import as_subject, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant import templates as t
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.reply import Reply
from fitcoach.assistant.student_runtime import StudentRuntime
from fitcoach.services import athletes, health, plans, training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the test clock's Friday
PROFILE: dict[str, Any] = {
    "birth_date": "1990-03-02", "sex": "male", "height_cm": 180, "weight_kg": 80,
    "goals": ["strength"], "experience_level": "intermediate", "days_per_week": 4,
    "session_minutes": 60,
    "equipment": ["barbell", "squat_rack", "bench", "dumbbell", "machine", "cable", "pull_up_bar"],
}  # fmt: skip
LOG = "bench 80 kilos, 4 sets of 6"
BENCH = [("barbell-bench-press", 6, 80.0)] * 4
SHORTER = "I only have half an hour per session now, 30 minutes max"
_seq = iter(range(10**6))


class _Reader:
    """A student stand-in that confidently reads every message as one intent."""

    def __init__(self, intent: str) -> None:
        from fitcoach.assistant.tuned_student import RED_FLAG_KINDS, Reading

        self.reading = Reading(intent, 0.97, 0.0, dict.fromkeys(RED_FLAG_KINDS, 0.0))

    def read(self, text: str) -> Any:
        return self.reading


class Athlete:
    def __init__(self, ctx: ServiceContext, student_reads: str, *, plan: bool = False) -> None:
        n = next(_seq)
        made = athletes.create_athlete(
            ctx, {"name": f"D {n}", "email": f"disagree-{n}@example.org", "profile": PROFILE}
        )
        self.id = made.id
        if plan:
            plans.generate(ctx, made.id, start=TODAY - timedelta(days=4))
        self.ctx = as_subject(ctx, subject_of(ctx, made))
        self.runtime = StudentRuntime(Path("unused"))
        self.student_reads(student_reads)
        self.assistant = Assistant(intents=self.runtime)

    def student_reads(self, intent: str) -> None:
        self.runtime.read = _Reader(intent).read  # type: ignore[method-assign]

    def say(self, text: str) -> Reply:
        reply = conversations.chat(self.ctx, self.id, text, channel="web", assistant=self.assistant)  # fmt: skip
        self.ctx.session.flush()
        return reply

    def sets(self) -> list[tuple[str, int, float | None]]:
        return [
            (s["exercise"], s["reps"], s["weight_kg"])
            for w in training_log.history(self.ctx, self.id, "workouts")
            for s in w["sets"]
        ]

    def versions(self) -> int:
        return len(plans.versions(self.ctx, self.id))


@pytest.mark.parametrize("answer", ["log it", "the log", "Log it please!", "2"])
def test_a_log_read_as_a_plan_change_is_logged_when_the_athlete_says_log(
    ctx: ServiceContext, answer: str
) -> None:
    me = Athlete(ctx, "propose_plan_edit")
    assert me.say(LOG).text == t.DISAGREE["plan"]  # "change your plan, or log this?"
    assert me.sets() == []
    reply = me.say(answer)
    assert "?" not in reply.text, reply.text
    assert [c.tool for c in reply.tool_calls] == ["log_sets"]
    assert me.sets() == BENCH  # the numbers and the exercise of the first message
    assert me.say(answer).text != reply.text  # answered once: the question is no longer open
    assert me.sets() == BENCH


@pytest.mark.parametrize("answer", ["change the plan", "plan", "1"])
def test_a_plan_reading_the_rules_cannot_make_asks_which_change_and_writes_nothing(
    ctx: ServiceContext, answer: str
) -> None:
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    versions = me.versions()
    assert me.say(LOG).text == t.DISAGREE["plan"]
    reply = me.say(answer)
    assert reply.text == t.CLARIFY["change"]
    assert reply.tool_calls == []
    assert reply.proposed_version is None
    assert me.sets() == []
    assert me.versions() == versions


@pytest.mark.parametrize("answer", ["change the plan", "plan", "2"])
def test_a_plan_change_read_as_a_log_is_proposed_through_the_validator(
    ctx: ServiceContext, answer: str
) -> None:
    me = Athlete(ctx, "log_sets", plan=True)
    assert me.say(SHORTER).text == t.DISAGREE["log"]  # "log this, or change your plan?"
    assert me.versions() == 1
    reply = me.say(answer)
    assert [c.tool for c in reply.tool_calls] == ["propose_plan_edit"]
    assert reply.proposed_version is not None, reply.text
    proposed = plans.get_version(me.ctx, me.id, reply.proposed_version).plan
    assert proposed is not None
    assert proposed.session_minutes == 30
    assert me.sets() == []


@pytest.mark.parametrize("answer", ["log it", "1"])
def test_log_it_for_a_message_with_no_entry_asks_for_one_and_writes_nothing(
    ctx: ServiceContext, answer: str
) -> None:
    me = Athlete(ctx, "log_sets", plan=True)
    assert me.say(SHORTER).text == t.DISAGREE["log"]
    reply = me.say(answer)
    assert reply.text == t.DISAGREE_NO_LOG
    assert reply.tool_calls == []
    assert me.versions() == 1
    assert training_log.history(me.ctx, me.id, "workouts") == []


@pytest.mark.parametrize("answer", ["neither", "never mind", "nope"])
def test_neither_drops_the_pending_message(ctx: ServiceContext, answer: str) -> None:
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    versions = me.versions()
    me.say(LOG)
    assert me.say(answer).text == t.DISAGREE_DROPPED
    assert me.say("log it").tool_calls == []  # nothing pending any more
    assert me.sets() == []
    assert me.versions() == versions


def test_another_message_instead_is_answered_and_the_question_dropped(
    ctx: ServiceContext,
) -> None:
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    me.say(LOG)
    other = me.say("what's my session today?")
    assert [c.tool for c in other.tool_calls] == ["get_today_session"]
    assert me.say("log it").tool_calls == []  # the question went with the other message
    assert me.sets() == []


def test_the_chosen_plan_change_waits_while_a_red_flag_is_open(ctx: ServiceContext) -> None:
    me = Athlete(ctx, "log_sets", plan=True)
    assert me.say(SHORTER).text == t.DISAGREE["log"]
    health.raise_reported(me.ctx, me.id, ["chest_pain"], value=None, note="test")
    reply = me.say("change the plan")
    assert reply.escalated
    assert reply.proposed_version is None
    assert me.versions() == 1


def test_log_it_keeps_the_logs_checks_an_unknown_exercise_is_asked_about(
    ctx: ServiceContext,
) -> None:
    me = Athlete(ctx, "propose_plan_edit")
    assert me.say("zorbing presses 80 kilos, 4 sets of 6").text == t.DISAGREE["plan"]
    reply = me.say("log it")
    assert "Which exercise?" in reply.text, reply.text  # nothing stored on a guess
    assert reply.tool_calls == []
    assert me.sets() == []


# --- plan requests the logging reader half-reads (issue 57) -------------------------------------


def test_a_removal_both_read_as_a_plan_change_is_no_new_log(ctx: ServiceContext) -> None:
    # The rules read a removal and the student a plan change; the plan lacks the walk. The log
    # reader alone would store a 20 min walk: the removal is answered instead, nothing is logged.
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    reply = me.say("get rid of the 20 min cooldown walk, i don't have time")
    assert reply.text != t.DISAGREE["plan"]
    assert "not in your plan" in reply.text, reply.text
    assert training_log.history(me.ctx, me.id, "cardio") == []
    assert me.versions() == 1


def test_a_removal_that_names_a_logged_entry_is_still_an_undo(ctx: ServiceContext) -> None:
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    me.student_reads("log_sets")
    me.say("burpees 3 sets of 10")
    assert me.sets() == [("burpee", 10, None)] * 3
    me.student_reads("propose_plan_edit")
    me.say("remove the burpees")  # the plan has none: the entry just logged is taken back
    assert me.sets() == []


def test_a_plan_request_with_nothing_to_log_asks_which_change(ctx: ServiceContext) -> None:
    # The log reader reads only a number that belongs to the request ("8 weeks"), the rules no
    # plan change, the student a plan change: the question is which change, nothing written.
    # ("no box jumps for me for a while" is read as a removal by the rules since plans57c.)
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    reply = me.say("nothing jumpy for a while please, 8 weeks postpartum and my pelvic floor isnt ready")  # fmt: skip
    assert reply.text == t.CLARIFY["change"]
    assert reply.tool_calls == []
    assert me.versions() == 1
    assert me.sets() == []


def test_a_real_log_the_student_reads_as_a_plan_change_still_asks_log_or_plan(
    ctx: ServiceContext,
) -> None:
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    assert me.say(LOG).text == t.DISAGREE["plan"]  # an exercise with sets and reps was read
    assert me.sets() == []


def test_a_load_change_in_spanish_is_a_plan_request_not_a_question(ctx: ServiceContext) -> None:
    me = Athlete(ctx, "propose_plan_edit", plan=True)
    reply = me.say("sube la sentadilla 5 kg")
    assert reply.text not in (t.DISAGREE["plan"], t.CLARIFY["change"])
    assert reply.intent == "change_load"
    assert me.sets() == []
