"""Three classes from the tuned sets (issue 57, misc57h), each in words of our own:

- the period a question about one's own data names ("since the 1st", "the past month",
  "month to date", "this fortnight", "in august") reaches get_metrics / get_training_summary;
- a treadmill session with no verb is what its words or speed say, else asked, never a run;
- sports the library lacked (skateboarding, BMX, parkour, Nordic walking, aerial silks, inline
  skating, trampolining, water skiing) resolve and are stored as cardio."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log, understand
from fitcoach.assistant.nlu.cardio import TREADMILL_WHICH
from fitcoach.assistant.nlu.dates import find_period

WED = date(2026, 11, 18)  # a Wednesday


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher.from_library()


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # since a day: that day to today
        ("what has my resting pulse done since the 1st?", date(2026, 11, 1), WED),
        ("show my bodyweight since august", date(2026, 8, 1), WED),
        ("hrv since oct 12?", date(2026, 10, 12), WED),
        ("sleep since 3rd of november", date(2026, 11, 3), WED),
        ("how has my sleep been since monday", date(2026, 11, 16), WED),
        # "since wednesday" said on a Wednesday: the one before, not today alone
        ("my weight since wednesday", date(2026, 11, 11), WED),
        ("hrv since the start of the month", date(2026, 11, 1), WED),
        ("protein month to date?", date(2026, 11, 1), WED),
        ("calories so far this month", date(2026, 11, 1), WED),
        ("load since my new job started on the 5th", date(2026, 11, 5), WED),
        # a rolling month (or months, or a fortnight) back to today
        ("how's my weight looked over the past month", date(2026, 10, 18), WED),
        ("resting hr the last month, trending up?", date(2026, 10, 18), WED),
        ("sleep over the last 2 months", date(2026, 9, 18), WED),
        ("hrv this past fortnight", date(2026, 11, 5), WED),
        ("my sleep the last couple of weeks", date(2026, 11, 5), WED),
        # a month by its name: that calendar month (the current one up to today)
        ("average hrv in september?", date(2026, 9, 1), date(2026, 9, 30)),
        ("weight during june", date(2026, 6, 1), date(2026, 6, 30)),
        ("calories november so far", date(2026, 11, 1), WED),
        # two weeks compared: both, to today
        ("sleep this week versus last week", date(2026, 11, 9), WED),
        ("how was my hrv compared to last week", date(2026, 11, 9), WED),
        # unchanged: "last month" alone is the calendar month before, "last week" the week
        ("resting heart rate last month", date(2026, 10, 1), date(2026, 10, 31)),
        ("how did i sleep last week", date(2026, 11, 9), date(2026, 11, 15)),
    ],
)
def test_a_metric_question_gets_the_period_it_names(
    text: str, start: date, end: date, matcher: ExerciseMatcher
) -> None:
    got = understand(text, today=WED, exercises=matcher)
    assert got.intent == "query_metric", got
    assert (got.slots.get("start"), got.slots.get("end")) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("recap of my training since monday", date(2026, 11, 16), WED),
        ("summary of the past month please", date(2026, 10, 18), WED),
        ("how did my training go in september", date(2026, 9, 1), date(2026, 9, 30)),
        ("training summary month to date", date(2026, 11, 1), WED),
    ],
)
def test_a_training_summary_gets_the_period_it_names(
    text: str, start: date, end: date, matcher: ExerciseMatcher
) -> None:
    got = understand(text, today=WED, exercises=matcher)
    assert got.intent == "training_summary", got
    assert (got.slots["start"], got.slots["end"]) == (start, end)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("what was my hrv last night", WED),  # the reading of the morning it ended
        ("breathing rate friday night?", date(2026, 11, 14)),
    ],
)
def test_a_night_figure_is_dated_by_the_morning_it_ended(
    text: str, day: date, matcher: ExerciseMatcher
) -> None:
    got = understand(text, today=WED, exercises=matcher)
    assert (got.slots.get("start"), got.slots.get("end")) == (day, day)


def test_a_night_is_the_day_before_for_a_figure_of_the_day(matcher: ExerciseMatcher) -> None:
    assert find_period("calories last night", WED) == {"date": date(2026, 11, 17)}


def test_a_month_back_from_a_long_month_ends_in_the_shorter_one() -> None:
    assert find_period("weight the past month", date(2026, 3, 31))["start"] == date(2026, 2, 28)
    assert find_period("weight since december", date(2026, 1, 10))["start"] == date(2025, 12, 1)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("25 min on the treadmill, walking at a 10% incline", "incline-treadmill-walk"),
        ("treadmill 35 mins, just walking while watching tv", "easy-walk"),
        ("treadmill 30 min 8% incline 5 km/h", "incline-treadmill-walk"),
        ("treadmill 40 min at 3.2 mph", "easy-walk"),
        ("treadmill 10 km in 50 min", "treadmill-running"),  # 12 km/h
        ("treadmill intervals 25 min", "running-intervals"),  # the intervals' own entry (plans18)
        ("treadmill 40 min, 4 km", "easy-walk"),  # 6 km/h
    ],
)
def test_a_treadmill_session_is_what_its_words_or_speed_say(text: str, slug: str) -> None:
    reading = read_log(text, today=WED)
    assert reading.ok, reading
    (entry,) = reading.entries
    assert entry.slots["exercise"] == slug


@pytest.mark.parametrize(
    "text",
    [
        "45 minutes on the treadmill",
        "treadmill 3 km in 25 min, felt good",
        "half an hour on the treadmill",
    ],
)
def test_a_treadmill_session_nothing_names_is_asked(text: str) -> None:
    got = understand(text, today=WED)
    assert got.intent == "log_cardio"
    assert got.slots["exercise"] is None
    assert TREADMILL_WHICH in got.problems


@pytest.mark.parametrize(
    ("text", "slug", "minutes"),
    [
        ("an hour at the skatepark on my skateboard", "skateboarding", 60),
        ("bmx racing laps 40 min", "bmx", 40),
        ("free running session 50 minutes", "parkour", 50),
        ("pole walking 70 min round the lake", "nordic-walking", 70),
        ("nordic walked 40 min", "nordic-walking", 40),
        ("aerial hoop class 75 min", "aerial-silks", 75),
        ("rollerblading along the seafront 45 mins", "inline-skating", 45),
        ("trampoline park with the kids 1 hour", "trampolining", 60),
        ("wakeboarding 30 min", "water-skiing", 30),
    ],
)
def test_sports_the_library_lacked_are_stored_as_cardio(text: str, slug: str, minutes: int) -> None:
    reading = read_log(text, today=WED)
    assert reading.ok, reading
    (entry,) = reading.entries
    assert entry.intent == "log_cardio"
    assert entry.slots["exercise"] == slug
    assert entry.slots["duration_s"] == minutes * 60


def test_skating_alone_still_names_no_sport(matcher: ExerciseMatcher) -> None:
    """On ice, wheels or a board: the library never guesses which."""
    assert matcher.match("skating") is None


def test_a_treadmill_display_speed_with_no_unit_is_read_as_the_walk_it_is() -> None:
    got = understand("treadmill 45 min, incline 10, speed 3.4", today=WED)
    assert got.slots["exercise"] == "incline-treadmill-walk"


def test_a_weigh_in_told_without_its_number_is_no_question() -> None:
    assert understand("stepped on the scale, weighed a bit more than last week", today=WED).intent != "query_metric"  # fmt: skip


@pytest.mark.parametrize(
    "text", ["could you tell me my resting hr since friday", "i'd like to know my sleep this month"]
)
def test_a_question_asked_politely_is_a_question(text: str) -> None:
    got = understand(text, today=WED)
    assert got.intent == "query_metric"
    assert got.slots["end"] == WED
