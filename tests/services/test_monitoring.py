"""The monitoring services over a real database, and the `load` / `readiness` commands."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import NOW
from tests.factories import as_subject, log_weeks, make_athlete, subject_of, workout
from typer.testing import CliRunner

from fitcoach.analysis import load as load_analysis
from fitcoach.cli import app
from fitcoach.cli.common import use_clock
from fitcoach.coach.rules import volume as landmark_rules
from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.pipelines.demo import seed_demo
from fitcoach.services import athletes, monitoring, training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the `clock` fixture's day
K7 = 1 - math.exp(-1 / 7)
K42 = 1 - math.exp(-1 / 42)


def at(day: date, hour: float = 18.0) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(hours=hour)


def bench(n: int, rir: float | None = 2) -> list[tuple[str, int, float | None, float | None]]:
    return [("barbell-bench-press", 8, 60.0, rir)] * n


def log_strength(
    ctx: ServiceContext, athlete_id: int, day: date, rpe: float | None, minutes: float | None
) -> None:
    extra: dict[str, Any] = {"session_rpe": rpe}
    if minutes is not None:
        extra["duration_s"] = minutes * 60
    training_log.log_workout(ctx, athlete_id, workout(at(day), *bench(4), **extra))


def log_cardio(
    ctx: ServiceContext, athlete_id: int, day: date, minutes: float, **extra: Any
) -> None:
    training_log.log_cardio(
        ctx,
        athlete_id,
        {
            "activity_type": "running",
            "started_at": at(day, 7).isoformat(),
            "duration_s": minutes * 60,
            **extra,
        },
    )


# --- training load ----------------------------------------------------------------------------


def test_daily_load_trimp_and_fitness_fatigue_known_values(ctx: ServiceContext) -> None:
    a = make_athlete(ctx, sex="male").id
    for i, rhr in enumerate([50, 52, 54]):
        training_log.log_daily(ctx, a, {"day": date(2026, 11, 13 + i), "resting_hr": rhr})
    log_strength(ctx, a, date(2026, 11, 16), rpe=7, minutes=60)  # 420 AU
    log_strength(ctx, a, date(2026, 11, 17), rpe=6, minutes=None)  # 4 sets × 3 min × 6 = 72
    log_cardio(ctx, a, date(2026, 11, 17), 40, session_rpe=4, avg_hr=150, max_hr=175)  # 160
    log_cardio(ctx, a, date(2026, 11, 18), 60)  # no RPE: no load

    report = monitoring.training_load(ctx, a, start=date(2026, 11, 16), end=TODAY)

    assert [d.load_au for d in report.days] == [420.0, 232.0, 0.0, 0.0, 0.0]
    assert [d.strength_au for d in report.days][:2] == [420.0, 72.0]
    assert report.days[1].cardio_au == 160.0
    # TRIMP beside the load: median resting HR 52, logged maximum 175, x = 98/123.
    x = 98 / 123
    assert report.resting_hr_bpm == 52.0
    assert (report.max_hr_bpm, report.max_hr_source) == (175.0, "logged")
    assert report.days[1].trimp == pytest.approx(40 * x * 0.64 * math.exp(1.92 * x), abs=0.01)
    assert report.days[0].trimp is None
    # The model starts from zero on the first logged day.
    assert report.days[0].atl == pytest.approx(420 * K7, abs=0.01)
    assert report.days[0].ctl == pytest.approx(420 * K42, abs=0.01)
    assert report.days[0].tsb == 0.0
    atl1 = 420 * K7 + (232 - 420 * K7) * K7
    assert report.days[1].atl == pytest.approx(atl1, abs=0.01)
    assert report.days[1].tsb == pytest.approx(420 * K42 - 420 * K7, abs=0.01)
    # Too little history for ACWR and monotony.
    assert all(d.acwr is None and d.acwr_ewma is None for d in report.days)

    estimated = [s for s in report.sessions if s.duration_estimated]
    assert [(s.duration_min, s.load_au) for s in estimated] == [(12.0, 72.0)]
    unrated = [s for s in report.sessions if s.rpe is None]
    assert [(s.kind, s.load_au) for s in unrated] == [("cardio", None)]
    assert any("3 min per logged set" in n for n in report.notes)
    assert any("no session RPE" in n for n in report.notes)
    assert report.unit.startswith("AU")


def test_trimp_with_estimated_max_hr_and_without_a_published_weighting(
    ctx: ServiceContext,
) -> None:
    ana = make_athlete(ctx, sex="female", birth_date="1986-11-20").id  # 40 today
    kim = make_athlete(ctx, sex="other").id
    for athlete in (ana, kim):
        training_log.log_daily(ctx, athlete, {"day": date(2026, 11, 18), "resting_hr": 60})
        log_cardio(ctx, athlete, date(2026, 11, 19), 30, session_rpe=5, avg_hr=150)

    report = monitoring.training_load(ctx, ana, start=date(2026, 11, 19), end=TODAY)
    assert (report.max_hr_bpm, report.max_hr_source) == (180.0, "tanaka")  # 208 − 0.7 × 40
    x = 90 / 120
    assert report.days[0].trimp == pytest.approx(30 * x * 0.86 * math.exp(1.67 * x), abs=0.01)
    assert any("Tanaka" in n for n in report.notes)

    other = monitoring.training_load(ctx, kim, start=date(2026, 11, 19), end=TODAY)
    assert other.days[0].load_au == 150.0  # the load does not depend on the weighting
    assert other.days[0].trimp is None
    assert any("not male or female" in n for n in other.notes)


def test_days_are_the_athletes_local_days(ctx: ServiceContext) -> None:
    athlete = athletes.create_athlete(
        ctx,
        {"name": "Nora", "email": "nora@example.org", "timezone": "America/New_York"},
    ).id
    # 03:00 UTC on the 18th is 22:00 on the 17th in New York.
    training_log.log_workout(
        ctx,
        athlete,
        workout(
            datetime(2026, 11, 18, 3, 0, tzinfo=UTC), *bench(3), session_rpe=5, duration_s=1800
        ),
    )
    report = monitoring.training_load(
        ctx, athlete, start=date(2026, 11, 16), end=date(2026, 11, 19)
    )
    assert [d.load_au for d in report.days] == [0.0, 150.0, 0.0, 0.0]


def test_weekly_hard_sets_against_the_landmarks_of_the_level(ctx: ServiceContext) -> None:
    monday = date(2026, 11, 9)
    sets = [
        *bench(12),
        *bench(2, rir=6),  # too easy to count
        ("barbell-bench-press", 5, 40.0, None),
        *[("dumbbell-curl", 10, 14.0, 1)] * 27,
    ]
    levels = {}
    for level in ("beginner", "intermediate"):
        a = make_athlete(ctx, experience_level=level).id
        training_log.log_workout(ctx, a, workout(at(monday), *sets, session_rpe=8, duration_s=5400))
        report = monitoring.training_load(ctx, a, start=monday, end=date(2026, 11, 15))
        (week,) = report.weeks
        assert (week.week_start, week.days) == (monday, 7)
        levels[level] = {m.muscle: m for m in week.hard_sets}

    mid = levels["intermediate"]
    # 13 hard bench sets (the set with unknown RIR counts): chest 13, triceps and front delts
    # 6.5 each; 27 curls: biceps 27, forearms 13.5.
    assert mid["chest"].sets == 13.0
    assert mid["triceps"].sets == mid["front_delts"].sets == 6.5
    assert mid["biceps"].sets == 27.0
    assert mid["forearms"].sets == 13.5
    assert (mid["chest"].mev, mid["chest"].mav, mid["chest"].mrv) == (10, 20, 22)
    assert mid["chest"].status == "productive"
    assert mid["biceps"].status == "above_mrv"
    assert mid["quads"].status == "below_mev"
    assert mid["quads"].sets == 0.0
    assert levels["beginner"]["chest"].mav < mid["chest"].mav
    assert levels["beginner"]["triceps"].status == "productive"


def test_projection_over_planned_loads(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    log_strength(ctx, a, date(2026, 11, 18), rpe=7, minutes=60)
    end = date(2026, 11, 19)
    plan = {date(2026, 11, 20): 500.0, date(2026, 11, 22): 300.0}
    report = monitoring.training_load(ctx, a, start=date(2026, 11, 18), end=end, planned=plan)
    assert [(p.day, p.planned_load_au) for p in report.projection] == [
        (date(2026, 11, 20), 500.0),
        (date(2026, 11, 21), 0.0),
        (date(2026, 11, 22), 300.0),
    ]
    last = report.days[-1]
    assert report.projection[0].atl == pytest.approx(last.atl + (500 - last.atl) * K7, abs=0.02)
    assert report.projection[0].tsb == pytest.approx(last.ctl - last.atl, abs=0.02)


BAD_REQUESTS: list[tuple[dict[str, Any], str]] = [
    ({"start": TODAY, "end": TODAY - timedelta(days=1)}, "lies before the start"),
    ({"start": TODAY, "end": TODAY + timedelta(days=1)}, "in the future"),
    ({"start": date(2020, 1, 1), "end": TODAY}, "at most"),
    (
        {
            "start": TODAY - timedelta(days=3),
            "end": TODAY - timedelta(days=1),
            "planned": {TODAY - timedelta(days=1): 100.0},
        },
        "must fall within",
    ),
    (
        {
            "start": TODAY - timedelta(days=3),
            "end": TODAY,
            "planned": {TODAY + timedelta(days=1): -5.0},
        },
        "0-10000",
    ),
]


def test_bad_ranges_and_plans_are_refused(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    for kwargs, message in BAD_REQUESTS:
        with pytest.raises(InvalidInput, match=message):
            monitoring.training_load(ctx, a, **kwargs)


def test_acwr_and_monotony_once_28_days_exist(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    first = TODAY - timedelta(days=40)
    loads = {}
    for i in range(0, 40):
        day = first + timedelta(days=i)
        if i % 2 == 0 or i > 33:
            minutes = 45 + 5 * (i % 3)
            log_strength(ctx, a, day, rpe=7, minutes=minutes)
            loads[day] = 7.0 * minutes
    report = monitoring.training_load(ctx, a, start=first, end=TODAY - timedelta(days=1))
    series = load_analysis.daily_loads(loads.items(), end=TODAY - timedelta(days=1))
    rolling = load_analysis.acwr_rolling(series)
    assert [d.acwr is None for d in report.days] == [math.isnan(v) for v in rolling]
    assert report.days[27].acwr is not None
    assert report.days[26].acwr is None
    assert report.days[-1].acwr == pytest.approx(rolling.iloc[-1], abs=1e-3)
    assert report.days[-1].monotony == pytest.approx(
        load_analysis.monotony(series).iloc[-1], abs=1e-3
    )
    assert report.weeks[-1].strain == report.days[-1].strain


def test_e1rm_trends_over_the_range(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    log_weeks(ctx, a, at(date(2026, 10, 19), 17.5), 4)  # squat 3×5 at RIR 2, +2.5 kg a week
    report = monitoring.training_load(ctx, a, start=date(2026, 10, 19), end=date(2026, 11, 15))
    (trend,) = report.e1rm_trends
    assert trend.exercise == "barbell-back-squat"
    assert len(trend.points) == 8
    assert trend.points[0].e1rm_kg == pytest.approx(80 * (1 + 7 / 30), abs=0.05)
    assert trend.change_kg == pytest.approx(7.5 * (1 + 7 / 30), abs=0.06)
    # Sessions without an RPE carry no load, and the report says so.
    assert all(d.load_au == 0 for d in report.days)
    assert any("no session RPE" in n for n in report.notes)


# --- readiness --------------------------------------------------------------------------------


def log_mornings(
    ctx: ServiceContext, athlete_id: int, days: int, *, last: date = TODAY - timedelta(days=1)
) -> None:
    """Mornings with HRV alternating 55/65 ms, resting HR 54/56, 8 h sleep, feeling fine."""
    for i in range(days):
        day = last - timedelta(days=i)
        up = i % 2 == 0
        training_log.log_daily(
            ctx,
            athlete_id,
            {
                "day": day,
                "hrv_rmssd_ms": 65 if up else 55,
                "resting_hr": 54 if up else 56,
                "sleep_s": 8 * 3600,
                "soreness": 2,
                "mood": 4,
                "energy": 4,
            },
        )


def test_readiness_asks_without_a_check_in_then_leads_with_it(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    log_mornings(ctx, a, 13)
    # HRV, resting HR and sleep, but no answer this morning: no score, the question.
    training_log.log_daily(
        ctx, a, {"day": TODAY, "hrv_rmssd_ms": 60, "resting_hr": 55, "sleep_s": 28800}
    )
    report = monitoring.readiness(ctx, a, TODAY)
    assert report.status == "no_checkin"
    assert (report.score, report.said, report.colour) == (None, None, None)
    assert [r.code for r in report.reasons] == ["readiness_no_checkin"]
    assert report.summary.startswith("No check-in yet — how do you feel?")

    # The check-in is the score; HRV and resting HR lower nothing while they calibrate.
    training_log.log_daily(ctx, a, {"day": TODAY, "soreness": 1, "energy": 5, "mood": 5})
    report = monitoring.readiness(ctx, a, TODAY)
    assert (report.status, report.colour, report.said, report.score) == ("ok", "green", 100, 100)
    assert report.inputs_used == ["sleep", "soreness", "energy", "mood"]
    building = "calibrating: 13 of 14 mornings in the last 28"
    assert report.inputs_missing["hrv"] == report.inputs_missing["resting_hr"] == building
    assert [(r.code, r.params) for r in report.reasons] == [
        ("readiness_said", {"said": 100, "lowered": ""}),
        ("readiness_green", {"score": 100}),
    ]
    assert report.summary.startswith("You said 100/100 in your check-in.")

    # With its baseline, a low HRV lowers what was said, and says by how much.
    log_mornings(ctx, a, 1, last=TODAY - timedelta(days=14))
    training_log.log_daily(ctx, a, {"day": TODAY, "hrv_rmssd_ms": 40})
    report = monitoring.readiness(ctx, a, TODAY)
    assert report.status == "ok"
    assert report.said == 100
    assert report.score is not None
    assert report.score < 100
    assert report.lowered_by["hrv"] == pytest.approx(100 - report.score, abs=1)
    assert "HRV took off" in report.reasons[0].text


def test_a_bad_morning_is_red_with_its_reasons(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    log_mornings(ctx, a, 30)
    training_log.log_daily(
        ctx,
        a,
        {"day": TODAY, "hrv_rmssd_ms": 42, "resting_hr": 63, "sleep_s": 4 * 3600, "soreness": 5},
    )
    report = monitoring.readiness(ctx, a, TODAY)
    assert report.status == "ok"
    assert report.colour == "red"
    assert report.score is not None
    assert report.score < 40
    assert [r.code for r in report.reasons] == ["readiness_said", "readiness_red"]
    codes = {f.code for f in report.findings}
    assert {"hrv_below_baseline", "resting_hr_elevated", "sleep_short", "soreness_high"} <= codes
    assert "You slept 4.0 h of the 8.0 h you need." in report.summary
    missing = {c.name: c.missing for c in report.components if c.weight == 0}
    assert set(missing) >= {"mood", "energy"}


def test_sleep_sessions_stand_in_for_a_missing_daily_sleep(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    log_mornings(ctx, a, 20)
    training_log.log_daily(ctx, a, {"day": TODAY, "hrv_rmssd_ms": 60})
    training_log.log_sleep(
        ctx,
        a,
        {
            "started_at": "2026-11-19T22:30Z",
            "ended_at": "2026-11-20T06:30Z",
            "stages_s": {"awake": 1800, "light": 14400, "deep": 3600, "rem": 5400},
        },
    )
    report = monitoring.readiness(ctx, a, TODAY)
    sleep = next(c for c in report.components if c.name == "sleep")
    assert sleep.value == pytest.approx(6.5)  # light + deep + REM, time awake left out


def test_readiness_uses_yesterdays_load(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    log_mornings(ctx, a, 20)
    training_log.log_daily(ctx, a, {"day": TODAY, "hrv_rmssd_ms": 60, "sleep_s": 28800})
    for i in range(1, 36):
        log_strength(ctx, a, TODAY - timedelta(days=i), rpe=6 if i > 7 else 9, minutes=60)
    report = monitoring.readiness(ctx, a, TODAY)
    yesterday = TODAY - timedelta(days=1)
    load = monitoring.training_load(ctx, a, start=yesterday, end=yesterday).days[-1]
    assert report.acwr == pytest.approx(load.acwr_ewma, abs=1e-3)
    assert report.form_pct == pytest.approx((load.ctl - load.atl) / load.ctl * 100, abs=0.1)
    assert report.acwr is not None
    assert report.acwr > 1.0  # the last week was harder


def test_readiness_over_a_range_is_the_same_as_day_by_day(ctx: ServiceContext) -> None:
    """A weekly report reads readiness for seven days at once; each day must be what the
    dashboard shows for it alone, even with more history than the load warm-up reaches."""
    a = make_athlete(ctx).id
    log_mornings(ctx, a, 40)
    for i in range(1, 150, 2):
        log_strength(ctx, a, TODAY - timedelta(days=i), rpe=5 + i % 5, minutes=40 + i % 30)
    start = TODAY - timedelta(days=9)
    together = monitoring.readiness_range(ctx, a, start, TODAY)
    alone = [monitoring.readiness(ctx, a, start + timedelta(days=n)) for n in range(10)]
    assert [r.day for r in together] == [start + timedelta(days=n) for n in range(10)]
    assert [r.model_dump() for r in together] == [r.model_dump() for r in alone]
    assert sum(r.status == "ok" for r in together) >= 9  # today has no morning logged yet
    assert all(r.acwr is not None for r in together)
    with pytest.raises(InvalidInput):
        monitoring.readiness_range(ctx, a, TODAY, start)


def test_readiness_refuses_a_future_day(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    with pytest.raises(InvalidInput, match="in the future"):
        monitoring.readiness(ctx, a, TODAY + timedelta(days=1))


def test_another_athlete_gets_not_found(ctx: ServiceContext) -> None:
    mine, theirs = make_athlete(ctx), make_athlete(ctx)
    as_them = as_subject(ctx, subject_of(ctx, theirs))
    with pytest.raises(NotFound, match=f"athlete {mine.id} not found"):
        monitoring.training_load(as_them, mine.id, start=TODAY, end=TODAY)
    with pytest.raises(NotFound, match=f"athlete {mine.id} not found"):
        monitoring.readiness(as_them, mine.id, TODAY)
    assert monitoring.readiness(as_them, theirs.id, TODAY).status == "no_checkin"


def test_the_demo_history_reads_back_consistently(ctx: ServiceContext) -> None:
    seeded = seed_demo(ctx, weeks=8)
    end = TODAY - timedelta(days=1)
    report = monitoring.training_load(
        ctx, seeded.athlete_id, start=end - timedelta(days=27), end=end
    )
    assert len(report.weeks) in (4, 5)
    assert sum(d.load_au for d in report.days) == pytest.approx(
        sum(s.load_au or 0 for s in report.sessions), abs=0.1
    )
    assert not any("no session RPE" in n for n in report.notes)  # the demo rates every session
    assert report.days[-1].acwr is not None
    assert report.days[-1].ctl > 0
    assert report.max_hr_source == "logged"
    full = [w for w in report.weeks if w.days == 7]
    assert any(m.sets > 0 for w in full for m in w.hard_sets)
    assert len(report.e1rm_trends) >= 10
    today = monitoring.readiness(ctx, seeded.athlete_id, end)
    assert today.status == "ok"
    assert today.score is not None
    assert today.signal == "hrv"


# --- the landmarks table ----------------------------------------------------------------------


def test_the_shipped_landmarks_are_valid_and_beginners_start_lower() -> None:
    table = landmark_rules.volume_landmarks()
    beginner, mid, advanced = (table.for_level(x) for x in ("beginner", "intermediate", "advanced"))
    assert set(beginner) == set(mid) == set(advanced)
    assert {"chest", "lats", "quads", "hamstrings", "biceps", "triceps"} <= set(mid)
    for muscle, marks in mid.items():
        assert beginner[muscle].mrv <= marks.mrv <= advanced[muscle].mrv, muscle
        assert beginner[muscle].mev <= marks.mev <= advanced[muscle].mev, muscle
    assert table.for_level("unknown") == mid


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["levels"]["beginner"].update(chest={"mev": 9, "mav": 8, "mrv": 20}),
            "mev <= mav <= mrv",
        ),
        (
            lambda d: d["levels"]["advanced"].update(wings={"mev": 1, "mav": 2, "mrv": 3}),
            "unknown muscles",
        ),
        (lambda d: d["levels"].pop("advanced"), "levels missing"),
    ],
)
def test_a_broken_landmarks_file_is_refused(change: Any, message: str) -> None:
    data = json.loads(landmark_rules.volume_landmarks().model_dump_json())
    change(data)
    with pytest.raises(InvalidInput, match=message) as caught:
        landmark_rules.parse_landmarks(data)
    assert "volume_landmarks.yaml" in caught.value.message


# --- the commands -----------------------------------------------------------------------------

runner = CliRunner()


def test_load_and_readiness_commands(cli_db: Path) -> None:
    with use_clock(FixedClock(NOW)):
        _load_and_readiness_commands(NOW.date())


def _load_and_readiness_commands(today: date) -> None:
    seeded = runner.invoke(app, ["demo", "seed", "--weeks", "6"])
    assert seeded.exit_code == 0, seeded.output
    yesterday = (today - timedelta(days=1)).isoformat()

    result = runner.invoke(app, ["load", "-a", "demo@fitcoach.local", "--to", yesterday, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["days"]) == 28
    assert data["days"][-1]["day"] == yesterday
    assert any(m["sets"] > 0 for m in data["weeks"][-1]["hard_sets"])  # every muscle is listed

    table = runner.invoke(
        app,
        [
            "load",
            "-a",
            "demo@fitcoach.local",
            "--plan",
            f"{today + timedelta(days=1)}=400",
        ],
    )
    assert table.exit_code == 0, table.output
    for heading in (
        "ATL",
        "CTL",
        "TSB",
        "ACWR",
        "monotony",
        "strain",
        "Hard sets",
        "MEV",
        "Projection",
    ):
        assert heading in table.stdout

    ready = runner.invoke(
        app, ["readiness", "-a", "demo@fitcoach.local", "--day", yesterday, "--json"]
    )
    assert ready.exit_code == 0, ready.output
    body = json.loads(ready.stdout)
    assert body["status"] == "ok"
    assert body["colour"] in ("green", "yellow", "red")
    assert [r["code"] for r in body["reasons"]] == ["readiness_said", f"readiness_{body['colour']}"]
    assert body["score"] <= body["said"]

    shown = runner.invoke(app, ["readiness", "-a", "demo@fitcoach.local", "--day", yesterday])
    assert shown.exit_code == 0, shown.output
    assert "you said" in shown.stdout
    assert "/100" in shown.stdout
    assert "HRV" in shown.stdout


def test_commands_fail_clearly(cli_db: Path) -> None:
    runner.invoke(app, ["athlete", "create", "--name", "Demo", "--email", "demo@fitcoach.local"])
    for args, message in [
        (["load", "-a", "demo@fitcoach.local", "--from", "yesterday"], "not a day like"),
        (["load", "-a", "demo@fitcoach.local", "--plan", "tomorrow"], "DAY=LOAD"),
        (["readiness", "-a", "nobody@example.org"], "no athlete with e-mail"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("error: ")
        assert message in lines[0]


def test_readiness_says_which_inputs_it_used_and_why_others_were_left_out(
    ctx: ServiceContext,
) -> None:
    """A team athlete without a watch: sleep and wellness items only, no HRV or resting HR."""
    a = make_athlete(ctx).id
    for back in range(20, -1, -1):
        training_log.log_daily(
            ctx,
            a,
            {"day": TODAY - timedelta(days=back), "sleep_s": 7 * 3600, "soreness": 2, "mood": 4},
        )
    report = monitoring.readiness(ctx, a, TODAY)
    assert report.status == "ok"
    assert report.score is not None
    assert report.inputs_used == ["sleep", "soreness", "mood"]
    assert set(report.inputs_missing) == {"hrv", "resting_hr", "energy", "load"}
    assert all(report.inputs_missing.values())  # each one with its reason
    used = {c.name for c in report.components if c.score is not None}
    assert used == set(report.inputs_used)


def test_the_checkin_command_stores_the_answers_and_readiness_starts_from_them(
    cli_db: Path,
) -> None:
    with use_clock(FixedClock(NOW)):
        runner.invoke(app, ["athlete", "create", "--name", "Ann", "--email", "ann@example.org"])
        before = runner.invoke(app, ["readiness", "-a", "ann@example.org"])
        assert before.exit_code == 0, before.output
        assert "No check-in yet — how do you feel?" in before.stdout
        assert "/100" not in before.stdout
        assert "fitcoach checkin --energy 4 --soreness 2 --mood 3" in before.stdout
        done = runner.invoke(
            app,
            ["checkin", "-a", "ann@example.org", "--energy", "4", "--soreness", "2", "--mood", "4"],
        )
        assert done.exit_code == 0, done.output
        assert "you said 75/100" in done.stdout
        asked = runner.invoke(
            app, ["checkin", "-a", "ann@example.org", "--json"], input="7\n5\n1\n5\n"
        )
        assert asked.exit_code == 0, asked.output
        assert "Energy today?" in asked.stdout
        assert "Answer with a number from 1 to 5." in asked.stdout  # the 7, asked again
        body = json.loads(asked.stdout[asked.stdout.index("{") :])
        assert (body["status"], body["said"], body["score"]) == ("ok", 100, 100)
        bad = runner.invoke(app, ["checkin", "-a", "ann@example.org", "--energy", "9"])
        assert bad.exit_code == 2
    helped = runner.invoke(app, ["checkin", "--help"])
    assert "Example: fitcoach checkin -a demo@fitcoach.local --energy 4" in helped.stdout
