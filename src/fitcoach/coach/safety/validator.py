"""``validate_plan`` (every rule family over a working copy of the plan) and ``check_session``
(one session of a stored plan against the profile as it is now)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType

from fitcoach.coach.explanations import Reason
from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.library import ExerciseRecord, library_records
from fitcoach.coach.plan import Plan, PlannedSession, Week
from fitcoach.coach.rules.safety import SafetyLimits, safety_limits
from fitcoach.coach.safety.cardio import check_cardio_weekly
from fitcoach.coach.safety.effort import check_weekly_effort
from fitcoach.coach.safety.exercises import check_exercises
from fitcoach.coach.safety.intensity import check_min_rir
from fitcoach.coach.safety.loads import check_load_increases
from fitcoach.coach.safety.max_tests import check_max_tests
from fitcoach.coach.safety.red_flags import blocked
from fitcoach.coach.safety.rest_days import check_rest_days
from fitcoach.coach.safety.run import Run, working_copy
from fitcoach.coach.safety.sessions_per_day import check_sessions_per_day
from fitcoach.coach.safety.verdicts import (
    SafetyProfile,
    SessionCheck,
    Verdict,
    Violation,
    violation_texts,
)
from fitcoach.coach.safety.weekly_sets import check_weekly_sets
from fitcoach.core.errors import InvalidInput

# The rule families in the order they run: each may change the plan the next one sees.
CHECKS: tuple[Callable[[Run], None], ...] = (
    check_rest_days,
    check_sessions_per_day,
    check_exercises,
    check_max_tests,
    check_min_rir,
    check_load_increases,
    check_weekly_sets,
    check_cardio_weekly,
    check_weekly_effort,
)


@lru_cache(maxsize=1)
def default_library() -> Mapping[str, ExerciseRecord]:
    """The shipped exercise library by slug (read-only, cached per process)."""
    return MappingProxyType({r.slug: r for r in library_records()})


def validate_plan(
    plan: Plan,
    profile: SafetyProfile,
    library: Mapping[str, ExerciseRecord],
    *,
    previous: Plan | None = None,
    limits: SafetyLimits | None = None,
) -> Verdict:
    """Check ``plan`` for ``profile`` against the safety limits; repair, reject or block.

    ``previous`` is the plan version this one replaces: a session key in both is the same
    session, and week N is compared with week N of ``previous`` (besides the week-over-week
    caps inside the plan). ``library`` maps slugs to exercise records (``default_library()``).
    """
    rules = limits or safety_limits()
    if plan.athlete_id != profile.athlete_id:
        raise InvalidInput(
            f"the plan is for athlete {plan.athlete_id}, the profile for {profile.athlete_id}"
        )
    if previous is not None and previous.athlete_id != plan.athlete_id:
        raise InvalidInput(
            f"the previous plan is for athlete {previous.athlete_id}, not {plan.athlete_id}"
        )
    if profile.open_flags:
        return blocked(profile.open_flags, rules)

    run = Run(working_copy(plan), profile, library, previous, rules)
    for check in CHECKS:
        check(run)
    violations = run.violations
    if any(v.action == "rejected" for v in violations):
        return Verdict(status="rejected", plan=None, violations=violations)
    if violations:
        repaired = Plan.model_validate(run.plan.model_dump())
        return Verdict(status="repaired", plan=repaired, violations=violations)
    return Verdict(status="ok", plan=run.plan, violations=[])


# Exercise rules whose refusal leaves one item out of a served session; the rest may stand.
_ITEM_RULES = ("contraindicated", "equipment")
# And an own exercise that cannot be planned (its pattern or equipment unknown): its item.
_ITEM_CODES = ("own_exercise_not_planned",)


def _item_level(v: Violation) -> bool:
    return v.item_index is not None and (v.rule in _ITEM_RULES or v.reason.code in _ITEM_CODES)


def check_session(
    plan: Plan,
    session: PlannedSession,
    profile: SafetyProfile,
    library: Mapping[str, ExerciseRecord],
    *,
    limits: SafetyLimits | None = None,
) -> SessionCheck:
    """``session`` of ``plan`` through ``validate_plan`` as a one-session plan: what may be
    served of a stored plan now that ``profile`` may have changed since it was approved.

    The rules that depend on the athlete (contraindications, equipment, maximal tests, reps in
    reserve, rest days) are checked; the week-over-week caps are not (they compare weeks, and
    the stored version passed them). An exercise the profile rules out gets the validator's
    substitute, with the cause and the substitute as reasons; one without a permitted
    substitute is left out; when nothing is left, or a rule refuses the whole session, there
    is no session. Cost: one small validation (plus one per exercise left out).
    """
    rules = limits or safety_limits()
    current = session.model_copy(update={"status": "planned"})
    left_out: list[Reason] = []
    while True:
        probe = plan.model_copy(update={"weeks": [Week(index=1, sessions=[current])]})
        verdict = validate_plan(probe, profile, library, limits=rules)
        if verdict.plan is not None:
            break
        refused = [v for v in verdict.violations if v.action != "repaired"]
        if verdict.status == "blocked" or not all(_item_level(v) for v in refused):
            reasons = [*left_out, *violation_texts(refused)]
            return SessionCheck(
                status=verdict.status, session=None, reasons=reasons, escalation=verdict.escalation
            )
        gone = {v.item_index for v in refused}
        left_out += [r for r in violation_texts(refused) if r not in left_out]
        kept = [item for i, item in enumerate(current.items) if i not in gone]
        if not kept:
            nothing = make_reason("session_unsafe", session=session.name)
            return SessionCheck(status="rejected", session=None, reasons=[*left_out, nothing])
        current = current.model_copy(update={"items": kept})
    reasons = [*left_out, *(r for r in violation_texts(verdict.violations) if r not in left_out)]
    if not reasons:
        return SessionCheck(status="ok", session=session, reasons=[])
    served = _warmup_for(session, verdict.plan.weeks[0].sessions[0], library)
    return SessionCheck(status="repaired", session=served, reasons=reasons)


def _warmup_for(
    before: PlannedSession, after: PlannedSession, library: Mapping[str, ExerciseRecord]
) -> PlannedSession:
    """``after``'s warm-up without the exercises the check took out of ``before``: a step that
    names one (the ramp-up sets of the first lift) names its substitute in the same place, or
    goes when the exercise was left out. The warm-up would otherwise prepare a lift that the
    profile now rules out."""
    kept = {item.exercise for item in after.items}
    same_shape = len(before.items) == len(after.items)
    steps: list[str] = []
    for step in after.warmup.steps:
        for index, item in enumerate(before.items):
            record = library.get(item.exercise)
            if item.exercise in kept or record is None or record.name not in step:
                continue
            swap = library.get(after.items[index].exercise) if same_shape else None
            step = step.replace(record.name, swap.name) if swap is not None else ""
        if step:
            steps.append(step)
    if steps == after.warmup.steps:
        return after
    return after.model_copy(update={"warmup": after.warmup.model_copy(update={"steps": steps})})
