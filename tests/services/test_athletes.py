"""Athletes and profiles: validation, updates, coaches, deletion and the audit trail."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from tests.factories import as_subject, make_athlete, subject_of, workout
from tests.fixtures.tables import changed, row_counts

from fitcoach.coach.schemas import ProfileFields
from fitcoach.core.bounds import age_years
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from fitcoach.services import athletes, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.models import Account, AuditEntry, Profile

WHEN = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)


def _coach(ctx: ServiceContext, email: str = "coach@example.org") -> Subject:
    account_id = athletes.create_staff_account(ctx, email, "Coach Kim", Role.coach)
    return Subject(account_id=account_id, role=Role.coach)


def test_create_stores_the_profile_with_units_converted(ctx: ServiceContext) -> None:
    out = make_athlete(ctx, height_cm="70 in", weight_kg="176 lb", equipment="Barbell, squat-rack")
    assert out.profile is not None
    assert out.profile.height_cm == pytest.approx(177.8)
    assert out.profile.weight_kg == 79.8  # 176 lb, to 0.1 kg
    assert out.profile.equipment == ["barbell", "squat_rack"]
    assert out.profile.days_per_week == 4
    assert out.profile.updated_at == ctx.clock.now()
    again = athletes.get_athlete(ctx, out.id)
    assert again == out


BAD_CREATES = [
    ({"profile": {"sex": "robot"}}, "profile.sex", "'female'"),
    ({"profile": {"days_per_week": 8}}, "profile.days_per_week", "7"),
    ({"profile": {"equipment": ["barbell", "laser_cannon"]}}, "profile.equipment", "laser_cannon"),
    ({"profile": {"injuries": [{"region": "spleen"}]}}, "profile.injuries.0.region", "spleen"),
    ({"profile": {"weight_kg": "eighty"}}, "profile.weight_kg", "'eighty'"),
    ({"profile": {"height_cm": "70 furlongs"}}, "profile.height_cm", "furlongs"),
    ({"profile": {"height_cm": "700 in"}}, "profile.height_cm", "275"),
    ({"profile": {"goals": ["get_huge"]}}, "profile.goals", "get_huge"),
    ({"profile": {"favourite_colour": "red"}}, "profile.favourite_colour", "not permitted"),
    ({"email": "no-at-sign"}, "email", "pattern"),
    ({"email": "spaces in@example.org"}, "email", "pattern"),
    ({"name": ""}, "name", "at least 1"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Mars/Olympus_Mons"),
    ({"timezone": "x" * 100}, "timezone", "64"),
]


def test_bad_athletes_are_refused_naming_the_field_and_store_nothing(
    ctx: ServiceContext,
) -> None:
    before = row_counts(ctx.session)
    for change, field, words in BAD_CREATES:
        doc = {"name": "Zed", "email": "zed@example.org", **change}
        with pytest.raises(InvalidInput) as caught:
            athletes.create_athlete(ctx, doc)
        message = caught.value.message
        assert field in message, (change, message)
        assert words in message, (change, message)
        assert caught.value.details["errors"], change
    assert changed(before, row_counts(ctx.session)) == {}
    # Several problems are reported together.
    with pytest.raises(InvalidInput) as caught:
        make_athlete(ctx, sex="robot", days_per_week=0)
    assert "profile.sex" in caught.value.message
    assert "profile.days_per_week" in caught.value.message
    assert len(caught.value.details["errors"]) == 2
    # A good document still goes in, with defaults for what it leaves out.
    out = athletes.create_athlete(
        ctx, {"name": "Zed", "email": "zed@example.org", "timezone": "Europe/Madrid"}
    )
    assert out.timezone == "Europe/Madrid"
    assert out.profile is not None
    assert out.profile.goals == ["general_fitness"]
    assert out.profile.days_per_week == 3
    assert out.profile.injuries == []


def test_a_birth_date_is_checked_against_the_context_clock(ctx: ServiceContext) -> None:
    """ "Today" is the clock's, whichever way the profile arrives (a document, or a model an
    HTTP request built without a clock)."""
    message = "birth date must lie between 1900 and today"
    ctx.clock.set(datetime(2000, 1, 1, tzinfo=UTC))  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput) as caught:
        make_athlete(ctx, birth_date="2000-01-02")
    assert caught.value.details["errors"] == [f"profile.birth_date: {message}"]
    born = make_athlete(ctx, birth_date="1984-01-01")  # 16 on the clock's day
    with pytest.raises(InvalidInput, match=f"^birth_date: {message}$"):
        athletes.update_profile(ctx, born.id, ProfileFields(birth_date=date(2001, 1, 1)))
    with pytest.raises(InvalidInput, match=f"^birth_date: {message}$"):
        athletes.update_profile(ctx, born.id, {"birth_date": "1899-12-31"})
    # A clock years past the machine's date accepts what the machine would call the future.
    ctx.clock.set(datetime(2200, 6, 1, tzinfo=UTC))  # type: ignore[attr-defined]
    later = athletes.update_profile(ctx, born.id, ProfileFields(birth_date=date(2184, 6, 1)))
    assert later.birth_date == date(2184, 6, 1)


@pytest.mark.parametrize("age", [0, 5, 15])
def test_an_athlete_under_16_is_refused_on_create_and_update(ctx: ServiceContext, age: int) -> None:
    """Every interface creates and updates profiles here, with the service's clock: a model
    FastAPI built without a clock is checked again."""
    today = ctx.clock.now().date()
    young = today.replace(year=today.year - age)
    before = row_counts(ctx.session)
    with pytest.raises(InvalidInput) as caught:
        make_athlete(ctx, birth_date=young.isoformat())
    [error] = caught.value.details["errors"]
    assert error.startswith("profile.birth_date: fitcoach's plans are for people aged 16 and over")
    assert f"makes you {age}:" in error
    assert not changed(before, row_counts(ctx.session))
    adult = make_athlete(ctx)
    with pytest.raises(InvalidInput, match=f"^birth_date: .* makes you {age}: if that is a typo"):
        athletes.update_profile(ctx, adult.id, ProfileFields(birth_date=young))
    kept = athletes.get_athlete(ctx, adult.id).profile
    assert kept is not None
    assert kept.birth_date == date(1992, 5, 17)
    sixteen = today.replace(year=today.year - 16)
    stored = athletes.update_profile(ctx, adult.id, {"birth_date": sixteen})
    assert stored.birth_date is not None
    assert age_years(stored.birth_date, today) == 16


def test_duplicate_email_is_a_conflict_whatever_its_case(ctx: ServiceContext) -> None:
    first = make_athlete(ctx)
    before = row_counts(ctx.session)
    with pytest.raises(Conflict, match="already exists"):
        athletes.create_athlete(ctx, {"name": "Twin", "email": f"  {first.email.upper()} "})
    assert changed(before, row_counts(ctx.session)) == {}


def test_partial_update_keeps_the_other_fields(ctx: ServiceContext) -> None:
    out = make_athlete(ctx, injuries=[{"region": "knee", "severity": "mild"}])
    assert out.profile is not None
    ctx.clock.set(ctx.clock.now() + timedelta(days=1))  # type: ignore[attr-defined]
    updated = athletes.update_profile(ctx, out.id, {"weight_kg": "150 lb", "days_per_week": 5})
    assert updated.weight_kg == 68.0  # 150 lb, to 0.1 kg
    assert updated.days_per_week == 5
    assert updated.updated_at == ctx.clock.now()
    keep = {"weight_kg", "days_per_week", "updated_at"}
    assert updated.model_dump(exclude=keep) == out.profile.model_dump(exclude=keep)
    assert updated.injuries[0]["region"] == "knee"
    stored = athletes.get_athlete(ctx, out.id).profile
    assert stored == updated


def test_the_view_read_as_columns_is_the_view_of_the_objects(ctx: ServiceContext) -> None:
    # get_athlete reads columns (repo.visible_athlete_view); list_athletes builds the view
    # from the ORM objects: both must show an athlete the same, for every subject who may
    # see them, with and without a profile.
    out = make_athlete(
        ctx,
        injuries=[{"region": "knee", "severity": "mild", "note": "old"}, {"region": "shoulder"}],
        conditions=["asthma"],
        sports=["running"],
        dietary_restrictions=["vegetarian"],
        dislikes=["burpee"],
    )
    other = make_athlete(ctx)
    coach = _coach(ctx)
    athletes.link_coach(ctx, coach.account_id or 0, out.id)
    for subject in (ctx.subject, subject_of(ctx, out), coach):
        seen = as_subject(ctx, subject)
        listed = {a.id: a for a in athletes.list_athletes(seen)}
        assert athletes.get_athlete(seen, out.id) == listed[out.id]
    with pytest.raises(NotFound):
        athletes.get_athlete(as_subject(ctx, subject_of(ctx, out)), other.id)
    ctx.session.execute(delete(Profile).where(Profile.athlete_id == out.id))
    ctx.session.expire_all()
    bare = athletes.get_athlete(ctx, out.id)
    assert bare.profile is None
    assert bare == {a.id: a for a in athletes.list_athletes(ctx)}[out.id]
    assert bare.model_dump(exclude={"profile"}) == out.model_dump(exclude={"profile"})


def test_invalid_update_changes_nothing_and_none_clears_a_list(ctx: ServiceContext) -> None:
    out = make_athlete(ctx)
    with pytest.raises(InvalidInput, match="days_per_week"):
        athletes.update_profile(ctx, out.id, {"weight_kg": 70, "days_per_week": 9})
    assert athletes.get_athlete(ctx, out.id).profile == out.profile
    with pytest.raises(NotFound):
        athletes.update_profile(ctx, 987_654, {"days_per_week": 3})
    assert athletes.update_profile(ctx, out.id, {"equipment": None}).equipment == []


def test_a_coach_who_creates_an_athlete_is_linked_to_them(ctx: ServiceContext) -> None:
    coach_ctx = as_subject(ctx, _coach(ctx))
    mine = make_athlete(coach_ctx)
    other = make_athlete(ctx)
    assert athletes.get_athlete(coach_ctx, mine.id).email == mine.email
    assert [a.id for a in athletes.list_athletes(coach_ctx)] == [mine.id]
    with pytest.raises(NotFound):
        athletes.get_athlete(coach_ctx, other.id)
    # The admin sees everyone.
    assert {mine.id, other.id} <= {a.id for a in athletes.list_athletes(ctx)}


def test_who_may_create_and_delete(ctx: ServiceContext) -> None:
    me = make_athlete(ctx)
    coach_ctx = as_subject(ctx, _coach(ctx))
    theirs = make_athlete(coach_ctx)
    before = row_counts(ctx.session)
    with pytest.raises(PermissionDenied):
        make_athlete(as_subject(ctx, subject_of(ctx, me)))  # athletes do not create athletes
    with pytest.raises(PermissionDenied):
        athletes.create_staff_account(coach_ctx, "c2@example.org", "C2", Role.coach)
    with pytest.raises(PermissionDenied):
        athletes.delete_athlete(coach_ctx, theirs.id)  # not even their own athlete
    with pytest.raises(Conflict):
        athletes.create_staff_account(ctx, "COACH@example.org", "Again", Role.coach)
    with pytest.raises(InvalidInput):
        athletes.create_staff_account(ctx, "a@example.org", "A", Role.athlete)
    assert changed(before, row_counts(ctx.session)) == {}
    assert athletes.get_athlete(ctx, theirs.id).id == theirs.id


def test_linking_a_coach(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    coach = _coach(ctx)
    coach_ctx = as_subject(ctx, coach)
    with pytest.raises(NotFound):
        athletes.get_athlete(coach_ctx, athlete.id)
    athlete_ctx = as_subject(ctx, subject_of(ctx, athlete))
    assert coach.account_id is not None
    athletes.link_coach(athlete_ctx, coach.account_id, athlete.id)
    athletes.link_coach(athlete_ctx, coach.account_id, athlete.id)  # twice is once
    assert athletes.get_athlete(coach_ctx, athlete.id).id == athlete.id
    with pytest.raises(PermissionDenied):
        athletes.link_coach(coach_ctx, coach.account_id, athlete.id)
    with pytest.raises(InvalidInput, match="not a coach"):
        athletes.link_coach(ctx, subject_of(ctx, athlete).account_id or 0, athlete.id)


def _log_everything(ctx: ServiceContext, athlete_id: int) -> None:
    training_log.log_workout(
        ctx,
        athlete_id,
        workout(WHEN, ("barbell-back-squat", 5, 100, 2), ("barbell-bench-press", 8, 60, 1)),
    )
    training_log.log_cardio(
        ctx,
        athlete_id,
        {"activity_type": "running", "started_at": WHEN.isoformat(), "duration_s": "45:00"},
    )
    training_log.log_daily(ctx, athlete_id, {"day": "2026-11-18", "weight_kg": 70, "mood": 4})
    training_log.log_sleep(
        ctx,
        athlete_id,
        {
            "started_at": "2026-11-17T23:00:00+00:00",
            "ended_at": "2026-11-18T07:00:00+00:00",
            "stages_s": {"deep": 5400, "rem": 6000},
        },
    )
    training_log.log_meal(
        ctx, athlete_id, {"eaten_at": WHEN.isoformat(), "description": "oats", "calories_kcal": 500}
    )
    training_log.log_feedback(
        ctx, athlete_id, {"recorded_at": WHEN.isoformat(), "energy": 7, "notes": "felt strong"}
    )


# Tables whose rows belong to one athlete; the audit log outlives them on purpose.
OWNED = {
    "profiles",
    "coach_links",
    "workout_sessions",
    "set_logs",
    "personal_records",
    "cardio_sessions",
    "daily_metrics",
    "sleep_sessions",
    "meals",
    "feedback",
    "consent_records",
}


@pytest.mark.parametrize("who", ["admin", "self"])
def test_delete_removes_every_record_of_the_athlete_and_nothing_else(
    ctx: ServiceContext, who: str
) -> None:
    gone, kept = make_athlete(ctx), make_athlete(ctx)
    coach = _coach(ctx)
    assert coach.account_id is not None
    for a in (gone, kept):
        athletes.link_coach(ctx, coach.account_id, a.id)
        _log_everything(ctx, a.id)
    ctx.session.commit()
    mine = row_counts(ctx.session, gone.id)
    assert {t for t, n in mine.items() if n > 0} >= OWNED  # every kind of record exists
    theirs = row_counts(ctx.session, kept.id)
    total = row_counts(ctx.session)

    actor = ctx if who == "admin" else as_subject(ctx, subject_of(ctx, gone))
    report = athletes.delete_athlete(actor, gone.id)
    ctx.session.commit()
    assert {t: report.database[t] for t in OWNED} == {t: mine[t] for t in OWNED}
    assert (report.database["accounts"], report.database["athletes"]) == (1, 1)
    assert (report.bus, report.streams) == ("none", {})

    after_mine = row_counts(ctx.session, gone.id)
    assert {t: after_mine[t] for t in OWNED} == dict.fromkeys(OWNED, 0)
    assert row_counts(ctx.session, kept.id) == {**theirs, "audit_log": theirs["audit_log"]}
    delta = changed(total, row_counts(ctx.session))
    assert delta.pop("accounts") == -1
    assert delta.pop("athletes") == -1
    assert delta.pop("audit_log") == 1  # the deletion itself
    assert delta == {t: -mine[t] for t in OWNED}
    assert ctx.session.execute(select(Account).where(Account.email == gone.email)).first() is None
    with pytest.raises(NotFound):
        athletes.get_athlete(ctx, gone.id)
    assert athletes.get_athlete(ctx, kept.id).email == kept.email


def test_audit_log_records_actions_without_personal_content(ctx: ServiceContext) -> None:
    coach_ctx = as_subject(ctx, _coach(ctx))
    athlete = make_athlete(coach_ctx, injuries=[{"region": "knee", "note": "torn meniscus"}])
    athletes.update_profile(coach_ctx, athlete.id, {"weight_kg": "171 lb", "sex": "male"})
    _log_everything(ctx, athlete.id)
    athletes.delete_athlete(ctx, athlete.id)
    ctx.session.commit()
    entries = ctx.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    # Reads of another person's data ("access") are audited too (coach_ctx reads the profile).
    actions = [
        (e.action, e.entity) for e in entries if e.athlete_id == athlete.id and e.action != "access"
    ]
    assert actions[:2] == [("create", "athlete"), ("update", "profile")]
    assert ("create", "workout") in actions
    assert actions[-1] == ("delete", "athlete")
    update = next(e for e in entries if e.entity == "profile")
    assert update.detail == {"fields": ["sex", "weight_kg"]}
    assert update.actor_account_id == coach_ctx.subject.account_id
    personal = [athlete.name, athlete.email, "torn meniscus", "felt strong", "oats", "male", "77."]
    for entry in entries:
        text = json.dumps(entry.detail) + (entry.entity_id or "")
        for word in personal:
            assert word not in text, (entry.action, entry.entity, text)


def test_a_scope_is_resolved_once_per_unit_of_work_and_forgotten_on_delete(
    ctx: ServiceContext,
) -> None:
    from sqlalchemy import event

    athlete = make_athlete(ctx)
    ctx.session.commit()
    mine = as_subject(ctx, subject_of(ctx, athlete))
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = ctx.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        first = mine.scope(athlete.id)
        assert mine.scope(athlete.id) is first
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    athletes.delete_athlete(mine, athlete.id)
    with pytest.raises(NotFound):
        mine.scope(athlete.id)
