"""Unit parsing at the edges: everything inside fitcoach is kg, m, s and cm."""

from __future__ import annotations

import math

import pytest

from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    KG_PER_LB,
    kg_to_lb,
    m_to_mi,
    parse_distance_m,
    parse_duration_s,
    parse_length_cm,
    parse_mass_kg,
)


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("80", 80.0),
        ("80 kg", 80.0),
        ("80kg", 80.0),
        ("80,5 kg", 80.5),
        ("176 lb", 79.832257),
        ("176 LBS", 79.832257),
        ("1 pound", 0.45359237),
        ("11 st", 69.853225),
        ("11 stone", 69.853225),
        ("12 stone 6", 78.925072),
        ("12 st 6 lb", 78.925072),
        ("13st 10lbs", 87.089735),
        ("11 stones and 2 pounds", 70.760410),
        ("2500 g", 2.5),
        (72.5, 72.5),
        (70, 70.0),
    ],
)
def test_mass_in_any_unit_becomes_kilograms(text: str | float, kg: float) -> None:
    assert parse_mass_kg(text) == pytest.approx(kg, rel=1e-6)


def test_mass_default_unit_applies_to_bare_numbers_only() -> None:
    assert parse_mass_kg("160", default_unit="lb") == pytest.approx(160 * KG_PER_LB)
    assert parse_mass_kg("70 kg", default_unit="lb") == 70.0


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("5", 5000.0),
        ("5 km", 5000.0),
        ("10.5km", 10500.0),
        ("6.2 mi", 6.2 * 1609.344),
        ("1 mile", 1609.344),
        ("400 m", 400.0),
        ("100 yd", 91.44),
    ],
)
def test_distance_in_any_unit_becomes_metres(text: str, metres: float) -> None:
    assert parse_distance_m(text) == pytest.approx(metres)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45:30", 45 * 60 + 30),
        ("90:00", 5400),  # the first part may run past 59
        ("0:59", 59),
        ("1:02:03", 3723),
        ("1.5h", 5400),
        ("1.5 h", 5400),
        ("90 min", 5400),
        ("45", 2700),
        ("30 s", 30),
        ("2 hours", 7200),
    ],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration_s(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["45:3x", "1:2:3:4", ":30", "45:", "1:75", "1:60:00", "-5:00"])
def test_malformed_clock_durations_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="45:30"):
        parse_duration_s(text)


def test_height_in_inches() -> None:
    assert parse_length_cm("70 in") == pytest.approx(177.8)
    assert parse_length_cm("1.80 m") == pytest.approx(180.0)
    assert parse_length_cm("168") == 168.0


def test_words_are_refused_with_a_message_that_shows_how_to_write_it() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_mass_kg("eighty")
    message = caught.value.message
    assert "'eighty'" in message
    assert "80 kg" in message  # an example of what is accepted
    assert "lb" in message  # the units on offer


def test_unknown_unit_names_the_unit_and_the_choices() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_mass_kg("80 furlongs")
    assert "'furlongs'" in caught.value.message
    assert "kg" in caught.value.message
    with pytest.raises(InvalidInput, match="unknown unit 'kg' for distance"):
        parse_distance_m("5 kg")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("parser", [parse_mass_kg, parse_distance_m, parse_duration_s])
def test_non_finite_numbers_are_refused(value: float, parser: object) -> None:
    with pytest.raises(InvalidInput, match="finite"):
        parser(value)  # type: ignore[operator]


@pytest.mark.parametrize("text", ["nan", "inf", "NaN kg", "infinity", "1e999"])
def test_non_finite_spellings_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_mass_kg(text)


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(InvalidInput, match="must be a number"):
        parse_mass_kg(True)


def test_round_trips() -> None:
    assert kg_to_lb(parse_mass_kg("160 lb")) == pytest.approx(160)
    assert m_to_mi(parse_distance_m("26.2 mi")) == pytest.approx(26.2)


def test_stone_and_pounds_refuse_fourteen_pounds_or_more() -> None:
    with pytest.raises(InvalidInput, match="14 lb"):
        parse_mass_kg("12 st 14")


def test_precision_leaves_what_it_cannot_round_for_the_range_checks() -> None:
    from fitcoach.core.units import to_precision

    assert to_precision(84.994, "body_mass_kg") == 85.0
    assert to_precision(72.57477920000001, "load_kg") == 72.57
    # 1.8e306 / 0.01 overflows to inf: the value is returned unchanged (a 422 follows), not a 500.
    assert to_precision(1.797693134862316e306, "load_kg") == 1.797693134862316e306
    assert math.isnan(to_precision(math.nan, "load_kg"))
