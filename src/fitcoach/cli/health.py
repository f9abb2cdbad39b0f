"""``fitcoach health``: raise, resolve and list red flags (they stop all training advice)."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context

app = typer.Typer(
    help="Red flags (chest pain, fainting, low SpO2 ...): they stop training advice.",
    no_args_is_help=True,
)

# The red flags and flag sources of the safety rules (coach/rules/safety.yaml), repeated so that
# --help need not load the rules; the service refuses any other value with the current list.
RED_FLAGS = (
    "chest_pain",
    "fainting",
    "severe_breathlessness",
    "low_resting_spo2",
    "rhythm_alert",
    "palpitations_dizziness",
    "acute_injury",
    "dvt_signs",
    "cauda_equina_signs",
    "extreme_diet",
    "self_harm",
    "palpitations_at_rest",
    "coughing_vomiting_blood",
    "head_injury_signs",
    "pregnancy_warning_signs",
    "heat_illness",
    "glycaemic_emergency",
    "asthma_unrelieved",
    "stroke_signs",
    "rhabdomyolysis",
    "anaphylaxis",
    "acute_abdomen",
    "medication_overuse",
    "gut_bleed",
    "autonomic_dysreflexia",
    "neutropenic_fever",
    "medicine_toxicity",
)
FLAG_SOURCES = ("athlete", "coach", "sensor", "operator")


@app.command()
def flag(
    athlete: str = ATHLETE,
    kind: str = typer.Option(..., "--kind", help=f"One of: {', '.join(RED_FLAGS)}."),
    value: float | None = typer.Option(
        None, "--value", help="The reading, for low_resting_spo2 (percent, below 90)."
    ),
    note: str = typer.Option("", "--note", help="What happened, in your words (optional)."),
    source: str = typer.Option(
        "athlete", "--source", help=f"Who reports it: {', '.join(FLAG_SOURCES)}."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Report a red flag: training advice stops and you are pointed to a professional.

    Example: fitcoach health flag -a 1 --kind low_resting_spo2 --value 88
    """
    from fitcoach.services import health

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        flag_id = health.raise_flag(ctx, aid, kind, source=source, value=value, note=note)
        message = health.escalation_for(ctx, aid) or ""
    if json_out:
        print_json({"id": flag_id, "athlete_id": aid, "escalation": message})
        return
    console.print(f"[bold red]flag {flag_id} raised[/] for athlete {aid}", highlight=False)
    console.print(escape(message), highlight=False)


@app.command()
def clear(
    athlete: str = ATHLETE,
    flag_id: int = typer.Option(..., "--id", help="The flag's id (`fitcoach health list`)."),
    reason: str = typer.Option(
        ...,
        "--reason",
        help="Why it is resolved, e.g. 'seen by my GP, cleared to train' (stored; 3-500 chars).",
    ),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Resolve a red flag with a stated reason, after a doctor or health professional has
    cleared you to train (the operator acts as an admin; the reason is stored with the flag).

    Example: fitcoach health clear -a 1 --id 3 --reason "seen by my GP, cleared" --yes
    """
    from fitcoach.coach.safety import escalation_message
    from fitcoach.services import health

    if not yes:
        typer.confirm(
            f"Has a doctor or health professional cleared athlete {athlete} to train again? "
            f"Clear flag {flag_id}?",
            abort=True,
        )
    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        health.clear_flag(ctx, aid, flag_id, reason)
        still = health.open_flags(ctx, aid)
    console.print(f"flag {flag_id} resolved for athlete {aid}", highlight=False)
    if still:
        console.print(
            f"{len(still)} flag(s) still open: training advice stays paused.", highlight=False
        )
        console.print(escape(escalation_message([f.kind for f in still])), highlight=False)


@app.command("list")
def list_(
    athlete: str = ATHLETE,
    all_: bool = typer.Option(False, "--all", help="Include cleared flags."),
    json_out: bool = JSON_OPTION,
) -> None:
    """List an athlete's red flags (open ones; --all adds the cleared ones).

    Example: fitcoach health list -a 1 --all
    """
    from fitcoach.services import health

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        rows = health.list_flags(ctx, aid, include_cleared=all_)
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print(f"no {'' if all_ else 'open '}flags for athlete {aid}", highlight=False)
        return
    # Open flags have no resolution: its columns only with --all (the table fits 80 columns).
    resolved = ("resolved", "reason") if all_ else ()
    table = Table("id", "kind", "value", "source", "raised", "note", *resolved)
    for f in rows:
        cells = [
            str(f.id),
            f.label,
            "" if f.value is None else f"{f.value:g}",
            f.source,
            f.raised_at.strftime("%Y-%m-%d %H:%M"),
            escape(f.note),
        ]
        if all_:
            cells += [
                f.cleared_at.strftime("%Y-%m-%d %H:%M") if f.cleared_at else "open",
                escape(f.resolution_note),
            ]
        table.add_row(*cells)
    console.print(table)
