"""``fitcoach measure``: body measurements from a tape (add, show, delete)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from fitcoach.services.measurements import MeasurementDay, Overview

app = typer.Typer(
    help="Body measurements from a tape: waist, hips, neck, chest, shoulders, arms, legs; "
    "body fat.",
    no_args_is_help=True,
)

# coach.measurements.SITE_KEYS, repeated so that --help need not import pydantic (the tests
# hold them equal); each site's option is its key with dashes: --upper-arm-left.
SITES = (
    "neck",
    "shoulders",
    "chest",
    "waist",
    "hips",
    "upper_arm_left",
    "upper_arm_right",
    "forearm_left",
    "forearm_right",
    "thigh_left",
    "thigh_right",
    "calf_left",
    "calf_right",
)


def _option(site: str) -> Any:
    words = site.replace("_", " ")
    return typer.Option(
        None, f"--{site.replace('_', '-')}", help=f"{words}: 84 in your unit, or 84cm, 33in"
    )


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a day like 2026-11-20") from None


@app.command()
def add(
    athlete: str = ATHLETE,
    day: str | None = typer.Option(None, help="YYYY-MM-DD (default: today)."),
    neck: str | None = _option("neck"),
    shoulders: str | None = _option("shoulders"),
    chest: str | None = _option("chest"),
    waist: str | None = _option("waist"),
    hips: str | None = _option("hips"),
    upper_arm_left: str | None = _option("upper_arm_left"),
    upper_arm_right: str | None = _option("upper_arm_right"),
    forearm_left: str | None = _option("forearm_left"),
    forearm_right: str | None = _option("forearm_right"),
    thigh_left: str | None = _option("thigh_left"),
    thigh_right: str | None = _option("thigh_right"),
    calf_left: str | None = _option("calf_left"),
    calf_right: str | None = _option("calf_right"),
    body_fat: str | None = typer.Option(
        None, help="Body fat in % of body mass, if you measured it (a scan, a scale): 18.5"
    ),
    notes: str = typer.Option("", help="A note for these measurements (kept encrypted)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Log a day's tape measurements; a site measured again the same day replaces its value.

    Lengths are in your unit (cm, or in when you chose imperial), or say their own: 84cm, 33in.

    Example: fitcoach measure add -a 1 --waist 84 --hips 98 --neck 37 --upper-arm-left 35.5
    """
    from fitcoach.services import measurements

    values = {
        "neck": neck,
        "shoulders": shoulders,
        "chest": chest,
        "waist": waist,
        "hips": hips,
        "upper_arm_left": upper_arm_left,
        "upper_arm_right": upper_arm_right,
        "forearm_left": forearm_left,
        "forearm_right": forearm_right,
        "thigh_left": thigh_left,
        "thigh_right": thigh_right,
        "calf_left": calf_left,
        "calf_right": calf_right,
    }
    doc: dict[str, Any] = {f"{k}_cm": v for k, v in values.items() if v is not None}
    if body_fat is not None:
        doc["body_fat_pct"] = body_fat
    if not doc:
        raise typer.BadParameter("give at least one measurement, e.g. --waist 84")
    if notes:
        doc["notes"] = notes
    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        doc["day"] = day or ctx.clock.now().astimezone().date().isoformat()
        logged = measurements.log_measurements(ctx, aid, doc)
    if json_out:
        print_json(logged)
        return
    from fitcoach.coach.measurements import label_of

    words = []
    for what, kinds in (("logged", logged.created), ("replaced", logged.replaced)):
        if kinds:
            words.append(f"{what} {', '.join(label_of(k) for k in kinds)}")
    if logged.unchanged:
        words.append(f"already stored: {', '.join(label_of(k) for k in logged.unchanged)}")
    console.print(f"{logged.day.isoformat()}: {'; '.join(words)}")


@app.command()
def show(
    athlete: str = ATHLETE,
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD."),
    limit: int = typer.Option(30, min=1, max=500, help="At most this many days: the latest."),
    json_out: bool = JSON_OPTION,
) -> None:
    """The latest days of measurements in your unit, with the body-fat estimate (US Navy tape
    formula, with its error band) and each site's change since the first reading and over the
    last four weeks.

    Example: fitcoach measure show -a 1 --from 2026-10-01
    """
    from fitcoach.services import athletes, measurements, monitoring

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        profile = athletes.get_athlete(ctx, aid).profile
        days = measurements.history(ctx, aid, _day(start, "--from"), _day(end, "--to"), limit=limit)
        today = _day(end, "--to") or monitoring.local_today(ctx, aid)
        view = measurements.overview(ctx, aid, today)
    if json_out:
        print_json({"days": days, "overview": view})
        return
    if not days:
        console.print(
            "no measurements in that range; add some: fitcoach measure add -a ATHLETE --waist 84"
        )
        return
    units = profile.units if profile else None
    console.print(_days_table(list(reversed(days)), units))
    console.print(_changes_table(view, units))


def _days_table(days: list[MeasurementDay], units: str | None) -> Any:
    from rich.table import Table

    from fitcoach.coach.measurements import SITE_KEYS, label_of
    from fitcoach.core.units import length_number, length_unit, units_or_default

    system = units_or_default(units)
    shown = [k for k in SITE_KEYS if any(k in d.values_cm for d in days)]
    table = Table(
        "day",
        *(f"{label_of(k)} ({length_unit(system)})" for k in shown),
        "body fat",
        "notes",
        caption="est.: US Navy tape estimate (Hodgdon & Beckett 1984), ± one standard error",
    )
    for d in days:
        fat = f"{d.body_fat_pct:g} %" if d.body_fat_pct is not None else ""
        if d.body_fat_estimate is not None:
            e = d.body_fat_estimate
            estimate = f"est. {e.percent:g} % ± {e.see_pct:g}"
            fat = f"{fat}; {estimate}" if fat else estimate
        table.add_row(
            d.day.isoformat(),
            *(length_number(d.values_cm.get(k), system) for k in shown),
            fat,
            d.notes,
        )
    return table


def _changes_table(view: Overview, units: str | None) -> Any:
    from rich.table import Table

    from fitcoach.core.units import format_length, units_or_default

    system = units_or_default(units)

    def signed(value: float | None, unit: str) -> str:
        if value is None:
            return "—"
        if unit == "%":
            return f"{value:+.1f} %".replace("-", "−") if round(value, 1) else "±0 %"
        return format_length(value, system, signed=True)

    table = Table("measurement", "first", "latest", "since first", "last 4 weeks")
    for c in view.changes:
        first = f"{c.first:g} %" if c.unit == "%" else format_length(c.first, system)
        latest = f"{c.latest:g} %" if c.unit == "%" else format_length(c.latest, system)
        table.add_row(
            c.label,
            f"{first} ({c.first_day.isoformat()})",
            f"{latest} ({c.latest_day.isoformat()})",
            signed(c.since_start, c.unit),
            signed(c.recent, c.unit),
        )
    return table


@app.command()
def delete(
    athlete: str = ATHLETE,
    day: str = typer.Option(..., help="The day, YYYY-MM-DD."),
    site: list[str] = typer.Option(
        [], "--site", help="Only this measurement (repeat it): waist, body_fat, ..."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Delete a day's measurements (only the --site ones when given).

    Example: fitcoach measure delete -a 1 --day 2026-11-19 --site waist
    """
    from fitcoach.services import measurements

    when = _day(day, "--day")
    assert when is not None
    with service_context() as ctx:
        removed = measurements.delete_measurements(
            ctx, athlete_id(ctx, athlete), when, [s.replace("-", "_") for s in site] or None
        )
    if json_out:
        print_json({"day": when, "removed": removed})
    elif removed:
        from fitcoach.coach.measurements import label_of

        console.print(f"{when.isoformat()}: deleted {', '.join(label_of(k) for k in removed)}")
    else:
        console.print(f"no measurements to delete on {when.isoformat()}")
