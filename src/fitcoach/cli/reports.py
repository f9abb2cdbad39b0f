"""``fitcoach report weekly``: the weekly report as a self-contained HTML file (or PDF).

pandas and jinja2 are imported inside the commands, never at CLI start-up.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from fitcoach.cli.athletes import athlete_id
from fitcoach.cli.common import clock, console, err_console, errors, service_context, settings
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from fitcoach.storage.db import Engine

app = typer.Typer(help="Reports: the weekly report per athlete.", no_args_is_help=True)

MAX_JOBS = 16


@dataclass(frozen=True)
class Written:
    """One athlete's outcome in a batch: the file written, or why not."""

    athlete_id: int
    path: str | None
    error: str | None


def default_name(athlete: int, week: str, pdf: bool = False) -> str:
    """``report-<athlete id>-<week>.html`` (``.pdf`` with ``--pdf``)."""
    return f"report-{athlete}-{week}.{'pdf' if pdf else 'html'}"


def _write(html: str, out: Path, pdf: bool) -> Path:
    from fitcoach.interfaces.reports import to_pdf

    out.parent.mkdir(parents=True, exist_ok=True)
    if pdf:
        return to_pdf(html, out)
    out.write_text(html, encoding="utf-8")
    return out


def _one(url: str, aid: int, week: str | None, out_dir: str, pdf: bool) -> Written:
    """Render and write one athlete's report in its own unit of work (a worker's job)."""
    from fitcoach.core.errors import FitcoachError
    from fitcoach.interfaces.reports import render_weekly
    from fitcoach.services import monitoring, reports
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_session_factory, unit_of_work

    engine = _engine(url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            ctx = ServiceContext(
                session=session, subject=Subject.system(), clock=clock(), audit_operator=True
            )
            label = week or reports.last_complete_week(monitoring.local_today(ctx, aid))
            html = render_weekly(reports.weekly_summary(ctx, aid, label))
            session.rollback()  # read only: nothing to commit
        path = _write(html, Path(out_dir) / default_name(aid, label, pdf), pdf)
        return Written(aid, str(path), None)
    except FitcoachError as exc:
        return Written(aid, None, exc.message)
    except OSError as exc:
        return Written(aid, None, f"cannot write the file ({exc.strerror or exc})")
    except Exception as exc:
        return Written(aid, None, f"unexpected {type(exc).__name__}: {exc}")


_ENGINES: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    """One engine per process and database (workers reuse theirs across athletes)."""
    from fitcoach.storage.db import make_engine

    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def _dispose_engines() -> None:
    while _ENGINES:
        _ENGINES.popitem()[1].dispose()


def weekly(
    athlete: str | None = typer.Option(
        None, "--athlete", "-a", help="Athlete id or e-mail (or --all)."
    ),
    all_: bool = typer.Option(False, "--all", help="Every athlete, one file each in --out-dir."),
    week: str | None = typer.Option(
        None, "--week", "-w", help="ISO week YYYY-Www, e.g. 2026-W46 (default: the last complete)."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Output file (default: report-<athlete>-<week>.html)."
    ),
    out_dir: Path = typer.Option(
        Path("."), "--out-dir", help="Folder for the files of --all (created if missing)."
    ),
    pdf: bool = typer.Option(False, "--pdf", help="Write a PDF (needs Chromium) instead of HTML."),
    jobs: int = typer.Option(
        0, "--jobs", "-j", help="Worker processes for --all (default: the CPU count, at most 16)."
    ),
) -> None:
    """Write the weekly report: this week against the last, planned against done, load and
    readiness, sets per muscle, vitals, and recommendations with their reasons, as one
    self-contained HTML file (charts inline; opens offline, on a phone, prints cleanly).

    Example: fitcoach report weekly --athlete demo@fitcoach.local --week 2026-W46 --out week46.html

    Example: fitcoach report weekly --all --week 2026-W46 --out-dir reports/
    """
    with errors():
        if all_ == (athlete is not None):
            raise InvalidInput("give either --athlete A or --all")
        if week is not None:
            from fitcoach.services.reports import parse_week, week_label

            week = week_label(parse_week(week)[0])
        if jobs < 0 or jobs > MAX_JOBS:
            raise InvalidInput(f"--jobs takes 1 to {MAX_JOBS} (0: the CPU count)")
    if all_:
        _all(week, out_dir, pdf, jobs or min(os.cpu_count() or 1, MAX_JOBS))
        return
    assert athlete is not None
    from fitcoach.interfaces.reports import render_weekly
    from fitcoach.interfaces.reports.weekly import week_title
    from fitcoach.services import monitoring, reports

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        label = week or reports.last_complete_week(monitoring.local_today(ctx, aid))
        summary = reports.weekly_summary(ctx, aid, label)
        html = render_weekly(summary)
        ctx.session.rollback()  # read only: nothing to commit
    with errors():
        target = out or Path(default_name(aid, label, pdf))
        try:
            path = _write(html, target, pdf)
        except OSError as exc:
            raise InvalidInput(f"cannot write {target} ({exc.strerror or exc})") from None
    title = week_title(summary.athlete_name, summary.week_start, summary.week_end)
    console.print(f"Wrote the report {escape(title)} to {escape(str(path))}")


def write_all(
    url: str,
    ids: list[int],
    week: str | None,
    out_dir: Path,
    pdf: bool,
    jobs: int,
    done: Callable[[Written], None] | None = None,
    job: Callable[[str, int, str | None, str, bool], Written] = _one,
) -> list[Written]:
    """Write every athlete's report (``job``, a module-level function like ``_one``) over
    ``jobs`` worker processes, or in this process when ``jobs`` is 1; ``done`` hears of each
    as it finishes. The benchmark passes its floor as ``job`` to run it the same way.

    A worker keeps its engine (and the statements compiled for it) from one athlete to the
    next, so a batch pays the start-up once per process, not once per report."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    results: list[Written] = []

    def finished(written: Written) -> None:
        results.append(written)
        if done is not None:
            done(written)

    if jobs <= 1 or len(ids) == 1:
        try:
            for aid in ids:
                finished(job(url, aid, week, str(out_dir), pdf))
        finally:
            _dispose_engines()
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(ids))) as pool:
            futures = [pool.submit(job, url, aid, week, str(out_dir), pdf) for aid in ids]
            for future in as_completed(futures):
                finished(future.result())
    return results


def _all(week: str | None, out_dir: Path, pdf: bool, jobs: int) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from fitcoach.services import athletes as athlete_service

    with service_context() as ctx:
        ids = [a.id for a in athlete_service.list_athletes(ctx)]
    if not ids:
        console.print("No athletes: nothing to write.")
        return
    with errors():
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(f"cannot create {out_dir} ({exc.strerror or exc})") from None
    url = settings().sqlalchemy_url
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("weekly reports", total=len(ids))
        results = write_all(
            url, ids, week, out_dir, pdf, jobs, lambda _written: progress.advance(task)
        )
    failed = sorted((r for r in results if r.error), key=lambda r: r.athlete_id)
    written = len(results) - len(failed)
    console.print(f"Wrote {written} of {len(ids)} weekly report(s) to {escape(str(out_dir))}")
    for r in failed:
        err_console.print(
            f"[bold red]failed:[/] athlete {r.athlete_id}: {escape(r.error or '')}",
            highlight=False,
            soft_wrap=True,
        )
    if failed:
        raise typer.Exit(code=1)


app.command("weekly")(weekly)
