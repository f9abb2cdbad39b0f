"""Rule classes found from the teacher corpus's misses (development set), through the real chat
on SQLite and PostgreSQL with the rules alone: what is stored, read back through the services."""

from __future__ import annotations

from typing import Any

import pytest
from tests.assistant.test_issue57_examples import TODAY, Athlete, with_plan

from fitcoach.assistant.llm import Assistant
from fitcoach.services import plans, training_log
from fitcoach.services.context import ServiceContext


def daily(me: Athlete) -> dict[str, Any]:
    days = training_log.history(me.ctx, me.id, "daily")
    assert len(days) == 1, days
    return {k: days[0].get(k) for k in ("mood", "energy", "soreness", "stress")}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("mood 3/5, soreness 2/5", {"mood": 3, "soreness": 2}),
        (
            "mood 4 energy 3 soreness 2 stress 3",
            {"mood": 4, "energy": 3, "soreness": 2, "stress": 3},
        ),
        ("energy 4 today", {"energy": 4}),
        ("mood 8/10, energy 4", {"mood": 4, "energy": 2}),  # "/10": the message's scale is 10
        ("mood 7 energy 4", {"mood": 4, "energy": 2}),  # a score above 5: out of 10
    ],
)
def test_daily_scores_are_read_on_the_scale_the_message_uses(
    ctx: ServiceContext, text: str, want: dict[str, int]
) -> None:
    me = Athlete(ctx, Assistant())
    reply = me.say(text)
    assert set(me.stored()) == {"daily"}, reply.text
    got = daily(me)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(
    "text",
    [
        "dinner: 250g beef mince chilli + 1 cup rice + cheese. roughly 900 kcal, 60g protein",
        "breakfast was 2 eggs over easy, 2 strips of bacon and 1 slice of toast",
        "had porridge w 50g oats, 200ml milk and a banana for brekkie",
        "dinner 8oz steak, baked potato and green beans",
    ],
)
def test_food_amounts_in_a_meal_are_not_taken_for_unexplained_numbers(
    ctx: ServiceContext, text: str
) -> None:
    me = Athlete(ctx, Assistant())
    reply = me.say(text)
    assert set(me.stored()) == {"meals"}, reply.text
    meal = training_log.history(me.ctx, me.id, "meals")[0]
    if "900 kcal" in text:  # the figures said are stored; nothing is estimated from amounts
        assert (meal["calories_kcal"], meal["protein_g"]) == (900, 60)
    else:
        assert meal.get("calories_kcal") is None


def test_grams_of_a_macro_still_need_accounting(ctx: ServiceContext) -> None:
    """ "38g protein" is a figure, not a food's amount: read as protein, never waved through."""
    me = Athlete(ctx, Assistant())
    me.say("lunch 100g oats overnight w protein powder and berries, 38g protein")
    meal = training_log.history(me.ctx, me.id, "meals")[0]
    assert meal["protein_g"] == 38


DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _next_training_day(me: Athlete) -> str:
    """The name of the next schedule day after today (the test clock's Friday)."""
    plan = plans.current(me.ctx, me.id).plan
    assert plan is not None
    return next(DAYS[(TODAY.weekday() + n) % 7] for n in range(1, 8) if (TODAY.weekday() + n) % 7 in plan.schedule)  # fmt: skip


def _skipped(me: Athlete, version: int) -> int:
    plan = plans.get_version(me.ctx, me.id, version).plan
    assert plan is not None
    return sum(s.status == "skipped" for s in plan.sessions())


@pytest.mark.parametrize("words", ["no training {day}, comp travel", "can i skip {day}? work retreat", "no workout on {day}, family visiting"])  # fmt: skip
def test_a_day_off_said_as_no_training_or_asked_leave_skips_that_session(
    ctx: ServiceContext, words: str
) -> None:
    me = with_plan(ctx, Assistant())
    current = plans.current(me.ctx, me.id).version
    assert current is not None
    before = _skipped(me, current)
    reply = me.say(words.format(day=_next_training_day(me)))
    assert reply.proposed_version is not None, reply.text
    assert _skipped(me, reply.proposed_version) == before + 1
    assert not me.stored()  # a day off is no log


def test_should_i_skip_is_advice_not_a_skip(ctx: ServiceContext) -> None:
    me = with_plan(ctx, Assistant())
    reply = me.say(f"should i skip {_next_training_day(me)}?")
    assert reply.proposed_version is None


def test_days_a_week_said_as_a_preference_changes_the_days(ctx: ServiceContext) -> None:
    me = with_plan(ctx, Assistant())
    reply = me.say("3 days a week would suit me better than 4")
    assert reply.proposed_version is not None, reply.text
    proposed = plans.get_version(me.ctx, me.id, reply.proposed_version).plan
    assert proposed is not None
    assert proposed.days_per_week == 3


def test_a_load_said_the_gyms_way_is_hundreds_not_a_sum(ctx: ServiceContext) -> None:
    me = Athlete(ctx, Assistant())
    reply = me.say("three sets of ten bench at one thirty five kilos")
    assert me.sets() == [("barbell-bench-press", 10, 135.0, None)] * 3, reply.text  # not 36


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("sleep ten thirty to five forty five", 7.25),  # spoken clock times, not 40 h
        ("monday night sleep: 22:30 to 6:00", 7.5),
        ("slept 11pm-7am, very good sleep", 8.0),
        ("sleep: lights off 23:15, alarm 6:30, woke up 2 times", 7.25),
    ],
)
def test_a_night_told_as_a_clock_range_is_the_hours_between(
    ctx: ServiceContext, text: str, hours: float
) -> None:
    me = Athlete(ctx, Assistant())
    reply = me.say(text)
    assert me.sleep_h() == [hours], reply.text


def test_the_minutes_of_a_race_time_are_not_hours_before_a_heart_rate(ctx: ServiceContext) -> None:
    me = Athlete(ctx, Assistant())
    reply = me.say("half marathon sunday!!! 1:49:12 hr avg 168")
    cardio = training_log.history(me.ctx, me.id, "cardio")
    assert len(cardio) == 1, reply.text
    assert cardio[0]["duration_s"] == 6552  # 1:49:12, not 12 hours
