"""Dates for a plan's sessions and today's session adjusted to readiness (pure functions).

Sessions are a sequence, not bound to weekdays. ``schedule`` (weekdays, 0 = Monday) gives each
position in the sequence an *original* date: the i-th schedule day from the plan's start.
Projection moves what is left forward:

- a done session keeps the day it was done (``done_on``);
- the first planned session keeps its original date, or, when that date has passed (it was
  missed), moves to the day asked about, with a ``session_moved`` reason; nothing vanishes;
- every later planned session takes its original date or the next schedule day after the
  session before it, whichever is later;
- a session moved to a day (``on``, set by a ``move_session`` edit) falls on that day, unless
  the day has passed; the ones after it follow from there. Two sessions may then share a day:
  the safety validator decides whether that is allowed (``sessions_per_day``).

``adjust_for_readiness`` turns a planned session into today's: green as planned, yellow lighter
(one set fewer per exercise, one more rep in reserve, intervals cut to 75 %), red rest or
20–30 min of easy zone 1–2 aerobic work; the numbers come from ``rules/progression.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from fitcoach.coach.explanations import reason
from fitcoach.coach.plan import CardioItem, Intensity, Item, Plan, PlannedSession, StrengthItem
from fitcoach.coach.rules.progression import ProgressionRules, rules

Colour = Literal["green", "yellow", "red"]


def schedule_days(start: date, schedule: Sequence[int]) -> Iterator[date]:
    """Every day from ``start`` on whose weekday is in ``schedule`` (every day if it is empty)."""
    days = set(schedule) or set(range(7))
    day = start
    while True:
        if day.weekday() in days:
            yield day
        day += timedelta(days=1)


def next_schedule_day(after: date, schedule: Sequence[int]) -> date:
    """The first schedule day strictly after ``after``."""
    return next(schedule_days(after + timedelta(days=1), schedule))


@dataclass(frozen=True)
class Projected:
    """A session's place in time: its original date, and the date it now falls on."""

    key: str
    status: str
    original: date
    on: date | None  # None for a skipped session
    moved: bool

    @property
    def moved_from(self) -> date | None:
        """The original date when the session was moved forward."""
        return self.original if self.moved else None


def project(plan: Plan, day: date) -> list[Projected]:
    """Every session of ``plan`` with its original and projected date, as seen on ``day``."""
    sessions = plan.sessions()
    slots = schedule_days(plan.start, plan.schedule)
    originals = [next(slots) for _ in sessions]
    out: list[Projected] = []
    previous: date | None = None
    for session, original in zip(sessions, originals, strict=True):
        if session.status == "done":
            out.append(Projected(session.key, "done", original, session.done_on or original, False))
            continue
        if session.status == "skipped":
            out.append(Projected(session.key, "skipped", original, None, False))
            continue
        if session.on is not None and session.on >= day:
            out.append(Projected(session.key, "planned", original, session.on, False))
            previous = session.on
            continue
        if previous is None:
            when = max(original, day)
        else:
            when = max(original, next_schedule_day(previous, plan.schedule))
        out.append(Projected(session.key, "planned", original, when, when > original))
        previous = when
    return out


def upcoming(plan: Plan, day: date) -> list[Projected]:
    """The planned sessions projected from ``day``, in the order of their days (a session
    moved to a later day keeps its place in its plan week, so the sequence alone is not the
    order of the days; sessions on one day stay in sequence order)."""
    left = [p for p in project(plan, day) if p.status == "planned"]
    return sorted(left, key=lambda p: p.on or date.max)


# --- readiness ----------------------------------------------------------------------------------


def lighter(session: PlannedSession, r: ProgressionRules | None = None) -> PlannedSession:
    """A yellow-day version: one set fewer per exercise (at least one), one more RIR (at most
    5), intervals cut to 75 % of their repeats (at least one)."""
    y = (r or rules()).today.yellow
    items: list[Item] = []
    for item in session.items:
        if isinstance(item, StrengthItem):
            items.append(
                item.model_copy(
                    update={
                        "sets": max(1, item.sets - y.sets_minus),
                        "target_rir": min(5.0, item.target_rir + y.rir_add),
                        "max_test": False,
                    }
                )
            )
        else:
            update: dict[str, object] = {"max_test": False}
            if item.intervals is not None:
                repeats = max(1, int(item.intervals.repeats * y.interval_repeats_pct / 100))
                update["intervals"] = item.intervals.model_copy(update={"repeats": repeats})
                if item.duration_s is not None and item.intervals.repeats > 0:
                    share = repeats / item.intervals.repeats
                    update["duration_s"] = max(60, int(item.duration_s * share))
            items.append(item.model_copy(update=update))
    return session.model_copy(update={"items": items})


def easy_aerobic(
    modality: str, minutes: int, session_key: str, r: ProgressionRules | None = None
) -> PlannedSession:
    """A red-day alternative: easy aerobic work in zone 1-2."""
    red = (r or rules()).today.red
    minutes = min(max(minutes, red.minutes_min), red.minutes_max)
    item = CardioItem(
        exercise=modality,
        duration_s=minutes * 60,
        intensity=Intensity(kind="hr_zone", value=red.zone_max),
        reasons=[reason("easy_aerobic", minutes=minutes, modality=modality)],
    )
    return PlannedSession.model_validate(
        {
            "key": session_key,
            "name": "Easy aerobic",
            "focus": "recovery",
            "warmup": {"duration_s": 0},
            "items": [item],
            "estimated_minutes": minutes,
        }
    )
