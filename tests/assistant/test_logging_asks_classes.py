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
        ("park pullups 5x5", ["pull-up"]),
        ("gym y despues rdl 3x8 80kg", ["romanian-deadlift"]),
    ],
)
def test_words_of_when_and_where_beside_a_lift_are_not_its_name(text: str, slugs: list[str]) -> None:  # fmt: skip
    # "park", "gym", "y" are in some alias ("park run", "prone y raise"), not in these lifts
    assert _slugs(text) == (slugs, [])


@pytest.mark.parametrize(
    "text",
    [
        "gym rows 3x10 50kg",  # "rows" alone is several entries
        "from the other day ohp 4x6 at 50kg",  # which day: no date is guessed
        "morning block cleans 3x3 80kg",  # "block" makes it another lift than the power clean
    ],
)
def test_the_lift_beside_them_must_still_be_one_entry(text: str) -> None:
    found, problems = _slugs(text)
    assert found == [None]
    assert problems


def _cardio(text: str) -> tuple[list[dict[str, object]], list[str]]:
    with bare_units("metric"):
        reading = read_log(text, today=TODAY)
    return [e.slots for e in reading.entries if e.intent == "log_cardio"], reading.problems


@pytest.mark.parametrize(
    ("text", "bpm"),
    [
        ("bike ride 50 min, heart rate averaged 128", 128.0),
        ("5 km jog in 31 min, heart avg 149", 149.0),
        ("cross trainer 25 mins, hr around 136", 136.0),
        ("rowed 6 km in 28 min, heart 152", 152.0),
    ],
)
def test_a_sessions_heart_rate_said_in_other_words_is_its_average(text: str, bpm: float) -> None:
    entries, problems = _cardio(text)
    assert problems == []
    assert [e.get("avg_hr") for e in entries] == [bpm]


@pytest.mark.parametrize(
    "text",
    [
        "spin class 45 min, hr got up to 181",  # a peak, not the average
    ],
)
def test_a_number_that_may_not_be_the_average_heart_rate_is_still_asked(text: str) -> None:
    entries, problems = _cardio(text)
    assert problems
    assert all(e.get("avg_hr") is None for e in entries)


def _kinds(text: str) -> tuple[list[tuple[str, dict[str, object]]], list[str]]:
    with bare_units("metric"):
        reading = read_log(text, today=TODAY)
    slots = [(e.intent, {k: v for k, v in e.slots.items() if k != "date"}) for e in reading.entries]
    return slots, reading.problems


@pytest.mark.parametrize("text", ["slept 7h05, sleep score 77", "readiness 64 today, slept 6h30"])
def test_a_devices_score_beside_a_night_is_no_figure_to_ask_about(text: str) -> None:
    entries, problems = _kinds(text)
    assert problems == []
    assert [intent for intent, _ in entries] == ["log_sleep"]


def test_a_bare_number_beside_a_night_is_still_asked() -> None:
    _, problems = _kinds("slept 7h, 84 overall")
    assert problems == ["I am not sure what 84 is here"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("6h50 sleep 😴 rhr 49", {"resting_hr": 49.0}),
        ("slept 7h20 hrv 66", {"hrv": 66.0}),
    ],
)
def test_a_reading_named_after_a_night_is_a_reading_of_its_own(
    text: str, values: dict[str, float]
) -> None:
    # "rhr" and "hrv" start a reading after a word too, not only after a number
    entries, problems = _kinds(text)
    assert problems == []
    assert [intent for intent, _ in entries] == ["log_sleep", "log_daily"]
    assert entries[1][1]["values"] == values


def test_a_reading_with_two_figures_is_still_asked() -> None:
    _, problems = _kinds("slept 7h20 rhr 52 and 61")
    assert problems
