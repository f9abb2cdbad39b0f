"""A whole day sent in one message (issue 57, corpus-57o's writer CM: a night, a weigh-in, the
meals and a workout pasted or dictated at once).

- A recap's heading that names its day in a few words of its own ("yesterdays full log cause i
  forgot:", "Monday recap (late sorry):", "sunday's catch-up:") is that day's label
  ("yesterday:", "monday:"), which dates every clause after it as a plain label already does.
  Left long, or with a remark in brackets, it was no label, and the day's logs were stored on
  today. A night named in it ("monday night:") is left as written: a night is dated by the
  morning it ends.
- Said in one breath, with no stop anywhere ("slept about 7 hours weighed in at 81.2 had eggs
  on toast for breakfast did 30 minutes of yoga"), the clauses ran into each other: a weigh-in
  read into the night, the foods of a meal into the workout after it (the meal then lost), two
  meals into one. ``day_stops`` puts a stop where the talk turns to the next thing of the day:
  before a verb that starts one (weighed, had, ate, did, went, then ...) right after a figure, a
  unit, a meal's name or a word of when; before a reading's name right after a figure; after a
  meal's name that closes its foods ("... for breakfast"); before a meal told as "lunch was".
  A message with any punctuation of its own keeps its own stops.
"""

from __future__ import annotations

import re

_DAY = r"(?:yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# "yesterdays full log cause i forgot:", "Monday recap (late sorry):": the day, a few words
# (a remark in brackets among them) with no figure, and the colon
_RECAP = re.compile(
    rf"^(?P<day>{_DAY})(?:'?s)?(?P<words>(?:\s+\(?[a-z']+\)?[,]?){{1,8}})\s*:\s*(?=\S)",
    re.IGNORECASE,
)
# what says the heading is a recap of the day's logs ("yesterday's dinner:", "monday's run:"
# name what follows: they stay)
_RECAP_WORD = re.compile(
    r"\b(?:log|logs|logging|recap|summary|catch[- ]?up|update|stuff|entries|everything|data|"
    r"numbers|stats|round[- ]?up|rundown|day|"
    # (days96) "Monday's session I forgot to put in:", "tuesday's workout i never logged:"
    r"forgot|forgotten|logged|sent|session|sesh|workout)\b",
    re.I,
)
# words that make the heading something other than the day's log
_NOT_RECAP = re.compile(r"\b(?:night|plan|tomorrow|next|programme|program|schedule)\b", re.I)


def recap_label(text: str) -> str:
    """``text`` with a recap's long heading of its day written as the day's plain label."""
    m = _RECAP.match(text.strip())
    if m is None or _NOT_RECAP.search(m.group("words")) or not _RECAP_WORD.search(m.group("words")):
        return text
    return f"{m.group('day').lower()}: {text.strip()[m.end() :]}"


_MEAL = r"(?:breakfast|brekkie|brekky|brunch|lunch|dinner|supper|snack)"
_MIN_WORDS = 10
# A verb that starts the next thing of a day
_NEXT = (
    r"(?:weighed|weigh in|weight was|weight is|had|ate|drank|did|went|then|woke|slept|got up|"
    r"hit|ran|walked|swam|cycled|rode|trained|lifted)"
)
# What a clause of a day ends on, before such a verb: a figure, a unit, a meal's name or a
# word of when ("today", "after")
_END = (
    r"(?:\d+(?:\.\d+)?|kgs?|kilos?|lbs?|pounds?|hours?|hrs?|minutes?|mins?|km|miles?|reps?|"
    r"sets?|today|tonight|morning|yesterday|after|afterwards|later|gym|work|home|"
    rf"{_MEAL}|bodyweight)"
)
_BEFORE_NEXT = re.compile(rf"\b(?P<end>{_END}) (?=(?:i )?{_NEXT}\b)")
# a weigh-in after any word that does not make it that clause's own ("... for the flight
# weighed 169 at the hotel"; "i weighed", "and weighed", "got weighed" stay)
_BEFORE_WEIGHED = re.compile(
    r"(?<!\bi)(?<!\band)(?<!\bwe)(?<!\bwas)(?<!\bwere)(?<!\bthen)(?<!\bjust)(?<!\bhad)"
    r"(?<!\bhave)(?<!\bbe)(?<!\bbeen)(?<!\bget)(?<!\bgot)(?<!\byou)(?<!\balso)(?<!\bnot)"
    r"(?<=[a-z]) (?=weighed\b|weigh in\b)"
)
# a reading's name right after a figure or a unit ("78.6 kilos resting heart rate 52")
_BEFORE_READING = re.compile(
    r"\b(?P<end>\d+(?:\.\d+)?|kgs?|kilos?|lbs?|pounds?|hours?|hrs?) "
    r"(?=(?:resting heart rate|resting hr|rhr|hrv|mood|energy|stress|soreness)\b)"
)
# a meal's name closing its foods, before words that are no more of it
_AFTER_MEAL = re.compile(
    rf"\b(?P<end>for (?:my |a )?{_MEAL}) "
    r"(?!(?:and|with|at|on|today|tonight|yesterday|this|that|was|were|which|but|so|in|as|of|"
    r"around|about|like|too|again|\d)\b)(?=[a-z])"
)
# a meal told as "lunch was ...", after the foods of another ("... orange juice lunch was")
_MEAL_TOLD = re.compile(
    rf"(?<!\bhad)(?<!\bate)(?<!\bfor)(?<!\bas)(?<!\bat)(?<!\bmy)(?<!\bthe)(?<!\bsame)(?<!\bof)"
    rf"(?<!\bfrom)(?<!\bskipped)(?<!\bmissed) (?=(?:and |then )?(?:for )?{_MEAL} (?:was|were|i had|had)\b)"
)


def day_stops(text: str) -> str:
    """``text`` (normalised, one line) with a stop between the things of a day said in one
    breath; a short message, or one with any stop of its own, as it was."""
    if len(text.split()) < 6 or re.search(r"[,;!?]|[.:](?!\d)", text):
        return text
    out = _BEFORE_READING.sub(r"\g<end> , ", text)
    if len(text.split()) < _MIN_WORDS:
        return re.sub(r"\s+,", ",", out)
    out = _BEFORE_NEXT.sub(r"\g<end> , ", out)
    out = _BEFORE_WEIGHED.sub(" , ", out)
    out = _AFTER_MEAL.sub(r"\g<end> , ", out)
    out = _MEAL_TOLD.sub(" , ", out)
    return re.sub(r"\s+,", ",", re.sub(r"\s+", " ", out)).strip()
