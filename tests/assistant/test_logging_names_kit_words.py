"""Words of the kit and the load said beside a name (issue 57): "4 plates a side" is a load
still to ask about, never the pilates class read from a misspelt "plates"; the dumbbells said
with a chest press make it the dumbbell press, never the machine's; and the rehab movements
athletes log (heel slides, quad sets, ankle pumps) are library entries of their own."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 28)


def _slugs(text: str) -> list[str | None]:
    reading = read_log(text, today=TODAY)
    return [g.get("exercise") for e in reading.entries for g in e.slots.get("groups") or []]


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("did leg press, 4 plates a side, 3 sets of 10", "leg-press"),
        ("leg press 4 plates a side 3x10", "leg-press"),
        ("leg press: 3 sets of 10, 4 plates", "leg-press"),
    ],
)
def test_a_count_of_plates_is_a_load_to_ask_never_the_pilates_class(text: str, slug: str) -> None:
    reading = read_log(text, today=TODAY)
    assert _slugs(text) == [slug]
    # a machine's plates: the plates' size and the sled's weight are unsaid, the load is
    # asked, never "4 kg"
    assert all("weight_kg" not in g for e in reading.entries for g in e.slots["groups"])
    assert "what load (kg or lb)?" in reading.problems


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("overhead press with 2 plates 5x5", "barbell-overhead-press"),
        ("overhead press, 2 plates, 3 sets of 5", "barbell-overhead-press"),
        ("bench, 2 plates a side, 5x5", "barbell-bench-press"),
        ("bench press 2 plates 5x5", "barbell-bench-press"),
    ],
)
def test_a_barbells_count_of_plates_is_its_load_never_the_pilates_class(
    text: str, slug: str
) -> None:
    # (stop 95: on a barbell, 2 plates are 2 on each side; a metric gym's plate is a 20 and its
    # bar 20 kg, as the tuned sets' writers count them)
    reading = read_log(text, today=TODAY)
    assert _slugs(text) == [slug]
    assert [g.get("weight_kg") for e in reading.entries for g in e.slots["groups"]] == [100.0]
    assert not reading.problems


@pytest.mark.parametrize("typed", ["plates", "plate", "2 plates", "weights", "micro plates"])
def test_kit_words_are_no_misspelt_name(typed: str, matcher: ExerciseMatcher) -> None:
    found = matcher.resolve(typed)
    assert found.slug is None
    assert not found.candidates


def test_a_real_typo_of_a_name_is_still_fixed(matcher: ExerciseMatcher) -> None:
    assert (found := matcher.match("pillates")) is not None
    assert found.slug == "pilates-class"
    assert (found := matcher.match("benchpres")) is not None
    assert found.slug == "barbell-bench-press"


@pytest.mark.parametrize(
    "text",
    [
        "chest press with dumbbells 3x10 30kg",
        "chest press 3x10 with 30kg dumbbells",
        "chest press 3x10 30kg dumbbells",
        "chest press 3x10 with the 30kg dbs",
        "chest press 4x8 using 2 dumbbells of 20kg",
        "did chest press with dumbbells, 3 sets of 10 at 20kg",
        "dumbbells for the chest press, 3x10 at 20kg",
        "used the dumbbells for chest press today 3x10 20kg",
        "db chest press 3x10 25kg",
        "dumbbell chest press 3x10 25kg",
    ],
)
def test_dumbbells_said_with_a_chest_press_make_it_the_dumbbell_press(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    assert _slugs(text) == ["dumbbell-bench-press"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("chest press 3x10 50kg", "machine-chest-press"),
        ("machine chest press 3x10 50kg", "machine-chest-press"),
        ("goblet squats 3x15 with the 16 kg kb", "goblet-squat"),
        ("shoulder press with dumbbells 3x10 20kg", "seated-dumbbell-shoulder-press"),
        ("incline press with dumbbells 3x8 25kg", "incline-dumbbell-press"),
    ],
)
def test_names_without_other_kit_keep_their_entry(text: str, slug: str) -> None:
    assert _slugs(text) == [slug]


@pytest.mark.parametrize(
    ("text", "slug", "sets", "reps"),
    [
        ("quad sets 3x10", "quad-set", 3, 10),
        ("did my quad sets, 3 sets of 10", "quad-set", 3, 10),
        ("heel slides 3x15", "heel-slide", 3, 15),
        ("heel slides 2 sets of 10 each leg", "heel-slide", 2, 10),
        ("ankle pumps 2x20", "ankle-pump", 2, 20),
        ("10 ankle pumps", "ankle-pump", 1, 10),
        ("clamshells 3x15", "clamshell", 3, 15),
        ("straight leg raises 3x12", "straight-leg-raise", 3, 12),
    ],
)
def test_rehab_movements_log_as_sets_of_their_own_entry(
    text: str, slug: str, sets: int, reps: int, matcher: ExerciseMatcher
) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    ((entry,),) = [reading.entries]
    assert entry.intent == "log_sets"
    (group,) = entry.slots["groups"]
    assert (group["exercise"], group["sets"], group["reps"]) == (slug, sets, reps)
    assert matcher.category(slug) != "cardio"


def test_the_rehab_entries_carry_the_librarys_mets() -> None:
    """The library's own convention (its header): light calisthenics 3.5, stretching 2.3."""
    by_slug = {r.slug: r for r in library_records()}
    assert (by_slug["quad-set"].category, by_slug["quad-set"].met) == ("strength", 3.5)
    for slug in ("heel-slide", "ankle-pump"):
        assert (by_slug[slug].category, by_slug[slug].met) == ("mobility", 2.3)
