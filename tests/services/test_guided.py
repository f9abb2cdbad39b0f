"""The guided workout service: sets append to one session, feedback drives the engine."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from tests.factories import as_subject, make_athlete, workout
from tests.fixtures.tables import row_counts

from fitcoach.coach.plan import Plan, StrengthItem
from fitcoach.coach.progression import Exposure, LoggedSet, StrengthTarget, strength_decision
from fitcoach.coach.rules.progression import rules
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import athletes, exercises, guided, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

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
    for sub in out.substitutes:  # the knee loaded lightly at most, and allowed with its injury
        assert records[sub.slug].biomechanics.joint_load.get("knee", "low") == "low", sub
        assert not records[sub.slug].contraindications(["knee"]), sub
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
    guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": 8, "weight_kg": 40})
    done = guided.finish_session(ctx, aid, DAY, key, 7)
    assert done["duration_s"] == 60.0
    assert done["session_rpe"] == 7.0
    assert done["load_au"] == 7.0
    assert guided.guided_state(ctx, aid, DAY, key).finished


# --- what each set shows, what it needs ------------------------------------------------------


def _at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_last_time_is_the_athletes_latest_earlier_workout_with_the_exercise(
    ctx: ServiceContext,
) -> None:
    aid, key, lift = _setup(ctx)
    log = training_log.log_workout
    log(ctx, aid, workout(_at(DAY - timedelta(days=14)), (lift, 10, 50, 3)))
    earlier = log(
        ctx,
        aid,
        {
            "started_at": _at(DAY - timedelta(days=7)).isoformat(),
            "title": "Upper",
            "sets": [
                {"exercise": lift, "reps": 5, "weight_kg": 20, "is_warmup": True},
                {"exercise": lift, "reps": 8, "weight_kg": 60, "rir": 2},
                {"exercise": "push-up", "reps": 15},
                {"exercise": lift, "reps": 8, "weight_kg": 60, "rir": 1.5},
                {"exercise": lift, "reps": 7, "weight_kg": 60},
            ],
        },
    )
    # Another athlete lifted more, later: never shown to this one.
    other = make_athlete(ctx)
    log(ctx, other.id, workout(_at(DAY - timedelta(days=1)), (lift, 3, 140, 0)))

    found = guided.last_time(ctx, aid, DAY, key, [lift, "push-up", "barbell-deadlift"])
    assert set(found) == {lift, "push-up"}  # never done: absent
    last = found[lift]
    assert last.workout_id == earlier.id
    assert last.day == DAY - timedelta(days=7)
    assert last.title == "Upper"
    assert [(s.reps, s.weight_kg, s.rir) for s in last.sets] == [
        (8, 60.0, 2.0),
        (8, 60.0, 1.5),
        (7, 60.0, None),
    ]
    # Today's own sets never count as "last time", before or after the first one.
    guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": 9, "weight_kg": 62.5})
    assert guided.last_time(ctx, aid, DAY, key, [lift])[lift].workout_id == earlier.id
    state = guided.guided_state(ctx, aid, DAY, key)
    assert state.last_time[lift].workout_id == earlier.id
    # The steps carry it, with whether a set needs its weight and the bar for plate maths.
    session = plans.current(ctx, aid).plan.session(key)  # type: ignore[union-attr]
    steps = {s.exercise: s for s in guided.steps(ctx, aid, DAY, session)}
    assert steps[lift].last_time == state.last_time[lift]
    assert steps[lift].loaded
    assert steps[lift].bar_kg == 20.0
    bodyweight = [s for s in steps.values() if s.load_kind == "bodyweight"]
    assert bodyweight
    assert all(not s.loaded and s.bar_kg is None for s in bodyweight)


def test_a_loaded_exercise_needs_its_weight(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    before = row_counts(ctx.session)
    with pytest.raises(InvalidInput, match=r"^weight_kg: .*needs its weight") as refused:
        guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": 8, "rir": 2})
    assert refused.value.details == {"field": "weight_kg"}
    with pytest.raises(InvalidInput, match=r"^weight_kg"):
        guided.log_guided_set(ctx, aid, DAY, key, {"exercise": "dumbbell-curl", "reps": 12})
    assert row_counts(ctx.session) == before
    # Body-weight work needs none, also on a bar that only holds the body.
    for bodyweight in ("push-up", "inverted-row"):
        stored = guided.log_guided_set(ctx, aid, DAY, key, {"exercise": bodyweight, "reps": 10})
        assert stored.weight_kg is None
    # 0 kg is a weight (a machine's empty stack), not a missing one.
    zero = guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": 8, "weight_kg": 0})
    assert zero.weight_kg == 0.0


def test_a_finished_session_has_a_summary_and_takes_no_more_sets(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    aid, key, lift = _setup(ctx)
    training_log.log_workout(
        ctx, aid, workout(_at(DAY - timedelta(days=7)), (lift, 8, 60, 2), (lift, 8, 60, 2))
    )
    clock.set(_at(DAY, 17))
    for reps, kg in ((8, 62.5), (8, 62.5), (6, 62.5)):
        guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": reps, "weight_kg": kg})
    guided.log_guided_set(ctx, aid, DAY, key, {"exercise": "push-up", "reps": 15})
    guided.exercise_feedback(ctx, aid, DAY, key, "barbell-row", "pain")
    running = guided.summary(ctx, aid, DAY, key)
    assert running is not None
    assert not running.finished
    clock.set(_at(DAY, 17) + timedelta(minutes=50))
    done = guided.finish_session(ctx, aid, DAY, key, 8)
    assert done["duration_s"] == 50 * 60
    summary = done["summary"]
    assert summary.finished
    assert (summary.sets, summary.reps) == (4, 37)
    assert summary.volume_kg == 22 * 62.5
    assert (summary.duration_s, summary.session_rpe, summary.load_au) == (3000.0, 8.0, 400.0)
    assert [(e.exercise, len(e.sets)) for e in summary.exercises] == [(lift, 3), ("push-up", 1)]
    assert summary.stopped == ["Barbell Bent-Over Row"]
    # 62.5 kg beats the 60 kg of last week; 8 x 62.5 @ RIR ? beats 8 x 60 @ 2 in e1RM only if
    # the estimate is higher: Epley on reps + RIR (no RIR logged today counts as 0).
    kinds = {r.kind: r for r in summary.records}
    assert kinds["heaviest"].value_kg == 62.5
    assert kinds["heaviest"].previous_kg == 60.0
    assert "heaviest set 62.5 kg (was 60 kg)" in kinds["heaviest"].text
    assert "e1rm" not in kinds  # 62.5 x (1 + 8/30) = 79.2 < 60 x (1 + 10/30) = 80
    # Finished: the state says so with the summary; no more sets; swaps refused too.
    state = guided.guided_state(ctx, aid, DAY, key)
    assert state.finished
    assert state.summary == summary
    before = row_counts(ctx.session)
    with pytest.raises(Conflict, match="finished"):
        guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": 5, "weight_kg": 60})
    # A retry of a set stored before the finish still answers the stored set.
    again = guided.log_guided_set(
        ctx, aid, DAY, key, {"exercise": lift, "reps": 8, "weight_kg": 62.5}, set_number=1
    )
    assert not again.created
    with pytest.raises(Conflict, match="finished"):
        guided.swap_exercise(ctx, aid, DAY, key, "barbell-row", "inverted-row")
    assert row_counts(ctx.session) == before
    # Finishing again changes the session RPE, not the measured duration.
    clock.set(_at(DAY, 20))
    assert guided.finish_session(ctx, aid, DAY, key, 7)["duration_s"] == 50 * 60


def test_a_new_record_is_in_the_summary(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    training_log.log_workout(ctx, aid, workout(_at(DAY - timedelta(days=7)), (lift, 5, 80, 2)))
    guided.log_guided_set(
        ctx, aid, DAY, key, {"exercise": lift, "reps": 6, "weight_kg": 80, "rir": 2}
    )
    guided.finish_session(ctx, aid, DAY, key, 7)
    records = guided.guided_state(ctx, aid, DAY, key).summary.records  # type: ignore[union-attr]
    assert [(r.kind, r.value_kg, r.previous_kg) for r in records] == [("e1rm", 101.3, 98.7)]


def test_pain_swap_goes_through_the_validator_for_this_session_only(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    version = plans.current(ctx, aid).version
    with pytest.raises(Conflict, match="no pain"):
        guided.swap_exercise(ctx, aid, DAY, key, lift, "push-up")
    pain = guided.exercise_feedback(ctx, aid, DAY, key, lift, "pain")
    offered = [s.slug for s in pain.substitutes]
    assert offered
    session = plans.current(ctx, aid).plan.session(key)  # type: ignore[union-attr]
    assert not set(offered) & {i.exercise for i in session.items}  # a swap cannot duplicate
    before = row_counts(ctx.session)
    with pytest.raises(InvalidInput, match=r"^to: .*not a substitute"):
        guided.swap_exercise(ctx, aid, DAY, key, lift, "barbell-overhead-press")
    assert row_counts(ctx.session) == before

    out = guided.swap_exercise(ctx, aid, DAY, key, lift, offered[0])
    assert out.applied
    assert out.status == "active"
    assert out.version == version + 1  # type: ignore[operator]
    assert [r.code for r in out.reasons][:2] == ["edit_applied", "pain_swap"]
    assert "because of pain" in out.advice[1]
    assert out.step is not None
    assert out.step.exercise == offered[0]
    stored = plans.get_version(ctx, aid, out.version)  # type: ignore[arg-type]
    assert stored.verdict.status in ("ok", "repaired")
    plan: Plan = plans.current(ctx, aid).plan  # type: ignore[assignment]
    swapped = [i.exercise for i in plan.session(key).items]
    assert offered[0] in swapped
    assert lift not in swapped
    # Only this session: the lift stays in the plan's other sessions.
    others = [s for s in plan.sessions() if s.key != key]
    assert any(lift in [i.exercise for i in s.items] for s in others)
    # Today's session is served with the substitute.
    today = plans.today(ctx, aid, DAY)
    if today.session is not None and today.session.key == key:
        assert offered[0] in [i.exercise for i in today.session.items]


def test_a_coachs_pain_swap_waits_for_the_athlete(ctx: ServiceContext) -> None:
    aid, key, lift = _setup(ctx)
    coach_id = athletes.create_staff_account(ctx, "swap-coach@example.org", "Sam", Role.coach)
    athletes.link_coach(ctx, coach_id, aid)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    version = plans.current(ctx, aid).version
    sub = guided.exercise_feedback(coach, aid, DAY, key, lift, "pain").substitutes[0]
    out = guided.swap_exercise(coach, aid, DAY, key, lift, sub.slug)
    assert not out.applied
    assert out.status == "proposed"
    assert out.step is None
    assert plans.current(ctx, aid).version == version


def test_plate_maths_uses_the_athletes_bar_and_plates(ctx: ServiceContext) -> None:
    """A profile's bar and plates (here lb plates on a 45 lb bar) drive the guided workout's
    plate maths; without one it is a 20 kg bar and standard kg plates."""
    aid, key, _ = _setup(ctx)
    plan = plans.current(ctx, aid).plan
    assert plan is not None
    session = plan.session(key)
    bar_lift = StrengthItem(
        exercise="barbell-back-squat", sets=3, rep_min=5, rep_max=5, target_rir=2,
        load={"kind": "kg", "value": 100.0}, rest_s=180,
    )  # fmt: skip
    served = session.model_copy(update={"items": [bar_lift]})
    (standard,) = guided.steps(ctx, aid, DAY, served)
    assert standard.bar_kg == 20.0
    assert standard.plates is not None
    assert standard.plates.text == "25 + 15 kg per side"

    athletes.update_profile(
        ctx, aid, {"plates": {"unit": "lb", "bar": 45, "plates": [2.5, 45, 25, 10, 5]}}
    )
    stored = athletes.get_athlete(ctx, aid).profile
    assert stored is not None
    assert stored.plates is not None
    assert stored.plates.plates == [45, 25, 10, 5, 2.5]  # heaviest first
    (pounds,) = guided.steps(ctx, aid, DAY, served)
    assert pounds.bar_kg == pytest.approx(20.41)
    assert pounds.plates is not None
    assert pounds.plates.unit == "lb"
    assert pounds.plates.per_side == [45, 25, 10, 5, 2.5]  # 220.46 lb: 45 + 2 x 87.5 = 220
    assert pounds.plates.text == "45 + 25 + 10 + 5 + 2.5 lb per side"
    assert pounds.plates.total_kg == pytest.approx(99.79)
    assert "lb" in pounds.plates.note
    with pytest.raises(InvalidInput):
        athletes.update_profile(ctx, aid, {"plates": {"unit": "stone", "bar": 3, "plates": [1]}})
    with pytest.raises(InvalidInput):
        athletes.update_profile(ctx, aid, {"plates": {"unit": "kg", "bar": 20, "plates": []}})


def test_a_first_workout_names_its_first_records_not_none_beaten(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    """On a first workout nothing was beaten, but nothing was 'not beaten' either: the summary
    names the lifts logged for the first time (their sets are the first records)."""
    aid, key, lift = _setup(ctx)
    clock.set(_at(DAY, 17))
    guided.log_guided_set(ctx, aid, DAY, key, {"exercise": lift, "reps": 8, "weight_kg": 60})
    summary = guided.summary(ctx, aid, DAY, key)
    assert summary is not None
    assert summary.records == []
    name = exercises.library_records()
    assert summary.firsts == [next(r.name for r in name if r.slug == lift)]
