"""Weekly report generation: one athlete's report, and every report of 1000 athletes.

Setup (not timed): the weekly review benchmark's database (``bench_review.prepare``): N athletes
of four kinds, each with a plan in force and 8 weeks of workouts with sets, cardio and daily
readings, bulk-inserted into a temporary SQLite file.

Measured:

(a) one athlete: ``weekly_summary`` + ``render_weekly`` (five matplotlib SVG charts, the Jinja
    template) for the last week of the log, median of several runs; baseline: reading the same
    athlete's six weeks of records (workouts with sets, cardio, daily rows) through
    ``training_log.history``, which any report has to do. The median time of the summary alone
    and of the HTML without charts are kept in ``extra``.
(b) N athletes: what ``fitcoach report weekly --all`` does (``fitcoach.cli.reports._one``: one
    unit of work per athlete, summary, charts, HTML, the file written), over a process pool of
    one worker per CPU; baseline: reading every athlete's six weeks of records in one process.

ratio = fitcoach / baseline (seconds; how many times the reading the report costs).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.bench_review import WEEK_END, prepare
from benchmarks.common import BenchArgs, BenchmarkError, Result, repeat, timed
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.cli.reports import _one
from fitcoach.coach.services import reports, training_log
from fitcoach.coach.services.context import ServiceContext
from fitcoach.core.clock import FixedClock
from fitcoach.interfaces.reports import render_weekly
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

NAME = "reports"
DEFAULT_ATHLETES = 1_000
QUICK_ATHLETES = 20
ONE_REPEAT = 7
WEEK = reports.week_label(WEEK_END)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the Monday after: the week is complete


def _ctx(session: Session) -> ServiceContext:
    return ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))


def _read(factory: sessionmaker[Session], athlete_id: int) -> int:
    start = WEEK_END - timedelta(weeks=6) + timedelta(days=1)
    with unit_of_work(factory) as session:
        ctx = _ctx(session)
        rows = training_log.history(ctx, athlete_id, "workouts", start, WEEK_END)
        rows += training_log.history(ctx, athlete_id, "cardio", start, WEEK_END)
        rows += training_log.history(ctx, athlete_id, "daily", start, WEEK_END)
        return len(rows)


def _report(factory: sessionmaker[Session], athlete_id: int) -> str:
    with unit_of_work(factory) as session:
        summary = reports.weekly_summary(_ctx(session), athlete_id, WEEK)
        session.rollback()
    return render_weekly(summary)


def main(args: BenchArgs) -> list[Result]:
    say = args.progress
    n = args.rows or (QUICK_ATHLETES if args.quick else DEFAULT_ATHLETES)
    times = args.repeat or ONE_REPEAT
    workers = max(1, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-reports-") as tmp:
        prepared = prepare(Path(tmp), n, say)
        url = f"sqlite:///{prepared.path}"
        engine = make_engine(url)
        factory = make_session_factory(engine)
        first = prepared.athletes[0]
        say("one athlete's report")
        _report(factory, first)  # warm-up: imports, matplotlib's font cache
        one = repeat(lambda: _report(factory, first), times, check=_check_html)
        base = repeat(lambda: _read(factory, first), times)
        with unit_of_work(factory) as session:
            summary_t = repeat(lambda: reports.weekly_summary(_ctx(session), first, WEEK), times)
            summary = reports.weekly_summary(_ctx(session), first, WEEK)
            session.rollback()
        plain = repeat(lambda: render_weekly(summary, with_charts=False), times)
        charted = repeat(lambda: render_weekly(summary), times)

        say(f"{n:,} reports over {workers} worker process(es)")
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = list(
                pool.map(
                    _one,
                    [url] * n,
                    prepared.athletes,
                    [WEEK] * n,
                    [str(out_dir)] * n,
                    [False] * n,
                    chunksize=8,
                )
            )
        total = time.perf_counter() - started
        failed = [d for d in done if d.error]
        if failed:
            raise BenchmarkError(f"{len(failed)} report(s) failed, e.g. {failed[0]}")
        files = list(out_dir.glob("*.html"))
        if len(files) != n:
            raise BenchmarkError(f"{len(files)} files written for {n} athletes")
        size = statistics.median(f.stat().st_size for f in files)
        say("baseline: reading every athlete's records")
        base_total, rows = timed(lambda: sum(_read(factory, a) for a in prepared.athletes))
        engine.dispose()
    return [
        Result(
            name="weekly report, one athlete",
            figure=one.median,
            unit="s",
            baseline=base.median,
            ratio=one.median / base.median,
            baseline_name="read 6 weeks of records",
            group=NAME,
            notes=(
                f"summary {summary_t.median * 1000:.0f} ms, charts+HTML "
                f"{charted.median * 1000:.0f} ms, HTML without charts "
                f"{plain.median * 1000:.1f} ms; median of {times}"
            ),
            samples=list(one.samples),
            baseline_samples=list(base.samples),
            extra={
                "summary_median_s": summary_t.median,
                "render_median_s": charted.median,
                "render_no_charts_median_s": plain.median,
            },
        ),
        Result(
            name=f"weekly reports, {n:,} athletes",
            figure=total,
            unit="s",
            baseline=base_total,
            ratio=total / base_total,
            baseline_name="read all records, 1 process",
            group=NAME,
            notes=(
                f"{workers} worker process(es), {n / total:.1f} reports/s, files written "
                f"(median {size / 1024:.0f} KiB); baseline read {rows:,} rows"
            ),
            extra={"athletes": n, "workers": workers, "median_file_bytes": size},
        ),
    ]


def _check_html(html: str) -> None:
    if "<svg" not in html or WEEK not in html:
        raise BenchmarkError("the report has no chart or not the week asked for")
