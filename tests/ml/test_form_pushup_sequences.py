"""The GNN-LSTM on push-up sequences (``ml.form.pushup_sequences``): its input from image
landmarks, the mirroring it trains with, that one seed trains it to the same weights, and that
it learns a difference in the body line. Push-ups are drawn here from the side (``push_ups`` of
the form-check notes' tests)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray
from tests.conftest import unavailable
from tests.services.test_form_validation_notes import push_ups

from fitcoach.analysis import pose

try:
    from fitcoach.ml.form import pushup_sequences as seq
except ImportError:  # torch is not installed (the ml extra)
    seq = None  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def torch_installed() -> None:
    if seq is None:
        unavailable("torch is not installed (the ml extra)")


def _clips(n: int, sag: float, seed: int) -> list[NDArray[np.float64]]:
    rng = np.random.default_rng(seed)
    return [
        push_ups(150.0 + 10 * rng.random(), bottom_deg=55.0 + 10 * rng.random(), sag=sag, reps=2)
        + rng.normal(0.0, 0.002, size=(1, pose.N_LANDMARKS, 3))
        for _ in range(n)
    ]


def test_the_input_is_the_seeds_features_in_the_image_plane() -> None:
    clip = push_ups(160.0)
    x = seq.sequence(clip)
    assert x.shape == (64, 33, 4)
    assert np.all(x[:, :, 2] == 0.0)  # image z is left out
    deep = clip.copy()
    deep[..., 2] = np.random.default_rng(0).normal(size=deep.shape[:2])
    assert np.array_equal(seq.sequence(deep), x)


def test_mirroring_swaps_the_sides_and_negates_x() -> None:
    x = seq.batch([push_ups(160.0)])
    m = seq._mirrored(x)
    left, right = pose.IDX["left_elbow"], pose.IDX["right_elbow"]
    assert np.array_equal(m[..., left, 0], -x[..., right, 0])
    assert np.array_equal(m[..., left, 1:], x[..., right, 1:])
    assert np.array_equal(seq._mirrored(m), x)


def test_one_seed_trains_the_same_weights_and_it_learns_sagging_hips() -> None:
    clips = _clips(12, 0.0, 1) + _clips(12, 0.07, 2)
    x = seq.batch(clips)
    wrong = np.array([False] * 12 + [True] * 12)
    first = seq.train(x, wrong, epochs=12)
    again = seq.train(x, wrong, epochs=12)
    new = seq.batch(_clips(4, 0.0, 3) + _clips(4, 0.07, 4))
    p = seq.wrong_probability(first.net, new)
    assert np.array_equal(p, seq.wrong_probability(again.net, new))
    assert p[4:].min() > p[:4].max()  # new sagging sets read as wrong, straight ones not
