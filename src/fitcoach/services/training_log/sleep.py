"""Sleep-night rules: the night a sleep belongs to (the local day it ends on), the time asleep
in a session, which overlapping sessions count (the longest, never twice) and the hours slept
per night, capped at ``MAX_SLEEP_H``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

# --- the night a sleep belongs to -----------------------------------------------------------------


def night_of(ended_at: datetime, tz: ZoneInfo) -> date:
    """The day a sleep belongs to: the day the athlete woke up, in their local time, as WHOOP,
    Oura and Garmin date it. 23:30 Monday to 07:00 Tuesday is Tuesday's sleep (the night of
    Monday to Tuesday); a nap belongs to the day it ends. One rule for every reader of sleep:
    history, readiness, reports, the assistant; ``log daily --sleep`` for a day is the sleep
    that ended that morning."""
    at = ended_at if ended_at.tzinfo else ended_at.replace(tzinfo=UTC)
    return at.astimezone(tz).date()


def asleep_s(night: dict[str, Any]) -> float:
    """Seconds asleep in a sleep session: its light + deep + REM stages when given, else its
    length minus time awake."""
    stages = night["stages_s"] or {}
    asleep = sum(float(stages.get(k, 0.0)) for k in ("light", "deep", "rem"))
    if not asleep:
        length = (night["ended_at"] - night["started_at"]).total_seconds()
        asleep = length - float(stages.get("awake", 0.0))
    return max(0.0, asleep)


MAX_SLEEP_H = 24.0
"""The most sleep one day counts (a single session or a day's ``sleep_s`` is at most 24 h)."""


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return bool(a["started_at"] < b["ended_at"] and b["started_at"] < a["ended_at"])


def counted_sleep(nights: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sleep sessions that count, in the order given: overlapping sessions never add.

    Sessions that overlap (share more than an instant) tell the same sleep twice: a
    correction, a re-sent night, a device's night and a typed one, or duplicates stored before
    corrections replaced (``log_sleep``). Of those the most recently stored counts (highest
    id; the later place in the list for rows without one): a later account of the same time
    replaces an earlier one, whatever its source. Ranked that way, a session counts unless it
    overlaps a session that counts and ranks above it. Sessions that do not overlap (a nap and
    the night) all count."""
    if len(nights) < 2:
        return list(nights)

    def rank(i: int) -> tuple[int, int]:
        stored = nights[i].get("id")
        return (-1 if stored is None else int(stored), i)

    # Chains of overlapping sessions, by start; a session only competes within its chain.
    chains: list[list[int]] = []
    reach: datetime | None = None
    for i in sorted(range(len(nights)), key=lambda i: nights[i]["started_at"]):
        night = nights[i]
        if chains and reach is not None and night["started_at"] < reach:
            chains[-1].append(i)
            reach = max(reach, night["ended_at"])
        else:
            chains.append([i])
            reach = night["ended_at"]
    counted: list[int] = []
    for chain in chains:
        kept: list[int] = []
        for i in sorted(chain, key=rank, reverse=True):
            if not any(_overlap(nights[i], nights[j]) for j in kept):
                kept.append(i)
        counted += kept
    return [nights[i] for i in sorted(counted)]


def sleep_hours(
    daily: list[dict[str, Any]], nights: list[dict[str, Any]], tz: ZoneInfo
) -> dict[date, float]:
    """Hours asleep per day (``night_of``): the daily row's sleep when one was logged for the
    day (the athlete's own figure for the night: a check-in, ``log daily --sleep``), else the
    sessions that ended that day and count (``counted_sleep``: overlapping sessions never add,
    the most recently stored wins), added up and capped at 24 h (``MAX_SLEEP_H``; only data
    stored before these rules, or sessions that together span more than a day, reach it).

    Whatever is stored reads as a day of at most 24 h, so no view fails on stored data."""
    from_sessions: dict[date, float] = defaultdict(float)
    for n in counted_sleep(nights):
        from_sessions[night_of(n["ended_at"], tz)] += asleep_s(n) / 3600.0
    hours = {day: min(h, MAX_SLEEP_H) for day, h in from_sessions.items()}
    for d in daily:
        if d["sleep_s"] is not None:
            hours[d["day"]] = min(max(float(d["sleep_s"]) / 3600.0, 0.0), MAX_SLEEP_H)
    return hours
