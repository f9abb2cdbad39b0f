"""``log_measurements`` and ``get_measurements``: body measurements from a tape, written and
read through the measurements service, said in the athlete's unit (cm or in)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    Day,
    ToolArgs,
    athlete_units,
    day_words,
    jsonable,
    past_day,
)
from fitcoach.coach.measurements import BODY_FAT, SITES, label_of
from fitcoach.core.units import Units, format_length
from fitcoach.services import measurements

_LENGTH = "A number in cm, or text with its unit ('33 in', '84 cm'); text without one is in the athlete's unit."  # fmt: skip


def _length() -> Any:
    return Field(default=None, description=_LENGTH)


class LogMeasurementsArgs(ToolArgs):
    """A day's tape measurements (left out: not measured) and body fat if measured."""

    date: Day = None
    neck_cm: float | str | None = _length()
    shoulders_cm: float | str | None = _length()
    chest_cm: float | str | None = _length()
    waist_cm: float | str | None = _length()
    hips_cm: float | str | None = _length()
    upper_arm_left_cm: float | str | None = _length()
    upper_arm_right_cm: float | str | None = _length()
    forearm_left_cm: float | str | None = _length()
    forearm_right_cm: float | str | None = _length()
    thigh_left_cm: float | str | None = _length()
    thigh_right_cm: float | str | None = _length()
    calf_left_cm: float | str | None = _length()
    calf_right_cm: float | str | None = _length()
    body_fat_pct: float | None = Field(
        default=None, description="Body fat in % of body mass, only if the athlete measured it."
    )
    notes: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _something(self) -> LogMeasurementsArgs:
        if not self.model_fields_set - {"date", "notes"}:
            raise ValueError(
                "give at least one measurement (waist_cm, hips_cm, neck_cm ...) or body_fat_pct"
            )
        return self


def value_text(kind: str, value: float, units: Units) -> str:
    """``waist 84 cm``, ``waist 33.1 in``, ``body fat 18.5 %``."""
    if kind == BODY_FAT:
        return f"body fat {value:g} %"
    return f"{label_of(kind)} {format_length(value, units)}"


def estimate_text(estimate: measurements.EstimateOut) -> str:
    """The tape's body-fat estimate as people read it: an estimate, with its error band."""
    return (
        f"Estimated body fat {estimate.percent:g} % (± {estimate.see_pct:g}, so "
        f"{estimate.low_pct:g}–{estimate.high_pct:g} %): an estimate from the US Navy tape "
        "formula, not a measurement."
    )


def log_measurements(tctx: ToolContext, args: LogMeasurementsArgs) -> ToolResult:
    day = past_day(tctx, args.date)
    doc: dict[str, Any] = {
        key: value
        for key, value in args.model_dump(exclude={"date"}).items()
        if value is not None and value != ""
    }
    doc["day"] = day.isoformat()
    logged = measurements.log_measurements(tctx.service, tctx.athlete_id, doc)
    units = athlete_units(tctx)
    [stored] = measurements.history(tctx.service, tctx.athlete_id, day, day)
    values = {**stored.values_cm}
    if stored.body_fat_pct is not None:
        values[BODY_FAT] = stored.body_fat_pct
    written = [*logged.created, *logged.replaced, *logged.unchanged]
    order = [s.key for s in SITES] + [BODY_FAT]
    parts = [value_text(k, values[k], units) for k in order if k in written]
    text = f"Logged for {day_words(day, tctx.today())}: {', '.join(parts)}."
    if logged.replaced:
        was = ", ".join(value_text(k, v, units) for k, v in logged.before.items())
        text += f" That replaces what was logged for that day ({was})."
    if stored.body_fat_estimate is not None:
        text += " " + estimate_text(stored.body_fat_estimate)
    data = {
        "date": day,
        "created": list(logged.created),
        "replaced": list(logged.replaced),
        "unchanged": list(logged.unchanged),
        "values_cm": {k: v for k, v in stored.values_cm.items() if k in written},
        "body_fat_pct": stored.body_fat_pct if BODY_FAT in written else None,
        "body_fat_estimate": stored.body_fat_estimate,
    }
    return ToolResult("log_measurements", ok=True, data=jsonable(data), summary=text)


class GetMeasurementsArgs(ToolArgs):
    """No arguments: every measurement up to today."""


def get_measurements(tctx: ToolContext, args: GetMeasurementsArgs) -> ToolResult:
    view = measurements.overview(tctx.service, tctx.athlete_id, tctx.today())
    units = athlete_units(tctx)
    if view.empty:
        return ToolResult(
            "get_measurements",
            ok=True,
            data={"changes": []},
            summary="No body measurements logged yet: say e.g. 'waist 84 cm, hips 98'.",
        )
    lines = []
    for c in view.changes:
        latest = value_text(c.kind, c.latest, units)
        moves = []
        if c.since_start is not None:
            moves.append(f"{_signed(c.since_start, c.unit, units)} since {day_words(c.first_day)}")
        if c.recent is not None:
            moves.append(f"{_signed(c.recent, c.unit, units)} over the last 4 weeks")
        lines.append(f"{latest} ({day_words(c.latest_day)})" + (f": {'; '.join(moves)}" if moves else ""))  # fmt: skip
    summary = "\n".join(lines)
    if view.latest_estimate is not None and view.latest_estimate_day is not None:
        summary += f"\n{day_words(view.latest_estimate_day)}: {estimate_text(view.latest_estimate)}"
    return ToolResult(
        "get_measurements",
        ok=True,
        data=jsonable({"changes": view.changes, "latest_estimate": view.latest_estimate}),
        summary=summary,
    )


def _signed(value: float, unit: str, units: Units) -> str:
    if unit == "%":
        return "±0 %" if not round(value, 1) else f"{value:+.1f} %".replace("-", "−")
    return format_length(value, units, signed=True)
