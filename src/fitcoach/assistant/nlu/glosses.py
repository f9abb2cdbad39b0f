"""One language's log words said in English: its phrase rewrites, then its meal labels (each
label only where that language's own test, ``labelled``, finds a food to label)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Rewrites = Sequence[tuple[re.Pattern[str], str]]


def glossed(
    text: str,
    phrases: Rewrites,
    labels: Rewrites,
    labelled: Callable[[str, str], Callable[[re.Match[str]], str]],
) -> str:
    """``text`` with ``phrases`` replaced, then each meal label by ``labelled(text, label)``."""
    for pattern, repl in phrases:
        text = pattern.sub(repl, text)
    for pattern, label in labels:
        text = pattern.sub(labelled(text, label), text)
    return text
