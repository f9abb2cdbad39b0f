"""The evaluation tools' writer groups (issue 57): each tuned set and corpus is known to every
tool, under the same writers, and no tool reads a judging set (data/blind-final, -2 to -5,
-9 and -10) or the check side message by message."""

from __future__ import annotations

from pathlib import Path

from research.evaluate import asks_by_class, lookalike_alarms, plan_classes, student_alarms

JUDGING = {"blind-final", "blind-final-2", "blind-final-3", "blind-final-4", "blind-final-5"}
JUDGING |= {"blind-final-9", "blind-final-10"}
NEW = {
    # asks_by_class, plan_classes, lookalike_alarms, student_alarms: folder and writers
    ("CCCD", "cccd", "tuned CC-CD (blind-final-27)", "CC,CD (blind-final-27)"): (
        "blind-final-27",
        ("CC", "CD"),
    ),
    ("CECH", "cech", "tuned CE-CH (corpus-57n)", "CE-CH (corpus-57n)"): (
        "corpus-57n",
        ("CE", "CF", "CG", "CH"),
    ),
    ("CICJ", "cicj", "tuned CI-CJ (blind-final-28)", "CI,CJ (blind-final-28)"): (
        "blind-final-28",
        ("CI", "CJ"),
    ),
    ("CKCN", "ckcn", "tuned CK-CN (corpus-57o)", "CK-CN (corpus-57o)"): (
        "corpus-57o",
        ("CK", "CL", "CM", "CN"),
    ),
    ("COCP", "cocp", "tuned CO-CP (blind-final-29)", "CO,CP (blind-final-29)"): (
        "blind-final-29",
        ("CO", "CP"),
    ),
    ("CQCR", "cqcr", "tuned CQ-CR (blind-final-30)", "CQ,CR (blind-final-30)"): (
        "blind-final-30",
        ("CQ", "CR"),
    ),
    ("CU", "cu", "tuned CU (corpus-57p)", "CU (corpus-57p)"): ("corpus-57p", ("CU",)),
    ("CSCT", "csct", "tuned CS-CT (blind-final-31)", "CS,CT (blind-final-31)"): (
        "blind-final-31",
        ("CS", "CT"),
    ),
}


def _folders(groups: dict[str, tuple[Path, tuple[str, ...]]]) -> set[str]:
    return {root.name for root, _ in groups.values()}


def test_no_tool_reads_a_judging_set() -> None:
    assert not JUDGING & _folders(asks_by_class.GROUPS)
    assert not JUDGING & _folders(plan_classes.GROUPS)
    assert not JUDGING & {root.name for root in lookalike_alarms.SOURCES}
    assert not JUDGING & set(student_alarms.UNSEEN.values())
    assert "check" not in plan_classes.LISTABLE


def test_every_plan_group_has_a_label_and_every_tuned_one_is_listable() -> None:
    assert set(plan_classes.LABELS) == set(plan_classes.GROUPS)
    assert set(plan_classes.LISTABLE) == set(plan_classes.GROUPS) - {"check"}


def test_the_new_sets_are_known_to_every_tool_with_the_same_writers() -> None:
    for (asks, plans, alarms, student), (folder, writers) in NEW.items():
        assert asks_by_class.GROUPS[asks] == (asks_by_class.ROOT / "data" / folder, writers)
        assert plan_classes.GROUPS[plans] == (plan_classes.ROOT / "data" / folder, writers)
        assert plans in plan_classes.LISTABLE
        assert lookalike_alarms.GROUPS[alarms] == writers
        assert lookalike_alarms.ROOT / "data" / folder in lookalike_alarms.SOURCES
        # the shipped student (d161a24511bc8d98) never trained on them: out-of-sample there
        assert student_alarms.UNSEEN[student] == folder
        assert (lookalike_alarms.ROOT / "data" / folder / writers[0]).is_dir()
