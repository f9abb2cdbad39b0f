"""An athlete's own exercises in the chat's explain and plan-change tools (issue 59): found by
their name within the athlete's scope, never "unknown exercise", and never placed in a plan
(docs/coaching.md, "Own exercises and plans")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.coach.safety import default_library
from fitcoach.services import athletes, own_exercises, plans, training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the test clock's day
ROW = "My Weird Machine Row"


def call(tctx: ToolContext, name: str, **arguments: Any) -> Any:
    return default_registry().call(tctx, name, arguments)


@pytest.fixture
def planned(ctx: ServiceContext) -> tuple[ToolContext, int, dict[str, Any]]:
    athlete = make_athlete(ctx)
    tctx = ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)
    own = own_exercises.add(tctx.service, athlete.id, own_exercises.suggest(ROW))
    assert own["plannable"], own  # a horizontal pull on a machine: pattern and equipment known
    assert plans.generate(ctx, athlete.id, start=TODAY - timedelta(days=4)).version is not None
    return tctx, athlete.id, own


def _planned_slugs(ctx: ServiceContext, athlete_id: int) -> set[str]:
    plan = plans.current(ctx, athlete_id).plan
    assert plan is not None
    return {item.exercise for s in plan.sessions() for item in s.items}


def test_explain_names_an_own_exercise_as_not_planned(ctx: ServiceContext, planned: Any) -> None:
    tctx, athlete_id, own = planned
    assert own["slug"] not in _planned_slugs(ctx, athlete_id)
    for said in (ROW, "my weird machine row ", own["slug"]):
        out = call(tctx, "explain_decision", about="exercise", exercise=said)
        assert out.ok, out.error
        assert out.data == {"exercise": own["slug"], "own": True, "planned": False}
        assert f"{ROW} is your own exercise" in out.summary
        assert "never puts them in a plan" in out.summary
        assert "unknown exercise" not in out.summary


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
    assert f"Substitutes for {ROW}" in out.summary
    # The athlete's injuries still rule substitutes out, as for a library exercise.
    spared = call(tctx, "exercise_substitutes", exercise=ROW, avoid_regions=["lower_back"])
    assert spared.ok, spared.error
    for slug in (h["slug"] for h in spared.data["hits"]):
        assert not library[slug].contraindications(["lower_back"]), slug


def test_an_own_exercise_with_no_pattern_gets_no_substitutes_and_a_hint(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete_id, _ = planned
    vague = own_exercises.add(tctx.service, athlete_id, own_exercises.suggest("Gym Thing Nine"))
    assert vague["movement_pattern"] == own_exercises.UNKNOWN
    out = call(tctx, "exercise_substitutes", exercise="gym thing nine")
    assert out.ok, out.error
    assert out.data["hits"] == []
    assert "movement pattern is not known" in out.summary


def test_plan_changes_naming_an_own_exercise_are_refused_in_words(
    ctx: ServiceContext, planned: Any
) -> None:
    tctx, athlete_id, own = planned
    before = plans.current(ctx, athlete_id).version
    plan = plans.current(ctx, athlete_id).plan
    assert plan is not None
    planned_slug = next(
        i.exercise for s in plan.sessions() for i in s.items if i.exercise in default_library()
    )
    operations: list[dict[str, Any]] = [
        {"op": "swap_exercise", "exercise": planned_slug, "to": ROW},
        {"op": "swap_exercise", "exercise": ROW, "to": planned_slug},
        {"op": "remove_exercise", "exercise": "my weird machine row"},
        {"op": "change_load", "exercise": ROW, "load_kg": 40},
    ]
    for operation in operations:
        out = call(tctx, "propose_plan_edit", operation=operation)
        assert not out.ok, operation
        assert f"{ROW} is your own exercise" in (out.error or ""), out.error
        assert "never puts them in a plan" in (out.error or "")
        assert "unknown exercise" not in (out.error or "")
    assert plans.current(ctx, athlete_id).version == before
    assert [v.version for v in plans.versions(ctx, athlete_id)] == [before]
    # A direct edit by slug is refused too (the conservative rule lives in coach.edits).
    with pytest.raises(Exception, match="never placed in a plan"):
        plans.propose_edit(
            tctx.service,
            athlete_id,
            {"op": "replace_exercise", "exercise": planned_slug, "to": own["slug"]},
            proposed_by="assistant",
        )


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


def test_regenerated_plan_leaves_own_exercises_out_even_when_the_history_has_them(
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
    # A lower-back injury and a regeneration: the plan is made again from the library only.
    athletes.update_profile(ctx, athlete_id, {"injuries": [{"region": "lower_back"}]})
    view = plans.generate(ctx, athlete_id, start=TODAY)
    assert view.plan is not None
    slugs = {i.exercise for s in view.plan.sessions() for i in s.items}
    assert own["slug"] not in slugs
    assert slugs <= set(default_library())
