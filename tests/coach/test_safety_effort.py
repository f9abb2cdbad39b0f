"""The weekly effort cap: a week's cardio session-RPE load rises at most 10 % and its mean lift
RPE at most one point, whether the dosing agent or a person asked for the change."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.coach.test_safety import cardio, check, lift, one, plan, profile, session, shipped

from fitcoach.coach import edits
from fitcoach.coach.explanations import reason
from fitcoach.coach.plan import CardioItem, Plan, StrengthItem
from fitcoach.coach.rules.safety import parse_limits
from fitcoach.coach.safety import default_library
from fitcoach.coach.safety.effort import cardio_effort, lift_effort
from fitcoach.core.errors import InvalidInput
from fitcoach.ml.dosing import actions
from fitcoach.services.plans.dosing import adjusted

LIMITS = parse_limits(shipped()).weekly_effort


def run_at(rpe: float, minutes: float = 40) -> dict[str, Any]:
    """A run at a session RPE (CR-10)."""
    return {
        "kind": "cardio",
        "exercise": "steady-run",
        "duration_s": int(minutes * 60),
        "intensity": {"kind": "rpe", "value": rpe},
    }


def two_weeks(first: list[dict[str, Any]], second: list[dict[str, Any]], **kw: Any) -> Plan:
    """Week 1 done (history), week 2 planned, one session each."""
    return plan([session("w1s1", *first, status="done")], [session("w2s1", *second)], days=1, **kw)


def effort_reasons(verdict: Any) -> list[str]:
    return [v.reason.text for v in verdict.violations if v.rule == "weekly_effort"]


# --- cardio effort (session RPE × minutes) ---------------------------------------------------


def test_a_harder_week_at_the_same_length_is_brought_back_to_ten_percent() -> None:
    """40 min at RPE 5 (200 AU) to 40 min at RPE 7 (280 AU): +40 %, over the 10 % cap."""
    verdict = check(two_weeks([run_at(5)], [run_at(7)]), profile())
    assert verdict.status == "repaired"
    assert verdict.plan is not None
    week2 = verdict.plan.weeks[1]
    assert cardio_effort(week2, LIMITS) <= 220 + 1e-9
    item = week2.sessions[0].items[0]
    assert isinstance(item, CardioItem)
    assert item.intensity.value == 5.5  # RPE lowered in half points, length kept
    assert item.duration_s == 40 * 60
    [text] = effort_reasons(verdict)
    assert text == (
        "Weekly effort (session RPE × minutes) increase capped at 220 AU, 10 % over 200 AU "
        "(it would have been 280 AU): the sessions' effort is lowered to fit."
    )
    assert reason("increase_capped", what="x", limit="y").code in [r.code for r in item.reasons]
    # History is never changed.
    assert verdict.plan.weeks[0] == two_weeks([run_at(5)], [run_at(7)]).weeks[0]


def test_a_week_under_the_cap_passes_unchanged() -> None:
    """RPE 5 → 5.5 at the same length is +10 %: at the cap, allowed."""
    verdict = check(two_weeks([run_at(5)], [run_at(5.5)]), profile())
    assert verdict.status == "ok", verdict.reasons_text
    easier = check(two_weeks([run_at(7)], [run_at(4, minutes=44)]), profile())
    assert easier.status == "ok"


def test_heart_rate_zones_count_at_their_rpe_and_come_down_a_zone() -> None:
    """Zone 2 (RPE 3) to zone 4 (RPE 7) for 30 min: 90 to 210 AU; one zone down is 150, two
    down is back at 90."""
    verdict = check(
        two_weeks([cardio("easy-jog", minutes=30, zone=2)], [cardio("easy-jog", zone=4)]),
        profile(),
    )
    assert verdict.status == "repaired"
    assert verdict.plan is not None
    item = verdict.plan.weeks[1].sessions[0].items[0]
    assert isinstance(item, CardioItem)
    assert item.intensity.kind == "hr_zone"
    assert item.intensity.value == 2
    assert effort_reasons(verdict)


def test_a_pace_target_has_no_known_effort_and_is_left_alone() -> None:
    p = two_weeks([cardio("easy-jog", pace=360)], [cardio("easy-jog", pace=300)])
    assert check(p, profile()).status == "ok"


def test_effort_that_cannot_come_down_rejects_the_plan() -> None:
    """From RPE 0.5 (15 AU) to RPE 1 for 33 min (33 AU): RPE 1 is the floor."""
    p = two_weeks([run_at(0.5, minutes=30)], [run_at(1, minutes=33)])
    verdict = check(p, profile())
    assert verdict.status == "rejected"
    assert verdict.violations[-1].rule == "weekly_effort"


def test_the_cap_holds_against_the_version_replaced_and_skips_deload_weeks() -> None:
    previous = one(run_at(5))
    verdict = check(one(run_at(8)), profile(), previous)
    assert verdict.plan is not None
    assert cardio_effort(verdict.plan.weeks[0], LIMITS) <= 200 * 1.1 + 1e-9
    # A deload week is not the base: week 3 compares with week 1.
    p = plan(
        [session("w1s1", run_at(6), status="done")],
        [session("w2s1", run_at(3), status="done")],
        [session("w3s1", run_at(6))],
        days=1,
        deload=(2,),
    )
    assert check(p, profile()).status == "ok"


# --- lift effort (mean RPE = 10 − RIR) --------------------------------------------------------


def test_lifting_effort_rises_at_most_one_rpe_point() -> None:
    verdict = check(
        two_weeks([lift("goblet-squat", rir=3)], [lift("goblet-squat", rir=1)]), profile()
    )
    assert verdict.status == "repaired"
    assert verdict.plan is not None
    item = verdict.plan.weeks[1].sessions[0].items[0]
    assert isinstance(item, StrengthItem)
    assert item.target_rir == 2
    assert lift_effort(verdict.plan.weeks[1]) == 8
    [text] = effort_reasons(verdict)
    assert "Weekly lifting effort (mean RPE, 10 − reps in reserve)" in text
    assert "RPE 8, 1 point over 7 (it would have been 9)" in text
    ok = check(two_weeks([lift("goblet-squat", rir=3)], [lift("goblet-squat", rir=2)]), profile())
    assert ok.status == "ok"


# --- both kinds of proposer -------------------------------------------------------------------

WEEK_END = date(2026, 11, 29)  # the plan helper starts on Mon 23 Nov 2026: week 1 is over


def _base() -> Plan:
    """Week 1 done; week 2 planned as the rules left it: a run at RPE 5 and a lift at RIR 2."""
    return plan(
        [session("w1s1", run_at(5), status="done"), session("w1s2", lift("goblet-squat"), status="done")],
        [session("w2s1", run_at(5)), session("w2s2", lift("goblet-squat"))],
    )  # fmt: skip


def _agent(rpe_points: float, factor: float) -> Plan:
    why = reason("dosing_agent", change="test")
    return adjusted(_base(), WEEK_END, actions.Delta(rpe_points, factor), why)


def test_the_agents_harder_week_is_cut_and_an_easier_one_passes() -> None:
    """The agent's +1 RPE point on top of the rules' week is +20 % effort on the run and a
    point of lifting RPE (RIR 2 → 1: at the lift cap); the run is over its cap."""
    base = _base()
    harder = check(_agent(1.0, 1.0), profile(), base)
    assert harder.status == "repaired"
    texts = effort_reasons(harder)
    assert any(t.startswith("Weekly effort (session RPE × minutes)") for t in texts)
    lighter = check(_agent(-1.0, 0.8), profile(), base)
    assert lighter.status == "ok", lighter.reasons_text
    # Half a point harder and 8 % shorter: +1 % effort, under the cap.
    small = check(_agent(0.5, 0.92), profile(), base)
    assert small.status == "ok", small.reasons_text


@pytest.mark.parametrize(("target_rir", "status"), [(0.0, "repaired"), (1.0, "ok")])
def test_a_persons_edit_is_held_to_the_same_cap(target_rir: float, status: str) -> None:
    """An edit that takes the lift from RIR 2 to 0 (two points) is cut to one; to 1 passes."""
    base = _base()
    op = edits.parse_edit(
        {"op": "change_rir", "exercise": "goblet-squat", "target_rir": target_rir}
    )
    edited, _ = edits.apply_edit(base, op, list(default_library().values()))
    verdict = check(edited, profile(), base)
    assert verdict.status == status, verdict.reasons_text
    if status == "repaired":
        assert verdict.plan is not None
        item = verdict.plan.session("w2s2").items[0]
        assert isinstance(item, StrengthItem)
        assert item.target_rir == 1.0
        assert effort_reasons(verdict)


def test_the_rule_file_checks_the_zone_table() -> None:
    data = shipped()
    data["weekly_effort"]["zone_rpe"] = {1: 2, 2: 1, 3: 5, 4: 7, 5: 9}
    with pytest.raises(InvalidInput, match="zone_rpe"):
        parse_limits(data)
