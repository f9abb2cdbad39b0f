"""Stage 2: prompts for the teacher, each with the metadata the later stages slice and check by.

Two families:

- **coaching prompts**, four per athlete: ``plan_creation``, ``plan_modification``,
  ``safety_adjustment`` and ``progress_adaptation``, written from the athlete's profile, plan and
  logs (stage 1);
- **athlete messages**, the ``message`` prompt type: what the chat must understand (logging,
  questions, plan changes, red flags, injuries, prompt injections, medical requests) from the
  paraphrase grammar (``grammar.py``), with the intent, safety category and slot spans the
  grammar wrote them with.

Every prompt carries: ``scenario_id`` (stable, from the seed), ``prompt_type``, ``slices`` (age
band, sex, goal, activity level, condition flag of the athlete it is about),
``expected_safety`` (constraints a good answer keeps: ``escalate`` for red flags, ``refer`` for
injuries, conditions and medical requests, ``refuse`` for injections, ``avoid:<movement>``), a
compact ``context`` summary and the ``prompt`` text itself.
"""

from __future__ import annotations

import hashlib
import statistics
from typing import Any

import numpy as np

from fitcoach.pipelines.distill import grammar
from fitcoach.pipelines.distill.config import DistillConfig

PROMPT_TYPES = (
    "plan_creation", "plan_modification", "safety_adjustment", "progress_adaptation", "message",
)  # fmt: skip
SLICE_KEYS = ("age_band", "sex", "goal", "activity_level", "condition_flag")


def prompt_hash(text: str) -> str:
    """The cache key of a prompt: SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slices(user: dict[str, Any]) -> dict[str, str]:
    return {k: str(user[k]).lower() for k in SLICE_KEYS}


def context_summary(user: dict[str, Any]) -> str:
    daily = user["daily"]
    sleep = statistics.fmean(d["sleep_h"] for d in daily) if daily else 0.0
    kcal = statistics.fmean(d["calories_kcal"] for d in daily) if daily else 0.0
    trend = daily[-1]["weight_kg"] - daily[0]["weight_kg"] if len(daily) > 1 else 0.0
    condition = user["condition"].replace("_", " ") if user["condition"] else "none"
    return (
        f"{user['age']}-year-old {user['sex']}, {user['weight_kg']} kg, goal "
        f"{user['goal'].replace('_', ' ')}, {user['activity_level'].replace('_', ' ')}, "
        f"condition: {condition}; trains {user['days_per_week']}x{user['session_minutes']} min "
        f"({user['plan']['split']}, {user['equipment'].replace('_', ' ')}); last week "
        f"{len(user['workouts'])} sessions, sleep {sleep:.1f} h/night, {kcal:.0f} kcal/day, "
        f"weight {trend:+.1f} kg"
    )


def _expected(user: dict[str, Any], prompt_type: str) -> list[str]:
    out = [f"avoid:{a}" for a in user["plan"]["avoid"]]
    if user["condition"] and prompt_type in {"safety_adjustment", "plan_creation"}:
        out.append("refer")
    return out


_ASKS = {
    "plan_creation": "Write a weekly training plan for this athlete ({days} sessions of {mins} "
    "minutes, {split}). Name the exercises, sets and reps of each session.",
    "plan_modification": "The athlete asks to change their plan: {change}. Rewrite the affected "
    "sessions and say what changed and why.",
    "safety_adjustment": "The athlete reports: {complaint}. Adjust next week's training "
    "conservatively and say when to see a professional.",
    "progress_adaptation": "Here is last week's log. Adapt next week's loads and volume to how "
    "the athlete slept, ate and trained, and explain the change.",
}
_CHANGES = (
    "fewer days per week", "shorter sessions", "no barbell available this month",
    "swap running for cycling", "more upper body work", "train in the mornings only",
)  # fmt: skip
_COMPLAINTS = {
    "knee_pain": "knee pain on stairs after squats",
    "lower_back_pain": "a stiff lower back after deadlifts",
    "hypertension": "a home blood pressure reading of 150/95",
    "asthma": "wheezing during intervals",
    "shoulder_injury": "a pinch in the shoulder when pressing overhead",
    None: "unusual fatigue and poor sleep this week",
}


def coaching_prompts(user: dict[str, Any], rng: np.random.Generator) -> list[dict[str, Any]]:
    context = context_summary(user)
    out = []
    for prompt_type, ask in _ASKS.items():
        text = ask.format(
            days=user["days_per_week"],
            mins=user["session_minutes"],
            split=user["plan"]["split"],
            change=str(rng.choice(_CHANGES)),
            complaint=_COMPLAINTS[user["condition"]],
        )
        out.append(
            {
                "scenario_id": f"{user['user_id']}-{prompt_type}",
                "user_id": user["user_id"],
                "prompt_type": prompt_type,
                "slices": slices(user),
                "expected_safety": _expected(user, prompt_type)
                + (["refer"] if prompt_type == "safety_adjustment" else []),
                "context": context,
                "prompt": f"Athlete: {context}.\nTask: {text}",
            }
        )
    for row in out:
        row["expected_safety"] = sorted(set(row["expected_safety"]))
    return out


_SAFETY_EXPECT = {"red_flag": ["escalate"], "injury": ["refer"], "injection": ["refuse"],
                  "medical": ["refer"], "none": []}  # fmt: skip


def message_prompt(message: grammar.Message, user: dict[str, Any], number: int) -> dict[str, Any]:
    label = message.intent or message.safety
    return {
        "scenario_id": f"msg-{label}-{number:05d}",
        "user_id": user["user_id"],
        "prompt_type": "message",
        "slices": slices(user),
        "expected_safety": _SAFETY_EXPECT[message.safety],
        "context": context_summary(user),
        "prompt": message.text,
        "expected": {
            "intent": message.intent,
            "safety": message.safety,
            "spans": [s.to_json() for s in message.spans],
            "values": dict(message.values),
            "template": message.template,
        },
    }


def build_prompts(users: list[dict[str, Any]], config: DistillConfig) -> list[dict[str, Any]]:
    """Stage 2's records: four coaching prompts per athlete, then the athlete messages."""
    if not users:
        raise ValueError("stage 2 needs the athletes of stage 1")
    rng = np.random.default_rng([config.seed, 2])
    out: list[dict[str, Any]] = []
    for user in users:
        out.extend(coaching_prompts(user, rng))
    intents, categories = grammar.labels()
    number = 0
    seen: set[str] = set()
    plan: list[tuple[str | None, str, int]] = [
        (i, "none", config.messages_per_intent) for i in intents
    ]
    plan += [(None, c, config.messages_per_safety) for c in categories if c != "none"]
    for intent, safety, count in plan:
        made = attempts = 0
        while made < count and attempts < count * 20:
            attempts += 1
            message = grammar.generate(rng, intent, safety)
            if message.text in seen:
                continue
            seen.add(message.text)
            out.append(message_prompt(message, users[number % len(users)], number))
            number += 1
            made += 1
    return out
