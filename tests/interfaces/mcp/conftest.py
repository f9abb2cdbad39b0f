"""Two athletes with their own numbers, a plan, and API tokens of every kind for the MCP tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import mcp_types as types
import pytest
from tests.conftest import Database
from tests.factories import make_athlete

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role, TokenScope
from fitcoach.services import accounts, athletes, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.repositories import athletes as athlete_repo

PLAN_START = date(2026, 11, 16)  # Monday; the test clock stands at Friday 2026-11-20 12:00 UTC
DAYS = [date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)]
A_RESTING_HR = [51.0, 53.0, 52.0]
B_RESTING_HR = [77.0, 79.0, 78.0]


@dataclass(frozen=True)
class World:
    """Athlete A (with a plan) and athlete B, and the tokens the tests present."""

    database: Database
    a: int
    b: int
    a_write: str
    a_read: str
    b_write: str
    coach: str  # a coach linked to A alone: still not an athlete's token


def _token(ctx: ServiceContext, email: str, scope: TokenScope) -> str:
    account = athlete_repo.account_by_email(ctx.session, email)
    assert account is not None
    return accounts.create_token(ctx, account.id, scope=scope, name="mcp-test").secret


@pytest.fixture
def world(database: Database, clock: FixedClock) -> World:
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
        a = make_athlete(ctx)
        b = make_athlete(ctx)
        for day, hr_a, hr_b in zip(DAYS, A_RESTING_HR, B_RESTING_HR, strict=True):
            training_log.log_daily(ctx, a.id, {"day": day, "resting_hr": hr_a})
            training_log.log_daily(ctx, b.id, {"day": day, "resting_hr": hr_b})
        plans.generate(ctx, a.id, start=PLAN_START)
        coach_id = athletes.create_staff_account(ctx, "coach-mcp@example.org", "Coach", Role.coach)
        athletes.link_coach(ctx, coach_id, a.id)
        coach = accounts.create_token(ctx, coach_id, scope=TokenScope.write, name="coach").secret
        return World(
            database=database,
            a=a.id,
            b=b.id,
            a_write=_token(ctx, a.email, TokenScope.write),
            a_read=_token(ctx, a.email, TokenScope.read),
            b_write=_token(ctx, b.email, TokenScope.write),
            coach=coach,
        )


def payload(result: types.CallToolResult) -> dict[str, Any]:
    """The tool result's JSON, checked to be the same in text and structured content."""
    assert isinstance(result.structured_content, dict)
    if not result.is_error:
        first = result.content[0]
        assert isinstance(first, types.TextContent)
        assert json.loads(first.text) == result.structured_content
    return result.structured_content


def text_of(result: types.CallToolResult) -> str:
    first = result.content[0]
    assert isinstance(first, types.TextContent)
    return first.text


def workouts_of(database: Database, athlete_id: int) -> list[dict[str, Any]]:
    """The athlete's workouts as stored, read back in a fresh transaction."""
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        return training_log.history(
            ctx, athlete_id, "workouts", DAYS[0] - timedelta(days=30), DAYS[-1] + timedelta(days=30)
        )


def plan_version(database: Database, athlete_id: int) -> int:
    """The version of the plan in force."""
    with unit_of_work(database.factory) as session:
        ctx = ServiceContext(session=session, subject=Subject.system())
        return plans.current(ctx, athlete_id).version
