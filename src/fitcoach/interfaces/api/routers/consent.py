"""Consent per purpose: read (the athlete, a linked coach, an admin) and change (the athlete)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from fitcoach.core.domain import ConsentPurpose
from fitcoach.interfaces.api.deps import ApiRoute, AthleteId, ContextDep, WriteDep
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import error_responses
from fitcoach.services import consent

ERRORS = error_responses(401, 403, 404, 422)

router = IndexedRouter(prefix="/athletes", tags=["consent"], route_class=ApiRoute, responses=ERRORS)


class ConsentStateOut(BaseModel):
    """One purpose now; ``at`` and ``version`` are null when it was never decided."""

    purpose: ConsentPurpose
    granted: bool
    at: datetime | None
    version: str | None
    source: str | None
    text: str = Field(description="The sentence of the current consent text for this purpose.")


class ConsentEventOut(BaseModel):
    """One decision of the history."""

    purpose: ConsentPurpose
    granted: bool
    at: datetime
    version: str
    source: str


class ConsentsOut(BaseModel):
    """Every purpose's state, the current text version, and the history (oldest first)."""

    athlete_id: int
    text_version: str
    consents: list[ConsentStateOut]
    history: list[ConsentEventOut]


class ConsentsIn(BaseModel):
    """Decisions to record: purpose → granted (true) or withdrawn (false)."""

    model_config = {"extra": "forbid"}

    consents: dict[ConsentPurpose, bool] = Field(min_length=1)


def _out(ctx: ContextDep, athlete_id: int) -> ConsentsOut:
    return ConsentsOut(
        athlete_id=athlete_id,
        text_version=consent.consent_text().version,
        consents=[
            ConsentStateOut(
                purpose=s.purpose,
                granted=s.granted,
                at=s.at,
                version=s.version,
                source=s.source,
                text=s.text,
            )
            for s in consent.current(ctx, athlete_id)
        ],
        history=[
            ConsentEventOut(
                purpose=e.purpose, granted=e.granted, at=e.at, version=e.version, source=e.source
            )
            for e in consent.history(ctx, athlete_id)
        ],
    )


@router.get("/{athlete_id}/consents", response_model=ConsentsOut)
def get_consents(athlete_id: AthleteId, ctx: ContextDep) -> ConsentsOut:
    """The athlete's consent per purpose and its history (the athlete, a coach they share
    with, or an admin)."""
    return _out(ctx, athlete_id)


@router.put(
    "/{athlete_id}/consents",
    response_model=ConsentsOut,
    responses=error_responses(401, 403, 404, 422),
)
def put_consents(
    athlete_id: AthleteId, body: ConsentsIn, ctx: ContextDep, _write: WriteDep
) -> ConsentsOut:
    """Grant (true) or withdraw (false) purposes; only the athlete themself may (403 for a
    coach or an admin). Each change is a new row with the time and the consent text version."""
    consent.set_many(ctx, athlete_id, {p.value: v for p, v in body.consents.items()})
    return _out(ctx, athlete_id)
