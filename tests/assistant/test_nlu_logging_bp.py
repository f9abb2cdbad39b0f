"""Logging classes of corpus 57k's writer BP (second-language English, dictation, corrections
said in the same breath), in words written for this file: a figure or a scheme said over at
once, the gym names and log words of other languages, dictated names, narrow ranges logged as
their middle, a weigh-in said with "morning" alone, a climb that is no distance and a commute's
two legs; with the look-alikes next to them that keep their old reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu import read_undo
from fitcoach.assistant.nlu.normalise import normalise


def _group(text: str, units: str = "metric") -> dict[str, object]:
    groups = only_entry(text, "log_sets", units)["groups"]  # type: ignore[arg-type]
    assert len(groups) == 1
    return groups[0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("text", "sets", "reps", "kg"),
    [
        ("leg press 150, no wait 160kg, 4 sets of 10", 4, 10, 160.0),
        ("lat pulldown 50kg 3x10 no 3x12 sorry", 3, 12, 50.0),
        ("bench 80 no 82.5 x 5 x 3", 3, 5, 82.5),
        ("hack squat 3x8 at 120?? no 110 lol typo", 3, 8, 110.0),
    ],
)
def test_a_figure_said_over_at_once_keeps_the_second(
    text: str, sets: int, reps: int, kg: float
) -> None:
    group = _group(text)
    assert (group["sets"], group["reps"], group["weight_kg"]) == (sets, reps, kg)
    assert read_undo(text) is None  # a log of its own, no correction of an earlier entry


def test_a_weight_said_over_with_an_apology_is_the_weight() -> None:
    assert only_entry("body weight 81.4 no sorry 81.9 i read it wrong", "log_weight")[
        "weight_kg"
    ] == pytest.approx(81.9)


@pytest.mark.parametrize(
    "text",
    [
        "era 77.5 no 75",  # "it was 77.5, not 75": a correction of the last entry
        "bench 3x5 at 80 no belt",  # "no" before a word
        "weight 80 no 8",  # figures of different sizes with a bare "no"
    ],
)
def test_what_is_no_self_correction_stays_as_written(text: str) -> None:
    assert normalise(text) == text


@pytest.mark.parametrize(
    ("text", "slug", "sets", "kg"),
    [
        ("Beinpresse 4x10 120 kg", "leg-press", 4, 120.0),
        ("wiosłowanie sztangą 3x8 60kg", "barbell-row", 3, 60.0),
        ("curl de bíceps con mancuernas 3x10 de 12", "dumbbell-curl", 3, 12.0),
    ],
)
def test_gym_names_of_other_languages(text: str, slug: str, sets: int, kg: float) -> None:
    group = _group(text)
    assert (group["exercise"], group["sets"], group["weight_kg"]) == (slug, sets, kg)


def test_an_english_word_that_is_several_exercises_is_still_asked() -> None:
    _entries, problems = read_entries("butterfly 3x12 40 kg")
    assert problems  # the pec deck, or a swim's stroke: which?


@pytest.mark.parametrize(
    ("text", "seconds", "km"),
    [
        ("Pazartesi 2 km yüzme, 45 dakika", 2700.0, 2.0),
        ("Montag 40 Minuten Crosstrainer", 2400.0, None),
        ("heute 25 min Rad", 1500.0, None),
        ("stair master 15 min lvl 10", 900.0, None),
    ],
)
def test_cardio_in_other_languages_and_dictated(
    text: str, seconds: float, km: float | None
) -> None:
    slots = only_entry(text, "log_cardio")
    assert slots["duration_s"] == seconds
    assert slots.get("distance_m") == (None if km is None else km * 1000)


def test_a_turkish_day_is_the_day_it_names() -> None:
    assert str(only_entry("Pazartesi 2 km yüzme, 45 dakika", "log_cardio")["date"]) == "2026-11-16"


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("kal raat 6 ghante soya", 6.0),
        ("pesé 70 esta mañana y dormí mal, como 6 horas", 6.0),
        ("slept like 6-7 hours", 6.5),
        ("7-8h of sleep last night", 7.5),
    ],
)
def test_sleep_in_other_languages_and_as_a_narrow_range(text: str, hours: float) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    sleep = [s for i, s in entries if i == "log_sleep"]
    assert [s["duration_s"] for s in sleep] == [hours * 3600]


@pytest.mark.parametrize("text", ["slept 4-9 hours", "slept 2-3 hours"])
def test_a_wide_or_short_range_of_sleep_is_not_halved(text: str) -> None:
    assert normalise(text) == text


def test_a_narrow_range_of_effort_is_its_middle() -> None:
    assert _group("ohp 40kg 4x6 rpe 7-8")["rpe"] == 7.5
    assert normalise("rir 1-4") == "rir 1-4"  # too wide: asked as before


@pytest.mark.parametrize(("text", "kg"), [("morning: 70,5 kg", 70.5), ("this morning 64 kg", 64.0)])
def test_a_weigh_in_said_with_the_morning_alone(text: str, kg: float) -> None:
    assert only_entry(text, "log_weight")["weight_kg"] == kg


def test_dictated_names_and_numbers() -> None:
    group = _group("coach i did the dead lift five sets of three at three fifteen", "imperial")
    assert (group["exercise"], group["sets"], group["reps"]) == ("barbell-deadlift", 5, 3)
    assert group["weight_kg"] == pytest.approx(142.88, abs=0.01)
    slots = only_entry("rested hr 51 😎", "log_daily")
    assert slots["values"] == {"resting_hr": 51.0}


def test_a_climb_is_no_distance() -> None:
    slots = only_entry("hiked 2 h with 450m climb", "log_cardio")
    assert slots["duration_s"] == 7200.0
    assert "distance_m" not in slots


def test_a_commutes_two_legs_are_one_bout() -> None:
    slots = only_entry("walked to school 20 min and back home 25 min", "log_cardio")
    assert slots["duration_s"] == 2700.0
