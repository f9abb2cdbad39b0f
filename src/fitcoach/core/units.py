"""Unit conversion at the edges. Inside fitcoach: kg, m, s, cm, kcal."""

from __future__ import annotations

import math
import re

from fitcoach.core.errors import InvalidInput

KG_PER_LB = 0.45359237
M_PER_MI = 1609.344
M_PER_KM = 1000.0
CM_PER_IN = 2.54

_MASS_UNITS = {
    "kg": 1.0,
    "kgs": 1.0,
    "kilo": 1.0,
    "kilos": 1.0,
    "kilogram": 1.0,
    "kilograms": 1.0,
    "lb": KG_PER_LB,
    "lbs": KG_PER_LB,
    "pound": KG_PER_LB,
    "pounds": KG_PER_LB,
    "g": 0.001,
    "st": 6.35029318,
    "stone": 6.35029318,
    "stones": 6.35029318,
}
KG_PER_STONE = 6.35029318
# "12 st 6", "12 stone 6 lb", "12st 6lbs": stones and pounds, as British scales read.
_STONE_POUNDS = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(?:st|stones?)\s*(?:and\s*)?(\d+(?:\.\d+)?)\s*(?:lbs?|pounds?)?\s*$",
    re.IGNORECASE,
)
_DISTANCE_UNITS = {
    "m": 1.0,
    "meter": 1.0,
    "meters": 1.0,
    "metre": 1.0,
    "metres": 1.0,
    "km": M_PER_KM,
    "kms": M_PER_KM,
    "kilometer": M_PER_KM,
    "kilometers": M_PER_KM,
    "kilometre": M_PER_KM,
    "kilometres": M_PER_KM,
    "mi": M_PER_MI,
    "mile": M_PER_MI,
    "miles": M_PER_MI,
    "yd": 0.9144,
    "yard": 0.9144,
    "yards": 0.9144,
}
_DURATION_UNITS = {
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
}
_LENGTH_UNITS = {"cm": 1.0, "m": 100.0, "in": CM_PER_IN, "inch": CM_PER_IN, "inches": CM_PER_IN}

# How precisely each kind of measurement is stored: the step it is rounded to at the service
# boundary (the input schemas), defined here once. Finer digits are conversion noise (160 lb is
# 72.57477920000001 kg) or beyond what the instrument measures.
PRECISION: dict[str, float] = {
    "body_mass_kg": 0.1,  # a bathroom scale
    "load_kg": 0.01,  # keeps 1.25 kg dumbbell steps and 0.25 kg plates exact
    "length_cm": 0.1,
    "heart_rate_bpm": 1.0,  # resting, average and maximum heart rate
    "hrv_ms": 0.1,  # rMSSD
    "sleep_s": 60.0,  # a day's sleep, to the minute (a session's stages: to the second)
    "duration_s": 1.0,
    "distance_m": 1.0,
    "energy_kcal": 1.0,
    "macro_g": 0.1,
}


def to_precision(value: float, kind: str) -> float:
    """``value`` rounded to the step ``PRECISION[kind]`` (half away from zero never matters
    here; Python's round-half-even is used on the step count). Not finite: unchanged."""
    steps = value / PRECISION[kind]
    if not math.isfinite(steps):  # inf, nan, or near the float maximum: the range checks refuse it
        return value
    return round(round(steps) * PRECISION[kind], 6)


_QUANTITY = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([a-zA-Z]*)\s*$")


def _float(number: int | float | str, what: str) -> float:
    """``float(number)``; a number too large for a float (a 401-digit integer) is refused."""
    try:
        return float(number)
    except OverflowError:
        raise InvalidInput(f"{what} is too large a number") from None


def _parse(text: str | float | int, units: dict[str, float], default: str, what: str) -> float:
    if isinstance(text, bool):
        raise InvalidInput(f"{what} must be a number, not {text!r}")
    if isinstance(text, int | float):
        value = _float(text, what)
        factor = 1.0
    elif not isinstance(text, str):  # e.g. a JSON object or list where a quantity belongs
        raise InvalidInput(f"{what} must be a number or a text like '80 {default}'")
    else:
        match = _QUANTITY.match(text)
        if not match:
            raise InvalidInput(
                f"{what} {text!r} is not a number with an optional unit; "
                f"write it like '80' or '80 {default}' (units: {', '.join(sorted(set(units)))})"
            )
        number = match.group(1)
        if re.fullmatch(r"[-+]?\d{1,3},\d{3}", number):
            raise InvalidInput(
                f"{what} {text!r} is ambiguous: write 1000 for a thousand or 1.5 for one and a half"
            )
        value = float(number.replace(",", "."))
        unit = (match.group(2) or default).lower()
        if unit not in units:
            raise InvalidInput(
                f"unknown unit {match.group(2)!r} for {what}; use one of {', '.join(sorted(units))}"
            )
        factor = units[unit]
    if not math.isfinite(value):
        raise InvalidInput(f"{what} must be a finite number")
    return value * factor


def parse_mass_kg(text: str | float | int, default_unit: str = "kg") -> float:
    """``"176 lb"`` → 79.83, ``"12 st 6"`` → 78.93; a bare number is in ``default_unit``."""
    if isinstance(text, str) and (m := _STONE_POUNDS.match(text)):
        pounds = float(m.group(2))
        if pounds >= 14:
            raise InvalidInput(f"weight {text!r}: a stone is 14 lb, so the pounds must be under 14")
        return float(m.group(1)) * KG_PER_STONE + pounds * KG_PER_LB
    return _parse(text, _MASS_UNITS, default_unit, "weight")


def parse_distance_m(text: str | float | int, default_unit: str = "km") -> float:
    """``"5 mi"`` → 8046.72; a bare number is in ``default_unit``."""
    return _parse(text, _DISTANCE_UNITS, default_unit, "distance")


def parse_duration_s(text: str | float | int, default_unit: str = "min") -> float:
    """``"1.5 h"`` → 5400; ``"45:30"`` (minutes:seconds) and ``"1:02:03"`` are accepted too."""
    if isinstance(text, str) and ":" in text:
        parts = text.strip().split(":")
        # Minutes and seconds after the first part are 0-59: "1:75" is a typo, not 135 s.
        if (
            len(parts) in (2, 3)
            and all(p.isdigit() for p in parts)
            and all(int(p) < 60 for p in parts[1:])
        ):
            nums = [int(p) for p in parts]
            return _float(sum(n * 60**i for i, n in enumerate(reversed(nums))), "duration")
        raise InvalidInput(f"duration {text!r} is not like 45:30 or 1:02:03")
    return _parse(text, _DURATION_UNITS, default_unit, "duration")


def parse_length_cm(text: str | float | int, default_unit: str = "cm") -> float:
    """``"70 in"`` → 177.8; a bare number is in ``default_unit``."""
    return _parse(text, _LENGTH_UNITS, default_unit, "height")


def kg_to_lb(kg: float) -> float:
    """Kilograms to pounds."""
    return kg / KG_PER_LB


def m_to_mi(m: float) -> float:
    """Metres to miles."""
    return m / M_PER_MI
