"""Plans and diffs in words: names for slugs, days for session keys, tidy numbers, and plan
diffs as one sentence per session with the reason."""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.coach.test_edits import LIB, inputs, plan_for

from fitcoach.coach import edits, wording
from fitcoach.coach.edits import Change
from fitcoach.coach.explanations import reason
from fitcoach.coach.plan import Plan, StrengthItem
from fitcoach.coach.today import project

START = date(2026, 11, 16)  # a Monday: the test plans start on it
SLUGS = [r.slug for r in LIB if "-" in r.slug]
LONG_FLOAT = re.compile(r"\d+\.\d{4,}")
INTERNAL_PATH = re.compile(r"w\d+s\d+|items\[\d+\]")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (72.57477920000001, "body_kg", "72.6"),
        (84.994, "kg", "84.99"),
        (80.0, "kg", "80"),
        (82.5, "kg", "82.5"),
        (81.25, "kg", "81.25"),
        (2.5, "rir", "2.5"),
        (3.0, "rir", "3"),
        (61.4, "bpm", "61"),
        (0.04, "kcal", "0"),
        (-0.01, None, "0"),
        (1.2345, "ratio", "1.23"),
        (7, "h", "7"),
        (None, "kg", "—"),
        (float("nan"), "kg", "—"),
    ],
)
def test_numbers_keep_the_precision_of_their_unit(
    value: float | None, unit: str | None, shown: str
) -> None:
    assert wording.number(value, unit) == shown


def test_names_days_and_durations() -> None:
    assert wording.exercise_name("barbell-bench-press") == "Barbell Bench Press"
    assert wording.exercise_name("my-own-drill") == "My own drill"
    assert wording.exercise_name("x-y", {"x-y": "Ex Why"}) == "Ex Why"
    assert wording.day_text(date(2026, 11, 27)) == "Fri 27 Nov"
    assert wording.day_text(date(2027, 1, 4), today=date(2026, 12, 30)) == "Mon 4 Jan 2027"
    assert wording.day_text(date(2026, 1, 4), today=date(2026, 12, 30)) == "Sun 4 Jan"
    assert [wording.duration_text(s) for s in (45, 90, 120, 150, 3900, None)] == [
        "45 s",
        "90 s",
        "2 min",
        "2 min 30 s",
        "1 h 5 min",
        "—",
    ]


def test_humanize_turns_identifiers_into_words() -> None:
    days = {"w1s2": date(2026, 11, 17)}
    text = wording.humanize(
        "barbell-bench-press replaced by dumbbell-bench-press in w1s2; moved from 2026-11-20; "
        "w1s2 skipped; w9s9 and my-drill stay",
        days,
    )
    assert text == (
        "Barbell Bench Press replaced by Dumbbell Bench Press on Tue 17 Nov; moved from "
        "Fri 20 Nov; the Tue 17 Nov session skipped; w9s9 and my-drill stay"
    )


def test_reason_text_reads_names_days_and_rounds_floats() -> None:
    edit = reason("edit_applied", what="barbell-row set to 4 set(s) in w1s1", who="your coach")
    days = {"w1s1": date(2026, 11, 16)}
    assert wording.reason_text(edit, days) == (
        "Changed: Barbell Bent-Over Row set to 4 sets on Mon 16 Nov (asked by your coach)."
    )
    moved = reason("session_moved", date="2026-11-18")
    assert (
        wording.reason_text(moved) == "Moved forward from Wed 18 Nov: a missed session is not lost."
    )
    capped = reason("increase_capped", what="Weekly glutes sets", limit=14.399999999999999)
    assert wording.reason_text(capped) == "Weekly glutes sets increase capped at 14.4."


def test_item_summary_reads_like_a_prescription() -> None:
    plan = plan_for("lifter")
    item = next(i for i in plan.sessions()[0].items if isinstance(i, StrengthItem))
    summary = wording.item_summary(item)
    assert summary.startswith(f"{item.sets} × ")
    assert f"RIR {wording.number(item.target_rir, 'rir')}" in summary
    assert not LONG_FLOAT.search(summary)
    runner = plan_for("runner")
    cardio = next(i for s in runner.sessions() for i in s.items if i.kind == "cardio")
    text = wording.item_summary(cardio)
    assert "zone" in text or "RPE" in text or "/km" in text
    assert slug_in(text) is None


def strength(plan: Plan, key: str) -> list[StrengthItem]:
    return [i for i in plan.session(key).items if isinstance(i, StrengthItem)]


def slug_in(text: str) -> str | None:
    """The first library slug written as such in ``text``."""
    return next((s for s in SLUGS if re.search(rf"(?<![\w-]){s}(?![\w-])", text)), None)


def _days(plan_key: str) -> dict[str, date]:
    plan = plan_for(plan_key)
    return {p.key: p.on or p.original for p in project(plan, START)}


def test_a_swap_reads_day_old_new_and_who_asked() -> None:
    plan = plan_for("lifter")
    key = next(
        s.key for s in plan.sessions() if any(i.exercise == "barbell-bench-press" for i in s.items)
    )
    op = edits.ReplaceExercise(session=key, exercise="barbell-bench-press", to="push-up")
    new, diff = edits.apply_edit(plan, op, LIB, by="coach")
    lines = wording.change_lines(diff, plan, new, START)
    assert len(lines) == 1
    line = lines[0]
    day = wording.day_text(_days("lifter")[key])
    assert line.day == _days("lifter")[key]
    assert line.sentence.startswith(f"{day} · {plan.session(key).name}: ")
    assert "Barbell Bench Press → Push-Up" in line.sentence
    assert line.sentence.endswith(", because your coach asked.")
    assert slug_in(line.sentence) is None
    assert not INTERNAL_PATH.search(line.sentence)


def test_every_session_an_edit_touches_gets_one_sentence() -> None:
    plan = plan_for("lifter")
    lift = next(i for i in plan.sessions()[0].items if isinstance(i, StrengthItem))
    op = edits.ChangeSets(exercise=lift.exercise, sets=lift.sets + 1)
    new, diff = edits.apply_edit(plan, op, LIB, by="athlete")
    touched = list(dict.fromkeys(c.path.split(".")[0] for c in diff))
    lines = wording.change_lines(diff, plan, new, START)
    assert [line.session for line in lines] == touched
    name = wording.exercise_name(lift.exercise)
    for line in lines:
        assert line.session is not None
        was = next(i for i in strength(plan, line.session) if i.exercise == lift.exercise).sets
        assert f"{name} {was} → {lift.sets + 1} sets" in line.sentence
        assert line.sentence.endswith("because you asked.")
        assert not INTERNAL_PATH.search(line.sentence)


def test_moves_skips_and_profile_changes() -> None:
    plan = plan_for("lifter")
    first, third = plan.sessions()[0], plan.sessions()[2]
    days = _days("lifter")
    moved, diff = edits.apply_edit(
        plan, edits.MoveSession(session=first.key, position=3), LIB, by="athlete"
    )
    [line] = wording.change_lines(diff, plan, moved, START)
    new_day = wording.session_days(moved, START)[first.key]
    assert new_day > days[first.key]
    assert (
        f"moved from {wording.day_text(days[first.key])} to {wording.day_text(new_day)}"
        in line.sentence
    )
    skipped, diff = edits.apply_edit(plan, edits.SkipSession(session=third.key), LIB, by="athlete")
    [line] = wording.change_lines(diff, plan, skipped, START)
    assert line.sentence == (
        f"{wording.day_text(days[third.key])} · {third.name}: skipped, because you asked."
    )
    shorter, diff = edits.apply_edit(
        plan,
        edits.SetSessionMinutes(minutes=30),
        LIB,
        by="coach",
        inputs=inputs("lifter"),
        now=plan.created_at,
    )
    lines = wording.change_lines(diff, plan, shorter, START)
    assert lines[0].where == "Plan"
    assert "sessions of 60 → 30 min" in lines[0].sentence
    for line in lines:
        assert not INTERNAL_PATH.search(line.sentence), line.sentence
        assert not LONG_FLOAT.search(line.sentence), line.sentence
        assert slug_in(line.sentence) is None, line.sentence
    assert any("left out" in line.sentence for line in lines[1:])


def test_unknown_paths_and_missing_plans_still_read() -> None:
    diff = [
        Change(path="w1s1.items[1].exercise", before="barbell-row", after="pendlay-row"),
        Change(path="week2.deload", before=False, after=True),
        Change(path="something.else", before=1, after=2),
    ]
    lines = wording.change_lines(
        diff, None, None, START, reasons=[reason("edit_applied", what="x", who="the assistant")]
    )
    assert [line.sentence for line in lines] == [
        "w1s1: Barbell Bent-Over Row → Pendlay Row, because you asked in the chat.",
        "Week 2: now a deload week.",
        "something.else: 1 → 2.",
    ]


def test_a_count_says_its_noun_once_or_many_times() -> None:
    """Reasons say "3 training days", "1 rest day", "1 more rep", never "day(s)"."""
    assert reason("plan_program", goal="Strength", split="full body", days=3).text == (
        "Strength plan: full body, 3 training days a week."
    )
    assert reason("rest_days", days=1).text == "At least 1 rest day a week."
    deload = reason("deload_applied", sets=1, was=3, pct=60, rir=1).text
    assert deload == "Deload: 1 set instead of 3, load at 60%, 1 more rep in reserve."
    assert "(s)" not in reason("deload_applied", sets=2, was=3, pct=60, rir=2).text


def test_a_skipped_session_carried_forward_is_named_by_the_day_it_was_due() -> None:
    """Seen on a Thursday, the week's missed sessions are carried forward past their own days;
    skipping one names the day the athlete saw it on, not the day it was first planned for."""
    plan = plan_for("lifter")
    thursday = date(2026, 11, 19)
    late = next(p for p in project(plan, thursday) if p.status == "planned" and p.on and p.on > p.original)  # fmt: skip
    skipped, diff = edits.apply_edit(plan, edits.SkipSession(session=late.key), LIB, by="athlete")
    [line] = wording.change_lines(diff, plan, skipped, thursday)
    assert late.on is not None
    assert line.sentence.startswith(f"{wording.day_text(late.on)} · ")
    assert not line.sentence.startswith(wording.day_text(late.original))
