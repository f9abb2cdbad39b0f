"""Weekly effort: how hard a week is, not only how long, rises at most a step a week.

Two measures, each over the last non-deload week and over the same week of the version this
one replaces (the smaller base wins, as for cardio time):

- **cardio effort**: the week's planned session-RPE load, Σ RPE × minutes over the cardio items
  (Foster et al. 2001). An item at a heart-rate zone counts at the zone's CR-10 value
  (``zone_rpe``); an item at a pace or without a known time has no known effort and is left
  out. Capped at ``max_increase`` (10 %) a week: Gabbett (2016) advises week-to-week load
  increases under about 10 %, and rises of 15 % or more went with sharply higher injury risk.
  Cardio time alone is capped by ``cardio`` (Nielsen et al. 2014); this cap is what stops a
  week from getting harder at the same length (more RPE points), the dosing agent's intensity
  delta included. Repair: the planned items' RPE comes down (to ``rpe_increment`` steps), then
  zones one at a time; a week that still does not fit is rejected.
- **lift effort**: the mean RPE of the week's planned sets, RPE = 10 − reps in reserve
  (Zourdos et al. 2016; Helms et al. 2016), rises at most ``lift_rpe_step`` points a week: the
  planner's own steps are a point of RIR a week at most, so a change that also lowers the RIR
  stays one step. Repair: the RIR of every planned lift of the week goes up together.

Sessions already done or skipped are history and never change.
"""

from __future__ import annotations

import math

from fitcoach.coach.explanations import Reason
from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.plan import CardioItem, Intensity, StrengthItem, Week
from fitcoach.coach.rules.safety import WeeklyEffort
from fitcoach.coach.safety.run import EPS, Run, cardio_seconds, floor_to, num, updated

RULE = "weekly_effort"
_PASSES = 40


def item_rpe(item: CardioItem, rule: WeeklyEffort) -> float | None:
    """A cardio item's planned effort on the CR-10 scale: its RPE, its zone's value, or None
    (a pace target's effort depends on the athlete and is not known here)."""
    kind, value = item.intensity.kind, item.intensity.value
    if kind == "rpe":
        return float(value)
    if kind == "hr_zone":
        zone = min(max(round(value), 1), 5)
        return float(rule.zone_rpe[zone])
    return None


def cardio_effort(week: Week, rule: WeeklyEffort) -> float:
    """The week's session-RPE load of cardio (AU, RPE × minutes) over items of known effort."""
    total = 0.0
    for session in week.sessions:
        for item in session.items:
            if isinstance(item, CardioItem):
                total += _item_load(item, rule)
    return total


def lift_effort(week: Week) -> float | None:
    """The mean planned RPE (10 − RIR) over the week's strength sets; None without lifts."""
    sets = rpe = 0.0
    for session in week.sessions:
        for item in session.items:
            if isinstance(item, StrengthItem):
                sets += item.sets
                rpe += item.sets * (10.0 - item.target_rir)
    return rpe / sets if sets > 0 else None


def _item_load(item: CardioItem, rule: WeeklyEffort) -> float:
    rpe = item_rpe(item, rule)
    seconds = cardio_seconds(item)
    if rpe is None or seconds is None:
        return 0.0
    return rpe * seconds / 60.0


def _bases(run: Run, position: int, week: Week) -> list[Week]:
    bases: list[Week] = []
    earlier = run.earlier_week(position)
    if earlier is not None:
        bases.append(earlier)
    if week.index in run.previous_weeks:
        bases.append(run.previous_weeks[week.index])
    return bases


def check_weekly_effort(run: Run) -> None:
    """Cap every week still to do: cardio session-RPE load and mean lift RPE (module doc)."""
    rule = run.rules.weekly_effort
    for position, week in enumerate(run.plan.weeks):
        if all(s.status != "planned" for s in week.sessions):
            continue  # history is never changed
        bases = _bases(run, position, week)
        known = [e for b in bases if (e := cardio_effort(b, rule)) > 0]
        if known:
            _cap_cardio_effort(run, week, min(known))
        lifts = [m for b in bases if (m := lift_effort(b)) is not None]
        if lifts:
            _cap_lift_effort(run, week, min(lifts))


def _cap_cardio_effort(run: Run, week: Week, base: float) -> None:
    rule = run.rules.weekly_effort
    allowed = base * (1 + rule.max_increase)
    asked = cardio_effort(week, rule)
    if asked <= allowed + EPS:
        return
    pct = num(rule.max_increase * 100)
    why = make_reason(
        "increase_capped",
        what="Weekly effort (session RPE × minutes)",
        limit=f"{num(round(allowed))} AU, {pct} % over {num(round(base))} AU "
        f"(it would have been {num(round(asked))} AU): the sessions' effort is lowered to fit",
    )
    noted: set[tuple[str, int]] = set()
    for _ in range(_PASSES):
        total = cardio_effort(week, rule)
        if total <= allowed + EPS:
            return
        if not _lower_rpe(run, week, allowed, total, why, noted) and not _lower_zones(
            run, week, why, noted
        ):
            break
    if cardio_effort(week, rule) > allowed + EPS:
        run.add(RULE, "rejected", why)


def _planned_cardio(week: Week) -> list[tuple[int, int, CardioItem]]:
    return [
        (s_index, index, item)
        for s_index, session in enumerate(week.sessions)
        if session.status == "planned"
        for index, item in enumerate(session.items)
        if isinstance(item, CardioItem)
    ]


def _replace(
    run: Run,
    week: Week,
    s_index: int,
    index: int,
    item: CardioItem | StrengthItem,
    why: Reason,
    noted: set[tuple[str, int]],
) -> None:
    session = week.sessions[s_index]
    tag = (session.key, index)
    if tag not in noted:
        noted.add(tag)
        item = updated(item, reasons=[*item.reasons, why])
        run.add(RULE, "repaired", why, session, index)
    session.items[index] = item


def _lower_rpe(
    run: Run,
    week: Week,
    allowed: float,
    total: float,
    why: Reason,
    noted: set[tuple[str, int]],
) -> bool:
    """Scale the RPE of the week's planned RPE items so that the load fits; False when none
    can come down (at RPE 1 already, or none at an RPE)."""
    rule = run.rules.weekly_effort
    movable = [
        (s, i, item)
        for s, i, item in _planned_cardio(week)
        if item.intensity.kind == "rpe" and cardio_seconds(item) is not None
    ]
    reducible = sum(_item_load(item, rule) for _, _, item in movable)
    if reducible <= 0:
        return False
    factor = max(0.0, (allowed - (total - reducible)) / reducible)
    changed = False
    for s_index, index, item in movable:
        value = item.intensity.value
        lower = max(1.0, floor_to(value * factor, rule.rpe_increment))
        if lower >= value - EPS:
            lower = max(1.0, value - rule.rpe_increment)  # rounding kept it: one step down
        if lower >= value - EPS:
            continue
        changed = True
        intensity = Intensity.model_validate({**item.intensity.model_dump(), "value": lower})
        _replace(run, week, s_index, index, updated(item, intensity=intensity), why, noted)
    return changed


def _lower_zones(run: Run, week: Week, why: Reason, noted: set[tuple[str, int]]) -> bool:
    """The highest planned heart-rate zone of the week one zone down; False when none can."""
    zoned = [
        (s, i, item)
        for s, i, item in _planned_cardio(week)
        if item.intensity.kind == "hr_zone" and item.intensity.value > 1
    ]
    if not zoned:
        return False
    s_index, index, item = max(zoned, key=lambda x: x[2].intensity.value)
    zone = max(1.0, float(math.ceil(item.intensity.value - EPS)) - 1.0)
    intensity = Intensity.model_validate({**item.intensity.model_dump(), "value": zone})
    _replace(run, week, s_index, index, updated(item, intensity=intensity), why, noted)
    return True


def _cap_lift_effort(run: Run, week: Week, base: float) -> None:
    rule = run.rules.weekly_effort
    allowed = base + rule.lift_rpe_step
    asked = lift_effort(week)
    if asked is None or asked <= allowed + EPS:
        return
    why = make_reason(
        "increase_capped",
        what="Weekly lifting effort (mean RPE, 10 − reps in reserve)",
        limit=f"RPE {num(round(allowed, 1))}, {num(rule.lift_rpe_step)} point over "
        f"{num(round(base, 1))} (it would have been {num(round(asked, 1))}): "
        "reps in reserve are raised to fit",
    )
    noted: set[tuple[str, int]] = set()
    for _ in range(_PASSES):
        now = lift_effort(week)
        if now is None or now <= allowed + EPS:
            return
        step = rule.rir_increment * max(1, math.ceil((now - allowed) / rule.rir_increment - EPS))
        changed = False
        for s_index, session in enumerate(week.sessions):
            if session.status != "planned":
                continue
            for index, item in enumerate(session.items):
                if not isinstance(item, StrengthItem) or item.target_rir >= 5 - EPS:
                    continue
                changed = True
                rir = min(5.0, item.target_rir + step)
                _replace(run, week, s_index, index, updated(item, target_rir=rir), why, noted)
        if not changed:
            break
    now = lift_effort(week)
    if now is not None and now > allowed + EPS:
        run.add(RULE, "rejected", why)
