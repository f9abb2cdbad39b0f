"""Cardio in a message: the activity (a verb, a machine or an exact name: "ran", "the rower",
"incline walk"), its distance or duration, and its average heart rate."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx, Result, Slots, first_group, has
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.names import MACHINES
from fitcoach.assistant.nlu.quantities import CLOCK, DIST, DUR, distance_m, durations_s

_CARDIO_VERBS: tuple[tuple[str, str], ...] = (
    (r"\b(jog|jogged|jogging)\b", "easy-jog"),
    (r"\b(ran|run|running|runs)\b", "steady-run"),
    (r"\b(cycled|biked|rode|cycling|biking|bike ride|ride)\b", "moderate-cycling"),
    (r"\b(swam|swim|swimming)\b", "easy-freestyle-swimming"),
    (r"\b(rowed|rowing|row)\b", "moderate-rowing"),
    (r"\b(hiked|hike|hiking)\b", "hiking"),
    (r"\b(walked|walk|walking)\b", "easy-walk"),
)


def _named_cardio(ctx: Ctx, text: str) -> str | None:
    """A cardio exercise named exactly by two or three words of ``text`` ("incline walk")."""
    words = re.findall(r"[a-z][a-z'-]*", text)
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            found = ctx.exercises.match(" ".join(words[i : i + size]))
            if found is not None and found.score >= 100 and ctx.exercises.category(found.slug) == "cardio":  # fmt: skip
                return found.slug
    return None


def log_cardio(ctx: Ctx) -> Result:
    t = ctx.text
    distance = distance_m(t)
    duration = durations_s(t)
    slug: str | None = None
    for pattern, default in _CARDIO_VERBS:
        if has(pattern, t):
            slug = default
            break
    phrase = re.sub(rf"{DIST.pattern}|{DUR.pattern}|{CLOCK.pattern}", " ", t)
    phrase = re.sub(
        r"\b(i|did|done|just|went|for|a|an|the|on|in|at|of|my|today|yesterday|this|morning|"
        r"evening|tonight|last night|about|around|roughly|minutes?|easy|nice|quick|long|"
        r"session|then|and|with|pace|min|km|ran|run|walked|cycled|swam|rowed|hiked|did|"
        r"was|it|\d+ days? ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        " ",
        phrase,
    )
    phrase = re.sub(r"[^a-z -]", " ", phrase).strip()
    found = ctx.exercises.match(phrase) if phrase and len(phrase) > 2 else None
    if found is not None and ctx.exercises.category(found.slug) == "cardio":
        slug = found.slug
    named = _named_cardio(ctx, t)
    if named is not None:  # "incline walk on the treadmill": a name beats the verb
        slug = named
    if slug is None:  # "20 min on the bike": a machine names the activity
        slug = next((s for w, s in MACHINES.items() if has(rf"\b{w}\b", t)), None)
    if distance is None and duration is None:
        return None
    problems = []
    if slug is None:
        if distance is None or has(r"\b(slept|sleep|session|sessions|workouts?)\b", t):
            return None
        problems.append("which activity was it (a run, a ride, a swim...)?")
    slots: Slots = {"exercise": slug, **(date_slots(t, ctx.today) or {"date": ctx.today})}
    if distance is not None:
        slots["distance_m"] = distance
    if duration is not None:
        slots["duration_s"] = duration
    if m := _AVG_HR.search(t):
        slots["avg_hr"] = float(first_group(m))
    return "log_cardio", slots, problems


# "avg HR 152", "heart rate 130ish", "HR 160 avg", "145 bpm": a session's average heart rate.
_AVG_HR = re.compile(
    r"\b(?:avg|average|mean)?\s*(?:hr|heart ?rate|pulse)\s*(?:avg|average|of|was|:|=|~|about)?"
    r"\s*(\d{2,3})(?!\d)|\b(\d{2,3})\s*bpm\b"
)
