"""The profile's birth date: from 1900 to today, and at least ``MIN_AGE_YEARS`` (16) years back."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from fitcoach.coach.schemas import TODAY, ProfileFields
from fitcoach.core.bounds import MIN_AGE_YEARS, age_years

DAY = date(2026, 11, 20)


def _born(age: int) -> date:
    """Someone whose birthday is ``DAY``, ``age`` today."""
    return DAY.replace(year=DAY.year - age)


def _refusal(birth: date) -> str | None:
    try:
        ProfileFields.model_validate({"birth_date": birth}, context={TODAY: DAY})
    except ValidationError as exc:
        [error] = exc.errors()
        return str(error["msg"]).removeprefix("Value error, ")
    return None


def test_age_counts_whole_years_around_the_birthday() -> None:
    born = date(1990, 11, 20)
    assert age_years(born, date(2026, 11, 19)) == 35
    assert age_years(born, date(2026, 11, 20)) == 36


@pytest.mark.parametrize("age", [0, 5, 15])
def test_the_schema_refuses_an_athlete_under_16_saying_what_to_do(age: int) -> None:
    assert MIN_AGE_YEARS == 16
    refusal = _refusal(_born(age))
    assert refusal is not None
    assert "for people aged 16 and over" in refusal
    assert f"makes you {age}" in refusal
    assert "if that is a typo, correct it" in refusal
    assert "a qualified coach" in refusal


def test_the_day_before_the_16th_birthday_is_still_15() -> None:
    birth = _born(16).replace(day=DAY.day + 1)
    assert age_years(birth, DAY) == 15
    assert "makes you 15" in (_refusal(birth) or "")


@pytest.mark.parametrize("age", [16, 17, 34, 90])
def test_the_schema_accepts_16_and_over(age: int) -> None:
    assert _refusal(_born(age)) is None


def test_a_future_or_pre_1900_birth_date_is_refused() -> None:
    assert _refusal(date(2026, 11, 21)) == "birth date must lie between 1900 and today"
    assert _refusal(date(2030, 1, 1)) == "birth date must lie between 1900 and today"
    assert _refusal(date(1899, 12, 31)) == "birth date must lie between 1900 and today"


def test_without_today_only_1900_is_checked() -> None:
    """A request body validated without a clock: the service validates again with its own."""
    assert ProfileFields.model_validate({"birth_date": DAY}).birth_date == DAY


def test_an_age_given_alone_becomes_one_birth_date_everywhere() -> None:
    """The bot's onboarding and the wearable streams give an age, not a birth date: one
    conversion, whose age stays right for the year after it was given."""
    from datetime import timedelta

    from fitcoach.core.bounds import age_years, birth_date_for_age

    today = date(2026, 11, 26)
    birth = birth_date_for_age(34, today)
    assert birth == date(1992, 11, 26)
    assert age_years(birth, today) == 34
    assert age_years(birth, today + timedelta(days=364)) == 34
    assert age_years(birth, today + timedelta(days=365)) == 35
    assert birth_date_for_age(30, date(2028, 2, 29)) == date(1998, 2, 28)
