"""The dosing agent's entry in ``fitcoach ml validate``: it says plainly that no real-data
check exists, and prints the simulated evaluation stored with the agent in force."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ml.dosing_agents import composition_metrics, forget_agents, point_app_at, store_agent

from research.validation import checks


def test_the_dosing_check_is_registered_and_reports_the_stored_evaluation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "dosing" in checks.names()
    root = tmp_path / "models"
    version = store_agent(root, composition_metrics(-0.01, 0.03))
    point_app_at(monkeypatch, root)
    try:
        seen: list[tuple[str, int, int]] = []
        [result] = checks.run_checks(
            checks.selected(["dosing"]),
            checks.CheckContext(progress=lambda s, d, t: seen.append((s, d, t))),
        )
    finally:
        forget_agents()
    assert result.card == "ppo.md"
    text = result.document()
    assert "**No real-data check exists for the dosing agent.**" in text
    assert f"stored with `ppo` {version}" in text
    assert (
        "| strain (1,500 athletes: 3 sets of 500, pooled) | rules+constrained | 0.330 | −0.02"
    ).replace("−", "-") in text
    assert "| 9.5 | +4.5 (+3.0 to +6.0) | 30% | 60% |" in text
    assert "(-0.070 to +0.030)" in text
    assert "**closed**" in text
    assert result.figures["real_data_check"] is False
    assert result.figures["gate_open"] is False
    assert seen[-1][1:] == (1, 1)
    written = checks.write_tables([result], tmp_path / "tables")
    assert written[0].read_text(encoding="utf-8") == text
