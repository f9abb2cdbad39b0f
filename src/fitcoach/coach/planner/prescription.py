"""Load prescription and the items' explanations: reps in reserve by week, loads from a logged
e1RM, cardio intensities (zones or RPE, capped for conditions), the warm-up, each item with
the reasons for it.
"""

from __future__ import annotations

import math

from fitcoach.analysis.strength import e1rm_kg as epley_e1rm
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import CardioItem, Intensity, Interval, Load, StrengthItem, WarmUp
from fitcoach.coach.planner.athlete import num
from fitcoach.coach.planner.drafts import CardioBlock, Draft, Lift, execution_key
from fitcoach.coach.planner.timing import PlannerBase
from fitcoach.coach.rules.planning import IntensityRule, Role


class PrescriptionPlanner(PlannerBase):
    """Output items: reps in reserve and loads for lifts, intensities for cardio, warm-ups."""

    def rir_for(self, role: Role, week: int, deload: bool, last_rir: float | None = None) -> float:
        start = max(self.a.rir_floor, self.target(role).rir)
        rir = max(self.a.rir_floor, start - self.rules.progression.rir_step_per_week * (week - 1))
        if deload:
            base = rir if last_rir is None else last_rir
            return min(5.0, base + self.rules.deload.rir_add)
        return rir

    def load(self, lift: Lift, rir: float) -> tuple[Load, list[Reason]]:
        a = self.a
        rec = lift.record
        rules = self.rules.loads
        if set(rec.equipment) <= rules.bodyweight_equipment:
            return Load(kind="bodyweight"), [a.r("load_bodyweight", rir=num(rir))]
        e1rm = a.inputs.e1rm_kg.get(rec.slug)
        if e1rm is None:
            return Load(kind="by_rir"), [a.r("start_load_unknown", rir=num(rir))]
        low, high = self.target(lift.role).reps
        reps = (low + high + 1) // 2
        fraction = 1.0 / epley_e1rm(1.0, reps, rir)
        increment = min(
            (rules.increment_kg[e] for e in rec.equipment if e in rules.increment_kg),
            default=rules.increment_kg["default"],
        )
        kg = math.floor(e1rm * fraction / increment + 1e-6) * increment
        if kg < increment:
            return Load(kind="by_rir"), [a.r("start_load_unknown", rir=num(rir))]
        kg = round(kg, 2)
        why = [
            a.r("start_load_estimate", e1rm=num(round(e1rm, 1))),
            a.r("load_from_e1rm", kg=num(kg), pct=round(100 * kg / e1rm), reps=reps, rir=num(rir)),
        ]
        return Load(kind="kg", value=kg), why

    def strength_item(self, lift: Lift, week: int, deload: Reason | None) -> StrengthItem:
        """The output item of a lift in ``week`` (``deload``: the deload week's reason)."""
        a = self.a
        r = a.r
        rec = lift.record
        target = self.target(lift.role)
        is_deload = deload is not None
        rir = self.rir_for(
            lift.role, week, is_deload, self.last_rir(lift.role) if is_deload else None
        )
        load, load_reasons = self.load(lift, rir)
        low, high = target.reps
        reasons = [
            r("goal_rep_range", reps=f"{low}-{high}", goal=a.goal),
            r("level_rir", rir=num(rir), level=a.level),
        ]
        if deload is not None:
            reasons.append(deload)
        elif lift.sets == self.set_range.start:
            reasons.append(r("level_volume", sets=lift.sets, level=a.level))
        if "short" in lift.flags and lift.sets < self.set_range.min:
            reasons.append(
                r(
                    "short_session_sets",
                    sets=lift.sets,
                    usual=self.set_range.min,
                    minutes=a.inputs.session_minutes,
                )
            )
        if "balanced" in lift.flags:
            reasons.append(r("volume_adjusted", sets=lift.sets))
        if "progressed" in lift.flags:
            reasons.append(r("progression_sets", sets=lift.sets))
        elif "built" in lift.flags and deload is None:
            reasons.append(r("sets_built", sets=lift.sets))
        reasons += [
            r("pattern_balance", pattern=rec.movement_pattern),
            r("muscle_coverage", muscles=list(rec.primary_muscles)),
            r("equipment_fit", equipment=list(rec.equipment) or ["bodyweight"]),
            *lift.choice.reasons,
            *load_reasons,
        ]
        if "rotated" in lift.flags:
            reasons.append(r("variety"))
        if a.program_name == "endurance" and lift.fill is None:
            reasons.append(r("strength_block"))
        return StrengthItem(
            exercise=rec.slug,
            sets=lift.sets,
            rep_min=low,
            rep_max=high,
            target_rir=rir,
            load=load,
            rest_s=self.rest.of(lift.role),
            max_test=False,
            reasons=reasons,
        )

    def last_rir(self, role: Role) -> float:
        weeks = self.a.inputs.weeks
        return self.rir_for(role, weeks - 1, False)

    def intensity(
        self, rule: IntensityRule | None, zone: int | None
    ) -> tuple[Intensity, list[Reason]]:
        """An intensity from a zone or an RPE rule, capped for conditions, with its reason."""
        a = self.a
        r = a.r
        cardio = self.rules.cardio
        reasons: list[Reason] = []
        if rule is not None and rule.kind == "rpe":
            rpe = rule.value
            if a.zone_cap is not None and rpe > cardio.rpe_for_zone[a.zone_cap[0]]:
                rpe = cardio.rpe_for_zone[a.zone_cap[0]]
                reasons.append(r("intensity_capped", zone=a.zone_cap[0], condition=a.zone_cap[1]))
            feel = next(
                (z.feel for k, z in sorted(cardio.zones.items()) if cardio.rpe_for_zone[k] >= rpe),
                cardio.zones[5].feel,
            )
            reasons.append(r("cardio_rpe", rpe=num(rpe), feel=feel))
            return Intensity(kind="rpe", value=rpe), reasons
        value = int(rule.value) if rule is not None else (zone or 2)
        if a.zone_cap is not None and value > a.zone_cap[0]:
            value = a.zone_cap[0]
            reasons.append(r("intensity_capped", zone=value, condition=a.zone_cap[1]))
        if a.use_rpe:
            rpe = cardio.rpe_for_zone[value]
            reasons.append(r("cardio_rpe", rpe=num(rpe), feel=cardio.zones[value].feel))
            return Intensity(kind="rpe", value=rpe), reasons
        if a.hr_max is not None:
            z = cardio.zones[value]
            reasons.append(
                r(
                    "cardio_zone",
                    zone=value,
                    low=round(z.low * a.hr_max),
                    high=round(z.high * a.hr_max),
                )
            )
        else:
            reasons.append(r("cardio_feel", zone=value, feel=cardio.zones[value].feel))
        return Intensity(kind="hr_zone", value=value), reasons

    def cardio_output(
        self, item: CardioBlock, previous: int | None, deload: Reason | None
    ) -> CardioItem:
        """The output item of a cardio block (``previous``: last week's seconds, for the ramp)."""
        a = self.a
        r = a.r
        rules = self.rules.cardio
        reasons: list[Reason] = [
            r(
                "cardio_goal",
                minutes=num(round(item.duration_s / 60, 1)),
                modality=item.record.name,
                goal=a.goal,
            ),
            *item.reasons,
        ]
        intervals = None
        if item.kind == "intervals":
            rule = rules.intervals[a.level]
            work, work_why = self.intensity(rule.work, None)
            rest, _ = self.intensity(rule.rest, None)
            intervals = Interval(
                repeats=item.repeats,
                work_s=rule.work_s,
                rest_s=rule.rest_s,
                work_intensity=work,
                rest_intensity=rest,
            )
            intensity = work
            reasons += work_why
            reasons.append(
                r(
                    "cardio_intervals",
                    repeats=item.repeats,
                    work=_duration(rule.work_s),
                    rest=_duration(rule.rest_s),
                )
            )
        else:
            zone = rules.long.zone if item.kind == "long" else rules.easy.zone
            intensity, why = self.intensity(None, zone)
            reasons += why
            if item.role == "finisher":
                reasons.append(r("cardio_finisher", modality=item.record.name.lower()))
            elif item.kind == "long":
                reasons.append(r("cardio_long", minutes=a.inputs.session_minutes))
            else:
                reasons.append(r("cardio_easy"))
        if previous is not None and item.duration_s > previous:
            pct = round(100 * (item.duration_s - previous) / previous)
            reasons.append(r("cardio_ramp", pct=pct))
        if deload is not None:
            reasons.append(deload)
        return CardioItem(
            exercise=item.record.slug,
            duration_s=item.duration_s,
            intensity=intensity,
            intervals=intervals,
            max_test=False,
            reasons=reasons,
        )

    def warmup(self, draft: Draft) -> WarmUp:
        a = self.a
        rules = self.rules.warmup_drills
        focus = draft.focus if draft.template is not None else "cardio"
        drills = [
            self.catalog.by_slug[s].name
            for s in rules.by_focus.get(focus, ())
            if s in self.catalog.by_slug and self.catalog.allowed(self.catalog.by_slug[s])
        ][: rules.count]
        minutes = num(draft.warmup_min)
        steps: list[str] = []
        reasons: list[Reason]
        if draft.template is None:
            name = draft.cardio[0].record.name.lower() if draft.cardio else "cardio"
            steps.append(f"{minutes} min easy {name}, building gradually")
            steps += [f"{d}: a few slow repetitions" for d in drills]
            reasons = [a.r("warmup_cardio", minutes=minutes)]
        else:
            pulse = self.catalog.cardio("easy")
            pulse_name = pulse[0].name.lower() if pulse else "easy movement"
            steps.append(f"{max(2, round(draft.warmup_min / 2))} min {pulse_name}, easy")
            steps += [f"{d}: 5-8 controlled repetitions" for d in drills]
            first = next(
                (x for x in sorted(draft.lifts, key=execution_key) if x.role in ("main", "power")),
                None,
            )
            if first is not None:
                steps.append(
                    f"Ramp-up sets of {first.record.name}: 2-3 lighter sets, fewer reps each"
                )
            reasons = [a.r("warmup")]
        return WarmUp(duration_s=int(draft.warmup_min * 60), steps=steps, reasons=reasons)


def _duration(seconds: int) -> str:
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"
