""" "Too easy", "too hard" and "pain" taps per exercise, and what the engine does with them."""

from __future__ import annotations

from datetime import date, timedelta

from fitcoach.coach import feedback as fb
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.rules.progression import rules
from fitcoach.core.errors import InvalidInput
from fitcoach.services import (
    exercises,
    health,
    plans,
    training_log,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.guided.schemas import FeedbackResult, Substitute
from fitcoach.services.guided.session import _check_day, _planned, _record, _slugs, _started_at
from fitcoach.services.guided.substitutes import _pain_regions, _substitutes

EFFECTS = {
    "too_hard": "counted as RIR {under:g} under the target at the next review: the load holds",
    "too_easy": "counted as RIR {over:g} over the target at the next review: a bigger load step",
    "pain": "stopped for today, and no progression of it while the pain report is recent",
}


def exercise_feedback(
    ctx: ServiceContext,
    athlete_id: int,
    day: date,
    session_key: str,
    exercise: str,
    kind: str,
    note: str = "",
    *,
    region: str | None = None,
) -> FeedbackResult:
    """Store "too easy", "too hard" or "pain" for an exercise of the day's session.

    Pain stops the exercise for the day, offers substitutes that spare the painful region
    (``region``, one of the body regions; default: the regions the exercise strains), and on a
    second different day within the window advises seeing a professional.
    """
    ctx.scope(athlete_id)
    health.ensure_can_train(ctx, athlete_id)
    if kind not in fb.KINDS:
        raise InvalidInput(
            f"kind: unknown feedback {kind!r}; use one of {', '.join(fb.KINDS)}", field="kind"
        )
    if len(note) > 1000:
        raise InvalidInput("note: at most 1000 characters", field="note")
    if region is not None and region not in vocab.BODY_REGIONS:
        raise InvalidInput(
            f"region: unknown body region {region!r}; use one of {', '.join(vocab.BODY_REGIONS)}",
            field="region",
        )
    _check_day(ctx, athlete_id, day)
    planned = _planned(ctx, athlete_id, session_key)
    slug = exercises.resolve(ctx, exercise, athlete_id=athlete_id).slug
    item = fb.ExerciseFeedback(
        day=day,
        session_key=session_key,
        exercise=slug,
        kind=kind,  # type: ignore[arg-type]
        note=note.strip(),
        region=region if kind == "pain" else None,
    )
    logged = training_log.log_feedback(
        ctx,
        athlete_id,
        {
            "recorded_at": _started_at(ctx, athlete_id, day),
            "notes": fb.encode(item),
            "source": fb.SOURCE,
            "source_id": fb.source_id(day, session_key, slug, kind),
        },
    )
    r = rules()
    auto = r.rir_autoregulation
    effect = EFFECTS[kind].format(under=auto.hold_by, over=auto.easier_by)
    why: list[Reason] = []
    substitutes: list[Substitute] = []
    days: list[date] = []
    professional = False
    if kind == "pain":
        substitutes = _substitutes(
            ctx, athlete_id, slug, _pain_regions(slug, region), _slugs(planned)
        )
        names = ", ".join(s.name for s in substitutes)
        why.append(
            reason(
                "pain_stop",
                exercise=(_record(slug).name if _record(slug) else slug),  # type: ignore[union-attr]
                alternatives=f"; instead you could try {names}" if names else "",
            )
        )
        history = _pain_history(ctx, athlete_id, day)
        found = fb.needs_professional(
            history,
            day,
            window_days=r.feedback.pain_window_days,
            days_needed=r.feedback.pain_days_for_professional,
        )
        days = fb.pain_days(history, slug)
        if slug in found:
            professional = True
            why.extend(plans.pain_advice(ctx, athlete_id, day))
    elif kind == "too_hard":
        why.append(reason("feedback_too_hard", rir=f"target - {auto.hold_by:g}"))
    else:
        why.append(reason("feedback_too_easy", rir=f"target + {auto.easier_by:g}"))
    return FeedbackResult(
        athlete_id=athlete_id,
        feedback_id=logged.id,
        created=logged.created,
        day=day,
        session_key=session_key,
        exercise=slug,
        kind=item.kind,
        note=item.note,
        region=item.region,
        stopped=kind == "pain",
        substitutes=substitutes,
        pain_days=days,
        see_professional=professional,
        effect=effect,
        reasons=why,
        advice=[x.text for x in why],
    )


def _pain_history(ctx: ServiceContext, athlete_id: int, day: date) -> list[fb.ExerciseFeedback]:
    window = rules().feedback.pain_window_days
    rows = training_log.history(
        ctx, athlete_id, "feedback", day - timedelta(days=window + 1), day + timedelta(days=1)
    )
    return [f for f in fb.decode_all(rows) if f.day <= day]
