"""A night told by its hours alone, with no word of sleep (logbn): "7.5 h", "got like 6 hours",
"8 hours, glorious", "only 4 hrs after nights, awful", "bad night, 4h50m, kept waking up". The
message is the hours (3 to 12 of them), hedged or not, and at most how the night went: a
judgement, the nights worked before it, the wakings, the baby. Anything else beside them (a
shift, a drive, a run, a game) makes the hours that thing's, never a night."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.night_asides import DONE_ELSE, how_the_night_went
from fitcoach.assistant.nlu.quantities import NUM, durations_s

_HEDGE = r"(?:(?:got|had|managed|grabbed|only|barely|just|maybe|about|around|roughly|like|~|prob(?:ably)?)\s+)*"  # fmt: skip
_HOURS = re.compile(
    rf"^(?:(?:an?\s+)?(?:rough|bad|poor|terrible|awful|broken|restless|good|great|decent|solid) night\s*[,.;:-]\s*)?"
    rf"{_HEDGE}({NUM})\s*(?:h|hrs?|hours?)(?:\s*(?:and\s+)?(\d{{1,2}})\s*(?:min|mins|minutes)\b)?\b"
    r"(?:\s+(?:of )?(?:sleep|kip)|\s*\U0001f4a4+)?"  # (or its emoji: "8 hrs 💤")
)


# a face or the sleep emoji told beside the hours ("😤", "🥱", "💤"): how it felt, no aside
_FACES = re.compile(r"[\U0001f600-\U0001f64f\U0001f910-\U0001f97f\U0001f4a4]+")


def lone_night_s(text: str) -> float | None:
    """The seconds of a night ``text`` tells by its hours alone, or None when anything but how
    the night went stands beside them."""
    m = _HOURS.match(text.strip())
    if m is None:
        return None
    rest = _FACES.sub(" ", text.strip()[m.end() :])  # ("barely 4 hrs 😤": a face, no aside)
    if not how_the_night_went(rest):
        return None
    # (seconds added whole: "4 hrs 20 min" is 15600 s exactly, as ``durations_s`` reads it)
    seconds = float(m.group(1)) * 3600 + (int(m.group(2)) * 60 if m.group(2) else 0)
    return seconds if 3 * 3600 <= seconds <= 12 * 3600 else None


_SLEEP_WORD = re.compile(r"\b(?:sleep|slept|asleep|nap|napped|bed|night|nite|kip|zzz)\b")


def hours_piece_alone(piece: str, whole: str) -> bool:
    """Whether ``piece`` of the message ``whole`` is a night only by its bare hours while the
    whole message is no night told that way ("8 hours" of "8 hours, brutal shift"): then the
    hours are the other thing's, and the piece no night."""
    return (
        lone_night_s(piece) is not None
        and not _SLEEP_WORD.search(piece)
        and lone_night_s(whole) is None
    )


# A night named or judged in a story ("last night was 5h50, pretty rubbish, hot flushes all
# night", "terrible night. maybe four and a half hours. the baby's teething"): the message's
# only figure is one length in hours, a night is said, and nothing else is done in it.
_NIGHT_SAID = re.compile(r"\b(?:last ni(?:ght|te)|(?:mon|tues|wednes|thurs|fri|satur|sun)day ni(?:ght|te)|(?:an?\s+|the\s+)?[a-z]+ night|overnight)\b")  # fmt: skip
# (on the normalised text: "5h50" is "5 h 50 min" there)
_ONE_LENGTH = re.compile(
    rf"(?<![\d.:]){NUM}\s*(?:h|hrs?|hours?)\b(?:\s*(?:and\s+)?\d{{1,2}}\s*(?:m|min|mins|minutes)\b)?"
)


def night_in_story_s(text: str) -> float | None:
    """The seconds of the night ``text`` tells in a story (above), or None."""
    if not _NIGHT_SAID.search(text) or DONE_ELSE.search(text):
        return None
    lengths = list(_ONE_LENGTH.finditer(text))
    figures = re.findall(r"\d+(?:\.\d+)?", text)
    if len(lengths) != 1 or len(figures) != len(re.findall(r"\d+(?:\.\d+)?", lengths[0].group(0))):
        return None
    seconds = durations_s(lengths[0].group(0))
    return seconds if seconds is not None and 3 * 3600 <= seconds <= 12 * 3600 else None


# (sleep93) A night said first, then its hours hedged in a piece of their own ("slept like crap,
# maybe 5 and a half", "bad night again, about 6", "slept badly, 4 hours tops"): the night's
# length, its unit hours where none is said (3 to 12 of them, as a night's)
_HEDGED_HOURS = re.compile(
    rf"^(?:(?:maybe|about|around|roughly|like|prob(?:ably)?|approx|~|only|barely|just|got|i got|managed)\s*)+"
    rf"({NUM})\s*(h|hrs?|hours?)?(?:\s+(?:tops|max|at most|ish|or so|at best))?\s*[.!]*$"
)
_NIGHT_SAID_BEFORE = re.compile(
    r"\b(?:slept|sleep|kip)\b|\b(?:rough|bad|poor|terrible|awful|broken|restless|good|great|"
    r"decent|solid|short) ni(?:ght|te)\b"
)


def hedged_hours(before: str, piece: str) -> str | None:
    """``piece`` as the hours of the night ``before`` told without its length, or None."""
    m = _HEDGED_HOURS.match(piece.strip())
    if m is None or not _NIGHT_SAID_BEFORE.search(before) or re.search(r"\d", before):
        return None
    if not 3 <= float(m.group(1)) <= 12:
        return None
    return piece if m.group(2) else f"{piece.strip()} hours"


def with_hedged_hours(text: str) -> str:
    """``text`` with the hedged hours after its night given their unit ("slept badly, maybe 6"
    is "slept badly, maybe 6 hours"), for a night read whole."""
    parts = re.split(r"([,.;]\s+)", text)
    for i in range(2, len(parts), 2):
        if hours := hedged_hours("".join(parts[:i]), parts[i]):
            parts[i] = hours
    return "".join(parts)
