"""Figures the log has no field for, told alone (daily31): a wearable's own score ("whoop sleep
performance 84% last night", "oura readiness 71", "body battery 40"; a strain is left alone, a word of injuries too) and a bare number asked to
be put in ("put 72 in for me", "log 72"). The rules knew no log in them and answered with the
help text; the one precise question is asked instead, and nothing is ever stored (a score is
no hours slept, and a bare 72 may be a weight, a resting heart rate or a score).

``vague.vague_question`` calls this after its own gate (a question or a plan is never read
here); a message with any figure a log keeps never gets here."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.quantities import NUMBER_TOKEN

# A device's score by its name, its figure beside it ("sleep score 81", "84% sleep performance",
# "readiness is 58"); the question names what the log does keep instead
_SCORES = (
    (
        re.compile(r"\bsleep\s+(?:score|performance|quality score|rating)\b"),
        "fitcoach has no field for a sleep score; how long did you sleep?",
    ),
    (
        re.compile(r"\b(?:recovery(?:\s+score)?|readiness(?:\s+score)?|body battery)\b"),
        "fitcoach has no field for a recovery or readiness score; what were your resting "
        "heart rate and HRV, or how is your energy (1-5)?",
    ),
)
# (a score is a bare figure or a percentage: "recovery 2 weeks after surgery" is no score)
_FIGURE_NEAR = re.compile(
    r"\W{0,4}(?:is|was|at|of|:)?\s*\d+(?:\.\d+)?(?!\.?\d)(?!\s*(?:days?|weeks?|wks?|months?|"
    r"years?|yrs?|h|hrs?|hours?|mins?|minutes?|km|k|mi|miles?|kg|lbs?|x)\b)"
)
# "put 72 in for me", "log 72", "add 72 pls", "72 for today": one number and nothing it is of
_BARE_NUMBER = re.compile(
    r"^(?:(?:pls|please|can you|could you)\s+)?(?:put|log|add|enter|record|save)\s+(?:in\s+)?"
    r"(?P<n>\d+(?:\.\d+)?)(?:\s+(?:in|down))?(?:\s+for\s+(?:me|today|this morning))?"
    r"(?:\s+(?:pls|please|thanks|thx|ty))?\s*[.!]*$"
)


def unkept_figure_question(ctx: Ctx) -> list[str]:
    """The question for a wearable's score or a bare number told alone; empty otherwise."""
    text = ctx.text
    for pattern, question in _SCORES:
        for m in pattern.finditer(text):
            # its figure right after it or right before it ("84% sleep performance")
            after = _FIGURE_NEAR.match(text, m.end())
            before = re.search(r"\d+\s*%?\s*$", text[: m.start()])
            if after or before:
                return [question]
    if (bare := _BARE_NUMBER.match(text.strip())) and len(NUMBER_TOKEN.findall(text)) == 1:
        return [f"{bare.group('n')} of what: your weight, your resting heart rate, a score...?"]
    return []
