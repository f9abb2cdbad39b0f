"""What a strength message says of the session as a whole rather than of its sets: how long it
took ("whole session took 55 min", "70 min in the gym", a closing "45 minutes"), its effort
("rpe 9 session", "rpe 8 overall") and the time of day it was done ("at 8am"). These numbers
are no sets, reps or loads: ``session_parts`` takes them out of the text the sets are read
from, and gives the session's duration and RPE to store with the sets."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM
from fitcoach.assistant.nlu.set_asides import without_asides

_FILLER = r"(?:about|like|around|roughly|approx|~|just over|just under|maybe)?\s*"
# "easy day, ", "felt strong. ": a few words of how the session went, between its time and its
# effort (no figure: a set or a load said there is no such clause)
_FELT = r"(?:(?P<felt>(?:[a-z']+\s+){0,2}[a-z']+)\s*[,.;]\s*)?"
# "55 min", "1.5 hr", "1h15" (an hour and 15 minutes), "1h 4min" (as the apps print it)
_MINUTES = (
    rf"(?:(?P<hh>\d{{1,2}})\s*h\s*(?P<mm>[0-5]\d\b|\d(?=\s*(?:mins?|minutes?)\b))(?:\s*(?:mins?|minutes?)\b)?|"
    rf"(?P<n>{NUM})\s*(?P<unit>mins?|minutes?|minuti|minutos|hrs?|hours?|h)\b)"
)
_SESSION_WORD = r"(?:session|workout|wko|lift|lifting|training|gym|sesh|circuit)"
# A stop or comma that is a decimal point ("slept 5.5 hrs", "1,5 h") starts no clause: its
# digits after it are no session time of their own (the night's 5.5 h would be stored as 5)
_NOT_DECIMAL = r"(?!(?<=\d[.,])\d)"
# "LEG DAY. 75 minutes. Squat 4x6 ...", "Upper body at lunch, 40 mins: bench ...": a time said
# alone, before any figure of the sets, is the session's (``session_parts`` checks the "before")
_OPENING = re.compile(
    rf"(?:^|(?<=[.;,!])){_NOT_DECIMAL}\s*{_FILLER}{_MINUTES}\s*(?:[.;:!]|,)(?=\s*[a-z])"
)
_DURATIONS = (
    # "whole session took 55 min", "my wko was 45 min long", "the workout lasted about an hour"
    re.compile(
        rf"\b(?:(?:the|my|whole|total|entire|this)\s+)*{_SESSION_WORD}\s+(?:took|was|lasted)\s+"
        rf"{_FILLER}{_MINUTES}(?:\s+long)?"
    ),
    # "70 min in the gym", "45 minutes total", "a 20 min garage workout", "50 min session"
    re.compile(
        rf"(?<![\d.:])(?:an?\s+)?{_MINUTES}\s+(?:in the gym|(?:in )?total|long|of lifting|of training|"
        rf"(?:[a-z]+\s+){{0,2}}{_SESSION_WORD}\b)"
    ),
    # "took 28 mins", "duration about 1 hour", "gym 1h:", "home workout 25 min"
    re.compile(
        # "done in 50 mins", "whole thing 75 min": the time the session's sets took, said after them
        # "in and out in 35 mins": the time at the gym, said after the sets
        rf"\b(?:took(?: me| us)?|lasted|duration|total time|(?:all )?done in|finished in|in and out in|whole thing(?: took| was)?|"
        rf"{_SESSION_WORD}|allenamento|entrenamiento|"
        # "was there 2 hrs", "been in there 90 min": the time spent at the gym
        rf"park|(?:was|were|been)\s+(?:in\s+)?there(?:\s+for)?)\s*(?:was|of|:)?\s*{_FILLER}{_MINUTES}"
    ),
    # (days94) "kb swings 5x20 in 15 min, sweaty": the time the sets took, said right after
    # them (a figure before "in"), closing its clause
    re.compile(rf"(?<=\d)\s+in\s+{_FILLER}{_MINUTES}(?=\s*(?:[,.;!]|$))"),
    # (days94) "done in 40", "in and out in 50" closing the message: minutes with no unit (a
    # session is never done in 40 seconds or hours)
    re.compile(
        r"\b(?:(?:all )?done in|finished in|in and out in)\s*(?:about |around |like |~)?"
        r"(?P<n>[1-9]\d{1,2})(?P<unit>)\s*[.!]*\s*$"
    ),
    # "full body today, 45 min, session rpe 7. goblet squat ...": a time said beside the
    # session's effort, before the sets, is the session's
    re.compile(
        rf"(?:^|(?<=[.;,:])){_NOT_DECIMAL}\s*{_FILLER}{_MINUTES}\s*[,.;]?\s*(?=(?:session|whole session|overall)\s+rpe\b)"
    ),
    _OPENING,
    # a closing "45 minutes", "50 min", "25 min all in", "40 min. rpe 6": the session's length
    # after its sets (its effort may close the message after it, a few words of how it felt
    # between: "45 min total, easy day, rpe 5")
    re.compile(
        rf"(?:^|(?<=[.;,—–])){_NOT_DECIMAL}\s*{_FILLER}{_MINUTES}(?:\s+(?:total|in total|all in|in all))?\s*[.!]*"
        rf"(?=\s*(?:[.,;]?\s*{_FELT}(?:and\s+)?rpe\s*(?:of|was|=|:)?\s*{NUM}\s*[.!]*\s*)?$)"
    ),
)
# Words before "gym", "session" or "workout" that keep it the strength session
_BEFORE_SESSION = frozenset(
    {"the", "my", "whole", "total", "entire", "this", "a", "an", "home", "garage", "lifting",
     "weights", "weight", "strength", "upper", "lower", "leg", "legs", "push", "pull", "body",
     "quick", "short", "long", "today", "today's", "morning", "evening", "lunch", "lunchtime", "hotel", "work",
     "min", "mins", "minutes", "and", "then", "was", "in"}
)  # fmt: skip
# "rpe 8 overall", "RPE 7 for the lot", "whole session felt like an rpe 8": the session's
_SESSION_RPE = re.compile(
    rf"\b(?:(?:session|overall)\s+rpe\s*(?:of|was|=|:)?\s*(?P<a>{NUM})|"
    rf"rpe\s*{_FILLER}(?P<b>{NUM})\s+(?:session|overall|(?:for the |the )?(?:whole |entire )?(?:session|workout|lot))\b|"
    rf"{_SESSION_WORD}\s+(?:felt|was)\s+(?:like\s+)?(?:an?\s+)?rpe\s*(?P<c>{NUM})|"
    # "whole session felt like a 7", "the workout was an 8/10": the session graded as a whole
    # (its figure alone before the sentence ends: "session was 45 min" is its time)
    rf"\b(?:whole|entire|overall|the)\s+{_SESSION_WORD}\s+felt\s+(?:like\s+)?{_FILLER}(?:an?\s+)?"
    rf"(?P<g>{NUM})\s*(?:(?:/|out of)\s*10)?(?=\s*(?:[,.;!]|$))|"
    # "I'd call it a 7 out of 10", "I would say 6/10": the whole session's effort, graded
    rf"\b(?:i'?d|i would)\s+(?:call it|say|rate it|give it)\s+(?:an?\s+)?(?P<d>{NUM})\s*(?:/|out of)\s*10\b|"
    # "felt like a 7 overall", "was an 8/10 overall": a grade of the whole, never a set's RIR
    rf"\b(?:felt|was)\s+(?:like\s+)?(?:about\s+|around\s+)?(?:an?\s+)?(?P<e>{NUM})\s*(?:(?:/|out of)\s*10\s*)?overall\b|"
    # "overall session was maybe a 7" closing the message: the session graded as a whole
    rf"\boverall\s+{_SESSION_WORD}\s+(?:felt|was)\s+(?:like\s+)?{_FILLER}(?:an?\s+)?(?P<f>{NUM})"
    rf"\s*(?:(?:/|out of)\s*10)?\s*[.!]*\s*$)"
)
_NIGHT_WORD = re.compile(r"\b(?:slept|sleep|sleeping|asleep|nap|napped|bed)\b")
# (or "..., felt like a 6" closing it: the effort of the session whose time was just said)
_RPE_AFTER = re.compile(
    rf"\s*[,.;]?\s*{_FELT}(?:and\s+)?(?:(?:@\s*)?rpe\s*(?:of|was|=|:)?|(?:it\s+|which\s+)?felt\s+like\s+"
    rf"(?:an?\s+)?(?=\d+(?:\.5)?\s*(?:(?:/|out of)\s*10\s*)?[.!]*\s*$))\s*(?P<n>{NUM})"
    rf"(?:\s*(?:/|out of)\s*10)?\s*[.!]*\s*$"
)
_RPE_LEAD = re.compile(
    rf"\s*(?:rpe|@\s*rpe)\s*(?:of|was|=|:)?\s*(?P<n>{NUM})\b(?!\s*(?:kgs?|lbs?|x)\b)"
)
# "at 8am", "6 am team lift", "5:30pm": when it was done
_CLOCK = re.compile(r"\b(?:at|by|around|@)?\s*\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.?|p\.m\.?)(?!\w)")


def session_parts(text: str) -> tuple[dict[str, float], str]:
    """The session's ``duration_s`` and ``session_rpe`` said in ``text`` (either may be
    missing), and ``text`` without them and without a time of day."""
    found: dict[str, float] = {}
    # (numbers96: "2 sec on the chest", "60 sec rests", "waited 20 min for a rack": how the sets
    # were done, no sets and no session time)
    rest = without_asides(text)
    for pattern in _DURATIONS:
        m = pattern.search(rest)
        # the word right before it, in the same sentence ("climbing gym 1.5 hr"; never the
        # "kg" of "... 35 kg. session 55 min")
        before = re.search(r"([a-z']+)[^\w.;:,]*$", rest[: m.start()]) if m else None
        if m and before and before.group(1) not in _BEFORE_SESSION and re.match(_SESSION_WORD, m.group(0).strip()):  # fmt: skip
            continue  # "climbing gym 1.5 hr": a session of something else, to log as such
        if m and pattern is _OPENING and re.search(r"\d", rest[: m.start()]):
            continue  # ("squat 5x5, 10 min, bench 3x8": a time between the sets is not said alone)
        if m and _NIGHT_WORD.search(re.split(r"[.;!?]", rest[: m.start()])[-1]):
            continue  # "... slept rubbish last night, about 5.5 hours": the night's length
        if m:
            if m.groupdict().get("hh"):
                found["duration_s"] = int(m.group("hh")) * 3600.0 + int(m.group("mm")) * 60.0
            else:
                hours = m.group("unit").startswith("h")
                found["duration_s"] = float(m.group("n")) * (3600 if hours else 60)
            tail = rest[m.end() :]
            # "took 55 min, rpe 7" ending the message: the session's effort, said with its time;
            # "lifted 90 mins session rpe 7: bench ...": the session word the time took names
            # the effort after it too (the sets follow)
            effort = _RPE_AFTER.match(tail)
            if effort is None and re.search(rf"{_SESSION_WORD}$", m.group(0)):
                effort = _RPE_LEAD.match(tail)
            if effort is not None and float(effort.group("n")) <= 10:
                found["session_rpe"] = float(effort.group("n"))
                # (the words of how it felt stay: they are no sets)
                felt = effort.groupdict().get("felt") or ""
                tail = (f" , {felt} " if felt else "") + tail[effort.end() :]
            rest = rest[: m.start()] + " , " + tail
            break
    if (
        "session_rpe" not in found
        and (m := _SESSION_RPE.search(rest))
        and float(next(g for g in m.groups() if g)) <= 10
    ):
        found["session_rpe"] = float(next(g for g in m.groups() if g))
        rest = rest[: m.start()] + " , " + rest[m.end() :]
    return found, _CLOCK.sub(" ", rest)
