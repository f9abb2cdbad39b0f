"""Bounds on what comes in, shared by every interface: the days the coach reasons about, free
text the databases can store, and how far a page may skip.

A birth date must also make its athlete at least ``MIN_AGE_YEARS`` old (``age_years`` is the
one definition of an age).

Outside these bounds the input is refused as ``InvalidInput`` (422) with the allowed range,
rather than failing deeper down: day arithmetic near ``date.min``/``date.max`` overflows
(a plan starting on 9999-12-31 has no second day), PostgreSQL rejects a NUL character in
text, and SQLite's integers end at 2**63 - 1 (an ``OFFSET`` beyond overflows).

The pydantic types (``Day``, ``Instant``, ``Text``) carry the same checks into request
models; ``check_day`` and ``check_text`` are for the services and interfaces that take plain
values.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime

from fitcoach.core.errors import InvalidInput

EARLIEST_DAY = date(1900, 1, 1)
"""No training log, birth date or plan reaches back further."""
LATEST_DAY = date(2199, 12, 31)
"""Far enough ahead for any plan, and far from ``date.max`` (day arithmetic stays in range)."""
DAY_RANGE = f"{EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"

MAX_OFFSET = 2**31 - 1
"""The most records a page may skip (a 32-bit count: more than any athlete has)."""

MIN_AGE_YEARS = 16
"""The youngest athlete fitcoach coaches. Its plans are written for adults and older teens:
16 and 17 year olds get the planner's rules for minors (``planning.yaml``'s ``rir_floor``, no
maximal tests: NSCA youth position statement, Faigenbaum et al. 2009), while younger children
need a programme and supervision that a qualified coach fits to their growth, which an app
cannot. A birth date that makes someone younger (an age of 0 is usually a typo) is refused."""


def age_years(birth_date: date, on: date) -> int:
    """Whole years of age on ``on`` (the day of a birthday counts as the new year of age)."""
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


def birth_date_for_age(age: int, today: date) -> date:
    """The birth date of someone who gives only their age: ``age`` years before ``today`` (28
    February for 29 February), so the age stays right for a whole year after it was given."""
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February in a year without one
        return today.replace(year=today.year - age, day=28)


def too_young_problem(birth_date: date, today: date) -> str | None:
    """Why someone born on ``birth_date`` is too young for fitcoach ``today``, or None; the
    message says what to do (it reaches the web, the API, the CLI and the bot as it is)."""
    age = age_years(birth_date, today)
    if age >= MIN_AGE_YEARS:
        return None
    return (
        f"fitcoach's plans are for people aged {MIN_AGE_YEARS} and over, and this birth date "
        f"makes you {age}: if that is a typo, correct it; otherwise please train with a "
        "programme a qualified coach writes for your age"
    )


def day_problem(day: date, what: str = "day") -> str | None:
    """Why ``day`` is out of range, or None when it lies in ``DAY_RANGE``."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        return f"{what} {day.isoformat()} lies outside the supported range {DAY_RANGE}"
    return None


def check_day(day: date, what: str = "day") -> date:
    """``day`` itself, or ``InvalidInput`` naming the allowed range."""
    problem = day_problem(day, what)
    if problem is not None:
        raise InvalidInput(
            problem, details={"earliest": str(EARLIEST_DAY), "latest": str(LATEST_DAY)}
        )
    return day


def text_problem(value: str, what: str = "text") -> str | None:
    """Why ``value`` cannot be stored as text, or None."""
    if "\x00" in value:
        return f"{what} contains a NUL character (\\u0000), which cannot be stored; remove it"
    return None


def check_text(value: str, what: str = "text") -> str:
    """``value`` itself, or ``InvalidInput`` when it holds a NUL character."""
    problem = text_problem(value, what)
    if problem is not None:
        raise InvalidInput(problem)
    return value


def _valid_day(value: date) -> date:
    problem = day_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _valid_instant(value: datetime) -> datetime:
    # The local date: converting 0001-01-01T00:00+14:00 to UTC would itself overflow.
    problem = day_problem(value.date(), "time")
    if problem is not None:
        raise ValueError(problem)
    return value


def _valid_text(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


Day = Annotated[date, AfterValidator(_valid_day)]
"""A day within ``DAY_RANGE``."""
Instant = Annotated[AwareDatetime, AfterValidator(_valid_instant)]
"""A time with its offset, on a day within ``DAY_RANGE``."""
Text = Annotated[str, AfterValidator(_valid_text)]
"""Free text without NUL characters."""
