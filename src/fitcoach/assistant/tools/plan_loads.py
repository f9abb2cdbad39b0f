"""What a load change ("add 5 kg to my squat") is added to: the plan's next load in kg, or,
where the plan doses the exercise by effort (RIR), the athlete's last logged working load.
With neither, the change is not guessed: the athlete is asked what they lift now."""

from __future__ import annotations

from dataclasses import dataclass

from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.tools.common import day_words, exercise_name, num
from fitcoach.coach.plan import StrengthItem
from fitcoach.coach.rules.safety import safety_limits
from fitcoach.coach.safety.loads import kg_cap
from fitcoach.coach.today import upcoming
from fitcoach.core.errors import InvalidInput
from fitcoach.services import plans, training_log


class NeedsCurrentLoad(InvalidInput):
    """No load to add a change to: the plan doses the exercise by effort and the training log
    has no loaded working set of it. Its message is the one question to ask."""


@dataclass(frozen=True)
class LoadBase:
    """The load a change is added to, and where it came from in words ("" for the plan's own
    load, which the change's line already shows)."""

    kg: float
    said: str = ""


def planned_kg(tctx: ToolContext, slug: str) -> float | None:
    """The load in kg the plan in force gives ``slug`` next; None when it doses it by effort.
    ``InvalidInput`` when no upcoming session has it."""
    plan = plans.current(tctx.service, tctx.athlete_id).plan
    assert plan is not None
    found = False
    for p in upcoming(plan, tctx.today()):
        for item in plan.session(p.key).items:
            if not isinstance(item, StrengthItem) or item.exercise != slug:
                continue
            found = True
            if item.load.kind == "kg" and item.load.value is not None:
                return float(item.load.value)
    if not found:
        raise InvalidInput(
            f"{exercise_name(slug)} is not in your upcoming sessions, so it has no load"
        )
    return None


def load_base(tctx: ToolContext, slug: str, delta_kg: float) -> LoadBase:
    """What ``delta_kg`` is added to for ``slug``: the plan's next load in kg; else the last
    logged working load (scoped to the athlete), said with its day; else ``NeedsCurrentLoad``.
    An increase over the one step the safety rules allow from a logged load is refused here,
    as the validator refuses it from a planned one (an effort-dosed plan gives it no kg to
    step from)."""
    planned = planned_kg(tctx, slug)
    if planned is not None:
        return LoadBase(planned)
    name = exercise_name(slug)
    last = training_log.last_working_load(tctx.service, tctx.athlete_id, slug)
    if last is None:
        amount = num(abs(delta_kg), 2)
        change = f"add {amount} kg to" if delta_kg >= 0 else f"take {amount} kg off"
        raise NeedsCurrentLoad(
            f"What do you lift on {name.lower()} now? Your plan doses it by effort (reps in "
            f"reserve) and your training log has no {name} with a load yet, so I won't guess "
            f"what to {change}. Tell me, for example "
            f'"set my {name.lower()} to 60 kg", and I\'ll propose that.' + big_jump(slug, delta_kg)
        )
    said = _said(tctx, last)
    _one_step(said, name, last.weight_kg, last.weight_kg + delta_kg, f"+{num(delta_kg, 2)} kg")
    return LoadBase(last.weight_kg, said)


def set_load_check(tctx: ToolContext, slug: str, load_kg: float) -> str:
    """A new load said outright ("set my squat to 120 kg") for a lift the plan doses by effort:
    the validator has no planned kg to step from, so the step is checked here against the last
    logged working load, as for a change (``load_base``). Returns where that load came from in
    words ("" when the plan has a kg load, which the validator guards, or nothing is logged:
    the athlete's own figure is their starting load)."""
    if planned_kg(tctx, slug) is not None:
        return ""
    last = training_log.last_working_load(tctx.service, tctx.athlete_id, slug)
    if last is None:
        return ""
    said = _said(tctx, last)
    _one_step(said, exercise_name(slug), last.weight_kg, load_kg, f"{num(load_kg, 2)} kg")
    return said


def _said(tctx: ToolContext, last: training_log.LastLoad) -> str:
    name = exercise_name(last.exercise)
    return (
        f"your last {name} was {num(last.weight_kg, 2)} kg on {day_words(last.day, tctx.today())}"
    )


def _one_step(said: str, name: str, base: float, target: float, asked: str) -> None:
    """Refuses ``target`` when it is more than one safe step above ``base`` (``kg_cap``)."""
    cap = kg_cap(safety_limits().load_increase, base)
    if target > cap + 1e-6:
        step = cap - base
        raise InvalidInput(
            f"{said}, and {asked} is more than one safe step from it: loads go up by at most "
            f"{num(step, 2)} kg from there (to {num(cap, 2)} kg). Your plan is unchanged; say "
            f'"add {num(step, 2)} kg to my {name.lower()}" if you want that'
        )


def big_jump(slug: str, delta: float) -> str:
    """A warning when a load change is bigger than any single step the rules allow."""
    rule = safety_limits().load_increase
    if delta <= 2 * rule.kg_min_step:
        return ""
    return (
        f" Note that +{num(delta)} kg in one go is far more than a safe step: loads rise by "
        f"max({num(rule.kg_min_step)} kg, {round(rule.relative * 100)} %) at a time, so add "
        f"{num(rule.kg_min_step)}-{num(2 * rule.kg_min_step)} kg to {exercise_name(slug)} and "
        f"build from there."
    )
