"""A distance written without its unit before the time it took ("ran 3.1 in 29:45", "jogged 5
in 31 min"): the athlete's own distance unit (km, or miles for imperial), as a bare load is
read in their mass unit. Only after a verb of moving on foot or by bike and before "in" and a
time, and only where the pace that makes is one people move at."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import bare_units_system

_BARE = re.compile(
    r"\b(?P<verb>ran|run|running|jogged|jog|jogging|walked|walk|hiked|hike|cycled|biked|rode|"
    r"ride|cycle)\s+(?:a\s+|an?\s+easy\s+)?(?P<dist>\d{1,3}(?:\.\d{1,2})?)\s+in\s+"
    r"(?P<time>(?:(?P<h>\d):)?(?P<m>\d{1,2}):(?P<s>[0-5]\d)\b(?!:)"
    r"|(?P<mins>\d{1,3}(?:\.\d+)?)\s*(?:mins?|minutes?)\b"
    # "ran 6.2 in 52 flat": whole minutes said with no unit (stop 93)
    r"|(?P<flat>\d{1,3})\s+flat\b)"
)
# min per km a person moves at, by the verb's kind (a sprint to a slow walk; a fast ride to a
# slow one)
_FOOT = (2.5, 20.0)
_BIKE = (1.0, 6.0)


def _minutes(m: re.Match[str]) -> float:
    if m.group("mins"):
        return float(m.group("mins"))
    if m.group("flat"):
        return float(m.group("flat"))
    return int(m.group("h") or 0) * 60 + int(m.group("m")) + int(m.group("s")) / 60


def _with_unit(m: re.Match[str]) -> str:
    unit = "mi" if bare_units_system() == "imperial" else "km"
    km = float(m.group("dist")) * (1.609344 if unit == "mi" else 1.0)
    low, high = _BIKE if m.group("verb").startswith(("cycl", "bik", "rod", "rid")) else _FOOT
    if km <= 0 or not low <= _minutes(m) / km <= high:
        return m.group(0)
    end = m.end("dist")
    whole = m.group(0)
    offset = m.start()
    told = f"{whole[: end - offset]} {unit}{whole[end - offset :]}"
    return re.sub(r"(\d)\s+flat\b", r"\1 min", told) if m.group("flat") else told


def with_distance_unit(text: str) -> str:
    """``text`` (normalised) with the athlete's distance unit after a bare distance run or
    ridden "in" a time."""
    return _BARE.sub(_with_unit, text)
