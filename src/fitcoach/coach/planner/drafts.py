"""A week under construction: the lifts, cardio blocks and sessions the planner sizes before
they become plan items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fitcoach.coach.explanations import Reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.planner.catalog import Choice
from fitcoach.coach.rules.planning import CardioKind, Role, SessionKind, Slot

ROLE_ORDER = {"power": 0, "main": 1, "accessory": 2, "core": 3}


EPS = 1e-9


@dataclass
class Lift:
    """A strength item being planned."""

    slot: Slot
    key: str
    choice: Choice
    index: int  # position in the pool this week
    sets: int
    fill: str | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def record(self) -> ExerciseRecord:
        return self.choice.pool[self.index]

    @property
    def role(self) -> Role:
        return self.slot.role

    def copy(self) -> Lift:
        return Lift(
            self.slot, self.key, self.choice, self.index, self.sets, self.fill, set(self.flags)
        )


@dataclass
class CardioBlock:
    """A cardio item being planned: full size (``target_s``) and this week's size."""

    kind: CardioKind
    role: str  # session | finisher | block
    record: ExerciseRecord
    reasons: tuple[Reason, ...]
    target_s: int
    duration_s: int
    repeats: int = 0

    def copy(self) -> CardioBlock:
        return CardioBlock(
            self.kind,
            self.role,
            self.record,
            self.reasons,
            self.target_s,
            self.duration_s,
            self.repeats,
        )


@dataclass
class Draft:
    """A session being planned."""

    kind: SessionKind
    template: str | None
    name: str
    focus: str
    warmup_min: float
    cardio: list[CardioBlock]
    lifts: list[Lift]
    notes: list[Reason] = field(default_factory=list)

    def copy(self) -> Draft:
        return Draft(
            self.kind,
            self.template,
            self.name,
            self.focus,
            self.warmup_min,
            [c.copy() for c in self.cardio],
            [lift.copy() for lift in self.lifts],
            list(self.notes),
        )


def execution_key(lift: Lift) -> tuple[int, int]:
    rec = lift.record
    return (ROLE_ORDER[lift.role], 0 if rec.mechanics == "compound" else 1)
