"""Long logs said in one breath (issue 57, corpus-57m's writer BY): reps said as number words
one after another, and a remark said right after a set's last figure with no stop. Wording
composed here, none of it the corpus's."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry

from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.run_on import plural_loads, run_on_stops


@pytest.mark.parametrize(
    ("said", "figures"),
    [
        ("nine seven and five", "9, 7, 5"),
        ("eleven eleven nine", "11, 11, 9"),
        # one number where the words make one
        ("one hundred and twenty five", "125"),
        ("sixty two", "62"),
        ("twenty five hundred", "2500"),
        # two figures stay as said (a height, "six two"; a weight and its reps)
        ("six two", "6 2"),
        ("seven and sixty five", "7 and 65"),
    ],
)
def test_number_words_in_a_row_are_a_list_not_a_sum(said: str, figures: str) -> None:
    assert normalise(f"chin ups {said}") == f"chin ups {figures}"


def test_reps_said_in_words_are_each_a_set() -> None:
    slots = only_entry("chin ups nine seven and five", "log_sets")
    assert [(g["sets"], g["reps"]) for g in slots["groups"]] == [(1, 9), (1, 7), (1, 5)]


def test_a_remark_after_the_last_load_is_no_part_of_the_name() -> None:
    text = (
        "leg press four by ten at one hundred and twenty kilos my knees held up fine even though "
        "the radio in the garage was on far too loud all morning"
    )
    slots = only_entry(text, "log_sets")
    [group] = slots["groups"]
    assert (group["exercise"], group["sets"], group["reps"], group["weight_kg"]) == (
        "leg-press",
        4,
        10,
        120,
    )


def test_a_remark_with_a_figure_or_a_short_log_stays_as_said() -> None:
    long = (
        "rows 3 by 10 at 50 i did 2 more sets at 40 after that because the gym was quiet "
        "and nobody wanted the cable"
    )
    assert run_on_stops(long) == long  # "i did ... 40": maybe the log's own figure
    short = "curls 3 by 12 at 14 my arms are gone"
    assert run_on_stops(short) == short


@pytest.mark.parametrize(
    ("text", "load"),
    [
        ("hammer curls four by ten holding the sixteens", 16.0),
        ("goblet squats 3x12 with the twenty fours", 24.0),
        ("front raises 3 by 15 using a pair of sevens", 7.0),
    ],
)
def test_a_pair_of_dumbbells_said_by_their_load_in_words(text: str, load: float) -> None:
    [group] = only_entry(text, "log_sets")["groups"]
    assert group["weight_kg"] == load


def test_a_plural_number_that_is_no_load_stays_as_said() -> None:
    assert plural_loads("felt like i was in my twenties again") == (
        "felt like i was in my twenties again"
    )
    assert plural_loads("with the 20 twenties") == "with the 20 twenties"
