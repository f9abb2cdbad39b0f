"""What a form check found, as stored with a set: the schemas of ``services.form_check``.

Apart from it because the training log reads and writes them with every set
(``services.training_log``), which should not import the form check's NumPy, pose and model
modules to do so (issue 38: ``fitcoach log daily`` and the plan commands import this, not those).
``services.form_check`` re-exports them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FormFault(BaseModel):
    model_config = ConfigDict(frozen=True)

    fault: str
    severity: float = Field(description="0-1, the mean over reps.")
    reps: int = Field(description="Reps where it showed clearly.")
    cue: str


class FormFlag(BaseModel):
    """Something to look at beside the score, which still stands (``rep_mismatch``: the reps
    counted in the video differ from the reps logged)."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str


class FormResult(BaseModel):
    """What the form check found in a video of a set."""

    model_config = ConfigDict(frozen=True)

    exercise: str = Field(description="The lift as analysed (squat, deadlift, ...).")
    exercise_recognised: bool = Field(
        default=False,
        description="True: recognised from the movement; false: the exercise given or logged.",
    )
    reps: int = Field(description="Reps counted in the video (0 for a hold such as a plank).")
    logged_reps: int | None = Field(default=None, description="Reps logged (null: not known).")
    hold_s: float | None = Field(
        default=None, description="A hold (plank): seconds in the position (null: not a hold)."
    )
    good_hold_s: float | None = Field(
        default=None, description="A hold: seconds of it in a good position, without a fault."
    )
    flags: list[FormFlag] = Field(
        default_factory=list, description="Rep counts that disagree, beside the score."
    )
    form_score: float = Field(description="0-100, the geometric rule's (it decides a breakdown).")
    model_form_score: float | None = Field(
        default=None,
        description="The GNN-LSTM's score beside it, where torch and a model are installed.",
    )
    breakdown: bool = Field(description="Form broke down: no load increase from this session.")
    faults: list[FormFault]
    angles_deg: dict[str, float]
    scored_by: str = Field(description="'model <version>' or 'rule'.")
    model_note: str = Field(default="", description="Why the model did not score, if it did not.")
    frames: int
    person_found: float = Field(description="Share of frames with a person found.")


class FormCheck(FormResult):
    """What the form check found in a filmed set, stored with the set."""

    set_id: int
    logged_reps: int
