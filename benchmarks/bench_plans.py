"""Plan generation: ``coach.planner.generate_plan`` over seeded random profiles, beside the
validation floor of the same documents.

For each of N seeded random profiles (goals, sports, level, 1-7 days, 20-120 minutes, random
equipment, injuries, conditions, dislikes, preferences, age, 1-6 weeks) the benchmark times:

(a) fitcoach: ``generate_plan(inputs, library, seed=..., now=...)``, the library loaded once;
(b) baseline: ``Plan.model_validate(document)`` of that same plan's ``model_dump()``, i.e.
    building a validated Plan document of exactly the same size from a fixed dict: the floor
    any plan-producing path pays for the document alone.

Figures are the p50 and p95 over the profiles (ms per plan); the ratio is fitcoach / baseline
(how many validation floors one generation costs). Each plan is checked: it validates again
to an equal document, and a sample is regenerated to check determinism; otherwise the
benchmark fails.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime
from typing import Any

from benchmarks.common import BenchArgs, BenchmarkError, Result, percentile

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.plan import Plan
from fitcoach.coach.planner import PlannerInputs, generate_plan
from fitcoach.services.exercises import library_records

NAME = "plans"
DEFAULT_PROFILES = 1_000
QUICK_PROFILES = 100
DEFAULT_REPEAT = 1
SEED = 20_261_122
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
START = date(2026, 11, 23)
SPORTS = ("running", "cycling", "swimming", "rowing", "football", "tennis", "chess")
LIKES = ("dumbbell", "kettlebell", "machine", "cycling", "squat", "hammer_curl")


def random_inputs(rng: random.Random, athlete_id: int, slugs: list[str]) -> PlannerInputs:
    """One random but plausible athlete."""
    equipment = rng.choice(
        [
            frozenset(rng.sample(vocab.EQUIPMENT, rng.randint(0, len(vocab.EQUIPMENT)))),
            frozenset(vocab.EQUIPMENT_PRESETS[rng.choice(list(vocab.EQUIPMENT_PRESETS))]),
        ]
    )
    return PlannerInputs(
        athlete_id=athlete_id,
        goals=tuple(rng.sample(vocab.GOALS, rng.randint(0, 2))),
        sports=tuple(rng.sample(SPORTS, rng.randint(0, 2))),
        level=rng.choice(vocab.LEVELS),
        days_per_week=rng.randint(1, 7),
        session_minutes=rng.randint(20, 120),
        equipment=equipment,
        injury_regions=frozenset(rng.sample(vocab.BODY_REGIONS, rng.choice([0, 0, 1, 2]))),
        conditions=frozenset(rng.sample(vocab.CONDITIONS, rng.choice([0, 0, 0, 1]))),
        dislikes=frozenset(rng.sample(slugs, rng.randint(0, 5))),
        preferences=frozenset(rng.sample(LIKES, rng.randint(0, 2))),
        age_years=rng.choice([None, round(rng.uniform(16, 80), 1)]),
        e1rm_kg={},
        start=START,
        weeks=rng.randint(1, 6),
    )


def _ms(seconds: list[float], pct: float) -> float:
    return percentile(seconds, pct) * 1000


def main(args: BenchArgs) -> list[Result]:
    count = args.rows or (QUICK_PROFILES if args.quick else DEFAULT_PROFILES)
    repeat = args.repeat or DEFAULT_REPEAT
    progress = args.progress
    library = library_records()
    slugs = sorted(r.slug for r in library)
    rng = random.Random(SEED)
    profiles = [(random_inputs(rng, i + 1, slugs), SEED + i) for i in range(count)]
    generate_plan(profiles[0][0], library, seed=0, now=NOW)  # rules and tables load once

    generated: list[float] = []
    floor: list[float] = []
    items = sessions = 0
    documents: list[dict[str, Any]] = []
    for round_ in range(repeat):
        for index, (inputs, seed) in enumerate(profiles):
            if index % 100 == 0:
                progress(f"round {round_ + 1}/{repeat}: plan {index}/{count}")
            started = time.perf_counter()
            plan = generate_plan(inputs, library, seed=seed, now=NOW)
            generated.append(time.perf_counter() - started)
            document = plan.model_dump()
            started = time.perf_counter()
            again = Plan.model_validate(document)
            floor.append(time.perf_counter() - started)
            if again.model_dump() != document:
                raise BenchmarkError(f"plan {index} does not validate back to itself")
            if round_ == 0:
                documents.append(document)
                sessions += sum(len(w.sessions) for w in plan.weeks)
                items += sum(len(s.items) for w in plan.weeks for s in w.sessions)
    progress("checking determinism")
    for index in range(0, count, max(1, count // 20)):
        inputs, seed = profiles[index]
        if generate_plan(inputs, library, seed=seed, now=NOW).model_dump() != documents[index]:
            raise BenchmarkError(f"plan {index} differs when generated again with the same seed")

    shape = {
        "profiles": count,
        "repeats": repeat,
        "mean_sessions": round(sessions / count, 2),
        "mean_items": round(items / count, 2),
        "mean_ms": statistics.fmean(generated) * 1000,
        "baseline_mean_ms": statistics.fmean(floor) * 1000,
    }
    results = []
    for pct in (50, 95):
        figure, base = _ms(generated, pct), _ms(floor, pct)
        results.append(
            Result(
                name=f"plan generation p{pct}",
                figure=figure,
                unit="ms/plan",
                baseline=base,
                ratio=figure / base,
                notes=(
                    f"{count} seeded random profiles, {shape['mean_items']} items per plan on "
                    "average; baseline: Plan.model_validate of the same document"
                ),
                baseline_name="Plan.model_validate",
                group=NAME,
                samples=generated,
                baseline_samples=floor,
                extra=shape,
            )
        )
    for r in results:
        print(
            f"[{NAME}] {r.name}: {r.figure:.2f} ms (validation floor {r.baseline:.2f} ms, "
            f"ratio {r.ratio:.1f})"
        )
    return results
