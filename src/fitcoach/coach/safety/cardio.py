"""Cardio volume: weekly cardio time and distance capped over their baselines."""

from __future__ import annotations

import math
from typing import Any

from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.plan import CardioItem, StrengthItem, Week
from fitcoach.coach.safety.run import EPS, Run, cardio_seconds, floor_to, num, updated


def cardio_totals(week: Week) -> tuple[float, float]:
    """(seconds, metres) of cardio in a week, over the items where each is known."""
    seconds = metres = 0.0
    for session in week.sessions:
        for item in session.items:
            if isinstance(item, CardioItem):
                seconds += cardio_seconds(item) or 0.0
                metres += item.distance_m or 0.0
    return seconds, metres


def check_cardio_weekly(run: Run) -> None:
    """Weekly cardio time and distance rise at most 10 % (Nielsen et al. 2014) over the
    last non-deload week and over the same week of the replaced version."""
    rise = 1 + run.rules.cardio_weekly.max_increase
    for position, week in enumerate(run.plan.weeks):
        if all(s.status != "planned" for s in week.sessions):
            continue  # history is never changed
        bases = []
        earlier = run.earlier_week(position)
        if earlier is not None:
            bases.append(cardio_totals(earlier))
        if week.index in run.previous_weeks:
            bases.append(cardio_totals(run.previous_weeks[week.index]))
        for measure in (0, 1):
            known = [b[measure] for b in bases if b[measure] > 0]
            if known:
                _cap_cardio(run, week, measure, min(known) * rise)


def _cap_cardio(run: Run, week: Week, measure: int, allowed: float) -> None:
    """Scale the week's planned cardio down until ``measure`` (0 time, 1 distance) fits."""
    what = "Weekly cardio time" if measure == 0 else "Weekly cardio distance"
    pct = num(run.rules.cardio_weekly.max_increase * 100)
    limit = (
        f"{num(round(allowed / 60, 1))} min (+{pct} % a week)"
        if measure == 0
        else f"{num(round(allowed / 1000, 2))} km (+{pct} % a week)"
    )
    why = make_reason("increase_capped", what=what, limit=limit)
    noted: set[tuple[str, int]] = set()
    for _ in range(50):
        total = cardio_totals(week)[measure]
        if total <= allowed + EPS:
            return
        movable = [
            (session, index)
            for session in week.sessions
            if session.status == "planned"
            for index, item in enumerate(session.items)
            if isinstance(item, CardioItem)
        ]
        reducible = sum(_measure(session.items[i], measure) for session, i in movable)
        fixed = total - reducible
        factor = (allowed - fixed) / reducible if reducible > 0 else 0.0
        changed = False
        for session, index in movable:
            item = session.items[index]
            assert isinstance(item, CardioItem)
            smaller = _scaled(run, item, max(factor, 0.0))
            if smaller is None:
                continue
            changed = True
            tag = (session.key, index)
            if tag not in noted:
                noted.add(tag)
                smaller = updated(smaller, reasons=[*smaller.reasons, why])
                run.add("cardio_weekly", "repaired", why, session, index)
            session.items[index] = smaller
        if not changed:
            break
    if cardio_totals(week)[measure] > allowed + EPS:
        run.add("cardio_weekly", "rejected", why)


def _measure(item: StrengthItem | CardioItem, measure: int) -> float:
    if not isinstance(item, CardioItem):
        return 0.0
    if measure == 0:
        return cardio_seconds(item) or 0.0
    return item.distance_m or 0.0


def _scaled(run: Run, item: CardioItem, factor: float) -> CardioItem | None:
    """``item`` shortened by ``factor``: duration rounded down to whole minutes, distance
    (and interval repeats) by no more than the duration, so the pace never gets faster;
    None when it cannot get shorter."""
    rule = run.rules.cardio_weekly
    changes: dict[str, Any] = {}
    ratio = factor
    if item.duration_s is not None:
        new = max(60, int(floor_to(item.duration_s * factor, rule.duration_increment_s)))
        if new < item.duration_s:
            changes["duration_s"] = new
        ratio = min(factor, new / item.duration_s)
    if item.distance_m is not None:
        new_m = max(100.0, floor_to(item.distance_m * ratio, rule.distance_increment_m))
        if new_m < item.distance_m:
            changes["distance_m"] = new_m
    if changes and item.intervals is not None:
        repeats = max(1, math.floor(item.intervals.repeats * ratio))
        changes["intervals"] = updated(item.intervals, repeats=repeats)
    if not changes:
        return None
    return updated(item, **changes)
