"""Sleep in pieces (misc19): a night broken into spells ("slept 11-3 then 4-7", "10:30 to 2,
then 3 till 6:30") and naps told together ("two naps, 20 min and 40 min"). The log keeps one
length a day (``log_sleep``: a date, minutes and a quality, no kind of sleep), so the spells
are summed: the night is 4 h + 3 h, never its first spell with the rest asked about. Two
nights told together, each by its own day ("tuesday slept 5h, last night 7h"), are two."""

from __future__ import annotations

import re
from collections.abc import Sequence

from fitcoach.assistant.nlu.dates import DAY
from fitcoach.assistant.nlu.quantities import durations_s

# One spell: two clock times, with "-", "to", "till" or "until" between them; not a range of
# hours, reps or a score ("7-8 hours", "8-10 reps").
_SPELL = re.compile(
    r"(?<![\d:./])(\d{1,2})(?:[:.]([0-5]\d))?\s*(am|pm)?\s*(?:-|–|to|till|til|until)\s*"
    r"(\d{1,2})(?:[:.]([0-5]\d))?\s*(am|pm)?(?![\d:./])"
    r"(?!\s*(?:h\b|hrs?|hours?|mins?|minutes?|reps?|sets?|x\b|/|out of|kg|lbs?))"
)
_NAPS = re.compile(r"\bnaps\b|\bnap(?:ped)?\b.*(?:\band\b|\bthen\b|\banother\b|\bplus\b|\+)")
_NIGHT = re.compile(r"\b(?:slept|sleep|night|bed|asleep|woke)\b")
_DURATION = re.compile(r"(?<![\d:.])\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|mins?|minutes?)\b")


def _clock(hour: str, minutes: str | None, half: str | None) -> float | None:
    h, m = int(hour), int(minutes or 0)
    if h > 24:
        return None
    if half == "pm" and h < 12:
        h += 12
    elif half == "am" and h == 12:
        h = 0
    return h + m / 60


def split_night(text: str) -> tuple[float, list[float]] | None:
    """The seconds of sleep two or more spells of a night add up to, and the numbers written
    for them (for the accounting); None unless every spell is 15 min to 12 h and each starts
    after the one before ended (within 4 h)."""
    spells = list(_SPELL.finditer(text))
    if len(spells) < 2:
        return None
    total, written, last_end = 0.0, [], None
    for m in spells:
        start, end = _clock(m.group(1), m.group(2), m.group(3)), _clock(m.group(4), m.group(5), m.group(6))  # fmt: skip
        if start is None or end is None:
            return None
        # with am/pm on both: a 24-hour day; else a 12-hour clock ("11-3" is four hours)
        hours = (end - start) % (24 if m.group(3) and m.group(6) else 12)
        if not 0.25 <= hours <= 12:
            return None
        if last_end is not None and (start - last_end) % 12 > 4:
            return None  # a later spell starts long after (or before) the last ended
        total += hours
        last_end = end
        written += [float(m.group(i)) for i in (1, 2, 4, 5) if m.group(i)]
    return (round(total * 3600), written) if total <= 16 else None


def naps_s(text: str) -> tuple[float, list[float]] | None:
    """The seconds of several naps told together ("two naps, 25 min and an hour", "napped 20
    min, then 40"), and the numbers written; None unless two or more lengths are told beside
    naps and no night (a night and a nap are told apart: the night is the night's sleep)."""
    if not _NAPS.search(text) or _NIGHT.search(text):
        return None
    spans = _DURATION.findall(text)
    if len(spans) < 2:
        return None
    seconds = [durations_s(s) for s in spans]
    if not all(seconds):
        return None
    return float(sum(s for s in seconds if s)), [
        float(n) for s in spans for n in re.findall(r"\d+(?:\.\d+)?", s)
    ]


# A night named by its day ("last night", "tuesday", "on monday night", "the night before")
_NIGHT_DAY = re.compile(
    rf"\b(?:last night|the night before|night before|yesterday|(?:on )?{DAY}(?: night)?|"
    # "yesterday: 6h sleep, today 7h45": the night before today, logged on today
    r"(?:the )?night before last|today|this morning)\b"
)
# a length in hours, with its minutes written after the "h" or not ("7h45", "7h 20m", "6h05")
_LENGTH = (
    r"(?:about |around |only |just |maybe |like |~\s*)?\d+(?:\.\d+)?\s*(?:h|hrs?|hours?)"
    r"(?:\s?[0-5]\d(?:\s?(?:m|mins?|minutes?))?)?\b"
)
# "last night 7h solid", "7 hours last night": a night's day and its length, a few words besides
_DAY_AND_LENGTH = re.compile(
    rf"^(?:and |but |then )?(?:{_NIGHT_DAY.pattern}\s*(?:was |i got |got )?{_LENGTH}|"
    rf"{_LENGTH}\s*{_NIGHT_DAY.pattern})(?:\s+[a-z]+){{0,3}}$"
)


def another_night(before: list[str], piece: str) -> str | None:
    """A piece that is another night's length beside a night told by its own day ("tuesday
    slept only 5h, last night 7h solid"), as a sleep clause of its own ("slept last night 7h
    solid"); None where ``before`` names no day or the same day, or the piece is anything else."""
    said, own = _NIGHT_DAY.search(", ".join(before)), _NIGHT_DAY.search(piece)
    if said is None or own is None or own.group(0) == said.group(0):
        return None
    if _DAY_AND_LENGTH.match(piece.strip(" .,;!")) is None:
        return None
    return f"slept {piece.strip()}"


def nights_apart(clauses: Sequence[tuple[str | None, list[str]]]) -> bool:
    """Whether two or more sleep clauses each name their own night, every day another."""
    days = [_NIGHT_DAY.search(", ".join(p)) for i, p in clauses if i == "log_sleep"]
    named = [d.group(0) for d in days if d is not None]
    return len(days) >= 2 and len(named) == len(days) and len(set(named)) == len(named)


# "sunday night and monday night i slept only 6h each", "monday night and last night both 7h
# sleep": two nights of one length each
_SLEPT = r"(?:(?:i\s+)?(?:slept|sleep|got)\s+)?"
_EACH_NIGHT = re.compile(
    rf"^(?P<a>{_NIGHT_DAY.pattern})\s*(?:and|&|\+)\s*(?P<b>{_NIGHT_DAY.pattern})\s*,?\s*"
    rf"(?:(?:were\s+)?both\s+{_SLEPT}(?P<l1>{_LENGTH})(?:\s*(?:of\s+)?sleep)?|"
    rf"{_SLEPT}(?P<l2>{_LENGTH})\s*(?:(?:of\s+)?sleep\s*)?(?:each|both)(?:\s+night)?)\b"
)


def each_night(text: str) -> str:
    """``text`` with two nights told at one length each ("monday night and last night i slept
    7h each", "... both 7h") written as two nights, each by its own day; else as it is."""
    m = _EACH_NIGHT.match(text)
    if m is None or m.group("a") == m.group("b"):
        return text
    length = m.group("l1") or m.group("l2")
    return f"{m.group('a')} slept {length}, {m.group('b')} slept {length}{text[m.end() :]}"
