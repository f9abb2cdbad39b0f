"""docs/glossary.md holds in the code: every name its **where** columns cite exists, no retired
word names a module, package, function, class, CLI command or assistant tool, and the web
routes and assistant tools of a module named ``history`` (the glossary's word for the training
log read back) only read.

A cited name is one of: a path under ``src/fitcoach/`` (``services/training_log/``, a glob
such as ``interfaces/web/templates/*.html``, or ``module/path.Attribute``), a dotted name under
``fitcoach.`` (``services.training_log.log_workout``), a ``fitcoach ...`` command, a web or
API path (``/athletes/{id}/history``), an assistant tool, or a bare name that one of the
modules or command groups cited in the same cell has (``log_cardio`` beside
``services.training_log.log_workout``).
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer
from fastapi import FastAPI
from tests.conftest import REPO

from fitcoach.assistant.tools import build_tools
from fitcoach.cli import app as cli_app
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app

GLOSSARY = REPO / "docs/glossary.md"
PACKAGE = REPO / "src/fitcoach"
SPAN = re.compile(r"`([^`\n]+)`")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
DOTTED = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)+")
# Columns whose cells cite code: "where" and the conversations table's "module".
CITING = ("where", "module")

# Modules (their path under src/fitcoach) kept under a retired name on purpose, as an alias of
# the renamed one, each with its reason. None is needed now: the renamed modules were not public
# API, and their old names were never stored, shown or offered to a model.
ALIASES: dict[str, str] = {}

# The words the glossary must retire at least (the list can grow, not silently lose these).
MUST_RETIRE = {"logbook"}

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


# --- reading the glossary ------------------------------------------------------------------


def _tables(text: str) -> Iterator[tuple[list[str], list[list[str]]]]:
    """Each Markdown table: its header cells and its rows' cells."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and re.match(r"\|[ -|]+$", lines[i + 1]):
            header = _cells(lines[i])
            rows, i = [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            yield header, rows
        else:
            i += 1


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _cited_cells(text: str) -> list[tuple[str, list[str]]]:
    """(the row's first cell, the code spans of one citing cell) for every citing cell."""
    out = []
    for header, rows in _tables(text):
        columns = [i for i, name in enumerate(header) if name.lower().startswith(CITING)]
        for row in rows:
            for i in columns:
                out.append((row[0], SPAN.findall(row[i])))
    return out


def _retired(text: str) -> set[str]:
    """The words of the "Retired words" table (its first column, bold)."""
    words: set[str] = set()
    for header, rows in _tables(text):
        if header and header[0].lower() == "retired word":
            words |= {row[0].strip("*").lower() for row in rows}
    return words


# --- what the code has ---------------------------------------------------------------------


@cache
def _cli() -> Any:
    return typer.main.get_command(cli_app)


@cache
def _app(tmp: Path) -> FastAPI:
    return create_app(
        Settings(database_url=f"sqlite:///{tmp / 'glossary.sqlite3'}", _env_file=None)
    )  # type: ignore[call-arg]


def _routes(app: FastAPI) -> Iterator[Any]:
    """Every route of the app, those of included routers too."""

    def walk(routes: list[Any]) -> Iterator[Any]:
        for route in routes:
            sub = getattr(route, "original_router", None)
            if sub is not None:
                yield from walk(sub.routes)
            elif hasattr(route, "endpoint"):
                yield route

    yield from walk(list(app.router.routes))


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return _app(tmp_path_factory.mktemp("glossary"))


def _module(dotted: str) -> ModuleType | None:
    try:
        return importlib.import_module(dotted)
    except ImportError:
        return None


def _resolve_dotted(dotted: str) -> tuple[bool, str | None]:
    """Whether ``fitcoach.<dotted>`` exists, and the longest module prefix it has."""
    parts = f"fitcoach.{dotted}".split(".")
    for i in range(len(parts), 1, -1):
        module = _module(".".join(parts[:i]))
        if module is None:
            continue
        obj: object = module
        for attribute in parts[i:]:
            if not hasattr(obj, attribute):
                return False, module.__name__
            obj = getattr(obj, attribute)
        return True, module.__name__
    return False, None


def _resolve_path(cited: str) -> tuple[bool, str | None]:
    """A path under src/fitcoach: a file, a folder, a glob or ``module/path.Attribute``; and
    the module it names, imported only if a bare name of its cell needs it (some are heavy)."""
    if "*" in cited:
        return bool(list(PACKAGE.glob(cited))), None
    target = PACKAGE / cited
    if target.exists():
        dotted = cited.rstrip("/").removesuffix(".py").replace("/", ".")
        is_module = target.suffix == ".py" or (target / "__init__.py").exists()
        return True, f"fitcoach.{dotted}" if is_module else None
    module_path, _, attribute = cited.rpartition(".")
    if module_path and (PACKAGE / f"{module_path}.py").exists() and IDENTIFIER.fullmatch(attribute):
        return _resolve_dotted(f"{module_path.replace('/', '.')}.{attribute}")
    return False, None


def _resolve_command(cited: str) -> tuple[bool, Any]:
    command = _cli()
    for word in cited.split()[1:]:
        if word not in getattr(command, "commands", {}):
            return False, None
        command = command.commands[word]
    return True, command


@cache
def _tool_names() -> frozenset[str]:
    return frozenset(tool.name for tool in build_tools())


def _unresolved(spans: list[str], paths: set[str]) -> list[str]:
    """The spans of one cell that name nothing in the code; ``paths``: the app's route paths."""
    tools = _tool_names()
    modules: list[str] = []
    groups: list[Any] = []
    bare: list[str] = []
    wrong: list[str] = []
    for span in spans:
        span = span.rstrip(".,")
        if span.startswith("fitcoach "):
            found, command = _resolve_command(span)
            groups += [command] if found and hasattr(command, "commands") else []
        elif span.startswith("/"):
            found = _shape(span) in paths
        elif "/" in span:
            found, module = _resolve_path(span)
            modules += [module] if module else []
        elif DOTTED.fullmatch(span):
            found, module = _resolve_dotted(span)
            modules += [module] if module else []
        elif IDENTIFIER.fullmatch(span):
            bare.append(span)
            continue
        else:
            wrong.append(f"`{span}`: not a path, name, command, URL or tool this test can check")
            continue
        if not found:
            wrong.append(f"`{span}` does not exist")
    for name in bare:
        known = (
            name in tools
            or any(hasattr(_module(module), name) for module in modules)
            or any(name in group.commands for group in groups)
        )
        if not known:
            wrong.append(f"`{name}`: no tool, and none of the cell's modules or commands has it")
    return wrong


def test_every_name_the_glossary_cites_exists(web_app: FastAPI) -> None:
    cells = _cited_cells(GLOSSARY.read_text(encoding="utf-8"))
    assert sum(len(spans) for _, spans in cells) > 40, "fewer names than the glossary cites"
    paths = {_shape(route.path) for route in _routes(web_app)}
    wrong = [f"{word}: {error}" for word, spans in cells for error in _unresolved(spans, paths)]
    assert not wrong, "docs/glossary.md cites what the code does not have:\n" + "\n".join(wrong)


def test_the_reader_refuses_what_is_not_there(web_app: FastAPI) -> None:
    """The checks above can fail: each kind of citation, wrong, is reported."""
    wrong = _unresolved(
        [
            "assistant/tools/logbook.py",
            "interfaces/web/history/",
            "services.training_log.log_book",
            "fitcoach logbook",
            "/athletes/{id}/logbook",
            "log_workbook",
            "proposed_by == 'coach'",
        ],
        {_shape(route.path) for route in _routes(web_app)},
    )
    assert len(wrong) == 7, wrong


# --- retired words -------------------------------------------------------------------------


def _words(name: str) -> list[str]:
    """An identifier's words, lower case: ``LogBook`` and ``log_book`` are both log, book."""
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)]


def _has_word(name: str, word: str) -> bool:
    """Whether ``word`` is one of the name's words or two of them joined (log + book)."""
    words = _words(name)
    joined = [a + b for a, b in itertools.pairwise(words)]
    return word in words or word in joined


# A function or class statement; a regular expression, not the ast, so that reading the ~500
# modules takes a fraction of a second (a docstring line that reads like one is found too).
DEFINITION = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.M)


@cache
def _names_in_src() -> tuple[tuple[str, str], ...]:
    """(where, name) for every file and folder under src/fitcoach and every function and class
    its Python modules define, at any depth."""
    names = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if "__pycache__" in rel.parts or rel.parts[:2] == ("ml", "artefacts"):
            continue
        names.append((str(rel), path.name.split(".")[0]))
        if path.suffix == ".py":
            text = path.read_text(encoding="utf-8")
            for found in DEFINITION.finditer(text):
                line = text.count("\n", 0, found.start()) + 1
                names.append((f"{rel}:{line}", found[1]))
    return tuple(names)


def _commands(command: Any, prefix: str = "fitcoach") -> Iterator[str]:
    for name, sub in getattr(command, "commands", {}).items():
        yield f"{prefix} {name}"
        yield from _commands(sub, f"{prefix} {name}")


def _retired_names(words: set[str]) -> list[str]:
    found = []
    for where, name in _names_in_src():
        found += [f"{where}: {name} ({w})" for w in words if _has_word(name, w)]
    for tool in build_tools():
        found += [f"tool {tool.name} ({w})" for w in words if _has_word(tool.name, w)]
    for command in _commands(_cli()):
        last = command.split()[-1].replace("-", "_")
        found += [f"{command} ({w})" for w in words if _has_word(last, w)]
    return [f for f in found if f.split(":")[0] not in ALIASES]


def test_no_retired_word_names_code() -> None:
    words = _retired(GLOSSARY.read_text(encoding="utf-8"))
    assert words >= MUST_RETIRE, f"the glossary no longer retires {MUST_RETIRE - words}"
    stale = [alias for alias in ALIASES if not (PACKAGE / alias).exists()]
    assert not stale, f"aliases listed that the code no longer has: {stale}"
    found = _retired_names(words)
    assert not found, "retired words name code (say what the glossary says instead):\n" + "\n".join(
        found
    )


def test_retired_words_are_found_however_they_are_written() -> None:
    for name in ("logbook", "LogbookArgs", "LogBook", "log_book", "write_logbook_entry"):
        assert _has_word(name, "logbook"), name
    for name in ("log_sets", "book", "intermediary", "blog_bookmark"):
        assert not _has_word(name, "logbook"), name
        assert not _has_word(name, "diary"), name


# --- "history" only reads ------------------------------------------------------------------


def _in_history_module(module: str) -> bool:
    return "history" in module.split(".")


def test_a_module_named_history_only_reads(web_app: FastAPI) -> None:
    routes = [r for r in _routes(web_app) if _in_history_module(r.endpoint.__module__)]
    writing = [
        f"{sorted(r.methods)} {r.path} ({r.endpoint.__module__})"
        for r in routes
        if set(getattr(r, "methods", None) or ()) & WRITES
    ]
    tools = [t for t in build_tools() if _in_history_module(t.handler.__module__)]
    writing += [f"tool {t.name} ({t.handler.__module__})" for t in tools if t.writes]
    assert tools, "the assistant's reading tools moved: say where in the glossary and here"
    assert not writing, (
        "a module named history writes (name it by the training log):\n" + "\n".join(writing)
    )
