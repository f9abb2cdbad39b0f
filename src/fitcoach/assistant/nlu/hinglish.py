"""The Hindi words of a Hinglish log said plainly (issue 57, the twentieth set's writer AY).

Left as written, "aaj bench kiya, 3x8 60 kg pe" had "pe" (Hindi "at/on", after its load) read
as an exercise's name and the log asked. Only words with no other meaning in a log are
rewritten: "aaj" (today), the verb of doing ("kiya", "kiye", "kari") and "pe"/"par" right after
a load. "kal" (yesterday or tomorrow) is left for the dates to ask about. ``plain_hinglish``
runs in ``normalise`` on the lower-cased text, its numbers already digits.
"""

from __future__ import annotations

import re

_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "120 kg pe", "60 kilo par": the load the sets were done at
    (re.compile(r"(\d(?:\.\d+)?\s*(?:kgs?|kilos?|lbs?))\s+(?:pe|par)\b"), r"\1"),
    (re.compile(r"\baaj\b"), "today"),
    # "kal raat 7 ghante soya": last night, hours, slept ("kal" with "raat" is the night past)
    (re.compile(r"\bkal raat\b"), "last night"),
    (re.compile(r"(?<=\d) ?(?:ghante|ghanta)\b"), " hours"),
    (re.compile(r"(?<=hours )(?:soya|soyi|soye|soyaa)\b"), "slept"),
    (re.compile(r"\bsubah\b"), "morning"),
    (re.compile(r"(?<=min) mein\b"), ""),
    (re.compile(r"(?<!kuch )\baur\b"), "and"),  # "kuch aur": something else, no "and"
    # "deadlift kiya": did (the name before it stays the exercise)
    (re.compile(r"\s*\b(?:kiya|kiye|kari)\b"), ""),
)
# Hindi written in Latin letters: a word only Hinglish uses, so "par" (golf) or "pe" (physical
# education) in English logs are never touched
_HINGLISH = re.compile(
    r"\b(?:aaj|kiya|kiye|kari|tha|thi|bahut|sirf|aur|ke|ki|ka|hai|ghante|raat)\b"
)


def plain_hinglish(text: str) -> str:
    """``text`` with its Hinglish log words said in English, where it has Hindi words at all."""
    if not _HINGLISH.search(text):
        return text
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    return text
