"""Weightlifting, gymnastics and CrossFit movements the library lacked (oly94), and two readings
around their names: where the bar starts said after a lift ("from below the knee") is no word of
its name, and reps said to be done as singles are as many sets of one. Each name resolves to its
own entry (never a plainer parent), each entry carries what the safety rules read, and a log of
it is stored. Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log
from fitcoach.coach.library import library_by_slug
from fitcoach.coach.loading import needs_load

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("snatches off the blocks", "block-snatch"),
        ("power cleans off blocks", "block-power-clean"),
        ("tall cleans", "tall-clean"),
        ("muscle cleans", "muscle-clean"),
        ("paused front squats", "pause-front-squat"),
        ("sots presses", "sots-press"),
        ("btn push presses", "behind-the-neck-push-press"),
        ("btn power jerks", "behind-the-neck-power-jerk"),
        ("jerk recoveries", "jerk-recovery"),
        ("sdhp", "sumo-deadlift-high-pull"),
        ("rings muscle-ups", "ring-muscle-up"),
        ("tucked front lever row", "front-lever-row"),
        ("legless rope climbs", "rope-climb"),
        ("fingerboard hangs", "hangboard-hang"),
        ("fingerboard repeaters", "hangboard-repeaters"),
        ("kipping hspus", "kipping-handstand-push-up"),
        ("negative hspus", "handstand-push-up-negative"),
        ("strict hspus", "handstand-push-up"),
        ("ghd situps", "ghd-sit-up"),
        ("ghd hip extensions", "ghd-hip-extension"),
        (
            "overhead walking lunges",
            "overhead-walking-lunge",
        ),  # (not "plate": a kit word no name may have)
        ("bbjos", "burpee-box-jump-over"),
        ("dumbbell devil press", "devil-press"),
        ("kb goblets", "goblet-squat"),
    ],
)
def test_each_movement_is_its_own_entry(matcher: ExerciseMatcher, typed: str, slug: str) -> None:
    found = matcher.match(typed)
    assert found is not None, typed
    assert found.slug == slug


def test_the_parents_keep_their_names(matcher: ExerciseMatcher) -> None:
    # "btn push press" was stored as the push press (its unknown first word dropped)
    for typed, slug in (
        ("push press", "push-press"),
        ("power jerk", "push-jerk"),
        ("muscle ups", "muscle-up"),
        ("burpees", "burpee"),
        ("front squat", "barbell-front-squat"),
        ("walking lunges", "dumbbell-walking-lunge"),
        ("sumo deadlift", "sumo-deadlift"),
        ("hspu", "handstand-push-up"),
        ("rock climbing", "rock-climbing"),
    ):
        found = matcher.match(typed)
        assert found is not None, typed
        assert found.slug == slug, typed


def test_the_safety_rules_see_what_each_movement_loads() -> None:
    by_slug = library_by_slug()
    for slug in ("block-snatch", "sots-press", "behind-the-neck-push-press", "behind-the-neck-power-jerk", "jerk-recovery", "overhead-walking-lunge", "devil-press"):  # fmt: skip
        record = by_slug[slug]
        assert record.biomechanics.overhead, slug
        assert record.biomechanics.joint_load["shoulder"] == "high", slug
    for slug in ("kipping-handstand-push-up", "handstand-push-up-negative"):
        assert by_slug[slug].biomechanics.position == "inverted", slug
    assert by_slug["sots-press"].biomechanics.knee_flexion == "deep"  # pressed from the squat
    assert by_slug["pause-front-squat"].biomechanics == by_slug["barbell-front-squat"].biomechanics
    assert by_slug["ghd-sit-up"].biomechanics.spinal_flexion
    assert by_slug["burpee-box-jump-over"].biomechanics.impact == "high"
    # the GHD holds the body: its sets need no load said, a plate held is extra
    assert not needs_load(by_slug["ghd-hip-extension"])
    assert not needs_load(by_slug["ghd-sit-up"])


def _groups(text: str) -> list[dict[str, Any]]:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    return [g for entry in reading.entries for g in entry.slots["groups"]]


@pytest.mark.parametrize(
    ("text", "slug", "sets", "reps", "kg"),
    [
        ("snatch from blocks 5 x 2 at 65kg", "block-snatch", 5, 2, 65),
        ("tall cleans 3x3 @ 45kg, just for positions", "tall-clean", 3, 3, 45),
        ("paused front squats 5x2 at 85kg", "pause-front-squat", 5, 2, 85),
        ("btn push presses 3 x 5 at 60kg", "behind-the-neck-push-press", 3, 5, 60),
        ("sdhp 4x12 with 30kg", "sumo-deadlift-high-pull", 4, 12, 30),
        ("devil presses 5x6 w 15kg", "devil-press", 5, 6, 15),
        ("jerk recoveries 4 x 2 at 150kg", "jerk-recovery", 4, 2, 150),
        ("ghd hip extensions 4x12", "ghd-hip-extension", 4, 12, None),
        ("rings muscle-ups 6 x 2", "ring-muscle-up", 6, 2, None),
    ],
)
def test_a_log_of_each_movement_is_stored_under_it(
    text: str, slug: str, sets: int, reps: int, kg: float | None
) -> None:
    (group,) = _groups(text)
    assert (group["exercise"], group["sets"], group["reps"]) == (slug, sets, reps)
    assert group.get("weight_kg") == (pytest.approx(kg) if kg is not None else None)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("hang cleans from just below the knee 4x2 at 70kg", "hang-clean"),
        ("block snatch from above the knee 3 x 2 @ 60kg", "block-snatch"),
        ("rack pulls 4x4 at 180kg from mid shin", "rack-pull"),
        ("hang snatch from mid thigh 5x1 at 55kg", "hang-snatch"),
    ],
)
def test_where_the_bar_starts_is_no_word_of_the_name(text: str, slug: str) -> None:
    (group,) = _groups(text)
    assert group["exercise"] == slug


@pytest.mark.parametrize(
    ("text", "sets", "kg"),
    [
        ("deadlift, 12 reps @ 180kg, singles every minute", 12, 180),
        ("power cleans 15 reps at 90kg as singles", 15, 90),
    ],
)
def test_reps_done_as_singles_are_sets_of_one(text: str, sets: int, kg: float) -> None:
    (group,) = _groups(text)
    assert (group["sets"], group["reps"]) == (sets, 1)
    assert group["weight_kg"] == pytest.approx(kg)


def test_a_count_of_singles_after_other_reps_stays_its_own() -> None:
    first, second = _groups("pull ups 15 reps, then 4 singles of muscle ups")
    assert (first["exercise"], first["sets"], first["reps"]) == ("pull-up", 1, 15)
    assert (second["exercise"], second["sets"], second["reps"]) == ("muscle-up", 4, 1)
