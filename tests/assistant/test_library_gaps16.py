"""What real athletes log that the library lacked (library16): strongman implements, carries
and sled runs by distance, CrossFit benchmark workouts, adaptive and seated cardio, sports and
common lift variants. Each name resolves to its entry, each entry's attributes are the ones the
safety rules read, and the chat stores a log of them (runs of a distance as sets of one rep with
the distance kept). Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.nlu import ExerciseMatcher, read_log
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools import default_registry
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.library import library_by_slug
from fitcoach.coach.loading import needs_load
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        # strongman and odd objects
        ("yoke walks", "yoke-carry"),
        ("strongman log press", "log-press"),
        ("fat bar deadlift", "axle-deadlift"),
        ("axle push press", "axle-clean-and-press"),
        ("stone loads", "atlas-stone-load"),
        ("atlas stones over bar", "atlas-stone-load"),
        ("bear hug carry", "sandbag-carry"),
        ("sandbag to shoulder", "sandbag-over-shoulder"),
        ("harness sled drag", "sled-drag"),
        # CrossFit
        ("metcon", "crossfit-workout"),
        ("the murph", "murph"),
        ("crossfit cindy", "cindy"),
        ("fran wod", "fran"),
        ("grace wod", "grace-crossfit"),
        ("crossfit helen", "helen-crossfit"),
        # adaptive and seated cardio
        ("handbike", "handcycling"),
        ("arm crank", "arm-ergometer"),
        ("upper body ergometer", "arm-ergometer"),
        ("nu-step", "recumbent-stepper"),
        ("wheelchair propulsion", "wheelchair-pushing"),
        ("wheelchair hoops", "wheelchair-basketball"),
        # sports
        ("pickle ball", "pickleball"),
        ("padel tennis", "padel"),
        ("qigong", "tai-chi"),
        ("lawn bowling", "lawn-bowls"),
        ("aussie rules", "australian-rules-football"),
        ("camogie", "hurling"),
        ("walking soccer", "walking-football"),
        ("gaa football", "gaelic-football"),
        ("social netball", "netball"),
        ("field hockey", "field-hockey"),
        ("stretch routine", "stretching-session"),
        # lift variants
        ("sldl", "stiff-leg-deadlift"),
        ("deficit pulls", "deficit-deadlift"),
        ("hpc", "hang-power-clean"),
        ("hang squat clean", "hang-clean"),
        ("gymnastic ring dip", "ring-dip"),
        ("eccentric pull-ups", "negative-pull-up"),
        ("hollow body rocks", "hollow-rock"),
        ("double-unders", "double-under"),
        ("wallballs", "wall-ball"),
        ("incline smith", "incline-smith-machine-press"),
        ("smith bench press", "smith-machine-bench-press"),
        ("one leg leg press", "single-leg-leg-press"),
        ("mini knee bends", "mini-squat"),
        ("double kb front squat", "kettlebell-front-squat"),
        ("kb cleans", "kettlebell-clean"),
        ("kb clean & press", "kettlebell-clean-and-press"),
        ("db deadlifts", "dumbbell-deadlift"),
        ("l pull-ups", "l-sit-pull-up"),
    ],
)
def test_the_new_names_resolve_to_their_entry(
    matcher: ExerciseMatcher, typed: str, slug: str
) -> None:
    found = matcher.match(typed)
    assert found is not None, typed
    assert found.slug == slug


@pytest.mark.parametrize("typed", ["helen", "grace", "hockey", "football", "stones", "log"])
def test_words_that_are_also_people_or_other_things_are_not_guessed(
    matcher: ExerciseMatcher, typed: str
) -> None:
    """A companion's name, a sport that differs by country, a body-weight unit and the verb
    "log" name no entry on their own."""
    assert matcher.match(typed) is None


def _regions(slug: str) -> set[str]:
    return {e.what for e in library_by_slug()[slug].exclusions if e.kind == "region"}


def _conditions(slug: str) -> set[str]:
    return {e.what for e in library_by_slug()[slug].exclusions if e.kind == "condition"}


def test_strongman_lifts_are_kept_from_a_bad_back_and_fragile_bones() -> None:
    """Atlas stones round the back under a heavy load; the yoke and the log load the spine:
    the contraindication rules find that in their attributes."""
    for slug in ("atlas-stone-load", "yoke-carry", "log-press", "axle-deadlift"):
        assert "lower_back" in _regions(slug), slug
        assert {"osteoporosis", "hypertension"} <= _conditions(slug), slug
    stones = library_by_slug()["atlas-stone-load"].biomechanics
    assert stones.spinal_flexion
    assert stones.knee_flexion == "deep"
    assert library_by_slug()["yoke-carry"].biomechanics.fall_risk


def test_seated_and_hand_powered_cardio_spare_an_injured_knee() -> None:
    for slug in ("wheelchair-pushing", "handcycling", "arm-ergometer"):
        record = library_by_slug()[slug]
        assert record.biomechanics.position == "seated"
        assert "knee" not in _regions(slug), slug
        assert "shoulder" in record.biomechanics.joint_load


def test_benchmarks_are_timed_all_out_sessions_with_their_hardest_moves() -> None:
    by_slug = library_by_slug()
    for slug in ("fran", "murph", "cindy", "grace-crossfit", "helen-crossfit"):
        record = by_slug[slug]
        assert record.category == "cardio"
        assert record.biomechanics.maximal_effort
        assert record.biomechanics.overhead  # pull-ups, thrusters or jerks in every one
    assert by_slug["grace-crossfit"].biomechanics.valsalva  # 30 clean and jerks
    assert by_slug["murph"].biomechanics.impact == "moderate"  # two miles of running


def test_specialist_kit_is_needed_and_no_gym_preset_assumes_it() -> None:
    full_gym = set(vocab.EQUIPMENT_PRESETS["full_gym"])
    assert not full_gym & set(vocab.SPECIALIST_EQUIPMENT)
    by_slug = library_by_slug()
    for slug in ("yoke-carry", "log-press", "atlas-stone-load", "sandbag-carry"):
        assert not set(by_slug[slug].equipment) <= full_gym, slug
        assert needs_load(by_slug[slug]), slug  # a set of them means nothing without its load


def _one(text: str) -> Any:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    (entry,) = reading.entries
    return entry


@pytest.mark.parametrize(
    ("text", "slug", "sets", "kg", "metres"),
    [
        ("farmers walks today: 5 x 30 m carrying 28kg kettlebells", "farmers-carry", 5, 28, 30),
        ("yoke: 3 runs of 25m at 220kg, last one ugly", "yoke-carry", 3, 220, 25),
        ("sandbag carry 60m x 2 with 80 kg", "sandbag-carry", 2, 80, 60),
        ("prowler push 5 trips of 15 m with 120 kg on it", "sled-push", 5, 120, 15),
        ("suitcase carries 4 sets 20m with 32kg", "suitcase-carry", 4, 32, 20),
    ],
)
def test_runs_of_a_distance_are_sets_of_one_rep_with_the_distance(
    text: str, slug: str, sets: int, kg: float, metres: float
) -> None:
    entry = _one(text)
    assert entry.intent == "log_sets"
    (group,) = entry.slots["groups"]
    assert group["exercise"] == slug
    assert (group["sets"], group["reps"]) == (sets, 1)
    assert group["weight_kg"] == pytest.approx(kg)
    assert group["distance_m"] == pytest.approx(metres)


def test_yards_are_read_as_metres_and_a_lift_beside_a_carry_keeps_its_reps() -> None:
    reading = read_log("deadlift 3x5 at 180kg, then farmer walk 4x40 yd with 90 lb", today=TODAY)
    assert reading.ok, reading
    groups = [g for e in reading.entries for g in e.slots["groups"]]
    by = {g["exercise"]: g for g in groups}
    assert (by["barbell-deadlift"]["sets"], by["barbell-deadlift"]["reps"]) == (3, 5)
    assert "distance_m" not in by["barbell-deadlift"]
    assert by["farmers-carry"]["reps"] == 1
    assert by["farmers-carry"]["distance_m"] == pytest.approx(36.6)


def test_a_distance_beside_no_carry_is_left_as_it_was() -> None:
    """Rows of 500 m or a run of 400 m repeats are no carry: nothing is rewritten for them."""
    reading = read_log("ran 8 x 400m reps in 28 min", today=TODAY)
    assert [e.intent for e in reading.entries] == ["log_cardio"]


@pytest.mark.parametrize(
    ("text", "slug", "sets", "reps", "kg"),
    [
        ("strongman log press, 4 singles at 105kg", "log-press", 4, 1, 105),
        ("log clean and press 3x4 @ 90kg", "log-press", 3, 4, 90),
        ("axle clean n press 5 x 3 with 80 kg", "axle-clean-and-press", 5, 3, 80),
        ("kb clean and press 4x6 16kg", "kettlebell-clean-and-press", 4, 6, 16),
        ("stone loads 6 x 1 at 120kg", "atlas-stone-load", 6, 1, 120),
    ],
)
def test_implement_lifts_log_with_their_load(
    text: str, slug: str, sets: int, reps: int, kg: float
) -> None:
    entry = _one(text)
    (group,) = entry.slots["groups"]
    assert (group["exercise"], group["sets"], group["reps"]) == (slug, sets, reps)
    assert group["weight_kg"] == pytest.approx(kg)


@pytest.mark.parametrize(
    ("text", "slug", "minutes"),
    [
        ("two hours of pickle ball with the neighbours", "pickleball", 120),
        ("qigong in the park 35 min", "tai-chi", 35),
        ("45 minutes on the nu-step at cardiac rehab", "recumbent-stepper", 45),
        ("handbike ride 12 km in 50 min", "handcycling", 50),
        ("pushed my chair round the lake, 40 min", "wheelchair-pushing", 40),
        ("arm crank 20 minutes", "arm-ergometer", 20),
        ("metcon took 18 minutes", "crossfit-workout", 18),
        ("the murph took me 58 minutes", "murph", 58),
        ("padel doubles for 1 hour", "padel", 60),
    ],
)
def test_timed_activities_are_stored_as_sessions(text: str, slug: str, minutes: float) -> None:
    entry = _one(text)
    assert entry.intent == "log_cardio"
    assert entry.slots["exercise"] == slug
    assert entry.slots["duration_s"] == pytest.approx(minutes * 60)


def test_a_companion_named_like_a_benchmark_is_no_benchmark() -> None:
    entry = _one("went for a walk with grace, 25 minutes")
    assert entry.slots["exercise"] == "easy-walk"


def test_the_log_tool_keeps_a_runs_distance_and_says_it(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    tctx = ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)
    result = default_registry().call(
        tctx,
        "log_sets",
        {
            "groups": [
                {
                    "exercise": "farmers carry",
                    "sets": 3,
                    "reps": 1,
                    "weight_kg": 40,
                    "distance_m": 35,
                }
            ],
            "date": "2026-11-19",
        },
    )
    assert result.ok, result.error
    assert "3 x 35 m Farmer's Carry at 40 kg per hand" in result.summary
    (stored,) = training_log.history(
        ctx, athlete.id, "workouts", date(2026, 11, 19), date(2026, 11, 19)
    )
    assert [(s["reps"], s["weight_kg"]) for s in stored["sets"]] == [(1, 40.0)] * 3
    assert all(s.get("notes") == "35 m" for s in stored["sets"])
