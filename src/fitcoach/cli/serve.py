"""``fitcoach serve``: the web server."""

from __future__ import annotations

import typer

from fitcoach.cli.common import console, settings


def serve(
    host: str | None = typer.Option(
        None, help="Interface (default from FITCOACH_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, help="Port (default from FITCOACH_PORT, 8000)."),
) -> None:
    """Start the API and web server.

    Example: fitcoach serve --port 8000
    """
    import uvicorn

    from fitcoach.interfaces.api.app import create_app

    s = settings()
    host = host or s.host
    port = port or s.port
    console.print(f"fitcoach on [bold]http://{host}:{port}[/] (Ctrl+C stops)")
    uvicorn.run(create_app(s), host=host, port=port, log_level=s.log_level.lower())
