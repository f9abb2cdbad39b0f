"""Lifters' notations read as sets (issue 57): dumbbell loads said as a plural number ("80s"),
rep lists apart by spaces, load x reps sets of several exercises, singles and rep words, one
set told apart, and the numbers of the session itself (its length, RPE and time of day);
and the cases that stay unclear still ask."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.factories import as_subject, make_athlete, subject_of

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units
from fitcoach.assistant.offline import offline_reply
from fitcoach.assistant.registry import ToolContext
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 18)
LB = 0.45359237


def _read(text: str, units: str = "imperial") -> tuple[list[dict[str, Any]], list[str]]:
    """The log_sets entries' slots (without the date) and the problems."""
    with bare_units("imperial" if units == "imperial" else "metric"):
        found = read_log(text, today=TODAY)
    assert all(e.intent == "log_sets" for e in found.entries), found
    slots = [{k: v for k, v in e.slots.items() if k != "date"} for e in found.entries]
    return slots, found.problems


def _groups(text: str, units: str = "imperial") -> list[tuple[Any, ...]]:
    """(exercise, sets, reps, load in the athlete's unit) of each group, stored as is."""
    slots, problems = _read(text, units)
    assert problems == [], (text, problems)
    per = LB if units == "imperial" else 1.0
    return [
        (
            g["exercise"],
            g["sets"],
            g["reps"],
            None if g.get("weight_kg") is None else round(g["weight_kg"] / per, 1),
        )
        for s in slots
        for g in s["groups"]
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("db rows 80s 4x10 each arm", [("one-arm-dumbbell-row", 4, 10, 80.0)]),
        ("walking lunges 3x20 w 35s", [("dumbbell-walking-lunge", 3, 20, 35.0)]),
        (
            "did the 50s for db shoulder press 3 x 10",
            [("seated-dumbbell-shoulder-press", 3, 10, 50.0)],
        ),
        ("goblet squats w the 53 kb 3x15", [("goblet-squat", 3, 15, 53.0)]),
        ("shrugs 3x15 w 100s dbs", [("dumbbell-shrug", 3, 15, 100.0)]),
        ("db bench 80s 8,7,6", [("dumbbell-bench-press", 1, r, 80.0) for r in (8, 7, 6)]),
    ],
)
def test_a_dumbbell_load_said_as_a_plural_number_is_the_load(
    text: str, want: list[tuple[Any, ...]]
) -> None:
    assert _groups(text) == want


def test_a_plural_number_after_sets_in_metric_is_kg() -> None:
    assert _groups("walking lunges 3 sets of 10 holding 12.5s", "metric") == [
        ("dumbbell-walking-lunge", 3, 10, 12.5)
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("pushups 50 50 40", [("push-up", 1, r, None) for r in (50, 50, 40)]),
        ("pull ups 12 10 8 6", [("pull-up", 1, r, None) for r in (12, 10, 8, 6)]),
        (
            "pullups 8 8 8 (added a 10lb plate to belt)",
            [("pull-up", 1, 8, 10.0)] * 3,
        ),
        ("dips 2x failure (14, 11)", [("parallel-bar-dip", 1, r, None) for r in (14, 11)]),
        (
            "bench press - 3 sets - 10, 9, 8 - 155 lbs",
            [("barbell-bench-press", 1, r, 155.0) for r in (10, 9, 8)],
        ),
    ],
)
def test_a_list_of_reps_apart_by_spaces_or_to_failure_is_one_set_each(
    text: str, want: list[tuple[Any, ...]]
) -> None:
    assert _groups(text) == want


def test_bodyweight_sets_listed_are_stored_as_bodyweight() -> None:
    slots, _ = _read("pushups 50 50 40")
    assert all(g["bodyweight"] for g in slots[0]["groups"])


def test_load_x_reps_sets_then_another_exercise_are_all_read() -> None:
    assert _groups("Bench today: 185x10, 205x8, 225x6, 245x3. then dips 3x12") == [
        ("barbell-bench-press", 1, 10, 185.0),
        ("barbell-bench-press", 1, 8, 205.0),
        ("barbell-bench-press", 1, 6, 225.0),
        ("barbell-bench-press", 1, 3, 245.0),
        ("parallel-bar-dip", 3, 12, None),
    ]


def test_load_x_reps_sets_apart_by_spaces_are_each_a_set() -> None:
    assert _groups("ohp: 105x8 115x6 125x4") == [
        ("barbell-overhead-press", 1, 8, 105.0),
        ("barbell-overhead-press", 1, 6, 115.0),
        ("barbell-overhead-press", 1, 4, 125.0),
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("deads 495 x1", [("barbell-deadlift", 1, 1, 495.0)]),
        (
            "deadlift 455 for a double and then 3x3 at 405",
            [("barbell-deadlift", 1, 2, 455.0), ("barbell-deadlift", 3, 3, 405.0)],
        ),
        (
            "deadlift 315 3x5, then amrap at 335 got 7",
            [("barbell-deadlift", 3, 5, 315.0), ("barbell-deadlift", 1, 7, 335.0)],
        ),
        ("trap bar deadlift 405 x 5, 3 sets", [("trap-bar-deadlift", 3, 5, 405.0)]),
        ("power clean 185 for 4 sets of 3", [("power-clean", 4, 3, 185.0)]),
        (
            "Squat 345 x 2 rpe 9, back off 3x5 at 295",
            [("barbell-back-squat", 1, 2, 345.0), ("barbell-back-squat", 3, 5, 295.0)],
        ),
    ],
)
def test_single_sets_and_rep_words_are_read(text: str, want: list[tuple[Any, ...]]) -> None:
    assert _groups(text) == want


def test_the_effort_said_after_a_single_is_its_rpe() -> None:
    slots, problems = _read("squat 405 x 1 @ 9 then 3 x 3 @ 355")
    assert problems == []
    assert [g.get("rpe") for g in slots[0]["groups"]] == [9.0, None]
    slots, problems = _read("Squat 345 x 2 rpe 9")  # not 9 reps at RPE 2
    assert problems == []
    assert [(g["reps"], g["rpe"]) for g in slots[0]["groups"]] == [(2, 9.0)]
    slots, problems = _read("squat 200 kg single @ 8.5", "metric")
    assert problems == []
    assert [(g["reps"], g["weight_kg"], g["rpe"]) for g in slots[0]["groups"]] == [(1, 200.0, 8.5)]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "dumbell bench 70s 4x8, last set 6",
            [("dumbbell-bench-press", 3, 8, 70.0), ("dumbbell-bench-press", 1, 6, 70.0)],
        ),
        (
            "bench yesterday 3 sets 8 reps 175 but the third set was only 6",
            [("barbell-bench-press", 2, 8, 175.0), ("barbell-bench-press", 1, 6, 175.0)],
        ),
        (
            "bench 4x5 at 200, 2nd set 4",
            [
                ("barbell-bench-press", 1, 5, 200.0),
                ("barbell-bench-press", 1, 4, 200.0),
                ("barbell-bench-press", 2, 5, 200.0),
            ],
        ),
    ],
)
def test_one_set_told_apart_splits_its_group(text: str, want: list[tuple[Any, ...]]) -> None:
    assert _groups(text) == want


@pytest.mark.parametrize(
    ("text", "session"),
    [
        (
            "trap bar deadlift 405 x 5, 3 sets. whole session took 55 min, id say rpe 8 overall",
            {"duration_s": 3300.0, "session_rpe": 8.0},
        ),
        (
            "rdl 3x8 at 225, squats 4x6 at 265. 70 min in the gym, rpe 9 session",
            {"duration_s": 4200.0, "session_rpe": 9.0},
        ),
        ("incline db press 3x12 55s. 45 minutes", {"duration_s": 2700.0}),
        ("post shift gym at 8am. squat 3x5 at 225", {}),
    ],
)
def test_the_sessions_own_numbers_are_no_set_data(text: str, session: dict[str, float]) -> None:
    slots, problems = _read(text)
    assert problems == []
    assert {k: v for k, v in slots[0].items() if k != "groups"} == session


@pytest.mark.parametrize(
    "text",
    [
        "pushups 3 20",  # 3 sets of 20, or 3 then 20?
        "bench 185 8 8 8",  # a load without a marker before reps
        "bench 3x5 at 200, 5th set 3",  # there is no 5th set
        "plank 3x45s",  # seconds, not a load
        "bench 5x5, in my 40s",  # an age, not a load
        "pullups 8 8 8 (wife was watching)",
        "did 3x8 with the 25s",  # dumbbells by the load, but which exercise?
        "squat 140kg 1x3 then back-off 3x5 at 120kg, rpe 8 on the back-offs",  # which sets?
    ],
)
def test_what_stays_unclear_is_asked(text: str) -> None:
    with bare_units("imperial"):
        found = read_log(text, today=TODAY)
    assert found.problems
    assert not found.ok


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("chin-ups 3 sets to failure: 11, 9, 8", [11, 9, 8]),
        ("push ups, 4 sets to failure - 30, 24, 20, 18", [30, 24, 20, 18]),
    ],
)
def test_sets_to_failure_store_their_reps_and_no_rir(text: str, want: list[int]) -> None:
    # "to failure" is how a set ended, not a number said: no RIR is stored (the blind writers
    # leave it empty), only the reps listed
    slots, problems = _read(text)
    assert problems == []
    assert [g["reps"] for g in slots[0]["groups"]] == want
    assert all(g.get("rir") is None for g in slots[0]["groups"])


def test_an_effort_said_with_sets_to_failure_is_still_stored() -> None:
    slots, problems = _read("chin-ups 3 sets to failure: 11, 9, 8, rir 0")
    assert problems == []
    assert {g.get("rir") for g in slots[0]["groups"]} == {0.0}


def test_a_plural_load_between_the_name_and_the_sets_is_their_load() -> None:
    assert _groups("did incline db press, 60s, 4 sets of 10") == [
        ("incline-dumbbell-press", 4, 10, 60.0)
    ]


@pytest.mark.parametrize(
    ("text", "units", "want"),
    [
        ("Power cleans, 70kg, 5 singles", "metric", [("power-clean", 5, 1, 70.0)]),
        (
            "shrugs 4x12 with 2x30kg dumbbells",  # a pair of 30 kg dumbbells
            "metric",
            [("dumbbell-shrug", 4, 12, 30.0)],
        ),
        (
            "hip thrust 3 sets: 12 reps at 185, 10 at 205, 8 at 225",
            "imperial",
            [
                ("barbell-hip-thrust", 1, 12, 185.0),
                ("barbell-hip-thrust", 1, 10, 205.0),
                ("barbell-hip-thrust", 1, 8, 225.0),
            ],
        ),
        (
            "bench 60kg 12 reps, 70kg 10, 80 kg 8",
            "metric",
            [
                ("barbell-bench-press", 1, 12, 60.0),
                ("barbell-bench-press", 1, 10, 70.0),
                ("barbell-bench-press", 1, 8, 80.0),
            ],
        ),
        (
            "i did 100 push ups today in 5 sets 20 each",  # the 100 is all the reps
            "metric",
            [("push-up", 5, 20, None)],
        ),
        (
            "Lat raises 12, 12, 10 with 7.5s",
            "metric",
            [("dumbbell-lateral-raise", 1, r, 7.5) for r in (12, 12, 10)],
        ),
        (
            "bench 205 x 8, 8, 7 — volume day",
            "imperial",
            [("barbell-bench-press", 1, r, 205.0) for r in (8, 8, 7)],
        ),
    ],
)
def test_sets_listed_one_by_one_and_their_counts(
    text: str, units: str, want: list[tuple[Any, ...]]
) -> None:
    assert _groups(text, units) == want


def test_a_set_count_before_a_list_must_match_the_list() -> None:
    _slots, problems = _read("ohp 3 sets: 105x8 115x6 125x4 135x2")
    assert problems == ["I am not sure what 3 is here"]


@pytest.mark.parametrize(
    ("text", "units", "want"),
    [
        ("bench 185 3x5 @ rpe 8", "imperial", [("barbell-bench-press", 3, 5, 185.0)]),
        ("5x5 squat 120 done, rpe 8", "metric", [("barbell-back-squat", 5, 5, 120.0)]),
        ("bench 70 5 reps 5 sets at rpe 6", "metric", [("barbell-bench-press", 5, 5, 70.0)]),
    ],
)
def test_a_lone_number_beside_the_sets_is_their_load(
    text: str, units: str, want: list[tuple[Any, ...]]
) -> None:
    assert _groups(text, units) == want


def test_a_time_after_with_is_no_load() -> None:
    slots, problems = _read("bench w 1 sec pause 4x3 @ 275 rpe 8")
    # the pause's length is how each rep was done: the paused bench press (an55), no question
    assert not problems, problems
    assert [g["exercise"] for g in slots[0]["groups"]] == ["paused-bench-press"]
    assert [g["weight_kg"] for g in slots[0]["groups"]] == [pytest.approx(275 * LB, abs=0.01)]


def test_an_exercise_said_as_not_done_is_not_asked_about() -> None:
    assert _groups("nordic curls 3x4, copenhagen planks skipped") == [
        ("nordic-hamstring-curl", 3, 4, None)
    ]


def test_reps_to_failure_said_after_are_one_set() -> None:
    assert _groups("pistol squats 3x5, then pushups till failure (32)") == [
        ("pistol-squat", 3, 5, None),
        ("push-up", 1, 32, None),
    ]


def test_a_load_without_a_unit_takes_the_unit_the_message_gives_the_others() -> None:
    assert _groups("bench 3x5 at 225 lbs then 1 set of 10 at 185", "metric") == [
        ("barbell-bench-press", 3, 5, 102.1),  # kg: 225 lb
        ("barbell-bench-press", 1, 10, 83.9),  # kg: 185 lb, not 185 kg
    ]
    assert _groups("squat 140kg 1x3, then 3x5 at 120", "imperial") == [
        ("barbell-back-squat", 1, 3, round(140 / LB, 1)),
        ("barbell-back-squat", 3, 5, round(120 / LB, 1)),
    ]


def test_plural_loads_for_reps_set_by_set() -> None:
    assert _groups("Incline DB press: 24s for 10, 26s for 8, 28s for 6", "metric") == [
        ("incline-dumbbell-press", 1, 10, 24.0),
        ("incline-dumbbell-press", 1, 8, 26.0),
        ("incline-dumbbell-press", 1, 6, 28.0),
    ]
    assert _groups("lat raises 7.5s for 12", "metric") == [("dumbbell-lateral-raise", 1, 12, 7.5)]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("squats 5x5 at 85, RDLs 3x8 at 80. Duration about an hour", 3600.0),
        ("gym 1h: squat 3x5 95, bench 3x5 70", 3600.0),
        ("kettlebell swings 10 x 10 with the 20, took 15 min", 900.0),
    ],
)
def test_more_ways_of_saying_the_sessions_length(text: str, seconds: float) -> None:
    slots, problems = _read(text, "metric")
    assert problems == []
    assert slots[0]["duration_s"] == seconds


def test_a_rep_max_named_is_no_set_data() -> None:
    slots, problems = _read("squat 140x3 @8, 150x2 @9 — new 1rm attempt next week", "metric")
    assert problems == []
    assert [(g["weight_kg"], g["reps"], g["rpe"]) for g in slots[0]["groups"]] == [
        (140.0, 3, 8.0),
        (150.0, 2, 9.0),
    ]


def test_a_list_of_reps_then_sets_of_their_own() -> None:
    assert _groups("squat 100kg x 5, 5, 5", "metric") == [("barbell-back-squat", 1, 5, 100.0)] * 3
    slots, problems = _read(
        "Squats today: 100 x 5, 5, 5 then dropped to 90 for 2x8. RPE about 8 overall", "metric"
    )
    assert problems == []
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in slots[0]["groups"]] == [
        (1, 5, 100.0),
        (1, 5, 100.0),
        (1, 5, 100.0),
        (2, 8, 90.0),
    ]
    assert slots[0]["session_rpe"] == 8.0


def test_two_lists_of_reps_of_two_exercises() -> None:
    assert _groups("pull ups 12, 10, 8 then chin ups 10, 8") == [
        *[("pull-up", 1, r, None) for r in (12, 10, 8)],
        *[("chin-up", 1, r, None) for r in (10, 8)],
    ]


@pytest.mark.parametrize("text", ["bench 3x5 80, 5", "bench 3x5, 5"])
def test_a_number_alone_after_the_sets_is_asked_about(text: str) -> None:
    _slots, problems = _read(text, "metric")
    assert "I am not sure what 5 is here" in problems


def _efforts(text: str) -> list[tuple[Any, ...]]:
    slots, problems = _read(text, "metric")
    assert problems == [], problems
    return [(g["sets"], g["reps"], g.get("rir"), g.get("rpe")) for g in slots[0]["groups"]]


def test_the_effort_of_the_last_set_tells_it_apart() -> None:
    assert _efforts("sumo deadlift 3x5 150, rpe 9 last set") == [(2, 5, None, None), (1, 5, None, 9.0)]  # fmt: skip
    assert _efforts("Bench 5 x 5 @ 62.5 — all at RIR 2, last one RIR 1") == [
        (4, 5, 2.0, None),
        (1, 5, 1.0, None),
    ]
    assert _efforts("squats 4 sets of 6 at 90 but the last one was like rpe 9.5") == [
        (3, 6, None, None),
        (1, 6, None, 9.5),
    ]


def test_an_effort_for_each_set() -> None:
    assert _efforts("incline bench 3x8 60kg, RPE 7, 8, 9") == [
        (1, 8, None, 7.0),
        (1, 8, None, 8.0),
        (1, 8, None, 9.0),
    ]
    assert _efforts("Bench 4x8 @ 67.5, RIR 2,2,1,0") == [
        (2, 8, 2.0, None),
        (1, 8, 1.0, None),
        (1, 8, 0.0, None),
    ]


def test_efforts_that_do_not_match_the_sets_are_asked_about() -> None:
    _slots, problems = _read("bench 3x8 80, rpe 7, 8", "metric")
    assert "which sets were those efforts for?" in problems


def test_an_effort_said_loosely_is_its_rpe() -> None:
    assert _efforts("deadlift 185 x 5 x 3, felt like a 7") == [(3, 5, None, 7.0)]
    assert _efforts("squat 3x5 at 120, bench 3x5 at 80, all rpe ~8") == [
        (3, 5, None, 8.0),
        (3, 5, None, 8.0),
    ]


def test_a_set_named_by_its_role_is_a_set() -> None:
    assert _groups("bench: 3 sets of 5 at 225, then 1 backoff of 12 at 185") == [
        ("barbell-bench-press", 3, 5, 225.0),
        ("barbell-bench-press", 1, 12, 185.0),
    ]
    assert _groups("hip thrust 60kg 3x12, then 1 burnout set of 25 at 40", "metric") == [
        ("barbell-hip-thrust", 3, 12, 60.0),
        ("barbell-hip-thrust", 1, 25, 40.0),
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("weighted dips 3x8 +20", [("parallel-bar-dip", 3, 8, 20.0)]),
        (
            "Pull-ups with a 10kg plate on the belt: 5,5,4",
            [("pull-up", 1, r, 10.0) for r in (5, 5, 4)],
        ),
        (
            "deadlift 180 x 2 singles then 160 3x3 rpe 8",
            [("barbell-deadlift", 2, 1, 180.0), ("barbell-deadlift", 3, 3, 160.0)],
        ),
        (
            "pull ups 6 sets of 5 w 10kg, chin ups 2 x max bw (11, 9)",
            [("pull-up", 6, 5, 10.0), ("chin-up", 1, 11, None), ("chin-up", 1, 9, None)],
        ),
        ("push ups: 20, 15, 12 😮‍💨", [("push-up", 1, r, None) for r in (20, 15, 12)]),
    ],
)
def test_added_loads_singles_and_symbols(text: str, want: list[tuple[Any, ...]]) -> None:
    assert _groups(text, "metric") == want


def test_a_plus_with_a_space_still_joins_two_logs() -> None:
    with bare_units("metric"):
        found = read_log("squat 3x8 100kg + 20 min bike", today=TODAY)
    assert found.problems == []
    assert [e.intent for e in found.entries] == ["log_sets", "log_cardio"]


def test_a_stack_load_that_could_be_a_pin_is_asked_about_as_written() -> None:
    _slots, problems = _read("leg extension 3x12 at 12")  # an imperial athlete's 12, not 5.44
    assert "is 12 on the stack in kg, lb or the plate number?" in problems


def test_a_stack_load_no_stack_has_as_a_pin_is_in_the_athletes_unit() -> None:
    slots, problems = _read("leg press 3x12 at 360, lat pulldown 4 x 10 w/ 140#")
    assert problems == []
    assert [(g["exercise"], g["weight_kg"]) for g in slots[0]["groups"]] == [
        ("leg-press", 163.29),
        ("lat-pulldown", 63.5),
    ]


def test_words_of_how_it_went_are_no_part_of_the_name() -> None:
    assert _groups("good mornings 3x8 at 135") == [("barbell-good-morning", 3, 8, 135.0)]
    assert _groups("tues i did deadlift 3x3 at 425") == [("barbell-deadlift", 3, 3, 425.0)]
    assert _groups("meet prep day: squat opener 470 x1, bench opener 300 x1") == [
        ("barbell-back-squat", 1, 1, 470.0),
        ("barbell-bench-press", 1, 1, 300.0),
    ]


def test_sets_dated_by_a_week_ask_which_day() -> None:
    _slots, problems = _read("last week i benched 3x10 at 165, forgot to log")
    assert problems == ["which day was it?"]


def test_sets_dated_by_a_weekday_of_last_week_are_that_day() -> None:
    """ "thursday last week": one day, the dev gold's (logaw19), no question."""
    with bare_units("imperial"):
        found = read_log("tuesday last week i squatted 3x5 at 225, forgot to log", today=TODAY)
    assert not found.problems, found.problems
    assert [e.slots["date"] for e in found.entries] == [date(2026, 11, 10)]


def test_sets_by_reps_as_said_aloud() -> None:
    assert _groups("bench 4 by 8 one eighty five") == [("barbell-bench-press", 4, 8, 185.0)]
    assert _efforts("deadlift 140 kilos, five by five, rpe seven") == [(5, 5, None, 7.0)]


def test_a_total_in_sets_of_a_size_is_that_many_sets() -> None:
    assert _groups("did 50 press ups throughout the day, sets of 10") == [("push-up", 5, 10, None)]
    assert _groups("pushups 50 total in sets of 10") == [("push-up", 5, 10, None)]
    _slots, problems = _read("pushups 55 total in sets of 10")  # does not divide: asked
    assert problems


# --- end to end: the session's length and effort are stored with the sets ------------------


@pytest.fixture
def me(ctx: ServiceContext) -> ToolContext:
    athlete = make_athlete(ctx)
    return ToolContext(as_subject(ctx, subject_of(ctx, athlete)), athlete.id)


def test_the_sessions_length_and_rpe_are_stored_with_its_sets(
    ctx: ServiceContext, me: ToolContext
) -> None:
    reply = offline_reply(me, "squat 3x5 at 100kg, bench 3x5 at 80kg. 70 min in the gym, rpe 9 session")  # fmt: skip
    calls = [c for c in reply.tool_calls if c.tool == "log_sets"]
    assert len(calls) == 1
    assert (calls[0].arguments["duration_s"], calls[0].arguments["session_rpe"]) == (4200.0, 9.0)
    (workout,) = training_log.history(ctx, me.athlete_id, "workouts")
    assert (workout["duration_s"], workout["session_rpe"]) == (4200.0, 9.0)
    assert [(s["exercise"], s["reps"], s["weight_kg"]) for s in workout["sets"]] == [
        *[("barbell-back-squat", 5, 100.0)] * 3,
        *[("barbell-bench-press", 5, 80.0)] * 3,
    ]
