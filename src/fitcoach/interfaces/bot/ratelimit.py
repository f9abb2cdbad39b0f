"""Per-chat rate limiting: a sliding window of one minute.

A chat over the limit gets one "slow down" reply per window and nothing else is processed,
so a flood costs one answer, not one per message (and never a language-model call).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum

WINDOW_S = 60.0


class Verdict(Enum):
    """What to do with one incoming update."""

    ok = "ok"
    warn = "warn"  # the first update over the limit: say "slow down"
    drop = "drop"  # later ones in the same window: stay quiet


class RateLimiter:
    """At most ``per_minute`` updates per chat in any 60 s window."""

    def __init__(
        self, per_minute: int = 20, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def hit(self, chat_id: int) -> Verdict:
        """Count one update from ``chat_id`` and say whether to answer it."""
        now = self._clock()
        hits = self._hits.setdefault(chat_id, deque())
        while hits and now - hits[0] >= WINDOW_S:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            self._warned.pop(chat_id, None)
            return Verdict.ok
        warned = self._warned.get(chat_id)
        if warned is not None and now - warned < WINDOW_S:
            return Verdict.drop
        self._warned[chat_id] = now
        return Verdict.warn

    def retry_after_s(self, chat_id: int) -> int:
        """Seconds until the chat may send again."""
        hits = self._hits.get(chat_id)
        if not hits:
            return 0
        return max(1, round(WINDOW_S - (self._clock() - hits[0])))
