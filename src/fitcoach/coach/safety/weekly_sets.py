"""Weekly sets per muscle: capped over their baselines, sets coming off the biggest contributors."""

from __future__ import annotations

from fitcoach.coach.explanations import Reason
from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.plan import PlannedSession, StrengthItem, Week
from fitcoach.coach.rules.volume import volume_landmarks
from fitcoach.coach.safety.run import EPS, Run, num, updated


def muscle_weight(run: Run, slug: str, muscle: str) -> float:
    record = run.library.get(slug)
    if record is None:
        return 0.0
    if muscle in record.primary_muscles:
        return 1.0
    if muscle in record.secondary_muscles:
        return run.rules.weekly_sets.secondary_weight
    return 0.0


def muscle_weights(run: Run, slug: str) -> dict[str, float]:
    """``muscle_weight`` of every muscle the exercise trains (none for an unknown one),
    made once per exercise: the weekly cap counts them again after every set it drops."""
    found = run.weights_by_exercise.get(slug)
    if found is None:
        record = run.library.get(slug)
        muscles = () if record is None else {*record.primary_muscles, *record.secondary_muscles}
        found = run.weights_by_exercise[slug] = {m: muscle_weight(run, slug, m) for m in muscles}
    return found


def muscle_sets(run: Run, week: Week) -> dict[str, float]:
    """Weekly sets per muscle: 1 per set for a primary muscle, ``secondary_weight`` for a
    secondary one (fractional counting)."""
    totals: dict[str, float] = {}
    get = totals.get
    for session in week.sessions:
        for item in session.items:
            if not isinstance(item, StrengthItem):
                continue
            sets = item.sets
            for muscle, weight in muscle_weights(run, item.exercise).items():
                totals[muscle] = get(muscle, 0.0) + weight * sets
    return totals


def check_weekly_sets(run: Run) -> None:
    """Weekly sets per muscle rise at most 20 % (or ``min_step_sets``, whichever is more, and
    never capped below the muscle's MEV for the athlete's level) over the last non-deload
    week and over the same week of the replaced version (Gabbett 2016); sets come off the
    biggest planned contributors first."""
    rise = 1 + run.rules.weekly_sets.max_increase
    step = run.rules.weekly_sets.min_step_sets
    # Up to the minimum effective volume is always allowed: it is where a new programme
    # starts (a regeneration may train a muscle the old plan barely touched).
    mev = {m: marks.mev for m, marks in volume_landmarks().for_level(run.level).items()}
    for position, week in enumerate(run.plan.weeks):
        if all(s.status != "planned" for s in week.sessions):
            continue  # history is never changed
        bases = []
        earlier = run.earlier_week(position)
        if earlier is not None:
            bases.append(muscle_sets(run, earlier))
        if week.index in run.previous_weeks:
            bases.append(muscle_sets(run, run.previous_weeks[week.index]))
        if not bases:
            continue
        noted: set[tuple[str, int, str]] = set()
        current = muscle_sets(run, week)
        # The most-trained muscles first: their cap usually decides, and the reason names them.
        for muscle in sorted(current, key=lambda m: (-current[m], m)):
            known = [b[muscle] for b in bases if b.get(muscle, 0.0) > 0]
            if not known:
                continue  # no baseline for this muscle: nothing to compare with
            allowed = max(min(known) * rise, min(known) + step, mev.get(muscle, 0.0))
            while muscle_sets(run, week).get(muscle, 0.0) > allowed + EPS:
                if not _drop_set(run, week, muscle, allowed, noted):
                    run.add("weekly_sets", "rejected", sets_reason(run, muscle, allowed))
                    break


def sets_reason(run: Run, muscle: str, allowed: float) -> Reason:
    pct = num(run.rules.weekly_sets.max_increase * 100)
    step = num(run.rules.weekly_sets.min_step_sets)
    limit = f"{num(round(allowed, 2))} sets (+{pct} % or +{step} sets a week)"
    return make_reason("increase_capped", what=f"Weekly {muscle} sets", limit=limit)


def _drop_set(
    run: Run, week: Week, muscle: str, allowed: float, noted: set[tuple[str, int, str]]
) -> bool:
    """Take one set off the planned item that trains ``muscle`` most; False if none can."""
    best: tuple[tuple[float, int, int, int], PlannedSession, int] | None = None
    for s_pos, session in enumerate(week.sessions):
        if session.status != "planned":
            continue
        for index, item in enumerate(session.items):
            if not isinstance(item, StrengthItem) or item.sets <= 1:
                continue
            weight = muscle_weights(run, item.exercise).get(muscle, 0.0)
            if weight <= 0:
                continue
            key = (weight, item.sets, s_pos, index)
            if best is None or key > best[0]:
                best = (key, session, index)
    if best is None:
        return False
    _, session, index = best
    item = session.items[index]
    assert isinstance(item, StrengthItem)
    reasons = list(item.reasons)
    tag = (session.key, index, muscle)
    why = sets_reason(run, muscle, allowed)
    if tag not in noted:
        noted.add(tag)
        reasons.append(why)
        run.add("weekly_sets", "repaired", why, session, index)
    session.items[index] = updated(item, sets=item.sets - 1, reasons=reasons)
    return True
