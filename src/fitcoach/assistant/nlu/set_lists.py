"""Per-set lists written in two shapes the set parser does not read (issue 57), rewritten one
set by one before the line splits at its commas:

- one load said before a list of sets x reps ("squat 100kg 1x5, 1x4, 1x3", "bench 75 2x5,
  1x4"): the load of every group of the list (each written "1x4 at 75");
- loads and reps as two parallel lists apart by slashes ("bench 60/70/80 for 10/8/6",
  "10/8/6 at 60/70/80kg"): one set per pair ("60x10, 70x8, 80x6"). Lists of different
  lengths are left as written (the reader asks what is unclear);
- three counts of reps or more apart by "then" ("pull ups 10 then 8 then 7"): a list of reps
  ("10, 8, 7"), one set each."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
_GROUP = r"\d{1,2}\s*x\s*\d{1,2}"
# A name, its load, then two groups or more with no load of their own (none after the last:
# "squat 100 3x5, 2x8 at 80" says the second group's load)
_HEAD_LOAD = re.compile(
    rf"(?<=[a-z] )(?P<load>{NUM}\s*{_UNIT}?)\s+(?P<list>{_GROUP}(?:\s*,\s*(?:then\s+|and\s+)?{_GROUP})+)"
    rf"(?![\d.]|\s*(?:x|{_UNIT}|at|@|for|with|on)\b|\s*[x@\d]|\s*,\s*(?:then\s+|and\s+)?\d)"
)
_SLASHED = rf"{NUM}(?:\s*/\s*{NUM})+"
# "60/70/80 for 10/8/6", "60/70/80kg x 10/8/6", "10/8/6 at 60/70/80", "10/8/6 @ 60/70/80 kg"
_PARALLEL = re.compile(
    rf"(?<![\d./])(?P<first>{_SLASHED})\s*(?P<unit1>{_UNIT})?\s*(?P<word>for|x|at|@)\s*"
    rf"(?P<second>{_SLASHED})\s*(?P<unit2>{_UNIT})?(?![\d./])"
)

# "10 then 8 then 7": counts of reps in turn (never sets, a load, a time or a distance)
_THEN_LIST = re.compile(
    r"(?<![\d.x/:-])\d{1,2}(?:\s*,?\s*(?:and\s+)?then\s+\d{1,2}){2,}"
    rf"(?![\d.:/x%]|\s*(?:x|{_UNIT}|mins?|minutes|secs?|s|seconds|km|mi|miles?|m|k|sets?|rounds?|at|@|for|cals?)\b)"
)


def _head_load(m: re.Match[str]) -> str:
    load = re.sub(r"\s+", "", m.group("load"))
    if not re.search(r"[a-z]", load) and float(load) < 20:
        return m.group(0)  # "week 3 3x5, 2x8": a small bare number is no load
    groups = [re.sub(r"\s+", "", g) for g in re.findall(_GROUP, m.group("list"))]
    return ", ".join(f"{g} at {load}" for g in groups)


def _parallel(m: re.Match[str]) -> str:
    first = re.findall(NUM, m.group("first"))
    second = re.findall(NUM, m.group("second"))
    if len(first) != len(second) or len(first) < 2:
        return m.group(0)
    loads, reps = (second, first) if m.group("word") in ("at", "@") else (first, second)
    unit = m.group("unit1") or m.group("unit2") or ""
    if any(not r.isdigit() or int(r) > 50 for r in reps):
        return m.group(0)  # reps are whole counts of a rep's size
    return ", ".join(f"{load}{unit} x {rep}" for load, rep in zip(loads, reps, strict=True))


def sets_one_by_one(text: str) -> str:
    """``text`` with a load said before its groups and parallel slashed lists written one set
    by one (see the module)."""
    if not re.search(r"\d", text):
        return text
    text = _THEN_LIST.sub(lambda m: ", ".join(re.findall(r"\d+", m.group(0))), text)
    return _PARALLEL.sub(_parallel, _HEAD_LOAD.sub(_head_load, text))
