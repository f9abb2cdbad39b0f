"""Classes of logging messages the seventeenth set's young-lifter writer (AT: gym regulars,
powerlifters, calisthenics and combat athletes of 16-25 who paste Hevy, Strong and Fitbod lines)
got stored wrong or asked about (issue 57, logat17), each in new wording, beside the close
wording that must keep its old reading."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu import understand

_read = read_entries
_only = only_entry
TODAY = date(2026, 11, 18)


def _groups(text: str, units: str = "metric") -> list[tuple[str, int, int, float | None]]:
    slots = _only(text, "log_sets", units)  # type: ignore[arg-type]
    return [(g["exercise"], g["sets"], g["reps"], g.get("weight_kg")) for g in slots["groups"]]


# --- wrong stores first ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sets", "reps"),
    [
        ("deadlift 180kg for a double, did it 4 times", 4, 2),
        ("front squat 120 kg for a triple, repeated that 2 times", 2, 3),
        ("bench 100kg for a single, 5 times over", 5, 1),
    ],
)
def test_a_rep_word_done_n_times_is_n_sets(text: str, sets: int, reps: int) -> None:
    """ "for a triple, did it 3 times" had been stored as one set (the 3 read as the reps')."""
    [(_, got_sets, got_reps, _)] = _groups(text)
    assert (got_sets, got_reps) == (sets, reps)


def test_a_rep_word_alone_stays_one_set() -> None:
    [(_, sets, reps, _)] = _groups("deadlift 180kg for a double")
    assert (sets, reps) == (1, 2)


@pytest.mark.parametrize(
    "text",
    ["typewriter pull ups 3x6", "4x8 planche push ups", "straddle lever rows 3 sets of 5"],
)
def test_a_skill_word_before_a_plain_name_is_asked(text: str) -> None:
    """ "pseudo planche push-ups" had been stored as plain push-ups: a skill's word makes it
    another movement, asked rather than logged as the plain one."""
    entries, problems = _read(text)
    assert any("unknown exercise" in p or "which exercise" in p for p in problems), (entries, problems)  # fmt: skip


def test_a_known_skill_entry_keeps_its_name() -> None:
    assert _groups("ring dips 4x6")[0][0] == "ring-dip"


@pytest.mark.parametrize(
    ("text", "macros"),
    [
        ("dinner: rice and beef 250 g | 700 kcal | P 45 g C 80 g F 20 g", (45.0, 80.0, 20.0)),
        ("snack, yoghurt 200g, p 20g c 15g f 5g", (20.0, 15.0, 5.0)),
    ],
)
def test_macro_letters_with_grams_are_the_meals_macros(
    text: str, macros: tuple[float, float, float]
) -> None:
    """ "P 58 g C 62 g F 11 g" had been left out, the meal stored without its macros."""
    meal = _only(text, "log_meal")
    assert (meal["protein_g"], meal["carbs_g"], meal["fat_g"]) == macros


@pytest.mark.parametrize(
    ("text", "meals"),
    [
        ("porridge for breakfast then a kebab for dinner", ["breakfast", "dinner"]),
        ("2 bagels for lunch and a curry for supper ~800 kcal", ["lunch", "dinner"]),
    ],
)
def test_meal_names_after_their_foods_are_two_meals(text: str, meals: list[str]) -> None:
    """ "3 eggs for breakfast, then a bowl for lunch" had been one breakfast of both."""
    entries, problems = _read(text)
    assert not problems, problems
    assert [slots["meal"] for _, slots in entries] == meals
    assert "then" not in entries[0][1]["description"]


def test_the_figure_after_the_last_meal_name_is_that_meals() -> None:
    entries, _ = _read("toast for breakfast, a wrap for lunch 650 kcal")
    assert [slots.get("calories") for _, slots in entries] == [None, 650]


def test_one_meal_name_after_its_food_stays_one_meal() -> None:
    assert _only("noodles for dinner", "log_meal")["meal"] == "dinner"


# --- asked: app lines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hack Squat\nSet 1: 80 kg x 12\nSet 2: 90 kg x 10",
        "Chin Up (Weighted)\n1: +5 kg × 8\n2: +5 kg × 7",
        "Leg Curl\nset 1 - 40 kg x 15\nset 2 - 40 kg x 12",
    ],
)
def test_an_apps_set_numbers_are_no_figures(text: str) -> None:
    """Hevy's and Strong's "Set 2: ..." had been asked about ("what is 2 here?")."""
    entries, problems = _read(text)
    assert not problems, problems
    [(_, slots)] = entries
    assert [g["sets"] for g in slots["groups"]] == [1, 1]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Upper Body — 47 min\nIncline Bench 3 x 8 @ 70 kg", 47),
        ("Leg Day · 1h 5min\nLeg Press 4 x 10 @ 160 kg", 65),
        ("morning lift | 1:02:40\nHack Squat 3 x 8 @ 100 kg", 62),
    ],
)
def test_a_header_with_a_length_is_the_sessions(text: str, minutes: int) -> None:
    """ "Fitbod Workout — 52 min" above the lifts had been asked about."""
    slots = _only(text, "log_sets")
    assert slots["duration_s"] == minutes * 60


def test_a_header_of_a_run_is_not_a_lifting_session() -> None:
    entries, _ = _read("evening run - 30 min\nhill sprints 6x1")
    assert all("duration_s" not in slots for i, slots in entries if i == "log_sets")


def test_an_apps_weighted_lines_are_a_log_not_a_load_change() -> None:
    """A Hevy block of "+10 kg × 6" lines had been read as a change of the plan's load."""
    said = understand("Weighted Dip\n1  +15 kg × 8\n2  +15 kg × 7", today=TODAY)
    assert said.intent == "log_sets"
    assert understand("weighted dips +10kg from now on", today=TODAY).intent == "change_load"


def test_a_record_cheered_in_brackets_is_news_with_its_sets() -> None:
    """ "245x1 (PR!!!)" had been read as a question about the estimated max."""
    text = "ohp 60x5, 65x2 (new pr 🎉), 55x10"
    assert understand(text, today=TODAY).intent == "log_sets"
    assert [g[2] for g in _groups(text)] == [5, 2, 10]
    assert understand("what's my ohp pr", today=TODAY).intent == "query_metric"


# --- asked: phrasings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sets", "reps"),
    [
        ("dips 60 total in 3 sets", 3, 20),
        ("did 45 pull ups in 5 sets", 5, 9),
    ],
)
def test_a_total_in_n_sets_is_n_even_sets(text: str, sets: int, reps: int) -> None:
    [(_, got_sets, got_reps, _)] = _groups(text)
    assert (got_sets, got_reps) == (sets, reps)


def test_a_total_that_splits_unevenly_is_asked() -> None:
    _, problems = _read("did 50 pull ups in 3 sets")
    assert problems


@pytest.mark.parametrize(
    "text",
    ["chin ups 4x6 tonight lowkey easy", "pistol squats 3x5 today 😤 finally unassisted"],
)
def test_a_remark_after_the_sets_is_no_part_of_the_name(text: str) -> None:
    """ "muscle ups 5x3 today finally clean" had been asked as an unknown exercise."""
    [(_, sets, _, _)] = _groups(text)
    assert sets in (3, 4)


def test_a_remark_holding_a_figure_keeps_it() -> None:
    [(_, _, _, load)] = _groups("squat 3x3 finally moved 150kg")
    assert load == 150.0


def test_reps_of_each_side_after_the_name_are_its_reps() -> None:
    """ "3 sets of split squats, 10 each leg" had been asked (the 10 unplaced)."""
    [(_, sets, reps, _)] = _groups("4 sets of reverse lunges, 8 per leg, 16kg dbs")
    assert (sets, reps) == (4, 8)


def test_same_sets_and_weight_copies_the_lift_before() -> None:
    """ "then seated row same sets and weight" had been asked."""
    groups = _groups("leg press 3x12 at 150, then hack squat same sets and weight")
    assert groups[1][1:] == (3, 12, 150.0)


def test_same_sets_as_another_day_is_not_copied() -> None:
    _, problems = _read("curls 3x10 at 15kg, hammer curls same sets and weight as monday")
    assert problems


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("in bed at half 11, alarm at 10 past 7", 7 + 40 / 60),
        ("bed at 11, woke at twenty five past six", 7 + 25 / 60),
    ],
)
def test_clock_times_in_words_make_the_night(text: str, hours: float) -> None:
    """ "bed at half ten, up at twenty past six" had been asked (the 6 unplaced)."""
    night = _only(text, "log_sleep")
    assert night["duration_s"] == pytest.approx(hours * 3600)


@pytest.mark.parametrize("text", ["5k in 24:10 this morning", "did a half marathon, 1:52:00"])
def test_a_race_distance_alone_is_a_run(text: str) -> None:
    """ "10k in 52:30" had been asked which activity it was."""
    assert _only(text, "log_cardio")["exercise"] == "steady-run"


@pytest.mark.parametrize("text", ["3k in 12:30", "5k in 20 min on the rower"])
def test_another_distance_or_sport_is_not_a_run(text: str) -> None:
    entries, problems = _read(text)
    assert problems or entries[0][1]["exercise"] != "steady-run"


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("bench 2 backoffs at 90 x 6", [(2, 6, 90.0)]),
        ("front squat 3 working sets @ 110kg for 4", [(3, 4, 110.0)]),
    ],
)
def test_a_count_of_sets_at_a_load_is_that_many_sets(
    text: str, groups: list[tuple[int, int, float]]
) -> None:
    """ "2 backoffs at 100 x 5" had been stored as one set (the count read as a thing counted)."""
    assert [g[1:] for g in _groups(text)] == groups


def test_a_top_single_then_backoffs_after_their_load() -> None:
    """ "top single 180 @8 then 3x5 at 150 backoffs" had been asked (no name, 180 unplaced)."""
    groups = _groups("deadlift top single 210 @9 then 2x4 at 180 backoffs")
    assert [g[1:] for g in groups] == [(1, 1, 210.0), (2, 4, 180.0)]


@pytest.mark.parametrize("text", ["slept like actual trash", "sleep was dogwater lol"])
def test_a_bad_night_in_slang_asks_its_hours(text: str) -> None:
    """ "slept like absolute shit" had been answered with the help text, no question."""
    entries, problems = _read(text)
    assert entries
    assert entries[0][1]["quality"] == "poor"
    assert any("how many hours" in p for p in problems)


def test_rounds_of_minutes_each_with_the_activity_between_are_their_total() -> None:
    """ "3 rounds bag work 3 min each" had been asked as an unknown exercise 'bag min'."""
    slots = _only("did 5 rounds of pad work, 2 min each", "log_cardio")
    assert slots["duration_s"] == 600


def test_a_spanish_speakers_meal_words_are_described_in_english() -> None:
    """ "comí 3 tacos ... y una coca de lunch" had been stored with "comí" and "de" as food."""
    meal = _only("comí 2 quesadillas y una coca de lunch", "log_meal")
    assert meal["meal"] == "lunch"
    assert meal["description"] == "2 quesadillas and a coke"


def test_spanish_y_in_an_exercise_name_is_kept() -> None:
    assert _groups("prone y raises 3x12")[0][0] == "prone-y-t-w-raise"


def test_a_header_naming_a_sport_stays_that_sport() -> None:
    entries, problems = _read("Kickboxing - 45 min\ndeadlift 3x5 140kg")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_cardio", "log_sets"]


def test_a_remark_never_swallows_the_next_lift() -> None:
    _, problems = _read("ohp 3x8 50kg lowkey heavy then lateral raises")
    assert any("lateral raise" in p.lower() for p in problems), problems


def test_half_before_a_distance_is_no_clock_time() -> None:
    slots = _only("jogged about half a mile in 6 minutes", "log_cardio")
    assert slots["distance_m"] == pytest.approx(804.7, abs=1)


@pytest.mark.parametrize(
    "text", ["couch to 5k week 2 day 3 done, 30 min", "on my c25k, today was 27 minutes"]
)
def test_a_programme_named_by_its_distance_is_no_run_of_it(text: str) -> None:
    """ "couch to 5k week 3 day 2, 28 min" is a programme's day, not 5 km run: never stored so."""
    entries, problems = _read(text)
    assert problems or all(slots.get("distance_m") != 5000 for _, slots in entries)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("trained for about 2 hours tonight", "which exercises"),
        ("please log 40 mins", "which activity"),
        ("record my bodyweight for today pls", "what did you weigh"),
    ],
)
def test_a_log_told_without_what_it_is_of_asks_it(text: str, asked: str) -> None:
    """ "lifted for like an hour and a half", "log 45 min pls", "log my weight for today" had
    been answered with the help text: the one thing missing is asked."""
    entries, problems = _read(text)
    assert not entries
    assert any(asked in p for p in problems), problems


def test_a_weight_told_with_its_figure_is_stored() -> None:
    assert _only("log my weight 71.5kg", "log_weight")["weight_kg"] == 71.5
