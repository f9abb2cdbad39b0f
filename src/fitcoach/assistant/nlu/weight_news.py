"""A body weight told as news rather than as a reading (issue 57, vague93): "down to 183.4,
lowest in years", "saturday morning i was 91.2, never sent it", "semaglutide month 4: 79.5 kg,
started at 94". Only the weight now is stored; the start or the round figure it beat is the
story around it. ``metrics.log_weight`` reads the figure once this says it is a weight."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import has
from fitcoach.assistant.nlu.quantities import MASS

# "down to 195.0", "finally down to 88.4": a figure to the decimal the body went down (or up) to
_DOWN_TO = re.compile(
    r"^(?:(?:finally|now|just|officially|i'?m|i am)\s+)*(?:down|up|dropped|back down) to\s+"
    r"\d{2,3}\.\d\b(?!\s*(?:%|x|reps?|sets?|km|mi|miles?|min|mins|minutes?|bpm)\b)"
)
# "yesterday morning i was 68.9", "on sunday morning i was 70.2": the day with its morning
_WAS_THAT_MORNING = re.compile(
    r"^(?:(?:yesterday|today|this|last|on \w+day|\w+day)\s+(?:morning|am|a\.m\.)\W+)"
    r"i was\s+\d{2,3}\.\d\b(?!\s*[a-z%])"
)
# A weight beside where it started ("88.2kg, started at 101", "79.5 kg (from 94)") or a week of
# a weight-loss drug or programme ("mounjaro week 9: 88.2kg")
_STARTED = re.compile(
    r"\b(?:started at|starting weight|start weight|start(?:ed)? (?:on|from)|down from|"
    r"from a high of|was at)\s+\d{2,3}(?:\.\d)?\b"
)
_PROGRAMME = re.compile(
    r"\b(?:mounjaro|ozempic|wegovy|zepbound|saxenda|semaglutide|tirzepatide|liraglutide|glp-?1|"
    r"slimming world|weight watchers|ww|noom)\b"
)
# anything of a lift or a session beside the figure: no body weight
_TRAINING = re.compile(r"\d\s*(?:x|sets?|reps?)\b|\b(?:sets?|reps?|pr|pb|1rm|e1rm|max)\b")


# (sleep94) A figure to the decimal, then the round figure it has just passed ("79.9!!! under 80
# finally", "199.6 - below 200 at last", "sub 90 today: 89.8" is not this): the figure is the
# body weight, the round one (within 5 of it, on the side said) the mark it beat
_PAST_THE_MARK = re.compile(
    r"^(?P<now>\d{2,3}\.\d)\s*(?:kgs?|lbs?)?[\s!.,:;-]*(?:(?:finally|at last|officially|now|first time)\s+)*"
    r"(?P<side>under|below|sub|less than|over|above)\s+(?P<mark>\d{2,3})\b(?!\.\d|\s*(?:%|x|reps?|km|mi|min))"
)


def _past_the_mark(text: str) -> bool:
    m = _PAST_THE_MARK.search(text)
    if m is None:
        return False
    now, mark = float(m["now"]), int(m["mark"])
    below = m["side"] in ("under", "below", "sub", "less than")
    return 0 < (mark - now if below else now - mark) <= 5


def weight_as_news(text: str) -> bool:
    """Whether ``text`` (normalised) tells a body weight as news without a word for weight."""
    if _TRAINING.search(text):
        return False
    if _DOWN_TO.search(text) or _WAS_THAT_MORNING.search(text) or _past_the_mark(text):
        return True
    unit = MASS.search(text)
    return (
        unit is not None
        and bool(_STARTED.search(text) or _PROGRAMME.search(text))
        and not has(
            r"\b(?:lift|lifted|squat|bench|deadlift|press|row|curl|carry|plate|bar|dumbbells?|kettlebells?|db|kb)\b",
            text,
        )
    )


# Numbers of the story around a weight told as news ("started at 101", "week 9", "month 4",
# "down from 94"): where it began and how long it has gone on, never a reading of today
_AROUND_BEFORE = re.compile(
    r"\b(?:started at|starting weight(?: was| of)?|start weight(?: was| of)?|down from|from a high of|"
    r"week|wk|month|day)\s*:?\s*$"
)


def around_weight(text: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` of ``text`` is the story around a weight told as news."""
    return bool(_AROUND_BEFORE.search(text[max(0, m.start() - 30) : m.start()]))
