"""A night told by the clock in the words people use for going down and getting up (sleep93):
"crashed at 9:30pm, alarm went at 4:50 for masters swim", "lights out 11ish, up with the baby
at 5", "hit the sack 10:45, alarm went off 5:30", "asleep by midnight, awake 7:15". The night is
the time between the two clocks, dated on the morning it ended; what the morning was for ("for
masters swim", "for the early shift") only says why the alarm went, never a session done.

``plain_wake`` writes the ways of saying the morning's clock in the words ``metrics`` reads
("alarm went off at 5:30" is "alarm at 5:30", "up with the baby at 5" is "up at 5", "11ish" is
11); ``TO_BED`` and ``GOT_UP`` find the two halves of such a night across a comma (the reading
splits a message at commas), and ``without_purpose`` drops what the morning was for."""

from __future__ import annotations

import re

# "alarm went at 4:50", "alarm went off 5:30", "alarm rang at 6", "alarm was 5:15": the alarm's
# clock (the alarm's verb only, so "alarm" alone reads it as ``metrics`` already does)
_ALARM_VERB = re.compile(r"\balarm (?:clock )?(?:went off|went|rang|sounded|buzzed|beeped|was|goes off)\b")  # fmt: skip
# "up with the baby at 5", "woke up with the toddler around 6", "awake with the dog at 6:10": who
# got one up, between the wake word and its clock
_UP_WITH = re.compile(
    r"\b(up|woke(?: up)?|awake|got up)\s+with\s+(?:the |my |our |a )?[a-z']+(?:\s+[a-z']+)?\s+"
    r"(?=(?:at|around|about|by)\s+\d)"
)
# "11ish", "11-ish": a bedtime said roughly is still the clock (never "5ish hours", a length)
_ROUGH_CLOCK = re.compile(r"(?<=\d)\s*-?ish\b(?!\s*(?:h\b|hrs?|hours?|mins?|minutes?))")


# (sleep94) a clock hedged after its "at" ("went to bed at like midnight", "asleep around maybe
# 11:30"): the clock, said roughly
_HEDGED_AT = re.compile(
    r"\b(at|around|about|by)\s+(?:like|maybe|roughly|approx(?:imately)?|probably|prob|just)\s+(?=\d|midnight\b|12am\b)"
)


def plain_wake(text: str) -> str:
    """``text`` with the morning's clock said plainly (above); else as it is."""
    text = _UP_WITH.sub(r"\1 ", _ALARM_VERB.sub("alarm", _HEDGED_AT.sub(r"\1 ", text)))
    return _ROUGH_CLOCK.sub("", text) if re.search(r"\b(?:bed|asleep|lights|crashed|sack|hay|alarm|up|woke|awake)\b", text) else text  # fmt: skip


_CLOCK = r"\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm)?(?:\s*-?ish)?"
# The bedtime ending one piece ("in bed at 11", "crashed at 9:30pm", "lights out 11ish")
TO_BED = re.compile(
    r"\b(?:bed|asleep|lights (?:out|off)|sleep|crashed(?: out)?|hit the (?:sack|hay|pillow)|turned in|"
    rf"passed out)\b(?: (?:at|by|around|about))? (?:{_CLOCK}|midnight)$"
)
# What the morning was for, after its clock: "for masters swim", "for the early shift" (words only)
_PURPOSE = r"(?:\s+for (?:the |my |a |an |our )?[a-z][a-z' ]{0,30})"
# The morning's clock starting the next ("up at 6:30", "alarm went at 4:50 for masters swim",
# "up with the baby at 5")
GOT_UP = re.compile(
    r"^(?:and )?(?:up|woke(?: up)?|awake|got up|alarm(?: clock)?(?: (?:went off|went|rang|sounded|buzzed|was))?)"
    r"(?: with (?:the |my |our |a )?[a-z']+(?: [a-z']+)?(?= (?:at|around|about|by) \d))?"
    rf"(?: (?:at|by|around|about))? {_CLOCK}{_PURPOSE}?$"
)


def without_purpose(piece: str) -> str:
    """The morning's piece without what the morning was for ("alarm at 5 for masters swim" is
    "alarm at 5"): the session it was for is no session logged."""
    return re.sub(rf"{_PURPOSE}$", "", piece)


# (sleep93) The sleep got inside the time in bed ("tossed and turned from 11 to 7, maybe got 5
# hours of actual sleep", "in bed 10-6 but only 5h of real sleep"): the night's length is the
# sleep, the clocks only the time in bed
_ACTUAL_SLEEP = re.compile(
    r"(?<![\d.:])(\d{1,2}(?:\.\d+)?)\s*(?:h|hrs?|hours?)\s+(?:of\s+)?(?:actual|real|proper|true|solid)\s+sleep\b|"
    r"\b(?:actual|real)(?:ly)?\s+(?:sleep|asleep)\s*(?:was|of|:|=|for)?\s*(?:about |around |maybe |like |~)?"
    r"(\d{1,2}(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b"
)


# (sleep94) A watch's time asleep beside the clocks in bed ("in bed 11:52pm-6:37am, asleep 6 hr
# 11 min", "10:48pm-6:03am, 6h 39m asleep", "time asleep 6:51"): hours and minutes by their
# units, or an h:mm only where it cannot be the bedtime ("asleep 23:40, up 6:10" is a clock)
_LENGTH = r"(\d{1,2})\s*(?:hours?|hrs?|h)\b(?:\s*(\d{1,2})\s*(?:minutes?|mins?|m)\b)?"
_WATCH_ASLEEP = re.compile(
    rf"\b(?:time |total )?asleep\s*(?:for|was|:|=)?\s*{_LENGTH}|(?<![\d:.]){_LENGTH}\s+(?:of\s+)?asleep\b|"
    r"\b(?:time asleep|total sleep|sleep time)\s*(?:was|:|=)?\s*(\d{1,2}):([0-5]\d)\b(?!\s*(?:am|pm))|"
    r"(?<![\d:])(\d{1,2}):([0-5]\d)\s+asleep\b"
)


def actual_sleep_s(text: str, in_bed_s: float) -> tuple[float, list[float]] | None:
    """The seconds of sleep said inside a night's clocks (``in_bed_s`` long) and the numbers
    written for them (the accounting's), or None."""
    if (m := _ACTUAL_SLEEP.search(text)) is not None:
        said = [float(m.group(1) or m.group(2))]
        seconds = said[0] * 3600
    elif (w := _WATCH_ASLEEP.search(text)) is not None:
        hours, minutes = next((w.group(i), w.group(i + 1)) for i in (1, 3, 5, 7) if w.group(i))
        said = [float(hours), *([float(minutes)] if minutes else [])]
        seconds = int(hours) * 3600 + int(minutes or 0) * 60
    else:
        return None
    return (seconds, said) if 60 * 60 <= seconds < in_bed_s else None


def slept_from_clocks(m: re.Match[str], text: str) -> bool:
    """Whether a night's match (``metrics._NIGHT``) is two bare hours said after "slept from"
    ("slept from 1 till 8": the clock, 7 hours whichever half of the day), never hours of sleep
    ("slept from 7 to 8 hours") nor a shift ("worked from 1 till 8")."""
    return (
        m.group(0).lstrip().startswith("from")
        and bool(re.search(r"\b(?:slept|sleep|asleep|napped)\s*$", text[: m.start()]))
        and not re.match(r"\s*(?:h|hrs?|hours?)\b", text[m.end() :])
        and 3 <= (int(m.group(4)) - int(m.group(1))) % 12 <= 10
    )
