"""The geometric form analysis: angles, reps, faults on hand-written sets."""

from __future__ import annotations

import numpy as np
import pytest

from fitcoach.analysis import pose
from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build


def _still(n: int = 5) -> np.ndarray:
    return np.repeat(build(HANDWRITTEN[0]).landmarks[:1], n, axis=0)


def test_joint_angle_of_a_right_angle_is_90() -> None:
    lm = _still(1)
    lm[0, pose.IDX["left_hip"]] = [0.0, 0.0, 0.0]
    lm[0, pose.IDX["left_knee"]] = [0.0, 1.0, 0.0]
    lm[0, pose.IDX["left_ankle"]] = [1.0, 1.0, 0.0]
    assert pose.joint_angles(lm)[0, 0] == pytest.approx(90.0)


def test_missing_landmark_gives_nan_angle_and_gaps_fill() -> None:
    lm = _still(3)
    lm[1, pose.IDX["left_knee"]] = np.nan
    assert np.isnan(pose.joint_angles(lm)[1, 0])
    filled = pose.fill_gaps(lm)
    assert np.allclose(filled[1], lm[0])


def test_count_reps_with_noise_and_hysteresis() -> None:
    t = np.linspace(0, 4, 400)
    signal = 130 + 45 * np.cos(2 * np.pi * t) + np.random.default_rng(0).normal(0, 3, t.size)
    reps = pose.count_reps(signal)
    assert len(reps) == 4
    assert all(r.start < r.bottom < r.end for r in reps)
    assert pose.count_reps(np.full(100, 150.0)) == []


def test_a_set_filmed_from_the_bottom_counts_every_rep_after_its_first_ascent() -> None:
    # Starts at the bottom (cos at pi), rises, then three full reps: the half rep at the start
    # is not counted, the three after it are (they used to read 0).
    t = np.linspace(0.5, 4.0, 350)
    signal = 130 + 45 * np.cos(2 * np.pi * t)
    assert len(pose.count_reps(signal)) == 3
    assert len(pose.count_reps(signal[::-1])) == 3  # and ending at the bottom


@pytest.mark.parametrize("spec", HANDWRITTEN, ids=[s["name"] for s in HANDWRITTEN])
def test_handwritten_sets_classified_and_counted(spec: dict) -> None:
    seq = build(spec)
    result = pose.analyse(seq.landmarks)
    assert result.exercise == spec["exercise"]
    assert len(result.reps) == spec["reps"]
    found = {f.fault for f in result.faults}
    assert {f for f, s in spec["severities"].items() if s >= 0.6} <= found | {"shallow_depth"}
    if not spec["severities"]:
        assert result.faults == []
        assert result.form_score > 95
        assert not result.breakdown


def test_shallow_caving_squat_has_cues_and_breakdown() -> None:
    result = pose.analyse(build(HANDWRITTEN[1]).landmarks, "squat")
    valgus = next(f for f in result.faults if f.fault == "knee_valgus")
    assert valgus.severity > 0.5
    assert "knees out" in valgus.cue
    good = pose.analyse(build(HANDWRITTEN[0]).landmarks, "squat")
    assert result.form_score < good.form_score - 25


def test_normalise_ignores_distance_and_yaw() -> None:
    lm = build(HANDWRITTEN[0]).landmarks
    a = np.radians(30)
    rot = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])
    moved = 2.5 * lm @ rot.T + np.array([1.0, -0.3, 4.0])
    assert np.allclose(pose.normalise(lm), pose.normalise(moved), atol=1e-6)


def test_bad_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="33"):
        pose.as_landmarks(np.zeros((4, 17, 3)))
    with pytest.raises(ValueError, match="unknown exercise"):
        pose.analyse(_still(), "curl")
