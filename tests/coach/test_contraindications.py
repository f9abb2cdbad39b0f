"""Contraindications derived from exercise biomechanics (rules/contraindications.yaml).

Named cases pin the calculator on exercises that hand lists once let through (loaded sumo
squats and pogo hops for an injured knee, pogo hops with osteoporosis); the property tests
draw thousands of random athletes and check that no generated plan, no substitute list and no
edited plan the safety validator accepts holds an exercise the rules rule out for them.
The calculator and property tests need no database (the library is the shipped YAML); the
last test runs the services on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.factories import make_athlete

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.edits import AddExercise, ReplaceExercise, apply_edit, is_cardio
from fitcoach.coach.plan import Plan
from fitcoach.coach.planner import PlannerInputs, generate_plan
from fitcoach.coach.rules.contraindications import (
    Biomechanics,
    Exclusion,
    blocking,
    contraindication_rules,
    exclusions,
    parse_rules,
)
from fitcoach.coach.rules.planning import planning_rules
from fitcoach.coach.safety import SafetyProfile, default_library, validate_plan
from fitcoach.core.errors import InvalidInput
from fitcoach.services import exercises, plans
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import (
    Constraints,
    ExerciseRecord,
    library_records,
    parse_library,
    rank_substitutes,
)
from fitcoach.storage.repositories import exercises as exercise_repo

LIBRARY: tuple[ExerciseRecord, ...] = library_records()
BY_SLUG = {r.slug: r for r in LIBRARY}
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
START = date(2026, 11, 23)
FULL_GYM = frozenset(vocab.EQUIPMENT_PRESETS["full_gym"])


def ruled_out(
    slug: str, *, regions: tuple[str, ...] = (), conditions: tuple[str, ...] = ()
) -> list[str]:
    """The reasons the calculator gives for ``slug`` (evaluated afresh from its biomechanics)."""
    found = exclusions(BY_SLUG[slug].biomechanics)
    return [e.text for e in blocking(found, frozenset(regions), frozenset(conditions))]


# The oracle's rules per library record, evaluated afresh from its biomechanics once (the
# records are immutable; the property tests ask about the same ~300 thousands of times).
_ORACLE: dict[str, tuple[Exclusion, ...]] = {}


def forbidden(
    record: ExerciseRecord, regions: frozenset[str], conditions: frozenset[str]
) -> list[str]:
    """The oracle of the property tests: the rules evaluated on the record's attributes."""
    if BY_SLUG.get(record.slug) is record:
        found = _ORACLE.get(record.slug)
        if found is None:
            found = _ORACLE[record.slug] = exclusions(record.biomechanics)
    else:
        found = exclusions(record.biomechanics)
    return [e.text for e in blocking(found, regions, conditions)]


# --- the calculator: named cases ----------------------------------------------------------------


def test_a_loaded_sumo_squat_is_out_with_a_knee_injury() -> None:
    assert ruled_out("dumbbell-sumo-squat", regions=("knee",)) == [
        "deep knee flexion under load: not with a knee injury"
    ]
    assert ruled_out("goblet-squat", regions=("knee",)) == ruled_out(
        "dumbbell-sumo-squat", regions=("knee",)
    )


def test_pogo_hops_are_out_with_a_knee_injury_osteoporosis_or_pregnancy() -> None:
    assert ruled_out("pogo-hops", regions=("knee",)) == [
        "impact on landing: not with a knee injury"
    ]
    assert ruled_out("pogo-hops", conditions=("osteoporosis",)) == [
        "high-impact landings: not with osteoporosis"
    ]
    assert ruled_out("pogo-hops", conditions=("pregnancy",)) == [
        "high-impact landings: not with pregnancy"
    ]
    assert ruled_out("pogo-hops", regions=("wrist",), conditions=("hypertension",)) == []


def test_an_overhead_press_is_out_with_a_shoulder_injury() -> None:
    texts = ruled_out("barbell-overhead-press", regions=("shoulder",))
    assert "loaded overhead work: not with a shoulder injury" in texts
    assert "heavy load on the shoulder: not with a shoulder injury" in texts
    assert "loaded overhead work: not with a shoulder injury" in ruled_out(
        "seated-dumbbell-shoulder-press", regions=("shoulder",)
    )
    # Pressing below shoulder height stays: the landmine press is the usual modification.
    assert ruled_out("landmine-press", regions=("shoulder",)) == []


@pytest.mark.parametrize(
    ("slug", "regions", "conditions", "expected"),
    [
        (
            "barbell-back-squat",
            ("lower_back",),
            (),
            "heavy load on the spine: not with a lower back injury",
        ),
        (
            "barbell-back-squat",
            (),
            ("hypertension",),
            "heavy straining with a held breath (Valsalva): not with hypertension",
        ),
        (
            "barbell-deadlift",
            (),
            ("heart_condition",),
            "heavy straining with a held breath (Valsalva): not with a heart condition",
        ),
        (
            "crunch",
            (),
            ("osteoporosis",),
            "bending the spine against resistance: not with osteoporosis",
        ),
        (
            "russian-twist",
            (),
            ("osteoporosis",),
            "twisting the spine against resistance: not with osteoporosis",
        ),
        (
            "cable-woodchop",
            ("lower_back",),
            (),
            "twisting the spine against resistance: not with a lower back injury",
        ),
        (
            "barbell-bench-press",
            (),
            ("pregnancy",),
            "lying on the back or the belly: not with pregnancy",
        ),
        ("glute-bridge", (), ("pregnancy",), "lying on the back or the belly: not with pregnancy"),
        ("soccer", (), ("pregnancy",), "a risk of falls or contact: not with pregnancy"),
        ("handstand-push-up", (), ("hypertension",), "a head-down position: not with hypertension"),
        ("sprints", (), ("heart_condition",), "all-out effort: not with a heart condition"),
        ("easy-jog", ("ankle",), (), "impact on landing: not with an ankle injury"),
        ("crunch", ("neck",), (), "strain on the neck: not with a neck injury"),
        ("leg-extension", ("knee",), (), "heavy load on the knee: not with a knee injury"),
    ],
)
def test_named_exclusions(
    slug: str, regions: tuple[str, ...], conditions: tuple[str, ...], expected: str
) -> None:
    assert expected in ruled_out(slug, regions=regions, conditions=conditions)


@pytest.mark.parametrize(
    ("slug", "regions", "conditions"),
    [
        ("chair-squat", ("knee",), ()),  # partial range: the knee-friendly squat
        ("wall-sit", ("knee",), ()),
        ("glute-bridge", ("knee", "lower_back"), ()),
        ("moderate-stationary-cycling", ("knee", "ankle"), ("osteoporosis", "pregnancy")),
        ("easy-freestyle-swimming", ("knee",), ("pregnancy", "osteoporosis")),
        ("incline-dumbbell-press", (), ("pregnancy",)),  # reclined, not supine
        ("band-external-rotation", ("shoulder",), ()),
        ("brisk-walk", (), ("pregnancy", "osteoporosis", "heart_condition", "hypertension")),
    ],
)
def test_joint_friendly_options_stay_allowed(
    slug: str, regions: tuple[str, ...], conditions: tuple[str, ...]
) -> None:
    assert ruled_out(slug, regions=regions, conditions=conditions) == []


def test_records_carry_the_derived_result() -> None:
    sumo = BY_SLUG["dumbbell-sumo-squat"]
    assert sumo.contraindicated_regions == ["knee"]
    assert sumo.contraindicated_conditions == []
    assert [e.rule for e in sumo.contraindications(regions=["knee"])] == [
        "knee_deep_flexion_loaded"
    ]
    assert not Constraints(regions=frozenset({"knee"})).allows(sumo)
    assert Constraints(regions=frozenset({"hip"})).allows(sumo)
    pogo = BY_SLUG["pogo-hops"]
    assert {"knee", "ankle"} <= set(pogo.contraindicated_regions)
    assert {"osteoporosis", "pregnancy"} <= set(pogo.contraindicated_conditions)


def test_every_rule_rules_something_out_and_cites_a_source() -> None:
    rules = contraindication_rules()
    used = {e.rule for r in LIBRARY for e in r.exclusions}
    assert used == {rule.id for rule in rules.rules}
    assert all(len(rule.source) > 10 for rule in rules.rules)


def test_every_pattern_keeps_safe_options_for_common_profiles() -> None:
    # One injury or one condition, full gym: every movement pattern keeps an allowed exercise,
    # except twisting (rotation) with a painful lower back or osteoporosis and jumping with an
    # injured knee, which the rules exclude on purpose (the planner substitutes there).
    expected_empty = {
        ("lower_back", "rotation"),
        ("osteoporosis", "rotation"),
        ("knee", "jump"),
    }
    empty = set()
    for what in (*vocab.BODY_REGIONS, *vocab.CONDITIONS):
        c = (
            Constraints(regions=frozenset({what}))
            if what in vocab.BODY_REGIONS
            else Constraints(conditions=frozenset({what}))
        )
        for pattern in vocab.MOVEMENT_PATTERNS:
            if not any(r.movement_pattern == pattern and c.allows(r) for r in LIBRARY):
                empty.add((what, pattern))
    assert empty == expected_empty


# --- validation: attributes and rules --------------------------------------------------------------

_ENTRY: dict[str, Any] = {
    "slug": "test-squat",
    "name": "Test Squat",
    "aliases": [],
    "category": "strength",
    "movement_pattern": "squat",
    "primary_muscles": ["quads"],
    "secondary_muscles": [],
    "equipment": [],
    "level": "beginner",
    "mechanics": "compound",
    "unilateral": False,
    "biomechanics": {
        "joint_load": {"hip": "moderate", "knee": "moderate"},
        "knee_flexion": "deep",
        "impact": "none",
        "spinal_load": "none",
        "spinal_flexion": False,
        "spinal_rotation": False,
        "overhead": False,
        "position": "standing",
        "valsalva": False,
        "fall_risk": False,
        "maximal_effort": False,
    },
    "met": 3.5,
    "description": "Squat.",
}


def _library(*entries: dict[str, Any]) -> str:
    return yaml.safe_dump({"exercises": list(entries)})


def test_a_complete_entry_validates_and_derives_its_contraindications() -> None:
    (record,) = parse_library(_library(_ENTRY))
    assert record.contraindicated_regions == ["knee"]


def test_the_library_rejects_an_exercise_without_attributes() -> None:
    entry = {k: v for k, v in _ENTRY.items() if k != "biomechanics"}
    with pytest.raises(InvalidInput, match=r"entry 1: .*biomechanics"):
        parse_library(_library(_ENTRY, entry))


@pytest.mark.parametrize(
    "missing", ["impact", "knee_flexion", "joint_load", "position", "valsalva"]
)
def test_the_library_rejects_an_exercise_missing_one_attribute(missing: str) -> None:
    mech = {k: v for k, v in _ENTRY["biomechanics"].items() if k != missing}
    with pytest.raises(InvalidInput, match=missing):
        parse_library(_library({**_ENTRY, "biomechanics": mech}))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"impact": "huge"}, "impact"),
        ({"joint_load": {"knee": "extreme"}}, "joint_load"),
        ({"joint_load": {"toe": "low", "knee": "low"}}, "unknown body regions"),
        ({"joint_load": {"hip": "low"}}, "knee_flexion needs a knee load"),
        ({"overhead": True}, "overhead work needs a shoulder load"),
    ],
)
def test_the_library_rejects_bad_attribute_values(change: dict[str, Any], message: str) -> None:
    mech = {**_ENTRY["biomechanics"], **change}
    with pytest.raises(InvalidInput, match=message):
        parse_library(_library({**_ENTRY, "biomechanics": mech}))


def test_the_hand_lists_are_gone() -> None:
    entry = {**_ENTRY, "contraindicated_regions": ["knee"]}
    with pytest.raises(InvalidInput, match="contraindicated_regions"):
        parse_library(_library(entry))


def _rule(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "test_rule",
        "regions": ["knee"],
        "when": {"knee_flexion": ["deep"]},
        "reason": "deep knee bends",
        "source": "A test source 2026",
    }
    return {**base, **changes}


def test_rules_are_data_evaluated_by_the_calculator() -> None:
    rules = parse_rules(
        {
            "version": 1,
            "rules": [
                _rule(),
                _rule(
                    id="heavy",
                    regions=["hip"],
                    when={"load.injured": ["high"]},
                    reason="heavy on the {region}",
                ),
            ],
        }
    )
    mech = BY_SLUG["barbell-back-squat"].biomechanics
    found = exclusions(mech, rules)
    assert [(e.what, e.rule, e.text) for e in found] == [
        ("knee", "test_rule", "deep knee bends: not with a knee injury"),
        ("hip", "heavy", "heavy on the hip: not with a hip injury"),
    ]
    assert exclusions(BY_SLUG["chair-squat"].biomechanics, rules) == ()


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (_rule(when={"bounciness": ["high"]}), "unknown attribute"),
        (_rule(when={"impact": ["extreme"]}), "impact takes values"),
        (_rule(when={"overhead": ["yes"]}), "overhead takes values"),
        (_rule(when={"knee_flexion": [True]}), "knee_flexion takes values"),
        (_rule(conditions=["pregnancy"]), "exactly one of them"),
        (
            _rule(regions=[], conditions=["pregnancy"], when={"load.injured": ["high"]}),
            "load.injured",
        ),
        (_rule(regions=["toe"]), "unknown body regions"),
        (_rule(source=""), "source"),
    ],
)
def test_broken_rules_are_refused_with_the_field(rule: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_rules({"version": 1, "rules": [rule]})


def test_duplicate_rule_ids_are_refused() -> None:
    with pytest.raises(InvalidInput, match="duplicate"):
        parse_rules({"version": 1, "rules": [_rule(), _rule()]})


def test_attribute_consistency_is_checked_on_the_model() -> None:
    with pytest.raises(ValueError, match="high spinal_load"):
        Biomechanics.model_validate({**_ENTRY["biomechanics"], "spinal_load": "high"})


# --- plans for constrained athletes ---------------------------------------------------------------


def _inputs(**changes: Any) -> PlannerInputs:
    base: dict[str, Any] = {
        "athlete_id": 7,
        "goals": ("general_fitness",),
        "sports": (),
        "level": "beginner",
        "days_per_week": 3,
        "session_minutes": 45,
        "equipment": frozenset(),
        "injury_regions": frozenset(),
        "conditions": frozenset(),
        "dislikes": frozenset(),
        "preferences": frozenset(),
        "age_years": 40.0,
        "e1rm_kg": {},
        "start": START,
    }
    base.update(changes)
    return PlannerInputs(**base)


@pytest.mark.parametrize("equipment", [frozenset(), frozenset({"dumbbell"})])
def test_a_knee_injured_beginner_gets_a_plan_that_spares_the_knee(
    equipment: frozenset[str],
) -> None:
    inputs = _inputs(injury_regions=frozenset({"knee"}), goals=("strength",), equipment=equipment)
    plan = generate_plan(inputs, LIBRARY, seed=3, now=NOW)
    items = [i for s in plan.sessions() for i in s.items]
    assert items
    for item in items:
        assert not forbidden(BY_SLUG[item.exercise], frozenset({"knee"}), frozenset())
    slugs = {i.exercise for i in items}
    assert "chair-squat" in slugs  # a partial-range squat keeps the squat pattern
    assert not {"bodyweight-squat", "goblet-squat", "dumbbell-sumo-squat"} & slugs
    if equipment:  # the goblet squat would come first; the plan says why it does not
        texts = [r.text for i in items for r in i.reasons if r.code == "injury_avoid"]
        assert (
            "Chosen instead of Goblet Squat because of your knee (deep knee flexion under load)."
            in texts
        )


def test_a_pattern_with_nothing_allowed_is_replaced_with_a_reason() -> None:
    # Osteoporosis rules out every rotation exercise (twisting the spine under load).
    inputs = _inputs(conditions=frozenset({"osteoporosis"}), equipment=FULL_GYM, level="advanced")
    plan = generate_plan(inputs, LIBRARY, seed=1, now=NOW)
    for item in (i for s in plan.sessions() for i in s.items):
        record = BY_SLUG[item.exercise]
        assert record.movement_pattern != "rotation"
        assert not forbidden(record, frozenset(), frozenset({"osteoporosis"}))


# --- properties over random athletes --------------------------------------------------------------

_SPORTS = tuple(planning_rules().sports)
_EQUIPMENT_CHOICES = st.one_of(
    st.sampled_from([frozenset(v) for v in vocab.EQUIPMENT_PRESETS.values()]),
    st.sets(st.sampled_from(vocab.EQUIPMENT), max_size=10).map(frozenset),
)
_REGIONS = st.sets(st.sampled_from(vocab.BODY_REGIONS), max_size=3).map(frozenset)
_CONDITIONS = st.sets(st.sampled_from(vocab.CONDITIONS), max_size=3).map(frozenset)


@st.composite
def inputs_st(draw: st.DrawFn) -> PlannerInputs:
    return _inputs(
        goals=tuple(
            draw(st.lists(st.sampled_from(vocab.GOALS), min_size=1, max_size=2, unique=True))
        ),
        sports=tuple(draw(st.lists(st.sampled_from(_SPORTS), max_size=1))),
        level=draw(st.sampled_from(vocab.LEVELS)),
        days_per_week=draw(st.integers(1, 7)),
        session_minutes=draw(st.sampled_from([20, 30, 45, 60, 90])),
        equipment=draw(_EQUIPMENT_CHOICES),
        injury_regions=draw(_REGIONS),
        conditions=draw(_CONDITIONS),
        age_years=draw(st.sampled_from([17.0, 30.0, 52.0, 70.0])),
        weeks=draw(st.integers(1, 4)),
    )


def _check_plan(plan: Plan, regions: frozenset[str], conditions: frozenset[str]) -> None:
    for session in plan.sessions():
        for item in session.items:
            assert not forbidden(BY_SLUG[item.exercise], regions, conditions), item.exercise


def _plans_property(inputs: PlannerInputs, seed: int) -> None:
    plan = generate_plan(inputs, LIBRARY, seed=seed, now=NOW)
    assert plan.reasons  # never a crash: a slot with nothing allowed is replaced or dropped
    _check_plan(plan, inputs.injury_regions, inputs.conditions)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=inputs_st(), seed=st.integers(0, 2**16))
def test_no_generated_plan_holds_a_contraindicated_exercise(
    inputs: PlannerInputs, seed: int
) -> None:
    _plans_property(inputs, seed)


@pytest.mark.deep
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=inputs_st(), seed=st.integers(0, 2**16))
def test_no_generated_plan_holds_a_contraindicated_exercise_thousands(
    inputs: PlannerInputs, seed: int
) -> None:
    _plans_property(inputs, seed)


_SUBSTITUTE_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def substitute_cases_st(
    draw: st.DrawFn,
) -> tuple[ExerciseRecord, frozenset[str] | None, frozenset[str], frozenset[str]]:
    return (
        draw(st.sampled_from(LIBRARY)),
        draw(st.none() | _EQUIPMENT_CHOICES),
        draw(_REGIONS),
        draw(_CONDITIONS),
    )


def _substitutes_property(
    case: tuple[ExerciseRecord, frozenset[str] | None, frozenset[str], frozenset[str]],
) -> None:
    target, equipment, regions, conditions = case
    constraints = Constraints(equipment=equipment, regions=regions, conditions=conditions)
    for hit in rank_substitutes(LIBRARY, target, constraints, limit=10):
        assert not forbidden(BY_SLUG[hit.slug], regions, conditions), hit.slug


@settings(_SUBSTITUTE_SETTINGS, max_examples=600)
@given(case=substitute_cases_st())
def test_no_substitute_list_holds_a_contraindicated_exercise(
    case: tuple[ExerciseRecord, frozenset[str] | None, frozenset[str], frozenset[str]],
) -> None:
    _substitutes_property(case)


@pytest.mark.deep
@settings(_SUBSTITUTE_SETTINGS, max_examples=5000)
@given(case=substitute_cases_st())
def test_no_substitute_list_holds_a_contraindicated_exercise_thousands(
    case: tuple[ExerciseRecord, frozenset[str] | None, frozenset[str], frozenset[str]],
) -> None:
    _substitutes_property(case)


# A plan written for an athlete without limits, then edited by someone else's athlete: whatever
# the validator accepts (the plan service stores nothing else) must suit the new athlete.
_BASE_PLAN = generate_plan(
    _inputs(
        level="advanced", equipment=FULL_GYM, goals=("general_fitness",), days_per_week=4, weeks=2
    ),
    LIBRARY,
    seed=5,
    now=NOW,
)


@st.composite
def edits_st(draw: st.DrawFn) -> AddExercise | ReplaceExercise:
    session = draw(st.sampled_from(_BASE_PLAN.sessions()))
    record = draw(st.sampled_from(LIBRARY))
    if draw(st.booleans()):
        return AddExercise(session=session.key, exercise=record.slug)
    olds = [
        i.exercise for i in session.items if is_cardio(BY_SLUG[i.exercise]) == is_cardio(record)
    ]
    olds = [
        o
        for o in olds
        if o != record.slug and all(i.exercise != record.slug for i in session.items)
    ]
    if not olds:
        return AddExercise(session=session.key, exercise=record.slug)
    return ReplaceExercise(
        session=session.key, exercise=draw(st.sampled_from(olds)), to=record.slug
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    op=edits_st(),
    level=st.sampled_from(vocab.LEVELS),
    equipment=_EQUIPMENT_CHOICES,
    regions=_REGIONS,
    conditions=_CONDITIONS,
)
def test_no_accepted_edit_holds_a_contraindicated_exercise(
    op: AddExercise | ReplaceExercise,
    level: str,
    equipment: frozenset[str],
    regions: frozenset[str],
    conditions: frozenset[str],
) -> None:
    if isinstance(op, AddExercise) and any(
        i.exercise == op.exercise for i in _BASE_PLAN.session(op.session).items
    ):
        return  # the edit itself is refused (the exercise is already there)
    edited, _ = apply_edit(_BASE_PLAN, op, LIBRARY, by="athlete")
    profile = SafetyProfile(
        athlete_id=7,
        age_years=40.0,
        level=level,
        equipment=equipment,
        injury_regions=regions,
        conditions=conditions,
        open_flags=(),
    )
    verdict = validate_plan(edited, profile, default_library(), previous=_BASE_PLAN)
    if verdict.plan is None:
        assert verdict.status == "rejected"
        return
    _check_plan(verdict.plan, regions, conditions)


# --- the services on SQLite and PostgreSQL -------------------------------------------------------


def test_services_use_the_derived_contraindications(ctx: ServiceContext) -> None:
    """The stored library, an athlete's plan, substitutes and an edit adding pogo hops, for a
    knee injury with osteoporosis."""
    regions, conditions = frozenset({"knee"}), frozenset({"osteoporosis"})
    stored = {e.slug: e for e in exercise_repo.all_exercises(ctx.session)}
    assert stored["dumbbell-sumo-squat"].contraindicated_regions == ["knee"]
    assert "osteoporosis" in stored["pogo-hops"].contraindicated_conditions
    assert exercises.get(ctx, "sumo squat")["contraindications"][0]["rule"] == (
        "knee_deep_flexion_loaded"
    )
    athlete = make_athlete(
        ctx,
        equipment=["dumbbell", "bench"],
        injuries=[{"region": "knee", "severity": "mild"}],
        conditions=["osteoporosis"],
        experience_level="beginner",
        days_per_week=3,
    )
    view = plans.generate(ctx, athlete.id, start=START)
    assert view.plan is not None
    _check_plan(view.plan, regions, conditions)
    for name in ("goblet squat", "pogo hops", "dumbbell sumo squat"):
        hits = exercises.substitutes(ctx, name, athlete_id=athlete.id, limit=10)
        assert hits
        for hit in hits:
            assert not forbidden(BY_SLUG[hit.slug], regions, conditions), (name, hit.slug)
    session = view.plan.sessions()[0]
    result = plans.propose_edit(
        ctx, athlete.id, {"op": "add_exercise", "session": session.key, "exercise": "pogo hops"}
    )
    assert result.plan is not None
    if result.accepted:  # repaired: the pogo hops were replaced by something allowed
        _check_plan(result.plan, regions, conditions)
    assert result.accepted or result.status == "rejected"
