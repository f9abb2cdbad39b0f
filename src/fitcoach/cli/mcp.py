"""``fitcoach mcp``: serve the athlete's tools to their own AI client over MCP.

Over stdio the MCP client (Claude Desktop, an IDE, any MCP host) starts this command itself
and talks on its stdin/stdout, so nothing but the protocol may be written to stdout: every
message here goes to stderr.
"""

from __future__ import annotations

import typer

from fitcoach.cli.common import err_console, errors, settings

app = typer.Typer(
    help=(
        "Serve the athlete's tools (metrics, plan, logging, plan edits) to an AI client over "
        "MCP, the Model Context Protocol. The API token decides whose data it is; see "
        "docs/mcp.md."
    ),
    no_args_is_help=True,
)

TOKEN = typer.Option(
    ...,
    "--token",
    envvar="FITCOACH_MCP_TOKEN",
    help="An athlete's API token (`fitcoach token create`); better from FITCOACH_MCP_TOKEN, "
    "which process listings do not show.",
    show_default=False,
)


@app.command()
def stdio(token: str = TOKEN) -> None:
    """Serve MCP over stdin/stdout for one athlete, the token's (for local AI clients).

    The token is checked before serving (a bad one exits with code 2) and again on every
    tool call. A read-only token can read but not log or change anything.

    Example: FITCOACH_MCP_TOKEN=... fitcoach mcp stdio

    Claude Desktop (claude_desktop_config.json):

      {"mcpServers": {"fitcoach": {"command": "fitcoach", "args": ["mcp", "stdio"],
       "env": {"FITCOACH_MCP_TOKEN": "<token>"}}}}
    """
    import anyio

    from fitcoach.interfaces.mcp import FitcoachMCP, serve_stdio
    from fitcoach.storage.db import make_engine, make_session_factory

    with errors():
        s = settings()
        engine = make_engine(s.sqlalchemy_url)
        try:
            service = FitcoachMCP(make_session_factory(engine))
            caller = service.check(token.strip())
            err_console.print(
                f"fitcoach MCP on stdio for athlete {caller.athlete_id} "
                f"({caller.scope.value} token); close stdin to stop",
                highlight=False,
            )
            anyio.run(serve_stdio, service, token.strip())
        finally:
            engine.dispose()


@app.command()
def http(
    host: str | None = typer.Option(
        None, help="Interface (default from FITCOACH_HOST, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, help="Port (default from FITCOACH_PORT, 8000)."),
    path: str = typer.Option("/mcp", help="The endpoint's path."),
) -> None:
    """Serve MCP over streamable HTTP; each request carries its athlete's token.

    Clients send 'Authorization: Bearer <token>' with every request; without a valid token
    the answer is 401, and the token's athlete is the only one its requests can reach. Bound
    to 127.0.0.1 by default; to serve other machines, put it behind a TLS proxy.

    Example: fitcoach mcp http --port 8765   (endpoint http://127.0.0.1:8765/mcp)

    Client config: {"mcpServers": {"fitcoach": {"url": "http://127.0.0.1:8765/mcp",
     "headers": {"Authorization": "Bearer <token>"}}}}
    """
    import uvicorn

    from fitcoach.interfaces.mcp.http import create_app
    from fitcoach.storage.db import make_engine, make_session_factory

    with errors():
        s = settings()
        host = host or s.host
        port = port or s.port
        if not path.startswith("/"):
            path = f"/{path}"
        engine = make_engine(s.sqlalchemy_url)
        try:
            app_ = create_app(make_session_factory(engine), path=path, host=host)
            err_console.print(
                f"fitcoach MCP on [bold]http://{host}:{port}{path}[/] (Ctrl+C stops)",
                highlight=False,
            )
            uvicorn.run(app_, host=host, port=port, log_level=s.log_level.lower())
        finally:
            engine.dispose()
