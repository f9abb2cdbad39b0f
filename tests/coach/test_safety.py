"""The safety validator: red flags block, unsafe items are repaired or the plan is rejected.

Plans are built by hand from real library slugs; every rule has its own tests, and a property
test over random plans and profiles checks that whatever the validator returns is safe and
stays unchanged when validated again.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import TEMPLATES
from fitcoach.coach.own_planning import own_record
from fitcoach.coach.plan import CardioItem, Plan, StrengthItem
from fitcoach.coach.rules.safety import load_limits, parse_limits, safety_limits
from fitcoach.coach.safety import (
    RULES,
    SafetyProfile,
    Verdict,
    check_session,
    default_library,
    escalation_message,
    validate_plan,
)
from fitcoach.core.errors import InvalidInput
from fitcoach.services.exercises import Constraints

LIBRARY = default_library()
EVERYTHING = frozenset(vocab.EQUIPMENT)
REQUIRED_FLAGS = (
    "chest_pain",
    "fainting",
    "severe_breathlessness",
    "low_resting_spo2",
    "rhythm_alert",
    "palpitations_dizziness",
    "acute_injury",
)


# --- building plans by hand -----------------------------------------------------------------


def lift(
    exercise: str,
    *,
    sets: int = 3,
    rir: float = 2,
    kg: float | None = None,
    pct: float | None = None,
    max_test: bool = False,
) -> dict[str, Any]:
    """A strength item (load by RIR unless kg or pct is given)."""
    load: dict[str, Any] = {"kind": "by_rir"}
    if kg is not None:
        load = {"kind": "kg", "value": kg}
    elif pct is not None:
        load = {"kind": "pct_e1rm", "value": pct}
    return {
        "kind": "strength",
        "exercise": exercise,
        "sets": sets,
        "rep_min": 5,
        "rep_max": 8,
        "target_rir": rir,
        "load": load,
        "rest_s": 120,
        "max_test": max_test,
    }


def cardio(
    exercise: str,
    *,
    minutes: float | None = 30,
    metres: float | None = None,
    zone: float | None = 2,
    pace: float | None = None,
    max_test: bool = False,
) -> dict[str, Any]:
    """A cardio item at a heart-rate zone (or at a pace in s/km)."""
    intensity = {"kind": "pace", "value": pace} if pace else {"kind": "hr_zone", "value": zone}
    return {
        "kind": "cardio",
        "exercise": exercise,
        "duration_s": None if minutes is None else int(minutes * 60),
        "distance_m": metres,
        "intensity": intensity,
        "max_test": max_test,
    }


def session(key: str, *items: dict[str, Any], status: str = "planned") -> dict[str, Any]:
    return {
        "key": key,
        "name": key.upper(),
        "focus": "full body",
        "warmup": {"duration_s": 300, "steps": ["easy bike"]},
        "items": list(items),
        "status": status,
        "estimated_minutes": 60,
    }


def plan(
    *weeks: list[dict[str, Any]],
    level: str = "intermediate",
    days: int | None = None,
    deload: tuple[int, ...] = (),
    athlete_id: int = 1,
) -> Plan:
    """A plan whose week N holds the sessions given as the N-th argument."""
    most = max(len(w) for w in weeks)
    return Plan.model_validate(
        {
            "athlete_id": athlete_id,
            "goal": "strength",
            "level": level,
            "split": "full_body",
            "days_per_week": days or most,
            "session_minutes": 60,
            "equipment": sorted(EVERYTHING),
            "schedule": list(range(days or most)),
            "start": "2026-11-23",
            "seed": 7,
            "created_at": "2026-11-20T12:00:00Z",
            "weeks": [
                {"index": n, "deload": n in deload, "sessions": sessions}
                for n, sessions in enumerate(weeks, start=1)
            ],
        }
    )


def one(*items: dict[str, Any], **kwargs: Any) -> Plan:
    """A one-week, one-session plan."""
    return plan([session("w1s1", *items)], **kwargs)


def profile(
    *,
    level: str = "intermediate",
    age: float | None = 35,
    equipment: frozenset[str] = EVERYTHING,
    injuries: tuple[str, ...] = (),
    conditions: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
    athlete_id: int = 1,
) -> SafetyProfile:
    return SafetyProfile(
        athlete_id=athlete_id,
        age_years=age,
        level=level,
        equipment=frozenset(equipment),
        injury_regions=frozenset(injuries),
        conditions=frozenset(conditions),
        open_flags=flags,
    )


def check(p: Plan, prof: SafetyProfile, previous: Plan | None = None) -> Verdict:
    """Validate, and check the invariants every verdict keeps: the inputs are untouched and a
    returned plan validates again as ok."""
    before = p.model_dump()
    before_previous = previous.model_dump() if previous else None
    verdict = validate_plan(p, prof, LIBRARY, previous=previous)
    assert p.model_dump() == before
    assert (previous.model_dump() if previous else None) == before_previous
    assert (verdict.plan is None) == (verdict.status in ("rejected", "blocked"))
    assert {v.rule for v in verdict.violations} <= set(RULES)
    if verdict.plan is not None:
        again = validate_plan(verdict.plan, prof, LIBRARY, previous=previous)
        assert again.status == "ok", again.reasons_text
        assert again.plan == verdict.plan
    return verdict


def items(p: Plan | None, key: str = "w1s1") -> list[StrengthItem | CardioItem]:
    assert p is not None
    return p.session(key).items


def strength(p: Plan | None, key: str = "w1s1", index: int = 0) -> StrengthItem:
    item = items(p, key)[index]
    assert isinstance(item, StrengthItem)
    return item


def codes(item: StrengthItem | CardioItem) -> list[str]:
    return [r.code for r in item.reasons]


# --- ok ----------------------------------------------------------------------------------------


def test_a_safe_plan_passes_unchanged() -> None:
    p = plan(
        [session("w1s1", lift("barbell-back-squat", kg=100), cardio("easy-jog"))],
        [session("w2s1", lift("barbell-back-squat", kg=102.5), cardio("easy-jog", minutes=33))],
    )
    verdict = check(p, profile())
    assert verdict.status == "ok"
    assert verdict.violations == []
    assert verdict.reasons_text == []
    assert verdict.plan == p
    assert verdict.plan is not p
    assert verdict.escalation is None


def test_the_plan_must_be_the_profiles_athlete() -> None:
    with pytest.raises(InvalidInput, match="the profile for 2"):
        validate_plan(one(lift("push-up")), profile(athlete_id=2), LIBRARY)
    with pytest.raises(InvalidInput, match="previous plan"):
        validate_plan(
            one(lift("push-up")),
            profile(),
            LIBRARY,
            previous=one(lift("push-up"), athlete_id=3),
        )


# --- red flags ---------------------------------------------------------------------------------


def test_the_rules_hold_every_required_red_flag() -> None:
    rules = safety_limits()
    assert set(REQUIRED_FLAGS) <= set(rules.red_flags)
    assert all(len(rule.source) > 10 for rule in rules.red_flags.values())
    spo2 = rules.red_flags["low_resting_spo2"].value
    assert spo2 is not None
    assert spo2.below == 90


@pytest.mark.parametrize("kind", REQUIRED_FLAGS)
def test_each_red_flag_blocks_with_an_escalation(kind: str) -> None:
    p = one(lift("barbell-back-squat", kg=100))
    verdict = check(p, profile(flags=(kind,)))
    assert verdict.status == "blocked"
    assert verdict.plan is None
    assert [(v.rule, v.action, v.reason.code) for v in verdict.violations] == [
        ("red_flag", "blocked", "red_flag")
    ]
    assert "see a doctor" in verdict.reasons_text[0]
    message = verdict.escalation
    assert message is not None
    assert message.startswith("Please stop training")
    assert "doctor" in message
    assert "not a medical device" in message
    line = message.split("\n")[1]  # the flag's own line
    assert safety_limits().red_flags[kind].message == line
    if kind in ("chest_pain", "fainting"):  # emergency services come first
        assert line.index("emergency number") < line.index("doctor")
        assert "112" in line
        assert "911" in line
    else:
        assert "doctor" in line or "physiotherapist" in line


def test_several_flags_put_the_emergency_first_and_unknown_kinds_still_block() -> None:
    message = escalation_message(["rhythm_alert", "fainting", "rhythm_alert"])
    lines = message.split("\n")
    assert lines[1].startswith("Fainting")
    assert lines[2].startswith("An irregular heart-rhythm")
    assert len(lines) == 4  # opening, two flags (once each), closing
    verdict = check(one(lift("push-up")), profile(flags=("something_new",)))
    assert verdict.status == "blocked"
    assert verdict.escalation is not None
    assert "health concern" in verdict.escalation
    with pytest.raises(ValueError, match="at least one"):
        escalation_message([])


def test_a_red_flag_blocks_even_a_plan_that_would_be_rejected() -> None:
    p = one(lift("no-such-exercise"))
    assert check(p, profile()).status == "rejected"
    assert check(p, profile(flags=("acute_injury",))).status == "blocked"


# --- contraindications and equipment --------------------------------------------------------------


def allowed_for(prof: SafetyProfile) -> Constraints:
    return Constraints(
        equipment=prof.equipment, regions=prof.injury_regions, conditions=prof.conditions
    )


def test_a_contraindicated_exercise_is_replaced_by_a_permitted_substitute() -> None:
    prof = profile(injuries=("knee",))
    p = one(lift("barbell-back-squat", sets=4, rir=3, kg=100), lift("machine-chest-press"))
    verdict = check(p, prof)
    assert verdict.status == "repaired"
    item = strength(verdict.plan)
    record = LIBRARY[item.exercise]
    assert item.exercise != "barbell-back-squat"
    assert allowed_for(prof).allows(record)
    assert record.movement_pattern == "squat"
    assert (item.sets, item.rep_min, item.rep_max, item.target_rir) == (4, 5, 8, 3)
    assert item.load.kind == "by_rir"  # another exercise: the load is found by feel
    assert codes(item) == ["contraindicated", "repaired_substitute"]
    assert "knee injury" in item.reasons[0].text
    assert strength(verdict.plan, index=1) == strength(p, index=1)  # untouched
    [violation] = verdict.violations
    assert (violation.rule, violation.action) == ("contraindicated", "repaired")
    assert (violation.session_key, violation.item_index) == ("w1s1", 0)
    assert violation.reason.code == "repaired_substitute"
    assert "Barbell Back Squat replaced by" in verdict.reasons_text[0]


def test_a_condition_contraindication_is_replaced() -> None:
    prof = profile(conditions=("heart_condition",))
    verdict = check(one(lift("barbell-deadlift", kg=120)), prof)
    item = strength(verdict.plan)
    assert verdict.status == "repaired"
    assert "heart_condition" not in LIBRARY[item.exercise].contraindicated_conditions
    assert allowed_for(prof).allows(LIBRARY[item.exercise])
    assert "heart condition" in item.reasons[0].text


def test_missing_equipment_is_replaced_with_what_the_athlete_has() -> None:
    prof = profile(equipment=frozenset())
    verdict = check(one(lift("barbell-bench-press", kg=80)), prof)
    item = strength(verdict.plan)
    assert LIBRARY[item.exercise].equipment == []
    assert LIBRARY[item.exercise].movement_pattern == "horizontal_push"
    assert codes(item) == ["equipment_missing", "repaired_substitute"]
    assert verdict.violations[0].rule == "equipment"
    assert item.load.kind == "by_rir"


def test_a_load_carries_over_inside_a_load_family() -> None:
    # bodyweight and chair squat: the same held weight is the same working load. The deep knee
    # bend under load rules the squat out with a knee injury; bodyweight only, the chair squat
    # (a partial bend) is the best substitute and keeps the load.
    prof = profile(injuries=("knee",), equipment=frozenset())
    verdict = check(one(lift("bodyweight-squat", kg=12)), prof)
    item = strength(verdict.plan)
    assert item.exercise == "chair-squat"
    assert (item.load.kind, item.load.value) == ("kg", 12)


@pytest.mark.parametrize(
    "slug",
    [
        "dumbbell-reverse-lunge",
        "reverse-lunge",
        "split-squat",
        "bulgarian-split-squat",
        "forward-lunge",
        "dumbbell-walking-lunge",
        "barbell-reverse-lunge",
        "pistol-squat",
        "barbell-back-squat",
        "dumbbell-step-up",
    ],
)
def test_loaded_deep_knee_flexion_never_reaches_a_knee_injury(slug: str) -> None:
    # Issue 34: a dumbbell reverse lunge reached an athlete with a knee injury. Lunges and split
    # squats bring the front knee to 90 degrees under load (deep in the library), so the
    # property rule knee_deep_flexion_loaded rules every one of them out.
    prof = profile(injuries=("knee",))
    verdict = check(one(lift(slug, kg=20)), prof)
    assert verdict.plan is not None
    record = LIBRARY[strength(verdict.plan).exercise]
    assert record.slug != slug
    mech = record.biomechanics
    assert not (mech.knee_flexion == "deep" and mech.joint_load.get("knee") in ("moderate", "high"))


def test_no_library_lunge_or_split_squat_is_a_partial_knee_bend() -> None:
    # The library's data, not a list of names, keeps lunges out for a knee injury: a loaded
    # lunge-pattern exercise bending the knee is a deep bend unless it is a low lateral step.
    for record in LIBRARY.values():
        mech = record.biomechanics
        if record.movement_pattern != "lunge" or mech.joint_load.get("knee") in (None, "low"):
            continue
        assert mech.knee_flexion == "deep" or "lateral" in record.slug, record.slug


def test_every_load_family_names_library_exercises() -> None:
    for family in safety_limits().substitution.load_families:
        assert family <= set(LIBRARY)


def test_a_cardio_item_moves_to_permitted_cardio_and_loses_its_pace() -> None:
    prof = profile(equipment=frozenset(), injuries=("knee",))
    p = one(cardio("treadmill-running", minutes=None, metres=5000, pace=330))
    verdict = check(p, prof)
    item = items(verdict.plan)[0]
    assert isinstance(item, CardioItem)
    record = LIBRARY[item.exercise]
    assert "cardiovascular" in record.primary_muscles
    assert allowed_for(prof).allows(record)
    assert item.distance_m is None
    assert item.duration_s == 5 * 330
    assert item.intensity.kind == "rpe"
    assert item.intensity.value <= 5


def test_no_permitted_substitute_rejects_the_plan() -> None:
    tiny = {"barbell-back-squat": LIBRARY["barbell-back-squat"]}
    verdict = validate_plan(one(lift("barbell-back-squat")), profile(injuries=("knee",)), tiny)
    assert verdict.status == "rejected"
    assert verdict.plan is None
    [violation] = verdict.violations
    assert (violation.rule, violation.action, violation.reason.code) == (
        "contraindicated",
        "rejected",
        "no_substitute",
    )
    assert "knee injury" in violation.reason.text


def test_a_distance_at_a_heart_rate_zone_cannot_move_to_another_modality() -> None:
    prof = profile(equipment=frozenset())
    verdict = check(one(cardio("treadmill-running", minutes=None, metres=5000, zone=2)), prof)
    assert verdict.status == "rejected"
    assert verdict.violations[0].reason.code == "no_substitute"


# --- one session as it is served (check_session) -------------------------------------------------


def test_a_session_the_profile_allows_is_served_as_stored() -> None:
    p = plan(
        [session("w1s1", lift("barbell-back-squat", kg=100)), session("w1s2", lift("leg-press"))]
    )
    stored = p.session("w1s1")
    served = check_session(p, stored, profile(), LIBRARY)
    assert (served.status, served.session, served.reasons) == ("ok", stored, [])


def test_a_served_session_swaps_what_a_new_injury_rules_out_and_says_why() -> None:
    p = plan(
        [
            session("w1s1", lift("barbell-back-squat", kg=100), lift("machine-chest-press")),
            session("w1s2", lift("barbell-deadlift")),
        ]
    )
    before = p.model_dump()
    served = check_session(p, p.session("w1s1"), profile(injuries=("knee",)), LIBRARY)
    assert p.model_dump() == before
    assert served.status == "repaired"
    assert served.session is not None
    assert served.session.key == "w1s1"
    squat = served.session.items[0]
    assert squat.exercise != "barbell-back-squat"
    assert not LIBRARY[squat.exercise].contraindications(["knee"])
    assert served.session.items[1] == p.session("w1s1").items[1]
    cause, swap = (r.text for r in served.reasons)
    assert cause.startswith("Barbell Back Squat is left out (")
    assert "deep knee flexion under load: not with a knee injury" in cause
    assert swap.startswith(f"Barbell Back Squat replaced by {LIBRARY[squat.exercise].name}: ")


def test_an_exercise_without_a_permitted_substitute_is_left_out_of_the_served_session() -> None:
    # A distance at a heart-rate zone has no known time, so no other modality can take it.
    p = one(cardio("treadmill-running", minutes=None, metres=5000), lift("machine-chest-press"))
    served = check_session(p, p.session("w1s1"), profile(injuries=("knee",)), LIBRARY)
    assert served.status == "repaired"
    assert served.session is not None
    assert [i.exercise for i in served.session.items] == ["machine-chest-press"]
    assert [r.code for r in served.reasons] == ["contraindicated", "no_substitute"]
    assert "impact on landing: not with a knee injury" in served.reasons[0].text


def test_a_session_with_nothing_safe_left_is_not_served() -> None:
    p = one(cardio("treadmill-running", minutes=None, metres=5000))
    served = check_session(p, p.session("w1s1"), profile(injuries=("knee",)), LIBRARY)
    assert (served.status, served.session) == ("rejected", None)
    codes_ = [r.code for r in served.reasons]
    assert codes_ == ["contraindicated", "no_substitute", "session_unsafe"]
    assert "Nothing in W1S1 can be done safely" in served.reasons[-1].text


def test_a_rule_over_the_whole_session_or_a_red_flag_serves_nothing() -> None:
    six_days = one(lift("machine-chest-press"), days=6)
    served = check_session(six_days, six_days.session("w1s1"), profile(level="beginner"), LIBRARY)
    assert served.session is None
    assert [r.code for r in served.reasons] == ["rest_days"]
    p = one(lift("machine-chest-press"))
    blocked = check_session(p, p.session("w1s1"), profile(flags=("chest_pain",)), LIBRARY)
    assert (blocked.status, blocked.session) == ("blocked", None)
    assert blocked.escalation is not None


def test_an_unknown_exercise_rejects_the_plan() -> None:
    verdict = check(one(lift("no-such-exercise")), profile())
    assert verdict.status == "rejected"
    assert [(v.rule, v.reason.code) for v in verdict.violations] == [
        ("unknown_exercise", "unknown_exercise")
    ]


def test_an_own_exercise_without_pattern_or_equipment_is_refused_saying_what_to_fill_in() -> None:
    # An own exercise the validator is not given (its pattern or equipment unknown): nothing
    # lets the contraindication rules judge it (docs/coaching.md, "Own exercises and plans").
    verdict = check(one(lift("own-7-my-weird-machine-row")), profile())
    assert verdict.status == "rejected"
    (violation,) = verdict.violations
    assert (violation.rule, violation.reason.code) == (
        "unknown_exercise",
        "own_exercise_not_planned",
    )
    text = violation.reason.text
    assert text.startswith("My weird machine row is your own exercise")
    assert "movement pattern or equipment is not known: fill them in on the Exercises page" in text


def test_a_served_session_leaves_out_an_own_exercise_that_cannot_be_planned() -> None:
    # Its pattern or equipment unknown (a hand-written import, say): the item goes, with the
    # words saying what to fill in, and the rest of the session is served.
    p = one(lift("own-7-gym-thing-nine"), lift("chest-supported-machine-row"))
    check = check_session(p, p.weeks[0].sessions[0], profile(), LIBRARY)
    assert check.status == "repaired"
    assert check.session is not None
    assert [i.exercise for i in check.session.items] == ["chest-supported-machine-row"]
    assert [r.code for r in check.reasons] == ["own_exercise_not_planned"]


OWN_ROW = "own-7-my-weird-machine-row"


def _with_own_row() -> dict[str, Any]:
    record = own_record(
        slug=OWN_ROW,
        name="My Weird Machine Row",
        category="strength",
        movement_pattern="horizontal_pull",
        equipment=["machine"],
        primary_muscles=["lats", "upper_back"],
        library=list(LIBRARY.values()),
    )
    assert record is not None
    return {**LIBRARY, OWN_ROW: record}


def test_an_own_exercise_with_pattern_and_equipment_is_planned_as_the_library_is() -> None:
    library = _with_own_row()
    p = one(lift(OWN_ROW, kg=40))
    verdict = validate_plan(p, profile(), library)
    assert verdict.status == "ok", verdict.violations
    assert strength(verdict.plan, "w1s1").exercise == OWN_ROW
    # Without the machine the athlete cannot do it: refused, never swapped behind their back.
    gym = frozenset(EVERYTHING - {"machine"})
    verdict = validate_plan(p, profile(equipment=gym), library)
    assert verdict.status == "rejected"
    assert [v.reason.code for v in verdict.violations] == ["own_exercise_refused"]
    assert "needs machine" in verdict.violations[0].reason.text


def test_an_own_exercise_inherits_what_rules_out_any_library_exercise_of_its_pattern() -> None:
    # The library's machine row spares a lower back injury; its barbell row does not. The own
    # machine row has no biomechanics of its own, so it takes the union: refused, in words.
    library = _with_own_row()
    assert not LIBRARY["chest-supported-machine-row"].contraindications(["lower_back"])
    assert LIBRARY["barbell-row"].contraindications(["lower_back"])
    back = profile(injuries=("lower_back",))
    assert validate_plan(one(lift("chest-supported-machine-row")), back, library).status == "ok"
    verdict = validate_plan(one(lift(OWN_ROW, kg=40)), back, library)
    assert verdict.status == "rejected"
    (violation,) = verdict.violations
    assert (violation.rule, violation.reason.code) == ("contraindicated", "own_exercise_refused")
    text = violation.reason.text
    assert text.startswith(
        "My Weird Machine Row is your own exercise, so its safety is judged like the "
        "library's horizontal pull exercises; it cannot be in your plan:"
    )
    assert "heavy load on the lower back (as in Barbell Bent-Over Row)" in text, text
    assert "not with a lower back injury" in text
    # An injury no exercise of its pattern is ruled out for leaves it planned.
    assert validate_plan(one(lift(OWN_ROW)), profile(injuries=("ankle",)), library).status == "ok"
    # Served from a stored plan after the injury: left out of the session, with the reason.
    served = check_session(
        one(lift(OWN_ROW), lift("chest-supported-machine-row")),
        one(lift(OWN_ROW), lift("chest-supported-machine-row")).weeks[0].sessions[0],
        back,
        library,
    )
    assert served.session is not None
    assert [i.exercise for i in served.session.items] == ["chest-supported-machine-row"]
    assert any("your own exercise" in r.text for r in served.reasons)


def test_an_own_exercise_the_replaced_plan_held_moves_to_a_library_substitute() -> None:
    # A new injury after the own exercise was planned: the plan catches up like a library
    # exercise's would, to a library substitute (never another own exercise), saying why.
    library = _with_own_row()
    p = one(lift(OWN_ROW, kg=40))
    verdict = validate_plan(p, profile(injuries=("lower_back",)), library, previous=p)
    assert verdict.status == "repaired", verdict.violations
    moved = strength(verdict.plan, "w1s1")
    assert moved.exercise in LIBRARY
    assert LIBRARY[moved.exercise].movement_pattern == "horizontal_pull"
    assert not LIBRARY[moved.exercise].contraindications(["lower_back"])
    (violation,) = verdict.violations
    assert violation.reason.code == "repaired_substitute"
    assert violation.reason.text.startswith("My Weird Machine Row replaced by ")
    assert violation.cause is not None
    assert violation.cause.code == "own_exercise_refused"


def test_done_sessions_are_history_and_never_changed() -> None:
    p = plan(
        [
            session("w1s1", lift("barbell-back-squat", rir=0), status="done"),
            session("w1s2", lift("barbell-back-squat", rir=0)),
        ],
        level="beginner",
    )
    verdict = check(p, profile(level="beginner", injuries=("knee",)))
    assert verdict.status == "repaired"
    assert strength(verdict.plan, "w1s1") == strength(p, "w1s1")
    assert strength(verdict.plan, "w1s2").exercise != "barbell-back-squat"
    assert {v.session_key for v in verdict.violations} == {"w1s2"}


# --- effort: RIR and maximal tests ---------------------------------------------------------------


def test_beginners_keep_two_reps_in_reserve() -> None:
    p = one(lift("machine-chest-press", rir=0), lift("lat-pulldown", rir=3), level="beginner")
    verdict = check(p, profile(level="beginner"))
    assert verdict.status == "repaired"
    assert strength(verdict.plan).target_rir == 2
    assert codes(strength(verdict.plan)) == ["min_rir_beginner"]
    assert strength(verdict.plan, index=1).target_rir == 3
    assert verdict.reasons_text == ["Beginners keep at least 2 reps in reserve."]


def test_the_more_cautious_level_of_plan_and_profile_counts() -> None:
    p = one(lift("machine-chest-press", rir=1), level="beginner")
    assert check(p, profile(level="advanced")).violations[0].rule == "min_rir_beginner"


def test_hypertension_keeps_two_reps_in_reserve_on_every_strength_item() -> None:
    p = one(lift("machine-chest-press", rir=0.5), lift("seated-cable-row", rir=1))
    verdict = check(p, profile(conditions=("hypertension",)))
    assert [strength(verdict.plan, index=i).target_rir for i in (0, 1)] == [2, 2]
    assert {v.rule for v in verdict.violations} == {"min_rir_condition"}
    assert "With hypertension" in verdict.reasons_text[0]


@pytest.mark.parametrize(
    ("prof", "who"),
    [
        (profile(level="beginner"), "beginners"),
        (profile(age=16), "under-18s"),
        (profile(age=None), "athletes whose age is unknown"),
        (profile(conditions=("asthma",)), "athletes with asthma"),
    ],
)
def test_max_tests_are_removed_where_they_do_not_belong(prof: SafetyProfile, who: str) -> None:
    p = one(lift("machine-chest-press", sets=1, rir=0, max_test=True), level=prof.level)
    verdict = check(p, prof)
    item = strength(verdict.plan)
    assert not item.max_test
    assert item.target_rir >= 2
    assert "no_max_test" in codes(item)
    [reason] = [r for r in item.reasons if r.code == "no_max_test"]
    assert who in reason.text


def test_an_adult_non_beginner_without_conditions_may_test_a_max() -> None:
    p = one(lift("machine-chest-press", sets=1, rir=0, max_test=True))
    assert check(p, profile(level="advanced", age=30)).status == "ok"


def test_a_refused_cardio_max_test_is_capped_below_maximal() -> None:
    p = one(cardio("easy-jog", zone=5, max_test=True), level="beginner")
    item = items(check(p, profile(level="beginner")).plan)[0]
    assert isinstance(item, CardioItem)
    assert not item.max_test
    assert item.intensity.value == 4


# --- rest days ---------------------------------------------------------------------------------


def week_of(n: int, week: int = 1) -> list[dict[str, Any]]:
    return [session(f"w{week}s{i}", lift("machine-chest-press")) for i in range(1, n + 1)]


@pytest.mark.parametrize(
    ("level", "age", "sessions", "status"),
    [
        ("intermediate", 35, 6, "ok"),
        ("intermediate", 35, 7, "rejected"),
        ("beginner", 35, 5, "ok"),
        ("beginner", 35, 6, "rejected"),
        ("advanced", 70, 5, "ok"),
        ("advanced", 70, 6, "rejected"),
    ],
)
def test_rest_days(level: str, age: float, sessions: int, status: str) -> None:
    p = plan(week_of(sessions), level=level)
    verdict = check(p, profile(level=level, age=age))
    assert verdict.status == status
    if status == "rejected":
        assert [(v.rule, v.reason.code) for v in verdict.violations] == [("rest_days", "rest_days")]
        assert verdict.violations[0].reason.params["days"] == (2 if sessions == 6 else 1)


def test_days_per_week_counts_too() -> None:
    p = plan(week_of(3), days=6, level="beginner")
    assert check(p, profile(level="beginner")).status == "rejected"


# --- load increases -----------------------------------------------------------------------------


def squat_weeks(*loads: float, deload: tuple[int, ...] = ()) -> Plan:
    return plan(
        *[[session(f"w{n}s1", lift("barbell-back-squat", kg=kg))] for n, kg in enumerate(loads, 1)],
        deload=deload,
    )


def test_a_load_rises_at_most_five_percent_or_2_5_kg_a_week() -> None:
    verdict = check(squat_weeks(100, 110, 120), profile())
    loads = [strength(verdict.plan, f"w{n}s1").load.value for n in (1, 2, 3)]
    assert loads == [100, 105, 110]  # 105 + 5.25 rounds down to 110
    assert [v.session_key for v in verdict.violations] == ["w2s1", "w3s1"]
    assert all(v.rule == "load_increase" for v in verdict.violations)
    assert "increase_capped" in codes(strength(verdict.plan, "w2s1"))
    assert "105 kg" in verdict.reasons_text[0]


def test_light_loads_may_rise_2_5_kg() -> None:
    assert check(squat_weeks(20, 22.5), profile()).status == "ok"
    verdict = check(squat_weeks(20, 25), profile())
    assert strength(verdict.plan, "w2s1").load.value == 22.5


def test_the_week_after_a_deload_compares_with_the_week_before_it() -> None:
    assert check(squat_weeks(100, 80, 105, deload=(2,)), profile()).status == "ok"
    verdict = check(squat_weeks(100, 80, 110, deload=(2,)), profile())
    assert strength(verdict.plan, "w3s1").load.value == 105


def test_loads_are_capped_against_the_previous_version() -> None:
    previous = squat_weeks(100)
    verdict = check(squat_weeks(120), profile(), previous=previous)
    assert strength(verdict.plan).load.value == 105
    # another exercise in the same session is not compared
    other = one(lift("barbell-front-squat", kg=120))
    assert check(other, profile(), previous=previous).status == "ok"


def test_fractions_of_e1rm_are_capped_too() -> None:
    p = plan(
        [session("w1s1", lift("barbell-back-squat", pct=0.70))],
        [session("w2s1", lift("barbell-back-squat", pct=0.80))],
    )
    verdict = check(p, profile())
    assert strength(verdict.plan, "w2s1").load.value == pytest.approx(0.735)


# --- weekly volume ------------------------------------------------------------------------------


def sets_of(p: Plan | None, week: int, muscle: str) -> float:
    assert p is not None
    total = 0.0
    for s in p.weeks[week - 1].sessions:
        for it in s.items:
            if isinstance(it, StrengthItem):
                record = LIBRARY[it.exercise]
                if muscle in record.primary_muscles:
                    total += it.sets
                elif muscle in record.secondary_muscles:
                    total += 0.5 * it.sets
    return total


def test_weekly_sets_per_muscle_rise_at_most_20_percent() -> None:
    p = plan(
        [
            session("w1s1", lift("machine-chest-press", sets=5)),
            session("w1s2", lift("machine-chest-press", sets=5)),
        ],
        [
            session("w2s1", lift("machine-chest-press", sets=8)),
            session("w2s2", lift("machine-chest-press", sets=8)),
        ],
    )
    verdict = check(p, profile())
    assert verdict.status == "repaired"
    assert sets_of(p, 2, "chest") == 16
    assert sets_of(verdict.plan, 2, "chest") == 12  # 10 + 20 %
    assert {v.rule for v in verdict.violations} == {"weekly_sets"}
    assert any("chest" in t for t in verdict.reasons_text)


def test_weekly_sets_are_capped_against_the_previous_version() -> None:
    # 5 sets before: +20 % is 6 and +2 sets is 7, but up to the chest MEV (10) is allowed.
    previous = plan([session("w1s1", lift("machine-chest-press", sets=5))])
    verdict = check(
        plan([session("w1s1", lift("machine-chest-press", sets=9))]), profile(), previous
    )
    assert strength(verdict.plan).sets == 9
    # 12 sets before: +20 % (14.4) beats +2 sets and the MEV.
    previous = plan([session("w1s1", *[lift("machine-chest-press", sets=6)] * 2)])
    verdict = check(
        plan([session("w1s1", *[lift("machine-chest-press", sets=10)] * 2)]), profile(), previous
    )
    assert verdict.plan is not None
    assert sum(i.sets for i in verdict.plan.weeks[0].sessions[0].items) == 14
    # 30 sets before: +20 % (36) beats +2 sets.
    previous = plan([session("w1s1", *[lift("machine-chest-press", sets=10)] * 3)])
    verdict = check(
        plan([session("w1s1", *[lift("machine-chest-press", sets=10)] * 4)]), profile(), previous
    )
    assert verdict.plan is not None
    assert sum(i.sets for i in verdict.plan.weeks[0].sessions[0].items) == 36


def test_weekly_sets_that_cannot_come_down_reject_the_plan() -> None:
    # 1 set before allows up to the chest MEV (10); eleven 1-set items cannot come down.
    week1 = [session("w1s1", lift("machine-chest-press", sets=1))]
    week2 = [session("w2s1", *[lift("machine-chest-press", sets=1)] * 11)]
    verdict = check(plan(week1, week2), profile())
    assert verdict.status == "rejected"
    assert verdict.violations[-1].rule == "weekly_sets"


def test_weekly_cardio_time_rises_at_most_10_percent() -> None:
    p = plan(
        [
            session("w1s1", cardio("easy-jog", minutes=30)),
            session("w1s2", cardio("easy-jog", minutes=30)),
        ],
        [
            session("w2s1", cardio("easy-jog", minutes=45)),
            session("w2s2", cardio("easy-jog", minutes=45)),
        ],
    )
    verdict = check(p, profile())
    assert verdict.status == "repaired"
    minutes = [
        it.duration_s / 60
        for s in verdict.plan.weeks[1].sessions  # type: ignore[union-attr]
        for it in s.items
        if isinstance(it, CardioItem) and it.duration_s
    ]
    assert sum(minutes) <= 66
    assert sum(minutes) >= 60
    assert {v.rule for v in verdict.violations} == {"cardio_weekly"}


def test_weekly_cardio_distance_is_capped_and_the_pace_never_gets_faster() -> None:
    p = plan(
        [session("w1s1", cardio("easy-jog", minutes=50, metres=10_000))],
        [session("w2s1", cardio("easy-jog", minutes=60, metres=13_000))],
    )
    verdict = check(p, profile())
    item = items(verdict.plan, "w2s1")[0]
    assert isinstance(item, CardioItem)
    assert item.duration_s
    assert item.distance_m
    assert item.duration_s <= 55 * 60
    assert item.distance_m <= 11_000
    assert item.duration_s / item.distance_m >= 60 * 60 / 13_000  # s per m: no faster


def test_weekly_cardio_is_capped_against_the_previous_version() -> None:
    previous = one(cardio("easy-jog", minutes=30))
    verdict = check(one(cardio("easy-jog", minutes=60)), profile(), previous)
    item = items(verdict.plan)[0]
    assert isinstance(item, CardioItem)
    assert item.duration_s == 33 * 60


# --- the rule file -----------------------------------------------------------------------------


def shipped() -> dict[str, Any]:
    path = Path(__file__).parents[2] / "src/fitcoach/coach/rules/safety.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_broken_rule_file_names_the_field() -> None:
    data = shipped()
    data["load_increase"]["relative"] = 0.5
    with pytest.raises(InvalidInput, match=r"load_increase\.relative"):
        parse_limits(data)
    data = shipped()
    data["min_rir"]["conditions"]["gout"] = 2
    with pytest.raises(InvalidInput, match="unknown conditions"):
        parse_limits(data)
    with pytest.raises(InvalidInput, match="mapping"):
        parse_limits([1, 2])


def test_limits_can_come_from_another_file(tmp_path: Path) -> None:
    data = shipped()
    data["rest_days"]["default"] = 2
    path = tmp_path / "safety.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    limits = load_limits(path)
    verdict = validate_plan(plan(week_of(6)), profile(), LIBRARY, limits=limits)
    assert verdict.status == "rejected"
    assert load_limits() is safety_limits()


def test_every_reason_code_the_validator_uses_exists() -> None:
    for code in (
        "unknown_exercise",
        "own_exercise_not_planned",
        "own_exercise_refused",
        "no_substitute",
        "min_rir_condition",
        "increase_capped",
    ):
        assert code in TEMPLATES


# --- the property: whatever comes back is safe and stable ---------------------------------------

_SLUGS = sorted(LIBRARY)


@st.composite
def items_st(draw: st.DrawFn) -> dict[str, Any]:
    slug = draw(st.sampled_from(_SLUGS))
    max_test = draw(st.booleans())
    if "cardiovascular" in LIBRARY[slug].primary_muscles:
        pace = draw(st.none() | st.integers(240, 600))
        minutes = draw(st.none() | st.integers(10, 90)) if pace else draw(st.integers(10, 90))
        metres = draw(st.none() | st.integers(1000, 20_000)) if minutes else 5000
        return cardio(
            slug,
            minutes=minutes,
            metres=metres,
            zone=draw(st.integers(1, 5)),
            pace=pace,
            max_test=max_test,
        )
    load = draw(st.sampled_from(["by_rir", "kg", "pct"]))
    return lift(
        slug,
        sets=draw(st.integers(1, 6)),
        rir=draw(st.sampled_from([0, 0.5, 1, 2, 3])),
        kg=draw(st.sampled_from([20, 40, 60, 62.5, 100])) if load == "kg" else None,
        pct=draw(st.sampled_from([0.6, 0.7, 0.8])) if load == "pct" else None,
        max_test=max_test,
    )


@st.composite
def plans_st(draw: st.DrawFn) -> Plan:
    weeks = []
    for w in range(1, draw(st.integers(1, 3)) + 1):
        n = draw(st.integers(1, 3))
        weeks.append(
            [
                session(f"w{w}s{i}", *draw(st.lists(items_st(), min_size=1, max_size=3)))
                for i in range(1, n + 1)
            ]
        )
    deload = tuple(draw(st.sets(st.integers(2, 3), max_size=1)))
    return plan(*weeks, level=draw(st.sampled_from(vocab.LEVELS)), deload=deload)


@st.composite
def profiles_st(draw: st.DrawFn) -> SafetyProfile:
    return profile(
        level=draw(st.sampled_from(vocab.LEVELS)),
        age=draw(st.none() | st.floats(12, 90)),
        equipment=frozenset(draw(st.sets(st.sampled_from(vocab.EQUIPMENT), max_size=12))),
        injuries=tuple(draw(st.sets(st.sampled_from(vocab.BODY_REGIONS), max_size=2))),
        conditions=tuple(draw(st.sets(st.sampled_from(vocab.CONDITIONS), max_size=2))),
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(p=plans_st(), prof=profiles_st(), previous=st.none() | plans_st())
def test_whatever_the_validator_returns_is_safe(
    p: Plan, prof: SafetyProfile, previous: Plan | None
) -> None:
    snapshot = copy.deepcopy(p.model_dump())
    verdict = check(p, prof, previous)  # inputs untouched, re-validation ok
    assert p.model_dump() == snapshot
    if verdict.plan is None:
        assert verdict.violations
        assert all(v.action in ("rejected", "repaired") for v in verdict.violations)
        return
    constraints = allowed_for(prof)
    most = safety_limits().max_sessions_per_week(
        min(prof.level, p.level, key=vocab.LEVELS.index), prof.age_years
    )[1]
    for week in verdict.plan.weeks:
        assert len(week.sessions) <= most
    for s in verdict.plan.sessions():
        for it in s.items:
            assert constraints.allows(LIBRARY[it.exercise])
            if it.max_test:
                assert prof.level != "beginner"
                assert prof.age_years
                assert prof.age_years >= 18
                assert not prof.conditions
            if isinstance(it, StrengthItem) and (
                "beginner" in (prof.level, p.level) or "hypertension" in prof.conditions
            ):
                assert it.target_rir >= 2
    changed = {(v.session_key, v.item_index) for v in verdict.violations}
    for s in verdict.plan.sessions():
        for index, it in enumerate(s.items):
            if (s.key, index) in changed:
                assert it.reasons, "a changed item carries its reason"


@st.composite
def progressions_st(draw: st.DrawFn) -> Plan:
    """The same sessions week after week with loads, sets and minutes that jump around: the
    increase caps get their turn."""
    base = draw(st.lists(st.lists(items_st(), min_size=1, max_size=3), min_size=1, max_size=3))
    weeks = []
    for w in range(1, draw(st.integers(2, 4)) + 1):
        sessions = []
        for i, template in enumerate(base, start=1):
            varied = []
            for item in template:
                item = copy.deepcopy(item)
                if item["kind"] == "strength":
                    item["sets"] = draw(st.integers(1, 8))
                    if item["load"]["kind"] == "kg":
                        item["load"]["value"] = draw(st.sampled_from([40, 50, 60, 61, 75, 100]))
                elif item["duration_s"] is not None:
                    item["duration_s"] = 60 * draw(st.integers(10, 90))
                varied.append(item)
            sessions.append(session(f"w{w}s{i}", *varied))
        weeks.append(sessions)
    deload = tuple(draw(st.sets(st.integers(2, 4), max_size=1)))
    return plan(*weeks, level=draw(st.sampled_from(vocab.LEVELS)), deload=deload)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=progressions_st(), level=st.sampled_from(vocab.LEVELS), use_previous=st.booleans())
def test_progressions_come_back_within_the_caps(p: Plan, level: str, use_previous: bool) -> None:
    prof = profile(level=level)
    previous = p.model_copy(deep=True) if use_previous else None
    if previous is not None:  # the previous version had every kg load 10 % lighter
        for s in previous.sessions():
            for it in s.items:
                if isinstance(it, StrengthItem) and it.load.kind == "kg" and it.load.value:
                    it.load.value = round(it.load.value * 0.9, 1)
    verdict = check(p, prof, previous)
    if verdict.plan is None:
        return
    limits = safety_limits().load_increase
    for week_pos, week in enumerate(verdict.plan.weeks[1:], start=1):
        earlier = next((w for w in reversed(verdict.plan.weeks[:week_pos]) if not w.deload), None)
        if earlier is None:
            continue
        for s, before in zip(week.sessions, earlier.sessions, strict=True):
            for it, old in zip(s.items, before.items, strict=True):
                if (
                    isinstance(it, StrengthItem)
                    and isinstance(old, StrengthItem)
                    and it.exercise == old.exercise
                    and it.load.kind == old.load.kind == "kg"
                ):
                    assert it.load.value is not None
                    assert old.load.value is not None
                    step = max(limits.kg_min_step, limits.relative * old.load.value)
                    assert it.load.value <= old.load.value + step + 1e-9


def test_the_served_warm_up_prepares_the_substitute_not_what_the_profile_rules_out() -> None:
    p = plan(
        [
            session("w1s1", lift("barbell-back-squat", kg=100), lift("machine-chest-press")),
            session("w1s2", lift("barbell-deadlift")),
        ]
    )
    stored = p.session("w1s1")
    steps = [
        "5 min brisk walk, easy",
        "Ramp-up sets of Barbell Back Squat: 2-3 lighter sets, fewer reps each",
        f"Ramp-up sets of {LIBRARY['machine-chest-press'].name}: 1-2 lighter sets",
    ]
    stored = stored.model_copy(update={"warmup": stored.warmup.model_copy(update={"steps": steps})})
    served = check_session(p, stored, profile(injuries=("knee",)), LIBRARY)
    assert served.session is not None
    swap = LIBRARY[served.session.items[0].exercise].name
    assert served.session.warmup.steps == [
        steps[0],
        f"Ramp-up sets of {swap}: 2-3 lighter sets, fewer reps each",
        steps[2],
    ]
    # Left out with no substitute: the step that prepared it goes.
    run = one(cardio("treadmill-running", minutes=None, metres=5000), lift("machine-chest-press"))
    first = run.session("w1s1")
    named = f"{LIBRARY['treadmill-running'].name}: a few easy minutes"
    first = first.model_copy(
        update={"warmup": first.warmup.model_copy(update={"steps": [named, steps[0]]})}
    )
    left = check_session(run, first, profile(injuries=("knee",)), LIBRARY)
    assert left.session is not None
    assert left.session.warmup.steps == [steps[0]]
