"""Logs pasted or dictated in one go (issue 57, corpus-57o's writer CM): tables with a header
line, and whole days in one message. One test per class, in wordings composed here (none is
the corpus's), beside the close wording that must keep its old reading."""

from __future__ import annotations

from datetime import date, timedelta

from tests.assistant.log_support import TODAY, read_entries

from fitcoach.assistant.nlu.meal_times import meal_time_lines
from fitcoach.assistant.nlu.table_rows import table_rows
from fitcoach.assistant.nlu.whole_days import day_stops, recap_label

# --- a table with its header line ------------------------------------------------------------


def test_a_readings_table_logs_each_row_on_its_own_day() -> None:
    entries, problems = read_entries("day,bw,rhr\n2026-11-15,92.4,61\n2026-11-18,92.0,60")
    assert not problems, problems
    days = sorted({e[1]["date"] for e in entries})
    assert days == [date(2026, 11, 15), TODAY]
    weights = [e[1] for e in entries if e[0] == "log_weight"]
    assert [w["weight_kg"] for w in weights] == [92.4, 92.0]


def test_a_lifts_table_is_each_rows_sets() -> None:
    text = "Lift | Sets | Reps | Weight (lb)\n|---|---|---|---|\nDeadlift | 3 | 5 | 315\nChin-up | 4 | 6 | BW"
    entries, problems = read_entries(text, "imperial")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_sets"]
    groups = entries[0][1]["groups"]
    assert [(g["sets"], g["reps"]) for g in groups] == [(3, 5), (4, 6)]


def test_a_set_number_column_is_one_set_a_row() -> None:
    entries, problems = read_entries(
        "exercise,set,reps,kg\nsquat,1,5,120\nsquat,2,5,120\nsquat,3,4,120"
    )
    assert not problems, problems
    groups = entries[0][1]["groups"]
    assert sum(g["sets"] for g in groups) == 3


def test_a_cardio_table_keeps_each_sessions_day() -> None:
    entries, problems = read_entries("date,sport,minutes,km\n2026-11-14,swim,40,1.6\n2026-11-17,run,25,4.5")  # fmt: skip
    assert not problems, problems
    assert [(i, s["date"]) for i, s in entries] == [
        ("log_cardio", date(2026, 11, 14)),
        ("log_cardio", TODAY - timedelta(days=1)),
    ]


def test_a_night_column_is_dated_by_the_morning_it_ends() -> None:
    assert (
        table_rows("night_of,bed,wake\n2026-11-17,23:30,07:00", TODAY) == "today: slept 23:30-07:00"
    )
    entries, problems = read_entries("night_of,bed,wake\n2026-11-16,22:15,06:15")
    assert not problems, problems
    assert [(i, s["date"]) for i, s in entries] == [("log_sleep", TODAY - timedelta(days=1))]


def test_a_food_export_is_one_meal_a_row_with_its_macros() -> None:
    text = "meal,food,kcal,protein\nlunch,chicken burrito,720,41\nsnack,greek yoghurt,150,15"
    entries, problems = read_entries(text)
    assert not problems, problems
    meals = [s for i, s in entries if i == "log_meal"]
    assert [m["calories"] for m in meals] == [720, 150]


def test_foods_of_one_meal_are_summed_into_that_meal() -> None:
    text = "food,g,kcal,p\nturkey mince,250,400,55\npasta,100,350,12\ndinner last night"
    assert table_rows(text, TODAY).startswith("dinner: turkey mince 250 g, pasta 100 g, 750 kcal, 67 g protein")  # fmt: skip


def test_columns_named_in_a_note_under_headerless_rows() -> None:
    text = "ohp,4,8,40\nchin up,4,6,0\ncols: exercise,sets,reps,kg"
    assert table_rows(text, TODAY) == "ohp 4x8 at 40 kg\nchin up 4x6 at 0 kg"


def test_a_table_not_read_whole_is_left_as_written() -> None:
    today = TODAY
    # a header alone, a column no reader knows, a day more than a week back, an empty count
    for text in (
        "date,weight,rhr",
        "date,steps,weight\n2026-11-18,9000,80",
        "date,rhr\n2026-11-02,55",
        "exercise,sets,reps,kg\nsquat,,5,100",
    ):
        assert table_rows(text, today) == text
    assert read_entries("date,weight_kg,rhr")[0] == []


# --- a whole day in one message --------------------------------------------------------------


def test_a_recaps_long_heading_dates_every_log_after_it() -> None:
    assert (
        recap_label("fridays whole log sorry been slammed: bench 3x5 90") == "friday: bench 3x5 90"
    )
    assert recap_label("Tuesday summary (better late than never): ran 5k in 27 min").startswith("tuesday: ")  # fmt: skip
    entries, problems = read_entries("yesterdays catch up cos i was tired: slept 7h, deadlift 3x5 140, weighed 90.2")  # fmt: skip
    assert not problems, problems
    assert {s["date"] for _, s in entries} == {TODAY - timedelta(days=1)}


def test_a_heading_of_a_night_or_a_plan_is_no_recap() -> None:
    for text in ("monday night recap: slept 6h", "tomorrows plan please: legs"):
        assert recap_label(text) == text


def test_a_day_said_in_one_breath_is_each_of_its_logs() -> None:
    text = (
        "right so slept about eight hours weighed in at seventy four point five had granola for "
        "breakfast went for a five k run in twenty six minutes had a burrito for lunch"
    )
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_sleep", "log_weight", "log_meal", "log_cardio", "log_meal"]  # fmt: skip
    meals = [s for i, s in entries if i == "log_meal"]
    assert [m["meal"] for m in meals] == ["breakfast", "lunch"]


def test_a_reading_named_after_a_figure_is_its_own() -> None:
    assert (
        day_stops("weight today 92.1 kilos hrv forty one")
        == "weight today 92.1 kilos, hrv forty one"
    )
    # a message with its own stops keeps them
    assert day_stops("had toast for breakfast, did 20 min of yoga then had lunch") == (
        "had toast for breakfast, did 20 min of yoga then had lunch"
    )


def test_a_meal_told_as_lunch_was_after_anothers_foods() -> None:
    text = "breakfast was porridge with honey and a coffee dinner was a chicken curry with rice"
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [s["meal"] for _, s in entries] == ["breakfast", "dinner"]


def test_meals_named_after_their_foods_beside_other_logs_are_apart() -> None:
    entries, problems = read_entries("rhr 51, 40 min bike, oats for breakfast, ramen for dinner")
    assert not problems, problems
    meals = [s for i, s in entries if i == "log_meal"]
    assert [(m["meal"], m["description"]) for m in meals] == [("breakfast", "oats"), ("dinner", "ramen")]  # fmt: skip
    # one meal's foods said in pieces stay one meal
    entries, _ = read_entries("rhr 51, eggs, bacon and toast for breakfast")
    assert len([i for i, _ in entries if i == "log_meal"]) == 1


def test_a_meal_after_an_emoji_is_not_lost() -> None:
    entries, problems = read_entries("weight 70.4 🎉 lunch tuna salad, dinner stir fry")
    assert not problems, problems
    assert [s.get("meal") for i, s in entries if i == "log_meal"] == ["lunch", "dinner"]


# --- a food diary's lines at their clock times -----------------------------------------------


def test_a_food_diarys_lines_are_each_a_meal_with_its_kcal() -> None:
    text = "meals today\n7:30 greek yoghurt and berries 220\n13:15 - falafel wrap 560 kcal\n20:00 beef stew 700"  # fmt: skip
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [(s["meal"], s["calories"]) for _, s in entries] == [
        ("breakfast", 220),
        ("lunch", 560),
        ("dinner", 700),
    ]


def test_a_meals_clock_time_is_no_part_of_its_food() -> None:
    assert meal_time_lines("Lunch 12:45 - soup and a roll (350 kcal)", TODAY) == "Lunch: soup and a roll (350 kcal)"  # fmt: skip


def test_a_diary_of_another_day_or_a_lone_timed_line_is_left_as_written() -> None:
    for text in ("food log 12/11\n8:00 oats 300\n13:00 soup 400", "ran at 7:30 for 45 min 5"):
        assert meal_time_lines(text, TODAY) == text


def test_a_weigh_in_after_a_word_of_the_day_is_its_own_clause() -> None:
    text = "long one today slept maybe six hours then drove to the airport weighed eighty eight at the gym there"  # fmt: skip
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_sleep", "log_weight"]
    assert day_stops("so i weighed myself this morning and it said 82.4 which is nice i guess") == (
        "so i weighed myself this morning and it said 82.4 which is nice i guess"
    )


def test_rows_of_one_meal_are_that_meal_summed() -> None:
    text = "meal,food,kcal\ndinner,rice,200\ndinner,chicken thighs,350\nsnack,apple,80"
    assert table_rows(text, TODAY) == "dinner: rice, chicken thighs, 550 kcal\nsnack: apple 80 kcal"


def test_a_heading_that_names_a_meal_or_a_session_is_kept() -> None:
    for text in ("yesterday's lunch: soup and a roll", "sunday's long run: 18k in 1:40"):
        assert recap_label(text) == text
