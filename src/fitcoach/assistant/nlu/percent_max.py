"""A load given as a share of a max that the message also states (logbu: "5x5 @ 70% (max is
300)", "front squats 5x3 at 80% of 120", "@ 60% of my 200 deadlift max"): the load is worked out
in the max's unit. A share of a max nobody stated ("5x5 @ 80%", "70% of my 1rm") stays a
question (``PERCENT_OF_MAX`` takes it out and the load is asked)."""

from __future__ import annotations

import re
from typing import NamedTuple

from fitcoach.assistant.nlu.quantities import NUM, mass_kg

_UNIT = r"kgs?|kilos?|kilograms?|lbs?|pounds?|#"
_MAX_WORD = r"(?:e?1\s*rm|one rep max|max|tm|training max)"
# "80% of 120", "90% of my 100 max", "60% of my 200 deadlift max", "75% of my 1rm of 140kg"
_SHARE_OF = re.compile(
    rf"(?<![\d.])(?P<pct>{NUM})\s*(?:%|percent\b)\s*(?:of|off)\s*(?:my\s+|the\s+|a\s+)?"
    rf"(?:{_MAX_WORD}\b\s*(?:of\s*|is\s*|at\s*)?)?(?P<max>{NUM})(?![\d.]|\s*rm\b)(?:\s*(?P<unit>{_UNIT}))?"
    rf"(?:\s+(?:[a-z]+\s+){{0,2}}?{_MAX_WORD}\b)?"
)
_SHARE = re.compile(rf"(?<![\d.])(?P<pct>{NUM})\s*(?:%|percent\b)(?!\s*(?:of|off)\b)")
# the max said apart from the share: "(max is 300)", "1rm 140kg", "max = 100"
_MAX_SAID = re.compile(
    rf"\(?\b(?:my\s+)?{_MAX_WORD}\s*(?:is|was|of|=|:|at)?\s*(?P<max>{NUM})(?![\d.])(?:\s*(?P<unit>{_UNIT}))?\)?"
)


class Share(NamedTuple):
    """A worked-out load (``value`` in ``unit``: None is the athlete's) and the spans it came from."""

    value: float
    unit: str | None
    spans: list[tuple[int, int]]


def _value(pct: str, most: str) -> float | None:
    share = float(pct)
    if not 20 <= share <= 105:
        return None  # no working share of a max: left to be asked
    return round(share * float(most) / 100, 2)


def find_share(chunk: str) -> Share | None:
    """The one share of a stated max in ``chunk``, worked out; None where there is none."""
    if len(re.findall(r"%|percent\b", chunk)) != 1:
        return None  # several shares (a ramp): each set's load is not worked out here
    if m := _SHARE_OF.search(chunk):
        value = _value(m.group("pct"), m.group("max"))
        unit = m.group("unit")
        spans = [m.span()]
    else:
        share, said = _SHARE.search(chunk), list(_MAX_SAID.finditer(chunk))
        if share is None or len(said) != 1:
            return None
        value = _value(share.group("pct"), said[0].group("max"))
        unit = said[0].group("unit")
        spans = sorted([share.span(), said[0].span()])
    if value is None:
        return None
    return Share(value, "lb" if unit == "#" else unit, spans)  # "95#": pounds


def share_of_max(chunk: str) -> tuple[float | None, str]:
    """The load in kg that a share of a stated max gives, and ``chunk`` without the share and
    the max; (None, chunk) where no max is stated with one share of it."""
    found = find_share(chunk)
    if found is None:
        return None, chunk
    rest = chunk
    for lo, hi in reversed(found.spans):
        rest = rest[:lo] + " " + rest[hi:]
    return mass_kg(f"{found.value:g}", found.unit), rest
