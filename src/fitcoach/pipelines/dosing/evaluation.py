"""Evaluating dosing policies on simulated athletes: performance gained, injuries, overreaching,
smoothness; each policy on the same athletes and the same seeds (docs/models/ppo.md).

Sets: ``training`` (generator seeds the training run used), ``held_out`` (generator seeds from
``HELD_OUT_BASE``, never trained on) and ``hand_written`` (the profiles in
:data:`fitcoach.ml.dosing.athlete.HAND_WRITTEN`, no generator made them).

:func:`evaluate_composition` runs what the product ships (``composition.ComposedEnv``: the
rules, the agent on top, the validator) on fresh seeds from ``COMPOSED_BASE`` under each
injury model, and pairs every composition with the rules alone athlete by athlete. It runs
several seed sets of the same size and pools them: one set of 500 athletes moved the injury
difference by about 0.06 a season from one set to the next, more than the effect in question.

This is the product's, not research: the training run stores these figures with the agent and
its gate (``fitcoach.ml.dosing.gate``) reads them. The model card's figures drawn from them are
research (``research.pipelines.dosing.figures``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from fitcoach.ml.dosing.athlete import HAND_WRITTEN, AthleteParams
from fitcoach.ml.dosing.env import DosingEnv
from fitcoach.pipelines.dosing.baselines import Policy

# Run 1 (docs/models/ppo.md) was evaluated on seeds from 1_000_000; the shipped run on new ones.
HELD_OUT_BASE = 2_000_000


@dataclass(frozen=True)
class Case:
    """One evaluation episode: an athlete (drawn from ``seed`` when ``params`` is None)."""

    seed: int
    params: AthleteParams | None = None


def training_cases(seed: int, count: int) -> list[Case]:
    return [Case(seed + i) for i in range(count)]


def held_out_cases(count: int) -> list[Case]:
    return [Case(HELD_OUT_BASE + i) for i in range(count)]


def hand_written_cases(seeds_each: int) -> list[Case]:
    return [
        Case(HELD_OUT_BASE + 50_000 + j, params)
        for params in HAND_WRITTEN
        for j in range(seeds_each)
    ]


@dataclass
class Episode:
    gain: float
    injuries: int
    overreaches: int
    load_change_pct: float  # mean absolute week-to-week change of the planned weekly load
    reward: float
    weekly_load: list[float] = field(default_factory=list)
    performance: list[float] = field(default_factory=list)


def run_episode(policy: Policy, case: Case, episode_weeks: int = 26) -> Episode:
    env = DosingEnv(episode_weeks=episode_weeks)
    options = {"params": case.params} if case.params is not None else None
    obs, info = env.reset(seed=case.seed, options=options)
    policy.reset(info)
    loads = [info["rpe"] * info["minutes"]]
    perf = [0.0]
    total = 0.0
    done = False
    while not done:
        obs, reward, done, _, info = env.step(policy.act(obs, info))
        total += reward
        loads.append(info["rpe"] * info["minutes"])
        perf.append(float(info["performance_gain"]))
    arr = np.asarray(loads)
    changes = np.abs(np.diff(arr)) / np.maximum(arr[:-1], 1e-9) * 100.0
    return Episode(
        gain=float(info["performance_gain"]),
        injuries=int(info["injuries"]),
        overreaches=int(info["overreaches"]),
        load_change_pct=float(changes.mean()),
        reward=total,
        weekly_load=[float(x) for x in arr],
        performance=perf,
    )


@dataclass(frozen=True)
class Summary:
    """A policy on a set: means per athlete-season (26 weeks)."""

    policy: str
    cases: int
    gain: float
    gain_sd: float
    injuries: float
    overreaches: float
    load_change_pct: float
    reward: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarise(policy: str, episodes: Sequence[Episode]) -> Summary:
    gains = np.array([e.gain for e in episodes])
    return Summary(
        policy=policy,
        cases=len(episodes),
        gain=round(float(gains.mean()), 3),
        gain_sd=round(float(gains.std(ddof=1)) if len(gains) > 1 else 0.0, 3),
        injuries=round(float(np.mean([e.injuries for e in episodes])), 3),
        overreaches=round(float(np.mean([e.overreaches for e in episodes])), 3),
        load_change_pct=round(float(np.mean([e.load_change_pct for e in episodes])), 2),
        reward=round(float(np.mean([e.reward for e in episodes])), 3),
    )


def evaluate(
    policies: Sequence[Policy], cases: Sequence[Case], episode_weeks: int = 26
) -> tuple[dict[str, Summary], dict[str, list[Episode]]]:
    """Every policy on every case; summaries and the episodes (for plots)."""
    episodes = {p.name: [run_episode(p, c, episode_weeks) for c in cases] for p in policies}
    return {name: summarise(name, eps) for name, eps in episodes.items()}, episodes


def beats_rules(summaries: dict[str, Summary], agent: str = "ppo") -> bool:
    """The bar the issue sets: more performance than the rules at no more injuries."""
    a, r = summaries[agent], summaries["rules"]
    return a.gain > r.gain and a.injuries <= r.injuries


# --- the composition the product ships, with paired CIs --------------------------------------

# Fresh seeds for the composition's evaluation: no training run drew them and no earlier
# evaluation used them (runs 1 and 2 from 1,000,000 and 2,000,000).
COMPOSED_BASE = 3_000_000
RULES = "rules"


def composed_seeds(count: int, base: int = COMPOSED_BASE) -> list[int]:
    return list(range(base, base + count))


@dataclass(frozen=True)
class ComposedPolicy:
    """A row of the composition's table: the rules alone (``forward`` None) or the rules with
    an agent's change on top through the validator."""

    name: str
    forward: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class ComposedEpisode:
    gain: float
    injuries: int
    overreaches: int
    accepted: int  # weeks the agent's change went in force
    refused: int  # weeks the validator did not accept it as it was


def run_composed(
    policy: ComposedPolicy, seed: int, injury_model: str, episode_weeks: int = 26
) -> ComposedEpisode:
    from fitcoach.pipelines.dosing.composition import ComposedEnv

    env = ComposedEnv(episode_weeks, injury_model, agent=policy.forward is not None)
    obs, info = env.reset(seed=seed)
    done = False
    idle = np.zeros(2, dtype=np.float32)
    while not done:
        action = idle if policy.forward is None else policy.forward(obs)
        obs, _, done, _, info = env.step(np.asarray(action, dtype=np.float32))
    return ComposedEpisode(
        gain=float(info["performance_gain"]),
        injuries=int(info["injuries"]),
        overreaches=int(info["overreaches"]),
        accepted=sum(1 for w in env.log if w.agent == "accepted"),
        refused=sum(1 for w in env.log if w.agent == "refused"),
    )


def paired_ci(
    differences: Sequence[float], *, resamples: int, seed: int, confidence: float = 0.95
) -> dict[str, float]:
    """The mean of per-athlete paired differences and its percentile bootstrap CI (athletes
    resampled with replacement, scipy.stats.bootstrap)."""
    from scipy import stats

    diff = np.asarray(differences, dtype=float)
    mean = float(diff.mean())
    if len(diff) < 2 or np.all(diff == diff[0]):
        return {"mean": round(mean, 4), "low": round(mean, 4), "high": round(mean, 4)}
    result = stats.bootstrap(
        (diff,),
        np.mean,
        n_resamples=resamples,
        confidence_level=confidence,
        method="percentile",
        random_state=np.random.default_rng(seed),
    )
    interval = result.confidence_interval
    return {
        "mean": round(mean, 4),
        "low": round(float(interval.low), 4),
        "high": round(float(interval.high), 4),
    }


def _summary(runs: Sequence[ComposedEpisode], episode_weeks: int) -> dict[str, Any]:
    """A policy's means per athlete-season over ``runs``."""
    weeks = len(runs) * episode_weeks
    return {
        "injuries": round(float(np.mean([r.injuries for r in runs])), 4),
        "gain": round(float(np.mean([r.gain for r in runs])), 3),
        "gain_sd": round(float(np.std([r.gain for r in runs], ddof=1)), 3)
        if len(runs) > 1
        else 0.0,
        "overreaches": round(float(np.mean([r.overreaches for r in runs])), 4),
        "accepted_share": round(sum(r.accepted for r in runs) / weeks, 4),
        "refused_share": round(sum(r.refused for r in runs) / weeks, 4),
    }


def _paired(
    runs: Sequence[ComposedEpisode], rules: Sequence[ComposedEpisode], resamples: int, seed: int
) -> dict[str, Any]:
    """Paired differences (composition − rules, athlete by athlete) with bootstrap CIs."""
    return {
        "injuries": paired_ci(
            [r.injuries - b.injuries for r, b in zip(runs, rules, strict=True)],
            resamples=resamples,
            seed=seed,
        ),
        "gain": paired_ci(
            [r.gain - b.gain for r, b in zip(runs, rules, strict=True)],
            resamples=resamples,
            seed=seed + 1,
        ),
    }


def evaluate_composition(
    policies: Sequence[ComposedPolicy],
    *,
    athletes: int,
    injury_models: Sequence[str],
    shipped: str,
    trained_on: str,
    episode_weeks: int = 26,
    resamples: int = 2000,
    seed_base: int = COMPOSED_BASE,
    seed_sets: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Every policy on the same fresh athletes under every injury model; per model the means
    per athlete-season and, for each composition, the paired differences against the rules
    alone with bootstrap 95 % CIs. The dictionary :func:`fitcoach.ml.dosing.gate.from_metrics`
    reads (``shipped`` names the row of the artefact being stored).

    ``seed_sets`` sets of ``athletes`` each, on consecutive seeds from ``seed_base`` (set k:
    ``seed_base + k·athletes`` onwards): the top-level figures of each model (``policies``,
    ``paired``, ``athletes``) are **pooled** over every set (the bootstrap resamples athletes
    of all sets together; the sets are independent draws of the same generator), and
    ``sets`` gives each set's own figures, so a reader sees how much one set of 500 moves."""
    if policies[0].name != RULES or policies[0].forward is not None:
        raise ValueError("the first policy is the rules alone (the pairs' reference)")
    if seed_sets < 1:
        raise ValueError("at least one seed set")
    seeds = composed_seeds(athletes * seed_sets, seed_base)
    total = len(seeds) * len(policies) * len(injury_models)
    done = 0
    models: dict[str, Any] = {}
    for m_index, model in enumerate(injury_models):
        episodes: dict[str, list[ComposedEpisode]] = {}
        for policy in policies:
            runs = []
            for seed in seeds:
                runs.append(run_composed(policy, seed, model, episode_weeks))
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            episodes[policy.name] = runs
        rules = episodes[RULES]
        table = {name: _summary(runs, episode_weeks) for name, runs in episodes.items()}
        paired = {
            name: _paired(runs, rules, resamples, 1000 * m_index + 10 * p_index)
            for p_index, (name, runs) in enumerate(episodes.items())
            if name != RULES
        }
        sets = []
        for k in range(seed_sets):
            part = slice(k * athletes, (k + 1) * athletes)
            sets.append(
                {
                    "seeds_from": seed_base + k * athletes,
                    "athletes": athletes,
                    "policies": {
                        name: _summary(runs[part], episode_weeks) for name, runs in episodes.items()
                    },
                    "paired": {
                        name: _paired(
                            runs[part],
                            rules[part],
                            resamples,
                            1000 * m_index + 10 * p_index + 100 * (k + 1),
                        )
                        for p_index, (name, runs) in enumerate(episodes.items())
                        if name != RULES
                    },
                }
            )
        models[model] = {
            "athletes": len(seeds),
            "seed_sets": seed_sets,
            "athletes_per_set": athletes,
            "weeks": episode_weeks,
            "policies": table,
            "paired": paired,
            "sets": sets,
            # Every athlete's season, in seed order: a rerun of any first k seeds must match.
            "per_athlete": {
                name: {
                    "injuries": [r.injuries for r in runs],
                    "gain": [round(r.gain, 2) for r in runs],
                }
                for name, runs in episodes.items()
            },
        }
    return {
        "shipped": shipped,
        "trained_on": trained_on,
        "seeds_from": seed_base,
        "seed_sets": seed_sets,
        "athletes_per_set": athletes,
        "bootstrap": {"resamples": resamples, "method": "percentile", "confidence": 0.95},
        "models": models,
    }
