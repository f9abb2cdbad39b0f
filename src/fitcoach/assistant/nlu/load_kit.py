"""Whether sets need a load said, by the kit of their exercise: a barbell squat is always
loaded, an inverted row hangs the body under the bar, a band has no kilograms; sets said with no
load of an always-loaded lift ("squats bw") are its bodyweight entry or a question. Split out of
``reading`` (its size)."""

from __future__ import annotations

from collections.abc import Mapping

from fitcoach.assistant.nlu.base import Ctx, Understanding
from fitcoach.assistant.nlu.sets import LOADED


def needs_load(ctx: Ctx, group: Mapping[str, object]) -> bool:
    """Sets of an exercise that is always loaded (a barbell squat) with no load said."""
    if group.get("weight_kg") is not None or group.get("bodyweight") or not group.get("exercise"):
        return False
    record = next((r for r in ctx.exercises.records if r.slug == group["exercise"]), None)
    if record is None or "assist" in record.slug:  # an assisted pull-up's load is help, not load
        return False
    if record.slug in _HANGS_UNDER_BAR:  # the bar holds the athlete: the body is the load
        return False
    # A bench or a rack holds the athlete or the bar; the load is still the bar's.
    kit = set(record.equipment)
    if kit & LOADED == {"resistance_band"}:
        return False  # "band external rotations 3x15 with the green band": a band has no kg
    return bool(kit & LOADED) and kit <= LOADED | _SUPPORTS


_SUPPORTS = frozenset({"bench", "squat_rack"})
_HANGS_UNDER_BAR = frozenset({"inverted-row"})


def bodyweight_variants(ctx: Ctx, entries: list[Understanding]) -> list[str]:
    """Sets said with no load ("squats bw", "squats no weight") of an exercise that is always
    loaded: the bodyweight entry its name has ("bodyweight squat"), else a question."""
    problems = []
    by_slug = {r.slug: r for r in ctx.exercises.records}
    for entry in entries:
        for g in entry.slots.get("groups") or [] if entry.intent == "log_sets" else []:
            record = by_slug.get(g.get("exercise") or "")
            if not g.get("bodyweight") or record is None or not needs_load(ctx, {**g, "bodyweight": False}):  # fmt: skip
                continue
            free = {
                found.slug
                for alias in (record.name, *record.aliases)
                if (found := ctx.exercises.resolve(f"bodyweight {alias}")).slug is not None
                and found.exact
                and not set(by_slug[found.slug].equipment) & LOADED
            }
            if len(free) == 1:
                g["exercise"] = free.pop()
            elif set(record.equipment) & _NEVER_UNLOADED:  # a dumbbell lunge is one without too
                problems.append(f"{record.name} with no load: which exercise was it?")
    return problems


# Kit that is the exercise's load itself: with no load it is another exercise
_NEVER_UNLOADED = frozenset(
    {"barbell", "machine", "cable", "smith_machine", "trap_bar", "landmine"}
)


def on_barbell(ctx: Ctx, group: Mapping[str, object]) -> bool:
    """Sets of a barbell exercise (plates go on its two sides)."""
    record = next((r for r in ctx.exercises.records if r.slug == group.get("exercise")), None)
    return record is not None and "barbell" in record.equipment


def stack_loaded(ctx: Ctx, group: Mapping[str, object]) -> bool:
    """Sets of an exercise done only on a cable or machine weight stack."""
    record = next((r for r in ctx.exercises.records if r.slug == group.get("exercise")), None)
    return record is not None and bool(record.equipment) and set(record.equipment) <= {"cable", "machine"}  # fmt: skip
