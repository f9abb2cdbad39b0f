"""Exercise names as workout apps and people write them (issue 34): the equipment selects the
entry, several fitting entries make a question, and "raise" in a name is not a load change."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from fitcoach.assistant.nlu import ExerciseMatcher, understand
from fitcoach.coach.exercise_names import parse_name
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 26)
APP_NAMES: dict[str, str] = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "exercise_names" / "app_exports.yaml").read_text()
)["names"]


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher(library_records())


def parse(text: str, matcher: ExerciseMatcher) -> Any:
    return understand(text, today=TODAY, exercises=matcher)


# --- real app exports ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(APP_NAMES))
def test_an_app_name_is_its_entry_or_a_question_never_another_entry(
    name: str, matcher: ExerciseMatcher
) -> None:
    want = APP_NAMES[name]
    found = matcher.resolve(name)
    if want == "ask":
        assert found.slug is None, f"{name!r} has no entry with that equipment; got {found.slug}"
    else:
        assert found.slug in (want, None), f"{name!r} means {want}, not {found.slug}"


def test_most_real_app_names_resolve_and_none_wrongly(matcher: ExerciseMatcher) -> None:
    tally = {"right": 0, "wrong": 0, "asked": 0}
    for name, want in APP_NAMES.items():
        got = matcher.resolve(name).slug
        tally["asked" if got is None else "right" if got == want else "wrong"] += 1
    assert tally["wrong"] == 0
    assert tally["right"] >= 63, tally  # of 86 distinct names; 52 right, 34 wrong before


@pytest.mark.parametrize("name", sorted(n for n, w in APP_NAMES.items() if w != "ask"))
def test_app_names_in_chat_log_the_sets_to_that_entry_or_ask(
    name: str, matcher: ExerciseMatcher
) -> None:
    result = parse(f"3x10 {name} 20kg", matcher)
    assert result.intent == "log_sets"
    (group,) = result.slots["groups"]
    assert (group["sets"], group["reps"], group["weight_kg"]) == (3, 10, 20.0)
    assert group["exercise"] in (APP_NAMES[name], None)
    if group["exercise"] is None:
        assert result.problems
        assert result.problems[0].startswith(("which exercise", "unknown"))


# --- equipment -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Lateral Raise (Cable)", "cable-lateral-raise"),
        ("cable lateral raises", "cable-lateral-raise"),
        ("lateral raise cable", "cable-lateral-raise"),
        ("lateral raise", "dumbbell-lateral-raise"),  # the library's plain alias
        ("Bench Press (Dumbbell)", "dumbbell-bench-press"),
        ("Bench Press (Barbell)", "barbell-bench-press"),
        ("Incline Bench Press (Dumbbell)", "incline-dumbbell-press"),
        ("Bicep Curl (Cable)", "cable-curl"),
        ("Bicep Curl (Barbell)", "barbell-curl"),
        ("Squat (Barbell)", "barbell-back-squat"),
        ("Squat (Smith Machine)", "smith-machine-squat"),
        ("Squat (Bodyweight)", "bodyweight-squat"),
        ("Deadlift (Trap bar)", "trap-bar-deadlift"),
        ("Romanian Deadlift (Dumbbell)", "dumbbell-romanian-deadlift"),
        ("Pull Up (Assisted)", "machine-assisted-pull-up"),
        ("Pull Up (Band)", "band-assisted-pull-up"),
        ("Chin Up (Weighted)", "chin-up"),
        ("Bench Press - Close Grip (Barbell)", "close-grip-bench-press"),
        ("Seated Cable Row - V Grip (Cable)", "seated-cable-row"),
        ("Triceps Pushdown (Cable - Straight Bar)", "triceps-pushdown"),
        ("Seated Row (Machine)", "chest-supported-machine-row"),
        ("Lat Pulldown (Machine)", "lat-pulldown"),  # a cable station, filed under Machine
    ],
)
def test_the_named_equipment_selects_the_entry(
    text: str, slug: str, matcher: ExerciseMatcher
) -> None:
    found = matcher.match(text)
    assert found is not None
    assert found.slug == slug


def test_the_equipment_comes_from_the_library_field_not_from_names() -> None:
    records = list(library_records())
    at = next(i for i, r in enumerate(records) if r.slug == "cable-curl")
    records[at] = records[at].model_copy(update={"equipment": ["resistance_band"]})
    assert ExerciseMatcher(records).match("Bicep Curl (Cable)") is None  # no cable entry left
    at = next(i for i, r in enumerate(records) if r.slug == "dumbbell-curl")
    records[at] = records[at].model_copy(update={"equipment": ["cable"]})
    assert ExerciseMatcher(records).match("Bicep Curl (Cable)").slug == "dumbbell-curl"


def test_app_names_split_into_movement_and_equipment() -> None:
    parts = parse_name("Seated Cable Row - V Grip (Cable)")
    assert parts.movement == {"seated", "row", "v", "grip"}
    assert parts.equipment == {"cable"}
    assert parse_name("Chin Up (Weighted)").movement == {"chin", "up"}
    assert parse_name("Squat (Smith Machine)").equipment == {"smith_machine"}


# --- asking instead of picking -----------------------------------------------------------


def test_several_fitting_entries_are_candidates_to_ask_about(matcher: ExerciseMatcher) -> None:
    found = matcher.resolve("Lunge (Dumbbell)")
    assert found.slug is None
    assert found.ambiguous
    assert {"dumbbell-reverse-lunge", "dumbbell-walking-lunge"} <= set(found.candidates)
    assert matcher.match("Lunge (Dumbbell)") is None
    result = parse("3x10 Lunge (Dumbbell) 12kg", matcher)
    assert result.slots["groups"][0]["exercise"] is None
    assert result.problems[0].startswith("which exercise is 'lunge dumbbell'?")
    assert "'Dumbbell Reverse Lunge' or 'Dumbbell Walking Lunge'" in result.problems[0]
    assert result.confidence < 0.9


def test_an_entry_with_more_words_than_were_said_is_asked_not_picked(
    matcher: ExerciseMatcher,
) -> None:
    found = matcher.resolve("Triceps Extension (Cable)")
    assert found.slug is None
    # (a cable pushdown is also called a triceps extension: offered beside the overhead one)
    assert found.candidates[0] == "overhead-cable-triceps-extension"
    result = parse("3x12 triceps extension cable 20kg", matcher)
    assert len(result.problems) == 1
    assert result.problems[0].startswith("which exercise is 'triceps extension cable'?")
    assert "'Overhead Cable Triceps Extension'" in result.problems[0]


@pytest.mark.parametrize(
    "text",
    [
        "Hip Thrust (Machine)",  # barbell and dumbbell hip thrusts exist, no machine
        "Hammer Curl (Cable)",  # the hammer curl is a dumbbell entry
        "Triceps Kickback (Cable)",
        "Shrug (Cable)",
        "Warm Up",
        "Katana Triceps Extension",
        "Sitting 1-Arm Lat Pulldown",
    ],
)
def test_no_neighbouring_movement_or_equipment_is_picked(
    text: str, matcher: ExerciseMatcher
) -> None:
    assert matcher.match(text) is None


def test_typos_are_fixed_word_by_word(matcher: ExerciseMatcher) -> None:
    found = matcher.match("romanain deadlfit (dumbbell)")
    assert found is not None
    assert found.slug == "dumbbell-romanian-deadlift"
    found = matcher.match("benchpres")
    assert found is not None
    assert found.slug == "barbell-bench-press"


# --- "raise" in a name -------------------------------------------------------------------


def test_lateral_raises_with_sets_and_a_load_are_logged(matcher: ExerciseMatcher) -> None:
    result = parse("3x15 lateral raises at 5 kg", matcher)
    assert result.intent == "log_sets"
    assert result.slots["groups"] == [
        {"sets": 3, "reps": 15, "weight_kg": 5.0, "exercise": "dumbbell-lateral-raise"}
    ]
    result = parse("4x12 Lateral Raise (Cable) 7.5 kg", matcher)
    assert result.intent == "log_sets"
    assert result.slots["groups"][0]["exercise"] == "cable-lateral-raise"


@pytest.mark.parametrize(
    "text",
    [
        "lateral raise 8kg",
        "Standing Calf Raise (Machine) 60kg",
        "hanging leg raise 5kg",
        "seated calf raise 40 kg",
        "Pull Up (Assisted) 25 kg",
        "front raises 10kg",
    ],
)
def test_a_name_ending_in_raise_or_up_is_not_a_load_change(
    text: str, matcher: ExerciseMatcher
) -> None:
    assert parse(text, matcher).intent != "change_load"


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        (
            "raise my lateral raise to 10kg",
            {"exercise": "dumbbell-lateral-raise", "weight_kg": 10.0},
        ),
        ("bump calf raises by 5kg", {"exercise": "bodyweight-calf-raise", "delta_kg": 5.0}),
        ("add 5kg to pull ups", {"exercise": "pull-up", "delta_kg": 5.0}),
        ("raise leg press by 10kg", {"exercise": "leg-press", "delta_kg": 10.0}),
        ("raise my squat to 100kg", {"exercise": "barbell-back-squat", "weight_kg": 100.0}),
    ],
)
def test_raise_as_a_verb_still_changes_the_load(
    text: str, slots: dict[str, Any], matcher: ExerciseMatcher
) -> None:
    result = parse(text, matcher)
    assert result.intent == "change_load"
    assert result.slots == slots
