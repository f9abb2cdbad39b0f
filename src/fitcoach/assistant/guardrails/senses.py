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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec

P = ParamSpec("P")

_LITERAL: ContextVar[bool] = ContextVar("guardrails_literal", default=False)


@contextmanager
def literal() -> Iterator[None]:
    """Within: every benign-sense step of the screening is off (see the module)."""
    token = _LITERAL.set(True)
    try:
        yield
    finally:
        _LITERAL.reset(token)


def rewrite(step: Callable[P, str]) -> Callable[P, str]:
    """A step that takes benign senses out of a text (its first argument): within ``literal``
    it returns that text unchanged."""

    @functools.wraps(step)
    def marked(*args: P.args, **kwargs: P.kwargs) -> str:
        if _LITERAL.get():
            text = args[0]
            assert isinstance(text, str)
            return text
        return step(*args, **kwargs)

    return marked


def benign(step: Callable[P, bool]) -> Callable[P, bool]:
    """A step that judges red-flag words harmless: within ``literal`` it says they are not."""

    @functools.wraps(step)
    def marked(*args: P.args, **kwargs: P.kwargs) -> bool:
        return False if _LITERAL.get() else step(*args, **kwargs)

    return marked
