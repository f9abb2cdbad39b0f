"""Red flags and the athlete's safety profile.

A red flag (chest pain, fainting, severe breathlessness, a resting SpO2 below 90 %, an
irregular-rhythm alert, palpitations with dizziness, an acute injury, signs of a clot in the
leg or of cauda equina, a very low food intake, thoughts of self-harm) stops all training
advice until it is resolved (Riebe et al. 2015, ACSM pre-participation screening). The kinds,
their messages and the SpO2 threshold are data in ``coach/rules/safety.yaml``.

Every channel opens flags the same way: the athlete or their coach (``raise_flag``), a sensor
alert (the vitals worker, ``open_sensor_flags``), and what the athlete writes in chat, Telegram
or through MCP (``raise_reported``). The last two open one flag per kind, not a new one for
every alert or message while one of that kind is open (``open_unless_open``, batch-shaped).
Every opening is audited. Resolving a flag needs a stated reason; the resolver and the reason
are stored and the act is audited (without health details). fitcoach is not a medical device:
a flag records what was reported; it diagnoses nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from fitcoach.coach.rules.safety import SafetyLimits, safety_limits
from fitcoach.coach.safety import SafetyProfile, escalation_message, flag_label
from fitcoach.core.bounds import age_years
from fitcoach.core.clock import today
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, TrainingPaused
from fitcoach.services.athletes import get_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import vocabulary_value
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import HealthFlag
from fitcoach.storage.repositories import health as repo

NOTE_MAX = 500
REASON_MIN = 3  # "ok" says nothing; "seen by GP" does
REASON_MAX = 500


class FlagOut(BaseModel):
    """A stored red flag."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    athlete_id: int
    kind: str
    label: str
    source: str
    value: float | None
    note: str
    raised_at: datetime
    cleared_at: datetime | None
    resolved_by_account_id: int | None = None
    resolution_note: str = ""

    @property
    def open(self) -> bool:
        """Whether the flag still stops training advice."""
        return self.cleared_at is None


def _out(flag: HealthFlag, limits: SafetyLimits) -> FlagOut:
    return FlagOut(
        id=flag.id,
        athlete_id=flag.athlete_id,
        kind=flag.kind,
        label=flag_label(flag.kind, limits),
        source=flag.source,
        value=flag.value,
        note=flag.note,
        raised_at=flag.raised_at,
        cleared_at=flag.cleared_at,
        resolved_by_account_id=flag.resolved_by_account_id,
        resolution_note=flag.resolution_note or "",
    )


def _checked_value(kind: str, value: float | None, limits: SafetyLimits) -> float | None:
    rule = limits.red_flags[kind].value
    if rule is None:
        if value is not None:
            raise InvalidInput(f"a {kind} flag takes no value")
        return None
    if value is None:
        raise InvalidInput(f"a {kind} flag needs the reading ({rule.unit})")
    if value >= rule.below:
        raise InvalidInput(
            f"a {kind} flag needs a reading below {rule.below:g} {rule.unit}, got "
            f"{value:g} {rule.unit}: a reading of {rule.below:g} {rule.unit} or more is not "
            "this red flag"
        )
    if value <= rule.above:
        raise InvalidInput(
            f"a {kind} reading must be above {rule.above:g} {rule.unit}, got {value:g}"
        )
    return value


def raise_flag(
    ctx: ServiceContext,
    athlete_id: int,
    kind: str,
    *,
    source: str = "athlete",
    value: float | None = None,
    note: str = "",
) -> int:
    """Record a red flag for the athlete; returns its id. While it is open every plan is
    blocked and the athlete is pointed to a professional (``escalation_message``).

    ``kind`` is one of the red-flag kinds in ``safety.yaml`` (spaces and hyphens allowed);
    a ``low_resting_spo2`` flag needs its reading, below 90 %.
    """
    scope = ctx.scope(athlete_id)
    limits = safety_limits()
    kind = vocabulary_value(kind, tuple(limits.red_flags), "red flag kind")
    source = vocabulary_value(source, limits.flag_sources, "flag source")
    checked = _checked_value(kind, value, limits)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(f"note is {len(note)} characters; at most {NOTE_MAX}")
    flag = repo.add(
        ctx.session,
        scope,
        HealthFlag(
            kind=kind,
            source=source,
            value=checked,
            note=note,
            raised_at=ctx.clock.now(),
            cleared_at=None,
        ),
    )
    # No kind, value or note in the audit trail: they are health data.
    ctx.audit("raise", "health_flag", flag.id, athlete_id=athlete_id, detail={"source": source})
    return flag.id


@dataclass(frozen=True)
class FlagOpening:
    """A flag to open for ``athlete_id`` unless one of its ``kind`` is open already (the
    value and note already checked by the caller; ``raised_at`` None: now)."""

    athlete_id: int
    kind: str
    value: float | None = None
    note: str = ""
    raised_at: datetime | None = None


def open_unless_open(
    ctx: ServiceContext, openings: Sequence[FlagOpening], *, source: str
) -> list[HealthFlag]:
    """Open each flag of ``openings`` unless one of its kind is open for its athlete (open
    already, or opened earlier in ``openings``); returns the new flags, in order.

    The one implementation of "one flag per kind while it is open", for every channel that
    opens flags without a person choosing to (what the athlete writes, a sensor alert). A
    fixed number of statements however many athletes ``openings`` holds: their scopes, their
    open kinds, one insert. An athlete the subject may not see is ``NotFound``. Each opening
    is audited, without kind, value or note (health data)."""
    if not openings:
        return []
    ids = {o.athlete_id for o in openings}
    scopes = ctx.scopes(ids)
    for athlete_id in ids:
        if athlete_id not in scopes:
            raise NotFound(f"athlete {athlete_id} not found")
    already = repo.open_kinds_many(ctx.session, scopes.values())
    now = ctx.clock.now()
    new: list[tuple[AthleteScope, HealthFlag]] = []
    for o in openings:
        if o.kind in already[o.athlete_id]:
            continue
        already[o.athlete_id].add(o.kind)
        flag = HealthFlag(
            kind=o.kind,
            source=source,
            value=o.value,
            note=o.note.strip()[:NOTE_MAX],
            raised_at=now if o.raised_at is None else o.raised_at,
            cleared_at=None,
        )
        new.append((scopes[o.athlete_id], flag))
    flags = repo.add_many(ctx.session, new)
    for athlete_id in dict.fromkeys(flag.athlete_id for flag in flags):
        ctx.scope(athlete_id)  # held: no query; notes the access where one is recorded
    for flag in flags:
        # No kind, value or note in the audit trail: they are health data.
        ctx.audit(
            "raise", "health_flag", flag.id, athlete_id=flag.athlete_id, detail={"source": source}
        )
    return flags


def raise_reported(
    ctx: ServiceContext,
    athlete_id: int,
    kinds: Sequence[str],
    *,
    value: float | None = None,
    note: str = "",
) -> list[int]:
    """Open a flag for each red-flag kind the athlete reported in words (chat, Telegram, MCP)
    that is not open already; returns the ids of the new flags (empty when all were open).

    A reported ``low_resting_spo2`` keeps ``value`` only when it is a reading below 90 %;
    "my oxygen is dropping" without a figure still opens the flag, with no value. Kinds the
    rule file does not know are skipped (the guardrails and the rules ship together).
    """
    ctx.scope(athlete_id)
    limits = safety_limits()
    openings: list[FlagOpening] = []
    for kind in dict.fromkeys(kinds):
        if kind not in limits.red_flags:
            continue
        rule = limits.red_flags[kind].value
        reading = None
        if rule is not None and value is not None and rule.above < value < rule.below:
            reading = value
        openings.append(FlagOpening(athlete_id, kind, value=reading, note=note))
    return [flag.id for flag in open_unless_open(ctx, openings, source="athlete")]


SENSOR_SOURCE = "sensor"
SENSOR_FLAG_KINDS = {"spo2_low": "low_resting_spo2", "irregular_rhythm": "rhythm_alert"}
"""Sensor alert kind → the red flag it opens (the vitals worker's alerts)."""


def open_sensor_flags(ctx: ServiceContext, openings: Sequence[FlagOpening]) -> list[HealthFlag]:
    """The red flags of a batch of sensor alerts (source ``"sensor"``): each opened unless one
    of its kind is open for the athlete, and audited (``open_unless_open``). Kinds the rule
    file does not know are refused (``InvalidInput``): the sensors' kinds ship with it."""
    limits = safety_limits()
    for o in openings:
        if o.kind not in limits.red_flags:
            raise InvalidInput(f"unknown red flag kind {o.kind!r}")
    return open_unless_open(ctx, openings, source=SENSOR_SOURCE)


def _checked_reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if len(text) < REASON_MIN:
        raise InvalidInput(
            "say why the flag is resolved (for example 'seen by my GP, cleared to train'): "
            f"at least {REASON_MIN} characters"
        )
    if len(text) > REASON_MAX:
        raise InvalidInput(f"reason is {len(text)} characters; at most {REASON_MAX}")
    return text


def clear_flag(ctx: ServiceContext, athlete_id: int, flag_id: int, reason: str) -> FlagOut:
    """Resolve a flag with a stated ``reason`` (after a professional's check, or for a crisis
    flag once the person has support). The athlete themself, a coach linked to them or an
    admin may resolve it; anyone else gets ``NotFound``. The resolver and the reason are stored;
    the audit entry holds neither the kind nor the reason (health data)."""
    scope = ctx.scope(athlete_id)
    text = _checked_reason(reason)
    flag = repo.get(ctx.session, scope, flag_id)
    if flag is None:
        raise NotFound(f"flag {flag_id} not found")
    if flag.cleared_at is not None:
        raise Conflict(f"flag {flag_id} is already resolved")
    flag.cleared_at = ctx.clock.now()
    flag.resolved_by_account_id = ctx.subject.account_id
    flag.resolution_note = text
    ctx.session.flush()
    ctx.audit(
        "clear",
        "health_flag",
        flag.id,
        athlete_id=athlete_id,
        detail={"by_role": ctx.subject.role.value},
    )
    return _out(flag, safety_limits())


def clear_open_flags(ctx: ServiceContext, athlete_id: int, reason: str) -> list[FlagOut]:
    """Resolve every open flag of the athlete with one stated reason (``clear_flag`` each);
    ``Conflict`` when none is open."""
    scope = ctx.scope(athlete_id)
    _checked_reason(reason)
    open_ = repo.flags(ctx.session, scope, open_only=True)
    if not open_:
        raise Conflict("there is no open flag to resolve")
    return [clear_flag(ctx, athlete_id, f.id, reason) for f in open_]


def list_flags(
    ctx: ServiceContext, athlete_id: int, *, include_cleared: bool = False
) -> list[FlagOut]:
    """The athlete's flags, oldest first: the open ones, or all with ``include_cleared``."""
    scope = ctx.scope(athlete_id)
    limits = safety_limits()
    return [_out(f, limits) for f in repo.flags(ctx.session, scope, open_only=not include_cleared)]


def open_flags(ctx: ServiceContext, athlete_id: int) -> list[FlagOut]:
    """The athlete's open flags, oldest first."""
    return list_flags(ctx, athlete_id)


def escalation_for(ctx: ServiceContext, athlete_id: int) -> str | None:
    """The message to show while the athlete has open flags (None when there are none)."""
    kinds = repo.open_kinds(ctx.session, ctx.scope(athlete_id))
    return escalation_message(kinds) if kinds else None


def ensure_can_train(ctx: ServiceContext, athlete_id: int) -> None:
    """``TrainingPaused`` (409, the escalation as its message) while a flag is open: for the
    ways of training that are not a plan view (the guided workout)."""
    escalation = escalation_for(ctx, athlete_id)
    if escalation is not None:
        raise TrainingPaused(escalation, details={"escalation": escalation})


# The profile fields ``safety_profile`` reads: a change to one may make the plan in force unsafe.
SAFETY_FIELDS = frozenset({"birth_date", "experience_level", "equipment", "injuries", "conditions"})


def safety_profile(ctx: ServiceContext, athlete_id: int) -> SafetyProfile:
    """What the safety validator needs to know about the athlete: age, level, equipment,
    injured regions (every severity counts), conditions and open red flags.

    Without a profile the athlete counts as a beginner of unknown age with no equipment.
    """
    athlete = get_athlete(ctx, athlete_id)
    kinds = tuple(repo.open_kinds(ctx.session, ctx.scope(athlete_id)))
    profile = athlete.profile
    if profile is None:
        return SafetyProfile(
            athlete_id=athlete_id,
            age_years=None,
            level="beginner",
            equipment=frozenset(),
            injury_regions=frozenset(),
            conditions=frozenset(),
            open_flags=kinds,
        )
    return SafetyProfile(
        athlete_id=athlete_id,
        age_years=None
        if profile.birth_date is None
        else age_years(profile.birth_date, today(ctx.clock)),
        level=profile.experience_level,
        equipment=frozenset(profile.equipment),
        injury_regions=frozenset(str(i["region"]) for i in profile.injuries if i.get("region")),
        conditions=frozenset(profile.conditions),
        open_flags=kinds,
    )
