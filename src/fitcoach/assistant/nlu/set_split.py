"""One set of a group told apart from the others ("4x8, last set 6": 3x8 and 1x6), or each set
with its own effort ("3x8, RPE 7, 8, 9"): the groups a strength clause stores."""

from __future__ import annotations

from typing import Any

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def split_set(groups: list[dict[str, Any]], index: int, nth: str, changes: dict[str, Any]) -> bool:
    """Tell the ``nth`` set of ``groups[index]`` apart with its own ``changes`` ("4x8, last set
    6": 3x8 and 1x6; "3x5, rpe 9 last set"), or each set with ``nth`` "each" and a value a
    set ("3x8, RPE 7, 8, 9"); False where there is no such set to tell apart."""
    if index < 0 or "reps" not in groups[index] or groups[index].get("sets", 1) < 2:
        return False
    group = groups[index]
    count = group["sets"]
    # The count said ("4x8") is the split groups' sum: the accounting reads it so.
    base = {k: v for k, v in group.items() if k not in ("rir", "rpe")} | {"of_sets": count}
    if nth == "each":
        key, values = next(iter(changes.items()))
        if len(values) != count:
            return False
        runs: list[dict[str, Any]] = []
        for value in values:  # "RIR 2,2,1,0": 2 sets at RIR 2, then one at 1 and one at 0
            if runs and runs[-1][key] == value:
                runs[-1]["sets"] += 1
            else:
                runs.append({**base, "sets": 1, key: value})
        groups[index : index + 1] = runs
        return True
    k = count if nth in ("last", "final") else ORDINALS.get(nth) or int(nth[:-2])
    if not 1 <= k <= count:
        return False
    told = {**group, "of_sets": count, "sets": 1, **changes}
    parts = [{**group, "of_sets": count, "sets": k - 1}, told, {**group, "of_sets": count, "sets": count - k}]  # fmt: skip
    groups[index : index + 1] = [g for g in parts if g["sets"] > 0]
    return True
