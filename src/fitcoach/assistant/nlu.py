"""Offline understanding of what athletes type: an intent and typed, normalised slots.

Rule-based on purpose (regular expressions and small grammars): deterministic, fast and easy
to test. The text is normalised first (lower case, number words to digits, "5k" to km), then
each intent family has one function that recognises it and fills its slots; the first family
that recognises the text wins (the order is in ``_FAMILIES``). Exercise names go through the
exercise library's fuzzy matching (``coach.services.exercises.best_name_scores``), units
through ``core.units``.

Slot conventions: masses in kg (``weight_kg``), distances in metres (``distance_m``),
durations in seconds (``duration_s``), dates as ``datetime.date`` ("yesterday", "on Monday"
is the latest Monday up to today, "last night" is yesterday), periods as ``start``/``end``
dates ("last week" is the previous Monday to Sunday), weekdays as lower-case English names.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any, Literal, get_args

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.exercise_names import TYPO, NameResolver, Resolution, parse_name
from fitcoach.coach.exercise_names import name_key as remembered_key
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    Units,
    mass_unit,
    parse_distance_m,
    parse_duration_s,
    parse_mass_kg,
)
from fitcoach.services.exercises import (
    ExerciseRecord,
    best_name_scores,
    library_records,
    name_choices,
    name_key,
)

Intent = Literal[
    "log_sets",
    "log_cardio",
    "log_sleep",
    "log_weight",
    "log_daily",
    "log_meal",
    "query_metric",
    "today_session",
    "show_plan",
    "swap_exercise",
    "set_equipment",
    "move_session",
    "skip_session",
    "set_session_minutes",
    "generate_plan",
    "change_load",
    "training_summary",
    "readiness_advice",
    "explain",
    "help",
    "greeting",
    "clarify",
    "unknown",
]
INTENTS: tuple[str, ...] = get_args(Intent)
METRICS = (
    "resting_hr", "hrv", "sleep", "weight", "load", "readiness", "spo2", "breathing_rate",
    "etco2", "hr", "calories", "protein", "volume", "e1rm",
)  # fmt: skip
DAILY_METRICS = ("mood", "energy", "soreness", "stress", "resting_hr", "hrv")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_CHARS = 1000  # longer messages are not parsed (intent unknown, with a problem saying so)


@dataclass(frozen=True)
class Understanding:
    """What a message asks for: the intent, its slots, a 0-1 confidence and what failed."""

    intent: Intent
    slots: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.0
    problems: list[str] = field(default_factory=list)


# --- exercises --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseMatch:
    """An exercise a phrase names: its slug and a 0-100 score (100: an exact name or alias)."""

    slug: str
    score: float


class ExerciseMatcher:
    """Names to exercise slugs over the library records, built once and reused.

    Exact names, slugs and aliases first (also without a plural "s"), then word-level
    resolution (``coach.exercise_names``): the movement words must be one of an entry's names
    and the equipment said ("Squat (Barbell)", "cable lateral raise") must be in the entry's
    equipment; typos are fixed word by word. Several entries fitting is ambiguous: ``match``
    answers ``None`` and ``resolve`` gives the candidates to ask about. Only a name that fits
    nothing and says no equipment falls back to whole-string fuzzy matching
    (``best_name_scores``), and then only for a typo of a whole name ("benchpres"; plain
    closeness at least ``close_enough``): a looser score maps "Katana Triceps Extension" to
    "band tricep extension".

    ``remembered`` (``with_remembered``) holds the athlete's own choices for names, by
    ``coach.exercise_names.name_key``: a name they mapped at an import is read as they chose
    before anything else, so it means the same in the chat (issue 37).
    """

    def __init__(
        self,
        records: Sequence[ExerciseRecord],
        *,
        close_enough: float = 90.0,
    ) -> None:
        self.records = tuple(records)
        self.close_enough = close_enough
        self.remembered: dict[str, str] = {}
        self._choices, self._owners = name_choices(self.records)
        self._exact: dict[str, int] = {}
        for choice, owner in zip(self._choices, self._owners, strict=True):
            self._exact.setdefault(choice, owner)
        for owner, record in enumerate(self.records):  # names and slugs win over aliases
            self._exact[name_key(record.name)] = owner
            self._exact[name_key(record.slug)] = owner
        self._names = NameResolver(self.records)

    @classmethod
    def from_library(cls) -> ExerciseMatcher:
        """A matcher over the shipped library."""
        return _default_matcher()

    def with_remembered(self, remembered: Mapping[str, str]) -> ExerciseMatcher:
        """This matcher reading the names in ``remembered`` (``name_key`` → slug: an athlete's
        choices) as those slugs first; shares the built indexes (cheap per message)."""
        if not remembered:
            return self
        twin = copy.copy(self)
        known = {r.slug for r in self.records}
        twin.remembered = {k: v for k, v in remembered.items() if v in known}
        return twin

    def match(self, text: str) -> ExerciseMatch | None:
        """The exercise ``text`` names confidently, or ``None`` (unknown or ambiguous: see
        ``resolve`` for the candidates)."""
        found = self.resolve(text)
        return ExerciseMatch(found.slug, 100.0 if found.exact else 90.0) if found.slug else None

    def resolve(self, text: str) -> Resolution:
        """The entry ``text`` names, or the candidates to ask about (``Resolution.ambiguous``);
        never a neighbouring movement or another piece of equipment."""
        chosen = self.remembered.get(remembered_key(text)) if self.remembered else None
        if chosen is not None:
            return Resolution(chosen, exact=True, confidence=1.0)
        key = name_key(text)
        if not key:
            return Resolution(None)
        for candidate in (key, _singular(key)):
            if candidate in self._exact:
                slug = self.records[self._exact[candidate]].slug
                return Resolution(slug, exact=True, confidence=1.0)
        found = self._names.resolve(text)
        if found.slug or found.candidates or parse_name(text).equipment:
            return found
        # Nothing fits word by word: a typo of a whole name ("benchpres") may still be close.
        best = best_name_scores(key, self._choices, self._owners, cutoff=60.0)
        close = [(c, owner) for owner, (_, c) in best.items() if c >= self.close_enough]
        if not close:
            return Resolution(None)
        return Resolution(self.records[max(close)[1]].slug, confidence=TYPO)

    def names(self, slugs: Sequence[str]) -> list[str]:
        """The display names of ``slugs`` (for "which exercise?" questions)."""
        by_slug = {r.slug: r.name for r in self.records}
        return [by_slug.get(s, s) for s in slugs]

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """The names closest to ``text`` (for a "did you mean" hint)."""
        best = best_name_scores(name_key(text), self._choices, self._owners, cutoff=60.0)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], -item[1][1]))
        return [self.records[owner].name for owner, _ in ranked[:limit]]

    def category(self, slug: str) -> str | None:
        """The category of the exercise ``slug``."""
        for record in self.records:
            if record.slug == slug:
                return record.category
        return None


_DEFAULT: list[ExerciseMatcher] = []


def _default_matcher() -> ExerciseMatcher:
    if not _DEFAULT:
        _DEFAULT.append(ExerciseMatcher(library_records()))
    return _DEFAULT[0]


def _singular(key: str) -> str:
    if key.endswith("es") and key[:-2].endswith(("sh", "ch", "x")):
        return key[:-2]
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


# --- normalisation: number words, fixed phrases -----------------------------------------------

_SMALL = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}  # fmt: skip
_NUM_WORD = "(?:" + "|".join(sorted([*_SMALL, *_TENS, "hundred"], key=len, reverse=True)) + ")"
_NUM_RUN = re.compile(
    rf"\b{_NUM_WORD}(?:(?:\s+|-)(?:and\s+)?{_NUM_WORD})*\b(?![- ](?:arm|leg|hand|handed|sided)\b)"
)
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"\bhalf a dozen\b", "6"),
    (r"\ba dozen\b|\bdozen\b", "12"),
    (r"\ba couple(?: of)?\b", "2"),
    (r"\ban hour and a half\b", "90 min"),
    (r"\bhalf an hour\b", "30 min"),
    (r"\ba quarter of an hour\b", "15 min"),
    (r"\bhalf marathon\b", "21.1 km run"),
    (r"\bpark ?run\b", "5 km run"),  # every parkrun is 5 km
    (r"\bmarathon\b", "42.2 km run"),
    (r"\b(?:an?|one)\s+(hour|hr|mile|kilometre|kilometer|km|minute|set)\b", r"1 \1"),
    (r"\bsingle set\b", "1 set"),
    (
        r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|miles?|km|kilos?|kg|lbs?|pounds?)?\s+and\s+a\s+half\b",
        "HALF:\\1 \\2",
    ),
    (r"(\d+)\s*h\s*(\d{1,2})\b(?!\s*(?:min|m\b))", r"\1 h \2 min"),
    (r"(\d+)\s*h\s*(\d{1,2})\s*m\b", r"\1 h \2 min"),  # "7h 40m": minutes, not metres
    # Training words of people writing in a second language ("I make 4 series of 8
    # repetitions"): series are sets, repetitions reps, and "make" a set count is "did".
    (r"(\d+)\s+series\b", r"\1 sets"),
    (r"(\d+)\s+repetitions?\b", r"\1 reps"),
    (r"\b(?:i|we) (?:make|made|makes)\b(?=[^.?!]*\d+\s*(?:sets|reps|x))", "i did"),
)


def _words_to_number(run: str) -> str:
    total = 0
    for word in re.split(r"[\s-]+", run):
        if word in _SMALL:
            total += _SMALL[word]
        elif word in _TENS:
            total += _TENS[word]
        elif word == "hundred":
            total = max(total, 1) * 100
    return str(total)


def normalise(text: str) -> str:
    """Lower case, plain quotes and spaces, number words as digits ("six and a half" → 6.5)."""
    out = text.lower().replace("’", "'").replace("‘", "'").replace("×", "x")
    out = re.sub(r"[“”]", '"', out)
    out = _NUM_RUN.sub(lambda m: _words_to_number(m.group(0)), out)
    for pattern, repl in _PHRASES:
        out = re.sub(pattern, repl, out)
    out = re.sub(
        r"HALF:(\d+(?:\.\d+)?) ?(\S*)",
        lambda m: f"{float(m.group(1)) + 0.5:g} {m.group(2)}".rstrip(),
        out,
    )
    # Thousands separators ("2,150 kcal", "10,000 steps") before decimal commas; a list of
    # reps or loads ("10,10,9", "100,110,120") keeps its commas.
    out = re.sub(r"(?<![\d,.])(\d{1,2}),(\d{3})(?![\d,])", r"\1\2", out)
    out = re.sub(r"(?<![\d,])(\d+),(\d)(?!\d\d)(?!\d?,\d)", r"\1.\2", out)  # 72,4 → 72.4
    out = re.sub(r"(\d+(?:\.\d+)?)\s*k\b(?!\s*(?:cal|g))", r"\1 km", out)  # 5k → 5 km
    return re.sub(r"\s+", " ", out).strip()


# --- dates ------------------------------------------------------------------------------------


def _weekday_on_or_before(today: date, weekday: str) -> date:
    return today - timedelta(days=(today.weekday() - WEEKDAYS.index(weekday)) % 7)


def _weekday_on_or_after(today: date, weekday: str) -> date:
    return today + timedelta(days=(WEEKDAYS.index(weekday) - today.weekday()) % 7)


_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"  # fmt: skip


def _weekday_name(word: str) -> str:
    return next(d for d in WEEKDAYS if d.startswith(word[:3]))


def find_dates(text: str, today: date) -> dict[str, date]:
    """A day (``date``) or a period (``start``, ``end``) named in normalised ``text``."""
    monday = today - timedelta(days=today.weekday())
    if m := re.search(r"\b(?:last|past|previous) (\d+) (days|weeks)\b", text):
        days = int(m.group(1)) * (7 if m.group(2) == "weeks" else 1)
        return {"start": today - timedelta(days=days - 1), "end": today}
    if re.search(r"\b(?:last|previous) week\b", text):
        return {"start": monday - timedelta(days=7), "end": monday - timedelta(days=1)}
    if re.search(r"\bpast week\b|\bover the week\b", text):
        return {"start": today - timedelta(days=6), "end": today}
    if re.search(r"\bthis week\b", text):
        return {"start": monday, "end": today}
    if re.search(r"\b(?:last|previous) month\b", text):
        end = today.replace(day=1) - timedelta(days=1)
        return {"start": end.replace(day=1), "end": end}
    if re.search(r"\bthis month\b", text):
        return {"start": today.replace(day=1), "end": today}
    if re.search(r"\bday before yesterday\b", text):
        return {"date": today - timedelta(days=2)}
    if m := re.search(r"\b(\d+) days? ago\b", text):
        return {"date": today - timedelta(days=int(m.group(1)))}
    if re.search(r"\byesterday\b|\blast night\b|\bytd\b", text):
        return {"date": today - timedelta(days=1)}
    if re.search(r"\btomorrow\b", text):
        return {"date": today + timedelta(days=1)}
    if m := re.search(rf"\b(?:on|last|this past|past)?\s*{_DAY}\b", text):
        return {"date": _weekday_on_or_before(today, _weekday_name(m.group(1)))}
    return {}


def _date_slots(text: str, today: date) -> dict[str, Any]:
    found = find_dates(text, today)
    if "date" in found:
        return {"date": found["date"]}
    if "start" in found:
        return {"start": found["start"], "end": found["end"]}
    return {}


# --- quantities -------------------------------------------------------------------------------

_NUM = r"\d+(?:\.\d+)?"
_MASS = re.compile(rf"({_NUM})\s*(kgs?|kilos?|kilograms?|lbs?|pounds?|st|stones?)\b")
# "12 stone 6", "13st 10lb": stones and pounds together (a body weight as British scales read).
_STONE = re.compile(
    rf"\b({_NUM})\s*(?:st|stones?)\s*(?:and\s*)?(\d{{1,2}}(?:\.\d+)?)\s*(?:lbs?|pounds?)?(?![\d.])"
)
_DIST = re.compile(
    rf"({_NUM})\s*(km|kms|kilometers?|kilometres?|mi|miles?|m|meters?|metres?|yards?|yd)\b"
)
_DUR = re.compile(rf"({_NUM})\s*(hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s)\b")
_CLOCK = re.compile(r"\b(\d{1,2}:\d{2}(?::\d{2})?)\b")


# What a load or body weight written without a unit is in: the athlete's mass unit (kg, or lb for
# an athlete who chose imperial units), set around a message's reading by ``bare_units``.
_BARE_MASS: ContextVar[str] = ContextVar("bare_mass_unit", default="kg")


@contextmanager
def bare_units(units: Units | None) -> Iterator[None]:
    """Read the messages inside the block with a number without a unit ("squat 3x5 225",
    "weight 176") in the athlete's mass unit: ``units`` "imperial" means lb, else kg."""
    token = _BARE_MASS.set(mass_unit(units))
    try:
        yield
    finally:
        _BARE_MASS.reset(token)


def bare_mass_unit() -> str:
    """``kg`` or ``lb``: what a load or body weight without a unit is in (``bare_units``)."""
    return _BARE_MASS.get()


def bare_units_system() -> Units:
    """The unit system ``bare_units`` set: what answers quote weights and distances in."""
    return "imperial" if _BARE_MASS.get() == "lb" else "metric"


def _mass_kg(number: str, unit: str | None) -> float:
    """``number`` in ``unit`` as kg; no unit: the athlete's (``bare_mass_unit``)."""
    return round(parse_mass_kg(f"{number} {unit or bare_mass_unit()}"), 2)


def _durations_s(text: str) -> float | None:
    total = 0.0
    found = False
    for m in _DUR.finditer(text):
        total += parse_duration_s(f"{m.group(1)} {m.group(2)}")
        found = True
    clock = None if found else _CLOCK.search(text)
    if clock is not None:
        try:
            total, found = parse_duration_s(clock.group(1)), True
        except InvalidInput:
            return None
    return total if found else None


# "40 lengths of a 25m pool", "6 laps of the 400 m track": a count of one known distance.
_LAPS = re.compile(
    rf"\b(\d+)\s*(?:lengths?|laps?)\s*(?:of|in|on)\s*(?:an?|the)?\s*({_NUM})\s*"
    r"(m|meters?|metres?|yards?|yd)\b"
)


def _distance_m(text: str) -> float | None:
    if laps := _LAPS.search(text):
        return round(int(laps.group(1)) * parse_distance_m(f"{laps.group(2)} {laps.group(3)}"), 1)
    m = _DIST.search(text)
    return round(parse_distance_m(f"{m.group(1)} {m.group(2)}"), 1) if m else None


def _int(value: str) -> int:
    return int(float(value))


# --- intent families --------------------------------------------------------------------------

Slots = dict[str, Any]
Result = tuple[Intent, Slots, list[str]] | None


@dataclass(frozen=True)
class _Ctx:
    text: str  # normalised
    raw: str
    today: date
    exercises: ExerciseMatcher


def _has(pattern: str, text: str) -> bool:
    return re.search(pattern, text) is not None


# Machines people name instead of the activity ("30 min on the rower").
_MACHINES = {
    "rower": "moderate-rowing",
    "rowing machine": "moderate-rowing",
    "erg": "moderate-rowing",
    "bike": "moderate-stationary-cycling",
    "treadmill": "treadmill-running",
    "cross trainer": "elliptical-trainer",
    "elliptical": "elliptical-trainer",
}


def _exercise(ctx: _Ctx, phrase: str, problems: list[str]) -> str | None:
    phrase = re.sub(r"[^a-z0-9' -]", " ", phrase)
    phrase = re.sub(
        r"\b(the|my|a|an|some|today'?s|tomorrow'?s|this|that|please|instead|workout|session|"
        r"exercise|exercises|movement|in|on|for|with|do|doing|could|can|i|you|it|me|pls|plz)\b",
        " ",
        phrase,
    )
    phrase = re.sub(r"\s+", " ", phrase).strip(" -'")
    if not phrase:
        return None
    if phrase in _MACHINES:
        return _MACHINES[phrase]
    found = ctx.exercises.resolve(phrase)
    if found.slug is not None:
        return found.slug
    if found.candidates:  # several entries fit, or only one with more words: ask, never pick
        names = ctx.exercises.names(found.candidates)
        options = " or ".join(repr(n) for n in names)
        ask = f"did you mean {options}" if len(names) == 1 else options
        problems.append(f"which exercise is {phrase!r}? {ask}?")
        return None
    names = ctx.exercises.suggest(phrase)
    hint = f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
    problems.append(f"unknown exercise {phrase!r}{hint}")
    return None


def _greeting(ctx: _Ctx) -> Result:
    words = ctx.text.split()
    if (
        len(words) <= 6
        and _has(
            r"^(hi|hello|hey|heya|hiya|yo|howdy|sup|good (morning|afternoon|evening)|morning|"
            r"evening|thanks|thank you|thx|cheers|what'?s up|greetings|ok thanks)\b",
            ctx.text,
        )
        and not _has(r"\d|workout|session|plan|slept|weigh|next|today|tomorrow", ctx.text)
    ):
        return "greeting", {}, []
    return None


def _help(ctx: _Ctx) -> Result:
    if _has(
        r"^(help|\?+|menu|commands|options)\W*$|what (can|do) you do|how (do|does) (this|it|you) "
        r"work|how do i use|how (do|can) i (log|add|record|track|enter|change|ask|talk)|"
        r"what can i (ask|say|do here)|what are you|who are you|"
        r"^help me\W*$|^i need help\W*$|what do you (understand|know how)|list (of )?commands",
        ctx.text,
    ):
        return "help", {}, []
    return None


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_ORD = r"\d{1,2}(?:st|nd|rd|th)?"
# A day a plan edit names: a weekday, today, tomorrow, or a date ("the 28th", "28/11",
# "nov 28", "28th of november").
# A date first, with the weekday it may carry ("Sat 28 Nov", as the replies write days), so
# that the weekday is not read as a day of its own.
_PLAN_DAY = (
    rf"(?:(?:{_DAY} )?(?:{_ORD} (?:of )?{_MONTH}|{_MONTH} {_ORD})|{_DAY[1:-1]}|today|tomorrow|"
    rf"the {_ORD}\b|\d{{1,2}}/\d{{1,2}})"
)


def _date_ahead(month: int, day: int, today: date) -> date:
    """The first ``month``/``day`` from ``today`` on (this year or the next)."""
    for year in (today.year, today.year + 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f"no such date: {day}/{month}")


def _day_ref(word: str, today: date) -> tuple[str, date]:
    """A plan day's weekday name and date: today, tomorrow, the next such weekday (today
    included), or the next such date."""
    word = word.strip()
    if word == "today":
        return WEEKDAYS[today.weekday()], today
    if word == "tomorrow":
        nxt = today + timedelta(days=1)
        return WEEKDAYS[nxt.weekday()], nxt
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})", word):  # day/month, as written outside the US
        found = _date_ahead(int(m.group(2)), int(m.group(1)), today)
        return WEEKDAYS[found.weekday()], found
    month = next((i + 1 for i, name in enumerate(_MONTHS) if re.search(rf"\b{name}", word)), None)
    if (m := re.search(r"\d{1,2}", word)) is not None:
        number = int(m.group(0))
        if month is None:  # "the 28th": this month, or the next when it has passed
            nxt = today.replace(day=1) + timedelta(days=32)
            for first in (today.replace(day=1), nxt.replace(day=1)):
                try:
                    found = first.replace(day=number)
                except ValueError:
                    continue
                if found >= today:
                    return WEEKDAYS[found.weekday()], found
            raise ValueError(f"no day {number} ahead")
        found = _date_ahead(month, number, today)
        return WEEKDAYS[found.weekday()], found
    name = _weekday_name(word)
    return name, _weekday_on_or_after(today, name)


# Every session of a week, or all that are left ("all my sessions this week", "every workout",
# "next week's sessions", "the rest of my lifts").
_MANY_SESSIONS = (
    r"\b(?:every|each) (?:\w+ ){0,2}?(?:session|workout|training|lift|run|ride)\b|"
    r"\b(?:all|both|the rest)\b(?: \w+){0,3}? (?:sessions|workouts|trainings|lifts|runs|rides)\b|"
    r"\b(?:this|next) week'?s (?:\w+ )?(?:sessions|workouts|trainings|lifts)\b"
)


def _move_session(ctx: _Ctx) -> Result:
    t = ctx.text
    if not _has(
        r"\b(move|shift|reschedule|push|postpone|switch|swap|bring|change|put|do|train|have)\b", t
    ):
        return None
    day = rf"(?:{_PLAN_DAY})"
    refs = [(m.start(), m.group(1)) for m in re.finditer(rf"\b({day})(?:'?s)?\b", t)]
    if len(refs) < 1:
        return None
    # "to Saturday" before "on Saturday": in "move the session on Mon 23 Nov to Sat 28 Nov" the
    # day after "on" is the source.
    target = re.search(
        rf"\b(?:to|until|till|onto|into|over to)\s+(?:the\s+)?(?:next\s+)?({day})\b", t
    ) or re.search(rf"\b(?:for|on|with)\s+(?:the\s+)?(?:next\s+)?({day})\b", t)
    source = re.search(
        rf"\b({day})(?:'s|s)?\s+(?:session|workout|training|lift|run|ride|swim|day|class)", t
    )
    if target is None or not _has(
        r"\b(move|shift|reschedule|push|postpone|switch|swap|bring|instead|put|change)\b", t
    ):
        return None
    others = [w for pos, w in refs if pos != target.start(1)]
    # Several sessions onto one day: each day named before the target ("move Monday's, Tuesday's
    # and Thursday's sessions to Saturday"), or every session of a week ("all my sessions this
    # week", "next week's workouts"). The validator decides whether one day can hold them.
    before = list(dict.fromkeys(w for pos, w in refs if pos < target.start(1)))
    whole_week = _has(_MANY_SESSIONS, t) and len(before) < 2
    if len(before) > 1 or (whole_week and not before):
        many: Slots = {}
        many["to_day"], many["to_date"] = _day_ref(target.group(1), ctx.today)
        if whole_week:
            many["from_week"] = "next" if _has(r"\bnext week", t) else "this"
            monday = ctx.today + timedelta(days=7 - ctx.today.weekday())
            if (
                many["from_week"] == "next"
                and many["to_date"] < monday
                and re.fullmatch(_DAY, target.group(1))
            ):
                many["to_date"] += timedelta(days=7)  # "next week's sessions to Saturday"
        else:
            many["from_dates"] = [_day_ref(w, ctx.today)[1] for w in before]
            if many["to_date"] <= min(many["from_dates"]) and re.fullmatch(_DAY, target.group(1)):
                many["to_date"] += timedelta(days=7)
        return "move_session", many, []
    src_word = source.group(1) if source and source.start(1) != target.start(1) else None
    if src_word is None and others:
        src_word = others[0]
    if src_word is None:
        return None
    slots: Slots = {}
    slots["from_day"], slots["from_date"] = _day_ref(src_word, ctx.today)
    slots["to_day"], slots["to_date"] = _day_ref(target.group(1), ctx.today)
    if slots["to_date"] <= slots["from_date"] and re.fullmatch(_DAY, target.group(1)):
        slots["to_date"] += timedelta(days=7)  # a weekday: the next one after the source
    return "move_session", slots, []


_SKIP = (
    r"\b(?:skip|skipping|cancel|cancelling|canceling|scrap|ditch|drop|call off|bin|miss|missing)\b|"
    r"\b(?:can'?t|cannot|won'?t|will not|not going to|not gonna) (?:make|do|train|manage)\b|"
    r"\b(?:take|taking) (?:\w+ )?(?:off|as a rest day)\b"
)


def _skip_session(ctx: _Ctx) -> Result:
    """ "skip Thursday", "cancel tomorrow, travelling", "skip today's run": the session planned
    on that day is marked skipped. Not a question ("should I skip ...") and not a swap ("drop
    the intervals and do an easy run instead")."""
    t = ctx.text
    if not _has(_SKIP, t) or _has(
        r"\b(should|could|can) i\b|\binstead\b|\band (?:do|give|add|put|use)\b|\?|\b(?:missed|skipped|did|ago|yesterday|last)\b",
        t,
    ):
        return None
    m = re.search(rf"\b({_PLAN_DAY})(?:'?s)?\b", t)
    if m is None:
        return None
    name, on = _day_ref(m.group(1), ctx.today)
    slots: Slots = {"day": name, "date": on}
    if _has(r"\b(run|runs|jog|ride|bike|cycle|swim|row|cardio|intervals)\b", t):
        slots["cardio"] = True  # "skip today's run": only if that session has cardio
    return "skip_session", slots, []


_SWAP_PATTERNS = (
    r"\b(?:swap|switch|replace|substitute|sub|change|exchange|trade)\s+(?:out\s+)?(?P<a>.+?)\s+"
    r"(?:for|with|to|by|into|and do|and use)\s+(?P<b>.+)",
    r"\binstead of\s+(?P<a>.+?)\s*(?:,|can i|could i|i'?ll|let me|i want to|i'd like to|"
    r"i'd rather)\s*(?:do|have)?\s+(?P<b>.+)",
    r"(?:can|could|may) i (?:do|have|use)\s+(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
    r"(?:i'?d rather do|let me do|i want to do|give me)\s+(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
    # "take the back squat out and give me leg press", "drop the RDLs, put hip thrusts in"
    r"\b(?:take|drop|remove|ditch|lose|scrap|get rid of|cut|bin)\s+(?:out\s+)?(?P<a>.+?)"
    r"(?:\s+out)?\s*(?:\band\b|,|\bthen\b)\s*(?:instead\s+)?(?:give me|put in|put|add|do|use|have|swap in|"
    r"sub in|bring in|replace (?:it|them) with)\s+(?P<b>.+?)(?:\s+(?:in|instead|in its place))?$",
    r"(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
    r"\b(?:no|not|hate|don'?t like|can'?t do|cannot do|dislike|no more)\s+(?P<a>[a-z -]+?)\s*"
    r"(?:,|;|-|so)\s*(?:can i |can you |let me |i'?ll )?(?:do|give me|use|have)\s+(?P<b>.+?)\s+instead",
)


def _swap(ctx: _Ctx) -> Result:
    for pattern in _SWAP_PATTERNS:
        m = re.search(pattern, ctx.text)
        if m is None:
            continue
        problems: list[str] = []
        a = re.sub(r"\b(in|on|from)\b.*$", "", m.group("a"))
        b = re.sub(r"\b(today|tomorrow|this week|please|pls|instead)\b.*$", "", m.group("b"))
        b = re.sub(r"\?.*$", "", b)
        # Where or why after the new exercise ("hip thrusts on leg day", "goblet squats, hotel
        # gym has no rack"): the piece that names an exercise, the last one first.
        pieces = [re.sub(r"\s+\b(?:on|in|for|during|while)\b\s.*$", "", p) for p in b.split(",")]
        b = next((p for p in reversed(pieces) if _find_exercise(ctx, p)), pieces[-1])
        b = re.sub(r"\bwhat (?:should|can|could) i (?:do|use|try)\b", " ", b)
        first = _exercise(ctx, a, problems)
        second = _exercise(ctx, b, problems)
        if first is None and second is None and not problems:
            continue
        return "swap_exercise", {"exercise": first, "to": second}, problems
    return None


_GOALS: tuple[tuple[str, str], ...] = (
    (r"hypertroph|muscle|bodybuild|size|bulk|mass|aesthetic|gains|hyper\b", "hypertrophy"),
    (r"strength|stronger|powerlift|strong\b|1rm|max(?:imal)? strength", "strength"),
    (r"fat loss|lose (?:weight|fat)|weight loss|cut(?:ting)?\b|lean|shred|slim|tone", "fat_loss"),
    (
        r"endurance|marathon|\d+(?:\.\d+)? ?km|stamina|aerobic|running plan|triathlon|cardio",
        "endurance",
    ),
    (r"sport|athletic|football|soccer|basketball|performance|speed|agility", "sport_performance"),
    (r"general fitness|get fit|healthy|health|overall fitness|stay fit|general", "general_fitness"),
)


def _goal(text: str) -> str | None:
    for pattern, goal in _GOALS:
        if _has(pattern, text):
            return goal
    return None


def _days_per_week(text: str) -> int | None:
    m = re.search(
        r"\b(\d)\s*(?:-|\s)?\s*days?\b(?!\s*ago)|\b(\d)\s*(?:x|times)\s*(?:a|per|/)\s*week|\b(\d)\s*days?\s*(?:a|per|/)\s*week",
        text,
    )
    if m is None:
        return None
    value = int(next(g for g in m.groups() if g))
    return value if 1 <= value <= 7 else None


def _minutes(text: str) -> int | None:
    seconds = _durations_s(re.sub(r"\b\d+\s*(?:-|\s)?\s*days?\b", " ", text))
    return round(seconds / 60) if seconds else None


def _generate_plan(ctx: _Ctx) -> Result:
    t = ctx.text
    days_change = _days_per_week(t) is not None and _has(
        r"\b(set|change|switch|go|move|bump|drop|reduce|increase|train|only|up|down)\b", t
    )
    plan_word = _has(r"\b(plan|program|programme|routine|split|schedule|block|regime|regimen)\b", t)
    if not plan_word and not days_change:
        return None
    show = _has(
        r"\b(show|see|view|display|send|print|current|existing)\b|\bmy (plan|program|programme|routine|schedule)\b",
        t,
    )
    make = _has(
        r"\b(want|need|make|create|build|give me an?|generate|design|write|new|start|set up|"
        r"get me|looking for|put together|come up with|another|different|fresh|redo|"
        r"regenerate)\b|\b\d\s*(?:-|\s)?\s*days?\b|\bdays? (a|per) week",
        t,
    )
    if not (make or days_change) or (
        show
        and not days_change
        and not _has(
            r"\b(new|another|different|want|need|make|create|build|generate|regenerate|redo)\b", t
        )
    ):
        return None
    slots: Slots = {}
    if (days := _days_per_week(t)) is not None:
        slots["days_per_week"] = days
    if (goal := _goal(t)) is not None:
        slots["goal"] = goal
    if (minutes := _minutes(t)) is not None:
        slots["minutes"] = minutes
    if m := re.search(r"\b(\d+)\s*(?:-|\s)?\s*weeks?\b", t):
        slots["weeks"] = int(m.group(1))
    return "generate_plan", slots, []


def _session_minutes(ctx: _Ctx) -> Result:
    t = ctx.text
    if _has(r"\b(ran|run|jog|jogged|cycled|biked|rode|swam|rowed|walked|hiked|slept|sleep)\b", t):
        return None
    if not _has(
        r"\bmake (it|them|that|my|the|each|every|today|sessions?|workouts?)\b|\bonly (have|got)\b|"
        r"\b(have|got) (only|just)\b|\b(limit|cap|keep|shorten|cut|trim|shorter|longer|reduce)\b|"
        r"\bper (session|workout|day)\b|\b(sessions?|workouts?|training) (of|to|under|at most|"
        r"max|should be|need to be|must be|can be|be|lasting)\b|\b(max|maximum|at most|no more than|"
        r"under|tops)\b|\bminute (sessions?|workouts?)\b|\btime for\b",
        t,
    ):
        return None
    minutes = _minutes(t)
    if minutes is None:
        return None
    slots: Slots = {"minutes": minutes}
    if _has(r"\b(shorter|less|fewer|off)\b", t) and not _has(r"\b(to|under|max|at most)\b", t):
        slots = {"shorter_by": minutes}  # "make tomorrow 20 min shorter"
    # One day named ("only got 30 min today"): that session only, not every session.
    if not _has(r"\b(sessions|workouts|every|each|all|per|from now|going forward)\b", t) and (
        m := re.search(rf"\b({_PLAN_DAY})(?:'?s)?\b", t)
    ):
        slots["date"] = _day_ref(m.group(1), ctx.today)[1]
    return "set_session_minutes", slots, []


_EQUIPMENT_WORDS: tuple[tuple[str, str], ...] = (
    (r"adjustable dumbbells?|dumbbells?|dumbells?|dumbels?|\bdbs?\b", "dumbbell"),
    (r"\bez[- ]?bar|curl bar", "ez_bar"),
    (r"trap bar|hex bar", "trap_bar"),
    (r"pull[- ]?up bar|chin[- ]?up bar|doorway bar", "pull_up_bar"),
    (r"\bbarbells?\b|\bbar and plates\b|olympic bar", "barbell"),
    (r"kettlebells?|kettle bells?|\bkbs?\b", "kettlebell"),
    (r"(?:resistance |exercise |loop |mini )?bands?\b|\btheraband", "resistance_band"),
    (r"smith machine|\bsmith\b", "smith_machine"),
    (r"cable machine|cables?\b|pulley", "cable"),
    (r"(?:squat |power )?rack\b|\bcage\b", "squat_rack"),
    (r"medicine ball|med ball", "medicine_ball"),
    (r"\btrx\b|suspension trainer|\brings\b", "suspension_trainer"),
    (r"treadmill", "treadmill"),
    (
        r"stationary bike|exercise bike|spin bike|bike trainer|turbo trainer|peloton",
        "stationary_bike",
    ),
    (r"rowing machine|\browers?\b|\berg\b|concept ?2", "rower"),
    (r"\bbikes?\b|bicycle", "bicycle"),
    (r"elliptical|cross trainer", "elliptical"),
    (r"jump ?rope|skipping rope", "jump_rope"),
    (r"\bpool\b", "pool"),
    (r"dip (?:bars|station)|parallel bars", "dip_bars"),
    (r"\bbench\b", "bench"),
    (r"\bmachines\b", "machine"),
    (r"plyo box|jump box", "plyo_box"),
    (r"\bsled\b|prowler", "sled"),
    (r"landmine", "landmine"),
    (r"ab wheel|ab roller", "ab_wheel"),
)
_PRESETS: tuple[tuple[str, str], ...] = (
    (r"full gym|commercial gym|big gym|proper gym|whole gym|(?:back at|back in) the gym|everything", "full_gym"),
    (r"home gym|garage gym", "home_gym"),
    (r"no equipment|nothing\b|bodyweight only|only bodyweight|just (?:my )?bodyweight|no gym|"
     r"no weights|zero equipment|just my body|own body ?weight|hotel room", "none"),
)  # fmt: skip


def _equipment_list(text: str) -> tuple[list[str], list[str]]:
    """(equipment available, equipment named as missing) in normalised ``text``."""
    have: set[str] = set()
    missing: set[str] = set()
    for part in re.split(r"\b(?:but|except|although|though)\b|[.;]", text):
        negated = _has(
            r"\b(no|don'?t have|do not have|without|lost|not|haven'?t got|can'?t use)\b", part
        )
        for pattern, preset in _PRESETS:
            if _has(pattern, part):
                have.update(vocab.EQUIPMENT_PRESETS[preset])
                negated = negated and preset != "none"
        for pattern, item in _EQUIPMENT_WORDS:
            if _has(pattern, part):
                (missing if negated else have).add(item)
    return sorted(have - missing), sorted(missing)


def _set_equipment(ctx: _Ctx) -> Result:
    t = ctx.text
    if not _has(
        r"\b(only (have|got)|have only|got only|just (have|got)|i have|i'?ve got|i got|i own|"
        r"no access|don'?t have|do not have|without|no gym|travel|travelling|traveling|hotel|"
        r"at home|home gym|available|equipment|at my disposal|bodyweight only|stuck with|"
        r"limited to|access to|gym is closed|all i have|nothing but|using only|only using|"
        r"bought|lost access|back at|back in)\b",
        t,
    ) or _has(r"\b(push|move|shift|postpone|bump)\b.{0,30}\b(back|forward|later|earlier)\b", t):
        # "push everything back a day": the sessions' days, not the equipment
        return None
    have, missing = _equipment_list(t)
    preset_named = any(_has(p, t) for p, _ in _PRESETS)
    if not have and not missing and not preset_named:
        return None
    slots: Slots = {"equipment": have}
    if missing:
        slots["without"] = missing
    return "set_equipment", slots, []


def _readiness(ctx: _Ctx) -> Result:
    t = ctx.text
    if _has(
        r"\bshould i (train|work ?out|lift|run|ride|go hard|go heavy|go easy|push|rest|take|skip|"
        r"do (intervals|hiit|a hard|a heavy|a long|the session|legs|my workout)|go to the gym|"
        r"deload|still train|even train|back off|hit the gym)|\bam i (ready|recovered|good|fit|"
        r"fresh|ok|okay) (to|for|enough)|\b(ready|ok|okay|fine|good|safe|wise|smart) (to|for) (do )?"
        r"(train|work ?out|lift|run|go hard|go heavy|push|hiit|intervals)|\b(train|go|push) hard "
        r"today|\bhard (session|workout|day) today\b|how hard (should|can) i|can i (train|go hard|"
        r"lift heavy|go heavy|run|push)|is today a good day|how should i train today|rest day\?|"
        r"should i (do|go for) (my|a|the) .{1,25}(today|tomorrow|or rest|or skip|or take)|"
        r"recovered enough|take it easy today\?|do i need a rest|need a (rest|deload)|"
        r"(too tired|too sore) to train|should today be",
        t,
    ):
        return "readiness_advice", _date_slots(t, ctx.today) or {"date": ctx.today}, []
    return None


_GLOSSARY = (
    r"rir|rpe|hrv|acwr|deload|1rm|one rep max|amrap|tempo|tut|readiness( score)?|progressive "
    r"overload|training load|zone \d|zones|trimp|srpe|tsb|ctl|atl|monotony|strain|rest days?|"
    r"hypertrophy|periodi[sz]ation|mesocycle|superset|drop set|vo2 ?max|etco2|spo2|volume"
)


def _explain(ctx: _Ctx) -> Result:
    t = ctx.text
    if _has(
        rf"^(why|how come|explain|can you explain|could you explain|please explain|what'?s the "
        rf"reason|what is the reason|reason for)\b|\bwhat (does|do) .{{1,40}} mean\b|"
        rf"^what('?s| is| are) (an? |the )?({_GLOSSARY})\??$|\bhow (does|do) .{{1,30}} work\b|"
        rf"\bwhy (did|do|does|is|are|was|were|has|have|would|should)\b|\bwhat is the point of\b|"
        rf"\bmeaning of\b|\bdifference between\b|\bhow is .{{1,30}} calculated\b",
        t,
    ):
        return "explain", {}, []
    return None


def _today_session(ctx: _Ctx) -> Result:
    t = ctx.text
    if _has(
        r"\b(today|tomorrow)'?s (workout|session|training|plan|program|lift|lifting|run|routine|"
        r"exercises)|\b(workout|session|training|plan|exercises|routine) (for |on )?(today|"
        r"tomorrow|tonight)|\bwhat('?s| is| do i have| have i got)( on)?( for)? (today|tomorrow|"
        r"tonight)\b|\bwhat (am i|should i be|do i|should i) (doing|do|training|lifting|running|"
        r"train|lift|run)( today| tomorrow| tonight)|\bwhat('?s| is) (next|up next|on the menu|on "
        r"the agenda)|\bnext (workout|session)\b|\bwhat do i (train|do|lift) (today|tomorrow|"
        r"next)|\bwhat('?s| is) the (workout|session)\b|^(today|workout|session)\??$|"
        r"\bam i (training|lifting|running) (today|tomorrow)|\bwhat (exercises|lifts|workout|"
        r"session|training) (do i have|am i doing|is on|are on|is planned|are planned)",
        t,
    ):
        when = ctx.today + timedelta(days=1) if _has(r"\btomorrow", t) else ctx.today
        return "today_session", {"date": when}, []
    return None


def _show_plan(ctx: _Ctx) -> Result:
    t = ctx.text
    plan_word = (
        r"(plan|program|programme|schedule|routine|split|training block|sessions|workouts|week)"
    )
    if _has(
        rf"\b(show|see|view|display|send|print|give me|list|open|check|pull up|look at)\b.*\b{plan_word}\b|"
        rf"\bwhat('?s| is| does)\b.*\b(my|the|this week'?s|next week'?s)\s+{plan_word}\b|"
        rf"\bthis week'?s {plan_word}|\bnext week'?s {plan_word}|^(my )?{plan_word}\??$|"
        rf"\bwhat (am i|do i have) (doing|planned|scheduled) (this|next) week|"
        rf"\bwhat('?s| is) (planned|scheduled|coming up)|\b(this|next) week look like|\bmy (current )?(plan|program|programme)\b",
        t,
    ):
        slots: Slots = {}
        if _has(r"\bnext week", t):
            monday = ctx.today - timedelta(days=ctx.today.weekday()) + timedelta(days=7)
            slots = {"start": monday, "end": monday + timedelta(days=6)}
        return "show_plan", slots, []
    return None


_METRIC_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"resting (hr|heart ?rate|pulse|heartrate)|\brhr\b|resting bpm", "resting_hr"),
    (r"\bhrv\b|heart ?rate variability|rmssd", "hrv"),
    (
        r"spo2|sp02|blood oxygen|oxygen sat|o2 sat|\bsats\b|oxygen level|\boxygen\b|saturation",
        "spo2",
    ),
    (
        r"breathing rate|respiratory rate|resp(iration)? rate|breaths? per min|breathing",
        "breathing_rate",
    ),
    (r"etco2|end[- ]tidal|\bco2\b", "etco2"),
    (r"heart ?rate|\bhr\b|\bpulse\b|\bbpm\b", "hr"),
    (r"\bsle+p|slept|\bnap", "sleep"),
    (r"weigh|\bweight\b|body ?weight|\bscale\b|\bmass\b", "weight"),
    (
        r"\bload\b|acwr|acute.{0,12}chronic|\bstrain\b|training stress|\btsb\b|\batl\b|\bctl\b|\bfatigue\b|\bfitness\b",
        "load",
    ),
    (r"readiness|recovery|recovered", "readiness"),
    (r"calorie|kcal|\bcals?\b|energy intake|\beat\b|\bate\b|\beaten\b", "calories"),
    (r"protein", "protein"),
    (r"volume|tonnage|how many sets|sets per|total sets|\bsets\b|\breps\b|lifted", "volume"),
)
_QUESTION = (
    r"\?\s*$|^(what|what'?s|whats|how|show|tell|give|list|when|was|were|is|are|has|have|"
    r"compare|plot|graph|chart|display|check|pull up|any)\b|^did i\b|^can (i|you) (see|get|have)|"
    r"\b(trend|average|avg|history|graph|chart|compare|progress|summary|stats)\b"
)


def _metric(text: str) -> str | None:
    for pattern, metric in _METRIC_PATTERNS:
        if _has(pattern, text):
            return metric
    return None


def _query_metric(ctx: _Ctx) -> Result:
    t = ctx.text
    if not _has(_QUESTION, t):
        return None
    metric = _metric(t)
    if metric is None:
        return None
    slots: Slots = {"metric": metric}
    found = find_dates(t, ctx.today)
    if "date" in found:
        slots["start"] = slots["end"] = found["date"]
    elif "start" in found:
        slots["start"], slots["end"] = found["start"], found["end"]
    elif _has(r"\btoday\b|this morning|tonight", t):
        slots["start"] = slots["end"] = ctx.today
    return "query_metric", slots, []


_SETS_REPS = (
    # 3x8, 3 x 8, 3*8 (sets x reps); "100kg x 5" is caught by _LOAD_X_REPS first
    re.compile(r"\b(\d{1,2})\s*[x*]\s*(\d{1,3})\b(?!\s*(?:kg|lb|kilo|pound))"),
    re.compile(r"\b(\d{1,2})\s*sets?\s*(?:of|x|at|with)?\s*(\d{1,3})(?:\s*reps?)?\b"),
)
_REPS_SETS = re.compile(r"\b(\d{1,3})\s*reps?\s*(?:for|x|times|,)?\s*(\d{1,2})\s*sets?\b")
_LOAD_X_REPS = re.compile(
    rf"\b({_NUM})\s*(kgs?|kilos?|lbs?|pounds?)?\s*(?:x|for)\s*(\d{{1,3}})(?!\s*(?:sets?|rounds?)\b)(?:\s*reps?)?"
    rf"(?:\s*(?:x|for)\s*(\d{{1,2}})(?:\s*sets?)?)?\b"
)
_ONLY_SETS = re.compile(r"\b(\d{1,2})\s*sets?\b")
_ONLY_REPS = re.compile(r"\b(\d{1,3})\s*(?:reps?|repetitions)\b")
_RIR = re.compile(
    rf"\brir\s*(?:of|was|=|:|@)?\s*({_NUM})|\b({_NUM})\s*(?:rir|reps? in (?:the )?reserve|"
    rf"(?:more )?(?:reps? )?(?:left )?in the tank|(?:more )?reps? left\b(?:\s*(?:on|in|for)?\s*"
    rf"(?:each|every|all)(?: sets?| of them)?)?|more in me\b)"
)
_RPE = re.compile(rf"\brpe\s*(?:of|was|=|:|@)?\s*({_NUM})|\b@\s*rpe\s*({_NUM})|\b({_NUM})\s*rpe\b")
_AT_LOAD = re.compile(rf"(?:@|\bat|\bwith|\busing)\s*({_NUM})\b(?!\s*(?:rir|rpe|%|reps?|sets?|am|pm|:))")  # fmt: skip


def _first(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


def _parse_group(chunk: str) -> tuple[dict[str, Any], str]:
    """Sets, reps, load and effort in one chunk, and what is left (the exercise words)."""
    group: dict[str, Any] = {}
    rest = chunk
    if m := _RIR.search(rest):
        group["rir"] = float(_first(m))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if m := _RPE.search(rest):
        group["rpe"] = float(_first(m))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    m = _LOAD_X_REPS.search(rest)
    if m and (m.group(2) or float(m.group(1)) > 20):
        group["weight_kg"] = _mass_kg(m.group(1), m.group(2))
        group["reps"] = int(m.group(3))
        group["sets"] = int(m.group(4)) if m.group(4) else 1
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if "reps" not in group:
        if m := _REPS_SETS.search(rest):
            group["reps"], group["sets"] = int(m.group(1)), int(m.group(2))
            rest = rest[: m.start()] + " " + rest[m.end() :]
        else:
            for pattern in _SETS_REPS:
                if m := pattern.search(rest):
                    group["sets"], group["reps"] = int(m.group(1)), int(m.group(2))
                    rest = rest[: m.start()] + " " + rest[m.end() :]
                    break
    if "sets" not in group and (m := _ONLY_SETS.search(rest)):
        group["sets"] = int(m.group(1))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if "reps" not in group and (m := _ONLY_REPS.search(rest)):
        group["reps"] = int(m.group(1))
        rest = rest[: m.start()] + " " + rest[m.end() :]
    if "weight_kg" not in group:
        if m := _MASS.search(rest):
            group["weight_kg"] = _mass_kg(m.group(1), m.group(2))
            rest = rest[: m.start()] + " " + rest[m.end() :]
        elif m := _AT_LOAD.search(rest):
            group["weight_kg"] = _mass_kg(m.group(1), None)
            rest = rest[: m.start()] + " " + rest[m.end() :]
    trailing = re.search(rf"\b({_NUM})\s*$", rest)
    if "weight_kg" not in group and "reps" in group and trailing and float(trailing.group(1)) >= 20:
        group["weight_kg"] = _mass_kg(trailing.group(1), None)  # "squat 3x5 140": kg (or lb)
        rest = rest[: trailing.start()]
    if _has(r"\bbody ?weight\b|\bbw\b", rest) and "weight_kg" not in group:
        group["bodyweight"] = True
        rest = re.sub(r"\bbody ?weight\b|\bbw\b", " ", rest)
    rest = re.sub(r"\b(?:each|per|a) (?:leg|arm|side|hand)\b", " ", rest)
    rest = re.sub(
        r"\b(i|i've|ive|did|done|do|just|finished|completed|got|hit|managed|today|yesterday|"
        r"this|morning|evening|tonight|last night|at|of|for|sets?|reps?|on|the|my|and|then|"
        r"each|per|side|all|also|plus|with|was|were|went|x|easy|hard|heavy|light|"
        r"felt|good|great|solid|working|work|a|an|of|them|total|pr|new|lol|ok|okay|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d+ days? ago|lifted|forgot|"
        r"log|logged|trained|training|gym|"
        r"straight|across|@|in|it|that|those|these|holding|using|bodyweight)\b",
        " ",
        rest,
    )
    rest = re.sub(r"[^a-z' -]", " ", rest)
    return group, re.sub(r"\s+", " ", rest).strip(" -'")


def _bare_reps(ctx: _Ctx) -> Result:
    """ "25 pushups", "did 12 pull ups": a number of reps of a (non-cardio) exercise."""
    m = re.fullmatch(
        r"(?:i )?(?:just )?(?:did|done|finished|hit|got)?\s*(\d{1,3})\s+([a-z][a-z' -]{2,})[.!]*",
        ctx.text,
    )
    if m is None or _DIST.search(ctx.text) or _DUR.search(ctx.text):
        return None
    found = ctx.exercises.match(m.group(2))
    if found is None or ctx.exercises.category(found.slug) == "cardio":
        return None
    group = {"exercise": found.slug, "sets": 1, "reps": int(m.group(1))}
    return "log_sets", {"groups": [group], "date": ctx.today}, []


def _sets_text(text: str) -> str:
    """Logging words read as sets: "3 rounds of 12" is 3 sets of 12, and the implement after a
    load ("a 24 kg kettlebell", "with 30 kg dumbbells") is not part of the exercise name."""
    text = re.sub(r"\b(\d{1,2})\s*rounds?\s*(?:of\s*)?", r"\1 sets of ", text)
    text = re.sub(r"\bfor an? single\b|\bfor a triple\b|\bfor a double\b", lambda m: {"single": "for 1", "double": "for 2", "triple": "for 3"}[m.group(0).split()[-1]], text)  # fmt: skip
    return re.sub(
        rf"({_NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s+(?:kettle ?bells?|kbs?|bells?|dumb ?bells?|"
        r"dbs?|barbells?|bars?|plates?)\b",
        r"\1",
        text,
    )


# "pull ups: 8, 7, 6, 6", "dips 12/10/9", "incline bench 3 sets: 12, 10, 8 reps at 50 kg":
# an exercise, then the reps of each set (a load for all of them may follow).
_REPS_LIST = re.compile(
    r"^(?:i )?(?:just )?(?:did |done |finished )?(?P<name>[a-z][a-z'() -]*?)\s*[:\-]?\s*"
    r"(?:(?P<sets>\d{1,2})\s*sets?\s*(?:of\s*)?[:\-]?\s*)?"
    # "bench: 70kg x 8, 8, 7", "OHP 50kg 5/5/4/4": one load first, then each set's reps
    rf"(?:(?P<load0>{_NUM})(?![\d.])\s*(?P<unit0>kgs?|kilos?|lbs?|pounds?)?\s*(?P<by>x|for|:)?\s*)?"
    r"(?P<list>\d{1,3}(?:\s*[,/]\s*(?:and\s*)?\d{1,3})+)\s*(?:reps?)?"
    rf"(?:\s*(?:at|@|with|using)?\s*(?P<load>{_NUM})\s*(?P<unit>kgs?|kilos?|lbs?|pounds?)?)?"
    r"\s*[.!]*$"
)


# Equipment that carries a load of its own (an exercise without any is done with body weight).
_LOADED = frozenset(
    {"barbell", "dumbbell", "kettlebell", "cable", "machine", "ez_bar", "trap_bar",
     "smith_machine", "medicine_ball", "sled", "landmine", "resistance_band", "squat_rack"}
)  # fmt: skip


def _reps_list(ctx: _Ctx) -> Result:
    m = _REPS_LIST.match(_sets_text(ctx.text))
    if m is None:
        return None
    found = ctx.exercises.match(re.sub(r"\b(the|my|on)\b|[()]", " ", m.group("name")).strip())
    if found is None or ctx.exercises.category(found.slug) == "cardio":
        return None
    # A load before the list needs a unit or an "x" ("squat 100 5/5" is unclear).
    if m.group("load0") and (m.group("load") or not (m.group("unit0") or m.group("by"))):
        return None
    reps = [int(r) for r in re.findall(r"\d+", m.group("list"))]
    if m.group("sets") and int(m.group("sets")) != len(reps):
        return None  # "3 sets: 12, 10" does not add up; let the general parser try
    load = None
    if m.group("load0"):
        load = _mass_kg(m.group("load0"), m.group("unit0"))
    elif m.group("load"):
        if not m.group("unit") and float(m.group("load")) < 20:
            return None
        load = _mass_kg(m.group("load"), m.group("unit"))
    record = next(r for r in ctx.exercises.records if r.slug == found.slug)
    bodyweight = load is None and not set(record.equipment) & _LOADED
    groups = []
    for count in reps:
        group: dict[str, Any] = {"exercise": found.slug, "sets": 1, "reps": count}
        if load is not None:
            group["weight_kg"] = load
        elif bodyweight:  # pull-ups, dips, push-ups: the body is the load
            group["bodyweight"] = True
        groups.append(group)
    return "log_sets", {"groups": groups, **(_date_slots(ctx.text, ctx.today) or {"date": ctx.today})}, []  # fmt: skip


def _log_sets(ctx: _Ctx) -> Result:
    t = _sets_text(ctx.text)
    if not (
        any(p.search(t) for p in _SETS_REPS)
        or _REPS_SETS.search(t)
        or _ONLY_REPS.search(t)
        or _ONLY_SETS.search(t)
        or (_LOAD_X_REPS.search(t) and _MASS.search(t))
        or len([m for m in _LOAD_X_REPS.finditer(t) if float(m.group(1)) > 20]) >= 2
    ):
        return _bare_reps(ctx)
    chunks = re.split(r"[,;+/\n]|\band then\b|\bthen\b|\bafter that\b|\band\b(?=\s*\d)|\.\s", t)
    groups: list[dict[str, Any]] = []
    problems: list[str] = []
    pending_name = ""
    for chunk in chunks:
        group, words = _parse_group(chunk)
        starts_group = "sets" in group or "reps" in group
        if starts_group:
            name = words or pending_name
            pending_name = ""
            group["exercise"] = _exercise(ctx, name, problems) if name else None
            groups.append(group)
        elif groups and (group or not words):
            for key, value in group.items():
                groups[-1].setdefault(key, value)
            if words and groups[-1]["exercise"] is None:
                groups[-1]["exercise"] = _exercise(ctx, words, problems)
        elif words:
            if groups and groups[-1]["exercise"] is None:
                groups[-1]["exercise"] = _exercise(ctx, words, problems)
            else:
                pending_name = words
            for key, value in group.items():
                if groups:
                    groups[-1].setdefault(key, value)
    if not groups:
        return None
    _share_exercise(groups, problems)
    for group in groups:
        group.setdefault("sets", 1)
        if group.get("exercise") is None and not any("exercise" in p for p in problems):
            problems.append("which exercise? I could not find an exercise name")
        if "reps" not in group and "how many reps?" not in problems:
            problems.append("how many reps?")
    slots: Slots = {"groups": groups, **(_date_slots(t, ctx.today) or {"date": ctx.today})}
    return "log_sets", slots, problems


_CARDIO_VERBS: tuple[tuple[str, str], ...] = (
    (r"\b(jog|jogged|jogging)\b", "easy-jog"),
    (r"\b(ran|run|running|runs)\b", "steady-run"),
    (r"\b(cycled|biked|rode|cycling|biking|bike ride|ride)\b", "moderate-cycling"),
    (r"\b(swam|swim|swimming)\b", "easy-freestyle-swimming"),
    (r"\b(rowed|rowing|row)\b", "moderate-rowing"),
    (r"\b(hiked|hike|hiking)\b", "hiking"),
    (r"\b(walked|walk|walking)\b", "easy-walk"),
)


def _share_exercise(groups: list[dict[str, Any]], problems: list[str]) -> None:
    """Sets written one by one ("squat 100x5, 105x5, 110x3", "80x10, 80x9 on the leg press")
    name the exercise once: a set without a name takes the one before it, else the one after."""
    # A name that is unknown or ambiguous ("which exercise is 'rows'? ...") is no gap to fill.
    if any(p.startswith(("unknown exercise", "which exercise is")) for p in problems):
        return
    last = None
    for group in groups:
        if group.get("exercise") is None:
            group["exercise"] = last
        last = group["exercise"]
    following = None
    for group in reversed(groups):
        if group["exercise"] is None:
            group["exercise"] = following
        following = group["exercise"]


def _named_cardio(ctx: _Ctx, text: str) -> str | None:
    """A cardio exercise named exactly by two or three words of ``text`` ("incline walk")."""
    words = re.findall(r"[a-z][a-z'-]*", text)
    for size in (3, 2):
        for i in range(len(words) - size + 1):
            found = ctx.exercises.match(" ".join(words[i : i + size]))
            if found is not None and found.score >= 100 and ctx.exercises.category(found.slug) == "cardio":  # fmt: skip
                return found.slug
    return None


def _log_cardio(ctx: _Ctx) -> Result:
    t = ctx.text
    distance = _distance_m(t)
    duration = _durations_s(t)
    slug: str | None = None
    for pattern, default in _CARDIO_VERBS:
        if _has(pattern, t):
            slug = default
            break
    phrase = re.sub(rf"{_DIST.pattern}|{_DUR.pattern}|{_CLOCK.pattern}", " ", t)
    phrase = re.sub(
        r"\b(i|did|done|just|went|for|a|an|the|on|in|at|of|my|today|yesterday|this|morning|"
        r"evening|tonight|last night|about|around|roughly|minutes?|easy|nice|quick|long|"
        r"session|then|and|with|pace|min|km|ran|run|walked|cycled|swam|rowed|hiked|did|"
        r"was|it|\d+ days? ago|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        " ",
        phrase,
    )
    phrase = re.sub(r"[^a-z -]", " ", phrase).strip()
    found = ctx.exercises.match(phrase) if phrase and len(phrase) > 2 else None
    if found is not None and ctx.exercises.category(found.slug) == "cardio":
        slug = found.slug
    named = _named_cardio(ctx, t)
    if named is not None:  # "incline walk on the treadmill": a name beats the verb
        slug = named
    if slug is None:  # "20 min on the bike": a machine names the activity
        slug = next((s for w, s in _MACHINES.items() if _has(rf"\b{w}\b", t)), None)
    if distance is None and duration is None:
        return None
    problems = []
    if slug is None:
        if distance is None or _has(r"\b(slept|sleep|session|sessions|workouts?)\b", t):
            return None
        problems.append("which activity was it (a run, a ride, a swim...)?")
    slots: Slots = {"exercise": slug, **(_date_slots(t, ctx.today) or {"date": ctx.today})}
    if distance is not None:
        slots["distance_m"] = distance
    if duration is not None:
        slots["duration_s"] = duration
    if m := _AVG_HR.search(t):
        slots["avg_hr"] = float(_first(m))
    return "log_cardio", slots, problems


# "avg HR 152", "heart rate 130ish", "HR 160 avg", "145 bpm": a session's average heart rate.
_AVG_HR = re.compile(
    r"\b(?:avg|average|mean)?\s*(?:hr|heart ?rate|pulse)\s*(?:avg|average|of|was|:|=|~|about)?"
    r"\s*(\d{2,3})(?!\d)|\b(\d{2,3})\s*bpm\b"
)


def _log_sleep(ctx: _Ctx) -> Result:
    t = ctx.text
    if not _has(r"\b(slept|sleep|sleeping|asleep|in bed|kip|shut ?eye|zzz|snoozed)\b", t):
        return None
    duration = _durations_s(t)
    if duration is None and (
        m := re.search(
            rf"\b(?:slept|sleep|got|had)\s*(?:for\s*)?(?:about\s*|around\s*|only\s*|just\s*)?({_NUM})\b",
            t,
        )
    ):
        duration = float(m.group(1)) * 3600
    if duration is not None and duration < 60 * 30 and _has(r"\b\d+(\.\d+)?\s*$", t):
        duration *= 3600
    slots: Slots = {}
    if duration is not None:
        slots["duration_s"] = duration
    if _has(
        r"\b(badly|poorly|terrible|terribly|awful|bad|rough|restless|crap|broken|woke up a lot)\b",
        t,
    ):
        slots["quality"] = "poor"
    elif _has(r"\b(well|great|good|amazing|like a baby|like a log|solid|deep)\b", t):
        slots["quality"] = "good"
    if not slots:
        return None
    found = find_dates(t, ctx.today)
    slots["date"] = found.get("date", ctx.today)
    problems = [] if "duration_s" in slots else ["how many hours did you sleep?"]
    return "log_sleep", slots, problems


def _log_weight(ctx: _Ctx) -> Result:
    t = ctx.text
    weighed = (
        _has(
            r"\b(weigh|weighed|weighing|weight|weighs|body ?weight|bw|wt|scale|scales|weigh-in|weigh in)\b|^i'?m\s+\d|\bi am\s+\d",
            t,
        )
        or (_MASS.search(t) and _has(r"^(?:i'?m |i am )?(?:down|up) to\b|^now\b|^at\b", t))
        or _has(r"\d\s*(?:st|stones?)\b", t)  # only a body weight is given in stones
        # "woke up at 176 lbs": a mass with the morning or the scale, and no exercise
        or (
            _MASS.search(t)
            and _has(r"\b(woke up|this morning|on the scales?|scale said)\b", t)
            and not _has(r"\d\s*(?:x|sets?|reps?)\b", t)
        )
    )
    if not weighed:
        return None
    m = _MASS.search(t)
    # A bare number is a body weight only when nothing says it is something else ("30 weeks
    # pregnant", "I'm 41", "5'10"); the one after the word "weight" first.
    bare = [
        n
        for n in re.finditer(rf"(?<![\d.'])({_NUM})\b(?!\s*['\"]|\.\d)", t)
        if not _foreign_number(t, n)
    ]
    after = [n for n in bare if _has(r"\b(?:weigh\w*|weight|bw|wt|scales?)\W*$", t[: n.start()])]
    if stone := _STONE.search(t):
        kg = round(parse_mass_kg(f"{stone.group(1)} st {stone.group(2)}"), 2)
    elif m:
        kg = _mass_kg(m.group(1), m.group(2))
    elif after or bare:
        kg = _mass_kg((after or bare)[0].group(1), None)
    else:
        return None
    if not 20 <= kg <= 350:
        return None
    slots: Slots = {"weight_kg": kg, **(_date_slots(t, ctx.today) or {"date": ctx.today})}
    return "log_weight", slots, []


_DAILY: tuple[tuple[str, str], ...] = (
    (
        r"resting (?:hr|heart ?rate|pulse|heartrate)|\brhr\b|resting bpm|morning (?:hr|pulse)",
        "resting_hr",
    ),
    (r"\bhrv\b|heart ?rate variability|rmssd", "hrv"),
    (r"\bmood\b|\bfeeling\b|\bfeel\b|\bhappy\b|\bsad\b|\bdown\b", "mood"),
    (r"\benergy\b|\benergetic\b|\btired\b|\bexhausted\b|\bfatigued\b|\bdrained\b", "energy"),
    (r"\bsore(ness)?\b|\bdoms\b|\baching\b|\bachy\b|\bstiff\b", "soreness"),
    (r"\bstress(ed|ful)?\b|\banxious\b|\boverwhelmed\b", "stress"),
)
_WORD_SCORES = (
    (r"terrible|awful|horrible|dreadful|wrecked|destroyed|exhausted|very low|super low", 2),
    (r"\blow\b|bad|poor|meh|crap|rubbish|not great|drained|tired|down\b|sad|rough", 3),
    (r"\bok\b|okay|alright|average|fine|normal|so-so|decent", 5),
    (r"good|pretty good|fresh|high|happy|energetic|solid", 7),
    (r"great|amazing|excellent|fantastic|awesome|very high|super high|through the roof", 9),
)


_DAILY_RANGE = {
    "mood": (0.0, 10.0),
    "energy": (0.0, 10.0),
    "soreness": (0.0, 10.0),
    "stress": (0.0, 10.0),
    "resting_hr": (25.0, 150.0),
    "hrv": (5.0, 300.0),
}


def _log_daily(ctx: _Ctx) -> Result:
    t = ctx.text
    values: dict[str, float] = {}
    problems: list[str] = []
    spans = []
    for pattern, metric in _DAILY:
        # "feeling good, mood 9/10": the mention that gives a number counts
        found = list(re.finditer(pattern, t))
        numbered = [
            f
            for f in found
            if re.match(rf"^\W{{0,4}}(?:is |was |at |about |of )?{_NUM}", t[f.end() :])
        ]
        if numbered or found:
            m = (numbered or found)[0]
            spans.append((m.start(), m.end(), metric))
    if not spans:
        return None
    spans.sort()
    for index, (_start, end, metric) in enumerate(spans):
        stop = spans[index + 1][0] if index + 1 < len(spans) else len(t)
        segment = t[end:stop]
        before = t[max(0, _start - 12) : _start]
        num = re.search(rf"^\D{{0,25}}?({_NUM})(?:\s*(?:/|out of)\s*10)?", segment)
        pre = re.search(rf"({_NUM})\s*(?:/|out of)\s*10\s*$|({_NUM})\s*$", before.strip())
        if num:
            values[metric] = float(num.group(1))
        elif pre and metric in ("mood", "energy", "soreness", "stress"):
            values[metric] = float(pre.group(1) or pre.group(2))
        elif metric in ("mood", "energy", "soreness", "stress"):
            scope = t[max(0, _start - 20) : stop]
            for pattern, score in reversed(_WORD_SCORES):
                if _has(pattern, scope):
                    value = float(score)
                    if metric in ("soreness", "stress"):
                        value = {2: 9, 3: 7, 5: 5, 7: 3, 9: 2}.get(score, value)
                        if _has(r"\bvery|super|really|so\b|extremely|wrecked|destroyed", scope):
                            value = 8.0
                        elif not _has(r"\blow|little|bit|slightly|mild|barely|not very", scope):
                            value = max(value, 6.0)
                    values[metric] = value
                    break
            else:
                if metric in ("soreness", "stress"):
                    values[metric] = 8.0 if _has(r"very|super|really|extremely", scope) else 6.0
    values = {k: v for k, v in values.items() if _DAILY_RANGE[k][0] <= v <= _DAILY_RANGE[k][1]}
    if not values:
        return None
    slots: Slots = {"values": values, **(_date_slots(t, ctx.today) or {"date": ctx.today})}
    return "log_daily", slots, problems


_DRINKS = r"coffees?|teas?|lattes?|cappuccinos?|flat whites?|espressos?|mochas?|beers?|wines?|colas?|sodas?"  # fmt: skip


@cache
def _food_words() -> re.Pattern[str]:
    """Foods of the food table (names and aliases, plural too) and drinks with energy: a clause
    naming one is about what was eaten. Words that also name an exercise or a sport ("squash")
    or something else first ("dates", "rocket", "turkey", "orange") are left out."""
    from fitcoach.coach.nutrition.foods import food_table

    matcher = _default_matcher()
    phrases: set[str] = set()
    for food in food_table():
        phrases.add(re.sub(r"\(.*?\)", "", food.name.split(",")[0]).strip().lower())
        phrases |= {a.lower() for a in food.aliases}
    kept = sorted(
        (p for p in phrases if p and p not in _NOT_FOOD and matcher.match(p) is None),
        key=len,
        reverse=True,
    )
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in kept) + rf")(?:s|es)?\b|\b(?:{_DRINKS})\b")  # fmt: skip


def _only_food(text: str) -> bool:
    """Whether ``text`` names foods and nothing else ("2 coffees", "a banana", "toast and a
    coffee"): that is a meal; "felt the pasta from last night" mentions one and is not."""
    if not _food_words().search(text):
        return False
    rest = re.findall(r"[a-z]+|\d+", _food_words().sub(" ", text))
    return all(w in _FOOD_GLUE or (w.isdigit() and int(w) <= 12) for w in rest)


_FOOD_GLUE = frozenset({"a", "an", "some", "the", "with", "of", "and", "my", "two", "few", "cup", "cups", "glass", "glasses", "slice", "slices", "bowl", "bowls", "handful", "piece", "pieces", "plain", "black", "small", "large", "big"})  # fmt: skip
_NOT_FOOD = frozenset({"dates", "rocket", "turkey", "orange", "squash", "oil", "honey", "jam", "jelly", "mash", "seeds", "nuts", "fish"})  # fmt: skip


def _log_meal(ctx: _Ctx) -> Result:
    t = ctx.text
    if not _has(
        r"\b(ate|eaten|eat|had|having|breakfast|brekkie|lunch|dinner|supper|snack|meal|kcal|"
        r"calories|cals|protein|carbs|macros|shake|smoothie|food)\b|\d\s*(?:kcal|cals?|calories)\b",
        t,
    ) and not _only_food(t):
        return None
    slots: Slots = {}
    if m := re.search(r"\b(breakfast|brekkie|lunch|dinner|supper|snack)\b", t):
        slots["meal"] = {"brekkie": "breakfast", "supper": "dinner"}.get(m.group(1), m.group(1))
    if m := re.search(rf"({_NUM})\s*(?:kcal|calories|cals?|kcals)\b", t):
        slots["calories"] = round(float(m.group(1)))
    if m := re.search(
        rf"({_NUM})\s*g(?:rams?)?\s*(?:of\s*)?pro(?:tein|t)?\b|protein\s*:?\s*({_NUM})\s*g?", t
    ):
        slots["protein_g"] = float(m.group(1) or m.group(2))
    if m := re.search(rf"({_NUM})\s*g(?:rams?)?\s*(?:of\s*)?carbs?|carbs?\s*:?\s*({_NUM})\s*g?", t):
        slots["carbs_g"] = float(m.group(1) or m.group(2))
    if m := re.search(rf"({_NUM})\s*g(?:rams?)?\s*(?:of\s*)?fat|\bfat\s*:?\s*({_NUM})\s*g?", t):
        slots["fat_g"] = float(m.group(1) or m.group(2))
    if not slots and not _has(r"\b(ate|eaten|had|having|breakfast|lunch|dinner|snack)\b", t) and not _food_words().search(t):  # fmt: skip
        return None
    description = re.sub(
        # Macro words go with their amounts ("30g protein", "protein: 30g"); alone they name
        # the food ("a protein shake").
        rf"{_NUM}\s*g(?:rams?)?\s*(?:of\s*)?(?:protein|prot|pro|carbs?|fat)\b|\b(?:protein|carbs?|fat)\s*:?\s*{_NUM}\s*g?\b|"
        r"\d+(\.\d+)?\s*(kcal|calories|cals?|g\b|grams?)|\b(i|just|ate|had|for|my|breakfast|lunch|dinner|snack|about|around)\b|[^a-z ]",
        " ",
        t,
    )
    description = re.sub(r"\s+", " ", description).strip()
    if description:
        slots["description"] = description
    slots.update(_date_slots(t, ctx.today) or {"date": ctx.today})
    return "log_meal", slots, []


# --- strength, load changes, days a week, summaries, clarifying questions --------------------

_NOT_EXERCISE = frozenset(
    {
        "what",
        "whats",
        "what's",
        "is",
        "are",
        "my",
        "the",
        "a",
        "an",
        "for",
        "on",
        "in",
        "of",
        "to",
        "by",
        "up",
        "down",
        "how",
        "much",
        "could",
        "can",
        "i",
        "me",
        "you",
        "show",
        "tell",
        "give",
        "estimated",
        "est",
        "max",
        "maxes",
        "e1rm",
        "1rm",
        "rm",
        "one",
        "rep",
        "reps",
        "single",
        "pr",
        "prs",
        "personal",
        "best",
        "bests",
        "record",
        "records",
        "current",
        "now",
        "please",
        "pls",
        "weight",
        "load",
        "kg",
        "kgs",
        "kilos",
        "lbs",
        "more",
        "less",
        "put",
        "add",
        "increase",
        "bump",
        "raise",
        "set",
        "drop",
        "lower",
        "reduce",
        "decrease",
        "take",
        "off",
        "it",
        "heavier",
        "lighter",
    }
)  # fmt: skip


# Load verbs that are also the last word of exercise names ("lateral raise", "pull up").
_VERB_IN_NAME = re.compile(r"\b(?:raises?|ups?)\b")


def _verb_names(ctx: _Ctx, text: str) -> list[tuple[int, int]]:
    """Spans of exercise names ending in a load verb ("calf raises", "pull ups"): there the
    word is the movement, not "increase the load". A span is the shortest run of one or two
    words before the verb that the library resolves, even ambiguously ("ham raise")."""
    spans = []
    for verb in _VERB_IN_NAME.finditer(text):
        before = list(re.finditer(r"[a-z][a-z'-]*", text[: verb.start()]))[-2:]
        for start in reversed(before):
            found = ctx.exercises.resolve(text[start.start() : verb.end()])
            if found.slug or found.candidates:
                spans.append((start.start(), verb.end()))
                break
    return spans


def _mask_verb_names(ctx: _Ctx, text: str) -> str:
    """``text`` with exercise names that end in a load verb replaced by "exercise"."""
    for start, end in reversed(_verb_names(ctx, text)):
        text = text[:start] + "exercise" + text[end:]
    return text


def _find_exercise(ctx: _Ctx, text: str) -> str | None:
    """An exercise named anywhere in ``text`` (the longest phrase that matches well)."""
    names = _verb_names(ctx, text)  # "raise" in "lateral raise" is part of the name
    words = [
        w.group(0)
        for w in re.finditer(r"[a-z][a-z'-]*", text)
        if w.group(0) not in _NOT_EXERCISE or any(a <= w.start() < b for a, b in names)
    ]
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if len(phrase) < 4:
                continue
            found = ctx.exercises.match(phrase)
            if found is not None and found.score >= 90:
                return found.slug
    return None


_E1RM = (
    r"\be1rm\b|\b1 ?rm\b|\b(?:1|one)[ -]?rep[ -]?max(?:es)?\b|\b(?:my|estimated|est) (?:[a-z]+ )?"
    r"max(?:es)?\b|\bmax(?:es)? (?:on|for|in)\b|\bprs?\b|\bpersonal (?:bests?|records?)\b|"
    r"\bfor (?:1|one|a single) rep\b"
)


def _strength_query(ctx: _Ctx) -> Result:
    """ "what is my 1RM", "whats my deadlift e1rm": estimated one-rep maxes from the log."""
    t = ctx.text
    if not _has(_E1RM, t) or _has(r"\b(heart|hr|bpm|pulse|hrv|vo2)\b", t):
        return None
    if any(p.search(t) for p in _SETS_REPS) or _has(r"^(?:i )?(?:just )?(hit|got|set|did)\b", t):
        return None  # "hit a new squat PR" is news, not a question
    if _has(r"\bwhat (does|do|is an?) .{0,20}\b(mean|stand for)\b|^what is (an? )?1 ?rm\??$", t):
        return None
    return "query_metric", {"metric": "e1rm", "exercise": _find_exercise(ctx, t)}, []


_LOAD_UP = r"add|adding|put|stick|slap|throw|increase|bump|raise|up|more|heavier"
_LOAD_DOWN = r"drop|lower|reduce|decrease|take|cut|less|lighter"
_MASS_UNIT = r"kgs?|kilos?|kilograms?|lbs?|pounds?"


def _change_load(ctx: _Ctx) -> Result:
    """ "add 50 kg to my squat", "increase my bench by 2.5kg", "set my squat to 120 kg": the
    planned load of one exercise, as a change (``delta_kg``) or a new load (``weight_kg``)."""
    t = ctx.text
    if not _has(rf"\b({_LOAD_UP}|{_LOAD_DOWN}|set|change|make)\b", _mask_verb_names(ctx, t)):
        return None  # "lateral raise 8 kg" names an exercise; it does not raise a load
    # Sets, reps, days or minutes are another change ("set" alone is the verb: "set my squat to").
    if any(p.search(t) for p in _SETS_REPS) or _has(r"\b(sets|reps?|days?|minutes?|min)\b|\d\s*sets?\b", t):  # fmt: skip
        return None
    slots: Slots = {}
    if m := re.search(rf"\bto\s*({_NUM})\s*({_MASS_UNIT})?\b(?!\s*[a-z%])", t):
        slots["weight_kg"] = _mass_kg(m.group(1), m.group(2))
    elif m := re.search(rf"\bby\s*({_NUM})\s*({_MASS_UNIT})?\b|\b({_NUM})\s*(?:more\s+|extra\s+)?({_MASS_UNIT})\b", t):  # fmt: skip
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        delta = _mass_kg(number, unit)
        slots["delta_kg"] = -delta if _has(rf"\b({_LOAD_DOWN})\b", t) else delta
    else:
        return None
    exercise = _find_exercise(ctx, t[: m.start()] + " " + t[m.end() :])
    if exercise is None:
        if "weight_kg" in slots or not _has(r"^(?:can you |please )?(add|put|increase)\b", t):
            return None  # "my weight dropped to 80 kg" is not a load change
        return "change_load", {"exercise": None, **slots}, ["which exercise?"]
    return "change_load", {"exercise": exercise, **slots}, []


_TIMES_A_WEEK = {"once": 1, "twice": 2, "thrice": 3}
_DAYS_A_WEEK = re.compile(
    r"\b(\d|once|twice|thrice)\s*(?:x\s*|times\s*|days?\s*|sessions?\s*|workouts?\s*|"
    r"(?:training|gym|workout) days?\s*)?(?:a|per|/|each|every)\s*week\b|"
    r"\b(\d)\s*(?:training |gym |workout )?(?:days|sessions)\b(?!\s*ago)"
)


def _days_change(ctx: _Ctx) -> Result:
    """ "3 days a week instead of 4", "I can only train twice a week now": days per week only
    (a goal or a plan word goes to ``_generate_plan``)."""
    t = ctx.text
    m = _DAYS_A_WEEK.search(t)
    if m is None or _goal(t) is not None or _has(r"\b(plan|program|programme|split)\b", t):
        return None
    if not _has(
        r"\b(instead of|rather than|from now on|going forward|only|just|can|could|switch|"
        r"change|set|move|go|drop|reduce|cut|increase|bump|make it|want|prefer|let'?s|do)\b",
        t,
    ) or _has(r"\b(did|trained|ran|ago|last week|this week)\b", t):
        return None
    word = m.group(1) or m.group(2)
    days = _TIMES_A_WEEK.get(word) or int(word)
    if not 1 <= days <= 7:
        return None
    return "generate_plan", {"days_per_week": days}, []


_SUMMARY = (
    r"\b(recap|summary|summari[sz]e|overview|round ?up|report)\b|"
    r"\bhow(?:'s| is| was| did| have| has| am| are)\b.{0,30}\b(week|month|training|workouts?|"
    r"i do|i doing|it go|it going|been)\b|\bwhat did i (?:get )?(?:do|done|achieve)\b|"
    r"^(?:and |what about |how about )?(?:this|last|past) (?:week|month)$"
)


def _training_summary(ctx: _Ctx) -> Result:
    """ "how did I do this week", "recap of last week", "this week?": the period's training."""
    t = ctx.text.strip(" ?!.")
    if not _has(_SUMMARY, t) or _metric(t) is not None:
        return None
    if _has(r"\b(plan|program|programme|schedule|routine|next week|tomorrow)\b", t):
        return None
    found = find_dates(t, ctx.today)
    if "start" in found:
        slots: Slots = {"start": found["start"], "end": found["end"]}
    elif "date" in found:
        slots = {"start": found["date"], "end": found["date"]}
    else:  # this week so far
        slots = {"start": ctx.today - timedelta(days=ctx.today.weekday()), "end": ctx.today}
    return "training_summary", slots, []


def _clarify(ctx: _Ctx) -> Result:
    """Messages too short to act on get a question, not the help text: a bare exercise name
    ("squats"), a bare number ("100"), "change it"."""
    t = re.sub(r"^(?:what about|how about|and)\s+", "", ctx.text.strip(" ?!.").strip())
    if re.fullmatch(_NUM, t) and float(t) <= 1000:  # a load, a weight, reps (not "12345")
        value = float(t)
        return "clarify", {"about": "number", "value": int(value) if value.is_integer() else value}, []  # fmt: skip
    if _has(
        r"^(?:can you |could you |please |pls )?(?:change|fix|edit|update|adjust|modify|tweak|"
        r"redo|sort)\b(?: it| that| this| something| them| out)*(?: (?:please|pls|for me))*$",
        t,
    ):
        return "clarify", {"about": "change"}, []
    if len(t.split()) <= 4 and (found := ctx.exercises.match(t)) is not None and found.score >= 90:
        return "clarify", {"about": "exercise", "exercise": found.slug}, []
    return None


_FAMILIES: tuple[Callable[[_Ctx], Result], ...] = (
    _greeting,
    _help,
    _change_load,
    _move_session,
    _skip_session,
    _days_change,
    _swap,
    _generate_plan,
    _session_minutes,
    _set_equipment,
    _readiness,
    _strength_query,
    _explain,
    _today_session,
    _training_summary,
    _show_plan,
    _query_metric,
    _reps_list,
    _log_sets,
    _log_cardio,
    _log_sleep,
    _log_weight,
    _log_daily,
    _log_meal,
)


def understand(
    text: str, *, today: date, exercises: ExerciseMatcher | None = None
) -> Understanding:
    """The intent and slots of one message (never raises on odd input: intent ``unknown``)."""
    if not isinstance(text, str) or not text.strip():
        return Understanding("unknown", {}, 0.0, ["empty message"])
    if len(text) > MAX_CHARS:
        return Understanding(
            "unknown", {}, 0.0, [f"message too long to parse ({len(text)} > {MAX_CHARS} chars)"]
        )
    if len(re.findall(r"[{}<>$\\|^~`=]", text)) >= max(3, len(text) // 20):
        return Understanding("unknown", {}, 0.0, ["this looks like code or markup, not a message"])
    normalised = normalise(text)
    if re.fullmatch(rf"{_NUM}\s*[?!.]*", normalised):  # "100": what is it? Ask.
        asked = _clarify(_Ctx(normalised, text, today, exercises or _default_matcher()))
        if asked is not None:
            return Understanding(asked[0], asked[1], 0.5, [])
    if not re.search(r"[a-z]", normalised):
        return Understanding("unknown", {}, 0.0, ["no words to understand"])
    ctx = _Ctx(normalised, text, today, exercises or _default_matcher())
    for family in _FAMILIES:
        try:
            result = family(ctx)
        except (InvalidInput, ValueError, OverflowError) as exc:  # e.g. a silly number
            return Understanding("unknown", {}, 0.0, [f"could not parse: {exc}"])
        if result is not None:
            intent, slots, problems = result
            confidence = 0.9 if not problems else 0.6
            return Understanding(intent, slots, confidence, problems)
    if (asked := _clarify(ctx)) is not None:
        return Understanding(asked[0], asked[1], 0.5, [])
    return Understanding("unknown", {}, 0.0, ["not understood"])


# --- logging messages read whole: clauses, accounting, never a guess --------------------------

LOG_INTENTS = frozenset(
    {"log_sets", "log_cardio", "log_sleep", "log_weight", "log_daily", "log_meal"}
)
_LOG_FAMILIES: tuple[Callable[[_Ctx], Result], ...] = (
    _reps_list,
    _log_sets,
    _log_cardio,
    _log_sleep,
    _log_weight,
    _log_daily,
    _log_meal,
)
# Where a message splits into clauses: "squat 3x8 100kg, bench 3x5 80kg + 20 min bike; slept
# 7h". A comma right before a digit ("10,10,9") keeps a list of reps together.
_PIECES = re.compile(
    r"\s*(?:[;\n+]|,(?!\d)|\.(?:\s+|$)|!+|(?<=\?)\s|\band then\b|\bthen\b|\bafter that\b|\band\b|"
    r"\bplus\b|\bbut\b|\balso\b)\s*"
)
# After a number, words that make it something other than a logged quantity ("30 weeks
# pregnant", "5'10", "12% incline", "3 mph").
_FOREIGN_AFTER = re.compile(
    r"^(?:\s*(?:%|'|\"|ft\b|feet\b|foot\b|inch|cm\b|mph\b|kph\b|km/h|y/?o\b|weeks?\b|months?\b|"
    r"years?\b|yrs?\b|days?\b(?!\s*ago)|nights?\b|times\b|steps\b|floors\b|sessions?\b|"
    r"workouts?\b|kids?\b|children\b|people\b)|(?:st|nd|rd|th)\b)"
)
# Before a number: a scale ("/10", "out of 10"), a plan's week or day ("week 4 of the plan"),
# an age ("I'm 41,").
_FOREIGN_BEFORE = re.compile(r"(?:out of|'|\bweek|\bday|\bsession|\bpart|\bstep)\s*$")
# Words that are quantities of a log (units, sets, reps, effort): never a thing counted.
_LOG_WORD = re.compile(
    r"^\s*(?:x\b|\*|sets?\b|reps?\b|rounds?\b|kgs?\b|kilos?\b|kilograms?\b|lbs?\b|pounds?\b|"
    r"st\b|stones?\b|km\b|kms\b|kilomet|mi\b|miles?\b|m\b|meters?\b|metres?\b|yards?\b|yd\b|"
    r"h\b|hours?\b|hrs?\b|mins?\b|minutes?\b|secs?\b|seconds?\b|s\b|kcals?\b|cal|g\b|grams?\b|"
    r"pro|carbs?\b|fat\b|bpm\b|rir\b|rpe\b|more\b|left\b|in the tank|days? ago)"
)


def _foreign_number(text: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` in ``text`` counts something else than a log's quantities: a
    unit or a thing that is not logged follows it ("30 weeks", "3 kids", "2 slices"), or a scale
    or a plan's week comes before it ("7/10": the 10; "week 4")."""
    after, before = text[m.end() :], text[: m.start()]
    if re.search(r"[x*@]\s*$", before) or re.match(r"\s*[x*]\s*\d", after):
        return False  # "4x10", "@ 80": sets, reps and loads
    if _FOREIGN_AFTER.match(after) or _FOREIGN_BEFORE.search(before):
        return True
    if before.endswith("/") and not re.match(r"\s*/", after):  # "7/10": the scale; "5/5/4": reps
        return float(m.group(0)) in (5.0, 10.0, 100.0) and not re.search(r"\d\s*/\s*\d+\s*/\s*$", before)  # fmt: skip
    if re.search(r"(?:^|\b)(?:i'?m|i am|aged?)\s*$", before) and re.match(r"\s*(?:,|years|$)", after):  # fmt: skip
        return True  # "I'm 41, 5'10": an age
    words = re.match(r"\s*([a-z]+)(?:\s+([a-z]+))?", after)
    if words is None or _LOG_WORD.match(after):
        return False
    # A counted thing ("3 kids", "2 coffees", "2 chicken breasts", "2 dogs barking"): one of
    # the next two words is a plural noun, and the words name no exercise ("25 pushups").
    plural = [
        w
        for w in words.groups()
        if w and len(w) >= 4 and w.endswith("s") and not w.endswith("ss") and w not in _NOT_PLURAL
    ]
    if not plural:
        return False
    matcher = _default_matcher()
    return (
        all(matcher.match(w) is None for w in plural)
        and matcher.match(words.group(0).strip()) is None
    )


_NOT_PLURAL = frozenset(
    {"this", "plus", "less", "across", "does", "always", "tennis", "was", "has", "thus"}
)


_NUMBER_TOKEN = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")


@dataclass(frozen=True)
class LogReading:
    """A logging message read clause by clause: the entries to store (one ``Understanding``
    per logging intent), what was understood (for a question) and what keeps it from being
    stored: numbers nothing accounts for, exercises named but not logged, missing slots.
    Nothing may be stored while ``problems`` is not empty."""

    entries: list[Understanding]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return bool(self.entries) and not self.problems


def _forms(intent: str, slots: Slots) -> tuple[list[float], list[tuple[str, list[float]]]]:
    """The numbers a stored entry may have been written as (kg as lb or stones, metres as km
    or miles, seconds as minutes, hours or clock parts), and the values that must come from a
    number in the text, each with its forms."""
    forms: list[float] = []
    required: list[tuple[str, list[float]]] = []

    def mass(kg: float, *, stones: bool = False) -> list[float]:
        lb = kg / 0.45359237
        stone = int(lb // 14)  # stones are for body weights only ("12 st 6")
        return [kg, lb, stone, lb - 14 * stone] if stones else [kg, lb]

    def seconds(s: float) -> list[float]:
        hours, rest = divmod(s, 3600)
        minutes, secs = divmod(rest, 60)
        return [s, s / 60, s / 3600, hours, minutes, secs, s // 60, hours * 60 + minutes]

    def metres(m: float) -> list[float]:
        return [m, m / 1000, m / 1609.344, m / 0.9144]

    def need(label: str, values: list[float]) -> None:
        forms.extend(values)
        required.append((label, values))

    if intent == "log_sets":
        for g in slots.get("groups") or []:
            name = g.get("exercise") or "the exercise"
            if g.get("reps") is not None and g["reps"] != 1:  # "for a single": no digit
                need(f"{g['reps']} reps of {name}", [float(g["reps"])])
            elif g.get("reps") is not None:
                forms.append(1.0)
            if g.get("sets", 1) > 1:
                need(f"{g['sets']} sets of {name}", [float(g["sets"])])
            else:
                forms.append(float(g.get("sets", 1)))
            if g.get("weight_kg") is not None:
                need(f"{g['weight_kg']:g} kg on {name}", mass(g["weight_kg"]))
            for key in ("rir", "rpe"):
                if g.get(key) is not None:
                    forms += [g[key], 10 - g[key]]
    elif intent == "log_cardio":
        if slots.get("distance_m") is not None:
            need("the distance", metres(slots["distance_m"]))
        if slots.get("duration_s") is not None:
            need("the time", seconds(slots["duration_s"]))
        if slots.get("avg_hr") is not None:
            need("the heart rate", [slots["avg_hr"]])
    elif intent == "log_sleep" and slots.get("duration_s") is not None:
        need("the hours slept", seconds(slots["duration_s"]))
    elif intent == "log_weight":
        need("the body weight", mass(slots["weight_kg"], stones=True))
    elif intent == "log_daily":
        forms += list(slots.get("values", {}).values())
    elif intent == "log_meal":
        for key in ("calories", "protein_g", "carbs_g", "fat_g"):
            if slots.get(key) is not None:
                need(key.replace("_g", "").replace("calories", "the calories"), [slots[key]])
    return forms, required


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.06, 0.006 * abs(a))


def _account(text: str, entries: list[Understanding], today: date) -> list[str]:
    """The numbers of ``text`` no entry explains, and the entries' values no number gives."""
    forms: list[float] = []
    required: list[tuple[str, list[float]]] = []
    for entry in entries:
        f, r = _forms(entry.intent, entry.slots)
        forms += f
        required += r
    dated = re.search(r"\b(\d+) days? ago\b", text)
    tokens = [
        m
        for m in _NUMBER_TOKEN.finditer(text)
        if not (dated and dated.start() <= m.start() < dated.end())
    ]
    counted = [m for m in tokens if not _foreign_number(text, m)]
    said = [float(m.group(0)) for m in counted]
    for laps in _LAPS.finditer(text):  # "40 lengths of a 25m pool": both numbers make the distance
        lengths = int(laps.group(1)) * parse_distance_m(f"{laps.group(2)} {laps.group(3)}")
        if any(_same(lengths, f) for f in forms):
            forms += [float(laps.group(1)), float(laps.group(2))]
            said.append(lengths)
    problems = [
        f"I am not sure what {m.group(0)} is here"
        for m in counted
        if not any(_same(float(m.group(0)), f) for f in forms)
    ]
    for label, values in required:
        if not any(_same(number, v) for number in said for v in values):
            problems.append(f"I could not tell where {label} comes from")
    return problems


def _named_exercises(ctx: _Ctx, text: str) -> set[str]:
    """Exercises named in ``text`` (strength ones, exact or near-exact phrases)."""
    words = [w for w in re.findall(r"[a-z][a-z'-]*", text) if w not in _NOT_EXERCISE]
    found: set[str] = set()
    used: set[int] = set()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            if used & set(range(i, i + size)):
                continue
            phrase = " ".join(words[i : i + size])
            if len(phrase) < 4 or phrase in _MACHINES:
                continue
            match = ctx.exercises.match(phrase)
            if match is not None and match.score >= 95 and ctx.exercises.category(match.slug) != "cardio":  # fmt: skip
                found.add(match.slug)
                used |= set(range(i, i + size))
    return found


def _strength_clause(ctx: _Ctx, pieces: list[str]) -> Result:
    """Sets of one or more exercises: each piece naming an exercise starts a part; a part is a
    list of reps ("70kg x 8, 8, 7") or sets the general parser reads; a part without a name
    takes the exercise before it (or after it)."""
    parts: list[list[str]] = []
    # Effort said apart ("prob 3 more in me", "all around RPE 8"): for the part before it, or
    # for every part with "all", "each" or "every".
    efforts: list[tuple[dict[str, Any], bool, int]] = []
    for piece in pieces:
        found, _words = _parse_group(_sets_text(piece))
        if found and set(found) <= {"rir", "rpe"}:
            efforts.append((found, _has(r"\b(all|each|every|throughout)\b", piece), len(parts)))
            continue
        named = bool(_words) and not re.fullmatch(r"[\d\s,./x]+", piece)
        if named or not parts:
            parts.append([piece])
        else:
            parts[-1].append(piece)
    groups: list[dict[str, Any]] = []
    problems: list[str] = []
    starts: list[int] = []
    for part in parts:
        sub = _Ctx(", ".join(part), ", ".join(part), ctx.today, ctx.exercises)
        result = _reps_list(sub) or _log_sets(sub)
        if result is None or result[0] != "log_sets":
            return None
        starts.append(len(groups))
        groups += result[1]["groups"]
        problems += [p for p in result[2] if p not in problems]
    if not groups:
        return None
    for effort, every, before in efforts:
        if every:
            chosen = groups
        else:
            index = max(0, before - 1)
            chosen = groups[starts[index] : starts[index + 1] if index + 1 < len(starts) else None]
        for g in chosen:
            if g.get("rir") is None and g.get("rpe") is None:
                g.update(effort)
    if any(g.get("exercise") is None for g in groups):
        # A part without a name takes a neighbour's exercise; a name that is unknown or fits
        # several entries ("rows") keeps its question and lends nothing.
        generic = "which exercise? I could not find an exercise name"
        problems = [p for p in problems if p != generic]
        if not any(p.startswith(("which exercise", "unknown exercise")) for p in problems):
            _share_exercise(groups, problems)
        if any(g.get("exercise") is None for g in groups) and not problems:
            problems.append(generic)
    return "log_sets", {"groups": groups}, problems


def _clause_intent(ctx: _Ctx, piece: str) -> Intent | None:
    sub = _Ctx(piece, piece, ctx.today, ctx.exercises)
    for family in _LOG_FAMILIES:
        result = family(sub)
        if result is not None:
            return result[0]
    return None


def _needs_load(ctx: _Ctx, group: dict[str, Any]) -> bool:
    """Sets of an exercise that is always loaded (a barbell squat) with no load said."""
    if group.get("weight_kg") is not None or group.get("bodyweight") or not group.get("exercise"):
        return False
    record = next((r for r in ctx.exercises.records if r.slug == group["exercise"]), None)
    if record is None or "assist" in record.slug:  # an assisted pull-up's load is help, not load
        return False
    return bool(record.equipment) and set(record.equipment) <= _LOADED


_DID = re.compile(
    r"\b(did|done|doing|trained|worked out|lifted|hit|finished|went for|went on|smashed|got in)\b"
)
_CARDIO_WORDS = re.compile(
    r"\b(run|ran|jog\w*|ride|rode|cycled|swim|swam|walk\w*|hike\w*|row(?:ed|ing)?)\b"
)


def _names(ctx: _Ctx, slugs: Sequence[str]) -> str:
    """Exercise names as people read them, for a question."""
    by_slug = {r.slug: r.name for r in ctx.exercises.records}
    return ", ".join(by_slug.get(s, s.replace("-", " ")) for s in slugs)


def _vague(ctx: _Ctx) -> list[str]:
    """What to ask for a message that says training was done without its numbers ("just did
    some bench", "went for a run", "bench 100", "ran 10 today"); empty when it is no log."""
    if _QUESTION_CLAUSE.search(ctx.text) or _has(r"\b(tomorrow|next|will|going to|plan to|want to|should)\b", ctx.text):  # fmt: skip
        return []  # a question or a plan, not training done
    if _has(r"\bsame (?:as|like) (?:last|before|usual|the other|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|\bthe usual\b|\bsame again\b", ctx.text):  # fmt: skip
        # "same as last week for chest": nothing earlier is copied, the numbers are asked for
        return ["which exercises did you do, with how many sets and reps and what load (I do not copy an earlier session)?"]  # fmt: skip
    named = sorted(_named_exercises(ctx, ctx.text))
    numbers = [m.group(0) for m in _NUMBER_TOKEN.finditer(ctx.text)]
    unclear = [f"I am not sure what {n} is here" for n in numbers]
    if named and (_DID.search(ctx.text) or numbers):
        return [*unclear, f"how many sets and reps of {_names(ctx, named)} did you do, and at what load?"]  # fmt: skip
    if _CARDIO_WORDS.search(ctx.text) and (_DID.search(ctx.text) or numbers or _has(r"\b(ran|jogged|rode|cycled|swam|walked|hiked|rowed)\b", ctx.text)):  # fmt: skip
        return [*unclear, "how long was it (and how far: km or miles)?"]
    if _DID.search(ctx.text) and _has(r"\b(chest|back|legs?|arms?|shoulders?|glutes|core|abs|upper|lower|push|pull|full body|gym|weights)\b", ctx.text):  # fmt: skip
        return ["which exercises did you do, with how many sets and reps and what load?"]
    return []


def read_log(text: str, *, today: date, exercises: ExerciseMatcher | None = None) -> LogReading:
    """Every entry a logging message gives, or why nothing can be stored.

    The message splits into clauses (``_PIECES``); each clause is read by the logging family
    that recognises it (sets, cardio, sleep, body weight, daily readings, a meal); a message
    of one kind only is read whole, as ``understand`` reads it. A piece that only holds
    numbers ("8, 7") belongs to the clause before it; other pieces are context. Then every
    number must be accounted for by a stored value (in any unit it may have been written
    in) or be plainly something else (``_foreign_number``), every stored value must come from
    a number, a load needs its unit, and every exercise named must be logged; otherwise
    ``problems`` says what is missing and nothing is stored."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_CHARS:
        return LogReading([], [])
    matcher = exercises or _default_matcher()
    # Each line is a clause of its own ("deadlift 180kg x 3, 3, 2" then "rows 4x10 70kg").
    lines = [normalise(line) for line in text.splitlines() if line.strip()]
    ctx = _Ctx(" ; ".join(lines), text, today, matcher)
    whole_date = _date_slots(ctx.text, today) or {"date": today}
    whole = _reps_list(ctx)
    if whole is not None:  # "pull ups: 10, 8, 6, 5": one exercise, each set's reps
        entry = Understanding(whole[0], whole[1], 0.9, whole[2])
        return LogReading([entry], _checked(ctx, [entry], list(whole[2]), [], set()))
    clauses = _clauses(ctx)
    kinds = {intent for intent, _ in clauses if intent is not None}
    if len(kinds) == 1 and (kind := next(iter(kinds))) in _SINGLE_KIND:
        result = _SINGLE_KIND[kind](ctx)  # one kind: the whole message (a meal's description)
        if result is not None and result[0] == kind:
            entry = Understanding(kind, result[1], 0.9, list(result[2]))
            apart = [", ".join(p) for i, p in clauses if i is None]
            return LogReading([entry], _checked(ctx, [entry], list(result[2]), apart, set()))
    entries: list[Understanding] = []
    problems: list[str] = []
    logged: set[str] = set()
    context: list[str] = []
    for intent, pieces in clauses:
        joined = ", ".join(pieces)
        if intent is None:
            context.append(joined)
            continue
        if intent == "log_sets":
            result = _strength_clause(ctx, pieces)
            for keep in range(len(pieces) - 1, 0, -1):  # trailing words that broke it: context
                if result is not None:
                    break
                result = _strength_clause(ctx, pieces[:keep])
                if result is not None:
                    context.append(", ".join(pieces[keep:]))
        else:
            family = _SINGLE_KIND[intent]
            result = family(_Ctx(joined, joined, today, matcher)) or family(
                _Ctx(pieces[0], pieces[0], today, matcher)
            )
        if result is None:
            problems.append(f"I could not read {joined!r}")
            continue
        found_intent, slots, found_problems = result
        slots = {k: v for k, v in slots.items() if k not in ("date", "start", "end")}
        slots.update(_date_slots(joined, today) or whole_date)
        entries.append(Understanding(found_intent, slots, 0.9, list(found_problems)))
        problems += [p for p in found_problems if p not in problems]
        if found_intent == "log_sets":
            logged |= {g["exercise"] for g in slots["groups"] if g.get("exercise")}
    if not entries:  # no clause reads alone ("squat 100x5, 105x5"): the message whole
        for family in _LOG_FAMILIES:
            result = family(ctx)
            if result is not None:
                entry = Understanding(result[0], result[1], 0.9, list(result[2]))
                return LogReading([entry], _checked(ctx, [entry], list(result[2]), [], set()))
        return LogReading([], problems or _vague(ctx))
    return LogReading(entries, _checked(ctx, entries, problems, context, logged))


_SINGLE_KIND: dict[str, Callable[[_Ctx], Result]] = {
    "log_cardio": _log_cardio,
    "log_sleep": _log_sleep,
    "log_weight": _log_weight,
    "log_daily": _log_daily,
    "log_meal": _log_meal,
}
BARE_KG_MAX = 250.0  # a load above this with no unit is asked about (kg or lb?)
BARE_BODY_KG_MAX = 100.0  # a body weight above this with no unit is asked about (kg or lb?)
_BODY_UNIT = re.compile(r"\d\s*(?:kgs?|kilos?|kilograms?|lbs?|pounds?|st|stones?)\b")
_VAGUE_NUMBER = re.compile(r"\b\d+\s*-?\s*(?:something|odd)\b")
_MEAL_FILLER = frozenset(
    {"a", "an", "the", "some", "my", "big", "massive", "huge", "large", "small", "little",
     "light", "heavy", "quick", "nice", "good", "great", "decent", "proper", "lovely", "log",
     "it", "that", "this", "please", "pls", "had", "ate", "eaten", "have", "just", "really",
     "very", "so", "for", "meal", "breakfast", "brekkie", "lunch", "dinner", "supper", "snack",
     "today", "tonight", "earlier", "yesterday", "again", "too", "and", "i", "me", "was",
     "were", "is", "one", "out", "in"}
)  # fmt: skip


def _stack_loaded(ctx: _Ctx, group: dict[str, Any]) -> bool:
    """Sets of an exercise done only on a cable or machine weight stack."""
    record = next((r for r in ctx.exercises.records if r.slug == group.get("exercise")), None)
    return record is not None and bool(record.equipment) and set(record.equipment) <= {"cable", "machine"}  # fmt: skip


_QUESTION_CLAUSE = re.compile(
    # "did 3 more" is a log, "did I ...?" a question: "do" and "did" count only before a person
    r"\?|^(?:should|shall|what|how|is|are|can|could|does|why|when|which|will|would)\b|"
    r"^(?:do|did) (?:i|you|we|my|that|this|it)\b"
)
_MASS_WORD = re.compile(r"\d\s*(?:kgs?|kilos?|kilograms?|lbs?|pounds?)\b|\bbody ?weight\b|\bbw\b")


def _clauses(ctx: _Ctx) -> list[tuple[Intent | None, list[str]]]:
    """The message's clauses: a logging intent (None: context) and the pieces it holds."""
    clauses: list[tuple[Intent | None, list[str]]] = []
    last_log: tuple[Intent | None, list[str]] | None = None
    pieces: list[str] = []
    for piece in (p for p in _PIECES.split(ctx.text) if p and p.strip(" .,:-")):
        # "a banana before the 6 mile run": the food and the session are two logs
        food = re.match(r"^(.+?)\s+\b(?:before|after|pre|post)\b\s+(.+)$", piece)
        if food and _clause_intent(ctx, food.group(1)) == "log_meal" and _clause_intent(ctx, food.group(2)) not in (None, "log_meal"):  # fmt: skip
            pieces += [food.group(1), food.group(2)]
        else:
            pieces.append(piece)
    for piece in pieces:
        # A label before a colon ("Mon:", "week 4 of the plan:", "forgot to log:") is no name;
        # an exercise ("bench: 60x10") or a meal ("breakfast: eggs") is.
        label = re.match(r"^([a-z][a-z0-9 ']{0,29}(?<![\d ])):\s+(?=\S)", piece)
        if (
            label
            and ctx.exercises.match(label.group(1)) is None
            and not _has(r"\b(breakfast|brekkie|lunch|dinner|supper|snack|meal)\b", label.group(1))
        ):
            piece = piece[label.end() :]
        intent = _clause_intent(ctx, piece)
        last = clauses[-1] if clauses else None
        if (
            intent == "log_cardio"
            and last_log is not None
            and last_log[0] == "log_cardio"
            and (found := _log_cardio(_Ctx(piece, piece, ctx.today, ctx.exercises))) is not None
            and found[1].get("exercise") is None
        ):
            last_log[1].append(piece)  # "walked the dog for an hour, roughly 5km": the same walk
        elif intent is not None and last is not None and last[0] == intent and intent in ("log_sets", "log_daily", "log_meal"):  # fmt: skip
            last[1].append(piece)
        elif intent is not None:
            clauses.append((intent, [piece]))
            last_log = clauses[-1]
        elif last_log is not None and re.search(r"\d", piece) and not _QUESTION_CLAUSE.search(piece):  # fmt: skip
            last_log[1].append(piece)  # "8, 7" after "bench 70kg x 8", "prob 3 more in me"
        elif last is not None and last[0] == "log_meal" and not re.search(r"\d", piece):
            last[1].append(piece)  # "coffee" after "breakfast: eggs"
        else:
            clauses.append((None, [piece]))
    return clauses


def _checked(
    ctx: _Ctx,
    entries: list[Understanding],
    problems: list[str],
    context: list[str],
    logged: set[str],
) -> list[str]:
    """``problems`` with what the accounting finds: numbers nothing explains (a number in a
    context clause that is no question explains nothing), values no number gives, a load
    without its unit, a loaded exercise without a load, exercises named but not logged."""
    out = list(problems)
    # "80 something", "40-odd": the last digits were not said, so the number is a guess.
    for vague in _VAGUE_NUMBER.finditer(ctx.text):
        out.append(f"{vague.group(0)} is not an exact figure: what was it exactly?")
    for entry in entries:
        if entry.intent == "log_cardio" and not entry.slots.get("duration_s"):
            out.append("how long did it take?")
        # A body weight with no unit: kg up to what a heavy adult weighs; above it most people
        # mean lb ("weight 150"), so ask rather than store 150 kg.
        kg = entry.slots.get("weight_kg") if entry.intent == "log_weight" else None
        # (An athlete who chose lb wrote lb: nothing to ask.)
        metric = bare_mass_unit() == "kg"
        if metric and kg is not None and kg > BARE_BODY_KG_MAX and not _BODY_UNIT.search(ctx.text):
            out.append(f"is {kg:g} in kg or lb?")
        # A meal with no figure and no food named ("had a massive lunch, log it"): ask.
        if entry.intent == "log_meal" and not any(entry.slots.get(k) for k in ("calories", "protein_g", "carbs_g", "fat_g")):  # fmt: skip
            words = re.findall(r"[a-z]+", str(entry.slots.get("description") or ""))
            if all(w in _MEAL_FILLER for w in words):
                out.append("what did you eat (and the kcal or protein, if you know them)?")
        for g in entry.slots.get("groups") or []:
            if _needs_load(ctx, g) and "what load (kg or lb)?" not in out:
                out.append("what load (kg or lb)?")
            # A load without a unit is in the athlete's unit (``bare_units``); in kg, unless it
            # is too heavy to be kg for anyone but a record holder ("deadlift 315 x 3": most
            # likely lb): then ask.
            bare = g.get("weight_kg") is not None and not _MASS_WORD.search(ctx.text)
            if metric and bare and g["weight_kg"] > BARE_KG_MAX and "is the load in kg or lb?" not in out:  # fmt: skip
                out.append("is the load in kg or lb?")
            # A weight stack is marked in kg, lb or plate numbers: a bare number could be any.
            if bare and _stack_loaded(ctx, g) and "is the load in kg or lb?" not in out:
                out.append(f"is {g['weight_kg']:g} on the stack in kg, lb or the plate number?")
    out += _account(ctx.text, entries, ctx.today)
    for clause in context:
        if _QUESTION_CLAUSE.search(clause):
            continue
        if (food := _food_words().search(clause)) and entries and not any(e.intent == "log_meal" for e in entries):  # fmt: skip
            out.append(f"should I log the {food.group(0)} as a meal or snack?")
        for m in _NUMBER_TOKEN.finditer(clause):
            note = f"I am not sure what {m.group(0)} is here"
            if not _foreign_number(clause, m) and note not in out:
                out.append(note)
    named = _named_exercises(ctx, " , ".join(context)) - logged
    if named and entries:
        out.append(f"I could not tell the sets and reps of {_names(ctx, sorted(named))}")
    return list(dict.fromkeys(out))


# --- undo and correct the last entry ----------------------------------------------------------

_UNDO = re.compile(
    r"\b(undo|scratch|delete|remove|cancel|forget (?:that|it)|get rid of|"
    r"take (?:that|it) (?:back|out))\b"
)
_CORRECT = re.compile(
    r"\b(wrong|oops|i meant|meant|mistake|typo|correction|should (?:have been|be)|actually|"
    r"it was|was actually|scratch that|not|make (?:that|it))\b"
)
_ALL_ENTRIES = re.compile(r"\b(everything|all of (?:it|them|that|those|today)|all (?:the )?(?:entries|of today'?s?|today'?s?))\b")  # fmt: skip
# What an undo or a correction may name to pick its entry ("the lunch one", "the row").
_ENTRY_KIND_WORDS = frozenset(
    {"breakfast", "brekkie", "lunch", "dinner", "supper", "snack", "meal", "weight", "sleep",
     "run", "ride", "bike", "swim", "walk", "hike", "mood", "energy", "hrv", "rhr"}
)  # fmt: skip
_NOT_TARGET = frozenset(
    {"the", "that", "this", "last", "one", "ones", "entry", "entries", "thing", "things", "log",
     "logged", "previous", "pls", "please", "plz", "everything", "all", "today", "set", "sets",
     "rep", "reps", "exercise", "first", "second", "third", "was", "were", "not", "actually"}
)  # fmt: skip


def _targets(text: str, matcher: ExerciseMatcher) -> tuple[list[str], list[str]]:
    """The words of an undo or correction that name what it is about, singular: surely (an
    exercise the library knows, "the curls", or a kind of entry, "the lunch one") and maybe
    (a word several exercises share, "the row"; a chance word such as "wait" is one too, so
    these only pick among the logged entries and never stop an undo)."""
    sure: list[str] = []
    maybe: list[str] = []
    for word in re.findall(r"[a-z][a-z-]*", text):
        if len(word) < 3 or word in _NOT_TARGET or word in _NOT_EXERCISE:
            continue
        if word in _ENTRY_KIND_WORDS or matcher.match(word) is not None:
            sure.append(_singular(word))
        elif matcher.resolve(word).candidates:
            maybe.append(_singular(word))
    return list(dict.fromkeys(sure)), list(dict.fromkeys(maybe))


def _exercise_pair(text: str, matcher: ExerciseMatcher) -> tuple[str, str] | None:
    """ "chin ups not pull ups": the exercise said (left of "not") and the one logged."""
    m = re.search(r"([a-z][a-z -]*?)\s*,?\s+(?:not|instead of|rather than)\s+([a-z][a-z -]*)", text)
    if m is None:
        return None
    left, right = m.group(1).split(), m.group(2).split()
    for i in range(max(0, len(left) - 3), len(left)):
        said = matcher.match(" ".join(left[i:]))
        if said is None or said.score < 95 or matcher.category(said.slug) == "cardio":
            continue
        for j in range(min(3, len(right)), 0, -1):
            was = matcher.match(" ".join(right[:j]))
            if was is not None and was.score >= 95 and was.slug != said.slug:
                return said.slug, was.slug
    return None


_ENTRY_WORDS = re.compile(
    r"\b(that|it|this|last|entry|entries|one|thing|things|log|logged|previous)\b"
)
_UNIT_WORDS = {"kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb"}  # fmt: skip


def read_undo(text: str, *, exercises: ExerciseMatcher | None = None) -> dict[str, Any] | None:
    """An undo ("undo that", "delete the last 2 entries") or a correction ("it was 80 not 100",
    "oops I meant 5 sets", "weight was 81.6", "meant lb not kg") of the last logged entry, as
    ``{"op": "undo", "count": n}`` or ``{"op": "correct", ...}`` with the new ``value`` and
    its ``field`` when the words say it (``sets``, ``reps``, ``weight``, ``unit``...), the
    ``old`` value when given, and the ``exercise`` named; ``None`` for anything else."""
    t = normalise(text) if isinstance(text, str) else ""
    if not t or len(t) > 200 or _has(r"\b(plan|program|programme|schedule|tomorrow|next week)\b", t):  # fmt: skip
        return None
    short = len(t.split()) <= 3
    numbers = re.findall(_NUM, t)
    matcher = exercises or _default_matcher()
    undo = _UNDO.search(t)
    # What the undo names ("the lunch one", "remove the row"): words of its first clause.
    sure, maybe = _targets(re.split(r"[,;.!]", t[undo.end() :])[0], matcher) if undo else ([], [])  # fmt: skip
    # "the lunch one" was normalised to "the lunch 1": a pronoun, not a count
    numbers = re.findall(_NUM, re.sub(r"\b(the|that|this|last|[a-z]{3,}) 1\b(?!\s*(?:x|kg|lb|set|rep))", r"\1", t))  # fmt: skip
    if undo and (_ENTRY_WORDS.search(t) or short or sure or maybe or _ALL_ENTRIES.search(t)) and (not numbers or re.search(rf"\blast\s*({_NUM})\b", t)):  # fmt: skip
        m = re.search(rf"\blast\s*({_NUM})\b", t)
        found: dict[str, Any] = {"op": "undo", "count": max(1, min(5, _int(m.group(1)))) if m else 1}  # fmt: skip
        if _ALL_ENTRIES.search(t):
            found["all"] = True
            found["today"] = _has(r"\btoday\b", t)
        elif sure or maybe:
            found |= {"targets": sure, "maybe": maybe}
        return found
    if not _CORRECT.search(t) and not (_UNDO.search(t) and numbers):
        return None
    sure, maybe = _targets(t, matcher)
    out: dict[str, Any] = {"op": "correct"}
    if sure or maybe:
        out |= {"targets": sure, "maybe": maybe}
    if which := re.search(r"\b(last|final|first)\s+(?:set|one|rep)", t):  # "last set was 6 not 7"
        out["which"] = "first" if which.group(1) == "first" else "last"
    # The values of a correction that reads as a log of its own ("it was 8 km in 42:00, not
    # 5k"): what it says before the old value.
    said = re.split(r"\b(?:not|instead of|rather than)\b", t)[0]
    cardio = _log_cardio(_Ctx(said, said, date(2000, 1, 1), matcher))
    cardio_values = {k: v for k, v in (cardio[1] if cardio else {}).items() if k in ("distance_m", "duration_s")}  # fmt: skip
    pair = _exercise_pair(t, matcher)
    distance_unit = re.search(r"\b(km|kms|kilomet\w*|mi|miles?)\s*,?\s*not\s*(km|kms|kilomet\w*|mi|miles?)\b", t)  # fmt: skip
    if (m := re.search(r"\b(lbs?|pounds?|kgs?|kilos?)\s*,?\s*not\s*(lbs?|pounds?|kgs?|kilos?)\b", t)) or (m := re.search(r"\bmeant\s*(lbs?|pounds?|kgs?|kilos?)\b", t)):  # fmt: skip
        out |= {"field": "unit", "value": _UNIT_WORDS[m.group(1)]}
    elif distance_unit:
        out |= {"field": "distance_unit", "value": "mi" if distance_unit.group(1).startswith("mi") else "km"}  # fmt: skip
    elif pair is not None:
        out |= {"field": "exercise", "value": pair[0], "old": pair[1]}
    elif len(cardio_values) == 2:  # a distance and a time: the whole session again
        out |= {"field": "cardio", "value": cardio_values}
    elif m := re.search(r"\b(\d{1,2})\s*x\s*(\d{1,3})\s*,?\s*not\s*(\d{1,2})\s*x\s*(\d{1,3})\b", t):
        out |= {"field": "sets_reps", "value": (int(m.group(1)), int(m.group(2))),
                "old": (int(m.group(3)), int(m.group(4)))}  # fmt: skip
    elif m := re.search(rf"\b({_NUM})\s*(sets?|reps?)\b(?:\s*,?\s*not\s*({_NUM}))?", t):
        out |= {"field": "sets" if m.group(2).startswith("set") else "reps", "value": _int(m.group(1))}  # fmt: skip
        if m.group(3):
            out["old"] = float(m.group(3))
    elif m := re.search(rf"\b(?:body ?weight|weight|weigh|weighed|bw|wt)\s*(?:was|is|of|=|:)?\s*({_NUM})\s*(kgs?|kilos?|lbs?|pounds?)?", t):  # fmt: skip
        out |= {"field": "weight", "value": float(m.group(1)), "unit": _UNIT_WORDS.get(m.group(2) or "")}  # fmt: skip
    elif m := re.search(rf"(?<![:\d.])({_NUM})\s*(kgs?|kilos?|lbs?|pounds?|km|kms|mi|miles?|min|mins|minutes?|kcal|cals?|calories)?\s*,?\s*(?:not|instead of|rather than)\s*({_NUM})", t):  # fmt: skip
        out |= {"value": float(m.group(1)), "old": float(m.group(3)), "unit": m.group(2)}
    elif m := re.search(rf"\b(?:was|meant|be|it'?s)\s*({_NUM})\s*(kgs?|kilos?|lbs?|pounds?|km|kms|mi|miles?|min|mins|minutes?|kcal|cals?|calories)?", t):  # fmt: skip
        out |= {"value": float(m.group(1)), "unit": m.group(2)}
    elif len(numbers) == 1 and re.fullmatch(rf"[^\d]*?({_NUM})[^\d]*", t) and re.search(r"\b(typo|oops|meant|correction|sorry|wrong|mistake)\b", t):  # fmt: skip
        out |= {"value": float(numbers[0]), "unit": None}  # "typo, 72.4": the one value it holds
    else:
        return None
    if isinstance(out.get("unit"), str):
        out["unit"] = _UNIT_WORDS.get(out["unit"], out["unit"])
    # No date is read here: any day will do for the context.
    named = _named_exercises(_Ctx(t, text, date(2000, 1, 1), exercises or _default_matcher()), t)
    out["exercise"] = sorted(named)[0] if len(named) == 1 else None
    return out
