"""The unseen-writer comparison of the slot tagger (research.evaluate.slot_unseen)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from tests.conftest import unavailable

from research.evaluate import slot_unseen
from research.evaluate.chat_eval import Report

LOG = {
    "writer": "Z", "units": "metric", "history": [], "category": "log", "red_flags": [],
    "crisis_style": None,
    "expect": {"action": "call", "calls": [{"tool": "log_sets", "args": {"date": "2026-11-18", "groups": [
        {"exercise": "bench press", "sets": 4, "reps": 6, "weight": {"value": 80, "unit": "kg"},
         "bodyweight": False, "rir": None, "rpe": None}], "session_rpe": None, "duration_min": None}}]},
}  # fmt: skip


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "part-01.jsonl"
    rows = [
        LOG | {"id": "Z-0001", "text": "bench 80 kilos, 4 sets of 6"},
        LOG | {"id": "Z-0002", "text": "how was my sleep this week?", "category": "question",
               "expect": {"action": "call", "calls": [{"tool": "get_metrics", "args": {"metric": "sleep"}}]}},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _report(label: str, wrong: list[str]) -> Report:
    return Report(label, {}, Counter(), Counter(), 0.0, wrong_logs=wrong)


def test_logs_or_the_others_and_the_wrong_stores_a_pass_changes(tmp_path: Path) -> None:
    path = _corpus(tmp_path)
    assert [i.id for i in slot_unseen.items_of([path], others=False)] == ["Z-0001"]
    assert [i.id for i in slot_unseen.items_of([path], others=True)] == ["Z-0002"]
    first = _report("a", ["A-1: sets wrong", "A-2: date wrong"])
    later = _report("b", ["A-2: date wrong", "A-3: stored instead of asking"])
    assert slot_unseen.changed_wrong([first, later]) == [
        "b: + A-3: stored instead of asking",
        "b: - A-1: sets wrong",
    ]


def test_both_passes_run_through_the_chat(tmp_path: Path) -> None:
    from fitcoach.assistant.slot_tagger import shared_tagger
    from fitcoach.core.settings import get_settings

    if shared_tagger(get_settings().models_path) is None:
        unavailable("the slot tagger cannot load here (the 'ml' extra)")
    reports = slot_unseen.main([str(_corpus(tmp_path))])
    assert [r.label for r in reports] == ["rules ∪ student", "+ tagger (its gate)"]
    for report in reports:  # a plain log the rules store: right in both passes
        assert (report.shares["log_right"].hits, report.shares["log_right"].total) == (1, 1)
