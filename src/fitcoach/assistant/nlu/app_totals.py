"""The totals a workout app prints under a pasted session (issue 57, stop 96, exports96).

Strong, Hevy, Jefit and the watches close a session's card with its totals: "Duration: 52m",
"Time: 58 min", "Total: 17,640 kg lifted | 1h 15m", "Total volume: 5,876 kg", and a hike's
card its climb ("↑ 820 m", "Elevation gain 640 m"). These are no sets and no distance: "52m"
had been read as 52 metres of an unnamed cardio session, "17,640 kg" and "820" asked about.

``app_totals`` rewrites such a line of a pasted list of sets: the whole workout's length as
"duration N min" (the words ``session`` reads as the session's length), a volume total and a
count of sets, exercises or records dropped; a climb alone on its line is dropped from any
message (no reader keeps it). A length is read only where it is said with its unit ("52m",
"1h 15m", "58 min") or as hours, minutes and seconds ("0:52:10"); "52:10" alone (minutes and
seconds, or hours and minutes?) is left as written. Jefit's sets of a lift between bars on its
line ("Sumo Deadlift  225 lb x 8 | 245 lb x 6") are written as a list of them, split by commas. A message with no set line ("185 lb x 5",
"4 x 10 @ 100 kg") is left as it was apart from the climb: a run's "Time: 25 min" is the run's.
"""

from __future__ import annotations

import re

# A set as a list prints it: "185 lb × 5", "4 × 10 @ 100 kg", "100kg x 8", "3x12"
_SET_LINE = re.compile(r"\d\s*(?:kgs?|lbs?)?\s*[x×*]\s*\d", re.IGNORECASE)
# The length of the whole workout, with its unit or as h:mm:ss
_LENGTH = re.compile(
    r"(?:(?P<h>\d{1,2})\s*(?:h|hrs?|hours?)\s*(?:(?P<m>[0-5]?\d)\s*(?:m|mins?|minutes?)?)?|"
    r"(?P<mins>\d{1,3})\s*(?:m|mins?|minutes?)|"
    r"(?P<ch>\d{1,2}):(?P<cm>[0-5]\d):(?P<cs>[0-5]\d))",
    re.IGNORECASE,
)
# The field's name before it: "Duration:", "Time", "Total time", "Workout time", "Elapsed"
_LENGTH_FIELD = re.compile(
    r"(?:(?:total|workout|session|elapsed|moving|training)\s+)?(?:duration|time|length)|elapsed",
    re.IGNORECASE,
)
# A volume total ("Total volume: 5,876 kg", "Total: 17,640 kg lifted", "Volume 3,732 lb") and
# the tallies ("Sets: 14", "12 sets", "6 exercises", "PRs: 2", "🏆 2 PRs")
_TALLY = re.compile(
    r"(?:(?:total\s+)?(?:volume|tonnage|total|lifted)\s*:?\s*\d[\d,.]*\s*(?:kgs?|lbs?)(?:\s+lifted)?|"
    r"\d[\d,.]*\s*(?:kgs?|lbs?)\s+(?:lifted|volume|total)|"
    r"(?:sets|exercises)\s*:\s*\d{1,3}|(?:prs|records|personal records)\s*:?\s*\d{1,2}|"
    r"\d{1,3}\s+(?:exercises|prs|records))",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[|·•]\s*")
# A climb alone on its line: "↑ 820 m", "Elevation gain: 640 m", "Ascent 2,100 ft"
_CLIMB = re.compile(
    r"\s*(?:↑|⬆️?|(?:total\s+)?(?:elevation(?:\s+gain)?|elev(?:\s+gain)?|ascent|climb(?:ed)?|gain)\s*:?)"
    r"\s*\d[\d,.]*\s*(?:m|ft|feet|metres|meters)\s*",
    re.IGNORECASE,
)


def _minutes(m: re.Match[str]) -> int | None:
    if m.group("ch") is not None:
        whole = int(m.group("ch")) * 60 + int(m.group("cm")) + (int(m.group("cs")) >= 30)
    elif m.group("h") is not None:
        whole = int(m.group("h")) * 60 + int(m.group("m") or 0)
    else:
        whole = int(m.group("mins"))
    return whole if 5 <= whole <= 300 else None


def _total_line(line: str) -> str | None:
    """A totals line of a lifting session as the words kept of it ("duration 75 min", or ""
    when nothing is kept); None where the line is not one."""
    kept: list[str] = []
    parts = [p for p in _SEPARATOR.split(line.strip()) if p]
    for part in parts:
        if _TALLY.fullmatch(part):
            continue
        field = re.match(rf"(?:{_LENGTH_FIELD.pattern})\s*[:\-]?\s*", part, re.IGNORECASE)
        rest = part[field.end() :] if field else part
        length = _LENGTH.fullmatch(rest)
        if length is None or (field is None and len(parts) == 1):
            return None
        if (minutes := _minutes(length)) is None:
            return None
        kept.append(f"duration {minutes} min")
    return ", ".join(kept) if len(kept) <= 1 else None


# Jefit's sets of one lift on its line, between bars: "Sumo Deadlift  225 lb x 8 | 245 lb x 6"
_BARRED_SET = r"\d{1,4}(?:\.\d{1,2})?\s*(?:kgs?|lbs?)?\s*[x×*]\s*\d{1,3}"
_BARRED = re.compile(
    rf"(?P<name>[A-Za-z][A-Za-z()' -]{{1,40}}?)\s*(?P<sets>{_BARRED_SET}(?:\s*\|\s*{_BARRED_SET})+)\s*",
    re.IGNORECASE,
)


def _barred(line: str) -> str:
    """A lift's sets between bars as a list of them ("sumo deadlift 225 lb x 8, 245 lb x 6")."""
    if (m := _BARRED.fullmatch(line)) is None:
        return line
    sets = re.split(r"\s*\|\s*", m.group("sets"))
    return f"{m.group('name').strip()} " + ", ".join(sets)


def app_totals(text: str) -> str:
    """``text`` with a pasted session's totals lines written as the words the readers keep,
    and a lift's sets between bars as a list."""
    text = "\n".join(_barred(line) for line in text.splitlines()) if "|" in text else text
    lines = text.splitlines()
    out = [line for line in lines if not _CLIMB.fullmatch(line) or not line.strip()]
    if not any(_SET_LINE.search(line) for line in out):
        return "\n".join(out) if len(out) != len(lines) else text
    done: list[str] = []
    for line in out:
        said = _total_line(line) if line.strip() else None
        if said is None:
            done.append(line)
        elif said:
            done.append(said)
    return "\n".join(done)
