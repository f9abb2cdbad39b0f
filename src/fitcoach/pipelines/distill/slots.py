"""Slot labels for the tagger, derived from the teacher corpus's gold tool calls.

A logging message's gold arguments (data/teacher/SPEC.md) say what was meant, not where it was
written. Each argument is found again in the message's normalised text (the text the chat reads:
number words as digits, "5k" as "5 km"): an exercise as the words the exercise library resolves
to one of the gold name's entries, a number as a number token equal to the value in some form it
may be written in (minutes as hours, "28:30", a bedtime and a wake time for a night), a food as
its words. Where one number could be two arguments (``5x5``), the words around it decide (``x``
after the sets, "reps", a unit, "rpe", "in reserve"). A message whose every argument is not
found, or where a number stays ambiguous, is **not aligned**: counted, and left out of training.

The spans become BIO tags over the encoder's word pieces (``token_labels``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fitcoach.assistant.nlu import ExerciseMatcher, normalise
from fitcoach.assistant.nlu.quantities import NUMBER_TOKEN
from fitcoach.assistant.slot_tagger import BIO, Span
from fitcoach.pipelines.distill.corpus import CorpusMessage

COMPOSED_TOOLS = frozenset({"log_sets", "log_cardio", "log_sleep", "log_daily_metrics", "log_meal"})
_CLOCK = re.compile(r"(?<![\d.:])(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\d.])")
_WORD = re.compile(r"[a-z][a-z'-]*")
_DATE_WORDS = re.compile(
    r"\b(yesterday|today|tonight|last night|this morning|this evening|tomorrow|"
    r"(?:last |on |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"\d+ days? ago)\b"
)
_AFTER = 14  # characters read after a number for its unit or role word


@dataclass(frozen=True)
class Aligned:
    """A message's normalised text and its labelled character spans (None: not aligned)."""

    text: str
    spans: tuple[Span, ...]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(0.06, 0.006 * abs(a))


def _numbers(text: str) -> list[re.Match[str]]:
    return list(NUMBER_TOKEN.finditer(text))


def _role_by_context(text: str, m: re.Match[str], roles: set[str]) -> set[str]:
    """The roles the words around a number allow, among ``roles``."""
    after = text[m.end() : m.end() + _AFTER]
    before = text[max(0, m.start() - _AFTER) : m.start()]
    hints: set[str] = set()
    if re.match(r"\s*(x|×|\*)\s*\d", after) or re.match(r"\s*sets?\b", after):
        hints.add("SETS")
    if re.search(r"(x|×|\*|sets? of|sets? x)\s*$", before) or re.match(
        r"\s*(reps?|repetitions?)\b", after
    ):
        hints.add("REPS")
    if re.match(r"\s*(kgs?|kilos?|kilograms?|lbs?|pounds?|#|k\b)", after):
        hints.add("LOAD")
    if re.search(r"rpe\s*@?\s*$|@\s*rpe\s*$", before) or re.match(r"\s*rpe\b", after):
        hints.add("RPE")
    if re.search(r"rir\s*$", before) or re.match(r"\s*(rir|reps? in (the )?(reserve|tank)|in reserve|in the tank|left)", after):  # fmt: skip
        hints.add("RIR")
    narrowed = roles & hints
    return narrowed or roles


def _assign(text: str, wanted: dict[str, list[float]], required: dict[str, list[float]]) -> list[Span] | None:  # fmt: skip
    """Number tokens labelled with the role whose value they equal; None when a token fits
    several roles the context cannot tell apart, or a required value is not written."""
    spans: list[Span] = []
    found: dict[str, list[float]] = {}
    for m in _numbers(text):
        value = float(m.group(0))
        roles = {role for role, values in wanted.items() if any(_same(value, v) for v in values)}
        if not roles:
            continue
        if len(roles) > 1:
            roles = _role_by_context(text, m, roles)
        if len(roles) > 1:
            return None
        role = roles.pop()
        spans.append(Span(m.start(), m.end(), role))
        found.setdefault(role, []).append(value)
    for role, values in required.items():
        for v in values:
            if not any(_same(v, got) for got in found.get(role, [])):
                return None
    return spans


def _exercise_spans(text: str, names: Sequence[str], matcher: ExerciseMatcher) -> list[Span] | None:  # fmt: skip
    """Each gold exercise as the longest run of words the library resolves to one of its
    entries; None when one is not written so."""
    from fitcoach.assistant.evaluate import exercise_candidates

    words = list(_WORD.finditer(text))
    spans: list[Span] = []
    taken: set[int] = set()
    for name in dict.fromkeys(names):
        wanted = set(exercise_candidates(name, matcher.records))
        hit: tuple[int, int] | None = None
        for size in (4, 3, 2, 1):
            for i in range(len(words) - size + 1):
                if taken & set(range(i, i + size)):
                    continue
                phrase = text[words[i].start() : words[i + size - 1].end()]
                match = matcher.match(phrase)
                if match is not None and match.slug in wanted:
                    hit = (i, i + size)
                    break
            if hit:
                break
        if hit is None:
            return None
        taken |= set(range(*hit))
        spans.append(Span(words[hit[0]].start(), words[hit[1] - 1].end(), "EX"))
    return spans


def _minutes_forms(minutes: float) -> list[float]:
    return [minutes, minutes / 60]


def _duration_spans(text: str, minutes: float, label: str) -> list[Span] | None:
    """The numbers a duration was written with: one number (minutes or hours), ``m:ss`` or
    ``h:mm``, or hours and minutes apart ("1 h 20", "3 hrs 10 min")."""
    numbers = _numbers(text)
    for m in numbers:
        if any(_same(float(m.group(0)), v) for v in _minutes_forms(minutes)):
            return [Span(m.start(), m.end(), label)]
    for a, b in itertools.pairwise(numbers):
        between = text[a.end() : b.start()]
        x, y = float(a.group(0)), float(b.group(0))
        if between == ":" and (_same(x + y / 60, minutes) or _same(x * 60 + y, minutes)):
            return [Span(a.start(), b.end(), label)]
        if len(between) <= 12 and re.search(r"h|hour|hr", between) and _same(x * 60 + y, minutes):
            return [Span(a.start(), a.end(), label), Span(b.start(), b.end(), label)]
    return None


def _clock_spans(text: str, minutes: float) -> list[Span] | None:
    """A bedtime and a wake time ("from 10:45pm to 6:15am", "in bed at 11, up at 6:30") whose
    difference round the clock is the night's length."""
    times = [m for m in _CLOCK.finditer(text) if 1 <= int(m.group(1)) <= 12 or m.group(2)]
    for i, bed in enumerate(times):
        for wake in times[i + 1 :]:
            start = int(bed.group(1)) % 12 * 60 + int(bed.group(2) or 0)
            end = int(wake.group(1)) % 12 * 60 + int(wake.group(2) or 0)
            for offset in (0, 720):  # a pm bedtime: the difference over 12 or 24 hours
                if _same((end - start + offset) % 1440 or 1440, minutes) or _same((end - (start + 720) + offset) % 1440, minutes):  # fmt: skip
                    return [_clock_span(bed), _clock_span(wake)]
    return None


def _clock_span(m: re.Match[str]) -> Span:
    return Span(m.start(), m.start() + len(m.group(0).rstrip()), "CLOCK")


def _value(quantity: Any) -> float | None:
    if isinstance(quantity, dict) and quantity.get("value") is not None:
        return float(quantity["value"])
    return None


def _sets_spans(text: str, args: dict[str, Any], matcher: ExerciseMatcher) -> list[Span] | None:
    groups = args.get("groups") or []
    names = [str(g.get("exercise", "")) for g in groups]
    spans = _exercise_spans(text, names, matcher)
    if spans is None:
        return None
    wanted: dict[str, list[float]] = {}
    required: dict[str, list[float]] = {}
    for g in groups:
        for role, value, need in (
            ("SETS", g.get("sets"), (g.get("sets") or 1) > 1),
            ("REPS", g.get("reps"), (g.get("reps") or 1) != 1),
            ("LOAD", _value(g.get("weight")), True),
            ("RIR", g.get("rir"), True),
            ("RPE", g.get("rpe"), True),
        ):
            if value is None:
                continue
            wanted.setdefault(role, []).append(float(value))
            if need:
                required.setdefault(role, []).append(float(value))
    if args.get("session_rpe") is not None:
        wanted.setdefault("RPE", []).append(float(args["session_rpe"]))
    numbers = _assign(text, wanted, required)
    if numbers is None:
        return None
    if args.get("duration_min") is not None:
        length = _duration_spans(text, float(args["duration_min"]), "SESSION")
        if length is None:
            return None
        numbers = [n for n in numbers if not any(n.start < s.end and s.start < n.end for s in length)]  # fmt: skip
        numbers += length
    return spans + numbers


def _call_spans(text: str, tool: str, args: dict[str, Any], matcher: ExerciseMatcher) -> list[Span] | None:  # fmt: skip
    if tool == "log_sets":
        return _sets_spans(text, args, matcher)
    if tool == "log_cardio":
        out: list[Span] = []
        if args.get("duration_min") is not None:
            got = _duration_spans(text, float(args["duration_min"]), "DUR")
            if got is None:
                return None
            out += got
        rest = {k: [v] for k, v in (("DIST", _value(args.get("distance"))), ("HR", args.get("avg_hr_bpm")), ("RPE", args.get("session_rpe"))) if v is not None}  # fmt: skip
        numbers = _assign(_blank(text, out), rest, rest)
        return None if numbers is None else out + numbers
    if tool == "log_sleep":
        if args.get("duration_min") is None:
            return []
        minutes = float(args["duration_min"])
        return _duration_spans(text, minutes, "SLEEP") or _clock_spans(text, minutes)
    if tool == "log_daily_metrics":
        values = {k: [v] for k, v in (("BODYWEIGHT", _value(args.get("weight"))), ("RHR", args.get("resting_hr_bpm")), ("HRV", args.get("hrv_ms"))) if v is not None}  # fmt: skip
        for scale in ("mood", "energy", "soreness", "stress"):
            if args.get(scale) is not None:
                values.setdefault("SCORE", []).append(float(args[scale]))
        return _assign(text, values, {k: v for k, v in values.items() if k != "SCORE"})
    if tool == "log_meal":
        values = {k: [float(args[g])] for k, g in (("KCAL", "calories_kcal"), ("PROTEIN", "protein_g"), ("CARBS", "carbs_g"), ("FAT", "fat_g")) if args.get(g) is not None}  # fmt: skip
        numbers = _assign(text, values, values)
        if numbers is None:
            return None
        foods: list[Span] = []
        for item in args.get("items") or []:
            food = str(item.get("food") or "").lower()
            at = text.find(food) if food else -1
            if at >= 0:
                foods.append(Span(at, at + len(food), "FOOD"))
        return numbers + foods
    return None


def _blank(text: str, spans: Sequence[Span]) -> str:
    """``text`` with the spans' characters hidden (same length), so a number is used once."""
    chars = list(text)
    for s in spans:
        chars[s.start : s.end] = " " * (s.end - s.start)
    return "".join(chars)


def align(message: CorpusMessage, matcher: ExerciseMatcher) -> Aligned | None:
    """The message's spans from its gold calls (see the module); None when not aligned or not a
    logging message this tagger covers (an ask, a body measurement, a red flag's log)."""
    expect = message.expect
    if message.category != "log" or expect.action != "call" or message.history:
        return None
    if any(c.tool not in COMPOSED_TOOLS for c in expect.calls):
        return None
    text = normalise(message.text)
    spans: list[Span] = []
    for call in expect.calls:
        got = _call_spans(_blank(text, spans), call.tool, dict(call.args), matcher)
        if got is None:
            return None
        spans += got
    if any(str(c.args.get("date", "2026-11-18")) != "2026-11-18" for c in expect.calls):
        date = _DATE_WORDS.search(text)
        if date is None:
            return None
        spans.append(Span(date.start(), date.end(), "DATE"))
    spans.sort(key=lambda s: s.start)
    for a, b in itertools.pairwise(spans):
        if b.start < a.end:
            return None  # two arguments on one stretch of text: not a clean label
    return Aligned(text, tuple(spans))


def token_labels(offsets: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[int]:
    """BIO label indices per word piece (``offsets``: its characters; (0, 0) for [CLS], [SEP]
    and padding, labelled -100 so the loss skips them)."""
    out: list[int] = []
    previous: Span | None = None
    for start, end in offsets:
        if start == end:
            out.append(-100)
            previous = None
            continue
        inside = next((s for s in spans if s.start <= start and end <= s.end), None)
        if inside is None:
            out.append(BIO.index("O"))
        else:
            prefix = "I" if inside == previous else "B"
            out.append(BIO.index(f"{prefix}-{inside.label}"))
        previous = inside
    return out
