"""Scoring a squad's daily sheet: each athlete-day's readiness, ACWR, monotony and risk.

One door for a coach's sheet and for the real-data checks (``fitcoach.ml.validation``): what
``fitcoach ml score DAILY.csv`` prints is what the risk check scores on PMData.

Per athlete, from the rows read by :mod:`.sheet`:

- **Load**: the day's load (AU), rows of the same day summed. Between the athlete's first and
  last day with a load, a day without one is a rest day (0): sheets leave rest days out. Before
  the first and after the last, the load is unknown and nothing load-based is computed.
- **Readiness**: ``fitcoach.analysis.readiness.readiness_days`` over the readings (sleep,
  resting HR, HRV, and soreness, mood and fatigue as its soreness, mood and energy), with
  ACWR (EWMA) and form as of the day before, as the app passes them; ``inputs`` names the
  components it used.
- **ACWR**: rolling 7:28 (``analysis.load.acwr_rolling``, through the day), **monotony**:
  Foster's over 7 days (``analysis.load.monotony``).
- **Risk**: the load rule (``analysis.load_rule``) and the risk model (an onset within the 7
  days after the row's day, from that day and before). Which one is *the* risk follows the
  real-data gate stored with the model (``ml.burnout.gate``): the model only where it beat
  ACWR and the 7-day load on real injuries; otherwise the load rule, with the model's figure
  beside it marked experimental.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.analysis.load_rule import LoadRuleResult, load_rule_days
from fitcoach.ml.squad.sheet import Problem, Sheet, merge_days

if TYPE_CHECKING:
    import pandas as pd

    from fitcoach.ml.burnout.scoring import RiskScore, Scorer

ModelStatus = Literal["validated", "experimental", "unavailable"]
EXPERIMENTAL = (
    "experimental: trained on simulated athletes, it has not beaten ACWR and the 7-day load on "
    "real athletes' injuries, so the load rule is the risk."
)
VALIDATED = "validated: it beat ACWR and the 7-day load on real athletes' injuries."


@dataclass(frozen=True)
class DayResult:
    """One athlete-day of the sheet, scored."""

    athlete: str
    date: date
    load_au: float | None  # None: unknown (outside the athlete's load records)
    readiness: dict[str, Any]
    acwr: float | None
    monotony: float | None
    risk: dict[str, Any]


@dataclass
class SheetResult:
    """Every athlete-day scored, the problems found, and which risk is shown and why."""

    days: list[DayResult]
    problems: list[Problem]
    rows_read: int
    rows_used: int
    model_status: ModelStatus
    model_version: str | None
    model_note: str  # in words
    gate_reason: str = ""  # the real-data decision's figures (for an analyst; the card has them)
    inputs: dict[str, list[str]] = field(default_factory=dict)  # athlete -> columns recorded

    @property
    def rows_rejected(self) -> int:
        return sum(1 for p in self.problems if p.rejected)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (dates as ISO strings)."""
        return {
            "summary": {
                "rows_read": self.rows_read,
                "rows_used": self.rows_used,
                "rows_rejected": self.rows_rejected,
                "values_ignored": sum(1 for p in self.problems if not p.rejected),
                "athletes": len(self.inputs),
                "athlete_days": len(self.days),
                "model_status": self.model_status,
                "model_version": self.model_version,
                "model_note": self.model_note,
                "gate_reason": self.gate_reason,
                "inputs": self.inputs,
            },
            "problems": [
                {
                    "row": p.row,
                    "athlete": p.athlete,
                    "date": p.date,
                    "rejected": p.rejected,
                    "messages": list(p.messages),
                }
                for p in self.problems
            ],
            "days": [
                {
                    "athlete": d.athlete,
                    "date": d.date.isoformat(),
                    "load_au": d.load_au,
                    "readiness": d.readiness,
                    "acwr": d.acwr,
                    "monotony": d.monotony,
                    "risk": d.risk,
                }
                for d in self.days
            ],
        }


def load_scorer(root: Path | None, *, version: str | None = None) -> tuple[Scorer | None, str]:
    """The risk model for the sheet, or None and why (no ml extra, no usable artefact)."""
    from fitcoach.ml.registry import ArtefactError

    try:
        from fitcoach.ml.burnout.model import load
        from fitcoach.ml.burnout.scoring import Scorer

        return Scorer(load(root, version=version)), ""
    except ArtefactError as exc:
        return None, str(exc)


def _round(value: float | None, digits: int = 3) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def _readings_frame(
    days: dict[date, tuple[float | None, dict[str, float]]], first: date, last: date
) -> pd.DataFrame:
    """The readings as ``analysis.readiness`` and the risk features read them."""
    import pandas as pd

    index = pd.date_range(first, last, freq="D")
    columns: dict[str, list[float]] = {
        c: [] for c in ("sleep_h", "hrv_rmssd_ms", "resting_hr_bpm", "soreness", "mood", "energy")
    }
    for stamp in index:
        values = days.get(stamp.date(), (None, {}))[1]
        columns["sleep_h"].append(values.get("sleep_h", math.nan))
        columns["hrv_rmssd_ms"].append(values.get("hrv", math.nan))
        columns["resting_hr_bpm"].append(values.get("resting_hr", math.nan))
        # the sheet's items are higher-is-better; the app's soreness is 1 none … 5 very sore
        columns["soreness"].append(6.0 - values["soreness"] if "soreness" in values else math.nan)
        columns["mood"].append(values.get("mood", math.nan))
        columns["energy"].append(values.get("fatigue", math.nan))  # 5 = very fresh
    return pd.DataFrame(columns, index=index, dtype=float)


def _load_span(
    days: dict[date, tuple[float | None, dict[str, float]]],
) -> tuple[date, date] | None:
    with_load = sorted(d for d, (load, _) in days.items() if load is not None)
    return (with_load[0], with_load[-1]) if with_load else None


def _loads(
    days: dict[date, tuple[float | None, dict[str, float]]], first: date, last: date
) -> pd.Series:
    import pandas as pd

    index = pd.date_range(first, last, freq="D")
    return pd.Series(
        [days.get(s.date(), (None, {}))[0] or 0.0 for s in index], index=index, dtype=float
    )


def _readiness_load(load: pd.Series) -> dict[date, tuple[float | None, float | None]]:
    """Each day's (EWMA ACWR, form %) as of the day before, as the app passes them."""
    values = load.to_numpy(dtype=float)
    acwr = load_analysis.acwr_ewma_values(values)
    atl = load_analysis.ewma_load_values(values, load_analysis.ATL_DAYS)
    ctl = load_analysis.ewma_load_values(values, load_analysis.CTL_DAYS)
    out: dict[date, tuple[float | None, float | None]] = {}
    for i, stamp in enumerate(load.index[1:], start=0):
        ratio = _round(float(acwr[i]))
        if ratio is None:
            continue
        form = (ctl[i] - atl[i]) / ctl[i] * 100.0 if ctl[i] > 0 else None
        out[stamp.date()] = (ratio, _round(form, 1))
    return out


def _readiness_out(result: readiness_analysis.Readiness) -> dict[str, Any]:
    return {
        "status": result.status,
        "score": result.score,
        "colour": result.colour,
        "inputs": [c.name for c in result.components if c.score is not None and c.weight > 0],
        "why": result.why,
    }


def _rule_out(rule: LoadRuleResult | None) -> dict[str, Any]:
    if rule is None:
        return {"status": "insufficient_data", "level": None, "reasons": []}
    return {
        "status": rule.status,
        "level": rule.level,
        "acwr": _round(rule.acwr),
        "load_7d_au": _round(rule.load_7d_au, 1),
        "reasons": [r.text for r in rule.reasons],
    }


def _risk_out(
    rule: LoadRuleResult | None, scored: RiskScore | None, status: ModelStatus
) -> dict[str, Any]:
    model: dict[str, Any] = {"status": status}
    if scored is not None:
        model |= {
            "probability": round(scored.probability, 4),
            "linear_baseline_probability": round(scored.linear_probability, 4),
            "level": scored.level,
            "horizon_days": scored.horizon_days,
            "reasons": [r.text for r in scored.reasons],
        }
    if status == "validated" and scored is not None:
        return {
            "shown": "model",
            "level": scored.level,
            "reasons": [r.text for r in scored.reasons],
            "model": model,
            "load_rule": _rule_out(rule),
        }
    return {
        "shown": "load_rule",
        "level": None if rule is None else rule.level,
        "reasons": [] if rule is None else [r.text for r in rule.reasons],
        "model": model,
        "load_rule": _rule_out(rule),
    }


def score_sheet(sheet: Sheet, scorer: Scorer | None, *, model_note: str = "") -> SheetResult:
    """Score every athlete-day of ``sheet`` (see the module's description)."""
    merged, clashes = merge_days(sheet.entries)
    status: ModelStatus
    gate_reason = ""
    if scorer is None:
        status = "unavailable"
    else:
        status = "validated" if scorer.gate.show_model else "experimental"
        gate_reason = scorer.gate.reason
        model_note = model_note or (VALIDATED if scorer.gate.show_model else EXPERIMENTAL)
    out: list[DayResult] = []
    inputs: dict[str, list[str]] = {}
    for athlete in sorted(merged):
        days = merged[athlete]
        first, last = min(days), max(days)
        readings = _readings_frame(days, first, last)
        recorded = sorted({k for _, values in days.values() for k in values})
        has_load = any(load is not None for load, _ in days.values())
        inputs[athlete] = (["load"] if has_load else []) + recorded
        span = _load_span(days)
        rules: dict[date, LoadRuleResult] = {}
        acwr: dict[date, float | None] = {}
        monotony: dict[date, float | None] = {}
        scores: dict[date, RiskScore] = {}
        given: dict[date, tuple[float | None, float | None]] = {}
        if span is not None:
            load = _loads(days, *span)
            rules = {r.day: r for r in load_rule_days(load)}
            ratio = load_analysis.acwr_rolling(load).to_numpy(dtype=float)
            varied = load_analysis.monotony(load).to_numpy(dtype=float)
            for i, stamp in enumerate(load.index):
                acwr[stamp.date()] = _round(float(ratio[i]))
                monotony[stamp.date()] = _round(float(varied[i]))
            given = _readiness_load(load)
            if scorer is not None:
                frame = readings.loc[load.index[0] : load.index[-1]].copy()
                frame.insert(0, "load_au", load.to_numpy())
                scores = {s.day: s for s in scorer.score_days(frame)}
        ready = readiness_analysis.readiness_days(readings, first, last, load=given)
        for result in ready:
            day = result.day
            in_span = span is not None and span[0] <= day <= span[1]
            rule = rules.get(day)
            out.append(
                DayResult(
                    athlete=athlete,
                    date=day,
                    load_au=(days.get(day, (None, {}))[0] or 0.0) if in_span else None,
                    readiness=_readiness_out(result),
                    acwr=acwr.get(day),
                    monotony=monotony.get(day),
                    risk=_risk_out(rule, scores.get(day), status),
                )
            )
    problems = sorted([*sheet.problems, *clashes], key=lambda p: p.row)
    return SheetResult(
        days=out,
        problems=problems,
        rows_read=sheet.rows_read,
        rows_used=len(sheet.entries),
        model_status=status,
        model_version=None if scorer is None else scorer.manifest.version,
        model_note=model_note,
        gate_reason=gate_reason,
        inputs=inputs,
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
