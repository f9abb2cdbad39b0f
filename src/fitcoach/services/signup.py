"""Signing up on the web, and what a new athlete needs before their first plan.

``sign_up`` makes an athlete account from the sign-up form: the name, the e-mail, a password
(``accounts.set_password``'s rule and argon2id hash), the birth date (the profile schema's
rule: at least ``MIN_AGE_YEARS``, 16) and the consent choices, one per purpose, recorded as
onboarding decisions under the current text version (``consent.record_onboarding``, as the
bot's onboarding does). The installation's mode decides who may: ``open`` (anyone),
``invite`` (with an invitation code, used up here: ``invitations.redeem``) or ``off``
(nobody; an admin makes the accounts). The interface passes the mode from the settings; this
module reads none.

``needs_onboarding`` says whether an athlete has no plan in force yet: the web sends them
through the first-run steps that end with one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from fitcoach.coach.schemas import AthleteCreate, ProfileFields
from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import Conflict, InvalidInput, PermissionDenied, Problem
from fitcoach.core.units import DEFAULT_UNITS, Units
from fitcoach.services import accounts, athletes, consent, invitations
from fitcoach.services.context import ServiceContext, validation_context
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import plans as plan_repo

Mode = Literal["open", "invite", "off"]
MODES: tuple[Mode, ...] = ("open", "invite", "off")
NAME_MAX = 120


@dataclass(frozen=True)
class SignUpForm:
    """What the sign-up form sends (as typed; ``sign_up`` checks it)."""

    name: str
    email: str
    password: str
    repeat: str
    birth_date: str
    consents: frozenset[ConsentPurpose]
    timezone: str = "UTC"
    invite: str = ""
    # The profile's starting unit system (the web reads the browser's language: en-US is
    # imperial); the first-run steps ask at once.
    units: Units = DEFAULT_UNITS


@dataclass(frozen=True)
class SignedUp:
    """A new athlete: their id, account and the invitation used (if any)."""

    athlete_id: int
    account_id: int
    email: str
    invitation_id: int | None
    linked_coach: str | None  # the e-mail of the coach they were linked to


def consents_of(chosen: Iterable[str]) -> frozenset[ConsentPurpose]:
    """The purposes ticked in a form (names it does not know are refused)."""
    return frozenset(consent.purpose_of(name) for name in chosen)


def closed_message(contact: str) -> str:
    """What the sign-up page says when sign-up is off: whom to ask."""
    who = contact.strip() or "the administrator of this installation"
    return f"Sign-up is closed here: accounts are made by an administrator. Ask {who} for one."


def problems(form: SignUpForm, ctx: ServiceContext) -> dict[str, str]:
    """Every problem with the form, by field (empty: it may be stored). The checks are the
    ones storing it makes, run first so that a person sees all of them at once."""
    errors: dict[str, str] = {}
    name = " ".join(form.name.split())
    if not name:
        errors["name"] = "name: tell us what to call you"
    elif len(name) > NAME_MAX:
        errors["name"] = f"name: at most {NAME_MAX} characters"
    try:
        AthleteCreate.model_validate({"name": name or "x", "email": form.email.strip()})
    except ValidationError:
        errors["email"] = "e-mail: write an address like name@example.org"
    if len(form.password) < accounts.MIN_PASSWORD_LENGTH:
        errors["password"] = (
            f"password: at least {accounts.MIN_PASSWORD_LENGTH} characters "
            f"(got {len(form.password)})"
        )
    elif form.password != form.repeat:
        errors["repeat"] = "repeat the password: the two passwords differ"
    if not form.birth_date.strip():
        errors["birth_date"] = (
            "birth date: needed to check you are 16 or over, and for your energy and heart-rate "
            "estimates"
        )
    else:
        try:
            ProfileFields.model_validate(
                {"birth_date": form.birth_date.strip()}, context=validation_context(ctx.clock)
            )
        except ValidationError as exc:
            message = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            errors["birth_date"] = f"birth date: {message}"
    return errors


def sign_up(ctx: ServiceContext, mode: Mode, form: SignUpForm) -> SignedUp:
    """Make the athlete, their account with the password and their consent decisions.

    ``ctx`` is the operator's (nobody is signed in yet). Refuses with ``PermissionDenied``
    when sign-up is off, ``InvalidInput`` naming the field (``.field``; every bad one in
    ``.problems``) for a bad form or invitation code, ``Conflict`` (``.field``: ``email``) when
    the e-mail has an account already. Nothing is stored unless everything is; the caller's
    unit of work commits.
    """
    if mode not in MODES:
        raise InvalidInput(f"sign-up mode: one of {', '.join(MODES)} (got {mode!r})")
    if mode == "off":
        raise PermissionDenied("sign-up is closed on this installation")
    errors = problems(form, ctx)
    if errors:
        field, message = next(iter(errors.items()))
        raise InvalidInput(
            message,
            field=field,
            details={"field": field, "fields": errors},
            problems=[Problem(name, text, text) for name, text in errors.items()],
        )
    email = form.email.strip().lower()
    if athlete_repo.account_by_email(ctx.session, email) is not None:
        raise Conflict(
            "e-mail: an account with this e-mail exists already; sign in instead, or ask the "
            "administrator to set a new password if you forgot it",
            field="email",
            details={"field": "email"},
        )
    invitation = invitations.redeem(ctx, form.invite) if mode == "invite" else None
    created = athletes.create_athlete(
        ctx,
        {
            "name": " ".join(form.name.split()),
            "email": email,
            "timezone": _zone(form.timezone),
            "profile": {"birth_date": form.birth_date.strip(), "units": form.units},
            "consents": sorted(form.consents),
        },
    )
    account = accounts.account_for(ctx, str(created.id))
    accounts.set_password(ctx, account.id, form.password)
    linked = None
    if invitation is not None:
        invitations.record_use(ctx, invitation.id, account.id)
        if (
            invitation.created_by_role == Role.coach
            and invitation.created_by_account_id is not None
            and ConsentPurpose.coach_sharing in form.consents
        ):
            athletes.link_coach(ctx, invitation.created_by_account_id, created.id)
            linked = invitation.created_by
    ctx.audit(
        "sign_up",
        "account",
        account.id,
        athlete_id=created.id,
        detail={"invited": invitation is not None, "linked_coach": linked is not None},
    )
    return SignedUp(
        athlete_id=created.id,
        account_id=account.id,
        email=email,
        invitation_id=invitation.id if invitation else None,
        linked_coach=linked,
    )


def _zone(name: str) -> str:
    """The browser's time zone when it is a known one, else UTC (the field is filled in by
    the page's script, not typed: a wrong one is no reason to refuse a sign-up)."""
    name = name.strip()[:64]
    if not name:
        return "UTC"
    try:
        AthleteCreate.model_validate({"name": "x", "email": "x@example.org", "timezone": name})
    except ValidationError:
        return "UTC"
    return name


def needs_onboarding(ctx: ServiceContext, athlete_id: int) -> bool:
    """Whether the athlete has no plan in force yet (the first-run steps end with one)."""
    return plan_repo.active(ctx.session, ctx.scope(athlete_id)) is None


def default_consents() -> dict[str, bool]:
    """The consent choices the sign-up form starts with: what every onboarding records when
    the person does not choose otherwise (``consent.ONBOARDING_GRANTS``); model training
    never."""
    return {p.value: p in consent.ONBOARDING_GRANTS for p in consent.PURPOSES}
