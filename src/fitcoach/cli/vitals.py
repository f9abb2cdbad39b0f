"""``fitcoach ingest vitals``: online vitals, alerts and red flags from the frame stream.

The lead registers ``vitals_worker`` as the ``vitals`` command of ``fitcoach ingest``.
"""

from __future__ import annotations

import os

import typer
from rich.markup import escape

from fitcoach.cli.common import console, err_console, errors, print_json, settings

VITALS_GROUP = "vitals"  # ingest.producers.VITALS_GROUP (kept light for --help)


def vitals_worker(
    once: bool = typer.Option(
        False, "--once", help="Stop when no message is left instead of waiting for more."
    ),
    group: str = typer.Option(VITALS_GROUP, "--group", help="Consumer group name."),
    consumer: str = typer.Option(
        "", "--consumer", help="This worker's name in the group (default: host-pid)."
    ),
    batch: int = typer.Option(5000, "--batch", min=1, max=10_000, help="Messages per batch."),
    finish: str | None = typer.Option(
        None,
        "--finish",
        metavar="KEY",
        help="End recording KEY now: summarise its stored ECG (HRV, HR recovery, zones, "
        "TRIMP) and keep the summary with the recording; then exit.",
    ),
    athlete: int | None = typer.Option(
        None,
        "--athlete",
        min=1,
        help="With --finish: whose recording KEY is (keys are unique per athlete; needed "
        "only when several athletes have a recording with that key).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the final counters as JSON."),
) -> None:
    """Turn sensor frames into 1 Hz vitals, alerts and red flags; summarise ended recordings.

    Reads the frame stream with its own consumer group, stores each completed second and
    publishes it for the live views; a low-SpO2 or irregular-rhythm alert opens a red flag
    that stops training advice (not a medical device: see a professional). A recording ends
    with --finish KEY or after 120 s without frames (wall time).

    Example: fitcoach ingest vitals --consumer vitals-1   (or: --finish dev12-20261122T101500Z)
    """
    import socket

    from fitcoach.ingest.bus import make_bus
    from fitcoach.storage.db import make_engine, make_session_factory

    s = settings()
    name = consumer or f"{socket.gethostname()}-{os.getpid()}"
    # The signal stack (NeuroKit2, SciPy) loads only when the worker actually runs.
    from fitcoach.workers.vitals import VitalsConfig, VitalsWorker

    engine = make_engine(s.sqlalchemy_url)
    try:
        with errors():
            worker = VitalsWorker(
                make_bus(s),
                make_session_factory(engine),
                VitalsConfig(group=group, consumer=name, batch=batch, thresholds=s.signals),
            )
            if finish is not None:
                result = worker.finish(finish, athlete_id=athlete)
                if result is None:
                    err_console.print(
                        f"[bold red]error:[/] no recording {escape(finish)}", highlight=False
                    )
                    raise typer.Exit(code=2)
                if json_out:
                    print_json({"recording_key": result.recording_key, "summary": result.summary})
                    return
                summary = result.summary
                console.print(
                    f"recording {escape(result.recording_key)} ended: "
                    f"{summary['duration_s']:.0f} s, mean HR {summary['mean_hr_bpm']}, "
                    f"TRIMP (Edwards) {summary['trimp_edwards']:.0f}",
                    highlight=False,
                )
                return
            stats = worker.run(once=once)
    finally:
        engine.dispose()
    if json_out:
        print_json(stats.as_dict())
        return
    console.print(
        f"{stats.messages} messages: {stats.seconds} seconds of vitals, {stats.alerts} alert "
        f"events, {stats.flags} red flags, {stats.finished} recordings finished, {stats.bad} bad",
        highlight=False,
    )
