"""Sessions told as news without the figure a log needs (issue 57, wods95): a sport logged by
its time ("went climbing!", "rolled tonight", "erg session this am, felt strong", "hit a hyrox
sim on the weekend") or a lift worked up to a top set with no load ("deadlifts today, worked up
to a heavy triple"). The rules knew no log in them and answered with the help text; the one
question for the missing figure is asked instead, and nothing is stored.

``vague.vague_question`` calls this last, after its own gate (a question or a plan is never
read here)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.names import named_exercises
from fitcoach.assistant.nlu.quantities import NUMBER_TOKEN

# When it was done, or that it was: a session's day or part of it, a "went"/"hit"/"did"
_DONE = re.compile(
    r"\b(?:went|hit|did|had|got in|finished|today|tonight|this (?:am|morning|afternoon|evening)|"
    r"last night|yesterday|on the weekend|at the weekend|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)
_SESSION = re.compile(r"\b(?:session|sesh|class|sim|simulation)\b")
# BJJ's own verb: "rolled tonight", "rolled at open mat" (never "rolled my ankle", "foam rolled")
_ROLLED = re.compile(
    r"^(?:(?:just|finally|i|we)\s+)*rolled\s+(?:tonight|today|this (?:am|morning|evening)|last night|"
    r"at (?:open mat|the gym|the academy)|(?:for )?a bit|hard)\b"
)
# A HYROX race or simulation (no library entry names it by these words alone)
_HYROX = re.compile(r"\bhyrox\b")
# A lift's top set told by its reps alone ("worked up to a heavy triple", "a heavy single")
_TOP_SET = re.compile(
    r"\b(?:worked|working|built|went) up to\b|\bheavy (?:single|double|triple|set|one|5|five)s?\b"
)
# A pain or an injury told: not a session to log (the safety rules read those)
_HURT = re.compile(r"\b(?:hurt\w*|pain\w*|sore|injur\w*|tweak\w*|ache\w*|pop\w*|twist\w*)\b")


def sport_without_figures(ctx: Ctx) -> list[str]:
    """The one question for a session or a top set told done without its figures; empty when
    the message is neither."""
    text = ctx.text
    if NUMBER_TOKEN.search(text) or _HURT.search(text):
        return []
    by_slug = {r.slug: r for r in ctx.exercises.records}
    cardio = _cardio_named(ctx, text)
    if _ROLLED.search(text) or ((cardio or _HYROX.search(text)) and (_DONE.search(text) or _SESSION.search(text))):  # fmt: skip
        return ["how long was the session (in minutes or hours)?"]
    lifts = sorted(named_exercises(ctx, text))
    if lifts and _TOP_SET.search(text):
        names = ", ".join(by_slug[s].name for s in lifts)
        return [f"what load did you work up to on {names}, and how many sets and reps?"]
    return []


def _cardio_named(ctx: Ctx, text: str) -> bool:
    """Whether a sport logged by its time (a cardio entry of the library) is named by one or
    two of the message's words, as they stand ("climbing", "erg", "muay thai")."""
    words = re.findall(r"[a-z][a-z'-]*", text)
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if len(phrase) < 3:
                continue
            match = ctx.exercises.match(phrase)
            if match is not None and match.score >= 95 and ctx.exercises.category(match.slug) == "cardio":  # fmt: skip
                return True
    return False
