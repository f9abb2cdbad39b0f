"""Progression calculators: what the next prescription is, decided from what was logged.

Pure functions over plain records (no database): each returns a typed decision with its
``Reason`` objects. The numbers come from ``coach/rules/progression.yaml`` (validated by
``coach.rules.progression``), each rule with its published source:

- **double progression** (ACSM 2009): reps climb within the range at or above the target RIR;
  at the top of the range the load goes up (+2.5 kg upper body, +5 kg lower body, kept within
  2–5 % of the load) and the reps go back to the bottom;
- **RIR autoregulation** (Helms et al. 2016; Zourdos et al. 2016): sets logged ≥ 1.5 RIR easier
  than the target take a bigger step; sets ≥ 1 RIR harder hold, ≥ 2 RIR harder step down;
- **missed reps**: a second consecutive session below the rep floor lowers the load 5–10 %;
- **athlete feedback** (guided workout, ``coach.feedback``): "too hard" counts as a logged RIR
  ``hold_by`` under the target (hold), "too easy" as ``easier_by`` over it (the bigger step);
  a pain report in the exposures never lets the exercise progress;
- **form breakdown** (the form check of a filmed set): a set whose form broke down in the
  session being reviewed does not count toward a load increase: the load holds;
- **no logs, no change**: an item without logged sets holds ("no sets logged");
- **deload**: scheduled, or readiness low on ≥ 3 of the last 5 days, or ACWR above 1.5;
- **cardio ramp**: weekly aerobic volume grows at most 10 % over what was done.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.rules.progression import ProgressionRules, rules

StrengthAction = Literal["load_up", "reps_up", "range_up", "hold", "load_down", "range_down"]
CardioAction = Literal["ramp", "hold"]
DeloadTrigger = Literal["scheduled", "readiness", "acwr"]


@dataclass(frozen=True)
class LoggedSet:
    """A logged working set (warm-ups are left out by the caller)."""

    reps: int
    weight_kg: float | None = None
    rir: float | None = None
    completed: bool = True
    # The form check (``fitcoach.ml.form``) judged the set a breakdown: it shows the load is
    # not owned yet, so it never counts toward a load increase.
    form_breakdown: bool = False


@dataclass(frozen=True)
class Exposure:
    """One session's working sets of one exercise."""

    day: date
    sets: tuple[LoggedSet, ...]
    # What the athlete said about the exercise that day (``coach.feedback`` kinds).
    feedback: frozenset[str] = frozenset()

    @property
    def load_kg(self) -> float | None:
        """The heaviest working load of the session (None: bodyweight only)."""
        loads = [s.weight_kg for s in self.sets if s.weight_kg]
        return max(loads) if loads else None

    @property
    def min_reps(self) -> int:
        """The fewest reps of a set (an incomplete set counts as 0)."""
        return min((s.reps if s.completed else 0) for s in self.sets) if self.sets else 0

    @property
    def mean_rir(self) -> float | None:
        """The mean logged RIR over the sets that have one."""
        rirs = [s.rir for s in self.sets if s.rir is not None]
        return round(sum(rirs) / len(rirs), 2) if rirs else None

    def missed_floor(self, rep_min: int) -> bool:
        """Whether any set fell below ``rep_min`` or was not completed."""
        return any(not s.completed or s.reps < rep_min for s in self.sets)


@dataclass(frozen=True)
class StrengthTarget:
    """What was prescribed: a rep range at a target RIR, the load in kg when known;
    ``bodyweight`` for exercises done without added load (their range moves instead)."""

    rep_min: int
    rep_max: int
    target_rir: float
    load_kg: float | None = None
    lower_body: bool = False
    bodyweight: bool = False


@dataclass(frozen=True)
class StrengthDecision:
    """The next prescription of one strength item and why.

    ``load_kg`` None keeps the planned load as it is (nothing to base a number on);
    ``target_reps`` is the rep count to aim for in every set next time.
    """

    action: StrengthAction
    rep_min: int
    rep_max: int
    target_reps: int
    load_kg: float | None
    step_kg: float | None
    reasons: tuple[Reason, ...]
    logged_load_kg: float | None = None
    logged_min_reps: int | None = None
    logged_rir: float | None = None

    @property
    def direction(self) -> int:
        """+1 harder (more load or reps), 0 hold, -1 easier."""
        if self.action in ("load_up", "reps_up", "range_up"):
            return 1
        if self.action in ("load_down", "range_down"):
            return -1
        return 0


def round_load(value: float, increment: float) -> float:
    """``value`` rounded to the nearest ``increment`` (never negative)."""
    return max(0.0, round(round(value / increment) * increment, 3))


def load_step_kg(load_kg: float, lower_body: bool, r: ProgressionRules | None = None) -> float:
    """The double-progression step for a load: the region's kg step kept within the rule's
    percentage range of the load, rounded to the increment, and at least one increment."""
    dp = (r or rules()).double_progression
    base = dp.load_step_kg.lower if lower_body else dp.load_step_kg.upper
    low = load_kg * dp.load_step_pct.min / 100
    high = load_kg * dp.load_step_pct.max / 100
    step = min(max(base, low), high)
    return max(dp.increment_kg, round_load(step, dp.increment_kg))


def _kg(value: float) -> str:
    return f"{value:g} kg"


def miss_streak(exposures: Sequence[Exposure], rep_min: int) -> int:
    """How many of the latest exposures in a row fell below the rep floor."""
    streak = 0
    for exposure in reversed(exposures):
        if not exposure.missed_floor(rep_min):
            break
        streak += 1
    return streak


def strength_decision(
    target: StrengthTarget,
    exposures: Sequence[Exposure],
    r: ProgressionRules | None = None,
) -> StrengthDecision:
    """Decide the next prescription of a strength item from its logged exposures (oldest first;
    the last one is the session being reviewed).

    Feedback on the exposures counts too: "too hard"/"too easy" on the last session's day move
    its RIR (see ``_decide``); "pain" on any exposure turns a progression into a hold. A form
    breakdown in a set of the last session turns a load increase into a hold at the same load.
    """
    r = r or rules()
    decision = _decide(target, exposures, r)
    done = [e for e in exposures if e.sets]
    broke = sum(1 for s in done[-1].sets if s.form_breakdown) if done else 0
    if broke and decision.action == "load_up":
        decision = replace(
            decision,
            action="hold",
            load_kg=decision.logged_load_kg
            if decision.logged_load_kg is not None
            else target.load_kg,
            step_kg=None,
            target_reps=target.rep_max,
            reasons=(reason("form_breakdown_hold", sets=broke, date=done[-1].day.isoformat()),),
        )
    pain = sorted({e.day for e in exposures if "pain" in e.feedback})
    if not pain:
        return decision
    said = reason("pain_hold", date=pain[-1].isoformat())
    if decision.direction <= 0:
        return replace(decision, reasons=(*decision.reasons, said))
    loads = [x for x in (decision.logged_load_kg, target.load_kg) if x is not None]
    keep = min(loads) if loads else None
    return replace(
        decision,
        action="hold",
        rep_min=target.rep_min,
        rep_max=target.rep_max,
        target_reps=target.rep_min,
        load_kg=keep,
        step_kg=None,
        reasons=(said,),
    )


def _decide(
    target: StrengthTarget, exposures: Sequence[Exposure], r: ProgressionRules
) -> StrengthDecision:
    dp, auto, missed = r.double_progression, r.rir_autoregulation, r.missed_reps
    done = [e for e in exposures if e.sets]
    felt: tuple[Reason, ...] = ()

    def out(
        action: StrengthAction,
        reasons: tuple[Reason, ...],
        *,
        load: float | None = target.load_kg,
        step: float | None = None,
        reps: int = target.rep_min,
        rep_min: int = target.rep_min,
        rep_max: int = target.rep_max,
    ) -> StrengthDecision:
        last = done[-1] if done else None
        return StrengthDecision(
            action=action,
            rep_min=rep_min,
            rep_max=rep_max,
            target_reps=reps,
            load_kg=load,
            step_kg=step,
            reasons=(*reasons, *felt),
            logged_load_kg=last.load_kg if last else None,
            logged_min_reps=last.min_reps if last else None,
            logged_rir=last.mean_rir if last else None,
        )

    if not done:
        return out("hold", (reason("hold", why="no sets logged"),))

    last = done[-1]
    load = last.load_kg if last.load_kg is not None else target.load_kg
    bodyweight = target.bodyweight and last.load_kg is None
    rir = last.mean_rir
    said = frozenset().union(*(e.feedback for e in exposures if e.day == last.day))
    if "too_hard" in said:  # at least hold_by under the target: hold (or less)
        floor = target.target_rir - auto.hold_by
        rir = min(rir, floor) if rir is not None else floor
        felt = (reason("feedback_too_hard", rir=round(max(rir, 0.0), 2)),)
    elif "too_easy" in said:  # at least easier_by over the target: the bigger step
        ceiling = target.target_rir + auto.easier_by
        rir = max(rir, ceiling) if rir is not None else ceiling
        felt = (reason("feedback_too_easy", rir=round(rir, 2)),)
    harder = target.target_rir - rir if rir is not None else 0.0
    easier = rir - target.target_rir if rir is not None else 0.0
    streak = miss_streak(done, target.rep_min)
    at_top = not last.missed_floor(target.rep_max)
    keep_reps = min(max(last.min_reps, target.rep_min), target.rep_max)

    if streak >= missed.consecutive_sessions:
        shortfall = target.rep_min - last.min_reps
        if bodyweight:
            step_reps = dp.bodyweight_range_step
            low = max(1, target.rep_min - step_reps)
            high = max(low, target.rep_max - step_reps)
            return out(
                "range_down",
                (reason("bodyweight_range_down", misses=streak, low=low, high=high),),
                load=None,
                reps=low,
                rep_min=low,
                rep_max=high,
            )
        assert load is not None
        pct = (
            missed.reduce_pct.small
            if shortfall <= missed.small_miss_reps
            else missed.reduce_pct.large
        )
        new = round_load(load * (1 - pct / 100), dp.increment_kg)
        new = min(new, round_load(load - dp.increment_kg, dp.increment_kg))
        return out(
            "load_down",
            (
                reason(
                    "missed_reduce",
                    misses=streak,
                    logged=_kg(load),
                    step=_kg(round(load - new, 3)),
                    load=_kg(new),
                ),
            ),
            load=new,
            step=round(new - load, 3),
        )

    if rir is not None and harder >= auto.reduce_by and load is not None and not bodyweight:
        step = load_step_kg(load, target.lower_body, r)
        new = round_load(load - step, dp.increment_kg)
        return out(
            "load_down",
            (
                reason(
                    "rir_autoregulation_down",
                    rir=rir,
                    target=target.target_rir,
                    logged=_kg(load),
                    step=_kg(round(load - new, 3)),
                    load=_kg(new),
                ),
            ),
            load=new,
            step=round(new - load, 3),
            reps=keep_reps,
        )
    if rir is not None and harder >= auto.hold_by:
        why = f"sets were harder than planned (RIR {rir:g} vs target {target.target_rir:g})"
        return out("hold", (reason("hold", why=why),), load=load, reps=keep_reps)
    if streak == 1:
        why = (
            f"{last.min_reps} reps is below the floor of {target.rep_min}; "
            f"another miss in a row lowers the load"
        )
        return out("hold", (reason("hold", why=why),), load=load)

    if bodyweight:
        if at_top and harder <= 0:
            step_reps = dp.bodyweight_range_step
            high = min(dp.bodyweight_rep_max, target.rep_max + step_reps)
            low = min(high, target.rep_min + step_reps)
            if high == target.rep_max:
                why = f"already at the top of the bodyweight range ({high} reps)"
                return out("hold", (reason("hold", why=why),), load=None, reps=high)
            return out(
                "range_up",
                (reason("bodyweight_range_up", low=low, high=high),),
                load=None,
                reps=low,
                rep_min=low,
                rep_max=high,
            )
        reps = min(last.min_reps + dp.rep_step, target.rep_max)
        return out(
            "reps_up",
            (reason("double_progression_reps", reps=last.min_reps, rir=target.target_rir),),
            load=None,
            reps=reps,
        )

    if load is None:  # reps logged without a load on a loaded exercise: progress reps only
        reps = min(last.min_reps + dp.rep_step, target.rep_max)
        if reps <= last.min_reps:
            why = "top of the range reached but no load was logged; log the weight to progress"
            return out("hold", (reason("hold", why=why),), load=None, reps=reps)
        return out(
            "reps_up",
            (reason("double_progression_reps", reps=last.min_reps, rir=target.target_rir),),
            load=None,
            reps=reps,
        )

    if rir is not None and easier >= auto.easier_by:
        normal = load_step_kg(load, target.lower_body, r)
        cap = max(normal, round_load(load * auto.bigger_step_max_pct / 100, dp.increment_kg))
        step = min(round_load(normal * auto.bigger_step_factor, dp.increment_kg), cap)
        new = round_load(load + step, dp.increment_kg)
        return out(
            "load_up",
            (
                reason(
                    "rir_autoregulation_up",
                    rir=rir,
                    target=target.target_rir,
                    logged=_kg(load),
                    step=_kg(round(new - load, 3)),
                    load=_kg(new),
                ),
                reason("double_progression_reset", reps=target.rep_min),
            ),
            load=new,
            step=round(new - load, 3),
        )
    if at_top:
        if harder > 0:
            why = (
                f"top of the range but at RIR {rir:g}, below the target {target.target_rir:g}; "
                f"repeat before adding load"
            )
            return out("hold", (reason("hold", why=why),), load=load, reps=target.rep_max)
        step = load_step_kg(load, target.lower_body, r)
        new = round_load(load + step, dp.increment_kg)
        return out(
            "load_up",
            (
                reason(
                    "double_progression_load",
                    logged=_kg(load),
                    step=_kg(round(new - load, 3)),
                    load=_kg(new),
                ),
                reason("double_progression_reset", reps=target.rep_min),
            ),
            load=new,
            step=round(new - load, 3),
        )
    reps = min(last.min_reps + dp.rep_step, target.rep_max)
    return out(
        "reps_up",
        (reason("double_progression_reps", reps=last.min_reps, rir=target.target_rir),),
        load=load,
        reps=reps,
    )


# Reason codes that state a load change (replaced when the plan's own load is kept).
LOAD_STEP_CODES = frozenset(
    {"double_progression_load", "rir_autoregulation_up", "rir_autoregulation_down", "missed_reduce"}
)


def against_plan(decision: StrengthDecision, planned_kg: float | None) -> StrengthDecision:
    """``decision`` stated against the load the plan already has next time.

    A decision is measured from what was lifted (and the safety validator caps the next load
    from what was done), but the plan's next load may differ: the planner raises loads through
    a block, or the athlete lifted less or more than planned. When a step up from what was
    lifted still lowers the planned load (or a step down raises it), the step's reason would
    say "+2.5 kg" beside a lighter weight: it is replaced by ``load_vs_plan``, which names the
    planned load, the new one and the step from what was lifted, and the action follows the
    plan's load (``load_down`` when it goes down). A hold or a change of reps that moves the
    planned weight to the one lifted says so too (``load_as_logged``)."""
    new = decision.load_kg
    if planned_kg is None or new is None or math.isclose(new, planned_kg, abs_tol=1e-6):
        return decision
    logged = decision.logged_load_kg if decision.logged_load_kg is not None else new
    if decision.action in ("load_up", "load_down"):
        action: StrengthAction = "load_up" if new > planned_kg else "load_down"
        if action == decision.action:
            return decision  # the step's reason names the load it goes to
        way = "up" if new > logged else "down"
        said = reason(
            "load_vs_plan",
            load=_kg(new),
            planned=_kg(planned_kg),
            step=_kg(round(abs(new - logged), 3)),
            way=way,
            logged=_kg(logged),
        )
        others = tuple(x for x in decision.reasons if x.code not in LOAD_STEP_CODES)
        return replace(decision, action=action, reasons=(said, *others))
    said = reason("load_as_logged", load=_kg(new), planned=_kg(planned_kg))
    return replace(decision, reasons=(*decision.reasons, said))


# --- cardio -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardioDecision:
    """Next week's aerobic volume (seconds or metres, the unit the caller used) and why.

    ``reference`` is what the 10 % cap is measured from: the volume done when the week was
    completed, this week's planned volume otherwise (then nothing increases).
    """

    action: CardioAction
    volume: float
    reference: float
    reasons: tuple[Reason, ...]

    @property
    def increase_pct(self) -> float:
        """The increase over the reference, in percent (0 when none)."""
        if self.reference <= 0:
            return 0.0
        return max(0.0, (self.volume / self.reference - 1) * 100)


def cardio_decision(
    *,
    planned_this: float,
    logged_this: float,
    planned_next: float,
    r: ProgressionRules | None = None,
) -> CardioDecision:
    """Next week's aerobic volume: at most +10 % over what was done, never above the plan.

    A week not completed (less than ``completed_pct`` of the plan logged) holds at this week's
    planned volume; a week without cardio logged holds too.
    """
    if min(planned_this, logged_this, planned_next) < 0:
        raise ValueError("cardio volumes must not be negative")
    c = (r or rules()).cardio
    if logged_this <= 0 and planned_this <= 0:
        why = "no cardio planned or logged this week; next week's starts as planned"
        return CardioDecision("hold", planned_next, 0.0, (reason("hold", why=why),))
    if logged_this <= 0:
        volume = min(planned_next, planned_this)
        return CardioDecision(
            "hold", volume, planned_this, (reason("hold", why="no cardio logged this week"),)
        )
    completed = planned_this <= 0 or logged_this * 100 >= planned_this * c.completed_pct
    if not completed:
        share = round(100 * logged_this / planned_this)
        volume = min(planned_next, planned_this)
        why = f"{share}% of the planned cardio was done; volume is not increased"
        return CardioDecision("hold", volume, planned_this, (reason("hold", why=why),))
    cap = logged_this * (1 + c.max_weekly_increase_pct / 100)
    volume = min(planned_next, cap)
    reference = logged_this
    pct = (volume / reference - 1) * 100
    if pct > 0.5:
        shown = float(min(math.floor(pct), c.max_weekly_increase_pct))
        return CardioDecision("ramp", volume, reference, (reason("cardio_ramp", pct=shown),))
    why = "cardio volume stays where the plan has it"
    return CardioDecision("hold", volume, reference, (reason("hold", why=why),))


# --- deload -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessDay:
    """A day's readiness: a colour (green/yellow/red) and a 0-100 score, or calibrating."""

    day: date
    colour: str | None
    score: float | None


@dataclass(frozen=True)
class DeloadDecision:
    """Whether next week deloads, what triggered it, and the limits that were checked."""

    deload: bool
    trigger: DeloadTrigger | None
    low_days: int
    acwr: float | None
    reasons: tuple[Reason, ...]


def low_readiness_days(days: Sequence[ReadinessDay], r: ProgressionRules | None = None) -> int:
    """Low days (red, or a score at or below the rule's threshold) among the latest window."""
    d = (r or rules()).deload
    latest = sorted(days, key=lambda x: x.day)[-d.readiness_window_days :]
    return sum(
        1
        for x in latest
        if x.colour == "red" or (x.score is not None and x.score <= d.readiness_low_score)
    )


def deload_decision(
    *,
    scheduled: bool,
    readiness: Sequence[ReadinessDay],
    acwr: float | None,
    r: ProgressionRules | None = None,
) -> DeloadDecision:
    """Deload when scheduled, when readiness was low on ≥ 3 of the last 5 days, or when the
    acute:chronic workload ratio is above 1.5 (the limits come from the rules)."""
    r = r or rules()
    d = r.deload
    low = low_readiness_days(readiness, r)
    limits = reason(
        "deload_limits", days=d.readiness_low_days, window=d.readiness_window_days, acwr=d.acwr_max
    )
    shown_acwr = round(acwr, 2) if acwr is not None else None
    if acwr is not None and acwr > d.acwr_max:
        return DeloadDecision(
            True, "acwr", low, acwr, (reason("deload_load_spike", acwr=shown_acwr), limits)
        )
    if low >= d.readiness_low_days:
        return DeloadDecision(
            True, "readiness", low, acwr, (reason("deload_readiness", days=low), limits)
        )
    if scheduled:
        why = "scheduled deload week, no load increases"
        return DeloadDecision(True, "scheduled", low, acwr, (reason("hold", why=why),))
    return DeloadDecision(
        False,
        None,
        low,
        acwr,
        (
            reason(
                "deload_not_needed",
                low=low,
                window=d.readiness_window_days,
                acwr="unknown" if shown_acwr is None else shown_acwr,
            ),
            limits,
        ),
    )
