"""Volume balancing: weekly fractional sets per muscle steered between MEV and MAV by greedy
moves (a set more or less, a swap, a drop, a fill exercise), and the safety cap on how fast
they may rise.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.planner.catalog import Choice
from fitcoach.coach.planner.drafts import EPS, Draft, Lift
from fitcoach.coach.planner.timing import PlannerBase
from fitcoach.coach.rules.planning import Slot

_BALANCE_STEPS = 80


class VolumePlanner(PlannerBase):
    """Weekly sets per muscle: the bounds aimed for, the totals, and the moves between."""

    def bounds(self) -> dict[str, tuple[float, float]]:
        """(low, high) weekly fractional sets per muscle the week aims for."""
        a = self.a
        major = set(self.rules.volume.major_muscles)
        out: dict[str, tuple[float, float]] = {}
        if a.prog().volume == "targets":
            for muscle, marks in a.landmarks.items():
                low = max(marks.mev, 1.0) if muscle in major else marks.mev
                out[muscle] = (low, marks.mav)
        else:
            for muscle in major:
                found = a.landmarks.get(muscle)
                out[muscle] = (1.0, found.mav if found is not None else math.inf)
        return out

    def totals(self, drafts: Sequence[Draft], *, cap: bool = False) -> dict[str, float]:
        out: dict[str, float] = {}
        get = out.get  # called some 80 times per plan: the loop is most of the balancing
        weights = self.catalog.cap_weights if cap else self.catalog.weights
        for draft in drafts:
            for lift in draft.lifts:
                sets = lift.sets
                for muscle, w in weights(lift.choice.pool[lift.index]).items():
                    out[muscle] = get(muscle, 0.0) + w * sets
        return out

    def balance(self, drafts: list[Draft]) -> None:
        """Steer weekly sets per muscle into [low, high] by greedy local moves: remove or add
        a set, swap or drop an accessory, or add a fill exercise where time allows."""
        bounds = self.bounds()
        if not bounds:
            return
        totals = self.totals(drafts)

        def miss(muscle: str, value: float) -> float:
            low, high = bounds[muscle]
            return max(0.0, low - value) + max(0.0, value - high)

        def gain(delta: Mapping[str, float]) -> float:
            change = 0.0
            for muscle, d in delta.items():
                if muscle in bounds and d:
                    value = totals.get(muscle, 0.0)
                    change += miss(muscle, value + d) - miss(muscle, value)
            return change

        def scaled(rec: ExerciseRecord, sets: float) -> dict[str, float]:
            return {m: w * sets for m, w in self.catalog.weights(rec).items()}

        for _ in range(_BALANCE_STEPS):
            off = {m for m in bounds if miss(m, totals.get(m, 0.0)) > EPS}
            if not off:
                return
            # Best move: the largest improvement; then the gentler kind of move; then, between
            # equal moves, taking from the longest session and adding to the shortest.
            best: tuple[tuple[float, int, float], Any] | None = None

            def consider(score: float, rank: int, tie: float, move: Any) -> None:
                nonlocal best
                key = (round(score, 9), rank, round(tie, 9))
                if key[0] < -EPS and (best is None or key < best[0]):
                    best = (key, move)

            for d_index, draft in enumerate(drafts):
                if not draft.lifts:
                    continue
                length = self.total(draft)
                used = {x.record.slug for x in draft.lifts}
                for l_index, lift in enumerate(draft.lifts):
                    rec = lift.record
                    if not off.intersection(self.catalog.weights(rec)):
                        continue
                    if lift.sets > self.set_range.min:
                        consider(gain(scaled(rec, -1)), 0, -length, ("minus", d_index, l_index))
                    per_set = self.set_minutes(lift.role)
                    if lift.sets < self.set_range.max and length + per_set <= self.minutes + EPS:
                        consider(gain(scaled(rec, 1)), 1, length, ("plus", d_index, l_index))
                    if lift.role not in ("accessory", "core"):
                        continue
                    removed = scaled(rec, -lift.sets)
                    for alt in self.catalog.pool(lift.slot):
                        if alt.slug in used:
                            continue
                        delta = scaled(alt, lift.sets)
                        for m, v in removed.items():
                            delta[m] = delta.get(m, 0.0) + v
                        consider(gain(delta), 2, -length, ("swap", d_index, l_index, alt))
                    if len(draft.lifts) > 1:
                        consider(gain(removed), 3, -length, ("drop", d_index, l_index))
            for muscle in sorted(off):
                if totals.get(muscle, 0.0) >= bounds[muscle][0]:
                    continue
                found = self.fill_move(drafts, muscle)
                if found is not None:
                    d_index, lift = found
                    length = self.total(drafts[d_index])
                    consider(
                        gain(scaled(lift.record, lift.sets)), 4, length, ("fill", d_index, lift)
                    )
            if best is None:
                return
            self.apply(drafts, best[1])
            totals = self.totals(drafts)

    def apply(self, drafts: list[Draft], move: tuple[Any, ...]) -> None:
        kind, d_index = move[0], move[1]
        draft = drafts[d_index]
        if kind == "fill":
            draft.lifts.append(move[2])
            return
        lift = draft.lifts[move[2]]
        if kind == "minus":
            lift.sets -= 1
            lift.flags.add("balanced")
        elif kind == "plus":
            lift.sets += 1
            lift.flags.add("balanced")
        elif kind == "drop":
            draft.lifts.pop(move[2])
        elif kind == "swap":
            alt: ExerciseRecord = move[3]
            lift.choice = Choice(pool=(alt,), offset=0, reasons=lift.choice.reasons)
            lift.index = 0
            lift.flags.add("balanced")

    def fill_move(self, drafts: list[Draft], muscle: str) -> tuple[int, Lift] | None:
        """A fill exercise for ``muscle`` in the session with the most spare time that may hold it."""
        rules = self.rules
        region = (
            "lower"
            if muscle in rules.lower_muscles
            else "core"
            if muscle in rules.core_muscles
            else "upper"
        )
        slots = [
            Slot(
                pattern=p,
                role="core" if p in ("anti_extension", "trunk_flexion") else "accessory",
                muscles=(muscle,),
            )
            for p in rules.volume.fill_patterns.get(muscle, ())
        ]
        order = sorted(
            (i for i, d in enumerate(drafts) if d.template is not None),
            key=lambda i: (self.total(drafts[i]), i),
        )
        for d_index in order:
            draft = drafts[d_index]
            if region not in rules.focus_regions.get(draft.focus, frozenset()):
                continue
            used = {x.record.slug for x in draft.lifts}
            for slot in slots:
                if not self.fits(
                    draft,
                    self.rules.timing.changeover_s / 60
                    + self.set_range.min * self.set_minutes(slot.role),
                ):
                    continue
                key = f"fill:{muscle}:{slot.pattern}"
                choice = self.catalog.choose(slot, key, used, set())
                if choice is None or choice.substitute:
                    continue
                index = self.free_index(choice, used)
                if index is None:
                    continue
                reasons = (*choice.reasons, self.a.r("volume_fill", muscle=muscle))
                choice = Choice(pool=choice.pool, offset=choice.offset, reasons=reasons)
                return d_index, Lift(slot, key, choice, index, self.set_range.min, fill=muscle)
        return None

    def missed(self, drafts: Sequence[Draft], bounds: Mapping[str, tuple[float, float]]) -> float:
        """How far the week's sets per muscle lie outside ``bounds``, summed over muscles."""
        totals = self.totals(drafts)
        out = 0.0
        for muscle, (low, high) in bounds.items():
            value = totals.get(muscle, 0.0)
            out += max(0.0, low - value) + max(0.0, value - high)
        return out

    def over_cap(
        self, drafts: Sequence[Draft], before: Mapping[str, float], rise: float
    ) -> set[str]:
        """Muscles whose weekly sets rise more than the safety cap over ``before``."""
        now = self.totals(drafts, cap=True)
        return {m for m, base in before.items() if base > 0 and now.get(m, 0.0) > base * rise + EPS}

    def within_cap(self, drafts: Sequence[Draft], before: Mapping[str, float], rise: float) -> bool:
        return not self.over_cap(drafts, before, rise)
