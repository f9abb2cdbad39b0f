"""The MCP server: the athlete's own AI client reads and edits their data through the tools.

``FitcoachMCP`` serves every tool of the assistant's registry for the athlete of an API
token; ``serve_stdio`` runs it over stdin/stdout and ``http.create_app`` over streamable
HTTP. This package imports no other interface (api, web, bot, reports).
"""

from fitcoach.interfaces.mcp.auth import Caller, identify
from fitcoach.interfaces.mcp.server import PROMPTS, RESOURCES, FitcoachMCP, call_result, serve_stdio

__all__ = [
    "PROMPTS",
    "RESOURCES",
    "Caller",
    "FitcoachMCP",
    "call_result",
    "identify",
    "serve_stdio",
]
