"""The benign-sense readings of the red-flag screening, and a switch that reads words literally
(alarms57d, issue 57).

Some of the rules' steps recognise a red-flag word in an explicit benign other sense and take it
out: a figure of speech ("my phone screen blacked out"), sleep said as passing out, a cleared or
told past illness, the look-alike classes (``lookalikes``, ``lookalikes_self_harm``), a faint
expected and denied, a misread oxygen reading rechecked normal. Each such step is marked here:
``rewrite`` for a step that rewrites the text, ``benign`` for one that judges a word harmless.

Inside ``literal()`` every marked step does nothing (a rewrite returns its text, a judgement
says "not benign"), so the screening raises what the words say literally.
``screening.quietened`` compares the two readings: the kinds the rules read in a benign sense.
The student's gate (``student_runtime``) reads them; ``screen`` itself never runs literally.

Some steps are **firm** (``firm_rewrite``, ``firm_benign``, gate23): they say the words are not
the athlete's sign now at all (someone else's, a past one told as history or a clinician's
cleared, a rhythm finding already known and managed). ``literal(keep_firm=True)`` switches every
other marked step off and leaves those on: ``screening.firmly_quietened`` names what they alone
take away from the literal reading, and the gate lets that reading stand against a sure student.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec

P = ParamSpec("P")

# "": every step on (the screening); "all": every marked step off; "keep_firm": all but the firm.
_LITERAL: ContextVar[str] = ContextVar("guardrails_literal", default="")


@contextmanager
def literal(*, keep_firm: bool = False) -> Iterator[None]:
    """Within: every benign-sense step of the screening is off, or every one but the firm ones
    (see the module)."""
    token = _LITERAL.set("keep_firm" if keep_firm else "all")
    try:
        yield
    finally:
        _LITERAL.reset(token)


def _off(firm: bool) -> bool:
    mode = _LITERAL.get()
    return mode == "all" or (mode == "keep_firm" and not firm)


def _rewrite(step: Callable[P, str], firm: bool) -> Callable[P, str]:
    @functools.wraps(step)
    def marked(*args: P.args, **kwargs: P.kwargs) -> str:
        if _off(firm):
            text = args[0]
            assert isinstance(text, str)
            return text
        return step(*args, **kwargs)

    return marked


def _benign(step: Callable[P, bool], firm: bool) -> Callable[P, bool]:
    @functools.wraps(step)
    def marked(*args: P.args, **kwargs: P.kwargs) -> bool:
        return False if _off(firm) else step(*args, **kwargs)

    return marked


def rewrite(step: Callable[P, str]) -> Callable[P, str]:
    """A step that takes benign senses out of a text (its first argument): within ``literal``
    it returns that text unchanged."""
    return _rewrite(step, firm=False)


def benign(step: Callable[P, bool]) -> Callable[P, bool]:
    """A step that judges red-flag words harmless: within ``literal`` it says they are not."""
    return _benign(step, firm=False)


def firm_rewrite(step: Callable[P, str]) -> Callable[P, str]:
    """A ``rewrite`` of a firm sense: on within ``literal(keep_firm=True)``."""
    return _rewrite(step, firm=True)


def firm_benign(step: Callable[P, bool]) -> Callable[P, bool]:
    """A ``benign`` judgement of a firm sense: on within ``literal(keep_firm=True)``."""
    return _benign(step, firm=True)
