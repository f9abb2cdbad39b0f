"""Gym shorthand (asks57o, corpus-57o's CK), in words written for this file: a counted plate and
a smaller one on each side ("one plate and a 10 per side"), a machine's plates where the message
says the sled is not counted, and the protein's letter before the kcal ("31p / 540 cal"); with
the look-alikes that stay asked."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _loads(text: str, units: str = "imperial") -> list[tuple[int, int, float]]:
    groups = only_entry(text, "log_sets", units)["groups"]  # type: ignore[arg-type]
    return [(g["sets"], g["reps"], g["weight_kg"]) for g in groups]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("incline bench 4x6, one plate and a 10 per side", [(4, 6, 70.31)]),  # 45+2*55 = 155 lb
        ("barbell row 3x8 with 2 plates + a 25 on each side", [(3, 8, 124.74)]),  # 275 lb
        ("squat 5x3, one plate a side", [(5, 3, 61.23)]),  # 135 lb
    ],
)
def test_counted_plates_and_a_smaller_one_make_the_load_with_the_bar(
    text: str, want: list[tuple[int, int, float]]
) -> None:
    got = _loads(text)
    assert [(s, r) for s, r, _ in got] == [(s, r) for s, r, _ in want]
    assert all(abs(g[2] - w[2]) < 0.1 for g, w in zip(got, want, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "hack squat 3x10, 2 plates a side, sled not counted",  # 180 lb of plates
        "leg press 4x10 with 2 plates each side (not counting the sled)",
    ],
)
def test_a_machines_plates_without_the_sled_are_its_load(text: str) -> None:
    assert abs(_loads(text)[0][2] - 180 * 0.45359237) < 0.1


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("leg press 3x12, 2 plates a side", "imperial"),  # the sled's weight unsaid
        ("bench 3x5, a plate and a 5 a side", "metric"),  # a metric gym's plate: 20, 25 or 10 kg
    ],
)
def test_plates_whose_load_is_not_known_stay_asked(text: str, units: str) -> None:
    _, problems = read_entries(text, units)  # type: ignore[arg-type]
    assert problems


@pytest.mark.parametrize(
    ("text", "protein", "kcal", "description"),
    [
        ("wrap from the canteen 31p / 540 cal", 31.0, 540, "wrap from the canteen"),
        ("skyr pot 15 g p, 140 kcal", 15.0, 140, "skyr pot"),
    ],
)
def test_the_protein_letter_before_the_kcal_is_its_grams(
    text: str, protein: float, kcal: int, description: str
) -> None:
    slots = only_entry(text, "log_meal", "metric")
    assert (slots["protein_g"], slots["calories"], slots["description"]) == (
        protein,
        kcal,
        description,
    )
