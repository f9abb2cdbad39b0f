"""``research.evaluate.student_alarms``: the student's own alarms, their intervals, and the
gating policies' trade-off, on readings written here (no model is loaded)."""

from __future__ import annotations

from research.evaluate.student_alarms import (
    POLICIES,
    Policy,
    Row,
    figures,
    reader,
    student_only,
    trade_off,
)

CRISIS = 0.3


def _row(
    i: int,
    category: str,
    p_any: float,
    *,
    rules: tuple[str, ...] = (),
    gold: tuple[str, ...] = (),
    p_self_harm: float = 0.0,
    named: tuple[str, ...] = (),
    quiet: tuple[str, ...] = (),
    firm: tuple[str, ...] = (),
    spo2: float | None = None,
) -> Row:
    student = ("model_red_flag",) if p_any >= 0.6 or p_self_harm >= CRISIS else ()
    return Row(
        set="S",
        id=f"S-{i}",
        writer="S",
        category=category,
        gold=gold,
        text=f"message {i}",
        rules=rules,
        student=student,
        union=rules or student,
        p_any=p_any,
        p_self_harm=p_self_harm,
        top_kinds=(),
        named=named,
        quiet=quiet,
        firm=firm,
        spo2=spo2,
    )


ROWS = [
    _row(1, "red_flag", 0.7, gold=("chest_pain",)),  # the student alone catches it
    _row(2, "red_flag", 0.1, gold=("self_harm",), p_self_harm=0.35),  # by its self-harm bar
    _row(3, "red_flag", 0.2, gold=("fainting",), rules=("fainting",)),
    _row(4, "lookalike", 0.9, quiet=("fainting",)),  # the rules read the words as benign
    _row(5, "lookalike", 0.8, named=("low_resting_spo2",), spo2=94.0),
    _row(6, "lookalike", 0.3),
]


def test_figures_count_each_reader_and_the_student_only_alarms() -> None:
    union = figures(ROWS, reader("union"))
    assert (union["recall"].hits, union["recall"].total) == (3, 3)
    assert (union["self_harm"].hits, union["self_harm"].total) == (1, 1)
    assert (union["lookalike_alarms"].hits, union["lookalike_alarms"].total) == (2, 3)
    assert figures(ROWS, reader("rules"))["recall"].hits == 1
    assert [r.id for r in student_only(ROWS)] == ["S-4", "S-5"]


def test_the_policies_gate_what_they_say_and_self_harm_never() -> None:
    before, gate = POLICIES[0], Policy("benign", benign_bar=0.99)
    assert [before.raises(r, CRISIS) for r in ROWS] == [True, True, False, True, True, False]
    assert [gate.raises(r, CRISIS) for r in ROWS] == [True, True, False, False, True, False]
    with_spo2 = Policy("benign or spo2", benign_bar=0.99, spo2=True)
    assert not with_spo2.raises(ROWS[4], CRISIS)
    high = Policy("high", any_bar=0.99)
    assert high.raises(ROWS[1], CRISIS)
    assert not high.raises(ROWS[0], CRISIS)


def test_the_trade_off_table_counts_alarms_and_red_flags_lost_per_policy() -> None:
    lines = trade_off(ROWS, CRISIS)
    by_name = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:]}
    assert by_name[POLICIES[0].name].endswith("| 2/3 (66.7 %), 0 (0) |")
    assert by_name["P(any) 0.99 for every alarm"].endswith("| 0/3 (0.0 %), 1 (0) |")
    assert by_name["benign sense read by the rules: P(any) 0.99"].endswith(
        "| 1/3 (33.3 %), 0 (0) |"
    )


def test_a_firm_benign_sense_gates_even_a_sure_student_but_only_for_the_kinds_it_explains() -> None:
    firm = Policy("firm", benign_bar=0.99, firm=True)
    sure = _row(7, "lookalike", 0.995, named=("rhythm_alert",), quiet=("rhythm_alert",), firm=("rhythm_alert",))  # fmt: skip
    assert not firm.raises(sure, CRISIS)
    assert Policy("benign", benign_bar=0.99).raises(sure, CRISIS)  # without the firm step
    wider = _row(8, "lookalike", 0.995, named=("rhythm_alert", "fainting"), quiet=("rhythm_alert",), firm=("rhythm_alert",))  # fmt: skip
    assert firm.raises(wider, CRISIS)
    crisis = _row(9, "red_flag", 0.995, gold=("self_harm",), p_self_harm=0.9, firm=("self_harm",))
    assert firm.raises(crisis, CRISIS)
