"""The misc19 classes, in words written for this file (none copied from a data set): a bare
distance run in a time is in the athlete's unit; a rep scheme after a workout's label logs each
exercise; weigh-ins of two days are two entries; a night in spells and naps told together are
summed; more sports resolve to entries of their own; a plan change in Scots spellings is read;
a tape figure with no site is asked about; a change beside a pain leaves one proposal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete, with_plan

from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.nlu import ExerciseMatcher, read_log, understand
from fitcoach.assistant.nlu.quantities import bare_units
from fitcoach.services import plans
from fitcoach.services.context import ServiceContext

DAY = date(2026, 11, 18)


def _entries(text: str, units: str = "metric") -> list[tuple[str, dict[str, Any]]]:
    with bare_units("imperial" if units == "imperial" else "metric"):
        reading = read_log(text, today=DAY)
    assert reading.ok, reading
    return [(e.intent, e.slots) for e in reading.entries]


@pytest.mark.parametrize(
    ("text", "units", "metres", "seconds"),
    [
        ("ran 6.2 in 55:40", "imperial", 6.2 * 1609.344, 55 * 60 + 40),
        ("jogged 4 in 26 min", "metric", 4000, 26 * 60),
        ("ran 21.1 in 1:52:05", "metric", 21100, 112 * 60 + 5),
    ],
)
def test_a_bare_distance_run_in_a_time_is_in_the_athletes_unit(
    text: str, units: str, metres: float, seconds: float
) -> None:
    ((intent, slots),) = _entries(text, units)
    assert intent == "log_cardio"
    assert slots["distance_m"] == pytest.approx(metres, abs=2)
    assert slots["duration_s"] == pytest.approx(seconds)


def test_a_bare_distance_at_no_pace_a_person_runs_is_left_unread() -> None:
    with bare_units("metric"):
        reading = read_log("ran 40 in 20 min", today=DAY)
    assert not reading.ok  # 40 km in 20 min: no unit is guessed


def _groups(text: str) -> list[tuple[str, int, float | None]]:
    return [
        (g["exercise"], g["reps"], g.get("weight_kg"))
        for _, slots in _entries(text)
        for g in slots["groups"]
    ]


def test_a_rep_scheme_after_a_workouts_label_logs_each_exercise_unasked() -> None:
    groups = _groups("saturday metcon: 15-12-9 power cleans and box jumps")
    assert [(s, r) for s, r, _ in groups] == [
        ("power-clean", 15), ("power-clean", 12), ("power-clean", 9),
        ("box-jump", 15), ("box-jump", 12), ("box-jump", 9),
    ]  # fmt: skip
    assert all(kg is None for _, _, kg in groups)  # the load not said is not asked for


def test_a_load_said_after_a_name_in_a_scheme_is_its_load() -> None:
    groups = _groups("wod - 21-15-9 front squats 50kg and sit-ups")
    assert ("barbell-front-squat", 21, 50.0) in groups
    assert ("barbell-front-squat", 9, 50.0) in groups


def test_a_day_in_a_workouts_label_dates_the_scheme() -> None:
    ((_, slots),) = _entries("monday wod: 10-8-6 deadlifts and ring dips")
    assert slots["date"] == DAY - timedelta(days=2)


def test_weigh_ins_of_two_days_are_two_entries_on_their_own_dates() -> None:
    entries = _entries("74.6 on monday, 74.1 today")
    assert [(i, s["weight_kg"], s["date"]) for i, s in entries] == [
        ("log_weight", 74.6, DAY - timedelta(days=2)),
        ("log_weight", 74.1, DAY),
    ]


def test_weigh_ins_in_pounds_keep_their_unit() -> None:
    entries = _entries("scale said 201.4 yesterday and 200.6 this morning", "imperial")
    assert [s["weight_kg"] for _, s in entries] == pytest.approx(
        [201.4 * 0.4536, 200.6 * 0.4536], abs=0.01
    )


def test_two_scores_of_two_days_are_no_weigh_ins() -> None:
    with bare_units("metric"):
        reading = read_log("7 yesterday, 8 today", today=DAY)
    assert all(e.intent != "log_weight" for e in reading.entries)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("slept 10-1 then 2-6", 7.0),
        ("slept 11:30 to 3, back to sleep 3:30 till 7", 7.0),
        ("had two naps today: 25 mins and 35 mins", 1.0),
        ("2 naps: 40 mins and an hour", 100 / 60),
    ],
)
def test_sleep_in_pieces_is_their_sum(text: str, hours: float) -> None:
    ((intent, slots),) = _entries(text)
    assert intent == "log_sleep"
    assert slots["duration_s"] / 3600 == pytest.approx(hours)


def test_a_single_spell_and_a_range_of_hours_are_as_before() -> None:
    ((_, one),) = _entries("slept 11 till 6")
    assert one["duration_s"] == 7 * 3600


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("bball", "basketball"),
        ("baseball", "baseball"),
        ("slow pitch softball", "baseball"),
        ("bowling", "ten-pin-bowling"),
        ("frisbee golf", "disc-golf"),
        ("archery", "archery"),
        ("fencing", "fencing"),
        ("croquet", "croquet"),
        ("canoeing", "canoeing"),
        ("dinghy sailing", "sailing"),
        ("dodge ball", "dodgeball"),
        ("boules", "lawn-bowls"),
        ("tae kwon do", "karate"),
    ],
)
def test_common_sports_resolve_to_their_entry(typed: str, slug: str) -> None:
    found = ExerciseMatcher.from_library().match(typed)
    assert found is not None, typed
    assert found.slug == slug, (typed, found)


def test_a_sport_with_a_duration_is_cardio() -> None:
    ((intent, slots),) = _entries("3 hours of baseball with the club")
    assert (intent, slots["exercise"], slots["duration_s"]) == ("log_cardio", "baseball", 3 * 3600)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("I cannae dae thursday, shift it tae sunday please", 19, 22),
        ("cannae get in on friday, can ye move it tae saturday", 20, 21),
    ],
)
def test_a_move_in_scots_spellings_is_read(text: str, start: int, end: int) -> None:
    u = understand(text, today=DAY)
    assert u.intent == "move_session", u
    assert (u.slots["from_date"].day, u.slots["to_date"].day) == (start, end)


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


@pytest.mark.parametrize("text", ["tape says 101.5 cm", "measured 38 inches this morning"])
def test_a_tape_figure_with_no_site_is_asked_about(me: Athlete, text: str) -> None:
    reply = me.say(text)
    assert "which part did you measure" in reply.text, reply.text
    assert me.stored() == {}


def test_a_change_beside_a_pain_leaves_one_proposal(ctx: ServiceContext) -> None:
    me = with_plan(ctx, Assistant())
    reply = me.say("my wrist is sore so swap the bench press for the machine chest press")
    waiting = plans.versions(me.ctx, me.id, "proposed")
    assert [v.version for v in waiting] == [reply.proposed_version], reply.text
    assert "withdrawn" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "81.7 kg today, down from 83.2 a fortnight ago",
        "weighed 176 this morning, up from 173 on monday",
    ],
)
def test_a_weight_compared_with_an_earlier_figure_is_one_weigh_in(text: str) -> None:
    """The earlier figure of a comparison is no weigh-in of its own day (the merge of the
    two-days reading with the comparison reading)."""
    entries = _entries(text, "imperial" if "176" in text else "metric")
    assert [intent for intent, _ in entries] == ["log_weight"]
    assert entries[0][1]["date"] == DAY
