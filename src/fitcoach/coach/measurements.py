"""Body measurements from a tape: the sites, what a tape plausibly reads at each, and the shape
of one day's entry at the service boundary.

The sites are those lifters and their coaches track (wger, Hevy and Strong offer the same):
circumferences in centimetres, limbs left and right, and an optional body-fat percentage the
athlete got elsewhere (a DEXA scan, a scale, callipers). Values are typed in the athlete's
length unit (cm or in, ``core.units``), stored in cm to 0.1 cm (``PRECISION["length_cm"]``),
and refused outside the plausible range with that range in the athlete's unit, so that a typo
(840 for 84) or the wrong unit (33 taken as cm) never reaches the charts.

The ranges are wide enough for every adult a tape is put around (the smallest and largest
bodies in the anthropometric surveys, with room), and no wider: they catch typos and unit
mistakes, not unusual bodies.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, model_validator

from fitcoach.coach.schemas import UNITS, _Sourced
from fitcoach.core.bounds import Day, Text
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    Units,
    length_number,
    length_unit,
    parse_length_cm,
    parse_length_for,
    to_precision,
)


@dataclass(frozen=True)
class Site:
    """A place the tape goes: its key (``waist``), the words people use for it, and the range
    of plausible circumferences in cm (inclusive)."""

    key: str
    label: str
    low_cm: float
    high_cm: float
    how: str

    @property
    def field(self) -> str:
        """The entry's field for this site: ``waist_cm``."""
        return f"{self.key}_cm"


SITES: tuple[Site, ...] = (
    Site("neck", "neck", 20, 70, "below the larynx, tape sloping slightly down to the front"),
    Site("shoulders", "shoulders", 70, 200, "around both shoulders at their widest"),
    Site("chest", "chest", 50, 200, "at the nipples, after a normal breath out"),
    Site("waist", "waist", 40, 200, "at the navel, relaxed, after a normal breath out"),
    Site("hips", "hips", 50, 200, "around the buttocks at their widest"),
    Site("upper_arm_left", "left upper arm", 15, 70, "mid upper arm, relaxed"),
    Site("upper_arm_right", "right upper arm", 15, 70, "mid upper arm, relaxed"),
    Site("forearm_left", "left forearm", 12, 55, "at the forearm's widest, relaxed"),
    Site("forearm_right", "right forearm", 12, 55, "at the forearm's widest, relaxed"),
    Site("thigh_left", "left thigh", 30, 110, "mid thigh, standing"),
    Site("thigh_right", "right thigh", 30, 110, "mid thigh, standing"),
    Site("calf_left", "left calf", 20, 70, "at the calf's widest, standing"),
    Site("calf_right", "right calf", 20, 70, "at the calf's widest, standing"),
)
SITE_KEYS: tuple[str, ...] = tuple(s.key for s in SITES)
BY_KEY: dict[str, Site] = {s.key: s for s in SITES}

# Body fat as a percentage of body mass: entered (a scan, a scale) or estimated from the tape.
BODY_FAT = "body_fat"
BODY_FAT_FIELD = "body_fat_pct"
BODY_FAT_RANGE = (2.0, 70.0)  # essential fat to the highest DEXA readings
BODY_FAT_STEP = 0.1
# Every stored kind of measurement: the sites and body fat (the ``site`` column's values).
KINDS: tuple[str, ...] = (*SITE_KEYS, BODY_FAT)
NOTES_MAX = 1000


def label_of(kind: str) -> str:
    """How people read a stored kind: ``left upper arm``, ``body fat``."""
    return "body fat" if kind == BODY_FAT else BY_KEY[kind].label


def _both(cm: float, units: Units | None) -> str:
    """``84 cm``, or ``33.1 in (84 cm)`` for inches: what the athlete reads, and what is stored."""
    text = f"{length_number(cm, units)} {length_unit(units)}"
    return text if length_unit(units) == "cm" else f"{text} ({length_number(cm, None)} cm)"


def range_text(site: Site, units: Units | None) -> str:
    """The site's plausible range in the athlete's unit, with cm alongside for inches:
    ``40–200 cm`` or ``15.7–78.7 in (40–200 cm)``."""
    unit = length_unit(units)
    text = f"{length_number(site.low_cm, units)}–{length_number(site.high_cm, units)} {unit}"
    if unit != "cm":
        text += f" ({length_number(site.low_cm, None)}–{length_number(site.high_cm, None)} cm)"
    return text


def check_site(site: Site, cm: float, units: Units | None) -> float:
    """``cm`` when it is a plausible reading at ``site``; else ``InvalidInput`` saying the
    range and the unit."""
    if not math.isfinite(cm) or not site.low_cm <= cm <= site.high_cm:
        # A number far beyond any body (1e27) is said as typed: formatting it to the tenth
        # would overflow the decimal context.
        shown = math.isfinite(cm) and abs(cm) < 100_000
        given = _both(cm, units) if shown else f"{cm:g} cm" if math.isfinite(cm) else "this value"
        raise InvalidInput(
            f"{site.label} {given} is outside what a tape reads there: "
            f"{range_text(site, units)}; check the number and its unit (cm or in)"
        )
    return cm


def check_body_fat(percent: float) -> float:
    """``percent`` when it is a plausible body-fat percentage; else ``InvalidInput``."""
    low, high = BODY_FAT_RANGE
    if not math.isfinite(percent) or not low <= percent <= high:
        raise InvalidInput(
            f"body fat {percent:g} % is outside the plausible range {low:g}–{high:g} % of body "
            "mass; give a percentage, e.g. 18.5"
        )
    return percent


def _units_of(info: ValidationInfo) -> Units | None:
    units = (info.context or {}).get(UNITS)
    return units if units in ("metric", "imperial") else None


def _length(site: Site) -> Any:
    """Read a site's value: a JSON number is cm; text with a unit is converted ("33 in"); text
    without one is in the athlete's unit (the context's ``UNITS``); rounded to 0.1 cm, then
    held to the site's range (the message gives it in the athlete's unit)."""

    def convert(value: Any, info: ValidationInfo) -> Any:
        if value is None or value == "":
            return None
        units = _units_of(info)
        try:
            if isinstance(value, str) and units is not None:
                cm = parse_length_for(value, units, what=site.label)
            else:
                cm = parse_length_cm(value, what=site.label)
            return check_site(site, to_precision(cm, "length_cm"), units)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None

    return BeforeValidator(convert)


_PERCENT = re.compile(r"^\s*([-+]?\d+(?:[.,]\d+)?)\s*(?:%|percent|pct)?\s*$", re.IGNORECASE)


def _body_fat(value: Any) -> Any:
    """A percentage: a number, or text like "18.5 %"; rounded to 0.1 and held to its range."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("body fat must be a percentage, e.g. 18.5")
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if not match:
            raise ValueError(f"body fat {value[:40]!r} is not a percentage; write it like 18.5")
        value = float(match.group(1).replace(",", "."))
    if not isinstance(value, int | float):
        raise ValueError("body fat must be a percentage, e.g. 18.5")
    try:
        return check_body_fat(round(round(float(value) / BODY_FAT_STEP) * BODY_FAT_STEP, 1))
    except (InvalidInput, OverflowError, ValueError) as exc:
        message = exc.message if isinstance(exc, InvalidInput) else "body fat is too large a number"
        raise ValueError(message) from None


def _cm(key: str) -> Any:
    return _length(BY_KEY[key])


# One type per site (its parser and range travel with it).
NeckCm = Annotated[float | None, _cm("neck")]
ShouldersCm = Annotated[float | None, _cm("shoulders")]
ChestCm = Annotated[float | None, _cm("chest")]
WaistCm = Annotated[float | None, _cm("waist")]
HipsCm = Annotated[float | None, _cm("hips")]
UpperArmLeftCm = Annotated[float | None, _cm("upper_arm_left")]
UpperArmRightCm = Annotated[float | None, _cm("upper_arm_right")]
ForearmLeftCm = Annotated[float | None, _cm("forearm_left")]
ForearmRightCm = Annotated[float | None, _cm("forearm_right")]
ThighLeftCm = Annotated[float | None, _cm("thigh_left")]
ThighRightCm = Annotated[float | None, _cm("thigh_right")]
CalfLeftCm = Annotated[float | None, _cm("calf_left")]
CalfRightCm = Annotated[float | None, _cm("calf_right")]


class MeasurementsIn(_Sourced):
    """One day's tape measurements (fields left out are not measured that day) and an optional
    body-fat percentage; ``notes`` apply to the measurements given with them."""

    day: Day
    neck_cm: NeckCm = None
    shoulders_cm: ShouldersCm = None
    chest_cm: ChestCm = None
    waist_cm: WaistCm = None
    hips_cm: HipsCm = None
    upper_arm_left_cm: UpperArmLeftCm = None
    upper_arm_right_cm: UpperArmRightCm = None
    forearm_left_cm: ForearmLeftCm = None
    forearm_right_cm: ForearmRightCm = None
    thigh_left_cm: ThighLeftCm = None
    thigh_right_cm: ThighRightCm = None
    calf_left_cm: CalfLeftCm = None
    calf_right_cm: CalfRightCm = None
    body_fat_pct: Annotated[float | None, BeforeValidator(_body_fat)] = Field(
        default=None, description="Body fat as a percentage of body mass (2–70), if measured."
    )
    notes: Text = Field(default="", max_length=NOTES_MAX)

    @model_validator(mode="after")
    def _something_measured(self) -> MeasurementsIn:
        if not self.values():
            raise ValueError(
                "give at least one measurement (e.g. waist_cm 84) or body_fat_pct; "
                f"the sites are {', '.join(SITE_KEYS)}"
            )
        return self

    def values(self) -> dict[str, float]:
        """The kinds given, in the sites' order, body fat last: ``{"waist": 84.0, ...}``."""
        given = {s.key: getattr(self, s.field) for s in SITES}
        given[BODY_FAT] = self.body_fat_pct
        return {k: float(v) for k, v in given.items() if v is not None}


# The entry's fields, for the interfaces that build one (the web form, the command line).
FIELDS: tuple[str, ...] = (*(s.field for s in SITES), BODY_FAT_FIELD)


def field_of(kind: str) -> str:
    """The entry's field for a stored kind: ``waist`` → ``waist_cm``, ``body_fat`` →
    ``body_fat_pct``."""
    return BODY_FAT_FIELD if kind == BODY_FAT else BY_KEY[kind].field
