"""The exercise library: data validity, typo-tolerant search, filters, substitutes, CLI."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.factories import make_athlete
from typer.testing import CliRunner, Result

from fitcoach.cli import app
from fitcoach.coach import vocabulary as vocab
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import get_settings
from fitcoach.services import exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import (
    Constraints,
    ExerciseHit,
    ExerciseRecord,
    library_records,
    load_library,
    rank_substitutes,
    search_records,
)
from fitcoach.storage.repositories import exercises as repo

RECORDS: list[ExerciseRecord] = list(library_records())
BY_SLUG = {r.slug: r for r in RECORDS}

# (what a person types, the slug they mean): typos, missing hyphens, gym slang.
TYPOS = [
    ("bech pres", "barbell-bench-press"),
    ("bench press", "barbell-bench-press"),
    ("pullup", "pull-up"),
    ("chinup", "chin-up"),
    ("pushup", "push-up"),
    ("deadlfit", "barbell-deadlift"),
    ("sqaut", "barbell-back-squat"),
    ("romanian dedlift", "romanian-deadlift"),
    ("overhed press", "barbell-overhead-press"),
    ("lat pulldwn", "lat-pulldown"),
    ("hip thurst", "barbell-hip-thrust"),
    ("bulgarian split sqat", "bulgarian-split-squat"),
    ("RDL", "romanian-deadlift"),
    ("OHP", "barbell-overhead-press"),
]


def _slugs(hits: list[ExerciseHit]) -> list[str]:
    return [h.slug for h in hits]


# --- the data ---------------------------------------------------------------------------------


def test_library_is_large_valid_and_unambiguous() -> None:
    assert len(RECORDS) >= 200
    names = [r.name.lower() for r in RECORDS]
    assert len(set(names)) == len(names), "exercise names must be unique"
    for r in RECORDS:
        # Round-trips through validation: every vocabulary value is a known one. (Compared as
        # data: the derived exclusions are a private cache, filled on first use.)
        assert ExerciseRecord.model_validate(r.model_dump()).model_dump() == r.model_dump()
        assert ExerciseRecord.model_validate(r.model_dump()).exclusions == r.exclusions
        assert r.description.strip(), f"{r.slug} has no description"
    # Every movement pattern the substitutes rely on has some exercises.
    patterns = {r.movement_pattern for r in RECORDS}
    assert {"squat", "hinge", "horizontal_push", "vertical_pull", "horizontal_pull"} <= patterns


def test_every_typo_slug_exists() -> None:
    missing = [slug for _, slug in TYPOS if slug not in BY_SLUG]
    assert not missing


def test_load_library_again_changes_nothing_but_repairs_edits(ctx: ServiceContext) -> None:
    assert load_library(ctx) == (0, 0)  # the fixture loaded it already
    assert len(repo.all_exercises(ctx.session)) == len(RECORDS)
    row = repo.by_slug(ctx.session, "barbell-bench-press")
    assert row is not None
    row.description = "edited by hand"
    ctx.session.flush()
    assert load_library(ctx) == (0, 1)
    assert row.description == BY_SLUG["barbell-bench-press"].description
    assert load_library(ctx) == (0, 0)


def test_resolve_reads_app_names_by_their_equipment_and_asks_when_several_fit(
    ctx: ServiceContext,
) -> None:
    found = exercises.resolve_many(ctx, ["Lateral Raise (Cable)", "Bench Press (Dumbbell)"])
    assert [e.slug for e in found] == ["cable-lateral-raise", "dumbbell-bench-press"]
    with pytest.raises(InvalidInput) as asked:
        exercises.resolve(ctx, "Lunge (Dumbbell)")
    assert asked.value.message.startswith("which exercise is 'Lunge (Dumbbell)'?")
    assert "Dumbbell Reverse Lunge" in asked.value.details["suggestions"]
    with pytest.raises(InvalidInput, match="unknown exercise"):
        exercises.resolve(ctx, "Hip Thrust (Machine)")  # no machine entry: never the barbell one


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "slug"), TYPOS)
def test_typo_search_finds_the_intended_exercise_in_the_top_3(typed: str, slug: str) -> None:
    hits = search_records(RECORDS, typed, limit=3)
    assert slug in _slugs(hits), f"{typed!r} → {_slugs(hits)}"


def test_search_on_the_database_ranks_and_filters(ctx: ServiceContext) -> None:
    hits = exercises.search(ctx, "bech pres")
    assert hits[0].slug == "barbell-bench-press"
    assert hits[0].exercise == exercises.get(ctx, "barbell-bench-press")
    assert all(0 < h.score <= 100 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    hits = exercises.search(
        ctx, muscle="chest", equipment=["dumbbell", "bench"], pattern="horizontal_push", limit=500
    )
    assert hits
    for h in hits:
        e = h.exercise
        assert "chest" in e["primary_muscles"] + e["secondary_muscles"]
        assert set(e["equipment"]) <= {"dumbbell", "bench"}
        assert e["movement_pattern"] == "horizontal_push"
    assert "dumbbell-bench-press" in _slugs(hits)
    assert "barbell-bench-press" not in _slugs(hits)

    with pytest.raises(InvalidInput) as info:
        exercises.get(ctx, "barbel bench pres")
    assert "Barbell Bench Press" in info.value.details["suggestions"]
    with pytest.raises(InvalidInput, match="did you mean"):
        exercises.substitutes(ctx, "barbel bench pres")


def test_dumbbell_curl_typo_finds_a_dumbbell_curl() -> None:
    top = search_records(RECORDS, "dumbell curl", limit=3)
    assert top
    assert any(
        "dumbbell" in h.exercise["equipment"] and h.exercise["movement_pattern"] == "elbow_flexion"
        for h in top
    ), _slugs(top)


def test_nonsense_query_finds_nothing() -> None:
    assert search_records(RECORDS, "qzxv wkjh") == []


def test_muscle_filter_ranks_primary_before_secondary() -> None:
    hits = search_records(RECORDS, muscle="Triceps", limit=500)
    assert hits
    primary = ["triceps" in h.exercise["primary_muscles"] for h in hits]
    assert all(
        "triceps" in h.exercise["primary_muscles"] + h.exercise["secondary_muscles"] for h in hits
    )
    assert primary == sorted(primary, reverse=True), "primary matches come first"
    assert any(primary)
    assert not all(primary)  # the library has both kinds


def test_bodyweight_only_and_category_level_filters() -> None:
    for equipment in ([], ["none"], ["bodyweight"]):
        hits = search_records(RECORDS, equipment=equipment, limit=500)
        assert len(hits) >= 20
        assert all(h.exercise["equipment"] == [] for h in hits)
    hits = search_records(RECORDS, category="core", level="beginner", limit=500)
    assert hits
    assert {(h.exercise["category"], h.exercise["level"]) for h in hits} == {("core", "beginner")}


def test_equipment_presets_expand() -> None:
    hits = search_records(RECORDS, equipment=["home_dumbbells"], limit=500)
    allowed = set(vocab.EQUIPMENT_PRESETS["home_dumbbells"])
    assert all(set(h.exercise["equipment"]) <= allowed for h in hits)
    assert any("dumbbell" in h.exercise["equipment"] for h in hits)


@pytest.mark.parametrize(
    ("kwargs", "named", "suggested"),
    [
        ({"muscle": "bicep"}, "muscle", "biceps"),
        ({"equipment": ["dumbells"]}, "equipment", "dumbbell"),
        ({"pattern": "horizontal push"}, None, None),  # spaces normalise: valid
        ({"pattern": "push"}, "movement pattern", None),
        ({"category": "weights"}, "category", None),
        ({"level": "expert"}, "level", None),
    ],
)
def test_unknown_filter_values_name_the_allowed_ones(
    kwargs: dict[str, object], named: str | None, suggested: str | None
) -> None:
    if named is None:
        assert search_records(RECORDS, **kwargs)
        return
    with pytest.raises(InvalidInput) as info:
        search_records(RECORDS, **kwargs)
    message = info.value.message
    assert f"unknown {named}" in message
    assert "choose from" in message
    assert info.value.details["allowed"]
    if suggested:
        assert suggested in info.value.details["suggestions"]


def test_bad_limit_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="limit"):
        search_records(RECORDS, "squat", limit=0)


# --- substitutes ------------------------------------------------------------------------------


def test_bench_press_substitutes_for_dumbbells_only_and_a_shoulder_injury(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx, equipment=["dumbbell"], injuries=[{"region": "shoulder"}])
    hits = exercises.substitutes(ctx, "barbell bench press", athlete_id=athlete.id)
    assert hits
    for h in hits:
        assert set(h.exercise["equipment"]) <= {"dumbbell"}, h.slug
        assert "shoulder" not in h.exercise["contraindicated_regions"], h.slug
        assert h.slug != "barbell-bench-press"
        assert h.reason


def test_bench_press_substitutes_without_constraints_are_ranked_and_explained() -> None:
    target = BY_SLUG["barbell-bench-press"]
    hits = rank_substitutes(RECORDS, target, limit=10)
    assert len(hits) >= 3
    assert all(h.exercise["movement_pattern"] == "horizontal_push" for h in hits)
    assert all(set(h.exercise["primary_muscles"]) & set(target.primary_muscles) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].reason.startswith("same pattern (horizontal push), shares chest")
    assert "dumbbell-bench-press" in _slugs(hits)


def test_knee_injury_squat_substitutes_avoid_knee_contraindications(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx, injuries=[{"region": "knee", "severity": "mild"}])
    hits = exercises.substitutes(ctx, "barbell-back-squat", athlete_id=athlete.id, limit=10)
    assert hits
    equipment = {"barbell", "squat_rack", "bench", "dumbbell"}  # the factory's default
    for h in hits:
        assert "knee" not in h.exercise["contraindicated_regions"], h.slug
        assert set(h.exercise["equipment"]) <= equipment, h.slug


def test_equipment_override_dislikes_and_conditions(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx, equipment=["barbell", "bench", "squat_rack"])
    hits = exercises.substitutes(ctx, "barbell-bench-press", athlete_id=athlete.id, equipment=[])
    assert hits
    assert all(h.exercise["equipment"] == [] for h in hits)  # push-up style only

    first = exercises.substitutes(ctx, "barbell-bench-press", limit=1)[0]
    picky = make_athlete(
        ctx,
        equipment=list(vocab.EQUIPMENT_PRESETS["full_gym"]),
        dislikes=[first.name],
        conditions=["hypertension"],
    )
    hits = exercises.substitutes(ctx, "barbell-bench-press", athlete_id=picky.id, limit=20)
    assert hits
    assert first.slug not in _slugs(hits)
    assert all("hypertension" not in h.exercise["contraindicated_conditions"] for h in hits)


def test_fallback_to_other_patterns_says_so() -> None:
    target = BY_SLUG["barbell-bench-press"]
    others = [r for r in RECORDS if r.movement_pattern != target.movement_pattern]
    hits = rank_substitutes([target, *others], target, limit=5)
    assert hits
    for h in hits:
        assert h.exercise["movement_pattern"] != "horizontal_push"
        assert set(h.exercise["primary_muscles"]) & set(target.primary_muscles)
        assert "no allowed horizontal push alternative" in h.reason


# A pure property over the shipped records: no database needed.
@settings(max_examples=50, deadline=None)
@given(
    slug=st.sampled_from(sorted(BY_SLUG)),
    equipment=st.frozensets(st.sampled_from(vocab.EQUIPMENT), max_size=6),
    regions=st.frozensets(st.sampled_from(vocab.BODY_REGIONS), max_size=3),
    conditions=st.frozensets(st.sampled_from(vocab.CONDITIONS), max_size=2),
    disliked=st.frozensets(st.sampled_from(sorted(BY_SLUG)), max_size=4),
)
def test_every_substitute_satisfies_the_constraints(
    slug: str,
    equipment: frozenset[str],
    regions: frozenset[str],
    conditions: frozenset[str],
    disliked: frozenset[str],
) -> None:
    target = BY_SLUG[slug]
    # Dislikes spelled as profiles store them: the name, lower case with underscores.
    dislikes = frozenset(
        BY_SLUG[d].name.lower().replace(" ", "_").replace("-", "_") for d in disliked
    )
    constraints = Constraints(
        equipment=equipment, regions=regions, conditions=conditions, dislikes=dislikes
    )
    hits = rank_substitutes(RECORDS, target, constraints, limit=8)
    fallback = any(h.exercise["movement_pattern"] != target.movement_pattern for h in hits)
    for h in hits:
        e = h.exercise
        assert h.slug != target.slug
        assert set(e["equipment"]) <= equipment
        assert not regions & set(e["contraindicated_regions"])
        assert not conditions & set(e["contraindicated_conditions"])
        assert h.slug not in disliked
        assert set(e["primary_muscles"]) & set(target.primary_muscles)
        assert (e["movement_pattern"] == target.movement_pattern) != fallback
    if fallback:  # only when no same-pattern exercise qualified
        assert not any(
            r.movement_pattern == target.movement_pattern
            and r.slug != target.slug
            and constraints.allows(r)
            and set(r.primary_muscles) & set(target.primary_muscles)
            for r in RECORDS
        )
    else:
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@settings(max_examples=50, deadline=None)
@given(equipment=st.frozensets(st.sampled_from(vocab.EQUIPMENT), max_size=6))
def test_search_equipment_filter_is_a_subset_filter(equipment: frozenset[str]) -> None:
    hits = search_records(RECORDS, equipment=sorted(equipment), limit=1000)
    expected = {r.slug for r in RECORDS if set(r.equipment) <= equipment}
    assert set(_slugs(hits)) == expected


# --- command line -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Result]]:
    """Run ``fitcoach`` against a migrated temporary SQLite file."""
    path: Path = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{path}")
        get_settings.cache_clear()

        def invoke(*args: str) -> Result:
            return runner.invoke(app, list(args))

        upgraded = invoke("db", "upgrade")
        assert upgraded.exit_code == 0, upgraded.output
        yield invoke
    get_settings.cache_clear()


def test_cli_search_json_puts_the_bench_press_first(cli: Callable[..., Result]) -> None:
    result = cli("exercise", "search", "bech pres", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits[0]["exercise"]["slug"] == "barbell-bench-press"
    assert {"exercise", "score", "reason"} <= set(hits[0])


def test_cli_search_table_and_filters(cli: Callable[..., Result]) -> None:
    result = cli("exercise", "search", "--muscle", "chest", "-e", "none", "--limit", "50", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits
    assert all(h["exercise"]["equipment"] == [] for h in hits)
    table = cli("exercise", "search", "pullup", "--equipment", "pull_up_bar,dip_bars")
    assert table.exit_code == 0, table.output
    assert "Pull-Up" in table.stdout


def test_cli_show_and_substitutes(cli: Callable[..., Result]) -> None:
    shown = cli("exercise", "show", "bench press", "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["slug"] == "barbell-bench-press"
    subs = cli("exercise", "substitutes", "barbell-bench-press", "-e", "dumbbell", "--json")
    assert subs.exit_code == 0, subs.output
    hits = json.loads(subs.stdout)
    assert hits
    assert all(set(h["exercise"]["equipment"]) <= {"dumbbell"} for h in hits)
    assert all(h["reason"] for h in hits)
    table = cli("exercise", "substitutes", "barbell-back-squat")
    assert table.exit_code == 0, table.output
    assert "substitutes for barbell-back-squat" in table.stdout
    assert "why" in table.stdout


def test_cli_substitutes_for_an_athlete(cli: Callable[..., Result]) -> None:
    created = cli(
        "athlete",
        "create",
        "--name",
        "Kai",
        "--email",
        "kai@example.org",
        "--set",
        "equipment=dumbbell",
        "--json",
    )
    assert created.exit_code == 0, created.output
    athlete = str(json.loads(created.stdout)["id"])
    result = cli("exercise", "substitutes", "bench press", "--athlete", athlete, "--json")
    assert result.exit_code == 0, result.output
    assert all(set(h["exercise"]["equipment"]) <= {"dumbbell"} for h in json.loads(result.stdout))


def test_cli_bad_muscle_is_a_clear_error(cli: Callable[..., Result]) -> None:
    result = cli("exercise", "search", "--muscle", "bicep")
    assert result.exit_code == 2
    assert "unknown muscle 'bicep'" in result.stderr
    assert "biceps" in result.stderr
    assert "Traceback" not in result.output


def test_cli_unknown_exercise_is_a_clear_error(cli: Callable[..., Result]) -> None:
    result = cli("exercise", "show", "benchpress machine gun")
    assert result.exit_code == 2
    assert "unknown exercise" in result.stderr
    assert "Traceback" not in result.output


def test_cli_load_is_idempotent(cli: Callable[..., Result]) -> None:
    result = cli("exercise", "load")
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated" in result.stdout


@pytest.mark.parametrize("command", ["search", "show", "substitutes", "load"])
def test_cli_help_has_an_example(cli: Callable[..., Result], command: str) -> None:
    result = cli("exercise", command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout
