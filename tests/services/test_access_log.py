"""The access log: reads of an athlete's data by anyone but the athlete are audited."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from tests.factories import as_subject, make_athlete, subject_of
from typer.testing import CliRunner

from fitcoach.cli import app as cli_app
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.services import access_log, athletes, health, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.models import AuditEntry


def _staff(ctx: ServiceContext, email: str, role: Role, *linked: int) -> Subject:
    account = athletes.create_staff_account(ctx, email, email.split("@")[0], role)
    for athlete_id in linked:
        athletes.link_coach(ctx, account, athlete_id)
    return Subject(account_id=account, role=role)


def _accesses(ctx: ServiceContext) -> list[tuple[int | None, int | None, str, Any]]:
    ctx.session.commit()  # the unit of work's end writes the accesses noted in it
    rows = ctx.session.execute(
        select(AuditEntry).where(AuditEntry.action == "access").order_by(AuditEntry.id)
    ).scalars()
    return [(r.actor_account_id, r.athlete_id, r.entity, r.detail) for r in rows]


def test_a_coach_reading_is_recorded_once_per_kind_and_minute(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    plans.generate(ctx, a.id)
    coach = _staff(ctx, "coach@example.org", Role.coach, a.id)
    assert _accesses(ctx) == []  # the operator's test context is not recorded

    as_coach = as_subject(ctx, coach)
    for _ in range(10):  # one dashboard page, many reads of the same kinds
        plans.current(as_coach, a.id)
        health.open_flags(as_coach, a.id)
    assert _accesses(ctx) == [
        (coach.account_id, a.id, "plans", {"role": "coach"}),
        (coach.account_id, a.id, "health", {"role": "coach"}),
    ]
    # Another context (another request) in the same minute adds nothing; the next minute does.
    plans.current(as_subject(ctx, coach), a.id)
    assert len(_accesses(ctx)) == 2
    ctx.clock.set(ctx.clock.now() + timedelta(minutes=1))  # type: ignore[attr-defined]
    plans.current(as_subject(ctx, coach), a.id)
    assert _accesses(ctx)[2][2] == "plans"
    assert len(_accesses(ctx)) > 2


def test_the_athlete_own_reads_are_not_recorded(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    plans.generate(ctx, a.id)
    own = as_subject(ctx, subject_of(ctx, a))
    plans.current(own, a.id)
    training_log.history(own, a.id, "workouts")
    assert _accesses(ctx) == []


def test_no_health_details_and_refused_reads_are_not_recorded(ctx: ServiceContext) -> None:
    a, b = make_athlete(ctx), make_athlete(ctx)
    health.raise_flag(ctx, a.id, "chest_pain", note="sharp, left side")
    coach = as_subject(ctx, _staff(ctx, "c@example.org", Role.coach, a.id))
    health.open_flags(coach, a.id)
    with pytest.raises(NotFound):
        health.open_flags(coach, b.id)  # not linked: nothing read, nothing recorded
    rows = _accesses(ctx)
    assert [(r[1], r[2]) for r in rows] == [(a.id, "health")]
    assert "chest" not in repr(rows)
    assert "sharp" not in repr(rows)


def test_who_sees_the_log(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    c1 = _staff(ctx, "one@example.org", Role.coach, a.id)
    c2 = _staff(ctx, "two@example.org", Role.coach, a.id)
    admin = _staff(ctx, "admin@example.org", Role.admin)
    for subject in (c1, c2, admin):
        athletes.get_athlete(as_subject(ctx, subject), a.id)
    ctx.session.commit()  # the unit of work ends: its accesses are written

    mine = access_log.access_log(as_subject(ctx, subject_of(ctx, a)), a.id)
    assert {(e.viewer_account_id, e.role, e.kind) for e in mine} == {
        (c1.account_id, "coach", "profile"),
        (c2.account_id, "coach", "profile"),
        (admin.account_id, "admin", "profile"),
    }
    assert {e.viewer_name for e in mine} == {"one", "two", "admin"}
    # An admin sees every entry; their reading of the log is itself an entry.
    by_admin = access_log.access_log(as_subject(ctx, admin), a.id)
    assert len(by_admin) == 3
    ctx.session.commit()
    by_admin = access_log.access_log(as_subject(ctx, admin), a.id)
    assert {(e.viewer_account_id, e.kind) for e in by_admin} >= {(admin.account_id, "access_log")}
    assert len(by_admin) == 4
    # A coach sees only their own entries.
    by_c1 = access_log.access_log(as_subject(ctx, c1), a.id)
    assert [(e.viewer_account_id, e.kind) for e in by_c1] == [(c1.account_id, "profile")]
    # Another athlete may not read it; a bad page is refused.
    b = make_athlete(ctx)
    with pytest.raises(NotFound):
        access_log.access_log(as_subject(ctx, subject_of(ctx, b)), a.id)
    with pytest.raises(InvalidInput):
        access_log.access_log(as_subject(ctx, admin), a.id, limit=0)


def test_the_operator_at_the_command_line_is_recorded(cli_db: Any) -> None:
    runner = CliRunner()
    made = runner.invoke(
        cli_app, ["athlete", "create", "--name", "Ana", "--email", "ana@example.org"]
    )
    assert made.exit_code == 0, made.output
    shown = runner.invoke(cli_app, ["athlete", "show", "-a", "ana@example.org"])
    assert shown.exit_code == 0, shown.output
    log = runner.invoke(cli_app, ["athlete", "access-log", "-a", "ana@example.org", "--json"])
    assert log.exit_code == 0, log.output
    entries = json.loads(log.output)
    assert [(e["kind"], e["role"], e["viewer_account_id"]) for e in entries] == [
        ("profile", "operator", None)
    ]
    # That reading of the log was written when its command ended: the next one lists it.
    table = runner.invoke(cli_app, ["athlete", "access-log", "-a", "ana@example.org"])
    assert "access_log" in table.output
    assert "operator" in table.output
    assert "profile" in table.output


def test_a_rolled_back_unit_of_work_leaves_no_entry(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    coach = _staff(ctx, "r@example.org", Role.coach, a.id)
    ctx.session.commit()
    athletes.get_athlete(as_subject(ctx, coach), a.id)
    ctx.session.rollback()  # the operation failed: nothing of it is written
    assert _accesses(ctx) == []
    athletes.get_athlete(as_subject(ctx, coach), a.id)
    assert _accesses(ctx) == [(coach.account_id, a.id, "profile", {"role": "coach"})]
