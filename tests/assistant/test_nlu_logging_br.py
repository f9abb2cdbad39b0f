"""Logging classes of the twenty-fifth set's writer BR (quantified self), in words written for
this file: a blood glucose or ketone reading and a fast's length beside a log (no figure the log
keeps, never a question), a clause with no day of its own after one that said "today", the
protein's lone letter after the kcal ("560 kcal 41p"), a food's mass in lb, and a brunch that
keeps its word; with the look-alikes next to them that must read as before."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries


def _values(entries: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for _, slots in entries:
        found |= {k: v for k, v in slots.items() if k == "weight_kg"} | slots.get("values", {})
    return found


@pytest.mark.parametrize(
    "text",
    [
        "weighed 81.4 this morning, blood glucose 91, ketones 0.7",
        "fasting glucose was 5.1 mmol/l, weight 64.0 kg",
        "bhb 1.4 and gluc 79, scale says 70.2kg",
        "22h fast finished, weight 90.5 kg",
        "fasted for 40 hours, weigh in 58.3 kg",
    ],
)
def test_glucose_ketones_and_a_fast_are_no_figure_to_ask_about(text: str) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    values = _values(entries)
    assert "weight_kg" in values
    assert set(values) == {"weight_kg"}


def test_a_lift_beside_the_glucose_word_keeps_its_numbers() -> None:
    # a number of a log next to no reading's name is still read (and asked when unclear)
    slots = only_entry("squat 3x5 at 120 kg", "log_sets")
    assert slots["groups"][0]["weight_kg"] == 120.0


def test_a_clause_after_one_that_says_today_is_todays() -> None:
    entries, problems = read_entries("hrv 35 yesterday. today weight 71.8, resting hr 57")
    assert not problems, problems
    days = {k: slots["date"] for _, slots in entries for k in (*slots.get("values", {}), *(["weight_kg"] if "weight_kg" in slots else []))}  # fmt: skip
    assert days["weight_kg"] == TODAY
    assert days["resting_hr"] == TODAY


def test_a_reading_said_yesterday_alone_stays_yesterdays() -> None:
    entries, _ = read_entries("yesterday: hrv 35, resting hr 57")
    assert entries
    assert all(slots["date"] == TODAY - timedelta(days=1) for _, slots in entries)


@pytest.mark.parametrize(
    ("text", "kcal", "protein"),
    [
        ("dinner, salmon and rice: 560 kcal 41p", 560, 41),
        ("recovery shake, 2 scoops whey and oat milk. 410 kcal / 48g p", 410, 48),
    ],
)
def test_the_protein_letter_after_the_kcal_is_protein(text: str, kcal: int, protein: int) -> None:
    slots = only_entry(text, "log_meal")
    assert slots["calories"] == kcal
    assert slots["protein_g"] == protein
    assert not any(ch.isdigit() for ch in slots["description"].split()[-1]), slots["description"]


def test_a_food_weighed_in_lb_is_an_amount() -> None:
    slots = only_entry("dinner: 1 lb ground beef and rice", "log_meal")
    assert "1 lb ground beef" in slots["description"]


def test_brunch_keeps_its_word() -> None:
    slots = only_entry("brunch: 2 slices rye toast, 2 poached eggs", "log_meal")
    assert "brunch" in slots["description"]
    assert "meal" not in slots or slots["meal"] not in ("breakfast", "lunch")
