"""Red flags: raised, listed and cleared through the service (SQLite and PostgreSQL) and the
command line; scoped to the athlete, audited without health data, and feeding the validator."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.factories import as_subject, make_athlete, subject_of
from typer.testing import CliRunner, Result

from fitcoach.cli import app
from fitcoach.coach.plan import Plan
from fitcoach.coach.safety import default_library, validate_plan
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.services import athletes, health
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.models import AuditEntry, HealthFlag

# --- service -----------------------------------------------------------------------------------


def test_a_flag_is_raised_listed_and_blocks_the_plan(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx, injuries=[{"region": "knee"}], conditions=["hypertension"])
    flag_id = health.raise_flag(ctx, athlete.id, "chest pain", note="during intervals")
    [flag] = health.open_flags(ctx, athlete.id)
    assert (flag.id, flag.kind, flag.label, flag.source) == (
        flag_id,
        "chest_pain",
        "Chest pain",
        "athlete",
    )
    assert flag.note == "during intervals"
    assert flag.value is None
    assert flag.open
    assert flag.raised_at == ctx.clock.now()

    profile = health.safety_profile(ctx, athlete.id)
    assert profile.open_flags == ("chest_pain",)
    assert profile.level == "intermediate"
    assert profile.injury_regions == {"knee"}
    assert profile.conditions == {"hypertension"}
    assert profile.equipment == {"barbell", "squat_rack", "bench", "dumbbell"}
    assert profile.age_years == 34  # born 1992-05-17, now 2026-11-20: whole years, as everywhere
    # On the 18th birthday the athlete is 18 (not 17.999): the minors' rules no longer apply.
    today = ctx.clock.now().date()
    adult = make_athlete(ctx, birth_date=today.replace(year=today.year - 18).isoformat())
    assert health.safety_profile(ctx, adult.id).age_years == 18

    verdict = validate_plan(_plan(athlete.id), profile, default_library())
    assert verdict.status == "blocked"
    assert verdict.plan is None
    assert verdict.escalation is not None
    assert "emergency number" in verdict.escalation
    assert health.escalation_for(ctx, athlete.id) == verdict.escalation


def test_clearing_a_flag_lets_training_advice_resume(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    first = health.raise_flag(ctx, athlete.id, "fainting")
    second = health.raise_flag(ctx, athlete.id, "acute-injury", source="coach")
    assert health.safety_profile(ctx, athlete.id).open_flags == ("fainting", "acute_injury")

    assert isinstance(ctx.clock, FixedClock)
    ctx.clock.set(ctx.clock.now() + timedelta(days=3))
    health.clear_flag(ctx, athlete.id, first, "seen by my GP, cleared to train")
    assert [f.id for f in health.open_flags(ctx, athlete.id)] == [second]
    health.clear_flag(ctx, athlete.id, second, "seen by my GP, cleared to train")
    assert health.open_flags(ctx, athlete.id) == []
    assert health.escalation_for(ctx, athlete.id) is None
    every = health.list_flags(ctx, athlete.id, include_cleared=True)
    assert [(f.id, f.cleared_at) for f in every] == [
        (first, ctx.clock.now()),
        (second, ctx.clock.now()),
    ]
    profile = health.safety_profile(ctx, athlete.id)
    assert profile.open_flags == ()
    assert validate_plan(_plan(athlete.id), profile, default_library()).status == "ok"

    with pytest.raises(Conflict, match="already resolved"):
        health.clear_flag(ctx, athlete.id, first, "seen by my GP, cleared to train")
    with pytest.raises(NotFound, match="flag 999999 not found"):
        health.clear_flag(ctx, athlete.id, 999_999, "seen by my GP, cleared to train")


def test_low_resting_spo2_needs_a_reading_below_90(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    flag_id = health.raise_flag(ctx, athlete.id, "low_resting_spo2", value=88, source="sensor")
    assert health.open_flags(ctx, athlete.id)[0].value == 88
    for value in (90, 95.5):
        with pytest.raises(InvalidInput, match="below 90 %"):
            health.raise_flag(ctx, athlete.id, "low_resting_spo2", value=value)
    with pytest.raises(InvalidInput, match="needs the reading"):
        health.raise_flag(ctx, athlete.id, "low_resting_spo2")
    with pytest.raises(InvalidInput, match="above 0"):
        health.raise_flag(ctx, athlete.id, "low_resting_spo2", value=0)
    with pytest.raises(InvalidInput, match="takes no value"):
        health.raise_flag(ctx, athlete.id, "chest_pain", value=3)
    assert [f.id for f in health.open_flags(ctx, athlete.id)] == [flag_id]


def test_bad_input_is_refused_with_a_clear_message(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    with pytest.raises(InvalidInput, match="unknown red flag kind 'chest pian'") as caught:
        health.raise_flag(ctx, athlete.id, "chest pian")
    assert "chest_pain" in caught.value.details["suggestions"]
    with pytest.raises(InvalidInput, match="unknown flag source"):
        health.raise_flag(ctx, athlete.id, "fainting", source="neighbour")
    with pytest.raises(InvalidInput, match="at most 500"):
        health.raise_flag(ctx, athlete.id, "fainting", note="x" * 501)
    assert health.list_flags(ctx, athlete.id, include_cleared=True) == []


def test_the_audit_trail_holds_no_health_data(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    flag_id = health.raise_flag(
        ctx, athlete.id, "low_resting_spo2", value=87, note="felt dizzy", source="sensor"
    )
    health.clear_flag(ctx, athlete.id, flag_id, "the pulse oximeter was faulty")
    entries = (
        ctx.session.execute(select(AuditEntry).where(AuditEntry.entity == "health_flag"))
        .scalars()
        .all()
    )
    assert [(e.action, e.entity_id, e.athlete_id) for e in entries] == [
        ("raise", str(flag_id), athlete.id),
        ("clear", str(flag_id), athlete.id),
    ]
    text = json.dumps([e.detail for e in entries])
    for secret in ("spo2", "87", "dizzy", "low_resting", "oximeter"):
        assert secret not in text


def test_a_profile_without_birth_date_has_an_unknown_age(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx, birth_date=None, experience_level="beginner", equipment=[])
    profile = health.safety_profile(ctx, athlete.id)
    assert profile.age_years is None
    assert profile.level == "beginner"
    assert profile.equipment == frozenset()
    assert profile.open_flags == ()


def test_flags_are_scoped_to_the_athlete(ctx: ServiceContext) -> None:
    a, b = make_athlete(ctx), make_athlete(ctx)
    flag_a = health.raise_flag(ctx, a.id, "rhythm_alert", source="sensor")
    as_b = as_subject(ctx, subject_of(ctx, b))

    # Another athlete: every operation on A is not found, and nothing changes.
    for call in (
        lambda c: health.raise_flag(c, a.id, "fainting"),
        lambda c: health.clear_flag(c, a.id, flag_a, "seen by my GP, cleared to train"),
        lambda c: health.open_flags(c, a.id),
        lambda c: health.list_flags(c, a.id, include_cleared=True),
        lambda c: health.safety_profile(c, a.id),
        lambda c: health.escalation_for(c, a.id),
    ):
        with pytest.raises(NotFound, match=f"athlete {a.id} not found"):
            call(as_b)
    # ... and A's flag id under B's own athlete id is not B's flag.
    with pytest.raises(NotFound, match=f"flag {flag_a} not found"):
        health.clear_flag(as_b, b.id, flag_a, "seen by my GP, cleared to train")
    assert ctx.session.execute(select(HealthFlag.cleared_at)).scalars().all() == [None]
    assert health.open_flags(as_b, b.id) == []

    # The athlete themself raises and clears their own flags.
    as_a = as_subject(ctx, subject_of(ctx, a))
    own = health.raise_flag(as_a, a.id, "palpitations_dizziness")
    health.clear_flag(as_a, a.id, own, "seen by my GP, cleared to train")
    assert [f.id for f in health.open_flags(as_a, a.id)] == [flag_a]


def test_a_linked_coach_may_raise_read_and_resolve_with_a_reason(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    other = make_athlete(ctx)
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(ctx, coach_id, athlete.id)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))

    flag_id = health.raise_flag(coach, athlete.id, "acute_injury", source="coach")
    assert [f.id for f in health.open_flags(coach, athlete.id)] == [flag_id]
    other_flag = health.raise_flag(ctx, other.id, "fainting")
    # Not the coach's athlete: not found, and nothing changes.
    with pytest.raises(NotFound):
        health.open_flags(coach, other.id)
    with pytest.raises(NotFound):
        health.clear_flag(coach, other.id, other_flag, "physio says fine")
    assert health.open_flags(ctx, other.id)[0].open

    # A reason is required, and bounded.
    for bad in ("", "  ", "ok"):
        with pytest.raises(InvalidInput, match="say why"):
            health.clear_flag(coach, athlete.id, flag_id, bad)
    with pytest.raises(InvalidInput, match="at most 500"):
        health.clear_flag(coach, athlete.id, flag_id, "x" * 501)
    assert health.open_flags(ctx, athlete.id)[0].open

    resolved = health.clear_flag(coach, athlete.id, flag_id, "  physio   assessed the ankle ")
    assert (resolved.resolved_by_account_id, resolved.resolution_note) == (
        coach_id,
        "physio assessed the ankle",
    )
    assert health.open_flags(ctx, athlete.id) == []
    [stored] = health.list_flags(ctx, athlete.id, include_cleared=True)
    assert stored.resolution_note == "physio assessed the ankle"
    audit = ctx.session.execute(
        select(AuditEntry).where(AuditEntry.action == "clear", AuditEntry.entity == "health_flag")
    ).scalar_one()
    assert (audit.actor_account_id, audit.detail) == (coach_id, {"by_role": "coach"})


def _plan(athlete_id: int) -> Plan:
    item = {
        "kind": "strength",
        "exercise": "romanian-deadlift",
        "sets": 3,
        "rep_min": 8,
        "rep_max": 10,
        "target_rir": 2,
        "load": {"kind": "kg", "value": 60},
        "rest_s": 120,
    }
    return Plan.model_validate(
        {
            "athlete_id": athlete_id,
            "goal": "strength",
            "level": "intermediate",
            "split": "full_body",
            "days_per_week": 1,
            "session_minutes": 45,
            "equipment": ["barbell"],
            "schedule": [0],
            "start": "2026-11-23",
            "seed": 1,
            "created_at": "2026-11-20T12:00:00Z",
            "weeks": [
                {
                    "index": 1,
                    "sessions": [
                        {
                            "key": "w1s1",
                            "name": "A",
                            "focus": "hinge",
                            "warmup": {"duration_s": 300},
                            "items": [item],
                            "estimated_minutes": 45,
                        }
                    ],
                }
            ],
        }
    )


# --- command line --------------------------------------------------------------------------------

runner = CliRunner()


def cli(*args: str, code: int = 0, stdin: str | None = None) -> Result:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == code, (args, result.stdout, result.stderr, result.exception)
    return result


def test_the_health_commands(cli_db: Path) -> None:
    created = json.loads(
        cli("athlete", "create", "--name", "Ana", "--email", "ana@example.org", "--json").stdout
    )
    a = str(created["id"])

    raised = cli("health", "flag", "-a", "ana@example.org", "--kind", "chest_pain").stdout
    assert "flag 1 raised" in raised
    assert "Please stop training" in raised
    assert "emergency number" in raised
    spo2 = json.loads(
        cli(
            "health", "flag", "-a", a, "--kind", "low_resting_spo2", "--value", "88",
            "--source", "sensor", "--note", "watch [night]", "--json",
        ).stdout
    )  # fmt: skip
    assert spo2["id"] == 2
    assert "SpO2" in spo2["escalation"]

    refused = cli("health", "flag", "-a", a, "--kind", "low_resting_spo2", "--value", "93", code=2)
    assert refused.stderr.strip().startswith("error: a low_resting_spo2 flag needs a reading")
    assert len(refused.stderr.strip().splitlines()) == 1

    listed = json.loads(cli("health", "list", "-a", a, "--json").stdout)
    assert [(f["id"], f["kind"], f["value"]) for f in listed] == [
        (1, "chest_pain", None),
        (2, "low_resting_spo2", 88),
    ]
    table = cli("health", "list", "-a", a).stdout
    assert "Chest pain" in table
    assert "[night]" in table  # notes are text, not markup

    # Clearing asks first; "no" keeps the flag open.
    reason = ("--reason", "seen by my GP, cleared to train")
    aborted = cli("health", "clear", "-a", a, "--id", "1", *reason, code=1, stdin="n\n")
    assert "cleared athlete" in aborted.stdout
    assert len(json.loads(cli("health", "list", "-a", a, "--json").stdout)) == 2
    no_reason = cli("health", "clear", "-a", a, "--id", "1", "--yes", "--reason", " ", code=2)
    assert "say why" in no_reason.stderr
    cleared = cli("health", "clear", "-a", a, "--id", "1", *reason, stdin="y\n").stdout
    assert "flag 1 resolved" in cleared
    assert "1 flag(s) still open" in cleared
    assert (
        "flag 2 resolved" in cli("health", "clear", "-a", a, "--id", "2", "--yes", *reason).stdout
    )
    assert "no open flags" in cli("health", "list", "-a", a).stdout
    every = json.loads(cli("health", "list", "-a", a, "--all", "--json").stdout)
    assert [f["resolution_note"] for f in every] == [reason[1], reason[1]]

    again = cli("health", "clear", "-a", a, "--id", "2", "--yes", *reason, code=2)
    assert "already resolved" in again.stderr
    missing = cli("health", "list", "-a", "999", code=2)
    assert "athlete 999 not found" in missing.stderr
