"""The logging scorer's reading of names and descriptions (scorer26): which stored records are
the gold's record in other words, and which stay wrong."""

from __future__ import annotations

from typing import Any

import pytest

from research.evaluate.assistant.logging_scores import compare_logged, same_foods


@pytest.fixture(scope="module")
def records() -> list[Any]:
    from fitcoach.assistant.nlu import ExerciseMatcher

    return list(ExerciseMatcher.from_library().records)


def _lift(name: str) -> list[dict[str, Any]]:
    return [{"what": "strength", "exercise": name, "sets": 1, "reps": 15, "load_kg": 80.0, "rir": None}]  # fmt: skip


def test_a_variant_the_message_names_is_the_plain_gold_lift(records: list[Any]) -> None:
    got = {"strength": [("standing-calf-raise", 15, 80.0, None)]}
    said = "calf raises on the machine 1x15 @ 80"
    assert compare_logged(_lift("calf raise"), got, records, said)[0] == []
    # The message does not name the machine: the plain name is the bodyweight entry.
    assert compare_logged(_lift("calf raise"), got, records, "calf raises 1x15 @ 80")[0]
    assert compare_logged(_lift("calf raise"), got, records)[0]
    # A variant the message does not say stays wrong ("bench press" is not the incline one).
    bench = {"strength": [("incline-barbell-bench-press", 15, 80.0, None)]}
    assert compare_logged(_lift("bench press"), bench, records, "bench 1x15 at 80")[0]


def test_a_bodyweight_gold_lift_with_no_load_is_its_bodyweight_entry_too(
    records: list[Any],
) -> None:
    """ "3 sets of 10 squats, no weight": the gold's "squat" with ``bodyweight`` and no load is
    the Bodyweight Squat as well as the plain name's barbell one; with a load it is not, and no
    other bodyweight entry stands in for it."""
    from research.evaluate.chat_eval import expected_entries

    def gold(weight: Any) -> list[dict[str, Any]]:
        group = {"exercise": "squat", "sets": 3, "reps": 10, "weight": weight, "bodyweight": True}  # fmt: skip
        return expected_entries([{"tool": "log_sets", "args": {"groups": [group]}}])[0]

    def sets(slug: str, load: float | None) -> dict[str, Any]:
        return {"strength": [(slug, 10, load, None)] * 3}

    said = "3 sets of 10 squats, no weight"
    assert compare_logged(gold(None), sets("bodyweight-squat", None), records, said)[0] == []
    assert compare_logged(gold(None), sets("barbell-back-squat", None), records, said)[0] == []
    assert compare_logged(gold(None), sets("split-squat", None), records, said)[0]
    loaded = gold({"value": 20, "unit": "kg"})
    assert compare_logged(loaded, sets("bodyweight-squat", 20.0), records, "3x10 squats +20 kg")[0]  # fmt: skip


def _cardio(activity: str) -> list[dict[str, Any]]:
    return [{"what": "cardio", "activity": activity, "minutes": 30.0}]


def test_an_activity_no_entry_names_whole_is_the_entry_naming_each_word(records: list[Any]) -> None:
    step = {"cardio": [{"activity": "step-aerobics", "minutes": 30.0}]}
    assert compare_logged(_cardio("step aerobics class"), step, records)[0] == []
    # Another entry stays wrong, and a gold name an entry holds whole keeps only that entry.
    walk = {"cardio": [{"activity": "walking", "minutes": 30.0}]}
    assert compare_logged(_cardio("step aerobics class"), walk, records)[0]
    skis = {"cardio": [{"activity": "downhill-skiing", "minutes": 30.0}]}
    assert compare_logged(_cardio("ski touring"), skis, records)[0]
    hike = {"cardio": [{"activity": "hiking", "minutes": 30.0}]}
    assert compare_logged(_cardio("sailing"), hike, records)[0]


def test_meal_foods_compared_by_food_words() -> None:
    # Joining words are not foods; a word the gold splits is the stored one word.
    assert same_foods("scrambled eggs on sourdough with black coffee", "3 eggs scrambled, 2 slices sourdough, black coffee")  # fmt: skip
    assert same_foods("2 Weet-Bix with milk and a banana", "2 weetbix with 200ml milk and a banana")  # fmt: skip
    # A food left out is still wrong.
    assert not same_foods("scrambled eggs on sourdough with black coffee", "3 eggs scrambled, black coffee")  # fmt: skip
    assert not same_foods("2 Weet-Bix with milk and a banana", "2 weetbix with 200ml milk")


def test_a_gold_paraphrase_the_message_never_says_against_the_message_whole() -> None:
    said = "had a kebab and 3 pints after the team do last night, not proud"
    whole = "a kebab and 3 pints after the team do last night, not proud"
    assert same_foods("kebab and beer", whole, said)
    shake = "post-session shake: 40g whey in 300ml milk"
    assert same_foods("protein shake", "post session shake 40g whey in 300ml milk", shake)
    # Something said was dropped: the paraphrased food may be what is missing.
    assert not same_foods("kebab and beer", "a kebab", said)
    # A gold food the message does say must be stored; none of the gold's foods: wrong.
    assert not same_foods("kebab and chips", whole, "had a kebab and chips and 3 pints")
    assert not same_foods("beer", "3 pints", "3 pints")
    assert not same_foods("kebab and beer", whole)


def test_a_gold_paraphrase_against_the_message_whole_but_its_figures() -> None:
    # Figures and the meal's name after the foods are stored apart; "w" is stored as "with".
    said = "lunch 12:30 - 2 crumpets, 150ml whole, 1 pear (290 kcal)"
    assert same_foods("crumpets with whole milk and a pear", "2 crumpets, 150ml whole, 1 pear", said)  # fmt: skip
    toast = "3 poached eggs and a slice of sourdough for brekkie, 260 kcal"
    assert same_foods("poached eggs and sourdough toast", "3 poached eggs and a slice of sourdough", toast)  # fmt: skip
    assert same_foods("protein shake", "shake 1 scoop whey with 300ml milk", "shake 1 scoop whey w 300ml milk")  # fmt: skip
    # A food after the stored ones was dropped: still wrong.
    dropped = "3 poached eggs and a slice of sourdough and a latte for brekkie, 260 kcal"
    assert not same_foods("poached eggs and sourdough toast", "3 poached eggs and a slice of sourdough", dropped)  # fmt: skip
    assert not same_foods("poached eggs and sourdough toast", "3 poached eggs", toast)
