"""The wall clock is read in one place, ``core/clock.py``; everything else asks its clock.

Tests and simulations fix "now" through the injectable clock (``ServiceContext.clock``, the
app's clock). A stray ``date.today()`` or ``datetime.now()`` ignores it: the code then acts on
the machine's date, which a test cannot move, and on the machine's zone, not the athlete's.
The scan resolves imports, so ``from datetime import datetime as dt; dt.now()`` and
``import time as t; t.time()`` are caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.fixtures.syntax import collector_paused

SRC = Path(__file__).resolve().parents[2] / "src" / "fitcoach"

# What reads the wall clock, by qualified name.
FORBIDDEN = frozenset(
    {
        "datetime.date.today",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "time.time",
        "time.time_ns",
        "pandas.Timestamp.now",
        "pandas.Timestamp.today",
        "pandas.Timestamp.utcnow",
    }
)

# The one module allowed to read the wall clock.
ALLOWED = frozenset({"core/clock.py"})


def _qualified(node: ast.expr, names: dict[str, str]) -> str | None:
    """``a.b.c`` with its first name replaced by what the module imported it as."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in names:
        return None
    return ".".join([names[node.id], *reversed(parts)])


def wall_clock_calls(source: str) -> list[tuple[int, str]]:
    """(line, qualified name) of every wall-clock call in ``source``."""
    tree = ast.parse(source)
    names: dict[str, str] = {}
    calls: list[ast.Call] = []
    for node in ast.walk(tree):  # one walk: the imports anywhere in the file name the calls
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Call):
            calls.append(node)
    found = []
    for call in calls:
        name = _qualified(call.func, names)
        if name in FORBIDDEN:
            found.append((call.lineno, name))
    return sorted(found)


def test_the_scan_finds_every_spelling() -> None:
    source = "\n".join(
        [
            "import datetime",
            "import datetime as dt_module",
            "import time",
            "import time as t",
            "import pandas as pd",
            "from datetime import date, datetime as DT",
            "from time import time as now_s",
            "datetime.date.today()",
            "dt_module.datetime.now()",
            "time.time()",
            "t.time_ns()",
            "pd.Timestamp.now()",
            "date.today()",
            "DT.utcnow()",
            "DT.now(tz=None).isoformat()",
            "now_s()",
            # Not the wall clock: the injectable clock, a monotonic timer, a fixed date.
            "clock.now()",
            "time.monotonic()",
            "date(2026, 1, 1)",
            "DT.fromisoformat('2026-01-01T00:00Z')",
        ]
    )
    assert [line for line, _ in wall_clock_calls(source)] == list(range(8, 17))


def test_only_the_clock_reads_the_wall_clock() -> None:
    offenders = []
    with collector_paused():  # see tests/fixtures/syntax.py
        for path in sorted(SRC.rglob("*.py")):
            where = path.relative_to(SRC).as_posix()
            if where in ALLOWED:
                continue
            for line, name in wall_clock_calls(path.read_text(encoding="utf-8")):
                offenders.append(f"src/fitcoach/{where}:{line}: {name}()")
    assert offenders == [], (
        "read the time from the injectable clock (ctx.clock, fitcoach.core.clock), "
        "not the wall clock:\n" + "\n".join(offenders)
    )


def test_the_clock_itself_is_scanned_and_reads_the_wall_clock() -> None:
    """The allow-list names a real file that does read the clock (a renamed module would
    otherwise leave a silent hole)."""
    for where in ALLOWED:
        assert (SRC / where).is_file(), f"src/fitcoach/{where} no longer exists"
    assert wall_clock_calls((SRC / "core" / "clock.py").read_text(encoding="utf-8"))
