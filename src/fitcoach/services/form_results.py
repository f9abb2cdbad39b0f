"""What a form check found, as stored with a set: the schemas of ``services.form_check``.

Apart from it because the training log reads and writes them with every set
(``services.training_log``), which should not import the form check's NumPy, pose and model
modules to do so (the CLI's start-up: ``fitcoach log daily`` and the plan commands import this, not those).
``services.form_check`` re-exports them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


# Built on first use (``defer_build``): every command that logs imports these, few read a
# form check (the CLI's start-up).
class FormFault(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    fault: str
    severity: float = Field(description="0-1, the mean over reps.")
    reps: int = Field(description="Reps where it showed clearly.")
    cue: str
    # False for checks stored before this was recorded: none was claimed then.
    validated_on_real_data: bool = Field(
        default=False,
        description="True: this fault's rule for this exercise was checked against real "
        "labelled landmarks (docs/models/form.md, 'Real data'); false: an estimate.",
    )


class FormFlag(BaseModel):
    """Something to look at beside the score, which still stands (``rep_mismatch``: the reps
    counted in the video differ from the reps logged)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    code: str
    message: str


class FormRep(BaseModel):
    """One rep counted in the video: its frames (from 0) and when its bottom came."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    start_frame: int = Field(description="The top the rep starts from.")
    bottom_frame: int = Field(
        description="The rep's lowest point (the working joint's least angle)."
    )
    end_frame: int = Field(description="The top it comes back to.")
    bottom_s: float | None = Field(
        default=None, description="Seconds into the video of the bottom (null: no frame rate)."
    )


class FormResult(BaseModel):
    """What the form check found in a video of a set."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    exercise: str = Field(description="The lift as analysed (squat, deadlift, ...).")
    exercise_recognised: bool = Field(
        default=False,
        description="True: recognised from the movement; false: the exercise given or logged.",
    )
    reps: int = Field(description="Reps counted in the video (0 for a hold such as a plank).")
    logged_reps: int | None = Field(default=None, description="Reps logged (null: not known).")
    reps_counted_from: Literal["stages", "angle"] | None = Field(
        default=None,
        description="What counted the reps: 'stages', each frame's stage (up or down, a rep a "
        "down phase between up phases, a stage held a tenth of a second to count: the squat's); "
        "'angle', the rise and fall of the working joint's angle (every other lift, and a squat "
        "without stages); null: a hold, or a check stored before this was recorded.",
    )
    stage_source: Literal["model", "rule"] | None = Field(
        default=None,
        description="Who judged the frames' stages: 'model', the learned frame model (the rule "
        "on the frames it cannot read); 'rule', the calibrated knee-angle rule on every frame "
        "(no frame model, or no frame it could read). Null: no stages (not a squat).",
    )
    stages_by: str = Field(
        default="",
        description="How many frames each source staged, the frame model's version, and why "
        "the model did not stage a frame where it did not ('' without stages).",
    )
    rep_frames: list[FormRep] = Field(
        default_factory=list, description="Each rep counted: its frames and its bottom's time."
    )
    counting: str = Field(
        default="", description="How the reps were counted, in plain words for the athlete."
    )
    hold_s: float | None = Field(
        default=None, description="A hold (plank): seconds in the position (null: not a hold)."
    )
    good_hold_s: float | None = Field(
        default=None, description="A hold: seconds of it in a good position, without a fault."
    )
    flags: list[FormFlag] = Field(
        default_factory=list, description="Rep counts that disagree, beside the score."
    )
    form_score: float = Field(
        description="0-100, the geometric rule's (below 60 a breakdown, except for a push-up, "
        "whose cues real data refuted)."
    )
    judged_on_real_data: bool = Field(
        default=False,
        description="True: every fault the form score is made of was checked against real "
        "labelled landmarks; false: some or all of it are estimates (see each fault's "
        "validated_on_real_data and confidence_note).",
    )
    confidence_note: str = Field(
        default="",
        description="In plain words for the athlete: which of the cues were checked against "
        "filmed, labelled sets of this exercise and what the others are ('' for checks stored "
        "before this was recorded).",
    )
    model_form_score: float | None = Field(
        default=None,
        description="The GNN-LSTM's score beside it, where torch and a model are installed.",
    )
    breakdown: bool = Field(
        description="Form broke down: no load increase from this session. Never for a "
        "push-up: its cues are hints (docs/models/form.md)."
    )
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
