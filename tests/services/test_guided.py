"""The guided workout service: sets append to one session, feedback drives the engine."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.factories import make_athlete
from tests.fixtures.tables import row_counts

from fitcoach.coach.plan import StrengthItem
from fitcoach.coach.progression import Exposure, LoggedSet, StrengthTarget, strength_decision
from fitcoach.coach.rules.progression import rules
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import exercises, guided, plans, training_log
from fitcoach.services.context import ServiceContext

DAY = date(2026, 11, 20)  # the test clock's day


def _setup(ctx: ServiceContext, **profile: object) -> tuple[int, str, str]:
    athlete = make_athlete(ctx, **profile)
    view = plans.generate(ctx, athlete.id, start=DAY)
    assert view.plan is not None
    session = view.plan.sessions()[0]
    lift = next(i for i in session.items if isinstance(i, StrengthItem))
    return athlete.id, session.key, lift.exercise


def test_sets_append_in_order_to_one_session(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    first = guided.log_guided_set(
        ctx, aid, DAY, key, {"exercise": lift, "reps": 8, "weight_kg": 60, "rir": 2}
    )
    second = guided.log_guided_set(
        ctx, aid, DAY, key, {"exercise": lift, "reps": 7, "weight_kg": 60, "rir": 1}
    )
    third = guided.log_guided_set(ctx, aid, DAY, key, {"exercise": "Push-up", "reps": 12})
    assert first.session_created
    assert not second.session_created
    assert first.workout_id == second.workout_id == third.workout_id
    assert [first.position, second.position, third.position] == [0, 1, 2]
    assert [first.set_number, second.set_number, third.set_number] == [1, 2, 1]
    rows = training_log.history(ctx, aid, "workouts", DAY, DAY)
    assert len(rows) == 1
    assert rows[0]["source"] == "guided"
    assert rows[0]["source_id"] == f"guided-{DAY}-{key}"
    assert rows[0]["title"] == plans.current(ctx, aid).plan.session(key).name  # type: ignore[union-attr]
    assert [(s["exercise"], s["reps"]) for s in rows[0]["sets"]] == [
        (lift, 8),
        (lift, 7),
        ("push-up", 12),
    ]


def test_idempotency(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    data = {"exercise": lift, "reps": 8, "weight_kg": 60, "rir": 2}
    stored = guided.log_guided_set(ctx, aid, DAY, key, data, set_number=1)
    before = row_counts(ctx.session)
    again = guided.log_guided_set(ctx, aid, DAY, key, data, set_number=1)
    assert not again.created
    assert again.set_id == stored.set_id
    # The session's (source, source_id) stays the key: logging it again stores nothing.
    logged = training_log.log_workout(
        ctx,
        aid,
        {
            "started_at": "2026-11-20T11:00:00Z",
            "source": "guided",
            "source_id": f"guided-{DAY}-{key}",
            "sets": [{"exercise": lift, "reps": 5}],
        },
    )
    assert not logged.created
    assert logged.id == stored.workout_id
    assert row_counts(ctx.session) == before


def test_bad_input_stores_nothing(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    before = row_counts(ctx.session)
    with pytest.raises(InvalidInput, match="unknown exercise"):
        guided.log_guided_set(ctx, aid, DAY, key, {"exercise": "moon squat", "reps": 5})
    with pytest.raises(InvalidInput, match="reps"):
        guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": -1})
    with pytest.raises(InvalidInput, match="no session w99s1"):
        guided.log_guided_set(ctx, aid, DAY, "w99s1", {"exercise": lift, "reps": 5})
    with pytest.raises(InvalidInput, match="future"):
        guided.log_guided_set(ctx, aid, DAY + timedelta(days=2), key, {"exercise": lift, "reps": 5})
    with pytest.raises(InvalidInput, match="kind"):
        guided.exercise_feedback(ctx, aid, DAY, key, lift, "meh")
    assert row_counts(ctx.session) == before


# --- the engine -------------------------------------------------------------------------------

TARGET = StrengthTarget(rep_min=8, rep_max=12, target_rir=2.0, load_kg=100.0)


def _exposure(reps: int, rir: float, *said: str) -> list[Exposure]:
    sets = tuple(LoggedSet(reps=reps, weight_kg=100.0, rir=rir) for _ in range(3))
    return [Exposure(DAY, sets, frozenset(said))]


def test_too_easy_takes_the_bigger_step() -> None:
    plain = strength_decision(TARGET, _exposure(10, 2.0))
    assert (plain.action, plain.load_kg, plain.target_reps) == ("reps_up", 100.0, 11)
    easy = strength_decision(TARGET, _exposure(10, 2.0, "too_easy"))
    # RIR counted as 2 + easier_by 1.5 = 3.5: twice the 2.5 kg upper-body step, capped at 5 %.
    assert rules().rir_autoregulation.easier_by == 1.5
    assert (easy.action, easy.load_kg, easy.step_kg) == ("load_up", 105.0, 5.0)
    assert [r.code for r in easy.reasons] == [
        "rir_autoregulation_up",
        "double_progression_reset",
        "feedback_too_easy",
    ]


def test_too_hard_holds_the_load() -> None:
    plain = strength_decision(TARGET, _exposure(12, 2.0))
    assert (plain.action, plain.load_kg) == ("load_up", 102.5)
    hard = strength_decision(TARGET, _exposure(12, 2.0, "too_hard"))
    # RIR counted as 2 - hold_by 1 = 1: hold at 100 kg, no load rise.
    assert (hard.action, hard.load_kg) == ("hold", 100.0)
    assert "feedback_too_hard" in [r.code for r in hard.reasons]
    # Logged already 2 RIR harder than planned: the usual step down still applies.
    assert strength_decision(TARGET, _exposure(12, 0.0, "too_hard")).action == "load_down"


def test_pain_never_progresses() -> None:
    pain = [
        *_exposure(12, 3.0, "pain"),
        Exposure(DAY + timedelta(days=3), tuple(LoggedSet(12, 100.0, 4.0) for _ in range(3))),
    ]
    decision = strength_decision(TARGET, pain)
    assert (decision.action, decision.load_kg) == ("hold", 100.0)
    assert [r.code for r in decision.reasons] == ["pain_hold"]


def test_review_uses_the_feedback(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    item = next(
        i
        for i in plans.current(ctx, aid).plan.session(key).items  # type: ignore[union-attr]
        if isinstance(i, StrengthItem) and i.exercise == lift
    )
    load = item.load.value if item.load.kind == "kg" and item.load.value else 40.0
    for _ in range(item.sets):
        guided.log_guided_set(
            ctx,
            aid,
            DAY,
            key,
            {"exercise": lift, "reps": item.rep_max, "weight_kg": load, "rir": item.target_rir},
        )
    guided.exercise_feedback(ctx, aid, DAY, key, lift, "too_hard", "grindy")
    review = plans.review_week(ctx, aid, DAY)
    decided = [d for d in review.decisions if d.exercise == lift]
    assert decided, review
    assert all(d.action == "hold" for d in decided)
    assert any("feedback_too_hard" in [r.code for r in d.reasons] for d in decided)


def test_pain_stops_offers_substitutes_and_then_advice(ctx: ServiceContext) -> None:
    aid, key, _ = _setup(ctx)
    squat = "barbell-back-squat"
    out = guided.exercise_feedback(ctx, aid, DAY - timedelta(days=3), key, squat, "pain", "knee")
    assert out.stopped
    assert out.created
    assert not out.see_professional
    assert out.substitutes
    records = {r.slug: r for r in exercises.library_records()}
    for sub in out.substitutes:
        assert not {"knee", "lower_back"} & set(records[sub.slug].body_regions), sub
    with pytest.raises(Conflict, match="pain"):
        guided.log_guided_set(
            ctx, aid, DAY - timedelta(days=3), key, {"exercise": squat, "reps": 5}
        )
    assert not plans.pain_advice(ctx, aid, DAY)
    # The same tap twice is one row; a second day suggests a professional.
    again = guided.exercise_feedback(ctx, aid, DAY - timedelta(days=3), key, squat, "pain")
    assert not again.created
    assert again.feedback_id == out.feedback_id
    second = guided.exercise_feedback(ctx, aid, DAY, key, squat, "pain", region="knee")
    assert second.see_professional
    assert second.pain_days == [DAY - timedelta(days=3), DAY]
    advice = plans.pain_advice(ctx, aid, DAY)
    assert [r.code for r in advice] == ["pain_see_professional"]
    assert "physiotherapist" in advice[0].text
    assert "pain_see_professional" in [r.code for r in plans.today(ctx, aid, DAY).reasons]
    state = guided.guided_state(ctx, aid, DAY, key)
    assert squat in state.stopped
    assert state.feedback[squat] == ["pain"]


def test_finish_session_sets_the_load(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    with pytest.raises(Conflict):
        guided.finish_session(ctx, aid, DAY, key, 7)
    guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": 8})
    done = guided.finish_session(ctx, aid, DAY, key, 7)
    assert done["duration_s"] == 60.0
    assert done["session_rpe"] == 7.0
    assert done["load_au"] == 7.0
    assert guided.guided_state(ctx, aid, DAY, key).finished
