"""Import: a version 1, 2, 3 or 4 document into an athlete, idempotently and all-or-nothing.

Every section is checked before the first write (values, places, references, the athlete's
consent for sensor data); only then is anything written, in one unit of work that the caller
commits (and rolls back on any later failure). Importing the same document twice adds nothing:
each kind has a stable key (``(source, source_id)``, a day, a plan version, a recording key,
a flag's kind and time, ...) and what is stored already is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from fitcoach.coach import own_exercises as own_drafts
from fitcoach.coach.own_exercises import OwnDraft
from fitcoach.coach.schemas import AthleteCreate, ProfileFields
from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import Conflict, ConsentRequired, InvalidInput, NotFound, PermissionDenied
from fitcoach.services import athletes, own_exercises
from fitcoach.services import consent as consent_service
from fitcoach.services.context import ServiceContext, validation_context
from fitcoach.services.portability import consent as consent_section
from fitcoach.services.portability import conversations, plans, records, sensors
from fitcoach.services.portability import flags as flag_section
from fitcoach.services.portability import measurements as measurement_section
from fitcoach.services.portability.checks import Problems
from fitcoach.services.portability.format import (
    COUNTED_BY_VERSION,
    DOSING_FIELD,
    OWN_EXERCISE_FIELDS,
    OWN_FIELD,
    RECORD_KINDS,
    REQUIRED_PROFILE,
    SENSOR_KINDS,
    ExportDocument,
    ProgressFn,
    top_keys,
)
from fitcoach.services.portability.readers import check_header
from fitcoach.services.portability.report import ImportReport, KindCount
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import athletes as athlete_repo


def _clean_profile(fields: ProfileFields) -> ProfileFields:
    """Only the profile fields the document gives; a null for a field that cannot be empty
    (level, days per week, session length) leaves it as it is."""
    given = fields.model_dump(exclude_unset=True)
    kept = {k: v for k, v in given.items() if v is not None or k not in REQUIRED_PROFILE}
    return ProfileFields.model_validate(kept)


def _target(
    ctx: ServiceContext, spec: AthleteCreate | None, athlete_id: int | None
) -> tuple[AthleteScope | None, AthleteCreate | None]:
    """The athlete to import into (scope), or the athlete to create. Writes nothing."""
    if athlete_id is not None:
        return ctx.scope(athlete_id, kind="export"), None
    if spec is None:
        raise InvalidInput(
            "the document has no athlete section (name, email); give one, or import into an "
            "existing athlete"
        )
    email = spec.email.strip().lower()
    account = athlete_repo.account_by_email(ctx.session, email)
    if account is None:
        if ctx.subject.role == Role.athlete:
            raise PermissionDenied(
                f"athletes cannot create other athletes; the document is for {email}"
            )
        return None, spec
    found = athlete_repo.athlete_for_account(ctx.session, account.id)
    if found is None:
        raise Conflict(
            f"{email} belongs to a coach or admin account; import into an existing "
            "athlete or change the e-mail in the document"
        )
    try:
        return ctx.scope(found.id, kind="export"), None
    except NotFound:
        raise Conflict(
            f"an athlete with e-mail {email} already exists and is not yours to import into; "
            "change the e-mail in the document, or ask that athlete or an admin"
        ) from None


def _check_document(doc: Any) -> int:
    where = doc.name if isinstance(doc, ExportDocument) and doc.name else "the document"
    version = check_header(doc, where)
    allowed = top_keys(version)
    unknown = sorted(set(doc) - set(allowed))
    if unknown:
        raise InvalidInput(
            f"{where}: unknown key(s) {', '.join(unknown)}; a version {version} export has "
            f"{', '.join(allowed)}"
        )
    return version


def _own_exercises(doc: Mapping[str, Any], problems: Problems) -> dict[str, OwnDraft]:
    """The document's own exercises (``athlete.own_exercises``), checked, by the slug its
    sets name them with; each problem is named by its place."""
    section = doc.get("athlete")
    given = section.get(OWN_FIELD) if isinstance(section, dict) else None
    if given is None:
        return {}
    if not isinstance(given, list):
        problems.add(f"athlete.{OWN_FIELD}: must be a list of exercises")
        return {}
    out: dict[str, OwnDraft] = {}
    for index, item in enumerate(given):
        where = f"athlete.{OWN_FIELD}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("slug"), str):
            problems.add(f"{where}: must be an exercise with its slug, name and kind")
            continue
        unknown = set(item) - set(OWN_EXERCISE_FIELDS)
        if unknown:
            problems.add(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
            continue
        try:
            out[item["slug"]] = own_drafts.checked(
                name=str(item.get("name") or ""),
                category=str(item.get("category") or "strength"),
                movement_pattern=str(item.get("movement_pattern") or own_drafts.UNKNOWN),
                equipment=list(item.get("equipment") or []),
                primary_muscles=list(item.get("primary_muscles") or []),
                secondary_muscles=list(item.get("secondary_muscles") or []),
                mechanics=str(item.get("mechanics") or "compound"),
            )
        except InvalidInput as exc:
            problems.add(f"{where}: {exc.message}")
    return out


def _write_own(
    ctx: ServiceContext, scope: AthleteScope, drafts: Mapping[str, OwnDraft]
) -> tuple[dict[str, int], dict[str, str]]:
    """The document's own exercises made the athlete's (one of the same name is reused):
    the document's slug → the exercise id here, and → its slug here (plans name it so)."""
    ids: dict[str, int] = {}
    slugs: dict[str, str] = {}
    for slug, draft in drafts.items():
        kept = own_exercises.kept(ctx, scope.athlete_id, draft)
        slugs[slug] = kept["slug"]
        row = own_exercises.own_row(ctx, scope.athlete_id, kept["slug"])
        ids[slug] = row.id
    return ids, slugs


def _own_slugs_now(
    ctx: ServiceContext, scope: AthleteScope | None, drafts: Mapping[str, OwnDraft]
) -> dict[str, str]:
    """The document's own exercises' slugs → the athlete's own exercise of the same name,
    where they have one already (what ``_write_own`` will reuse)."""
    if scope is None:
        return {}
    out: dict[str, str] = {}
    for slug, draft in drafts.items():
        found = own_exercises.named(ctx, scope.athlete_id, draft.name)
        if found is not None:
            out[slug] = found["slug"]
    return out


def _athlete_spec(
    ctx: ServiceContext, doc: Mapping[str, Any], version: int
) -> tuple[AthleteCreate | None, bool | None]:
    """The athlete section as the athlete to create, and (version 3) their choice about the
    dosing agent (None: not given)."""
    section = doc.get("athlete")
    if section is None:
        return None, None
    if isinstance(section, dict) and OWN_FIELD in section:  # checked by ``_own_exercises``
        section = {k: v for k, v in section.items() if k != OWN_FIELD}
    dosing = None
    if version < 3 and isinstance(section, dict) and section.get(DOSING_FIELD) is not None:
        raise InvalidInput(
            f"athlete.{DOSING_FIELD}: not part of a version {version} export (since version 3)"
        )
    if isinstance(section, dict) and DOSING_FIELD in section:
        dosing = section[DOSING_FIELD]
        section = {k: v for k, v in section.items() if k != DOSING_FIELD}
        if dosing is not None and not isinstance(dosing, bool):
            raise InvalidInput(f"athlete.{DOSING_FIELD}: must be true or false, not {dosing!r}")
    try:
        spec = AthleteCreate.model_validate(section, context=validation_context(ctx.clock))
    except ValidationError as exc:
        problems = Problems()
        for err in exc.errors():
            where = ".".join(str(p) for p in ("athlete", *err["loc"]))
            problems.add(f"{where}: {err['msg'].removeprefix('Value error, ')}")
        problems.raise_if_any()
        raise  # unreachable: there was at least one error
    return spec, dosing


def _apply_dosing(ctx: ServiceContext, scope: AthleteScope, wanted: bool | None) -> list[str]:
    """Store the document's choice about the dosing agent, as ``plans.dosing.set_opt_in``
    would: only the athlete (or the operator at the command line) decides; for anyone else
    the athlete's stored choice stands and the report says so."""
    if wanted is None:
        return []
    stored = athlete_repo.adaptive_dosing(ctx.session, scope)
    if stored == wanted:
        return []
    operator = ctx.subject.role == Role.admin and ctx.subject.account_id is None
    if ctx.subject.role != Role.athlete and not operator:
        return [
            f"athlete.{DOSING_FIELD}: the document's choice ({'on' if wanted else 'off'}) was "
            f"not applied: only the athlete decides whether the dosing agent's suggestion takes "
            f"effect, so theirs ({'on' if stored else 'off'}) stands"
        ]
    athlete_repo.set_adaptive_dosing(ctx.session, scope, wanted)
    ctx.audit(
        "update",
        "adaptive_dosing",
        scope.athlete_id,
        athlete_id=scope.athlete_id,
        detail={"on": wanted, "import": True},
    )
    return []


def _consent_after(
    checked: consent_section.CheckedConsent, create: AthleteCreate | None
) -> dict[ConsentPurpose, bool]:
    """Every purpose's state once the import is done: a created athlete without a consent
    section in the document gets the onboarding choices, as any new athlete does."""
    if create is not None and not checked.given:
        grants = (
            consent_service.ONBOARDING_GRANTS
            if create.consents is None
            else frozenset(create.consents)
        )
        return {p: p in grants for p in ConsentPurpose}
    return checked.final


def _gates(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    final: Mapping[ConsentPurpose, bool],
    create: AthleteCreate | None,
    scope: AthleteScope | None,
    sensor_data: bool,
) -> None:
    """Consent the import needs, checked before anything is written."""
    if (
        create is not None
        and ctx.subject.role == Role.coach
        and not final.get(ConsentPurpose.coach_sharing)
    ):
        raise InvalidInput(
            "consent: an athlete created by a coach is linked to them and must grant "
            "coach_sharing, which the document's consent records do not; an admin can import "
            "athletes who do not",
            field="consent",
        )
    who = f"athlete {scope.athlete_id}" if scope is not None else "the athlete"
    logs = [k for k in (*RECORD_KINDS, measurement_section.KIND) if doc.get(k)]
    if logs and not final.get(ConsentPurpose.training_logs):
        _refuse(who, ConsentPurpose.training_logs, "training records", logs)
    if sensor_data and not final.get(ConsentPurpose.sensor_data):
        kinds = [k for k in SENSOR_KINDS if doc.get(k)]
        if isinstance(doc, ExportDocument) and doc.waveforms:
            kinds.append("waveforms")
        _refuse(who, ConsentPurpose.sensor_data, "sensor data", kinds)


def _refuse(who: str, purpose: ConsentPurpose, what: str, kinds: list[str]) -> None:
    """The import is refused: the athlete has not agreed to fitcoach storing these records."""
    raise ConsentRequired(
        f"{who} has not granted consent for {purpose.value}, and the document holds {what} "
        f"({', '.join(kinds)}); nothing was imported. Grant {purpose.value} consent first "
        f"(the athlete's privacy settings), or import a document without {what}",
        details={"purpose": purpose.value},
    )


@dataclass
class CheckedDocument:
    """A document checked whole, nothing written yet (``check_document``): what
    ``write_document`` stores."""

    version: int
    doc: Mapping[str, Any]
    scope: AthleteScope | None
    create: AthleteCreate | None
    profile: ProfileFields | None
    dosing: bool | None
    training: records.CheckedRecords
    consent: consent_section.CheckedConsent
    flags: flag_section.CheckedFlags
    plan_docs: plans.CheckedPlans
    conversation: conversations.CheckedConversation
    sensor_data: sensors.CheckedSensors
    tape: measurement_section.CheckedMeasurements
    own: dict[str, OwnDraft] = field(default_factory=dict)


def check_document(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    *,
    athlete_id: int | None = None,
    progress: ProgressFn | None = None,
) -> CheckedDocument:
    """Check every section of an export document and the consent its import needs; reads
    only (the first half of ``import_document``)."""
    version = _check_document(doc)
    athlete_spec, dosing = _athlete_spec(ctx, doc, version)
    scope, create = _target(ctx, athlete_spec, athlete_id)
    problems = Problems()
    own = _own_exercises(doc, problems)
    checked_records = records.RecordChecker(ctx, doc, problems, progress, own=list(own)).check()
    profile: ProfileFields | None = None
    if create is not None:
        profile = _clean_profile(create.profile)
    elif athlete_spec is not None and "profile" in athlete_spec.model_fields_set:
        profile = _clean_profile(athlete_spec.profile)
    # Version 2's sections (absent from a version 1 document: nothing to check or write).
    v2 = version >= 2
    step = "checking plans, conversations, flags, consent and sensor data"
    if progress and v2:
        progress(step, 0, 1)
    checked = CheckedDocument(
        version=version,
        doc=doc,
        scope=scope,
        create=create,
        profile=profile,
        dosing=dosing,
        training=checked_records,
        consent=consent_section.check_consent(ctx, doc, scope, problems),
        flags=flag_section.check_flags(ctx, doc, problems),
        plan_docs=plans.check_plans(ctx, doc, scope, problems, _own_slugs_now(ctx, scope, own)),
        conversation=conversations.check_conversations(ctx, doc, problems),
        sensor_data=sensors.check_sensors(ctx, doc, scope, problems),
        tape=measurement_section.check_measurements(ctx, doc, problems),  # version 4
        own=own,
    )
    if progress and v2:
        progress(step, 1, 1)
    problems.raise_if_any()
    final = _consent_after(checked.consent, create)
    _gates(ctx, doc, final, create, scope, checked.sensor_data.any)
    return checked


def write_document(
    ctx: ServiceContext, checked: CheckedDocument, progress: ProgressFn | None = None
) -> ImportReport:
    """Store a checked document (the second half of ``import_document``) in the caller's
    transaction."""
    version, create, profile, scope = (
        checked.version,
        checked.create,
        checked.profile,
        checked.scope,
    )
    created = profile_updated = False
    if create is not None:
        create = create.model_copy(update={"profile": profile})
        # A document with consent records brings the athlete's own decisions: they are
        # recorded instead of the onboarding defaults (which would grant what they do not).
        decisions = checked.consent.rows if checked.consent.given else None
        made = athletes.create_athlete(ctx, create, consent_decisions=decisions)
        scope = ctx.scope(made.id, kind="export")
        created = True
    elif profile is not None:
        assert scope is not None
        athletes.update_profile(ctx, scope.athlete_id, profile)
        profile_updated = True
    assert scope is not None
    dosing_notes = _apply_dosing(ctx, scope, checked.dosing)
    own_slugs: dict[str, str] = {}
    if checked.own:  # the sets name them by placeholder until they exist here
        own_ids, own_slugs = _write_own(ctx, scope, checked.own)
        records.place_own(checked.training, list(checked.own), own_ids)
    counts = records.write_records(ctx, scope, checked.training, progress)
    notes: list[str] = []
    if version >= 2:
        if progress:
            progress("writing plans, conversations, flags, consent and sensor data", 0, 4)
        counts["consent"] = (
            checked.consent.count
            if created and checked.consent.given  # recorded with the athlete
            else consent_section.write_consent(ctx, scope, checked.consent)
        )
        counts["health_flags"] = flag_section.write_flags(ctx, scope, checked.flags)
        if progress:
            progress("writing plans, conversations, flags, consent and sensor data", 1, 4)
        counts["plans"] = plans.write_plans(ctx, scope, checked.plan_docs, own_slugs)
        counts.update(
            conversations.write_conversations(
                ctx, scope, checked.conversation, checked.plan_docs.numbers
            )
        )
        if progress:
            progress("writing plans, conversations, flags, consent and sensor data", 2, 4)
        counts.update(sensors.write_sensors(ctx, scope, checked.sensor_data))
        if progress:
            progress("writing plans, conversations, flags, consent and sensor data", 4, 4)
        notes = checked.plan_docs.notes
    if version >= 4:
        counts["measurements"] = measurement_section.write_measurements(ctx, scope, checked.tape)
    notes = [*notes, *dosing_notes]
    ordered = {k: counts[k] for k in COUNTED_BY_VERSION[version]}
    if "waveform_chunks" in counts:
        ordered["waveform_chunks"] = counts["waveform_chunks"]
    ctx.audit(
        "import",
        "athlete",
        scope.athlete_id,
        athlete_id=scope.athlete_id,
        detail={kind: c.inserted for kind, c in ordered.items()},
    )
    return ImportReport(scope.athlete_id, created, profile_updated, ordered, notes)


def import_document(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    *,
    athlete_id: int | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Import an export document (version 1, 2, 3 or 4); records already stored are skipped, so
    importing the same file twice adds nothing.

    Without ``athlete_id`` the document's athlete is created, or, when their e-mail exists and
    the subject may access that athlete, imported into. With ``athlete_id`` the records go to
    that athlete and the document's profile fields update theirs. Every section is checked
    before anything is written (``check_document``), then everything is written
    (``write_document``); the caller's unit of work commits.
    """
    checked = check_document(ctx, doc, athlete_id=athlete_id, progress=progress)
    return write_document(ctx, checked, progress)


__all__ = [
    "CheckedDocument",
    "ImportReport",
    "KindCount",
    "check_document",
    "import_document",
    "write_document",
]
