"""Body composition from a tape: the U.S. Navy circumference estimate of body fat, and how a
measurement changed over time.

``navy_body_fat`` is Hodgdon and Beckett's regression (Naval Health Research Center reports
84-11, men, and 84-29, women, 1984), fitted against hydrostatic weighing in Navy personnel. It
predicts body density from log10 circumferences and height, in centimetres::

    men:   D = 1.0324  - 0.19077 log10(waist - neck)       + 0.15456 log10(height)
    women: D = 1.29579 - 0.35004 log10(waist + hips - neck) + 0.22100 log10(height)

and turns density into percent fat with Siri's two-compartment equation (%BF = 495 / D - 450).
The published standard error of estimate is 3.52 % body fat for men (R = 0.90) and 3.72 % for
women (R = 0.85): about two times in three the true value lies within that band of the
estimate. The U.S. Department of Defense writes the same regression in inches (DoDI 1308.3:
86.010 log10(waist - neck) - 70.041 log10(height) + 36.76 for men); the two forms agree to
about 0.1-0.3 % body fat, far inside the standard error.

The estimate is only made from plausible inputs: every circumference inside its site's range,
a height of 120-230 cm, waist greater than neck (and waist + hips greater than neck), and a
result inside the 2-60 % the regression was fitted over. Otherwise it is ``None`` with the
reason: an estimate made from a typo would be a number with nothing behind it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

METHOD = "US Navy circumference method (Hodgdon & Beckett 1984)"
# Standard error of estimate, % body fat (Hodgdon & Beckett 1984: men R 0.90, women R 0.85).
SEE_PCT = {"male": 3.52, "female": 3.72}
HEIGHT_RANGE_CM = (120.0, 230.0)
RESULT_RANGE_PCT = (2.0, 60.0)
# Plausible circumferences for the formula's inputs (the same as the sites' ranges in
# ``coach.measurements``: analysis cannot import the coach).
INPUT_RANGES_CM = {"neck": (20.0, 70.0), "waist": (40.0, 200.0), "hips": (50.0, 200.0)}
CHANGE_WINDOW_DAYS = 28

Sex = Literal["male", "female"]


@dataclass(frozen=True)
class BodyFatEstimate:
    """A body-fat percentage estimated from a tape, with the formula's error band (±
    ``see_pct``: one standard error of estimate) and what it was made from."""

    percent: float
    see_pct: float
    low_pct: float
    high_pct: float
    sex: Sex
    method: str = METHOD


@dataclass(frozen=True)
class NoEstimate:
    """Why no estimate was made (an input missing or implausible)."""

    reason: str


def navy_body_fat(
    *,
    sex: str | None,
    height_cm: float | None,
    neck_cm: float | None,
    waist_cm: float | None,
    hips_cm: float | None = None,
) -> BodyFatEstimate | NoEstimate:
    """The U.S. Navy estimate of body fat (% of body mass) from a tape (see the module), or
    why there is none. ``waist_cm`` is at the navel for men and at the narrowest for women;
    ``hips_cm`` is needed for women only.

    >>> fat = navy_body_fat(sex='male', height_cm=180, neck_cm=38, waist_cm=85)
    >>> fat.percent, fat.low_pct, fat.high_pct
    (16.1, 12.6, 19.6)
    >>> navy_body_fat(sex='female', height_cm=165, neck_cm=32, waist_cm=70).reason
    'needs hips (the same day)'
    """
    if sex == "male":
        known: Sex = "male"
    elif sex == "female":
        known = "female"
    else:
        return NoEstimate(
            "the formula has one equation for men and one for women: set your sex in the "
            "profile to male or female to get an estimate"
        )
    needed = {"height": height_cm, "neck": neck_cm, "waist": waist_cm}
    if known == "female":
        needed["hips"] = hips_cm
    missing = [name for name, value in needed.items() if value is None]
    if missing or height_cm is None or neck_cm is None or waist_cm is None:
        where = "the profile" if missing == ["height"] else "the same day"
        return NoEstimate(f"needs {' and '.join(missing)} ({where})")
    low, high = HEIGHT_RANGE_CM
    if not (math.isfinite(height_cm) and low <= height_cm <= high):
        return NoEstimate(f"height {height_cm:g} cm is outside {low:g}–{high:g} cm")
    for name, value in (("neck", neck_cm), ("waist", waist_cm), ("hips", hips_cm)):
        if value is None:
            continue
        lo, hi = INPUT_RANGES_CM[name]
        if not (math.isfinite(value) and lo <= value <= hi):
            return NoEstimate(f"{name} {value:g} cm is outside {lo:g}–{hi:g} cm")
    if known == "male":
        girth = waist_cm - neck_cm
        if girth <= 0:
            return NoEstimate("waist must be larger than neck")
        density = 1.0324 - 0.19077 * math.log10(girth) + 0.15456 * math.log10(height_cm)
    elif hips_cm is not None:
        girth = waist_cm + hips_cm - neck_cm
        if girth <= 0:
            return NoEstimate("waist plus hips must be larger than neck")
        density = 1.29579 - 0.35004 * math.log10(girth) + 0.22100 * math.log10(height_cm)
    else:  # unreachable: hips are needed for women (above)
        return NoEstimate("needs hips (the same day)")
    percent = 495.0 / density - 450.0
    lo, hi = RESULT_RANGE_PCT
    if not lo <= percent <= hi:
        return NoEstimate(
            f"the formula gives {percent:.1f} %, outside the {lo:g}–{hi:g} % it was fitted over: "
            "check the measurements"
        )
    see = SEE_PCT[known]
    return BodyFatEstimate(
        percent=round(percent, 1),
        see_pct=see,
        low_pct=round(max(percent - see, 0.0), 1),
        high_pct=round(percent + see, 1),
        sex=known,
    )


@dataclass(frozen=True)
class Change:
    """How one measurement moved: the first and latest values (their days), the change since
    the first, and the change over the last four weeks (``None`` without two readings)."""

    first_day: date
    first: float
    latest_day: date
    latest: float
    since_start: float | None
    recent_from_day: date | None
    recent: float | None


def change(series: Sequence[tuple[date, float]], today: date) -> Change | None:
    """The change of one measurement over its whole history and over the last
    ``CHANGE_WINDOW_DAYS`` (28) days up to ``today``; None for an empty series.

    The four weeks' change runs from the last reading on or before the window's first day
    (``today`` - 28 days), or, when there is none, from the first reading inside the window,
    to the latest; a single reading in it changes nothing (``None``). Readings after ``today``
    are left out.

    >>> from datetime import date
    >>> c = change([(date(2026, 9, 1), 84.0), (date(2026, 10, 30), 82.5), (date(2026, 11, 27), 81.0)],
    ...            date(2026, 11, 28))
    >>> c.since_start, c.recent_from_day, c.recent
    (-3.0, datetime.date(2026, 10, 30), -1.5)
    """
    points = sorted((d, v) for d, v in series if d <= today)
    if not points:
        return None
    (first_day, first), (latest_day, latest) = points[0], points[-1]
    window_start = today - timedelta(days=CHANGE_WINDOW_DAYS)
    before = [p for p in points if p[0] <= window_start]
    inside = [p for p in points if p[0] > window_start]
    base = before[-1] if before else (inside[0] if inside else None)
    recent: float | None = None
    recent_from: date | None = None
    if base is not None and base[0] < latest_day and latest_day > window_start:
        recent, recent_from = round(latest - base[1], 2), base[0]
    return Change(
        first_day=first_day,
        first=first,
        latest_day=latest_day,
        latest=latest,
        since_start=round(latest - first, 2) if latest_day > first_day else None,
        recent_from_day=recent_from,
        recent=recent,
    )
