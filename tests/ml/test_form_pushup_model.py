"""The learned push-up verdict (``ml.form.pushup_model``): its input is the rule's measures, one
seed fits one model, the product judges a push-up by it where it runs (the rule's faults still
named in words) and by the calibrated rule where it cannot, a tampered artefact is refused, and
on the real clips (skipped without the shared ``pushfit-landmarks`` copy) the packaged artefact
is the one the development clips make and the product's path gives the card's held-out figure.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from tests.cli.test_form_cli import (  # the command's fixtures and helpers
    _fake_pose,
    _flat,
    _json,
    _run,
    _use_pose,
    cwd,  # noqa: F401 (a fixture)
    video,  # noqa: F401 (a fixture)
)
from tests.conftest import shared_data, unavailable
from tests.services.test_form_check_refusals import _track
from tests.services.test_form_validation_notes import push_ups

from fitcoach.analysis import pose, pushup
from fitcoach.ml import registry
from fitcoach.ml.form import pushup_model as pm
from fitcoach.services import form_check


@pytest.fixture(autouse=True)
def _scikit_learn() -> None:
    """The ml extra; without it the rule's tests cover the product."""
    if importlib.util.find_spec("sklearn") is None:
        unavailable("scikit-learn is not installed; pip install 'fitcoach[ml]'")


def _measures(landmarks: NDArray[np.float64]) -> pushup.SetMeasures:
    return pushup.measure(pose.prepare(landmarks))


def _synthetic(seed: int, n: int = 60) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Six measures per set where wrong sets have their hips further off the line."""
    rng = np.random.default_rng(seed)
    wrong = rng.random(n) < 0.5
    x = rng.normal([8.0, 20.0, 60.0, 30.0, 40.0, 0.0], 4.0, size=(n, 6))
    x[wrong, 0] += 25.0
    x[wrong, 5] -= 25.0
    return x, wrong


def _checked(landmarks: NDArray[np.float64]) -> form_check.FormResult:
    analysis = form_check.assess_track(_track(landmarks), "push-up", model_dir=None)
    return form_check.result_of(analysis, set_id=1, logged_reps=4)


class _Always:
    """A model answering one probability for every set (the case no single measure explains)."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict_proba(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.tile([1.0 - self.p, self.p], (len(x), 1))


def test_the_input_is_the_rules_measures_and_the_hips_side() -> None:
    m = _measures(push_ups(150.0, bottom_deg=55.0, sag=0.06))
    x = pm.features(m)
    assert x.shape == (6,)
    assert list(x[:5]) == [m.values[n] for n in pushup.MEASURES]
    assert x[5] == m.hips_side < 0  # sagging: below the line


def test_one_seed_fits_one_model_and_it_learns_the_measures() -> None:
    x, wrong = _synthetic(1)
    first, again = pm.fit(x, wrong), pm.fit(x, wrong)
    new, new_wrong = _synthetic(2, 40)
    p = pm.wrong_probability(first, new)
    assert np.array_equal(p, pm.wrong_probability(again, new))
    assert 0.5 * (np.mean(p[new_wrong] >= 0.5) + np.mean(p[~new_wrong] < 0.5)) > 0.9


def test_the_product_judges_a_push_up_by_the_model_with_the_faults_in_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Straight and sagging sets, repeated with a little noise (the trees' leaves need 20 sets).
    pair = [pm.features(_measures(push_ups(150.0, bottom_deg=55.0, sag=s))) for s in (0.0, 0.06)]
    x = np.stack(pair * 40)
    noisy = x + np.random.default_rng(0).normal(0.0, 0.5, x.shape)
    model = pm.fit(noisy, np.tile([False, True], 40))
    monkeypatch.setattr(pm, "_packaged", lambda: pm.Loaded(model, "test"))
    broken = _checked(push_ups(150.0, bottom_deg=55.0, sag=0.06))
    assert broken.breakdown is True
    assert [f.fault for f in broken.faults] == ["hips_sagging"]
    assert broken.faults[0].cue == pushup.CUES["hips_sagging"]
    assert broken.faults[0].validated_on_real_data is False
    assert broken.confidence_note == form_check.PUSH_UP_MODEL_NOTE
    assert broken.scored_by.startswith("rule, push-up verdict by pushup_verdict test")
    clean = _checked(push_ups(150.0, bottom_deg=55.0))
    assert clean.breakdown is False
    assert clean.faults == []
    assert clean.confidence_note == form_check.PUSH_UP_MODEL_NOTE


def test_the_command_gives_the_models_verdict_with_the_faults_in_words(
    monkeypatch: pytest.MonkeyPatch,
    cwd: Path,  # noqa: F811 (the imported fixture)
    video: Path,  # noqa: F811
) -> None:
    monkeypatch.setattr(pm, "_packaged", lambda: pm.Loaded(_Always(0.9), "test"))
    _use_pose(monkeypatch, _fake_pose(cwd, push_ups(150.0, bottom_deg=55.0, sag=0.06)))
    out = _json(str(video), "-e", "push-up")
    assert out["breakdown"] is True
    assert out["confidence_note"] == form_check.PUSH_UP_MODEL_NOTE
    assert [f["fault"] for f in out["faults"]] == ["hips_sagging"]
    words = _flat(_run(str(video), "-e", "push-up").stdout)
    assert form_check.PUSH_UP_MODEL_NOTE in words
    assert "hips sagging" in words
    assert "Squeeze glutes and brace" in words


def test_a_breakdown_no_single_measure_explains_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pm, "_packaged", lambda: pm.Loaded(_Always(0.9), "test"))
    result = _checked(push_ups(150.0, bottom_deg=55.0))
    assert result.breakdown is True
    assert result.faults == []
    assert result.confidence_note.endswith(form_check.PUSH_UP_MODEL_NO_FAULT)
    monkeypatch.setattr(pm, "_packaged", lambda: pm.Loaded(_Always(0.1), "test"))
    hinted = _checked(push_ups(150.0, bottom_deg=55.0, sag=0.06))
    assert hinted.breakdown is False
    assert [f.fault for f in hinted.faults] == ["hips_sagging"]
    assert hinted.confidence_note.endswith(form_check.PUSH_UP_MODEL_GOOD)


def test_where_the_model_cannot_run_the_rule_judges(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> Any:
        raise ImportError("No module named 'sklearn'")

    monkeypatch.setattr(pm, "_packaged", missing)
    judgement = pm.judge(_measures(push_ups(150.0, bottom_deg=55.0, sag=0.06)))
    assert judgement.probability is None
    assert "sklearn" in judgement.reason
    result = _checked(push_ups(150.0, bottom_deg=55.0, sag=0.06))
    assert result.breakdown is True  # the calibrated rule finds the hips off the line
    assert result.confidence_note == form_check.PUSH_UP_VERDICT_NOTE


def test_a_tampered_artefact_is_refused(tmp_path: Path) -> None:
    shutil.copytree(pm.PACKAGED_ROOT / pm.NAME, tmp_path / pm.NAME)
    (version,) = [p for p in (tmp_path / pm.NAME).iterdir() if p.is_dir()]
    (version / "model.pkl.gz").write_bytes(b"not the model")
    with pytest.raises(registry.ArtefactError):
        pm.load(tmp_path)


def test_the_packaged_artefact_is_the_development_clips_and_the_card_figure_holds() -> None:
    """Retraining from the development clips gives the packaged version and bytes; the product's
    path (``ml.form.assess`` on each held-out clip's image landmarks) gives the card's held-out
    balanced accuracy as applied (sets the rule cannot read are not judged)."""
    from fitcoach.ml import form
    from research.validation import pushup_check as pc
    from research.validation import pushup_select as sel
    from research.validation import pushup_split as ps

    root = shared_data("pushfit-landmarks")
    data = pm.data_fingerprint(root)
    packaged = pm.load()
    assert packaged.version == registry.version_of(data, pm.PARAMS, pm.SCHEMA)
    model, clips = pm.train(root)
    assert clips == 157
    # The same model, judged by what it holds and answers: its pickle's bytes also follow which
    # equal strings the process happens to share (a model loaded first changes the memo).
    assert model.get_params() == packaged.model.get_params()
    assert model.n_iter_ == packaged.model.n_iter_
    dev = np.stack(
        [
            pm.features(pc.clip_of(key, label, raw).measures)
            for key, label, raw in ps.load("development", root)
        ]
    )
    assert np.array_equal(model.predict_proba(dev), packaged.model.predict_proba(dev))
    assert sel.stored_choice() == "boosting_faults"
    wrong, flagged = [], []
    for _, label, raw in ps.load("held_out", root):
        g = form.assess(pc.image_landmarks(raw), "push_up", coordinates="image", use_model=False)
        assert g.geometry.verdict in {"model", "not_judged"}
        wrong.append(label == "wrong")
        flagged.append(g.geometry.breakdown)
    w, f = np.array(wrong), np.array(flagged)
    balanced = 0.5 * (f[w].mean() + (~f[~w]).mean())
    assert round(float(balanced), 3) == pm.HELD_OUT_AS_APPLIED
