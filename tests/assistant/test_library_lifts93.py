"""Weightlifting and powerlifting variants the library lacked (lib93): the power, hang and
muscle snatch, the snatch balance, the squat clean, clean pulls, snatch-grip deadlifts, the jerk
on its own (split, push, the jerk dip squat), the Spoto, Larsen and pin presses and the tempo
squat. Each name resolves to its own entry (never its parent lift), each entry carries the
attributes the safety rules read, and the chat stores a log of them. A variant the library still
lacks stays a question. Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log
from fitcoach.coach.library import library_by_slug

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("power snatches", "power-snatch"),
        ("hang squat snatch", "hang-snatch"),
        ("muscle snatches", "muscle-snatch"),
        ("drop snatch", "snatch-balance"),
        ("full cleans", "squat-clean"),
        ("clean grip pulls", "clean-pull"),
        ("sgdl", "snatch-grip-deadlift"),
        ("rack jerks", "split-jerk"),
        ("power jerks", "push-jerk"),
        ("jerk dips", "jerk-dip-squat"),
        ("spoto bench", "spoto-press"),
        ("larsen bench press", "larsen-press"),
        ("dead bench", "pin-press"),
        ("tempo back squats", "tempo-squat"),
    ],
)
def test_each_variant_is_its_own_entry(matcher: ExerciseMatcher, typed: str, slug: str) -> None:
    found = matcher.match(typed)
    assert found is not None, typed
    assert found.slug == slug


def test_the_parent_lifts_keep_their_names(matcher: ExerciseMatcher) -> None:
    for typed, slug in (
        ("clean and jerk", "clean-and-jerk"),
        ("snatch", "snatch"),
        ("hang power snatch", "hang-power-snatch"),
        ("bench press", "barbell-bench-press"),
        ("pause squats", "pause-squat"),
    ):
        found = matcher.match(typed)
        assert found is not None, typed
        assert found.slug == slug, typed


def test_the_safety_rules_see_what_each_variant_loads() -> None:
    by_slug = library_by_slug()
    for slug in ("power-snatch", "hang-snatch", "muscle-snatch", "snatch-balance", "split-jerk", "push-jerk"):  # fmt: skip
        record = by_slug[slug]
        assert record.biomechanics.overhead, slug  # caught or driven overhead
        assert record.biomechanics.joint_load["shoulder"] == "high", slug
    assert by_slug["snatch-balance"].biomechanics.knee_flexion == "deep"  # a full overhead squat
    assert by_slug["hang-snatch"].biomechanics.knee_flexion == "deep"
    assert by_slug["squat-clean"].biomechanics.knee_flexion == "deep"
    for slug in ("clean-pull", "snatch-grip-deadlift", "squat-clean"):
        assert by_slug[slug].biomechanics.spinal_load == "high", slug
        assert not by_slug[slug].biomechanics.overhead, slug
    for slug in ("spoto-press", "larsen-press", "pin-press"):
        record = by_slug[slug]
        assert record.movement_pattern == "horizontal_push"
        assert record.biomechanics.position == "supine"
        assert record.biomechanics.spinal_load == "none"
    tempo, pause = by_slug["tempo-squat"], by_slug["pause-squat"]
    assert tempo.biomechanics == pause.biomechanics  # the back squat's load, slower


def _one_lift(text: str) -> Any:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    (entry,) = reading.entries
    (group,) = entry.slots["groups"]
    return group


@pytest.mark.parametrize(
    ("text", "slug", "sets", "reps", "kg"),
    [
        ("power snatches 4 x 2 at 60 kg", "power-snatch", 4, 2, 60),
        ("hang squat snatch 3x2 @ 55kg, felt fast", "hang-snatch", 3, 2, 55),
        ("drop snatches 3 x 3 with 50kg", "snatch-balance", 3, 3, 50),
        ("full cleans 5 x 2 at 80kg", "squat-clean", 5, 2, 80),
        ("clean grip pulls 4x3 at 140kg", "clean-pull", 4, 3, 140),
        ("sgdl 3x6 at 100kg", "snatch-grip-deadlift", 3, 6, 100),
        ("push jerks 5x2 at 90kg", "push-jerk", 5, 2, 90),
        ("dead bench 5x2 at 120kg", "pin-press", 5, 2, 120),
        ("larsen bench 3 x 8 at 60kg", "larsen-press", 3, 8, 60),
        ("spoto bench 4x5 @ 85kg", "spoto-press", 4, 5, 85),
        ("tempo back squat 4x6 at 100kg", "tempo-squat", 4, 6, 100),
    ],
)
def test_a_log_of_each_variant_is_stored_under_it(
    text: str, slug: str, sets: int, reps: int, kg: float
) -> None:
    group = _one_lift(text)
    assert (group["exercise"], group["sets"], group["reps"]) == (slug, sets, reps)
    assert group["weight_kg"] == pytest.approx(kg)


# (the block snatch has its entry since oly94: test_library_lifts_oly94)
@pytest.mark.parametrize("text", ["tall jerks 3x3 at 40kg", "panda pulls 4 x 3 at 70kg"])
def test_a_variant_still_missing_is_asked_never_stored_as_its_parent(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert not reading.ok
    assert reading.problems


@pytest.mark.parametrize(
    ("text", "slug", "seconds"),
    [
        ("helen for time 12:05", "helen-crossfit", 725),
        ("grace for time, 4:20", "grace-crossfit", 260),
        ("isabel for time 3:55", "isabel-crossfit", 235),
        ("diane wod 8:10", "diane-crossfit", 490),
        ("karen for time 10:30", "karen-crossfit", 630),
    ],
)
def test_a_benchmark_named_like_a_person_is_read_with_for_time(
    text: str, slug: str, seconds: float
) -> None:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    (entry,) = reading.entries
    assert entry.intent == "log_cardio"
    assert (entry.slots["exercise"], entry.slots["duration_s"]) == (slug, pytest.approx(seconds))


def test_a_benchmark_with_its_load_is_asked_not_stored_without_it() -> None:
    # the load belongs to the benchmark's lifts, which a session of minutes cannot hold
    reading = read_log("grace for time 4:20 with 50kg", today=TODAY)
    assert not reading.ok
    assert reading.problems


@pytest.mark.parametrize("text", ["lunch with karen, 45 minutes", "walked the dog with diane for 30 min"])  # fmt: skip
def test_a_friend_of_that_name_is_no_benchmark(text: str) -> None:
    reading = read_log(text, today=TODAY)
    slugs = {e.slots.get("exercise") for e in reading.entries}
    assert not slugs & {"karen-crossfit", "diane-crossfit"}


def test_the_new_benchmarks_are_timed_all_out_sessions() -> None:
    by_slug = library_by_slug()
    for slug in ("isabel-crossfit", "diane-crossfit", "karen-crossfit"):
        record = by_slug[slug]
        assert record.category == "cardio"
        assert record.biomechanics.maximal_effort
        assert "for time" in record.description  # its time is minutes and seconds
    assert by_slug["isabel-crossfit"].biomechanics.spinal_load == "high"  # 30 snatches
    assert (
        by_slug["diane-crossfit"].biomechanics.joint_load["neck"] == "moderate"
    )  # handstand push-ups


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # the word before the name, the seconds after it: the library's tempo lift
        ("tempo back squats 3-0-2 5x4 at 90kg", "tempo-squat"),
        ("tempo squat 4-1-0 3 x 6 @ 95kg", "tempo-squat"),
        # a lift the library holds no tempo entry of keeps its own name, as before
        ("tempo rdl 3-1-1 3x8 at 80kg", "romanian-deadlift"),
    ],
)
def test_a_tempo_prescription_keeps_the_librarys_tempo_lift(text: str, slug: str) -> None:
    group = _one_lift(text)
    assert group["exercise"] == slug


def test_the_word_time_of_a_benchmark_is_no_word_of_a_lift() -> None:
    # "grace for time" made "time" a word of the library: a session's time of day before a
    # lift's name still leaves the lift
    group = _one_lift("lunch time session: goblet squats 3x10 with the 16kg bell")
    assert group["exercise"] == "goblet-squat"
