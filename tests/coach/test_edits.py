"""Plan edits on generated plans: each operation, the diff, projection, and properties over
random edit requests (every accepted edit passes the safety validator)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fitcoach.coach import edits
from fitcoach.coach.plan import CardioItem, Plan, StrengthItem
from fitcoach.coach.planner import PlannerInputs, generate_plan
from fitcoach.coach.safety import SafetyProfile, default_library, validate_plan
from fitcoach.coach.today import project, upcoming
from fitcoach.core.errors import InvalidInput
from fitcoach.services.exercises import library_records

START = date(2026, 11, 16)  # a Monday
NOW = datetime(2026, 11, 16, 7, tzinfo=UTC)
GYM = frozenset({"barbell", "squat_rack", "bench", "dumbbell", "pull_up_bar", "cable"})

PROFILES: dict[str, dict[str, Any]] = {
    "lifter": {
        "goals": ("strength",),
        "level": "intermediate",
        "days_per_week": 4,
        "equipment": GYM,
    },
    "novice_knee": {
        "goals": ("general_fitness",),
        "level": "beginner",
        "days_per_week": 3,
        "equipment": frozenset({"dumbbell"}),
        "injury_regions": frozenset({"knee"}),
    },
    "runner": {
        "goals": ("endurance",),
        "sports": ("running",),
        "level": "intermediate",
        "days_per_week": 5,
        "equipment": frozenset({"dumbbell"}),
    },
}


def inputs(name: str) -> PlannerInputs:
    spec: dict[str, Any] = {
        "athlete_id": 1,
        "goals": ("general_fitness",),
        "sports": (),
        "level": "intermediate",
        "days_per_week": 3,
        "session_minutes": 60,
        "equipment": frozenset(),
        "injury_regions": frozenset(),
        "conditions": frozenset(),
        "dislikes": frozenset(),
        "preferences": frozenset(),
        "age_years": 34.0,
        "e1rm_kg": {"barbell-back-squat": 120.0, "barbell-bench-press": 80.0},
        "start": START,
        "weeks": 4,
    }
    spec.update(PROFILES[name])
    return PlannerInputs(**spec)


def safety(name: str) -> SafetyProfile:
    i = inputs(name)
    return SafetyProfile(
        athlete_id=1,
        age_years=i.age_years,
        level=i.level,
        equipment=i.equipment,
        injury_regions=i.injury_regions,
        conditions=i.conditions,
        open_flags=(),
    )


@cache
def plan_for(name: str) -> Plan:
    plan = generate_plan(inputs(name), library_records(), seed=3, now=NOW)
    verdict = validate_plan(plan, safety(name), default_library())
    assert verdict.plan is not None
    return verdict.plan


def with_done(plan: Plan, *keys: str) -> Plan:
    """``plan`` with sessions marked done on their original dates."""
    dates = {p.key: p.original for p in project(plan, plan.start)}
    sessions = {
        k: plan.session(k).model_copy(update={"status": "done", "done_on": dates[k]}) for k in keys
    }
    return edits.replace_sessions(plan, sessions)


def strength_items(plan: Plan, key: str) -> list[StrengthItem]:
    return [i for i in plan.session(key).items if isinstance(i, StrengthItem)]


LIB = library_records()


# --- parsing ------------------------------------------------------------------------------------


def test_parse_edit_reads_each_op_and_names_bad_fields() -> None:
    op = edits.parse_edit({"op": "change_sets", "session": "w1s1", "exercise": "squat", "sets": 4})
    assert isinstance(op, edits.ChangeSets)
    with pytest.raises(InvalidInput, match="unknown edit op 'fly'"):
        edits.parse_edit({"op": "fly"})
    with pytest.raises(InvalidInput, match=r"edit\.change_sets\.sets"):
        edits.parse_edit({"op": "change_sets", "exercise": "squat", "sets": 40})
    with pytest.raises(InvalidInput, match="rep_min is above rep_max"):
        edits.parse_edit({"op": "change_reps", "exercise": "squat", "rep_min": 9, "rep_max": 5})
    with pytest.raises(InvalidInput, match="either a position or a date"):
        edits.parse_edit({"op": "move_session", "session": "w1s2"})
    with pytest.raises(InvalidInput, match="unknown equipment"):
        edits.parse_edit({"op": "set_equipment", "equipment": ["spaceship"]})
    assert edits.edit_json(op) == {
        "op": "change_sets",
        "session": "w1s1",
        "exercise": "squat",
        "sets": 4,
    }


# --- item edits ---------------------------------------------------------------------------------


def test_replace_exercise_by_name_and_the_diff_says_so() -> None:
    plan = plan_for("lifter")
    key, item = next(
        (s.key, i)
        for s in plan.sessions()
        for i in s.items
        if isinstance(i, StrengthItem) and i.exercise == "barbell-bench-press"
    )
    op = edits.ReplaceExercise(session=key, exercise="Barbell Bench Press", to="push-up")
    new, diff = edits.apply_edit(plan, op, LIB, by="athlete")
    replaced = next(i for i in new.session(key).items if i.exercise == "push-up")
    assert isinstance(replaced, StrengthItem)
    assert (replaced.sets, replaced.rep_min, replaced.rep_max) == (
        item.sets,
        item.rep_min,
        item.rep_max,
    )
    assert replaced.load.kind == "bodyweight"  # push-ups need no equipment
    assert replaced.reasons[-1].text == (
        f"Changed: Barbell Bench Press replaced by push-up in {key} (asked by you)."
    )
    assert [c.model_dump() for c in diff if c.path.endswith(".exercise")] == [
        {"path": diff[0].path, "before": "barbell-bench-press", "after": "push-up"}
    ]
    assert "barbell-bench-press → push-up" in diff[0].text
    # Other sessions keep their bench press; the plan given is untouched.
    assert any(i.exercise == "barbell-bench-press" for i in plan.session(key).items)
    others = [s for s in new.sessions() if s.key != key]
    assert others == [s for s in plan.sessions() if s.key != key]


def test_item_edits_change_one_field_each() -> None:
    plan = plan_for("lifter")
    key = "w1s1"
    first = strength_items(plan, key)[0]
    cases: list[tuple[edits.EditOp, str, Any]] = [
        (edits.ChangeSets(session=key, exercise=first.exercise, sets=2), "sets", 2),
        (
            edits.ChangeReps(session=key, exercise=first.exercise, rep_min=4, rep_max=6),
            "reps",
            "4-6",
        ),
        (edits.ChangeLoad(session=key, exercise=first.exercise, load_kg=42.5), "load", "42.5 kg"),
        (edits.ChangeRir(session=key, exercise=first.exercise, target_rir=3), "target_rir", 3),
    ]
    for op, field, after in cases:
        new, diff = edits.apply_edit(plan, op, LIB, by="coach")
        items = [(c.path, c.after) for c in diff if not c.path.endswith(".estimated_minutes")]
        assert items == [(f"{key}.{first.exercise}.{field}", after)]
        # Sets and reps change the session's length; load and RIR do not.
        timed = any(c.path == f"{key}.estimated_minutes" for c in diff)
        assert timed == (field in ("sets", "reps"))
        changed = strength_items(new, key)[0]
        assert changed.reasons[-1].params["who"] == "your coach"


def test_an_edit_without_a_session_applies_to_every_planned_one() -> None:
    plan = with_done(plan_for("lifter"), "w1s1")
    slug = strength_items(plan, "w1s1")[0].exercise
    new, diff = edits.apply_edit(plan, edits.ChangeSets(exercise=slug, sets=1), LIB)
    touched = {c.path.split(".")[0] for c in diff if not c.path.endswith(".estimated_minutes")}
    having = {
        s.key
        for s in plan.sessions()
        if s.status == "planned" and any(i.exercise == slug for i in s.items)
    }
    assert touched == having
    assert "w1s1" not in touched  # done sessions never change
    assert new.session("w1s1") == plan.session("w1s1")


def test_add_and_remove_exercise() -> None:
    plan = plan_for("lifter")
    new, diff = edits.apply_edit(
        plan,
        edits.AddExercise(session="w1s2", exercise="plank", sets=2, rep_min=1, rep_max=1),
        LIB,
    )
    assert new.session("w1s2").items[-1].exercise == "plank"
    assert diff[0].path == "w1s2.estimated_minutes"
    assert diff[1].before is None
    assert "plank 2x1-1" in str(diff[1].after)
    cardio, _ = edits.apply_edit(
        plan, edits.AddExercise(session="w1s2", exercise="brisk walk", minutes=15), LIB
    )
    walk = cardio.session("w1s2").items[-1]
    assert isinstance(walk, CardioItem)
    assert walk.duration_s == 900
    # 15 minutes of walking make the session 15 minutes longer.
    was = plan.session("w1s2").estimated_minutes
    assert cardio.session("w1s2").estimated_minutes == was + 15
    slug = new.session("w1s2").items[0].exercise
    removed, diff = edits.apply_edit(new, edits.RemoveExercise(session="w1s2", exercise=slug), LIB)
    assert all(i.exercise != slug for i in removed.session("w1s2").items)
    assert removed.session("w1s2").estimated_minutes < new.session("w1s2").estimated_minutes
    assert [c.after for c in diff if c.path.endswith(slug)] == [None]
    with pytest.raises(InvalidInput, match="already has plank"):
        edits.apply_edit(new, edits.AddExercise(session="w1s2", exercise="plank"), LIB)


def test_edits_that_cannot_apply_say_what_to_do() -> None:
    plan = with_done(plan_for("lifter"), "w1s1")
    slug = strength_items(plan, "w1s1")[0].exercise
    with pytest.raises(InvalidInput, match="w1s1 is done; only planned sessions"):
        edits.apply_edit(plan, edits.ChangeSets(session="w1s1", exercise=slug, sets=2), LIB)
    with pytest.raises(InvalidInput, match="no session 'w9s9'"):
        edits.apply_edit(plan, edits.SkipSession(session="w9s9"), LIB)
    with pytest.raises(InvalidInput, match="did you mean"):
        edits.apply_edit(plan, edits.ChangeSets(exercise="barbel bench pres", sets=2), LIB)
    with pytest.raises(InvalidInput, match="has no"):
        edits.apply_edit(plan, edits.ChangeSets(session="w1s2", exercise="burpee", sets=2), LIB)
    with pytest.raises(InvalidInput, match="with a strength exercise"):
        edits.apply_edit(plan, edits.ReplaceExercise(exercise=slug, to="easy jog"), LIB)
    single = plan.session("w1s2").model_copy(update={"items": plan.session("w1s2").items[:1]})
    lone = edits.replace_sessions(plan, {"w1s2": single})
    with pytest.raises(InvalidInput, match="skip the session instead"):
        edits.apply_edit(
            lone, edits.RemoveExercise(session="w1s2", exercise=single.items[0].exercise), LIB
        )
    with pytest.raises(InvalidInput, match="needs the athlete's planner inputs"):
        edits.apply_edit(plan, edits.SetDaysPerWeek(days=3), LIB)


# --- sessions: move and skip ----------------------------------------------------------------------


def test_move_session_changes_the_order_and_keeps_every_session() -> None:
    plan = plan_for("lifter")
    keys = [s.key for s in plan.sessions()]
    new, diff = edits.apply_edit(plan, edits.MoveSession(session="w1s3", position=1), LIB)
    assert [s.key for s in new.sessions()][:3] == ["w1s3", "w1s1", "w1s2"]
    assert sorted(s.key for s in new.sessions()) == sorted(keys)
    assert [len(w.sessions) for w in new.weeks] == [len(w.sessions) for w in plan.weeks]
    assert [c.path for c in diff] == ["w1s3.position"]
    assert diff[0].before == "week 1, #3"
    assert diff[0].after == "week 1, #1"


def test_move_session_to_a_date() -> None:
    plan = plan_for("lifter")
    dates = [p.on for p in upcoming(plan, START)]
    op = edits.MoveSession(session="w1s1", on=dates[2], as_of=START)
    new, _ = edits.apply_edit(plan, op, LIB)
    moved = {p.key: p.on for p in upcoming(new, START)}
    assert moved["w1s1"] == dates[2]


def test_skip_marks_skipped_and_projection_moves_missed_sessions_forward() -> None:
    plan = plan_for("lifter")
    new, diff = edits.apply_edit(plan, edits.SkipSession(session="w1s1"), LIB)
    assert new.session("w1s1").status == "skipped"
    assert [(c.path, c.before, c.after) for c in diff] == [("w1s1.status", "planned", "skipped")]
    assert new.next_session() is not None
    assert new.next_session().key == "w1s2"
    # A week later nothing was done: the first session is due today, moved, none vanished.
    later = date(2026, 11, 24)
    projected = upcoming(plan, later)
    assert len(projected) == len(plan.sessions())
    assert projected[0].key == "w1s1"
    assert projected[0].on == later
    assert projected[0].moved_from == START
    assert all(
        a.on is not None and b.on is not None and a.on < b.on
        for a, b in itertools.pairwise(projected)
    )


def test_an_edit_estimates_the_session_minutes_again_and_says_who_asked() -> None:
    plan = plan_for("lifter")
    key, item = next(
        (s.key, i) for s in plan.sessions() for i in s.items if isinstance(i, StrengthItem)
    )
    before = plan.session(key).estimated_minutes
    new, diff = edits.apply_edit(
        plan,
        edits.ChangeSets(session=key, exercise=item.exercise, sets=item.sets + 3),
        LIB,
        by="coach",
    )
    # Three more sets take three more sets' time (reps at 4 s each plus the rest).
    per_set = (item.rep_min + item.rep_max) / 2 * 4 + item.rest_s
    after = new.session(key).estimated_minutes
    assert after - before == pytest.approx(3 * per_set / 60, abs=1.01)
    assert (f"{key}.estimated_minutes", before, after) in [
        (c.path, c.before, c.after) for c in diff
    ]
    changed = next(i for i in new.session(key).items if i.exercise == item.exercise)
    assert changed.reasons[-1].text == (
        f"Changed: {item.exercise} set to {item.sets + 3} sets in {key} (asked by your coach)."
    )
    # Sessions the edit did not touch keep the planner's estimate.
    others = [s.key for s in plan.sessions() if s.key != key]
    assert all(
        new.session(k).estimated_minutes == plan.session(k).estimated_minutes for k in others
    )
    shorter, _ = edits.apply_edit(
        new, edits.RemoveExercise(session=key, exercise=item.exercise), LIB
    )
    assert shorter.session(key).estimated_minutes < before


def test_every_edit_kind_has_a_readable_reason() -> None:
    ops: list[edits.EditOp] = [
        edits.SkipSession(session="w1s1"),
        edits.MoveSession(session="w1s2", position=1),
        edits.ChangeLoad(exercise="squat", load_kg=82.5),
        edits.ChangeRir(exercise="squat", target_rir=3),
        edits.ChangeReps(exercise="squat", rep_min=4, rep_max=6),
    ]
    for op in ops:
        why = edits.edit_reason(op, "assistant")
        assert why.text.startswith("Changed: ")
        assert why.text.endswith("(asked by the assistant).")
        assert "{" not in why.text


# --- profile edits: regenerate what is not done ---------------------------------------------------


def test_set_days_regenerates_and_keeps_done_sessions() -> None:
    plan = with_done(plan_for("lifter"), "w1s1", "w1s2")
    new, diff = edits.apply_edit(
        plan, edits.SetDaysPerWeek(days=3), LIB, inputs=inputs("lifter"), now=NOW
    )
    assert new.days_per_week == 3
    assert new.session("w1s1") == plan.session("w1s1")
    assert new.session("w1s2") == plan.session("w1s2")
    assert all(len(w.sessions) <= 3 for w in new.weeks[1:])
    assert ("plan.days_per_week", 4, 3) in [(c.path, c.before, c.after) for c in diff]
    regenerated = [s for s in new.sessions() if s.status == "planned"]
    assert all(s.reasons[-1].code == "edit_applied" for s in regenerated)
    assert regenerated[0].reasons[-1].text == "Changed: 3 training days a week (asked by you)."
    assert any(r.code == "regenerated" and "3 days a week" in r.text for r in new.reasons)
    keys = [s.key for s in new.sessions()]
    assert len(keys) == len(set(keys))


def test_regenerate_with_new_equipment_uses_only_it() -> None:
    plan = plan_for("lifter")
    op = edits.Regenerate(equipment=["dumbbell"], minutes=45)
    new, _ = edits.apply_edit(plan, op, LIB, inputs=inputs("lifter"), now=NOW)
    records = {r.slug: r for r in LIB}
    for session in new.sessions():
        for item in session.items:
            assert set(records[item.exercise].equipment) <= {"dumbbell"}, item.exercise
    assert new.session_minutes == 45


# --- properties ---------------------------------------------------------------------------------

OPS = (
    "replace_exercise",
    "add_exercise",
    "remove_exercise",
    "change_sets",
    "change_reps",
    "change_load",
    "change_rir",
    "move_session",
    "skip_session",
    "set_days_per_week",
    "set_session_minutes",
)
SLUGS = [r.slug for r in LIB]


@st.composite
def edit_requests(draw: st.DrawFn, plan: Plan) -> dict[str, Any]:
    """A random edit request, mostly about what the plan holds, sometimes not."""
    op = draw(st.sampled_from(OPS))
    planned = [s for s in plan.sessions() if s.status == "planned"]
    session = draw(st.sampled_from(planned))
    exercise = draw(
        st.one_of(st.sampled_from([i.exercise for i in session.items]), st.sampled_from(SLUGS))
    )
    data: dict[str, Any] = {"op": op}
    if op in (
        "replace_exercise",
        "add_exercise",
        "remove_exercise",
        "change_sets",
        "change_reps",
        "change_load",
        "change_rir",
    ):
        data["exercise"] = exercise
        data["session"] = (
            draw(st.sampled_from([session.key, None])) if op != "add_exercise" else session.key
        )
    if op == "replace_exercise":
        data["to"] = draw(st.sampled_from(SLUGS))
    elif op == "change_sets":
        data["sets"] = draw(st.integers(1, 10))
    elif op == "change_reps":
        low = draw(st.integers(1, 30))
        data["rep_min"], data["rep_max"] = low, draw(st.integers(low, 30))
    elif op == "change_load":
        data["load_kg"] = draw(st.sampled_from([0, 5, 20, 60, 100, 180, 400]))
    elif op == "change_rir":
        data["target_rir"] = draw(st.sampled_from([0, 0.5, 1, 2, 3, 5]))
    elif op in ("move_session", "skip_session"):
        data["session"] = session.key
        if op == "move_session":
            data["position"] = draw(st.integers(1, len(planned) + 2))
    elif op == "set_days_per_week":
        data["days"] = draw(st.integers(1, 7))
    elif op == "set_session_minutes":
        data["minutes"] = draw(st.sampled_from([20, 30, 45, 90]))
    return data


@pytest.mark.parametrize("name", list(PROFILES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_accepted_edit_passes_the_validator(name: str, data: st.DataObject) -> None:
    plan = with_done(plan_for(name), "w1s1")
    request = data.draw(edit_requests(plan))
    try:
        op = edits.parse_edit(request)
        new, diff = edits.apply_edit(plan, op, LIB, by="assistant", inputs=inputs(name), now=NOW)
    except InvalidInput:
        return  # refused before the validator: nothing to store
    profile = safety(name)
    verdict = validate_plan(new, profile, default_library(), previous=plan)
    assert new.session("w1s1") == plan.session("w1s1")  # history never changes
    assert diff == edits.diff_plans(plan, new)
    if op.op not in edits.PROFILE_OPS:
        assert sorted(s.key for s in new.sessions()) == sorted(s.key for s in plan.sessions())
    if verdict.status in ("ok", "repaired"):
        assert verdict.plan is not None
        again = validate_plan(verdict.plan, profile, default_library(), previous=plan)
        assert again.status == "ok", [v.reason.text for v in again.violations]
    else:
        assert verdict.status == "rejected"
        assert verdict.plan is None
        assert verdict.violations


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_apply_edit_is_pure_and_deterministic(data: st.DataObject) -> None:
    plan = plan_for("lifter")
    snapshot = plan.model_dump()
    request = data.draw(edit_requests(plan))
    try:
        op = edits.parse_edit(request)
        first = edits.apply_edit(plan, op, LIB, inputs=inputs("lifter"), now=NOW)
    except InvalidInput:
        return
    second = edits.apply_edit(plan, op, LIB, inputs=inputs("lifter"), now=NOW)
    assert first == second
    assert plan.model_dump() == snapshot


def test_diff_of_a_plan_with_itself_is_empty() -> None:
    plan = plan_for("runner")
    assert edits.diff_plans(plan, plan) == []
    other = replace(inputs("runner"), days_per_week=4)
    fresh = generate_plan(other, LIB, seed=3, now=NOW)
    assert edits.diff_plans(plan, fresh)


def test_a_lighter_day_cuts_sets_effort_and_intervals() -> None:
    from fitcoach.coach.plan import Intensity, Interval
    from fitcoach.coach.today import easy_aerobic, lighter

    plan = plan_for("lifter")
    session = plan.session("w1s1")
    intervals = CardioItem(
        exercise="running-intervals",
        duration_s=1600,
        intensity=Intensity(kind="hr_zone", value=4),
        intervals=Interval(
            repeats=8, work_s=120, rest_s=80, work_intensity=Intensity(kind="hr_zone", value=4)
        ),
    )
    full = session.model_copy(update={"items": [*session.items, intervals]})
    light = lighter(full)
    for before, after in zip(full.items, light.items, strict=True):
        if isinstance(before, StrengthItem):
            assert isinstance(after, StrengthItem)
            assert after.sets == max(1, before.sets - 1)
            assert after.target_rir == min(5, before.target_rir + 1)
    cut = light.items[-1]
    assert isinstance(cut, CardioItem)
    assert cut.intervals is not None
    assert cut.intervals.repeats == 6
    assert cut.duration_s == 1200
    easy = easy_aerobic("brisk-walk", 90, "w1s1")
    assert easy.items[0].duration_s == 30 * 60  # within 20-30 min, zone 1-2
    assert easy.items[0].intensity.value == 2
    assert easy_aerobic("brisk-walk", 5, "w1s1").items[0].duration_s == 20 * 60


# --- issue 34: chat edits change only what was asked -------------------------------------------


def test_session_minutes_trims_the_plan_in_force_and_keeps_earlier_edits() -> None:
    plan = plan_for("lifter")
    squat = next(i.exercise for s in plan.sessions() for i in s.items if "squat" in i.exercise)
    swapped, _ = edits.apply_edit(
        plan, edits.ReplaceExercise(exercise=squat, to="goblet-squat"), LIB, by="athlete"
    )
    fitted, diff = edits.apply_edit(
        swapped, edits.SetSessionMinutes(minutes=45), LIB, by="assistant"
    )
    # Typed, not regenerated: the same sessions, the athlete's swap kept, nothing new added.
    assert [s.key for s in fitted.sessions()] == [s.key for s in swapped.sessions()]
    assert all(squat not in (i.exercise for i in s.items) for s in fitted.sessions())
    assert any(i.exercise == "goblet-squat" for s in fitted.sessions() for i in s.items)
    for before, after in zip(swapped.sessions(), fitted.sessions(), strict=True):
        assert {i.exercise for i in after.items} <= {i.exercise for i in before.items}
        assert after.estimated_minutes <= max(45, before.estimated_minutes)
        if before.estimated_minutes > 45:
            assert after.estimated_minutes <= 45
    assert fitted.session_minutes == 45
    assert len(diff) < 60  # a regeneration rewrote ~90 items
    # A longer limit never adds work: only the plan's length changes.
    longer, diff = edits.apply_edit(plan, edits.SetSessionMinutes(minutes=120), LIB)
    assert [c.path for c in diff] == ["plan.session_minutes"]
    assert longer.sessions() == plan.sessions()


def test_session_minutes_for_one_session_leaves_the_others() -> None:
    plan = plan_for("lifter")
    key = plan.sessions()[0].key
    fitted, diff = edits.apply_edit(plan, edits.SetSessionMinutes(minutes=30, session=key), LIB)
    assert fitted.session(key).estimated_minutes <= 30
    assert {c.path.split(".")[0] for c in diff} == {key}
    assert fitted.session_minutes == plan.session_minutes
    assert [s for s in fitted.sessions() if s.key != key] == [
        s for s in plan.sessions() if s.key != key
    ]


def test_a_session_moved_to_a_day_falls_on_that_day_and_nothing_else_moves() -> None:
    plan = plan_for("lifter")  # Mon/Tue/Thu/Fri-style schedule: Saturday is free
    as_of = plan.start
    days = {p.key: p.on for p in upcoming(plan, as_of)}
    first = upcoming(plan, as_of)[1]
    assert first.on is not None
    target = next(
        d for d in (first.on + timedelta(days=n) for n in range(1, 7)) if d not in days.values()
    )
    op = edits.MoveSession(session=first.key, on=target, as_of=as_of)
    moved, diff = edits.apply_edit(plan, op, LIB)
    assert [c.path for c in diff] == [f"{first.key}.on"]
    after = {p.key: p.on for p in upcoming(moved, as_of)}
    assert after[first.key] == target
    assert {k: d for k, d in after.items() if k != first.key} == {
        k: d for k, d in days.items() if k != first.key
    }
    assert validate_plan(moved, safety("lifter"), default_library(), previous=plan).status == "ok"


def test_sessions_stacked_on_one_day_are_refused_with_a_reason() -> None:
    plan = plan_for("lifter")
    as_of = plan.start
    left = upcoming(plan, as_of)
    saturday = next(
        d for d in (left[0].on + timedelta(days=n) for n in range(1, 8)) if d.weekday() == 5
    )
    stacked = plan
    for p in left[:4]:  # "move them all to Saturday"
        op = edits.MoveSession(session=p.key, on=saturday, as_of=as_of)
        stacked, _ = edits.apply_edit(stacked, op, LIB)
    assert sum(p.on == saturday for p in upcoming(stacked, as_of)) == 4
    verdict = validate_plan(stacked, safety("lifter"), default_library(), previous=plan)
    assert verdict.status == "rejected"
    (why,) = [v for v in verdict.violations if v.rule == "sessions_per_day"]
    assert why.reason.text.startswith(f"{saturday.strftime('%a %-d %b')} would hold 4 sessions")
    assert "at most 1 hard session a day" in why.reason.text


def test_a_session_moved_onto_a_planned_day_makes_room_on_the_next_free_day() -> None:
    # "Can we do tomorrow's session on Friday instead": Friday's session goes on to the first
    # free day after it; every other session keeps its day, and the validator accepts it.
    plan = plan_for("lifter")
    as_of = plan.start
    left = upcoming(plan, as_of)
    days = {p.key: p.on for p in left}
    first, second = left[0], left[1]
    assert first.on is not None
    assert second.on is not None
    op = edits.MoveSession(session=first.key, on=second.on, as_of=as_of)
    moved, _ = edits.apply_edit(plan, op, LIB)
    after = {p.key: p.on for p in upcoming(moved, as_of)}
    taken = set(days.values()) - {first.on}
    free = next(d for d in (second.on + timedelta(days=n) for n in range(1, 7)) if d not in taken)
    assert after[first.key] == second.on
    assert after[second.key] == free
    assert {k: d for k, d in after.items() if k not in (first.key, second.key)} == {
        k: d for k, d in days.items() if k not in (first.key, second.key)
    }
    verdict = validate_plan(moved, safety("lifter"), default_library(), previous=plan)
    assert not [v for v in verdict.violations if v.rule == "sessions_per_day"]
