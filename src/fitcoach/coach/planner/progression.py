"""Later weeks: accessories rotate, sets build where volume, time and the weekly cap allow,
cardio grows by at most the weekly step; the last week of a long enough plan deloads.
"""

from __future__ import annotations

import math

from fitcoach.coach.planner.drafts import EPS, CardioBlock, Draft
from fitcoach.coach.planner.volume import VolumePlanner

_PROGRESS_ORDER = {"accessory": 0, "core": 1, "main": 2, "power": 3}


class ProgressionPlanner(VolumePlanner):
    """Later weeks: each one a step on from the last, and the deload week."""

    def next_week(self, previous: list[Draft], week: int) -> list[Draft]:
        """``previous`` one week on: accessories rotate, a set is added where allowed, cardio
        grows by at most the weekly step; the safety caps hold against ``previous``."""
        drafts = [d.copy() for d in previous]
        for draft in drafts:
            for lift in draft.lifts:
                lift.flags.discard("progressed")
                lift.flags.discard("rotated")
        rise = 1 + self.a.limits.weekly_sets.max_increase
        before = self.totals(previous, cap=True)
        bounds = self.bounds()
        # Rotate accessories, unless that breaks the weekly cap or moves volume off target.
        missed = self.missed(drafts, bounds)
        for draft in drafts:
            used = {x.record.slug for x in draft.lifts if x.role in ("main", "power")}
            for lift in draft.lifts:
                if lift.role in ("accessory", "core") and len(lift.choice.pool) > 1:
                    index = self.free_index(lift.choice, used, week)
                    if index is not None and index != lift.index:
                        old = lift.index
                        lift.index = index
                        now = self.missed(drafts, bounds)
                        if now > missed + EPS or not self.within_cap(drafts, before, rise):
                            lift.index = old
                        else:
                            missed = now
                            lift.flags.add("rotated")
                used.add(lift.record.slug)
        # One more set where volume, time and the cap allow.
        step = self.rules.progression.sets_step_per_week
        if step:
            for draft in drafts:
                for lift in sorted(draft.lifts, key=lambda x: _PROGRESS_ORDER[x.role]):
                    if lift.role == "power" or lift.sets + step > self.set_range.max:
                        continue
                    if not self.fits(draft, step * self.set_minutes(lift.role)):
                        continue
                    lift.sets += step
                    totals = self.totals(drafts)
                    above = any(
                        totals.get(m, 0.0) > bounds[m][1] + EPS
                        for m in self.catalog.weights(lift.record)
                        if m in bounds
                    )
                    if above or not self.within_cap(drafts, before, rise):
                        lift.sets -= step
                    else:
                        lift.flags.update(("progressed", "built"))
        # Cardio grows toward its full size, at most the weekly step.
        grow = min(self.rules.progression.cardio_step, self.a.limits.cardio_weekly.max_increase)
        for draft in drafts:
            for item in draft.cardio:
                if item.kind == "intervals":
                    continue
                bigger = int(item.duration_s * (1 + grow)) // 60 * 60
                item.duration_s = max(item.duration_s, min(item.target_s, bigger))
        return drafts

    def deload_week(self, previous: list[Draft]) -> list[Draft]:
        """About half the sets, shorter easy cardio, intervals turned into easy work."""
        d = self.rules.deload
        drafts = [x.copy() for x in previous]
        for draft in drafts:
            for lift in draft.lifts:
                lift.flags = {f for f in lift.flags if f in ("short",)}
                lift.sets = max(1, math.floor(lift.sets * d.set_fraction + 0.5))
        # Single sets cannot be halved: leave out low-priority exercises instead, keeping at
        # least one per session, until the week is near the deload fraction of the sets.
        target = math.floor(sum(x.sets for p in previous for x in p.lifts) * d.set_fraction + 0.5)
        while sum(x.sets for p in drafts for x in p.lifts) > max(1, target):
            longest = max(
                (p for p in drafts if len(p.lifts) > 1),
                key=lambda p: sum(x.sets for x in p.lifts),
                default=None,
            )
            if longest is None:
                break
            longest.lifts.pop()
        # Each session's cardio shrinks once, to the deload fraction of last week's.
        for draft in drafts:
            for i, item in enumerate(draft.cardio):
                seconds = max(60, int(item.duration_s * d.cardio_fraction) // 60 * 60)
                if item.kind == "intervals":
                    easy = self.catalog.cardio("easy")
                    if easy is not None:
                        if draft.template is None:
                            draft.name = f"Easy {easy[0].name.lower()}"
                        draft.cardio[i] = CardioBlock(
                            "easy", item.role, easy[0], tuple(easy[1]), seconds, seconds
                        )
                        continue
                    item.repeats = max(1, math.floor(item.repeats * d.cardio_fraction))
                    rule = self.rules.cardio.intervals[self.a.level]
                    item.duration_s = item.repeats * (rule.work_s + rule.rest_s)
                    continue
                item.duration_s = min(item.duration_s, seconds)
        return drafts
