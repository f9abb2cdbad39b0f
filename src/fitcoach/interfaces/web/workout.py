"""Guided workout mode: today's session one exercise at a time, each set stored as it is done
(through the JSON API, ``routers/guided.py``), last time's numbers beside each set, the plates
for a barbell load, a rest timer, per-exercise feedback with a one-tap swap on pain, and once
finished a summary of the session instead of more sets."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from fastapi.responses import HTMLResponse

from fitcoach.coach import loading
from fitcoach.coach.library import library_by_slug, load_per_hand
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.core.settings import Settings
from fitcoach.core.units import Units, quantities_in_text
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.sessions import settings_of
from fitcoach.interfaces.web.render import WebDep, WebRoute
from fitcoach.services import guided, monitoring, plans

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
TRAINING = ("train", "lighter", "recovery")


@router.get("/athletes/{athlete_id}/workout")
def workout_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Today's session step by step, or its summary once finished (or why there is none
    today: rest, blocked, plan finished)."""
    athlete = web.athlete(athlete_id)
    ctx = web.ctx
    day = monitoring.local_today(ctx, athlete_id)
    try:
        view: plans.TodayView | None = plans.today(ctx, athlete_id, day)
        missing = None
    except (NotFound, InvalidInput) as exc:
        view, missing = None, exc.message
    data: dict[str, Any] | None = None
    summary: guided.GuidedSummary | None = None
    if view is not None and view.status in TRAINING and view.session is not None:
        units = athlete.profile.units if athlete.profile else None
        state = guided.guided_state(ctx, athlete_id, day, view.session.key)
        summary = state.summary if state.finished else None
        if summary is None:
            data = {
                "athlete_id": athlete_id,
                "day": day.isoformat(),
                "session": view.session.key,
                "title": view.session.name,
                "steps": [
                    _step_json(s, units) for s in guided.steps(ctx, athlete_id, day, view.session)
                ],
                "sets": [
                    {
                        "exercise": s.exercise,
                        "reps": s.reps,
                        "weight_kg": s.weight_kg,
                        "rir": s.rir,
                    }
                    for s in state.sets
                ],
                "feedback": state.feedback,
                "stopped": {k: [v.model_dump() for v in subs] for k, subs in state.stopped.items()},
                "plate_setup": _setup_json(guided.plate_setup(ctx, athlete_id)),
                "api": f"/api/v1/athletes/{athlete_id}/workout",
                "form_check": _form_limits(settings_of(web.request)),
            }
    return web.page(
        "workout.html",
        "Guided workout",
        athlete,
        day=day,
        view=view,
        missing=missing,
        data=data,
        summary=summary,
    )


# What the page records a set at (MediaRecorder): 2.5 Mbit/s at up to 1280 × 720 and 30 fps,
# about 19 MB a minute, well inside what the server takes (``form_check_max_bytes``).
RECORD_BITS_PER_SECOND = 2_500_000


def _form_limits(settings: Settings) -> dict[str, object]:
    """The form check's limits for the page's recorder and its size check before sending."""
    return {
        "max_bytes": settings.form_check_max_bytes,
        "max_seconds": settings.form_check_max_seconds,
        "bits_per_second": RECORD_BITS_PER_SECOND,
        "width": 1280,
        "height": 720,
        "fps": 30,
    }


def _step_json(step: guided.GuidedStep, units: Units | None) -> dict[str, Any]:
    """A step for the page's script: whether its load is each dumbbell's (``per_hand``) and its
    reasons with their loads in the athlete's unit (the script writes the numbers itself)."""
    record = library_by_slug().get(step.exercise)
    out = step.model_dump(mode="json")
    out["per_hand"] = record is not None and load_per_hand(record)
    out["reasons"] = [quantities_in_text(r, units) for r in step.reasons]
    return out


def _setup_json(setup: loading.PlateSetup) -> dict[str, object]:
    """The athlete's bar and plates for the page's plate maths (``static/plates.js``)."""
    return {"unit": setup.unit, "bar": setup.bar, "plates": list(setup.plates)}
