"""How people say which sets an effort or a rep count was for ("last set rpe 9", "top set",
"maybe one rep left", "RPE 7, 8, 9"): the words the log reader tells sets apart by."""

from __future__ import annotations

import re
from typing import Any

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}

# An effort alone and hedged, as a remark on one set goes on ("last one was a grinder, like rpe
# 9.5"); a plain one after it ("only the final set was tough, rir 1") may be all the sets': asked
EFFORT_ONLY = re.compile(
    r"(?:like|about|around|maybe|prob(?:ably)?|roughly|~)\s+(?:an?\s+)?(?:rpe|rir)\s*(?:of\s*)?\d+(?:\.\d+)?\s*[.!]*|"
    # the reps left, hedged ("maybe one rep left in me", "perhaps 2 more in the tank")
    r"(?:(?:like|about|around|maybe|perhaps|prob(?:ably)?|roughly|~)\s+)?\d\s+(?:more\s+)?reps?\s+"
    r"(?:left|in reserve|in the tank)(?:\s+in (?:me|it|the tank))?\s*[.!]*"
)
EACH_EFFORT = re.compile(r"^(rpe|rir)\s*((?:\d+(?:\.\d+)?\s*,\s*)+\d+(?:\.\d+)?)\s*$")
# The same list said on the sets' own line ("3x5 @ 140 rpe 7, 7, 8.5", "rpe 7/8/9"): the
# list apart, its own piece; a slash list holds three values or more ("rpe 8/10" is a score)
TRAILING_EFFORTS = re.compile(
    r"^(?P<sets>.*\d.*?)\s+(?P<list>(?:rpe|rir)\s*(?:\d+(?:\.\d+)?\s*,\s*)+\d+(?:\.\d+)?"
    r"|(?:rpe|rir)\s*\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?){2,})\s*$"
)


def efforts_apart(pieces: list[str]) -> list[str]:
    """Each piece whose sets end in a list of efforts, one a set, split in two (the sets, then
    the list, commas between its values) so that the list is read as each set's effort."""
    out: list[str] = []
    for piece in pieces:
        found = TRAILING_EFFORTS.match(piece)
        if found and re.search(r"\d\s*(?:x|sets?\b)", found.group("sets")):
            out += [found.group("sets"), found.group("list").replace("/", ", ")]
        else:
            out.append(piece)
    return out


# "last set", "last one", "rpe 9 on the last" (the last word: of the sets before it)
LAST_SET = re.compile(r"\b(?:last|final) (?:set|one|1)\b|\b(?:on|for) the (?:last|final)\s*[.!]*$")
SOME_SETS = re.compile(
    r"\b(?:back ?-?offs?|backoffs?|last|first|top|final|warm ?-?ups?|warmups?|heavy|later)\b|"
    # a set named by its reps ("rpe 9 on the triple", "the double was rpe 8", wrong92)
    r"\b(?:the|that|my|on|for)\s+(?:heavy\s+)?(?:singles?|doubles?|triples?)\b"
)
# An effort said next to the last set ("last set rpe 9", "rpe 9 on the last set"); "rpe 9 ngl
# nearly failed the last one" is the sets' effort and a remark
LAST_EFFORT = re.compile(
    r"\b(?:last|final) (?:set|one|1)\s*(?:was|at|@|:|-|,)?\s*(?:rpe|rir|@)|"
    # "last set was a grinder rir 0", "final set felt hard, rpe 9": a remark, then its effort
    r"\b(?:last|final) set (?:was|felt|got|went)\b(?:\s+[a-z']+){0,3}\W{0,3}\s*(?:rpe|rir)\b|"
    r"\b(?:rpe|rir)\s*\d+(?:\.\d+)?\s*(?:on|for)\s+(?:the\s+)?(?:last|final) (?:set|one|1)\b"
)
# One set or some named by their role inline ("top set", "back-off sets"; not "felt heavy")
ONE_SET = re.compile(
    r"\b(?:top|first|second|third|fourth|back ?-?off|backoff|warm ?-?up|heavy|heaviest|later)"
    r" (?:sets?|ones?)\b"
)
NTH_SET = re.compile(
    r"^(?:on )?(?:the )?(?P<nth>last|final|first|second|third|fourth|fifth|1st|2nd|3rd|[4-9]th)"
    r" set(?: (?:was|i|only|just|got|did|hit|managed|for|of|had))*\s+(?P<reps>\d{1,3})"
    r"(?: reps?)?\s*[.!]*$"
)


def _effort_on_last_of_list(
    groups: list[dict[str, Any]], start: int, end: int, nth: str, changes: dict[str, Any]
) -> bool:
    """An effort for the last set of a part read as sets one by one ("squat 5/5/5 at 100,
    rpe 8 on the last one", "100x5, 105x3, last set rir 1"): the part's last group is that one
    set, so it takes the effort. False (asked) for any other set or change, or a part of one
    group."""
    if nth not in ("last", "final") or not changes or set(changes) - {"rir", "rpe"}:
        return False
    if end - start < 2 or groups[end - 1].get("sets", 1) != 1:
        return False
    if any(groups[end - 1].get(k) is not None for k in ("rir", "rpe")):
        return False
    groups[end - 1].update(changes)
    return True
