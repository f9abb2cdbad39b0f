"""A question about a food is answered from the food table and never stored as a meal; a
greeting or a day "had" is no meal (through the real chat, rules alone, on the test database)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import understand
from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools.foods import FoodFactsArgs, get_food_facts
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # the table's per-100 g figures (USDA SR Legacy) and the figure asked first
        ("how many calories are there in an apple?", "Apple, raw"),
        ("how much protein is in cottage cheese", "g protein,"),
        ("how many grams of carbs in white rice", "White rice, long-grain, cooked: 28.2 g carbs"),
        ("what's the fat in peanut butter?", "g fat,"),
        ("kcal in a mango?", "Mango, raw"),
        ("how much fibre do lentils have", "g fibre"),
    ],
)
def test_a_food_question_is_answered_from_the_table_and_nothing_is_stored(
    me: Athlete, question: str, said: str
) -> None:
    reply = me.say(question)
    assert said in reply.text, reply.text
    assert "per 100 g" in reply.text
    assert "Nothing was logged" in reply.text
    assert me.stored() == {}
    assert not reply.escalated


def test_an_amount_in_grams_or_ounces_is_worked_out(me: Athlete) -> None:
    reply = me.say("how much protein is in 200 g of tofu")
    assert "200 g: " in reply.text, reply.text
    reply = me.say("how many calories in 4 oz of cheddar")
    assert "113 g: " in reply.text, reply.text  # 4 oz = 113.4 g
    assert me.stored() == {}


def test_a_food_the_table_lacks_is_said_missing_never_guessed(me: Athlete) -> None:
    reply = me.say("how many calories in a slice of lasagne")
    assert "not in fitcoach's food table" in reply.text, reply.text
    assert "kcal" not in reply.text
    assert me.stored() == {}


def test_a_name_that_fits_several_foods_asks_which(me: Athlete) -> None:
    reply = me.say("what are the macros of greek yogurt?")
    assert reply.text.startswith("Which one do you mean"), reply.text
    assert "nonfat" in reply.text
    assert "whole milk" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "how many calories did I eat yesterday",
        "how much protein have I had this week",
        "how many calories in my dinner",
        "how many calories does a 10k run burn",
    ],
)
def test_the_athletes_own_eating_or_training_is_no_food_question(text: str) -> None:
    assert understand(text, today=TODAY).intent != "food_facts"


@pytest.mark.parametrize(
    "text",
    [
        "Good evening! Hope you are having a relaxing Sunday",
        "had such a long shift, what a week",
        "we had a brilliant time at the wedding",
    ],
)
def test_a_day_or_a_greeting_had_is_no_meal(text: str) -> None:
    assert understand(text, today=TODAY).intent != "log_meal"


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("after a lovely afternoon out we had fish and chips", "fish"),
        ("had a long day so had a bowl of ramen", "ramen"),
        ("had a takeaway curry on friday night", "takeaway curry"),
    ],
)
def test_a_meal_beside_such_a_day_is_still_a_meal(text: str, food: str) -> None:
    u = understand(text, today=TODAY)
    assert u.intent == "log_meal", u
    assert food in u.slots["description"], u


def test_a_lift_named_after_a_greeting_is_no_greeting() -> None:
    assert understand("evening, my good mornings felt heavy", today=TODAY).intent != "greeting"
    assert understand("morning! hope you are keeping well", today=TODAY).intent == "greeting"


def test_the_tool_puts_the_nutrient_asked_first(ctx: ServiceContext, me: Athlete) -> None:
    tctx = ToolContext(me.ctx, me.id)
    result = get_food_facts(tctx, FoodFactsArgs(food="almonds", grams=30, nutrient="protein"))
    assert result.ok
    assert result.data["name"].startswith("Almonds")
    per_100 = result.data["per_100g"]
    assert result.data["amount"]["protein_g"] == pytest.approx(per_100["protein_g"] * 0.3, abs=0.1)
    assert result.summary.startswith(f"{result.data['name']}: {per_100['protein_g']:g} g protein")
