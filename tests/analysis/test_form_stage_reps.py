"""Reps counted from each frame's stage (issue 40): a rep is a "down" phase between "up" ones,
debounced so that a frame or two judged wrongly neither makes nor splits a rep; the working
joint's angle counts where no frame has a stage."""

from __future__ import annotations

import numpy as np
import pytest

from fitcoach.analysis import pose
from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build


def _stages(*runs: tuple[str | None, int]) -> list[str | None]:
    return [stage for stage, n in runs for _ in range(n)]


def _knee(stages: list[str | None], seed: int = 0) -> np.ndarray:
    """A knee angle that is low in "down" frames (a different depth each phase), high else."""
    rng = np.random.default_rng(seed)
    return np.array([100.0 if s == "down" else 175.0 for s in stages]) + rng.normal(
        0.0, 2.0, len(stages)
    )


def test_each_down_phase_between_up_phases_is_a_rep() -> None:
    stages = _stages(("up", 10), ("down", 12), ("up", 10), ("down", 12), ("up", 8))
    knee = _knee(stages)
    reps = pose.count_stage_reps(stages, knee)
    assert len(reps) == 2
    for rep, (first, last) in zip(reps, [(10, 21), (32, 43)], strict=True):
        assert first <= rep.bottom <= last
        assert rep.bottom == first + int(np.argmin(knee[first : last + 1]))
        assert rep.start < first  # from the top before the phase
        assert rep.end > last  # to the top after it
    assert reps[0].end <= reps[1].start


def test_one_noisy_frame_neither_makes_nor_splits_a_rep() -> None:
    stages = _stages(("up", 10), ("down", 12), ("up", 10), ("down", 12), ("up", 8))
    noisy = list(stages)
    noisy[4] = "down"  # a standing frame judged down
    noisy[16] = "up"  # a frame at the bottom judged up
    noisy[37] = "up"
    knee = _knee(stages)
    assert len(pose.count_stage_reps(noisy, knee)) == 2
    assert len(pose.count_stage_reps(noisy, knee, min_frames=2)) == 2
    # Without the debounce each wrong frame is a phase of its own: 5 reps, not 2.
    assert len(pose.count_stage_reps(noisy, knee, min_frames=1)) == 5
    # Two wrong frames in a row are still noise at three frames a phase, not at two.
    two = list(stages)
    two[4:6] = ["down", "down"]
    assert len(pose.count_stage_reps(two, knee)) == 2
    assert len(pose.count_stage_reps(two, knee, min_frames=2)) == 3


def test_frames_without_a_stage_keep_the_phase() -> None:
    stages = _stages(
        (None, 3), ("up", 8), ("down", 5), (None, 6), ("down", 3), ("up", 4), (None, 10), ("up", 3)
    )
    reps = pose.count_stage_reps(stages, _knee(stages))
    assert len(reps) == 1
    assert pose.stage_phases(stages) == [("up", 0, 10), ("down", 11, 24), ("up", 25, 41)]
    assert pose.stage_phases([None, None]) == []
    assert pose.count_stage_reps([None] * 5, np.full(5, 170.0)) == []


def test_half_reps_at_the_ends_are_not_counted() -> None:
    """A set filmed from the bottom, or stopped there, has that half rep left out, as the
    angle's count leaves it out."""
    stages = _stages(("down", 8), ("up", 10), ("down", 10), ("up", 10), ("down", 6))
    assert len(pose.count_stage_reps(stages, _knee(stages))) == 1
    assert pose.count_stage_reps(_stages(("up", 20)), np.full(20, 178.0)) == []


def test_without_an_angle_a_rep_spans_its_phase() -> None:
    stages = _stages(("up", 5), ("down", 6), ("up", 5))
    (rep,) = pose.count_stage_reps(stages, np.full(len(stages), np.nan))
    assert (rep.start, rep.bottom, rep.end) == (4, 7, 11)
    with pytest.raises(ValueError, match="16 stages"):
        pose.count_stage_reps(stages, np.ones(15))


@pytest.mark.parametrize("spec", HANDWRITTEN, ids=[s["name"] for s in HANDWRITTEN])
def test_analyse_counts_from_stages_where_given_else_from_the_angle(
    spec: dict[str, object],
) -> None:
    seq = build(spec)
    lm = np.array(seq.landmarks)
    by_angle = pose.analyse(lm, seq.exercise, coordinates="image")
    assert by_angle.reps_counted_from == "angle"
    assert len(by_angle.reps) == seq.reps
    # Stages from the working joint's own angle (low at the bottom): the same reps, bottoms
    # and so the same faults and score as the angle's count.
    work = pose.frame_series(pose.prepare(lm), seq.exercise, "image")["work"]
    lo, hi = np.nanpercentile(work, [5, 95])
    stages = ["down" if w < (lo + hi) / 2 else "up" for w in work]
    staged = pose.analyse(lm, seq.exercise, coordinates="image", stages=stages)
    assert staged.reps_counted_from == "stages"
    assert [r.bottom for r in staged.reps] == [r.bottom for r in by_angle.reps]
    assert staged.form_score == pytest.approx(by_angle.form_score)
    # No frame with a stage: the angle counts.
    unseen = pose.analyse(lm, seq.exercise, coordinates="image", stages=[None] * len(lm))
    assert unseen.reps_counted_from == "angle"
    assert len(unseen.reps) == seq.reps
    # Stages the other way round count other reps: the count follows the stages given.
    flipped = ["up" if s == "down" else "down" for s in stages]
    other = pose.analyse(lm, seq.exercise, coordinates="image", stages=flipped)
    assert [r.bottom for r in other.reps] != [r.bottom for r in by_angle.reps]
