"""Weekly reports: athletes per second per core, beside a floor run in as many processes.

Setup (not timed): the weekly review benchmark's database (``bench_review.prepare``): N athletes
of four kinds, each with a plan in force and 8 weeks of workouts with sets, cardio and daily
readings, bulk-inserted into a temporary SQLite file. One report and one floor are made first
in this process (imports, the template).

The report is what ``fitcoach report weekly --all`` writes per athlete
(``fitcoach.cli.reports.write_all`` running ``_one``): the summary in its own unit of work, the
five SVG charts, the HTML, the file written. The floor (``floor_one``) runs through the same
``write_all`` in the same number of processes: the same summary (the data step), the template,
and for each chart the report draws an empty frame of the same size (``empty_chart``: the
axes box alone), the file written: the report without drawing its charts, about the least a
report of that data can cost once its data is gathered. The summary is in both; the notes
split a report's CPU time into the summary's database reads, the rest of the summary, the
charts and the template, so that the data step has a floor of its own to read against.

Measured, each path ``repeat`` times (default 3), the two alternating which runs first; the
medians:

(a) 1 process: a sample of S athletes, report against floor.
(b) W processes (one per CPU): all N athletes, report against floor, each over a process pool
    of W workers.
(c) PDF (when Chromium is installed): ``write_all(..., pdf=True)`` for P athletes in this process,
    one Chromium at a time, against Chromium printing a one-line page P times (the launch).

Per core: athletes ÷ CPU seconds (user + system of this process and of its workers; for the PDF,
Chromium's too). The machine is shared, so wall time counts other people's work; CPU seconds
are what a core gives. Wall-clock rates are in the notes. ratio = report / floor. The goal
is ``GOAL`` athletes/s per core; the rows say how far from it they are.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_review import WEEK_END, Prepared, prepare
from benchmarks.common import BenchArgs, BenchmarkError, Result, cpu_seconds

from fitcoach.cli import reports as reports_cli
from fitcoach.cli.reports import Written, write_all
from fitcoach.interfaces.reports import render_weekly, svg, weekly
from fitcoach.services import reports, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_session_factory, unit_of_work

NAME = "reports"
DEFAULT_ATHLETES = 500
QUICK_ATHLETES = 20
DEFAULT_SAMPLE = 20
QUICK_SAMPLE = 4
DEFAULT_REPEAT = 3
DEFAULT_PDF = 2
QUICK_PDF = 1
WEEK = reports.week_label(WEEK_END)
MINIMAL_PAGE = "<!DOCTYPE html><html><body><p>fitcoach</p></body></html>"
GOAL = 20.0  # athletes/s per core

Job = Callable[[str, int, str | None, str, bool], Written]


@dataclass(frozen=True)
class Sizes:
    athletes: int
    sample: int  # athletes of the 1-process row
    repeat: int
    workers: int
    pdf: int  # athletes of the PDF row (0: not measured)


def sizes_for(args: BenchArgs) -> Sizes:
    athletes = args.rows or (QUICK_ATHLETES if args.quick else DEFAULT_ATHLETES)
    return Sizes(
        athletes=athletes,
        sample=min(athletes, QUICK_SAMPLE if args.quick else DEFAULT_SAMPLE),
        repeat=args.repeat or DEFAULT_REPEAT,
        workers=max(1, os.cpu_count() or 1),
        pdf=min(athletes, QUICK_PDF if args.quick else DEFAULT_PDF),
    )


def empty_chart(height: float) -> str:
    """The least chart of a report chart's size: the frame and axes box alone, no ticks, no
    data, written by the same SVG writer as the report's charts."""
    chart = svg.Chart("empty chart", weekly.WIDTH_IN, height, weekly.MARGINS)
    chart.spines()
    return chart.svg()


def floor_one(url: str, aid: int, week: str | None, out_dir: str, pdf: bool) -> Written:
    """The floor for one athlete (see the module docstring); a ``write_all`` job like
    ``fitcoach.cli.reports._one``. Errors propagate: the benchmark then fails."""
    if week is None or pdf:
        raise BenchmarkError("the floor takes an explicit week and writes HTML")
    engine = reports_cli._engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), audit_operator=True)
        summary = reports.weekly_summary(ctx, aid, week)
        session.rollback()
    charts = [empty_chart(height) for height in weekly.chart_heights(summary).values()]
    html = render_weekly(summary, with_charts=False).replace("</body>", "".join(charts) + "</body>")
    path = Path(out_dir) / f"floor-{aid}-{week}.html"
    path.write_text(html, encoding="utf-8")
    return Written(aid, str(path), None)


@dataclass(frozen=True)
class Run:
    cpu_s: float
    wall_s: float


def _run(
    url: str, ids: list[int], out_dir: Path, workers: int, job: Job, *, pdf: bool = False
) -> Run:
    """``write_all`` over ``ids`` into a fresh ``out_dir``; checks every file was written."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    cpu, started = cpu_seconds(), time.perf_counter()
    done = write_all(url, ids, WEEK, out_dir, pdf, workers, job=job)
    run = Run(cpu_s=cpu_seconds() - cpu, wall_s=time.perf_counter() - started)
    failed = [d for d in done if d.error]
    if failed:
        raise BenchmarkError(f"{len(failed)} report(s) failed, e.g. {failed[0]}")
    written = [Path(d.path) for d in done if d.path]
    if len(written) != len(ids) or not all(p.is_file() for p in written):
        raise BenchmarkError(f"{len(written)} files written for {len(ids)} athletes")
    if not pdf:
        _check_html(written[0].read_text(encoding="utf-8"), charted=job is not floor_one)
    elif not written[0].read_bytes().startswith(b"%PDF"):
        raise BenchmarkError(f"{written[0]} is not a PDF")
    return run


def _check_html(html: str, *, charted: bool) -> None:
    # The report names its week by its days ("week of 16–22 November 2026"), not its ISO code.
    monday = WEEK_END - timedelta(days=WEEK_END.weekday())
    days = weekly.week_title("", monday, monday + timedelta(days=6)).removeprefix(" — ")
    if days not in html or "<svg" not in html:
        raise BenchmarkError("the file has no chart or not the week asked for")
    if charted and "Daily training load, this week against last" not in html:
        raise BenchmarkError("the report lacks its load chart")


def _pair(
    url: str, ids: list[int], out_dir: Path, workers: int, times: int
) -> tuple[list[Run], list[Run]]:
    """Report and floor ``times`` times each over the same athletes and processes."""
    report: list[Run] = []
    floor: list[Run] = []
    for n in range(times):
        order: list[tuple[Job, list[Run]]] = [(reports_cli._one, report), (floor_one, floor)]
        for job, into in order if n % 2 == 0 else order[::-1]:
            into.append(_run(url, ids, out_dir, workers, job))
    return report, floor


def _median(runs: list[Run], key: str) -> float:
    return float(statistics.median(getattr(r, key) for r in runs))


def _rate_row(
    name: str, athletes: int, report: list[Run], floor: list[Run], workers: int, notes: str
) -> Result:
    cpu, floor_cpu = _median(report, "cpu_s"), _median(floor, "cpu_s")
    wall, floor_wall = _median(report, "wall_s"), _median(floor, "wall_s")
    figure, base = athletes / cpu, athletes / floor_cpu
    return Result(
        name=name,
        figure=figure,
        unit="athletes/s per core",
        baseline=base,
        ratio=figure / base,
        baseline_name=f"floor: data + template + empty charts, {workers} process(es)",
        group=NAME,
        notes=(
            f"goal {GOAL:g} per core: {figure / GOAL:.0%} of it; wall {athletes / wall:.1f} "
            f"athletes/s over {workers} process(es) (floor {athletes / floor_wall:.1f}); "
            f"{notes}median of {len(report)}"
        ),
        samples=[r.cpu_s for r in report],
        baseline_samples=[r.cpu_s for r in floor],
        extra={
            "athletes": athletes,
            "workers": workers,
            "cpu_median_s": cpu,
            "floor_cpu_median_s": floor_cpu,
            "wall_median_s": wall,
            "floor_wall_median_s": floor_wall,
            "wall_rate": athletes / wall,
            "floor_wall_rate": athletes / floor_wall,
            "goal": GOAL,
            "wall_samples": [r.wall_s for r in report],
            "floor_wall_samples": [r.wall_s for r in floor],
        },
    )


def _parts(factory: Any, ids: list[int]) -> dict[str, float]:
    """Median CPU milliseconds per athlete of the summary, of its database reads alone (the
    snapshot of the tables it reads, each once, in a unit of work of their own), the charts
    and the template."""
    spent: dict[str, list[float]] = {"reads": [], "summary": [], "charts": [], "html": []}
    start_day, end_day = reports.parse_week(WEEK)
    for aid in ids:
        with unit_of_work(factory) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), audit_operator=True)
            until = min(end_day, ctx.clock.now().date())  # the athletes' zone is UTC
            start = time.process_time()
            with training_log.snapshot(ctx, aid, reports._windows(start_day, until)):
                spent["reads"].append(time.process_time() - start)
            session.rollback()
        with unit_of_work(factory) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), audit_operator=True)
            start = time.process_time()
            summary = reports.weekly_summary(ctx, aid, WEEK)
            spent["summary"].append(time.process_time() - start)
            session.rollback()
        start = time.process_time()
        weekly.charts(summary)
        spent["charts"].append(time.process_time() - start)
        start = time.process_time()
        render_weekly(summary, with_charts=False)
        spent["html"].append(time.process_time() - start)
    return {k: statistics.median(v) * 1000 for k, v in spent.items()}


def _pdf_row(url: str, ids: list[int], out_dir: Path, times: int) -> Result:
    if weekly.chromium() is None:
        return Result(
            name="weekly report as PDF (Chromium)",
            figure=None,
            unit="PDFs/s",
            group=NAME,
            notes="skipped: Chromium is not installed (apt-get install chromium)",
        )
    report: list[Run] = []
    floor: list[Run] = []
    for _ in range(times):
        report.append(_run(url, ids, out_dir, 1, reports_cli._one, pdf=True))
        cpu, started = cpu_seconds(), time.perf_counter()
        for n in range(len(ids)):
            weekly.to_pdf(MINIMAL_PAGE, out_dir / f"minimal-{n}.pdf")
        floor.append(Run(cpu_seconds() - cpu, time.perf_counter() - started))
    wall, floor_wall = _median(report, "wall_s"), _median(floor, "wall_s")
    cpu, floor_cpu = _median(report, "cpu_s"), _median(floor, "cpu_s")
    figure, base = len(ids) / wall, len(ids) / floor_wall
    return Result(
        name="weekly report as PDF (Chromium)",
        figure=figure,
        unit="PDFs/s",
        baseline=base,
        ratio=figure / base,
        baseline_name="Chromium printing a one-line page",
        group=NAME,
        notes=(
            f"wall clock, 1 process, one Chromium at a time, {len(ids)} athlete(s); CPU "
            f"{cpu / len(ids):.2f} s per PDF (floor {floor_cpu / len(ids):.2f} s), Chromium's "
            f"included; median of {times}"
        ),
        samples=[r.wall_s for r in report],
        baseline_samples=[r.wall_s for r in floor],
        extra={"athletes": len(ids), "cpu_median_s": cpu, "floor_cpu_median_s": floor_cpu},
    )


def bench(
    prepared: Prepared, sizes: Sizes, say: Callable[[str], None] = lambda _m: None
) -> list[Result]:
    """The three rows for a database made by ``bench_review.prepare``."""
    url = f"sqlite:///{prepared.path}"
    ids = list(prepared.athletes[: sizes.athletes])
    sample = ids[: sizes.sample]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-reports-") as tmp:
        out_dir = Path(tmp) / "out"
        say("warming up: one report and one floor")
        _run(url, ids[:1], out_dir, 1, reports_cli._one)
        _run(url, ids[:1], out_dir, 1, floor_one)
        say(f"{len(sample)} reports in 1 process, against the floor")
        one, one_floor = _pair(url, sample, out_dir, 1, sizes.repeat)
        parts = _parts(make_session_factory(reports_cli._engine(url)), sample)
        reports_cli._dispose_engines()  # no open SQLite connection to fork into the workers
        say(f"{len(ids):,} reports over {sizes.workers} processes, against the floor")
        many, many_floor = _pair(url, ids, out_dir, sizes.workers, sizes.repeat)
        rows = [
            _rate_row(
                "weekly reports, 1 process",
                len(sample),
                one,
                one_floor,
                1,
                f"CPU per athlete: summary {parts['summary']:.0f} ms (its reads "
                f"{parts['reads']:.0f} ms), charts {parts['charts']:.1f} ms, HTML "
                f"{parts['html']:.1f} ms; ",
            ),
            _rate_row(
                f"weekly reports, {len(ids):,} athletes",
                len(ids),
                many,
                many_floor,
                sizes.workers,
                f"load average {load:.1f} on {os.cpu_count()} CPUs; ",
            ),
        ]
        rows[0].extra["cpu_ms_per_athlete"] = parts
        rows[1].extra["load_average"] = load
        if sizes.pdf:
            say(f"{sizes.pdf} PDF report(s) against Chromium printing a one-line page")
            rows.append(_pdf_row(url, ids[: sizes.pdf], out_dir, sizes.repeat))
        reports_cli._dispose_engines()
    return rows


def main(args: BenchArgs) -> list[Result]:
    sizes = sizes_for(args)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-reports-db-") as tmp:
        prepared = prepare(Path(tmp), sizes.athletes, args.progress)
        return bench(prepared, sizes, args.progress)
