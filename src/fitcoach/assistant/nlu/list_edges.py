"""The edges of a list of reps in a log, as people who train at home and in the park write
them: a session's label set off by a dash ("park workout - pull-ups 10, 8, 7"), and where or
how the sets were done after the last number ("handstand push-ups 6, 5, 5 against the wall",
"dips 12, 10, 9 on the rings"), and when ("spread over the day"). The label reads as a label (the colon the readers know); the
place is set apart as a clause of its own, so the last number stays the last set's reps."""

from __future__ import annotations

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


def list_edges(text: str) -> str:
    """``text`` (normalised) with a session label's dash as a colon and the place after a list
    of reps set apart."""
    out = _LABEL_DASH.sub(r"\1: ", text)
    out = _OVER_THE_DAY.sub(" ;", out) if re.search(r"\bsets?\b|\d\s*[x*]\s*\d", out) else out
    return _LIST_THEN_PLACE.sub(r"\1 ;", out)
