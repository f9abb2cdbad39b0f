"""Plan requests by class, as new writers word them, through the real chat (``conversations.chat``,
rules alone) on SQLite and PostgreSQL: a session moved with no verb of moving ("can Friday's
workout go to Sunday instead", "do it Sunday", "Friday → Sunday", "back a day"), a session
length said in the words of a swap ("40 min instead of an hour", "change my workouts to 40
min"), a new load said after "make" ("make my deadlift 140 kg"), and the removal of an exercise
the plan lacks said with numbers that are no log ("I'm 58"). Every change is a proposal the
validator accepted, waiting for approval; nothing is stored on the chat's word."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import understand
from fitcoach.coach.library import library_records
from fitcoach.coach.today import upcoming
from fitcoach.services import plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)
NAMES = {r.slug: r.name for r in library_records()}
WEEKDAY = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _days(me: Athlete, version: int | None = None) -> list[date]:
    """The days of the upcoming planned sessions (of the plan in force, or of ``version``)."""
    view = plans.current(me.ctx, me.id) if version is None else plans.get_version(me.ctx, me.id, version)  # fmt: skip
    assert view.plan is not None
    return [p.on for p in upcoming(view.plan, TODAY) if p.on is not None]


def _a_move(me: Athlete, *, next_day: bool = False) -> tuple[date, date]:
    """A session day after today, alone on its day, and a free day after it in the same week
    (the day after it, with ``next_day``)."""
    days = _days(me)
    for day in days:
        if day > TODAY and days.count(day) == 1:
            free = [day + timedelta(days=n) for n in range(1, 2 if next_day else 7 - day.weekday())]
            free = [d for d in free if d not in days and d.weekday() > day.weekday()]
            if free:
                return day, free[0]
    raise AssertionError(f"no session with a free day after it in {days}")


@pytest.mark.parametrize(
    "words",
    [
        "can {src}'s workout go to {dst} instead, I'm away",
        "could {src}'s session be {dst} instead?",
        "no time on {src}, do it {dst}",
        "{src} → {dst}",
        "the session from {src} to {dst} please",
        "{src}'s workout to {dst}, thanks",
    ],
)
def test_a_session_moved_without_a_verb_of_moving_is_proposed_on_the_new_day(
    me: Athlete, words: str
) -> None:
    src, dst = _a_move(me)
    reply = me.say(words.format(src=WEEKDAY[src.weekday()], dst=WEEKDAY[dst.weekday()]))
    assert reply.proposed_version is not None, reply.text
    moved = _days(me, reply.proposed_version)
    assert dst in moved, (reply.text, moved)
    assert src not in moved, (reply.text, moved)
    assert src in _days(me)  # the plan in force is unchanged until the athlete approves
    assert not me.stored()


def test_a_session_pushed_back_a_day_moves_to_the_next_day(me: Athlete) -> None:
    src, dst = _a_move(me, next_day=True)
    reply = me.say(f"push {WEEKDAY[src.weekday()]}'s session back a day")
    assert reply.proposed_version is not None, reply.text
    moved = _days(me, reply.proposed_version)
    assert dst in moved, (reply.text, moved)
    assert src not in moved, (reply.text, moved)


@pytest.mark.parametrize(
    "text",
    [
        "I did saturday's session on sunday instead",  # a report of the past
        "ran 5k from monday to friday",  # a log
    ],
)
def test_a_report_is_not_a_move(text: str) -> None:
    assert understand(text, today=TODAY).intent != "move_session", text


def test_tmrw_is_tomorrow() -> None:
    u = understand("move tmrw's session to sunday", today=TODAY)
    assert u.intent == "move_session"
    assert u.slots["from_date"] == TODAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("could I do 40 min instead of an hour?", 40),
        ("can we do 35 min workouts instead of 55", 35),
        ("please change my workouts to 40 min, busy month", 40),
        ("workouts feel too long, can we do 45 min", 45),
    ],
)
def test_a_session_length_in_the_words_of_a_swap_proposes_that_length(
    me: Athlete, text: str, minutes: int
) -> None:
    reply = me.say(text)
    assert reply.proposed_version is not None, reply.text
    view = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert view.status == "proposed"  # waits for approval
    assert view.plan is not None
    assert view.plan.session_minutes == minutes
    assert not me.stored()


def test_two_exercises_with_lengths_stay_a_swap() -> None:
    u = understand("can i do goblet squats instead of back squats in my sessions", today=TODAY)
    assert u.intent == "swap_exercise"
    assert (u.slots["exercise"], u.slots["to"]) == ("barbell-back-squat", "goblet-squat")


def test_removing_an_exercise_the_plan_lacks_with_numbers_of_a_story_says_so(me: Athlete) -> None:
    assert "box-jump" not in me.planned()
    reply = me.say(
        "please remove the box jumps, I'm 58 and my knees have done 40 years of football"
    )
    assert reply.proposed_version is None
    assert "Box Jump is not in your plan" in reply.text, reply.text
    assert not me.stored()  # the 58 and the 40 are no sets


def test_removing_an_exercise_logged_in_the_chat_with_a_story_takes_the_log_back(
    me: Athlete,
) -> None:
    assert "box-jump" not in me.planned()
    me.say("3x5 box jumps")
    assert me.stored() == {"workouts": 1}
    reply = me.say("remove the box jumps, I'm 58 and my shins say no")
    assert reply.proposed_version is None
    assert not me.stored(), reply.text


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("make my deadlift 140 kg going forward", {"weight_kg": 140.0}),
        ("make the bench 5 kg heavier", {"delta_kg": 5.0}),
    ],
)
def test_a_load_after_make_is_a_new_load_unless_it_says_more(
    text: str, slots: dict[str, float]
) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "change_load"
    assert {k: u.slots.get(k) for k in slots} == slots
    assert not {"weight_kg", "delta_kg"} - set(slots) & set(u.slots)


def test_a_load_set_after_make_is_proposed(me: Athlete) -> None:
    slug = next(s for s in sorted(me.planned()) if s in ("barbell-deadlift", "barbell-back-squat", "barbell-bench-press"))  # fmt: skip
    reply = me.say(f"make my {NAMES[slug].lower()} 80 kg from now on")
    assert reply.proposed_version is not None, reply.text
    assert "80 kg" in reply.text
    assert not me.stored()


def test_a_skip_with_a_cardio_word_in_an_idiom_skips_the_strength_session(me: Athlete) -> None:
    day, _ = _a_move(me)
    reply = me.say(f"skip {WEEKDAY[day.weekday()]} please, feeling run down after 3 night shifts in a row")  # fmt: skip
    assert reply.proposed_version is not None, reply.text
    assert "skip the session on" in reply.text
    # One session fewer ahead (the missed ones roll forward, so the day itself may still hold one).
    assert len(_days(me, reply.proposed_version)) == len(_days(me)) - 1, reply.text


def test_a_skip_named_by_its_cardio_still_says_cardio() -> None:
    assert understand("skip today's run", today=TODAY).slots.get("cardio") is True
    assert "cardio" not in understand("skip today, feeling run down", today=TODAY).slots
