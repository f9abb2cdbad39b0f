"""Advanced lifters' set notation (notation95), through the real chat (rules alone, an athlete
with a plan): an RPE after "@" beside a load already said, how each rep was done said as a
clause of its own, a programme's tiers and plus (AMRAP) last sets, a superset's two lifts, a
variant said alone after a lift, a day named by its lift, and a message that asks to log never
proposing a plan. Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.lifter_shorthand import lifter_shorthand
from fitcoach.assistant.nlu.matcher import ExerciseMatcher
from fitcoach.assistant.reply import Reply
from fitcoach.services import training_log

TODAY = date(2026, 11, 18)


def _efforts(me: Athlete, *said: Reply) -> list[tuple[str, int, float | None, float | None]]:
    """The sets stored, each with the RPE the replies ``said`` logged for its exercise."""
    rpe = {
        str(g["exercise"]): g.get("rpe")
        for reply in said
        for call in reply.tool_calls
        if call.tool == "log_sets"
        for g in call.arguments["groups"]
        if g.get("rpe") is not None
    }
    return [
        (s["exercise"], s["reps"], s["weight_kg"], rpe.get(s["exercise"]))
        for w in training_log.history(me.ctx, me.id, "workouts")
        for s in w["sets"]
    ]


def _logged(me: Athlete, text: str) -> Reply:
    reply = me.say(text)
    assert reply.text.startswith("Logged"), reply.text
    assert reply.proposed_version is None
    return reply


# --- an RPE after "@" -------------------------------------------------------------------------


def test_an_effort_after_at_beside_a_load_is_the_rpe(me: Athlete) -> None:
    # "@ 8" was read as a load of 8 and the 180 asked about
    reply = _logged(me, "deadlift 180 5x3 @ 8, hip thrusts 100 3x10")
    assert _efforts(me, reply).count(("barbell-deadlift", 3, 180.0, 8.0)) == 5


def test_a_single_at_an_effort_keeps_its_load(me: Athlete) -> None:
    # "a double @ 8.5" was read as 1x2 at 8.5, beside the 140 said before it
    reply = _logged(me, "squat 140 for a double @ 8.5, then 3x5 at 120")
    assert ("barbell-back-squat", 2, 140.0, 8.5) in _efforts(me, reply)


def test_the_only_figure_after_at_is_still_the_load() -> None:
    found = read_log("lateral raises 3x15 @ 8", today=TODAY)
    assert found.problems == []
    assert found.entries[0].slots["groups"][0]["weight_kg"] == 8.0


# --- how each rep was done --------------------------------------------------------------------


def test_a_pause_told_apart_leaves_the_rpe_after_it_with_its_sets(me: Athlete) -> None:
    reply = _logged(me, "pause squats 4x3 at 110, 3 sec pause at the bottom. rpe 8")
    assert _efforts(me, reply) == [("pause-squat", 3, 110.0, 8.0)] * 4


def test_a_tempo_lifts_phase_is_no_figure(me: Athlete) -> None:
    _logged(me, "tempo squats, 4 sec on the way down, 3 sets of 5 with 80")
    assert _efforts(me) == [("tempo-squat", 5, 80.0, None)] * 3


# --- tiers and plus sets ----------------------------------------------------------------------


def test_tiers_and_plus_last_sets_with_their_reps(me: Athlete) -> None:
    _logged(
        me,
        "gzclp day 2. t1 deadlift 5x3+ at 140, got 7 on the last set. "
        "t3 lat pulldown 3x12+ at 40, last one went to 18",
    )
    sets = _efforts(me)
    assert sets.count(("barbell-deadlift", 3, 140.0, None)) == 4
    assert sets.count(("barbell-deadlift", 7, 140.0, None)) == 1
    assert sets.count(("lat-pulldown", 12, 40.0, None)) == 2
    assert sets.count(("lat-pulldown", 18, 40.0, None)) == 1


def test_a_tier_word_without_sets_is_left_alone() -> None:
    matcher = ExerciseMatcher.from_library()
    assert lifter_shorthand("t1 diabetic, 6.4 before and 5.8 after", matcher).startswith("t1 ")


def test_a_message_asking_to_log_never_proposes_a_plan(me: Athlete) -> None:
    # "bench day ... and I got 3 ... just log that one" proposed the equipment "bench"
    reply = me.say("nsuns deadlift day, 1+ set at 170 and I got 4. skipped the rest, just log that")
    assert reply.proposed_version is None, reply.text
    assert _efforts(me) == [("barbell-deadlift", 4, 170.0, None)]


# --- supersets ----------------------------------------------------------------------------------


def test_a_superset_is_two_lifts(me: Athlete) -> None:
    _logged(me, "leg extensions 50kg 3x15 superset with leg curls 40kg 3x12")
    sets = _efforts(me)
    assert sets.count(("leg-extension", 15, 50.0, None)) == 3
    assert sets.count(("lying-leg-curl", 12, 40.0, None)) == 3


def test_sets_said_once_for_both_lifts_of_a_superset(me: Athlete) -> None:
    _logged(me, "supersetted hammer curls with the 14s and tricep pushdowns at 30kg, 3 rounds of 10 each")  # fmt: skip
    sets = _efforts(me)
    assert sets.count(("hammer-curl", 10, 14.0, None)) == 3
    assert sets.count(("triceps-pushdown", 10, 30.0, None)) == 3


# --- a variant alone, a lift's day ----------------------------------------------------------


def test_a_variant_said_alone_is_the_lift_before_it_done_so(me: Athlete) -> None:
    _logged(me, "bench 3x5 at 100, then 3x3 paused at 80")
    assert _efforts(me).count(("paused-bench-press", 3, 80.0, None)) == 3


def test_a_variant_the_library_lacks_is_still_asked_about() -> None:
    found = read_log("deadlift 3x3 at 200, then 3x3 paused at 150", today=TODAY)
    assert any("paused" in p for p in found.problems)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("squat day: 5x5 at 120", "barbell-back-squat"),
        ("5/3/1 ohp day, 3x5 at 50", "barbell-overhead-press"),
    ],
)
def test_a_day_named_by_its_lift_names_the_sets_after_it(me: Athlete, text: str, slug: str) -> None:
    _logged(me, text)
    assert {s[0] for s in _efforts(me)} == {slug}


def test_a_split_days_name_names_no_lift() -> None:
    found = read_log("leg day, 5x5 at 100", today=TODAY)
    assert any("which exercise" in p for p in found.problems)
