"""A second activity's time written without its unit after a first one's in minutes
("elliptical 30 min, then stairmaster 15", "water walking 30 mins then aqua zumba 30"): the
bare number is minutes too, as a load without a unit is read in the unit the message gives
the others in. Only for an activity done for a time, never one whose bare number may be its
distance (a run, a ride, a swim: "ran 20 min then bike 10" is asked), nor one counted in reps
("burpees 20"), and only where every time said before it is in minutes."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.matcher import ExerciseMatcher
from fitcoach.assistant.nlu.quantities import DUR

_MINUTES = re.compile(r"(?:minutes?|mins?)")
# An activity's name and a bare whole number ending its clause, the clause starting after a
# comma, "+", ";", "then" or "and" ("..., then stairmaster 15", "... and yoga 20.")
_BARE_TIME = re.compile(
    r"(?:[,;+]|\bthen\b|\band\b)\s*(?:then\s+)?(?:(?:did|some|a bit of)\s+)?"
    r"(?P<name>[a-z][a-z' -]{1,30}?)\s+(?P<n>\d{1,3})(?![\d.:x])(?=\s*(?:$|[,;.!+]|\bthen\b|\band\b))"
)
# A class named at a clause's start with a bare whole number, where no time is said in any
# unit ("spin 45", "yoga 60, spin 45", "sunday yoga 60"): a class is done for a time only
_DAY = r"(?:today|yesterday|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
_CLASS_TIME = re.compile(
    rf"(?:^|[,;+]\s*|\b(?:and|then)\s+)(?:{_DAY}\s*[:,-]?\s+)?"
    r"(?P<name>[a-z][a-z' -]{1,30}?)\s*[.:;]?\s+(?P<n>\d{1,3})(?![\d.:x/])"
    r"(?=\s*(?:$|[,;.!+]|\band\b|\bthen\b))"
)
# Minutes a class takes, read from its bare number (a count of anything else is outside)
MIN_CLASS, MAX_CLASS = 10, 120
# Words of an activity whose bare number may be a distance (or a length, a lap)
_DISTANCE_WORDS = re.compile(
    r"\b(?:run|runs|running|ran|jog|jogs|jogging|jogged|walk|walks|walking|walked|hike|hiked|"
    r"hiking|cycle|cycled|cycling|bike|biked|biking|ride|rode|riding|row|rowed|rowing|rower|"
    r"erg|swim|swam|swimming|laps?|lengths?|ski|skied|skiing|skate|skated|skating|paddle|"
    r"paddled|paddling|kayak|kayaked|kayaking|canoe|sup|treadmill|track)\b"
)
MIN_MINUTES, MAX_MINUTES = 5, 240
# A clause naming an activity, then "for" and a bare whole number ending it ("..., then
# incline walk on the treadmill for 20", "walked for 30"): "for" says how long, never how far,
# so even a walk's or a ride's bare number is its minutes there (stop 94)
_FOR_TIME = re.compile(
    r"(?:^|[,;+]|\bthen\b|\band\b)\s*(?:then\s+)?(?P<name>[a-z][^,;+]{1,60}?)\s+for\s+"
    r"(?P<n>\d{1,3})(?![\d.:x/%])(?=\s*(?:$|[,;.!+]|\bthen\b|\band\b))"
)


# A bike that goes nowhere, named whole ("then stationary bike 15"): after times in minutes its
# bare number is minutes as the others' (stop 95); a ride's ("then bike 10") may be its way
_GOES_NOWHERE = re.compile(
    r"(?:(?:on|the|a|an|my)\s+)*(?:stationary|exercise|spin|assault|air|recumbent|upright)\s+bike"
)


def _timed_activity(matcher: ExerciseMatcher, name: str, *, after_minutes: bool = False) -> bool:
    """Whether ``name`` is exactly a library activity done for a time (cardio, not jumped
    in reps) whose words say no distance (or, ``after_minutes``, a bike that goes nowhere)."""
    if _DISTANCE_WORDS.search(name) and not (
        after_minutes and _GOES_NOWHERE.fullmatch(name.strip())
    ):
        return False
    found = matcher.match(name.strip())
    if found is None or found.score < 95:
        return False
    record = next((r for r in matcher.records if r.slug == found.slug), None)
    return record is not None and record.category == "cardio" and record.movement_pattern != "jump"


def _names_cardio(matcher: ExerciseMatcher, name: str) -> bool:
    """Whether ``name`` (a clause's words) names a cardio activity: a word of moving some way
    or a library activity done for a time, in a run of up to four of its words."""
    if _DISTANCE_WORDS.search(name):
        return True
    words = re.findall(r"[a-z]+", name)
    return any(
        _timed_activity(matcher, " ".join(words[i : i + n]))
        for n in (4, 3, 2, 1)
        for i in range(len(words) - n + 1)
    )


def _for_minutes(text: str, matcher: ExerciseMatcher) -> str:
    """``text`` with "min" after an activity's bare number said "for" ("... for 20"), where
    every time said before it is in minutes."""
    out, last = [], 0
    for m in _FOR_TIME.finditer(text):
        before = [d.group(2) for d in DUR.finditer(text[: m.start()])]
        if not all(_MINUTES.fullmatch(unit) for unit in before):
            continue
        if not MIN_MINUTES <= int(m["n"]) <= MAX_MINUTES or not _names_cardio(matcher, m["name"]):
            continue
        out.append(text[last : m.end("n")] + " min")
        last = m.end("n")
    return "".join(out) + text[last:]


# The bare number before the machine ("elliptical 30 min then 10 on the stairmaster"): the
# machine's name first, so it reads as "then stairmaster 10" (stop 96)
_NUMBER_FIRST = re.compile(
    r"(?P<lead>(?:[,;+]|\bthen\b|\band\b)\s*(?:then\s+)?(?:did\s+|another\s+)?)(?P<n>\d{1,3})\s+"
    r"(?:on|in)\s+(?:the|a|an|my)\s+(?P<name>[a-z][a-z' -]{1,30}?)(?=\s*(?:$|[,;.!+]|\bthen\b|\band\b))"
)
# A walk's bare number said as the cool-down after times in minutes ("then walked 5 to cool
# down", "walked 10 min as a cooldown"): a walk of its own, in minutes; a way walked to cool
# down is said with its unit (stop 96)
_COOL_WALK = re.compile(
    r"\b(?P<verb>walked|walking|walk)\s+(?:for\s+)?(?P<n>\d{1,2})(?![\d.:x/%])\s*(?:mins?|minutes?)?"
    r"\s+(?:(?:to|as|for)\s+(?:a\s+)?)?cool[- ]?(?:ing\s+)?down\b"
)
MIN_COOL = 5


def _number_first(text: str, matcher: ExerciseMatcher) -> str:
    """``text`` with a machine's bare number said before its name put after it."""

    def moved(m: re.Match[str]) -> str:
        if not _timed_activity(matcher, m["name"], after_minutes=True):
            return m.group(0)
        return f"{m['lead']}{m['name']} {m['n']}"

    return _NUMBER_FIRST.sub(moved, text)


def _cool_walk(text: str) -> str:
    """``text`` with a cool-down walk's bare time that follows times in minutes said as a
    walk of that many minutes."""
    m = _COOL_WALK.search(text)
    if m is None or int(m["n"]) < MIN_COOL:
        return text
    before = [d.group(2) for d in DUR.finditer(text[: m.start()])]
    if not before or not all(_MINUTES.fullmatch(unit) for unit in before):
        return text
    return f"{text[: m.start()]}{m['verb']} {m['n']} min{text[m.end() :]}"


def minutes_carried(text: str, matcher: ExerciseMatcher) -> str:
    """``text`` (one normalised line) with "min" after an activity's bare time that follows
    a time in minutes, where every time said before it is in minutes."""
    text = _cool_walk(_for_minutes(_number_first(text, matcher), matcher))
    out, last = [], 0
    for m in _BARE_TIME.finditer(text):
        before = [d.group(2) for d in DUR.finditer(text[: m.start()])]
        if not before or not all(_MINUTES.fullmatch(unit) for unit in before):
            continue
        if not MIN_MINUTES <= int(m["n"]) <= MAX_MINUTES or not _timed_activity(matcher, m["name"], after_minutes=True):  # fmt: skip
            continue
        out.append(text[last : m.end("n")] + " min")
        last = m.end("n")
    text = "".join(out) + text[last:]
    if DUR.search(text):
        return text
    return _class_minutes(text, matcher)


def _class_minutes(text: str, matcher: ExerciseMatcher) -> str:
    """``text`` (with no time in it) with "min" after each class's bare number."""
    out, last = [], 0
    for m in _CLASS_TIME.finditer(text):
        if not MIN_CLASS <= int(m["n"]) <= MAX_CLASS or not _timed_activity(matcher, m["name"]):
            continue
        out.append(text[last : m.end("n")] + " min")
        last = m.end("n")
    return "".join(out) + text[last:]
