"""Plan requests by class from the seventeenth final blind set's misses (issue 57, plans17), in
other words than the set's, through the readers and the real chat (``conversations.chat``,
rules alone): "sub 20" as a time to beat, runs a week as days, a plan asked by its aim, the
length wished for beside "shorter", a why told in the past beside a load change, the plan put
on hold on a day, the new exercise said by its variant's word ("flat bench for incline"), "cut out" as a request, Hindi and Tagalog words of a change, a vague request
made whole by its words in another language, an age told beside a removal, a shorter session
beside pain, and the injury words "agony", "kneeling" and "cut ... out"."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.nlu import understand, understand_plan_in_english, vague_plan_in_english
from fitcoach.services import plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)


def _read(text: str) -> tuple[str, dict[str, object]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- the readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # "sub 20", "sub-3": a time to beat, never the verb of a swap
        (
            "chasing a sub 25 10k next year, need a plan with 3 runs a week",
            {"days_per_week": 3, "goal": "endurance"},
        ),
        (
            "going for a sub-4 marathon, write me a programme, 5 runs a week",
            {"days_per_week": 5, "goal": "endurance"},
        ),
    ],
)
def test_a_time_to_beat_is_no_swap_and_runs_a_week_are_days(
    text: str, slots: dict[str, object]
) -> None:
    assert _read(text) == ("generate_plan", slots)


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        # the new exercise said by the word that sets the variant apart, the rest left out
        (
            "could we switch the back squat to front please",
            "barbell-back-squat",
            "barbell-front-squat",
        ),
        ("change my incline bench to flat", "incline-barbell-bench-press", "barbell-bench-press"),
        ("swap conventional deadlift for the sumo one", "barbell-deadlift", "sumo-deadlift"),
    ],
)
def test_the_new_exercise_said_by_its_variants_word(text: str, old: str, new: str) -> None:
    intent, slots = _read(text)
    assert intent == "swap_exercise", (text, slots)
    assert (slots["exercise"], slots["to"]) == (old, new)


def test_a_word_that_is_no_variant_is_no_new_exercise() -> None:
    _intent, slots = _read("switch the front squat for something, my wrists")
    assert slots.get("to") is None, slots


def test_sub_as_a_verb_still_swaps() -> None:
    intent, slots = _read("sub the leg press for goblet squats")
    assert intent == "swap_exercise", slots


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        ("only need a simple routine to get fitter, thanks", "general_fitness"),
        ("an easy program to lose some weight please", "fat_loss"),
    ],
)
def test_a_plan_asked_by_its_aim(text: str, goal: str) -> None:
    intent, slots = _read(text)
    assert intent == "generate_plan", slots
    assert slots["goal"] == goal


def test_the_plan_in_force_followed_for_an_aim_is_no_request() -> None:
    assert _read("i stick to the plan to get stronger")[0] != "generate_plan"


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("can the workouts be shorter, 25 min would be fine", {"minutes": 25}),
        ("shorter sessions please, just 35 minutes", {"minutes": 35}),
        # the minutes taken off, said by "shorter" itself
        ("make the sessions 15 min shorter", {"shorter_by": 15}),
        ("sessions shorter by just 5 min", {"shorter_by": 5}),
    ],
)
def test_the_length_wished_for_beside_shorter(text: str, slots: dict[str, object]) -> None:
    assert _read(text) == ("set_session_minutes", slots)


@pytest.mark.parametrize(
    "text",
    [
        "take the squat down 5 kg, my hips shot forward on the final 3 reps",
        "lower the bench by 2.5 kg, the bar stalled halfway on the last 2 sets",
    ],
)
def test_a_why_told_in_the_past_beside_a_load_change(text: str) -> None:
    intent, slots = _read(text)
    assert intent == "change_load", (text, slots)
    assert float(slots["delta_kg"]) < 0  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("please put my training on hold on monday, the dentist", "monday"),
        ("pause the plan tomorrow, I have a wedding", "saturday"),
    ],
)
def test_the_plan_put_on_hold_on_a_day_is_a_skip(text: str, day: str) -> None:
    intent, slots = _read(text)
    assert intent == "skip_session", slots
    assert slots["day"] == day


def test_a_paused_lift_is_no_skip() -> None:
    assert _read("pause squats 4x4 on monday")[0] != "skip_session"


def test_cut_out_that_opens_the_request_removes_the_exercise() -> None:
    assert _read("cut out the box jumps for now") == ("remove_exercise", {"exercise": "box-jump"})
    assert _read("i've cut out the box jumps")[0] != "remove_exercise"  # done, not asked


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        # Hindi in Latin letters: "din" days, "kar do" make it, the verb after its object
        ("yaar mera plan 4 din ka kar do", "generate_plan", {"days_per_week": 4}),
        ("hafte mein 2 din kar do, job shift ho gayi", "generate_plan", {"days_per_week": 2}),
        ("mountain climbers hatao", "remove_exercise", {"exercise": "mountain-climber"}),
        # Tagalog "lang" after what it limits
        ("pwede 40 mins lang workouts ko?", "set_session_minutes", {"minutes": 40}),
    ],
)
def test_hindi_and_tagalog_words_of_a_change(
    text: str, intent: str, slots: dict[str, object]
) -> None:
    u = understand_plan_in_english(text, today=TODAY)
    assert u is not None, text
    assert (u.intent, dict(u.slots)) == (intent, slots)


def test_a_vague_request_made_whole_by_words_in_another_language() -> None:
    text = "can you move el workout del lunes al miércoles"
    assert _read(text)[0] == "clarify"
    u = vague_plan_in_english(text, "move_session", today=TODAY)
    assert u is not None
    assert u.intent == "move_session"
    assert (u.slots["from_day"], u.slots["to_day"]) == ("monday", "wednesday")
    # English as written, or another change read: the question stays
    assert vague_plan_in_english("can you move my workout", "move_session", today=TODAY) is None
    assert vague_plan_in_english(text, "skip_session", today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("something other than the step ups please, kneeling is agony", "knee"),
        ("cut the farmer carries out, my lower back does not like them", "lower_back"),
    ],
)
def test_agony_kneeling_and_cut_out_in_the_injury_words(text: str, region: str) -> None:
    injury = screen(text).injury
    assert injury is not None
    assert injury.region == region


@pytest.mark.parametrize(
    "text", ["kneeling push ups 3x12 done", "the queue was agony", "my back doesn't like mondays"]
)
def test_no_injury_in_kneeling_or_agony_alone(text: str) -> None:
    assert screen(text).injury is None


# --- through the chat ----------------------------------------------------------------------------


def test_an_age_told_beside_a_removal_is_no_correction(me: Athlete) -> None:
    reply = me.say("leave the jumping jacks out please, I'm 68 not 21")
    assert "not in your plan" in reply.text, reply.text
    assert reply.proposed_version is None


def test_shorter_sessions_beside_pain_are_proposed(me: Athlete) -> None:
    reply = me.say("my hip aches, so shorter workouts please, 30 minutes would be plenty")
    assert reply.proposed_version is not None, reply.text
    version = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert version.plan is not None
    assert version.plan.session_minutes == 30
