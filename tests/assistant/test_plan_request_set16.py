"""Plan requests by class from the sixteenth final blind set's misses (issue 57, plans16), in
other words than the set's, through the readers and the real chat (``conversations.chat``,
rules alone): the exercise turned down or named in a pain before a swap's verb, a name several
lifts have in a swap with its new exercise or in a removal (the plan in force settles it),
taking an exercise out for a while in other words than a verb of removal, a count of days said
against another with a sport in the why, "off" in another sense than time off a session, a
kit's weights beside it, a swap's verb with the exercise alone, and Tagalog's words of a
change."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import understand, understand_plan_in_english
from fitcoach.services import plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)
ROWS = ["barbell-row", "one-arm-dumbbell-row", "seated-cable-row", "chest-supported-machine-row"]


def _read(text: str) -> tuple[str, dict[str, object]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- the readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        # turned down before it is named: the exercise is what follows the words
        ("enough of the burpees, switch to mountain climbers", "burpee", "mountain-climber"),
        ("done with deadlifts pls, change to rack pulls", "barbell-deadlift", "rack-pull"),
        # named in the pain or the story before the verb, after its preposition
        ("knee grumbles during lunges, switch to step ups", "forward-lunge", "dumbbell-step-up"),
        (
            "shoulder clicks on the bench press, swap to floor press",
            "barbell-bench-press",
            "dumbbell-floor-press",
        ),
    ],
)
def test_the_old_exercise_said_before_the_swaps_verb(text: str, old: str, new: str) -> None:
    intent, slots = _read(text)
    assert intent == "swap_exercise", (text, slots)
    assert (slots["exercise"], slots["to"]) == (old, new)


def test_a_name_several_lifts_have_in_a_swap_keeps_its_choices_and_new_exercise() -> None:
    intent, slots = _read("switch the rows over to seated cable rows")
    assert intent == "swap_exercise"
    assert slots["exercise"] is None
    assert slots["choices"] == ROWS
    assert slots["to"] == "seated-cable-row"


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("lay off the box jumps, calves are cooked", "box-jump"),
        ("give the burpees a miss for now", "burpee"),
        ("calf tweaked, stay off the jump rope", "jump-rope"),
        ("no heavy deadlifts for a couple of weeks", "barbell-deadlift"),
        ("back off the lunges for now, hip is cranky", "forward-lunge"),
    ],
)
def test_an_exercise_taken_out_for_a_while_in_other_words(text: str, exercise: str) -> None:
    assert _read(text) == ("remove_exercise", {"exercise": exercise})


def test_easing_off_a_lift_for_no_while_is_no_removal() -> None:
    intent, _ = _read("ease off the squat a bit")
    assert intent != "remove_exercise"


def test_a_session_in_the_story_before_is_not_what_is_taken_out() -> None:
    intent, slots = _read("hip got banged up at practice, please drop the box jumps")
    assert (intent, slots) == ("remove_exercise", {"exercise": "box-jump"})
    # a session in the request's own clause is still a skip, not a removal
    assert _read("drop saturday's session")[0] == "skip_session"


def test_a_removal_of_a_name_several_lifts_have_keeps_its_choices() -> None:
    intent, slots = _read("please take the rows out for a while")
    assert intent == "remove_exercise"
    assert slots["exercise"] is None
    assert slots["choices"] == ROWS


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("could I train 2 days rather than 3? hockey practice eats my evenings", 2),
        ("4 sessions instead of 5 please, basketball league started", 4),
    ],
)
def test_a_count_said_against_another_with_a_sport_in_the_why(text: str, days: int) -> None:
    assert _read(text) == ("generate_plan", {"days_per_week": days})


def test_a_count_with_the_sport_in_its_own_clause_is_still_a_new_plan() -> None:
    intent, slots = _read("can i do 3 days instead of 4 for netball")
    assert intent == "generate_plan"
    assert slots["goal"] == "sport_performance"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("I'm off work this month so 90 min sessions are fine", 90),
        ("got the week off, make the workouts 80 minutes", 80),
    ],
)
def test_off_in_another_sense_is_no_shorter_session(text: str, minutes: int) -> None:
    assert _read(text) == ("set_session_minutes", {"minutes": minutes})


def test_time_off_a_session_is_still_shorter() -> None:
    assert _read("cut 10 min off my sessions")[1] == {"shorter_by": 10}


@pytest.mark.parametrize(
    ("text", "kit"),
    [
        ("the hotel gym has a rower and kettlebells from 8 to 24 kg", ["kettlebell", "rower"]),
        ("garage has bands n dumbbells up to 30 lbs", ["dumbbell", "resistance_band"]),
    ],
)
def test_kit_with_its_weights_beside_it(text: str, kit: list[str]) -> None:
    intent, slots = _read(text)
    assert intent == "set_equipment", (text, slots)
    assert slots["equipment"] == kit


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("could we replace the burpees please", "burpee"),
        ("can i switch out the deadlift, my back", "barbell-deadlift"),
    ],
)
def test_a_swaps_verb_with_the_exercise_alone_leaves_the_new_one_to_the_coach(
    text: str, exercise: str
) -> None:
    assert _read(text) == ("swap_exercise", {"exercise": exercise, "to": None, "any": True})


@pytest.mark.parametrize(
    "text",
    [
        "can we change the plan",
        "switch days",
        "change the weights",
        # a substitute asked about is a question, not a swap
        "sub for lunges when my knee aches",
    ],
)
def test_a_swaps_verb_with_no_exercise_is_no_swap(text: str) -> None:
    assert _read(text)[0] != "swap_exercise"


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "palitan ang burpees ng mountain climbers",
            "swap_exercise",
            {"exercise": "burpee", "to": "mountain-climber"},
        ),
        ("pwede tanggalin yung box jumps", "remove_exercise", {"exercise": "box-jump"}),
        (
            "pwede palitan yung deadlift po",
            "swap_exercise",
            {"exercise": "barbell-deadlift", "to": None, "any": True},
        ),
    ],
)
def test_tagalog_words_of_a_change(text: str, intent: str, slots: dict[str, object]) -> None:
    u = understand_plan_in_english(text, today=TODAY)
    assert u is not None
    assert (u.intent, dict(u.slots)) == (intent, slots)


# --- through the chat ----------------------------------------------------------------------------


def test_a_removal_of_the_rows_takes_out_the_plans_row(me: Athlete) -> None:
    planned_rows = set(ROWS) & me.planned()
    assert len(planned_rows) == 1  # the demo plan holds one of the lifts called "rows"
    reply = me.say("mid back is tender after a fall, keep off the rows for now")
    assert reply.proposed_version is not None, reply.text
    assert plans.get_version(me.ctx, me.id, reply.proposed_version).status == "proposed"
    assert not planned_rows & me.planned(reply.proposed_version)


def test_a_swap_of_the_rows_to_a_named_lift_swaps_the_plans_row(me: Athlete) -> None:
    planned_rows = set(ROWS) & me.planned()
    reply = me.say("switch the rows over to pull ups")
    assert reply.proposed_version is not None, reply.text
    after = me.planned(reply.proposed_version)
    assert not planned_rows & after
    assert "pull-up" in after


def test_a_swap_of_an_exercise_named_alone_proposes_one_and_names_the_others(me: Athlete) -> None:
    before = me.planned()
    assert "barbell-deadlift" in before
    reply = me.say("could you swap out the deadlift please")
    assert reply.proposed_version is not None, reply.text
    assert "barbell-deadlift" not in me.planned(reply.proposed_version)


# --- dev classes (writers A-I) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        # "instead" with its "of" left out
        ("instead deadlift i would like rack pulls", "barbell-deadlift", "rack-pull"),
        ("instead the burpees, give me mountain climbers", "burpee", "mountain-climber"),
        # a shortened why after the new exercise ("til", "cos", "bc")
        ("swap chin ups for lat pulldown til my grip is back", "chin-up", "lat-pulldown"),
        ("replace the lunges with step ups cos balance", "forward-lunge", "dumbbell-step-up"),
    ],
)
def test_learners_instead_and_a_shortened_why(text: str, old: str, new: str) -> None:
    intent, slots = _read(text)
    assert intent == "swap_exercise", (text, slots)
    assert (slots["exercise"], slots["to"]) == (old, new)


@pytest.mark.parametrize("text", ["instead i want to rest", "i did the bench instead"])
def test_instead_without_a_swap_is_no_swap(text: str) -> None:
    assert _read(text)[0] != "swap_exercise"


def test_a_count_for_someone_elses_plan_is_no_change_of_days() -> None:
    assert _read("change my brother's plan to 5 days a week")[0] != "generate_plan"
