"""The numbers check: what counts as grounded, what is trivial, what is invented."""

from __future__ import annotations

import pytest

from fitcoach.assistant.llm.numbers import Sources, check_numbers


@pytest.fixture
def sources() -> Sources:
    found = Sources()
    found.add_data(
        {
            "metric": "resting_hr",
            "mean": 52.37,
            "days": [{"day": "2026-11-13", "value": 50}, {"day": "2026-11-19", "value": 54}],
            "weight_kg": 72.40,
            "change": -1.2,
            "sleep": {"duration_s": 23400},
            "distance_m": 5000,
            "session_minutes": 90,
            "completion_ratio": 0.85,
        }
    )
    found.add_text("Logged 3 x 8 squats at 100 kg.")
    return found


@pytest.mark.parametrize(
    "reply",
    [
        "Your resting HR averaged 52.37 bpm.",
        "Your resting HR averaged 52.4 bpm, about 52.",  # rounding to the decimals shown
        "You weigh 72.4 kg (72.40 in the log).",  # 72.40 and 72.4 are one number
        "You are down 1.2 kg.",  # the sign is the words' job
        "From 13 to 19 November, between 50 and 54 bpm.",  # dates are their numbers
        "You slept 6.5 hours, or 390 minutes.",  # duration_s: seconds → hours, minutes
        "Your run was 5 km.",  # distance_m: metres → km
        "Sessions of 1.5 h.",  # session_minutes → hours
        "You completed 85% of it.",  # a ratio as a percentage
        "Great: 3x8 at 100 kg.",  # from the summary text
        "Three sets of eight at one hundred kilos.",  # number words are read as digits
        "Two options: 1. rest 2. walk.",  # small counts and list markers need no source
        "Your 1st and 2nd sessions went well.",
    ],
)
def test_grounded_replies_pass(sources: Sources, reply: str) -> None:
    result = check_numbers(reply, sources)
    assert result.ok, result.reason


@pytest.mark.parametrize(
    ("reply", "invented"),
    [
        ("Your resting HR averaged 48 bpm.", ["48"]),
        ("You weigh 72.45 kg.", ["72.45"]),  # more precision than the data is invention
        ("Do 4 sets of 6 today.", ["4", "6"]),  # prescriptions are quantities, never trivial
        ("Keep RIR 2.", ["2"]),
        ("Try 6x6.", ["6"]),
        ("Sleep 2 hours more.", ["2"]),  # 1.5 rounds to 2, but 33 % off is not a rounding
        ("That is 160 lb.", ["160"]),  # no kg → lb conversion: quote the tool's units
        ("You slept six and a half hours, nearly 7 hours.", ["7"]),
        ("Aim for 1,250 kcal.", ["1250"]),  # quoted as read: separators dropped
        ("Your VO2max is about forty-eight.", ["48"]),
    ],
)
def test_invented_numbers_are_caught(sources: Sources, reply: str, invented: list[str]) -> None:
    result = check_numbers(reply, sources)
    assert not result.ok
    assert result.ungrounded == invented
    assert result.reason.startswith("numbers not found in the athlete's data: ")


def test_a_reply_without_numbers_passes() -> None:
    assert check_numbers("Rest well and enjoy the walk.", Sources()).ok


def test_small_numbers_alone_need_no_source_but_quantities_do() -> None:
    empty = Sources()
    assert check_numbers("Pick one of these 3 options.", empty).ok
    assert not check_numbers("Walk for 3 km.", empty).ok
    assert not check_numbers("Rest 2 days.", empty).ok
    assert not check_numbers("That is 11 options.", empty).ok  # above 10 is never trivial
