"""Reply text that needs no tool: what went wrong as a sentence before a question, the sets the
athlete typed quoted back, what a logging entry holds in words (for a question that stores
nothing), and the one question a message too short to act on gets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fitcoach.assistant import templates as t
from fitcoach.assistant.nlu import ExerciseMatcher, Understanding, bare_units_system
from fitcoach.core.units import format_distance, format_mass


def sets_text(groups: Sequence[dict[str, Any]]) -> str:
    """ "3 x 5 at 83.9 kg, RPE 9": what the athlete typed, to quote back in a question."""
    parts = []
    for g in groups:
        part = f"{g['sets']} x {g.get('reps', '?')}"
        if g.get("weight_kg") is not None:
            part += f" at {format_mass(g['weight_kg'], bare_units_system())}"
        if g.get("rpe") is not None:
            part += f", RPE {g['rpe']:g}"
        if g.get("rir") is not None:
            part += f", RIR {g['rir']:g}"
        parts.append(part)
    return "; ".join(parts)


def problems_text(problems: Sequence[str]) -> str:
    """What went wrong, as a sentence to put before a question ("" when nothing)."""
    if not problems:
        return ""
    text = "; ".join(problems)
    return text[0].upper() + text[1:] + ("" if text.endswith(("?", ".")) else ".") + " "


def clarify(slots: dict[str, Any], matcher: ExerciseMatcher) -> str:
    """One question naming the options, for a message too short to act on."""
    about = slots.get("about")
    if about == "exercise":
        slug = slots["exercise"]
        name = next((r.name for r in matcher.records if r.slug == slug), slug)
        return t.CLARIFY["exercise"].format(name=name, key=name.lower())
    if about == "plan":  # a plan change without what it needs: that change's one question
        wants = str(slots.get("wants"))
        return t.GUESSED.get(wants) or t.ASK.get(wants) or t.CLARIFY["change"]
    if about == "number":
        return t.CLARIFY["number"].format(value=slots["value"])
    return t.CLARIFY["change"]


# The daily scores a person gives on the log's 1-5 scale (read as 0-10 inside): shown as the
# 1-5 figure the log stores, as the reply that logs them says it ("energy 2/5", never "energy 4")
_SCORES = frozenset({"mood", "energy", "soreness", "stress"})


def scale5(value: float) -> int:
    """A 0-10 score (what people say) on the daily log's 1-5 scale."""
    return max(1, min(5, int(value / 2 + 0.5)))


def _reading(key: str, value: float, problems: Sequence[str]) -> str:
    name = key.replace("_", " ")
    if key not in _SCORES:
        return f"{name} {value:g}"
    # (a score its own question asks, "how stressed are you on 1-5: a 4 or a 5?": no figure)
    if any(key in p.lower() for p in problems):
        return f"{name} (asked)"
    return f"{name} {scale5(value)}/5"


def describe(entry: Understanding, matcher: ExerciseMatcher) -> str:
    """What one logging entry holds, in words (for a question that stores nothing)."""
    s = entry.slots
    if entry.intent == "log_sets":
        parts = []
        for g in s.get("groups") or []:
            name = next((r.name for r in matcher.records if r.slug == g.get("exercise")), "an exercise")  # fmt: skip
            part = f"{name} {g.get('sets', 1)} x {g.get('reps', '?')}"
            if g.get("weight_kg") is not None:
                part += f" at {format_mass(g['weight_kg'], bare_units_system())}"
            if g.get("rir") is not None:
                part += f", RIR {g['rir']:g}"
            parts.append(part)
        return "; ".join(parts)
    if entry.intent == "log_cardio":
        bits = [str(s.get("exercise") or "cardio").replace("-", " ")]
        if s.get("distance_m"):
            bits.append(format_distance(s["distance_m"], bare_units_system()))
        if s.get("duration_s"):
            bits.append(f"{s['duration_s'] / 60:g} min")
        return " ".join(bits)
    if entry.intent == "log_sleep":
        if not s.get("duration_s"):
            return "a night (its hours asked)"  # "slept badly": never "sleep 0 h"
        minutes = round(float(s.get("duration_s") or 0) / 60)  # "sleep 6 h 20 min", not 6.33333 h
        return f"sleep {minutes // 60} h" + (f" {minutes % 60} min" if minutes % 60 else "")
    if entry.intent == "log_weight":
        return f"body weight {format_mass(s['weight_kg'], bare_units_system(), kind='body')}"
    if entry.intent == "log_daily":
        return ", ".join(_reading(k, v, entry.problems) for k, v in s.get("values", {}).items())
    kcal = f", {s['calories']} kcal" if s.get("calories") else ""
    return f"a meal{kcal}"
