"""A food or drink named as the cause of a day's readings (stop 93): "hrv tanked to 38 and rhr
57, probably the wine at the work do", "resting hr up to 64, blame the curry", "slept 5h,
must have been the late coffee". The readings are the log; the food is why, never a meal to
ask about. A food the person says they had ("probably had 3 beers") stays a meal's question."""

from __future__ import annotations

import re

# A word that gives a reason, then (within a few words, no eating verb between) the food
_CAUSE = re.compile(
    r"\b(?:probably|prob|likely|must(?:'ve| have)? been|must be|i blame|blame|blaming|"
    r"because of|cos of|cuz of|cause of|due to|thanks to|courtesy of|guessing (?:it'?s|it was)|"
    r"(?:it'?s|it was|that'?s|that was)(?: probably| prob| definitely| def)? (?:down to|from|the))\b"
    r"(?P<gap>(?:\s+[\w'-]+){0,4}?)\s*$"
)
_HAD = re.compile(r"\b(?:had|have|ate|eaten|eat|drank|drunk|drink|drinking|eating|having)\b")
# A day or time said in the clause: the food may date the readings wrongly ("blame the curry
# last night"), so it stays asked
_WHEN = re.compile(
    r"\b(?:yesterday|yday|last night|tonight|today|this (?:morning|evening|afternoon)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d+ days? ago|the night before)\b"
)
# The readings a cause may be given for: daily readings and a night
CAUSED = frozenset({"log_daily", "log_sleep", "log_weight"})


def food_as_cause(clause: str, start: int) -> bool:
    """Whether the food found at ``start`` in ``clause`` is given as a cause, not as eaten."""
    m = _CAUSE.search(clause[:start])
    return m is not None and _HAD.search(m.group("gap")) is None and _WHEN.search(clause) is None
