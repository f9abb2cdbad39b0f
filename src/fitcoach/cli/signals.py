"""``fitcoach signals``: analyse a recorded ECG or PPG file (R peaks, heart rate, HRV, quality)."""

from __future__ import annotations

import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import typer
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, errors, print_json, settings
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:  # NumPy and the settings load inside the commands, not for --help
    import numpy as np
    import numpy.typing as npt

    from fitcoach.core.settings import SignalThresholds

app = typer.Typer(help="Physiological signals: analyse recorded ECG and PPG.", no_args_is_help=True)

Channel = Literal["ecg", "ppg"]
SIGNAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "ecg": ("ecg_mv", "ecg", "ecg_ii"),
    "ppg": ("ppg", "ppg_ir", "ir"),
}
TIME_COLUMNS = ("time_s", "t_s", "time", "t")
MIN_SECONDS = 5.0


def _from_npz(path: Path, channel: Channel) -> tuple[npt.NDArray[np.float64], float]:
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            names = list(data.keys())
            column = next((c for c in SIGNAL_COLUMNS[channel] if c in names), None)
            if column is None:
                raise InvalidInput(
                    f"{path.name} has no {channel} array (looked for "
                    f"{', '.join(SIGNAL_COLUMNS[channel])}; it has {', '.join(names) or 'none'})"
                )
            if "fs_hz" not in names:
                raise InvalidInput(f"{path.name} has no fs_hz (the sampling rate in Hz)")
            return np.asarray(data[column], dtype=float).ravel(), float(data["fs_hz"])
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidInput(f"cannot read {path.name} as .npz: {exc}") from None


def _from_csv(
    path: Path, channel: Channel, sampling_rate_hz: float | None
) -> tuple[npt.NDArray[np.float64], float]:
    import numpy as np
    import pandas as pd  # loaded on use: the CLI starts without the data stack

    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path.name} as CSV: {exc}") from None
    columns = {str(c).strip().lower(): c for c in frame.columns}
    name = next((c for c in SIGNAL_COLUMNS[channel] if c in columns), None)
    if name is None:
        raise InvalidInput(
            f"{path.name} has no {channel} column (looked for "
            f"{', '.join(SIGNAL_COLUMNS[channel])}; it has {', '.join(columns) or 'none'})"
        )
    values = pd.to_numeric(frame[columns[name]], errors="coerce").to_numpy(dtype=float)
    if sampling_rate_hz is None:
        time_name = next((c for c in TIME_COLUMNS if c in columns), None)
        if time_name is None:
            raise InvalidInput(
                f"{path.name} has no time column ({', '.join(TIME_COLUMNS)}); give --fs"
            )
        t = pd.to_numeric(frame[columns[time_name]], errors="coerce").to_numpy(dtype=float)
        steps = np.diff(t)
        if t.size < 2 or not np.isfinite(steps).all() or (steps <= 0).any():
            raise InvalidInput(f"the {time_name} column must be increasing numbers of seconds")
        sampling_rate_hz = 1.0 / float(np.median(steps))
    return values, sampling_rate_hz


def load_signal(
    path: Path, channel: Channel, sampling_rate_hz: float | None
) -> tuple[npt.NDArray[np.float64], float]:
    """The channel's samples and sampling rate (Hz) from a .npz or .csv file."""
    import numpy as np

    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    suffix = path.suffix.lower()
    if suffix == ".npz":
        x, rate = _from_npz(path, channel)
        rate = sampling_rate_hz or rate
    elif suffix == ".csv":
        x, rate = _from_csv(path, channel, sampling_rate_hz)
    else:
        raise InvalidInput(f"{path.name}: give a .csv or .npz file")
    if not rate > 0 or not np.isfinite(rate):
        raise InvalidInput(f"the sampling rate must be a positive number of Hz, got {rate}")
    if not np.isfinite(x).all():
        raise InvalidInput(f"the {channel} signal holds empty or non-numeric samples")
    if x.size < MIN_SECONDS * rate:
        raise InvalidInput(
            f"the {channel} signal lasts {x.size / rate:.1f} s; at least {MIN_SECONDS:.0f} s needed"
        )
    return x, rate


def analyze_signal(
    x: npt.NDArray[np.float64],
    sampling_rate_hz: float,
    channel: Channel,
    thresholds: SignalThresholds | None = None,
) -> dict[str, Any]:
    """The report ``signals analyze`` prints, as plain data (flatline and HRV gates from
    ``thresholds``, by default ``DEFAULT_THRESHOLDS``)."""
    from fitcoach.analysis.signals import (  # NeuroKit2 and SciPy load only when analysing
        ecg_heart_rate,
        ecg_hrv,
        ecg_peaks,
        ecg_quality,
        ppg_heart_rate,
        ppg_peaks,
        ppg_quality,
        sensor_flags,
    )
    from fitcoach.core.settings import DEFAULT_THRESHOLDS

    if thresholds is None:
        thresholds = DEFAULT_THRESHOLDS
    flags = sensor_flags(
        x, sampling_rate_hz=sampling_rate_hz, flat_s=thresholds.flatline_s, flat_tolerance=0.0
    )
    report: dict[str, Any] = {
        "channel": channel,
        "fs_hz": sampling_rate_hz,
        "duration_s": x.size / sampling_rate_hz,
        "flags": asdict(flags),
    }
    if channel == "ecg":
        peaks = ecg_peaks(x, sampling_rate_hz=sampling_rate_hz)
        hrv = ecg_hrv(
            peaks,
            sampling_rate_hz=sampling_rate_hz,
            min_fraction_kept=thresholds.hrv_min_fraction_kept,
        )
        report |= {
            "method": "neurokit (5–25 Hz QRS band-pass)",
            "r_peaks": peaks.tolist(),
            "heart_rate_bpm": ecg_heart_rate(peaks, sampling_rate_hz=sampling_rate_hz),
            "hrv": {
                "time": asdict(hrv.time) if hrv.time else None,
                "frequency": asdict(hrv.frequency) if hrv.frequency else None,
                "reason": hrv.reason,
                "fraction_rr_kept": hrv.fraction_kept,
                "dropped_out_of_range": hrv.dropped_out_of_range,
                "dropped_ectopic": hrv.dropped_ectopic,
            },
            "quality": {"template_correlation": ecg_quality(x, sampling_rate_hz=sampling_rate_hz)},
        }
    else:
        peaks = ppg_peaks(x, sampling_rate_hz=sampling_rate_hz)
        report |= {
            "method": "elgendi",
            "ppg_peaks": peaks.tolist(),
            "heart_rate_bpm": ppg_heart_rate(peaks, sampling_rate_hz=sampling_rate_hz),
            "quality": {
                "template_correlation": ppg_quality(x, sampling_rate_hz=sampling_rate_hz),
                "skewness": ppg_quality(x, sampling_rate_hz=sampling_rate_hz, method="skewness"),
            },
        }
    return report


def _fmt(value: float | None, fmt: str = ".1f") -> str:
    return "-" if value is None else format(value, fmt)


@app.command()
def analyze(
    file: Path = typer.Argument(..., help="A .npz (ecg_mv or ppg, and fs_hz) or .csv file."),
    channel: str = typer.Option("ecg", "--channel", help="Which signal: ecg or ppg."),
    sampling_rate_hz: float | None = typer.Option(
        None, "--fs", help="Sampling rate in Hz (a CSV without a time column needs it)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Detect beats, heart rate, HRV (ECG) and signal quality in a recorded file.

    A CSV has a signal column (ecg_mv/ecg, or ppg) and either a time column in seconds
    (time_s) or --fs. R-peak indices are samples at the file's own rate.

    Example: fitcoach signals analyze ../shared/data/mitdb-dev/100.npz --json
    """
    with errors():
        if channel not in ("ecg", "ppg"):
            raise InvalidInput(f"--channel must be ecg or ppg, got {channel!r}")
        chan: Channel = "ecg" if channel == "ecg" else "ppg"
        x, rate = load_signal(file, chan, sampling_rate_hz)
        report = analyze_signal(x, rate, chan, settings().signals)
    if json_out:
        print_json(report)
        return
    table = Table(title=f"{file.name}: {chan.upper()} at {rate:g} Hz, {report['duration_s']:.0f} s")
    table.add_column("measure")
    table.add_column("value", justify="right")
    beats = report["r_peaks"] if chan == "ecg" else report["ppg_peaks"]
    table.add_row("beats", str(len(beats)))
    table.add_row("mean heart rate (bpm)", _fmt(report["heart_rate_bpm"]))
    for name, value in report["quality"].items():
        table.add_row(f"quality: {name}", _fmt(value, ".2f"))
    if chan == "ecg":
        hrv = report["hrv"]
        if hrv["time"]:
            table.add_row("SDNN (ms)", _fmt(hrv["time"]["sdnn_ms"]))
            table.add_row("RMSSD (ms)", _fmt(hrv["time"]["rmssd_ms"]))
            table.add_row("pNN50 (%)", _fmt(hrv["time"]["pnn50_pct"]))
        if hrv["frequency"]:
            table.add_row("LF (ms²)", _fmt(hrv["frequency"]["lf_ms2"], ".0f"))
            table.add_row("HF (ms²)", _fmt(hrv["frequency"]["hf_ms2"], ".0f"))
            table.add_row("LF/HF", _fmt(hrv["frequency"]["lf_hf"], ".2f"))
        if hrv["reason"]:
            table.add_row("HRV note", hrv["reason"])
    console.print(table)
