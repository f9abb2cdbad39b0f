"""The numbers check: a model's reply may only quote numbers the athlete's data gave it.

A language model phrases; it must not invent a resting heart rate, a load or a date. So every
number in the reply text has to be *grounded*: found among the numbers of the tool results the
model received (their ``data`` and ``summary``) or of the athlete's own context (their message,
the earlier turns, the memory summary, today's date). A reply with one ungrounded number is
rejected and the assistant falls back (next provider, then the offline answer).

The rules, in order:

1. **Same reading of numbers on both sides.** Text goes through the NLU's ``normalise`` (number
   words become digits: "six and a half" → 6.5, "twenty five" → 25, "half an hour" → 30 min);
   a thousands separator is dropped ("1,250" → 1250), a decimal comma is a point; a sign is
   ignored ("-1.2 kg" and "down 1.2 kg" say the same); "8-12" is two numbers, not 8 and -12.
   Dates and times are just their numbers ("2026-11-20" → 2026, 11, 20).
2. **Rounding is allowed, inventing is not.** A reply number with *d* decimals matches a source
   value that rounds to it at *d* decimals (72.43 may be quoted as 72.4 or 72; 72.40 and 72.4
   are the same number), as long as the rounded figure stays within 5 % of the source (1.5
   rounds to 2, but "2" is then a different claim). Never the other way: "72.45" is not
   grounded by 72.4.
3. **Unit conversions the data names.** JSON keys carry units (``duration_s``, ``distance_m``,
   ``session_minutes``): seconds also count as minutes and hours, minutes as hours, metres as
   kilometres; a fraction (a value from 0 to 1 under a key ending in ``_pct``/``ratio`` or
   ``fraction``) also counts as a percentage. Nothing else is converted (no kg ↔ lb: the model
   quotes the units the tools used).
4. **Trivial numbers need no source**, because they carry no data: list markers at the start of
   a line ("1." / "2)"), ordinals ("1st" … "10th"), and whole numbers 0 to 10 *that are not a
   quantity* — not followed by a unit or a training word (kg, km, min, h, bpm, %, sets, reps,
   x, ...) and not after "RIR"/"RPE"/"@". "You have 2 options" passes; "do 3 sets", "RIR 2",
   "3x8" and "5 km" must come from the data. The cost of a false rejection is the offline
   answer (still correct); the cost of a false acceptance is an invented prescription, so the
   check leans strict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from fitcoach.assistant.nlu import normalise

TRIVIAL_MAX = 10
ROUNDING_TOLERANCE = Decimal("0.05")  # a rounded figure stays within 5 % of its source
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:st|nd|rd|th)?(?![\d])")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
_LIST_MARKER = re.compile(r"^(\s*)(?:[-*]\s*)?\d{1,2}[.)]\s", re.MULTILINE)
_UNIT_AFTER = re.compile(
    r"\s*(?:%|x\s*\d|x\b|×|kg|kgs|kilos?|lbs?|pounds?|km|mi|miles?|m\b|metres?|meters?|min|mins|"
    r"minutes?|h\b|hrs?|hours?|s\b|secs?|seconds?|bpm|ms|kcal|cal|calories|g\b|grams?|sets?|"
    r"reps?|rounds?|days?|weeks?|nights?|sessions?|times|steps?|percent|l\b|liters?|litres?|"
    r"rir|rpe|/\s*10|out of)",
)
_UNIT_BEFORE = re.compile(r"(?:rir|rpe|@|spo2|hrv|hr|x|sets? of|reps? of)\s*(?:of|at|=|:)?\s*$")
_SECONDS_KEY = re.compile(r"(?:^|_)(?:s|sec|secs|seconds)$")
_MINUTES_KEY = re.compile(r"(?:^|_)(?:min|mins|minutes)$")
_METRES_KEY = re.compile(r"(?:^|_)(?:m|metres|meters)$")
_FRACTION_KEY = re.compile(r"(?:pct|ratio|fraction|share)$")


@dataclass(frozen=True)
class Check:
    """The outcome: ``ok`` when every number is grounded; ``ungrounded`` lists those that are not."""

    ok: bool
    numbers: list[str] = field(default_factory=list)
    ungrounded: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        """Why the reply was rejected (empty when it was not)."""
        if self.ok:
            return ""
        return "numbers not found in the athlete's data: " + ", ".join(self.ungrounded)


def _decimal(whole: str, fraction: str | None) -> Decimal:
    return Decimal(whole.replace(",", "") + (f".{fraction}" if fraction else ""))


def _prepare(text: str) -> str:
    # normalise drops thousands separators ("1,250" → 1250, as the chat reads them) and turns
    # "72,4" into 72.4, so an ungrounded number is quoted as read; a digit-hyphen
    # -digit is a range or a date, never a minus sign, so hyphens need no special care here.
    return normalise(text)


def _numbers_in(text: str) -> list[tuple[Decimal, re.Match[str]]]:
    found = []
    for m in _NUMBER.finditer(text):
        try:
            found.append((_decimal(m.group(1), m.group(2)), m))
        except InvalidOperation:
            continue
    return found


@dataclass
class Sources:
    """The numbers a reply may quote, gathered from tool results and the athlete's context."""

    values: set[Decimal] = field(default_factory=set)

    def add_text(self, text: str) -> None:
        for value, _ in _numbers_in(_prepare(text)):
            self.values.add(value)

    def add_value(self, value: float | int | Decimal) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            return
        self.values.add(abs(Decimal(str(value))))

    def add_data(self, data: Any, key: str = "") -> None:
        """Every number in a JSON value, with the unit conversions its keys name."""
        if isinstance(data, bool) or data is None:
            return
        if isinstance(data, int | float):
            self.add_value(data)
            lowered = key.lower()
            if _SECONDS_KEY.search(lowered):
                self.add_value(data / 60)
                self.add_value(data / 3600)
            elif _MINUTES_KEY.search(lowered):
                self.add_value(data / 60)
            elif _METRES_KEY.search(lowered):
                self.add_value(data / 1000)
            if _FRACTION_KEY.search(lowered) and 0 <= data <= 1:
                self.add_value(data * 100)
        elif isinstance(data, str):
            self.add_text(data)
        elif isinstance(data, Mapping):
            for k, v in data.items():
                self.add_data(v, str(k))
        elif isinstance(data, Iterable):
            for item in data:
                self.add_data(item, key)

    def grounds(self, number: Decimal) -> bool:
        """Whether ``number`` is a source value, or one rounded to the decimals shown."""
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        quantum = Decimal(1).scaleb(-places)
        for value in self.values:
            if value == number:
                return True
            try:
                rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
            except InvalidOperation:
                continue
            if rounded == number and abs(number - value) <= ROUNDING_TOLERANCE * value:
                return True
        return False


def _trivial(text: str, m: re.Match[str], value: Decimal) -> bool:
    if _ORDINAL.match(m.group(0)):
        return value <= TRIVIAL_MAX
    if m.group(2) is not None or value > TRIVIAL_MAX:
        return False
    if _UNIT_AFTER.match(text, m.end()):
        return False
    return not _UNIT_BEFORE.search(text[max(0, m.start() - 12) : m.start()])


def check_numbers(reply: str, sources: Sources) -> Check:
    """Check every number in ``reply`` against ``sources`` (rules in the module docstring)."""
    text = _prepare(_LIST_MARKER.sub("- ", reply))
    seen: list[str] = []
    ungrounded: list[str] = []
    for value, m in _numbers_in(text):
        shown = m.group(0)
        seen.append(shown)
        if _trivial(text, m, value) or sources.grounds(value):
            continue
        if shown not in ungrounded:
            ungrounded.append(shown)
    return Check(ok=not ungrounded, numbers=seen, ungrounded=ungrounded)
