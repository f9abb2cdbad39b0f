"""A pool's length said apart from the lengths swum (stop 94): "swam 40 lengths this morning,
25m pool", "30 laps in 45 min, 25 yd pool". The pool's length is no distance of its own: the
lengths times it are the swim's way; with a way said besides ("swam 1.5k, 35 min, 25m pool")
that way stands and the pool only tells where. ``LAPS`` reads "40 lengths of a 25m pool"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fitcoach.core.units import parse_distance_m

# "25m pool", "25 metre pool", "a 50-m pool", "25 yd pool": a pool named by its length
POOL = re.compile(r"(?<![\d.])(\d{2,3})\s*-?\s*(m|meters?|metres?|yards?|yds?)\s*-?\s*pool\b")
# "40 lengths", "30 laps": a count with no length of its own after it ("of a 25m pool" is LAPS')
_COUNT = re.compile(
    r"(?<![\d.:])(\d{1,3})\s*(?:lengths?|laps?)\b"
    r"(?!\s*(?:of|in|on)\s*(?:an?|the)?\s*\d+\s*(?:m|meters?|metres?|yards?|yds?)\b)"
)


@dataclass(frozen=True)
class PoolLengths:
    """The pool's length in metres, where it is said, and the lengths swum in it (0 where no
    count is said)."""

    length_m: float
    span: tuple[int, int]
    count: int
    count_start: int | None


def pool_said(text: str) -> PoolLengths | None:
    """The pool ``text`` names by its length, with the count of lengths said beside it."""
    pool = POOL.search(text)
    if pool is None:
        return None
    length = parse_distance_m(f"{pool.group(1)} {pool.group(2)}")
    counts = [c for c in _COUNT.finditer(text) if not pool.start() <= c.start() < pool.end()]
    if len(counts) != 1:  # ("20 lengths then 10 laps": two counts, no one way)
        return PoolLengths(length, pool.span(), 0, None)
    return PoolLengths(length, pool.span(), int(counts[0].group(1)), counts[0].start())


def without_pool(text: str, pool: PoolLengths) -> str:
    """``text`` with the pool's length blanked (no distance of its own)."""
    start, end = pool.span
    return text[:start] + " " * (end - start) + text[end:]
