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
_COUNT = re.compile(rf"(?<![\d.+])(?P<n>[1-6]|\ba|\bone|\btwo|\bthree|\bfour)\s*plates?{_SIDE}")
# "a plate and a 25 a side", "2 plates + a 10 each side" (lb: the counted plates are 45s)
_COUNT_PLUS = re.compile(
    rf"(?<![\d.+])(?P<n>[1-4]|\ba|\bone|\btwo|\bthree|\bfour)\s*plates?\s*(?:and|\+|plus|&)\s*"
    rf"(?:an?\s+|(?P<k>[1-2])\s*(?:x\s*)?)?(?P<plate>{NUM})(?:\s*(?P<unit>lbs?))?s?(?:\s*plates?)?{_SIDE}"
)
_WORD_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
# "not counting the sled", "sled not counted": a machine's load said by its plates alone
_NO_SLED = re.compile(
    r"\b(?:not\s+(?:counting|including)|without|excluding|minus)\s+(?:the\s+)?sled\b"
    r"|\bsled\s+(?:not\s+(?:counted|included)|excluded)\b"
)


def _count(word: str) -> int:
    return _WORD_COUNT.get(word.lower(), 0) or int(word)


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
    mixed = list(_COUNT_PLUS.finditer(text))
    if len(counts) + len(plus) + len(mixed) != 1:
        return None
    unit = bare_mass_unit()
    if mixed:
        if unit != "lb":
            return None  # which plates a metric gym's count means is asked
        m = mixed[0]
        side = _count(m.group("n")) * PLATE_LB + int(m.group("k") or 1) * float(m.group("plate"))
        return Plates(BAR["lb"] + 2 * side, 2 * side, "lb", m.span())
    if plus:
        m = plus[0]
        said = m.group("unit")
        unit = "kg" if said and said.startswith("kg") else "lb" if said else unit
        sides = 2 * int(m.group("n") or 1) * float(m.group("plate"))
        return Plates(BAR[unit] + sides, sides, unit, m.span())
    if unit != "lb":
        return None  # which plates a metric gym's count means is asked
    sides = 2 * _count(counts[0].group("n")) * PLATE_LB
    return Plates(BAR["lb"] + sides, sides, "lb", counts[0].span())


def plate_loads(ctx: Ctx, entries: list[Understanding]) -> Plates | None:
    """Give the one barbell group with no load the whole load its plates make (bar included);
    the plates when they were read so, else None (a machine's plates stay asked: which count
    the sled's weight is not said)."""
    plates = plates_said(ctx.text)
    groups = [g for e in entries if e.intent == "log_sets" for g in e.slots.get("groups") or []]
    bare = [g for g in groups if g.get("weight_kg") is None and not g.get("bodyweight")]
    if plates is None or len(bare) != 1:
        return None
    sled = not on_barbell(ctx, bare[0]) and bool(_NO_SLED.search(ctx.text))
    if not sled and not on_barbell(ctx, bare[0]):
        return None
    if len({g.get("exercise") for g in groups}) != 1:
        return None  # other lifts beside it: whose plates they are is not guessed
    load = plates.without_bar if sled else plates.with_bar
    bare[0]["weight_kg"] = mass_kg(f"{load:g}", plates.unit)
    return plates


def without_plate_notes(problems: list[str], plates: Plates | None, text: str) -> list[str]:
    """``problems`` without the notes on the plates' own numbers, once read into the load."""
    if plates is None:
        return problems
    said = re.findall(NUM, text[plates.span[0] : plates.span[1]])
    return [p for p in problems if not any(p == f"I am not sure what {n} is here" for n in said)]
