"""Needless questions of the tuned sets 21-25 (asks21), by class: a name inside a phrase past a
session's label, a clitic or a carried bell; "single leg" as a name's word; a body-weight
movement on pads; a small stack load beside a stack past any pin; two nights told together."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import read_entries


def _groups(text: str) -> list[tuple[object, ...]]:
    entries, problems = read_entries(text)
    assert not problems, problems
    return [
        (g["exercise"], g["sets"], g["reps"], g.get("weight_kg"))
        for intent, slots in entries
        if intent == "log_sets"
        for g in slots["groups"]
    ]


# --- a session's label, a clitic or a carried bell around a name ------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "WOD today: 5 rounds 15 KB swings @ 24 + 10 pull ups, took 16 min",
            [("kettlebell-swing", 5, 15, 24.0), ("pull-up", 5, 10, None)],
        ),
        (
            "Circuit at the station w/ crew: 4 rounds of 15 burpees + 20 air squats",
            [("burpee", 4, 15, None), ("bodyweight-squat", 4, 20, None)],
        ),
        (
            "hit legs on the ship gym last sat: leg ext 3x12 @ 45kg, ham curls 3x12 @ 40kg",
            [("leg-extension", 3, 12, 45.0), ("lying-leg-curl", 3, 12, 40.0)],
        ),
        (
            "metcon: 3 rounds of 12 burpees",
            [("burpee", 3, 12, None)],
        ),
        (
            "home workout since it's -15 outside: pistol squats 4x6 each leg, handstand push ups"
            " 5x3, took 40 min",
            [("pistol-squat", 4, 6, None), ("handstand-push-up", 5, 3, None)],
        ),
        (
            "tonight 4 x 12 cossack squats with an 8kg kb",
            [("cossack-squat", 4, 12, 8.0)],
        ),
    ],
)
def test_a_name_is_found_past_a_label_a_clitic_or_a_carried_bell(
    text: str, want: list[tuple[object, ...]]
) -> None:
    assert _groups(text) == want


def test_a_bodyweight_circuit_of_squats_is_the_bodyweight_squat() -> None:
    entries, problems = read_entries(
        "then tonight bodyweight circuit 3 rounds: 10 squats 10 pushups 10 lunges each leg"
    )
    assert not problems, problems
    assert next(g["exercise"] for _, s in entries for g in s["groups"]) == "bodyweight-squat"


@pytest.mark.parametrize(
    "text",
    [
        "Sunday: RDLs 3x10 with a 12kg kettlebell in each hand",  # a kit's entry: another lift
        "db lunges 3x10 15kg",  # the dumbbell lunges are several entries
        "paused leg press 3x10 100",  # a variant's word is never dropped
    ],
)
def test_a_kit_or_variant_word_still_asks_where_the_entry_is_not_one(text: str) -> None:
    _, problems = read_entries(text)
    assert problems


# --- "single leg", "double unders": a name's first word, no rep word ------------------------


def test_single_before_a_limb_is_part_of_the_name() -> None:
    assert _groups("3x15 single leg glute bridges") == [("single-leg-glute-bridge", 3, 15, None)]
    assert _groups("deadlift 180 single") == [("barbell-deadlift", 1, 1, 180.0)]


# --- a body-weight movement on pads -----------------------------------------------------------


@pytest.mark.parametrize("text", ["3x10 back extensions", "bench 3x5 80, back extensions 3x10"])
def test_back_extensions_with_no_load_carry_the_body(text: str) -> None:
    assert ("back-extension", 3, 10, None) in _groups(text)


# --- a small stack load beside a stack past any pin ------------------------------------------


def test_a_small_stack_load_beside_a_stack_past_any_pin_is_the_athletes_unit() -> None:
    text = "yesterday: lat pulldown 4x10 at 45, seated cable row 3x12 at 40, face pulls 3x15 at 15"
    assert ("face-pull", 3, 15, 15.0) in _groups(text)


@pytest.mark.parametrize("text", ["leg extension 3x12 at 12", "seated cable row 4x10 @ 12, bench 3x5 100"])  # fmt: skip
def test_a_small_stack_load_alone_or_beside_free_weights_is_still_asked(text: str) -> None:
    _, problems = read_entries(text)
    assert any("on the stack" in p for p in problems)


# --- two nights told together -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("yesterday: 6h sleep, today 7h45", [(17, 6 * 3600), (18, 7.75 * 3600)]),
        ("sunday night I got 7h20m, monday night only 5h", [(16, 440 * 60), (17, 5 * 3600)]),
    ],
)
def test_two_nights_told_together_are_two(text: str, want: list[tuple[int, float]]) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [(s["date"].day, s["duration_s"]) for i, s in entries if i == "log_sleep"] == want


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("In bed at 11, up at 6:30. Weight 71.3. Resting hr 48", 7.5),
        ("in bed by 10, woke at 6. bench 3x5 80", 8.0),
    ],
)
def test_a_night_by_bed_and_up_times_across_a_comma_beside_other_logs(
    text: str, hours: float
) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [s["duration_s"] for i, s in entries if i == "log_sleep"] == [hours * 3600]
    assert len(entries) >= 2
