"""A rower's split as the erg and its rowers write it (after ``normalise``), said as the words
the readers already take ("2:10 split": a pace per 500 m, no figure the log keeps):

- "2:09.0/500m", "2:07.5 /500m" (the monitor's and ErgData's lines) is that split;
- on a line of rowing ("row", "rowed", "erg"), "at 2:20s" and "at 1:48 avg" are the split too;
- a line of rowing with its distance and its split but no time of its own ("6k erg at a 2:10
  split") took the distance's 500 m pieces at that split: "6 km at 2:10" is 26 minutes;
- the monitor's or its app's name alone on a line ("ErgData", "Concept2 PM5") above a split
  names the session a row.
"""

from __future__ import annotations

import re

_PER_500 = re.compile(r"\b(\d:[0-5]\d(?:\.\d)?)\s*/\s*500\s*m?\b")
_ROWING = re.compile(r"\b(?:rows?|rowed|rowing|rower|ergs?|erging)\b")
_AT_SPLIT = re.compile(
    r"\b(at|@)\s*(?:an?\s+)?(\d:[0-5]\d(?:\.\d)?)(?:s\b|\s*(?:avg|average)\b(?!\s*(?:hr|heart|pace)))"
)
_SPLIT = re.compile(
    r"(?:\bat\s+(?:an?\s+)?|@\s*)?\b(\d):([0-5]\d(?:\.\d)?)\s*(?:avg |average )?split\b"
)
_DISTANCE = re.compile(r"(?<![\d:.])(\d{1,2}(?:\.\d)?)\s*(?:k|km)\b|(?<![\d:.])(\d{3,5})\s*m\b")
# a time of the session's own on the line ("30 min", "1h", "21:30", "in 8:12")
_TIME = re.compile(
    r"\d\s*(?:mins?|minutes?|h|hrs?|hours?)\b|(?<![\d:.])\d{1,2}:[0-5]\d(?::[0-5]\d)?(?!\.?\d*\s*(?:avg |average )?split)"
)
_MONITOR = re.compile(r"^(?:ergdata|concept ?2(?: pm ?5)?|pm ?5|c2(?: pm ?5)?)\s*$")


def erg_splits(lines: list[str]) -> list[str]:
    """``lines`` (each normalised) with a rower's split said as one (see the module)."""
    out = [_PER_500.sub(r"\1 split", line) for line in lines]
    if any(_SPLIT.search(line) for line in out):
        out = ["erg" if _MONITOR.match(line) else line for line in out]
    return [_timed(line) for line in out]


def _timed(line: str) -> str:
    if not _ROWING.search(line):
        return line
    line = _AT_SPLIT.sub(r"\1 \2 split", line)
    split, distance = _SPLIT.search(line), _DISTANCE.search(line)
    if split is None or distance is None or _TIME.search(_SPLIT.sub(" ", line)):
        return line
    metres = float(distance[1]) * 1000 if distance[1] else float(distance[2])
    seconds = int(split[1]) * 60 + float(split[2])
    minutes = round(metres / 500 * seconds / 60, 2)
    if not 1 <= minutes <= 300:
        return line
    return f"{line[: split.end()]} in {minutes:g} min{line[split.end() :]}"
