"""Today's session: the next planned session on its projected day, served through the safety
validator against the athlete's current profile, adjusted to readiness, with pain advice from
the guided workout.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any, Literal

from fitcoach.coach import feedback as exercise_feedback
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import Plan, PlannedSession
from fitcoach.coach.rules.progression import ProgressionRules, rules
from fitcoach.coach.safety import SafetyProfile, escalation_message, flag_label
from fitcoach.coach.today import easy_aerobic, lighter, upcoming
from fitcoach.core import bounds
from fitcoach.core.errors import NotFound
from fitcoach.services import athletes, health, monitoring, own_exercises, results, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import Constraints, constraints_for, library_records
from fitcoach.services.plans.matching import as_logged, done_on_day
from fitcoach.services.plans.serving import serve
from fitcoach.services.plans.store import plan_in_force
from fitcoach.services.plans.views import TodayView


def _easy_modality(constraints: Constraints, r: ProgressionRules) -> str:
    library = {rec.slug: rec for rec in library_records()}
    for slug in r.today.red.modalities:
        record = library.get(slug)
        if record is not None and constraints.allows(record):
            return slug
    return r.today.red.modalities[0]


def _checked(
    plan: Plan,
    session: PlannedSession,
    profile: SafetyProfile,
    library: Mapping[str, ExerciseRecord],
) -> tuple[PlannedSession | None, list[Reason]]:
    """An adjusted (lighter, easy aerobic) session through the same check as the planned one:
    the session as it may be served (None when nothing of it may be) and why it changed."""
    check = serve(plan, session, profile, library)
    return check.session, check.reasons


def pain_advice(ctx: ServiceContext, athlete_id: int, day: date) -> list[Reason]:
    """ "See a professional" for each exercise with pain reported on enough different days."""
    f = rules().feedback
    rows = training_log.history(
        ctx, athlete_id, "feedback", day - timedelta(days=f.pain_window_days + 1), day
    )
    found = exercise_feedback.needs_professional(
        exercise_feedback.decode_all(rows),
        day,
        window_days=f.pain_window_days,
        days_needed=f.pain_days_for_professional,
    )
    names = {rec.slug: rec.name for rec in library_records()}
    names.update(own_exercises.names(ctx, athlete_id))
    return [
        reason("pain_see_professional", exercise=names.get(slug, slug), days=len(days))
        for slug, days in found.items()
    ]


def today(ctx: ServiceContext, athlete_id: int, day: date | None = None) -> TodayView:
    """The session for ``day`` (default: the athlete's today), adjusted to readiness.

    An open red flag stops everything: no training, the escalation says what to do. Otherwise
    the next planned session falls on its projected date (a missed one moves forward, with a
    ``session_moved`` reason); on that day readiness green keeps it as planned, yellow makes it
    lighter, red replaces it with 20-30 min of easy zone 1-2 aerobic work (the session stays
    next), no check-in keeps it as planned and asks how the athlete feels. Pain reported in the guided workout
    on enough different days for one exercise adds a "see a professional" reason.

    Whatever the readiness, the session (and ``planned``, the next one) is served through the
    safety check against the athlete's profile as it is now (``serving.serve``): an injury or
    condition recorded after the plan was approved swaps or leaves out what it rules out, with
    the reasons last; when nothing safe is left the day is a rest day.
    """

    return results.remember(ctx, athlete_id, "today", (day,), _computed(ctx, athlete_id, day))


def today_json(ctx: ServiceContext, athlete_id: int, day: date | None = None) -> bytes:
    """``today`` as JSON (as the API answers it), serialized once per cached answer."""
    return results.remember_json(ctx, athlete_id, "today", (day,), _computed(ctx, athlete_id, day))


def _computed(ctx: ServiceContext, athlete_id: int, day: date | None) -> Callable[[], TodayView]:
    def compute() -> TodayView:
        view = _today(ctx, athlete_id, day)
        advice = pain_advice(ctx, athlete_id, view.day)
        if not advice:
            return view
        return view.model_copy(update={"reasons": [*view.reasons, *advice]})

    return compute


def _today(ctx: ServiceContext, athlete_id: int, day: date | None) -> TodayView:
    r = rules()
    local = monitoring.local_today(ctx, athlete_id)
    day = bounds.check_day(day or local)
    profile = health.safety_profile(ctx, athlete_id)
    if profile.open_flags:
        return TodayView(
            athlete_id=athlete_id,
            day=day,
            status="blocked",
            reasons=[
                reason("red_flag", flag=flag_label(k)) for k in dict.fromkeys(profile.open_flags)
            ],
            escalation=escalation_message(profile.open_flags),
        )
    # The plan in force as this process keeps it by its text (validating the 78 kB document
    # was half of the day's view after a write); ``as_logged`` and ``serve`` copy what they
    # change, never the plan itself.
    found = plan_in_force(ctx, athlete_id)
    if found is None:
        raise NotFound(f"athlete {athlete_id} has no active plan; generate one first")
    version, stored_plan = found
    plan = as_logged(ctx, athlete_id, stored_plan, day, local)
    left = upcoming(plan, day)
    if not left:
        return TodayView(
            athlete_id=athlete_id,
            day=day,
            status="finished",
            version=version,
            reasons=[reason("plan_finished")],
        )
    nxt = left[0]
    stored = plan.session(nxt.key)
    library = own_exercises.plan_library(ctx, athlete_id)
    served = serve(plan, stored, profile, library)
    planned = served.session  # None: nothing in it may be done with the profile as it is now
    safety = served.reasons  # what the check changed and why (empty: served as stored)
    assert nxt.on is not None
    moved = [reason("session_moved", date=nxt.original.isoformat())] if nxt.moved else []
    common: dict[str, Any] = {
        "athlete_id": athlete_id,
        "day": day,
        "version": version,
        "planned": planned,
        "scheduled_for": nxt.on,
        "moved_from": nxt.moved_from,
    }
    if nxt.on > day:
        return TodayView(
            **common,
            status="rest",
            reasons=[reason("rest_day", session=stored.name, date=nxt.on.isoformat()), *safety],
        )
    if planned is None:  # nothing safe is left of the session: rest, and say why
        return TodayView(**common, status="rest", reasons=[*moved, *safety])
    if day <= local:
        common["done"] = done_on_day(ctx, athlete_id, plan, nxt.key, day)
    if day > local:  # a future day: readiness is not known yet
        return TodayView(**common, status="train", session=planned, reasons=[*moved, *safety])
    report = monitoring.readiness(ctx, athlete_id, day)
    readiness = {
        "status": report.status,
        "score": report.score,
        "colour": report.colour,
        "summary": report.summary,
    }
    if report.status != "ok" or report.colour is None:
        why = reason("readiness_no_checkin")  # no score without the athlete's answer: ask
        return TodayView(
            **common,
            status="train",
            session=planned,
            readiness=readiness,
            reasons=[*moved, why, *safety],
        )
    colour_reason = reason(f"readiness_{report.colour}", score=report.score)
    if report.colour == "green":
        return TodayView(
            **common,
            status="train",
            session=planned,
            readiness=readiness,
            reasons=[*moved, colour_reason, *safety],
        )
    if report.colour == "yellow":
        adjusted, why_not = _checked(plan, lighter(planned, r), profile, library)
        status: Literal["lighter", "recovery"] = "lighter"
    else:
        athlete = athletes.get_athlete(ctx, athlete_id)
        modality = _easy_modality(constraints_for(athlete.profile), r)
        minutes = planned.estimated_minutes // 2  # easy_aerobic keeps it within 20-30 min
        easy = easy_aerobic(modality, minutes, planned.key, r)
        adjusted, why_not = _checked(plan, easy, profile, library)
        status = "recovery"
    if adjusted is None:  # the validator refused even the easier session: rest
        return TodayView(
            **common,
            status="rest",
            readiness=readiness,
            reasons=[*moved, colour_reason, *why_not, *safety],
        )
    extra = adjusted.items[0].reasons if status == "recovery" else []
    return TodayView(
        **common,
        status=status,
        session=adjusted,
        readiness=readiness,
        reasons=[*moved, colour_reason, *extra, *safety],
    )
