"""Rounds over a list and rep schemes, said as the sets of each exercise (misc18, issue 57).

- "3 rounds of 10 push-ups, 15 squats, 20 sit-ups" (and "4 rounds: ...") is 3 sets of each
  exercise of the list, not 3 sets of the first and one of the others;
- "4 rounds: dips x8 with +15kg, pullups x6 with +10kg" (bw96) is the same, each count after its name;
- "21-15-9 thrusters @ 43 kg and pull-ups", "thrusters 21-15-9 @ 43 kg with pull-ups" is one
  set of each count for each exercise the scheme is said of, as "thrusters 21, 15, 9".

Both read a line before it splits at its commas (``set_words.sets_in_turn``). The list is read up
to the first part that is not "a count and a name" ("10 burpees" is one, "5 min bag work",
"3x15 bridges" or "took 30 min" are not); with fewer than two such parts nothing changes.
"""

from __future__ import annotations

import re

# A count of reps then a name: not a count of minutes, metres, calories or sets.
_ITEM = re.compile(
    r"^\d{1,3}\s+(?!(?:m|km|k|mi|miles?|min|mins|minutes?|s|secs?|seconds?|h|hrs?|hours?|cal|"
    r"cals|kcal|kg|kgs|lbs?|x|sets?|reps?|rounds?|times|laps?|lengths?|metres|meters|yds?|"
    r"yards|steps|more|of|each|per|a|in|on|at|to|for|with|and|or|am|pm)\b)[a-z]"
)
_ROUNDS = re.compile(
    r"\b(\d{1,2})\s*(?:rounds?|circuits?)\s*(?:of\b|:|-|–)?\s*(?=\d|[a-z][a-z' -]{1,30}?\s*x\s*\d)"
)
# Where a list's part ends: a comma, a plus (not an added load's: "dips x8 with +15kg"), "and"
# or "then" before a count, or a count straight after a name ("10 burpees 20 sit-ups").
_SEPARATOR = re.compile(
    r"\s*(?:,|\+(?!\s*\d+(?:\.\d+)?\s*(?:kgs?|lbs?|kilos?|pounds?)\b)|&|;)\s*(?:and\s+|then\s+)?|\s+(?:and|then)\s+(?=\d)|(?<=[a-z])\s+(?=\d{1,3}\s+[a-z])"
)
_CLAUSE_END = re.compile(r"[.!?;\n](?!\d)")


# (bw96) "dips x8 with +15kg": a name, then its count after an "x", said as "8 dips with +15kg"
_NAME_X_COUNT = re.compile(r"^([a-z][a-z' -]{1,30}?)\s*x\s*(\d{1,3})\b(?!\s*(?:x|sets?)\b)(.*)$")


def _parts(tail: str) -> tuple[list[str], int]:
    """The leading "count and name" parts of ``tail`` and where the last one ends."""
    parts: list[str] = []
    start = end = 0
    for sep in [*_SEPARATOR.finditer(tail), None]:
        stop = sep.start() if sep is not None else len(tail)
        part = _NAME_X_COUNT.sub(r"\2 \1\3", tail[start:stop].strip())
        if not _ITEM.match(part):
            break
        parts.append(part)
        end = stop
        if sep is None:
            break
        start = sep.end()
    return parts, end


def rounds_over_list(text: str) -> str:
    """``text`` with rounds over a list said as each exercise's sets (see the module)."""
    out: list[str] = []
    at = 0
    for m in _ROUNDS.finditer(text):
        if m.start() < at:
            continue
        close = _CLAUSE_END.search(text, m.end())
        tail = text[m.end() : close.start() if close else len(text)]
        parts, end = _parts(tail)
        if len(parts) < 2:
            continue
        out.append(text[at : m.start()])
        out.append(", ".join(f"{m.group(1)} sets of {p}" for p in parts))
        at = m.end() + end
    return "".join(out) + text[at:] if out else text


# "21-15-9", "10-8-6-4": three counts or more, each of a set; not a date ("18-11-26").
_SCHEME = re.compile(r"(?<![\d/.:-])(\d{1,2})((?:-\d{1,2}){2,})(?![\d/.:-])")
_JOIN = re.compile(r"\s*(?:\+|&|\band\b|\bwith\b|\bthen\b)\s*")
_LOAD_OR_COUNT = re.compile(r"\s*(?:@|\bat\b|\bw/?\b|\d)")
_NAME = re.compile(r"^[a-z][a-z' -]*[a-z]$")


def _counts(m: re.Match[str]) -> list[str] | None:
    counts = [m.group(1), *m.group(2).strip("-").split("-")]
    if len(counts) == 3 and int(counts[1]) <= 12 and 20 <= int(counts[2]) <= 40:
        return None  # a day, month and year
    if counts == ["5", "3", "1"]:
        return None  # the 5/3/1 programme
    return counts if all(1 <= int(c) <= 60 for c in counts) else None


def _with_counts(part: str, counts: str) -> str | None:
    """``part`` ("thrusters @ 43kg", "pull-ups") with the counts after its name, or None
    when it has no name first."""
    load = _LOAD_OR_COUNT.search(part)
    name = (part[: load.start()] if load else part).strip()
    if not _NAME.match(name):
        return None
    rest = part[load.start() :].strip() if load else ""
    # ("thrusters 95 lb": the load after the counts, "at" it, as a list's load is read)
    joint = " at " if rest[:1].isdigit() else " "
    return f"{name} {counts}{joint}{rest}".rstrip()


# A label alone before a scheme: the workout's name ("wod:", "today's metcon -")
_DAY = re.compile(
    r"\b(?:today|yesterday|tonight|last night|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)
# (or a workout's word without the colon: "metcon today 15-12-9 ...")
_WORKOUT_LABEL = re.compile(
    r"(?:^|(?<=[;.!?\n]))\s*(?:[a-z][a-z' ]{0,30}\s*(?::|-|–)|(?:[a-z']+\s+){0,2}"
    r"(?:wod|metcon|crossfit|workout of the day)(?:\s+[a-z']+){0,2})\s*$"
)


def rep_scheme_said(text: str) -> bool:
    """Whether ``text`` (lower case) does a rep scheme ("21-15-9 ..."): a workout for time,
    whose load is often not said (the prescribed one): its sets log without it, unasked."""
    m = _SCHEME.search(text)
    return m is not None and _counts(m) is not None


def rep_schemes(text: str) -> str:
    """``text`` with a rep scheme said of each exercise it names (see the module)."""
    m = _SCHEME.search(text)
    if m is None or (counts := _counts(m)) is None:
        return text
    said = ",".join(counts)
    close = _CLAUSE_END.search(text, m.end())
    stop = close.start() if close else len(text)
    comma = text.find(",", m.end(), stop)
    stop = comma if comma >= 0 else stop
    head, tail = text[: m.start()], re.sub(r"^\s*(?:of\s+)?", "", text[m.end() : stop])
    pieces = [p for p in _JOIN.split(tail) if p.strip()]
    if pieces and not _LOAD_OR_COUNT.match(pieces[0]):
        # The scheme before the names ("21-15-9 thrusters @ 43kg and pull-ups"); a label
        # before it ("wod:", "friday's metcon -") names the workout, never an exercise logged
        named = [_with_counts(p, said) for p in pieces]
        if label := _WORKOUT_LABEL.search(head):  # (its day, "friday wod:", said after)
            head, day = head[: label.start()], " ".join(_DAY.findall(label.group(0)))
            named[-1] = f"{named[-1]} {day}" if day and named[-1] is not None else named[-1]
    else:
        # The scheme after a name ("thrusters 21-15-9 @ 43kg with pull-ups"): in place.
        before = re.search(r"[a-z][a-z' -]*[a-z]\s*:?\s*$", head)
        if before is None:
            return text
        named = [said + (" " + pieces[0].strip() if pieces else "")]
        named += [_with_counts(p, said) for p in pieces[1:]]
    if any(n is None for n in named):
        return text
    return f"{head}{' and '.join(n for n in named if n is not None)}{text[stop:]}"
