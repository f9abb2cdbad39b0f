"""Choosing the push-up judgment by cross-validation on development clips (``pushup_select``):
the choice rule, folds that hold each development clip out once, the stored selection's choice
following from its own out-of-fold answers, and (on the real clips; skipped without the shared
``pushfit-landmarks`` copy) the candidates that need no torch giving the stored answers again
and the reps sample counted by eye covering the drawn clips."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest
from tests.conftest import shared_data, unavailable

from research.validation import pushup_reps as pr
from research.validation import pushup_select as sel


@pytest.fixture(autouse=True)
def _scikit_learn() -> None:
    """The ml extra; without it the rule's tests cover the product."""
    if importlib.util.find_spec("sklearn") is None:
        unavailable("scikit-learn is not installed; pip install 'fitcoach[ml]'")


def test_the_best_wins_and_a_tie_goes_to_the_simpler() -> None:
    assert sel.choose({"rule": 0.70, "boosting_faults": 0.76, "gnn_x5": 0.75}) == "boosting_faults"
    assert sel.choose({"rule": 0.755, "boosting_faults": 0.76}) == "rule"  # within 0.01
    assert sel.choose({"gnn_x5": 0.80, "gnn_x1": 0.795}) == "gnn_x1"


def test_the_folds_hold_every_clip_out_once_stratified() -> None:
    wrong = np.array([False] * 84 + [True] * 73)
    parts = sel.folds(wrong)
    assert len(parts) == sel.FOLDS
    assert sorted(np.concatenate(parts).tolist()) == list(range(len(wrong)))
    for part in parts:
        assert abs(wrong[part].mean() - wrong.mean()) < 0.05
    assert [p.tolist() for p in sel.folds(wrong)] == [p.tolist() for p in parts]


def test_the_stored_choice_follows_from_its_answers() -> None:
    data = json.loads(sel.STORED.read_text())
    wrong = np.array([k.startswith("wrong/") for k in data["clips"]])
    answers = {n: np.array(v) for n, v in data["out_of_fold"].items()}
    selection = sel.Selection(data["clips"], wrong, answers)
    assert selection.chosen == data["chosen"] == "boosting_faults"
    assert set(answers) == set(sel.CANDIDATES)
    for name, value in selection.figures().items():
        assert round(value, 4) == data["balanced_accuracy"][name]


def test_the_candidates_without_torch_give_the_stored_answers_again() -> None:
    root = shared_data("pushfit-landmarks")
    stored = json.loads(sel.STORED.read_text())
    again = sel.select(root, gnn=False)
    assert again.keys == stored["clips"]
    for name in sel.CANDIDATES[:4]:
        assert np.allclose(again.answers[name], stored["out_of_fold"][name], atol=1e-6), name


def test_the_counted_reps_cover_the_drawn_sample() -> None:
    rows = pr.read_counts()
    assert [(r["clip"], r["side"]) for r in rows] == pr.sample()
    assert {r["side"] for r in rows} == {"development", "held_out"}
    assert all(int(r["reps_counted"]) >= 0 and r["counted_by"] for r in rows)


def test_the_reps_found_against_the_counted_are_the_cards() -> None:
    result = pr.compare(root=shared_data("pushfit-landmarks"))
    assert len(result.rows) == 40
    assert round(result.mae[0], 2) == 0.17
    assert sum(r.found == r.counted for r in result.rows) == 33
    assert all(abs(r.found - r.counted) <= 1 for r in result.rows)
