"""The state every planning step shares, and the session timing they all measure against: minutes
per set (reps x tempo + rest), per lift and per session, and the warm-up.
"""

from __future__ import annotations

from fitcoach.coach.planner.athlete import Athlete
from fitcoach.coach.planner.catalog import Catalog, Choice
from fitcoach.coach.planner.drafts import EPS, Draft, Lift
from fitcoach.coach.rules.planning import RepTarget, Role


class PlannerBase:
    """One plan's state (the athlete, the catalog, the choices made so far) and how long
    its sets, lifts and sessions take."""

    def __init__(self, a: Athlete) -> None:
        self.a = a
        self.rules = a.rules
        self.catalog = Catalog(a)
        self.minutes = float(a.inputs.session_minutes)
        self.set_range = a.rules.sets[a.level]
        self.targets = a.rules.schemes[a.scheme][a.level]
        self.rest = a.rules.rest_s[a.scheme]
        self.choices: dict[str, Choice | None] = {}
        self.week_mains: dict[str, set[str]] = {}
        self.split_key = ""
        self.split_name = ""
        self._set_minutes: dict[str, float] = {}

    # timing -----------------------------------------------------------------------------------

    def target(self, role: Role) -> RepTarget:
        return self.targets.of(role)

    def set_minutes(self, role: Role) -> float:
        found = self._set_minutes.get(role)
        if found is None:
            low, high = self.target(role).reps
            seconds = (low + high) / 2 * self.rules.timing.seconds_per_rep + self.rest.of(role)
            found = self._set_minutes[role] = seconds / 60
        return found

    def lift_minutes(self, lift: Lift, sets: int | None = None) -> float:
        count = lift.sets if sets is None else sets
        return self.rules.timing.changeover_s / 60 + count * self.set_minutes(lift.role)

    def cardio_minutes(self, draft: Draft, *, full: bool = False) -> float:
        return sum((c.target_s if full else c.duration_s) / 60 for c in draft.cardio)

    def total(self, draft: Draft, *, full: bool = True) -> float:
        lifting = sum(self.lift_minutes(lift) for lift in draft.lifts)
        return draft.warmup_min + self.cardio_minutes(draft, full=full) + lifting

    def fits(self, draft: Draft, extra: float) -> bool:
        return self.total(draft) + extra <= self.minutes + EPS

    def warmup_minutes(self) -> float:
        w = self.rules.timing.warmup
        return float(round(min(w.max_minutes, max(w.min_minutes, w.fraction * self.minutes))))

    def free_index(self, choice: Choice, used: set[str], week: int = 1) -> int | None:
        """The pool position for ``week`` (rotating accessories), skipping exercises in use."""
        size = len(choice.pool)
        for step in range(size):
            index = (choice.offset + week - 1 + step) % size
            if choice.pool[index].slug not in used:
                return index
        return None
