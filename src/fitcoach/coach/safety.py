"""The safety validator: every plan passes it before an athlete sees it.

``validate_plan`` checks a plan against the athlete's ``SafetyProfile`` and the hard limits in
``rules/safety.yaml`` and returns a ``Verdict``:

- **blocked**: an open red flag (chest pain, fainting, severe breathlessness, resting SpO2 below
  90 %, an irregular-rhythm alert, palpitations with dizziness, an acute injury). No training is
  prescribed; ``escalation`` tells the athlete to stop and see a doctor (emergency services
  first for chest pain and fainting). Riebe et al. 2015, ACSM pre-participation screening.
- **rejected**: something the validator cannot repair safely (more sessions a week than the
  rest days allow, an exercise outside the library, an unsafe exercise without a permitted
  substitute, a weekly volume it cannot bring under the cap). No plan is returned.
- **repaired**: every problem was fixed conservatively; the new plan carries a reason on each
  changed item. Contraindicated exercises and exercises needing missing equipment are replaced
  by the best permitted substitute; loads, weekly sets and cardio time over their caps are
  capped (ACSM 2009 progression models, Gabbett 2016, Nielsen et al. 2014); beginners and
  athletes with hypertension keep reps in reserve (Helms et al. 2016; AHA 2007); maximal tests
  are removed where they do not belong.
- **ok**: nothing to change.

``check_session`` runs it on one session of a stored plan against the profile as it is now
(an injury recorded after approval): the plan service serves every session through it.

The validator is pure: it never mutates its inputs, and validating a repaired plan again gives
``ok``. Sessions already done or skipped are history: they serve as baselines and are never
changed. fitcoach is not a medical device; ``docs/safety.md`` lists every limit and what is
not covered.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import Reason
from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.library import (
    Constraints,
    ExerciseRecord,
    library_records,
    rank_substitutes,
)
from fitcoach.coach.plan import (
    CardioItem,
    Intensity,
    Load,
    Plan,
    PlannedSession,
    StrengthItem,
    Week,
)
from fitcoach.coach.rules.safety import SafetyLimits, safety_limits
from fitcoach.coach.rules.volume import volume_landmarks
from fitcoach.core.errors import InvalidInput

Status = Literal["ok", "repaired", "rejected", "blocked"]
Action = Literal["repaired", "rejected", "blocked"]

# Rule names a violation can carry (stable: tests, analytics and the plan service use them).
RULES = (
    "red_flag",
    "rest_days",
    "unknown_exercise",
    "contraindicated",
    "equipment",
    "max_test",
    "min_rir_beginner",
    "min_rir_condition",
    "load_increase",
    "weekly_sets",
    "cardio_weekly",
)

_EPS = 1e-9
_KEY = re.compile(r"^w(\d+)s(\d+)$")
_LEVEL_RANK = {level: rank for rank, level in enumerate(vocab.LEVELS)}

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class SafetyProfile:
    """What the validator knows about an athlete (``services.health.safety_profile`` builds it).

    ``level`` is beginner, intermediate or advanced (anything else counts as beginner);
    ``age_years`` None means unknown (no maximal tests then); ``open_flags`` are the kinds of
    open red flags.
    """

    athlete_id: int
    age_years: float | None
    level: str
    equipment: frozenset[str]
    injury_regions: frozenset[str]
    conditions: frozenset[str]
    open_flags: tuple[str, ...]


class Violation(BaseModel):
    """One rule the plan broke, what the validator did about it, where, and why."""

    model_config = ConfigDict(frozen=True)

    rule: str
    action: Action
    session_key: str | None = None
    item_index: int | None = None
    reason: Reason
    # Why the item had to change (``contraindicated`` / ``equipment_missing``) where ``reason``
    # says what was done about it: the sentence an athlete needs when a stored plan is served.
    cause: Reason | None = None


class Verdict(BaseModel):
    """The validator's answer: the accepted (possibly repaired) plan, or why there is none."""

    status: Status
    plan: Plan | None
    violations: list[Violation]
    escalation: str | None = None

    @property
    def reasons_text(self) -> list[str]:
        """Each violation's reason as a sentence."""
        return [v.reason.text for v in self.violations]


@lru_cache(maxsize=1)
def default_library() -> Mapping[str, ExerciseRecord]:
    """The shipped exercise library by slug (read-only, cached per process)."""
    return MappingProxyType({r.slug: r for r in library_records()})


def escalation_message(kinds: Sequence[str], limits: SafetyLimits | None = None) -> str:
    """The calm, non-diagnostic message for open red flags: stop, and who to see.

    Crisis kinds (self-harm) come first and point to crisis help, then emergency kinds (chest
    pain, fainting ...) that name emergency services, then the rest; kinds the rule file does
    not know get a general line pointing to a doctor. When every flag is a crisis kind the
    frame speaks of the person's safety, not of a doctor clearing them to train (NICE NG225).
    Riebe et al. 2015.
    """
    rules = limits or safety_limits()
    unique = list(dict.fromkeys(kinds))
    if not unique:
        raise ValueError("escalation_message needs at least one red-flag kind")
    known = [k for k in rules.red_flags if k in unique]
    rank = {"crisis": 0, "emergency": 1, "doctor": 2}
    ordered = sorted(known, key=lambda k: rank[rules.red_flags[k].urgency])
    crisis_only = all(
        k in rules.red_flags and rules.red_flags[k].urgency == "crisis" for k in unique
    )
    frame = rules.escalation
    lines = [frame.crisis_opening if crisis_only else frame.opening]
    lines += [rules.red_flags[k].message for k in ordered]
    if any(k not in rules.red_flags for k in unique):
        lines.append(frame.unknown)
    lines.append(frame.crisis_closing if crisis_only else frame.closing)
    return "\n".join(lines)


def flag_label(kind: str, limits: SafetyLimits | None = None) -> str:
    """The readable name of a red-flag kind."""
    rule = (limits or safety_limits()).red_flags.get(kind)
    return rule.label if rule else kind.replace("_", " ").capitalize()


def validate_plan(
    plan: Plan,
    profile: SafetyProfile,
    library: Mapping[str, ExerciseRecord],
    *,
    previous: Plan | None = None,
    limits: SafetyLimits | None = None,
) -> Verdict:
    """Check ``plan`` for ``profile`` against the safety limits; repair, reject or block.

    ``previous`` is the plan version this one replaces: a session key in both is the same
    session, and week N is compared with week N of ``previous`` (besides the week-over-week
    caps inside the plan). ``library`` maps slugs to exercise records (``default_library()``).
    """
    rules = limits or safety_limits()
    if plan.athlete_id != profile.athlete_id:
        raise InvalidInput(
            f"the plan is for athlete {plan.athlete_id}, the profile for {profile.athlete_id}"
        )
    if previous is not None and previous.athlete_id != plan.athlete_id:
        raise InvalidInput(
            f"the previous plan is for athlete {previous.athlete_id}, not {plan.athlete_id}"
        )
    if profile.open_flags:
        return _blocked(profile.open_flags, rules)

    run = _Run(_working_copy(plan), profile, library, previous, rules)
    run.check()
    violations = run.violations
    if any(v.action == "rejected" for v in violations):
        return Verdict(status="rejected", plan=None, violations=violations)
    if violations:
        repaired = Plan.model_validate(run.plan.model_dump())
        return Verdict(status="repaired", plan=repaired, violations=violations)
    return Verdict(status="ok", plan=run.plan, violations=[])


# Exercise rules whose refusal leaves one item out of a served session; the rest may stand.
_ITEM_RULES = ("contraindicated", "equipment")


class SessionCheck(BaseModel):
    """One session checked on its own against the athlete's profile (``check_session``).

    ``status`` ok: serve it as stored; repaired: serve ``session``, which differs as
    ``reasons`` say; rejected or blocked: nothing in it may be done (``session`` None).
    """

    model_config = ConfigDict(frozen=True)

    status: Status
    session: PlannedSession | None
    reasons: list[Reason]
    escalation: str | None = None


def violation_texts(violations: Sequence[Violation]) -> list[Reason]:
    """Each violation's reason, after its cause where it has one, without repeats."""
    out: list[Reason] = []
    for v in violations:
        for r in (v.cause, v.reason):
            if r is not None and r not in out:
                out.append(r)
    return out


def check_session(
    plan: Plan,
    session: PlannedSession,
    profile: SafetyProfile,
    library: Mapping[str, ExerciseRecord],
    *,
    limits: SafetyLimits | None = None,
) -> SessionCheck:
    """``session`` of ``plan`` through ``validate_plan`` as a one-session plan: what may be
    served of a stored plan now that ``profile`` may have changed since it was approved.

    The rules that depend on the athlete (contraindications, equipment, maximal tests, reps in
    reserve, rest days) are checked; the week-over-week caps are not (they compare weeks, and
    the stored version passed them). An exercise the profile rules out gets the validator's
    substitute, with the cause and the substitute as reasons; one without a permitted
    substitute is left out; when nothing is left, or a rule refuses the whole session, there
    is no session. Cost: one small validation (plus one per exercise left out).
    """
    rules = limits or safety_limits()
    current = session.model_copy(update={"status": "planned"})
    left_out: list[Reason] = []
    while True:
        probe = plan.model_copy(update={"weeks": [Week(index=1, sessions=[current])]})
        verdict = validate_plan(probe, profile, library, limits=rules)
        if verdict.plan is not None:
            break
        refused = [v for v in verdict.violations if v.action != "repaired"]
        if verdict.status == "blocked" or not all(
            v.rule in _ITEM_RULES and v.item_index is not None for v in refused
        ):
            reasons = [*left_out, *violation_texts(refused)]
            return SessionCheck(
                status=verdict.status, session=None, reasons=reasons, escalation=verdict.escalation
            )
        gone = {v.item_index for v in refused}
        left_out += [r for r in violation_texts(refused) if r not in left_out]
        kept = [item for i, item in enumerate(current.items) if i not in gone]
        if not kept:
            nothing = make_reason("session_unsafe", session=session.name)
            return SessionCheck(status="rejected", session=None, reasons=[*left_out, nothing])
        current = current.model_copy(update={"items": kept})
    reasons = [*left_out, *(r for r in violation_texts(verdict.violations) if r not in left_out)]
    if not reasons:
        return SessionCheck(status="ok", session=session, reasons=[])
    served = _warmup_for(session, verdict.plan.weeks[0].sessions[0], library)
    return SessionCheck(status="repaired", session=served, reasons=reasons)


def _warmup_for(
    before: PlannedSession, after: PlannedSession, library: Mapping[str, ExerciseRecord]
) -> PlannedSession:
    """``after``'s warm-up without the exercises the check took out of ``before``: a step that
    names one (the ramp-up sets of the first lift) names its substitute in the same place, or
    goes when the exercise was left out. The warm-up would otherwise prepare a lift that the
    profile now rules out."""
    kept = {item.exercise for item in after.items}
    same_shape = len(before.items) == len(after.items)
    steps: list[str] = []
    for step in after.warmup.steps:
        for index, item in enumerate(before.items):
            record = library.get(item.exercise)
            if item.exercise in kept or record is None or record.name not in step:
                continue
            swap = library.get(after.items[index].exercise) if same_shape else None
            step = step.replace(record.name, swap.name) if swap is not None else ""
        if step:
            steps.append(step)
    if steps == after.warmup.steps:
        return after
    return after.model_copy(update={"warmup": after.warmup.model_copy(update={"steps": steps})})


def _blocked(kinds: Sequence[str], rules: SafetyLimits) -> Verdict:
    unique = list(dict.fromkeys(kinds))
    violations = [
        Violation(
            rule="red_flag",
            action="blocked",
            reason=make_reason("red_flag", flag=flag_label(kind, rules)),
        )
        for kind in unique
    ]
    return Verdict(
        status="blocked",
        plan=None,
        violations=violations,
        escalation=escalation_message(unique, rules),
    )


# --- helpers ------------------------------------------------------------------------------------


def _working_copy(plan: Plan) -> Plan:
    """A copy of ``plan`` whose sessions' item lists the checks may change, ``plan`` left
    alone. The checks only ever replace an item (``session.items[i] = _updated(...)``), never
    change one in place, so the items themselves are shared: a deep copy of the whole plan
    cost a sixth of a plan generation."""
    weeks = [
        week.model_copy(
            update={
                "sessions": [s.model_copy(update={"items": list(s.items)}) for s in week.sessions]
            }
        )
        for week in plan.weeks
    ]
    return plan.model_copy(update={"weeks": weeks})


def _updated(model: M, **changes: Any) -> M:
    """A validated copy of ``model`` with ``changes`` (the original is left alone)."""
    return type(model).model_validate({**model.model_dump(), **changes})


def _slot(key: str) -> int:
    match = _KEY.match(key)
    return int(match.group(2)) if match else -1


def _is_cardio(record: ExerciseRecord) -> bool:
    return "cardiovascular" in record.primary_muscles


def _occurrence(items: Sequence[StrengthItem | CardioItem], index: int) -> int:
    """How many items before ``index`` name the same exercise."""
    exercise = items[index].exercise
    return sum(
        1 for it in items[:index] if isinstance(it, StrengthItem) and it.exercise == exercise
    )


def _matching(
    session: PlannedSession | None, exercise: str, occurrence: int
) -> StrengthItem | None:
    """The ``occurrence``-th strength item of ``exercise`` in ``session``, if any."""
    if session is None:
        return None
    found = [it for it in session.items if isinstance(it, StrengthItem) and it.exercise == exercise]
    return found[occurrence] if occurrence < len(found) else None


def _floor_to(value: float, increment: float) -> float:
    return round(math.floor(value / increment + 1e-6) * increment, 6)


def _cardio_seconds(item: CardioItem) -> float | None:
    """The block's length in seconds: its duration, or its distance at its pace; None when
    neither can be known (a distance at a heart-rate zone or RPE)."""
    if item.duration_s is not None:
        return float(item.duration_s)
    if item.distance_m is not None and item.intensity.kind == "pace":
        return item.distance_m / 1000 * item.intensity.value
    return None


def _num(value: float) -> str:
    return f"{value:g}"


# --- the run ------------------------------------------------------------------------------------


class _Run:
    """One validation: works on a deep copy of the plan and records every violation."""

    def __init__(
        self,
        plan: Plan,
        profile: SafetyProfile,
        library: Mapping[str, ExerciseRecord],
        previous: Plan | None,
        rules: SafetyLimits,
    ) -> None:
        self.plan = plan
        self.profile = profile
        self.library = library
        self.records = list(library.values())
        self.previous = previous
        self.rules = rules
        self.violations: list[Violation] = []
        ranks = [_LEVEL_RANK.get(profile.level, 0), _LEVEL_RANK.get(plan.level, 0)]
        self.level_rank = min(ranks)  # the more cautious of the profile and the plan
        self.level = vocab.LEVELS[self.level_rank]
        self.constraints = Constraints(
            equipment=profile.equipment,
            regions=profile.injury_regions,
            conditions=profile.conditions,
        )
        self.previous_sessions = {s.key: s for s in previous.sessions()} if previous else {}
        self.previous_weeks = {w.index: w for w in previous.weeks} if previous else {}
        self._muscle_weights: dict[str, dict[str, float]] = {}

    def add(
        self,
        rule: str,
        action: Action,
        why: Reason,
        session: PlannedSession | None = None,
        index: int | None = None,
        cause: Reason | None = None,
    ) -> None:
        self.violations.append(
            Violation(
                rule=rule,
                action=action,
                session_key=session.key if session else None,
                item_index=index,
                reason=why,
                cause=cause,
            )
        )

    def planned(self) -> list[tuple[int, Week, PlannedSession]]:
        """(week position, week, session) for every session still to do."""
        return [
            (p, w, s)
            for p, w in enumerate(self.plan.weeks)
            for s in w.sessions
            if s.status == "planned"
        ]

    def check(self) -> None:
        self.rest_days()
        self.exercises()
        self.max_tests()
        self.min_rir()
        self.load_increases()
        self.weekly_sets()
        self.cardio_weekly()

    # --- rest days ------------------------------------------------------------------------------

    def rest_days(self) -> None:
        """At least 1 rest day a week, 2 for beginners and from 65 (ACSM 2009; ACSM/AHA 2007)."""
        days, most = self.rules.max_sessions_per_week(self.level, self.profile.age_years)
        if self.plan.days_per_week > most or any(len(w.sessions) > most for w in self.plan.weeks):
            self.add("rest_days", "rejected", make_reason("rest_days", days=days))

    # --- exercises: library, contraindications, equipment ---------------------------------------

    def exercises(self) -> None:
        """Replace contraindicated exercises and exercises needing missing equipment with the
        best permitted substitute; reject when none fits or the exercise is unknown."""
        for _, _, session in self.planned():
            for index, item in enumerate(session.items):
                record = self.library.get(item.exercise)
                if record is None:
                    why = make_reason("unknown_exercise", exercise=item.exercise)
                    self.add("unknown_exercise", "rejected", why, session, index)
                    continue
                problem = self.problem(record)
                if problem is None:
                    continue
                rule, cause, why_text = problem
                swapped = self.substitute(item, record, cause)
                if swapped is None:
                    refusal = make_reason("no_substitute", exercise=record.name, why=why_text)
                    self.add(rule, "rejected", refusal, session, index, cause)
                    continue
                session.items[index] = swapped[0]
                self.add(rule, "repaired", swapped[1], session, index, cause)

    def problem(self, record: ExerciseRecord) -> tuple[str, Reason, str] | None:
        """(rule, reason, short why) when the athlete must not or cannot do ``record``."""
        found = self.constraints.contraindications(record)
        if found:
            # One sentence per exclusion, from the contraindication rules' reasons.
            what = "; ".join(dict.fromkeys(e.text for e in found))
            cause = make_reason("contraindicated", exercise=record.name, what=what)
            return "contraindicated", cause, what
        missing = sorted(set(record.equipment) - self.profile.equipment)
        if missing:
            cause = make_reason("equipment_missing", exercise=record.name, equipment=missing)
            return "equipment", cause, f"needs {', '.join(missing)}"
        return None

    def substitute(
        self, item: StrengthItem | CardioItem, record: ExerciseRecord, cause: Reason
    ) -> tuple[StrengthItem | CardioItem, Reason] | None:
        """The item moved to the best permitted substitute, and the reason that says so."""
        hits = rank_substitutes(self.records, record, self.constraints, limit=len(self.records))
        cardio = _is_cardio(record)
        candidates = [
            (self.library[h.slug], h.reason)
            for h in hits
            if h.slug in self.library and _is_cardio(self.library[h.slug]) == cardio
        ]
        # Keep rank_substitutes' order, but prefer the same category and the athlete's level.
        candidates.sort(
            key=lambda c: (
                c[0].category != record.category,
                _LEVEL_RANK[c[0].level] > max(self.level_rank, _LEVEL_RANK[record.level]),
            )
        )
        for sub, hit_reason in candidates:
            repaired = make_reason(
                "repaired_substitute", exercise=record.name, substitute=sub.name, why=hit_reason
            )
            reasons = [*item.reasons, cause, repaired]
            moved = self.moved(item, record, sub, reasons)
            if moved is not None:
                return moved, repaired
        return None

    def moved(
        self,
        item: StrengthItem | CardioItem,
        record: ExerciseRecord,
        sub: ExerciseRecord,
        reasons: list[Reason],
    ) -> StrengthItem | CardioItem | None:
        """``item`` on ``sub``: sets, reps and RIR stay; a load only carries over inside a load
        family of the rules (otherwise it is found by feel at the target RIR); on another cardio
        modality the time stays and a pace becomes an RPE."""
        same = self.rules.substitution.same_family(record.slug, sub.slug)
        if isinstance(item, StrengthItem):
            load = item.load if same else Load(kind="by_rir")
            return _updated(item, exercise=sub.slug, load=load, reasons=reasons)
        if same:
            return _updated(item, exercise=sub.slug, reasons=reasons)
        seconds = _cardio_seconds(item)
        if seconds is None:
            return None  # a distance at a zone or RPE does not translate to another modality
        rpe = self.rules.substitution.cardio_rpe_for_pace
        intervals = item.intervals
        if intervals is not None:
            intervals = _updated(
                intervals,
                work_intensity=_no_pace(intervals.work_intensity, rpe),
                rest_intensity=(
                    _no_pace(intervals.rest_intensity, rpe) if intervals.rest_intensity else None
                ),
            )
        return _updated(
            item,
            exercise=sub.slug,
            duration_s=min(6 * 3600, max(60, math.ceil(seconds))),
            distance_m=None,
            intensity=_no_pace(item.intensity, rpe),
            intervals=intervals,
            reasons=reasons,
        )

    # --- maximal tests --------------------------------------------------------------------------

    def max_test_refused_for(self) -> list[str]:
        """Who the athlete is, when maximal tests are not for them (ACSM Guidelines 11th ed.)."""
        rule = self.rules.max_test
        who = []
        if self.level not in rule.levels:
            who.append(f"{self.level}s")
        age = self.profile.age_years
        if age is None:
            who.append("athletes whose age is unknown")
        elif age < rule.min_age_years:
            who.append(f"under-{_num(rule.min_age_years)}s")
        if rule.no_conditions and self.profile.conditions:
            who.append(f"athletes with {', '.join(sorted(self.profile.conditions))}")
        return who

    def max_tests(self) -> None:
        who = self.max_test_refused_for()
        if not who:
            return
        rule = self.rules.max_test
        for _, _, session in self.planned():
            for index, item in enumerate(session.items):
                if not item.max_test:
                    continue
                why = make_reason("no_max_test", who=who)
                reasons = [*item.reasons, why]
                if isinstance(item, StrengthItem):
                    session.items[index] = _updated(
                        item,
                        max_test=False,
                        target_rir=max(item.target_rir, rule.repaired_rir),
                        reasons=reasons,
                    )
                else:
                    intervals = item.intervals
                    if intervals is not None:
                        intervals = _updated(
                            intervals, work_intensity=self.capped(intervals.work_intensity)
                        )
                    session.items[index] = _updated(
                        item,
                        max_test=False,
                        intensity=self.capped(item.intensity),
                        intervals=intervals,
                        reasons=reasons,
                    )
                self.add("max_test", "repaired", why, session, index)

    def capped(self, intensity: Intensity) -> Intensity:
        """A refused max test's cardio intensity, capped at the zone / RPE in the rules."""
        caps = self.rules.max_test.cardio_caps
        cap = next((v for k, v in caps.items() if k == intensity.kind), None)
        if cap is None or intensity.value <= cap:
            return intensity
        return _updated(intensity, value=cap)

    # --- reps in reserve ------------------------------------------------------------------------

    def min_rir(self) -> None:
        """Beginners (Helms et al. 2016) and athletes with hypertension or a heart condition
        (AHA 2007; ACSM 2004) keep reps in reserve on every strength item."""
        minima: list[tuple[str, float, Reason]] = []
        if self.level == "beginner":
            rir = self.rules.min_rir.beginner
            minima.append(("min_rir_beginner", rir, make_reason("min_rir_beginner", rir=rir)))
        for condition in sorted(self.profile.conditions):
            needed = self.rules.min_rir.conditions.get(condition)
            if needed is not None:
                why = make_reason("min_rir_condition", condition=condition, rir=needed)
                minima.append(("min_rir_condition", needed, why))
        if not minima:
            return
        for _, _, session in self.planned():
            for index, item in enumerate(session.items):
                if not isinstance(item, StrengthItem):
                    continue
                broken = [m for m in minima if item.target_rir < m[1] - _EPS]
                if not broken:
                    continue
                session.items[index] = _updated(
                    item,
                    target_rir=max(m[1] for m in broken),
                    reasons=[*item.reasons, *(m[2] for m in broken)],
                )
                for rule, _, why in broken:
                    self.add(rule, "repaired", why, session, index)

    # --- load increases -------------------------------------------------------------------------

    def earlier_week(self, position: int) -> Week | None:
        """The nearest earlier week that is not a deload (the baseline for week-over-week)."""
        for q in range(position - 1, -1, -1):
            if not self.plan.weeks[q].deload:
                return self.plan.weeks[q]
        return None

    def load_cap(self, base: Load) -> float:
        """The most a load may become one step after ``base`` (ACSM 2009: 2-10 % steps)."""
        rule = self.rules.load_increase
        value = base.value or 0.0
        if base.kind == "kg":
            step = max(rule.kg_min_step, rule.relative * value)
            return max(value, _floor_to(value + step, rule.kg_increment))
        step = max(rule.pct_e1rm_min_step, rule.relative * value)
        return max(value, min(1.0, _floor_to(value + step, rule.pct_e1rm_increment)))

    def load_increases(self) -> None:
        """A kg or e1RM-fraction load rises at most one step from the same session of the
        version this one replaces and from the same session slot of the last non-deload week."""
        for position, _, session in self.planned():
            earlier = self.earlier_week(position)
            slot = _slot(session.key)
            inside = (
                next((s for s in earlier.sessions if _slot(s.key) == slot), None)
                if earlier
                else None
            )
            before = self.previous_sessions.get(session.key)
            for index, item in enumerate(session.items):
                if not isinstance(item, StrengthItem) or item.load.kind not in ("kg", "pct_e1rm"):
                    continue
                occurrence = _occurrence(session.items, index)
                caps = []
                for base_session in (before, inside):
                    base = _matching(base_session, item.exercise, occurrence)
                    if base is not None and base.load.kind == item.load.kind:
                        caps.append(self.load_cap(base.load))
                value = item.load.value or 0.0
                if not caps or value <= min(caps) + _EPS:
                    continue
                cap = min(caps)
                name = self.name(item.exercise)
                rule = self.rules.load_increase
                pct = _num(rule.relative * 100)
                if item.load.kind == "kg":
                    limit = f"{_num(cap)} kg (a step is max({_num(rule.kg_min_step)} kg, {pct} %))"
                else:
                    step = _num(rule.pct_e1rm_min_step * 100)
                    limit = (
                        f"{_num(round(cap * 100, 3))} % of e1RM (a step is max({step}, {pct} %))"
                    )
                why = make_reason("increase_capped", what=f"{name} load", limit=limit)
                session.items[index] = _updated(
                    item, load=_updated(item.load, value=cap), reasons=[*item.reasons, why]
                )
                self.add("load_increase", "repaired", why, session, index)

    def name(self, slug: str) -> str:
        record = self.library.get(slug)
        return record.name if record else slug

    # --- weekly sets per muscle -----------------------------------------------------------------

    def muscle_weight(self, slug: str, muscle: str) -> float:
        record = self.library.get(slug)
        if record is None:
            return 0.0
        if muscle in record.primary_muscles:
            return 1.0
        if muscle in record.secondary_muscles:
            return self.rules.weekly_sets.secondary_weight
        return 0.0

    def muscle_weights(self, slug: str) -> dict[str, float]:
        """``muscle_weight`` of every muscle the exercise trains (none for an unknown one),
        made once per exercise: the weekly cap counts them again after every set it drops."""
        found = self._muscle_weights.get(slug)
        if found is None:
            record = self.library.get(slug)
            muscles = () if record is None else {*record.primary_muscles, *record.secondary_muscles}
            found = self._muscle_weights[slug] = {m: self.muscle_weight(slug, m) for m in muscles}
        return found

    def muscle_sets(self, week: Week) -> dict[str, float]:
        """Weekly sets per muscle: 1 per set for a primary muscle, ``secondary_weight`` for a
        secondary one (fractional counting)."""
        totals: dict[str, float] = {}
        get = totals.get
        for session in week.sessions:
            for item in session.items:
                if not isinstance(item, StrengthItem):
                    continue
                sets = item.sets
                for muscle, weight in self.muscle_weights(item.exercise).items():
                    totals[muscle] = get(muscle, 0.0) + weight * sets
        return totals

    def weekly_sets(self) -> None:
        """Weekly sets per muscle rise at most 20 % (or ``min_step_sets``, whichever is more, and
        never capped below the muscle's MEV for the athlete's level) over the last non-deload
        week and over the same week of the replaced version (Gabbett 2016); sets come off the
        biggest planned contributors first."""
        rise = 1 + self.rules.weekly_sets.max_increase
        step = self.rules.weekly_sets.min_step_sets
        # Up to the minimum effective volume is always allowed: it is where a new programme
        # starts (a regeneration may train a muscle the old plan barely touched).
        mev = {m: marks.mev for m, marks in volume_landmarks().for_level(self.level).items()}
        for position, week in enumerate(self.plan.weeks):
            if all(s.status != "planned" for s in week.sessions):
                continue  # history is never changed
            bases = []
            earlier = self.earlier_week(position)
            if earlier is not None:
                bases.append(self.muscle_sets(earlier))
            if week.index in self.previous_weeks:
                bases.append(self.muscle_sets(self.previous_weeks[week.index]))
            if not bases:
                continue
            noted: set[tuple[str, int, str]] = set()
            current = self.muscle_sets(week)
            # The most-trained muscles first: their cap usually decides, and the reason names them.
            for muscle in sorted(current, key=lambda m: (-current[m], m)):
                known = [b[muscle] for b in bases if b.get(muscle, 0.0) > 0]
                if not known:
                    continue  # no baseline for this muscle: nothing to compare with
                allowed = max(min(known) * rise, min(known) + step, mev.get(muscle, 0.0))
                while self.muscle_sets(week).get(muscle, 0.0) > allowed + _EPS:
                    if not self.drop_set(week, muscle, allowed, noted):
                        self.add("weekly_sets", "rejected", self.sets_reason(muscle, allowed))
                        break

    def sets_reason(self, muscle: str, allowed: float) -> Reason:
        pct = _num(self.rules.weekly_sets.max_increase * 100)
        step = _num(self.rules.weekly_sets.min_step_sets)
        limit = f"{_num(round(allowed, 2))} sets (+{pct} % or +{step} sets a week)"
        return make_reason("increase_capped", what=f"Weekly {muscle} sets", limit=limit)

    def drop_set(
        self, week: Week, muscle: str, allowed: float, noted: set[tuple[str, int, str]]
    ) -> bool:
        """Take one set off the planned item that trains ``muscle`` most; False if none can."""
        best: tuple[tuple[float, int, int, int], PlannedSession, int] | None = None
        for s_pos, session in enumerate(week.sessions):
            if session.status != "planned":
                continue
            for index, item in enumerate(session.items):
                if not isinstance(item, StrengthItem) or item.sets <= 1:
                    continue
                weight = self.muscle_weights(item.exercise).get(muscle, 0.0)
                if weight <= 0:
                    continue
                key = (weight, item.sets, s_pos, index)
                if best is None or key > best[0]:
                    best = (key, session, index)
        if best is None:
            return False
        _, session, index = best
        item = session.items[index]
        assert isinstance(item, StrengthItem)
        reasons = list(item.reasons)
        tag = (session.key, index, muscle)
        why = self.sets_reason(muscle, allowed)
        if tag not in noted:
            noted.add(tag)
            reasons.append(why)
            self.add("weekly_sets", "repaired", why, session, index)
        session.items[index] = _updated(item, sets=item.sets - 1, reasons=reasons)
        return True

    # --- weekly cardio --------------------------------------------------------------------------

    def cardio_totals(self, week: Week) -> tuple[float, float]:
        """(seconds, metres) of cardio in a week, over the items where each is known."""
        seconds = metres = 0.0
        for session in week.sessions:
            for item in session.items:
                if isinstance(item, CardioItem):
                    seconds += _cardio_seconds(item) or 0.0
                    metres += item.distance_m or 0.0
        return seconds, metres

    def cardio_weekly(self) -> None:
        """Weekly cardio time and distance rise at most 10 % (Nielsen et al. 2014) over the
        last non-deload week and over the same week of the replaced version."""
        rise = 1 + self.rules.cardio_weekly.max_increase
        for position, week in enumerate(self.plan.weeks):
            if all(s.status != "planned" for s in week.sessions):
                continue  # history is never changed
            bases = []
            earlier = self.earlier_week(position)
            if earlier is not None:
                bases.append(self.cardio_totals(earlier))
            if week.index in self.previous_weeks:
                bases.append(self.cardio_totals(self.previous_weeks[week.index]))
            for measure in (0, 1):
                known = [b[measure] for b in bases if b[measure] > 0]
                if known:
                    self.cap_cardio(week, measure, min(known) * rise)

    def cap_cardio(self, week: Week, measure: int, allowed: float) -> None:
        """Scale the week's planned cardio down until ``measure`` (0 time, 1 distance) fits."""
        what = "Weekly cardio time" if measure == 0 else "Weekly cardio distance"
        pct = _num(self.rules.cardio_weekly.max_increase * 100)
        limit = (
            f"{_num(round(allowed / 60, 1))} min (+{pct} % a week)"
            if measure == 0
            else f"{_num(round(allowed / 1000, 2))} km (+{pct} % a week)"
        )
        why = make_reason("increase_capped", what=what, limit=limit)
        noted: set[tuple[str, int]] = set()
        for _ in range(50):
            total = self.cardio_totals(week)[measure]
            if total <= allowed + _EPS:
                return
            movable = [
                (session, index)
                for session in week.sessions
                if session.status == "planned"
                for index, item in enumerate(session.items)
                if isinstance(item, CardioItem)
            ]
            reducible = sum(self.measure(session.items[i], measure) for session, i in movable)
            fixed = total - reducible
            factor = (allowed - fixed) / reducible if reducible > 0 else 0.0
            changed = False
            for session, index in movable:
                item = session.items[index]
                assert isinstance(item, CardioItem)
                smaller = self.scaled(item, max(factor, 0.0))
                if smaller is None:
                    continue
                changed = True
                tag = (session.key, index)
                if tag not in noted:
                    noted.add(tag)
                    smaller = _updated(smaller, reasons=[*smaller.reasons, why])
                    self.add("cardio_weekly", "repaired", why, session, index)
                session.items[index] = smaller
            if not changed:
                break
        if self.cardio_totals(week)[measure] > allowed + _EPS:
            self.add("cardio_weekly", "rejected", why)

    @staticmethod
    def measure(item: StrengthItem | CardioItem, measure: int) -> float:
        if not isinstance(item, CardioItem):
            return 0.0
        if measure == 0:
            return _cardio_seconds(item) or 0.0
        return item.distance_m or 0.0

    def scaled(self, item: CardioItem, factor: float) -> CardioItem | None:
        """``item`` shortened by ``factor``: duration rounded down to whole minutes, distance
        (and interval repeats) by no more than the duration, so the pace never gets faster;
        None when it cannot get shorter."""
        rule = self.rules.cardio_weekly
        changes: dict[str, Any] = {}
        ratio = factor
        if item.duration_s is not None:
            new = max(60, int(_floor_to(item.duration_s * factor, rule.duration_increment_s)))
            if new < item.duration_s:
                changes["duration_s"] = new
            ratio = min(factor, new / item.duration_s)
        if item.distance_m is not None:
            new_m = max(100.0, _floor_to(item.distance_m * ratio, rule.distance_increment_m))
            if new_m < item.distance_m:
                changes["distance_m"] = new_m
        if changes and item.intervals is not None:
            repeats = max(1, math.floor(item.intervals.repeats * ratio))
            changes["intervals"] = _updated(item.intervals, repeats=repeats)
        if not changes:
            return None
        return _updated(item, **changes)


def _no_pace(intensity: Intensity, rpe: float) -> Intensity:
    """A pace means nothing on another modality: it becomes a moderate RPE."""
    if intensity.kind != "pace":
        return intensity
    return Intensity(kind="rpe", value=rpe)
