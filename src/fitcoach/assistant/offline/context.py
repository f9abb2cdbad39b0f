"""Messages read with the conversation before them: a short follow-up to a metric question ("and
the week before?", "and my HRV?") takes the earlier question's metric and period, and an
exercise name after "which exercise?" names the sets the athlete sent before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from fitcoach.assistant.nlu import (
    ExerciseMatcher,
    Understanding,
    find_dates,
    normalise,
    read_log,
    understand,
)
from fitcoach.assistant.nlu.dates import ASK_DAY, DAY, with_day
from fitcoach.assistant.reply import Turn

_FOLLOW_UP = re.compile(
    r"^(?:and|what about|how about|same for|ok and)\b|\b(?:week|day|month|days?) before\b|"
    r"\bbefore that\b|\bprevious (?:week|month|one)\b"
)
_BEFORE = re.compile(
    r"\b(?:week|day|month|days?) before\b|\bbefore that\b|\bprevious (?:week|month|one)\b"
)


def _previous_query(
    history: Sequence[Turn], today: date, matcher: ExerciseMatcher
) -> Understanding | None:
    for turn in reversed(history):
        if turn.role != "user":
            continue
        u = understand(turn.text, today=today, exercises=matcher)
        if u.intent == "query_metric":
            return u
    return None


def follow_up(
    text: str, u: Understanding, history: Sequence[Turn], today: date, matcher: ExerciseMatcher
) -> Understanding:
    """A short follow-up to a metric question ("and the week before?", "and my HRV?") read
    with the earlier question's metric and period."""
    lowered = normalise(text)
    if not history or not _FOLLOW_UP.search(lowered):
        return u
    if u.intent not in ("unknown", "query_metric"):
        return u
    previous = _previous_query(history, today, matcher)
    if previous is None:
        return u
    slots = dict(previous.slots)
    if u.intent == "query_metric":
        slots["metric"] = u.slots["metric"]
        if "start" in u.slots:
            slots["start"], slots["end"] = u.slots["start"], u.slots["end"]
        return Understanding("query_metric", slots, u.confidence, [])
    found = find_dates(lowered, today)
    if "start" in found:
        slots["start"], slots["end"] = found["start"], found["end"]
    elif "date" in found:
        slots["start"] = slots["end"] = found["date"]
    elif _BEFORE.search(lowered):
        end = slots.get("end", today)
        start = slots.get("start", end - timedelta(days=6))
        length = (end - start).days + 1
        slots["start"], slots["end"] = start - timedelta(days=length), start - timedelta(days=1)
    else:
        return u
    return Understanding("query_metric", slots, 0.7, [])


def _pending_sets(history: Sequence[Turn], today: date, matcher: ExerciseMatcher) -> Understanding | None:  # fmt: skip
    """The sets of the last user message when the assistant asked which exercise they were."""
    for turn in reversed(history):
        if turn.role != "user":
            continue
        u = understand(turn.text, today=today, exercises=matcher)
        groups = u.slots.get("groups") or []
        missing = u.intent == "log_sets" and groups and all(g.get("exercise") is None for g in groups)  # fmt: skip
        only_name = all(p.startswith("which exercise") for p in u.problems)
        return u if missing and only_name else None
    return None


def named_exercise(
    u: Understanding, history: Sequence[Turn], today: date, matcher: ExerciseMatcher
) -> Understanding:
    """ "bench" after "185 lbs 3x5 @ RPE 9" got "which exercise?": log those sets as bench."""
    if u.intent != "clarify" or u.slots.get("about") != "exercise" or not history:
        return u
    pending = _pending_sets(history, today, matcher)
    if pending is None:
        return u
    groups = [{**g, "exercise": u.slots["exercise"]} for g in pending.slots["groups"]]
    return Understanding("log_sets", {**pending.slots, "groups": groups}, 0.8, [])


# "sunday", "it was saturday", "on friday night": a day said alone, as the answer to a question
_DAY_ANSWER = re.compile(
    rf"^(?:(?:it was|it's|that was|was|on|ok|oh|sorry|um|i think|yes)[ ,]+)*(?:the )?"
    rf"(?P<day>{DAY})(?: night| morning| evening)?(?:[ ,]+i think)?[ .!]*$"
)


def told_day(text: str, history: Sequence[Turn]) -> str | None:
    """The message a "which day was it" question was about, with the day ``text`` answers
    in place of the rough one ("hiked last weekend, 2 hours", then "sunday": "hiked on sunday,
    2 hours"), to be read with all its checks; None when ``text`` answers no such question."""
    if len(history) < 2 or history[-1].role != "assistant" or history[-2].role != "user":
        return None
    if not history[-1].text.lower().startswith(ASK_DAY):
        return None
    answer = _DAY_ANSWER.match(normalise(text))
    return with_day(history[-2].text, answer.group("day")) if answer else None


# The chat's own questions for what a log lacks: its numbers ("how many sets and reps of
# Barbell Back Squat did you do", "how long was it") or its load
# ... or the reading a "log my weight" lacks ("what did the scales say", "how many hours did you
# sleep", "what was your resting heart rate", "what was your HRV")
_ASKED_FOR = re.compile(
    r"(?:^|; )(?:how many sets and reps|how many reps|how long|what load|what did the scales say|what did you weigh|"
    r"how many hours did you sleep|what was your (?:resting heart rate|hrv))\b"
)
# "how many sets and reps of Barbell Romanian Deadlift did you do": the one exercise asked about
_ASKED_OF = re.compile(r"(?:^|; )how many sets and reps of (?P<name>[^,?]+?) did you do\b")
# a unit said beside the answer's bare number ("lbs not kg btw. 155", "155, in lbs")
_UNIT_TOLD = re.compile(
    r"\b(?:(?:it'?s|its|that'?s|thats)\s+)?(?:in\s+)?(?P<unit>lbs?|pounds|kgs?|kilos?)\s*,?\s*"
    r"(?:not|rather than|instead of)\s+(?:kgs?|kilos?|lbs?|pounds)\b|"
    r"\b(?:it'?s |its )?in (?P<unit2>lbs?|pounds|kgs?|kilos?)\b"
)
_BARE = re.compile(
    r"(?<![\d.])(?P<n>\d{2,3}(?:\.\d{1,2})?)(?![\d.])(?!\s*(?:kgs?|kilos?|lbs?|pounds|%))"
)


_OPENING = re.compile(
    r"^(?:(?:oh|ok|okay|so|and|also|yeah|yes|it was|that was|um)\b[\s,.!]*)+", re.I
)


def _unit_told(answer: str) -> str:
    """``answer`` with a unit said apart written after its one bare number ("lbs not kg btw.
    155": "btw. 155 lb"); as it was otherwise."""
    said = normalise(answer)
    told = _UNIT_TOLD.search(said)
    if told is None:
        return answer
    rest = (said[: told.start()] + " " + said[told.end() :]).strip(" .,;!")
    numbers = list(_BARE.finditer(rest))
    if len(numbers) != 1:
        return answer
    unit = (told.group("unit") or told.group("unit2")).rstrip("s")
    unit = "lb" if unit in ("lb", "pound") else "kg"
    n = numbers[0]
    return f"{rest[: n.end()]} {unit}{rest[n.end() :]}"


def told_missing(text: str, history: Sequence[Turn], today: date, matcher: ExerciseMatcher) -> str | None:  # fmt: skip
    """The message the chat asked a log's numbers of, with ``text``'s answer after it ("did
    my squats" got "how many sets and reps?", then "three lots of eight"; "walked to church
    and back", then "bout 35 min"), when the two read together are a whole log and ``text``
    alone is not; None otherwise (the answer is read alone, as before)."""
    if len(history) < 2 or history[-1].role != "assistant" or history[-2].role != "user":
        return None
    asked = history[-1].text.strip().lower()
    if not _ASKED_FOR.search(asked):
        return None
    if read_log(text, today=today, exercises=matcher).ok:
        return None
    # (an answer's opening words carry nothing: "oh and 3x10 at 40kg")
    answer = _OPENING.sub("", _unit_told(text.strip()))
    together = f"{history[-2].text.strip().rstrip('.!')}, {answer}"
    if read_log(together, today=today, exercises=matcher).ok:
        return together
    # "doing rdls rn" got "how many sets and reps of Barbell Romanian Deadlift ...?", then
    # "4x8 at 40": the one exercise the question names, with the answer's numbers
    named = _ASKED_OF.search(asked)
    if named is None or matcher.match(named.group("name")) is None:
        return None
    together = f"{named.group('name')} {answer}"
    return together if read_log(together, today=today, exercises=matcher).ok else None
