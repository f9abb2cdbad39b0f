"""The data-monitoring report: schema changes, anomalies and distribution shift between versions.

``compare(old, new)`` looks at two versions of a stage's records (the manifest keeps every
version's file): fields added or removed and fields whose type changed; per categorical field
(prompt type, intent, safety category, split, each slice) the population stability index
(PSI; above 0.2 is a shift worth a look, above 0.25 is flagged) and the largest share change;
the mean and 95th percentile of text lengths. ``anomalies(records)`` counts the validation
report's drops and flags in the current version.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

PSI_FLAG = 0.25

FIELDS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "kind": lambda r: r.get("kind"),
    "prompt_type": lambda r: r.get(
        "prompt_type", "message" if r.get("kind") == "message" else None
    ),
    "intent": lambda r: r.get("intent"),
    "safety": lambda r: r.get("safety"),
    "split": lambda r: r.get("split"),
    "age_band": lambda r: (r.get("slices") or {}).get("age_band"),
    "sex": lambda r: (r.get("slices") or {}).get("sex"),
    "goal": lambda r: (r.get("slices") or {}).get("goal"),
    "activity_level": lambda r: (r.get("slices") or {}).get("activity_level"),
    "condition_flag": lambda r: (r.get("slices") or {}).get("condition_flag"),
}


def schema_of(records: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    """Field → sorted type names seen, over every record."""
    out: dict[str, set[str]] = {}
    for r in records:
        for key, value in r.items():
            out.setdefault(key, set()).add(type(value).__name__)
    return {k: sorted(v) for k, v in sorted(out.items())}


def psi(old: Counter[Any], new: Counter[Any]) -> float:
    """Population stability index between two categorical distributions (0.5 % floor)."""
    keys = set(old) | set(new)
    n_old, n_new = sum(old.values()) or 1, sum(new.values()) or 1
    total = 0.0
    for k in keys:
        p = max(old[k] / n_old, 0.005)
        q = max(new[k] / n_new, 0.005)
        total += (q - p) * math.log(q / p)
    return total


def _length(r: dict[str, Any]) -> int:
    return len(str(r.get("text") or r.get("response") or ""))


def _lengths(records: Sequence[dict[str, Any]]) -> dict[str, float]:
    values = sorted(_length(r) for r in records)
    if not values:
        return {"mean": 0.0, "p95": 0.0}
    return {"mean": round(statistics.fmean(values), 1), "p95": float(values[int(0.95 * (len(values) - 1))])}  # fmt: skip


def compare(old: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Schema changes and distribution shift from ``old`` to ``new``."""
    s_old, s_new = schema_of(old), schema_of(new)
    shift = {}
    for name, get in FIELDS.items():
        a = Counter(str(get(r)) for r in old)
        b = Counter(str(get(r)) for r in new)
        n_a, n_b = sum(a.values()) or 1, sum(b.values()) or 1
        gaps = {k: b[k] / n_b - a[k] / n_a for k in set(a) | set(b)}
        worst = max(gaps, key=lambda k: abs(gaps[k])) if gaps else None
        value = psi(a, b)
        shift[name] = {
            "psi": round(value, 4),
            "largest_change": {"value": worst, "share_delta": round(gaps[worst], 4)}
            if worst
            else None,
            "flagged": value > PSI_FLAG,
        }
    return {
        "records": {"old": len(old), "new": len(new)},
        "schema": {
            "added": sorted(set(s_new) - set(s_old)),
            "removed": sorted(set(s_old) - set(s_new)),
            "type_changed": sorted(k for k in set(s_old) & set(s_new) if s_old[k] != s_new[k]),
        },
        "shift": shift,
        "lengths": {"old": _lengths(old), "new": _lengths(new)},
        "flagged": sorted(k for k, v in shift.items() if v["flagged"]),
    }


def monitoring_report(
    current: Sequence[dict[str, Any]],
    previous: Sequence[dict[str, Any]] | None,
    validation: dict[str, Any] | None,
) -> dict[str, Any]:
    """The report ``fitcoach distill report`` writes."""
    report: dict[str, Any] = {
        "records": len(current),
        "schema": schema_of(current),
        "lengths": _lengths(current),
        "anomalies": (validation or {}).get("counts", {}),
        "split_imbalance": (validation or {}).get("split_imbalance", {}).get("imbalanced"),
        "bias_flags": (validation or {}).get("bias", {}).get("flagged", []),
    }
    report["comparison"] = compare(previous, current) if previous is not None else None
    return report
