"""Plan requests of the twenty-sixth set's classes (issue 57, plans26), in other words than the
set's: an exercise taken "out of" the named sessions, kit in the plural ("ergs"), a bare day to
another day as the whole message, a session crossed off, leave to skip with a softener ("can we
just skip"), another sport's week as the why of a count of days, where after a swap's new
exercise, and the swap's verb alone after the sentence that names the exercise."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import understand

TODAY = date(2026, 11, 18)  # a Wednesday


def test_taken_out_of_the_named_sessions_is_a_removal() -> None:
    u = understand("take the box jumps out of the pool sessions pls, my calves are shot", today=TODAY)  # fmt: skip
    assert (u.intent, u.slots.get("exercise")) == ("remove_exercise", "box-jump")


def test_plural_ergs_are_the_rower() -> None:
    u = understand("our club has ergs, kettlebells and a rack", today=TODAY)
    assert u.intent == "set_equipment"
    assert "rower" in u.slots["equipment"]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("tuesday's one to thursday", date(2026, 11, 24), date(2026, 11, 26)),
        ("friday to sunday please", date(2026, 11, 20), date(2026, 11, 22)),
    ],
)
def test_a_bare_day_to_day_is_a_move(text: str, source: date, target: date) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("from_date"), u.slots.get("to_date")) == ("move_session", source, target)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("please cross off saturday's run, family stuff", date(2026, 11, 21)),
        ("could i just skip thursday this week? work trip", date(2026, 11, 19)),
    ],
)
def test_crossed_off_or_leave_asked_softly_is_a_skip(text: str, on: date) -> None:
    u = understand(text, today=TODAY)
    assert (u.intent, u.slots.get("date")) == ("skip_session", on)


def test_another_sports_week_is_the_why_not_a_goal() -> None:
    u = understand("just 3 gym days please, football is 2 evenings a week", today=TODAY)
    assert (u.intent, u.slots) == ("generate_plan", {"days_per_week": 3})


def test_where_after_the_new_exercise_is_not_its_name() -> None:
    u = understand("can u switch dips to bench dips against the sofa lol", today=TODAY)
    assert (u.intent, u.problems) == ("swap_exercise", [])
    assert "dip" in (u.slots.get("to") or "")


def test_the_verb_alone_after_the_named_exercise_swaps_it() -> None:
    u = understand("burpees make me miserable. replace please", today=TODAY)
    assert (u.intent, u.slots.get("exercise"), u.slots.get("to")) == ("swap_exercise", "burpee", None)  # fmt: skip
    assert understand("my plan is boring. replace it", today=TODAY).intent != "swap_exercise"
