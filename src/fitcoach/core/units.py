"""Unit conversion at the edges. Inside fitcoach: kg, m, s, cm, kcal.

Parsing (``parse_mass_kg``, ``parse_distance_m`` ...) turns what people type into those units;
formatting (``format_mass``, ``format_distance``, ``format_pace``) writes stored values in the
athlete's unit system (``Units``: metric or imperial, a profile field)."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

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
_LENGTH_UNITS = {
    "cm": 1.0,
    "m": 100.0,
    "mm": 0.1,
    "in": CM_PER_IN,
    "inch": CM_PER_IN,
    "inches": CM_PER_IN,
    '"': CM_PER_IN,  # 33" (a tape's inch mark)
    "ft": 12 * CM_PER_IN,
    "foot": 12 * CM_PER_IN,
    "feet": 12 * CM_PER_IN,
}
# "5 ft 10", "5 ft 10 in", "5'10", "5′10″", "5 feet 10 inches": a height in feet and inches, as
# people in the US and the UK say it (``parse_length_cm``).
_FEET_INCHES = re.compile(
    r"^\s*(\d+)\s*(?:ft|foot|feet|'|′|’)\s*(?:and\s*)?"
    r"(\d+(?:[.,]\d+)?)\s*(?:in|inch|inches|\"|″|”|'')?\s*$",
    re.IGNORECASE,
)

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


_QUANTITY = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*([a-zA-Z]*|\")\s*$")


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


G_PER_OZ = 28.349523125
# A portion of food: grams by default; ounces and pounds as an imperial kitchen weighs it.
_FOOD_UNITS = {
    "g": 1.0,
    "gram": 1.0,
    "grams": 1.0,
    "kg": 1000.0,
    "oz": G_PER_OZ,
    "ounce": G_PER_OZ,
    "ounces": G_PER_OZ,
    "lb": KG_PER_LB * 1000,
    "lbs": KG_PER_LB * 1000,
    "pound": KG_PER_LB * 1000,
    "pounds": KG_PER_LB * 1000,
}


def parse_food_grams(text: str | float | int) -> float:
    """A portion of food in grams: ``"150"`` → 150, ``"6 oz"`` → 170.1, ``"1 lb"`` → 453.6."""
    return _parse(text, _FOOD_UNITS, "g", "amount")


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


def parse_length_cm(
    text: str | float | int, default_unit: str = "cm", *, what: str = "height"
) -> float:
    """``"70 in"`` → 177.8, ``'33"'`` → 83.82, ``"5 ft 10"`` (or ``5'10"``) → 177.8; a bare
    number is in ``default_unit``; ``what`` names the quantity in a refusal ("waist", "height")."""
    if isinstance(text, str) and (m := _FEET_INCHES.match(text)):
        inches = float(m.group(2).replace(",", "."))
        if inches >= 12:
            raise InvalidInput(f"{what} {text!r}: a foot is 12 in, so the inches must be under 12")
        return int(m.group(1)) * 12 * CM_PER_IN + inches * CM_PER_IN
    return _parse(text, _LENGTH_UNITS, default_unit, what)


KJ_PER_KCAL = 4.184  # the thermochemical calorie, as food labels use it


def kj_to_kcal(kj: float) -> float:
    """Food energy in kilojoules (Australian and South African labels) as kcal."""
    return kj / KJ_PER_KCAL


def kg_to_lb(kg: float) -> float:
    """Kilograms to pounds."""
    return kg / KG_PER_LB


def m_to_mi(m: float) -> float:
    """Metres to miles."""
    return m / M_PER_MI


def cm_to_in(cm: float) -> float:
    """Centimetres to inches."""
    return cm / CM_PER_IN


# --- the athlete's unit system: what bare numbers mean and how quantities are shown -------------
#
# Stored values stay SI (kg, m, cm); each athlete chooses how they read and type them. "metric":
# kg, km and cm; "imperial": lb, miles and inches (a body measurement from a tape). One helper
# per quantity formats for every interface (the pages' Jinja filters, chat replies, the weekly
# report, the command line).

Units = Literal["metric", "imperial"]
UNIT_SYSTEMS: tuple[Units, ...] = ("metric", "imperial")
DEFAULT_UNITS: Units = "metric"

# Decimal places shown, by unit system and quantity. They follow what is stored
# (``PRECISION``): a load to 0.01 kg shows as 0.01 kg or 0.1 lb (0.01 kg is 0.022 lb: a second
# decimal in lb would be conversion noise); a body weight to 0.1 kg shows as 0.1 kg or the whole
# pound (0.1 kg is 0.22 lb: tenths of a pound are not held); distances to the metre as 0.01 km
# or 0.01 mi. A value typed in the shown precision reads back the same (tests/core/test_units.py).
DISPLAY_PLACES: dict[tuple[Units, str], int] = {
    ("metric", "load"): 2,
    ("imperial", "load"): 1,
    ("metric", "body"): 1,
    ("imperial", "body"): 0,
    ("metric", "distance"): 2,
    ("imperial", "distance"): 2,
    # A tape measurement, stored to 0.1 cm (``PRECISION["length_cm"]``): 0.1 cm or 0.1 in.
    # 0.1 in is 0.254 cm, so a value typed to 0.1 in is stored within 0.05 cm (0.02 in) of it
    # and reads back the same; 0.1 cm is 0.04 in, finer than a tape read in inches.
    ("metric", "length"): 1,
    ("imperial", "length"): 1,
}
MassKind = Literal["load", "body"]


def units_or_default(value: object) -> Units:
    """``value`` as a unit system; None or anything unknown (an old row) is metric."""
    return "imperial" if value == "imperial" else DEFAULT_UNITS


# Where people weigh in pounds and run in miles: the United States, Liberia and Myanmar.
IMPERIAL_REGIONS = frozenset({"US", "LR", "MM"})


def units_for_languages(accept_language: str | None) -> Units:
    """The unit system a browser's ``Accept-Language`` header suggests: imperial when its
    preferred language names an imperial region (``en-US``), metric otherwise (``en-GB``,
    ``de``, a bare ``en``, no header). Only a starting point: the athlete picks at once."""
    best: tuple[float, str] | None = None
    for part in (accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and (best is None or q > best[0]):
            best = (q, tag)
    if best is None:
        return DEFAULT_UNITS
    subtags = best[1].replace("_", "-").split("-")[1:]
    region = next((t for t in subtags if len(t) == 2 and t.isalpha()), "")
    return "imperial" if region.upper() in IMPERIAL_REGIONS else DEFAULT_UNITS


def mass_unit(units: Units | None) -> str:
    """The mass unit of a unit system: ``kg`` or ``lb`` (what a bare number is in)."""
    return "lb" if units == "imperial" else "kg"


def distance_unit(units: Units | None) -> str:
    """The distance unit of a unit system: ``km`` or ``mi`` (what a bare number is in)."""
    return "mi" if units == "imperial" else "km"


def length_unit(units: Units | None) -> str:
    """The unit of a body measurement (a tape's) in a unit system: ``cm`` or ``in``."""
    return "in" if units == "imperial" else "cm"


def _tidy(value: float, places: int) -> str:
    """``value`` to ``places`` decimals without trailing zeros: 80.0 → ``80``, 2.50 → ``2.5``.
    An exact tie rounds away from zero (1.25 → ``1.3``), as the pages' scripts do
    (``Number.toFixed``): a page and its script never write one value two ways."""
    exact = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{exact:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _finite(value: float | int | None) -> bool:
    return value is not None and not isinstance(value, bool) and math.isfinite(float(value))


def mass_number(
    kg: float | None, units: Units | None, *, kind: MassKind = "load", places: int | None = None
) -> str:
    """A stored mass as the number the athlete reads and types (no unit): ``80`` kg reads
    ``176.4`` for a load in lb; "" when there is none (an empty form field)."""
    if not _finite(kg):
        return ""
    assert kg is not None
    system = units_or_default(units)
    value = float(kg) / KG_PER_LB if system == "imperial" else float(kg)
    return _tidy(value, DISPLAY_PLACES[system, kind] if places is None else places)


def format_mass(
    kg: float | None,
    units: Units | None,
    *,
    kind: MassKind = "load",
    per_hand: bool = False,
    places: int | None = None,
) -> str:
    """A stored mass in the athlete's unit: ``80 kg``, ``176.4 lb``; ``per_hand`` says the load
    is each dumbbell's (``coach.library.load_per_hand``); None reads "—"."""
    number = mass_number(kg, units, kind=kind, places=places)
    if not number:
        return "—"
    return f"{grouped(number)} {mass_unit(units)}" + (" per hand" if per_hand else "")


def grouped(number: str) -> str:
    """A number as text with thousands grouped as the pages write totals: ``7815.4`` →
    ``7,815.4`` (what is read, beside ``7,815 lb``; a form field keeps ``mass_number``'s
    plain digits, which parse back)."""
    sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
    whole, dot, fraction = digits.partition(".")
    if len(whole) <= 3 or not whole.isdigit():
        return number
    return f"{sign}{int(whole):,}{dot}{fraction}"


def distance_number(metres: float | None, units: Units | None, *, places: int | None = None) -> str:
    """A stored distance as the number the athlete reads and types: 5000 m → ``5`` (km) or
    ``3.11`` (mi); "" when there is none."""
    if not _finite(metres):
        return ""
    assert metres is not None
    system = units_or_default(units)
    per_unit = M_PER_MI if system == "imperial" else M_PER_KM
    return _tidy(
        float(metres) / per_unit, DISPLAY_PLACES[system, "distance"] if places is None else places
    )


def format_distance(metres: float | None, units: Units | None) -> str:
    """A stored distance in the athlete's unit: ``5 km``, ``3.11 mi``; None reads "—"."""
    number = distance_number(metres, units)
    return f"{number} {distance_unit(units)}" if number else "—"


def length_number(cm: float | None, units: Units | None, *, places: int | None = None) -> str:
    """A stored body measurement as the number the athlete reads and types: 84 cm → ``84``
    (cm) or ``33.1`` (in); "" when there is none."""
    if not _finite(cm):
        return ""
    assert cm is not None
    system = units_or_default(units)
    value = float(cm) / CM_PER_IN if system == "imperial" else float(cm)
    return _tidy(value, DISPLAY_PLACES[system, "length"] if places is None else places)


def length_value(cm: float | None, units: Units | None) -> float | None:
    """``length_number`` as a number (a chart's point): None when there is none."""
    number = length_number(cm, units)
    return float(number) if number else None


def format_length(cm: float | None, units: Units | None, *, signed: bool = False) -> str:
    """A stored body measurement in the athlete's unit: ``84 cm``, ``33.1 in``; ``signed``
    writes a change with its sign as the weekly report does (``+1.2 cm``, ``−0.5 in``,
    ``±0 cm``); None reads "—"."""
    number = length_number(cm, units)
    if not number:
        return "—"
    if signed:
        number = "±0" if number == "0" else number.replace("-", "−") if number.startswith("-") else f"+{number}"  # fmt: skip
    return f"{number} {length_unit(units)}"


def height_number(cm: float | None, units: Units | None) -> str:
    """A stored height as the athlete reads and types it: ``178`` (cm) or ``5 ft 10`` (feet
    and inches, to the inch: a height is not measured finer); "" when there is none."""
    if not _finite(cm):
        return ""
    assert cm is not None
    if units_or_default(units) == "metric":
        return _tidy(float(cm), 1)
    feet, inches = divmod(round(float(cm) / CM_PER_IN), 12)
    return f"{feet} ft {inches}"


def format_height(cm: float | None, units: Units | None) -> str:
    """A stored height in the athlete's units: ``178 cm`` or ``5 ft 10 in``; None reads "—"."""
    number = height_number(cm, units)
    if not number:
        return "—"
    return f"{number} cm" if units_or_default(units) == "metric" else f"{number} in"


def parse_height_for(text: str | float | int, units: Units | None) -> float:
    """A height typed by the athlete, in cm: "178 cm", "5 ft 10", "70 in"; a bare number is cm,
    or inches for imperial units ("70")."""
    return parse_length_cm(text, default_unit=length_unit(units), what="height")


def format_pace(seconds_per_km: float | None, units: Units | None) -> str:
    """A pace (stored per km) per the athlete's distance unit: ``5:30/km``, ``8:51/mi``
    (rounded to the second); None reads "—"."""
    if not _finite(seconds_per_km) or seconds_per_km is None or seconds_per_km <= 0:
        return "—"
    per_unit = seconds_per_km * (M_PER_MI / M_PER_KM if units == "imperial" else 1.0)
    total = round(per_unit)
    return f"{total // 60}:{total % 60:02d}/{distance_unit(units)}"


def parse_mass_for(text: str | float | int, units: Units | None) -> float:
    """``parse_mass_kg`` with a bare number in the athlete's mass unit (lb for imperial)."""
    return parse_mass_kg(text, default_unit=mass_unit(units))


def parse_distance_for(text: str | float | int, units: Units | None) -> float:
    """``parse_distance_m`` with a bare number in the athlete's distance unit (mi for imperial)."""
    return parse_distance_m(text, default_unit=distance_unit(units))


def parse_length_for(
    text: str | float | int, units: Units | None, *, what: str = "length"
) -> float:
    """``parse_length_cm`` with a bare number in the athlete's length unit (in for imperial)."""
    return parse_length_cm(text, default_unit=length_unit(units), what=what)


_KG_IN_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) ?kg\b")
_KM_IN_TEXT = re.compile(r"(?<![\w.:])(\d+(?:\.\d+)?) ?km\b(?!/)")
_PACE_IN_TEXT = re.compile(r"\b(\d{1,2}):([0-5]\d) ?(?:min)?/km\b")
_HEIGHT_IN_TEXT = re.compile(r"\bheight (\d+(?:\.\d+)?) ?cm\b")
_CM_IN_TEXT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) ?cm\b")
# "1.8 g/kg", "1.6–2.2 g/kg", "1.8 g per kg": an amount per kilogram of body weight (protein,
# fat); then "per kg" said on its own ("protein and fat per kg use 70 kg").
_PER_KG_IN_TEXT = re.compile(r"(?<![\w.])(?:(\d+(?:\.\d+)?)(–|-))?(\d+(?:\.\d+)?) ?g(/| per )kg\b")
_PER_KG_WORDS = re.compile(r"\bper kg\b")


def _per_lb(match: re.Match[str]) -> str:
    low = f"{_tidy(float(match[1]) * KG_PER_LB, 2)}{match[2]}" if match[1] else ""
    return f"{low}{_tidy(float(match[3]) * KG_PER_LB, 2)} g{match[4]}lb"


def quantities_in_text(text: str, units: Units | None) -> str:
    """Engine sentences (``coach.explanations`` reasons, plan lines, plan-change sentences:
    "load goes up 2.5 kg to 62.5 kg", "easy-run 30 min / 5 km at 5:30/km", the nutrition
    targets' "height 178 cm", "1.8 g/kg") with every "N kg", "N km", pace per km, "N cm" and
    amount per kg of body weight in the athlete's units. Metric: unchanged. The engine writes
    loads in kg, distances in km, paces per km and lengths in cm only, so these are all there
    is to convert: a "height N cm" reads in feet and inches (``format_height``), another length
    in inches (``format_length``)."""
    if units_or_default(units) == "metric":
        return text
    text = _HEIGHT_IN_TEXT.sub(lambda m: f"height {format_height(float(m.group(1)), units)}", text)
    text = _CM_IN_TEXT.sub(lambda m: format_length(float(m.group(1)), units), text)
    text = _PER_KG_WORDS.sub("per lb", _PER_KG_IN_TEXT.sub(_per_lb, text))
    text = _KG_IN_TEXT.sub(lambda m: format_mass(float(m.group(1)), units), text)
    text = _PACE_IN_TEXT.sub(
        lambda m: format_pace(int(m.group(1)) * 60 + int(m.group(2)), units), text
    )
    return _KM_IN_TEXT.sub(lambda m: format_distance(float(m.group(1)) * M_PER_KM, units), text)


# Keys of JSON data that name a metric quantity, and what each becomes for an imperial reader:
# (the key's new ending, the factor from the stored unit, decimals kept). Decimals beyond what a
# person reads, so that a model quoting the value rounded is still grounded by it.
_DATA_KEYS: tuple[tuple[str, str, float, int], ...] = (
    ("_kg", "_lb", 1 / KG_PER_LB, 2),
    ("distance_m", "distance_mi", 1 / M_PER_MI, 3),
    ("_km", "_mi", M_PER_KM / M_PER_MI, 3),
    ("_cm", "_in", 1 / CM_PER_IN, 1),
)


def quantities_in_data(data: object, units: Units | None) -> object:
    """JSON data (a tool's answer) as an athlete who reads lb and miles is given it: every
    number under a key naming kg, metres of distance, km or cm is converted and its key renamed
    (``weight_kg`` → ``weight_lb``, ``distance_m`` → ``distance_mi``, ``height_cm`` →
    ``height_in``), and every text says its quantities in lb and miles
    (``quantities_in_text``). Metric: unchanged."""
    if units_or_default(units) == "metric":
        return data
    if isinstance(data, str):
        return quantities_in_text(data, units)
    if isinstance(data, list | tuple):
        return [quantities_in_data(item, units) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict[object, object] = {}
    for key, value in data.items():
        rule = next((r for r in _DATA_KEYS if isinstance(key, str) and key.endswith(r[0])), None)
        if rule is None:
            out[key] = quantities_in_data(value, units)
            continue
        ending, new_ending, factor, places = rule
        renamed = key[: -len(ending)] + new_ending
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[renamed] = round(float(value) * factor, places) if _finite(value) else value
        elif isinstance(value, list):
            out[renamed] = [
                round(float(v) * factor, places)
                if isinstance(v, int | float) and not isinstance(v, bool) and _finite(v)
                else quantities_in_data(v, units)
                for v in value
            ]
        else:
            out[renamed] = quantities_in_data(value, units)
    return out
