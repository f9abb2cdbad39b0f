"""``search_exercises`` and ``exercise_substitutes``: the exercise library, within the athlete's
equipment, injuries, conditions and dislikes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

from pydantic import Field, model_validator

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    EquipmentName,
    ExerciseName,
    RegionName,
    ToolArgs,
    jsonable,
    own_exercise,
)
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.edits import resolve_record
from fitcoach.coach.library import ExerciseRecord
from fitcoach.services import athletes, exercises
from fitcoach.services.exercises import (
    Constraints,
    ExerciseHit,
    available_equipment,
    constraints_for,
    library_records,
    rank_substitutes,
)
from fitcoach.services.own_exercises import OwnExerciseRow


def _hits(hits: Sequence[ExerciseHit]) -> list[dict[str, Any]]:
    return [
        {
            "slug": h.slug,
            "name": h.name,
            "score": h.score,
            "equipment": h.exercise.get("equipment", []),
            "primary_muscles": h.exercise.get("primary_muscles", []),
            "reason": h.reason,
        }
        for h in hits
    ]


class SearchExercisesArgs(ToolArgs):
    query: str | None = Field(
        default=None, max_length=80, description="Name, alias or words (typos ok)."
    )
    muscle: str | None = Field(default=None, json_schema_extra={"enum": list(vocab.MUSCLES)})
    equipment: list[EquipmentName] | None = Field(
        default=None, description="What is available; [] = bodyweight only."
    )
    category: Literal["strength", "cardio", "plyometric", "core", "mobility"] | None = None
    level: Literal["beginner", "intermediate", "advanced"] | None = None
    limit: int = Field(default=8, ge=1, le=20)

    @model_validator(mode="after")
    def _something(self) -> SearchExercisesArgs:
        if not (self.query or self.muscle or self.equipment is not None or self.category):
            raise ValueError("give a query, a muscle, equipment or a category to search by")
        return self


def search_exercises(tctx: ToolContext, args: SearchExercisesArgs) -> ToolResult:
    hits = exercises.search(
        tctx.service,
        args.query,
        muscle=args.muscle,
        equipment=args.equipment,
        category=args.category,
        level=args.level,
        limit=args.limit,
    )
    names = ", ".join(h.name for h in hits)
    return ToolResult(
        "search_exercises",
        ok=True,
        data={"hits": jsonable(_hits(hits))},
        summary=f"{len(hits)} exercise(s): {names}."
        if hits
        else "No exercise matches that search.",
    )


class SubstitutesArgs(ToolArgs):
    exercise: ExerciseName
    avoid_regions: list[RegionName] = Field(
        default_factory=list, description="Body regions to spare (injury or pain)."
    )
    equipment: list[EquipmentName] | None = Field(
        default=None, description="Available now instead of the profile's ([] = bodyweight)."
    )
    limit: int = Field(default=5, ge=1, le=10)
    low_impact: bool = Field(
        default=False, description="Only exercises with no or low landing impact (no jumping)."
    )


def _own_target(library: Sequence[ExerciseRecord], own: OwnExerciseRow) -> ExerciseRecord | None:
    """An athlete's own exercise as a record to rank substitutes against: its pattern, muscles,
    category and mechanics on a library entry of the same pattern (the same equipment first),
    or None when its pattern is not known."""
    same = [r for r in library if r.movement_pattern == own["movement_pattern"]]
    if not same:
        return None
    equipment = set(own["equipment"])
    like = min(same, key=lambda r: (set(r.equipment) != equipment, r.category != own["category"]))
    return like.model_copy(
        update={
            "slug": own["slug"],
            "name": own["name"],
            "category": own["category"],
            "mechanics": own["mechanics"],
            "primary_muscles": own["primary_muscles"] or like.primary_muscles,
            "secondary_muscles": own["secondary_muscles"],
        }
    )


def exercise_substitutes(tctx: ToolContext, args: SubstitutesArgs) -> ToolResult:
    library = library_records()
    own = own_exercise(tctx, args.exercise)
    if own is None:
        target = resolve_record(library, args.exercise)
    elif (found := _own_target(library, own)) is not None:
        target = found  # library exercises like the athlete's own one
    else:
        return ToolResult(
            "exercise_substitutes",
            ok=True,
            data={"exercise": own["slug"], "name": own["name"], "hits": []},
            summary=f"{own['name']} is your own exercise and its movement pattern is not "
            "known, so fitcoach cannot say what replaces it; set its pattern on the Exercises "
            "page and ask again.",
        )
    profile = athletes.get_athlete(tctx.service, tctx.athlete_id).profile
    constraints: Constraints = constraints_for(profile)
    if args.equipment is not None:
        constraints = replace(constraints, equipment=available_equipment(args.equipment))
    if args.avoid_regions:
        constraints = replace(constraints, regions=constraints.regions | set(args.avoid_regions))
    if args.low_impact:
        # "something pelvic floor friendly": no landings and no falls (another pattern may stand
        # in when the old one's all land hard, as for burpees)
        library = tuple(
            r
            for r in library
            if r.biomechanics.impact in ("none", "low") and not r.biomechanics.fall_risk
        )
    hits = rank_substitutes(library, target, constraints, limit=args.limit)
    spared = (
        f" sparing your {', '.join(r.replace('_', ' ') for r in args.avoid_regions)}"
        if args.avoid_regions
        else ""
    ) + (" with low impact" if args.low_impact else "")
    data = {
        "exercise": target.slug,
        "name": target.name,
        "avoid_regions": args.avoid_regions,
        "hits": _hits(hits),
    }
    if not hits:
        return ToolResult(
            "exercise_substitutes",
            ok=True,
            data=jsonable(data),
            summary=f"No substitute for {target.name} fits your equipment and health notes{spared}.",
        )
    listed = "; ".join(f"{h.name} ({h.reason})" for h in hits)
    return ToolResult(
        "exercise_substitutes",
        ok=True,
        data=jsonable(data),
        summary=f"Substitutes for {target.name}{spared}: {listed}.",
    )
