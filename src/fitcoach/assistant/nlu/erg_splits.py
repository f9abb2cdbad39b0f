"""A rower's split as the erg and its rowers write it (after ``normalise``), said as the words
the readers already take ("2:10 split": a pace per 500 m, no figure the log keeps):

- "2:09.0/500m", "2:07.5 /500m" (the monitor's and ErgData's lines) is that split;
- on a line of rowing ("row", "rowed", "erg"), "at 2:20s" and "at 1:48 avg" are the split too;
- (a row's distance and split with no time of its own, "rowed 3k, 2:01 split", stays asked:
  the split may be the pieces' and not the whole row's, and a time is never made of it);
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
_MONITOR = re.compile(r"^(?:ergdata|concept ?2(?: pm ?5)?|pm ?5|c2(?: pm ?5)?)\s*$")


def erg_splits(lines: list[str]) -> list[str]:
    """``lines`` (each normalised) with a rower's split said as one (see the module)."""
    out = [_PER_500.sub(r"\1 split", line) for line in lines]
    if any(_SPLIT.search(line) for line in out):
        out = ["erg" if _MONITOR.match(line) else line for line in out]
    # (on a rowing line only: "ran 5k at 5:10 avg" is a run's pace)
    return [_AT_SPLIT.sub(r"\1 \2 split", line) if _ROWING.search(line) else line for line in out]
