"""Sleep and morning check-in wordings (daily96, issue 57): a night's hours said alone right
after the clause that speaks of the night ("best sleep in ages, 9 hrs"), a moment awake in a
night told by its length ("woke at 3 and couldn't get back off, maybe 5 hours total"), a night's
length said again after its clock times ("so like 6h20"), "quarter to seven." at a sentence's
end, "slept rubbish" (its hours asked), a body weight in a check-in's list ("6 hours sleep,
71.3 kg, hrv 55", "check-in: 163.8, rhr 54") and the question's summary in the 1-5 figures the
person used ("energy 2/5", never the 0-10 "energy 4"). Sentences here are written for the
tests, not taken from any data set."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import normalise, read_log
from fitcoach.assistant.nlu.quantities import bare_units
from fitcoach.services import training_log

TODAY = date(2026, 11, 18)


def _read(
    text: str, units: Literal["metric", "imperial"] = "metric"
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    with bare_units(units):
        found = read_log(text, today=TODAY)
    return {e.intent: e.slots for e in found.entries}, found.problems


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("best sleep in ages, 9 hrs. rhr 45 hrv 88", 9.0),
        ("awful sleep again, maybe 5 hours. hrv 31", 5.0),
        ("woke at 3 and couldnt get back off, maybe 5 hours total, poor. rhr 66", 5.0),
        ("woke up at 4:30 and never got back to sleep, 4 hours tops, rhr 70", 4.0),
        ("woke at 2, couldn't get back to sleep. maybe 6 hrs in total. hrv 40", 6.0),
        ("kept waking with the baby, 6.5 hours in total. mood 3", 6.5),
    ],
)
def test_a_nights_hours_said_apart_are_that_nights(text: str, hours: float) -> None:
    entries, problems = _read(text)
    assert problems == [], (text, problems)
    assert entries["log_sleep"]["duration_s"] == hours * 3600
    assert "log_daily" in entries


@pytest.mark.parametrize(
    "text",
    [
        "night shift, 9 hrs. rhr 60",  # a night's work, no night slept
        "worked all night, 9 hours. hrv 40",
        "night out with the team, 5 hours. rhr 70",
    ],
)
def test_hours_beside_a_nights_work_stay_asked(text: str) -> None:
    entries, problems = _read(text)
    assert "log_sleep" not in entries
    assert problems, text


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("went to bed 12:40, alarm at 7, so like 6h20. energy 2", 380),
        ("in bed at 10:50, up at 6:10, so 7h20. rhr 55", 440),
    ],
)
def test_a_nights_length_said_again_after_its_clocks(text: str, minutes: int) -> None:
    entries, problems = _read(text)
    assert problems == [], (text, problems)
    assert entries["log_sleep"]["duration_s"] == minutes * 60


def test_a_different_length_after_the_clocks_is_still_asked() -> None:
    _, problems = _read("went to bed 12:40, alarm at 7, so like 5h10. energy 2")
    assert problems


def test_quarter_to_at_a_sentences_end_is_a_clock_time() -> None:
    assert normalise("slept from half eleven to quarter to seven.") == "slept from 11:30 to 6:45."
    assert normalise("up at quarter to 6. rhr 50") == "up at 5:45. rhr 50"
    assert normalise("quarter to 7.5 km") == "quarter to 7.5 km"  # no clock
    entries, problems = _read("Slept from half eleven to quarter to seven. Resting pulse 62.")
    assert problems == []
    assert entries["log_sleep"]["duration_s"] == 7.25 * 3600


@pytest.mark.parametrize(
    ("text", "units", "kg"),
    [
        ("6 hours sleep, 71.3 kg, hrv 55, gym after work", "metric", 71.3),
        ("slept 7h, 180.2 lbs, rhr 52", "imperial", 81.74),
        ("check-in: 163.8, RHR 54, HRV 71, mood 5, slept 8h10", "imperial", 74.3),
        ("morning check in - 72.4, hrv 61, rhr 50", "metric", 72.4),
        # (run into the night's clause, beside other logs: a night has no mass)
        ("Today: 7h sleep, 185.4 lbs, ran 3 mi in 29 min", "imperial", 84.1),
        ("slept 7h last night, 181.2 lb, hrv 50", "imperial", 82.19),
    ],
)
def test_a_body_weight_in_a_check_ins_list(
    text: str, units: Literal["metric", "imperial"], kg: float
) -> None:
    entries, problems = _read(text, units)
    assert problems == [], (text, problems)
    assert round(entries["log_weight"]["weight_kg"], 2) == kg


def test_a_mass_beside_a_meal_stays_asked() -> None:
    _, problems = _read("slept 7h20, 73.1kg. ate: oats bfast, chicken wrap lunch")
    assert problems


def test_a_check_in_beside_another_day_stays_asked() -> None:
    # (the day said, "yesterday:", dates the readings too as the clause reader reads it now)
    _, problems = _read(
        "morning check in - 201.4 lb, hrv 29, rhr 71. yesterday: bench 3x5 225", "imperial"
    )
    assert problems


@pytest.mark.parametrize("text", ["slept rubbish", "sleep was lousy", "slept appalling"])
def test_a_night_judged_in_slang_asks_its_hours(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert me.stored() == {}, reply.text
    assert "How many hours did you sleep?" in reply.text
    assert "sleep 0 h" not in reply.text


def test_the_chat_logs_a_check_ins_night_and_weight(me: Athlete) -> None:
    reply = me.say("6 hours sleep, 71.3 kg, hrv 55, gym after work")
    daily = training_log.history(me.ctx, me.id, "daily")
    assert me.sleep_h() == [6.0], reply.text
    assert [d["weight_kg"] for d in daily] == [71.3]


def test_the_summary_says_the_scores_on_the_persons_scale(me: Athlete) -> None:
    reply = me.say("slept 6h, soreness 3, energy 2, deadlift 3x5 with the gizmo bar")
    assert me.stored() == {}, reply.text
    assert "soreness 3/5, energy 2/5" in reply.text
    reply = me.say("78.3 kg this am, very stressed about work")
    assert "4 or a 5" in reply.text
    assert "stress 8" not in reply.text
    assert "stress (asked)" in reply.text


def test_the_summary_says_a_nights_hours_and_minutes(me: Athlete) -> None:
    reply = me.say("slept 6h20, energy 2, deadlift 3x5 with the gizmo bar")
    assert me.stored() == {}, reply.text
    assert "sleep 6 h 20 min" in reply.text
