"""Unit parsing at the edges: everything inside fitcoach is kg, m, s and cm."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    KG_PER_LB,
    format_distance,
    format_height,
    format_mass,
    format_pace,
    grouped,
    height_number,
    kg_to_lb,
    m_to_mi,
    mass_number,
    parse_distance_for,
    parse_distance_m,
    parse_duration_s,
    parse_height_for,
    parse_length_cm,
    parse_mass_for,
    parse_mass_kg,
    quantities_in_data,
    quantities_in_text,
    to_precision,
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
    assert to_precision(84.994, "body_mass_kg") == 85.0
    assert to_precision(72.57477920000001, "load_kg") == 72.57
    # 1.8e306 / 0.01 overflows to inf: the value is returned unchanged (a 422 follows), not a 500.
    assert to_precision(1.797693134862316e306, "load_kg") == 1.797693134862316e306
    assert math.isnan(to_precision(math.nan, "load_kg"))


# --- the athlete's unit system: bare numbers, display, round trips -----------------------------


def _typed(places: int, low: int, high: int) -> st.SearchStrategy[str]:
    """A number as a person types it to ``places`` decimals, between ``low`` and ``high``."""
    return st.decimals(low, high, places=places, allow_nan=False, allow_infinity=False).map(
        lambda d: format(d.normalize(), "f") if d != 0 else "0"
    )


def _tidy(text: str) -> str:
    """What the display writes for a typed number: no trailing zeros."""
    d = Decimal(text)
    return format(d.normalize(), "f") if d != 0 else "0"


@given(_typed(1, 0, 2200))
def test_a_load_typed_in_lb_reads_back_the_same_to_a_tenth_of_a_pound(typed: str) -> None:
    stored = to_precision(parse_mass_for(typed, "imperial"), "load_kg")
    assert stored == to_precision(parse_mass_kg(f"{typed} lb"), "load_kg")
    assert mass_number(stored, "imperial") == _tidy(typed)
    assert format_mass(stored, "imperial") == f"{grouped(_tidy(typed))} lb"


@given(_typed(2, 0, 1000))
def test_a_load_typed_in_kg_reads_back_the_same_to_the_hundredth(typed: str) -> None:
    stored = to_precision(parse_mass_for(typed, "metric"), "load_kg")
    assert format_mass(stored, "metric") == f"{grouped(_tidy(typed))} kg"


@given(_typed(0, 45, 880))
def test_a_body_weight_typed_in_whole_pounds_reads_back_the_same(typed: str) -> None:
    stored = to_precision(parse_mass_for(typed, "imperial"), "body_mass_kg")
    assert format_mass(stored, "imperial", kind="body") == f"{grouped(_tidy(typed))} lb"


@given(_typed(1, 21, 399))
def test_a_body_weight_typed_in_kg_reads_back_the_same(typed: str) -> None:
    stored = to_precision(parse_mass_for(typed, "metric"), "body_mass_kg")
    assert format_mass(stored, "metric", kind="body") == f"{grouped(_tidy(typed))} kg"


@given(_typed(2, 0, 1200), st.sampled_from(["imperial", "metric"]))
def test_a_distance_reads_back_the_same_to_the_hundredth(typed: str, units: str) -> None:
    stored = to_precision(parse_distance_for(typed, units), "distance_m")  # type: ignore[arg-type]
    unit = "mi" if units == "imperial" else "km"
    assert format_distance(stored, units) == f"{_tidy(typed)} {unit}"  # type: ignore[arg-type]


@given(
    st.integers(0, 100_000).map(lambda n: n / 100),  # stored loads: 0.01 kg steps
    st.sampled_from(["imperial", "metric"]),
)
def test_what_is_shown_typed_back_shows_the_same(kg: float, units: str) -> None:
    """Kg to lb and back: the number a page shows, typed into a form, is stored as a load that
    shows the same number (it may differ from the first by less than the display step)."""
    shown = mass_number(kg, units)  # type: ignore[arg-type]
    again = to_precision(parse_mass_for(shown, units), "load_kg")  # type: ignore[arg-type]
    assert mass_number(again, units) == shown  # type: ignore[arg-type]
    step = 0.1 * KG_PER_LB if units == "imperial" else 0.01
    assert abs(again - kg) <= step / 2 + 0.005 + 1e-9


def test_a_bare_number_is_in_the_athletes_unit_and_a_unit_always_wins() -> None:
    assert parse_mass_for("176", "imperial") == pytest.approx(79.832257)
    assert parse_mass_for("176", "metric") == 176.0
    assert parse_mass_for("80 kg", "imperial") == 80.0
    assert parse_mass_for("176 lb", "metric") == pytest.approx(79.832257)
    assert parse_mass_for("176", None) == 176.0  # no preference: metric
    assert parse_distance_for("3.1", "imperial") == pytest.approx(3.1 * 1609.344)
    assert parse_distance_for("5 km", "imperial") == 5000.0
    assert parse_distance_for("5", "metric") == 5000.0
    assert parse_mass_for(80, "imperial") == 80.0  # a number (not text) is the field's own: kg


def test_formatting_says_the_unit_per_hand_and_nothing_for_none() -> None:
    assert format_mass(80, "imperial") == "176.4 lb"
    assert format_mass(80, "imperial", kind="body") == "176 lb"
    assert format_mass(24, "metric", per_hand=True) == "24 kg per hand"
    assert format_mass(None, "imperial") == "—"
    assert format_mass(float("nan"), "metric") == "—"
    assert mass_number(None, "metric") == ""
    assert format_distance(5000, "imperial") == "3.11 mi"
    assert format_distance(5000, "metric") == "5 km"
    assert format_pace(330, "metric") == "5:30/km"
    assert format_pace(330, "imperial") == "8:51/mi"  # 330 s/km × 1.609344
    assert format_pace(None, "imperial") == "—"


def test_engine_sentences_are_said_in_the_athletes_units() -> None:
    text = "Load goes up 2.5 kg to 62.5 kg; easy-run 30 min / 5 km at 5:30/km; 1.6 g/kg protein"
    assert quantities_in_text(text, "metric") == text
    said = quantities_in_text(text, "imperial")
    assert said == (
        "Load goes up 5.5 lb to 137.8 lb; easy-run 30 min / 3.11 mi at 8:51/mi; 0.73 g/lb protein"
    )
    # A height in feet and inches, another length (a tape's) in inches; an amount per kg of
    # body weight, and a range of it, per lb.
    assert quantities_in_text("(80 kg, height 178 cm, 34 years); waist 84 cm", "imperial") == (
        "(176.4 lb, height 5 ft 10 in, 34 years); waist 33.1 in"
    )
    assert quantities_in_text("1.8 g per kg (range 1.6–2.2 g/kg); fat per kg", "imperial") == (
        "0.82 g per lb (range 0.73–1 g/lb); fat per lb"
    )


@pytest.mark.parametrize(
    ("text", "cm"),
    [
        ("5 ft 10", 177.8), ("5 ft 10 in", 177.8), ("5'10", 177.8), ('5\'10"', 177.8),
        ("5′10″", 177.8), ("5 feet 10 inches", 177.8), ("6 ft", 182.88), ("6 ft 0", 182.88),
        ("70 in", 177.8), ("178 cm", 178.0), ("1.78 m", 178.0), ("5 ft 10.5", 179.07),
    ],
)  # fmt: skip
def test_a_height_in_feet_and_inches_or_cm(text: str, cm: float) -> None:
    assert parse_length_cm(text) == pytest.approx(cm, abs=0.01)


def test_a_height_is_shown_and_typed_in_the_athletes_units() -> None:
    assert (format_height(178, "metric"), format_height(178, "imperial")) == (
        "178 cm",
        "5 ft 10 in",
    )
    assert format_height(182.9, "imperial") == "6 ft 0 in"
    assert format_height(None, "imperial") == "—"
    assert height_number(177.8, "imperial") == "5 ft 10"
    # What the profile shows reads back to within half an inch; a bare number is the athlete's.
    assert parse_height_for(height_number(178, "imperial"), "imperial") == pytest.approx(177.8)
    assert parse_height_for("70", "imperial") == pytest.approx(177.8)
    assert parse_height_for("178", "metric") == 178
    with pytest.raises(InvalidInput, match="the inches must be under 12"):
        parse_length_cm("5 ft 13")


def test_a_tools_answer_is_given_in_the_athletes_units() -> None:
    data = {
        "workout_id": 3,
        "sets": [{"weight_kg": 100, "reps": 5}, {"weight_kg": None, "reps": 8}],
        "distance_m": 5000,
        "elevation_m": 40,  # not a distance run: left as it is
        "series_kg": [80, 80.5],
        "pace": "5:30/km",
        "note": "heaviest 100 kg",
    }
    assert quantities_in_data(data, "metric") is data
    assert quantities_in_data(data, "imperial") == {
        "workout_id": 3,
        "sets": [{"weight_lb": 220.46, "reps": 5}, {"weight_lb": None, "reps": 8}],
        "distance_mi": 3.107,
        "elevation_m": 40,
        "series_lb": [176.37, 177.47],
        "pace": "8:51/mi",
        "note": "heaviest 220.5 lb",
    }


def test_a_portion_of_food_reads_grams_ounces_and_pounds() -> None:
    from fitcoach.core.units import parse_food_grams

    assert parse_food_grams("150") == 150
    assert parse_food_grams("150 g") == 150
    assert parse_food_grams("6 oz") == pytest.approx(170.1, abs=0.05)
    assert parse_food_grams("1 lb") == pytest.approx(453.6, abs=0.05)
    with pytest.raises(InvalidInput, match="unknown unit 'cups'"):
        parse_food_grams("2 cups")


def test_masses_read_group_thousands_as_the_totals_beside_them() -> None:
    """Issue 60: "1240 lb" beside "7,815 lb" on one page: every mass read groups thousands;
    the number a form field holds stays plain digits, which parse back."""
    from fitcoach.core.units import format_mass, grouped, mass_number, parse_mass_for

    assert format_mass(562.5, "imperial") == "1,240.1 lb"
    assert format_mass(3545, "imperial", kind="body") == "7,815 lb"
    assert format_mass(80, "metric") == "80 kg"
    assert format_mass(-562.5, "imperial").startswith("-1,240")
    assert grouped("999.9") == "999.9"
    field = mass_number(562.5, "imperial")
    assert field == "1240.1"
    assert abs(parse_mass_for(field, "imperial") - 562.5) < 0.05
