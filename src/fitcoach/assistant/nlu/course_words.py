"""A course's ascent said in words beside a run, a ride or a hike ("trail run 14k, 1h52 with all
the climbing", "ride 3h, so much climbing", "lots of elevation"): how hilly it was, never a
session of rock climbing (its figures, "1200 ft of climbing", the cardio reader drops as
height). Dropped from the line before any reader names activities in it."""

from __future__ import annotations

import re

# A way travelled on foot or on a bike, said in the line
_TRAVELLED = re.compile(
    r"\b(?:ran|run|runs|running|jog\w*|trail|fell|ultra|rode|ride|rides|riding|cycl\w*|bike|"
    r"biked|biking|mtb|gravel|hike|hiked|hiking|walk|walked|walking|ruck\w*|tramp\w*)\b"
)
# Words of a climb on rock or a wall: then "lots of climbing" may be a session of its own
_ON_ROCK = re.compile(
    r"\b(?:wall|crag|boulder\w*|routes?|top ?-?rop\w*|lead|belay\w*|harness|chalk|v\d{1,2}|"
    r"climbing (?:gym|centre|center|session|wall))\b"
)
# "with all the climbing", "lots of climbing", "so much climbing", "plenty of climbs", "a fair
# bit of elevation": an amount of ascent in words (no figure of it)
_ASCENT = re.compile(
    r"\s*,?\s*(?:\b(?:with|and|plus|w/)\s+)?\b(?:all (?:the|that|those|of the)|lots of|a lot of|loads of|"
    r"tons of|plenty of|heaps of|so much|too much|a (?:fair |good )?bit of|a fair amount of)\s+"
    r"(?:(?:steep|big|long|hard|brutal|nasty|hilly)\s+)?(?:climbing|climbs|elevation|vert|ascent)\b"
)


def without_ascent_words(line: str) -> str:
    """``line`` without a course's ascent said in words, where it says a run, ride or hike."""
    if not _TRAVELLED.search(line) or _ON_ROCK.search(line):
        return line
    return _ASCENT.sub("", line)
