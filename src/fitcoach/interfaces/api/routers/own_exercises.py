"""An athlete's own exercises: names the library lacks, kept with the pattern,
equipment and muscles the athlete chose or the name suggests; listed, kept, changed and
deleted. Every route is scoped to the athlete in its path."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fitcoach.interfaces.api.deps import ApiRoute, AthleteId, ContextDep, WriteDep
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import error_responses
from fitcoach.services import own_exercises

ERRORS = error_responses(401, 403, 404, 409, 422)

router = IndexedRouter(
    prefix="/athletes", tags=["own exercises"], route_class=ApiRoute, responses=ERRORS
)
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Slug = Annotated[str, Path(min_length=1, max_length=80, description="The own exercise's slug.")]


class OwnExerciseOut(BaseModel):
    """One own exercise. ``plannable``: its pattern and equipment are known, so a plan may
    prescribe it; "unknown" marks what neither the athlete nor the name said."""

    slug: str
    name: str
    own: bool = True
    category: str
    movement_pattern: str
    equipment: list[str]
    primary_muscles: list[str]
    secondary_muscles: list[str]
    mechanics: str
    plannable: bool
    sets: int = Field(0, description="How many of the athlete's sets are of it.")


class OwnExerciseChange(BaseModel):
    """What to change of an own exercise; what is left out stays (vocabulary as the library's:
    GET /exercises shows the values)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)] | None = None  # fmt: skip
    category: Word | None = None
    movement_pattern: Word | None = None
    equipment: list[Word] | None = Field(None, max_length=8, description="[] is bodyweight.")
    primary_muscles: list[Word] | None = Field(None, max_length=8)
    secondary_muscles: list[Word] | None = Field(None, max_length=8)
    mechanics: Word | None = None


class OwnExerciseIn(OwnExerciseChange):
    """An app's name to keep as the athlete's own exercise; what is left out is suggested
    from the name (``GET .../own-exercises/suggestion`` is not needed: the answer shows it)."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]  # fmt: skip


@router.get("/{athlete_id}/own-exercises", response_model=list[OwnExerciseOut])
def list_own(athlete_id: AthleteId, ctx: ContextDep) -> list[OwnExerciseOut]:
    """The athlete's own exercises, by name, with how many sets each has."""
    return [OwnExerciseOut.model_validate(e) for e in own_exercises.listed(ctx, athlete_id)]


@router.post("/{athlete_id}/own-exercises", response_model=OwnExerciseOut)
def keep_own(
    athlete_id: AthleteId, body: OwnExerciseIn, ctx: ContextDep, _write: WriteDep
) -> OwnExerciseOut:
    """Keep a name as the athlete's own exercise (what is not given is suggested from the
    name); the next import and the chat read the name as it. A name kept already answers
    that exercise unchanged (PATCH changes it); a library exercise's name is refused (422)."""
    given = body.model_dump(exclude_none=True)
    draft = replace(own_exercises.suggest(body.name), **given)
    return OwnExerciseOut.model_validate(own_exercises.kept(ctx, athlete_id, draft))


@router.patch("/{athlete_id}/own-exercises/{slug}", response_model=OwnExerciseOut)
def change_own(
    athlete_id: AthleteId, slug: Slug, body: OwnExerciseChange, ctx: ContextDep, _write: WriteDep
) -> OwnExerciseOut:
    """Change an own exercise; its sets stay with it."""
    changed = own_exercises.update(ctx, athlete_id, slug, **body.model_dump(exclude_none=True))
    return OwnExerciseOut.model_validate(changed)


@router.delete("/{athlete_id}/own-exercises/{slug}", response_model=dict[str, str])
def delete_own(
    athlete_id: AthleteId, slug: Slug, ctx: ContextDep, _write: WriteDep
) -> dict[str, str]:
    """Delete an own exercise no set is logged under (409 saying how many are)."""
    own_exercises.delete(ctx, athlete_id, slug)
    return {"deleted": slug}
