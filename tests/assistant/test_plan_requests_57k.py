"""Plan requests, classes found on corpus-57k's writers BM-BP (plans57k): shorter sessions with
the new length after them, a session moved with "moving", kit said in the last clause after a
stay, a lift judged too heavy then its loads, a load for a day's scheme, a plan for getting back
into training, and beside a pain: two exercises ruled out that the plan lacks (or that the
injury's own proposal put in), and a swap "out" left to the coach."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import understand
from fitcoach.services import athletes

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("could you make my sessions shorter, like 35 min", 35),
        ("workouts shorter pls - say 45 minutes", 45),
        ("make them shorter around 30 min", 30),
        ("can the sessions be shorter, 50 min", 50),
    ],
)
def test_shorter_then_the_new_length(text: str, minutes: int) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "set_session_minutes"
    assert u.slots == {"minutes": minutes}


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("make sessions 15 min shorter", 15),
        ("make my workouts shorter by 10 min", 10),
        ("make the sessions shorter, 20 min less", 20),
    ],
)
def test_minutes_taken_off_stay_taken_off(text: str, by: int) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "set_session_minutes"
    assert u.slots == {"shorter_by": by}


@pytest.mark.parametrize(
    "text",
    ["moving friday's long run to sunday", "shifting friday's ride to sunday, rain all day"],
)
def test_a_session_moved_with_the_ing_form(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "move_session"
    assert u.slots["from_day"] == "friday"
    assert u.slots["to_day"] == "sunday"


def test_moving_house_is_no_move_of_a_session() -> None:
    assert understand("I'm moving house on saturday", today=TODAY).intent != "move_session"


@pytest.mark.parametrize(
    ("text", "kit"),
    [
        ("at a ski lodge in austria over new year, only a pair of dumbbells there", ["dumbbell"]),
        (
            "staying at my parents' for a month, just bands and a pull up bar",
            ["pull_up_bar", "resistance_band"],
        ),
    ],
)
def test_kit_in_the_last_clause_after_a_stay(text: str, kit: list[str]) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "set_equipment"
    assert sorted(u.slots["equipment"]) == kit


def test_kit_after_a_past_told_is_no_equipment_change() -> None:
    u = understand("did a ski session at the lodge, only dumbbells there", today=TODAY)
    assert u.intent != "set_equipment"


@pytest.mark.parametrize(
    ("text", "exercise", "kg"),
    [
        ("leg press is way too easy, 100 → 120 kg", "leg-press", 120.0),
        ("ohp too heavy - 45 -> 40 kg", "barbell-overhead-press", 40.0),
        ("deadlift too light, 140 to 150 kg please", "barbell-deadlift", 150.0),
    ],
)
def test_a_lift_judged_then_its_loads(text: str, exercise: str, kg: float) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "change_load"
    assert (u.slots["exercise"], u.slots["weight_kg"]) == (exercise, kg)


def test_a_judged_load_told_in_the_past_is_no_change() -> None:
    u = understand("bench felt too heavy yesterday, 70 to 60 kg", today=TODAY)
    assert u.intent != "change_load"


@pytest.mark.parametrize(
    "text",
    [
        "put the deadlift at 150 for next week's 3x5 instead of 145",
        "set my bench at 80 for friday's 4x6",
    ],
)
def test_a_load_for_a_days_scheme(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "change_load"
    assert u.slots["weight_kg"] in (150.0, 80.0)


@pytest.mark.parametrize(
    "text",
    [
        "want a plan for getting back into it, a year off after the move",
        "need a plan to get back in shape",
    ],
)
def test_a_plan_for_getting_back_into_it(text: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "generate_plan"
    assert u.slots["goal"] == "general_fitness"


def test_getting_back_into_a_sport_keeps_its_goal() -> None:
    u = understand("a plan for getting back into it, marathon in spring", today=TODAY)
    assert u.slots["goal"] == "endurance"


def _regions(me: Athlete) -> set[str]:
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert profile is not None
    return {i["region"] for i in profile.injuries}


def test_two_ruled_out_beside_the_pain_neither_planned(me: Athlete) -> None:
    planned = me.planned()
    assert not {"burpee", "box-jump"} & planned
    reply = me.say("rolled my ankle at netball so no burpees or box jumps for now")
    assert "ankle" in _regions(me)
    assert "is not in your plan, and neither is" in reply.text, reply.text
    if reply.proposed_version is not None:  # the injury's own proposal has neither
        assert not {"burpee", "box-jump"} & me.planned(reply.proposed_version), reply.text


def test_two_ruled_out_on_the_hands_after_so(me: Athlete) -> None:
    reply = me.say("hurt my wrist falling on ice so no push ups or planks on my hands for now")
    assert "wrist" in _regions(me)
    assert reply.proposed_version is not None, reply.text
    # whatever the injury's proposal put in, neither is in what waits for approval
    assert not {"push-up", "plank"} & me.planned(reply.proposed_version), reply.text


def test_a_swap_out_beside_the_pain_is_left_to_the_coach(me: Athlete) -> None:
    reply = me.say("my elbow aches on the dips every time, swap them out")
    assert "elbow" in _regions(me)
    # the coach chooses or says the plan lacks them; never only a list of options
    assert "is not in your plan" in reply.text or reply.proposed_version is not None, reply.text
