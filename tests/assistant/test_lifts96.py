"""Lift names people abbreviate or wrap in programme words (issue 57, stop 96, helper lifts96),
in wordings written for this file: "deads" after a variant ("sumo deads") and "fs";
a programme's heading and tiers before the lifts ("gzclp day b2: t1 deadlift ..."), a lift day's
top set and its "bbb" sets; a variant word after the sets ("(paused)"); a remark before an
emoji, then a lift; a heading naming the kit of the work ("did my band work for the hip: ...").
Beside each, what must still be asked or kept apart."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import TODAY, read_entries

from fitcoach.assistant.nlu.intents import understand
from fitcoach.coach.exercise_names import library_resolver


def _sets(text: str, units: str = "metric") -> list[tuple[str, int, float | None]]:
    """(exercise, reps, kg) of each set logged from ``text``, unasked."""
    entries, problems = read_entries(text, units)  # type: ignore[arg-type]
    assert not problems, problems
    out: list[tuple[str, int, float | None]] = []
    for intent, slots in entries:
        assert intent == "log_sets"
        for g in slots["groups"]:
            kg = None if g.get("weight_kg") is None else round(float(g["weight_kg"]), 1)
            out += [(g["exercise"], int(g["reps"]), kg)] * int(g["sets"])
    return out


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("sumo deads", "sumo-deadlift"),
        ("stiff leg deads", "stiff-leg-deadlift"),
        ("dead lift", "barbell-deadlift"),
        ("fs", "barbell-front-squat"),
        # "dead" in other names stays theirs
        ("dead bug", "dead-bug"),
        ("dead hang", "dead-hang"),
        ("dead stop row", "pendlay-row"),
    ],
)
def test_lifters_short_names(name: str, slug: str) -> None:
    assert library_resolver().resolve(name).slug == slug


def test_short_names_in_a_log() -> None:
    assert _sets("sumo deads 180 2x3") == [("sumo-deadlift", 3, 180.0)] * 2
    assert (
        _sets("fs 2x5 @ 90, bent over row 2x8 @ 70")
        == [("barbell-front-squat", 5, 90.0)] * 2 + [("barbell-row", 8, 70.0)] * 2
    )


def test_a_programme_heading_and_tiers_before_the_lifts() -> None:
    got = _sets("GZCLP day B2: T1 deadlift 2x3 at 150, T2 ohp 2x10 at 40")
    assert got == [("barbell-deadlift", 3, 150.0)] * 2 + [("barbell-overhead-press", 10, 40.0)] * 2
    got = _sets("gzcl t2 incline bench 2x10 @ 60 kg")
    assert got == [("incline-barbell-bench-press", 10, 60.0)] * 2


def test_a_tier_before_a_lift_said_with_its_load_first() -> None:
    got = _sets("t3 lat pulldown at 40kg, 15 15 20")
    assert got == [("lat-pulldown", 15, 40.0), ("lat-pulldown", 15, 40.0), ("lat-pulldown", 20, 40.0)]  # fmt: skip


def test_a_lift_days_top_set_and_its_bbb_sets() -> None:
    got = _sets("bench day: top set 100 x 5. then bbb 2x10 @ 50")
    assert got == [("barbell-bench-press", 5, 100.0)] + [("barbell-bench-press", 10, 50.0)] * 2
    got = _sets("deadlift day - top single 200 x 1, fsl 2x5 @ 150")
    assert got == [("barbell-deadlift", 1, 200.0)] + [("barbell-deadlift", 5, 150.0)] * 2


def test_bbb_with_no_lift_day_is_not_guessed() -> None:
    _, problems = read_entries("bbb 5x10 @ 60")
    assert problems


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("squat 120 2x2 (paused), bench 80 2x5", "pause-squat"),
        ("bench 85kg 2x2 paused", "paused-bench-press"),
        ("front squat 2x3 at 90 (pause)", "pause-front-squat"),
    ],
)
def test_a_variant_word_after_the_sets(text: str, slug: str) -> None:
    assert _sets(text)[0][0] == slug


def test_a_variant_the_library_lacks_is_asked_never_the_plain_lift() -> None:
    entries, problems = read_entries("deadlift 180 3x2 (paused)")
    assert problems
    assert not any(g["exercise"] == "barbell-deadlift" for _, s in entries for g in s.get("groups", []))  # fmt: skip


def test_a_remark_then_an_emoji_then_a_lift() -> None:
    got = _sets("first week back after surgery 🎉 goblet squats 16kg 2x10")
    assert got == [("goblet-squat", 10, 16.0)] * 2
    entries, _ = read_entries("eggs 🍳 and toast for breakfast")
    assert [i for i, _ in entries] == ["log_meal"]


def test_a_heading_naming_the_kit_of_the_work() -> None:
    got = _sets("did my physio band work for the shoulder: external rotations 2x12")
    assert got == [("band-external-rotation", 12, None)] * 2
    got = _sets("cable work - external rotations 2x12 at 5kg")
    assert got == [("cable-external-rotation", 12, 5.0)] * 2


def test_external_rotations_with_no_kit_still_asked() -> None:
    _, problems = read_entries("external rotations 3x15")
    assert any("which exercise" in p.lower() for p in problems), problems


def test_a_programme_day_done_without_lifts_asks_what_was_done() -> None:
    _, problems = read_entries("did my nsuns day, hit all the reps")
    assert any("which exercises did you do" in p for p in problems), problems


def test_a_5_3_1_day_done_without_lifts_asks_what_was_done() -> None:
    _, problems = read_entries("did my 5/3/1 day, all reps done")
    assert any("which exercises did you do" in p for p in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "deadlift 180kg single today, 4 plates and change",
        "squat 140kg double, first time ever at 3 plates",
    ],
)
def test_a_plate_count_retelling_the_load_said_with_its_unit(text: str) -> None:
    [(reps, kg)] = {(r, kg) for _, r, kg in _sets(text)}
    assert kg in (180.0, 140.0)
    assert reps in (1, 2)


def test_a_plate_count_with_sets_of_its_own_is_still_a_set() -> None:
    got = _sets("squat 100kg 3x5, then 2 plates for 3")
    assert got[-1] == ("barbell-back-squat", 3, 100.0)


def test_a_single_told_with_and_change_is_no_plan_change() -> None:
    said = understand("bench 100kg single today, 2 plates and change", today=TODAY)
    assert said.intent != "change_load"
    asked = understand("change my bench to 100kg", today=TODAY)
    assert asked.intent == "change_load"
