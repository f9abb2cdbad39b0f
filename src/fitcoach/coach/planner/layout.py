"""Templates and splits: the session kinds of the week (the program's layout for the training
days) and the strength template each strength session follows.
"""

from __future__ import annotations

from fitcoach.coach.planner.timing import PlannerBase
from fitcoach.coach.rules.planning import SessionKind, Slot, Template


class SplitPlanner(PlannerBase):
    """The week's layout: session kinds and the split's strength templates."""

    def layout(self) -> list[tuple[SessionKind, str | None]]:
        """Session kinds with their strength templates, in order."""
        a = self.a
        program = a.prog()
        kinds = list(program.layout[a.training_days])
        warm = self.warmup_minutes()
        avail = self.minutes - warm
        comb = self.rules.timing.combined
        for i, kind in enumerate(kinds):
            if (
                kind == "easy+strength"
                and avail < comb.min_cardio_minutes + comb.min_strength_minutes
            ):
                kinds[i] = "strength"
        strength = [k for k in kinds if "strength" in k]
        if program.strength_templates:
            cycle = program.strength_templates
            self.split_key = f"{a.program_name}+strength"
            self.split_name = f"{a.program_name.replace('_', ' ')} with strength"
        else:
            mixed = any(k in ("easy", "intervals", "long") for k in kinds)
            if mixed and program.mixed_split is not None:
                self.split_key = program.mixed_split
            else:
                self.split_key = self.rules.split_for[max(1, len(strength))][a.level]
            split = self.rules.splits[self.split_key]
            cycle = split.cycle
            self.split_name = split.name
        out: list[tuple[SessionKind, str | None]] = []
        n = 0
        for kind in kinds:
            if "strength" in kind:
                out.append((kind, cycle[n % len(cycle)]))
                n += 1
            else:
                out.append((kind, None))
        return out

    def template_slots(self, template: Template) -> tuple[Slot, ...]:
        if self.a.prog().power_first:
            return (self.rules.power_slot, *template.slots)
        return template.slots
