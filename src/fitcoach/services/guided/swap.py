"""One tap to swap an exercise stopped for pain for a substitute, this session only."""

from __future__ import annotations

from datetime import date

from fitcoach.coach.edits import ReplaceExercise
from fitcoach.coach.explanations import reason
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import (
    exercises,
    health,
    plans,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.guided.schemas import SwapResult
from fitcoach.services.guided.session import _check_day, _name, _planned, _said, _slugs, _workout
from fitcoach.services.guided.substitutes import _pain_regions, _substitutes
from fitcoach.services.guided.targets import _step, last_time


def swap_exercise(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str, exercise: str, to: str
) -> SwapResult:
    """Swap an exercise stopped for pain today for one of the substitutes offered, in this
    session only: a ``replace_exercise`` edit of the session, through the safety validator
    like every plan edit, with a ``pain_swap`` reason. The athlete's own swap is in force at
    once (``applied``); a coach's waits for the athlete's approval. ``to`` must be one of the
    substitutes (``InvalidInput`` otherwise); no pain reported for ``exercise`` today, or a
    finished session, is ``Conflict``."""
    ctx.scope(athlete_id)
    health.ensure_can_train(ctx, athlete_id)
    _check_day(ctx, athlete_id, day)
    planned = _planned(ctx, athlete_id, session_key)
    slug = exercises.resolve(ctx, exercise, athlete_id=athlete_id).slug
    pains = [
        f
        for f in _said(ctx, athlete_id, day, session_key)
        if f.kind == "pain" and f.exercise == slug
    ]
    if not pains:
        raise Conflict(
            f"no pain in {_name(slug)} is reported today; report it first, or change the plan "
            f"to swap it for another reason"
        )
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is not None and workout.session_rpe is not None:
        raise Conflict(f"{workout.title or 'this session'} is finished for {day}")
    offered = _substitutes(
        ctx, athlete_id, slug, _pain_regions(slug, pains[0].region), _slugs(planned)
    )
    target = exercises.resolve(ctx, to).slug
    chosen = next((s for s in offered if s.slug == target), None)
    if chosen is None:
        names = ", ".join(s.name for s in offered) or "none"
        raise InvalidInput(
            f"to: {_name(target)} is not a substitute offered for pain in {_name(slug)} "
            f"(offered: {names})",
            field="to",
        )
    why = reason("pain_swap", exercise=_name(slug), substitute=chosen.name, why=chosen.why)
    result = plans.request_edit(
        ctx,
        athlete_id,
        ReplaceExercise(session=session_key, exercise=slug, to=target),
        because=[why],
    )
    step = None
    if result.applied:
        # As today serves it (lighter on a yellow day ...), else as the new version stores it.
        view = plans.today(ctx, athlete_id, day)
        served = view.session
        if served is None or served.key != session_key:
            served = _planned(ctx, athlete_id, session_key)
        item = next((i for i in served.items if i.exercise == target), None)
        if item is not None:
            before = last_time(ctx, athlete_id, day, session_key, [target])
            step = _step(item, before.get(target))
    return SwapResult(
        athlete_id=athlete_id,
        day=day,
        session_key=session_key,
        exercise=slug,
        to=target,
        name=chosen.name,
        applied=result.applied,
        status=result.status,
        version=result.version,
        reasons=result.reasons,
        advice=[r.text for r in result.reasons],
        step=step,
    )
