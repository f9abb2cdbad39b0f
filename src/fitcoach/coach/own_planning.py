"""An athlete's own exercise as the planner and the safety validator see it: an
``ExerciseRecord`` whose safety is inferred from the library, never assumed.

An own exercise has no curated biomechanics, so nothing says which injuries or conditions
rule it out. It is planned only when its movement pattern and equipment are known, and then
it is judged conservatively: it inherits every exclusion of the library's exercises of the
same movement pattern (whatever their equipment), and those of the library's exercises on the
same equipment that train the same primary muscles (the kit's own hazards: a stability ball's
fall risk, a barbell's spinal load). An injury or condition that rules out any of them rules
out the own exercise, and the reason names the library exercise it was inferred from. Its
biomechanics are the most demanding of the same-pattern exercises (each joint's highest load,
any flag any of them has), so the regions it loads are never fewer than theirs. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.library import ExerciseRecord, library_records
from fitcoach.coach.own_exercises import UNKNOWN
from fitcoach.coach.rules.contraindications import (
    FLAGS,
    IMPACTS,
    JOINT_LOADS,
    KNEE_FLEXION,
    SPINAL_LOADS,
    Biomechanics,
    Exclusion,
)
from fitcoach.core.domain import OWN_EXERCISE_PREFIX

# Where a person fills in what an own exercise is (the web page; the API has the same fields).
WHERE = "on the Exercises page, under your own exercises"


def is_own(slug: str) -> bool:
    """Whether ``slug`` is an athlete's own exercise (not the library's)."""
    return slug.startswith(OWN_EXERCISE_PREFIX)


def missing_for_plan(movement_pattern: str, equipment: Iterable[str]) -> str | None:
    """What to fill in before an own exercise can be planned, in words (None: nothing)."""
    missing = []
    if movement_pattern == UNKNOWN or movement_pattern not in vocab.MOVEMENT_PATTERNS:
        missing.append("its movement pattern")
    if UNKNOWN in set(equipment):
        missing.append("its equipment (none for body weight)")
    if not missing:
        return None
    return f"fill in {' and '.join(missing)} {WHERE}"


def _same_pattern(pattern: str, library: Sequence[ExerciseRecord]) -> list[ExerciseRecord]:
    return [r for r in library if r.movement_pattern == pattern and not is_own(r.slug)]


def _same_kit(
    equipment: frozenset[str], primary: frozenset[str], library: Sequence[ExerciseRecord]
) -> list[ExerciseRecord]:
    if not equipment:
        return []
    return [
        r
        for r in library
        if not is_own(r.slug)
        and frozenset(r.equipment) == equipment
        and primary.intersection(r.primary_muscles)
    ]


def inherited_exclusions(sources: Iterable[ExerciseRecord]) -> tuple[Exclusion, ...]:
    """The union of the sources' exclusions, one per rule and region or condition, each
    saying which library exercise it comes from (the first one that has it)."""
    out: dict[tuple[str, str, str], Exclusion] = {}
    for record in sources:
        for e in record.exclusions:
            key = (e.kind, e.what, e.rule)
            if key not in out:
                out[key] = Exclusion(e.kind, e.what, e.rule, f"{e.reason} (as in {record.name})")
    return tuple(out.values())


def _highest(values: Iterable[str], order: tuple[str, ...]) -> str:
    return max(values, key=order.index, default=order[0])


def _most_demanding(sources: Sequence[ExerciseRecord]) -> Biomechanics:
    mechs = [r.biomechanics for r in sources]
    regions = {region for m in mechs for region in m.joint_load}
    data: dict[str, Any] = {
        "joint_load": {
            region: _highest(
                (m.joint_load[region] for m in mechs if region in m.joint_load), JOINT_LOADS
            )
            for region in vocab.BODY_REGIONS
            if region in regions
        },
        "knee_flexion": _highest((m.knee_flexion for m in mechs), KNEE_FLEXION),
        "impact": _highest((m.impact for m in mechs), IMPACTS),
        "spinal_load": _highest((m.spinal_load for m in mechs), SPINAL_LOADS),
        "position": Counter(m.position for m in mechs).most_common(1)[0][0],
        **{flag: any(getattr(m, flag) for m in mechs) for flag in FLAGS},
    }
    return Biomechanics.model_validate(data)


def own_record(
    *,
    slug: str,
    name: str,
    category: str,
    movement_pattern: str,
    equipment: Sequence[str],
    primary_muscles: Sequence[str],
    secondary_muscles: Sequence[str] = (),
    mechanics: str = "compound",
    library: Sequence[ExerciseRecord] | None = None,
) -> ExerciseRecord | None:
    """The own exercise as a plannable record (see the module's docstring), or None when it
    cannot be planned: its pattern or equipment unknown (``missing_for_plan`` says what to
    fill in), or no library exercise of its pattern to judge it by."""
    if missing_for_plan(movement_pattern, equipment) is not None or not is_own(slug):
        return None
    shipped = library if library is not None else library_records()
    same = _same_pattern(movement_pattern, shipped)
    if not same:
        return None
    kit = frozenset(equipment)
    primary = frozenset(primary_muscles)
    fitting = [r for r in same if frozenset(r.equipment) == kit] or same
    level = min((r.level for r in fitting), key=vocab.LEVELS.index)
    record = ExerciseRecord(
        slug=slug,
        name=name,
        aliases=[],
        category=category,
        movement_pattern=movement_pattern,
        primary_muscles=list(primary_muscles) or list(same[0].primary_muscles),
        secondary_muscles=list(secondary_muscles),
        equipment=sorted(kit),
        level=level,
        mechanics=mechanics,
        unilateral=False,
        biomechanics=_most_demanding(same),
        description=(
            "Your own exercise: judged for safety like the library's "
            f"{movement_pattern.replace('_', ' ')} exercises."
        ),
    )
    # Set once, before the record is shared: the inferred exclusions replace what its derived
    # biomechanics alone would give (``ExerciseRecord.exclusions`` reads this cache).
    record._exclusions = inherited_exclusions([*same, *_same_kit(kit, primary, shipped)])
    return record
