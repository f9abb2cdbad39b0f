"""Load reports over many windows of one kept series answer, byte for byte, the JSON of the
report recomputed from every row (``load_reference``), although each window after the first
is cut from the days the series computed once (``load_report._Span``, kept in
``_DaySeries.memo``): on SQLite and PostgreSQL, for the demo athlete (the cold benchmark's
windows and longer ones reaching before the history), and for an athlete whose history is
longer than a window's warm-up months (each window's days start at its own warm-up day)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from tests.factories import make_athlete
from tests.services.load_reference import full_report

from fitcoach.services import monitoring, results, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring import GROW_DAYS
from fitcoach.services.monitoring.load_report import _Span, _training_load

TODAY = date(2026, 11, 20)  # the fixed clock's (tests/conftest.py)


def _series_memo(ctx: ServiceContext, athlete_id: int) -> dict[object, object]:
    kept = monitoring.SERIES.get((str(ctx.session.get_bind().engine.url), athlete_id))
    assert kept is not None
    return kept.series.memo


def _same_json(ctx: ServiceContext, athlete_id: int, windows: list[tuple[date, date]]) -> None:
    for first, last in windows:
        reference = results.as_json(full_report(ctx, athlete_id, first, last))
        cut = results.as_json(_training_load(ctx, athlete_id, first, last, None))
        assert cut == reference, (first, last)
        # What the API answers: joined from the JSON of the rows kept with the span (whole
        # weeks kept from earlier windows), byte for byte the report's own.
        answered = monitoring.training_load_json(ctx, athlete_id, start=first, end=last)
        assert answered == reference, (first, last)


def test_the_demo_windows_answer_the_full_computations_json(ctx: ServiceContext, demo: int) -> None:
    # The benchmark's 280 windows: the last day 0-6 days back, the first 27-66 days before it.
    bench = [
        (TODAY - timedelta(days=a + 27 + b), TODAY - timedelta(days=a))
        for a in range(7)
        for b in range(0, 40, 3)
    ]
    # Before the history, across its first day, one day, long ones.
    more = [
        (TODAY - timedelta(days=n), TODAY - timedelta(days=m))
        for n, m in ((200, 0), (120, 60), (70, 50), (57, 57), (56, 0), (1, 1), (400, 300))
    ]
    _same_json(ctx, demo, bench + more)
    spans = [v for v in _series_memo(ctx, demo).values() if isinstance(v, _Span)]
    # Whole weeks were kept and shown again by later windows (the same bytes, checked above).
    assert any(span.weeks for span in spans)
    # Shared: windows starting inside the demo's weeks show their days from its first session
    # (one span per last day: the resting heart rate's median moves with it); those starting
    # before it, one per first day.
    assert 1 <= len(spans) < len(bench) // 4


def _long_history(ctx: ServiceContext, *, resting_hr: bool = True) -> int:
    """An athlete training every third day for a year, with cardio (heart rate) and resting
    heart rates, some sessions without an RPE or a duration."""
    athlete_id = make_athlete(ctx).id
    for n in range(0, 365, 3):
        day = TODAY - timedelta(days=365 - n)
        at = datetime.combine(day, time(7 + n % 11), tzinfo=UTC)
        workout = {
            "started_at": at.isoformat(),
            "sets": [{"exercise": "barbell-back-squat", "reps": 5, "weight_kg": 60.0 + n % 40}],
        }
        if n % 7:
            workout["session_rpe"] = 5 + n % 4
        if n % 5:
            workout["duration_s"] = 2400 + 60 * (n % 9)
        training_log.log_workout(ctx, athlete_id, workout)
        if n % 2:
            cardio = {"activity_type": "running", "duration_s": 1800 + 30 * (n % 13),
                      "started_at": (at + timedelta(hours=9)).isoformat(),
                      "session_rpe": 6, "avg_hr": 130 + n % 30}  # fmt: skip
            if not resting_hr:  # a measured maximum: the same for every window
                cardio["max_hr"] = 190
            training_log.log_cardio(ctx, athlete_id, cardio)
        if resting_hr:  # falling over the year: each window's median and TRIMPs differ
            resting = {"day": day.isoformat(), "resting_hr": 70 - n // 12 + n % 3}
            training_log.log_daily(ctx, athlete_id, resting)
    ctx.session.commit()  # the series is kept only outside a transaction that has written
    return athlete_id


def test_windows_of_a_long_history_answer_the_full_computations_json(
    ctx: ServiceContext,
) -> None:
    athlete_id = _long_history(ctx)
    windows = [
        (TODAY - timedelta(days=a + b), TODAY - timedelta(days=a))
        for a in (0, 1, 5, 40)
        for b in (0, 6, 27, 90, 200)
    ]
    # The same first day again, other last days: cut from the span the first one computed,
    # computed further when a last day lies past it (``GROW_DAYS`` after the first's).
    windows += [(TODAY - timedelta(days=100), TODAY - timedelta(days=a)) for a in range(0, 60, 7)]
    windows += [(TODAY - timedelta(days=300), TODAY - timedelta(days=a)) for a in (290, 200, 0)]
    _same_json(ctx, athlete_id, windows)
    # The old windows' spans end ``GROW_DAYS`` after them, not today (each of those three has
    # its own resting heart rate's median, so its own span).
    until = {v.until for v in _series_memo(ctx, athlete_id).values() if isinstance(v, _Span)}
    assert TODAY - timedelta(days=290 - GROW_DAYS) in until
    assert TODAY - timedelta(days=200 - GROW_DAYS) in until
    assert max(until) == TODAY


def test_a_later_window_computes_the_span_further(ctx: ServiceContext) -> None:
    """Without resting heart rates (and with a measured maximum), windows with the same first
    day share one span, computed ``GROW_DAYS`` past the first one's last day and again further
    for a later one."""
    athlete_id = _long_history(ctx, resting_hr=False)
    first = TODAY - timedelta(days=300)
    windows = [(first, TODAY - timedelta(days=a)) for a in (290, 250, 200, 100, 0)]
    seen = []
    for window in windows:
        _same_json(ctx, athlete_id, [window])
        spans = [v for v in _series_memo(ctx, athlete_id).values() if isinstance(v, _Span)]
        assert len(spans) == 1
        seen.append(spans[0].until)
    grown = [TODAY - timedelta(days=a - GROW_DAYS) for a in (290, 290, 200, 100)]
    assert seen == [*grown, TODAY]
