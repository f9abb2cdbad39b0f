"""Body measurements in the athlete's length unit: parsed from cm or in, stored to 0.1 cm,
shown in cm or in; a value typed in the shown precision reads back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    CM_PER_IN,
    cm_to_in,
    format_length,
    length_number,
    length_unit,
    length_value,
    parse_length_cm,
    parse_length_for,
    to_precision,
)


@pytest.mark.parametrize(
    ("text", "units", "cm"),
    [
        ("84", "metric", 84.0),
        ("84", "imperial", 84 * CM_PER_IN),
        ("33 in", "metric", 33 * CM_PER_IN),
        ('33"', "metric", 33 * CM_PER_IN),
        ("33 inches", "metric", 33 * CM_PER_IN),
        ("84 cm", "imperial", 84.0),
        ("840 mm", "imperial", 84.0),
        ("0.84 m", "metric", 84.0),
        ("84,5", "metric", 84.5),
        (84, "imperial", 84.0),  # a number is the field's own unit: cm
    ],
)
def test_lengths_in_any_unit_become_cm(text: str | int, units: str, cm: float) -> None:
    assert parse_length_for(text, units, what="waist") == pytest.approx(cm)  # type: ignore[arg-type]


def test_a_refusal_names_the_site() -> None:
    with pytest.raises(InvalidInput, match="unknown unit 'furlongs' for waist"):
        parse_length_for("84 furlongs", "metric", what="waist")
    with pytest.raises(InvalidInput, match=r"^neck 'a lot' is not a number"):
        parse_length_cm("a lot", what="neck")
    with pytest.raises(InvalidInput, match="height"):  # the default quantity stays a height
        parse_length_cm("tall")


def test_the_unit_and_the_shown_number() -> None:
    assert (length_unit("metric"), length_unit("imperial"), length_unit(None)) == ("cm", "in", "cm")  # fmt: skip
    assert format_length(84, "metric") == "84 cm"
    assert format_length(84, "imperial") == "33.1 in"
    assert format_length(None, "metric") == "—"
    assert length_number(None, "imperial") == ""
    assert length_value(83.82, "imperial") == 33.0
    assert length_value(None, "metric") is None
    assert cm_to_in(2.54) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("cm", "units", "text"),
    [
        (1.24, "metric", "+1.2 cm"),
        (-0.5, "metric", "−0.5 cm"),
        (0.01, "metric", "±0 cm"),
        (-1.27, "imperial", "−0.5 in"),
        (2.54, "imperial", "+1 in"),
    ],
)
def test_a_change_is_written_with_its_sign(cm: float, units: str, text: str) -> None:
    assert format_length(cm, units, signed=True) == text  # type: ignore[arg-type]


@given(st.integers(min_value=50, max_value=2500))
def test_a_tenth_of_an_inch_typed_reads_back_the_same(tenths: int) -> None:
    typed = f"{tenths / 10:g}"
    stored = to_precision(parse_length_for(typed, "imperial"), "length_cm")
    assert length_number(stored, "imperial") == typed


@given(st.integers(min_value=100, max_value=3000))
def test_a_tenth_of_a_cm_typed_reads_back_the_same(tenths: int) -> None:
    typed = f"{tenths / 10:g}"
    stored = to_precision(parse_length_for(typed, "metric"), "length_cm")
    assert length_number(stored, "metric") == typed
    # And through inches and back: what an imperial athlete sees, typed again, is stored within
    # the 0.1 cm the tape is kept to.
    again = to_precision(parse_length_for(length_number(stored, "imperial"), "imperial"), "length_cm")  # fmt: skip
    assert abs(again - stored) <= 0.15
