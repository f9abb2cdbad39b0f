"""What can stand in for an exercise that hurts, sparing the painful region."""

from __future__ import annotations

from collections.abc import Iterable

from fitcoach.coach.rules.progression import rules
from fitcoach.services import (
    athletes,
    exercises,
    own_exercises,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import (
    Constraints,
    constraints_for,
    rank_substitutes,
)
from fitcoach.services.guided.schemas import Substitute
from fitcoach.services.guided.session import _record


def _substitutes(
    ctx: ServiceContext,
    athlete_id: int,
    slug: str,
    regions: frozenset[str],
    skip: Iterable[str] = (),
) -> list[Substitute]:
    """Exercises for ``slug`` within the athlete's constraints that load the painful
    ``regions`` lightly at most, and that the contraindication rules allow with an injury
    there; none already in the session (``skip``), since a swap cannot bring one in twice."""
    # The athlete's own exercise in their plan: judged like the library's of its pattern.
    target = _record(slug) or own_exercises.plan_library(ctx, athlete_id).get(slug)
    if target is None:
        return []
    base: Constraints = constraints_for(athletes.get_athlete(ctx, athlete_id).profile)
    spared = Constraints(
        equipment=base.equipment,
        regions=base.regions | regions,
        conditions=base.conditions,
        dislikes=base.dislikes,
    )
    taken = set(skip)
    pool = [
        r
        for r in exercises.library_records()
        if r.slug not in taken
        and all(r.biomechanics.joint_load.get(region, "low") == "low" for region in regions)
    ]
    hits = rank_substitutes(pool, target, spared, limit=rules().feedback.substitutes)
    return [Substitute(slug=h.slug, name=h.name, why=h.reason) for h in hits]


def _pain_regions(slug: str, region: str | None) -> frozenset[str]:
    if region is not None:
        return frozenset({region})
    record = _record(slug)
    if record is None:
        return frozenset()
    # Pain in an exercise without a named region: the regions it loads most.
    loads = record.biomechanics.joint_load
    rank = {"low": 0, "moderate": 1, "high": 2}
    top = max(rank[level] for level in loads.values())
    return frozenset(region for region, level in loads.items() if rank[level] == top)
