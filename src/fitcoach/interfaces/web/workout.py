"""Guided workout mode: today's session one exercise at a time, each set stored as it is done
(through the JSON API, ``routers/guided.py``), a rest timer, and per-exercise feedback."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from fitcoach.coach.plan import StrengthItem
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.web.render import WebDep, WebRoute
from fitcoach.services import guided, monitoring, plans

router = APIRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
TRAINING = ("train", "lighter", "recovery")


@router.get("/athletes/{athlete_id}/workout")
def workout_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Today's session step by step (or why there is none today: rest, blocked, finished)."""
    athlete = web.athlete(athlete_id)
    ctx = web.ctx
    day = monitoring.local_today(ctx, athlete_id)
    try:
        view: plans.TodayView | None = plans.today(ctx, athlete_id, day)
        missing = None
    except (NotFound, InvalidInput) as exc:
        view, missing = None, exc.message
    data: dict[str, Any] | None = None
    if view is not None and view.status in TRAINING and view.session is not None:
        state = guided.guided_state(ctx, athlete_id, day, view.session.key)
        steps = []
        for item in view.session.items:
            if isinstance(item, StrengthItem):
                steps.append(
                    {
                        "kind": "strength",
                        "exercise": item.exercise,
                        "name": item.exercise.replace("-", " ").capitalize(),
                        "sets": item.sets,
                        "rep_min": item.rep_min,
                        "rep_max": item.rep_max,
                        "load_kg": item.load.value if item.load.kind == "kg" else None,
                        "load_kind": item.load.kind,
                        "rir": item.target_rir,
                        "rest_s": item.rest_s,
                        "reasons": [r.text for r in item.reasons],
                    }
                )
            else:
                steps.append(
                    {
                        "kind": "cardio",
                        "exercise": item.exercise,
                        "name": item.exercise.replace("-", " ").capitalize(),
                        "minutes": round((item.duration_s or 0) / 60),
                        "reasons": [r.text for r in item.reasons],
                    }
                )
        data = {
            "athlete_id": athlete_id,
            "day": day.isoformat(),
            "session": view.session.key,
            "title": view.session.name,
            "steps": steps,
            "sets": [
                {"exercise": s.exercise, "reps": s.reps, "weight_kg": s.weight_kg, "rir": s.rir}
                for s in state.sets
            ],
            "feedback": state.feedback,
            "stopped": {k: [v.model_dump() for v in subs] for k, subs in state.stopped.items()},
            "finished": state.finished,
            "api": f"/api/v1/athletes/{athlete_id}/workout",
        }
    return web.page(
        "workout.html",
        "Guided workout",
        athlete,
        day=day,
        view=view,
        missing=missing,
        data=data,
    )
