"""An athlete's own exercises in plans, through the chat and the services (issue 59): one whose
movement pattern and equipment are known is swapped in, kept, chosen when asked for and
judged like the library's exercises of its pattern; one with either unknown is refused saying
what to fill in (docs/coaching.md, "Own exercises and plans"). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.factories import as_subject, make_athlete, subject_of
from tests.services.test_plans_service import at, log_session, original_dates

from fitcoach.assistant import conversations
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.coach.plan import Plan, StrengthItem
from fitcoach.coach.safety import default_library
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import athletes, guided, own_exercises, plans, portability, training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the test clock's day
ROW = "My Weird Machine Row"
GYM = ["barbell", "squat_rack", "bench", "dumbbell", "machine", "cable", "pull_up_bar"]
ASSISTANT = Assistant()


def call(tctx: ToolContext, name: str, **arguments: Any) -> Any:
    return default_registry().call(tctx, name, arguments)


def say(tctx: ToolContext, text: str) -> str:
    reply = conversations.chat(
        tctx.service, tctx.athlete_id, text, channel="web", assistant=ASSISTANT
    )
    tctx.service.session.flush()
    return reply.text


@pytest.fixture
def planned(ctx: ServiceContext) -> tuple[ToolContext, int, dict[str, Any]]:
    athlete = make_athlete(ctx, equipment=GYM)
    tctx = ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)
    own = own_exercises.add(tctx.service, athlete.id, own_exercises.suggest(ROW))
    assert own["plannable"], own  # a horizontal pull on a machine: pattern and equipment known
    assert plans.generate(ctx, athlete.id, start=TODAY - timedelta(days=4)).version is not None
    return tctx, athlete.id, own


def _plan(ctx: ServiceContext, athlete_id: int) -> Plan:
    plan = plans.current(ctx, athlete_id).plan
    assert plan is not None
    return plan


def _planned_slugs(ctx: ServiceContext, athlete_id: int) -> set[str]:
    return {
        item.exercise
        for s in _plan(ctx, athlete_id).sessions()
        if s.status == "planned"
        for item in s.items
    }


def _a_pull(ctx: ServiceContext, athlete_id: int) -> str:
    """A planned library exercise of the row's pattern (else any planned strength one)."""
    library = default_library()
    slugs = sorted(
        i.exercise
        for s in _plan(ctx, athlete_id).sessions()
        if s.status == "planned"
        for i in s.items
        if isinstance(i, StrengthItem) and i.exercise in library
    )
    pulls = [s for s in slugs if library[s].movement_pattern == "horizontal_pull"]
    return (pulls or slugs)[0]


def test_swapped_in_by_the_chat_and_shown_by_its_own_name(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete_id, own = planned
    assert own["slug"] not in _planned_slugs(ctx, athlete_id)  # never chosen unasked
    before = plans.current(ctx, athlete_id).version
    old = _a_pull(ctx, athlete_id)
    name = default_library()[old].name
    text = say(tctx, f"swap {name.lower()} for my weird machine row")
    assert "own-" not in text, text
    assert f"{name} → {ROW}" in text, text
    assert f"{name} → My Weird Machine Row, because you asked" in text, text
    # The chat proposes; the athlete approves it (as the plan page's button does).
    (proposal,) = plans.versions(ctx, athlete_id, "proposed")
    assert proposal.version is not None
    plans.approve(tctx.service, athlete_id, proposal.version)
    now = plans.current(ctx, athlete_id)
    assert now.version != before, text
    slugs = _planned_slugs(ctx, athlete_id)
    assert own["slug"] in slugs
    assert old not in slugs
    # Its load is found by feel (no history of it yet), as for a library exercise swapped in.
    item = next(
        i for s in _plan(ctx, athlete_id).sessions() for i in s.items if i.exercise == own["slug"]
    )
    assert isinstance(item, StrengthItem)
    assert item.load.kind == "by_rir"
    # The chat explains it like any planned exercise, by its own name.
    out = call(tctx, "explain_decision", about="exercise", exercise="my weird machine row")
    assert out.ok, out.error
    assert out.data["exercise"] == own["slug"]
    assert ROW in out.summary
    assert "own-" not in out.summary
    # Asked about it in the plan, the chat finds it there (not "not in your plan").
    load = call(
        tctx,
        "propose_plan_edit",
        operation={"op": "change_load", "exercise": ROW, "load_kg": 45},
    )
    assert load.ok, load.error


def test_refused_in_words_when_its_pattern_is_unknown(ctx: ServiceContext, planned: Any) -> None:
    tctx, athlete_id, _ = planned
    vague = own_exercises.add(tctx.service, athlete_id, own_exercises.suggest("Gym Thing Nine"))
    assert vague["movement_pattern"] == own_exercises.UNKNOWN
    assert not vague["plannable"]
    before = plans.current(ctx, athlete_id).version
    out = call(
        tctx,
        "propose_plan_edit",
        operation={
            "op": "swap_exercise",
            "exercise": _a_pull(ctx, athlete_id),
            "to": "gym thing nine",
        },
    )
    assert not out.ok
    error = out.error or ""
    assert "Gym Thing Nine is your own exercise: to plan it, fill in its movement pattern" in error
    assert "on the Exercises page, under your own exercises" in error
    assert "unknown exercise" not in error
    # The plan page's swap (the service the web form calls) says the same.
    with pytest.raises(InvalidInput, match="fill in its movement pattern"):
        plans.request_edit(
            tctx.service,
            athlete_id,
            {
                "op": "replace_exercise",
                "exercise": _a_pull(ctx, athlete_id),
                "to": "Gym Thing Nine",
            },
        )
    assert plans.current(ctx, athlete_id).version == before
    # The explanation says why it is in no session, and what to do.
    why = call(tctx, "explain_decision", about="exercise", exercise="gym thing nine")
    assert why.ok
    assert why.data == {"exercise": vague["slug"], "own": True, "planned": False}
    assert "fill in its movement pattern" in why.summary


def test_refused_for_an_injury_any_library_exercise_of_its_pattern_is_ruled_out_for(
    ctx: ServiceContext, planned: Any
) -> None:
    # A lower back injury: the library's machine row spares it, its barbell row does not; the
    # own machine row takes the union, so the swap is refused and nothing changes in force.
    tctx, athlete_id, own = planned
    athletes.update_profile(ctx, athlete_id, {"injuries": [{"region": "lower_back"}]})
    assert not default_library()["chest-supported-machine-row"].contraindications(["lower_back"])
    plans.generate(ctx, athlete_id, start=TODAY, replace=True)
    before = plans.current(ctx, athlete_id).version
    result = plans.request_edit(
        tctx.service,
        athlete_id,
        {"op": "replace_exercise", "exercise": _a_pull(ctx, athlete_id), "to": ROW},
    )
    assert result.status == "rejected"
    texts = " ".join(r.text for r in result.reasons)
    assert (
        f"{ROW} is your own exercise, so its safety is judged like the library's horizontal "
        "pull exercises; it cannot be in your plan:"
    ) in texts
    assert "(as in Barbell Bent-Over Row): not with a lower back injury" in texts
    assert plans.current(ctx, athlete_id).version == before
    assert own["slug"] not in _planned_slugs(ctx, athlete_id)


def test_an_injury_after_it_was_planned_proposes_a_library_substitute(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete_id, own = planned
    done = plans.request_edit(
        tctx.service,
        athlete_id,
        {"op": "replace_exercise", "exercise": _a_pull(ctx, athlete_id), "to": ROW},
    )
    assert done.status == "active", done.reasons
    athletes.update_profile(ctx, athlete_id, {"injuries": [{"region": "lower_back"}]})
    # Served meanwhile: left out of the session, with the reason in words.
    week = plans.next_sessions(ctx, athlete_id, TODAY)
    held = [s for s in week if s.changed]
    assert held
    assert all(own["slug"] not in {i.exercise for i in s.session.items} for s in held if s.session)
    assert any(
        "judged like the library's horizontal pull exercises" in r.text
        for s in held
        for r in s.reasons
    )
    # The stored plan catches up through a proposal the athlete approves.
    proposal = plans.propose_for_profile(ctx, athlete_id, ["injuries"], proposed_by="athlete")
    assert proposal is not None
    assert proposal.plan is not None
    slugs = {i.exercise for s in proposal.plan.sessions() if s.status == "planned" for i in s.items}
    assert own["slug"] not in slugs
    assert slugs <= set(default_library())


def test_chosen_by_the_generator_only_when_asked_for_with_its_history_as_starting_load(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete_id, own = planned
    for day in range(1, 10, 2):  # a logged history of the own exercise, heavier each time
        training_log.log_workout(
            tctx.service,
            athlete_id,
            {
                "started_at": f"2026-11-{day:02d}T18:00:00+00:00",
                "sets": [{"exercise": own["slug"], "reps": 8, "weight_kg": 40 + day}] * 3,
            },
        )
    # Its history alone does not put it in a generated plan ...
    view = plans.generate(ctx, athlete_id, start=TODAY, replace=True)
    assert view.plan is not None
    assert own["slug"] not in {i.exercise for s in view.plan.sessions() for i in s.items}
    # ... asking for it does, with a starting load from its logged e1RM.
    athletes.update_profile(ctx, athlete_id, {"preferences": ["my weird machine row"]})
    view = plans.generate(ctx, athlete_id, start=TODAY, replace=True, seed=1)
    assert view.plan is not None, view.reasons
    assert view.status == "active", view.reasons
    items = [i for s in view.plan.sessions() for i in s.items if i.exercise == own["slug"]]
    assert items, "asked for, the own exercise is planned"
    first = items[0]
    assert isinstance(first, StrengthItem)
    assert first.load.kind == "kg"
    assert {r.code for r in first.reasons} >= {"start_load_estimate", "preference"}
    e1rm = {r.exercise: r.best_e1rm_kg for r in training_log.records(ctx, athlete_id)}
    assert first.load.value is not None
    assert first.load.value < e1rm[own["slug"]]
    # Today's session serves it by its slug; the pages name it (tests/web).
    today = plans.today(tctx.service, athlete_id)
    assert today.status in ("train", "lighter", "recovery", "rest", "finished")


def test_a_plan_with_it_round_trips_through_export_and_import(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete_id, own = planned
    old = _a_pull(ctx, athlete_id)
    done = plans.request_edit(
        tctx.service, athlete_id, {"op": "replace_exercise", "exercise": old, "to": own["slug"]}
    )
    assert done.status == "active", done.reasons
    doc = portability.export_athlete(ctx, athlete_id)
    assert any(e["slug"] == own["slug"] for e in doc["athlete"]["own_exercises"])
    doc["athlete"]["email"] = "own-plan@example.org"
    fresh = portability.import_document(ctx, doc).athlete_id
    assert fresh != athlete_id
    (moved,) = [e for e in own_exercises.listed(ctx, fresh) if e["name"] == ROW]
    assert moved["slug"].startswith(f"own-{fresh}-")
    imported = _plan(ctx, fresh)
    slugs = {i.exercise for s in imported.sessions() for i in s.items}
    assert moved["slug"] in slugs
    assert own["slug"] not in slugs
    # The imported plan is whole for its athlete: served and edited as the original was.
    plans.next_sessions(ctx, fresh, TODAY)
    assert own_exercises.plan_library(ctx, fresh).get(moved["slug"]) is not None
    # Importing it again adds no plan version.
    versions = len(plans.versions(ctx, fresh))
    portability.import_document(ctx, doc, athlete_id=fresh)
    assert len(plans.versions(ctx, fresh)) == versions


def test_another_athletes_own_exercise_stays_unknown_to_the_tools(
    ctx: ServiceContext, planned: Any
) -> None:
    _, _, own = planned
    other = make_athlete(ctx)
    theirs = ToolContext(as_subject(ctx, subject_of(ctx, other)), other.id)
    plans.generate(ctx, other.id, start=TODAY - timedelta(days=4))
    for out in (
        call(theirs, "explain_decision", about="exercise", exercise=ROW),
        call(theirs, "exercise_substitutes", exercise=ROW),
    ):
        assert not out.ok
        assert "unknown exercise" in (out.error or ""), out.error
        assert "your own exercise" not in (out.error or "")
        assert own["slug"] not in str(out.data)
    # Nor can their plan hold it by its slug.
    with pytest.raises(InvalidInput, match="your own exercise can be planned only once"):
        plans.request_edit(
            theirs.service,
            other.id,
            {"op": "replace_exercise", "exercise": _a_pull(ctx, other.id), "to": own["slug"]},
        )


def test_substitutes_for_an_own_exercise_are_library_ones_of_its_pattern(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, _, own = planned
    out = call(tctx, "exercise_substitutes", exercise="my weird machine row")
    assert out.ok, out.error
    assert (out.data["exercise"], out.data["name"]) == (own["slug"], ROW)
    library = default_library()
    hits = [h["slug"] for h in out.data["hits"]]
    assert hits, out.summary
    assert all(library[s].movement_pattern == "horizontal_pull" for s in hits), hits
    assert own["slug"] not in hits


def test_kept_in_the_plan_and_progressed_from_its_own_sets_by_the_weekly_review(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx, equipment=GYM, days_per_week=3)
    a = athlete.id
    own = own_exercises.add(ctx, a, own_exercises.suggest(ROW))
    start = date(2026, 11, 16)
    plan = plans.generate(ctx, a, start=start).plan
    assert plan is not None
    old = next(  # a loaded lift of the first session that the second week has again
        i.exercise
        for i in plan.session("w1s1").items
        if isinstance(i, StrengthItem)
        and i.load.kind != "bodyweight"
        and any(j.exercise == i.exercise for j in plan.session("w2s1").items)
    )
    swapped = plans.request_edit(
        ctx, a, {"op": "replace_exercise", "exercise": old, "to": own["slug"]}
    )
    assert swapped.status == "active", swapped.reasons
    plans.request_edit(ctx, a, {"op": "change_load", "exercise": own["slug"], "load_kg": 40})
    plan = plans.current(ctx, a).plan
    assert plan is not None
    # Every set of the first session at the top of its range, 40 kg on the own row.
    dates = original_dates(plan)
    log_session(ctx, a, plan, "w1s1", dates["w1s1"], reps="top", kg=40)
    ctx.clock.set(at(date(2026, 11, 22), 20))  # type: ignore[attr-defined]
    result = plans.review_week(ctx, a, date(2026, 11, 22))
    assert result.status == "active", result
    decision = next(d for d in result.decisions if (d.session, d.exercise) == ("w2s1", own["slug"]))
    assert decision.action == "load_up", decision
    reviewed = plans.current(ctx, a).plan
    assert reviewed is not None
    item = next(i for i in reviewed.session("w2s1").items if i.exercise == own["slug"])
    assert isinstance(item, StrengthItem)
    assert item.load.kind == "kg"
    assert 40 < (item.load.value or 0) <= 42.5  # one step, as for a library lift


def test_the_guided_workout_leads_and_logs_a_planned_own_exercise(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx, equipment=GYM)
    a = athlete.id
    own = own_exercises.add(ctx, a, own_exercises.suggest(ROW))
    plan = plans.generate(ctx, a, start=TODAY).plan
    assert plan is not None
    session = plan.sessions()[0]
    old = next(
        i.exercise
        for i in session.items
        if isinstance(i, StrengthItem) and i.exercise in default_library()
    )
    done = plans.request_edit(
        ctx,
        a,
        {"op": "replace_exercise", "session": session.key, "exercise": old, "to": ROW},
    )
    assert done.status == "active", done.reasons
    served = plans.today(ctx, a, TODAY).session
    assert served is not None
    assert served.key == session.key
    (step,) = [s for s in guided.steps(ctx, a, TODAY, served) if s.exercise == own["slug"]]
    assert step.name == ROW
    assert step.loaded  # a machine row is lifted with a load: its sets need their weight
    with pytest.raises(InvalidInput, match="weight_kg: My Weird Machine Row is lifted"):
        guided.log_guided_set(ctx, a, TODAY, session.key, {"exercise": own["slug"], "reps": 8})
    logged = guided.log_guided_set(
        ctx, a, TODAY, session.key, {"exercise": own["slug"], "reps": 8, "weight_kg": 40}
    )
    assert logged.session_created
    (row,) = training_log.history(ctx, a, "workouts", TODAY, TODAY)
    assert [(s["exercise"], s["weight_kg"]) for s in row["sets"]] == [(own["slug"], 40)]
    # Pain in it stops it for the day and offers library exercises that spare the region.
    pain = guided.exercise_feedback(ctx, a, TODAY, session.key, own["slug"], "pain", region="elbow")
    assert pain.stopped
    assert pain.substitutes
    library = default_library()
    for sub in pain.substitutes:
        assert not library[sub.slug].contraindications(["elbow"]), sub
    with pytest.raises(Conflict, match="pain in My Weird Machine Row"):
        guided.log_guided_set(
            ctx, a, TODAY, session.key, {"exercise": own["slug"], "reps": 8, "weight_kg": 40}
        )


def test_while_planned_it_keeps_its_pattern_and_equipment_and_is_not_deleted(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete_id, own = planned
    done = plans.request_edit(
        tctx.service,
        athlete_id,
        {"op": "replace_exercise", "exercise": _a_pull(ctx, athlete_id), "to": ROW},
    )
    assert done.status == "active", done.reasons
    with pytest.raises(Conflict, match="is in your plan, which needs its movement pattern"):
        own_exercises.update(
            tctx.service, athlete_id, own["slug"], movement_pattern=own_exercises.UNKNOWN
        )
    with pytest.raises(Conflict, match="is in your plan: swap it out of the plan first"):
        own_exercises.delete(tctx.service, athlete_id, own["slug"])
    # Other changes stay possible: its muscles, its name.
    renamed = own_exercises.update(tctx.service, athlete_id, own["slug"], name="My Row Machine")
    assert renamed["name"] == "My Row Machine"
    assert renamed["plannable"]
