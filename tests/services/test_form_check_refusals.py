"""A form check refuses what it cannot score and flags what disagrees with the log (issue 40:
"a video with no exercise in it scored 0 reps and form 100/100").

The pose subprocess is replaced by its output: a ``PoseTrack`` of landmark arrays from the
hand-written sets (``pipelines.form.handwritten``), with landmarks hidden (NaN, as
``sensors.pose.parse`` leaves a landmark MediaPipe does not see) where a test needs it.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from fitcoach.analysis import pose
from fitcoach.core.errors import InvalidInput
from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build
from fitcoach.sensors.pose import PoseTrack
from fitcoach.services import form_check

FPS = 30.0


def _track(world: NDArray[np.float64], fps: float = FPS) -> PoseTrack:
    """What the pose worker would answer for these landmarks (NaN: not seen)."""
    world = np.array(world, dtype=np.float64)
    visibility = np.where(np.isfinite(world).all(axis=2), 1.0, np.nan)
    return PoseTrack(
        world=world, image=world.copy(), visibility=visibility, fps=fps, width=640, height=480
    )


def _hide(world: NDArray[np.float64], *names: str) -> NDArray[np.float64]:
    out = np.array(world)
    for name in names:
        out[:, pose.IDX[name]] = np.nan
    return out


def _refusal(track: PoseTrack, slug: str = "") -> form_check.FormCheckRefused:
    with pytest.raises(form_check.FormCheckRefused) as caught:
        form_check.assess_track(track, slug, model_dir=None)
    assert caught.value.code == "form_check_refused"
    assert isinstance(caught.value, InvalidInput)  # 422 over the API, a failed job's message
    return caught.value


@pytest.mark.parametrize("spec", HANDWRITTEN, ids=[s["name"] for s in HANDWRITTEN])
def test_every_hand_written_set_is_scored_as_before(spec: dict[str, object]) -> None:
    seq = build(spec)
    analysis = form_check.assess_track(_track(seq.landmarks), "", model_dir=None)
    assert analysis.lift == seq.exercise
    assert analysis.recognised
    assert len(analysis.assessment.geometry.reps) == seq.reps
    # The analysis alone, without the service's checks, of the image landmarks it measures.
    before = pose.analyse(seq.landmarks, coordinates="image")
    assert analysis.assessment.form_score == pytest.approx(before.form_score)


@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")  # the far side's measures
@pytest.mark.filterwarnings("ignore:Mean of empty slice:RuntimeWarning")
def test_a_side_view_hiding_the_far_side_is_scored() -> None:
    """A side view hides the far side's joints: one side seen is enough."""
    seq = build(HANDWRITTEN[0])
    far = [name for name in pose.LANDMARKS if name.startswith("right_")]
    analysis = form_check.assess_track(
        _track(_hide(seq.landmarks, *far)), "barbell-back-squat", model_dir=None
    )
    assert len(analysis.assessment.geometry.reps) == 3
    assert not analysis.recognised  # the library's squat, not recognised


def test_no_movement_is_refused_without_a_score() -> None:
    standing = np.repeat(build(HANDWRITTEN[0]).landmarks[:1], 90, axis=0)
    refused = _refusal(_track(standing), "barbell-back-squat")
    assert refused.details == {"reason": "no_reps", "exercise": "squat"}
    assert refused.message == form_check.NO_REPS_MESSAGE
    assert "no repetition was seen" in refused.message
    assert "from the side, 2–3 m away, the whole body in frame" in refused.message


def test_no_person_is_refused() -> None:
    empty = np.full((60, 33, 3), np.nan)
    refused = _refusal(_track(empty))
    assert refused.details["reason"] == "no_person"
    assert "a person was found in 0% of 60 frames" in refused.message


@pytest.mark.parametrize(
    ("spec", "hidden", "named", "measured_at"),
    [
        (0, ("knee", "ankle"), ["knee", "ankle"], "a squat is measured at the knees"),
        (2, ("hip",), ["hip"], "a deadlift is measured at the hips"),
        (3, ("wrist",), ["wrist"], "a bench-press is measured at the elbows"),
    ],
    ids=["squat-legs", "deadlift-hips", "bench-wrists"],
)
def test_key_joints_out_of_view_are_named(
    spec: int, hidden: tuple[str, ...], named: list[str], measured_at: str
) -> None:
    seq = build(HANDWRITTEN[spec])
    world = _hide(seq.landmarks, *(f"{side}_{n}" for n in hidden for side in ("left", "right")))
    refused = _refusal(_track(world), seq.exercise)
    assert refused.details["reason"] == "key_joints_out_of_view"
    assert refused.details["joints"] == named
    assert refused.details["in_view"] == 0.0
    assert " and ".join(f"{n}s" for n in named) + " were out of view in 100%" in refused.message
    assert measured_at in refused.message
    assert "from the side or at 45°, 2–3 m away" in refused.message
    assert "good light" in refused.message


def test_key_joints_seen_in_most_frames_are_enough() -> None:
    """Out of view for less than half the set: the gaps are filled, the set is scored."""
    seq = build(HANDWRITTEN[0])
    world = np.array(seq.landmarks)
    n = len(world)
    world[: int(n * 0.4), pose.IDX["left_knee"]] = np.nan
    world[: int(n * 0.4), pose.IDX["right_knee"]] = np.nan
    assert form_check.require_key_joints(world, "squat") == pytest.approx(1 - int(n * 0.4) / n)
    world[: int(n * 0.6), pose.IDX["left_knee"]] = np.nan
    world[: int(n * 0.6), pose.IDX["right_knee"]] = np.nan
    with pytest.raises(form_check.FormCheckRefused, match="the knees were out of view in 60%"):
        form_check.require_key_joints(world, "squat")


def test_sides_seen_in_turn_but_never_together_are_refused() -> None:
    """Each landmark seen in most frames, but never a whole side at once: no angle to measure."""
    world = np.array(build(HANDWRITTEN[0]).landmarks)
    world[::2, pose.IDX["left_knee"]] = np.nan
    world[::2, pose.IDX["right_ankle"]] = np.nan
    world[1::2, pose.IDX["right_knee"]] = np.nan
    world[1::2, pose.IDX["left_ankle"]] = np.nan
    with pytest.raises(form_check.FormCheckRefused) as caught:
        form_check.require_key_joints(world, "squat")
    assert caught.value.details["joints"] == ["hip", "knee", "ankle"]


def test_every_lift_has_key_joints() -> None:
    """Each lift analysis.pose knows (a new one too) is measured at joints the check can see."""
    for lift in form_check.lifts():
        joints = form_check.key_joints(lift)
        assert joints
        assert set(joints) <= {"knee", "hip", "elbow"}


def _analysis(spec: int) -> form_check.Analysis:
    return form_check.assess_track(_track(build(HANDWRITTEN[spec]).landmarks), "", model_dir=None)


def test_a_rep_count_unlike_the_log_is_flagged_with_both_numbers() -> None:
    analysis = _analysis(0)  # 3 reps
    check = form_check.result_of(analysis, set_id=7, logged_reps=5)
    assert check.reps == 3
    assert check.logged_reps == 5
    assert check.form_score == pytest.approx(round(analysis.assessment.form_score, 1))
    (flag,) = check.flags
    assert flag.code == "rep_mismatch"
    assert "3 reps counted in the video, 5 logged" in flag.message
    assert form_check.result_of(analysis, set_id=7, logged_reps=3).flags == []
    alone = form_check.FormResult(**form_check._fields(analysis, None))
    assert alone.flags == []
    assert alone.logged_reps is None


def test_a_stored_check_keeps_its_flags_and_reads_back() -> None:
    check = form_check.result_of(_analysis(1), set_id=3, logged_reps=6)
    again = form_check.FormCheck.model_validate(check.model_dump(mode="json"))
    assert again == check
    assert again.exercise_recognised
    old = check.model_dump(mode="json", exclude={"flags", "exercise_recognised", "hold_s"})
    assert form_check.FormCheck.model_validate(old).flags == []  # stored before issue 40


def _plank(frames: int = 90) -> NDArray[np.float64]:
    """A standing frame turned level (a plank held still), from the hand-written squat's top."""
    top = build(HANDWRITTEN[0]).landmarks[0]
    turn = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    return np.repeat((top @ turn.T)[None], frames, axis=0)


@pytest.mark.skipif("plank" not in pose.RULES, reason="analysis.pose has no plank yet")
@pytest.mark.filterwarnings("ignore:All-NaN slice:RuntimeWarning")  # the model's yaw, level
def test_a_plank_is_held_not_counted() -> None:
    analysis = form_check.assess_track(_track(_plank(90)), "plank", model_dir=None)
    check = form_check.result_of(analysis, set_id=1, logged_reps=1)
    assert check.reps == 0
    assert check.hold_s == pytest.approx(3.0)
    assert check.good_hold_s is not None
    assert check.flags == []  # a hold has no reps to compare with the log
    level_without_hips = _hide(_plank(90), "left_hip", "right_hip")
    refused = _refusal(_track(level_without_hips), "plank")
    assert refused.details["reason"] == "no_hold"
    assert "the plank position was not seen" in refused.message


def test_exercise_names_come_from_the_analysis() -> None:
    assert form_check.lifts() == tuple(pose.RULES)
    for lift in form_check.lifts():
        shown = form_check.display_name(lift)
        assert form_check.lift_named(shown) == lift
        assert form_check.lift_named(shown.replace("-", " ").upper()) == lift
        assert form_check.lift_of(shown) == lift  # a library slug named like the lift
    with pytest.raises(InvalidInput) as caught:
        form_check.lift_named("jumping jack")
    assert caught.value.details["exercises"] == [
        form_check.display_name(lift) for lift in form_check.lifts()
    ]
    for lift in form_check.lifts():
        assert form_check.display_name(lift) in caught.value.message


@pytest.mark.parametrize(
    ("slug", "lift"),
    [
        ("diamond-push-up", "push_up"),
        ("handstand-push-up", None),
        ("barbell-curl", "bicep_curl"),
        ("hammer-curl", "bicep_curl"),
        ("lying-leg-curl", None),
        ("dumbbell-wrist-curl", None),
        ("ez-bar-preacher-curl", None),
        ("cable-face-pull", None),
    ],
)
def test_library_slugs_of_the_new_lifts(slug: str, lift: str | None) -> None:
    if lift is not None and lift not in pose.RULES:
        pytest.skip(f"analysis.pose has no {lift} yet")
    assert form_check.lift_of(slug) == lift
