"""The product's readiness on PMData: the mapping into the product's inputs (scales turned the
right way, nothing from after the morning), the calibration's rules, and the real-data check
on a slice of DEV persons (the table ``fitcoach ml validate`` writes: its columns, finite CIs,
determinism). Held-out persons are never read here."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable
from typer.testing import CliRunner

from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.cli import app
from research.validation import blind_pmdata as bp
from research.validation import checks
from research.validation import readiness_calibration as calibration
from research.validation import readiness_pmdata as rp

SLICE = ("p01", "p04", "p13")  # DEV persons; p13 has no resting HR file at all
ROOT = bp.default_pmdata_dir()


@pytest.fixture(scope="module")
def data() -> bp.PMData:
    if not (ROOT / "p01" / "pmsys" / "wellness.csv").is_file():
        unavailable(f"PMData not found at {ROOT}; set FITCOACH_PMDATA_DIR")
    return bp.load_pmdata(ROOT)


def test_the_slice_is_development_persons_only() -> None:
    assert set(SLICE) <= set(bp.DEV_PERSONS)


# --- the mapping ---------------------------------------------------------------------------------


def test_ratings_are_turned_to_the_products_scales(data: bp.PMData) -> None:
    days = data.days.loc[data.days["person"] == "p01"].set_index("date")
    frame, _ = rp.product_inputs(data.days, "p01", "with_items")
    assert frame.index.equals(pd.DatetimeIndex(days.index))
    rated = days.dropna(subset=["soreness", "fatigue", "mood"]).index
    assert len(rated) > 50
    # PMData soreness 5 = not sore; the product's 5 = very sore.
    np.testing.assert_array_equal(frame.loc[rated, "soreness"], 6 - days.loc[rated, "soreness"])
    np.testing.assert_array_equal(frame.loc[rated, "energy"], days.loc[rated, "fatigue"])
    np.testing.assert_array_equal(frame.loc[rated, "mood"], days.loc[rated, "mood"])
    # the product's morning resting HR is Fitbit's value of the day before; sleep in hours
    np.testing.assert_allclose(frame["resting_hr_bpm"].iloc[1:], days["rhr"].iloc[:-1])
    np.testing.assert_allclose(frame["sleep_h"], days["sleep_min"] / 60.0)
    objective, _ = rp.product_inputs(data.days, "p01", "objective")
    assert not {"soreness", "energy", "mood"} & set(objective.columns)


def test_the_turned_ratings_agree_with_readiness_as_the_product_reads_them(
    data: bp.PMData,
) -> None:
    """Direction check from the data: within person, more energy and mood and less soreness
    (product scales) go with a higher reported readiness."""
    frames = []
    for person in bp.DEV_PERSONS:
        frame, _ = rp.product_inputs(data.days, person, "with_items")
        target = data.days.loc[data.days["person"] == person].set_index("date")["readiness"]
        frames.append(frame.assign(target=target.to_numpy(), person=person))
    both = pd.concat(frames).dropna(subset=["target", "soreness", "energy", "mood"])
    centred = both.groupby("person")[["target", "soreness", "energy", "mood"]].transform(
        lambda s: s - s.mean()
    )
    rho = centred.corr(method="spearman")["target"]
    assert rho["energy"] > 0.2
    assert rho["mood"] > 0.1
    assert rho["soreness"] < -0.1


@pytest.mark.parametrize("track", ["with_items"])
def test_a_morning_is_scored_from_what_was_known_that_morning(
    data: bp.PMData, track: bp.Track
) -> None:
    """The score of day D from the whole table equals the score from blind_pmdata's morning
    view of D (which hides D's load, resting HR and readiness, and every later day)."""
    scored = rp.score_protocol_rows(SLICE, track, data=data).rows
    picked = scored.loc[scored["status"] == "ok"].groupby("person").nth([5, 40])
    assert len(picked) >= 5
    for _, row in picked.iterrows():
        day = pd.Timestamp(row["date"])
        view = bp.morning_view(data.days, day, track)
        frame, load = rp.product_inputs(view, row["person"], track)
        again = readiness_analysis.readiness_days(frame, day.date(), day.date(), load=load)[0]
        assert again.score == row["raw"], (row["person"], day)


def _resting_hr_only(daily: pd.DataFrame, start: date, end: date, **options: Any) -> list[Any]:
    """The product, shown only the resting HR: its first 14 mornings have nothing that scores
    without a baseline, so they stay calibrating (and p13, without resting HR, is never scored)."""
    return readiness_analysis.readiness_days(daily[["resting_hr_bpm"]], start, end, **options)


def test_unscored_rows_count_as_the_neutral_score(data: bp.PMData) -> None:
    scored = rp.score_protocol_rows(SLICE, "objective", data=data, scorer=_resting_hr_only)
    rows = scored.rows
    unscored = rows["status"] != "ok"
    assert unscored.all()  # resting HR alone is no check-in: never a score
    assert scored.coverage()["no_checkin"] == len(rows)
    assert (rows.loc[unscored, "score"] == rp.NEUTRAL_SCORE).all()
    assert rows.loc[unscored, "raw"].isna().all()
    assert sum(scored.coverage().values()) == len(rows) == len(bp.readiness_rows(SLICE, data))


def test_without_the_ratings_no_row_is_scored_and_with_them_every_row_is(data: bp.PMData) -> None:
    """Readiness leads with the check-in: the objective track (Fitbit sleep, resting HR, load,
    no ratings) gives no score on any row; with the ratings every protocol row is scored, and
    never above what the ratings said."""
    objective = rp.score_protocol_rows(SLICE, "objective", data=data).rows
    assert (objective["status"] == "no_checkin").all()
    rows = rp.score_protocol_rows(SLICE, "with_items", data=data).rows
    assert (rows["status"] == "ok").all()
    assert set(rows["person"]) == set(SLICE)


# --- the calibration -----------------------------------------------------------------------------


def test_the_calibration_refuses_held_out_persons(data: bp.PMData) -> None:
    with pytest.raises(ValueError, match="held-out"):
        calibration.calibrate(data, ("p01", bp.HELD_OUT_PERSONS[0]), lopo=False)


def test_rounding_keeps_hrv_a_floor_for_every_input_and_a_sum_of_one() -> None:
    w = calibration._rounded({"resting_hr": 0.0, "sleep": 0.01, "load": 0.2, "energy": 3.0})
    assert w["hrv"] == calibration.HRV_SHARE
    assert min(w.values()) == calibration.STEP
    assert math.isclose(sum(w.values()), 1.0)
    assert max(w, key=lambda k: w[k]) == "energy"
    assert all(math.isclose(v / calibration.STEP, round(v / calibration.STEP)) for v in w.values())


def test_the_product_is_never_above_the_mean_of_the_ratings(data: bp.PMData) -> None:
    """The calibration's table holds the product's own component scores; on every scored row
    the product's score is at most the plain mean of the three ratings (what was said)."""
    table = calibration.component_table(SLICE, "with_items", data)
    said = table[["soreness", "energy", "mood"]].mean(axis=1)
    product = rp.score_protocol_rows(SLICE, "with_items", data=data).rows
    merged = table[["person", "date"]].assign(said=said).merge(product)
    ok = merged["raw"].notna()
    assert ok.all()
    assert (merged.loc[ok, "raw"] <= np.round(merged.loc[ok, "said"]) + 1e-9).all()


def test_the_weights_are_chosen_with_hrv_from_the_literature() -> None:
    doc = readiness_analysis.__doc__ or ""
    assert "The weights are chosen, not fitted" in doc
    assert readiness_analysis.WEIGHTS["hrv"] == calibration.HRV_SHARE
    items = {readiness_analysis.WEIGHTS[n] for n in readiness_analysis.ITEMS}
    assert len(items) == 1  # equal: the plain mean of the ratings


# --- the check ``fitcoach ml validate`` runs -----------------------------------------------------

SUMMARY_HEADER = (
    "| persons | track | predictor | within-person ρ | mean per-person ρ | pooled ρ "
    "| rows scored by the product |"
)
CI = re.compile(r"(-?\d\.\d{3}) \[(-?\d\.\d{3}), (-?\d\.\d{3})\]")


def _slice_context() -> checks.CheckContext:
    return checks.CheckContext(
        n_boot=60, dev_persons=SLICE, held_out_persons=(), pmdata_dir=ROOT, calibrate=False
    )


def test_readiness_runs_first_in_the_registry() -> None:
    assert checks.names()[0] == "readiness"
    assert [c.name for c in checks.selected(["readiness"])] == ["readiness"]
    with pytest.raises(checks.InvalidInput, match="no real-data check named nope"):
        checks.selected(["nope"])


def test_a_slice_gives_the_cards_table_with_finite_cis_and_the_same_twice(
    data: bp.PMData, tmp_path: Path
) -> None:
    steps: list[tuple[str, int, int]] = []
    ctx = checks.CheckContext(
        n_boot=60,
        dev_persons=SLICE,
        held_out_persons=(),
        pmdata_dir=ROOT,
        calibrate=False,
        progress=lambda step, done, total: steps.append((step, done, total)),
    )
    first = checks.run_checks(checks.selected(["readiness"]), ctx)[0]
    second = checks.run_checks(checks.selected(["readiness"]), _slice_context())[0]
    assert first.markdown == second.markdown
    assert first.figures == second.figures
    assert steps[-1] == ("readiness: done", 4, 4)

    lines = first.markdown.splitlines()
    assert SUMMARY_HEADER in lines
    rows = [line for line in lines if line.startswith("| DEV |")]
    predictors = [line.split(" | ")[2] for line in rows]
    assert predictors.count("**readiness**") == 2  # both tracks
    assert "soreness_mood_fatigue" in predictors
    assert "fitbit_sleep_min" in predictors
    for line in rows:
        if line.split(" | ")[1] != "with_items":
            continue
        for value, low, high in CI.findall(line):
            assert float(low) <= float(value) <= float(high), line
    figures = first.figures["sets"]["DEV/with_items"]
    assert figures["persons"] == list(SLICE)
    for name in ("model", "soreness_mood_fatigue", "fitbit_sleep_min", "yesterday_readiness"):
        within = figures["predictors"][name]["within_rho"]
        assert all(math.isfinite(within[k]) for k in ("value", "low", "high")), name
    assert figures["coverage"]["ok"] + figures["coverage"]["calibrating"] == figures["rows"]
    json.dumps(first.figures, allow_nan=False)  # JSON without NaN

    written = checks.write_tables([first], tmp_path)
    assert written == [tmp_path / "readiness.md"]
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("# Readiness on real athletes (PMData)")
    assert "fitcoach ml validate" in text
    assert SUMMARY_HEADER in text


def test_validate_lists_its_checks_and_refuses_an_unknown_one() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["ml", "validate", "--list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)[0] == {
        "name": "readiness",
        "title": "Readiness on real athletes (PMData)",
        "card": "readiness.md",
    }
    unknown = runner.invoke(app, ["ml", "validate", "--check", "nope"])
    assert unknown.exit_code != 0
    assert "no real-data check named nope" in unknown.output
    helped = runner.invoke(app, ["ml", "validate", "--help"])
    assert "Example: fitcoach ml validate" in helped.output


def test_validate_says_where_to_put_pmdata(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ml", "validate", "--check", "readiness", "--pmdata", str(tmp_path)]
    )
    assert result.exit_code != 0
    assert "PMData was not found" in result.output
    assert "FITCOACH_PMDATA_DIR" in result.output
