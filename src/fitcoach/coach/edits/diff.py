"""The diff between two plan versions: readable ``Change`` records (path, before, after)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from fitcoach.coach.edits.render import item_fields, session_text
from fitcoach.coach.plan import (
    Plan,
    PlannedSession,
)
from fitcoach.coach.texts import item_text

# --- the diff -----------------------------------------------------------------------------------


class Change(BaseModel):
    """One readable change: where, what it was, what it is (None: absent)."""

    model_config = ConfigDict(frozen=True)

    path: str
    before: Any = None
    after: Any = None

    @property
    def text(self) -> str:
        if self.before is None:
            return f"{self.path}: added {self.after}"
        if self.after is None:
            return f"{self.path}: removed {self.before}"
        return f"{self.path}: {self.before} → {self.after}"


def _stable(positions: list[int]) -> set[int]:
    """Indices of a longest increasing subsequence (the elements that did not move)."""
    n = len(positions)
    if n == 0:
        return set()
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if positions[j] < positions[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(n), key=lambda k: best[k])
    keep: set[int] = set()
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """What changed from ``old`` to ``new``: plan settings, sessions added, removed, moved or
    marked, and every item field (items are matched by exercise within a session)."""
    changes: list[Change] = []
    for name in ("goal", "days_per_week", "session_minutes", "equipment", "schedule"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(Change(path=f"plan.{name}", before=before, after=after))
    old_sessions = {s.key: s for s in old.sessions()}
    new_sessions = {s.key: s for s in new.sessions()}
    old_order = [s.key for s in old.sessions()]
    new_order = [s.key for s in new.sessions()]
    for key in old_order:
        if key not in new_sessions:
            changes.append(Change(path=key, before=session_text(old_sessions[key])))
    common = [k for k in new_order if k in old_sessions]
    old_pos = {k: i for i, k in enumerate(k for k in old_order if k in new_sessions)}
    stable = _stable([old_pos[k] for k in common])
    old_week = {s.key: w.index for w in old.weeks for s in w.sessions}
    new_week = {s.key: w.index for w in new.weeks for s in w.sessions}
    for index, key in enumerate(common):
        if index not in stable:
            changes.append(
                Change(
                    path=f"{key}.position",
                    before=f"week {old_week[key]}, #{old_order.index(key) + 1}",
                    after=f"week {new_week[key]}, #{new_order.index(key) + 1}",
                )
            )
    for key in new_order:
        after = new_sessions[key]
        if key not in old_sessions:
            changes.append(Change(path=key, after=session_text(after)))
            continue
        changes.extend(_session_diff(key, old_sessions[key], after))
    for old_w, new_w in zip(old.weeks, new.weeks, strict=False):
        if old_w.deload != new_w.deload:
            changes.append(
                Change(path=f"week{new_w.index}.deload", before=old_w.deload, after=new_w.deload)
            )
    return changes


def _session_diff(key: str, old: PlannedSession, new: PlannedSession) -> list[Change]:
    changes: list[Change] = []
    for name in ("status", "done_on", "on", "name", "estimated_minutes"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(
                Change(
                    path=f"{key}.{name}",
                    before=before.isoformat() if isinstance(before, date) else before,
                    after=after.isoformat() if isinstance(after, date) else after,
                )
            )
    old_items, new_items = list(old.items), list(new.items)
    taken: set[int] = set()
    source: list[int | None] = []  # for each new item, the old item it continues (or None)
    for item in new_items:
        found = next(
            (
                k
                for k, o in enumerate(old_items)
                if k not in taken and o.exercise == item.exercise and o.kind == item.kind
            ),
            None,
        )
        if found is not None:
            taken.add(found)
        source.append(found)
    removed = [k for k in range(len(old_items)) if k not in taken]
    # An item removed and one added at the same place is a replacement.
    for j, found in enumerate(source):
        if found is None and j in removed and old_items[j].kind == new_items[j].kind:
            removed.remove(j)
            source[j] = j
    for k in removed:
        changes.append(
            Change(path=f"{key}.{old_items[k].exercise}", before=item_text(old_items[k]))
        )
    for j, i in enumerate(source):
        item = new_items[j]
        if i is None:
            changes.append(Change(path=f"{key}.{item.exercise}", after=item_text(item)))
            continue
        before_item = old_items[i]
        if before_item.exercise != item.exercise:
            changes.append(
                Change(
                    path=f"{key}.items[{j + 1}].exercise",
                    before=before_item.exercise,
                    after=item.exercise,
                )
            )
        a, b = item_fields(before_item), item_fields(item)
        for name, value in b.items():
            if a.get(name) != value:
                changes.append(
                    Change(path=f"{key}.{item.exercise}.{name}", before=a.get(name), after=value)
                )
    return changes
