"""Run fitcoach's benchmarks (``make bench``): every ``benchmarks/bench_*.py`` in turn.

Each benchmark prints figures beside a baseline measured in the same run; this runner shows
progress, prints one combined table and writes ``bench-output/results.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` puts benchmarks/ first, not the root
    sys.path.insert(0, str(ROOT))

from benchmarks.common import BenchArgs, Result  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

DEFAULT_OUTPUT = ROOT / "bench-output" / "results.json"

EPILOG = """\
Example:
  .venv/bin/python benchmarks/run.py --only bulk_import --quick

Figures are medians of repeated runs; "ratio" is fitcoach's figure divided by the baseline
measured in the same run (for rows/s: below 1 means fitcoach is slower than the raw path).
See benchmarks/README.md.
"""


def discover() -> list[str]:
    """Benchmark names: ``bench_<name>.py`` files next to this one, sorted."""
    here = Path(__file__).resolve().parent
    return sorted(p.stem.removeprefix("bench_") for p in here.glob("bench_*.py"))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description="Run fitcoach's benchmarks and compare each figure with a baseline "
        "measured in the same run.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        help="run only this benchmark (repeatable); names: " + ", ".join(discover()),
    )
    parser.add_argument(
        "--quick", action="store_true", help="smaller sizes for a smoke run (e.g. 50k rows)"
    )
    parser.add_argument("--rows", type=int, help="override the benchmark's row count")
    parser.add_argument("--repeat", type=int, help="override how often each path runs (median)")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the JSON results (default: {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    names = discover()
    for name in args.only or []:
        if name not in names:
            parser.error(f"unknown benchmark {name!r}; choose from {', '.join(names)}")
    if args.rows is not None and args.rows < 1:
        parser.error("--rows must be at least 1")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "rows/s" or abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def results_table(results: list[Result]) -> Table:
    table = Table(title="fitcoach benchmarks (medians; ratio = fitcoach / baseline)")
    table.add_column("benchmark")
    table.add_column("fitcoach", justify="right")
    table.add_column("unit")
    table.add_column("baseline", justify="right")
    table.add_column("baseline path")
    table.add_column("ratio", justify="right")
    table.add_column("notes", overflow="fold")
    for r in results:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}"
        table.add_row(
            r.name,
            _fmt(r.figure, r.unit),
            r.unit,
            _fmt(r.baseline, r.unit),
            r.baseline_name,
            ratio,
            r.notes,
        )
    return table


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console()
    interactive = console.is_terminal
    if not interactive:  # a log file or CI: wide lines, and progress as timestamped lines
        console = Console(width=160)
    names = args.only or discover()
    results: list[Result] = []
    runs: list[dict[str, Any]] = []
    failed = False
    started = time.perf_counter()
    for index, name in enumerate(names, start=1):
        header = f"[{index}/{len(names)}] {name}"
        with console.status(f"{header}: starting") as status:

            def progress(message: str, header: str = header, status: Any = status) -> None:
                if interactive:
                    status.update(f"{header}: {message}")
                else:
                    elapsed = time.perf_counter() - started
                    console.print(f"{elapsed:6.0f} s  {header}: {message}", highlight=False)

            bench_started = time.perf_counter()
            try:
                module = importlib.import_module(f"benchmarks.bench_{name}")
                got = module.main(
                    BenchArgs(
                        quick=args.quick, rows=args.rows, repeat=args.repeat, progress=progress
                    )
                )
            except Exception as exc:  # report and go on with the others; exit 1 at the end
                failed = True
                console.print(f"[red]{name} failed:[/red] {type(exc).__name__}: {exc}")
                console.print_exception(max_frames=8)
                runs.append({"name": name, "ok": False, "error": f"{type(exc).__name__}: {exc}"})
                continue
        seconds = time.perf_counter() - bench_started
        console.print(f"{header}: done in {seconds:.0f} s")
        results += got
        runs.append({"name": name, "ok": True, "seconds": seconds, "results": len(got)})
    total = time.perf_counter() - started

    if results:
        console.print(results_table(results))
    console.print(f"total bench time: {total:.0f} s")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "created_at": datetime.now(UTC).isoformat(),
        "quick": args.quick,
        "rows": args.rows,
        "repeat": args.repeat,
        "python": platform.python_version(),
        "machine": platform.platform(),
        "total_seconds": total,
        "benchmarks": runs,
        "results": [r.to_json() for r in results],
    }
    args.output.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    console.print(f"results written to {args.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
