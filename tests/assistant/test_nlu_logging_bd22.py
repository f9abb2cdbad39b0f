"""Classes of logging messages the twenty-second set's writer BD (people living with ADHD,
autism, anxiety, depression, OCD, bipolar disorder, PTSD, eating-disorder recovery: logs wrapped
in feelings, hedges and asides) got stored wrong or asked needlessly (issue 57, logbd22), each in
new wording, beside the close wording that must keep its old reading. Sentences here are
written for the tests, not taken from any data set."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu.idioms import without_asides, without_food_idioms

_read = read_entries
_only = only_entry


# --- wrong stores: a check-in's stress graded by the mood's word after it -------------------


def test_a_mood_named_later_is_graded_where_it_is_named() -> None:
    """ "feeling ... stressed, mood meh" had graded the stress by "meh" (stress 1 of 5 stored)
    and dropped the mood, the feeling word having stood for the mood."""
    values = _only("feeling quite achy and really stressed today, mood meh", "log_daily")["values"]
    assert values["mood"] == 5.0
    assert values["stress"] == 8.0


def test_a_mood_only_felt_keeps_its_feeling_word() -> None:
    values = _only("feeling great, legs sore", "log_daily")["values"]
    assert values["mood"] == 7.0 or values["mood"] == 9.0


# --- wrong stores: a session's closing grade read as every set's -----------------------------


def test_a_closing_felt_like_a_number_after_the_sessions_time_is_the_sessions() -> None:
    slots = _only("rdl 4x6@100 then back offs 2x10@70, workout lasted around 65 min, felt like a 7", "log_sets")  # fmt: skip
    assert (slots["session_rpe"], slots["duration_s"]) == (7.0, 65 * 60)
    assert all(g.get("rpe") is None and g.get("rir") is None for g in slots["groups"])


def test_a_grade_right_after_a_set_stays_the_sets() -> None:
    slots = _only("rdl 4x6@100 felt like a 7", "log_sets")
    assert slots["groups"][0]["rpe"] == 7.0


def test_the_time_spent_there_is_the_sessions_length() -> None:
    slots = _only("hex bar deadlift 4x4 at 160, got distracted, was there 90 min", "log_sets")
    assert slots["duration_s"] == 90 * 60


# --- wrong stores: hours then minutes before where it was done -------------------------------


def test_hours_then_minutes_before_where_it_was_done() -> None:
    """ "1 hr 10 on the bike" had been stored as 60 minutes (the 10 dropped unasked)."""
    slots = _only("2 hrs 15 on the bike today, 55 km, avg hr 131", "log_cardio")
    assert slots["duration_s"] == 135 * 60
    assert slots["avg_hr"] == 131


def test_hours_then_a_distance_stay_apart() -> None:
    slots = _only("rode 2 hrs, 15 km", "log_cardio")
    assert slots["duration_s"] == 2 * 3600
    assert slots["distance_m"] == 15000


# --- asked needlessly: a walk's carried load -------------------------------------------------


def test_a_walks_vest_is_no_figure_of_the_log() -> None:
    slots = _only("3 km walk in 40 min wearing a 10 kg vest", "log_cardio")
    assert (slots["distance_m"], slots["duration_s"]) == (3000, 40 * 60)


def test_a_lifts_vest_is_still_its_load() -> None:
    entries, _ = _read("pull ups 3x6 with a 10 kg vest")
    assert [i for i, _ in entries] == ["log_sets"]


# --- missed: a night of insomnia told with its hours -----------------------------------------


def test_insomnia_with_its_hours_is_a_night() -> None:
    slots = _only("insomnia again, got maybe 3.5 hours", "log_sleep")
    assert slots["duration_s"] == 3.5 * 3600


def test_insomnia_without_hours_is_no_night_to_log() -> None:
    entries, _ = _read("insomnia is the worst, mood 2/10")
    assert "log_sleep" not in [i for i, _ in entries]


# --- asked needlessly: a food in a figure of speech ------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["energy 2 mood 2, cool as a cucumber though", "mood 3/5, brain is mush, i'm totally toast"],
)
def test_a_food_idiom_is_nothing_eaten(text: str) -> None:
    entries, problems = _read(text)
    assert [i for i, _ in entries] == ["log_daily"]
    assert not any("meal or snack" in p for p in problems), problems


def test_a_food_said_beside_a_check_in_is_still_asked() -> None:
    assert without_food_idioms("mood 3, as well as a banana") == "mood 3, as well as a banana"
    entries, problems = _read("energy 3 mood 3, a pancake after")
    assert problems or "log_meal" in [i for i, _ in entries]


# --- asked needlessly: an aside in brackets before an exercise's name ------------------------


def test_an_aside_before_a_name_is_no_part_of_it() -> None:
    slots = _only("monday (late entry, sorry, brain fog) leg press 3x10 at 140", "log_sets")
    assert [g["exercise"] for g in slots["groups"]] == ["leg-press"]


@pytest.mark.parametrize("text", ["bench (close grip) 3x8 at 60", "(incline) bench 3x8 at 60"])
def test_a_short_bracket_of_the_names_own_words_stays(text: str) -> None:
    assert without_asides(text) == text


# --- asked needlessly: an effort on the last of sets told one by one -------------------------


def test_an_effort_on_the_last_of_sets_told_one_by_one() -> None:
    """ "squat 5/5/5 at 100kg, rpe 8 on the last one" had asked which exercise's last set."""
    groups = _only("deadlift 3/3/3 at 150kg, rpe 9 on the final one", "log_sets")["groups"]
    assert [g.get("rpe") for g in groups] == [None, None, 9.0]


def test_a_rep_count_for_the_last_of_sets_told_one_by_one_is_still_asked() -> None:
    _, problems = _read("deadlift 3/3/3 at 150kg, last set 2")
    assert problems
