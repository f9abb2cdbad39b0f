"""Consent per purpose: defaults, grant and withdraw with time and version, history, and
enforcement in logging, the coach scope and the model-training filter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from tests.factories import as_subject, make_athlete, subject_of, workout

from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import ConsentPurpose, Role
from fitcoach.core.errors import ConsentRequired, InvalidInput, NotFound, PermissionDenied
from fitcoach.services import athletes, consent, guided, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _states(ctx: ServiceContext, athlete_id: int) -> dict[str, bool]:
    return {s.purpose.value: s.granted for s in consent.current(ctx, athlete_id)}


def test_the_shipped_text_has_a_version_and_a_sentence_per_purpose() -> None:
    text = consent.consent_text()
    assert text.version
    assert text.version != consent.IMPLICIT_VERSION
    assert set(text.purposes) == set(ConsentPurpose)
    assert all(len(s) > 20 for s in text.purposes.values())


def test_onboarding_records_every_purpose_and_model_training_is_off(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    assert _states(ctx, a.id) == {
        "training_logs": True,
        "sensor_data": True,
        "coach_sharing": True,
        "model_training": False,
    }
    states = consent.current(ctx, a.id)
    assert {(s.version, s.source, s.at) for s in states} == {
        (consent.consent_text().version, "onboarding", ctx.clock.now())
    }
    assert len(consent.history(ctx, a.id)) == 4


def test_onboarding_records_what_the_person_chose(ctx: ServiceContext) -> None:
    a = athletes.create_athlete(
        ctx, {"name": "Bo", "email": "bo@example.org", "consents": ["training_logs"]}
    )
    assert _states(ctx, a.id) == {
        "training_logs": True,
        "sensor_data": False,
        "coach_sharing": False,
        "model_training": False,
    }
    with pytest.raises(InvalidInput, match="consent"):
        athletes.create_athlete(
            ctx, {"name": "C", "email": "c@example.org", "consents": ["telepathy"]}
        )


def test_a_coach_can_only_create_athletes_who_share_with_them(ctx: ServiceContext) -> None:
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    as_coach = as_subject(ctx, Subject(coach_id, Role.coach))
    with pytest.raises(InvalidInput, match="coach_sharing"):
        athletes.create_athlete(
            as_coach, {"name": "D", "email": "d@example.org", "consents": ["training_logs"]}
        )
    made = athletes.create_athlete(as_coach, {"name": "E", "email": "e@example.org"})
    assert athletes.get_athlete(as_coach, made.id).id == made.id


def test_grant_and_withdraw_record_time_version_and_keep_the_history(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    clock.set(T0)
    a = make_athlete(ctx)
    own = as_subject(ctx, subject_of(ctx, a))
    clock.set(T0 + timedelta(hours=1))
    granted = consent.grant(own, a.id, "model_training")
    assert (granted.granted, granted.at, granted.source) == (
        True,
        T0 + timedelta(hours=1),
        "athlete",
    )
    assert granted.version == consent.consent_text().version
    assert consent.granted(own, a.id, "model_training")
    clock.set(T0 + timedelta(hours=2))
    withdrawn = consent.withdraw(own, a.id, ConsentPurpose.model_training)
    assert (withdrawn.granted, withdrawn.at) == (False, T0 + timedelta(hours=2))
    assert not consent.granted(own, a.id, "model_training")
    mt = [e for e in consent.history(own, a.id) if e.purpose == ConsentPurpose.model_training]
    assert [(e.granted, e.at, e.source) for e in mt] == [
        (False, T0, "onboarding"),
        (True, T0 + timedelta(hours=1), "athlete"),
        (False, T0 + timedelta(hours=2), "athlete"),
    ]
    assert mt[-1].actor_account_id == own.subject.account_id
    with pytest.raises(InvalidInput, match="unknown consent purpose"):
        consent.grant(own, a.id, "everything")


def test_set_many_records_only_changes(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    own = as_subject(ctx, subject_of(ctx, a))
    before = len(consent.history(own, a.id))
    consent.set_many(own, a.id, {"training_logs": True, "model_training": True})
    assert len(consent.history(own, a.id)) == before + 1  # training_logs was already granted
    consent.set_many(own, a.id, {"training_logs": True, "model_training": True})
    assert len(consent.history(own, a.id)) == before + 1
    with pytest.raises(InvalidInput):
        consent.set_many(own, a.id, {})


def test_only_the_athlete_changes_their_consent(ctx: ServiceContext) -> None:
    a, b = make_athlete(ctx), make_athlete(ctx)
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    admin_id = athletes.create_staff_account(ctx, "admin@example.org", "Admin", Role.admin)
    athletes.link_coach(ctx, coach_id, a.id)
    coach = as_subject(ctx, Subject(coach_id, Role.coach))
    admin = as_subject(ctx, Subject(admin_id, Role.admin))
    other = as_subject(ctx, subject_of(ctx, b))
    assert _states(coach, a.id)["training_logs"]  # a linked coach and an admin read
    assert _states(admin, a.id)["training_logs"]
    for who in (coach, admin):
        with pytest.raises(PermissionDenied):
            consent.withdraw(who, a.id, "coach_sharing")
    with pytest.raises(NotFound):
        consent.withdraw(other, a.id, "coach_sharing")
    with pytest.raises(NotFound):
        consent.current(other, a.id)


def test_withdrawn_training_logs_refuse_every_log_and_say_how_to_grant(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    own = as_subject(ctx, subject_of(ctx, a))
    at = datetime(2026, 11, 18, 18, 0, tzinfo=UTC)
    training_log.log_workout(own, a.id, workout(at, ("barbell-back-squat", 5, 60, 2)))
    consent.withdraw(own, a.id, "training_logs")
    attempts = [
        lambda: training_log.log_workout(own, a.id, workout(at, ("barbell-back-squat", 5, 80, 2))),
        lambda: training_log.log_meal(own, a.id, {"eaten_at": at, "calories_kcal": 500}),
        lambda: training_log.log_daily(own, a.id, {"day": "2026-11-18", "weight_kg": 64}),
        lambda: training_log.log_sleep(
            own, a.id, {"started_at": at - timedelta(hours=8), "ended_at": at}
        ),
        lambda: training_log.log_feedback(own, a.id, {"recorded_at": at, "mood": 6}),
        lambda: guided.finish_session(own, a.id, at.date(), "w1s1", 6),
    ]
    for attempt in attempts:
        with pytest.raises(ConsentRequired) as caught:
            attempt()
        assert caught.value.status_code == 409
        assert "grant it in their privacy settings" in caught.value.message
        assert caught.value.details == {"purpose": "training_logs"}
        assert "training_logs" in caught.value.message
    assert len(training_log.history(own, a.id, "workouts")) == 1  # nothing more stored
    consent.grant(own, a.id, "training_logs")
    assert training_log.log_meal(own, a.id, {"eaten_at": at, "calories_kcal": 500}).created


def test_the_consent_check_checks_access_first_in_the_same_query(ctx: ServiceContext) -> None:
    """Asked before anything resolved the scope, ``require`` tells a subject who may not see
    the athlete "not found" (never whether the athlete consented), and the access check, the
    decision and the ``ctx.scope`` after them cost one statement."""
    a, b = make_athlete(ctx), make_athlete(ctx)
    own_a, own_b = as_subject(ctx, subject_of(ctx, a)), as_subject(ctx, subject_of(ctx, b))
    consent.withdraw(own_a, a.id, "training_logs")
    ctx.session.commit()  # a new transaction: no scope is held
    for purpose in (ConsentPurpose.training_logs, ConsentPurpose.sensor_data):
        with pytest.raises(NotFound):
            consent.require(own_b, a.id, purpose)  # withdrawn or granted: not b's to know
    with pytest.raises(ConsentRequired):
        consent.require(own_a, a.id, ConsentPurpose.training_logs)
    seen: list[str] = []
    engine = ctx.session.get_bind()

    def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        consent.require(own_b, b.id, ConsentPurpose.training_logs)
        assert own_b.scope(b.id).athlete_id == b.id
        assert len(seen) == 1, seen
        consent.require(own_b, b.id, ConsentPurpose.sensor_data)  # the scope is held now
        assert len(seen) == 2, seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_a_coach_without_coach_sharing_is_answered_like_an_unlinked_one(
    ctx: ServiceContext,
) -> None:
    a, b = make_athlete(ctx), make_athlete(ctx)
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    athletes.link_coach(ctx, coach_id, a.id)
    coach = as_subject(ctx, Subject(coach_id, Role.coach))
    assert [x.id for x in athletes.list_athletes(coach)] == [a.id]
    consent.withdraw(as_subject(ctx, subject_of(ctx, a)), a.id, "coach_sharing")
    with pytest.raises(NotFound) as linked:
        athletes.get_athlete(coach, a.id)
    with pytest.raises(NotFound) as unlinked:
        athletes.get_athlete(coach, b.id)
    assert linked.value.message == unlinked.value.message.replace(str(b.id), str(a.id))
    assert athletes.list_athletes(coach) == []
    with pytest.raises(NotFound):
        training_log.history(coach, a.id, "workouts")
    # The athlete and an admin still reach them; granting again restores the coach.
    assert athletes.get_athlete(ctx, a.id).id == a.id
    consent.grant(as_subject(ctx, subject_of(ctx, a)), a.id, "coach_sharing")
    assert athletes.get_athlete(coach, a.id).id == a.id


def test_model_training_filter_keeps_only_athletes_who_granted(ctx: ServiceContext) -> None:
    a, b, c = make_athlete(ctx), make_athlete(ctx), make_athlete(ctx)
    consent.grant(as_subject(ctx, subject_of(ctx, a)), a.id, "model_training")
    consent.grant(as_subject(ctx, subject_of(ctx, c)), c.id, "model_training")
    consent.withdraw(as_subject(ctx, subject_of(ctx, c)), c.id, "model_training")
    assert consent.for_model_training(ctx, [a.id, b.id, c.id, 999_999]) == [a.id]
    assert consent.granted(ctx, a.id, "model_training")
    assert not consent.granted(ctx, b.id, "model_training")
    # A subject only gets back athletes they may see.
    b_self = as_subject(ctx, subject_of(ctx, b))
    assert consent.for_model_training(b_self, [a.id, b.id]) == []


def test_the_operator_records_decisions_at_the_command_line(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    consent.withdraw(ctx, a.id, "sensor_data")
    assert not consent.granted(ctx, a.id, "sensor_data")
    assert consent.history(ctx, a.id)[-1].actor_account_id is None


def test_a_device_is_refused_for_an_athlete_without_sensor_consent(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    consent.require_for_device(ctx, a.id)  # granted at onboarding: no refusal
    consent.withdraw(as_subject(ctx, subject_of(ctx, a)), a.id, "sensor_data")

    with pytest.raises(ConsentRequired) as refused:
        consent.require_for_device(ctx, a.id)

    assert refused.value.status_code == 409
    assert refused.value.details["purpose"] == "sensor_data"
    assert "no device is registered" in refused.value.message
    assert "give sensor consent first" in refused.value.message
    assert f"fitcoach consent grant -a {a.id} --purpose sensor_data" in refused.value.message
    with pytest.raises(NotFound):
        consent.require_for_device(ctx, a.id + 1_000)
