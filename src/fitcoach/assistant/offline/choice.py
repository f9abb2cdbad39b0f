"""The answer to the one question asked where the student and the rules read a message as
different writes (``templates.DISAGREE``): "log it", "change the plan", "1", "2", "neither".

The question is the pending state: it is the assistant's last turn of the conversation, and the
message it was about is the user's turn before it (as "Take back the …?" is for an undo). An
answer names a reading of that ORIGINAL message, which the chat then runs through its normal
path with every check; anything else is a new message, and the question is dropped with it
(the next message no longer follows the question)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from fitcoach.assistant import templates as t
from fitcoach.assistant.nlu import normalise
from fitcoach.assistant.reply import Turn

Choice = Literal["log", "plan", "neither"]

_LOG = (
    r"log(?: it| this| that| them)?|log (?:it|this|that) (?:in|to) (?:my|the) (?:training )?log"
    r"|(?:in(?:to)? |to )?(?:the |my )?(?:training )?log(?: entry)?|(?:an |the )?entry"
    r"|(?:it'?s |it is |that'?s |that is )?(?:a |the )?log|it was a workout|i did (?:it|that|them)"
)
_PLAN = (
    r"(?:change|update|edit|adjust) (?:the |my )?plan|(?:the |my )?plan(?: change)?"
    r"|(?:a |the )?(?:plan )?change|change it|(?:it'?s |it is |that'?s |that is )?(?:a |the )?plan"
)
_NEITHER = (
    r"neither(?: of them| 1)?|none(?: of them| of those)?|nothing|never ?mind|forget (?:it|that)"
    r"|cancel(?: that| it)?|no|nope|leave it|skip it|not now|don'?t|do nothing"
)
_FIRST = r"1|1st|first(?: 1)?|the first(?: 1)?|option 1|number 1"
_SECOND = r"2|2nd|second(?: 1)?|the second(?: 1)?|option 2|number 2"
_ANSWER = re.compile(
    rf"^(?:(?:please|just|ok|okay|oh|um|yes|yeah|sorry)[ ,]+)*"
    rf"(?:(?P<log>{_LOG})|(?P<plan>{_PLAN})|(?P<neither>{_NEITHER})"
    rf"|(?P<first>{_FIRST})|(?P<second>{_SECOND}))"
    r"(?:[ ,]+(?:please|pls|thanks|thank you|then))*[ .!]*$"
)


@dataclass(frozen=True)
class Pending:
    """The athlete's answer and the message the question was about."""

    choice: Choice
    original: str


def answered(history: Sequence[Turn], text: str, said: Callable[[str], str]) -> Pending | None:
    """The choice ``text`` makes when the conversation's last turn is the disagreement
    question (``said`` renders a template as the athlete read it); None when it is not an
    answer, or when no such question is pending."""
    if len(history) < 2 or history[-1].role != "assistant" or history[-2].role != "user":
        return None
    asked = next((k for k, q in t.DISAGREE.items() if said(q) == history[-1].text), None)
    if asked is None:
        return None
    found = _ANSWER.match(normalise(text))
    if found is None:
        return None
    # Each question names its two readings in its own order: the plan question asks "change
    # your plan, or log this", the log question the other way round.
    order: tuple[Choice, Choice] = ("plan", "log") if asked == "plan" else ("log", "plan")
    choice: Choice
    if found.group("first"):
        choice = order[0]
    elif found.group("second"):
        choice = order[1]
    elif found.group("log"):
        choice = "log"
    elif found.group("plan"):
        choice = "plan"
    else:
        choice = "neither"
    return Pending(choice, history[-2].text)
