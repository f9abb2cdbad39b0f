"""Plan requests of the twenty-third set's classes (issue 57, plans23), in other words than the
set's: a session length with sleep wished for as its why, "off season" that takes no time off,
the count of days the athlete is going to, a swap left to the coach but for its kit, a removal
said first with a past in its why, how heavy before the exercise taken out, kit said in a
clause of its own before a trip, and two exercises ruled out beside the pain."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import understand
from fitcoach.coach.library import library_records
from fitcoach.services import athletes

TODAY = date(2026, 11, 18)  # a Wednesday
RECORDS = {r.slug: r for r in library_records()}


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("trim the workouts to 25 min, i really need more sleep this week", {"minutes": 25}),
        (
            "sessions 40 minutes max please, i have to get some sleep between shifts",
            {"minutes": 40},
        ),
        ("workouts can be 75 min now, it's the off-season on the farm", {"minutes": 75}),
    ],
)
def test_a_length_with_sleep_wished_or_an_off_season_beside_it(
    text: str, slots: dict[str, int]
) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots) == ("set_session_minutes", slots)


@pytest.mark.parametrize(
    "text", ["slept 5 hours, need to sleep more", "only got 4 hours sleep, need to sleep tonight"]
)
def test_a_night_told_is_still_no_session_length(text: str) -> None:
    assert understand(text, today=TODAY).intent != "set_session_minutes"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("going to 4 days from next month, the harvest is done", 4),
        ("we're going down to 3 days a week once the baby arrives", 3),
    ],
)
def test_the_count_of_days_the_athlete_is_going_to(text: str, days: int) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("days_per_week")) == ("generate_plan", days)


def test_days_going_to_be_missed_are_no_count() -> None:
    assert understand("i'm going to miss 2 days next week", today=TODAY).intent != "generate_plan"


@pytest.mark.parametrize(
    ("text", "old", "kit"),
    [
        (
            "could you switch the back squats for something using kettlebells",
            "barbell-back-squat",
            ["kettlebell"],
        ),
        ("replace the deadlift with anything on the machines", "barbell-deadlift", ["machine"]),
    ],
)
def test_a_swap_left_to_the_coach_but_for_its_kit(text: str, old: str, kit: list[str]) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "swap_exercise", u
    assert (u.slots.get("exercise"), u.slots.get("to"), u.slots.get("kit"), u.problems) == (old, None, kit, [])  # fmt: skip


def test_the_coach_chooses_one_with_the_kit_asked_for(me: Athlete) -> None:
    barbell = [s for s in sorted(me.planned()) if RECORDS[s].equipment == ["barbell"]]
    assert barbell
    old = barbell[0]
    reply = me.say(f"swap the {RECORDS[old].name.lower()} for something with dumbbells")
    assert reply.proposed_version is not None, reply.text
    proposed = me.planned(reply.proposed_version)
    assert old not in proposed, reply.text
    new = proposed - me.planned()
    assert new, reply.text
    assert all("dumbbell" in RECORDS[s].equipment for s in new), (new, reply.text)


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("drop the burpees please, twisted my knee two weeks ago and it's still cranky", "burpee"),
        ("can you take out the lunges, my hip flared up last weekend", "forward-lunge"),
        ("please avoid heavy deadlifts for a while", "barbell-deadlift"),
        ("could we leave out heavy shrugs this week", "barbell-shrug"),
    ],
)
def test_a_removal_said_first_or_with_how_heavy(text: str, exercise: str) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("exercise")) == ("remove_exercise", exercise), u


@pytest.mark.parametrize(
    "text", ["i dropped the burpees last week", "did you remove the lunges yesterday"]
)
def test_a_removal_told_in_the_past_is_still_no_request(text: str) -> None:
    assert understand(text, today=TODAY).intent != "remove_exercise"


@pytest.mark.parametrize(
    ("text", "kit"),
    [
        ("only bands please, at a wedding in goa for a week", ["resistance_band"]),
        ("only bodyweight please, we're at a dance camp in the hills", []),
    ],
)
def test_kit_said_in_its_own_clause_before_a_trip(text: str, kit: list[str]) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("equipment")) == ("set_equipment", kit), u


def test_kit_in_a_logged_clause_is_no_equipment_change() -> None:
    assert understand("only did bodyweight stuff, felt good", today=TODAY).intent != "set_equipment"


def _regions(me: Athlete) -> set[str]:
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert profile is not None
    return {i["region"] for i in profile.injuries}


def test_two_ruled_out_beside_the_pain_both_go_when_one_proposal_can(me: Athlete) -> None:
    planned = me.planned()
    assert "barbell-bench-press" in planned
    reply = me.say("wrist is aching again, no push-ups or bench press for now")
    assert "wrist" in _regions(me)
    if reply.proposed_version is not None:  # never half done: neither is left in it
        proposed = me.planned(reply.proposed_version)
        assert not {"push-up", "barbell-bench-press"} & proposed, reply.text
    else:  # the injury's proposal kept both: the options are offered instead
        assert "?" in reply.text or "Options" in reply.text, reply.text
