"""Exercise problems: exercises outside the library are refused; contraindicated ones and ones
needing missing equipment move to the best permitted substitute. An athlete's own exercise is
in the library the validator is given only when it can be planned (``coach.own_planning``:
its safety inferred from the library's exercises of its pattern). One brought into the plan
that something rules out is refused, in words; one the replaced plan held already moves to a
library substitute as a library exercise does. A substitute is never an own exercise."""

from __future__ import annotations

import math
import re

from fitcoach.coach.explanations import Reason
from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.library import ExerciseRecord, rank_substitutes
from fitcoach.coach.own_planning import is_own
from fitcoach.coach.plan import CardioItem, Intensity, Load, StrengthItem
from fitcoach.coach.safety.run import LEVEL_RANK, Run, cardio_seconds, is_cardio, updated


def check_exercises(run: Run) -> None:
    """Replace contraindicated exercises and exercises needing missing equipment with the
    best permitted substitute; reject when none fits or the exercise is unknown."""
    for _, _, session in run.planned():
        for index, item in enumerate(session.items):
            record = run.library.get(item.exercise)
            if record is None:
                # An own exercise missing here has no known pattern or equipment (or is not
                # this athlete's): nothing lets the contraindication rules judge it.
                own = is_own(item.exercise)
                text = "own_exercise_not_planned" if own else "unknown_exercise"
                why = make_reason(
                    text, exercise=_own_words(item.exercise) if own else item.exercise
                )
                run.add("unknown_exercise", "rejected", why, session, index)
                continue
            problem = _problem(run, record)
            if problem is None:
                continue
            rule, cause, why_text = problem
            if is_own(record.slug):
                refusal = make_reason(
                    "own_exercise_refused",
                    exercise=record.name,
                    pattern=record.movement_pattern.replace("_", " "),
                    why=why_text,
                )
                # Brought in now (a swap, an addition): refused. Already in the plan this one
                # replaces, and ruled out since (a new injury): moved to a library substitute
                # like a library exercise, so the stored plan can catch up.
                held = run.previous_sessions.get(session.key)
                if held is not None and any(i.exercise == record.slug for i in held.items):
                    moved = _substitute(run, item, record, refusal)
                    if moved is not None:
                        session.items[index] = moved[0]
                        run.add(rule, "repaired", moved[1], session, index, refusal)
                        continue
                run.add(rule, "rejected", refusal, session, index, cause)
                continue
            swapped = _substitute(run, item, record, cause)
            if swapped is None:
                refusal = make_reason("no_substitute", exercise=record.name, why=why_text)
                run.add(rule, "rejected", refusal, session, index, cause)
                continue
            session.items[index] = swapped[0]
            run.add(rule, "repaired", swapped[1], session, index, cause)


def _own_words(slug: str) -> str:
    """An own exercise's slug in words (``own-7-my-row`` → ``My row``): the name is not at hand."""
    words = re.sub(r"^own-\d+-", "", slug).replace("-", " ")
    return words[:1].upper() + words[1:]


def _problem(run: Run, record: ExerciseRecord) -> tuple[str, Reason, str] | None:
    """(rule, reason, short why) when the athlete must not or cannot do ``record``."""
    found = run.constraints.contraindications(record)
    if found:
        # One sentence per exclusion, from the contraindication rules' reasons.
        what = "; ".join(dict.fromkeys(e.text for e in found))
        cause = make_reason("contraindicated", exercise=record.name, what=what)
        return "contraindicated", cause, what
    missing = sorted(set(record.equipment) - run.profile.equipment)
    if missing:
        cause = make_reason("equipment_missing", exercise=record.name, equipment=missing)
        return "equipment", cause, f"needs {', '.join(missing)}"
    return None


def _substitute(
    run: Run, item: StrengthItem | CardioItem, record: ExerciseRecord, cause: Reason
) -> tuple[StrengthItem | CardioItem, Reason] | None:
    """The item moved to the best permitted substitute, and the reason that says so."""
    hits = rank_substitutes(run.records, record, run.constraints, limit=len(run.records))
    cardio = is_cardio(record)
    candidates = [
        (run.library[h.slug], h.reason)
        for h in hits
        # Never an own exercise: one is planned only where the athlete puts or asks for it.
        if h.slug in run.library and not is_own(h.slug) and is_cardio(run.library[h.slug]) == cardio
    ]
    # Keep rank_substitutes' order, but prefer the same category and the athlete's level.
    candidates.sort(
        key=lambda c: (
            c[0].category != record.category,
            LEVEL_RANK[c[0].level] > max(run.level_rank, LEVEL_RANK[record.level]),
        )
    )
    for sub, hit_reason in candidates:
        repaired = make_reason(
            "repaired_substitute", exercise=record.name, substitute=sub.name, why=hit_reason
        )
        reasons = [*item.reasons, cause, repaired]
        moved = _moved(run, item, record, sub, reasons)
        if moved is not None:
            return moved, repaired
    return None


def _moved(
    run: Run,
    item: StrengthItem | CardioItem,
    record: ExerciseRecord,
    sub: ExerciseRecord,
    reasons: list[Reason],
) -> StrengthItem | CardioItem | None:
    """``item`` on ``sub``: sets, reps and RIR stay; a load only carries over inside a load
    family of the rules (otherwise it is found by feel at the target RIR); on another cardio
    modality the time stays and a pace becomes an RPE."""
    same = run.rules.substitution.same_family(record.slug, sub.slug)
    if isinstance(item, StrengthItem):
        load = item.load if same else Load(kind="by_rir")
        return updated(item, exercise=sub.slug, load=load, reasons=reasons)
    if same:
        return updated(item, exercise=sub.slug, reasons=reasons)
    seconds = cardio_seconds(item)
    if seconds is None:
        return None  # a distance at a zone or RPE does not translate to another modality
    rpe = run.rules.substitution.cardio_rpe_for_pace
    intervals = item.intervals
    if intervals is not None:
        intervals = updated(
            intervals,
            work_intensity=_no_pace(intervals.work_intensity, rpe),
            rest_intensity=(
                _no_pace(intervals.rest_intensity, rpe) if intervals.rest_intensity else None
            ),
        )
    return updated(
        item,
        exercise=sub.slug,
        duration_s=min(6 * 3600, max(60, math.ceil(seconds))),
        distance_m=None,
        intensity=_no_pace(item.intensity, rpe),
        intervals=intervals,
        reasons=reasons,
    )


def _no_pace(intensity: Intensity, rpe: float) -> Intensity:
    """A pace means nothing on another modality: it becomes a moderate RPE."""
    if intensity.kind != "pace":
        return intensity
    return Intensity(kind="rpe", value=rpe)
