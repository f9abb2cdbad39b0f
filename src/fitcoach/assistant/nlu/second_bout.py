"""A bare second bout named again (issue 57, logax19): "walked the dogs 1h10 this morning and
another 35 min tonight" becomes "... and walked the dogs 35 min tonight", so the reader takes two
bouts of one activity (``bouts.repeated_bouts``). Text only: ``normalise`` runs it and may not
import the cardio reader."""

from __future__ import annotations

import re

_MEASURE = r"\d+(?:\.\d+)?\s*(?:mins?|minutes?|h\b|hrs?|hours?|km|k\b|mi\b|miles?|m\b|metres|meters|yards?|laps?)"
# "walked the dogs 1h10 this morning and another 35 min tonight": the words before the first
# bout's figures, then "another" (or "a second", "one more") and a time or a distance
_ANOTHER = re.compile(
    r"^(?P<head>[a-z][a-z' ]{2,40}?)\s+(?P<first>\d[^;]*?)\s*(?:,\s*|\s+)(?:and\s+|then\s+|plus\s+)*"
    rf"(?:another|a second|one more)\s+(?={_MEASURE})"
)
# (no sets, reps or loads in the first bout: "bench 3x5 and another 2 sets" is the sets')
_SETS_WORDS = re.compile(r"\d\s*[x*]\s*\d|\b(?:sets?|reps?|kg|lbs?)\b")


def another_bout(text: str) -> str:
    """``text`` (normalised) with a bare second bout named as the first one was."""
    m = _ANOTHER.match(text)
    if m is None or _SETS_WORDS.search(m.group("first")):
        return text
    return f"{m.group('head')} {m.group('first')} and {m.group('head')} {text[m.end() :]}"


# "walked to work 35 min and back home 35 min", "cycled to the office 20 min and 25 back": the
# way there and the way back of one commute, one bout of their time together (corpus 57k, BP);
# only times in minutes, the second after "back", nothing else between
_THERE_AND_BACK = re.compile(
    r"^(?P<head>[a-z][a-z' ]{2,40}?)\s+(?P<a>\d{1,3})\s*(?P<u>mins?|minutes)\s*,?\s+and\s+"
    r"(?:(?:back|back home|home|the way back|coming back|on the way back)\s+(?P<b>\d{1,3})\s*"
    r"(?:mins?|minutes)|(?P<b2>\d{1,3})\s*(?:mins?|minutes)?\s+(?:back|back home|home))\b"
    r"(?=\s*(?:$|[,.;!]))"
)


def there_and_back(text: str) -> str:
    """``text`` (normalised) with a commute's two legs as one bout of their summed minutes."""
    m = _THERE_AND_BACK.match(text)
    if m is None or not re.search(r"\bto\b", m.group("head")) or _SETS_WORDS.search(m.group(0)):
        return text
    total = int(m.group("a")) + int(m.group("b") or m.group("b2"))
    return f"{m.group('head')} and back {total} min{text[m.end() :]}"
