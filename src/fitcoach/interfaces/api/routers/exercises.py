"""The exercise library: search, one exercise, substitutes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query

from fitcoach.core.bounds import Text
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.interfaces.api.deps import ApiRoute, AthleteIdQuery, ContextDep
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import ExerciseHitOut, ExerciseOut, error_responses
from fitcoach.services import exercises

ERRORS = error_responses(401, 404, 422)

router = IndexedRouter(
    prefix="/exercises", tags=["exercises"], route_class=ApiRoute, responses=ERRORS
)


def _equipment(value: str | None) -> list[str] | None:
    return None if value is None else [w.strip() for w in value.split(",") if w.strip()]


def _not_found(exc: InvalidInput) -> NotFound:
    """An unknown exercise in the path is a missing resource (404), not bad input."""
    return NotFound(exc.message, details=exc.details)


def _hits(hits: list[exercises.ExerciseHit]) -> list[ExerciseHitOut]:
    return [ExerciseHitOut(exercise=h.exercise, score=h.score, reason=h.reason) for h in hits]


@router.get("", response_model=list[ExerciseHitOut])
def search(
    ctx: ContextDep,
    q: Annotated[Text | None, Query()] = None,
    muscle: Annotated[Text | None, Query()] = None,
    equipment: Annotated[
        Text | None, Query(description="Available equipment, comma-separated ('none': bodyweight).")
    ] = None,
    pattern: Annotated[Text | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[ExerciseHitOut]:
    """Exercises matching a name (typos forgiven) and the filters."""
    return _hits(
        exercises.search(
            ctx, q, muscle=muscle, equipment=_equipment(equipment), pattern=pattern, limit=limit
        )
    )


@router.get("/{slug}", response_model=ExerciseOut)
def get_exercise(slug: str, ctx: ContextDep) -> Any:
    """One exercise, named by slug, name or alias, with the contraindications its attributes
    imply."""
    try:
        return ExerciseOut.model_validate(exercises.get(ctx, slug))
    except InvalidInput as exc:
        raise _not_found(exc) from None


@router.get("/{slug}/substitutes", response_model=list[ExerciseHitOut])
def substitutes(
    slug: str,
    ctx: ContextDep,
    athlete_id: AthleteIdQuery = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[ExerciseHitOut]:
    """Exercises that can replace this one; with ``athlete_id``, within that athlete's
    equipment, injuries, conditions and dislikes."""
    if athlete_id is not None:
        ctx.scope(athlete_id)  # another athlete's id is 404 before anything else
    try:
        exercises.resolve(ctx, slug)
    except InvalidInput as exc:
        raise _not_found(exc) from None
    return _hits(exercises.substitutes(ctx, slug, athlete_id=athlete_id, limit=limit))
