"""Classes of logging messages corpus-57l's app-export writer (BS: Hevy, Strong, JEFIT, Fitbod,
Strava lines pasted into the chat) got asked about (issue 57, logbs): the export's own date,
its volume total and its "1h 4min" length, beside the close wording that keeps its reading."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import TODAY, read_entries

from fitcoach.assistant.nlu.dates import date_slots


def _sets_dates(text: str, units: str = "metric") -> set[date]:
    entries, problems = read_entries(text, units)  # type: ignore[arg-type]
    assert not problems, problems
    assert entries
    assert all(i == "log_sets" for i, _ in entries)
    return {slots["date"] for _, slots in entries}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Upper A\nWednesday, November 18, 2026 at 6:14 PM\n\nBench Press (Barbell)\n"
            "Set 1: 80 kg × 8\nSet 2: 80 kg × 8",
            date(2026, 11, 18),
        ),
        (
            "Lower\nMonday, Nov 16, 2026 at 18:30\nDuration 1h 4min\nLeg Press\nSet 1: 160 kg x 10",
            date(2026, 11, 16),
        ),
        (
            "Push B — Thursday, November 12, 2026\nArnold Press (Dumbbell)  3 × 10  16 kg",
            date(2026, 11, 12),
        ),
        ("Legs\nNov 17, 2026 | 58 min\nHack Squat 3 x 8 @ 100 kg", date(2026, 11, 17)),
    ],
)
def test_an_exports_date_dates_the_log(text: str, day: date) -> None:
    """The export's date had been "a number nothing accounts for" and the log asked about."""
    assert _sets_dates(text) == {day}


def test_an_exports_volume_total_is_no_figure_of_its_own() -> None:
    assert _sets_dates("Pull Day\nSunday, Nov 15, 2026\nDuration 48min · Volume 3,732 kg\nLat Pulldown (Cable)\nSet 1: 60 kg x 12") == {date(2026, 11, 15)}  # fmt: skip


def test_a_calendar_day_dates_a_log_and_only_then_is_accounted_for() -> None:
    """ "on nov 16" is that day; beside "yesterday" (which dates the log) its numbers stay
    unaccounted for, so that a log is never filed on a day its numbers did not say."""
    assert date_slots("bench 3x5 at 100 on nov 16", TODAY) == {"date": date(2026, 11, 16)}
    # (a day ahead, or a year back without its year, is no day of a log: "race on dec 5")
    assert date_slots("bench 3x5 at 100, race on dec 2", TODAY) == {}
    assert date_slots("bench 3x5 at 100 on nov 19 2026", TODAY) == {}
    assert _sets_dates("bench 3x5 at 100 kg on nov 16") == {date(2026, 11, 16)}
    _, problems = read_entries("yesterday bench 3x5 at 100 kg on nov 16")
    assert problems


def test_a_nights_span_is_not_read_as_an_exports_date() -> None:
    from fitcoach.assistant.nlu.app_lines import app_lines

    assert app_lines(["sleep", "nov 17 – nov 18"])[1] == "nov 17 – nov 18"
    assert (
        app_lines(["legs", "completed nov 18 · 51 min"])[1]
        == "completed on nov 18 · workout took 51 min"
    )


def test_a_dated_headers_tallies_are_no_sets() -> None:
    """JEFIT's "| 14 sets" beside the header's length had been stored as 14 sets of a lift."""
    entries, problems = read_entries("JEFIT\nDay 3 - Back  |  Nov 16  |  1h 05m  |  14 sets\nDeadlift 3x5 @ 140 kg")  # fmt: skip
    assert not problems, problems
    [(_, slots)] = entries
    assert [(g["sets"], g["reps"]) for g in slots["groups"]] == [(3, 5)]
    assert (slots["date"], slots["duration_s"]) == (date(2026, 11, 16), 65 * 60)


def test_fitbods_dashed_fields_are_the_load_then_each_sets_reps() -> None:
    entries, problems = read_entries("Legs\n• Barbell Back Squat — 185 lb — 8, 8, 6", "imperial")
    assert not problems, problems
    [(_, slots)] = entries
    assert [g["reps"] for g in slots["groups"]] == [8, 8, 6]


def test_a_strava_share_is_one_run_of_its_date() -> None:
    """Strava's title ("Lunch Run") had been stored as a meal too, its start time ("· 06:02") as
    the run's length, and its kudos asked about."""
    text = "Lunch Run · Nov 17, 2026 · 06:02\nDistance 10.01 km   Time 50:24\nKudos 14 · Comments 2"
    entries, problems = read_entries(text)
    assert not problems, problems
    [(intent, slots)] = entries
    assert intent == "log_cardio"
    assert slots["date"] == date(2026, 11, 17)
    assert abs(slots["duration_s"] - 50.4 * 60) < 1
