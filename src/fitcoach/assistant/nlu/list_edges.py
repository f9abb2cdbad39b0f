"""The edges of a list of reps in a log, as people who train at home and in the park write
them: a session's label set off by a dash ("park workout - pull-ups 10, 8, 7"), and where or
how the sets were done after the last number ("handstand push-ups 6, 5, 5 against the wall",
"dips 12, 10, 9 on the rings"), and when ("spread over the day"). The label reads as a label (the colon the readers know); the
place is set apart as a clause of its own, so the last number stays the last set's reps."""

from __future__ import annotations

import itertools
import re

# "park workout - ", "garage session – ": a label of the session, then a dash
_LABEL_DASH = re.compile(
    r"^([a-z][a-z' ]{0,30}?\b(?:workout|session|circuit|training|sesh|wod))\s+[-–—]\s+(?=[a-z])"
)
# three or more reps apart by commas or slashes, then a place or a manner with no number in it
# ("on the rings", "against the garage door", "in the garden"; never "with 20 kg", a load)
_LIST_THEN_PLACE = re.compile(
    r"((?<![\d.:])\d{1,3}(?:\s*[,/]\s*\d{1,3}){2,})"
    r"(?=\s+(?:on|in|against|at|off|outside|under|from)\s+(?:the|my|a|our|his|her)\b[^\d;,.]*(?:$|[;,.]))"
)

# "10 sets of 10 push-ups spread over the day", "... throughout the day": when the sets were
# done, no part of the exercise's name
_OVER_THE_DAY = re.compile(
    r"(?<=[a-z])\s+(?:spread\s+)?(?:over|through(?:out)?|across|during)\s+the\s+(?:whole\s+)?"
    r"(?:day|morning|afternoon|evening)\b"
)

# Rep lists told with their load (asks92), in the forms the readers know ("185 x 5/5/5",
# "12, 12, 10 with 16kg"): three or more reps, then the load they were done with ("hammer
# curls 12 12 10 with the 16kg dbs", "bicep curls 12, 10, 8 with the 20s")
_LIST_WITH_LOAD = re.compile(
    r"((?<![\d.:/])\d{1,2}(?:(?:\s*[,/]\s*|\s+)\d{1,2}){2,})\s+(?:with|w/?|using)\s+(?:the\s+)?"
    r"(\d{1,3}(?:\.\d+)?)\s*(kgs?|kilos?|lbs?)?(?:'?(s))?(?:\s+(?:dbs?|dumbbells?|kbs?|kettlebells?|bells?))?"
    r"(?![\d.:/]|\s*(?:x|sets?|reps?|min|mins|minutes?|secs?|seconds?|each|a side|per side)\b)"
)
# ... and a load of a bar's size, then the reps of each set after the name ("bench 185 5/5/5",
# "squat 100 5, 5, 5"): the sets at that load
_LOAD_THEN_LIST = re.compile(
    r"(?<=[a-z] )((?:[2-9]\d|[1-4]\d\d)(?:\.\d+)?)\s*(kgs?|kilos?|lbs?)?\s+"
    r"(\d{1,2}(?:\s*[,/]\s*\d{1,2}){2,})(?![\d.:]|\s*(?:x|kgs?|kilos?|lbs?|sets?|%|min|mins)\b)"
)
# "dips to failure, 3 sets: 14, 11, 9": how the sets went, said between the name and them
_FAILURE_BEFORE = re.compile(
    r"(?<=[a-z])\s*,?\s+(?:to|till?|until)\s+failure\s*[,:]?\s+(?=\d{1,2}\s*(?:sets?\b|x\s*\d))"
)


def _with_load(m: re.Match[str]) -> str:
    # (the load as "with 16kg", "with 20s", never "@ 8": an RPE's place)
    return f"{m.group(1)} with {m.group(2)}{m.group(3) or m.group(4) or ''}"


def _load_then(m: re.Match[str]) -> str:
    reps = [int(n) for n in re.findall(r"\d+", m.group(3))]
    if any(b > a for a, b in itertools.pairwise(reps)):  # a date ("11/18/26"), no sets
        return m.group(0)
    return f"{m.group(1)}{m.group(2) or ''} x {m.group(3)}"


def list_edges(text: str) -> str:
    """``text`` (normalised) with a session label's dash as a colon and the place after a list
    of reps set apart."""
    out = _LABEL_DASH.sub(r"\1: ", text)
    out = _OVER_THE_DAY.sub(" ;", out) if re.search(r"\bsets?\b|\d\s*[x*]\s*\d", out) else out
    out = _FAILURE_BEFORE.sub(" ", out)
    out = _LOAD_THEN_LIST.sub(_load_then, _LIST_WITH_LOAD.sub(_with_load, out))
    return _LIST_THEN_PLACE.sub(r"\1 ;", out)
