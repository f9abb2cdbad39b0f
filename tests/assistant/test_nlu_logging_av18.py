"""Classes of logging messages the eighteenth set's adaptive-sport writer (AV: people training
with a disability or a long-term condition, some by speech-to-text) got stored wrong or asked
about (issue 57, logav18), each in new wording, beside the close wording that must keep its
old reading."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu import understand

_read = read_entries
_only = only_entry
TODAY = date(2026, 11, 18)


# --- wrong stores first ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "sitting overhead press 3x6 at 25kg",
        "seated lateral raises 4x12 with 5kg",
        "seated slams with the med ball 3x15 at 3 kg",
    ],
)
def test_seated_said_of_a_standing_free_weight_lift_is_asked(text: str) -> None:
    """ "seated ohp" had been stored as the standing barbell press: a seat makes it another lift."""
    _, problems = _read(text)
    assert any(p.startswith("which exercise is") for p in problems), problems


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("seated leg press 4x10 at 120kg", "leg-press"),  # a machine holds its seat
        ("seated calf raises 3x20 at 25kg", "seated-calf-raise"),  # the entry says seated
        ("overhead press 5x5 at 40kg", "barbell-overhead-press"),  # no seat said
        ("seated dumbbell press 3x8 at 14kg", "seated-dumbbell-shoulder-press"),
    ],
)
def test_a_seat_the_entry_or_its_machine_holds_is_logged(text: str, slug: str) -> None:
    [group] = _only(text, "log_sets")["groups"]
    assert group["exercise"] == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("sitting volleyball session, 75 minutes", "sitting-volleyball"),
        ("raced 8 km in the racing wheelchair in 21:40", "wheelchair-racing"),
        ("boccia match 50 min this afternoon", "boccia"),
        ("sit ski 12 km in 1h15 yesterday", "sit-skiing"),
        ("35 min of recumbent cycling", "moderate-stationary-cycling"),
    ],
)
def test_adaptive_sports_are_their_own_activities(text: str, slug: str) -> None:
    """Sitting volleyball had been stored as volleyball; boccia and sit-skiing were not read."""
    assert _only(text, "log_cardio")["exercise"] == slug


def test_plain_volleyball_stays_volleyball() -> None:
    assert _only("volleyball 60 minutes tonight", "log_cardio")["exercise"] == "volleyball"


@pytest.mark.parametrize(
    "text",
    [
        "swam 40 lengths yesterday or today, i forget which, 35 min",
        "squats 3x8 at 60kg, today or yesterday not sure",
        "walked 25 min thursday or today",
    ],
)
def test_either_of_two_near_days_is_asked(text: str) -> None:
    """ "tuesday or today, can't remember which" had been stored on the first day said."""
    _, problems = _read(text)
    assert any(p.startswith("which day was it") for p in problems), problems


def test_one_near_day_is_still_stored() -> None:
    assert _only("walked 25 min yesterday", "log_cardio")["date"] == date(2026, 11, 17)


# --- asked or missed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("single leg press 3x10 at 50kg with my good leg", "single-leg-leg-press"),
        ("leg extension 3x12 at 15kg on the strong side", "leg-extension"),
    ],
)
def test_the_side_a_lift_was_done_on_is_no_part_of_its_name(text: str, slug: str) -> None:
    [group] = _only(text, "log_sets")["groups"]
    assert group["exercise"] == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("last night 50 minutes of adapted pilates", "pilates-class"),
        ("inclusive climbing 1 hour", "rock-climbing"),
        ("9 mile handcycle this morning in 45 min", "handcycling"),
    ],
)
def test_a_word_that_leaves_the_activity_as_it_is(text: str, slug: str) -> None:
    """ "adaptive yoga" and "12 mile handcycle" had been asked whether they were yoga, handcycling."""
    assert _only(text, "log_cardio")["exercise"] == slug


def test_a_qualifier_that_may_make_another_activity_is_still_asked() -> None:
    _, problems = _read("goat pilates 40 min")
    assert any("a kind of" in p for p in problems), problems


def test_a_heart_rate_cap_is_no_figure_to_store() -> None:
    """ "stayed under my HR cap of 105" had been asked what the 105 was."""
    cardio = _only("rode the recumbent bike 18 min, kept under my heart rate cap of 110", "log_cardio")  # fmt: skip
    assert cardio["duration_s"] == 18 * 60
    assert cardio.get("avg_hr") is None


def test_a_heart_rate_said_as_the_average_is_still_kept() -> None:
    cardio = _only("walked 30 min avg hr 112", "log_cardio")
    assert cardio["avg_hr"] == 112


def test_dictated_resting_heart_rate() -> None:
    """ "rest in heart rate 60" (speech-to-text) had been asked what the 60 was."""
    daily = _only("rest in heart rate 57 this morning", "log_daily")
    assert daily["values"] == {"resting_hr": 57.0}


def test_dictated_eight_after_sets_of() -> None:
    [group] = _only("three sets of ate on the chest press at 25 kilos", "log_sets")["groups"]
    assert (group["sets"], group["reps"]) == (3, 8)


def test_ate_as_eating_is_untouched() -> None:
    entries, _ = _read("ate two eggs and toast for breakfast")
    assert [i for i, _ in entries] == ["log_meal"]


@pytest.mark.parametrize(("text", "kg"), [("kettlebell swings 4x15 with the 24", 24.0), ("kb goblet squats 3x10 with the 12", 12.0)])  # fmt: skip
def test_a_kettlebell_by_its_kg_size(text: str, kg: float) -> None:
    """ "kb swings 5 x 20 with the 16" had been asked for the load's unit."""
    [group] = _only(text, "log_sets", "imperial")["groups"]
    assert group["weight_kg"] == pytest.approx(kg)


def test_a_kettlebell_size_before_its_implement_keeps_its_reading() -> None:
    [group] = _only("goblet squats 3x12 using the 28 kb", "log_sets")["groups"]
    assert (group["exercise"], group["weight_kg"]) == ("goblet-squat", pytest.approx(28.0))


def test_a_kettlebell_by_its_lb_size() -> None:
    [group] = _only("kb swings 3x20 with the 35", "log_sets")["groups"]
    assert group["weight_kg"] == pytest.approx(35 * 0.45359237, abs=0.01)


def test_a_bare_number_after_with_the_on_a_barbell_is_still_asked() -> None:
    _, problems = _read("bench 3x8 with the 16")
    assert problems


def test_foot_drop_is_a_condition_not_a_skip() -> None:
    """ "foot drop behaved today" had been read as a request to skip today's session."""
    assert understand("my foot drop was good today", today=TODAY).intent != "skip_session"
    assert understand("drop today's session please", today=TODAY).intent == "skip_session"
