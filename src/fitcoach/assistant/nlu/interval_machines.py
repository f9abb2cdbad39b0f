"""HIIT done on a machine ("20 min HIIT on the gym bike", "hiit bike 25min", "rower hiit"):
the machine names the activity and "HIIT" only how it was done, as "intervals on the bike" is a
ride. The HIIT Class entry is a class (circuits, bootcamp), never a session on a bike."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.names import MACHINES

_HIIT_CLASS = "hiit-class"
# The machines a HIIT session is done on, by their words (the pool's are no machine)
_MACHINE_WORDS = {w: s for w, s in MACHINES.items() if "pool" not in w}
_MACHINE = "|".join(sorted((re.escape(w) for w in _MACHINE_WORDS), key=len, reverse=True))
# "hiit on the (gym) bike", "hiit session using the rower", "hiit bike", "bike hiit": the
# machine beside the word, never one said elsewhere in the message ("HIIT class, then 10 min
# on the bike" is two sessions, "cycled to HIIT" a ride to a class)
_ON_MACHINE = re.compile(
    rf"\bhiit\b(?:\s+(?:session|workout|intervals?))?\s+(?:(?:on|using)\s+(?:the\s+|a\s+|an\s+|my\s+)?"
    rf"(?:(?:gym|spin|stationary|exercise|indoor|air|watt)\s+)?)?(?P<a>{_MACHINE})\b"
    rf"|\b(?P<b>{_MACHINE})\s+hiit\b"
)


def on_a_machine(text: str, slug: str | None) -> str | None:
    """The machine's entry where ``slug`` is the HIIT Class and ``text`` says the HIIT was done
    on a machine; ``slug`` otherwise."""
    if slug != _HIIT_CLASS:
        return slug
    m = _ON_MACHINE.search(text)
    if m is None:
        return slug
    return _MACHINE_WORDS[m.group("a") or m.group("b")]
