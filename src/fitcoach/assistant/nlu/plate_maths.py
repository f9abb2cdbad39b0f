"""The whole load of sets said by their plates (logbu: "hip thrusts 4x12 w/ 3 plates a side",
"bar plus a 25 each side, barbell rows 3x8", "3 sets of 8 with the bar + 35s on each side").
A barbell's load is the bar and both sides' plates. A bar is 45 lb (20 kg); a plate said by
count alone is a 45 lb plate where the athlete lifts in lb and a 20 kg one where in kg (as the
tuned sets' writers count them: "ohp 4x6 w 1 plate a side" is 60 kg), unless its size is said;
a count with a smaller plate beside it stays asked in kg. Split out of ``reading`` (its size)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from fitcoach.assistant.nlu.base import Ctx, Understanding
from fitcoach.assistant.nlu.load_kit import on_barbell
from fitcoach.assistant.nlu.plate_counts import BARE_COUNT, QUARTER, QUARTER_LB, SIDE, SIZE, count
from fitcoach.assistant.nlu.quantities import NUM, bare_mass_unit, mass_kg

BAR = {"lb": 45.0, "kg": 20.0}  # an Olympic bar, as gyms load it
PLATE_LB = 45.0  # "a plate" where loads are in pounds
PLATE = {"lb": PLATE_LB, "kg": 20.0}  # "a plate" said alone, by the athlete's unit
_SIDE = SIDE
# "3 plates a side", "2 plates on each side"
_COUNT = re.compile(rf"(?<![\d.+])(?P<n>[1-6]|\ba|\bone|\btwo|\bthree|\bfour)\s*plates?{_SIDE}")
# "a plate and a 25 a side", "2 plates + a 10 each side" (lb: the counted plates are 45s)
_COUNT_PLUS = re.compile(
    rf"(?<![\d.+])(?P<n>[1-4]|\ba|\bone|\btwo|\bthree|\bfour)\s*plates?\s*(?:and|\+|plus|&)\s*"
    rf"(?:an?\s+|(?P<k>[1-2])\s*(?:x\s*)?)?(?P<plate>{NUM})(?:\s*(?P<unit>lbs?))?s?(?:\s*plates?)?{_SIDE}"
)
# "not counting the sled", "sled not counted": a machine's load said by its plates alone
_NO_SLED = re.compile(
    r"\b(?:not\s+(?:counting|including)|without|excluding|minus)\s+(?:the\s+)?sled\b"
    r"|\bsled\s+(?:not\s+(?:counted|included)|excluded)\b"
)


_count = count


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


def plates_said(text: str, lifting: bool = False) -> Plates | None:
    """The one plate loading ``text`` says; None where none, several, or a metric count with
    a smaller plate. ``lifting``: sets were read, so a count with no side said ("4 plates")
    is a barbell's plates on each side too (never a meal's "2 plates")."""
    counts, plus = list(_COUNT.finditer(text)), list(_BAR_PLUS.finditer(text))
    mixed = list(_COUNT_PLUS.finditer(text))
    bare = list(BARE_COUNT.finditer(text)) if lifting else []
    quarters = list(QUARTER.finditer(text)) if lifting else []
    if len(counts) + len(plus) + len(mixed) + len(bare) + len(quarters) != 1:
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
    plate, unit = _plate_size(text, unit)
    if quarters:
        m = quarters[0]
        if unit != "lb" or plate != PLATE_LB:
            return None  # "a quarter" is a pound gym's 25 beside its 45s
        side = _count(m.group("n") or "1") * PLATE_LB + QUARTER_LB
        return Plates(BAR["lb"] + 2 * side, 2 * side, "lb", m.span())
    m = (counts or bare)[0]
    sides = 2 * _count(m.group("n")) * plate
    return Plates(BAR[unit] + sides, sides, unit, m.span())


def _plate_size(text: str, unit: str) -> tuple[float, str]:
    """The size of the plates counted and its unit: the one said ("20kg plates obviously",
    "(45s)"), else a 45 lb or 20 kg plate by the athlete's unit."""
    sizes = list(SIZE.finditer(text))
    if len(sizes) != 1:
        return PLATE[unit], unit
    m = sizes[0]
    said = m.group("unit") or ""
    unit = "kg" if said.startswith("k") else "lb" if said else unit
    return float(m.group("size") or m.group("paren")), unit


def plate_loads(ctx: Ctx, entries: list[Understanding]) -> Plates | None:
    """Give the one barbell group with no load the whole load its plates make (bar included);
    the plates when they were read so, else None (a machine's plates stay asked: which count
    the sled's weight is not said)."""
    lifting = any(e.intent == "log_sets" for e in entries)
    plates = plates_said(ctx.text, lifting)
    groups = [g for e in entries if e.intent == "log_sets" for g in e.slots.get("groups") or []]
    # ("squat 3x3, 3 plates a side, 25kg plates": the plates' size read as the load is none)
    sizes = {mass_kg(f"{n:g}", u) for n, u in [_plate_size(ctx.text, bare_mass_unit())] if SIZE.search(ctx.text)}  # fmt: skip
    for g in groups if plates is not None else []:
        if g.get("weight_kg") in sizes:
            g["weight_kg"] = None  # (asked for, where the plates make no load)
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
    said += [n for m in SIZE.finditer(text) for n in re.findall(NUM, m.group(0))]
    return [p for p in problems if not any(p == f"I am not sure what {n} is here" for n in said)]


def plates_clause(
    clause: str, plates: Plates | None, text: str, entries: Sequence[Understanding] = ()
) -> bool:
    """Whether ``clause`` says only the plates read into the load: their count, or their size
    with no other number ("..., 20kg plates obviously"); or, with no plates read, only plate
    counts retelling the load said with its unit (``plates_retold``)."""
    if plates is None:
        return plates_retold(clause, text, entries)
    if clause in text[slice(*plates.span)]:
        return True
    return SIZE.search(clause) is not None and re.search(NUM, SIZE.sub(" ", clause)) is None


# (lifts96) "bench 100kg single today, first time ever at 3 plates... well 2 plates and change":
# a remark's plate counts, the same load said the lifter's way (never "2 plates for 3", "3
# plates x 5", "2 plates a side": a set's load)
_RETOLD = re.compile(
    r"(?<![\d.])[1-8]\s*plates?\b(?:\s+(?:and|n|&)\s+change\b)?"
    r"(?!\s*(?:for|x|@|a side|each|per|on|and|n|&|\+|\(|\d))"
)
_LOAD_WITH_UNIT = re.compile(rf"(?<![\d.]){NUM}\s*(?:kgs?|kilos?|lbs?|pounds?)\b")
_THEN = re.compile(r"\s*(?:then|and|after|next|also)\b")  # "then 2 plates": another set (asked)
_SET_WORDS = re.compile(r"\d\s*x\s*\d|\b(?:reps?|sets?|for\s+\d)\b")


def plates_retold(clause: str, text: str, entries: Sequence[Understanding]) -> bool:
    """Whether every number of ``clause`` (a remark no log was read from) is a plate count
    retelling the load of the message's one lift, said with its unit."""
    groups = [g for e in entries if e.intent == "log_sets" for g in e.slots.get("groups") or []]
    if len({g.get("exercise") for g in groups}) != 1 or not _LOAD_WITH_UNIT.search(text):
        return False
    if _SET_WORDS.search(clause) or _THEN.match(clause) or not _RETOLD.search(clause):
        return False
    return re.search(r"\d", _RETOLD.sub(" ", clause)) is None
