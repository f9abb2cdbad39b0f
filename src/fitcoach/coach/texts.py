"""Plan quantities and items as text, in the two forms the engine writes them.

``item_text(item, style=...)`` is the one rendering of a plan item:

- ``style="line"`` (the default): the item in one line, its slug first, as plan diffs store it
  (``coach.edits.diff_plans``: a ``Change``'s before and after, kept in plan versions) and the
  command line and the assistant's tools print it: ``barbell-bench-press 3x8-12 @RIR2, 60 kg``,
  ``easy-run 30 min / 5 km at zone 2 (6x60s on / 60s off)``. Plain ASCII and ``:g`` numbers,
  so that what is stored does not change with how the pages choose to write numbers.
- ``style="words"``: the prescription as the pages and the bot show it, without the name (they
  show it apart): ``3 × 8–12 at 60 kg, RIR 2``, ``30 min / 5 km in zone 2, 6 × 1 min on / 1 min
  off``: numbers by unit (``number``), durations in words, a multiplication sign and en dashes.

Numbers, durations and rep ranges as people read them (``number``, ``duration_text``,
``reps_text``) live here too; ``coach.wording`` re-exports them. Pure, no imports from the rest
of the coach but the plan document, so that both ``coach.edits`` and ``coach.wording`` use it.
"""

from __future__ import annotations

import math
from typing import Literal

from fitcoach.coach.plan import Intensity, Item, Load, StrengthItem
from fitcoach.core.units import Units, format_distance, format_mass, format_pace

Style = Literal["line", "words"]

# Decimal places a value keeps, by unit (trailing zeros are dropped: 80.0 kg reads "80 kg").
PLACES: dict[str, int] = {
    "kg": 2,  # plate maths: 81.25 kg
    "body_kg": 1,
    "km": 2,
    "h": 1,
    "min": 0,
    "s": 0,
    "bpm": 0,
    "ms": 0,
    "%": 0,
    "kcal": 0,
    "g": 0,
    "AU": 0,
    "mmHg": 0,
    "rir": 1,
    "rpe": 1,
    "ratio": 2,
}
# Reasons that say *why* something changed (safety, progression, what was logged); the


def number(value: float | int | None, unit: str | None = None, *, places: int | None = None) -> str:
    """A number with the precision its unit deserves and no float noise: ``72.57477920000001``
    kg reads ``72.57``, ``80.0`` reads ``80``, ``2.5`` reads ``2.5``; None and NaN read "—"."""
    if value is None or isinstance(value, bool):
        return "—"
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    digits = places if places is not None else PLACES.get(unit or "", 1)
    text = f"{float(value):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def duration_text(seconds: float | int | None) -> str:
    """A rest or duration: ``90 s``, ``2 min``, ``2 min 30 s``, ``1 h 5 min``."""
    if seconds is None:
        return "—"
    total = round(float(seconds))
    if total < 120 and total % 60:
        return f"{total} s"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs:
        parts.append(f"{secs} s")
    return " ".join(parts) or "0 s"


def reps_text(rep_min: int, rep_max: int) -> str:
    return f"{rep_min}" if rep_min == rep_max else f"{rep_min}–{rep_max}"


def load_text(
    load: Load, *, style: Style = "line", units: Units | None = None, per_hand: bool = False
) -> str:
    """A load: ``60 kg``, ``75 % of e1RM``, ``bodyweight``, ``by feel (RIR)``; in words
    ``at 60 kg``, ``at 75 % of e1RM``, ``bodyweight``, ``by feel``. In words with ``units``, a
    load in the athlete's unit (``at 132.3 lb``), ``per_hand`` for a dumbbell in each hand."""
    words = style == "words"
    if load.kind == "kg" and words and units is not None:
        return f"at {format_mass(load.value, units, per_hand=per_hand)}"
    if load.kind == "kg":
        return f"at {number(load.value, 'kg')} kg" if words else f"{load.value:g} kg"
    if load.kind == "pct_e1rm":
        pct = (load.value or 0) * 100
        return f"at {number(pct, '%')} % of e1RM" if words else f"{pct:g} % of e1RM"
    if load.kind == "bodyweight":
        return "bodyweight"
    return "by feel" if words else "by feel (RIR)"


def intensity_text(
    intensity: Intensity, *, style: Style = "line", units: Units | None = None
) -> str:
    """A cardio intensity: ``zone 2``, ``RPE 6``, ``5:30/km``; in words with its preposition:
    ``in zone 2``, ``at RPE 6``, ``at 5:30/km`` (the pace rounded, not truncated; with
    ``units``, per the athlete's distance unit: ``at 8:51/mi``)."""
    words = style == "words"
    if intensity.kind == "pace" and words and units is not None:
        return f"at {format_pace(intensity.value, units)}"
    if intensity.kind == "hr_zone":
        return (
            f"in zone {number(intensity.value, places=0)}" if words else f"zone {intensity.value:g}"
        )
    if intensity.kind == "rpe":
        return f"at RPE {number(intensity.value, 'rpe')}" if words else f"RPE {intensity.value:g}"
    pace = round(intensity.value) if words else int(intensity.value)
    return f"{'at ' if words else ''}{pace // 60}:{pace % 60:02d}/km"


def item_text(
    item: Item, *, style: Style = "line", units: Units | None = None, per_hand: bool = False
) -> str:
    """A plan item as text, in one of the two forms the module notes describe; in words with
    ``units``, loads, distances and paces in the athlete's units (``per_hand``: a load is each
    dumbbell's, ``coach.library.load_per_hand``)."""
    words = style == "words"
    if isinstance(item, StrengthItem):
        load = load_text(item.load, style=style, units=units, per_hand=per_hand)
        if words:
            reps = reps_text(item.rep_min, item.rep_max)
            return f"{item.sets} × {reps} {load}, RIR {number(item.target_rir, 'rir')}"
        return (
            f"{item.exercise} {item.sets}x{item.rep_min}-{item.rep_max} "
            f"@RIR{item.target_rir:g}, {load}"
        )
    amount = []
    if item.duration_s is not None:
        amount.append(duration_text(item.duration_s) if words else f"{item.duration_s / 60:g} min")
    if item.distance_m is not None and words and units is not None:
        amount.append(format_distance(item.distance_m, units))
    elif item.distance_m is not None:
        km = item.distance_m / 1000
        amount.append(f"{number(km, 'km')} km" if words else f"{km:g} km")
    intensity = intensity_text(item.intensity, style=style, units=units)
    i = item.intervals
    if words:
        text = f"{' / '.join(amount)} {intensity}"
        if i is not None:
            text += f", {i.repeats} × {duration_text(i.work_s)} on / {duration_text(i.rest_s)} off"
        return text.strip()
    text = f"{item.exercise} {' / '.join(amount)} at {intensity}"
    if i is not None:
        text += f" ({i.repeats}x{i.work_s}s on / {i.rest_s}s off)"
    return text
