"""The command line's clock, fixed: date-sensitive commands are tested on each day of a week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from fitcoach.cli.common import use_clock
from fitcoach.core.clock import FixedClock

# Monday 16 to Sunday 22 November 2026, at noon UTC.
WEEK = [datetime(2026, 11, 16, 12, 0, tzinfo=UTC) + timedelta(days=n) for n in range(7)]


@pytest.fixture(params=WEEK, ids=[day.strftime("%a") for day in WEEK])
def cli_day(request: pytest.FixtureRequest) -> Iterator[FixedClock]:
    """Every command in the test runs on this day of the week (``cli.common.use_clock``)."""
    with use_clock(FixedClock(request.param)) as clock:
        assert isinstance(clock, FixedClock)
        yield clock
