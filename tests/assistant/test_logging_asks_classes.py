"""Classes of logging messages the chat asked about though the text says the answer (issue 57,
found on the development writers A-I, kept only where the check writers K-T did not get worse),
each with new wording, and the wording of the same class that must still ask."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)  # a Wednesday


def _slugs(text: str) -> tuple[list[str], list[str]]:
    with bare_units("metric"):
        reading = read_log(text, today=TODAY)
    return [g["exercise"] for e in reading.entries for g in e.slots.get("groups", [])], reading.problems  # fmt: skip


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("from the other day ohp 4x6 at 50kg", ["barbell-overhead-press"]),
        ("park pullups 5x5", ["pull-up"]),
        ("rainy day leg press 3x12 120kg", ["leg-press"]),
        ("gym y despues rdl 3x8 80kg", ["romanian-deadlift"]),
    ],
)
def test_words_of_when_and_where_beside_a_lift_are_not_its_name(text: str, slugs: list[str]) -> None:  # fmt: skip
    # "day", "park", "gym", "y" are in some alias ("ski day", "park run"), not in these lifts
    assert _slugs(text) == (slugs, [])


@pytest.mark.parametrize(
    "text",
    [
        "gym day rows 3x10 50kg",  # "rows" alone is several entries
        "morning hang cleans 3x3 80kg",  # "hang" makes it another lift than the power clean
    ],
)
def test_the_lift_beside_them_must_still_be_one_entry(text: str) -> None:
    found, problems = _slugs(text)
    assert found == [None]
    assert problems
