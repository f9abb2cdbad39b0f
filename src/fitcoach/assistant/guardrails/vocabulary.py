"""How the guardrails hold their vocabulary: regular expressions compiled on first use."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """``pattern``, compiled on first use: the API imports this module at start-up, and these
    patterns took a dozen milliseconds to compile before its first answer."""
    return cache(lambda: re.compile(pattern))
