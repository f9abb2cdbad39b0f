"""A machine's pin and the load its stack shows (blind-final-30's CQ: "Seated row, pin 9 — the
stack says 63kg — 3x12"; "chest press machine 3 sets of 10, pin on 9 which says 90 lbs on the
side"; "3 x 10 on the 4th pin? think pin 4 is 20 kg"). The pin's number is only where the pin
went; the load is the mass the stack says, with its unit. A pin alone ("lat pd pin on 9")
stays asked: which load a pin number makes differs by machine."""

from __future__ import annotations

import re

NUM = r"\d+(?:\.\d+)?"  # (as ``quantities``'s: the normalising layer sits below it)

_PIN = r"(?:(?:the\s+)?pin\s*(?:on\s+|at\s+|#\s*)?\d{1,2}|(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\s+pin)"
# who says the load: the stack, the pin, its side ("which says", "think pin 4 is")
_SAYER = (
    r"(?:which|that|it|(?:the\s+)?stack|the\s+(?:side|plate|number|label)|"
    r"(?:i\s+)?think\s+(?:the\s+)?pin\s*\d{1,2}|pin\s*\d{1,2})"
)
_STACK_LOAD = re.compile(
    rf"\s*[,;:—–-]?\s*\b{_PIN}\s*[?,;:—–-]*\s*(?:{_SAYER}\s+)?(?:says|said|reads|shows|is|=)\s+(?:like\s+)?"
    rf"({NUM}\s*(?:kgs?|kilos?|lbs?|pounds?))\b(?:\s+on\s+(?:the|it'?s)\s+(?:side|stack|pin|plate))?\s*[,;:—–-]?"
)


# A pin said alone straight after the sets ("chest press 3x10 pin on 7"): "on 7", so that
# "pin" is no part of the name ("chest press pin" had been the Pin Press at 7 kg, a wrong
# store) and the stack's question is asked ("is 7 on the stack in kg, lb or the plate
# number?"). A pin in a clause of its own keeps its word (the stack's reading knows it), a
# rack pull's "from pin 3" its height, and a pin past 20 ("pin on 70") is the stack's load.
_BARE_PIN = re.compile(
    r"(?<=\d )(?:on\s+)?(?:the\s+)?pin\s*(?:on\s+|at\s+|#\s*)?(1?\d|20)\b(?!\s*(?:kgs?|lbs?))"
)


def stack_loads(text: str) -> str:
    """``text`` with a pin and the load its stack says made the load (" @ 63kg "), and a pin
    said alone after the sets its number (" on 7 ")."""
    return _BARE_PIN.sub(r" on \1 ", _STACK_LOAD.sub(r" @ \1 ", text))
