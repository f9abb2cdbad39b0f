"""The squad-sheet door (``fitcoach ml score``'s work): reading, bad rows, scales, scoring,
the gate's two branches, and a real slice of PMData through it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.core.errors import InvalidInput
from fitcoach.ml.squad import load_scorer, read_sheet, score_sheet, score_text
from fitcoach.ml.squad.columns import ITEMS

SHEET = """athlete,date,srpe,minutes,sleep_h,resting_hr,fatigue,mood,soreness
ana,2026-03-02,6,75,7.5,52,4,4,3
ana,2026-03-03,,,8.1,50,4,5,4
ana,2026-03-03,5,40,,,,,
ana,2026-03-04,7,60,6.0,55,2,3,2
"""


def test_rows_are_read_and_sessions_of_a_day_add_up() -> None:
    sheet = read_sheet(SHEET)
    assert (sheet.rows_read, len(sheet.entries), sheet.problems) == (4, 4, [])
    result = score_sheet(sheet, None)
    loads = {d.date: d.load_au for d in result.days}
    assert loads == {date(2026, 3, 2): 450.0, date(2026, 3, 3): 200.0, date(2026, 3, 4): 420.0}
    assert result.inputs["ana"] == ["load", "fatigue", "mood", "resting_hr", "sleep_h", "soreness"]


def test_bad_rows_are_reported_with_their_line_and_counted_never_dropped_silently() -> None:
    text = (
        "athlete,date,load,sleep_h,hrv,resting_hr,fatigue,srpe,minutes\n"
        "ana,2026-03-02,300,7.5,60,52,4,,\n"  # 2: fine
        "ana,02/03/2026,300,7.5,60,52,4,,\n"  # 3: a date that is not YYYY-MM-DD
        "ana,2026-03-04,300,450,60,52,4,,\n"  # 4: sleep in minutes
        "ana,2026-03-05,300,7.5,0.06,52,4,,\n"  # 5: rMSSD in seconds
        "ana,2026-03-06,300,7 min,60,52,4,,\n"  # 6: a unit the column is not in
        "ana,2026-03-07,300,7.5,60,52,8,,\n"  # 7: an item off its 1-5 scale
        ",2026-03-08,300,7.5,60,52,4,,\n"  # 8: no athlete
        "ana,2026-03-09,,7.5,60,52,4,6,\n"  # 9: RPE without minutes
        "ana,2026-03-10,300,7.5,sixty,52,4,,\n"  # 10: not a number
        "ana,2026-03-11,300,7.5,60,52,4,5,90\n"  # 11: load disagrees with RPE x minutes
        "\n"  # a blank line is not a row
        "ana,2026-03-12,450,7.5,60,52,4,5,90\n"  # 13: agrees
    )
    sheet = read_sheet(text, scale="1-5")  # declared: the 8 on line 7 is then a bad value
    by_line = {p.row: " ".join(p.messages) for p in sheet.problems}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "not a date as YYYY-MM-DD" in by_line[3]
    assert "minutes?" in by_line[4]
    assert "seconds?" in by_line[5]
    assert "wrong unit 'min'" in by_line[6]
    assert "fatigue 8 is outside 1-5 (the 1-5 scale given for it" in by_line[7]
    assert "no athlete" in by_line[8]
    assert "needs its minutes" in by_line[9]
    assert "'sixty' is not a number" in by_line[10]
    assert "disagrees with RPE × minutes = 450" in by_line[11]
    assert (sheet.rows_read, len(sheet.entries), sheet.rows_rejected) == (11, 2, 9)
    summary = score_sheet(sheet, None).to_dict()["summary"]
    assert (summary["rows_read"], summary["rows_used"], summary["rows_rejected"]) == (11, 2, 9)


def test_a_reading_given_twice_differently_is_reported_and_the_load_still_counts() -> None:
    text = "athlete,date,load,sleep_h\nana,2026-03-02,300,7.5\nana,2026-03-02,200,6.0\n"
    result = score_sheet(read_sheet(text), None)
    [problem] = result.problems
    assert (problem.row, problem.rejected) == (3, False)
    assert "sleep_h 6 differs from 7.5 on line 2" in problem.messages[0]
    assert result.days[0].load_au == 500.0
    assert result.to_dict()["summary"]["values_ignored"] == 1


def test_a_ten_point_scale_is_mapped_to_one_to_five_by_option_or_by_column() -> None:
    by_option = read_sheet("athlete,date,fatigue,mood\nana,2026-03-02,10,0\n", scale=10)
    assert by_option.entries[0].values == {"fatigue": 5.0, "mood": 1.0}
    by_column = read_sheet("athlete,date,fatigue_10,mood\nana,2026-03-02,5,4\n")
    assert by_column.entries[0].values == {"fatigue": 3.0, "mood": 4.0}
    assert {k: str(v) for k, v in by_column.item_scales.items()} == {
        "fatigue": "0-10",
        "mood": "1-5",
    }
    off = read_sheet("athlete,date,fatigue\nana,2026-03-02,11\n", scale=10)
    assert "outside 0-10" in off.problems[0].messages[0]


def test_aliases_and_what_a_sheet_must_have() -> None:
    sheet = read_sheet("Athlete,Day,RPE,Duration,RHR,rMSSD\nana,2026-03-02,5,60,50,70\n")
    [entry] = sheet.entries
    assert (entry.load, entry.values) == (300.0, {"resting_hr": 50.0, "hrv": 70.0})
    with pytest.raises(InvalidInput, match="needs the columns athlete and date"):
        read_sheet("name,day,load\nana,2026-03-02,300\n")
    with pytest.raises(InvalidInput, match="empty"):
        read_sheet("")
    with pytest.raises(InvalidInput, match="twice"):
        read_sheet("athlete,date,load,load\n")
    assert set(ITEMS) == {"fatigue", "mood", "soreness", "stress", "sleep_quality"}


def _season(days: int = 70, seed: int = 0) -> tuple[str, pd.Series]:
    """A sheet of one athlete: sessions on most days (rest days left out of the sheet)."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2026-01-05", periods=days)
    load = pd.Series(
        np.where(rng.random(days) < 0.3, 0.0, rng.integers(200, 700, days)), index=index
    )
    lines = ["athlete,date,load,sleep_h,resting_hr,fatigue,mood,soreness"]
    for stamp, value in load.items():
        if value > 0 or stamp == index[-1]:
            lines.append(
                f"ana,{stamp:%Y-%m-%d},{value:g},{rng.normal(7.5, 0.5):.2f},"
                f"{rng.integers(48, 58)},{rng.integers(2, 6)},{rng.integers(2, 6)},"
                f"{rng.integers(2, 6)}"
            )
    return "\n".join(lines) + "\n", load


def test_acwr_monotony_and_readiness_are_the_analysis_functions_on_the_sheet() -> None:
    text, load = _season()
    result = score_sheet(read_sheet(text), None, missing_load="rest")  # rest days left out
    strain = load_analysis.strain(load).to_numpy()
    acwr = load_analysis.acwr_rolling(load).to_numpy()
    monotony = load_analysis.monotony(load).to_numpy()
    for i, day in enumerate(result.days):
        assert day.load_au == load.iloc[i]  # rest days left out of the sheet are 0
        for got, want in ((day.acwr, acwr[i]), (day.monotony, monotony[i])):
            assert (got is None and np.isnan(want)) or got == pytest.approx(want, abs=1e-3)
        assert (day.strain is None and np.isnan(strain[i])) or day.strain == pytest.approx(
            strain[i], abs=0.1
        )
    # readiness: the analysis function on the sheet's readings, soreness turned to its scale
    sheet = read_sheet(text)
    frame = pd.DataFrame(
        {
            "sleep_h": [e.values.get("sleep_h") for e in sheet.entries],
            "resting_hr_bpm": [e.values.get("resting_hr") for e in sheet.entries],
            "soreness": [6 - e.values["soreness"] for e in sheet.entries],
            "mood": [e.values.get("mood") for e in sheet.entries],
            "energy": [e.values.get("fatigue") for e in sheet.entries],
        },
        index=pd.DatetimeIndex([pd.Timestamp(e.day) for e in sheet.entries]),
        dtype=float,
    )
    last = result.days[-1]
    direct = readiness_analysis.readiness_days(
        frame.reindex(load.index),
        last.date,
        last.date,
        load={last.date: _ewma_yesterday(load)},
    )[0]
    assert (last.readiness["score"], last.readiness["status"]) == (direct.score, direct.status)
    assert "resting_hr" in last.readiness["inputs"]
    assert "hrv" not in last.readiness["inputs"]


def _ewma_yesterday(load: pd.Series) -> tuple[float | None, float | None]:
    values = load.to_numpy()[:-1]
    acwr = load_analysis.acwr_ewma_values(values)[-1]
    atl = load_analysis.ewma_load_values(values, load_analysis.ATL_DAYS)[-1]
    ctl = load_analysis.ewma_load_values(values, load_analysis.CTL_DAYS)[-1]
    return round(float(acwr), 3), round(float((ctl - atl) / ctl * 100), 1)


def test_days_outside_the_load_records_have_no_load_based_figures() -> None:
    text = (
        "athlete,date,load,mood\n"
        "ana,2026-03-01,,4\n"  # a check-in before any load: load unknown
        "ana,2026-03-02,300,4\n"
        "ana,2026-03-04,300,4\n"  # 03-03 left out: a gap, or a rest day when the sheet says so
        "ana,2026-03-05,,3\n"  # after the last load: unknown
    )
    days = {d.date.day: d for d in score_sheet(read_sheet(text), None).days}
    assert [days[k].load_au for k in (1, 2, 3, 4, 5)] == [None, 300.0, None, 300.0, None]
    assert [days[k].load_status for k in (1, 2, 3, 4, 5)] == [
        "unknown",
        "recorded",
        "gap",
        "recorded",
        "unknown",
    ]
    rest = {d.date.day: d for d in score_sheet(read_sheet(text), None, missing_load="rest").days}
    assert [rest[k].load_au for k in (1, 2, 3, 4, 5)] == [None, 300.0, 0.0, 300.0, None]
    assert rest[3].load_status == "rest"
    assert days[1].risk["load_rule"]["status"] == "insufficient_data"
    assert days[1].acwr is None
    assert days[5].acwr is None


# --- the risk and its gate ----------------------------------------------------------------


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """A copy of the packaged model directory (so that a gate can be written beside it)."""
    from fitcoach.ml.burnout.model import PACKAGED_ROOT

    try:
        import shap  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError as exc:
        unavailable(f"the ml extra is missing ({exc})")
    root = tmp_path / "models"
    shutil.copytree(PACKAGED_ROOT / "burnout", root / "burnout")
    for gate in (root / "burnout").glob("*/real_data.json"):
        gate.unlink()
    return root


def test_without_a_validation_the_load_rule_is_the_risk_and_the_model_is_experimental(
    models: Path,
) -> None:
    text, _load = _season(90)
    left_out = score_text(text, models_root=models, missing_load="rest")
    assert left_out.model_status == "experimental"
    assert "left out" in left_out.model_note  # not asked for: not loaded, not scored
    assert all(d.risk["model"] == {"status": "experimental"} for d in left_out.days)
    result = score_text(text, models_root=models, missing_load="rest", experimental=True)
    assert result.model_status == "experimental"
    scored = [d for d in result.days if d.risk["load_rule"]["status"] == "ok"]
    assert scored
    for day in scored:
        risk = day.risk
        assert risk["shown"] == "load_rule"
        assert risk["level"] == risk["load_rule"]["level"]
        assert risk["reasons"] == risk["load_rule"]["reasons"]
        assert risk["model"]["status"] == "experimental"
        assert 0 < risk["model"]["probability"] < 1
    assert "has not beaten ACWR and the 7-day load" in result.model_note
    assert "not been validated" in result.gate_reason  # no stored decision for this copy


def test_a_model_validated_on_real_data_is_the_risk(models: Path) -> None:
    from fitcoach.ml.burnout import gate as risk_gate
    from fitcoach.ml.burnout.model import load

    loaded = load(models)
    risk_gate.write(
        loaded.path,
        risk_gate.Gate(
            model_version=loaded.manifest.version, show_model=True, reason="beat both (test)"
        ),
    )
    text, _load = _season(90)
    result = score_text(text, models_root=models, missing_load="rest")
    assert (result.model_status, result.gate_reason) == ("validated", "beat both (test)")
    assert result.model_note.startswith("validated: it beat ACWR and the 7-day load")
    day = result.days[-1]
    assert day.risk["shown"] == "model"
    assert day.risk["level"] == day.risk["model"]["level"]
    assert day.risk["reasons"] == day.risk["model"]["reasons"]


def test_without_the_ml_extra_the_load_rule_still_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    text, _load = _season(40)
    scorer, note = load_scorer(None)
    assert scorer is None
    assert "ml extra" in note
    # the gate is read without scikit-learn: the experimental model is simply left out
    plain = score_text(text, missing_load="rest")
    assert (plain.model_status, plain.days[-1].risk["model"]) == (
        "experimental",
        {"status": "experimental"},
    )
    result = score_text(text, missing_load="rest", experimental=True)
    summary = result.to_dict()["summary"]
    assert (summary["model_status"], summary["model_note"]) == ("unavailable", note)
    risk = result.days[-1].risk
    assert (risk["shown"], risk["model"]) == ("load_rule", {"status": "unavailable"})
    assert risk["level"] in {"low", "moderate", "high"}


# --- a real slice: PMData through the door ---------------------------------------------------


def test_pmdata_reaches_the_door_whole_and_its_acwr_is_the_protocols() -> None:
    """Two DEV persons as a sheet: no row rejected, and the door's ACWR of row D-1 is the
    blind protocol's ACWR baseline of day D (loads up to D-1)."""
    from research.validation import blind_pmdata
    from research.validation.pmdata_daily import pmdata_sheet_text

    root = blind_pmdata.default_pmdata_dir()
    if not (root / "p01" / "pmsys" / "wellness.csv").is_file():
        unavailable(f"PMData not found at {root}; set FITCOACH_PMDATA_DIR")
    data = blind_pmdata.load_pmdata(root)
    persons = ("p01", "p04")
    sheet = read_sheet(pmdata_sheet_text(persons, data))
    assert sheet.problems == []
    assert sheet.rows_read == int(data.days["person"].isin(persons).sum())
    result = score_sheet(sheet, None)
    door = {(d.athlete, pd.Timestamp(d.date)): d.acwr for d in result.days}
    rows = blind_pmdata.risk_rows(persons, data)
    assert len(rows) > 100
    for _, row in rows.iterrows():
        got = door[(row["person"], row["date"] - pd.Timedelta(days=1))]
        want = row["acwr"]
        assert (got is None and want == 0) or got == pytest.approx(want, abs=1e-3)
