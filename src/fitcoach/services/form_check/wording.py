"""The stored result of a form check: flags, how the reps were counted and the confidence note
in words, and the ``FormCheck`` built from an ``Analysis``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcoach.analysis import pose
from fitcoach.services.form_check.assess import Analysis, key_joints
from fitcoach.services.form_check.lifts import display_name
from fitcoach.services.form_results import FormCheck as FormCheck
from fitcoach.services.form_results import FormFault as FormFault
from fitcoach.services.form_results import FormFlag as FormFlag
from fitcoach.services.form_results import FormRep as FormRep


def flags_of(reps: int, logged_reps: int | None, *, hold: bool = False) -> list[FormFlag]:
    """What to look at beside the score: the reps counted differing from those logged (a hold
    has no reps to compare)."""
    if hold or logged_reps is None or logged_reps == reps:
        return []
    return [
        FormFlag(
            code="rep_mismatch",
            message=(
                f"{reps} reps counted in the video, {logged_reps} logged: film the whole set "
                "(start before the first rep, stop after the last), or correct the logged reps"
            ),
        )
    ]


def counting(analysis: Analysis) -> str:
    """How the reps were counted, in plain words for the athlete (no version, no identifier):
    from the stages and who judged them, or from the working joint's angle; '' for a hold."""
    g = analysis.assessment.geometry
    lift = display_name(analysis.lift).replace("-", " ")
    staging = analysis.staging
    if g.reps_counted_from == "stages" and staging is not None:
        head = f"Reps counted from the {lift}'s down and up phases, judged frame by frame"
        if staging.source == "model":
            rest = (
                f"; the knee-angle rule judged the {staging.rule_frames} frames the model could "
                "not read"
                if staging.rule_frames
                else ""
            )
            return f"{head} by the learned model{rest}."
        why = (
            "the learned model is not available here"
            if staging.model_unavailable
            else "the learned model could not read this video"
        )
        return f"{head} by the knee-angle rule: {why}."
    if g.reps_counted_from == "angle":
        return f"Reps counted from the rise and fall of the {key_joints(analysis.lift)[0]} angle."
    return ""


def _words(lift: str) -> str:
    """A lift in prose: ``push-up`` keeps its hyphen, ``bench press`` does not."""
    return "push-up" if lift == "push_up" else lift.replace("_", " ")


def _lifts(lift: str) -> str:
    words = _words(lift)
    return f"{words}es" if words.endswith("s") else f"{words}s"


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# A push-up on image landmarks is judged by the verdict calibrated on real push-ups
# (``analysis.pushup``): on held-out filmed sets it was right about 2 times in 3 (balanced
# accuracy 0.68, 95 % CI 0.57-0.79; docs/models/form.md, "Real push-ups"), and those sets were
# labelled only good or poor, so the fault it names was never checked on its own.
PUSH_UP_VERDICT_NOTE = (
    "The push-up verdict was checked against filmed push-ups labelled good or poor form: on sets "
    "it was not tuned on it was right about 2 times in 3. The fault named is an estimate: those "
    "sets do not say which fault a poor one shows. A set judged a breakdown keeps the load from "
    "going up."
)


# Where scikit-learn and the packaged model are installed, the learned push-up verdict decides
# instead (``ml.form.pushup_model``: chosen by cross-validation on development clips; on held-out
# clips, as applied here, right about 3 times in 4: balanced accuracy 0.76, 95 % CI 0.66-0.86).
PUSH_UP_MODEL_NOTE = (
    "This push-up set was judged by a model trained on filmed push-ups labelled good or poor "
    "form, from the body line, knees, depth, elbows and head measured over the set: on sets it "
    "was not tuned on it was right about 3 times in 4. The faults named are the measures past "
    "their cut-offs, estimates: those sets do not say which fault a poor one shows. A set "
    "judged a breakdown keeps the load from going up."
)


PUSH_UP_MODEL_NO_FAULT = (
    " No single measure passed its cut-off: the model judged them together, so no one fault "
    "is named."
)


PUSH_UP_MODEL_GOOD = " The model judged this set's form good: the cues shown are hints."


PUSH_UP_NOT_JUDGED_NOTE = (
    "fitcoach could not judge this push-up set's form: the body was seen in too few frames "
    "(hips, knees and shoulders). Reps are counted. Film from the side with the whole body in "
    "view, head to heels."
)


# Appended where some cues are estimates and a poor score still holds the load.
TO_BE_SAFE = " To be safe, a score below 60 still keeps the load from going up."


def confidence_note(g: pose.FormAnalysis) -> str:
    """How far to trust the cues, in plain words for the athlete: which of the lift's faults
    were checked against filmed, labelled sets (``pose.REAL_DATA_VALIDATED``), that the others
    are estimates, and whether a poor score holds the load (``pose.breaks_down``: not for a lift
    whose judgments real data refuted)."""
    lift, lifts = _words(g.exercise), _lifts(g.exercise)
    rules = pose.rules_for(g.exercise, g.coordinates)
    checked = [
        r.fault.replace("_", " ")
        for r in rules
        if pose.validated_on_real_data(g.exercise, r.fault, g.coordinates)
    ]
    counted = "The hold is timed" if g.exercise in pose.HOLDS else "Reps are counted"
    if g.verdict == "model":
        if g.breakdown:
            return PUSH_UP_MODEL_NOTE + ("" if g.faults else PUSH_UP_MODEL_NO_FAULT)
        return PUSH_UP_MODEL_NOTE + (PUSH_UP_MODEL_GOOD if g.faults else "")
    if g.verdict == "verdict":
        return PUSH_UP_VERDICT_NOTE
    if g.verdict == "not_judged":
        return PUSH_UP_NOT_JUDGED_NOTE
    if g.exercise in pose.REFUTED_ON_REAL_DATA:
        return (
            f"{lift[0].upper()}{lift[1:]} form cues are estimates: on filmed {lifts} they did "
            f"not yet tell good form from poor. {counted}; the cues are hints, not a verdict, "
            "and do not mark the set as a form breakdown."
        )
    if not checked:
        why = (
            f"fitcoach has not been checked against filmed {lifts} yet"
            if g.coordinates == "image"
            else "fitcoach's checks against filmed sets used image landmarks, not these"
        )
        return (
            f"{lift[0].upper()}{lift[1:]} form cues are estimates: {why}. {counted}; take the "
            f"cues as hints.{TO_BE_SAFE}"
        )
    if g.judged_on_real_data:
        return (
            f"{lift[0].upper()}{lift[1:]} form cues were checked against filmed, labelled {lifts}."
        )
    guessed = [f.fault.replace("_", " ") for f in g.faults if not f.validated_on_real_data]
    others = (
        f"{_joined(guessed)} {'is an estimate' if len(guessed) == 1 else 'are estimates'}"
        if guessed
        else "the other cues are estimates"
    )
    return (
        f"Of the {lift} cues, only {_joined(checked)} {'was' if len(checked) == 1 else 'were'} "
        f"checked against filmed, labelled {lifts}; {others}.{TO_BE_SAFE}"
    )


def _reps(analysis: Analysis) -> list[FormRep]:
    fps = analysis.fps
    return [
        FormRep(
            start_frame=r.start,
            bottom_frame=r.bottom,
            end_frame=r.end,
            bottom_s=round(r.bottom / fps, 2) if fps > 0 else None,
        )
        for r in analysis.assessment.geometry.reps
    ]


def _fields(analysis: Analysis, logged_reps: int | None) -> dict[str, Any]:
    result = analysis.assessment
    g = result.geometry
    hold = analysis.lift in pose.HOLDS
    fps = analysis.fps
    staging = analysis.staging
    return {
        "exercise": analysis.lift,
        "exercise_recognised": analysis.recognised,
        "reps": len(g.reps),
        "logged_reps": logged_reps,
        "reps_counted_from": g.reps_counted_from or None,
        "stage_source": None if staging is None else staging.source,
        "stages_by": "" if staging is None else staging.by,
        "rep_frames": _reps(analysis),
        "counting": counting(analysis),
        "hold_s": round(g.hold_frames / fps, 1) if hold and fps > 0 else None,
        "good_hold_s": round(g.good_hold_s(fps), 1) if hold and fps > 0 else None,
        "flags": flags_of(len(g.reps), logged_reps, hold=hold),
        "form_score": round(result.form_score, 1),
        "judged_on_real_data": g.judged_on_real_data,
        "confidence_note": confidence_note(g),
        "breakdown": result.breakdown,
        "faults": [
            FormFault(
                fault=f.fault,
                severity=round(f.severity, 2),
                reps=f.reps,
                cue=f.cue,
                validated_on_real_data=f.validated_on_real_data,
            )
            for f in g.faults
        ],
        "angles_deg": {k: round(v, 1) for k, v in g.angles_deg.items() if np.isfinite(v)},
        "model_form_score": None
        if result.model.form_score is None
        else round(result.model.form_score, 1),
        "scored_by": "rule"
        + (f", push-up verdict by {verdict_by()}" if g.verdict == "model" else "")
        + (f", model {result.model.version} beside it" if result.model.available else ""),
        "model_note": "" if result.model.available else result.model.reason,
        "frames": analysis.frames,
        "person_found": round(analysis.person_found, 3),
    }


def verdict_by() -> str:
    """The learned push-up verdict's name and version (``ml.form.pushup_model``)."""
    from fitcoach.ml.form import pushup_model

    return f"{pushup_model.NAME} {pushup_model.packaged_version()}"


def result_of(analysis: Analysis, set_id: int, logged_reps: int) -> FormCheck:
    """The form check of a set from what its video showed."""
    return FormCheck(set_id=set_id, **_fields(analysis, logged_reps))
