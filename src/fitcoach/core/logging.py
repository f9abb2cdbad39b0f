"""structlog configuration: key-value events with context, JSON in production.

structlog is imported when something logs through it, not when the process configures it:
importing it costs ~30 ms (its ``dev`` module loads Rich's tracebacks, Pygments and attrs), and
most ``fitcoach`` commands log nothing (the CLI's start-up). ``configure_logging`` in a process that has
not imported it yet configures it the moment it is imported, by whichever module; the result is
the same as configuring it at once.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec
    from types import ModuleType

    import structlog

# The configuration ``configure_logging`` last asked for while structlog was not imported yet:
# (level, json).
_PENDING: list[tuple[int, bool]] = []


def configure_logging(level: str = "INFO", *, json: bool = False) -> None:
    """Configure structlog and the standard library once per process.

    Logs go to stderr so that command output on stdout stays machine-readable. Callers bind
    ids (athlete, device, request), never names, e-mails or health values.
    """
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        numeric = logging.INFO
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=numeric)
    # Alembic narrates every migration step at INFO; a person running `db upgrade` wants one line.
    logging.getLogger("alembic").setLevel(max(numeric, logging.WARNING))
    if "structlog" in sys.modules:
        _configure_structlog(numeric, json)
        return
    _PENDING[:] = [(numeric, json)]
    if not any(isinstance(finder, _ConfigureOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _ConfigureOnImport())


def _configure_structlog(numeric: int, json: bool) -> None:
    import structlog

    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        # Look sys.stderr up when writing, not now: it may be replaced later (tests, daemons).
        logger_factory=_stderr_logger,
        cache_logger_on_first_use=False,
    )


class _ConfigureOnImport:
    """On ``sys.meta_path`` while a configuration waits for structlog: finds it as the finders
    after it would, with a loader that applies the configuration as soon as structlog's module
    has run, before the importing module's next line. (It stays on the path, answering nothing,
    rather than being removed while another thread may be walking the path.)"""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != "structlog" or not _PENDING:
            return None
        for finder in sys.meta_path:
            find = None if finder is self else getattr(finder, "find_spec", None)
            spec: ModuleSpec | None = None if find is None else find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = cast("Loader", _ThenConfigure(spec.loader))
                return spec
        return None


class _ThenConfigure:
    """structlog's own loader, then the configuration pending."""

    def __init__(self, loader: Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # The module keeps its own loader (importlib.resources, reloads).
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        for numeric, json in _PENDING:
            _configure_structlog(numeric, json)
        _PENDING.clear()


def _stderr_logger(*_args: object) -> structlog.PrintLogger:
    import structlog

    return structlog.PrintLogger(file=sys.stderr)


def get_logger(name: str) -> structlog.typing.FilteringBoundLogger:
    """A logger bound to a component name."""
    import structlog

    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(component=name)
    return logger
