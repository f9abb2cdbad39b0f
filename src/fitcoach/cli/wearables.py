"""``fitcoach simulate wearables`` and ``fitcoach ingest wearables``: the six ``fitness:*`` streams.

The lead registers ``simulate_wearables`` and ``consume_wearables`` as commands; both use the
bus ``make_bus(settings)`` picks (Redis Streams when ``FITCOACH_REDIS_URL`` is set, otherwise
the in-process bus, which lives only as long as the command).
"""

from __future__ import annotations

import time as timer
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from fitcoach.cli.common import (
    JSON_OPTION,
    clock,
    console,
    err_console,
    errors,
    print_json,
    settings,
)
from fitcoach.core.clock import today
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from fitcoach.ingest.bus import Bus
    from fitcoach.services import wearables as service
    from fitcoach.services.context import ServiceContext

# ``fitcoach.pipelines.wearables``'s MAX_ATHLETES and MAX_DAYS and ``services.wearables``'
# DEFAULT_PREFIX and DEFAULT_GROUP, repeated here so that the option declarations do not import
# the pipeline (numpy, the demo pipeline) or the services at start-up
# (tests/cli/test_startup.py checks that they stay the same).
MAX_ATHLETES = 100_000
MAX_DAYS = 3650
DEFAULT_PREFIX = "fitness"
DEFAULT_GROUP = "wearables"

PREFIX_OPTION = typer.Option(
    DEFAULT_PREFIX, help="Stream name prefix: <prefix>:users, <prefix>:events, ..."
)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--end must be a day as YYYY-MM-DD, got {text!r}") from None


def _report_table(report: service.ConsumeReport, streams: service.WearableStreams) -> Table:
    table = Table("stream", "read", "stored", "duplicates", "dead-lettered")
    for kind, c in report.counts.items():
        table.add_row(
            streams.name(kind), str(c.read), str(c.stored), str(c.duplicates), str(c.dead_lettered)
        )
    table.add_row(
        "[bold]all[/]",
        str(report.read),
        str(report.stored),
        str(report.duplicates),
        str(report.dead_lettered),
    )
    return table


def _report_json(report: service.ConsumeReport) -> dict[str, object]:
    return {
        "counts": {k: asdict(c) for k, c in report.counts.items()},
        "read": report.read,
        "stored": report.stored,
        "duplicates": report.duplicates,
        "dead_lettered": report.dead_lettered,
        "waiting": report.waiting,
        "dead_letters": [
            {"stream": d.stream, "message_id": d.message_id, "reason": d.reason}
            for d in report.dead_letters[:20]
        ],
        "seconds": round(report.seconds, 3),
        "messages_per_second": round(report.per_second, 1),
    }


def _print_dead_letters(report: service.ConsumeReport) -> None:
    if not report.dead_letters:
        return
    console.print(f"dead letters (first {min(5, len(report.dead_letters))}):")
    for d in report.dead_letters[:5]:
        console.print(
            f"  {escape(d.stream)} {d.message_id}: {escape(d.reason)}",
            highlight=False,
            soft_wrap=True,
        )


def _run_consumer(
    bus: Bus,
    streams: service.WearableStreams,
    *,
    group: str,
    consumer: str,
    batch: int,
    once: bool,
    quiet: bool,
) -> service.ConsumeReport:
    """Consume with a live line of counts. Ctrl-C (SIGINT) or SIGTERM finishes the batch in
    hand and stops (the shared stream loop); nothing uncommitted is acked, and it still
    reports."""
    # On use: every command imports this module at start-up.
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from fitcoach.services import wearables as service
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
    from fitcoach.workers.wearables import consume

    s = settings()
    engine = make_engine(s.sqlalchemy_url)
    factory = make_session_factory(engine)

    @contextmanager
    def ctx_factory() -> Iterator[ServiceContext]:
        with unit_of_work(factory) as session:
            yield ServiceContext(
                session=session, subject=Subject.system(), clock=clock(), audit_operator=True
            )

    report = service.ConsumeReport()
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=quiet,
        ) as progress:
            task = progress.add_task("waiting for messages", total=None)

            def show(r: service.ConsumeReport) -> None:
                nonlocal report
                report = r
                progress.update(
                    task,
                    description=(
                        f"read {r.read}, stored {r.stored}, duplicates {r.duplicates}, "
                        f"dead-lettered {r.dead_lettered} ({r.per_second:.0f} messages/s)"
                    ),
                )

            report = consume(
                ctx_factory,
                bus,
                streams=streams,
                group=group,
                consumer=consumer,
                batch=batch,
                once=once,
                progress=show,
            )
    except KeyboardInterrupt:
        err_console.print("stopped; messages not yet committed stay pending for the group")
    finally:
        engine.dispose()
    return report


def simulate_wearables(
    athletes: int = typer.Option(
        20, "--athletes", "-n", min=1, max=MAX_ATHLETES, help="How many wearable users."
    ),
    days: int = typer.Option(30, "--days", "-d", min=1, max=MAX_DAYS, help="Days of history."),
    seed: int = typer.Option(42, help="Random seed: the same seed gives the same messages."),
    end: str | None = typer.Option(
        None, help="The history stops the day before this one, YYYY-MM-DD (default: today, UTC)."
    ),
    faults: float = typer.Option(
        0.0,
        min=0.0,
        max=1.0,
        help="Share of record messages to spoil (wrong unit, missing field, unknown user) "
        "to exercise the dead-letter stream.",
    ),
    prefix: str = PREFIX_OPTION,
    consume: bool = typer.Option(
        False,
        "--consume",
        help="Then consume them in this process (what the in-process bus needs: it ends with "
        "the command).",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Publish simulated wearable streams: users, devices, workouts with heart rate, sleep,
    meals and daily feedback for N users over D days, in time order.

    With FITCOACH_REDIS_URL set they go to Redis Streams for `fitcoach ingest wearables`;
    without it, add --consume to store them in the same process.

    Example: fitcoach simulate wearables --athletes 50 --days 90 --seed 7
    """
    from rich.progress import (  # on use: every command imports this module at start-up
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from fitcoach.ingest.bus import InMemoryBus, make_bus
    from fitcoach.pipelines.wearables import publish_wearables  # numpy: imported on use
    from fitcoach.services import wearables as service

    with errors():
        s = settings()
        end_day = _day(end) or today(clock())
        streams = service.WearableStreams(prefix)
        bus = make_bus(s)
        in_process = isinstance(bus, InMemoryBus)
        started = timer.perf_counter()
        with Progress(
            TextColumn("publishing days"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=json_out,
        ) as progress:
            task = progress.add_task("publish", total=days + 1)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            published = publish_wearables(
                bus,
                athletes,
                days,
                seed,
                end_day,
                streams=streams,
                faults=faults,
                progress=advance,
            )
        elapsed = timer.perf_counter() - started
        report = None
        if consume:
            report = _run_consumer(
                bus,
                streams,
                group=DEFAULT_GROUP,
                consumer="simulate",
                batch=2000,
                once=True,
                quiet=json_out,
            )
    if json_out:
        out: dict[str, object] = {
            "published": published.counts,
            "total": published.total,
            "seconds": round(elapsed, 3),
        }
        if report is not None:
            out["consumed"] = _report_json(report)
        print_json(out)
        return
    table = Table("stream", "messages")
    for stream, count in published.counts.items():
        table.add_row(stream, str(count))
    table.add_row("[bold]all[/]", str(published.total))
    console.print(table)
    rate = published.total / elapsed if elapsed > 0 else 0.0
    where = "the in-process bus" if in_process else "Redis"
    console.print(
        f"published {published.total} messages for {athletes} users over {days} days "
        f"(to {end_day.isoformat()}) on {where} in {elapsed:.1f} s ({rate:.0f} messages/s)",
        highlight=False,
    )
    if report is not None:
        console.print(_report_table(report, streams))
        console.print(
            f"consumed in {report.seconds:.1f} s ({report.per_second:.0f} messages/s)",
            highlight=False,
        )
        _print_dead_letters(report)
    elif in_process:
        err_console.print(
            "note: FITCOACH_REDIS_URL is not set, so these messages lived in this process only "
            "and are gone; set it, or add --consume to store them now"
        )


def consume_wearables(
    once: bool = typer.Option(
        False, "--once", help="Stop when the streams are drained instead of waiting for more."
    ),
    batch: int = typer.Option(
        500, min=1, max=50_000, help="Messages read per stream per round (one commit a round)."
    ),
    group: str = typer.Option(DEFAULT_GROUP, help="Consumer group name."),
    consumer: str = typer.Option(
        "wearables-1",
        help="This consumer's name in the group; a restarted consumer with the same name "
        "takes back what it left pending.",
    ),
    prefix: str = PREFIX_OPTION,
    json_out: bool = JSON_OPTION,
) -> None:
    """Store the wearable streams: users become athletes; workouts, sleep, meals and feedback
    become records. Idempotent (a message delivered twice is stored once); bad messages go to
    <prefix>:dead-letter with the reason.

    Runs until Ctrl-C, or with --once until the streams are drained.

    Example: fitcoach ingest wearables --once
    """
    from fitcoach.ingest.bus import InMemoryBus, make_bus
    from fitcoach.services import wearables as service

    with errors():
        s = settings()
        bus = make_bus(s)
        if isinstance(bus, InMemoryBus):
            err_console.print(
                "note: FITCOACH_REDIS_URL is not set, so there is no stream to read from "
                "another process; use `fitcoach simulate wearables --consume` instead"
            )
        streams = service.WearableStreams(prefix)
        report = _run_consumer(
            bus, streams, group=group, consumer=consumer, batch=batch, once=once, quiet=json_out
        )
    if json_out:
        print_json(_report_json(report))
        return
    console.print(_report_table(report, streams))
    console.print(
        f"{report.read} messages in {report.seconds:.1f} s ({report.per_second:.0f} messages/s); "
        f"dead letters are on {streams.dead_letter}",
        highlight=False,
    )
    _print_dead_letters(report)
