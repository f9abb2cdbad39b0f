"""``fitcoach ingest``: store sensor frames from the bus, prune old raw waveforms."""

from __future__ import annotations

import os

import typer

from fitcoach.cli.common import console, errors, print_json, settings

app = typer.Typer(
    help="Sensor ingest: consume frames from the bus into the database, prune raw waveforms.",
    no_args_is_help=True,
)

# workers.frames.DEFAULT_GROUP and ingest.producers.STREAM_FRAMES, repeated so that --help need
# not import the ingest side (NumPy, the database)
DEFAULT_GROUP = "fitcoach-storage"
STREAM_FRAMES = "fitcoach:frames"


@app.command()
def consume(
    group: str = typer.Option(DEFAULT_GROUP, "--group", help="Consumer group name."),
    consumer: str = typer.Option(
        "", "--consumer", help="This consumer's name in the group (default: host-pid)."
    ),
    batch: int = typer.Option(5000, "--batch", min=1, max=10_000, help="Messages per batch."),
    once: bool = typer.Option(
        False, "--once", help="Stop when no message is left instead of waiting for more."
    ),
    stream: str = typer.Option(STREAM_FRAMES, "--stream", help="The stream to read."),
    block_ms: int = typer.Option(
        1000, "--block-ms", min=1, help="How long one read waits for messages (ms)."
    ),
    reclaim_idle_ms: int = typer.Option(
        60_000,
        "--reclaim-idle-ms",
        min=0,
        help="Take over messages another consumer has left pending this long (ms).",
    ),
    json_out: bool = typer.Option(False, "--json", help="Print the final counters as JSON."),
) -> None:
    """Store sensor frames from the bus: batch, write, commit, then ack (SIGTERM stops cleanly).

    Uses Redis Streams when FITCOACH_REDIS_URL is set, else the in-process bus (useful only
    when the producer runs in the same process).

    Example: fitcoach ingest consume --group storage --consumer worker-1 --batch 5000
    """
    import socket

    from fitcoach.ingest.bus import make_bus
    from fitcoach.storage.db import make_engine, make_session_factory
    from fitcoach.workers.frames import ConsumerConfig, FrameConsumer

    s = settings()
    name = consumer or f"{socket.gethostname()}-{os.getpid()}"
    engine = make_engine(s.sqlalchemy_url)
    try:
        with errors():
            worker = FrameConsumer(
                make_bus(s),
                make_session_factory(engine),
                ConsumerConfig(
                    stream=stream,
                    group=group,
                    consumer=name,
                    batch=batch,
                    block_ms=block_ms,
                    reclaim_idle_ms=reclaim_idle_ms,
                ),
            )
            stats = worker.run(once=once)
    finally:
        engine.dispose()
    if json_out:
        print_json(stats.as_dict())
        return
    console.print(
        f"{stats.messages} messages: {stats.chunks} chunks stored, "
        f"{stats.duplicates} duplicates, {stats.bad} bad, {stats.reclaimed} reclaimed",
        highlight=False,
    )


@app.command()
def prune(
    days: int | None = typer.Option(
        None,
        "--days",
        min=1,
        help="Keep this many days of raw waveforms (default: FITCOACH_WAVEFORM_RETENTION_DAYS).",
    ),
) -> None:
    """Delete raw waveform chunks older than the retention period; vitals and events stay.

    Example: fitcoach ingest prune --days 30
    """
    from fitcoach.storage.db import make_engine, make_session_factory
    from fitcoach.workers.frames import prune_waveforms

    s = settings()
    engine = make_engine(s.sqlalchemy_url)
    try:
        with errors():
            deleted = prune_waveforms(
                make_session_factory(engine), retention_days=days or s.waveform_retention_days
            )
    finally:
        engine.dispose()
    console.print(f"{deleted} raw waveform chunks deleted", highlight=False)
