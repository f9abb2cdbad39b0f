"""The whole load of sets said by their plates (logbu: "hip thrusts 4x12 w/ 3 plates a side",
"bar plus a 25 each side, barbell rows 3x8", "3 sets of 8 with the bar + 35s on each side").
A barbell's load is the bar and both sides' plates. A bar is 45 lb (20 kg); a plate said by
count alone is a 45 lb plate only where the athlete lifts in lb (a metric gym's "plate" may be
20, 25 or 10 kg: asked). Split out of ``reading`` (its size)."""

from __future__ import annotations

import re
from typing import NamedTuple

from fitcoach.assistant.nlu.base import Ctx, Understanding
from fitcoach.assistant.nlu.load_kit import on_barbell
from fitcoach.assistant.nlu.quantities import NUM, bare_mass_unit, mass_kg

BAR = {"lb": 45.0, "kg": 20.0}  # an Olympic bar, as gyms load it
PLATE_LB = 45.0  # "a plate" where loads are in pounds
_SIDE = r"\s+(?:on\s+)?(?:a|each|per)\s+side\b"
# "3 plates a side", "2 plates on each side"
_COUNT = re.compile(rf"(?<![\d.+])(?P<n>[1-6])\s*plates?{_SIDE}")
# "bar plus a 25 each side", "the bar + 35s on each side", "bar and two 10kg plates a side"
_BAR_PLUS = re.compile(
    rf"\bbar\s*(?:plus|\+|and|with)\s*(?:an?\s+|(?P<n>[1-4])\s*(?:x\s*)?)?(?P<plate>{NUM})"
    rf"(?:\s*(?P<unit>kgs?|lbs?))?s?(?:\s*plates?)?{_SIDE}"
)


class Plates(NamedTuple):
    """The plates said: the whole load with the bar and without it (a machine's), in
    ``unit``, and where the words are."""

    with_bar: float
    without_bar: float
    unit: str
    span: tuple[int, int]


def plates_said(text: str) -> Plates | None:
    """The one plate loading ``text`` says; None where none, several, or a metric count."""
    counts, plus = list(_COUNT.finditer(text)), list(_BAR_PLUS.finditer(text))
    if len(counts) + len(plus) != 1:
        return None
    unit = bare_mass_unit()
    if plus:
        m = plus[0]
        said = m.group("unit")
        unit = "kg" if said and said.startswith("kg") else "lb" if said else unit
        sides = 2 * int(m.group("n") or 1) * float(m.group("plate"))
        return Plates(BAR[unit] + sides, sides, unit, m.span())
    if unit != "lb":
        return None  # which plates a metric gym's count means is asked
    sides = 2 * int(counts[0].group("n")) * PLATE_LB
    return Plates(BAR["lb"] + sides, sides, "lb", counts[0].span())


def plate_loads(ctx: Ctx, entries: list[Understanding]) -> Plates | None:
    """Give the one barbell group with no load the whole load its plates make (bar included);
    the plates when they were read so, else None (a machine's plates stay asked: which count
    the sled's weight is not said)."""
    plates = plates_said(ctx.text)
    groups = [g for e in entries if e.intent == "log_sets" for g in e.slots.get("groups") or []]
    bare = [g for g in groups if g.get("weight_kg") is None and not g.get("bodyweight")]
    if plates is None or len(bare) != 1 or not on_barbell(ctx, bare[0]):
        return None
    if len({g.get("exercise") for g in groups}) != 1:
        return None  # other lifts beside it: whose plates they are is not guessed
    bare[0]["weight_kg"] = mass_kg(f"{plates.with_bar:g}", plates.unit)
    return plates


def without_plate_notes(problems: list[str], plates: Plates | None, text: str) -> list[str]:
    """``problems`` without the notes on the plates' own numbers, once read into the load."""
    if plates is None:
        return problems
    said = re.findall(NUM, text[plates.span[0] : plates.span[1]])
    return [p for p in problems if not any(p == f"I am not sure what {n} is here" for n in said)]
