"""The burnout models: features, generator determinism, training, the artefact, SHAP reasons."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable

from fitcoach.core.errors import InvalidInput
from fitcoach.ml import registry
from fitcoach.ml.burnout import explain, features
from fitcoach.ml.burnout.model import PACKAGED_ROOT, level_of, load_models
from fitcoach.pipelines import burnout as pipeline

try:
    import lifelines  # noqa: F401
    import shap  # noqa: F401
    import sklearn  # noqa: F401
except ImportError as exc:  # pragma: no cover - the ml extra is installed by make test
    HAVE_ML: str | None = str(exc)
else:
    HAVE_ML = None

TINY = pipeline.TrainConfig(
    athletes=60,
    days=150,
    seed=1,
    test_fraction=0.3,
    params={"n_estimators": 15},
    readiness_baseline=False,
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.TrainResult]:
    if HAVE_ML:
        unavailable(f"the ml extra is missing ({HAVE_ML})")
    root = tmp_path_factory.mktemp("models")
    return root, pipeline.train(TINY, root)


# --- features -----------------------------------------------------------------------------


def test_features_use_only_the_past() -> None:
    athlete = pipeline.simulate_athlete(3, 0, 120)
    full = features.daily_features(athlete.frame)
    cut = features.daily_features(athlete.frame.iloc[:80])
    pd.testing.assert_frame_equal(full.iloc[:80], cut)
    assert list(full.columns) == list(features.FEATURES)


def test_features_follow_the_engines_load_functions() -> None:
    from fitcoach.analysis import load as load_analysis

    athlete = pipeline.simulate_athlete(3, 1, 120)
    got = features.daily_features(athlete.frame)
    acwr = load_analysis.acwr_ewma(athlete.frame["load_au"])
    np.testing.assert_allclose(got["acwr"].to_numpy(), acwr.to_numpy(), equal_nan=True)
    # a rest day resets the run of training days
    loads = athlete.frame["load_au"].to_numpy()
    last_rest = int(np.nonzero(loads == 0)[0][-1])
    assert got["days_since_rest"].iloc[-1] == len(loads) - 1 - last_rest


def test_features_refuse_a_broken_frame() -> None:
    frame = pipeline.simulate_athlete(3, 2, 60).frame
    with pytest.raises(InvalidInput, match="lacks"):
        features.daily_features(frame.drop(columns=["mood"]))
    with pytest.raises(InvalidInput, match="consecutive"):
        features.daily_features(frame.drop(frame.index[10]))
    bad = frame.copy()
    bad.iloc[5, 0] = np.nan
    with pytest.raises(InvalidInput, match="load_au"):
        features.daily_features(bad)


def _holed(seed: int, days: int) -> pd.DataFrame:
    """A simulated frame with readings missing at random (some columns mostly, HRV some zeros)."""
    frame = pipeline.simulate_athlete(seed, 0, days).frame.copy()
    rng = np.random.default_rng(seed)
    for column, share in zip(features.READINGS, (0.1, 0.3, 0.0, 0.8, 0.2, 1.0), strict=True):
        frame.loc[rng.random(days) < share, column] = np.nan
    frame.loc[rng.random(days) < 0.05, "hrv_rmssd_ms"] = 0.0
    return frame


@pytest.mark.parametrize(("seed", "days"), [(4, 5), (5, 45), (6, 200)])
def test_features_are_their_definitions_to_the_bit(seed: int, days: int) -> None:
    """Every rolling feature equals its definition written per series with pandas (the
    feature code takes each window over several columns at once, and works on arrays)."""
    frame = _holed(seed, days)
    got = features.daily_features(frame)
    week, month = features.WEEK, features.MONTH
    low_w, low_m = features.MIN_WEEK_READINGS, features.MIN_MONTH_READINGS
    base_days, base_min = features.BASELINE_DAYS, features.BASELINE_MIN

    def mean(series: pd.Series, n: int, low: int) -> pd.Series:
        return series.rolling(n, min_periods=low).mean()

    def sd(series: pd.Series, n: int, low: int) -> pd.Series:
        return series.rolling(n, min_periods=low).std(ddof=1)

    load = frame["load_au"]
    ln_hrv = np.log(frame["hrv_rmssd_ms"].where(frame["hrv_rmssd_ms"] > 0))
    floor = features.readiness_analysis.LN_RMSSD_SD_FLOOR
    base_sd = sd(ln_hrv, base_days, base_min).clip(lower=floor)
    ff = features.load_analysis.fitness_fatigue(load)
    ctl = ff["ctl"]
    varied, strained = features.load_analysis.monotony_and_strain(load)
    expected = {
        "monotony": varied.clip(upper=10.0),
        "strain_k": strained.clip(upper=50_000.0) / 1000.0,
        "form_pct": ((ctl - ff["atl"]) / ctl.where(ctl > 1.0) * 100.0).clip(-300.0, 100.0),
        "load_trend": (mean(load, week, week) - mean(load, month, month))
        / (mean(load, month, month) + 50.0),
        "sleep_sd_7d": sd(frame["sleep_h"], week, low_w),
        "hrv_z_7d": (
            (mean(ln_hrv, week, low_w) - mean(ln_hrv, base_days, base_min)) / base_sd
        ).clip(-10.0, 10.0),
        "hrv_sd_7d": sd(ln_hrv, week, low_w),
        "rhr_delta_7d": mean(frame["resting_hr_bpm"], week, low_w)
        - mean(frame["resting_hr_bpm"], base_days, base_min),
    }
    for name, column in (("sleep", "sleep_h"), ("soreness",) * 2, ("mood",) * 2, ("energy",) * 2):
        expected[f"{name}_7d"] = mean(frame[column], week, low_w)
        expected[f"{name}_trend"] = mean(frame[column], week, low_w) - mean(
            frame[column], month, low_m
        )
    for name, series in expected.items():
        np.testing.assert_array_equal(got[name].to_numpy(), series.to_numpy(dtype=float), name)
    assert got["hrv_z_7d"].notna().any() or days < base_min  # the HRV path was exercised


def test_hrv_below_baseline_shows_as_a_negative_z() -> None:
    days = pd.date_range("2025-01-01", periods=90, freq="D")
    frame = pd.DataFrame(dict.fromkeys(features.FRAME_COLUMNS, 3.0), index=days)
    frame["load_au"] = 300.0
    frame["hrv_rmssd_ms"] = np.where(np.arange(90) < 80, 70.0 + np.arange(90) % 3, 45.0)
    got = features.daily_features(frame)
    assert got["hrv_z_7d"].iloc[-1] < -2  # the 60-day baseline holds the low days too
    assert got["hrv_z_7d"].iloc[70] == pytest.approx(0.0, abs=1.0)


# --- the generator ------------------------------------------------------------------------


def test_generator_is_deterministic_by_seed_and_per_athlete() -> None:
    a = pipeline.simulate_athlete(5, 3, 200)
    b = pipeline.generate(4, 200, 5)[3]
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert (a.archetype, a.event_day) == (b.archetype, b.event_day)
    c = pipeline.simulate_athlete(6, 3, 200)
    assert not a.frame["load_au"].equals(c.frame["load_au"])


def test_generator_events_follow_strain() -> None:
    cohort = [
        pipeline.simulate_athlete(0, i, 365, archetype=name)
        for name in ("balanced", "overworked")
        for i in range(40)
    ]
    share = {
        name: np.mean([a.event_day is not None for a in cohort if a.archetype == name])
        for name in ("balanced", "overworked")
    }
    assert share["overworked"] > share["balanced"] + 0.15
    athlete = next(a for a in cohort if a.event_day is not None)
    assert len(athlete.frame) == athlete.event_day + 1  # the record ends on the event


def test_snapshot_labels_match_the_events() -> None:
    cohort = pipeline.generate(30, 200, 2)
    rows = pipeline.snapshots(cohort)
    by = {a.index: a for a in cohort}
    for a, t, label, duration, event in zip(
        rows.athlete, rows.day, rows.label, rows.duration, rows.event, strict=True
    ):
        ev = by[int(a)].event_day
        assert t < len(by[int(a)].frame) - 1
        assert label == int(ev is not None and 0 < ev - t <= features.HORIZON_DAYS)
        assert event == int(ev is not None)
        assert duration == (ev - t if ev is not None else len(by[int(a)].frame) - 1 - t)


# --- training, the artefact, the reasons --------------------------------------------------


def test_train_splits_by_athlete_and_reports_beside_the_rules(
    trained: tuple[Path, pipeline.TrainResult],
) -> None:
    _, result = trained
    held = result.metrics["held_out"]
    assert held["athletes"] == round(TINY.athletes * TINY.test_fraction)
    for key in ("gb_auc", "rf_auc", "acwr_auc", "cox_cindex", "gb_brier", "base_rate_brier"):
        assert held[key] is not None
    assert 0.0 <= held["gb_brier"] <= 1.0
    assert len(held["gb_reliability"]) == 10
    assert result.metrics["trained_on"]["athletes"] == TINY.athletes - held["athletes"]
    assert set(result.metrics["hand_written"]["pairs_in_order"]) == {
        "gb",
        "rf",
        "cox",
        "acwr",
        "readiness",
    }
    assert result.manifest.metrics["gb_auc"] == held["gb_auc"]


def test_split_holds_out_whole_athletes() -> None:
    ids = list(range(50))
    test = pipeline.split(ids, 0.2, 3)
    assert len(test) == 10
    assert test == pipeline.split(ids, 0.2, 3)
    assert test != pipeline.split(ids, 0.2, 4)


def test_training_is_deterministic_by_seed(
    trained: tuple[Path, pipeline.TrainResult], tmp_path: Path
) -> None:
    _root, first = trained
    again = pipeline.train(TINY, tmp_path)
    assert again.manifest.version == first.manifest.version
    assert again.manifest.files == first.manifest.files  # the same bytes
    frame = pipeline.simulate_athlete(9, 1, 120).frame
    x = first.models.matrix(features.daily_features(frame).iloc[[-1]])
    assert again.models.rf_probability(x)[0] == first.models.rf_probability(x)[0]


def test_saved_models_load_and_score_the_same(
    trained: tuple[Path, pipeline.TrainResult],
) -> None:
    root, result = trained
    models, manifest = load_models(root)
    assert manifest.version == result.manifest.version
    frame = pipeline.simulate_athlete(9, 0, 120).frame
    x = models.matrix(features.daily_features(frame).iloc[[-1]])
    assert models.gb_probability(x)[0] == pytest.approx(result.models.gb_probability(x)[0])
    assert models.cox_hazard(x)[0] == pytest.approx(result.models.cox_hazard(x)[0])


def test_loading_refuses_another_schema_and_a_changed_file(
    trained: tuple[Path, pipeline.TrainResult], tmp_path: Path
) -> None:
    root, result = trained
    other = {**features.schema(), "features": ["acwr"]}
    with pytest.raises(registry.ArtefactError, match="another schema"):
        registry.load(root, "burnout", schema=other)
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(root, copy)
    meta = copy / "burnout" / result.manifest.version / "meta.json"
    changed = json.loads(meta.read_text())
    changed["medians"]["acwr"] = 9.0
    meta.write_text(json.dumps(changed))
    with pytest.raises(registry.ArtefactError, match="does not match"):
        load_models(copy)


def test_shap_reasons_add_up_and_read_as_sentences(
    trained: tuple[Path, pipeline.TrainResult],
) -> None:
    _, result = trained
    models = result.models
    frame = pipeline.history_frames()["functional overreaching sliding into burnout"][1]
    row = features.daily_features(frame).iloc[[-1]]
    x = models.matrix(row)
    ex = explain.explainer(models.gb)
    contributions = explain.shap_values(ex, x)[0]
    base = float(np.ravel(ex.expected_value)[-1])
    p = models.gb_probability(x)[0]
    assert base + contributions.sum() == pytest.approx(np.log(p / (1 - p)), abs=1e-6)
    reasons = explain.reasons(row.to_numpy()[0], contributions, top=3)
    assert all(r.shap >= explain.MIN_SHARE for r in reasons)
    assert [r.shap for r in reasons] == sorted((r.shap for r in reasons), reverse=True)
    for r in reasons:
        assert r.text.endswith(".")
        assert "{" not in r.text


def test_small_shares_make_no_sentence() -> None:
    raw = np.full(len(features.FEATURES), 1.0)
    raw[2] = np.nan
    shares = np.zeros(len(features.FEATURES))
    shares[[0, 1, 2, 3]] = [0.5, 0.05, 0.3, -0.8]
    got = explain.reasons(raw, shares, top=3)
    assert [r.feature for r in got] == [features.FEATURES[0], features.FEATURES[2]]
    assert got[1].value is None
    assert "typical value" in got[1].text
    both = explain.reasons(raw, shares, top=3, raising_only=False)
    assert [r.feature for r in both] == [features.FEATURES[i] for i in (3, 0, 2)]


def test_reason_wording_covers_every_feature_and_says_when_a_value_is_missing() -> None:
    assert set(explain.WORDING) == set(features.FEATURES)
    assert "typical" in explain.sentence("sleep_7d", None, 0.3)
    assert (
        explain.sentence("sleep_7d", 5.8, 0.3) == "Your sleep averaged 5.8 h over the last 7 days."
    )


def test_levels() -> None:
    assert [level_of(p) for p in (0.01, 0.02, 0.049, 0.05, 0.2)] == [
        "low",
        "moderate",
        "moderate",
        "high",
        "high",
    ]


def test_the_packaged_artefact_loads_and_verifies() -> None:
    if HAVE_ML:
        unavailable(f"the ml extra is missing ({HAVE_ML})")
    models, manifest = load_models(None)
    assert manifest.name == "burnout"
    assert manifest.params["athletes"] >= 1000
    size = sum(p.stat().st_size for p in (PACKAGED_ROOT / "burnout").rglob("*") if p.is_file())
    assert size < 5_000_000
    histories = pipeline.history_frames()
    low = models.matrix(
        features.daily_features(histories["steady recreational lifter"][1]).iloc[[-1]]
    )
    high = models.matrix(
        features.daily_features(histories["functional overreaching sliding into burnout"][1]).iloc[
            [-1]
        ]
    )
    assert models.gb_probability(high)[0] > models.gb_probability(low)[0]
