"""Storing a batch: users first, consent checked, devices registered, records written in one
unit of work, and a batch the database refuses split so that only the culprit is dead-lettered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from pydantic import ValidationError

from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import FitcoachError
from fitcoach.core.logging import get_logger
from fitcoach.ingest.bus import Message
from fitcoach.ingest.producers import WEARABLE_KINDS as KINDS
from fitcoach.ingest.producers import WearableStreams
from fitcoach.services import athletes, consent
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log import MODELS
from fitcoach.services.wearables.counts import BatchOutcome, DeadLetter
from fitcoach.services.wearables.messages import (
    DeviceMsg,
    EventMsg,
    InvalidRecord,
    StreamMsg,
    UserMsg,
    parse_message,
    validation_reason,
)
from fitcoach.services.wearables.records import RECORD_KINDS, athlete_for_user, record_row
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import wearables as repo

log = get_logger(__name__)

DEFAULT_GROUP = "wearables"


def _write_batch(
    ctx: ServiceContext,
    streams: WearableStreams,
    messages: Sequence[Message],
    devices: dict[str, str],
    *,
    unknown_waits: bool,
) -> BatchOutcome:
    """Validate and store ``messages`` in ``ctx``'s unit of work (the caller commits).

    Users come first, so that records of a user created in the same batch find them. A record
    of a user that has no athlete yet waits when ``unknown_waits`` (it is handed back), and is
    dead-lettered otherwise.
    """
    out = BatchOutcome()
    parsed: list[tuple[Message, str, StreamMsg]] = []
    for m in messages:
        kind = streams.kind_of(m.stream)
        try:
            parsed.append((m, kind, parse_message(kind, m.payload)))
        except InvalidRecord as exc:
            out.dead.append(DeadLetter(m.stream, m.id, exc.reason, m.payload))
    parsed.sort(key=lambda item: KINDS.index(item[1]))
    known = repo.athletes_for_users(ctx.session, {msg.user for _, _, msg in parsed})
    # Registrations of the devices announced here, and models of unseen devices of activities.
    device_ids = {msg.device_id for _, _, msg in parsed if isinstance(msg, DeviceMsg)}
    device_ids |= {
        msg.device_id for _, _, msg in parsed if isinstance(msg, EventMsg) and msg.device_id
    } - set(devices)
    registered = repo.registered_devices(ctx.session, device_ids)
    devices.update({d: model for d, (_, model) in registered.items()})
    today = ctx.clock.now().date()
    scopes: dict[int, AthleteScope] = {}
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}  # kind → (athlete, row)
    granted: set[int] | None = None  # sensor_data consent, read once (after the users)

    for m, kind, msg in parsed:
        if isinstance(msg, UserMsg):
            if msg.user in known:
                out.counts[kind].duplicates += 1
            else:
                try:
                    spec = athlete_for_user(msg, today)
                except ValidationError as exc:
                    out.dead.append(DeadLetter(m.stream, m.id, validation_reason(exc), m.payload))
                    continue
                try:
                    known[msg.user] = athletes.create_athlete(ctx, spec).id
                except FitcoachError as exc:  # e.g. the e-mail belongs to a staff account
                    out.dead.append(DeadLetter(m.stream, m.id, exc.message, m.payload))
                    continue
                out.counts[kind].stored += 1
            out.done.append(m)
            continue
        if granted is None:
            # The records' athletes (the users of this batch created above): their scopes and
            # consent in two queries for the batch, through the consent service.
            athletes_of = {a for _, _, r in parsed if (a := known.get(r.user)) is not None}
            granted = consent.granted_athletes(
                ctx, ctx.scopes(athletes_of).values(), ConsentPurpose.sensor_data
            )
        athlete_id = known.get(msg.user)
        if athlete_id is None:
            if unknown_waits:
                out.waiting.append(m)
            else:
                reason = (
                    f"user_id: unknown user {msg.user}; no profile for them arrived on "
                    f"{streams.name('users')}"
                )
                out.dead.append(DeadLetter(m.stream, m.id, reason, m.payload))
            continue
        if athlete_id not in granted:
            # Neither stored nor registered, and not dead-lettered: a dead letter would keep
            # the data the athlete refused. The caller acks and deletes the message.
            out.counts[kind].withheld += 1
            out.withheld.append((m, athlete_id))
            continue
        if isinstance(msg, DeviceMsg):
            if registered.get(msg.device_id) == (athlete_id, msg.model):
                out.counts[kind].duplicates += 1
            else:
                ctx.audit(
                    "register",
                    repo.DEVICE_ENTITY,
                    msg.device_id,
                    athlete_id=athlete_id,
                    detail={"model": msg.model},
                )
                registered[msg.device_id] = (athlete_id, msg.model)
                out.counts[kind].stored += 1
            devices[msg.device_id] = msg.model
            out.done.append(m)
            continue
        try:
            row = record_row(ctx, kind, msg, devices)
        except InvalidRecord as exc:
            out.dead.append(DeadLetter(m.stream, m.id, exc.reason, m.payload))
            continue
        rows.setdefault(kind, []).append((athlete_id, row))
        out.done.append(m)
    for athlete_id in {a for rows_of in rows.values() for a, _ in rows_of}:
        scopes[athlete_id] = ctx.scope(athlete_id)
    for kind, batch in rows.items():
        model = MODELS[RECORD_KINDS[kind]]
        inserted = repo.insert_for_athletes(
            ctx.session, scopes, model, [{**row, "athlete_id": a} for a, row in batch]
        )
        out.counts[kind].stored += inserted
        out.counts[kind].duplicates += len(batch) - inserted
    for d in out.dead:
        out.counts[streams.kind_of(d.stream)].dead_lettered += 1
    if any(c.stored for c in out.counts.values()):
        ctx.audit(
            "ingest",
            "wearables",
            detail={k: c.stored for k, c in out.counts.items() if c.stored},
        )
    return out


ContextFactory = Callable[[], AbstractContextManager[ServiceContext]]
"""Opens one unit of work and yields its service context; commits when the block succeeds."""


def _refused(exc: BaseException) -> bool:
    """Whether the database refused the data (a constraint, a value it cannot hold), as
    opposed to being unreachable. Raw driver errors (the bulk path talks to the driver) count
    as well as SQLAlchemy's wrappers; the class names are the DB-API's own."""
    names = {c.__name__ for c in type(exc).__mro__}
    return bool(names & {"IntegrityError", "DataError"})


def store_batch(
    ctx_factory: ContextFactory,
    streams: WearableStreams,
    messages: Sequence[Message],
    devices: dict[str, str],
    *,
    unknown_waits: bool,
) -> BatchOutcome:
    """Store a batch in one unit of work. If the database refuses it (a value the schemas let
    through but a constraint does not), store its messages one by one so that only the culprit
    is dead-lettered. Any other failure propagates with nothing acked (the shared loop retries
    a database error after a pause)."""
    try:
        with ctx_factory() as ctx:
            return _write_batch(ctx, streams, messages, devices, unknown_waits=unknown_waits)
    except Exception as exc:
        if not _refused(exc):
            raise
        cause = getattr(exc, "orig", None) or exc
        first = (str(cause).strip().splitlines() or ["unknown error"])[0]
        if len(messages) == 1:
            m = messages[0]
            out = BatchOutcome()
            reason = f"the database refused it: {first}"
            out.dead.append(DeadLetter(m.stream, m.id, reason, m.payload))
            out.counts[streams.kind_of(m.stream)].dead_lettered += 1
            return out
        log.warning("wearables.batch_refused", messages=len(messages), error=first[:200])
    total = BatchOutcome()
    for m in messages:
        total.merge(store_batch(ctx_factory, streams, [m], devices, unknown_waits=unknown_waits))
    return total
