"""``fitcoach load``, ``fitcoach readiness`` and ``fitcoach checkin``: training load, the
morning's readiness and the check-in it starts from."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from fitcoach.services.monitoring import LoadReport, ReadinessReport

DEFAULT_WEEKS = 4
SET_WEEKS = 3  # weeks of hard sets shown side by side (fits 80 columns)
# The web's three volume classes and colours (static/charts.js, the weekly report): below MEV,
# MEV to MRV (MEV-MAV and MAV-MRV alike: still recoverable), above MRV; Okabe-Ito colours, told
# apart with colour-blindness too, bold so the class shows on a light or dark terminal.
BELOW_MEV, MEV_TO_MRV, ABOVE_MRV = "bold #56b4e9", "bold #009e73", "bold #d55e00"
STATUS_STYLE = {
    "below_mev": BELOW_MEV,
    "productive": MEV_TO_MRV,
    "above_mav": MEV_TO_MRV,
    "above_mrv": ABOVE_MRV,
}
STATUS_TEXT = {
    "below_mev": "below MEV",
    "productive": "MEV to MAV",
    "above_mav": "MAV to MRV",
    "above_mrv": "above MRV",
}
COLOUR_STYLE = {"green": "bold green", "yellow": "bold yellow", "red": "bold red"}


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a day like 2026-10-31") from None


def _plan(pairs: list[str]) -> dict[date, float]:
    planned: dict[date, float] = {}
    for pair in pairs:
        day, sep, value = pair.partition("=")
        try:
            planned[date.fromisoformat(day.strip())] = float(value)
        except ValueError:
            raise InvalidInput(
                f"--plan takes DAY=LOAD, e.g. 2026-11-21=400 (AU), got {pair!r}"
            ) from None
        if not sep:
            raise InvalidInput(f"--plan takes DAY=LOAD, got {pair!r}")
    return planned


def _num(value: float | None, fmt: str = ".0f") -> str:
    return "-" if value is None else format(value, fmt)


def load(
    athlete: str = ATHLETE,
    start: str | None = typer.Option(
        None, "--from", help="First day, YYYY-MM-DD (default: 4 weeks before --to)."
    ),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: today)."),
    plan: list[str] = typer.Option(
        [], "--plan", help="A planned day's load for the projection, DAY=AU; repeatable."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Training load by week: session-RPE load (AU), ATL, CTL, TSB, ACWR, monotony, strain,
    and weekly hard sets per muscle against the volume landmarks.

    Example: fitcoach load -a 1 --from 2026-10-01 --to 2026-10-28 --plan 2026-10-29=400
    """
    from fitcoach.services import monitoring  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        last = _day(end, "--to") or monitoring.local_today(ctx, aid)
        first = _day(start, "--from") or last - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1)
        report = monitoring.training_load(ctx, aid, start=first, end=last, planned=_plan(plan))
    if json_out:
        print_json(report)
        return
    _print_load(report)


def _print_load(report: LoadReport) -> None:
    trimp = any(w.trimp is not None for w in report.weeks)
    table = Table(
        "week of", "days", "load", "ATL", "CTL", "TSB", "ACWR", "monotony", "strain",
        *(["TRIMP"] if trimp else []),
        title=f"Training load {report.start} to {report.end}, {report.unit}",
    )  # fmt: skip
    for w in report.weeks:
        table.add_row(
            f"{w.week_start:%d %b}", str(w.days), _num(w.load_au), _num(w.atl), _num(w.ctl),
            _num(w.tsb), _num(w.acwr, ".2f"), _num(w.monotony, ".2f"), _num(w.strain),
            *([_num(w.trimp)] if trimp else []),
        )  # fmt: skip
    console.print(table)

    weeks = report.weeks[-SET_WEEKS:]
    if weeks and any(m.sets for w in weeks for m in w.hard_sets):
        # The status is that of the last full week (a partial week always looks low).
        latest = next((w for w in reversed(weeks) if w.days == 7), weeks[-1])
        sets = Table(
            "muscle", *(f"{w.week_start:%d %b}" for w in weeks), "MEV", "MAV", "MRV", "status",
            title=(
                f"Hard sets per week ({report.level}; primary 1, secondary 0.5); "
                f"status for the week of {latest.week_start:%d %b}"
            ),
        )  # fmt: skip
        per_week = [{m.muscle: m for m in w.hard_sets} for w in weeks]
        muscles = sorted({name for week in per_week for name in week})
        shown = {m.muscle: m for m in latest.hard_sets}
        for muscle in muscles:
            m = shown.get(muscle) or next(week[muscle] for week in per_week if muscle in week)
            status = (shown[muscle].status if muscle in shown else None) or "no landmarks"
            style = STATUS_STYLE.get(status, "dim")
            sets.add_row(
                muscle.replace("_", " "),
                *(_num(week[muscle].sets if muscle in week else 0.0, "g") for week in per_week),
                _num(m.mev, "g"), _num(m.mav, "g"), _num(m.mrv, "g"),
                f"[{style}]{STATUS_TEXT.get(status, status)}[/]",
            )  # fmt: skip
        console.print(sets)

    if report.projection:
        ahead = Table("day", "planned", "ATL", "CTL", "TSB", title="Projection")
        for p in report.projection:
            ahead.add_row(
                str(p.day), _num(p.planned_load_au), _num(p.atl), _num(p.ctl), _num(p.tsb)
            )
        console.print(ahead)
    for note in report.notes:
        console.print(f"[dim]note:[/] {note}", highlight=False)


def readiness(
    athlete: str = ATHLETE,
    day: str | None = typer.Option(None, "--day", help="The morning, YYYY-MM-DD (default: today)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Readiness 0-100, led by your morning check-in (energy, soreness, mood): what you said,
    lowered by short sleep, a load change, or HRV and resting HR against your baseline;
    green, yellow or red with the reasons. Without a check-in there is no score: it asks.

    Example: fitcoach readiness -a demo@fitcoach.local --day 2026-11-19
    """
    from fitcoach.services import monitoring  # scipy/pandas: imported on use

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        when = _day(day, "--day") or monitoring.local_today(ctx, aid)
        report = monitoring.readiness(ctx, aid, when)
    if json_out:
        print_json(report)
        return
    _print_readiness(report)


def _print_readiness(report: ReadinessReport) -> None:
    from fitcoach.coach import wording  # here: it loads the rules

    if report.status != "ok" or report.colour is None:
        console.print(f"[bold]{wording.day_text(report.day)}[/]: {report.summary}", highlight=False)
        console.print(
            "Answer it in three numbers: fitcoach checkin --energy 4 --soreness 2 --mood 3",
            highlight=False,
        )
        return
    style = COLOUR_STYLE[report.colour]
    console.print(
        f"[bold]{wording.day_text(report.day)}[/]: you said {report.said}/100; "
        f"readiness [{style}]{report.score}/100 {report.colour}[/]",
        highlight=False,
    )
    from fitcoach.analysis.readiness import COMPONENT_WORDS

    for r in report.reasons:
        console.print(f"- {wording.reason_text(r)}", highlight=False)
    for f in report.findings:
        console.print(f"- {f.text}", highlight=False)
    table = Table("input", "today", "baseline", "score", "took off")
    for c in report.components:
        table.add_row(
            COMPONENT_WORDS.get(c.name, c.name),
            _num(c.value, "g"),
            _num(c.baseline, "g"),
            _num(c.score) if c.score is not None else f"[dim]{c.missing}[/]",
            _num(report.lowered_by.get(c.name)) if c.name in report.lowered_by else "",
        )
    console.print(table)
    console.print(report.why, highlight=False)


def _rating(question: str) -> int:
    """One number from 1 to 5, asked again until it is one."""
    while True:
        answer = str(typer.prompt(question)).strip()
        if answer in ("1", "2", "3", "4", "5"):
            return int(answer)
        console.print("Answer with a number from 1 to 5.", highlight=False)


def checkin(
    athlete: str = ATHLETE,
    energy: int | None = typer.Option(
        None, "--energy", min=1, max=5, help="Energy today: 1 = drained, 5 = full of it."
    ),
    soreness: int | None = typer.Option(
        None, "--soreness", min=1, max=5, help="Muscle soreness: 1 = none, 5 = very sore."
    ),
    mood: int | None = typer.Option(None, "--mood", min=1, max=5, help="Mood: 1 = low, 5 = great."),
    json_out: bool = JSON_OPTION,
) -> None:
    """This morning's check-in: energy, soreness and mood (1-5), stored for today (other
    readings of the day kept), then readiness from what you said. An item not given is
    asked for, one number each.

    Example: fitcoach checkin -a demo@fitcoach.local --energy 4 --soreness 2 --mood 3
    """
    from fitcoach.services import monitoring, training_log

    answers = {
        "energy": energy
        if energy is not None
        else _rating("Energy today? 1 = drained, 5 = full of it"),
        "soreness": soreness
        if soreness is not None
        else _rating("Muscle soreness? 1 = none, 5 = very sore"),
        "mood": mood if mood is not None else _rating("Mood? 1 = low, 5 = great"),
    }
    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        today = monitoring.local_today(ctx, aid)
        training_log.log_daily(ctx, aid, {"day": today, "source": "cli", **answers})
        report = monitoring.readiness(ctx, aid, today)
    if json_out:
        print_json(report)
        return
    _print_readiness(report)
