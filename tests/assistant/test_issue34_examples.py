"""Every example of issue 34 through the real chat (``conversations.chat`` with the offline
``Assistant()``, as the web and Telegram call it), on SQLite and PostgreSQL: what the athlete
is told, and what is stored, read back through the services."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tests.factories import as_subject, log_weeks, make_athlete, subject_of

from fitcoach.assistant import conversations
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.reply import Reply
from fitcoach.coach.plan import Plan
from fitcoach.coach.safety import default_library
from fitcoach.coach.today import upcoming
from fitcoach.core.clock import FixedClock
from fitcoach.services import health, plans, training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the test clock's Friday
GYM = ["barbell", "squat_rack", "bench", "dumbbell", "machine", "cable", "pull_up_bar"]
ASSISTANT = Assistant()


class Athlete:
    """One athlete signed in to the chat, with the services to read back what it stored."""

    def __init__(self, ctx: ServiceContext, **profile: Any) -> None:
        athlete = make_athlete(ctx, **profile)
        self.id = athlete.id
        self.ctx = as_subject(ctx, subject_of(ctx, athlete))

    def say(self, text: str) -> Reply:
        reply = conversations.chat(self.ctx, self.id, text, channel="web", assistant=ASSISTANT)
        self.ctx.session.flush()
        return reply

    def sets(self) -> list[tuple[str, int, float | None, float | None]]:
        return [
            (s["exercise"], s["reps"], s["weight_kg"], s["rir"])
            for w in training_log.history(self.ctx, self.id, "workouts")
            for s in w["sets"]
        ]

    def stored(self) -> dict[str, int]:
        """How many entries each kind of log holds."""
        kinds = ("workouts", "cardio", "daily", "sleep", "meals")
        return {k: n for k in kinds if (n := len(training_log.history(self.ctx, self.id, k)))}

    def flags(self) -> list[str]:
        return [f.kind for f in health.open_flags(self.ctx, self.id)]

    def plan(self, version: int | None = None) -> Plan:
        view = (
            plans.current(self.ctx, self.id)
            if version is None
            else plans.get_version(self.ctx, self.id, version)
        )
        assert view.plan is not None
        return view.plan

    def planned_exercises(self, version: int | None = None) -> set[str]:
        return {
            i.exercise
            for s in self.plan(version).sessions()
            if s.status == "planned"
            for i in s.items
            if hasattr(i, "exercise")
        }

    def days(self, version: int | None = None) -> dict[str, date | None]:
        """Each upcoming session's key and the day it falls on."""
        today = self.ctx.clock.now().date()
        return {p.key: p.on for p in upcoming(self.plan(version), today)}


@pytest.fixture
def athlete(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx)


def planned_athlete(ctx: ServiceContext, **profile: Any) -> Athlete:
    me = Athlete(ctx, **profile)
    plans.generate(ctx, me.id, start=TODAY - timedelta(days=4))
    return me


def _asks(text: str) -> bool:
    return "?" in text


# --- logging ------------------------------------------------------------------------------------

BACK_SQUAT, BENCH, HIP_THRUST = "barbell-back-squat", "barbell-bench-press", "barbell-hip-thrust"
SETS: dict[str, tuple[str, list[tuple[str, int, float | None, float | None]]]] = {
    "two-exercises": (
        "3x8 squats at 100 kg and bench press 3x5 at 80 kg today",
        [(BACK_SQUAT, 8, 100.0, None)] * 3 + [(BENCH, 5, 80.0, None)] * 3,
    ),
    "reps-per-set": (
        "Bench: 70kg x 8, 8, 7",
        [(BENCH, 8, 70.0, None), (BENCH, 8, 70.0, None), (BENCH, 7, 70.0, None)],
    ),
    "reps-left": (
        "hip thrusts 100kg 4x10, 2 reps left each set",
        [(HIP_THRUST, 10, 100.0, 2.0)] * 4,
    ),
    # Exercise names as tracking apps write them.
    "app-squat": ("Squat (Barbell) 3x5 100kg", [(BACK_SQUAT, 5, 100.0, None)] * 3),
    "app-cable-curl": ("Bicep Curl (Cable) 3x12 20kg", [("cable-curl", 12, 20.0, None)] * 3),
    "app-incline-db": (
        "Incline Bench Press (Dumbbell) 3x10 24kg",
        [("incline-dumbbell-press", 10, 24.0, None)] * 3,
    ),
    "app-assisted-pull-up": (
        "Pull Up (Assisted) 3x8",
        [("machine-assisted-pull-up", 8, None, None)] * 3,
    ),
    "app-cable-lateral-raise": (
        "Lateral Raise (Cable) 3x15 @ 5 kg",
        [("cable-lateral-raise", 15, 5.0, None)] * 3,
    ),
}


@pytest.mark.parametrize("case", list(SETS), ids=list(SETS))
def test_sets_are_logged_as_said(ctx: ServiceContext, case: str) -> None:
    text, expected = SETS[case]
    athlete = planned_athlete(ctx, equipment=GYM)
    versions = len(plans.versions(athlete.ctx, athlete.id))
    reply = athlete.say(text)
    assert [c.tool for c in reply.tool_calls] == ["log_sets"], reply.text
    assert reply.proposed_version is None  # a log, never a plan change
    assert len(plans.versions(athlete.ctx, athlete.id)) == versions
    assert sorted(athlete.sets(), key=str) == sorted(expected, key=str)
    assert athlete.stored() == {"workouts": 1}
    assert f"Logged on {TODAY:%a} {TODAY.day} {TODAY:%b}" in reply.text
    assert f"({len(expected)} sets in all)" in reply.text


def test_day_calories_are_stored(athlete: Athlete) -> None:
    reply = athlete.say("had roughly 2,150 kcal today")
    meals = training_log.history(athlete.ctx, athlete.id, "meals", TODAY, TODAY)
    daily = training_log.history(athlete.ctx, athlete.id, "daily", TODAY, TODAY)
    kcal = [m["calories_kcal"] for m in meals] + [
        d["calories_in_kcal"] for d in daily if d.get("calories_in_kcal") is not None
    ]
    assert kcal == [2150]
    assert "2150 kcal" in reply.text
    assert not athlete.sets()


@pytest.mark.parametrize(
    ("text", "exercise"),
    [("just did some bench", "Barbell Bench Press"),
     ("did some squats today, legs felt heavy", "Barbell Back Squat")],
    ids=["bench", "squats-legs-heavy"],
)  # fmt: skip
def test_vague_training_asks_for_sets_reps_and_load(
    athlete: Athlete, text: str, exercise: str
) -> None:
    reply = athlete.say(text)
    assert reply.tool_calls == []
    assert _asks(reply.text)
    lowered = reply.text.lower()
    assert all(word in lowered for word in ("sets", "reps", "load")), reply.text
    assert exercise in reply.text
    assert "Nothing is logged" in reply.text
    assert athlete.stored() == {}


def test_undo_removes_the_entry_just_logged(athlete: Athlete) -> None:
    athlete.say("3x8 squats at 100 kg")
    assert len(athlete.sets()) == 3
    reply = athlete.say("undo that")
    # The one last-entry rule (the web's Undo) names it; the chat takes its message back.
    assert [c.tool for c in reply.tool_calls] == ["last_log_entry", "undo_log_entry"]
    assert reply.text.startswith("Removed the workout “")
    assert reply.text.endswith("(3 sets).")
    assert athlete.stored() == {}


def test_a_correction_changes_the_load_just_logged(athlete: Athlete) -> None:
    athlete.say("3x8 squats at 100 kg")
    reply = athlete.say("that was wrong, it was 80 not 100")
    assert [c.tool for c in reply.tool_calls] == ["correct_log_entry"]
    assert "weight 100 kg → 80 kg" in reply.text
    assert athlete.sets() == [(BACK_SQUAT, 8, 80.0, None)] * 3
    assert athlete.stored() == {"workouts": 1}


# --- red flags ----------------------------------------------------------------------------------

# Two phrasings each of the red flags (none of them the issue's own words but the last
# pregnancy one), and the flag each must open.
RED_FLAGS: dict[str, tuple[str, str]] = {
    "racing-heart-sofa": (
        "my heart is racing even though I'm just sitting on the sofa and I feel light-headed",
        "palpitations_at_rest",
    ),
    "pounding-heart-at-rest": (
        "my heart is pounding at rest and I feel light-headed",
        "palpitations_at_rest",
    ),
    "bike-crash-hit-head": (
        "hit my head in a bike crash, now headache and blurry vision",
        "head_injury_signs",
    ),
    "bike-crash-head-not-named": (
        "came off my bike on the descent, now my head is pounding and everything's blurry",
        "head_injury_signs",
    ),
    "coughing-blood-after-sprints": (
        "after my sprints I was coughing up blood",
        "coughing_vomiting_blood",
    ),
    "hill-sprints-coughed-blood": (
        "did hill sprints and coughed up some blood afterwards",
        "coughing_vomiting_blood",
    ),
    "ankle-purple-no-weight": (
        "rolled my ankle, it's purple and swollen and I can't put any weight on it",
        "acute_injury",
    ),
    "ankle-black-and-blue": (
        "my ankle went black and blue, really swollen, can't stand on it",
        "acute_injury",
    ),
    "pregnant-bleeding": ("I'm 30 weeks pregnant and had some bleeding", "pregnancy_warning_signs"),
    "pregnant-spotting": (
        "30 weeks along and I've noticed some spotting of blood today",
        "pregnancy_warning_signs",
    ),
}


@pytest.mark.parametrize("case", list(RED_FLAGS), ids=list(RED_FLAGS))
def test_red_flags_escalate_open_a_flag_and_store_nothing(ctx: ServiceContext, case: str) -> None:
    text, kind = RED_FLAGS[case]
    me = planned_athlete(ctx)
    version = plans.current(ctx, me.id).version
    reply = me.say(text)
    assert reply.intent == "red_flag"
    assert reply.tool_calls == []
    assert reply.text == health.escalation_for(me.ctx, me.id)
    assert "Please stop training for now" in reply.text
    assert "not a medical device" in reply.text
    assert kind in me.flags()
    assert me.stored() == {}
    assert plans.current(ctx, me.id).version == version
    # While the flag is open, a training question gets the escalation, not advice.
    assert me.say("what's my workout today?").text == reply.text


def test_pregnancy_weeks_are_not_a_body_weight(athlete: Athlete) -> None:
    athlete.say("I'm 30 weeks pregnant and had some bleeding")
    assert athlete.flags() == ["pregnancy_warning_signs"]
    assert training_log.history(athlete.ctx, athlete.id, "daily") == []


# --- plan changes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["move tomorrow's session to Saturday", "move the session on Fri 20 Nov to Sat 21 Nov"],
    ids=["tomorrow-to-saturday", "days-as-the-replies-write-them"],
)
def test_move_tomorrows_session_to_saturday(ctx: ServiceContext, text: str) -> None:
    thursday = date(2026, 11, 19)
    at = ServiceContext(
        session=ctx.session,
        subject=ctx.subject,
        clock=FixedClock(datetime(2026, 11, 19, 12, 0, tzinfo=UTC)),
    )
    me = planned_athlete(at)
    before = me.days()
    tomorrow, saturday = thursday + timedelta(days=1), date(2026, 11, 21)
    (moving,) = [key for key, on in before.items() if on == tomorrow]
    assert saturday not in before.values()
    reply = me.say(text)
    assert reply.proposed_version is not None, reply.text
    assert "Fri 20 Nov" in reply.text
    assert "Sat 21 Nov" in reply.text
    plans.approve(me.ctx, me.id, reply.proposed_version)
    after = me.days()
    assert after[moving] == saturday
    assert {k: v for k, v in after.items() if k != moving} == {
        k: v for k, v in before.items() if k != moving
    }


def _knee_unsafe(slugs: set[str]) -> set[str]:
    library = default_library()
    return {s for s in slugs if library[s].contraindications(["knee"])}


def test_swap_squats_for_leg_press(ctx: ServiceContext) -> None:
    me = planned_athlete(ctx, equipment=GYM)
    assert BACK_SQUAT in me.planned_exercises()
    reply = me.say("swap barbell squats for leg press")
    assert reply.proposed_version is not None, reply.text
    assert "Barbell Back Squat → Leg Press" in reply.text
    proposed = me.planned_exercises(reply.proposed_version)
    assert BACK_SQUAT not in proposed
    assert "leg-press" in proposed
    plans.approve(me.ctx, me.id, reply.proposed_version)
    assert BACK_SQUAT not in me.planned_exercises()


def test_sore_knee_swap_takes_the_squat_out_and_gives_pain_guidance(ctx: ServiceContext) -> None:
    me = planned_athlete(ctx, equipment=GYM)
    reply = me.say("my knee is sore, take the back squat out and give me leg press")
    assert reply.proposed_version is not None, reply.text
    proposed = me.planned_exercises(reply.proposed_version)
    assert BACK_SQUAT not in proposed
    assert not _knee_unsafe(proposed)
    # The validator leaves leg press out for a knee and says why.
    assert "Leg Press is left out" in reply.text
    assert "not with a knee injury" in reply.text
    assert "don't train through pain in your knee" in reply.text
    assert "physiotherapist or doctor" in reply.text
    assert me.stored() == {}


def test_a_big_load_jump_is_not_applied_and_a_safe_step_is_offered(ctx: ServiceContext) -> None:
    me = planned_athlete(ctx)
    versions = len(plans.versions(me.ctx, me.id))
    reply = me.say("put 40 more kilos on my squat tomorrow")
    assert reply.intent == "change_load"
    assert reply.proposed_version is None
    assert "+40 kg in one go is far more than a safe step" in reply.text
    assert "add 2.5-5 kg to Barbell Back Squat" in reply.text
    assert len(plans.versions(me.ctx, me.id)) == versions


def test_session_minutes_change_only_lengths_and_keep_an_earlier_swap(ctx: ServiceContext) -> None:
    me = planned_athlete(ctx)
    # The athlete's own swap on the web page (applied at once).
    web = plans.request_edit(
        me.ctx, me.id, {"op": "replace_exercise", "exercise": BENCH, "to": "dumbbell-bench-press"}
    )
    assert web.applied
    before = me.plan()
    days = me.days()
    reply = me.say("make my sessions 45 minutes")
    assert reply.proposed_version is not None, reply.text
    version = plans.get_version(me.ctx, me.id, reply.proposed_version)
    # The reply counts the changes a person reads (a session pinned to its own day is none),
    # however many it lists before "... N more".
    sentences = plans.change_sentences(me.ctx, me.id, version)
    assert f"{len(sentences)} changes" in reply.text
    plans.approve(me.ctx, me.id, reply.proposed_version)
    after = me.plan()
    assert after.session_minutes == 45
    assert me.days() == days  # every session keeps its day
    assert BENCH not in me.planned_exercises()
    assert "dumbbell-bench-press" in me.planned_exercises()  # the swap survives
    old = {s.key: s for s in before.sessions()}
    for session in after.sessions():
        if session.status != "planned":
            continue
        assert session.estimated_minutes <= 45
        kept = [getattr(i, "exercise", None) for i in session.items]
        was = [getattr(i, "exercise", None) for i in old[session.key].items]
        assert [e for e in was if e in kept] == kept  # trimmed, in order, nothing new


def test_knee_injury_never_gets_loaded_deep_knee_flexion(ctx: ServiceContext) -> None:
    me = planned_athlete(ctx, equipment=GYM, injuries=[{"region": "knee"}])
    assert not _knee_unsafe(me.planned_exercises())
    for text in ("swap back squat for split squats", "swap squats for dumbbell reverse lunges"):
        reply = me.say(text)
        if reply.proposed_version is None:  # refused outright: with the knee as the reason
            assert "knee" in reply.text, reply.text
            continue
        proposed = me.planned_exercises(reply.proposed_version)
        assert not {"split-squat", "dumbbell-reverse-lunge"} & proposed, text
        assert not _knee_unsafe(proposed), text
        assert "not with a knee injury" in reply.text


@pytest.mark.parametrize(
    "text",
    ["put Monday, Tuesday, Thursday and Friday's sessions on Sunday",
     "move next week's sessions to Saturday",
     "can you move all my workouts next week to wednesday"],
    ids=["four-days-named", "next-weeks-sessions", "all-workouts-next-week"],
)  # fmt: skip
def test_stacking_sessions_on_one_day_is_refused_with_a_reason(
    ctx: ServiceContext, text: str
) -> None:
    me = planned_athlete(ctx)
    versions = len(plans.versions(me.ctx, me.id))
    days = me.days()
    reply = me.say(text)
    assert reply.intent == "move_session"
    assert reply.proposed_version is None
    assert "I can't move the sessions on" in reply.text
    assert "would hold 4 sessions" in reply.text
    assert "at most 1 hard session a day" in reply.text
    assert "Your plan is unchanged" in reply.text
    assert "Free days:" in reply.text
    assert len(plans.versions(me.ctx, me.id)) == versions  # nothing proposed or stored
    assert me.days() == days


def test_a_load_jump_on_a_load_dosed_squat_is_capped_with_a_safe_step(
    ctx: ServiceContext,
) -> None:
    me = Athlete(ctx)
    log_weeks(ctx, me.id, datetime(2026, 10, 19, 17, tzinfo=UTC), 4)
    plans.generate(ctx, me.id, start=TODAY - timedelta(days=4))
    versions = len(plans.versions(me.ctx, me.id))
    reply = me.say("put 40 more kilos on my squat tomorrow")
    assert reply.proposed_version is None
    assert "the safety check refused Barbell Back Squat load +40 kg" in reply.text
    assert "capped at" in reply.text
    assert "A safe increase is up to" in reply.text
    assert len(plans.versions(me.ctx, me.id)) == versions
