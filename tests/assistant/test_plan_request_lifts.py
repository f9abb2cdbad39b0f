"""Load changes on the right lift: a lift the plan lacks is said to be missing, not changed
on a planned lift of the same movement ("front squat" is no back squat, "lat pulldown" no
floor pulldown); a name several lifts share ("the rows") is the one the plan holds; the load
a lift is at now, told beside the change ("275 felt easy"), is what the change is added to."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import understand
from fitcoach.assistant.nlu.quantities import bare_units
from fitcoach.coach.library import library_records
from fitcoach.services import plans

TODAY = date(2026, 11, 20)
NAMES = {r.slug: r.name for r in library_records()}
ROWS = ("barbell-row", "one-arm-dumbbell-row", "seated-cable-row", "chest-supported-machine-row")


def test_a_load_for_a_lift_the_plan_lacks_is_not_put_on_a_neighbour(me: Athlete) -> None:
    planned = me.planned()
    asked = [
        ("barbell-front-squat", "take 5 kg off my front squats, they're grinding"),
        ("romanian-deadlift", "my rdl could use 5 kg less"),
        ("goblet-squat", "bump the goblet squats up to the 20 kg bell"),
    ]
    versions = len(plans.versions(me.ctx, me.id))
    for slug, text in asked:
        assert slug not in planned
        reply = me.say(text)
        assert reply.proposed_version is None, (text, reply.text)
        assert f"{NAMES[slug]} is not in your plan" in reply.text, (text, reply.text)
    assert len(plans.versions(me.ctx, me.id)) == versions


def test_the_rows_are_the_row_the_plan_holds(me: Athlete) -> None:
    (row,) = [s for s in ROWS if s in me.planned()]  # the plan has one of the rows
    reply = me.say("put 5 kg more on the rows please, 60 felt too light")
    assert reply.proposed_version is not None, reply.text
    assert f"{NAMES[row]} by feel → 65 kg" in reply.text
    assert "because you asked in the chat" in reply.text


def test_a_change_without_the_load_it_is_at_asks_about_the_planned_row(me: Athlete) -> None:
    (row,) = [s for s in ROWS if s in me.planned()]
    reply = me.say("lighten the rows by 5 kg")
    assert reply.proposed_version is None
    assert f"What do you lift on {NAMES[row].lower()} now?" in reply.text


def test_the_load_told_beside_a_change_is_what_it_is_added_to() -> None:
    with bare_units("imperial"):
        got = understand("squat up 10 lb please, 225 felt like a warm-up", today=TODAY)
    assert got.intent == "change_load"
    assert got.slots["exercise"] == "barbell-back-squat"
    assert "delta_kg" not in got.slots
    assert got.slots["weight_kg"] == pytest.approx(235 * 0.45359237, abs=0.01)


def test_a_load_to_use_is_a_load_to_set_and_a_report_of_one_is_not() -> None:
    got = understand("triceps pushdown: use 25 kg instead of 20", today=TODAY)
    assert got.intent == "change_load"
    assert got.slots.get("weight_kg") == 25.0
    assert understand("i use 25 kg on the pushdown", today=TODAY).intent != "change_load"
