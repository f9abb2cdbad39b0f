"""A range said where one figure is logged (issue 57, corpus 57k writer BP, and writers C and
BN before): "rir 1-2", "rpe 7 to 8", "slept 7-8 hours", "5-6 hrs of sleep". The figure logged
is the middle of the range (RIR 1.5, 7.5 h), as the writers' golds read it; left as written the
first figure was "a number nothing accounts for" and the log asked. Only narrow ranges of
effort (at most 2 apart, on the 0-10 scales) and of a night's sleep (at most 1.5 h apart,
3 to 14 h) are read; any other range stays as written (asked about).

Also the body weight a learner or a dictation writes with the time of day alone ("morning:
80.1 kg", "morning 68 kg, lunch ..."): a mass at the very start, after "morning", is the
morning's weigh-in (no lift is named before it). ``midpoints`` runs in ``normalise``.
"""

from __future__ import annotations

import re
from decimal import Decimal

_FIG = r"\d+(?:\.\d+)?"
_TO = r"\s*(?:-|–|to|or)\s*"
_EFFORT = re.compile(
    rf"\b(?P<kind>rir|rpe)\s*(?:of\s+)?(?P<a>{_FIG}){_TO}(?P<b>{_FIG})\b"
    r"(?![.,]\d|\s*(?:x|sets?|reps?|kg|lbs?|min|mins|minutes|km|%)\b)"
)
_HOURS = r"(?P<u>h|hrs?|hours?)\b"
_SLEEP = re.compile(
    rf"\b(?P<pre>(?:slept|sleep|sleeping)\s+(?:(?:about|around|like|maybe|roughly|only|just)\s+)?)"
    rf"(?P<a>{_FIG}){_TO}(?P<b>{_FIG})\s*{_HOURS}"
    rf"|(?<![\d.])(?P<a2>{_FIG}){_TO}(?P<b2>{_FIG})\s*(?P<u2>h|hrs?|hours?)\s+(?:of\s+)?sleep\b"
)
_MORNING_WEIGHT = re.compile(
    r"^(?:(?:this|in the|my) )?morning\s*[:,-]?\s*(?=\d{2,3}(?:\.\d{1,2})?\s*(?:kgs?|kilos?|lbs?)\b)"
)


def _mid(a: str, b: str) -> str:
    return format(((Decimal(a) + Decimal(b)) / 2).normalize(), "f")


def _effort(m: re.Match[str]) -> str:
    a, b = float(m.group("a")), float(m.group("b"))
    if not (0 <= a < b <= 10 and b - a <= 2):
        return m.group(0)
    return f"{m.group('kind')} {_mid(m.group('a'), m.group('b'))}"


def _sleep(m: re.Match[str]) -> str:
    first, last = m.group("a") or m.group("a2"), m.group("b") or m.group("b2")
    a, b = float(first), float(last)
    if not (3 <= a < b <= 14 and b - a <= 1.5):
        return m.group(0)
    if m.group("a") is not None:
        return f"{m.group('pre')}{_mid(first, last)} {m.group('u')}"
    return f"{_mid(first, last)} {m.group('u2')} sleep"


def midpoints(text: str) -> str:
    """``text`` (normalised) with a narrow range of effort or of sleep as its middle, and a
    weigh-in said with "morning" alone as a weight."""
    # (an effort's range after several lifts is no figure of one: "..., lat pulldown 3x12 55,
    # rir 1-2" stays asked)
    one_lift = len(re.findall(r"\d\s*x\s*\d|\bsets?\b", text)) <= 1
    out = _EFFORT.sub(_effort, text) if one_lift else text
    out = _SLEEP.sub(_sleep, out)
    return _MORNING_WEIGHT.sub("weight ", out)
