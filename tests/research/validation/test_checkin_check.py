"""The check-in comparison (``fitcoach ml validate --check checkin``): every predictor is what
was known the day before (nothing of the morning it predicts), the product's readiness is the
shipped function's, and the table on a slice of DEV persons has every predictor with ordered,
finite CIs, the same twice. Held-out persons are never read here."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable

from fitcoach.analysis import readiness as readiness_analysis
from research.validation import blind_pmdata as bp
from research.validation import checkin_check as checkin
from research.validation import checks
from research.validation import readiness_pmdata as rp

SLICE = ("p01", "p04", "p13")
ROOT = bp.default_pmdata_dir()
CI = re.compile(r"(-?\d\.\d{3}) \[(-?\d\.\d{3}), (-?\d\.\d{3})\]")


@pytest.fixture(scope="module")
def data() -> bp.PMData:
    if not (ROOT / "p01" / "pmsys" / "wellness.csv").is_file():
        unavailable(f"PMData not found at {ROOT}; set FITCOACH_PMDATA_DIR")
    return bp.load_pmdata(ROOT)


@pytest.fixture(scope="module")
def rows(data: bp.PMData) -> pd.DataFrame:
    return checkin.checkin_rows(SLICE, data)


def test_every_predictor_is_the_day_befores(data: bp.PMData, rows: pd.DataFrame) -> None:
    assert set(SLICE) <= set(bp.DEV_PERSONS)
    assert len(rows) > 150
    days = data.days.set_index(["person", "date"])
    before = [
        (p, d - pd.Timedelta(days=1)) for p, d in zip(rows["person"], rows["date"], strict=True)
    ]
    yesterday = days.loc[before]
    np.testing.assert_array_equal(rows["yesterday_answer"], yesterday["readiness"])
    np.testing.assert_array_equal(
        rows["fatigue_mood_soreness"], yesterday[["fatigue", "mood", "soreness"]].sum(axis=1)
    )
    np.testing.assert_array_equal(rows["all_items"], yesterday[list(checkin.ALL_ITEMS)].sum(axis=1))
    np.testing.assert_array_equal(rows["sleep"], yesterday["sleep_min"])
    today = days.loc[list(zip(rows["person"], rows["date"], strict=True))]
    np.testing.assert_array_equal(rows["target"], today["readiness"])  # the morning predicted
    assert not rows[[p.name for p in checkin.PREDICTORS]].isna().any().any()


def test_the_products_readiness_is_the_shipped_function_on_the_morning_before(
    data: bp.PMData, rows: pd.DataFrame
) -> None:
    mine = rows.loc[rows["person"] == "p04"].iloc[[0, 40, -1]]
    for track, column in (("with_items", "readiness"), ("objective", "readiness_objective")):
        frame, load = rp.product_inputs(data.days, "p04", track)
        for _, row in mine.iterrows():
            morning = (row["date"] - pd.Timedelta(days=1)).date()
            [scored] = readiness_analysis.readiness_days(frame, morning, morning, load=load)
            if scored.score is None:  # unscored (its status says why): the neutral score
                assert math.isnan(row[f"{column}_raw"])
                assert row[column] == rp.NEUTRAL_SCORE
            else:
                assert row[f"{column}_raw"] == pytest.approx(scored.score)
                assert row[column] == pytest.approx(scored.score)
            assert row[f"{column}_status"] == scored.status
    assert (rows["readiness_status"] == "ok").all()  # every row's day before has a check-in


def test_the_check_on_a_slice_has_every_predictor_with_ordered_cis(tmp_path: Path) -> None:
    def context() -> checks.CheckContext:
        return checks.CheckContext(
            n_boot=60, dev_persons=SLICE, held_out_persons=(), pmdata_dir=ROOT, calibrate=False
        )

    if not (ROOT / "p01" / "pmsys" / "wellness.csv").is_file():
        unavailable(f"PMData not found at {ROOT}; set FITCOACH_PMDATA_DIR")
    assert checks.names()[:2] == ["readiness", "checkin"]
    first = checks.run_checks(checks.selected(["checkin"]), context())[0]
    second = checks.run_checks(checks.selected(["checkin"]), context())[0]
    assert (first.markdown, first.figures) == (second.markdown, second.figures)
    lines = [line for line in first.markdown.splitlines() if line.startswith("| DEV |")]
    assert len(lines) == len(checkin.PREDICTORS) + 1  # the coverage row
    for predictor, line in zip(checkin.PREDICTORS, lines, strict=False):
        assert predictor.name in line
        for value, low, high in CI.findall(line):
            assert float(low) <= float(value) <= float(high), line
    figures = first.figures["DEV"]
    assert figures["persons"] == list(SLICE)
    assert figures["predictors"]["readiness"]["readiness_minus_this"] is None
    for name in ("yesterday_answer", "fatigue_mood_soreness", "sleep"):
        delta = figures["predictors"][name]["readiness_minus_this"]
        assert all(math.isfinite(delta[k]) for k in ("value", "low", "high"))
    assert figures["coverage"]["with_items"] == {"ok": figures["rows"]}
    assert sum(figures["coverage"]["objective"].values()) == figures["rows"]
    json.dumps(first.figures, allow_nan=False)
    [written] = checks.write_tables([first], tmp_path)
    assert written.name == "checkin.md"
    assert written.read_text(encoding="utf-8").startswith("# " + checkin.TITLE)
