"""Classes of logging messages the nineteenth set's writer AW (beginners and weight-loss
journeys: machines described instead of named, meals, the Englishes of Singapore, Malaysia,
Ireland, Wales, New Zealand, the Philippines and Vietnam) got stored wrong or asked about
(issue 57, logaw19), each in new wording, beside the close wording that must keep its old
reading."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu.meals import describe
from fitcoach.assistant.nlu.normalise import normalise

_read = read_entries
_only = only_entry


def _groups(text: str, units: str = "metric") -> list[tuple[str, int, int, float | None]]:
    slots = _only(text, "log_sets", units)  # type: ignore[arg-type]
    return [(g["exercise"], g["sets"], g["reps"], g.get("weight_kg")) for g in slots["groups"]]


# --- wrong stores first ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("tuesday of last week i squatted 4x6 at 60kg", date(2026, 11, 10)),
        ("Friday last week: 90 min bike ride, 35 km", date(2026, 11, 13)),
        ("last week on monday I swam 1200 m in 30 min", date(2026, 11, 9)),
    ],
)
def test_a_weekday_of_last_week_is_that_day(text: str, day: date) -> None:
    entries, problems = _read(text)
    assert not problems, problems
    assert [slots["date"] for _, slots in entries] == [day]


@pytest.mark.parametrize(
    "text", ["put in a swim from last week, 1000 m in 28 min", "last week I cycled 20 km in 1 hour"]
)
def test_cardio_said_of_a_whole_week_asks_its_day(text: str) -> None:
    entries, problems = _read(text)
    assert any(p.startswith("which day was it") for p in problems), (entries, problems)


def test_a_change_since_last_week_still_logs_today() -> None:
    slots = _only("weight 80.2 kg, down 1 from last week", "log_weight")
    assert slots["date"] == TODAY


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("a scone with jam, log it as a snack", "a scone with jam"),
        ("porridge and a cuppa, put it down as brekkie", "porridge and a cup of tea"),
        ("2 crumpets and a latte for a snack", "2 crumpets and a latte"),
        ("toast with my cuppa, count that as breakfast", "toast with a cup of tea"),
    ],
)
def test_a_meals_filing_words_are_no_food(text: str, said: str) -> None:
    assert describe(normalise(text)) == said


def test_a_cup_of_tea_said_plainly_is_unchanged() -> None:
    assert describe(normalise("a cup of tea and 2 biscuits")) == "a cup of tea and 2 biscuits"


@pytest.mark.parametrize(
    "text",
    [
        "lunges 3x10 with 8kg, took me 40 mins with the jog to warm up, rpe 7 for the session",
        "seated cable rows 3x12 at 30kg, took us 45 min including the bike warm up",
    ],
)
def test_a_sessions_time_with_its_warm_up_is_no_cardio(text: str) -> None:
    entries, problems = _read(text)
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_sets"]
    assert entries[0][1]["duration_s"] in (2400.0, 2700.0)


def test_a_warm_up_walk_with_its_own_time_and_no_took_is_still_logged() -> None:
    entries, _ = _read("bench 3x8 60kg, walked 20 min to warm up")
    assert "log_cardio" in [i for i, _ in entries]


# --- machines described instead of named -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("the machine where u sit and push the platform up with your legs, 3x15 at 60kg", "leg-press"),
        ("the contraption where u sit down and pull the bar down to your chin, 4x8 at 45kg", "lat-pulldown"),
        ("the cable one where you sit and pull the handle in to your belly, 3x10 at 35kg", "seated-cable-row"),
        ("that machine where you bring your legs together, 3x12 at 25kg", "hip-adduction-machine"),
        ("the machine where you push your thighs apart, 3x12 at 25kg", "hip-abduction-machine"),
        ("the thing where you squeeze the pads together like hugging a tree, 3x10 at 20kg", "pec-deck"),
        ("the one where you sit and push the handles forward from your chest, 3x10 at 30kg", "machine-chest-press"),
        ("the machine where you sit and kick your legs out straight, 3x12 at 25kg", "leg-extension"),
        ("the one where you push the rope down with your arms, 3x15 at 15kg", "triceps-pushdown"),
    ],
)  # fmt: skip
def test_a_described_machine_is_named(text: str, slug: str) -> None:
    assert [g[0] for g in _groups(text)] == [slug]


def test_a_described_body_weight_movement_is_named() -> None:
    assert "hanging knee raise" in normalise(
        "the exercise where you hang off the pull up bar and lift your knees up, 3x10"
    )
    assert "back extension" in normalise(
        "the one where you lie face down and lower down then come back up, 3x15"
    )


@pytest.mark.parametrize(
    "text",
    [
        "squats 3x5 at 100kg pushing my knees out",
        "hip thrusts 3x10 at 60kg squeezing my knees together",
        "lat pulldown 3x10 at 50kg",
    ],
)
def test_a_cue_without_a_described_machine_names_nothing_new(text: str) -> None:
    assert normalise(text) == text.lower()


def test_squats_with_a_weight_at_the_chest_are_goblet_squats() -> None:
    assert _groups("squats with a kettlebell against my chest, 3x10, the 16kg one") == [
        ("goblet-squat", 3, 10, 16.0)
    ]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("leg curls lying on my stomach 3x10 at 25kg", "lying-leg-curl"),
        ("leg curl machine sitting down 3x10 at 25kg", "seated-leg-curl"),
    ],
)
def test_a_leg_curl_said_with_its_position(text: str, slug: str) -> None:
    assert [g[0] for g in _groups(text)] == [slug]


# --- number and word forms ---------------------------------------------------------------------


def test_a_load_in_k_beside_sets_is_kilos() -> None:
    assert _groups("4 sets of 3 on deadlift at 140k") == [("barbell-deadlift", 4, 3, 140.0)]


def test_a_pace_in_k_is_still_a_distance() -> None:
    assert "10 km pace" in normalise("3 x 1 km reps at 10k pace")


def test_sets_and_times_are_sets_and_reps() -> None:
    assert _groups("bench press 4 set, 8 time, 40kg") == [("barbell-bench-press", 4, 8, 40.0)]
    assert "3 times a week" in normalise("3 sets 3 times a week")


def test_calo_is_kcal() -> None:
    slots = _only("dinner com tam 1 plate, about 600 calo", "log_meal")
    assert slots["calories"] == 600.0


def test_a_tramp_is_a_hike() -> None:
    assert _only("went tramping for 4 hours, 14 km", "log_cardio")["exercise"] == "hiking"


def test_a_polite_particle_is_no_word_of_the_log() -> None:
    assert normalise("did my zumba po, 45 min") == "did my zumba, 45 min"
    # another language's "po" before a count is kept ("4 serii po 8": of)
    assert "po 8" in normalise("przysiad 4 serii po 8")


def test_the_couch_to_5k_programme_is_a_run_without_a_distance() -> None:
    slots = _only("c25k week 4 run 1 done, 30 min", "log_cardio")
    assert slots["exercise"] == "steady-run"
    assert "distance_m" not in slots


def test_steps_of_lunges_are_reps_and_steps_walked_stay_steps() -> None:
    assert "3 x 16 reps" in normalise("walking lunges 3 x 16 steps")
    assert "10000 steps" in normalise("walked 10000 steps")


def test_the_dumbbell_by_its_weight_is_the_load_and_a_rep_count_stays() -> None:
    assert normalise("with the 10kg one") == "with the 10kg"
    assert normalise("deadlift 150 kg 1 rep") == "deadlift 150 kg 1 rep"


def test_got_through_sets_is_did() -> None:
    assert _groups("got through 3 sets of 8 on bench at 50kg") == [
        ("barbell-bench-press", 3, 8, 50.0)
    ]


@pytest.mark.parametrize("figure", [104.6, 121.4, 138.0])
def test_a_metric_athletes_bare_body_weight_up_to_150_is_kg(figure: float) -> None:
    assert _only(f"weight {figure:g} this morning", "log_weight")["weight_kg"] == figure


def test_a_metric_athletes_bare_body_weight_over_150_is_still_asked() -> None:
    _, problems = _read("weight 182 this morning")
    assert any("in kg or lb" in p for p in problems), problems


@pytest.mark.parametrize(
    "text", ["step ups 3x12 each leg, no weight", "glute bridges 3x15, bodyweight"]
)
def test_no_load_said_after_a_comma_is_the_sets_load(text: str) -> None:
    slots = _only(text, "log_sets")
    assert slots["groups"][0].get("bodyweight") is True


def test_a_body_weight_figure_after_a_comma_is_still_a_weigh_in() -> None:
    entries, _ = _read("dips 3x10, bodyweight 84kg")
    assert "log_weight" in [i for i, _ in entries]


def test_a_sets_effort_out_of_ten_is_its_rpe() -> None:
    slots = _only("shoulder press machine 3x10 at 20kg, all the sets were like an 8/10", "log_sets")
    assert slots["groups"][0]["rpe"] == 8.0


def test_a_pain_out_of_ten_is_no_rpe() -> None:
    assert "rpe" not in normalise("squats 3x5 at 60kg, knee felt like a 3/10")


def test_a_sessions_time_beside_its_rpe_before_the_sets() -> None:
    slots = _only(
        "legs, 40 min, session rpe 8. leg press 3x12 80kg, leg curl 3x12 30kg", "log_sets"
    )
    assert slots["duration_s"] == 2400.0
    assert slots["session_rpe"] == 8.0


def test_the_assisted_pull_up_on_its_machine() -> None:
    text = "assisted pull-ups using the machine with the leg rest, 4x6"
    assert [g[0] for g in _groups(text)] == ["machine-assisted-pull-up"]


@pytest.mark.parametrize("text", ["finished my squats, 6 reps at 50kg", "did rdls 10 reps @ 40 kg"])
def test_a_plural_lift_done_without_a_count_of_sets_asks_it(text: str) -> None:
    _, problems = _read(text)
    assert any(p.startswith("how many sets") for p in problems), problems


@pytest.mark.parametrize(
    "text",
    ["squat 6 reps at 120 pr", "deadlift 3 reps at 150kg", "did squats, 4 sets, 6 reps at 50kg"],
)
def test_one_set_or_a_counted_one_is_no_question(text: str) -> None:
    _, problems = _read(text)
    assert not any(p.startswith("how many sets") for p in problems), problems
