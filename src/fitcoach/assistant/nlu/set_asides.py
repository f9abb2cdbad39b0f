"""Numbers a training log says of how its sets or its machine were done, none of which the log
keeps (issue 57, stop 96, numbers96): the person tells them, and the log is stored without them
rather than asked about ("I am not sure what 2 is here" was the reply) or, worse, with one read
as a set, a rep or a load.

- a pause or a hold in each rep: "2 sec on the chest", "3s hold at the bottom", "paused 2 sec";
- the lowering's (or the lifting's) count: "3 sec eccentric", "3 sec down", "eccentric of 4s";
- the rest between sets: "60 sec rests", "rest 90s between sets", "2-3 min rest", "w/ 2m rest";
- a wait before the sets: "waited like 20 min for a rack", "a 15 min wait for the bench";
- how the sets went, said with a lift's word: "all clean", "every rep clean" (no Power Clean);
- a cardio machine's level or resistance: "elliptical 30 min level 12", "bike at resistance 8"
  (only beside a machine's name, and never a person's level: "stress level 4" is a reading).

Each is recognised by its own words around the number, with its unit of time where it has one:
a number with a load's unit, an "x" or a set's word beside it never matches. ``without_asides``
takes the set asides out of the text a strength log is read from; ``machine_setting`` tells
the accounting of a cardio log that a number is the machine's setting.
"""

from __future__ import annotations

import re

# (never the time of each set of "plank 3x30s hold", "3 x 60 s")
_N = r"(?<![\d.x*×])(?<![x*×] )\d{1,3}(?:\.\d)?(?:\s*[-–]\s*\d{1,3})?"
_FILLER = r"(?:about\s+|around\s+|like\s+|roughly\s+|maybe\s+|~\s*)?"
_SECS = r"(?:s|secs?|seconds?|ct|count)\b"
_TIME = r"(?:s|secs?|seconds?|m|mins?|minutes?)\b"
_REST_TIME = r"(?:s|secs?|seconds?|mins?|minutes?)\b"  # (never "4x40m rest": a carry's way)
_PLACE = r"(?:on|at|in|off)\s+(?:the\s+)?(?:chest|bottom|top|floor|hole|knees?|pins?|box|bar)\b"

_ASIDES = (
    # "2 sec on the chest", "3s hold at the bottom", "2 second pause at the knee" (the pause's
    # count alone before the lift's name, "2ct pause bench", is the sets reader's: the name keeps
    # its "pause")
    re.compile(rf"{_N}\s*-?\s*{_SECS}\s*(?:(?:paus(?:e|es|ed)|holds?)\s+)?{_PLACE}"),
    re.compile(
        rf"{_N}\s*-?\s*{_SECS}\s*paus(?:e|es|ed)\b(?=\s*(?:$|[,.;!)]|(?:and|on|every|each|per)\b))"
    ),
    # "paused 2 sec", "held for 3 seconds at the bottom", "pause of 2s" (a hold only with its
    # place: "plank held for 60 seconds" is the set itself)
    re.compile(
        rf"\b(?:paus(?:e|es|ed)\s+(?:for\s+|of\s+)?{_FILLER}{_N}\s*-?\s*{_SECS}(?:\s*{_PLACE})?|"
        rf"(?:holds?|held)\s+(?:for\s+|of\s+)?{_FILLER}{_N}\s*-?\s*{_SECS}\s*{_PLACE})"
    ),
    # "3 sec eccentric", "3 sec down", "4 second negatives", "a 3 count lowering"
    re.compile(
        rf"{_N}\s*-?\s*{_SECS}\s*(?:slow\s+)?(?:eccentrics?|negatives?|lowering|lowers?|descents?|down|"
        r"concentrics?|on the way down)\b"
    ),
    # "eccentric of 4s", "slow negatives 3 sec", "3 sec tempo"
    re.compile(
        rf"\b(?:eccentrics?|negatives?|lowering|descent)\s+(?:of\s+|was\s+)?{_FILLER}{_N}\s*-?\s*{_SECS}"
    ),
    re.compile(rf"{_N}\s*-?\s*{_SECS}\s*tempo\b"),
    # "60 sec rests", "2-3 min rest between sets", "90s recovery", "with 2m rest"
    re.compile(
        rf"(?:\b(?:with|w/?|on|and)\s+)?{_FILLER}{_N}\s*-?\s*{_REST_TIME}\s*(?:of\s+)?(?:rests?|rest periods?|"
        r"breaks?|recovery)\b(?:\s+(?:between|in between)(?:\s+(?:sets|rounds|them|each))?)?"
    ),
    # "rest 90s between sets", "resting 2 min", "rests were about 3 min", "rest periods of 2 min"
    re.compile(
        rf"\b(?:rest(?:ed|ing)?|rests|rest periods?|break)\s+(?:were\s+|was\s+|of\s+|for\s+|between sets\s+)*"
        rf"{_FILLER}{_N}\s*-?\s*{_TIME}(?:\s+(?:between|in between)(?:\s+(?:sets|rounds|them|each))?)?"
    ),
    # "2 min between sets"
    re.compile(rf"{_FILLER}{_N}\s*-?\s*{_TIME}\s*(?:in\s+)?between\s+(?:sets|rounds|each set)\b"),
    # "waited like 20 min for a rack", "a 15 min wait for the bench", "queued 10 minutes"
    re.compile(
        rf"\b(?:wait(?:ed|ing)?|queued|queuing|queueing)\s+(?:for\s+)?{_FILLER}{_N}\s*-?\s*"
        r"(?:m|mins?|minutes?|hrs?|hours?|s|secs?|seconds?)\b(?:\s+(?:for|to get)\s+(?:an?\s+|the\s+|my\s+)?[a-z]+)?"
    ),
    re.compile(
        rf"(?:\ban?\s+)?{_FILLER}{_N}\s*-?\s*(?:mins?|minutes?)\s+(?:wait|queue)\b"
        r"(?:\s+(?:for|to get)\s+(?:an?\s+|the\s+|my\s+)?[a-z]+)?"
    ),
    # "all clean", "every rep clean", "reps were smooth": how the sets went, no lift's name
    # (never "clean and jerk", "clean pulls", "hang clean")
    re.compile(
        r"(?<![a-z] )\b(?:all|every (?:rep|set|single rep)|all (?:reps|sets|of them)|reps|sets)\s+"
        r"(?:were\s+|was\s+|felt\s+|looked\s+)?(?:clean|smooth|crisp)\b"
        r"(?!\s*(?:(?:and|&|n)\s+jerks?|jerks?|pulls?|high pulls?|deadlifts?|grip|\d|x\b))"
    ),
)


def without_asides(text: str) -> str:
    """``text`` (normalised) without the set asides above, each left as a comma: what the sets
    are read from."""
    out = text
    for pattern in _ASIDES:
        out = pattern.sub(" , ", out)
    return out if out == text else re.sub(r"\s+", " ", out).strip()


# A cardio machine named in the message, whose level or resistance a number may be
_MACHINE = re.compile(
    r"\b(?:ellipticals?|cross ?trainers?|x-?trainer|bikes?|spin|cycl\w*|stair ?masters?|stairs?|"
    r"steppers?|step ?mill|stair climber|climber|rowers?|rowing|erg|ski ?erg|arc trainer|treadmill|"
    r"assault|air ?bike|echo bike|recumbent)\b"
)
# (never a person's level: "stress level 4", "energy level 7" are readings of their own)
_SETTING = re.compile(
    r"(?<!stress )(?<!energy )(?<!pain )(?<!fatigue )(?<!soreness )(?<!mood )(?<!motivation )"
    r"(?<!hunger )(?<!readiness )(?<!avalanche )"
    r"\b(?:level|lvl|lv|resistance|res|damper|gear)\s*(?:of|at|on|was|:|=)?\s*(?:about\s+|around\s+|~\s*)?"
    r"(?P<n>\d{1,2}(?:\.\d)?)(?![\d.:])(?!\s*(?:[x*/%]|kgs?\b|lbs?\b|reps?\b|sets?\b|mins?\b|minutes?\b|"
    r"h\b|hrs?\b(?!\s*\d)|hours?\b|km\b|mi\b|miles?\b|m\b|secs?\b|s\b|bpm\b))"
)


def machine_setting(text: str, m: re.Match[str]) -> bool:
    """Whether the number ``m`` of ``text`` (lower case) is a cardio machine's level or
    resistance ("elliptical 30 min level 12"): no figure the cardio log keeps."""
    if _MACHINE.search(text) is None:
        return False
    return any(s.start("n") == m.start() for s in _SETTING.finditer(text))
