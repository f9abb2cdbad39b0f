"""Body measurements: logged and read back in cm or in, one reading per day and site (a second
replaces it), refused out of range with nothing stored, the Navy estimate and the changes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.factories import as_subject, make_athlete, subject_of
from tests.fixtures.tables import changed, row_counts

from fitcoach.core.domain import Role
from fitcoach.core.errors import ConsentRequired, InvalidInput, NotFound
from fitcoach.services import athletes, consent, measurements, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.models import AuditEntry

TODAY = date(2026, 11, 20)  # the conftest's clock


def test_a_day_logs_and_reads_back_in_cm(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    logged = measurements.log_measurements(
        ctx,
        a.id,
        {"day": "2026-11-19", "waist_cm": 84, "hips_cm": "38.5 in", "notes": "after breakfast"},
    )
    assert (logged.created, logged.replaced, logged.changed) == (("waist", "hips"), (), True)
    [day] = measurements.history(ctx, a.id)
    assert day.day == date(2026, 11, 19)
    assert day.values_cm == {"waist": 84.0, "hips": 97.8}  # 38.5 in, to 0.1 cm
    assert day.body_fat_pct is None
    assert day.notes == "after breakfast"


def test_a_bare_number_is_in_the_athletes_unit(ctx: ServiceContext) -> None:
    a = make_athlete(ctx, units="imperial")
    measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", "waist_cm": "33", "neck_cm": "15.5"})  # fmt: skip
    [day] = measurements.history(ctx, a.id)
    assert day.values_cm == {"neck": 39.4, "waist": 83.8}
    # A JSON number is always cm, whatever the athlete reads.
    measurements.log_measurements(ctx, a.id, {"day": "2026-11-18", "waist_cm": 84})
    assert measurements.history(ctx, a.id)[1].values_cm == {"waist": 84.0}


def test_a_second_entry_of_a_site_replaces_it_and_keeps_the_others(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", "waist_cm": 84, "neck_cm": 34, "notes": "first"})  # fmt: skip
    before = row_counts(ctx.session)
    again = measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", "waist_cm": 83, "notes": "again"})  # fmt: skip
    assert (again.created, again.replaced, again.before) == ((), ("waist",), {"waist": 84.0})
    assert changed(before, row_counts(ctx.session)) == {"audit_log": 1}  # no new reading
    [day] = measurements.history(ctx, a.id)
    assert day.values_cm == {"neck": 34.0, "waist": 83.0}
    assert day.notes == "first; again"  # the neck keeps its notes, the waist has the new ones
    same = measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", "waist_cm": 83})
    assert (same.unchanged, same.changed) == (("waist",), False)
    entries = ctx.session.query(AuditEntry).filter_by(entity="body_measurements").all()
    assert [e.detail for e in entries] == [
        {"created": ["neck", "waist"], "replaced": []},
        {"created": [], "replaced": ["waist"]},
    ]  # the kinds, never the values


@pytest.mark.parametrize(
    ("doc", "units", "message"),
    [
        ({"waist_cm": 840}, None, "waist 840 cm is outside what a tape reads there: 40–200 cm"),
        ({"waist_cm": "33"}, None, "waist 33 cm is outside what a tape reads there: 40–200 cm"),
        (
            {"neck_cm": "330"},
            "imperial",
            "neck 330 in (838.2 cm) is outside what a tape reads there: 7.9–27.6 in (20–70 cm)",
        ),
        ({"calf_left_cm": "1 m"}, None, "left calf 100 cm is outside"),
        ({"calf_right_cm": 1e27}, None, "right calf 1e+27 cm is outside"),  # found by fuzzing
        ({"body_fat_pct": 85}, None, "body fat 85 % is outside the plausible range 2–70 %"),
        ({"body_fat_pct": "lots"}, None, "is not a percentage"),
        ({"waist_cm": "84 furlongs"}, None, "unknown unit 'furlongs' for waist"),
        ({"waist_cm": True}, None, "waist must be a number"),
        ({}, None, "give at least one measurement"),
        ({"waist_cm": 84, "day": "2026-12-25"}, None, "is in the future"),
        ({"waist_cm": 84, "elbow_cm": 30}, None, "elbow_cm: Extra inputs are not permitted"),
    ],
)
def test_bad_input_is_refused_with_its_range_and_unit_and_stores_nothing(
    ctx: ServiceContext, doc: dict[str, object], units: str | None, message: str
) -> None:
    a = make_athlete(ctx, **({"units": units} if units else {}))
    before = row_counts(ctx.session)
    with pytest.raises(InvalidInput) as refused:
        measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", **doc})
    assert message in refused.value.message
    assert row_counts(ctx.session) == before


def test_every_refused_value_is_counted_and_none_stored(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    before = row_counts(ctx.session)
    with pytest.raises(InvalidInput) as refused:
        measurements.log_measurements(
            ctx,
            a.id,
            {"day": "2026-11-19", "waist_cm": 84, "neck_cm": 5, "hips_cm": 900, "body_fat_pct": 99},
        )
    errors = refused.value.details["errors"]
    assert len(errors) == 3
    assert [e.split(":")[0] for e in errors] == ["neck_cm", "hips_cm", "body_fat_pct"]
    assert row_counts(ctx.session) == before  # not even the plausible waist


def test_values_are_stored_to_their_precision(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    doc = {"waist_cm": 84.04, "chest_cm": "40.13 in", "body_fat_pct": "18.46 %"}
    measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", **doc})
    [day] = measurements.history(ctx, a.id)
    assert day.values_cm == {"chest": 101.9, "waist": 84.0}
    assert day.body_fat_pct == 18.5


def test_a_navy_estimate_is_made_from_the_same_days_tape_and_the_profile(
    ctx: ServiceContext,
) -> None:
    man = make_athlete(ctx, sex="male", height_cm=177.8)
    measurements.log_measurements(ctx, man.id, {"day": "2026-11-18", "neck_cm": "15 in", "waist_cm": "34 in"})  # fmt: skip
    measurements.log_measurements(ctx, man.id, {"day": "2026-11-19", "waist_cm": 85})
    latest, first = measurements.history(ctx, man.id)
    assert first.body_fat_estimate is not None
    assert first.body_fat_estimate.percent == 17.5  # the published example (waist stored 86.4)
    assert first.body_fat_estimate.see_pct == 3.52
    assert first.body_fat_estimate.estimated is True
    # A day without a neck reading gets no estimate (never mixed from other days), and says why.
    assert latest.body_fat_estimate is None
    assert latest.estimate_note == "needs neck (the same day)"
    woman = make_athlete(ctx, sex="female", height_cm=165)
    measurements.log_measurements(ctx, woman.id, {"day": "2026-11-19", "neck_cm": 32, "waist_cm": 70})  # fmt: skip
    [day] = measurements.history(ctx, woman.id)
    assert day.body_fat_estimate is None
    assert day.estimate_note == "needs hips (the same day)"
    # An entered body fat is kept as entered, beside the estimate.
    measurements.log_measurements(ctx, woman.id, {"day": "2026-11-19", "hips_cm": 98, "body_fat_pct": 24})  # fmt: skip
    [day] = measurements.history(ctx, woman.id)
    assert day.body_fat_pct == 24.0
    assert day.body_fat_estimate is not None
    assert 25 < day.body_fat_estimate.percent < 30


def test_a_replaced_waist_moves_the_estimate_and_the_changes(ctx: ServiceContext) -> None:
    a = make_athlete(ctx, sex="male", height_cm=180)
    start = TODAY - timedelta(days=42)
    for week, waist in enumerate((92.0, 91.0, 90.5, 89.0, 88.0, 87.5, 87.0)):
        day = (start + timedelta(days=7 * week)).isoformat()
        measurements.log_measurements(ctx, a.id, {"day": day, "neck_cm": 39, "waist_cm": waist})
    training_log.log_daily(ctx, a.id, {"day": TODAY.isoformat(), "weight_kg": 82.4})
    view = measurements.overview(ctx, a.id, TODAY)
    waist = next(c for c in view.changes if c.kind == "waist")
    assert (waist.first, waist.latest, waist.since_start) == (92.0, 87.0, -5.0)
    assert waist.recent_from_day == TODAY - timedelta(days=28)
    assert waist.recent == -3.5  # from 90.5, four weeks ago
    assert view.series["waist"].values == [92.0, 91.0, 90.5, 89.0, 88.0, 87.5, 87.0]
    assert view.weight_kg.values == [82.4]
    assert view.latest_estimate_day == TODAY
    estimate_before = view.latest_estimate
    assert estimate_before is not None
    assert len(view.estimates.days) == 7
    measurements.log_measurements(ctx, a.id, {"day": TODAY.isoformat(), "waist_cm": 95})
    after = measurements.overview(ctx, a.id, TODAY)
    moved = next(c for c in after.changes if c.kind == "waist")
    assert (moved.latest, moved.since_start, moved.recent) == (95.0, 3.0, 4.5)
    assert after.latest_estimate is not None
    assert after.latest_estimate.percent > estimate_before.percent
    assert after.estimates.percent[-1] == after.latest_estimate.percent


def test_delete_a_day_or_some_of_its_sites(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", "waist_cm": 84, "hips_cm": 98, "body_fat_pct": 20})  # fmt: skip
    assert measurements.delete_measurements(ctx, a.id, date(2026, 11, 19), ["waist"]) == ["waist"]
    assert measurements.history(ctx, a.id)[0].values_cm == {"hips": 98.0}
    assert measurements.delete_measurements(ctx, a.id, date(2026, 11, 19)) == ["body_fat", "hips"]
    assert measurements.history(ctx, a.id) == []
    assert measurements.delete_measurements(ctx, a.id, date(2026, 11, 19)) == []
    with pytest.raises(InvalidInput, match="unknown measurement elbow"):
        measurements.delete_measurements(ctx, a.id, date(2026, 11, 19), ["elbow"])


def test_writing_needs_training_logs_consent(ctx: ServiceContext) -> None:
    a = make_athlete(ctx)
    consent.withdraw(ctx, a.id, "training_logs")
    before = row_counts(ctx.session)
    with pytest.raises(ConsentRequired):
        measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", "waist_cm": 84})
    assert row_counts(ctx.session) == before


def test_only_the_athlete_a_linked_coach_and_admins_reach_them(ctx: ServiceContext) -> None:
    a, b = make_athlete(ctx), make_athlete(ctx)
    measurements.log_measurements(ctx, a.id, {"day": "2026-11-19", "waist_cm": 84})
    as_b = as_subject(ctx, subject_of(ctx, b))
    before = row_counts(ctx.session)
    for call in (
        lambda: measurements.history(as_b, a.id),
        lambda: measurements.overview(as_b, a.id, TODAY),
        lambda: measurements.log_measurements(as_b, a.id, {"day": "2026-11-19", "waist_cm": 80}),
        lambda: measurements.delete_measurements(as_b, a.id, date(2026, 11, 19)),
    ):
        with pytest.raises(NotFound):
            call()
    assert row_counts(ctx.session) == before
    coach_id = athletes.create_staff_account(ctx, "coach@example.org", "Coach", Role.coach)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    with pytest.raises(NotFound):
        measurements.history(coach, a.id)
    athletes.link_coach(ctx, coach_id, a.id)
    assert measurements.history(coach, a.id)[0].values_cm == {"waist": 84.0}
    assert measurements.overview(coach, a.id, TODAY).changes[0].kind == "waist"
