"""Tests of the blind PMData evaluator itself: loader, split, statistics, leakage, targets.

These test the measuring instrument, not any model. The data-dependent tests need the real
PMData copy (``shared/data/pmdata``) and are skipped without it.
"""

from __future__ import annotations

import csv
import itertools
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import roc_auc_score

from research.validation import blind_pmdata as bp

ROOT = bp.default_pmdata_dir()
HAVE_DATA = (ROOT / "p01" / "pmsys" / "wellness.csv").is_file()
needs_data = pytest.mark.skipif(not HAVE_DATA, reason=f"PMData not found at {ROOT}")
OSLO = ZoneInfo("Europe/Oslo")
N_BOOT = 60  # enough to exercise the code; the protocol's own default is 2000


@pytest.fixture(scope="module")
def data() -> bp.PMData:
    if not HAVE_DATA:
        pytest.skip(f"PMData not found at {ROOT}")
    return bp.load_pmdata(ROOT)


# --------------------------------------------------------------------------- loader


def _athlete_day(stamp: str) -> pd.Timestamp:
    """Independent re-derivation: UTC ISO string -> Oslo wall clock -> 04:00-04:00 day."""
    utc = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    local = utc.astimezone(OSLO).replace(tzinfo=None)
    return pd.Timestamp((local - timedelta(hours=4)).date())


@needs_data
def test_loader_counts_match_a_csv_count_of_one_participant(data: bp.PMData) -> None:
    person = "p04"
    days = data.days[data.days["person"] == person].set_index("date")
    items = [
        "fatigue",
        "mood",
        "readiness",
        "sleep_duration_h",
        "sleep_quality",
        "soreness",
        "stress",
    ]

    with (ROOT / person / "pmsys" / "wellness.csv").open(newline="") as fh:
        wellness = [r for r in csv.DictReader(fh) if any(r[i] != "0" for i in items)]
    report_days = {_athlete_day(r["effective_time_frame"]) for r in wellness}
    assert int((days["n_wellness_reports"] > 0).sum()) == len(report_days)
    assert int(days["n_wellness_reports"].sum()) == len(wellness)
    # 2020-03-07: two reports 31 s apart; the second corrects sleep quality 4 -> 3.
    assert days.loc[pd.Timestamp("2020-03-07"), "sleep_quality"] == 3

    with (ROOT / person / "pmsys" / "srpe.csv").open(newline="") as fh:
        sessions = [r for r in csv.DictReader(fh) if r["perceived_exertion"] and r["duration_min"]]
    sessions.sort(key=lambda r: r["end_date_time"])
    kept = []
    for r in sessions:
        prev = kept[-1] if kept else None
        same = prev is not None and all(
            prev[k] == r[k] for k in ("activity_names", "perceived_exertion", "duration_min")
        )
        close = prev is not None and (
            datetime.fromisoformat(r["end_date_time"].replace("Z", "+00:00"))
            - datetime.fromisoformat(prev["end_date_time"].replace("Z", "+00:00"))
        ) <= timedelta(minutes=10)
        if not (same and close):
            kept.append(r)
    assert len(sessions) - len(kept) == 1  # one double submission on 2020-01-18
    total = sum(float(r["perceived_exertion"]) * float(r["duration_min"]) for r in kept)
    assert days["load"].sum() == pytest.approx(total)
    assert days["n_sessions"].sum() == len(kept)
    by_day: dict[pd.Timestamp, float] = {}
    for r in kept:
        day = _athlete_day(r["end_date_time"])
        by_day[day] = by_day.get(day, 0.0) + float(r["perceived_exertion"]) * float(
            r["duration_min"]
        )
    logged = days["load"].dropna()
    assert {d: v for d, v in logged.items() if v > 0} == pytest.approx(by_day)
    assert logged.index.min() == min(by_day)
    assert logged.index.max() == max(by_day)

    with (ROOT / person / "pmsys" / "injury.csv").open(newline="") as fh:
        injuries = list(csv.DictReader(fh))
    assert int(days["n_injury_reports"].sum()) == len(injuries)

    rhr = json.loads((ROOT / person / "fitbit" / "resting_heart_rate.json").read_text())
    assert int(days["rhr"].notna().sum()) == sum(1 for e in rhr if e["value"]["value"] > 0)
    sleep = json.loads((ROOT / person / "fitbit" / "sleep.json").read_text())
    main = {e["logId"]: e for e in sleep if e["mainSleep"]}
    assert int(days["sleep_min"].notna().sum()) == len({e["dateOfSleep"] for e in main.values()})


@needs_data
def test_loader_reports_every_drop(data: bp.PMData) -> None:
    c = data.report.counts
    assert c["wellness: rows read"] == (
        c["wellness: athlete days with a report"]
        + c["wellness: dropped, another report kept for the same athlete day"]
        + c["wellness: dropped, blank submission (all seven items 0)"]
        + c["wellness: dropped, unreadable timestamp"]
    )
    assert c["srpe: rows read"] == c["srpe: sessions kept"] + sum(
        v for k, v in c.items() if k.startswith("srpe: dropped")
    )
    # The athlete-day table is continuous per person, so shift(1) is the day before.
    gaps = data.days.groupby("person")["date"].diff().dropna()
    assert (gaps == pd.Timedelta(days=1)).all()


# --------------------------------------------------------------------------- split


def test_held_out_draw_is_reproducible_and_disjoint() -> None:
    assert bp.draw_held_out(bp.SPLIT_SEED) == bp.HELD_OUT_PERSONS
    assert bp.draw_held_out(bp.SPLIT_SEED) == bp.draw_held_out(bp.SPLIT_SEED)
    assert bp.draw_held_out(bp.SPLIT_SEED + 1) != bp.HELD_OUT_PERSONS
    assert len(bp.HELD_OUT_PERSONS) == 5
    assert len(bp.DEV_PERSONS) == 11
    assert not set(bp.HELD_OUT_PERSONS) & set(bp.DEV_PERSONS)
    assert set(bp.HELD_OUT_PERSONS) | set(bp.DEV_PERSONS) == set(bp.ALL_PERSONS)


# --------------------------------------------------------------------------- statistics


def test_person_bootstrap_covers_the_true_mean_of_clustered_data() -> None:
    """Clustered rows: the person bootstrap should cover about 95 %; a row bootstrap would not."""
    rng = np.random.default_rng(7)
    true_mean = 2.0
    covered = 0
    n_sim = 100
    for sim in range(n_sim):
        sizes = rng.integers(5, 40, size=25)
        effects = rng.normal(0.0, 1.0, size=25)
        values = np.concatenate(
            [
                true_mean + e + rng.normal(0, 0.5, size=n)
                for e, n in zip(effects, sizes, strict=True)
            ]
        )
        bounds = np.cumsum(np.concatenate([[0], sizes]))
        groups = [np.arange(a, b, dtype=np.intp) for a, b in itertools.pairwise(bounds)]
        draws = bp.person_bootstrap_draws(len(groups), 300, seed=sim)

        def mean_of(idx: np.ndarray, v: np.ndarray = values) -> float:
            return float(v[idx].mean())

        boot = bp.person_bootstrap(mean_of, groups, draws)
        est = bp.percentile_ci(float(values.mean()), boot)
        covered += est.low <= true_mean <= est.high
    assert 0.85 <= covered / n_sim <= 1.0


def test_bootstrap_ci_covers_known_spearman_and_is_deterministic() -> None:
    # Bivariate normal with Pearson r: Spearman rho = 6/pi * arcsin(r / 2).
    r = 0.6
    known = 6 / np.pi * np.arcsin(r / 2)
    rng = np.random.default_rng(11)
    groups, xs, ys = [], [], []
    for p in range(40):
        x = rng.normal(size=50)
        y = r * x + np.sqrt(1 - r**2) * rng.normal(size=50)
        groups.append(np.arange(p * 50, (p + 1) * 50, dtype=np.intp))
        xs.append(x)
        ys.append(y)
    x_all, y_all = np.concatenate(xs), np.concatenate(ys)

    def rho(idx: np.ndarray) -> float:
        return float(np.corrcoef(stats.rankdata(x_all[idx]), stats.rankdata(y_all[idx]))[0, 1])

    def ci(seed: int) -> bp.Estimate:
        draws = bp.person_bootstrap_draws(len(groups), 200, seed)
        return bp.percentile_ci(rho(np.arange(len(x_all))), bp.person_bootstrap(rho, groups, draws))

    first = ci(1)
    assert first.low <= known <= first.high
    assert first.high - first.low < 0.15
    assert ci(1) == first
    assert ci(2) != first


@needs_data
def test_evaluation_is_deterministic_by_seed(data: bp.PMData) -> None:
    a = bp.evaluate_readiness(None, bp.DEV_PERSONS, data=data, n_boot=N_BOOT, seed=3)
    b = bp.evaluate_readiness(None, bp.DEV_PERSONS, data=data, n_boot=N_BOOT, seed=3)
    c = bp.evaluate_readiness(None, bp.DEV_PERSONS, data=data, n_boot=N_BOOT, seed=4)
    assert a.to_markdown() == b.to_markdown()
    assert a.scores[0].pooled_rho.value == c.scores[0].pooled_rho.value
    assert a.scores[0].pooled_rho != c.scores[0].pooled_rho


def test_auc_equals_sklearn_with_ties() -> None:
    rng = np.random.default_rng(5)
    y = (rng.random(500) < 0.1).astype(float)
    score = np.round(rng.random(500) + 0.3 * y, 1)  # heavy ties
    assert bp.auc(y, score) == pytest.approx(roc_auc_score(y, score), abs=1e-12)
    assert np.isnan(bp.auc(np.zeros(5), np.arange(5.0)))


@needs_data
def test_risk_auc_on_real_rows_equals_sklearn(data: bp.PMData) -> None:
    rows = bp.risk_rows(bp.DEV_PERSONS, data)
    assert rows["target"].sum() > 0
    risk = 1 - 1 / (1 + rows["acwr"])  # any monotone map of ACWR into [0, 1]
    pred = rows[["person", "date"]].assign(risk=risk)
    res = bp.evaluate_risk(pred, bp.DEV_PERSONS, data=data, n_boot=N_BOOT)
    model = res.get(bp.MODEL)
    assert model.auc.value == pytest.approx(roc_auc_score(rows["target"], risk))
    assert model.auc.value == pytest.approx(res.get("acwr").auc.value)
    assert model.brier.value == pytest.approx(float(np.mean((risk - rows["target"]) ** 2)))
    diff = next(d for d in res.differences if d.baseline == "acwr")
    assert diff.estimate.value == pytest.approx(0.0)
    assert sum(b.n for b in model.reliability) == res.n_rows
    assert "| model |" in res.to_markdown()


@needs_data
def test_perfect_and_shuffled_readiness_predictors(data: bp.PMData) -> None:
    rows = bp.readiness_rows(bp.DEV_PERSONS, data)
    perfect = rows[["person", "date"]].assign(score=rows["target"])
    res = bp.evaluate_readiness(perfect, bp.DEV_PERSONS, data=data, n_boot=N_BOOT)
    model = res.get(bp.MODEL)
    assert model.pooled_rho.value == pytest.approx(1.0)
    assert model.within_rho.value == pytest.approx(1.0)
    assert model.mean_person_rho.value == pytest.approx(1.0)
    assert model.pooled_rho.low == pytest.approx(1.0)
    assert res.n_rows == len(rows)

    shuffled_score = np.random.default_rng(0).permutation(rows["target"].to_numpy())
    shuffled = rows[["person", "date"]].assign(score=shuffled_score)
    res = bp.evaluate_readiness(shuffled, bp.DEV_PERSONS, data=data, n_boot=N_BOOT)
    model = res.get(bp.MODEL)
    assert abs(model.pooled_rho.value) < 0.1
    assert abs(model.within_rho.value) < 0.1
    assert model.pooled_rho.low < 0 < model.pooled_rho.high
    assert "| model |" in res.to_markdown()


@needs_data
def test_predictions_must_cover_every_row(data: bp.PMData) -> None:
    rows = bp.readiness_rows(bp.DEV_PERSONS, data)
    partial = rows[["person", "date"]].assign(score=1.0).iloc[1:]
    with pytest.raises(ValueError, match="protocol rows have no score"):
        bp.evaluate_readiness(partial, bp.DEV_PERSONS, data=data, n_boot=N_BOOT)


# --------------------------------------------------------------------------- leakage


@needs_data
def test_baselines_use_only_what_is_known_on_the_morning(data: bp.PMData) -> None:
    """Poison what is not known on the morning of D; no baseline of D may move."""
    days = data.days.copy()
    rows = bp.readiness_rows(bp.DEV_PERSONS, data)
    risk = bp.risk_rows(bp.DEV_PERSONS, data)
    person = "p01"
    common = sorted(
        set(rows.loc[rows["person"] == person, "date"])
        & set(risk.loc[risk["person"] == person, "date"])
    )
    day = common[len(common) // 2]

    poisoned = days.copy()
    today = (poisoned["person"] == person) & (poisoned["date"] == day)
    later = (poisoned["person"] == person) & (poisoned["date"] > day)
    poisoned.loc[today, ["load", "rhr", "readiness"]] = [1e6, 250.0, 10.0]
    numeric = ["load", "rhr", "readiness", "sleep_min", "fatigue", "mood", "soreness", "stress"]
    poisoned.loc[later, numeric] = 1e6

    def at(frame: pd.DataFrame) -> pd.Series:
        return frame.loc[(frame["person"] == person) & (frame["date"] == day)].iloc[0]

    before_r, after_r = at(bp.readiness_baselines(days)), at(bp.readiness_baselines(poisoned))
    before_l, after_l = at(bp.load_baselines(days)), at(bp.load_baselines(poisoned))
    for b in bp.READINESS_BASELINES:
        assert after_r[b.name] == before_r[b.name], b.name
    for b in bp.RISK_BASELINES:
        assert after_l[b.name] == before_l[b.name], b.name

    # The check can fail: the same poisoning one day earlier reaches yesterday's readiness
    # and the 7-day load of D.
    earlier = poisoned.copy()
    prev = (earlier["person"] == person) & (earlier["date"] == day - pd.Timedelta(days=1))
    earlier.loc[prev, ["load", "readiness"]] = [1e6, 0.0]
    assert at(bp.readiness_baselines(earlier))["yesterday_readiness"] == 0.0
    assert at(bp.load_baselines(earlier))["load_7d_mean"] > before_l["load_7d_mean"] + 1e5


@needs_data
def test_baselines_agree_when_computed_from_the_morning_view(data: bp.PMData) -> None:
    days = data.days
    full_r, full_l = bp.readiness_baselines(days), bp.load_baselines(days)
    for day in pd.to_datetime(["2019-12-15", "2020-01-20", "2020-02-25", "2020-03-20"]):
        view = bp.morning_view(days, day, "with_items")
        assert view["date"].max() == day
        today = view["date"] == day
        assert view.loc[today, ["readiness", "load", "rhr"]].isna().all().all()
        from_view_r, from_view_l = bp.readiness_baselines(view), bp.load_baselines(view)
        mask_full = full_r["date"] == day
        for b in bp.READINESS_BASELINES:
            np.testing.assert_array_equal(
                from_view_r.loc[from_view_r["date"] == day, b.name].to_numpy(),
                full_r.loc[mask_full, b.name].to_numpy(),
            )
        for b in bp.RISK_BASELINES:
            np.testing.assert_array_equal(
                from_view_l.loc[from_view_l["date"] == day, b.name].to_numpy(),
                full_l.loc[full_l["date"] == day, b.name].to_numpy(),
            )
        objective = bp.morning_view(days, day, "objective")
        assert not set(bp.WELLNESS_ITEMS) & set(objective.columns)
        assert objective.loc[objective["date"] == day, "sleep_min"].notna().any()


# --------------------------------------------------------------------------- risk target


def test_injury_onset_and_risk_rows_on_a_constructed_history() -> None:
    start = pd.Timestamp("2020-01-01")
    dates = pd.date_range(start - pd.Timedelta(days=40), start + pd.Timedelta(days=70))
    days = pd.DataFrame({"person": "p01", "date": dates, "load": 300.0})
    reports = pd.DataFrame(
        [
            (0, ""),  # clear
            (7, ""),  # clear
            (14, "left_knee"),  # onset: previous report clear, 7 days before
            (21, "left_knee"),  # ongoing
            (28, ""),  # clear again
            (50, "right_ankle"),  # after a 22-day gap: cannot be placed, not an onset
        ],
        columns=["offset", "areas"],
    )
    reports["person"] = "p01"
    reports["date"] = start + pd.to_timedelta(reports["offset"], unit="D")
    reports["time_local"] = reports["date"] + pd.Timedelta(hours=9)
    reports["n_areas"] = (reports["areas"] != "").astype(int)
    reports["major"] = False
    pm = bp.PMData(
        days=days, sessions=pd.DataFrame(), injury_reports=reports, report=bp.LoadReport()
    )

    onsets = pm.onsets
    assert onsets.loc[onsets["onset"], "date"].tolist() == [start + pd.Timedelta(days=14)]
    assert onsets.loc[~onsets["onset"], "gap_days"].tolist() == [22]

    frame = pm.risk_frame.set_index("date")
    offset = (frame.index - start).days
    status, target = frame["status"], frame["target"]
    assert (status[offset < 0] == "before_first_report").all()
    assert (target[(offset >= 0) & (offset <= 6)] == 0).all()
    assert (target[(offset >= 7) & (offset <= 13)] == 1).all()  # onset on day 14 within D+1..D+7
    assert (status[(offset >= 14) & (offset <= 27)] == "ongoing_injury").all()
    assert (status[(offset >= 28) & (offset < 50)] == "unplaced_gap").all()
    assert (status[offset >= 50] == "ongoing_injury").all()
    assert set(status[(offset >= 0) & (offset <= 13)]) == {"included"}


def test_acwr_warm_up_and_zero_chronic_load() -> None:
    dates = pd.date_range("2020-01-01", periods=40)
    load = np.zeros(40)
    load[30] = 700.0
    days = pd.DataFrame({"person": "p01", "date": dates, "load": load})
    out = bp.load_baselines(days)
    assert out["acwr"].iloc[:28].isna().all()  # needs D-28 ... D-1
    assert out["acwr"].iloc[28] == 0.0  # 28 days without load: no spike
    assert out["acwr"].iloc[31] == pytest.approx((700 / 7) / (700 / 28))
    assert out["load_7d_mean"].iloc[31] == pytest.approx(100.0)
    assert out["acwr"].iloc[30] == 0.0  # the session of D itself is not used


# --------------------------------------------------------------------------- food101 split


def test_food101_split_is_sound_and_reproducible() -> None:
    from research.validation import blind_food101

    if not (blind_food101.default_food_dir() / "apple_pie").is_dir():
        pytest.skip("food101-10 not present")
    assert blind_food101.check_split() == []
    stored = json.loads(blind_food101.SPLIT_PATH.read_text())
    assert len(stored["test"]) == 750
    assert len(stored["dev"]) == 3000
