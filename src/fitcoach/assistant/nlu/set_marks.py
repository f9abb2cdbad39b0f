"""The marks that pasted set lists put on their sets (after ``normalise``), rewritten into the
words the set readers already take:

- a warm-up set marked as one ("W: 40 kg x 10" as Strong prints it, "warm-up 20kg x 10",
  "Warm-up: 60x5, 100x3, 140x2", "60 kg x 10 (warm-up)") is no working set: the line is dropped;
- a count of sets on the exercise's own line ("Back Squat — 5 sets") above the sets listed one
  a line is the count of those lines (the warm-ups among them), no sets of its own;
- "Working: 170 x 3 x 3", "work sets: ...": the sets themselves;
- a set's number before its load with a bar ("2 | 55 kg x 10") or a spreadsheet's spaces
  ("2  70kg  10": the number, the load with its unit, the reps) is the set's place, not a
  figure, and "| failure" closing such a line is that set taken to failure (no reps left);
- a remark on the last set before its effort ("last set was a grinder, rpe 9.5") and "last set
  to failure" are the last set's effort alone, as "last set rpe 9.5" and "last set rir 0" say.
"""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

# One set as the lists write it: a load (its unit or none) and its reps, or sets x reps after it
_SET = rf"\+?{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*x\s*\d{{1,3}}(?:\s*x\s*\d{{1,2}})?"
# A warm-up's mark first ("w:", "wu", "warm-up:", "warmup set 1:"), then warm-up sets only
_WARM_UP_FIRST = re.compile(
    r"^(?:[•·*-]\s*)?(?:set\s*)?(?:w|wu|warm[- ]?ups?(?:\s+sets?)?)\s*(?:\d{1,2}\s*)?[:.)|-]?\s*"
    rf"{_SET}(?:\s*[,;/|]\s*{_SET})*\s*[.!]*$"
)
# ... or after them ("60 kg x 10 (warm-up)", "40 x 10 - warmup", "20kg x 10 w")
_WARM_UP_AFTER = re.compile(
    rf"^(?:[•·*-]\s*)?(?:set\s*\d{{1,2}}\s*[:.)|-]?\s*)?{_SET}\s*"
    r"(?:\(\s*(?:w|wu|warm[- ]?up)\s*\)|[-–—|,]?\s*(?:warm[- ]?up|wu))\s*[.!]*$"
)
# The exercise's own line with its count of sets ("back squat — 5 sets", "deadlift: 6 sets")
_NAME_COUNT = re.compile(r"^(?P<name>[a-z][a-z' ()/&-]*?)\s*[—–:|-]+\s*\d{1,2}\s*sets?\s*$")
# One set alone on its line ("100kg x 8", "100 kg x 8 rir 0"): a list of sets, one a line
_ONE_SET = re.compile(
    rf"^\s*\+?{NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)?\s*x\s*\d{{1,3}}(?:\s+(?:rir|rpe)\s*\d+(?:\.\d+)?)?\s*$"
)
# "working: 170 x 3 x 3", "work sets - 3x5 @ 140": the working sets' mark
_WORKING = re.compile(r"^(?:[•·*-]\s*)?(?:working|work)(?:\s+sets?)?\s*[:—–-]\s*(?=\+?\d)")
# "2 | 55 kg x 10", "3 | 60 kg x 8 | failure": a set's number before its load, with a bar
_BAR_NUMBER = re.compile(
    rf"^(?:set\s*)?\d{{1,2}}\s*\|\s*(?P<set>{_SET})\s*(?:\|\s*(?P<fail>(?:to )?failure))?\s*$"
)
# "2  70kg  10": a spreadsheet's row of a set (its number, the load with its unit, the reps)
_ROW = re.compile(r"^\d{1,2}\s+(?P<load>\d{1,3}(?:\.\d+)?\s*(?:kgs?|lbs?))\s+(?P<reps>\d{1,3})\s*$")
# "last set was a grinder, rpe 9.5", "final set felt heavy - rir 0": the remark, then its effort
# ("only the final set was tough, rir 1" stays asked: the effort may be every set's, the remark
# the last one's alone)
_LAST_REMARK = re.compile(
    r"(?<!only the )(?<!only )\b(?P<last>(?:last|final) set) (?:was|felt|went|got)\b(?:\s+[a-z']+){1,3}\s*[,;:-]\s*"
    r"(?P<effort>(?:@\s*)?(?:rpe|rir)\s*\d+(?:\.\d+)?)\b"
)
# "last set to failure", "final set went to failure": no rep left in it
_LAST_FAILURE = re.compile(
    r"\b(?P<last>(?:last|final) set)(?: (?:was|went|taken|done|i went))?\s+(?:to|until|till) "
    r"(?:absolute |total )?failure\b"
)


def set_marks(lines: list[str]) -> list[str]:
    """``lines`` (each normalised) with warm-up sets dropped and the lists' set marks said as
    the set readers take them."""
    out: list[str] = []
    for line in lines:
        if _WARM_UP_FIRST.match(line) or _WARM_UP_AFTER.match(line):
            continue
        line = _WORKING.sub("", line)
        if bar := _BAR_NUMBER.match(line):
            line = bar["set"] + (" rir 0" if bar["fail"] else "")
        elif row := _ROW.match(line):
            line = f"{row['load']} x {row['reps']}"
        line = _LAST_REMARK.sub(r"\g<last> \g<effort>", line)
        out.append(_LAST_FAILURE.sub(r"\g<last> rir 0", line))
    for index, line in enumerate(out[:-1]):
        # (the count above sets listed one a line: "back squat — 5 sets", then "100kg x 8")
        if (named := _NAME_COUNT.match(line)) and _ONE_SET.match(out[index + 1]):
            out[index] = named["name"]
    return out
