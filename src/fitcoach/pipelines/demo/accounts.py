"""The demo's accounts: the athlete the abnormal sensor scenarios stream for, and the sign-ins
(athlete, coach, admin) that make the demo explorable in the browser."""

from __future__ import annotations

from dataclasses import dataclass

from fitcoach.coach.schemas import AthleteCreate
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, NotFound
from fitcoach.services import accounts, athletes, plans
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import Account

# The athlete the abnormal sensor scenarios (a desaturation, premature beats) stream for with
# `fitcoach serve --simulate --abnormal`: their red flags never pause the demo athlete.
ALERTS_EMAIL = "demo-alerts@fitcoach.local"

DEMO_COACH_EMAIL = "coach@fitcoach.local"
DEMO_ADMIN_EMAIL = "admin@fitcoach.local"


def athlete_by_email(ctx: ServiceContext, email: str) -> int | None:
    """The id of the athlete with this e-mail, or None when no account has it; a staff account
    with it is a ``Conflict`` (the demo never turns a coach or admin into an athlete)."""
    if _account(ctx, email) is None:
        return None
    athlete = accounts.athlete_by_email(ctx, email)
    if athlete is None:
        raise Conflict(f"{email} belongs to a coach or admin account, not an athlete")
    return athlete


def _account(ctx: ServiceContext, email: str) -> Account | None:
    """The account with this e-mail, if any (the demo runs as the operator, an admin)."""
    try:
        return accounts.account_for(ctx, email)
    except NotFound:
        return None


def alerts_athlete(ctx: ServiceContext) -> int:
    """The separate demo athlete the abnormal sensor scenarios stream for (created without
    history when missing), so that their red flags never pause the demo athlete."""
    existing = athlete_by_email(ctx, ALERTS_EMAIL)
    if existing is not None:
        return existing
    created = athletes.create_athlete(
        ctx, AthleteCreate(name="Demo sensor alerts", email=ALERTS_EMAIL)
    )
    return created.id


@dataclass(frozen=True)
class DemoSignIn:
    """An account of the demo to sign in to the dashboard with."""

    role: str
    email: str
    password_set: bool  # False: it already had a password, which was kept


def prepare_demo_sign_ins(ctx: ServiceContext, athlete_id: int, password: str) -> list[DemoSignIn]:
    """Make the demo explorable in the browser: a password for the demo athlete, a coach linked
    to them and an admin (created when missing), and a plan in force.

    An account that already has a password keeps it: running the demo again never resets a
    password someone chose.
    """
    athlete = athletes.get_athlete(ctx, athlete_id)
    out = []
    for role, email in (
        (Role.athlete, athlete.email),
        (Role.coach, DEMO_COACH_EMAIL),
        (Role.admin, DEMO_ADMIN_EMAIL),
    ):
        account = _account(ctx, email)
        if account is None:
            name = "Demo coach" if role == Role.coach else "Demo admin"
            account_id = athletes.create_staff_account(ctx, email, name, role)
        elif account.role != role:
            raise Conflict(f"{email} exists with the role {account.role}, not {role.value}")
        else:
            account_id = account.id
        if role == Role.coach:
            athletes.link_coach(ctx, account_id, athlete_id)
        stored = _account(ctx, email)
        fresh = stored is not None and stored.password_hash is None
        if fresh:
            accounts.set_password(ctx, account_id, password)
        out.append(DemoSignIn(role.value, email, fresh))
    if not plans.versions(ctx, athlete_id, "active"):
        plans.generate(ctx, athlete_id)
    return out
