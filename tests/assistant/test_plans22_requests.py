"""Plan requests and chat of the twenty-second set's classes (issue 57, plans22), in other words
than the set's: a cardio verb as the new activity of a swap, a length the athlete can't do
beside the one asked, a skip said on its own before a why in the past, an episode "had" that is
no meal, thanks in Portuguese or Spanish (answered "you're welcome"), and an undo or a
correction in Spanish or Portuguese."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant import templates
from fitcoach.assistant.nlu import understand
from fitcoach.assistant.nlu.undo import read_undo

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        (
            "could we swim instead of the long run on saturdays? my shins hate it",
            "steady-run",
            "easy-freestyle-swimming",
        ),
        ("i'd rather cycle than run on my easy days", "steady-run", "moderate-cycling"),
        (
            "let me walk instead of the treadmill runs, knees are grumpy",
            "treadmill-running",
            "easy-walk",
        ),
    ],
)
def test_a_cardio_verb_after_who_does_it_is_the_new_activity(text: str, old: str, new: str) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("exercise"), u.slots.get("to"), u.problems) == ("swap_exercise", old, new, [])  # fmt: skip


def test_a_bare_row_after_for_is_still_the_lift_asked_about() -> None:
    u = understand("swap the deadlift for row", today=TODAY)
    assert u.intent == "swap_exercise"
    assert u.slots.get("to") is None
    assert u.problems


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("keep sessions to 35 min max, i can't manage an hour with two kids at home", 35),
        ("could workouts be 40 min max? i cannot do 90 min anymore", 40),
    ],
)
def test_the_length_the_athlete_cannot_do_is_the_old_one(text: str, minutes: int) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots) == ("set_session_minutes", {"minutes": minutes})


def test_a_skip_said_alone_before_a_why_in_the_past_is_a_skip() -> None:
    u = understand("Skip Thursday. Had a rough night with the baby, I'm done in.", today=TODAY)
    assert (u.intent, u.slots.get("date")) == ("skip_session", date(2026, 11, 19))


@pytest.mark.parametrize(
    "text", ["I skipped thursday, had a cold", "skipped today. had a long day"]
)
def test_a_skip_told_in_the_past_is_still_no_request(text: str) -> None:
    assert understand(text, today=TODAY).intent != "skip_session"


@pytest.mark.parametrize(
    "text", ["had a meltdown in the car park earlier", "had a bad flashback at work, still shaky"]
)
def test_an_episode_had_is_no_meal(text: str) -> None:
    assert understand(text, today=TODAY).intent != "log_meal"


@pytest.mark.parametrize(
    "text",
    ["valeu coach, you're a star", "muchas gracias!! best coach ever", "obrigadinha, coach 😊"],
)
def test_thanks_abroad_is_thanks(text: str) -> None:
    assert understand(text, today=TODAY).intent == "greeting", text
    assert understand(text, today=TODAY).slots == {"thanks": True}


def test_a_greeting_without_thanks_gets_hi_and_thanks_get_you_are_welcome() -> None:
    assert understand("hey coach", today=TODAY).slots == {}
    assert templates.THANKS.startswith("You're welcome")


def test_an_undo_in_portuguese_or_spanish_is_an_undo() -> None:
    assert read_undo("ei não, apaga isso, era do meu irmão") == {"op": "undo", "count": 1}
    assert read_undo("uy, borra eso porfa") == {"op": "undo", "count": 1}


def test_a_correction_in_portuguese_or_spanish_is_a_correction() -> None:
    found = read_undo("opa, fue 12 km no 10")
    assert found is not None
    assert (found["op"], found.get("value"), found.get("old")) == ("correct", 12.0, 10.0)
