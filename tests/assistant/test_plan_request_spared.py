"""Plan requests by class (issue 57, plans57c), as people word them: a region the plan is asked
to spare with no pain word ("go easy on my knee", "plan around my hip"), a named condition or
an operation ("tennis elbow", "eight weeks out from my hip replacement"), the request after the
injury's story in a sentence of its own or as "no <exercise> for a while", "them" for the
exercise named before it, something else asked for after an exercise is named, removals asked
as a question or from a day, days a week said against the week or the days there are now,
and "maybe" that is no month. Every change through the chat is a proposal the validator
accepted, waiting for approval; nothing is stored on the chat's word."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.nlu import understand
from fitcoach.coach.library import library_records
from fitcoach.services import athletes

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)
NAMES = {r.slug: r.name for r in library_records()}


def _regions(me: Athlete) -> set[str]:
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert profile is not None
    return {i["region"] for i in profile.injuries}


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("please go easy on my left knee for a couple of weeks", "knee"),
        ("keep the plan gentle on my shoulder, ok?", "shoulder"),
        ("can you program around my hip this month", "hip"),
        ("spare my wrist for now please", "wrist"),
        ("my achilles has been nagging me lately", "ankle"),
        ("lower back grumbling again after the weekend", "lower_back"),
        ("I've got golfer's elbow, can we go easy on grippy stuff", "elbow"),
        ("six weeks out from a hip replacement, so keep it easy", "hip"),
        ("had an ACL reconstruction last year, keep the plan kind to it", "knee"),
        # "is back": not the back
        ("my plantar fasciitis is back in the right foot, can we swap the runs", "ankle"),
        # what the region will not take
        ("no more box jumps, my knees hate them", "knee"),
        ("take the rower out, my back doesn't like it", "lower_back"),
        ("my wrists won't take push ups, can we swap them", "wrist"),
        ("drop the shrugs, they irritate my neck", "neck"),
        ("my achilles is tight, take the sprints out", "ankle"),
        ("shoulder feels funny, lower the bench a bit", "shoulder"),
        ("swap the lunges for something that doesn't hurt my knee", "knee"),
        ("swap the leg extensions for something easier on my knees", "knee"),
    ],
)
def test_a_region_to_spare_or_a_named_condition_is_an_injury(text: str, region: str) -> None:
    check = screen(text)
    assert check.injury is not None, text
    assert check.injury.region == region, (text, check.injury)
    assert not check.red_flags


@pytest.mark.parametrize(
    "text",
    [
        "the rower is easy on the knees",  # said of an activity, asked of nobody
        "did 30 min on the bike, easy on my knee",
        "came back from a run and felt great",
        "my knee surgeon says I'm doing well",  # a surgeon is no operation on the knee
        "my knee doesn't hurt anymore",
        "knee feels fine, not bad at all",
        "hamstrings tight after deadlifts",  # a muscle's tightness after training
        "I hate leg day",
        # a condition, an operation or tightness in a log or a story, with nothing asked of
        # the plan, is history
        "lower back tight after deadlifts, just muscle, no numbness",
        "first run since the new hip!! 3 miles in 34 min",
        "walked an hour today, the longest since my knee replacement",
        "pool walking 30 min, my knee doesn't like land walking yet",
    ],
)
def test_the_words_of_sparing_or_surgery_alone_are_no_injury(text: str) -> None:
    assert screen(text).injury is None, text


def test_a_region_to_spare_is_kept_in_the_profile(me: Athlete) -> None:
    reply = me.say("please keep the plan easy on my knee, it's been cranky")
    assert "knee" in _regions(me), reply.text
    assert "Sorry, I didn't get that" not in reply.text
    assert not me.stored()


def test_a_removal_in_its_own_sentence_after_the_injury_story_is_proposed(me: Athlete) -> None:
    slug = next(s for s in sorted(me.planned()) if NAMES[s].lower().count(" ") >= 1)
    story = "sprained my wrist at football 3 weeks ago, doc says take it slow"
    reply = me.say(f"{story}. remove the {NAMES[slug].lower()}")
    assert "wrist" in _regions(me)
    assert reply.proposed_version is not None, reply.text
    assert slug not in me.planned(reply.proposed_version), reply.text
    assert slug in me.planned()  # the plan in force is unchanged until approved


def test_no_exercise_for_a_while_beside_the_pain_removes_it(me: Athlete) -> None:
    slug = next(s for s in sorted(me.planned()) if NAMES[s].lower().count(" ") >= 1)
    reply = me.say(f"elbow tendinitis again, no {NAMES[slug].lower()} for a few weeks")
    assert "elbow" in _regions(me)
    assert reply.proposed_version is not None, reply.text
    assert slug not in me.planned(reply.proposed_version), reply.text


def test_no_exercise_the_plan_lacks_beside_the_pain_says_so(me: Athlete) -> None:
    assert "box-jump" not in me.planned()
    reply = me.say("ankle still tender from a sprain, pls no box jumps yet")
    assert "ankle" in _regions(me)
    assert "Box Jump is not in your plan" in reply.text, reply.text
    if reply.proposed_version is not None:  # the injury's own proposal, sparing the ankle
        assert "box-jump" not in me.planned(reply.proposed_version)


def test_two_exercises_said_no_to_are_not_half_done(me: Athlete) -> None:
    reply = me.say("neck is stiff and painful, no shrugs and no pull ups for now")
    assert "neck" in _regions(me)
    assert reply.proposed_version is None, reply.text


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        # "them": the exercise named before, in the sentence before
        (
            "golfer's elbow from too many chin-ups. swap them for lat pulldowns, neutral grip",
            {"exercise": "chin-up", "to": "lat-pulldown"},
        ),
        (
            "the dips bother my shoulder, replace them with push ups",
            {"exercise": "parallel-bar-dip", "to": "push-up"},
        ),
        # something else asked for after the exercise
        ("no like lunges, put something else", {"exercise": "forward-lunge", "any": True}),
        (
            "I find the lunges hard on my balance so could we put in something else instead",
            {"exercise": "forward-lunge", "any": True},
        ),
        (
            "bulgarian split squat wobbles me too much, give me another exercise",
            {"exercise": "bulgarian-split-squat", "any": True},
        ),
    ],
)
def test_swaps_as_people_word_them(text: str, slots: dict[str, Any]) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "swap_exercise", (text, u)
    assert {k: u.slots.get(k) for k in slots} == slots, (text, u.slots)


def test_another_set_or_split_is_no_swap() -> None:
    assert understand("bench felt great, give me another set", today=TODAY).intent != "swap_exercise"  # fmt: skip
    assert understand("give me another split", today=TODAY).intent != "swap_exercise"


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("i dont want the crunches anymore", "crunch"),
        ("we don't need the face pulls", "face-pull"),
        ("can we bin the crunches?", "crunch"),
        ("could you drop the shrugs from the pull day?", "barbell-shrug"),
        ("remove the lateral raises from leg day", "dumbbell-lateral-raise"),
    ],
)
def test_removals_asked_as_a_question_or_from_a_day(text: str, exercise: str) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("exercise")) == ("remove_exercise", exercise), (text, u)


@pytest.mark.parametrize(
    "text",
    ["should i drop the shrugs?", "drop friday's session", "i don't want the session tomorrow"],
)
def test_a_question_whether_to_or_a_session_is_no_removal(text: str) -> None:
    assert understand(text, today=TODAY).intent != "remove_exercise", text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("from now on I can train every day except sunday", 6),
        ("add a day, make it 5", 5),
        ("one day more per week please, I have 3 now", 4),
        ("can we drop a day, I'm doing 5 and it's a lot", 4),
    ],
)
def test_days_a_week_said_against_the_week_or_the_days_now(text: str, days: int) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("days_per_week")) == ("generate_plan", days), (text, u)


def test_days_of_the_past_are_no_days_a_week() -> None:
    assert understand("i ran every day but sunday last week", today=TODAY).intent != "generate_plan"  # fmt: skip


def test_maybe_is_no_month() -> None:
    u = understand("could we make them a bit longer, maybe 55 minutes", today=TODAY)
    assert (u.intent, u.slots) == ("set_session_minutes", {"minutes": 55}), u
    # the months are still read, whole or short
    u = understand("move the session on the 28th of november to dec 1", today=TODAY)
    assert u.intent == "move_session"
    assert u.slots["to_date"] == date(2026, 12, 1)


def test_a_swap_to_an_exercise_named_after_a_body_site_is_no_measurement(me: Athlete) -> None:
    slug = next(s for s in sorted(me.planned()) if "deadlift" in s or "squat" in s)
    reply = me.say(f"Replace the {NAMES[slug].lower()} with hip thrusts for the next block?")
    assert "measurement" not in reply.text.lower(), reply.text
    assert reply.proposed_version is not None, reply.text
    assert "barbell-hip-thrust" in me.planned(reply.proposed_version)


def test_a_lighter_load_beside_the_pain_is_proposed(me: Athlete) -> None:
    slug = next(s for s in sorted(me.planned()) if s in ("barbell-bench-press", "barbell-back-squat", "barbell-deadlift"))  # fmt: skip
    reply = me.say(f"lower my {NAMES[slug].lower()} to 40 kg, my shoulder feels funny")
    assert "shoulder" in _regions(me)
    assert reply.proposed_version is not None, reply.text
    assert "40 kg" in reply.text, reply.text
    assert not me.stored()


def test_a_heavier_load_beside_the_pain_is_not_proposed(me: Athlete) -> None:
    slug = next(s for s in sorted(me.planned()) if s in ("barbell-bench-press", "barbell-back-squat", "barbell-deadlift"))  # fmt: skip
    reply = me.say(f"raise my {NAMES[slug].lower()} to 140 kg, my shoulder hurts")
    assert "shoulder" in _regions(me)
    assert "140 kg" not in reply.text, reply.text
    assert not me.stored()


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        # the length said to be too long is the one to leave; "the school run" is no run
        (
            "can my sessions be 35 min from now on? the 60 min ones are too long with the school run",
            "set_session_minutes",
            {"minutes": 35},
        ),
        (
            "could the workouts run to 55 minutes from now on?",
            "set_session_minutes",
            {"minutes": 55},
        ),
        # the equipment is no exercise to swap
        (
            "change equipment to bands, I'm moving flats",
            "set_equipment",
            {"equipment": ["resistance_band"]},
        ),
        # a stay's length is no count of sets
        (
            "at my parents' for the next 2 weeks, just a kettlebell",
            "set_equipment",
            {"equipment": ["kettlebell"]},
        ),
        # a clause that says no to an exercise for a while
        (
            "no burpees for me for a while please, my pelvic floor isn't ready",
            "remove_exercise",
            {"exercise": "burpee"},
        ),
        ("can we add a 5th day? more time now", "generate_plan", {"days_per_week": 5}),
        ("back to 4 days a week, the project is over", "generate_plan", {"days_per_week": 4}),
    ],
)
def test_more_requests_as_people_word_them(text: str, intent: str, slots: dict[str, Any]) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == intent, (text, u)
    assert {k: u.slots.get(k) for k in slots} == slots, (text, u.slots)


def test_no_exercise_today_in_a_report_is_no_removal() -> None:
    assert understand("no squats today, ran instead", today=TODAY).intent != "remove_exercise"


def test_a_swap_asked_beside_a_new_hip_is_no_measurement_question(me: Athlete) -> None:
    slug = next(s for s in sorted(me.planned()) if "squat" in s)
    reply = me.say(f"can we swap the {NAMES[slug].lower()} for goblet squats? new hip, no bar yet")
    assert "measurement" not in reply.text.lower(), reply.text
    assert "hip" in _regions(me)
    assert screen("got new knee sleeves today").injury is None
