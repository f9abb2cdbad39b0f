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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, get_args

from fitcoach.coach import vocabulary as vocab
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import parse_distance_m, parse_duration_s, parse_mass_kg
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

    Exact names, slugs and aliases first (also without a plural "s"), then the library's one
    fuzzy matcher (``best_name_scores``): a name matches when its WRatio score reaches
    ``threshold`` or its plain closeness to a whole name reaches ``close_enough`` (typos); the
    best is the highest sum of the two.
    """

    def __init__(
        self,
        records: Sequence[ExerciseRecord],
        *,
        threshold: float = 85.0,
        close_enough: float = 70.0,
    ) -> None:
        self.records = tuple(records)
        self.threshold = threshold
        self.close_enough = close_enough
        self._choices, self._owners = name_choices(self.records)
        self._exact: dict[str, int] = {}
        for choice, owner in zip(self._choices, self._owners, strict=True):
            self._exact.setdefault(choice, owner)
        for owner, record in enumerate(self.records):  # names and slugs win over aliases
            self._exact[name_key(record.name)] = owner
            self._exact[name_key(record.slug)] = owner

    @classmethod
    def from_library(cls) -> ExerciseMatcher:
        """A matcher over the shipped library."""
        return _default_matcher()

    def match(self, text: str) -> ExerciseMatch | None:
        """The exercise ``text`` names, or ``None`` when nothing scores at the threshold."""
        key = name_key(text)
        if not key:
            return None
        for candidate in (key, _singular(key)):
            if candidate in self._exact:
                return ExerciseMatch(self.records[self._exact[candidate]].slug, 100.0)
        # A typo ("sqauts") scores low on WRatio but close to a whole name: either counts.
        best = best_name_scores(key, self._choices, self._owners, cutoff=60.0)
        good = {
            owner: (score, closeness)
            for owner, (score, closeness) in best.items()
            if score >= self.threshold or closeness >= self.close_enough
        }
        if not good:
            return None
        owner, (score, _) = max(good.items(), key=lambda item: (sum(item[1]), -item[0]))
        return ExerciseMatch(self.records[owner].slug, score)

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
    (r"\bmarathon\b", "42.2 km run"),
    (r"\b(?:an?|one)\s+(hour|hr|mile|kilometre|kilometer|km|minute|set)\b", r"1 \1"),
    (r"\bsingle set\b", "1 set"),
    (
        r"(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|miles?|km|kilos?|kg|lbs?|pounds?)?\s+and\s+a\s+half\b",
        "HALF:\\1 \\2",
    ),
    (r"(\d+)\s*h\s*(\d{1,2})\b(?!\s*(?:min|m\b))", r"\1 h \2 min"),
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
    out = re.sub(r"(\d),(\d)(?!\d\d)", r"\1.\2", out)  # decimal comma: 72,4 → 72.4
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


def _mass_kg(number: str, unit: str) -> float:
    return round(parse_mass_kg(f"{number} {unit}"), 2)


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


def _distance_m(text: str) -> float | None:
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
    found = ctx.exercises.match(phrase)
    if found is not None:
        return found.slug
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


def _day_ref(word: str, today: date) -> tuple[str, date]:
    if word == "today":
        return WEEKDAYS[today.weekday()], today
    if word == "tomorrow":
        nxt = today + timedelta(days=1)
        return WEEKDAYS[nxt.weekday()], nxt
    name = _weekday_name(word)
    return name, _weekday_on_or_after(today, name)


def _move_session(ctx: _Ctx) -> Result:
    t = ctx.text
    if not _has(
        r"\b(move|shift|reschedule|push|postpone|switch|swap|bring|change|put|do|train|have)\b", t
    ):
        return None
    day = rf"(?:{_DAY[1:-1]}|today|tomorrow)"
    refs = [(m.start(), m.group(1)) for m in re.finditer(rf"\b({day})(?:'?s)?\b", t)]
    if len(refs) < 1:
        return None
    target = re.search(
        rf"\b(?:to|until|till|onto|into|over to|for|on|with)\s+(?:the\s+)?(?:next\s+)?({day})\b", t
    )
    source = re.search(
        rf"\b({day})(?:'s|s)?\s+(?:session|workout|training|lift|run|ride|swim|day|class)", t
    )
    if target is None or not _has(
        r"\b(move|shift|reschedule|push|postpone|switch|swap|bring|instead|put|change)\b", t
    ):
        return None
    others = [w for pos, w in refs if pos != target.start(1)]
    src_word = source.group(1) if source and source.start(1) != target.start(1) else None
    if src_word is None and others:
        src_word = others[0]
    if src_word is None:
        return None
    slots: Slots = {}
    slots["from_day"], slots["from_date"] = _day_ref(src_word, ctx.today)
    slots["to_day"], slots["to_date"] = _day_ref(target.group(1), ctx.today)
    if slots["to_date"] <= slots["from_date"] and target.group(1) not in ("today", "tomorrow"):
        slots["to_date"] += timedelta(days=7)
    return "move_session", slots, []


_SWAP_PATTERNS = (
    r"\b(?:swap|switch|replace|substitute|sub|change|exchange|trade)\s+(?:out\s+)?(?P<a>.+?)\s+"
    r"(?:for|with|to|by|into|and do|and use)\s+(?P<b>.+)",
    r"\binstead of\s+(?P<a>.+?)\s*(?:,|can i|could i|i'?ll|let me|i want to|i'd like to|"
    r"i'd rather)\s*(?:do|have)?\s+(?P<b>.+)",
    r"(?:can|could|may) i (?:do|have|use)\s+(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
    r"(?:i'?d rather do|let me do|i want to do|give me)\s+(?P<b>.+?)\s+instead of\s+(?P<a>.+)",
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
        b = re.sub(r"\?.*$", "", b).rsplit(",", 1)[-1]
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
    return "set_session_minutes", {"minutes": minutes}, []


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
    ):
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
    rf"(?:reps? )?(?:left )?in the tank)"
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
        group["weight_kg"] = _mass_kg(m.group(1), m.group(2) or "kg")
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
            group["weight_kg"] = _mass_kg(m.group(1), "kg")
            rest = rest[: m.start()] + " " + rest[m.end() :]
    trailing = re.search(rf"\b({_NUM})\s*$", rest)
    if "weight_kg" not in group and "reps" in group and trailing and float(trailing.group(1)) >= 20:
        group["weight_kg"] = _mass_kg(trailing.group(1), "kg")  # "squat 3x5 140": kg
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
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d+ days? ago|"
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
    return re.sub(
        rf"({_NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\s+(?:kettle ?bells?|kbs?|bells?|dumb ?bells?|"
        r"dbs?|barbells?|bars?|plates?)\b",
        r"\1",
        text,
    )


# "pull ups: 8, 7, 6, 6", "dips 12/10/9", "incline bench 3 sets: 12, 10, 8 reps at 50 kg":
# an exercise, then the reps of each set (a load for all of them may follow).
_REPS_LIST = re.compile(
    r"^(?:i )?(?:just )?(?:did |done |finished )?(?P<name>[a-z][a-z' -]*?)\s*[:\-]?\s*"
    r"(?:(?P<sets>\d{1,2})\s*sets?\s*(?:of\s*)?[:\-]?\s*)?"
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
    found = ctx.exercises.match(re.sub(r"\b(the|my|on)\b", " ", m.group("name")).strip())
    if found is None or ctx.exercises.category(found.slug) == "cardio":
        return None
    reps = [int(r) for r in re.findall(r"\d+", m.group("list"))]
    if m.group("sets") and int(m.group("sets")) != len(reps):
        return None  # "3 sets: 12, 10" does not add up; let the general parser try
    load = None
    if m.group("load"):
        if not m.group("unit") and float(m.group("load")) < 20:
            return None
        load = _mass_kg(m.group("load"), m.group("unit") or "kg")
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
    if any(p.startswith("unknown exercise") for p in problems):
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
    return "log_cardio", slots, problems


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
            r"\b(weigh|weighed|weighing|weight|weighs|body ?weight|bw|scale|scales|weigh-in|weigh in)\b|^i'?m\s+\d|\bi am\s+\d",
            t,
        )
        or (_MASS.search(t) and _has(r"^(?:i'?m |i am )?(?:down|up) to\b|^now\b|^at\b", t))
        or _has(r"\d\s*(?:st|stones?)\b", t)  # only a body weight is given in stones
    )
    if not weighed:
        return None
    m = _MASS.search(t)
    if stone := _STONE.search(t):
        kg = round(parse_mass_kg(f"{stone.group(1)} st {stone.group(2)}"), 2)
    elif m:
        kg = _mass_kg(m.group(1), m.group(2))
    elif mm := re.search(rf"\b({_NUM})\b", t):
        kg = _mass_kg(mm.group(1), "kg")
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
        if m := re.search(pattern, t):
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


def _log_meal(ctx: _Ctx) -> Result:
    t = ctx.text
    if not _has(
        r"\b(ate|eaten|eat|had|having|breakfast|brekkie|lunch|dinner|supper|snack|meal|kcal|"
        r"calories|cals|protein|carbs|macros|shake|smoothie|food)\b",
        t,
    ):
        return None
    slots: Slots = {}
    if m := re.search(r"\b(breakfast|brekkie|lunch|dinner|supper|snack)\b", t):
        slots["meal"] = {"brekkie": "breakfast", "supper": "dinner"}.get(m.group(1), m.group(1))
    if m := re.search(rf"({_NUM})\s*(?:kcal|calories|cals?|kcals)\b", t):
        slots["calories"] = round(float(m.group(1)))
    if m := re.search(
        rf"({_NUM})\s*g(?:rams?)?\s*(?:of\s*)?protein|protein\s*:?\s*({_NUM})\s*g?", t
    ):
        slots["protein_g"] = float(m.group(1) or m.group(2))
    if m := re.search(rf"({_NUM})\s*g(?:rams?)?\s*(?:of\s*)?carbs?|carbs?\s*:?\s*({_NUM})\s*g?", t):
        slots["carbs_g"] = float(m.group(1) or m.group(2))
    if m := re.search(rf"({_NUM})\s*g(?:rams?)?\s*(?:of\s*)?fat|\bfat\s*:?\s*({_NUM})\s*g?", t):
        slots["fat_g"] = float(m.group(1) or m.group(2))
    if not slots and not _has(r"\b(ate|eaten|had|having|breakfast|lunch|dinner|snack)\b", t):
        return None
    description = re.sub(
        r"\d+(\.\d+)?\s*(kcal|calories|cals?|g\b|grams?)|\b(i|just|ate|had|for|my|protein|carbs?|fat|breakfast|lunch|dinner|snack|about|around)\b|[^a-z ]",
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


def _find_exercise(ctx: _Ctx, text: str) -> str | None:
    """An exercise named anywhere in ``text`` (the longest phrase that matches well)."""
    words = [w for w in re.findall(r"[a-z][a-z'-]*", text) if w not in _NOT_EXERCISE]
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


_LOAD_UP = r"add|adding|put|increase|bump|raise|up|more|heavier"
_LOAD_DOWN = r"drop|lower|reduce|decrease|take|cut|less|lighter"
_MASS_UNIT = r"kgs?|kilos?|kilograms?|lbs?|pounds?"


def _change_load(ctx: _Ctx) -> Result:
    """ "add 50 kg to my squat", "increase my bench by 2.5kg", "set my squat to 120 kg": the
    planned load of one exercise, as a change (``delta_kg``) or a new load (``weight_kg``)."""
    t = ctx.text
    if not _has(rf"\b({_LOAD_UP}|{_LOAD_DOWN}|set|change|make)\b", t):
        return None
    # Sets, reps, days or minutes are another change ("set" alone is the verb: "set my squat to").
    if any(p.search(t) for p in _SETS_REPS) or _has(r"\b(sets|reps?|days?|minutes?|min)\b|\d\s*sets?\b", t):  # fmt: skip
        return None
    slots: Slots = {}
    if m := re.search(rf"\bto\s*({_NUM})\s*({_MASS_UNIT})?\b(?!\s*[a-z%])", t):
        slots["weight_kg"] = _mass_kg(m.group(1), m.group(2) or "kg")
    elif m := re.search(rf"\bby\s*({_NUM})\s*({_MASS_UNIT})?\b|\b({_NUM})\s*({_MASS_UNIT})\b", t):
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        delta = _mass_kg(number, unit or "kg")
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
