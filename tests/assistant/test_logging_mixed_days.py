"""Catch-up logs that mix days in one message (writer BT's class): each day's logs on its own
day, a label's day over all that follows it, and "last <weekday>" said on that weekday."""

from __future__ import annotations

from datetime import date, timedelta

from tests.assistant.log_support import TODAY, read_entries

from fitcoach.assistant.nlu.dates import find_dates


def _days(text: str) -> list[tuple[str, date]]:
    entries, problems = read_entries(text)
    assert not problems, problems
    return [(intent, slots["date"]) for intent, slots in entries]


def test_two_labelled_days_of_lifts_are_two_days_not_one() -> None:
    # (Thursday and Friday of last week: the anchor is Wednesday 18 November)
    days = _days("Thu: deadlift 3x5 140\nFri: barbell row 3x10 60, lat pulldown 3x12 50")
    assert days == [("log_sets", date(2026, 11, 12)), ("log_sets", date(2026, 11, 13))]


def test_a_weekday_heading_each_lift_dates_that_lift_only() -> None:
    days = _days("catching up on sun and mon. sun leg press 3x12 150, mon bench 3x8 70")
    assert days == [("log_sets", date(2026, 11, 15)), ("log_sets", date(2026, 11, 16))]


def test_one_days_label_keeps_its_lifts_together() -> None:
    days = _days("tuesday: bench 3x8 80, squat 3x5 100")
    assert days == [("log_sets", date(2026, 11, 17))]


def test_a_labels_day_dates_every_clause_after_it() -> None:
    days = _days("yesterday's recap: slept 7h, squat 5x5 100, dinner was pasta and salad")
    assert [d for i, d in days if i != "log_sleep"] == [TODAY - timedelta(days=1)] * 2


def test_a_day_said_in_a_recaps_context_dates_the_log_after_it() -> None:
    days = _days("sat: swim 30 min. sun: rest day, weight 80.1")
    assert days == [("log_cardio", date(2026, 11, 14)), ("log_weight", date(2026, 11, 15))]


def test_last_weekday_said_on_that_weekday_is_a_week_ago() -> None:
    assert find_dates("ran 5k last wednesday", TODAY) == {"date": date(2026, 11, 11)}
    assert find_dates("ran 5k on wednesday", TODAY) == {"date": TODAY}
    assert find_dates("ran 5k last monday", TODAY) == {"date": date(2026, 11, 16)}


def test_a_sleep_after_a_named_days_event_is_the_night_after_it() -> None:
    # (a night is dated by the morning it ended: the night after Saturday's race ended Sunday)
    assert _days("slept 11 hours after the party on saturday") == [("log_sleep", date(2026, 11, 15))]  # fmt: skip
    assert _days("slept 9h after yesterday's wedding") == [("log_sleep", TODAY)]
    assert _days("slept 8h on saturday") == [("log_sleep", date(2026, 11, 14))]


def test_the_day_of_what_was_not_done_gives_way_to_the_day_said() -> None:
    assert _days("missed my weigh-in on monday, this morning 80.4") == [("log_weight", TODAY)]
    assert _days("didnt run on sunday so did 5k today in 27 min") == [("log_cardio", TODAY)]
    # (a log left undone is of that day: "forgot to log yesterday's ...")
    assert _days("forgot to log yesterday: 5k run 25 min") == [("log_cardio", date(2026, 11, 17))]


def test_a_meal_that_says_no_day_is_of_the_day_of_the_meal_before_it() -> None:
    days = _days("yesterday: a bagel for breakfast, tuna salad as a snack")
    assert days == [("log_meal", date(2026, 11, 17))] * 2
    assert _days("oats for breakfast and a wrap for lunch") == [("log_meal", TODAY)] * 2


def test_one_entry_from_days_listed_side_by_side_is_asked() -> None:
    entries, problems = read_entries("swam mon, wed and today, 30 min each")
    assert problems, entries
    # (two days and "both": one entry per day, stop 96 days96, as the golds of BT and CS say)
    assert _days("Fri and Sat both: 50 push-ups (5x10)") == [
        ("log_sets", date(2026, 11, 13)),
        ("log_sets", date(2026, 11, 14)),
    ]
    # (a day and today apart by a comma are two clauses, no list)
    assert _days("forgot to weigh myself yesterday, today 70.2") == [("log_weight", TODAY)]
