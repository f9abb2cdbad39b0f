"""Whether sets need a load said, by the kit of their exercise: a barbell squat is always
loaded, an inverted row hangs the body under the bar, a band has no kilograms; sets said with no
load of an always-loaded lift ("squats bw") are its bodyweight entry or a question. Split out of
``reading`` (its size)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fitcoach.assistant.nlu.base import Ctx, Understanding
from fitcoach.assistant.nlu.sets import LOADED


def needs_load(ctx: Ctx, group: Mapping[str, object]) -> bool:
    """Sets of an exercise that is always loaded (a barbell squat) with no load said."""
    if group.get("weight_kg") is not None or group.get("bodyweight") or not group.get("exercise"):
        return False
    record = next((r for r in ctx.exercises.records if r.slug == group["exercise"]), None)
    if record is None or "assist" in record.slug:  # an assisted pull-up's load is help, not load
        return False
    if record.slug in _HANGS_UNDER_BAR | _BODY_ON_PADS:  # the body is the load
        return False
    # A bench or a rack holds the athlete or the bar; the load is still the bar's.
    kit = set(record.equipment)
    if kit & LOADED == {"resistance_band"}:
        return False  # "band external rotations 3x15 with the green band": a band has no kg
    return bool(kit & LOADED) and kit <= LOADED | _SUPPORTS


_SUPPORTS = frozenset({"bench", "squat_rack"})
_HANGS_UNDER_BAR = frozenset({"inverted-row"})
# A bench that holds the hips or the feet while the body is raised ("back extensions 3x15",
# "3x8 GHRs", "ghd hip ext 3x15", oly94): its "machine" carries no weight, a plate held is extra
# (no load said: none)
_BODY_ON_PADS = frozenset({"back-extension", "glute-ham-raise", "ghd-hip-extension", "ghd-sit-up"})


def bodyweight_variants(ctx: Ctx, entries: list[Understanding]) -> list[str]:
    """Sets said with no load ("squats bw", "squats no weight") of an exercise that is always
    loaded: the bodyweight entry its name has ("bodyweight squat"), else a question."""
    problems = []
    by_slug = {r.slug: r for r in ctx.exercises.records}
    groups = [g for e in entries if e.intent == "log_sets" for g in e.slots.get("groups") or []]
    unequipped = _unequipped(ctx.raw.lower(), groups, by_slug)
    for entry in entries:
        for g in entry.slots.get("groups") or [] if entry.intent == "log_sets" else []:
            record = by_slug.get(g.get("exercise") or "")
            if record is None or not needs_load(ctx, {**g, "bodyweight": False}):
                continue
            if not g.get("bodyweight") and not (unequipped and g.get("weight_kg") is None):
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
                g["bodyweight"] = True
            elif set(record.equipment) & _NEVER_UNLOADED:  # a dumbbell lunge is one without too
                problems.append(f"{record.name} with no load: which exercise was it?")
    return problems


# (bw96) A workout said to need no kit: "squats 3x15 at home, no equipment", "hotel room circuit"
_NO_KIT = re.compile(
    r"\b(?:no|without(?: any)?|zero) (?:equipment|weights|kit|gym)\b|\bhotel room\b|\bliving room\b|"
    r"\bbody ?weight (?:workout|session|circuit|routine|only)\b|\bjust (?:my )?body ?weight\b"
)
# ... or a home workout, a circuit of rounds: no kit only where every other exercise said has none
_HOME = re.compile(
    r"\b(?:at home|home (?:workout|session|circuit|routine|hiit|training)|in my (?:room|bedroom|flat|apartment)|"
    r"\d+ rounds?|circuit)\b"
)


def _unequipped(text: str, groups: Sequence[Mapping[str, object]], by_slug: Mapping[str, Any]) -> bool:  # fmt: skip
    """Whether the sets said were done with no kit, so that an always-loaded lift said with no
    load ("3 rounds of 12 squats, 10 pushups (on knees), 15 glute bridges" of a home workout)
    is its bodyweight entry: a workout said to need none, or a home workout or circuit whose
    every other exercise needs none. No load said anywhere, never a home gym."""
    if any(g.get("weight_kg") is not None for g in groups) or "home gym" in text:
        return False
    if _NO_KIT.search(text):
        return True
    if not _HOME.search(text):
        return False
    records = [r for g in groups if (r := by_slug.get(str(g.get("exercise") or ""))) is not None]
    loaded = [bool(set(r.equipment) & LOADED) for r in records]
    # none loaded but the one lift said without its load
    return loaded.count(False) >= 1 and loaded.count(True) <= 1


# Kit that is the exercise's load itself: with no load it is another exercise
_NEVER_UNLOADED = frozenset(
    {"barbell", "machine", "cable", "smith_machine", "trap_bar", "landmine"}
)


def on_barbell(ctx: Ctx, group: Mapping[str, object]) -> bool:
    """Sets of a barbell exercise (plates go on its two sides)."""
    record = next((r for r in ctx.exercises.records if r.slug == group.get("exercise")), None)
    return record is not None and "barbell" in record.equipment


# A weight stack's pins are numbered up to about this (20-25 plates): a bare number above it
# on a cable or machine is a load in the athlete's unit, not a plate number.
STACK_PINS = 25.0


def stack_loaded(ctx: Ctx, group: Mapping[str, object]) -> bool:
    """Sets of an exercise done only on a cable or machine weight stack."""
    record = next((r for r in ctx.exercises.records if r.slug == group.get("exercise")), None)
    return record is not None and bool(record.equipment) and set(record.equipment) <= {"cable", "machine"}  # fmt: skip


def stacks_in_unit(ctx: Ctx, entries: Sequence[Understanding], unit: str) -> bool:
    """Whether a stack's bare load in ``entries`` is past any pin's number ("lat pulldown 4x10
    at 45, ..., face pulls 3x15 at 15"): the athlete writes the stacks in their unit, so a small
    one beside it is that unit too, never a plate number to ask about."""
    per = 0.45359237 if unit == "lb" else 1.0
    return any(
        stack_loaded(ctx, g) and (g.get("weight_kg") or 0.0) / per > STACK_PINS
        for e in entries
        if e.intent == "log_sets"
        for g in e.slots.get("groups") or []
    )
