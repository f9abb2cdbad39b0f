"""Names with the rest of the sentence stuck to them (names93): an aside of when after the name
("dips 3x12 before my swim"), the furniture a movement without kit was done to or off
("single leg squats to a chair", "heel raises off the stairs"), and gym shorthand the library
now holds ("bp", "strict chins", "cable lat raise"). A lift named in the aside, a place that
names a movement, or a name that fits several entries is still asked."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.name_context import aside_head, place_head

TODAY = date(2026, 11, 18)


def _slugs(text: str) -> list[str]:
    reading = read_log(text, today=TODAY)
    assert reading.ok, reading
    return [g["exercise"] for e in reading.entries for g in e.slots["groups"]]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("dips 3x12 before my swim", "parallel-bar-dip"),
        ("goblet squats 3x10 at 16kg before spin class", "goblet-squat"),
        ("chin ups 4 sets of 6 before the bike ride home", "chin-up"),
        ("face pulls 3x15 at 20kg before the school pickup", "face-pull"),
    ],
)
def test_an_aside_of_when_after_the_name_is_dropped(text: str, slug: str) -> None:
    assert set(_slugs(text)) == {slug}


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("heel raises off the stairs, 3 sets of 15", "bodyweight-calf-raise"),
        ("single leg squats to a chair, 3 x 8 each leg", "pistol-squat"),
        ("split squats to a bench 3x10 each leg", "split-squat"),
    ],
)
def test_the_place_a_movement_was_done_to_or_off_is_dropped(text: str, slug: str) -> None:
    assert set(_slugs(text)) == {slug}


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("bp 3x8 80kg", "barbell-bench-press"),
        ("strict chin ups 3x6", "chin-up"),
        ("strict pullups 5x5", "pull-up"),
        ("cable lat raise 3x12 at 5kg", "cable-lateral-raise"),
        ("romanian deads 3x10 at 80kg", "romanian-deadlift"),
    ],
)
def test_gym_shorthand_names_its_lift(text: str, slug: str) -> None:
    assert set(_slugs(text)) == {slug}


@pytest.mark.parametrize(
    "text",
    [
        "did squats before bench, 3x5 at 100kg",  # the aside names a lift: which had the sets?
        "dips off the couch, 3x12",  # off a couch: other dips than the bars'
        "squats to parallel 3x5 at 100kg",  # how deep, not where: "squats" fits several
    ],
)
def test_an_aside_with_a_lift_or_a_movement_place_is_asked(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert not reading.ok


def test_the_cuts() -> None:
    assert aside_head("push ups before school run") == ("push ups", "before school run")
    assert aside_head("before work") is None
    assert place_head("pistol squats to box") == ("pistol squats", "to", "box")
    assert place_head("squats to parallel") is None
    assert place_head("dips off couch") is None


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        (
            "rugby S&C: front squat 4x5 at 100kg, nordics 3x5",
            ["barbell-front-squat", "nordic-hamstring-curl"],
        ),
        ("push day - bench 4x8 at 60kg, dips 3x10", ["barbell-bench-press", "parallel-bar-dip"]),
        ("lunch break lift: goblet squats 3x12 with the 16kg kb", ["goblet-squat"]),
    ],
)
def test_a_session_label_before_the_first_lift_is_no_name(text: str, slugs: list[str]) -> None:
    assert _slugs(text.lower()) == slugs


@pytest.mark.parametrize("text", ["bp 131/84 after my coffee", "my bp was 140 over 90 at the gp"])
def test_a_blood_pressure_is_no_bench_press(text: str) -> None:
    reading = read_log(text, today=TODAY)
    assert not any(g["exercise"] == "barbell-bench-press" for e in reading.entries for g in e.slots.get("groups", []))  # fmt: skip
