"""A night told wake time first, then the bedtime ("woke 5:10, asleep around 10:40", "up at
6:20, went to bed about 11:50 the night before"): the clock the wake word leads is the morning's,
the one the sleep word leads the evening's before it. Read in this order as a range, the two
times made a night of minutes (5:10 as m:ss) or of the day between them."""

from __future__ import annotations

import re

_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_WAKE_FIRST = re.compile(
    r"\b(?:woke|awoke|woken|awake|got up|up|alarm(?: went off)?)(?: up)?(?: at| around| about| by)?\s*(?:around |about |~)?"
    rf"(?<![\d:]){_CLOCK}(?![\d:])"
    # what the morning was for, then the bedtime's words ("for the early shift, asleep around")
    r"[^\d.;!?]{0,60}?[,;]?\s*(?:and |but |after )?(?:i )?"
    r"(?:(?:fell |was |got to |went to )?(?:asleep|sleep)|(?:went to |got to |in |hit the )?bed(?:time)?|"
    r"lights (?:out|off)|turned in|hit the (?:sack|hay))"
    r"(?: at| around| about| by)?\s*(?:around |about |~)?"
    rf"(?<![\d:]){_CLOCK}(?![\d:])(?!\s*(?:h\b|hrs?|hours?|mins?|minutes?|x\b|times?)\b)"
)


def clock_hour(hour: str, minutes: str | None, half: str | None, *, evening: bool) -> float | None:
    """The hour of a clock time (``evening``: a bare 7-11 is p.m., a bare 12 just after midnight);
    None for a time no clock shows."""
    h, m = int(hour), int(minutes or 0)
    if h > 24 or m > 59:
        return None
    if half and half.startswith("p") and h < 12:
        h += 12
    elif half and half.startswith("a") and h == 12:
        h = 0
    elif not half and evening and 7 <= h <= 11:  # "in bed at 11": the evening's 11
        h += 12
    elif not half and evening and h == 12:  # "asleep around 12:30": after midnight
        h = 0
    return h + m / 60


def wake_first_night_s(text: str) -> tuple[float, list[float]] | None:
    """The seconds of a night told wake time first (1 to 16 hours), and the numbers written for
    its clock times; None when ``text`` tells none so."""
    m = _WAKE_FIRST.search(text)
    if m is None or not (m.group(2) or m.group(3) or m.group(5) or m.group(6)):
        return None  # "up 6, bed 10": bare hours, no clock said
    wake = clock_hour(m.group(1), m.group(2), m.group(3), evening=False)
    bed = clock_hour(m.group(4), m.group(5), m.group(6), evening=True)
    if wake is None or bed is None:
        return None
    hours = (wake - bed) % 24
    if not 1 <= hours <= 16:
        return None
    written = [float(m.group(i)) for i in (1, 2, 4, 5) if m.group(i)]
    return round(hours * 3600), written
