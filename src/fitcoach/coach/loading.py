"""How an exercise is loaded: whether a logged set needs its weight, and the plates that make a
barbell load.

A set of a *loaded* exercise (one done with a barbell, dumbbells, a kettlebell, a cable or a
machine ...) says little without its weight: progression, records and volume all need it, so the
guided workout asks for it. Exercises whose equipment only holds the body (an inverted row under
a racked bar, a back-extension bench) are body-weight work and need none.

Plate maths: the plates per side of a barbell for a target load, from a bar and a set of plate
sizes (standard: a 20 kg bar and 25, 20, 15, 10, 5, 2.5 and 1.25 kg plates, enough of each).
A load the plates cannot make exactly gets the nearest lower one, with a note that says so and
names the nearest higher one. The athlete may own other plates: ``plates_for`` takes their set-up
(kg or lb plates, the bar's weight and the plate sizes, in that unit) and works in pounds for lb
plates, the loads the app keeps staying in kg. Pure: no database, no settings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from fitcoach.coach.library import ExerciseRecord

# Equipment whose weight is the set's load.
LOADED_EQUIPMENT = frozenset(
    {
        "barbell", "dumbbell", "kettlebell", "cable", "machine", "ez_bar", "trap_bar",
        "smith_machine", "landmine", "sled", "strongman", "sandbag",
    }
)  # fmt: skip
# Exercises done on loaded equipment with the body as the load: the bar or bench holds you.
BODYWEIGHT_ON_EQUIPMENT = frozenset(
    {"inverted-row", "glute-ham-raise", "back-extension", "ghd-hip-extension", "ghd-sit-up"}
)

BAR_KG = 20.0
STANDARD_PLATES_KG: tuple[float, ...] = (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)
KG_PER_LB = 0.45359237
_GRAMS = 1000


def needs_load(record: ExerciseRecord) -> bool:
    """Whether a set of ``record`` needs its weight (in kg) to mean anything.

    >>> from fitcoach.coach.library import library_by_slug
    >>> needs_load(library_by_slug()['barbell-back-squat']), needs_load(library_by_slug()['push-up'])
    (True, False)
    """
    if record.slug in BODYWEIGHT_ON_EQUIPMENT:
        return False
    return bool(LOADED_EQUIPMENT.intersection(record.equipment))


def uses_plates(record: ExerciseRecord) -> bool:
    """Whether ``record`` is lifted with a standard barbell loaded on both sides (a landmine
    holds one end of the bar, so per-side maths does not apply).

    >>> from fitcoach.coach.library import library_by_slug
    >>> uses_plates(library_by_slug()['barbell-back-squat']), uses_plates(library_by_slug()['dumbbell-bench-press'])
    (True, False)
    """
    if record.slug in BODYWEIGHT_ON_EQUIPMENT or "landmine" in record.equipment:
        return False
    return "barbell" in record.equipment


@dataclass(frozen=True)
class PlateLoad:
    """The plates per side for a target load, heaviest first, and what they make."""

    target_kg: float
    bar_kg: float
    per_side: tuple[float, ...]
    total_kg: float
    exact: bool
    above_kg: float | None
    note: str
    unit: str = "kg"  # of ``per_side`` and of the words (the *_kg fields are always kg)
    bar: float | None = None  # the bar in ``unit`` (None: ``bar_kg``)

    @property
    def text(self) -> str:
        """The plates in words: ``25 + 5 + 1.25 kg per side`` (or the empty bar)."""
        if not self.per_side:
            bar = self.bar if self.bar is not None else self.bar_kg
            return f"empty bar ({_kg(bar)} {self.unit})"
        return " + ".join(_kg(p) for p in self.per_side) + f" {self.unit} per side"


def _kg(value: float) -> str:
    return f"{value:g}"


def _grams(value: float, what: str) -> int:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be a finite number of kg, 0 or more, got {value!r}")
    return round(value * _GRAMS)


def _fewest(amount: int, plates: Sequence[int]) -> list[int] | None:
    """The fewest plates (of unlimited supply) summing to ``amount`` grams exactly, or None."""
    unit = reduce(math.gcd, plates)
    if amount % unit:
        return None
    steps = amount // unit
    sizes = [p // unit for p in plates]
    best: list[int | None] = [0] + [None] * steps
    last: list[int] = [0] * (steps + 1)
    for total in range(1, steps + 1):
        for size in sizes:
            prev = best[total - size] if size <= total else None
            now = best[total]
            if prev is not None and (now is None or prev + 1 < now):
                best[total] = prev + 1
                last[total] = size
    if best[steps] is None:
        return None
    out: list[int] = []
    while steps:
        out.append(last[steps] * unit)
        steps -= last[steps]
    return sorted(out, reverse=True)


def plates_per_side(
    target_kg: float,
    *,
    bar_kg: float = BAR_KG,
    plates_kg: Sequence[float] = STANDARD_PLATES_KG,
) -> PlateLoad:
    """The plates on each side of a ``bar_kg`` bar that make ``target_kg`` (fewest plates).

    When the plates cannot make the target exactly, the nearest load below it that they can
    make (``exact`` False, ``above_kg`` the nearest above, ``note`` saying so); a target under
    the empty bar gets the empty bar and a note.

    >>> plates_per_side(100).text
    '25 + 15 kg per side'
    >>> plates_per_side(61).total_kg, plates_per_side(61).exact
    (60.0, False)
    """
    target = _grams(target_kg, "the target load")
    bar = _grams(bar_kg, "the bar")
    sizes = sorted({_grams(p, "a plate") for p in plates_kg if p > 0}, reverse=True)
    if not sizes:
        raise ValueError("plate maths needs at least one plate size above 0 kg")
    if target < bar:
        return PlateLoad(
            target_kg=target_kg,
            bar_kg=bar_kg,
            per_side=(),
            total_kg=bar_kg,
            exact=False,
            above_kg=bar_kg,
            note=f"{_kg(target_kg)} kg is less than the empty bar ({_kg(bar_kg)} kg)",
            bar=bar_kg,
        )
    unit = reduce(math.gcd, sizes)
    side = (target - bar) // 2  # grams per side, rounded down
    below = side - side % unit
    chosen = _fewest(below, sizes)
    while chosen is None:  # with odd plate sets a multiple of the unit may be unreachable
        below -= unit
        chosen = _fewest(below, sizes)
    total = bar + 2 * below
    exact = total == target
    above: int | None = None
    if not exact:
        up = below + unit
        while _fewest(up, sizes) is None:
            up += unit
        above = bar + 2 * up
    note = ""
    if not exact:
        note = (
            f"{_kg(target_kg)} kg cannot be loaded exactly with these plates: "
            f"{_kg(total / _GRAMS)} kg is the nearest below"
            + (f", {_kg(above / _GRAMS)} kg the nearest above" if above is not None else "")
        )
    return PlateLoad(
        target_kg=target_kg,
        bar_kg=bar_kg,
        per_side=tuple(p / _GRAMS for p in chosen),
        total_kg=total / _GRAMS,
        exact=exact,
        above_kg=above / _GRAMS if above is not None else None,
        note=note,
        bar=bar_kg,
    )


@dataclass(frozen=True)
class PlateSetup:
    """The athlete's bar and plates: their unit, the bar's weight and the plate sizes in it."""

    unit: str = "kg"
    bar: float = BAR_KG
    plates: tuple[float, ...] = STANDARD_PLATES_KG


STANDARD_SETUP = PlateSetup()


def plates_for(target_kg: float, setup: PlateSetup = STANDARD_SETUP) -> PlateLoad:
    """``plates_per_side`` with the athlete's bar and plates: for lb plates the target is
    converted to pounds, the plates chosen in pounds and the loads given back in kg too.

    >>> plates_for(100, PlateSetup("lb", 45, (45, 25, 10, 5, 2.5))).text
    '45 + 25 + 10 + 5 + 2.5 lb per side'
    """
    if setup.unit == "kg":
        return plates_per_side(target_kg, bar_kg=setup.bar, plates_kg=setup.plates)
    if setup.unit != "lb":
        raise ValueError(f"plates are in kg or lb, not {setup.unit!r}")
    _grams(target_kg, "the target load")
    target_lb = round(target_kg / KG_PER_LB, 3)
    load = plates_per_side(target_lb, bar_kg=setup.bar, plates_kg=setup.plates)
    note = load.note.replace(" kg", " lb")
    return PlateLoad(
        target_kg=target_kg,
        bar_kg=round(setup.bar * KG_PER_LB, 2),
        per_side=load.per_side,
        total_kg=round(load.total_kg * KG_PER_LB, 2),
        exact=load.exact,
        above_kg=round(load.above_kg * KG_PER_LB, 2) if load.above_kg is not None else None,
        note=note,
        unit="lb",
        bar=setup.bar,
    )
