"""A reading or a night told for several days in a row, its name or unit said once (issue 57,
corpus-57l: "rhr sat 52, sun 50, mon 55", "weigh ins: mon 80.1, tue 79.8, today 79.6", "hrv
was 71 the day before yesterday, yesterday 58, today 65", "sunday night 7 hrs, monday night 6,
last night 8"). Each day after the first is a bare day and figure that no reader can place, so
the chat asked what the numbers were. ``days_in_series`` writes the name (or the night's unit)
into each of them, so that every day is read as its own entry by the readers that already read
one day's figure; anything that is not such a series is left exactly as it was.

A series holds: two or more days, each said once, each piece nothing but its day and its
figure (a few words of how a night went aside); one kind of reading named in the line, before
the figures; figures a person could have for it and close to each other (a body weight within
10 %, a heart rate or an HRV within half again, a night of 2 to 14 hours)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from fitcoach.assistant.nlu.clause_days import said_day

_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thu(?:rs?)?|"
    r"fri|sat|sun)"
)
_DAY = (
    rf"(?:today|this morning|(?:the )?day before yesterday|yesterday|(?:on )?{_WEEKDAY}"
    r"(?: morning)?)"
)
_NUM = r"\d{1,3}(?:\.\d{1,2})?"
# The readings a series may be of, each with the name its reader knows, the unit it may carry
# and the range of its figures
_READINGS: tuple[tuple[str, str, str, float, float, float], ...] = (
    (
        r"\b(?:weight|weigh[- ]?ins?|weighed|scale|bw)\b",
        "weight",
        r"kgs?|kilos?|lbs?|pounds?",
        30.0,
        400.0,
        1.1,
    ),
    (r"\b(?:rhr|resting (?:hr|heart rate|pulse))\b", "rhr", "bpm", 25.0, 130.0, 1.5),
    (r"\bhrv\b", "hrv", "ms", 5.0, 250.0, 1.5),
)
_FILLER = r"(?:(?:it )?(?:was|is)\s+)?(?:~\s*)?"


def _pair(piece: str, name: str, unit: str) -> tuple[str, str, str] | None:
    """A piece's day, figure and unit where it says nothing else (the reading's name aside)."""
    bare = re.sub(rf"(?:\bmy\s+)?{name}\s*:?", " ", piece)
    bare = " ".join(bare.strip(" .;:!").split())
    bare = re.sub(r"^(?:and|then)\s+", "", bare)
    unit_said = rf"(?:\s*(?P<u>{unit})\b)?"
    day_first = rf"(?P<d>{_DAY})\s*:?\s*{_FILLER}(?P<n>{_NUM}){unit_said}"
    figure_first = rf"{_FILLER}(?P<n>{_NUM}){unit_said}\s+(?P<d>{_DAY})"
    m = re.fullmatch(day_first, bare) or re.fullmatch(figure_first, bare)
    return (m.group("d").removeprefix("on "), m.group("n"), m.group("u") or "") if m else None


def _readings(line: str) -> str:
    named = [r for r in _READINGS if re.search(r[0], line)]
    # (sets told in the line, "same weight mon 100, tue 100" of a lift, are loads, no readings)
    if len(named) != 1 or re.search(r"\d\s*[x×*]\s*\d|\b(?:sets?|reps?)\b", line):
        return line  # none, or two kinds told together: no series of one
    name, canonical, unit, low, high, spread = named[0]
    # (a dash before a remark ends a piece too: "sat 55 - the wedding caught up with me")
    parts = re.split(r"(,\s*|\.\s+|;\s*|\s+and\s+|\s+[-–—]\s+)", line)
    pieces = parts[0::2]
    start = next((i for i, p in enumerate(pieces) if re.search(name, p)), None)
    if start is None:
        return line
    # the first day may follow the name in the same piece, after a label ("weigh ins: mon 80")
    run: list[tuple[int, str, tuple[str, str, str]]] = []
    for i in range(start, len(pieces)):
        piece = pieces[i]
        head, tail = "", piece
        if not run and ":" in piece:
            cut = piece.rindex(":") + 1
            head, tail = piece[:cut] + " ", piece[cut:]
        found = _pair(tail, name, unit)
        if found is None and not run and i + 1 < len(pieces) and not re.search(r"\d", piece):
            continue  # the name in a piece of its own ("weigh ins from the trip"): read on
        if found is None:
            break
        run.append((i, head, found))
    days = [d for _, _, (d, _, _) in run]
    values = [float(n) for _, _, (_, n, _) in run]
    if len(run) < 2 or len(set(days)) < len(days):
        return line
    if min(values) < low or max(values) > high or max(values) > spread * min(values):
        return line
    if any(i != run[0][0] + k for k, (i, _, _) in enumerate(run)):
        return line  # (the days follow each other as pieces, nothing between them)
    said = next((u for _, _, (_, _, u) in run if u), "")
    for i, head, (day, number, own) in run:
        parts[2 * i] = (
            f"{head}{canonical} {day} {number}{' ' + (own or said) if own or said else ''}"
        )
    return "".join(parts)


# A night said by its day ("sunday night", "last night"), then its hours with or without a unit
# and a few words of how it went ("back to 6", "9 lol catching up")
_NIGHT = rf"(?:last night|(?:on )?{_WEEKDAY} night)"
_HOURS = r"(?:h|hrs?|hours?)\b"
_NIGHT_PIECE = re.compile(
    rf"^(?:and\s+|then\s+)?(?P<d>{_NIGHT})\s*:?\s*(?:was\s+|i got\s+|got\s+|slept\s+)?"
    rf"(?:back to\s+|only\s+|just\s+|about\s+|around\s+|~\s*)?(?P<n>{_NUM})"
    rf"(?P<u>\s*{_HOURS}(?:\s*[0-5]?\d\s*(?:m|mins?|minutes?)?\b)?)?"
    # (never "2 hours of tennis": the words after it say how the night went, if anything)
    rf"(?P<rest>(?!\s*(?:of|on|in|at|with|for)\b)(?:\s*(?:!+|[a-z']+)){{0,4}}(?:\s*\([a-z0-9' ]*\))?)\s*$"
)


def _nights(line: str) -> str:
    # (a night told beside a day's reading, "5h40, awful (work stress)", is left to the readers
    # as it was: the reading's words are no remark on the night)
    if re.search(r"\b(?:mood|energy|stress(?:ed)?|sore(?:ness)?|rhr|hrv|weight)\b", line):
        return line
    parts = re.split(r"(,\s*|\.\s+|;\s*|!+\s+)", line)
    pieces = parts[0::2]
    heads: dict[int, str] = {}
    run: list[tuple[int, re.Match[str]]] = []
    for i, piece in enumerate(pieces):
        m = _NIGHT_PIECE.match(piece.strip())
        if m is None and not run and ":" in piece:  # a label first ("sleep logs: sat night 7h")
            cut = piece.rindex(":") + 1
            heads[i], m = piece[:cut] + " ", _NIGHT_PIECE.match(piece[cut:].strip())
        if m is not None:
            run.append((i, m))
    between = pieces[run[0][0] : run[-1][0] + 1] if run else []
    # (a remark may sit between two nights, "9 hours!!! kids away. sunday night: back to 6",
    # never another figure)
    if len(run) < 2 or any(re.search(r"\d", p) for i, p in enumerate(between, run[0][0]) if i not in dict(run)):  # fmt: skip
        return line
    if len({m.group("d").removeprefix("on ") for _, m in run}) < len(run):
        return line
    if not any(m.group("u") for _, m in run):
        return line  # no night said in hours: bare figures stay asked about
    if not all(2 <= float(m.group("n")) <= 14 for _, m in run):
        return line
    for i, m in run:
        unit = m.group("u") or " h"
        parts[2 * i] = f"{heads.get(i, '')}{m.group('d')} {m.group('n')}{unit}{m.group('rest')}"
    return "".join(parts)


def days_in_series(line: str) -> str:
    """``line`` (normalised) with each day of a series named as its first is (see the module);
    anything else as it was."""
    return _nights(_readings(line))


def readings_apart(clauses: Sequence[tuple[str | None, list[str]]], today: date) -> bool:
    """Whether the daily readings' clauses ("rhr sat 52", "rhr sun 50") each say a day of their
    own, every one another: one entry a day, never the first day's read with the rest asked."""
    days = [said_day(", ".join(p), today) for i, p in clauses if i == "log_daily"]
    return len(days) >= 2 and None not in days and len(set(days)) == len(days)
