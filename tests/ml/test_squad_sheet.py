"""A squad sheet's input defects, each read as what it is: exact copies merged (never a doubled
load), item scales declared or refused (never silently rescaled), missing cells in every spelling,
rejected and missing days as gaps (never a zero inside the load history), every row changed or
left out named in words; and a clean sheet scored exactly as before."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable
from typer.testing import CliRunner

from fitcoach.analysis import load as load_analysis
from fitcoach.cli import app
from fitcoach.core.errors import InvalidInput
from fitcoach.ml.squad import read_sheet, score_sheet
from fitcoach.ml.squad.columns import MISSING_CELLS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "squad"
START = date(2026, 1, 5)


def _daily(days: int, *, seed: int = 0, extra: str = "") -> list[str]:
    """One athlete's rows, a load every day (0 on rest days), sleep and two items."""
    rng = np.random.default_rng(seed)
    lines = ["athlete,date,load,sleep_h,fatigue,mood" + extra]
    for d in range(days):
        load = 0 if rng.random() < 0.25 else int(rng.integers(200, 700))
        lines.append(
            f"ana,{START + timedelta(days=d)},{load},{rng.normal(7.4, 0.5):.1f},"
            f"{rng.integers(1, 6)},{rng.integers(1, 6)}"
        )
    return lines


# --- duplicates ---------------------------------------------------------------------------------


def test_an_exact_copy_is_counted_once_and_reported_never_a_doubled_load() -> None:
    text = (
        "athlete,date,load,sleep_h,fatigue\n"
        "ana,2026-03-02,400,7.5,4\n"
        "ana,2026-03-03,350,7.0,3\n"
        "ana,2026-03-02,400,7.50,4\n"  # line 4: the same row pasted twice
    )
    result = score_sheet(read_sheet(text), None)
    loads = {d.date: d.load_au for d in result.days}
    assert loads[date(2026, 3, 2)] == 400.0  # not 800
    [merged] = result.problems
    assert (merged.row, merged.action, merged.rejected) == (4, "merged", False)
    assert merged.messages == (
        "an exact copy of line 2: counted once, so the day's load is not doubled",
    )
    summary = result.summary()
    assert (summary["rows_read"], summary["rows_used"], summary["rows_merged"]) == (3, 2, 1)
    assert any("counted once (line 4)" in note for note in summary["notes"])


def test_sessions_of_a_day_add_up_and_a_session_column_keeps_identical_ones_apart() -> None:
    text = (
        "athlete,date,session,srpe,minutes\n"
        "ana,2026-03-02,am,5,60\n"
        "ana,2026-03-02,pm,5,60\n"  # the same session twice a day, named apart: both count
        "ana,2026-03-03,,6,50\n"
        "ana,2026-03-03,,4,30\n"  # two sessions without names, different: both count
    )
    result = score_sheet(read_sheet(text), None)
    assert [d.load_au for d in result.days] == [600.0, 420.0]
    assert result.problems == []
    assert result.summary()["days_from_several_rows"] == 2


def test_a_reading_given_twice_differently_keeps_the_first_and_says_the_load_still_counts() -> None:
    text = "athlete,date,load,sleep_h\nana,2026-03-02,300,7.5\nana,2026-03-02,200,6.0\n"
    result = score_sheet(read_sheet(text), None)
    [problem] = result.problems
    assert (problem.row, problem.action) == (3, "value ignored")
    assert problem.messages == (
        "sleep_h 6 differs from 7.5 on line 2 for the same day (ignored; the row's load is "
        "still added to the day's)",
    )
    assert result.days[0].load_au == 500.0


# --- item scales ----------------------------------------------------------------------------------


def _seven_point(rows: int = 300, seed: int = 7) -> str:
    rng = np.random.default_rng(seed)
    lines = ["athlete,date,load,fatigue,mood,soreness"]
    for i in range(rows):
        lines.append(
            f"p{i % 10},{START + timedelta(days=i // 10)},{rng.integers(0, 600)},"
            f"{rng.integers(1, 8)},{rng.integers(1, 8)},{rng.integers(1, 8)}"
        )
    return "\n".join(lines) + "\n"


def test_items_on_another_scale_are_refused_until_the_scale_is_declared() -> None:
    text = _seven_point()
    with pytest.raises(InvalidInput) as refused:
        read_sheet(text)
    message = refused.value.message
    assert "fatigue runs 1-7" in message
    assert "perhaps a 1-7 scale" in message
    assert "Nothing was rescaled" in message
    assert "--scale 1-7 for every item, --scale fatigue=1-7 for one" in message
    assert "fatigue_7 is 1-7" in message


def test_a_declared_scale_is_mapped_to_the_same_place_on_one_to_five() -> None:
    text = "athlete,date,fatigue,mood,soreness\nana,2026-03-02,7,1,4\n"
    for scale in ("1-7", "7", ["fatigue=1-7", "mood=1-7", "soreness=1-7"]):
        sheet = read_sheet(text, scale=scale)
        assert sheet.entries[0].values == {"fatigue": 5.0, "mood": 1.0, "soreness": 3.0}
        assert {str(s) for s in sheet.item_scales.values()} == {"1-7"}
    by_name = read_sheet("athlete,date,fatigue_7,mood\nana,2026-03-02,4,5\n")
    assert by_name.entries[0].values == {"fatigue": 3.0, "mood": 5.0}
    result = score_sheet(by_name, None)
    assert (
        "fatigue: on the 1-7 scale given for it, mapped to 1-5 as 1 + 4 × (value − 1) / 6 on "
        "every row." in result.notes
    )
    assert (
        "mood: read on 1-5, higher is better (no scale was given and every value lies in "
        "1-5)." in result.notes
    )


def test_declaring_one_to_five_rejects_the_values_off_it_and_lists_each_row() -> None:
    text = _seven_point(40)
    sheet = read_sheet(text, scale="1-5")
    rejected = [p for p in sheet.problems if p.rejected]
    assert rejected
    assert len(sheet.rows) + len(rejected) == 40
    assert all("outside 1-5 (the 1-5 scale given for it" in p.messages[0] for p in rejected)


def test_scales_that_are_not_scales_are_refused_in_words() -> None:
    for given, said in (
        ("12", "the scale '12' is not one fitcoach reads"),
        ("3-9", "starts at 0 or 1"),
        ("speed=1-7", "'speed' is not a wellness item"),
        (["1-7", "0-10"], "two scales for every item"),
    ):
        with pytest.raises(InvalidInput, match=said):
            read_sheet("athlete,date,fatigue\nana,2026-03-02,4\n", scale=given)
    with pytest.raises(InvalidInput, match="no column for"):
        read_sheet("athlete,date,fatigue\nana,2026-03-02,4\n", scale="mood=1-7")


# --- missing cells ----------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["NA", "N/A", "NaN", "null", "", "#N/A", "None", " na ", "NULL"])
def test_every_spelling_of_a_missing_cell_is_read_as_missing(cell: str) -> None:
    text = (
        "athlete,date,load,sleep_h,resting_hr,hrv,fatigue,mood\n"
        f"ana,2026-03-02,300,{cell},{cell},{cell},{cell},4\n"
        f"ana,2026-03-03,{cell},7.5,52,60,3,{cell}\n"
    )
    sheet = read_sheet(text)
    assert sheet.problems == []
    first, second = sheet.entries
    assert (first.load, first.values) == (300.0, {"mood": 4.0})
    assert (second.load, second.values) == (
        None,
        {"sleep_h": 7.5, "resting_hr": 52.0, "hrv": 60.0, "fatigue": 3.0},
    )
    assert {"na", "n/a", "nan", "null", "", "#n/a", "none"} == MISSING_CELLS


def test_numbers_that_are_not_plain_decimals_are_still_refused() -> None:
    text = "athlete,date,load,sleep_h\n" + "".join(
        f"ana,2026-03-{d:02d},300,{cell}\n"
        for d, cell in enumerate(("1e1", "inf", '"7,5"', "7.5 h", "seven"), start=2)
    )
    sheet = read_sheet(text)
    said = {p.row: p.messages[0] for p in sheet.problems}
    assert said == {
        2: "sleep_h '1e1' is not a number",
        3: "sleep_h 'inf' is not a number",
        6: "sleep_h 'seven' is not a number",
    }
    assert [e.values["sleep_h"] for e in sheet.entries] == [7.5, 7.5]  # decimal comma, unit


# --- gaps -------------------------------------------------------------------------------------


def _load_series(lines: list[str]) -> pd.Series:
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    return pd.Series(
        [float(r["load"]) for r in rows], index=pd.DatetimeIndex([r["date"] for r in rows])
    )


def test_a_rejected_row_is_a_gap_and_the_load_figures_restart_after_it() -> None:
    lines = _daily(80)
    gap_line = 41  # the 40th day (line 1 is the header)
    cells = lines[gap_line - 1].split(",")
    cells[3] = "450"  # sleep in minutes: the row is rejected
    lines[gap_line - 1] = ",".join(cells)
    result = score_sheet(read_sheet("\n".join(lines) + "\n"), None)
    days = result.days
    gap = gap_line - 2
    assert (days[gap].load_au, days[gap].load_status, days[gap].acwr) == (None, "gap", None)
    assert days[gap].risk["load_rule"]["reasons"] == [
        "No load is known for this day (line 41 was rejected): the load figures restart after it."
    ]
    assert result.summary()["gap_days"] == 1
    # after it, the figures are the analysis functions on the days after the gap alone
    after = _load_series([lines[0], *lines[gap_line:]])
    acwr = load_analysis.acwr_rolling(after).to_numpy()
    monotony, strain = (s.to_numpy() for s in load_analysis.monotony_and_strain(after))
    for i, day in enumerate(days[gap + 1 :]):
        for got, want in ((day.acwr, acwr[i]), (day.monotony, monotony[i])):
            assert (got is None and np.isnan(want)) or got == pytest.approx(want, abs=1e-3)
        assert (day.strain is None) == np.isnan(strain[i])
    assert all(d.acwr is None for d in days[gap : gap + 28])  # 28 days of load again
    assert days[gap + 28].acwr is not None
    assert all(d.monotony is None for d in days[gap : gap + 7])
    assert days[gap + 7].monotony is not None
    assert days[gap + 5].risk["load_rule"]["reasons"] == [
        "The load rule needs 28 days of training load in a row; 5 since the gap on "
        f"{days[gap].date.isoformat()}."
    ]
    # before it, nothing changed: the same figures as the days before the gap alone
    before = _load_series(lines[: gap_line - 1])
    assert days[gap - 1].acwr == pytest.approx(
        load_analysis.acwr_rolling(before).iloc[-1], abs=1e-3
    )


def test_a_day_with_a_rejected_row_is_a_gap_even_when_another_row_gives_a_load() -> None:
    text = (
        "athlete,date,load,sleep_h\n"
        "ana,2026-03-02,300,7\n"
        "ana,2026-03-03,200,7\n"
        "ana,2026-03-03,250,seven\n"  # a second session, rejected: the day's total is unknown
        "ana,2026-03-04,300,7\n"
    )
    for missing_load in ("gap", "rest"):
        days = score_sheet(read_sheet(text), None, missing_load=missing_load).days
        assert [d.load_status for d in days] == ["recorded", "gap", "recorded"]
        assert days[1].load_au is None


def test_days_without_a_load_are_gaps_unless_the_sheet_says_it_leaves_rest_days_out() -> None:
    lines = _daily(60)
    lines.append(f"ana,{START + timedelta(days=60)},300,7.5,4,4")  # the record ends on a load
    kept = [line for line in lines if line.split(",")[2] != "0"]  # rest days left out
    text = "\n".join(kept) + "\n"
    left_out = {line.split(",")[1] for line in lines} - {line.split(",")[1] for line in kept}
    gaps = score_sheet(read_sheet(text), None)
    assert {d.date.isoformat() for d in gaps.days if d.load_status == "gap"} == left_out
    assert all(d.load_au is None for d in gaps.days if d.load_status == "gap")
    assert gaps.summary()["gap_days"] == len(left_out) > 5
    assert any("score it with --missing-load rest" in note for note in gaps.notes)
    full = score_sheet(read_sheet("\n".join(lines) + "\n"), None)
    rest = score_sheet(read_sheet(text), None, missing_load="rest")
    assert [(d.load_au, d.acwr, d.monotony, d.strain) for d in rest.days] == [
        (d.load_au, d.acwr, d.monotony, d.strain) for d in full.days
    ]
    assert {d.load_status for d in rest.days} == {"recorded", "rest"}
    # rest days kept as rows with their load blank (the morning's readings on them)
    blank = [",".join(c if i != 2 or c != "0" else "" for i, c in enumerate(line.split(",")))
             for line in lines]  # fmt: skip
    blank_rest = score_sheet(read_sheet("\n".join(blank) + "\n"), None, missing_load="rest")
    assert [(d.load_au, d.acwr, d.monotony, d.strain, d.readiness) for d in blank_rest.days] == [
        (d.load_au, d.acwr, d.monotony, d.strain, d.readiness) for d in full.days
    ]
    blank_gaps = score_sheet(read_sheet("\n".join(blank) + "\n"), None)
    assert {d.date.isoformat() for d in blank_gaps.days if d.load_status == "gap"} == left_out


# --- the report, in words --------------------------------------------------------------------


def test_the_command_names_every_row_it_changed_or_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fitcoach.core.settings import get_settings

    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "240")
    get_settings.cache_clear()
    lines = _daily(40, extra=",notes")
    lines = [lines[0], *(f"{line}," for line in lines[1:])]
    lines.append(lines[10])  # line 42: a copy of line 11
    lines.append("ana,2026-02-14,300,7.5,4,NA,")  # line 43: NA read as missing, the row kept
    lines.append("ana,2026-02-15,300,7.5,9,4,")  # line 44: fatigue 9 on the declared 1-5 scale
    lines.append("ana,2026-02-16,300,7.5,4,4,")  # line 45: the day after the gap
    path = tmp_path / "daily.csv"
    path.write_text("\n".join(lines) + "\n")
    runner = CliRunner()
    done = runner.invoke(app, ["ml", "score", str(path), "--scale", "1-5", "--last", "3"])
    get_settings.cache_clear()
    assert done.exit_code == 0, done.output
    flat = " ".join(done.output.replace("│", " ").split())
    assert (
        "44 rows read, 42 used, 1 rejected, 1 merged as exact copies, 0 with a value ignored; "
        "1 athlete, 43 athlete-days, 1 of them a gap in the load." in flat
    )
    assert "11 ana 2026-01-14 merged an exact copy of line 11" not in flat  # its own line
    assert "42 ana 2026-01-14 merged an exact copy of line 11: counted once" in flat
    assert "44 ana 2026-02-15 rejected fatigue 9 is outside 1-5" in flat
    assert (
        "ana: 1 day without a known load inside the load record, read as a gap: 2026-02-15 "
        "(line 44 was rejected). Nothing load-based is computed across a gap" in flat
    )
    assert "--missing-load rest" not in flat  # every gap here is a rejected row
    assert "1 row was an exact copy of an earlier row and counted once (line 42)." in flat
    assert "Columns not read: notes." in flat
    assert "2026-02-15 gap" in flat
    assert "fatigue: on the 1-5 scale given for it." in flat


# --- a clean sheet: the same scores as before --------------------------------------------------


def _digest(result: object) -> list[list[str]]:
    def f(v: object) -> str:
        return "" if v is None else repr(v)

    out = []
    for d in result.days:  # type: ignore[attr-defined]
        r, k = d.readiness, d.risk
        m = k["model"]
        out.append(
            [
                d.athlete,
                d.date.isoformat(),
                f(d.load_au),
                f(d.acwr),
                f(d.monotony),
                f(r["score"]),
                r["status"],
                " ".join(r["inputs"]),
                k["load_rule"]["status"],
                k["load_rule"]["level"] or "",
                " | ".join(k["load_rule"]["reasons"]),
                f(m.get("probability")),
                f(m.get("linear_baseline_probability")),
                m.get("level") or "",
            ]
        )
    return out


def _expected() -> list[list[str]]:
    text = (FIXTURES / "clean_scores.csv").read_text()
    return [list(row.values()) for row in csv.DictReader(io.StringIO(text))]


MODEL_COLUMNS = slice(11, 14)
# readiness's own columns: analysis.readiness scores them (checked beside it on the sheet in
# test_squad.py); the door's figures are the rest
READINESS_COLUMNS = (5, 6, 7)


def _door(rows: list[list[str]], *, model: bool = False) -> list[list[str]]:
    stop = MODEL_COLUMNS.stop if model else MODEL_COLUMNS.start
    return [[v for i, v in enumerate(row[:stop]) if i not in READINESS_COLUMNS] for row in rows]


def test_a_clean_sheet_scores_as_it_did_before() -> None:
    """clean_scores.csv holds what the sheet scorer gave for clean_sheet.csv before copies,
    scales and gaps were read as they are now (loads as sRPE × minutes, load columns, sessions on
    several rows, rest days as 0 rows or left out, a 0-10 column): the same days, loads, ACWR,
    monotony and load rule, day for day, with rest days read as rest where the sheet leaves them
    out. (Its readiness columns are what analysis.readiness gave then: that rule is its own.)"""
    sheet = read_sheet((FIXTURES / "clean_sheet.csv").read_text())
    result = score_sheet(sheet, None, missing_load="rest")
    assert result.problems == []
    assert _door(_digest(result)) == _door(_expected())


def test_a_clean_sheet_gets_the_same_model_figures_as_before() -> None:
    try:
        from fitcoach.ml.burnout.model import load
        from fitcoach.ml.burnout.scoring import Scorer

        scorer = Scorer(load(None))
    except ImportError as exc:  # pragma: no cover - the ml extra is part of the test setup
        unavailable(f"the ml extra is missing ({exc})")
    sheet = read_sheet((FIXTURES / "clean_sheet.csv").read_text())
    result = score_sheet(sheet, scorer, missing_load="rest", model_reasons=False)
    assert _door(_digest(result), model=True) == _door(_expected(), model=True)
