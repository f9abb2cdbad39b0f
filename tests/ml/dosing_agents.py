"""Dosing agents stored for tests: the shipped weights with a chosen stored evaluation, in a
model directory the app reads (FITCOACH_MODEL_DIR), and the gates those evaluations give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fitcoach.ml import registry
from fitcoach.ml.dosing import gate, observation
from fitcoach.ml.dosing import policy as dosing_policy


def composition_metrics(
    high_acwr: float, high_strain: float, *, seed_sets: int = 3, per_set: int = 500
) -> dict[str, Any]:
    """A stored evaluation as the training pipeline writes it: ``seed_sets`` sets of
    ``per_set`` athletes a model, pooled, the upper ends of the pooled injury differences' CIs
    as given."""

    def model(rules: float, composed: float, low: float, high: float) -> dict[str, Any]:
        return {
            "athletes": seed_sets * per_set,
            "seed_sets": seed_sets,
            "athletes_per_set": per_set,
            "weeks": 26,
            "policies": {
                "rules": {
                    "injuries": rules,
                    "gain": 5.0,
                    "gain_sd": 9.0,
                    "overreaches": 0.0,
                    "accepted_share": 0.0,
                    "refused_share": 0.0,
                },
                "rules+constrained": {
                    "injuries": composed,
                    "gain": 9.5,
                    "gain_sd": 9.0,
                    "overreaches": 0.02,
                    "accepted_share": 0.3,
                    "refused_share": 0.6,
                },
            },
            "paired": {
                "rules+constrained": {
                    "injuries": {"mean": round(composed - rules, 2), "low": low, "high": high},
                    "gain": {"mean": 4.5, "low": 3.0, "high": 6.0},
                }
            },
        }

    return {
        "composition": {
            "shipped": "rules+constrained",
            "trained_on": "acwr",
            "models": {
                "strain": model(0.35, 0.33, -0.07, high_strain),
                "acwr": model(0.46, 0.40, -0.11, high_acwr),
            },
        }
    }


OPEN = gate.from_metrics(composition_metrics(-0.01, 0.0))
CLOSED = gate.from_metrics(composition_metrics(-0.01, 0.03))


def store_agent(root: Path, metrics: dict[str, Any]) -> str:
    """An agent in ``root``: the shipped weights with ``metrics`` as its stored evaluation."""
    weights = dosing_policy.load(None).to_bytes()
    manifest = registry.save(
        root,
        name=dosing_policy.NAME,
        files={dosing_policy.WEIGHTS: weights},
        schema=observation.SCHEMA,
        seed=0,
        params={"metrics": repr(sorted(metrics))},
        data=registry.data_hash([repr(metrics)]),
        metrics=metrics,
    )
    return manifest.version


def point_app_at(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Make ``root`` the app's model directory (settings and the agent cache cleared)."""
    from fitcoach.core.settings import get_settings
    from fitcoach.services.plans import dosing

    monkeypatch.setenv("FITCOACH_MODEL_DIR", str(root))
    dosing._policy.cache_clear()
    get_settings.cache_clear()  # type: ignore[attr-defined]


def forget_agents() -> None:
    """Clear the caches ``point_app_at`` filled (after the test)."""
    from fitcoach.core.settings import get_settings
    from fitcoach.services.plans import dosing

    dosing._policy.cache_clear()
    get_settings.cache_clear()  # type: ignore[attr-defined]
