"""The risk model: features (missing inputs included), the simulator family's structure,
training across it, the artefact, SHAP reasons and the real-data gate."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable

from fitcoach.core.errors import InvalidInput
from fitcoach.ml import registry
from fitcoach.ml.burnout import explain, features
from fitcoach.ml.burnout import gate as risk_gate
from fitcoach.ml.burnout.model import PACKAGED_ROOT, Levels, load, load_models
from fitcoach.ml.burnout.scoring import Scorer
from fitcoach.pipelines import burnout as pipeline

try:
    import shap  # noqa: F401
    import sklearn  # noqa: F401
except ImportError as exc:  # pragma: no cover - the ml extra is installed by make test
    HAVE_ML: str | None = str(exc)
else:
    HAVE_ML = None

TINY = pipeline.TrainConfig(
    athletes=14,
    days=160,
    seed=1,
    test_fraction=0.3,
    every=3,
    params={"gb_max_iter": 25, "gb_min_samples_leaf": 20},
    n_boot=20,
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.TrainResult]:
    if HAVE_ML:
        unavailable(f"the ml extra is missing ({HAVE_ML})")
    root = tmp_path_factory.mktemp("models")
    return root, pipeline.train(TINY, root)


# --- features -----------------------------------------------------------------------------


def test_features_use_only_the_past() -> None:
    athlete = pipeline.simulate_athlete(3, "acwr_spike", 0, 120)
    full = features.daily_features(athlete.frame)
    cut = features.daily_features(athlete.frame.iloc[:80])
    pd.testing.assert_frame_equal(full.iloc[:80], cut)
    assert list(full.columns) == list(features.FEATURES)


def test_features_follow_the_engines_load_functions() -> None:
    from fitcoach.analysis import load as load_analysis

    athlete = pipeline.simulate_athlete(3, "chronic_u", 1, 120)
    got = features.daily_features(athlete.frame)
    load = athlete.frame["load_au"]
    np.testing.assert_allclose(got["acwr"], load_analysis.acwr_ewma(load), equal_nan=True)
    np.testing.assert_allclose(
        got["acwr_rolling"], load_analysis.acwr_rolling(load), equal_nan=True
    )
    np.testing.assert_allclose(got["load_7d"], load.rolling(7).mean(), equal_nan=True)
    np.testing.assert_allclose(got["load_28d"], load.rolling(28).mean(), equal_nan=True)
    loads = load.to_numpy()
    last_rest = int(np.nonzero(loads == 0)[0][-1])
    assert got["days_since_rest"].iloc[-1] == len(loads) - 1 - last_rest


def test_features_refuse_a_broken_frame() -> None:
    frame = pipeline.simulate_athlete(3, "strain", 2, 60).frame
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
    frame = pipeline.simulate_athlete(seed, "acwr_spike", 0, days).frame.copy()
    rng = np.random.default_rng(seed)
    frame["hrv_rmssd_ms"] = rng.lognormal(4.0, 0.2, days).round(1)
    frame["resting_hr_bpm"] = rng.normal(55, 3, days).round()
    frame["sleep_h"] = rng.normal(7.5, 0.6, days).round(2)
    frame[["soreness", "mood", "energy"]] = rng.integers(1, 6, (days, 3)).astype(float)
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

    def missing(series: pd.Series) -> pd.Series:
        return (series.notna().astype(float).rolling(week, min_periods=1).sum() < low_w).astype(
            float
        )

    load = frame["load_au"]
    ln_hrv = np.log(frame["hrv_rmssd_ms"].where(frame["hrv_rmssd_ms"] > 0))
    floor = features.readiness_analysis.LN_RMSSD_SD_FLOOR
    base_sd = sd(ln_hrv, base_days, base_min).clip(lower=floor)
    ff = features.load_analysis.fitness_fatigue(load)
    ctl = ff["ctl"]
    varied, strained = features.load_analysis.monotony_and_strain(load)
    any_item = frame[["soreness", "mood", "energy"]].notna().any(axis=1)
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
        "hrv_missing": missing(ln_hrv),
        "rhr_missing": missing(frame["resting_hr_bpm"]),
        "sleep_missing": missing(frame["sleep_h"]),
    }
    for name, column in (("sleep", "sleep_h"), ("soreness",) * 2, ("mood",) * 2, ("energy",) * 2):
        expected[f"{name}_7d"] = mean(frame[column], week, low_w)
        expected[f"{name}_trend"] = mean(frame[column], week, low_w) - mean(
            frame[column], month, low_m
        )
    for name, series in expected.items():
        np.testing.assert_array_equal(got[name].to_numpy(), series.to_numpy(dtype=float), name)
    # wellness counts as missing only when no item reached 3 readings in the week
    counts = frame[["soreness", "mood", "energy"]].notna().astype(float).rolling(week, 1).sum()
    np.testing.assert_array_equal(
        got["wellness_missing"].to_numpy(), (counts.max(axis=1) < low_w).astype(float).to_numpy()
    )
    assert any_item.any() or days < 7
    assert got["hrv_z_7d"].notna().any() or days < base_min  # the HRV path was exercised


def test_without_hrv_and_resting_hr_the_indicators_say_so_and_nothing_else_breaks() -> None:
    frame = _holed(7, 90)
    bare = frame.assign(hrv_rmssd_ms=np.nan, resting_hr_bpm=np.nan)
    got = features.daily_features(bare)
    assert (got["hrv_missing"] == 1.0).all()
    assert (got["rhr_missing"] == 1.0).all()
    assert got[["hrv_z_7d", "hrv_sd_7d", "rhr_delta_7d"]].isna().all().all()
    full = features.daily_features(frame.assign(hrv_rmssd_ms=60.0, resting_hr_bpm=52.0))
    assert (full["hrv_missing"].iloc[2:] == 0.0).all()
    assert (full["rhr_missing"].iloc[2:] == 0.0).all()
    # the load and wellness features do not depend on whether the heart inputs exist
    same = [f for f in features.FEATURES if not f.startswith(("hrv", "rhr"))]
    pd.testing.assert_frame_equal(got[same], full[same])
    assert set(features.MISSING_INDICATORS) <= set(features.FEATURES)


def test_hrv_below_baseline_shows_as_a_negative_z() -> None:
    days = pd.date_range("2025-01-01", periods=90, freq="D")
    frame = pd.DataFrame(dict.fromkeys(features.FRAME_COLUMNS, 3.0), index=days)
    frame["load_au"] = 300.0
    frame["hrv_rmssd_ms"] = np.where(np.arange(90) < 80, 70.0 + np.arange(90) % 3, 45.0)
    got = features.daily_features(frame)
    assert got["hrv_z_7d"].iloc[-1] < -2  # the 60-day baseline holds the low days too
    assert got["hrv_z_7d"].iloc[70] == pytest.approx(0.0, abs=1.0)


# --- the simulator family -------------------------------------------------------------------


def test_simulators_are_deterministic_by_seed_shape_and_athlete() -> None:
    a = pipeline.simulate_athlete(5, "cumulative_load", 3, 200)
    b = pipeline.generate(4, 200, 5, shapes=("cumulative_load",))[3]
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.onsets.tolist() == b.onsets.tolist()
    np.testing.assert_array_equal(a.latent, b.latent)
    c = pipeline.simulate_athlete(6, "cumulative_load", 3, 200)
    assert not a.frame["load_au"].equals(c.frame["load_au"])
    d = pipeline.simulate_athlete(5, "chronic_u", 3, 200)
    assert not np.array_equal(a.latent, d.latent)
    with pytest.raises(InvalidInput, match="unknown hazard shape"):
        pipeline.simulate_athlete(5, "linear", 0, 100)


def test_the_causes_no_feature_sees_stay_out_of_the_frame_and_the_features() -> None:
    athlete = pipeline.simulate_athlete(8, "acwr_spike", 0, 200)
    assert list(athlete.frame.columns) == list(features.FRAME_COLUMNS)
    hidden = {"fragility", "capacity", "stress", "ill", "illness", "hazard", "latent", "state"}
    assert not hidden & set(features.FEATURES)
    assert not hidden & set(athlete.frame.columns)
    # the causes vary between athletes and over days, so they carry information no feature has
    family = [pipeline.simulate_athlete(8, "acwr_spike", i, 200) for i in range(12)]
    assert np.std([a.fragility for a in family]) > 0.2
    assert all(np.std(a.stress) > 0.3 for a in family)
    assert any(a.ill.any() for a in family)


def _expected_latent(a: pipeline.Athlete, t: int) -> float:
    """The documented hazard, written from the athlete's own loads and hidden causes."""
    load = a.frame["load_au"].to_numpy()
    acute = load[max(0, t - 6) : t + 1].mean()
    chronic = load[max(0, t - 27) : t + 1].mean()
    if a.shape == "acwr_spike":
        g = 1 + 8 / (1 + math.exp(-((acute / chronic if chronic > 0 else 1.0) - 1.5) / 0.1))
    elif a.shape == "cumulative_load":
        g = 1 + 7 / (1 + math.exp(-(load[max(0, t - 20) : t + 1].sum() / a.capacity - 1) / 0.03))
    else:
        u = math.log((chronic + 30) / 300) / math.log(3)
        g = 1 + 5 * min(1.0, u * u)
    h0 = pipeline.H0[a.shape]
    return min(0.5, h0 * a.fragility * math.exp(0.35 * a.stress[t]) * (1 + 2 * a.ill[t]) * g)


@pytest.mark.parametrize("shape", ["acwr_spike", "cumulative_load", "chronic_u"])
def test_each_hazard_follows_its_documented_shape(shape: str) -> None:
    athlete = pipeline.simulate_athlete(9, shape, 1, 220)
    for t in range(30, 220, 7):
        assert athlete.latent[t] == pytest.approx(_expected_latent(athlete, t), rel=1e-9)
    # while out injured no onset can happen, and the hazard counted is 0
    assert (athlete.hazard[athlete.out] == 0).all()
    assert not athlete.out[athlete.onsets].any()


def test_the_shapes_differ_as_specified() -> None:
    # logistic in ACWR: flat up to 1.0, steep through 1.5, flat again above 1.8
    spike = [pipeline.g_acwr_spike(r) for r in (0.8, 1.0, 1.5, 1.8, 2.5)]
    assert spike[1] - spike[0] < 0.1
    assert spike[3] - spike[2] > 3
    assert spike[4] - spike[3] < 0.5
    assert spike[2] == pytest.approx(5.0)
    # a threshold in the 21-day load against the capacity
    cap = 6000.0
    below, at, above = (pipeline.g_cumulative_load(x * cap, cap) for x in (0.8, 1.0, 1.2))
    assert below < 1.02
    assert at == pytest.approx(4.5)
    assert above > 7.98
    # U-shaped in the chronic load: lowest near 270 AU/day, higher on both sides
    u = {c: pipeline.g_chronic_u(c) for c in (20.0, 100.0, 270.0, 600.0, 1200.0)}
    assert u[270.0] == pytest.approx(1.0)
    assert u[100.0] > u[270.0] < u[600.0]
    assert u[20.0] > u[100.0]
    assert u[1200.0] > u[600.0]


def test_rows_label_an_onset_within_the_horizon_and_skip_days_out() -> None:
    cohort = pipeline.generate(6, 200, 2, shapes=("strain", "acwr_spike"))
    rows = pipeline.rows_of(cohort, every=1)
    by_id = {pipeline.athlete_id(a): a for a in cohort}
    for i in range(0, len(rows.label), 17):
        a = by_id[int(rows.athlete[i])]
        t = int(rows.day[i])
        assert not a.out[t]
        expected = any(t < d <= t + features.HORIZON_DAYS for d in a.onsets)
        assert rows.label[i] == int(expected)
        assert 0 <= rows.true_risk[i] <= 1
    assert set(rows.inputs) <= {"hrv", "resting_hr", "load_only"}


# --- training -----------------------------------------------------------------------------


def test_train_reports_every_shape_held_out_beside_the_baselines(
    trained: tuple[Path, pipeline.TrainResult],
) -> None:
    _root, result = trained
    metrics = result.metrics
    assert set(metrics["by_shape"]) == set(pipeline.SHAPES)
    assert set(metrics["shape_held_out_from_training"]) == set(pipeline.SHAPES)
    for table in (*metrics["by_shape"].values(), *metrics["shape_held_out_from_training"].values()):
        for name in ("gradient_boosting", "logistic_regression", "acwr", "load_7d", "oracle"):
            auc = table[name]["auc"]
            assert auc["value"] is None or 0.0 <= auc["value"] <= 1.0
            assert table[name]["brier"]["value"] >= 0.0
        assert table["circularity_r2"] <= 1.0
    assert metrics["by_inputs"]  # at least one input set with onsets in it
    assert (
        result.manifest.metrics["gb_auc"]
        == metrics["held_out_athletes"]["gradient_boosting"]["auc"]["value"]
    )


def test_circularity_is_high_when_the_label_is_a_linear_function_of_the_features() -> None:
    cohort = pipeline.generate(6, 160, 4, shapes=("acwr_spike",))
    rows = pipeline.rows_of(cohort)
    linear = rows.x[:, features.FEATURES.index("load_7d")]
    made = pipeline.Rows(
        rows.athlete,
        rows.shape,
        rows.day,
        rows.x,
        rows.label,
        1 / (1 + np.exp(-(np.nan_to_num(linear) / 100 - 4))),  # logit linear in one feature
        rows.inputs,
    )
    half = rows.athlete < np.median(rows.athlete)
    assert pipeline.circularity(made.take(half), made.take(~half)) > 0.95
    assert pipeline.circularity(rows.take(half), rows.take(~half)) < 0.95


def test_split_holds_out_whole_athletes_of_every_shape() -> None:
    cohort = pipeline.generate(10, 60, 0)
    held = pipeline.split(cohort, 0.3, 0)
    assert len(held) == 3 * len(pipeline.SHAPES)
    assert held == pipeline.split(cohort, 0.3, 0)
    assert {pipeline.SHAPES[i // 1_000_000] for i in held} == set(pipeline.SHAPES)


def test_training_is_deterministic_by_seed(
    trained: tuple[Path, pipeline.TrainResult], tmp_path: Path
) -> None:
    _root, first = trained
    again = pipeline.train(TINY, tmp_path)
    assert again.manifest.version == first.manifest.version
    frame = pipeline.simulate_athlete(0, "strain", 99, 120).frame
    x = first.models.matrix(features.daily_features(frame).iloc[[-1]])
    assert again.models.gb_probability(x)[0] == first.models.gb_probability(x)[0]
    assert again.models.lr_probability(x)[0] == first.models.lr_probability(x)[0]


def test_saved_models_load_and_score_the_same(trained: tuple[Path, pipeline.TrainResult]) -> None:
    root, result = trained
    models, manifest = load_models(root)
    assert manifest.version == result.manifest.version
    frame = pipeline.simulate_athlete(0, "chronic_u", 98, 120).frame
    x = models.matrix(features.daily_features(frame).iloc[[-1]])
    assert models.gb_probability(x)[0] == pytest.approx(result.models.gb_probability(x)[0])
    assert models.levels == result.models.levels


def test_the_model_scores_athletes_without_hrv_or_resting_hr(
    trained: tuple[Path, pipeline.TrainResult],
) -> None:
    _root, result = trained
    frame = _holed(3, 120)
    bare = frame.assign(hrv_rmssd_ms=np.nan, resting_hr_bpm=np.nan)
    x_bare = result.models.matrix(features.daily_features(bare))
    x_full = result.models.matrix(features.daily_features(frame))
    for x in (x_bare, x_full):
        p = result.models.gb_probability(x)
        q = result.models.lr_probability(x)
        assert np.isfinite(p).all()
        assert ((p > 0) & (p < 1)).all()
        assert np.isfinite(q).all()
    # the model reads the missing inputs as such (the indicators), not as typical values
    assert (x_bare[:, features.FEATURES.index("hrv_missing")] == 1).all()


def test_loading_refuses_another_schema_and_a_changed_file(
    trained: tuple[Path, pipeline.TrainResult], tmp_path: Path
) -> None:
    root, result = trained
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(root, copy)
    path = copy / "burnout" / result.manifest.version
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["schema"]["version"] = "burnout-features-0"
    (path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(registry.ArtefactError, match="another schema"):
        load_models(copy)
    shutil.rmtree(copy)
    shutil.copytree(root, copy)
    (path / "gb.pkl.gz").write_bytes(b"not a model")
    with pytest.raises(registry.ArtefactError, match="does not match"):
        load_models(copy)


def test_shap_reasons_add_up_and_read_as_sentences(
    trained: tuple[Path, pipeline.TrainResult],
) -> None:
    _root, result = trained
    models = result.models
    frame = pipeline.simulate_athlete(4, "acwr_spike", 7, 150).frame
    row = features.daily_features(frame).iloc[[-1]]
    x = models.matrix(row)
    contributions = explain.shap_values(explain.explainer(models.gb), x)[0]
    base = explain.explainer(models.gb).expected_value
    log_odds = float(np.ravel(base)[-1] + contributions.sum())
    p = models.gb_probability(x)[0]
    assert 1 / (1 + math.exp(-log_odds)) == pytest.approx(p, abs=1e-6)
    found = explain.reasons(x[0], contributions, top=3, min_share=0.0)
    assert 1 <= len(found) <= 3
    assert all(r.shap > 0 and r.text.endswith(".") for r in found)


def test_small_shares_make_no_sentence() -> None:
    contributions = np.zeros(len(features.FEATURES))
    contributions[0] = 0.05
    raw = np.ones(len(features.FEATURES))
    assert explain.reasons(raw, contributions) == []
    contributions[0] = 0.3
    assert [r.feature for r in explain.reasons(raw, contributions)] == [features.FEATURES[0]]


def test_reason_wording_covers_every_feature_and_says_what_is_missing() -> None:
    assert set(explain.WORDING) == set(features.FEATURES)
    assert "unknown" in explain.sentence("hrv_z_7d", None, 0.5)
    assert "no recent HRV" in explain.sentence("hrv_missing", 1.0, 0.5)
    # an indicator's sentence follows its value, whichever way it moved the risk
    assert "part of the estimate" in explain.sentence("hrv_missing", 0.0, 0.5)


def test_levels_are_multiples_of_the_base_rate() -> None:
    levels = Levels.of_base_rate(0.06)
    assert (levels.moderate, levels.high) == (0.09, 0.18)
    assert [levels.of(p) for p in (0.01, 0.089, 0.09, 0.179, 0.18, 0.5)] == [
        "low",
        "low",
        "moderate",
        "moderate",
        "high",
        "high",
    ]


# --- the gate -----------------------------------------------------------------------------


def test_a_model_without_a_gate_for_its_version_is_not_shown(
    trained: tuple[Path, pipeline.TrainResult],
) -> None:
    root, result = trained
    loaded = load(root)
    assert Scorer(loaded).gate.show_model is False
    risk_gate.write(
        loaded.path, risk_gate.Gate(model_version="someone-else", show_model=True, reason="x")
    )
    assert Scorer(loaded).gate.show_model is False  # a decision for another version
    risk_gate.write(
        loaded.path,
        risk_gate.Gate(model_version=result.manifest.version, show_model=True, reason="beat"),
    )
    scorer = Scorer(loaded)
    assert (scorer.gate.show_model, scorer.gate.reason) == (True, "beat")
    frame = pipeline.simulate_athlete(0, "strain", 5, 90).frame
    assert scorer.score(frame).validated is True
    (loaded.path / risk_gate.GATE_FILE).write_text("{not json")
    assert Scorer(loaded).gate.show_model is False
    (loaded.path / risk_gate.GATE_FILE).unlink()


def test_the_packaged_artefact_loads_and_carries_its_real_data_gate() -> None:
    if HAVE_ML:
        unavailable(f"the ml extra is missing ({HAVE_ML})")
    loaded = load(None)
    assert loaded.path.parent.parent == PACKAGED_ROOT
    gate = risk_gate.read(loaded.path)
    assert gate is not None, "run `fitcoach ml validate` for the packaged risk model"
    assert gate.model_version == loaded.manifest.version
    assert set(gate.figures) == {"DEV", "HELD_OUT"}
    frame = pipeline.simulate_athlete(0, "acwr_spike", 1, 120).frame
    p = loaded.models.gb_probability(loaded.models.matrix(features.daily_features(frame)))
    assert np.isfinite(p).all()
