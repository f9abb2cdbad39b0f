"""Plan requests by class from the nineteenth final blind set's misses (issue 57, plans19), in
other words than the set's, through the readers and the real chat (``conversations.chat``,
rules alone): kit listed and then pointed at ("... switch my plan over to that", "use them
instead of the barbell"), a list of a kit's weights ("10, 15 and 20 kg dumbbells"), a swap
pointed at with nothing named ("swap this one out"), the coach's choice after a "with" of the
old exercise's own, the place said after a new exercise ("outdoors"), a cardio session said with
how or when it goes ("a long easy hike", "uphill sprints") or by its day ("the swim on
thursday"), and a body weight or a story's count beside a removal ("i weigh 310 pounds")."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import ExerciseMatcher, normalise, understand
from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.plan_pointers import kit_pointed
from fitcoach.services import plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)


def _read(text: str) -> tuple[str, dict[str, object]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- the readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        (
            "just bands and a kettlebell in the garage now, switch my plan over to that",
            {"equipment": ["kettlebell", "resistance_band"]},
        ),
        (
            "the new place has a smith machine and cables, can we use them instead of the barbell",
            {"equipment": ["cable", "smith_machine"], "without": ["barbell"]},
        ),
        (
            "a kettlebell, a bench and a jump rope, adapt the plan around them",
            {"equipment": ["bench", "jump_rope", "kettlebell"]},
        ),
    ],
)
def test_kit_listed_then_pointed_at_is_the_equipment(text: str, slots: dict[str, object]) -> None:
    assert _read(text) == ("set_equipment", slots)


@pytest.mark.parametrize(
    "text",
    [
        "dumbbell rows and a bench, change the plan to that",
        "did 3x10 with the 20 kg dumbbells, switch my plan to that",
    ],
)
def test_an_exercise_or_a_log_before_the_pointer_is_no_kit(text: str) -> None:
    ctx = Ctx(normalise(text), text, TODAY, ExerciseMatcher.from_library())
    assert kit_pointed(ctx) is None


def test_a_list_of_a_kits_weights_is_the_kit() -> None:
    intent, slots = _read("my setup now: 10, 15 and 20 kg dumbbells, a bench and a rower")
    assert (intent, slots) == ("set_equipment", {"equipment": ["bench", "dumbbell", "rower"]})


@pytest.mark.parametrize("text", ["swap this one out please", "replace this one, it bores me"])
def test_a_swap_pointed_at_names_nothing(text: str) -> None:
    assert _read(text) == ("swap_exercise", {"exercise": None, "to": None})


def test_a_pointer_with_a_target_is_no_bare_swap() -> None:
    intent, _slots = _read("change that one to 3 days")
    assert intent != "swap_exercise"


def test_the_coachs_choice_after_a_with_of_the_old_exercise() -> None:
    text = "could you replace the deadlift with the bar from the floor for something different"
    assert _read(text) == (
        "swap_exercise",
        {"exercise": "barbell-deadlift", "to": None, "any": True},
    )


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("swap the rower for sprints outdoors, it's nice out", "moderate-rowing", "sprints"),
        ("swap the bike intervals for a long easy hike", "vigorous-stationary-cycling", "hiking"),
        ("swap the steady run for uphill sprints", "steady-run", "sprints"),
    ],
)
def test_a_cardio_session_said_with_where_or_how_it_goes(text: str, old: str, new: str) -> None:
    intent, slots = _read(text)
    assert intent == "swap_exercise", (text, slots)
    assert (slots["exercise"], slots["to"]) == (old, new)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("cancel the swim on thursday, the pool is shut", "thursday"),
        ("please drop my ride this saturday, wedding", "saturday"),
    ],
)
def test_a_cardio_session_named_by_its_day_is_skipped(text: str, day: str) -> None:
    intent, slots = _read(text)
    assert intent == "skip_session", (text, slots)
    assert slots["day"] == day


# --- through the chat ----------------------------------------------------------------------------


def test_kit_pointed_at_is_proposed(me: Athlete) -> None:
    reply = me.say("only a rower and some bands at the cabin, change the plan to that")
    assert reply.proposed_version is not None, reply.text
    view = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert view.plan is not None
    assert set(view.plan.equipment) == {"rower", "resistance_band"}


def test_a_swap_pointed_at_asks_which(me: Athlete) -> None:
    reply = me.say("swap this one out please")
    assert reply.proposed_version is None
    assert "Which exercise" in reply.text, reply.text


def test_a_body_weight_beside_a_removal_is_no_log(me: Athlete) -> None:
    reply = me.say("remove the tuck jumps, i weigh 310 pounds so not yet")
    assert "not in your plan" in reply.text, reply.text
    assert me.stored() == {}


def test_a_storys_count_beside_a_removal_is_no_log(me: Athlete) -> None:
    reply = me.say("drop the star jumps from the warm-up, i'm not having them since kid number 2")
    assert "not in your plan" in reply.text, reply.text
    assert me.stored() == {}
