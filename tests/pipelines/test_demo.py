"""The demo athlete: determinism, physiological invariants, idempotent seeding, the CLI."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import mean

import pytest
from typer.testing import CliRunner

from fitcoach.analysis.strength import e1rm_kg
from fitcoach.cli import app
from fitcoach.coach.schemas import SetIn, WorkoutIn
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import get_settings
from fitcoach.pipelines import demo
from fitcoach.pipelines.demo import (
    DEMO_EMAIL,
    DemoHistory,
    generate_demo,
    prepare_demo_sign_ins,
    seed_demo,
)
from fitcoach.services import accounts, athletes, health, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records
from fitcoach.storage.models import HealthFlag
from fitcoach.storage.repositories import health as health_repo

END = date(2026, 11, 20)  # the conftest clock's day
MIDNIGHT = datetime(2026, 11, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def history() -> DemoHistory:
    """The default demo: eight weeks, seed 42."""
    return generate_demo(42, 8, END)


def _working(workout: WorkoutIn, slug: str | None = None) -> list[SetIn]:
    return [s for s in workout.sets if not s.is_warmup and (slug is None or s.exercise == slug)]


def _volume(workout: WorkoutIn) -> float:
    return sum((s.weight_kg or 0.0) * s.reps for s in _working(workout))


# --- determinism ------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_history() -> None:
    assert generate_demo(7, 3, END) == generate_demo(7, 3, END)


def test_another_seed_gives_another_history() -> None:
    a, b = generate_demo(7, 3, END), generate_demo(8, 3, END)
    assert a.workouts != b.workouts
    assert [d.hrv_rmssd_ms for d in a.daily] != [d.hrv_rmssd_ms for d in b.daily]


def test_the_range_is_checked() -> None:
    with pytest.raises(InvalidInput, match="weeks"):
        generate_demo(1, 0, END)


def test_a_programme_exercise_missing_from_the_library_fails_loudly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = dataclasses.replace(demo.LIFTS["squat"], slug="no-such-squat")
    monkeypatch.setitem(demo.LIFTS, "squat", broken)
    with pytest.raises(InvalidInput, match="no-such-squat"):
        generate_demo(42, 1, END)


def test_every_programme_slug_is_in_the_library(history: DemoHistory) -> None:
    known = {r.slug for r in library_records()}
    used = {s.exercise for w in history.workouts for s in w.sets}
    assert used <= known
    assert set(history.lifts.values()) == used  # every lift is trained in eight weeks


# --- invariants -------------------------------------------------------------------------------


def test_every_timestamp_is_utc_and_in_the_past(history: DemoHistory) -> None:
    stamps = [
        *(w.started_at for w in history.workouts),
        *(w.started_at + timedelta(seconds=w.duration_s or 0) for w in history.workouts),
        *(c.started_at + timedelta(seconds=c.duration_s) for c in history.cardio),
        *(s.ended_at for s in history.sleep),
        *(m.eaten_at for m in history.meals),
        *(f.recorded_at for f in history.feedback),
    ]
    assert all(t.utcoffset() == timedelta(0) for t in stamps)
    assert max(stamps) < MIDNIGHT
    assert min(stamps) >= MIDNIGHT - timedelta(weeks=8, days=1)
    assert max(d.day for d in history.daily) < END


def test_one_daily_row_and_one_night_per_day(history: DemoHistory) -> None:
    days = [d.day for d in history.daily]
    assert days == [history.start + timedelta(days=i) for i in range(56)]
    assert [s.ended_at.date() for s in history.sleep] == days
    ids = [r.source_id for records in history.records().values() for r in records]
    assert len(ids) == len(set(ids))
    assert all(r.source == "demo" for records in history.records().values() for r in records)


def test_the_split_is_four_days_with_about_eight_percent_missed(history: DemoHistory) -> None:
    planned = len(history.workouts) + len(history.missed_sessions)
    assert planned == 8 * 4
    assert 0 < len(history.missed_sessions) <= 5
    per_week = defaultdict(int)
    for c in history.cardio:
        per_week[history.week_of(c.started_at.date())] += 1
    assert set(per_week) == set(range(8))
    assert all(1 <= n <= 2 for n in per_week.values())
    assert len(history.feedback) == len(history.workouts)


def test_the_squat_gets_stronger(history: DemoHistory) -> None:
    squat = history.lifts["squat"]

    def best(weeks: set[int]) -> float:
        return max(
            e1rm_kg(s.weight_kg or 0.0, s.reps, s.rir)
            for w in history.workouts
            if history.week_of(w.started_at.date()) in weeks
            for s in _working(w, squat)
            if s.completed
        )

    assert best({6, 7}) > best({0, 1}) * 1.03
    loads = [
        _working(w, squat)[0].weight_kg or 0.0
        for w in history.workouts
        if _working(w, squat) and history.week_of(w.started_at.date()) not in history.deload_weeks
    ]
    assert loads[-1] >= loads[0] + 5.0  # the double progression stepped the load up
    assert all(b - a in (0.0, 5.0) for a, b in itertools.pairwise(loads))


def test_deload_weeks_have_about_sixty_percent_of_the_volume(history: DemoHistory) -> None:
    assert history.deload_weeks == (3, 7)
    per_session: dict[bool, list[float]] = defaultdict(list)
    for w in history.workouts:
        per_session[history.week_of(w.started_at.date()) in history.deload_weeks].append(_volume(w))
    ratio = mean(per_session[True]) / mean(per_session[False])
    assert 0.5 < ratio < 0.75
    deload_rpe = [w.session_rpe or 0 for w in history.workouts if "Deload" in w.notes]
    assert deload_rpe
    assert max(deload_rpe) <= 6.0


def test_reps_in_reserve_are_mostly_one_to_three_and_some_last_sets_fail(
    history: DemoHistory,
) -> None:
    sets = [s for w in history.workouts for s in _working(w)]
    rirs = [s.rir for s in sets if s.completed]
    assert sum(1 for r in rirs if r is not None and 1 <= r <= 3) / len(rirs) > 0.6
    failed = [s for s in sets if not s.completed]
    assert 0 < len(failed) < 0.05 * len(sets)
    assert all(s.rir == 0 and s.notes.startswith("failed rep") for s in failed)
    for w in history.workouts:
        rpe = w.session_rpe or 0.0
        assert 3.0 <= rpe <= 9.5
        assert 30 * 60 <= (w.duration_s or 0) <= 80 * 60


def test_meals_add_up_and_the_day_sums_them(history: DemoHistory) -> None:
    by_day = defaultdict(list)
    for m in history.meals:
        assert m.calories_kcal
        assert m.protein_g is not None
        assert m.carbs_g is not None
        assert m.fat_g is not None
        atwater = 4 * m.protein_g + 4 * m.carbs_g + 9 * m.fat_g
        assert abs(m.calories_kcal - atwater) <= 0.05 * atwater
        by_day[m.eaten_at.date()].append(m)
    for d in history.daily:
        meals = by_day[d.day]
        assert 3 <= len(meals) <= 4
        assert {"breakfast", "lunch", "dinner"} <= {m.meal_type for m in meals}
        assert d.calories_in_kcal == pytest.approx(sum(m.calories_kcal or 0 for m in meals))
        assert d.protein_g == pytest.approx(sum(m.protein_g or 0 for m in meals))
        assert 2000 < (d.calories_in_kcal or 0) < 3800


def test_sleep_stages_fill_the_night(history: DemoHistory) -> None:
    daily = {d.day: d for d in history.daily}
    weekday, weekend = [], []
    for s in history.sleep:
        in_bed = (s.ended_at - s.started_at).total_seconds()
        assert sum(s.stages_s.values()) <= in_bed
        asleep = in_bed - s.stages_s["awake"]
        assert daily[s.ended_at.date()].sleep_s == pytest.approx(asleep)
        assert 6 * 3600 <= asleep <= 8.5 * 3600
        (weekend if s.ended_at.weekday() >= 5 else weekday).append(asleep)
    assert mean(weekend) > mean(weekday) + 0.3 * 3600  # people sleep in at weekends


def test_recovery_markers_react_to_training(history: DemoHistory) -> None:
    trained = {w.started_at.date() for w in history.workouts}
    lower = {w.started_at.date() for w in history.workouts if w.title.startswith("Lower")}
    after_training = [d for d in history.daily if d.day - timedelta(days=1) in trained]
    after_rest = [
        d
        for d in history.daily
        if d.day - timedelta(days=1) not in trained
        and d.day - timedelta(days=1) not in {c.started_at.date() for c in history.cardio}
    ]
    assert mean(d.hrv_rmssd_ms or 0 for d in after_training) < mean(
        d.hrv_rmssd_ms or 0 for d in after_rest
    )
    after_legs = [d.soreness or 0 for d in history.daily if d.day - timedelta(days=1) in lower]
    assert mean(after_legs) > mean(d.soreness or 0 for d in after_rest) + 0.5
    rhr = [d.resting_hr or 0 for d in history.daily]
    assert 52 <= mean(rhr) <= 58
    assert 40 < mean(d.hrv_rmssd_ms or 0 for d in history.daily) < 80
    weights = [d.weight_kg or 0 for d in history.daily]
    assert mean(weights[-7:]) > mean(weights[:7])  # a slow lean bulk
    assert max(abs(b - a) for a, b in itertools.pairwise(weights)) < 1.2


def test_the_profile_is_a_valid_intermediate_lifter(history: DemoHistory) -> None:
    p = history.profile
    assert p.goals == ["hypertrophy", "strength"]
    assert (p.experience_level, p.days_per_week, p.session_minutes) == ("intermediate", 4, 60)
    assert p.injuries
    assert p.injuries[0].region == "ankle"
    assert p.birth_date is not None
    assert (END - p.birth_date).days // 365 == 34


# --- seeding ----------------------------------------------------------------------------------


def test_seeding_twice_adds_nothing_the_second_time(ctx: ServiceContext) -> None:
    plan = generate_demo(42, 1, END)
    expected = plan.counts()
    seen: list[tuple[int, int]] = []
    first = seed_demo(ctx, seed=42, weeks=1, end=END, progress=lambda d, t: seen.append((d, t)))
    assert first.athlete_created
    assert first.inserted == expected
    assert first.total_present == 0
    total = sum(expected.values())
    assert seen == [(done, total) for done in range(1, total + 1)]

    again = seed_demo(ctx, seed=42, weeks=1, end=END)
    assert (again.athlete_id, again.athlete_created) == (first.athlete_id, False)
    assert again.total_inserted == 0
    assert again.already_present == expected

    daily_before = training_log.history(ctx, first.athlete_id, "daily")
    other = seed_demo(ctx, seed=43, weeks=1, end=END)  # other options never rewrite a day
    assert (other.inserted["daily"], other.already_present["daily"]) == (0, 7)
    assert training_log.history(ctx, first.athlete_id, "daily") == daily_before

    stored = training_log.history(ctx, first.athlete_id, "workouts")
    assert [w["source_id"] for w in stored] == [w.source_id for w in plan.workouts]
    assert sum(len(w["sets"]) for w in stored) == sum(len(w.sets) for w in plan.workouts)
    assert len(training_log.history(ctx, first.athlete_id, "daily")) == 7
    prs = {p.exercise for p in training_log.records(ctx, first.athlete_id)}
    assert set(plan.lifts.values()) - prs <= {"pull-up"}  # body-weight sets carry no load
    athlete = athletes.get_athlete(ctx, first.athlete_id)
    assert (athlete.email, athlete.name) == (DEMO_EMAIL, "Alex Demo")


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_seeding_refuses_a_future_end(ctx: ServiceContext) -> None:
    with pytest.raises(InvalidInput, match="future"):
        seed_demo(ctx, weeks=1, end=END + timedelta(days=1))


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def cli_db(tmp_path: Path) -> Iterator[None]:
    """``fitcoach`` pointed at a temporary SQLite file."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("cli_db")
def test_cli_seeds_once_and_says_what_to_try_next() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    args = ["demo", "seed", "--weeks", "2", "--end", "2026-11-20"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "created demo athlete demo@fitcoach.local" in first.output
    assert "fitcoach history workouts -a demo@fitcoach.local" in first.output
    assert "fitcoach records -a demo@fitcoach.local" in first.output
    assert "http://127.0.0.1:8000" in first.output  # the default port
    assert "coach@fitcoach.local" in first.output
    assert "admin@fitcoach.local" in first.output
    assert first.output.count("fitcoach-demo") == 3  # the three sign-ins got the password
    again = runner.invoke(app, [*args, "--password", "another-password"])
    assert again.exit_code == 0, again.output
    assert "found demo athlete" in again.output
    assert "0 records added" in again.output
    assert "another-password" not in again.output  # passwords already set are kept
    assert again.output.count("(unchanged)") == 3

    shown = runner.invoke(app, ["history", "workouts", "-a", DEMO_EMAIL, "--json"])
    assert shown.exit_code == 0
    assert "barbell-back-squat" in shown.output


@pytest.mark.usefixtures("cli_db")
def test_cli_seed_points_to_the_configured_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FITCOACH_PORT", "8123")
    monkeypatch.setenv("FITCOACH_HOST", "0.0.0.0")
    get_settings.cache_clear()
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    out = runner.invoke(app, ["demo", "seed", "--weeks", "1", "--end", "2026-11-20"])
    assert out.exit_code == 0, out.output
    # Bound to every interface, the server is opened on the loopback address at its port.
    assert "then open http://127.0.0.1:8123" in out.output
    assert ":8000" not in out.output


@pytest.mark.usefixtures("cli_db")
def test_cli_rejects_a_bad_end_day_cleanly() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["demo", "seed", "--end", "20-11-2026"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output


def test_cli_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["demo", "seed", "--help"])
    assert result.exit_code == 0
    assert "Example: fitcoach demo seed" in result.output


def test_demo_sign_ins_work_and_keep_chosen_passwords(ctx: ServiceContext) -> None:
    report = seed_demo(ctx, weeks=1, end=ctx.clock.now().date())
    made = prepare_demo_sign_ins(ctx, report.athlete_id, "first-password")
    assert [(s.role, s.password_set) for s in made] == [
        ("athlete", True),
        ("coach", True),
        ("admin", True),
    ]
    coach = accounts.authenticate(
        ctx, accounts.login(ctx, "coach@fitcoach.local", "first-password").secret
    )
    coach_ctx = ServiceContext(session=ctx.session, subject=coach.subject, clock=ctx.clock)
    assert [a.id for a in athletes.list_athletes(coach_ctx)] == [report.athlete_id]
    assert plans.current(ctx, report.athlete_id).version == 1
    again = prepare_demo_sign_ins(ctx, report.athlete_id, "second-password")
    assert not any(s.password_set for s in again)
    accounts.login(ctx, "admin@fitcoach.local", "first-password")  # unchanged
    assert len(plans.versions(ctx, report.athlete_id)) == 1  # no second plan


# --- the demo must not block itself ------------------------------------------------------------


def _sensor_flag(ctx: ServiceContext, athlete_id: int, key: str) -> int:
    """A low-SpO2 flag as the vitals worker stores it for recording ``key``."""
    flag = HealthFlag(
        kind="low_resting_spo2",
        source="sensor",
        value=85.0,
        note=f"The sensor recorded SpO2 estimate 85 % below 90 % for 10 s (recording {key}).",
        raised_at=ctx.clock.now(),
    )
    return health_repo.add(ctx.session, ctx.scope(athlete_id), flag).id


def test_seeding_leaves_the_demo_athlete_able_to_train(ctx: ServiceContext) -> None:
    first = demo.seed_demo(ctx, weeks=2)
    prepare_demo_sign_ins(ctx, first.athlete_id, "pw-for-the-demo")
    aid = first.athlete_id
    assert health.open_flags(ctx, aid) == []
    assert plans.today(ctx, aid).status != "blocked"
    # An earlier `serve --simulate --abnormal` on the demo athlete left a simulated flag; a
    # person reported chest pain; another (real) device raised one too.
    simulated = _sensor_flag(ctx, aid, "demo-dev1-20261120T100000Z-0003-desaturation")
    device = _sensor_flag(ctx, aid, "dev7-20261120T100000Z")
    reported = health.raise_flag(ctx, aid, "chest_pain")
    assert plans.today(ctx, aid).status == "blocked"

    again = demo.seed_demo(ctx, weeks=2)
    assert (again.athlete_id, again.flags_resolved) == (aid, 1)
    assert [f.id for f in health.open_flags(ctx, aid)] == [device, reported]
    [resolved] = [f for f in health.list_flags(ctx, aid, include_cleared=True) if not f.open]
    assert (resolved.id, resolved.resolution_note) == (simulated, demo.DEMO_RESET_REASON)
    for flag_id in (device, reported):
        health.clear_flag(ctx, aid, flag_id, "checked by the tester")
    assert demo.seed_demo(ctx, weeks=2).flags_resolved == 0
    assert plans.today(ctx, aid).status != "blocked"


def test_seeding_removes_the_sessions_simulated_recordings_became_on_their_own(
    ctx: ServiceContext,
) -> None:
    """Before issue 38 every simulated scenario became a 'sensor session' cardio row; seeding
    again removes those, and keeps a recording the athlete logged as what it was."""
    aid = demo.seed_demo(ctx, weeks=1).athlete_id
    seeded = {r["id"] for r in training_log.history(ctx, aid, "cardio")}

    def sensor_row(key: str, activity: str) -> int:
        doc = {
            "source": "sensor",
            "source_id": key,
            "activity_type": activity,
            "started_at": MIDNIGHT - timedelta(hours=3),
            "duration_s": 90,
        }
        return training_log.log_cardio(ctx, aid, doc).id

    for n in range(3):
        sensor_row(f"demo-dev1-20261119T210000Z-{n:04d}-rest", "sensor_session")
    chosen = sensor_row("demo-dev1-20261119T210000Z-0004-intervals", "cycling")
    report = demo.seed_demo(ctx, weeks=1)
    assert report.recording_sessions_removed == 3
    assert {r["id"] for r in training_log.history(ctx, aid, "cardio")} == seeded | {chosen}
    assert demo.seed_demo(ctx, weeks=1).recording_sessions_removed == 0


def test_the_simulated_board_streams_abnormal_scenarios_only_on_request() -> None:
    from fitcoach.pipelines.live import ABNORMAL_SCENARIOS, DEMO_SCENARIOS, scenarios_for
    from fitcoach.sensors.simulator import SCENARIOS

    # The scenarios whose alerts open red flags (SpO2 below 90 %, an irregular rhythm).
    assert set(ABNORMAL_SCENARIOS) == {"desaturation", "pvc"} <= set(SCENARIOS)
    assert scenarios_for(abnormal=False) == DEMO_SCENARIOS
    assert not set(DEMO_SCENARIOS) & set(ABNORMAL_SCENARIOS)
    assert set(scenarios_for(abnormal=True)) == set(DEMO_SCENARIOS) | set(ABNORMAL_SCENARIOS)


@pytest.mark.usefixtures("cli_db")
def test_serve_simulate_picks_the_athlete_and_scenarios() -> None:
    """`make run` is `db upgrade; demo seed; serve --simulate`: the demo athlete's board streams
    normal scenarios; --abnormal streams for a separate athlete unless one is named."""
    from fitcoach.cli.common import service_context
    from fitcoach.cli.serve import simulation
    from fitcoach.pipelines.live import ABNORMAL_SCENARIOS, DEMO_SCENARIOS

    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["demo", "seed", "--weeks", "1", "--json"])
    assert result.exit_code == 0, result.stdout
    aid, scenarios = simulation(None, abnormal=False)
    assert scenarios == DEMO_SCENARIOS
    alerts_id, abnormal = simulation(None, abnormal=True)
    assert set(ABNORMAL_SCENARIOS) <= set(abnormal)
    assert alerts_id != aid
    assert simulation(None, abnormal=True)[0] == alerts_id  # created once
    assert simulation(str(aid), abnormal=True) == (aid, abnormal)  # named: on request
    with service_context() as ctx:
        assert athletes.get_athlete(ctx, aid).email == DEMO_EMAIL
        assert health.open_flags(ctx, aid) == []
        assert athletes.get_athlete(ctx, alerts_id).email == demo.ALERTS_EMAIL
