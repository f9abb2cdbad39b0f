"""``fitcoach serve``: the web server (with ``--simulate``, a demo athlete's simulated sensors)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

import typer

from fitcoach.cli.bot import attach_webhook
from fitcoach.cli.common import console, errors, keep_collector_off, service_context, settings
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.warm_hold import held_while_serving

if TYPE_CHECKING:
    from fitcoach.core.settings import Settings

GRACEFUL_SHUTDOWN_S = 5  # open live streams (SSE) do not hold Ctrl+C up for longer
# What each process of `serve --workers N` runs (uvicorn imports it in every worker).
WORKER_APP = "fitcoach.interfaces.api.app:app_from_environment"


DEMO_EMAIL = "demo@fitcoach.local"  # fitcoach.pipelines.demo.DEMO_EMAIL (imported on use)


def simulation(athlete: str | None, *, abnormal: bool) -> tuple[int, tuple[str, ...]]:
    """The athlete the simulated sensors stream for and their scenarios.

    Normal physiology for the demo athlete by default, so that `make run` leaves them able to
    train. ``abnormal`` adds the scenarios that raise red flags (a desaturation, premature
    beats); they stream for a separate demo athlete (``demo-alerts@fitcoach.local``, created
    when missing) unless an athlete is named.
    """
    from fitcoach.pipelines.live import scenarios_for

    scenarios = scenarios_for(abnormal=abnormal)
    if abnormal and athlete is None:
        from fitcoach.pipelines.demo import alerts_athlete

        with service_context() as ctx:
            return alerts_athlete(ctx), scenarios
    return _athlete_id(athlete or DEMO_EMAIL), scenarios


def _athlete_id(ref: str) -> int:
    """The athlete of an id or e-mail (``demo@fitcoach.local`` by default)."""
    if ref.strip().isdigit():
        return int(ref)
    from fitcoach.cli.athletes import athlete_id

    with service_context() as ctx:
        try:
            return athlete_id(ctx, ref)
        except NotFound:
            raise NotFound(
                f"no athlete {ref!r} for the simulated sensors; run `fitcoach demo seed` first "
                "or name one with --athlete"
            ) from None


def serve(
    host: str | None = typer.Option(
        None, help="Interface (default from FITCOACH_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, help="Port (default from FITCOACH_PORT, 8000)."),
    simulate: bool = typer.Option(
        False,
        "--simulate/--no-simulate",
        help="Stream simulated sensors (ECG, PPG, capnogram) for the demo athlete, live.",
    ),
    athlete: str | None = typer.Option(
        None,
        "--athlete",
        "-a",
        help="With --simulate: the athlete (id or e-mail) the simulated sensors belong to "
        "(default demo@fitcoach.local; with --abnormal, demo-alerts@fitcoach.local).",
    ),
    abnormal: bool = typer.Option(
        False,
        "--abnormal/--no-abnormal",
        help="With --simulate: also stream a desaturation and premature beats, which raise red "
        "flags (for a separate demo athlete unless --athlete names one).",
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        "-w",
        min=1,
        help="Server processes sharing the port (uvicorn workers), each with "
        "FITCOACH_API_THREADS handler threads; about one per CPU core. Not with --simulate "
        "or the Telegram webhook, which run inside one process.",
    ),
) -> None:
    """Start the API and web server.

    With --simulate, a simulated sensor board streams for the demo athlete (one recording per
    scenario: rest, warm-up, intervals, recovery, and round again) and this process also runs
    the frame consumer and the vitals worker; open the athlete's Live page to watch. Add
    --abnormal for a desaturation and premature beats too: they raise red flags that pause
    training, so they stream for demo-alerts@fitcoach.local unless --athlete names someone.

    With FITCOACH_TELEGRAM_WEBHOOK_URL (the app's public HTTPS URL) and
    FITCOACH_TELEGRAM_WEBHOOK_SECRET set, the Telegram bot runs inside this app: Telegram posts
    updates to /telegram/webhook (see docs/telegram.md).

    With --workers N, N processes answer on the same port, so requests use N cores: the
    handlers are Python that takes turns on one interpreter lock per process. Each process has
    its own caches and sign-in limits, unless FITCOACH_REDIS_URL (or
    FITCOACH_RATE_LIMIT_STORAGE_URI) shares the limits (docs/api.md, "Concurrency").

    Example: fitcoach serve --port 8000 --simulate

    Example: fitcoach serve --host 0.0.0.0 --workers 4
    """
    # The collector stays off until the app has started and frozen what start-up made
    # (``create_app(freeze_gc=True)`` turns it back on): start-up allocates a few hundred
    # thousand objects that live as long as the process, and collecting as it goes (some 400
    # collections, a few of them full) costs about a tenth of its CPU; it leaves a few
    # thousand objects of garbage, frozen with the rest.
    keep_collector_off()  # the pause every command starts with ends here, the collector off
    gc.disable()
    try:
        _serve(host, port, simulate=simulate, athlete=athlete, abnormal=abnormal, workers=workers)
    finally:
        gc.enable()


def _serve(
    host: str | None,
    port: int | None,
    *,
    simulate: bool,
    athlete: str | None,
    abnormal: bool,
    workers: int,
) -> None:
    import uvicorn

    from fitcoach.interfaces.api.app import create_app

    with errors():
        s = settings()
        host = host or s.host
        port = port or s.port
        if workers > 1:
            check_workers(s, simulate=simulate)
            if s.rate_limit_storage.startswith("memory://"):
                console.print(
                    f"note: each of the {workers} processes counts failed sign-ins apart "
                    "(FITCOACH_RATE_LIMIT_STORAGE_URI is memory://); set FITCOACH_REDIS_URL to "
                    "share the limit",
                    highlight=False,
                )
            console.print(
                f"fitcoach on [bold]http://{host}:{port}[/] with {workers} processes (Ctrl+C stops)"
            )
            gc.enable()  # this process only supervises; each worker builds its own app
            with held_while_serving():
                uvicorn.run(
                    WORKER_APP, factory=True, workers=workers, **uvicorn_options(s, host, port)
                )
            return
        athlete_ref, scenarios = simulation(athlete, abnormal=abnormal) if simulate else (None, ())
        app = create_app(s, freeze_gc=True, warm_models=True)
        if (hook := attach_webhook(app, s)) is not None:
            console.print(f"Telegram bot in webhook mode: {hook}", highlight=False)
        demo = None
        if athlete_ref is not None:
            from fitcoach.pipelines.live import LiveDemo

            demo = LiveDemo(
                app.state.bus,
                app.state.session_factory,
                athlete_ref,
                scenarios=scenarios,
                thresholds=s.signals,
            )
            app.state.live_demo = demo
            demo.start()
            console.print(
                f"simulated sensors streaming for athlete {athlete_ref}: "
                f"http://{host}:{port}/athletes/{athlete_ref}/live",
                highlight=False,
            )
        console.print(f"fitcoach on [bold]http://{host}:{port}[/] (Ctrl+C stops)")
        try:
            with held_while_serving():  # the commands typed beside the server run warm
                uvicorn.run(app, **uvicorn_options(s, host, port))
        finally:
            # The app's shutdown has stopped the board and drained its workers (before the
            # database closed); this stops them only where the server never got that far
            # (the port taken, start-up failed).
            if demo is not None:
                demo.stop()


def check_workers(s: Settings, *, simulate: bool) -> None:
    """Refuse what needs the server to be one process when ``--workers`` asks for several."""
    if simulate:
        raise InvalidInput(
            "--simulate runs the simulated sensors, their consumer and the vitals worker inside "
            "the server process, so it needs one process: leave out --workers"
        )
    if s.telegram_webhook_url:
        raise InvalidInput(
            "the Telegram bot in webhook mode (FITCOACH_TELEGRAM_WEBHOOK_URL) runs inside one "
            "server process: leave out --workers, or unset FITCOACH_TELEGRAM_WEBHOOK_URL and run "
            "`fitcoach bot` (polling) beside the server"
        )


def uvicorn_options(s: Settings, host: str, port: int) -> dict[str, Any]:
    """How ``serve`` runs uvicorn, with one process or several (the API benchmark's servers
    run the same way)."""
    return {
        "host": host,
        "port": port,
        "log_level": s.log_level.lower(),
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_S,
        # uvicorn would take X-Forwarded-For from 127.0.0.1 as the client: anyone on this host
        # could then pick their address for the sign-in limit. The app reads the header
        # itself, from FITCOACH_TRUSTED_PROXIES only.
        "proxy_headers": False,
    }
