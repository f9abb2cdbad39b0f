"""``fitcoach ml score DAILY.csv``: a squad's daily sheet scored, as a table or JSON, with
every row rejected, merged or changed said in words (registered on ``fitcoach ml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, errors, settings


def score(
    sheet: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="The daily sheet (CSV): athlete, date, and any of load or srpe + minutes, "
        "sleep_h, resting_hr, hrv, fatigue, mood, soreness, stress, sleep_quality, session.",
    ),
    scale: list[str] | None = typer.Option(
        None,
        "--scale",
        help="Scale of the wellness items, higher is better: 5 (1-5), 7 (1-7), 10 (0-10) or "
        "LOW-HIGH; ITEM=SCALE for one item (fatigue=1-7); repeat for several. Undeclared "
        "items are read as 1-5 only when every value lies in 1-5.",
    ),
    missing_load: str = typer.Option(
        "gap",
        "--missing-load",
        help="A day without a load inside an athlete's record: 'gap' (unknown: load figures "
        "restart after it) or 'rest' (the sheet leaves rest days out: load 0).",
    ),
    experimental_model: bool = typer.Option(
        False,
        "--experimental-model",
        help="Also score the risk model that has not beaten the load rule on real injuries, "
        "marked experimental (loading it takes a few seconds).",
    ),
    last: int = typer.Option(
        7, "--last", min=0, help="Table only: each athlete's last N days (0: every day)."
    ),
    version: str | None = typer.Option(None, help="Risk model version (default: the newest)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Score a squad's daily monitoring sheet: each athlete-day's readiness, ACWR (rolling
    7:28), monotony, strain and the load rule's notes in words (no risk level: on real squads
    it ranked injuries at chance). Every row rejected,
    merged (an exact copy) or with a value ignored is listed with its line and why; a day whose
    load is unknown is a gap, never a zero, and nothing load-based is computed across it. The
    risk is the load rule (ACWR and 7-day load) unless the risk model beat both on real injuries
    (`fitcoach ml validate`). Columns, scales, gaps: docs/data-format.md, "Squad daily sheet".

    Example: fitcoach ml score team-daily.csv --json

    Example: fitcoach ml score team-daily.csv --scale 1-7 --missing-load rest

    A sheet (wellness items 1-5, higher is better; load 0 on a rest day):

        athlete,date,srpe,minutes,sleep_h,resting_hr,fatigue,mood,soreness
        ana,2026-03-02,6,75,7.5,52,4,4,3
        ana,2026-03-03,0,0,8.1,50,4,5,4
    """
    import sys

    from fitcoach.ml.squad import score_file

    if missing_load not in ("gap", "rest"):
        raise typer.BadParameter("'gap' or 'rest'", param_hint="--missing-load")
    with errors():
        result = score_file(
            sheet,
            scale=scale or None,
            missing_load="rest" if missing_load == "rest" else "gap",
            models_root=settings().models_path,
            version=version,
            experimental=experimental_model,
        )
    if json_out:
        result.write_json(sys.stdout)
        return
    _show_sheet(result, last)


def _show_sheet(result: Any, last: int) -> None:
    from collections import defaultdict

    from rich.markup import escape

    summary = result.summary()
    by_athlete: dict[str, list[Any]] = defaultdict(list)
    for day in result.days:
        by_athlete[day.athlete].append(day)
    title = "Squad sheet" + (f": each athlete's last {last} days" if last else "")
    table = Table(title=title)
    table.add_column("athlete")
    table.add_column("date", no_wrap=True)
    # No risk level: on real team cohorts the load rule's level ranked injuries at chance
    # (docs/models/burnout.md). Its reasons describe the load, so they are shown as notes.
    for name in ("load AU", "readiness", "ACWR", "monotony", "strain", "load notes"):
        table.add_column(name)
    for athlete, days in by_athlete.items():
        for day in days[-last:] if last else days:
            ready = day.readiness
            shown = (
                f"{ready['score']} {ready['colour']}" if ready["score"] is not None
                else ready["status"].replace("_", " ")
            )  # fmt: skip
            risk = day.risk
            notes = " ".join(risk["reasons"][:1]) or {
                "gap": "load unknown (a gap)",
                "unknown": "no load records",
            }.get(day.load_status, "not enough history")
            load = {"gap": "gap", "unknown": "-"}.get(day.load_status, f"{day.load_au or 0:.0f}")
            table.add_row(
                escape(athlete),
                day.date.isoformat(),
                load,
                shown,
                "-" if day.acwr is None else f"{day.acwr:.2f}",
                "-" if day.monotony is None else f"{day.monotony:.1f}",
                "-" if day.strain is None else f"{day.strain:,.0f}",
                escape(notes),
            )
    console.print(table)
    gaps = summary["gap_days"]
    console.print(
        f"{summary['rows_read']} rows read, {summary['rows_used']} used, "
        f"{summary['rows_rejected']} rejected, {summary['rows_merged']} merged as exact "
        f"copies, {summary['values_ignored']} with a value ignored; "
        f"{_count(summary['athletes'], 'athlete')}, "
        f"{_count(summary['athlete_days'], 'athlete-day')}, "
        f"{gaps} of them {'a gap' if gaps == 1 else 'gaps'} in the load."
    )
    for note in summary["notes"]:
        console.print(f"· {escape(note)}", soft_wrap=True)
    console.print(
        "Load notes: ACWR and the 7-day load against each athlete's own weeks, described; no "
        "risk level is shown, since on real squads it ranked injuries at chance. The risk model "
        f"is {escape(summary['model_note'])}"
    )
    if result.problems:
        problems = Table(
            "line", "athlete", "date", "what happened", "why", title="Rows with problems"
        )
        for p in result.problems:
            problems.add_row(
                str(p.row), escape(p.athlete), escape(p.date), p.action,
                escape("; ".join(p.messages)),
            )  # fmt: skip
        console.print(problems)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
