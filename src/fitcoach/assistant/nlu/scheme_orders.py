"""Set and rep schemes written in the orders people type them, rewritten to the name then
"SETSxREPS" that the sets reader takes:

- "3 sets of clamshells 15 each side", "4 sets of curls 12 reps": the count of sets before the
  name, the reps after it with "each"/"reps" (or, for a movement its entry holds no load for,
  bare: "2 sets of dead bugs 10");
- "10 pullups x 3": the reps before the name, the sets after a trailing "x";
- "calf raises 25", "bird dogs 10 each side": one set of a movement done with the body alone
  (never a loaded lift, where a bare number is its load: "squats 100"; never a held one, where
  it is a time: "plank 60"; never cardio but jumps counted in reps).

Each only where the name is exactly one library entry; otherwise the text is left as it was
and the reader asks as before."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.matcher import ExerciseMatcher
from fitcoach.assistant.nlu.rep_cardio import counted_in_reps

# Kit that carries a load of its own (as ``sets.LOADED``, which this module may not import)
_LOADED = frozenset(
    {"barbell", "dumbbell", "kettlebell", "cable", "machine", "ez_bar", "trap_bar",
     "smith_machine", "medicine_ball", "sled", "landmine", "resistance_band", "squat_rack"}
)  # fmt: skip
_OFTEN_HELD_LOAD = frozenset({"squat", "lunge", "hinge"})
# Movements held for a time, or moved over a distance: a bare number there is no rep count
_HELD = re.compile(
    r"\b(?:planks?|holds?|hangs?|hanging|sits?|l-?sits?|hollow|isometric|static|stretch(?:es)?|"
    r"carry|carries|walks?|crawls?)\b"
)
# (never before another number: "pull ups 10, 8, 7" is a list of each set's reps)
_NO_LIST = r"(?!\s*[,/]?\s*(?:and\s+)?\d)"
_END = _NO_LIST + r"(?=\s*(?:$|[,;.!]|\bthen\b|\band\b|\bwith\b|\bat\b|@))"
_EACH = r"(?P<each>\s+(?:each|per)(?:\s+(?:side|leg|arm|way|direction))?)?"
_SETS_FIRST = re.compile(
    r"(?<![\w.])(?P<sets>\d{1,2})\s+sets?\s+of\s+(?P<name>[a-z][a-z' -]{2,40}?)\s+"
    r"(?P<reps>\d{1,3})(?![\d.:x])(?P<word>\s+reps?)?" + _EACH + _END
)
_REPS_FIRST = re.compile(
    r"(?<![\w.:])(?P<reps>\d{1,3})\s+(?P<name>[a-z][a-z' -]{2,40}?)\s*x\s*(?P<sets>\d{1,2})"
    r"(?![\d.:x])(?:\s+sets?)?(?=\s*(?:$|[,;.!]|\bthen\b|\band\b|\bafter(?:wards)?\b))"
)
_ONE_SET = re.compile(
    r"(?:^|(?<=[,;:+])|(?<=\bthen\b)|(?<=\band\b))\s*(?P<name>[a-z][a-z' -]{2,40}?)\s+"
    r"(?P<reps>\d{1,3})(?![\d.:x])(?:\s+reps?)?"
    + _EACH
    + _NO_LIST
    + r"(?=\s*(?:$|[,;.!]|\bthen\b|\band\b))"
)


def _entry(matcher: ExerciseMatcher, name: str) -> tuple[bool, bool] | None:
    """(in reps, loaded) of the one entry ``name`` names exactly, or None; a squat, lunge or
    hinge counts as loaded, as people so often hold weights for them ("lunges 20": 20 kg?)."""
    if re.search(r"\d|\b(?:sets?|reps?|x|min|mins|minutes?|secs?|seconds?)\b", name):
        return None
    found = matcher.resolve(name.strip())
    if found.slug is None or found.confidence < 0.99:
        return None
    record = next((r for r in matcher.records if r.slug == found.slug), None)
    if record is None:
        return None
    in_reps = record.category != "cardio" or counted_in_reps(matcher, found.slug)
    loaded = bool(set(record.equipment) & _LOADED) or record.movement_pattern in _OFTEN_HELD_LOAD
    return in_reps, loaded


def _unloaded_reps(matcher: ExerciseMatcher, name: str) -> bool:
    """Whether ``name`` is exactly one entry done in reps with the body alone, not held."""
    entry = _entry(matcher, name)
    return entry is not None and entry[0] and not entry[1] and not _HELD.search(name)


def schemes_in_order(text: str, matcher: ExerciseMatcher) -> str:
    """``text`` (one normalised line) with the schemes above written name first, "SxR"."""

    def sets_first(m: re.Match[str]) -> str:
        entry = _entry(matcher, m["name"])
        said = bool(m["word"] or m["each"])
        if entry is None or not entry[0] or not (said or _unloaded_reps(matcher, m["name"])):
            return m.group(0)
        return f"{m['name']} {m['sets']}x{m['reps']}{m['each'] or ''}"

    def reps_first(m: re.Match[str]) -> str:
        entry = _entry(matcher, m["name"])
        if entry is None or not entry[0] or not 1 <= int(m["sets"]) <= 10:
            return m.group(0)
        return f"{m['name']} {m['sets']}x{m['reps']}"

    def one_set(m: re.Match[str]) -> str:
        if not 2 <= int(m["reps"]) <= 100 or not _unloaded_reps(matcher, m["name"]):
            return m.group(0)
        lead = m.group(0)[: m.start("name") - m.start()]
        return f"{lead}{m['name']} 1x{m['reps']}{m['each'] or ''}"

    text = _SETS_FIRST.sub(sets_first, text)
    text = _REPS_FIRST.sub(reps_first, text)
    return _ONE_SET.sub(one_set, text)
