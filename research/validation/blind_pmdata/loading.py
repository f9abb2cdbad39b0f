"""Reading PMData into the athlete-day table: the readers per source, the cleaning counted in
``LoadReport``, ``load_pmdata`` (cached) and what a predictor may see on a morning.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from research.validation.blind_pmdata.metrics import _spearman
from research.validation.blind_pmdata.protocol import (
    ALL_PERSONS,
    CORRECTION_WINDOW,
    DAY_START_HOUR,
    DOUBLE_SUBMISSION_WINDOW,
    ITEM_RANGES,
    ITEMS_EXCEPT_READINESS,
    LOCAL_TZ,
    NOT_KNOWN_ON_THE_MORNING,
    WELLNESS_COLUMNS,
    WELLNESS_ITEMS,
    Track,
    default_pmdata_dir,
)
from research.validation.blind_pmdata.targets import _readiness_frame, _risk_frame, injury_onsets


@dataclass
class LoadReport:
    """Counts of rows read, dropped and altered by the loader, with the reason for each."""

    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, n: int) -> None:
        """Add ``n`` to the count ``key``."""
        self.counts[key] = self.counts.get(key, 0) + int(n)

    def note(self, text: str) -> None:
        """Record a remark about the data."""
        self.notes.append(text)

    def to_markdown(self) -> str:
        """The counts as a table, then the notes."""
        lines = ["| what | rows |", "|---|---:|"]
        lines += [f"| {k} | {v} |" for k, v in self.counts.items()]
        if self.notes:
            lines += ["", *[f"- {n}" for n in self.notes]]
        return "\n".join(lines)


def _utc_to_local_naive(ts: pd.Series) -> pd.Series:
    """UTC timestamps to Europe/Oslo wall-clock time without a zone."""
    local: pd.Series = ts.dt.tz_convert(LOCAL_TZ)
    return pd.Series(local.dt.tz_localize(None), index=ts.index)


def athlete_day(local_wall_clock: pd.Series) -> pd.Series:
    """The athlete day (04:00 to 04:00 local) of naive local wall-clock timestamps."""
    shifted: pd.Series = local_wall_clock - pd.Timedelta(hours=DAY_START_HOUR)
    return pd.Series(shifted.dt.normalize(), index=local_wall_clock.index)


def _read_wellness(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    frames = []
    for p in persons:
        path = root / p / "pmsys" / "wellness.csv"
        if not path.exists():
            rep.note(f"{p}: no pmsys/wellness.csv")
            continue
        frame = pd.read_csv(path)
        frame["person"] = p
        frames.append(frame)
    w = pd.concat(frames, ignore_index=True)
    rep.add("wellness: rows read", len(w))
    ts = pd.to_datetime(w["effective_time_frame"], utc=True, errors="coerce")
    bad_ts = ts.isna()
    rep.add("wellness: dropped, unreadable timestamp", int(bad_ts.sum()))
    w = w.loc[~bad_ts].copy()
    w["wellness_time"] = _utc_to_local_naive(ts[~bad_ts])
    w["date"] = athlete_day(w["wellness_time"])
    for item in WELLNESS_ITEMS:
        w[item] = pd.to_numeric(w[item], errors="coerce").astype(float)
    blank = (w[list(WELLNESS_ITEMS)] == 0).all(axis=1)
    rep.add("wellness: dropped, blank submission (all seven items 0)", int(blank.sum()))
    w = w.loc[~blank].copy()
    for item, (lo, hi) in ITEM_RANGES.items():
        col = w[item].copy()
        rep.add(f"wellness: {item} missing in the file", int(col.isna().sum()))
        off = col.notna() & ((col < lo) | (col > hi) | (col % 1 != 0))
        rep.add(f"wellness: {item} off its {lo}-{hi} scale, set missing", int(off.sum()))
        w.loc[off, item] = np.nan
    w = w.sort_values(["person", "wellness_time"], kind="mergesort")
    w["n_wellness_reports"] = w.groupby(["person", "date"])["wellness_time"].transform("size")
    keep: list[int] = []
    corrections = 0
    for _, group in w.groupby(["person", "date"], sort=False):
        index = group.index.to_list()
        times = group["wellness_time"].to_list()
        chosen = index[0]
        for k in range(1, len(index)):
            if times[k] - times[k - 1] <= CORRECTION_WINDOW:
                chosen = index[k]
            else:
                break
        corrections += int(chosen != index[0])
        keep.append(chosen)
    rep.add("wellness: dropped, another report kept for the same athlete day", len(w) - len(keep))
    rep.add("wellness: days whose kept report is a correction within 30 min", corrections)
    w = w.loc[keep]
    rep.add("wellness: athlete days with a report", len(w))
    return w[["person", "date", *WELLNESS_ITEMS, "wellness_time", "n_wellness_reports"]]


def _read_sessions(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    frames = []
    for p in persons:
        path = root / p / "pmsys" / "srpe.csv"
        if not path.exists():
            rep.note(f"{p}: no pmsys/srpe.csv")
            continue
        frame = pd.read_csv(path)
        frame["person"] = p
        frames.append(frame)
    s = pd.concat(frames, ignore_index=True)
    rep.add("srpe: rows read", len(s))
    ts = pd.to_datetime(s["end_date_time"], utc=True, errors="coerce")
    s["rpe"] = pd.to_numeric(s["perceived_exertion"], errors="coerce").astype(float)
    s["minutes"] = pd.to_numeric(s["duration_min"], errors="coerce").astype(float)
    empty = ts.isna() | s["rpe"].isna() | s["minutes"].isna()
    rep.add("srpe: dropped, no exertion, duration or timestamp", int(empty.sum()))
    off = ~empty & ((s["rpe"] < 0) | (s["rpe"] > 10) | (s["minutes"] <= 0) | (s["minutes"] > 600))
    rep.add("srpe: dropped, exertion off 0-10 or duration off 1-600 min", int(off.sum()))
    ok = ~empty & ~off
    s = s.loc[ok].copy()
    s["end_local"] = _utc_to_local_naive(ts[ok])
    s["activity"] = s["activity_names"].map(_activity_label)
    s = s.sort_values(["person", "end_local"], kind="mergesort").reset_index(drop=True)
    prev = s.groupby("person")[["activity", "rpe", "minutes", "end_local"]].shift(1)
    double = (
        (s["activity"] == prev["activity"])
        & (s["rpe"] == prev["rpe"])
        & (s["minutes"] == prev["minutes"])
        & ((s["end_local"] - prev["end_local"]) <= DOUBLE_SUBMISSION_WINDOW)
    )
    rep.add("srpe: dropped, exact double submission within 10 min", int(double.sum()))
    s = s.loc[~double].copy()
    s["date"] = athlete_day(s["end_local"])
    s["load"] = s["rpe"] * s["minutes"]
    rep.add("srpe: sessions kept", len(s))
    return s[["person", "date", "end_local", "activity", "rpe", "minutes", "load"]]


def _activity_label(raw: object) -> str:
    try:
        value = ast.literal_eval(str(raw))
    except (ValueError, SyntaxError):
        return str(raw)
    if isinstance(value, list | tuple):
        return "+".join(str(v) for v in value)
    return str(value)


def _read_rhr(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    rows: list[tuple[str, pd.Timestamp, float]] = []
    for p in persons:
        path = root / p / "fitbit" / "resting_heart_rate.json"
        if not path.exists():
            rep.note(f"{p}: no fitbit/resting_heart_rate.json")
            continue
        for entry in json.loads(path.read_text()):
            rep.add("rhr: rows read", 1)
            value = entry.get("value") or {}
            bpm = value.get("value")
            date = pd.Timestamp(str(entry["dateTime"])[:10])
            if bpm is None or not 25.0 <= float(bpm) <= 130.0:
                rep.add("rhr: dropped, 0 placeholder or outside 25-130 bpm", 1)
                continue
            rows.append((p, date, float(bpm)))
    r = pd.DataFrame(rows, columns=["person", "date", "rhr"])
    dup = r.duplicated(["person", "date"])
    rep.add("rhr: dropped, second value for a date", int(dup.sum()))
    r = r.loc[~dup]
    rep.add("rhr: days kept", len(r))
    return r


def _read_sleep(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    rows: list[tuple[str, int, pd.Timestamp, float, pd.Timestamp, bool]] = []
    for p in persons:
        path = root / p / "fitbit" / "sleep.json"
        if not path.exists():
            rep.note(f"{p}: no fitbit/sleep.json")
            continue
        for e in json.loads(path.read_text()):
            rows.append(
                (
                    p,
                    int(e["logId"]),
                    pd.Timestamp(str(e["dateOfSleep"])),
                    float(e.get("minutesAsleep") or 0.0),
                    pd.Timestamp(str(e["endTime"])),
                    bool(e.get("mainSleep", False)),
                )
            )
    s = pd.DataFrame(rows, columns=["person", "log_id", "date", "sleep_min", "sleep_end", "main"])
    rep.add("sleep: logs read", len(s))
    dup = s.duplicated(["person", "log_id"])
    rep.add("sleep: dropped, repeated logId", int(dup.sum()))
    s = s.loc[~dup]
    nap = ~s["main"]
    rep.add("sleep: dropped, not the main sleep (nap)", int(nap.sum()))
    s = s.loc[~nap]
    zero = s["sleep_min"] <= 0
    rep.add("sleep: dropped, 0 minutes asleep", int(zero.sum()))
    s = s.loc[~zero].sort_values(["person", "date", "sleep_min"], ascending=[True, True, False])
    second = s.duplicated(["person", "date"])
    rep.add("sleep: dropped, shorter of two main sleeps on one date", int(second.sum()))
    s = s.loc[~second]
    late = s["sleep_end"].dt.hour >= 12
    rep.add("sleep: kept nights ending at or after 12:00 (late sleepers, info)", int(late.sum()))
    rep.add("sleep: nights kept", len(s))
    return s[["person", "date", "sleep_min", "sleep_end"]]


def _read_injuries(root: Path, persons: Sequence[str], rep: LoadReport) -> pd.DataFrame:
    frames = []
    for p in persons:
        path = root / p / "pmsys" / "injury.csv"
        if not path.exists():
            rep.note(f"{p}: no pmsys/injury.csv (excluded from the risk protocol)")
            continue
        frame = pd.read_csv(path)
        frame["person"] = p
        frames.append(frame)
    inj = pd.concat(frames, ignore_index=True)
    rep.add("injury: reports read", len(inj))
    ts = pd.to_datetime(inj["effective_time_frame"], utc=True, errors="coerce")
    parsed = inj["injuries"].map(_parse_injuries)
    bad = ts.isna() | parsed.isna()
    rep.add("injury: dropped, unreadable timestamp or injury field", int(bad.sum()))
    inj = inj.loc[~bad].copy()
    inj["time_local"] = _utc_to_local_naive(ts[~bad])
    inj["date"] = athlete_day(inj["time_local"])
    inj["areas"] = parsed[~bad].map(lambda d: ";".join(sorted(d)))
    inj["n_areas"] = parsed[~bad].map(len).astype(int)
    inj["major"] = parsed[~bad].map(lambda d: any(str(v) == "major" for v in d.values()))
    inj = inj.sort_values(["person", "time_local"], kind="mergesort").reset_index(drop=True)
    return inj[["person", "date", "time_local", "areas", "n_areas", "major"]]


def _parse_injuries(raw: object) -> dict[str, object] | None:
    try:
        value = ast.literal_eval(str(raw))
    except (ValueError, SyntaxError):
        return None
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else None


class PMData:
    """The loaded PMData: athlete-day table, sessions, injury reports and the load report."""

    def __init__(
        self,
        days: pd.DataFrame,
        sessions: pd.DataFrame,
        injury_reports: pd.DataFrame,
        report: LoadReport,
    ) -> None:
        self.days = days
        self.sessions = sessions
        self.injury_reports = injury_reports
        self.report = report

    @cached_property
    def onsets(self) -> pd.DataFrame:
        """Injury onsets by the rule in the module docstring, with the unplaced ones."""
        return injury_onsets(self.injury_reports)

    @cached_property
    def readiness_frame(self) -> pd.DataFrame:
        """Every athlete day with its readiness target, baselines and row status."""
        return _readiness_frame(self.days)

    @cached_property
    def risk_frame(self) -> pd.DataFrame:
        """Every athlete day with its risk target, load baselines and row status."""
        return _risk_frame(self.days, self.injury_reports)


def load_pmdata(root: Path | str | None = None) -> PMData:
    """Load PMData into an athlete-day table (cached per directory; do not mutate it)."""
    return _load_cached(str(Path(root) if root is not None else default_pmdata_dir()))


@lru_cache(maxsize=4)
def _load_cached(root_str: str) -> PMData:
    root = Path(root_str)
    persons = [p for p in ALL_PERSONS if (root / p).is_dir()]
    if not persons:
        raise FileNotFoundError(f"no PMData participants under {root}")
    rep = LoadReport()
    wellness = _read_wellness(root, persons, rep)
    sessions = _read_sessions(root, persons, rep)
    rhr = _read_rhr(root, persons, rep)
    sleep = _read_sleep(root, persons, rep)
    injuries = _read_injuries(root, persons, rep)
    days = _assemble_days(persons, wellness, sessions, rhr, sleep, injuries, rep)
    _note_oddities(days, rep)
    return PMData(days=days, sessions=sessions, injury_reports=injuries, report=rep)


def _assemble_days(
    persons: Sequence[str],
    wellness: pd.DataFrame,
    sessions: pd.DataFrame,
    rhr: pd.DataFrame,
    sleep: pd.DataFrame,
    injuries: pd.DataFrame,
    rep: LoadReport,
) -> pd.DataFrame:
    sources = [wellness, sessions, rhr, sleep, injuries]
    spans = pd.concat([s[["person", "date"]] for s in sources]).groupby("person")["date"]
    first, last = spans.min(), spans.max()
    index = [
        (p, d)
        for p in persons
        if p in first.index
        for d in pd.date_range(first[p], last[p], freq="D")
    ]
    days = pd.DataFrame(index, columns=["person", "date"])

    daily = (
        sessions.groupby(["person", "date"])
        .agg(load=("load", "sum"), n_sessions=("load", "size"))
        .reset_index()
    )
    days = days.merge(daily, on=["person", "date"], how="left")
    period = sessions.groupby("person")["date"].agg(["min", "max"])
    in_period = pd.Series(False, index=days.index)
    for p, row in period.iterrows():
        in_period |= (days["person"] == p) & days["date"].between(row["min"], row["max"])
    days["load"] = days["load"].fillna(0.0).where(in_period)
    days["n_sessions"] = days["n_sessions"].fillna(0.0).where(in_period)
    no_log = sorted(set(persons) - set(period.index))
    if no_log:
        rep.note(f"no usable sRPE session at all (load unknown every day): {', '.join(no_log)}")

    days = days.merge(wellness, on=["person", "date"], how="left")
    days = days.merge(rhr, on=["person", "date"], how="left")
    days = days.merge(sleep, on=["person", "date"], how="left")
    last_report = injuries.groupby(["person", "date"]).agg(
        n_injury_reports=("areas", "size"),
        injury_areas=("areas", "last"),
        injury_n_areas=("n_areas", "last"),
    )
    days = days.merge(last_report.reset_index(), on=["person", "date"], how="left")
    days["n_wellness_reports"] = days["n_wellness_reports"].fillna(0).astype(int)
    days["n_injury_reports"] = days["n_injury_reports"].fillna(0.0)
    days["injury_n_areas"] = days["injury_n_areas"].astype(float)
    days = days.sort_values(["person", "date"]).reset_index(drop=True)
    rep.add("days: athlete days in the table", len(days))
    return days


def _note_oddities(days: pd.DataFrame, rep: LoadReport) -> None:
    """Computed remarks on readiness use and Fitbit coverage, per person."""
    for person, d in days.groupby("person"):
        ready = d["readiness"].dropna()
        if len(ready) == 0:
            continue
        zeros = float((ready == 0).mean())
        modal = float(ready.value_counts(normalize=True).iloc[0])
        if zeros >= 0.1:
            first, last = d.loc[d["readiness"] == 0, "date"].agg(["min", "max"])
            rep.note(
                f"{person}: readiness 0 on {zeros:.0%} of reports ({first:%Y-%m-%d} to "
                f"{last:%Y-%m-%d}); kept as reported, but it may be an untouched slider"
            )
        if modal >= 0.9:
            rep.note(f"{person}: one readiness value on {modal:.0%} of reports (nearly constant)")
        nights = int(d["sleep_min"].notna().sum())
        if nights < 0.25 * len(ready):
            rep.note(f"{person}: Fitbit main sleep on only {nights} nights")


def item_direction_check(data: PMData) -> dict[str, float]:
    """Within-person (demeaned) Spearman rho of each item with readiness, all rows."""
    d = data.days.dropna(subset=["readiness"])
    out: dict[str, float] = {}
    for item in ITEMS_EXCEPT_READINESS:
        sub = d.dropna(subset=[item])
        x = sub[item] - sub.groupby("person")[item].transform("mean")
        y = sub["readiness"] - sub.groupby("person")["readiness"].transform("mean")
        out[item] = _spearman(x.to_numpy(float), y.to_numpy(float))
    return out


def morning_view(days: pd.DataFrame, date: object, track: Track) -> pd.DataFrame:
    """What a predictor may see on the morning of athlete day ``date``, every person.

    Rows after ``date`` are removed; on ``date`` itself the load, sessions, resting HR,
    injury reports and readiness are hidden (NaN). In the ``objective`` track every wellness
    column of every day is removed.
    """
    day = pd.Timestamp(str(date)).normalize()
    view = days.loc[days["date"] <= day].copy()
    today = view["date"] == day
    for col in NOT_KNOWN_ON_THE_MORNING:
        if col in view.columns:
            view[col] = view[col].astype(float if col != "injury_areas" else object)
            view.loc[today, col] = np.nan
    if track == "objective":
        view = view.drop(columns=[c for c in WELLNESS_COLUMNS if c in view.columns])
    elif track != "with_items":
        raise ValueError(f"unknown track {track!r}")
    return view
