"""Matching what was logged to the plan: an athlete's logged sets, feedback and cardio per local
day, and the planned sessions those days mark done.

The weekly review stores what it matched; between reviews ``as_logged`` applies the same
matching in memory, so a session finished today is done from tomorrow on (its day and the
sessions after it projected from it) rather than coming back as "moved forward" until the
review has run. Nothing is stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fitcoach.coach import edits
from fitcoach.coach import feedback as exercise_feedback
from fitcoach.coach.explanations import reason
from fitcoach.coach.plan import CardioItem, Item, Load, Plan, PlannedSession, StrengthItem
from fitcoach.coach.progression import Exposure, LoggedSet
from fitcoach.coach.today import upcoming
from fitcoach.core.clock import zone_named
from fitcoach.services import athletes, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.views import SessionMatch

MATCH_OVERLAP = 0.5
LOGGED_LOOKBACK_DAYS = 14  # days before the one asked about whose logs ``as_logged`` matches


class Logs:
    """An athlete's logged working sets per local day and exercise, and cardio seconds per day."""

    def __init__(
        self, ctx: ServiceContext, athlete_id: int, tz: ZoneInfo, lo: date, start: date, end: date
    ) -> None:
        pad = timedelta(days=1)  # a day either side: what straddles the window edges
        self.sets: dict[date, dict[str, list[LoggedSet]]] = {}
        for workout in training_log.history(ctx, athlete_id, "workouts", lo - pad, end + pad):
            day = workout["started_at"].astimezone(tz).date()
            if not lo <= day <= end:
                continue
            per_day = self.sets.setdefault(day, {})
            for s in workout["sets"]:
                if s["is_warmup"]:
                    continue
                per_day.setdefault(s["exercise"], []).append(
                    LoggedSet(
                        reps=int(s["reps"]),
                        weight_kg=s["weight_kg"],
                        rir=s["rir"],
                        completed=bool(s["completed"]),
                        form_breakdown=bool(s.get("form_breakdown")),
                    )
                )
        # What the athlete said about exercises in the guided workout, per day and exercise.
        self.feedback: dict[date, dict[str, set[str]]] = {}
        said = training_log.history(ctx, athlete_id, "feedback", lo - pad, end + pad)
        for f in exercise_feedback.decode_all(said):
            if lo <= f.day <= end:
                self.feedback.setdefault(f.day, {}).setdefault(f.exercise, set()).add(f.kind)
        self.cardio: dict[date, float] = {}
        for c in training_log.history(ctx, athlete_id, "cardio", start - pad, end + pad):
            day = c["started_at"].astimezone(tz).date()
            if start <= day <= end:
                self.cardio[day] = self.cardio.get(day, 0.0) + float(c["duration_s"])

    def days(self, start: date, end: date) -> list[date]:
        """Days with anything logged in [start, end], in order."""
        found = {d for d in self.sets if start <= d <= end and self.sets[d]}
        found |= {d for d in self.cardio if start <= d <= end}
        return sorted(found)

    def exposures(self, slug: str, start: date, end: date) -> list[Exposure]:
        """The days ``slug`` was trained (or given feedback on) in [start, end], oldest first,
        each with what the athlete said about it that day."""
        days = {d for d, per_day in self.sets.items() if per_day.get(slug)}
        days |= {d for d, per_day in self.feedback.items() if per_day.get(slug)}
        return [
            Exposure(
                day,
                tuple(self.sets.get(day, {}).get(slug, ())),
                frozenset(self.feedback.get(day, {}).get(slug, ())),
            )
            for day in sorted(days)
            if start <= day <= end
        ]


def overlap(session: PlannedSession, exercises: set[str], cardio: bool) -> float:
    """The share of a session's items found in a logged day: a lift counts when its exercise
    was logged, a cardio item when any cardio session was logged that day (or the exercise)."""
    hits = sum(
        1
        for item in session.items
        if item.exercise in exercises or (isinstance(item, CardioItem) and cardio)
    )
    return hits / len(session.items)


def kg_text(value: float | None) -> str:
    return "bodyweight" if not value else f"{value:g} kg"


def _done(
    session: PlannedSession, day: date, sets: dict[str, list[LoggedSet]], what: str, rule: str
) -> PlannedSession:
    """``session`` marked done on ``day``; each lift logged that day records what was done (its
    load becomes the heaviest working load, the baseline the next week is compared with)."""
    items: list[Item] = []
    for item in session.items:
        logged = sets.get(item.exercise)
        if isinstance(item, StrengthItem) and logged:
            loads = [s.weight_kg for s in logged if s.weight_kg]
            update: dict[str, Any] = {
                "reasons": [
                    *item.reasons,
                    reason(
                        "logged_as",
                        sets=len(logged),
                        reps=[s.reps for s in logged],
                        load=kg_text(max(loads) if loads else None),
                    ),
                ]
            }
            if loads:
                update["load"] = Load(kind="kg", value=max(loads))
            items.append(item.model_copy(update=update))
        else:
            items.append(item)
    return session.model_copy(
        update={
            "status": "done",
            "done_on": day,
            "items": items,
            "reasons": [
                *session.reasons,
                reason("session_done", date=day.isoformat(), what=what, rule=rule),
            ],
        }
    )


def match_sessions(
    plan: Plan, logs: Logs, start: date, end: date
) -> tuple[Plan, list[SessionMatch], list[date]]:
    """Mark planned sessions done from the days logged in [start, end]; returns the plan, the
    matches and the logged days left unmatched.

    A logged day (its workouts and cardio together) is matched to the planned session whose
    original date is that day when they share at least half of the session's items
    ("same day"); otherwise to the next planned session in sequence, provided they share at
    least one item (a day sharing nothing with it, such as an extra walk, marks nothing done).
    Days already recorded as some session's ``done_on`` are not matched again.
    """
    already = {s.done_on for s in plan.sessions() if s.status == "done"}
    matches: list[SessionMatch] = []
    unmatched: list[date] = []
    for day in logs.days(start, end):
        if day in already:
            continue
        sets = logs.sets.get(day, {})
        exercises = set(sets)
        cardio = day in logs.cardio
        left = upcoming(plan, day)  # by day: a moved session keeps its place in its week
        if not left:
            break
        key = left[0].key
        rule: Literal["same day", "next in sequence"] = "next in sequence"
        for p in left:
            if p.original != day:
                continue
            if overlap(plan.session(p.key), exercises, cardio) >= MATCH_OVERLAP:
                key, rule = p.key, "same day"
                break
        share = overlap(plan.session(key), exercises, cardio)
        if share <= 0:
            unmatched.append(day)
            continue
        what = " and ".join(w for w, has in (("workout", bool(sets)), ("cardio", cardio)) if has)
        marked = _done(plan.session(key), day, sets, what, rule)
        plan = edits.replace_sessions(plan, {key: marked})
        matches.append(
            SessionMatch(
                day=day,
                session=key,
                rule=rule,
                overlap=round(share, 3),
                exercises=sorted(exercises),
            )
        )
    return plan, matches, unmatched


def done_on_day(ctx: ServiceContext, athlete_id: int, plan: Plan, key: str, day: date) -> bool:
    """Whether what the athlete logged on ``day`` (their local day) marks the session ``key``
    done, by the weekly review's own matching: today's session once it is finished."""
    tz = zone_named(athletes.get_athlete(ctx, athlete_id).timezone)
    marked, _, _ = match_sessions(plan, Logs(ctx, athlete_id, tz, day, day, day), day, day)
    return marked.session(key).status == "done"


def as_logged(ctx: ServiceContext, athlete_id: int, plan: Plan, day: date, local: date) -> Plan:
    """``plan`` as it stands on ``day``: sessions logged on the days before it (up to the
    athlete's ``local`` today, at most ``LOGGED_LOOKBACK_DAYS`` back, never before the plan's
    start) marked done by the weekly review's own matching (``match_sessions``), in memory.

    ``day`` itself is left out: a session finished today is still today's (the guided workout
    shows it finished); from tomorrow it is done, not missed, and is not moved forward.
    """
    until = min(day - timedelta(days=1), local)
    lo = max(plan.start, until - timedelta(days=LOGGED_LOOKBACK_DAYS - 1))
    if until < lo:
        return plan
    tz = zone_named(athletes.get_athlete(ctx, athlete_id).timezone)
    marked, _, _ = match_sessions(plan, Logs(ctx, athlete_id, tz, lo, lo, until), lo, until)
    return marked
