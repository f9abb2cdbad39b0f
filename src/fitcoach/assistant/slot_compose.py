"""The log tools' arguments from the slot tagger's spans, checked by the rules.

``compose`` turns the spans of a normalised message into logging entries in the rules' own terms
(``nlu.Understanding`` with the slots ``offline.dispatch`` stores: groups of sets with the
exercise's library slug and kg, cardio in metres and seconds, a night in seconds, body weight
and daily readings, a meal's foods and figures). Nothing is guessed: an exercise that does not
resolve to one library entry, numbers that do not pair up (two set counts for three rep
counts), a quantity without a reading, and above all any number of the message that no entry
explains or any stored value no number gives (``nlu.accounting.account``, the rules' own
check) makes the composition fail, and the chat then answers as the rules would have.

``tagged_reading`` is the chat's use of it (``offline.respond``): the rules first; where they
cannot store the message and the tagger's composition passes every check, that is stored;
where both read it and disagree, one precise question. See docs/models/student.md.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Protocol

import structlog

from fitcoach.assistant.nlu import ExerciseMatcher, LogReading, Understanding, normalise
from fitcoach.assistant.nlu.accounting import account
from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.bouts import one_bout_of_two_days
from fitcoach.assistant.nlu.cardio import log_cardio
from fitcoach.assistant.nlu.dates import date_slots, rough_day
from fitcoach.assistant.nlu.load_kit import needs_load
from fitcoach.assistant.nlu.names import named_exercises
from fitcoach.assistant.nlu.plausible import implausible
from fitcoach.assistant.nlu.quantities import bare_units_system, mass_kg
from fitcoach.assistant.nlu.session_parts import part_times_s
from fitcoach.assistant.nlu.team_games import game_words
from fitcoach.assistant.slot_tagger import Span, confidence

log = structlog.get_logger(__name__)

_SETS_LABELS = frozenset({"EX", "SETS", "REPS", "LOAD", "RIR", "RPE"})
_CARDIO_LABELS = frozenset({"DUR", "DIST", "HR"})
_MASS_UNIT = re.compile(r"\s*(kgs?|kilos?|kilograms?|lbs?|pounds?|#)")
_DIST_UNIT = re.compile(r"\s*(km|kms|kilometers?|kilometres?|mi|miles?|m|meters?|metres?|yds?|yards?)\b")  # fmt: skip
_DUR_UNIT = re.compile(r"\s*(h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b")
_PACE = re.compile(r"\s*(?:min\w*\s*)?(?:/\s*(?:km|mi)|pace|per (?:km|mile|mi))")
_AVERAGE = re.compile(r"\b(avg|av|average|averaged|mean)\b")
_WAKE = re.compile(r"\b(woke|wake|waking|up|alarm|got up)\b[^\d]{0,14}$")
_MEAL = re.compile(r"\b(breakfast|lunch|dinner|supper|snack)\b")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


class Failed(Exception):
    """Why the tagger's reading cannot be stored (said in the logs, never to the athlete)."""


class SlotReader(Protocol):
    def slot_spans(self, text: str) -> list[Span]: ...


def _number(text: str, span: Span) -> float:
    found = re.search(r"\d+(?:\.\d+)?", text[span.start : span.end])
    if found is None:
        raise Failed(f"no number in a {span.label} span")
    return float(found.group(0))


def _numbers(text: str, span: Span) -> list[float]:
    found = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text[span.start : span.end])]
    if not found:
        raise Failed(f"no number in a {span.label} span")
    return found


def _load_kg(text: str, span: Span) -> float:
    unit = _MASS_UNIT.match(text, span.end)
    word = unit.group(1) if unit else None
    if word == "#":
        word = "lb"
    return mass_kg(str(_number(text, span)), word)


def _exercise(text: str, span: Span, matcher: ExerciseMatcher) -> str:
    found = matcher.resolve(text[span.start : span.end])
    if found.slug is None or getattr(found, "candidates", None):
        raise Failed("the exercise does not resolve to one library entry")
    if matcher.category(found.slug) == "cardio":
        raise Failed("a cardio entry read as sets")
    return found.slug


def _pair(values: list[float], count: int) -> list[float | None]:
    """One value per group: none, one for all, or one each."""
    if not values:
        return [None] * count
    if len(values) in (1, count):
        return [values[0] if len(values) == 1 else values[i] for i in range(count)]
    raise Failed("the loads do not pair with the sets")


def _groups(text: str, part: list[Span], slug: str) -> list[dict[str, Any]]:
    sets = [int(_number(text, s)) for s in part if s.label == "SETS"]
    reps = [int(_number(text, s)) for s in part if s.label == "REPS"]
    loads = [_load_kg(text, s) for s in part if s.label == "LOAD"]
    effort = {k.lower(): _number(text, s) for s in part for k in ("RIR", "RPE") if s.label == k}
    if not reps:
        raise Failed("no reps")
    if sets and len(sets) != len(reps):
        raise Failed("the set counts do not pair with the rep counts")
    counts = sets or [1] * len(reps)
    weights = _pair(loads, len(reps))
    groups: list[dict[str, Any]] = []
    for n, r, kg in zip(counts, reps, weights, strict=True):
        last = groups[-1] if groups else None
        if not sets and last is not None and last["reps"] == r and last.get("weight_kg") == kg:
            last["sets"] += 1  # a run of equal sets in a list of reps ("8, 8, 7")
            continue
        group: dict[str, Any] = {"exercise": slug, "sets": n, "reps": r}
        if kg is not None:
            group["weight_kg"] = kg
        group |= effort
        groups.append(group)
    return groups


def _sets_entry(text: str, spans: list[Span], matcher: ExerciseMatcher) -> Understanding | None:
    own = [s for s in spans if s.label in _SETS_LABELS]
    if not any(s.label == "EX" for s in own):
        if any(s.label in ("SETS", "REPS", "LOAD") for s in own):
            raise Failed("sets without an exercise")
        return None
    parts: list[tuple[str, list[Span]]] = []
    pending: list[Span] = []  # numbers before the first name ("3x8 squats")
    for span in own:
        if span.label == "EX":
            parts.append((_exercise(text, span, matcher), pending))
            pending = []
        elif parts:  # after a name: its sets, until the next name
            parts[-1][1].append(span)
        else:
            pending.append(span)
    if pending:
        parts[-1][1].extend(pending)
    groups = [g for slug, part in parts for g in _groups(text, part, slug)]
    ctx = Ctx(text, text, date.min, matcher)
    if any(needs_load(ctx, g) for g in groups):
        raise Failed("a loaded exercise without its load")
    if named_exercises(ctx, text) - {g["exercise"] for g in groups}:
        raise Failed("an exercise named and not logged")
    if any(g.get("rpe") is not None for g in groups):
        raise Failed("an RPE: the rules read it")  # stored as RIR; left to the rules
    return Understanding("log_sets", {"groups": groups}, 0.9, [])


def _duration_s(text: str, spans: list[Span]) -> float | None:
    if not spans:
        return None
    if len(spans) == 2:  # hours and minutes said apart ("1 h 20"), never two durations
        first = _DUR_UNIT.match(text, spans[0].end)
        if first is None or not first.group(1).startswith("h") or len(text[spans[0].end : spans[1].start]) > 12:  # fmt: skip
            raise Failed("two durations")
        return _number(text, spans[0]) * 3600 + _number(text, spans[1]) * 60
    if len(spans) > 2:
        raise Failed("more than one duration")
    parts = _numbers(text, spans[0])
    if len(parts) == 3:
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    if len(parts) == 2:
        unit = _DUR_UNIT.match(text, spans[0].end)
        hours = unit is not None and unit.group(1).startswith("h")
        return parts[0] * 3600 + parts[1] * 60 if hours else parts[0] * 60 + parts[1]
    unit = _DUR_UNIT.match(text, spans[0].end)
    word = unit.group(1) if unit else "min"
    scale = 3600 if word.startswith("h") else 1 if word.startswith("s") else 60
    return parts[0] * scale


def _distance_m(text: str, span: Span) -> float:
    value = _number(text, span)
    unit = _DIST_UNIT.match(text, span.end)
    word = unit.group(1) if unit else ("mi" if bare_units_system() == "imperial" else "km")
    if word.startswith(("mi",)):
        return value * 1609.344
    if word.startswith("k"):
        return value * 1000
    if word.startswith("y"):
        return value * 0.9144
    return value


def _cardio_entry(text: str, spans: list[Span], today: date, matcher: ExerciseMatcher) -> Understanding | None:  # fmt: skip
    own = [s for s in spans if s.label in _CARDIO_LABELS]
    if not own:
        return None
    # the activity as the rules name it in the line's own words ("hockey training, 1h45
    # including the sprint drills": the drills are no Sprints, sports96)
    said = game_words(text)
    rules = log_cardio(Ctx(said, said, today, matcher))
    slug = rules[1].get("exercise") if rules else None
    if not slug:
        raise Failed("no cardio activity named")
    slots: dict[str, Any] = {"exercise": slug}
    dist = [s for s in own if s.label == "DIST"]
    if len(dist) > 1:
        raise Failed("more than one distance")
    if dist:
        slots["distance_m"] = _distance_m(text, dist[0])
    durations = [s for s in own if s.label == "DUR"]
    if any(_PACE.match(text, s.end) for s in durations):
        raise Failed("a pace read as a duration")
    duration = _duration_s(text, durations)
    if duration is None:
        raise Failed("no duration")
    slots["duration_s"] = duration
    hr = [s for s in own if s.label == "HR"]
    if len(hr) > 1 or (hr and not _AVERAGE.search(text[max(0, hr[0].start - 16) : hr[0].start])):
        raise Failed("a heart rate that is not said to be the average")
    if hr:
        slots["avg_hr"] = _number(text, hr[0])
    return Understanding("log_cardio", slots, 0.9, [])


def _clock_minutes(text: str, span: Span, *, bedtime: bool) -> tuple[float, list[float]]:
    m = _CLOCK.match(text, span.start)
    if m is None:
        raise Failed("not a clock time")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        raise Failed("not a clock time")
    said = [float(hour), float(minute)] if m.group(2) else [float(hour)]
    suffix = (m.group(3) or "").replace(".", "")
    if (suffix == "pm" and hour < 12) or (not suffix and bedtime and 6 <= hour < 12):
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    return hour * 60 + minute, said


def _sleep_entry(text: str, spans: list[Span]) -> Understanding | None:
    sleep = [s for s in spans if s.label == "SLEEP"]
    clock = [s for s in spans if s.label == "CLOCK"]
    if not sleep and not clock:
        return None
    if sleep:
        if len(sleep) == 1 and len(_numbers(text, sleep[0])) == 1:
            unit = _DUR_UNIT.match(text, sleep[0].end)
            value = _number(text, sleep[0])
            minutes = unit is not None and unit.group(1).startswith("m")
            seconds = value * 60 if minutes else value * 3600
            if not unit and value > 14:
                raise Failed("hours of sleep without a unit over 14")
        else:
            seconds = _duration_s(text, sleep) or 0.0
        return Understanding("log_sleep", {"duration_s": seconds}, 0.9, [])
    if len(clock) != 2:
        raise Failed("a night needs a bedtime and a wake time")
    bed, wake = clock
    if _WAKE.search(text[max(0, bed.start - 20) : bed.start]):  # "woke at 4:30 ... bed at 10:15"
        bed, wake = wake, bed
    start, said_start = _clock_minutes(text, bed, bedtime=True)
    end, said_end = _clock_minutes(text, wake, bedtime=False)
    minutes = (end - start) % 1440
    if not 60 <= minutes <= 16 * 60:
        raise Failed("a night out of range")
    return Understanding("log_sleep", {"duration_s": minutes * 60.0, "clock": said_start + said_end}, 0.9, [])  # fmt: skip


def _daily_entries(text: str, spans: list[Span]) -> list[Understanding]:
    out: list[Understanding] = []
    body = [s for s in spans if s.label == "BODYWEIGHT"]
    if len(body) > 1:
        raise Failed("more than one body weight")
    if body:
        out.append(Understanding("log_weight", {"weight_kg": _load_kg(text, body[0])}, 0.9, []))
    values = {key: _number(text, s) for s in spans for label, key in (("RHR", "resting_hr"), ("HRV", "hrv_ms")) if s.label == label}  # fmt: skip
    if any(s.label == "SCORE" for s in spans):
        raise Failed("a 1-5 reading: the rules name which")
    if values:
        out.append(Understanding("log_daily", {"values": values, "said": list(values.values())}, 0.9, []))  # fmt: skip
    return out


def _meal_entry(text: str, spans: list[Span]) -> Understanding | None:
    """Meals stay the rules': a description is free words the tagger's spans cut badly (on the
    first held-out writer 4 of the 10 meals it stored had a wrong description), so a meal's
    span refuses the reading (``_meal_from`` is kept for a better tagger)."""
    if any(s.label in ("FOOD", "KCAL", "PROTEIN", "CARBS", "FAT") for s in spans):
        raise Failed("a meal: the rules read it")
    return _meal_from(text, spans)


def _meal_from(text: str, spans: list[Span]) -> Understanding | None:
    foods = [s for s in spans if s.label == "FOOD"]
    figures = {key: _number(text, s) for s in spans for label, key in (("KCAL", "calories"), ("PROTEIN", "protein_g"), ("CARBS", "carbs_g"), ("FAT", "fat_g")) if s.label == label}  # fmt: skip
    if not foods and not figures:
        return None
    if not foods:
        raise Failed("a meal without a food")
    # The stretch that names the foods, as written ("3 eggs, 2 slices toast, black coffee").
    described = text[foods[0].start : foods[-1].end].strip(" ,;:")
    slots: dict[str, Any] = {"description": described, **figures}
    meal = _MEAL.search(text)
    if meal:
        slots["meal"] = meal.group(1).replace("supper", "dinner")
    return Understanding("log_meal", slots, 0.9, [])


def compose(text: str, spans: list[Span], today: date, matcher: ExerciseMatcher) -> LogReading:
    """The entries the spans of the normalised ``text`` give, each checked (see the module);
    raises ``Failed`` with the reason when anything does not hold."""
    entries = [
        e
        for e in (
            _sets_entry(text, spans, matcher),
            _cardio_entry(text, spans, today, matcher),
            _sleep_entry(text, spans),
            *_daily_entries(text, spans),
            _meal_entry(text, spans),
        )
        if e is not None
    ]
    if not entries:
        raise Failed("nothing to log")
    if rough_day(text, today):  # "the other day", "on the weekend": asked, never dated today
        raise Failed("a rough day")
    day = date_slots(text, today).get("date", today)
    if day > today:
        raise Failed("a log in the future")
    # daily31: "tues and today both 30 min jogs": two days said, one entry would be one day's
    # only (the rules ask: ``read_log``); the tagger's reading is refused the same way
    if one_bout_of_two_days(text, [e.intent for e in entries]):
        raise Failed("two days for one entry")
    for entry in entries:
        entry.slots["date"] = day
    parts = part_times_s(text)
    if any(e.slots.get("duration_s") in parts for e in entries if e.intent == "log_cardio"):
        raise Failed("a part of the session's time")  # "40 min of it was flat": asked
    problems = account(text, entries, today) + implausible(entries)
    if problems:
        raise Failed(f"accounting: {problems[0]}")
    return LogReading(entries, [])


def _key(reading: LogReading) -> list[tuple[str, str]]:
    """What an entry stores, comparable between two readings (dates and said numbers aside)."""
    out = []
    for entry in reading.entries:
        slots = {k: v for k, v in entry.slots.items() if k not in ("date", "said", "clock", "confidence")}  # fmt: skip
        out.append((entry.intent, repr(_rounded(slots))))
    return sorted(out)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in sorted(value.items()) if v is not None and k != "bodyweight"}  # fmt: skip
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def tagged_reading(
    reader: Any, text: str, rules: LogReading, today: date, matcher: ExerciseMatcher
) -> tuple[LogReading, LogReading | None]:
    """``(reading, other)``: the rules' reading, or the tagger's where the rules cannot store
    the message and the tagger's passes every check; ``other`` is the tagger's reading when
    both read the message whole and differ (the chat then asks one question), else None.
    Without a tagger, the rules' as is."""
    spans_of = getattr(reader, "slot_spans", None)
    if spans_of is None or "?" in text:
        return rules, None
    normal = normalise(text)
    if not re.search(r"[a-z]{3}", normal):  # "185" answers an earlier question: the rules' job
        return rules, None
    spans = spans_of(normal)
    if spans is None:
        return rules, None
    try:
        composed = compose(normal, spans, today, matcher)
    except Failed as why:
        log.info("slot_tagger_refused", reason=str(why).split(":")[0])
        return rules, None
    except (ArithmeticError, LookupError, ValueError) as exc:  # a reading no rule foresaw
        log.warning("slot_tagger_error", error=type(exc).__name__)
        return rules, None
    sure = confidence(spans)
    floor = getattr(reader, "slot_threshold", None)
    if floor is not None and sure < floor:  # the gate: neither stored nor asked about
        log.info("slot_tagger_unsure", confidence=round(sure, 4))
        return rules, None
    if not rules.ok:
        if _readings(rules) - _readings(composed):  # "78.3 kg, very stressed": the stress asked
            log.info("slot_tagger_refused", reason="a reading the rules heard left out")
            return rules, None
        log.info("slot_tagger_reading", entries=[e.intent for e in composed.entries], confidence=sure)  # fmt: skip
        return composed, None
    if getattr(reader, "slot_check", False) and _key(composed) != _key(rules):
        log.info("slot_tagger_disagrees", confidence=sure)
        return rules, composed
    return rules, None


def _readings(reading: LogReading) -> set[str]:
    """The daily readings a reading holds (weight, stress, mood...): the tagger's reading must
    keep each one the rules heard, even one they asked about, or storing it loses that one."""
    out: set[str] = set()
    for entry in reading.entries:
        if entry.intent == "log_weight":
            out.add("weight_kg")
        elif entry.intent == "log_daily":
            out.update(entry.slots.get("values") or {})
    return out


def slot_question(rules: LogReading, tagger: LogReading, matcher: ExerciseMatcher) -> str:
    """The one question when the rules and the tagger read two different logs."""
    from fitcoach.assistant import templates as t
    from fitcoach.assistant.offline.compose import describe

    def said(reading: LogReading) -> str:
        return "; ".join(describe(e, matcher) for e in reading.entries)

    return t.SLOT_DISAGREE.format(rules=said(rules), tagger=said(tagger))
