"""A cardio session told by its parts and its total (stop 93): "tempo run: 2k wu, 5k at
4:30/km, 1k cd, 8k total in 39 min", "bike 10 x 30s hard / 90s easy, 20 min total", "2 x 20 min
pieces on the erg, 50 min total with the warm up". The total is the session (its time, and its
way where one is told); the parts (a warm-up's way, a repeat's count, work and rest) are said
and not kept. Where no total way is told and the parts are ways in one unit that say how the
session went ("2 mi warm up, 4 @ tempo, 1 cool down"), the way is their sum.

Only a time or a way said to be the total ("... total", "total of ...", "whole session ...",
"... all in") makes the rest parts; without one the numbers stay asked about."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fitcoach.core.units import parse_distance_m

_TIME_UNIT = r"(?:mins?|minutes?|hrs?|hours?|h)"
_WAY_UNIT = r"(?:k|km|kms|mi|miles?|m|metres?|meters?)"
_TOTAL_WORD = r"(?:total|all in|all told|all together|altogether|in all|overall)"
_WHOLE = r"(?:total|whole (?:session|thing|workout|lot)|session total|all in|in total)"
_NUM = r"\d+(?:\.\d+)?"

# "20 min total", "62 min total", "50 min total with warm up": a time said to be the total
_TIME_AFTER = re.compile(
    rf"(?<![\d.:])(?P<n>{_NUM})\s*(?P<u>{_TIME_UNIT})\s+(?:in\s+)?{_TOTAL_WORD}\b"
)
# "whole session 30 min", "total 45 mins", "total of 1 hr", "whole thing took 40 min"
_TIME_BEFORE = re.compile(
    rf"\b{_WHOLE}\s*(?:time\s*)?(?:was|of|took|lasted|:|=|-)?\s*(?:about\s+|around\s+)?"
    rf"(?P<n>{_NUM})\s*(?P<u>{_TIME_UNIT})\b"
)
# "8k total", "8k total in 39 min", "total 10 km": a way said to be the total
_WAY_AFTER = re.compile(
    rf"(?<![\d.:x*])(?P<n>{_NUM})\s*(?P<u>{_WAY_UNIT})\s+(?:in\s+)?{_TOTAL_WORD}\b"
)
_WAY_BEFORE = re.compile(
    rf"\b{_WHOLE}\s*(?:distance\s*)?(?:was|of|:|=|-)?\s*(?P<n>{_NUM})\s*(?P<u>{_WAY_UNIT})\b(?!\s*/)"
)
# ", 8k total in 39 min": the time right after a total way is the session's
_IN_TIME = re.compile(rf"\s*(?:in|,)\s*(?P<n>{_NUM})\s*(?P<u>{_TIME_UNIT})\b")

# A part of the session, by what it says: a way run as one piece of it ("2k wu", "4 @ tempo",
# "1 cool down", "5k at 4:30/km"), in the unit written or none
_PIECE = re.compile(
    rf"(?<![\d.:x*/])(?P<n>{_NUM})\s*(?P<u>k|km|kms|mi|miles?)?\s*"
    r"(?=(?:wu|w/?u|warm[- ]?up|cd|c/?d|cool[- ]?down|@|at\s+(?:tempo|threshold|\d{1,2}:\d{2})|"
    r"tempo|threshold|steady|easy|hard)\b|@)"
)
# The numbers of the parts' shapes: a repeat's count ("10 x"), a time or way with its unit
# ("30s", "90s", "1 min", "500m"), a pace or split ("4:30/km", "1:48"), a piece as above
_REPEAT = re.compile(r"(?<![\d.])(?P<n>\d{1,2})\s*[x*×]\s*(?=\d)")
_TIMED = re.compile(
    rf"(?<![\d.:])(?P<n>{_NUM})\s*(?:s|secs?|seconds?|mins?|minutes?|hrs?|hours?|h)\b"
)
_WAYED = re.compile(rf"(?<![\d.:])(?P<n>{_NUM})\s*{_WAY_UNIT}\b")
_CLOCK = re.compile(r"(?<![\d.:])(?P<a>\d{1,2}):(?P<b>[0-5]\d)(?:\.\d)?\b")


@dataclass
class Total:
    """The session's time and way as told whole, and the parts' numbers said beside them."""

    duration_s: float | None
    distance_m: float | None
    parts: list[float] = field(default_factory=list)
    summed: bool = False  # the way is the parts' sum, written nowhere as one number


def _seconds(n: str, unit: str) -> float:
    return float(n) * (3600.0 if unit.startswith("h") else 60.0)


def _metres(n: str, unit: str) -> float:
    return parse_distance_m(f"{n} {'km' if unit == 'k' else unit}")


def session_total(
    text: str, raw: str, *, rowed: bool = False, read_way: bool = False
) -> Total | None:
    """The total ``text`` (a clause as read) tells of one cardio session and its parts'
    numbers; None where no time or way is said to be the total, or where the message
    (``raw``) says parts' ways that give no total way. The parts' ways add up to the
    session's only where the first gives the unit ("2 mi warm up, 4 @ tempo, 1 cool down": 7
    miles); an erg's pieces with rests between (``rowed``: "10 x 500m with 1 min rest") are
    their count times their way. ``read_way``: the clause says a way of its own, kept where
    no part's way is said ("2 x 20 min pieces, 50 min total, 10.4k")."""
    time = _TIME_AFTER.search(text) or _TIME_BEFORE.search(text)
    way = _WAY_AFTER.search(text) or _WAY_BEFORE.search(text)
    if time is None and way is None:
        return None
    duration = _seconds(time.group("n"), time.group("u")) if time else None
    spans = [m.span() for m in (time, way) if m is not None]
    if way is not None and time is None and (after := _IN_TIME.match(text, way.end())):
        duration = _seconds(after.group("n"), after.group("u"))
        spans.append(after.span())
    distance = _metres(way.group("n"), way.group("u")) if way else None

    def outside(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in spans)

    parts: list[float] = []
    for pattern in (_REPEAT, _TIMED, _WAYED, _PIECE):
        parts += [float(m.group("n")) for m in pattern.finditer(text) if outside(m)]
    for m in _CLOCK.finditer(text):
        if outside(m):
            parts += [float(m.group("a")), float(m.group("b"))]
    if distance is not None:
        return Total(duration, distance, parts)
    if _WAY_AFTER.search(raw) or _WAY_BEFORE.search(raw):
        return None  # a total way the clause lost: not this reading's
    summed = _pieces_way(raw) or (_rowed_way(raw) if rowed else None)
    if read_way and summed is None:  # the clause's own way, unless a part's ("5k at tempo, 1k
        # cd, 40 min total": the 5k is one part)
        return None if _PIECE.search(raw) or _REPEATS.search(raw) else Total(duration, None, parts)
    if summed is None and _WAYED.search(_without_totals(raw)):
        if duration is not None and _run_repeats_only(text, raw):
            return Total(duration, None, parts)  # a run's repeats: its time, no way (stop 96)
        return None  # parts' ways that give no total: asked about, never a guess
    return Total(duration, summed, parts, summed=summed is not None)


_REPEATS = re.compile(rf"(?<![\d.])(?P<c>\d{{1,2}})\s*[x*×]\s*(?P<n>{_NUM})\s*(?P<u>{_WAY_UNIT})\b")
_RESTED = re.compile(r"\b(?:rests?|rested|resting|break|breaks)\b")


# A run's session (a word of running, or its intervals as ``team_games`` names them), with no
# word of a sport whose repeats add up to its way (an erg's, a swim's, a ride's)
_RAN = re.compile(r"\b(?:ran|run|runs|running|jog\w*|track intervals|interval run)\b")
_SUMMED_SPORT = re.compile(
    r"\b(?:row\w*|erg|ski\w*|concept|c2|bike\w*|ride|rode|cycl\w*|spin|swim\w*|swam|pool|"
    r"paddl\w*|kayak\w*|canoe\w*)\b"
)


def _run_repeats_only(text: str, raw: str) -> bool:
    """Whether the only ways a run's message says are its repeats' ("8x400m w 90s rest,
    whole thing 42 min": the repeats add no way of their own, the jogs between are unsaid)."""
    if not _RAN.search(text) or _SUMMED_SPORT.search(raw) or _SUMMED_SPORT.search(text):
        return False
    return not _WAYED.search(_REPEATS.sub(" ", _without_totals(text)))


def _without_totals(raw: str) -> str:
    for pattern in (_TIME_AFTER, _TIME_BEFORE):
        raw = pattern.sub(" ", raw)
    return raw


def _pieces_way(raw: str) -> float | None:
    """The way of a session told by its pieces in one unit, the first with it ("2 mi warm
    up, 4 @ tempo, 1 cool down"); None unless every way the message says is such a piece."""
    pieces = list(_PIECE.finditer(raw))
    units = {_unit(m.group("u")) for m in pieces if m.group("u")}
    if len(pieces) < 2 or len(units) != 1 or not pieces[0].group("u"):
        return None
    if len(_WAYED.findall(_without_totals(raw))) != len([m for m in pieces if m.group("u")]):
        return None  # another way said beside the pieces (a repeat's, a swim's)
    unit = units.pop()
    return sum(_metres(m.group("n"), unit) for m in pieces)


def _rowed_way(raw: str) -> float | None:
    """An erg's pieces with rests between ("10 x 500m w/ 1 min rest"): the way rowed."""
    found = list(_REPEATS.finditer(raw))
    if len(found) != 1 or not _RESTED.search(raw):
        return None
    if len(_WAYED.findall(_REPEATS.sub(" ", _without_totals(raw)))) != 0:
        return None  # a warm-up's or another way besides
    m = found[0]
    return int(m.group("c")) * _metres(m.group("n"), m.group("u"))


def _unit(unit: str) -> str:
    return "mi" if unit.startswith("mi") else "km"
