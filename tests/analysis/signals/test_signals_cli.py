"""``fitcoach signals analyze`` on real and written files: JSON shape, CSV inputs, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import neurokit2 as nk
import numpy as np
import pytest
from tests.conftest import shared_data
from typer.testing import CliRunner, Result

from fitcoach.cli import app

REPO = Path(__file__).resolve().parents[3]
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, ["signals", "analyze", *args])


def fails_clearly(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    return lines[0]


def test_analyze_mitbih_record_as_json() -> None:
    path = shared_data("mitdb-dev") / "100.npz"
    result = invoke(str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["fs_hz"] == 360
    reference = np.load(path)["r_peaks"]
    peaks = np.asarray(report["r_peaks"])
    assert abs(peaks.size - reference.size) <= 5
    # Indices are at the file's own rate: each annotated beat has a detection within 150 ms.
    idx = np.clip(np.searchsorted(peaks, reference), 1, peaks.size - 1)
    nearest = np.minimum(np.abs(peaks[idx] - reference), np.abs(peaks[idx - 1] - reference))
    assert np.mean(nearest <= 54) > 0.995
    assert 70 < report["heart_rate_bpm"] < 80
    assert report["hrv"]["time"]["rmssd_ms"] > 0
    assert report["hrv"]["frequency"]["lf_hf"] > 0
    assert report["hrv"]["reason"] is None
    assert report["quality"]["template_correlation"] > 0.9
    assert report["flags"] == {"flatline": False, "saturated": False, "lead_off": False}


def test_analyze_gives_hrv_null_with_a_reason_on_bigeminy() -> None:
    report = json.loads(invoke(str(shared_data("mitdb-dev") / "119.npz"), "--json").stdout)
    assert report["hrv"]["time"] is None
    assert "ectopic" in report["hrv"]["reason"]


def test_analyze_ppg_channel_and_table_output() -> None:
    path = shared_data("bidmc") / "bidmc01.npz"
    report = json.loads(invoke(str(path), "--channel", "ppg", "--json").stdout)
    assert report["fs_hz"] == 125
    assert 85 < report["heart_rate_bpm"] < 97
    assert len(report["ppg_peaks"]) > 600
    table = invoke(str(path))
    assert table.exit_code == 0
    assert "mean heart rate" in table.stdout


def _ecg_csv(tmp_path: Path, *, with_time: bool) -> Path:
    ecg = nk.ecg_simulate(duration=30, sampling_rate=250, heart_rate=80, random_state=4)
    lines = ["time_s,ecg_mv" if with_time else "ecg_mv"]
    lines += [f"{i / 250:.4f},{v:.5f}" if with_time else f"{v:.5f}" for i, v in enumerate(ecg)]
    path = tmp_path / "ecg.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_analyze_csv_with_a_time_column_or_fs(tmp_path: Path) -> None:
    timed = json.loads(invoke(str(_ecg_csv(tmp_path, with_time=True)), "--json").stdout)
    assert timed["fs_hz"] == pytest.approx(250)
    assert timed["heart_rate_bpm"] == pytest.approx(80, abs=2)
    assert timed["hrv"]["time"] is None
    assert "too short" in timed["hrv"]["reason"]
    bare = _ecg_csv(tmp_path, with_time=False)
    plain = json.loads(invoke(str(bare), "--fs", "250", "--json").stdout)
    assert plain["r_peaks"] == timed["r_peaks"]
    assert "--fs" in fails_clearly(str(bare))


def test_bad_files_fail_clearly(tmp_path: Path) -> None:
    assert "no such file" in fails_clearly(str(tmp_path / "missing.npz"))
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert ".csv or .npz" in fails_clearly(str(tmp_path / "notes.txt"))
    (tmp_path / "broken.npz").write_bytes(b"not a zip")
    assert "cannot read" in fails_clearly(str(tmp_path / "broken.npz"))
    np.savez(tmp_path / "nofs.npz", ecg_mv=np.zeros(5000))
    assert "fs_hz" in fails_clearly(str(tmp_path / "nofs.npz"))
    np.savez(tmp_path / "short.npz", ecg_mv=np.zeros(100), fs_hz=250)
    assert "at least" in fails_clearly(str(tmp_path / "short.npz"))
    (tmp_path / "other.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    assert "no ecg column" in fails_clearly(str(tmp_path / "other.csv"))
    gap = tmp_path / "gap.csv"
    gap.write_text("ecg_mv\n" + "0.1\n" * 2000 + "oops\n" + "0.1\n" * 2000, encoding="utf-8")
    assert "non-numeric" in fails_clearly(str(gap), "--fs", "250")
    assert "--channel" in fails_clearly(str(gap), "--channel", "eeg")


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["signals", "analyze", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
