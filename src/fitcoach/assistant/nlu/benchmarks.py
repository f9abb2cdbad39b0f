"""CrossFit's named benchmark workouts logged by their name (issue 57, wods95): "fran 4:30 rx
(95# thrusters)", "Cindy 20 min AMRAP - 14 rounds, scaled nothing". Their reps are public and
fixed, so a benchmark done as prescribed (rx, or no scaling said) is its sets: Fran is 21-15-9
thrusters and pull-ups, Cindy's rounds are 5 pull-ups, 10 push-ups and 15 air squats each.
A scaled one, a loaded one without its load (the prescribed load differs by sex), or one with
a number this reader cannot place is left to the ordinary reader (which asks). Grace and
Isabel are left out: their 30 reps are written as one set of 30 or as 30 singles."""

from __future__ import annotations

import re
from typing import Any

from fitcoach.assistant.nlu.base import Ctx, Understanding
from fitcoach.assistant.nlu.dates import date_slots
from fitcoach.assistant.nlu.quantities import NUMBER_TOKEN

_LB_PER_KG = 2.20462
# For time: each round's reps, the movements of every round and which one carries the load
_FOR_TIME: dict[str, tuple[tuple[int, ...], tuple[str, ...], str | None]] = {
    "fran": ((21, 15, 9), ("barbell-thruster", "pull-up"), "barbell-thruster"),
    "diane": ((21, 15, 9), ("barbell-deadlift", "handstand-push-up"), "barbell-deadlift"),
    "annie": ((50, 40, 30, 20, 10), ("double-under", "sit-up"), None),
}
# As many rounds as possible: one round's movements and reps, and the time cap in minutes
_AMRAP: dict[str, tuple[tuple[tuple[str, int], ...], int]] = {
    "cindy": ((("pull-up", 5), ("push-up", 10), ("bodyweight-squat", 15)), 20),
}
_NAME = re.compile(r"^(?:(?:did|hit|today'?s?|finally|just)\s+)*(?P<name>" + "|".join((*_FOR_TIME, *_AMRAP)) + r")\b")  # fmt: skip
_SCALED = re.compile(r"\b(?:scal\w*|band\w*|ring rows?|jumping|modified|subbed|sub|instead|knees?|lighter|half|partial)\b")  # fmt: skip
_NOT_SCALED = re.compile(r"\b(?:scaled nothing|nothing scaled|no scaling|unscaled|not scaled|didn'?t scale)\b")  # fmt: skip
_TIME = re.compile(r"\b(\d{1,2}):([0-5]\d)\b")
_LOAD = re.compile(r"\b(\d{2,3}(?:\.\d)?)\s*(#|lbs?|pounds?|kgs?|kilos?|k)(?![a-z])")
_ROUNDS = re.compile(r"\b(\d{1,2})\s*(?:rounds?|rds?)\b")
_CAP = re.compile(r"\b(\d{1,2})\s*(?:min(?:ute)?s?|m)\b")
# A number told of the effort, not of the workout ("PR by 20 sec", "beat it by 15s")
_ASIDE = re.compile(r"\b(?:pr|pb|beat (?:it|my \w+)|faster|improved)\s+by\s+\d+\s*(?:sec\w*|s)\b")


def benchmark_entry(ctx: Ctx) -> Understanding | None:
    """The sets of a named benchmark done as prescribed; None when it is none or not plain."""
    text = ctx.text
    named = _NAME.search(text)
    if named is None or (_SCALED.search(text) and not _NOT_SCALED.search(text)):
        return None
    rest = _ASIDE.sub(" ", text)
    slots: dict[str, Any] = {"date": ctx.today, **date_slots(text, ctx.today)}
    name = named.group("name")
    if name in _AMRAP:
        rounds_of, cap = _AMRAP[name]
        rounds = _ROUNDS.search(rest)
        said_cap = _CAP.search(rest)
        if rounds is None or (said_cap is not None and int(said_cap.group(1)) != cap):
            return None
        used = [rounds.group(0), said_cap.group(0) if said_cap else ""]
        n = int(rounds.group(1))
        groups = [{"exercise": slug, "sets": n, "reps": reps} for slug, reps in rounds_of]
        slots.update(groups=groups, duration_s=cap * 60.0)
    else:
        scheme, each_round, loaded = _FOR_TIME[name]
        time, loads = _TIME.search(rest), _LOAD.findall(rest)
        if time is None or (loaded is not None and len(loads) != 1) or (loaded is None and loads):
            return None
        # (the scheme itself written out, "Fran (21-15-9) in 7:48", is the same workout)
        rest = re.sub(r"\b" + r"\s*[-/ ]\s*".join(map(str, scheme)) + r"\b", " ", rest)
        used = [time.group(0), *(f"{v}" for v, _ in loads)]
        kg = None
        if loads:
            value, unit = float(loads[0][0]), loads[0][1]
            kg = round(value / _LB_PER_KG, 2) if unit[0] in "#lp" else value
        groups = []
        for reps in scheme:
            for slug in each_round:
                group: dict[str, Any] = {"exercise": slug, "sets": 1, "reps": reps}
                if slug == loaded:
                    group["weight_kg"] = kg
                groups.append(group)
        slots.update(groups=groups, duration_s=int(time.group(1)) * 60.0 + int(time.group(2)))
    # every other number must be placed, or this is not the plain benchmark
    leftover = rest
    for piece in used:
        leftover = leftover.replace(piece, " ", 1) if piece else leftover
    if NUMBER_TOKEN.search(leftover):
        return None
    return Understanding("log_sets", slots, 0.9, [])
