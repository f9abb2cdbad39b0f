"""Scoring a squad's daily sheet: each athlete-day's readiness, ACWR, monotony, strain and risk.

One door for a coach's sheet and for the real-data checks (``research.validation``): what
``fitcoach ml score DAILY.csv`` prints is what the risk check scores on PMData.

Per athlete, from the days of :mod:`.days` (copies merged, sessions added, gaps marked):

- **Load**: the day's load (AU). Inside the athlete's load record a day's load is known, a rest
  day (0) where the sheet says it leaves rest days out, or a **gap**: unknown, never 0.
- **Gaps**: nothing load-based is computed across one. ACWR, monotony, strain, the load rule,
  the load readiness reads and the risk model are computed over each run of known days between
  gaps, as if the athlete's record began there: monotony and strain need 7 days of it, ACWR,
  the load rule and the readiness load 28 (the risk model too, after a gap). A gap day itself has
  no load figure. This drops figures rather than invent loads: a zero in a gap lowers ACWR
  and raises monotony, and a mean filled in from the other days makes up a load the athlete may
  not have done.
- **Readiness**: ``fitcoach.analysis.readiness.readiness_days`` over the readings (sleep,
  resting HR, HRV, and soreness, mood and fatigue as its soreness, mood and energy), with
  ACWR (EWMA) and form as of the day before, as the app passes them; ``inputs`` names the
  components it used.
- **ACWR**: rolling 7:28 through the day, **monotony** and **strain**: Foster's over 7 days
  (``analysis.load.report_columns``, the same floats as ``acwr_rolling``, ``monotony`` and
  ``strain``).
- **Risk**: the load rule (``analysis.load_rule``), and the risk model where its real-data gate
  shows it or it is asked for (:mod:`.risk`): an onset within the 7 days after the row's day,
  from that day and before.
"""

from __future__ import annotations

import gc
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.analysis.load_rule import LoadRuleResult, load_rule_days
from fitcoach.ml.squad.days import (
    GAP,
    REST,
    STATUS_NAMES,
    UNKNOWN,
    AthleteDays,
    LoadStatus,
    Merged,
    MissingLoad,
    athlete_days,
)
from fitcoach.ml.squad.report import notes
from fitcoach.ml.squad.risk import ModelStatus, RiskModel
from fitcoach.ml.squad.sheet import Problem, Sheet, day_of

if TYPE_CHECKING:
    import pandas as pd

    from fitcoach.ml.burnout.explain import RiskReason
    from fitcoach.ml.burnout.scoring import Scorer

CHRONIC = load_analysis.CHRONIC_DAYS


@dataclass(frozen=True)
class DayResult:
    """One athlete-day of the sheet, scored."""

    athlete: str
    date: date
    load_au: float | None  # None: unknown (a gap, or outside the athlete's load record)
    readiness: dict[str, Any]
    acwr: float | None
    monotony: float | None
    risk: dict[str, Any]
    strain: float | None = None
    load_status: LoadStatus = "recorded"

    def to_dict(self) -> dict[str, Any]:
        return {
            "athlete": self.athlete,
            "date": self.date.isoformat(),
            "load_au": self.load_au,
            "load_status": self.load_status,
            "readiness": self.readiness,
            "acwr": self.acwr,
            "monotony": self.monotony,
            "strain": self.strain,
            # What a coach reads carries no risk level: on real squads the load rule's level
            # ranked injuries at chance (docs/models/burnout.md); its reasons describe the load.
            "risk": _without_levels(self.risk),
        }


def _without_levels(value: Any) -> Any:
    """``value`` with every ``level`` key left out, at any depth."""
    if isinstance(value, dict):
        return {k: _without_levels(v) for k, v in value.items() if k != "level"}
    return value


@dataclass
class SheetResult:
    """Every athlete-day scored, the problems found, what was read how, and which risk is
    shown and why."""

    days: list[DayResult]
    problems: list[Problem]
    rows_read: int
    rows_used: int
    model_status: ModelStatus
    model_version: str | None
    model_note: str  # in words
    gate_reason: str = ""  # the real-data decision's figures (for an analyst; the card has them)
    inputs: dict[str, list[str]] = field(default_factory=dict)  # athlete -> columns recorded
    notes: list[str] = field(default_factory=list)  # what was read how, in words
    item_scales: dict[str, str] = field(default_factory=dict)
    missing_load: MissingLoad = "gap"
    rows_merged: int = 0
    days_from_several_rows: int = 0
    gap_days: int = 0

    @property
    def rows_rejected(self) -> int:
        return sum(1 for p in self.problems if p.rejected)

    def summary(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "rows_used": self.rows_used,
            "rows_rejected": self.rows_rejected,
            "rows_merged": self.rows_merged,
            "values_ignored": sum(1 for p in self.problems if p.action == "value ignored"),
            "athletes": len(self.inputs),
            "athlete_days": len(self.days),
            "days_from_several_rows": self.days_from_several_rows,
            "gap_days": self.gap_days,
            "missing_load": self.missing_load,
            "item_scales": self.item_scales,
            "notes": self.notes,
            "model_status": self.model_status,
            "model_version": self.model_version,
            "model_note": self.model_note,
            "gate_reason": self.gate_reason,
            "inputs": self.inputs,
        }

    def problem_dicts(self) -> list[dict[str, Any]]:
        return [
            {
                "row": p.row,
                "athlete": p.athlete,
                "date": p.date,
                "action": p.action,
                "rejected": p.rejected,
                "messages": list(p.messages),
            }
            for p in self.problems
        ]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings)."""
        return {
            "summary": self.summary(),
            "problems": self.problem_dicts(),
            "days": [d.to_dict() for d in self.days],
        }

    def write_json(self, out: TextIO) -> None:
        """:meth:`to_dict` as JSON, written a day at a time: a season's sheet is tens of
        megabytes of text that is never held whole."""
        out.write('{\n"summary": ')
        out.write(json.dumps(self.summary(), ensure_ascii=False, indent=2))
        out.write(',\n"problems": [')
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per day
        for i, problem in enumerate(self.problem_dicts()):
            out.write(("," if i else "") + "\n" + encode(problem))
        out.write('\n],\n"days": [')
        # A thousand days per write: fewer, larger writes to a pipe, the text still never whole.
        for start in range(0, len(self.days), 1000):
            chunk = ",\n".join(encode(d.to_dict()) for d in self.days[start : start + 1000])
            out.write(("," if start else "") + "\n" + chunk)
        out.write("\n]\n}\n")


def _round(value: float | None, digits: int = 3) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def _rounded(values: np.ndarray[Any, np.dtype[np.float64]], digits: int) -> list[float | None]:
    """:func:`_round` of every value (None where not finite)."""
    return [round(v, digits) if math.isfinite(v) else None for v in values.tolist()]


def _days_index(start: date, days: int) -> pd.DatetimeIndex:
    """``days`` consecutive days from ``start`` (``pd.date_range``'s index, built directly)."""
    import pandas as pd

    first = np.datetime64(start, "D")
    return pd.DatetimeIndex(np.arange(first, first + days).astype("datetime64[ns]"), freq="D")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic collector off while a sheet is scored: the results (hundreds of thousands
    of small dicts and lists for a squad's season, no cycles among them) made its passes a fifth
    of the scoring. A collector already off is left to whoever turned it off."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _rule_out(rule: LoadRuleResult) -> dict[str, Any]:
    return {
        "status": rule.status,
        "level": rule.level,
        "acwr": _round(rule.acwr),
        "load_7d_au": _round(rule.load_7d_au, 1),
        "reasons": [r.text for r in rule.reasons],
    }


def _no_rule(reason: str | None) -> dict[str, Any]:
    return {
        "status": "insufficient_data",
        "level": None,
        "reasons": [reason] if reason else [],
    }


@dataclass
class _ModelRows:
    """The risk model's feature rows of every athlete, stacked, scored in one call."""

    frames: list[pd.DataFrame] = field(default_factory=list)
    where: list[tuple[int, int]] = field(default_factory=list)  # (athlete index, offset)


@dataclass
class _Scored:
    probability: float
    linear: float
    level: str
    reasons: tuple[RiskReason, ...] | None


def _risk_out(
    rule: dict[str, Any], scored: _Scored | None, model: RiskModel, horizon: int
) -> dict[str, Any]:
    block: dict[str, Any] = {"status": model.status}
    if scored is not None:
        block |= {
            "probability": round(scored.probability, 4),
            "linear_baseline_probability": round(scored.linear, 4),
            "level": scored.level,
            "horizon_days": horizon,
        }
        if scored.reasons is not None:
            block["reasons"] = [r.text for r in scored.reasons]
    if model.status == "validated" and scored is not None:
        return {
            "shown": "model",
            "level": scored.level,
            "reasons": block.get("reasons", []),
            "model": block,
            "load_rule": rule,
        }
    return {
        "shown": "load_rule",
        "level": rule["level"],
        "reasons": list(rule["reasons"]),
        "model": block,
        "load_rule": rule,
    }


def _readiness_out(result: readiness_analysis.Readiness) -> dict[str, Any]:
    return {
        "status": result.status,
        "score": result.score,
        "colour": result.colour,
        "inputs": [c.name for c in result.components if c.score is not None and c.weight > 0],
        "why": result.why,
    }


def _readings_frame(athlete: AthleteDays, start: date) -> pd.DataFrame:
    """The readings as ``analysis.readiness`` and the risk features read them."""
    import pandas as pd

    nan = np.full(athlete.days, np.nan)
    r = athlete.readings
    soreness = r.get("soreness")
    return pd.DataFrame(
        {
            "sleep_h": r.get("sleep_h", nan),
            "hrv_rmssd_ms": r.get("hrv", nan),
            "resting_hr_bpm": r.get("resting_hr", nan),
            # the sheet's items are higher-is-better; the app's soreness is 1 none … 5 very sore
            "soreness": nan if soreness is None else 6.0 - soreness,
            "mood": r.get("mood", nan),
            "energy": r.get("fatigue", nan),  # 5 = very fresh
        },
        index=_days_index(start, athlete.days),
        dtype=float,
    )


@dataclass
class _Athlete:
    """One athlete's load figures, a value per day of their calendar."""

    acwr: np.ndarray[Any, np.dtype[np.float64]]
    monotony: np.ndarray[Any, np.dtype[np.float64]]
    strain: np.ndarray[Any, np.dtype[np.float64]]
    rules: list[dict[str, Any] | None]
    given: dict[date, tuple[float | None, float | None]]


def _load_figures(
    athlete: AthleteDays,
    start: date,
    readings: pd.DataFrame,
    model: RiskModel,
    model_rows: _ModelRows,
    index: int,
) -> _Athlete:
    """ACWR, monotony, strain, the load rule, readiness's load and the model's rows, each
    over the runs of known load between gaps."""
    import pandas as pd

    n = athlete.days
    out = _Athlete(np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan), [None] * n, {})
    for run, (lo, hi) in enumerate(athlete.segments()):
        values = athlete.load[lo:hi]
        columns = load_analysis.report_columns(values.tolist())
        out.acwr[lo:hi] = columns["acwr"]
        out.monotony[lo:hi] = columns["monotony"]
        out.strain[lo:hi] = columns["strain"]
        acwr_ewma, atl, ctl = columns["acwr_ewma"], columns["atl"], columns["ctl"]
        for i in range(hi - lo - 1):  # as of the day before: the run's next day reads it
            ratio = _round(acwr_ewma[i])
            if ratio is None:
                continue
            form = (ctl[i] - atl[i]) / ctl[i] * 100.0 if ctl[i] > 0 else None
            out.given[start + timedelta(days=lo + i + 1)] = (ratio, _round(form, 1))
        after_gap = run > 0
        since = ""
        if after_gap:
            since = (start + timedelta(days=lo - 1)).isoformat()
        if not after_gap or hi - lo >= CHRONIC:
            series = pd.Series(values, index=_days_index(start + timedelta(days=lo), hi - lo))
            for i, rule in enumerate(load_rule_days(series)):
                out.rules[lo + i] = _rule_out(rule)
            if model.scorer is not None:
                from fitcoach.ml.burnout.features import daily_features

                frame = readings.iloc[lo:hi].copy()
                frame.insert(0, "load_au", values)
                features = daily_features(frame)
                skip = CHRONIC - 1 if after_gap else 0
                model_rows.frames.append(features.iloc[skip:])
                model_rows.where += [(index, lo + i) for i in range(skip, hi - lo)]
        if after_gap:
            for i in range(min(hi - lo, CHRONIC - 1)):
                out.rules[lo + i] = _no_rule(
                    f"The load rule needs {CHRONIC} days of training load in a row; {i + 1} "
                    f"since the gap on {since}."
                )
    return out


def _model_scores(
    model: RiskModel, rows: _ModelRows, explain: bool
) -> dict[tuple[int, int], _Scored]:
    """Every stacked feature row scored in one call (reasons only where they are read)."""
    import pandas as pd

    scorer: Scorer | None = model.scorer
    if scorer is None or not rows.frames:
        return {}
    features = pd.concat(rows.frames)
    probability, linear, x = scorer.probabilities(features)
    reasons: list[tuple[RiskReason, ...]] | list[None] = (
        scorer.reasons(x) if explain else [None] * len(x)
    )
    levels = scorer.models.levels
    return {
        where: _Scored(float(p), float(lin), levels.of(float(p)), why)
        for where, p, lin, why in zip(rows.where, probability, linear, reasons, strict=True)
    }


def score_sheet(
    sheet: Sheet,
    model: Scorer | RiskModel | None = None,
    *,
    missing_load: MissingLoad = "gap",
    model_note: str = "",
    model_reasons: bool = True,
) -> SheetResult:
    """Score every athlete-day of ``sheet`` (see the module's description).

    ``model``: a loaded risk model (scored whatever its gate says, as the real-data check
    needs), the choice :func:`.risk.risk_model` made, or None (the load rule alone).
    ``model_reasons`` False leaves the model's reasons out (SHAP costs more than the rest)."""
    chosen = model if isinstance(model, RiskModel) else RiskModel.of(model, model_note)
    with _collector_paused():
        return _score_sheet(sheet, chosen, missing_load, model_reasons)


def _score_sheet(
    sheet: Sheet, chosen: RiskModel, missing_load: MissingLoad, model_reasons: bool
) -> SheetResult:
    merged = athlete_days(sheet, missing_load=missing_load)
    horizon = 7
    if chosen.scorer is not None:
        from fitcoach.ml.burnout.features import HORIZON_DAYS

        horizon = HORIZON_DAYS
    model_rows = _ModelRows()
    figures: list[_Athlete] = []
    ready: list[list[readiness_analysis.Readiness]] = []
    for index, athlete in enumerate(merged.athletes):
        start = day_of(athlete.first)
        end = start + timedelta(days=athlete.days - 1)
        readings = _readings_frame(athlete, start)
        loads = _load_figures(athlete, start, readings, chosen, model_rows, index)
        figures.append(loads)
        ready.append(readiness_analysis.readiness_days(readings, start, end, load=loads.given))
    scores = _model_scores(chosen, model_rows, model_reasons)
    days = list(_days(merged, figures, ready, scores, chosen, horizon))
    problems = sorted([*sheet.problems, *merged.problems], key=lambda p: p.row)
    gap_days = sum(int((a.status == GAP).sum()) for a in merged.athletes)
    return SheetResult(
        days=days,
        problems=problems,
        rows_read=sheet.rows_read,
        rows_used=len(sheet.rows) - merged.rows_merged,
        model_status=chosen.status,
        model_version=chosen.version,
        model_note=chosen.note,
        gate_reason=chosen.gate_reason,
        inputs={a.athlete: a.recorded for a in merged.athletes},
        notes=notes(sheet, merged),
        item_scales={k: str(v) for k, v in sheet.item_scales.items()},
        missing_load=missing_load,
        rows_merged=merged.rows_merged,
        days_from_several_rows=merged.days_from_several_rows,
        gap_days=gap_days,
    )


def _days(
    merged: Merged,
    figures: list[_Athlete],
    ready: list[list[readiness_analysis.Readiness]],
    scores: dict[tuple[int, int], _Scored],
    model: RiskModel,
    horizon: int,
) -> Iterator[DayResult]:
    order = sorted(range(len(merged.athletes)), key=lambda i: merged.athletes[i].athlete)
    for index in order:
        athlete, loads = merged.athletes[index], figures[index]
        status = athlete.status.tolist()
        load_values = athlete.load.tolist()
        acwr, monotony = _rounded(loads.acwr, 3), _rounded(loads.monotony, 3)
        strain = _rounded(loads.strain, 1)
        for offset, result in enumerate(ready[index]):
            code = status[offset]
            rule = loads.rules[offset]
            if rule is None:
                reason = None
                if code == GAP:
                    reason = (
                        f"No load is known for this day ({athlete.gap_reason(offset)}): the "
                        "load figures restart after it."
                    )
                rule = _no_rule(reason)
            yield DayResult(
                athlete=athlete.athlete,
                date=result.day,
                load_au=None if code in (GAP, UNKNOWN) else load_values[offset],
                readiness=_readiness_out(result),
                acwr=acwr[offset],
                monotony=monotony[offset],
                risk=_risk_out(rule, scores.get((index, offset)), model, horizon),
                strain=strain[offset],
                load_status=STATUS_NAMES[code] if code != REST else "rest",
            )


def model_predictions(result: SheetResult, *, linear: bool = False) -> pd.DataFrame:
    """The model's probability (or the linear baseline's) for every athlete-day it scored:
    columns athlete, date, risk."""
    import pandas as pd

    key = "linear_baseline_probability" if linear else "probability"
    rows = [
        (d.athlete, pd.Timestamp(d.date), float(d.risk["model"][key]))
        for d in result.days
        if key in d.risk["model"]
    ]
    return pd.DataFrame(rows, columns=["athlete", "date", "risk"])
