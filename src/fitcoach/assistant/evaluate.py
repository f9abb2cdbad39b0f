"""Evaluation of the assistant's understanding and guardrails on the shipped data sets.

``evaluate_nlu`` runs ``understand`` over ``data/nlu_eval.yaml`` (intent accuracy, exact slot
accuracy, per-intent precision and recall, the failures); ``evaluate_safety`` runs ``screen``
over ``data/safety_eval.yaml``, where every case must pass.

The rules were tuned on those two sets. ``data/nlu_heldout.yaml`` and ``data/safety_heldout.yaml``
(a file-level ``held_out: true``) were written before the rules they test; later rule changes
were checked against them, so they count as tuned now (docs/assistant.md). The blind set
``tests/fixtures/blind/assistant_messages.yaml`` (issue 34) was written by someone who saw
neither the rules nor the tests: ``evaluate_blind_triage`` measures the triage on it,
``evaluate_blind_logging`` runs its logging messages through the chat against a database and
scores what was stored, and ``python -m fitcoach.assistant.evaluate [BLIND_SET]`` prints every
figure apart.
"""

from __future__ import annotations

import math
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import structlog
import structlog.testing

from fitcoach.assistant.guardrails import Screen, screen
from fitcoach.assistant.nlu import INTENTS, ExerciseMatcher, understand
from fitcoach.core.yamlfiles import load_yaml


def _load(path: Path | str | None, name: str) -> dict[str, Any]:
    if path is None:
        text = resources.files("fitcoach.assistant.data").joinpath(name).read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ValueError(f"{name}: expected a mapping with a list of items")
    return data


def slot_matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` matches ``expected``: dicts on the expected keys, lists element by
    element (same length), numbers within 0.5 % (or 0.01), everything else equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and slot_matches(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(slot_matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return math.isclose(expected, actual, rel_tol=0.005, abs_tol=0.01)
    if isinstance(expected, date) and isinstance(actual, date):
        return expected == actual
    return bool(expected == actual)


@dataclass(frozen=True)
class NluFailure:
    """One utterance the parser got wrong."""

    text: str
    expected_intent: str
    intent: str
    expected_slots: dict[str, Any]
    slots: dict[str, Any]


@dataclass(frozen=True)
class IntentScore:
    """Precision and recall of one intent over the set."""

    intent: str
    support: int
    precision: float
    recall: float


@dataclass(frozen=True)
class NluReport:
    """How ``understand`` did on an evaluation set."""

    total: int
    intent_correct: int
    slots_correct: int
    per_intent: list[IntentScore]
    failures: list[NluFailure] = field(default_factory=list)
    # Items marked ``held_out`` were written after the rules were tuned and never tuned on.
    held_out_total: int = 0
    held_out_intent_correct: int = 0
    held_out_slots_correct: int = 0

    @property
    def intent_accuracy(self) -> float:
        """Share of utterances with the expected intent."""
        return self.intent_correct / self.total if self.total else 0.0

    @property
    def slot_accuracy(self) -> float:
        """Share of utterances with the expected intent and every expected slot exact."""
        return self.slots_correct / self.total if self.total else 0.0

    @property
    def tuned_total(self) -> int:
        """Utterances the rules were tuned on (the rest are held out)."""
        return self.total - self.held_out_total

    @property
    def tuned_intent_accuracy(self) -> float:
        """Intent accuracy on the tuned items only."""
        correct = self.intent_correct - self.held_out_intent_correct
        return correct / self.tuned_total if self.tuned_total else 0.0

    @property
    def tuned_slot_accuracy(self) -> float:
        """Exact slot accuracy on the tuned items only."""
        correct = self.slots_correct - self.held_out_slots_correct
        return correct / self.tuned_total if self.tuned_total else 0.0

    @property
    def held_out_intent_accuracy(self) -> float:
        """Intent accuracy on the held-out items only."""
        return self.held_out_intent_correct / self.held_out_total if self.held_out_total else 0.0

    @property
    def held_out_slot_accuracy(self) -> float:
        """Exact slot accuracy on the held-out items only."""
        return self.held_out_slots_correct / self.held_out_total if self.held_out_total else 0.0

    def summary(self) -> str:
        """Accuracy in one line."""
        return (
            f"{self.total} utterances: intent {self.intent_accuracy:.1%}, "
            f"exact slots {self.slot_accuracy:.1%} (held out: {self.held_out_total} utterances, "
            f"intent {self.held_out_intent_accuracy:.1%}, slots {self.held_out_slot_accuracy:.1%})"
        )


def evaluate_nlu(
    path: Path | str | None = None,
    *,
    matcher: ExerciseMatcher | None = None,
    name: str = "nlu_eval.yaml",
) -> NluReport:
    """Run ``understand`` over an evaluation set (the shipped ``name`` unless ``path``)."""
    data = _load(path, name)
    whole_file_held_out = bool(data.get("held_out"))
    today = data["today"]
    exercises = matcher or ExerciseMatcher.from_library()
    predicted: Counter[str] = Counter()
    truth: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    intent_ok = slots_ok = 0
    held = [0, 0, 0]
    failures = []
    for item in data["items"]:
        result = understand(item["text"], today=today, exercises=exercises)
        want = item["intent"]
        want_slots = item.get("slots") or {}
        truth[want] += 1
        predicted[result.intent] += 1
        good_intent = result.intent == want
        good_slots = good_intent and slot_matches(want_slots, result.slots)
        intent_ok += good_intent
        slots_ok += good_slots
        hits[want] += good_intent
        if whole_file_held_out or item.get("held_out"):
            held[0] += 1
            held[1] += good_intent
            held[2] += good_slots
        if not good_slots:
            failures.append(
                NluFailure(item["text"], want, result.intent, want_slots, dict(result.slots))
            )
    per_intent = [
        IntentScore(
            intent,
            truth[intent],
            hits[intent] / predicted[intent] if predicted[intent] else 0.0,
            hits[intent] / truth[intent] if truth[intent] else 0.0,
        )
        for intent in INTENTS
        if truth[intent] or predicted[intent]
    ]
    return NluReport(
        len(data["items"]), intent_ok, slots_ok, per_intent, failures, held[0], held[1], held[2]
    )


@dataclass(frozen=True)
class SafetyFailure:
    """One safety case whose screen differs from the expected outcome."""

    text: str
    expected: dict[str, Any]
    got: dict[str, Any]


@dataclass(frozen=True)
class SafetyReport:
    """How ``screen`` did on the safety set (every case must pass)."""

    total: int
    passed: int
    failures: list[SafetyFailure] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        """Share of cases passed."""
        return self.passed / self.total if self.total else 0.0


def screen_outcome(result: Screen) -> dict[str, Any]:
    """A screen as the safety set writes its expectations."""
    return {
        "red_flags": sorted(result.red_flags),
        "injury": result.injury.kind if result.injury else None,
        "region": result.injury.region if result.injury else None,
        "injection": result.injection,
        "medical": result.medical_request,
    }


def _case_passes(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    # Unstated fields are expected empty: a case must not raise anything it does not list.
    want = {
        "red_flags": sorted(expected.get("red_flags") or []),
        "injury": expected.get("injury"),
        "injection": bool(expected.get("injection", False)),
        "medical": expected.get("medical"),
    }
    if any(got[k] != v for k, v in want.items()):
        return False
    return "region" not in expected or got["region"] == expected["region"]


def evaluate_safety(path: Path | str | None = None, *, name: str = "safety_eval.yaml") -> SafetyReport:  # fmt: skip
    """Run ``screen`` over a safety set (the shipped ``name`` unless ``path``)."""
    data = _load(path, name)
    failures = []
    for item in data["items"]:
        expected = item.get("expect") or {}
        got = screen_outcome(screen(item["text"]))
        if not _case_passes(expected, got):
            failures.append(SafetyFailure(item["text"], expected, got))
    total = len(data["items"])
    return SafetyReport(total, total - len(failures), failures)


def evaluate_heldout(matcher: ExerciseMatcher | None = None) -> NluReport:
    """``understand`` on the held-out set (``data/nlu_heldout.yaml``, never tuned on)."""
    return evaluate_nlu(matcher=matcher, name="nlu_heldout.yaml")


def evaluate_safety_heldout() -> SafetyReport:
    """``screen`` on the held-out safety cases (``data/safety_heldout.yaml``, never tuned on)."""
    return evaluate_safety(name="safety_heldout.yaml")


@dataclass(frozen=True)
class Share:
    """A share of messages with its 95 % bootstrap interval (resampled by message)."""

    hits: int
    total: int
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.value:.1%} [{self.low:.1%}, {self.high:.1%}] ({self.hits}/{self.total})"


def _share(outcomes: list[bool], *, seed: int = 0, rounds: int = 2000) -> Share:
    """``outcomes``' share of True with a percentile bootstrap over the messages (each message
    is its own unit: the blind set has one writer and no person to group by)."""
    import numpy as np

    values = np.asarray(outcomes, dtype=float)
    if values.size == 0:
        return Share(0, 0, 0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, values.size, size=(rounds, values.size))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return Share(int(values.sum()), int(values.size), float(low), float(high))


@dataclass(frozen=True)
class TriageReport:
    """``screen`` on a blind set's messages (``kind``: red_flag, lookalike, or anything else)."""

    recall: Share  # red-flag messages that raised a red flag
    lookalike_alarms: Share  # look-alikes (shared words, no emergency) that raised one
    other_alarms: Share  # every other message that raised one
    by_category: dict[str, tuple[int, int]]  # category: (raised, messages)
    missed: list[str]  # ids of the red-flag messages that raised none
    # ids of the messages the net flagged where the rules raised nothing (empty without a net)
    net_only: list[str] = field(default_factory=list)


def evaluate_blind_triage(path: Path | str, net: object | None = None) -> TriageReport:
    """Red-flag recall and false alarms of the rule triage (``screen``) on a blind set such as
    ``tests/fixtures/blind/assistant_messages.yaml`` (written by someone who saw neither the
    rules nor the tests; fixing the rules against it makes it a tuned set). With ``net`` (a
    ``student.StudentModel``), the triage the chat runs with it: the rules ∪ its red flags
    (``student.second_net``)."""
    from fitcoach.assistant.student import net_red_flags

    items = _load(path, Path(path).name)["items"]
    # ``second_net`` raises a flag when the rules or the net do: the net's read in one batch.
    from_net = net_red_flags([item["text"] for item in items], net)
    by_net = {item["id"] for item, added in zip(items, from_net, strict=True) if added}
    by_rules = {item["id"]: bool(screen(item["text"]).red_flags) for item in items}
    raised = {i: by_rules[i] or i in by_net for i in by_rules}
    net_only = [i for i in by_rules if i in by_net and not by_rules[i]]
    flags = [item for item in items if item["kind"] == "red_flag"]
    by_category: dict[str, tuple[int, int]] = {}
    for item in flags:
        hit, seen = by_category.get(item["red_flag"], (0, 0))
        by_category[item["red_flag"]] = (hit + raised[item["id"]], seen + 1)
    return TriageReport(
        recall=_share([raised[i["id"]] for i in flags]),
        lookalike_alarms=_share([raised[i["id"]] for i in items if i["kind"] == "lookalike"]),
        other_alarms=_share(
            [raised[i["id"]] for i in items if i["kind"] not in ("red_flag", "lookalike")]
        ),
        by_category=dict(sorted(by_category.items())),
        missed=[item["id"] for item in flags if not raised[item["id"]]],
        net_only=net_only,
    )


# --------------------------------------------------------------------------------------------
# Logging on the blind set: each message through the chat, what was stored read back

LOG_OUTCOMES = ("right", "asked", "wrong", "missed")
# Scales people give out of 10; the daily log keeps them on 1-5 (a stored s matches v when
# |s - v/2| <= 0.5: 7/10 may be stored as 3 or 4).
_SCALES = {"mood_1_10": "mood", "energy_1_10": "energy", "soreness_1_10": "soreness",
           "stress_1_10": "stress"}  # fmt: skip
_DAILY = ("weight_kg", "resting_hr", "hrv_ms", "sleep_h", *_SCALES)
_CARDIO = (("minutes", "duration_s", 60.0), ("distance_km", "distance_m", 1000.0),
           ("avg_hr", "avg_hr", 1.0))  # fmt: skip
_FOOD_FILLER = {"a", "an", "the", "of", "with", "and", "big", "portion", "some", "small"}
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def _words(text: str) -> list[str]:
    """Lower-case words, hyphens and brackets as spaces, a plural "s" dropped."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def _has_word(word: str, words: Sequence[str]) -> bool:
    """``word`` among ``words``, or one a prefix of the other (run/running, fly/flye)."""
    return any(
        w == word or (min(len(w), len(word)) >= 3 and (w.startswith(word) or word.startswith(w)))
        for w in words
    )


def exercise_candidates(plain: str, records: Sequence[Any], *, kind: str = "strength") -> list[str]:  # fmt: skip
    """Library slugs a plain exercise or activity name means: entries whose name, slug or an
    alias contains every plain word (a word may be a prefix of the other, "run"/"running").
    For strength, only those with the fewest other words (the entry the plain name means:
    "bench press" is the barbell bench press, not the incline one); for cardio, every one
    (the writer names a kind: a tempo run is a "run"), among the cardio entries only.
    Several left means ambiguous; none, that no entry has every word."""
    want = _words(plain)
    best: dict[str, int] = {}
    for record in records:
        if (record.category == "cardio") != (kind == "cardio"):
            continue
        for name in (record.name, record.slug, *record.aliases):
            words = _words(name)
            if all(_has_word(w, words) for w in want):
                extra = len(words) - len(want)
                best[record.slug] = min(extra, best.get(record.slug, extra))
    if kind != "strength" or not best:
        return sorted(best)
    fewest = min(best.values())
    return sorted(slug for slug, extra in best.items() if extra == fewest)


def _close(want: float, got: float | None) -> bool:
    # Expected numbers are rounded to 1 decimal (lb, miles, 27:30 -> 27.5).
    return got is not None and math.isclose(want, got, rel_tol=0.005, abs_tol=0.06)


def _asks(text: str) -> bool:
    """Whether a reply asks a question (quoted examples, as in the help text, do not count)."""
    return "?" in _QUOTED.sub("", text)


@dataclass(frozen=True)
class LogItem:
    """One logging message of a blind set, how it was scored and why."""

    id: str
    text: str
    ask: bool
    outcome: str  # right, asked, wrong, missed, or context (needs a prior entry)
    reply: str
    stored: dict[str, Any]  # what was read back, per kind
    problems: list[str] = field(default_factory=list)  # for wrong data: what differs

    @property
    def good(self) -> bool:
        """Right, or asked where the set says a good coach must ask."""
        return self.outcome == "right" or (self.outcome == "asked" and self.ask)


@dataclass(frozen=True)
class LoggingReport:
    """The chat's logging on a blind set's ``kind: log`` items (``evaluate_blind_logging``)."""

    items: list[LogItem]
    shares: dict[str, Share]  # each outcome, and "good", over the scored items
    asked_when_needed: Share  # of the items with ``ask: true``: a question and nothing wrong
    # Plain names that mean several library entries (strength), or none (any kind).
    ambiguous: dict[str, list[str]]

    @property
    def scored(self) -> list[LogItem]:
        return [i for i in self.items if i.outcome != "context"]

    @property
    def context(self) -> list[LogItem]:
        """Undo and correction items with no prior entry in their text (counted apart)."""
        return [i for i in self.items if i.outcome == "context"]

    @property
    def wrong(self) -> list[LogItem]:
        return [i for i in self.items if i.outcome == "wrong"]

    def problem_kinds(self) -> Counter[str]:
        """How many wrong-data items show each kind of problem (numbers and names left out)."""
        return Counter(kind for i in self.wrong for kind in {p.split(" (")[0] for p in i.problems})

    def lines(self, top: int = 10) -> list[str]:
        """The figures as ``python -m fitcoach.assistant.evaluate BLIND_SET`` prints them."""
        context = self.context
        out = [
            f"blind logging: {len(self.scored)} log messages scored, {len(context)} undo/"
            f"correction messages need a prior entry (apart: "
            f"{sum(bool(i.stored) for i in context)} stored something anyway)",
            f"  good (right, or asked where it must) {self.shares['good']}",
            *(f"  {name} {self.shares[name]}" for name in LOG_OUTCOMES),
            f"  asked where it must (ask: true) {self.asked_when_needed}",
            "  most common wrong data: "
            + ", ".join(f"{k} {n}" for k, n in self.problem_kinds().most_common(top)),
        ]
        out += [f"  wrong {i.id}: {i.text!r}: {'; '.join(i.problems)}" for i in self.wrong]
        out += [
            f"  {k!r} means several library entries: {', '.join(v)}"
            if v
            else f"  {k!r}: no library entry has every word (nothing stored can match)"
            for k, v in self.ambiguous.items()
        ]
        return out


def _read_back(ctx: Any, athlete_id: int) -> dict[str, Any]:
    """What the athlete's log holds, per kind, in the blind set's terms."""
    from fitcoach.services import training_log

    def rows(kind: Any) -> list[dict[str, Any]]:
        return training_log.history(ctx, athlete_id, kind)

    out: dict[str, Any] = {}
    sets = [
        (s["exercise"], s["reps"], s["weight_kg"] or None, s["rir"])
        for w in rows("workouts")
        for s in w["sets"]
    ]
    if sets:
        out["strength"] = sets
    cardio = [
        {"activity": c["activity_type"]}
        | {key: c[col] / scale for key, col, scale in _CARDIO if c[col] is not None}
        | {k: c[k] for k in ("max_hr", "calories_kcal") if c.get(k) is not None}
        for c in rows("cardio")
    ]
    if cardio:
        out["cardio"] = cardio
    daily: dict[str, float] = {}
    for row in rows("daily"):
        for key, col in (("weight_kg", "weight_kg"), ("resting_hr", "resting_hr"),
                         ("hrv_ms", "hrv_rmssd_ms"), ("sleep_quality", "sleep_quality"),
                         ("day_kcal", "calories_in_kcal"), ("day_protein_g", "protein_g"),
                         *((v, v) for v in _SCALES.values())):  # fmt: skip
            if row.get(col) is not None:
                daily[key] = float(row[col])
        if row.get("sleep_s"):
            daily["sleep_h"] = daily.get("sleep_h", 0.0) + row["sleep_s"] / 3600
    for night in rows("sleep"):
        daily["sleep_h"] = daily.get("sleep_h", 0.0) + training_log.asleep_s(night) / 3600
    if daily:
        out["daily"] = daily
    meals = [
        {"description": m["description"]}
        | {
            k: m[c]
            for k, c in (
                ("kcal", "calories_kcal"),
                ("protein_g", "protein_g"),
                ("carbs_g", "carbs_g"),
                ("fat_g", "fat_g"),
            )
            if m[c] is not None
        }
        for m in rows("meals")
    ]
    if meals:
        out["meal"] = meals
    feedback = rows("feedback")
    if feedback:
        out["feedback"] = len(feedback)
    return out


def _fields(where: str, want: dict[str, Any], got: dict[str, Any], keys: Sequence[str]) -> list[str]:  # fmt: skip
    problems = []
    for key in keys:
        if key in want and key not in got:
            problems.append(f"{where} value not stored ({key})")
        elif key not in want and key in got:
            problems.append(f"{where} value stored, none said ({key} {got[key]:g})")
        elif key in want and not _close(float(want[key]), float(got[key])):
            problems.append(f"{where} value wrong ({key}: {want[key]} said, {got[key]:g} stored)")
    return problems


def _strength(want: list[dict[str, Any]], got: list[tuple[Any, ...]], records: Sequence[Any]) -> tuple[list[str], dict[str, list[str]]]:  # fmt: skip
    """Differences between the expected strength entries and the stored sets, grouped by
    exercise (an exercise's sets compared in order of reps, load and RIR)."""
    expected: dict[str, list[tuple[int, float | None, int | None]]] = {}
    for entry in want:
        reps = entry["reps"] if isinstance(entry["reps"], list) else [entry["reps"]] * int(entry["sets"])  # fmt: skip
        expected.setdefault(entry["exercise"], []).extend(
            (int(r), entry.get("load_kg"), entry.get("rir")) for r in reps
        )
    stored: dict[str, list[tuple[int, float | None, int | None]]] = {}
    for slug, reps, load, rir in got:
        stored.setdefault(slug, []).append((reps, load, rir))
    problems: list[str] = []
    ambiguous: dict[str, list[str]] = {}
    unpaired = []
    for plain, sets in expected.items():
        candidates = exercise_candidates(plain, records)
        if len(candidates) != 1:
            ambiguous[plain] = candidates
        slug = next((s for s in stored if s in candidates), None)
        if slug is None:
            unpaired.append((plain, sets))
            continue
        problems += _compare_sets(plain, sets, stored.pop(slug))
    for plain, sets in unpaired:
        if stored:  # the nearest leftover: the first one
            slug = next(iter(stored))
            problems.append(f"wrong exercise ({plain} said, {slug} stored)")
            problems += _compare_sets(plain, sets, stored.pop(slug))
        else:
            problems.append(f"strength entry not stored ({plain})")
    problems += [f"strength entry stored, none said ({slug})" for slug in stored]
    return problems, ambiguous


def _compare_sets(plain: str, want: list[tuple[Any, ...]], got: list[tuple[Any, ...]]) -> list[str]:  # fmt: skip
    def key(s: tuple[Any, ...]) -> tuple[float, float, float]:
        return (s[0], -1.0 if s[1] is None else s[1], -1.0 if s[2] is None else s[2])

    if len(want) != len(got):
        return [f"strength sets wrong ({plain}: {len(want)} said, {len(got)} stored)"]
    problems = set()
    for (reps, load, rir), (g_reps, g_load, g_rir) in zip(sorted(want, key=key), sorted(got, key=key), strict=True):  # fmt: skip
        if reps != g_reps:
            problems.add(f"strength reps wrong ({plain})")
        if load is None and g_load is not None:
            problems.add(f"strength load stored, none said ({plain})")
        elif load is not None and g_load is None:
            problems.add(f"strength load not stored ({plain})")
        elif load is not None and not _close(load, g_load):
            problems.add(f"strength load wrong ({plain}: {load} said, {g_load:g} stored)")
        if rir is None and g_rir is not None:
            problems.add(f"strength rir stored, none said ({plain})")
        elif rir is not None and g_rir is None:
            problems.add(f"strength rir not stored ({plain})")
        elif rir is not None and rir != g_rir:
            problems.add(f"strength rir wrong ({plain})")
    return sorted(problems)


def _cardio(want: list[dict[str, Any]], got: list[dict[str, Any]], records: Sequence[Any]) -> list[str]:  # fmt: skip
    left = list(got)
    problems: list[str] = []
    unpaired = []
    for entry in want:
        candidates = exercise_candidates(entry["activity"], records, kind="cardio")
        found = next((c for c in left if c["activity"] in candidates), None)
        if found is None:
            unpaired.append(entry)
            continue
        left.remove(found)
        problems += _fields("cardio", entry, found, ("minutes", "distance_km", "avg_hr"))
        problems += [f"cardio value stored, none said ({k})" for k in ("max_hr", "calories_kcal") if k in found]  # fmt: skip
    for entry in unpaired:
        if left:
            found = left.pop(0)
            problems.append(f"wrong activity ({entry['activity']} said, {found['activity']} stored)")  # fmt: skip
            problems += _fields("cardio", entry, found, ("minutes", "distance_km", "avg_hr"))
        else:
            problems.append(f"cardio entry not stored ({entry['activity']})")
    problems += [f"cardio entry stored, none said ({c['activity']})" for c in left]
    return problems


def _daily(want: dict[str, Any], got: dict[str, float]) -> list[str]:
    got = dict(got)
    problems = []
    for key, column in _SCALES.items():
        if key in want and column in got:
            if abs(got.pop(column) - float(want[key]) / 2) <= 0.5:
                got[key] = float(want[key])
            else:
                problems.append(f"daily value wrong ({key}: {want[key]}/10 said, off on the 1-5 scale)")  # fmt: skip
                want = {k: v for k, v in want.items() if k != key}
        elif column in got:
            got[key] = got.pop(column) * 2
    problems += _fields("daily", want, got, _DAILY)
    problems += [f"daily value stored, none said ({k})" for k in got if k not in _DAILY]
    return problems


def _meal(want: list[dict[str, Any]], got: list[dict[str, Any]], day: dict[str, float]) -> list[str]:  # fmt: skip
    left = list(got)
    problems: list[str] = []
    for entry in want:
        totals = {k: day[d] for k, d in (("kcal", "day_kcal"), ("protein_g", "day_protein_g")) if d in day}  # fmt: skip
        if entry.get("description") == "day total" and not left and totals:
            problems += _fields("meal", entry, totals, ("kcal", "protein_g"))
            continue
        if not left:
            problems.append(f"meal not stored ({entry.get('description')})")
            continue
        found = left.pop(0)
        if entry.get("description") != "day total":
            words = _words(found["description"])
            if not all(_has_word(w, words) for w in _words(entry["description"]) if w not in _FOOD_FILLER and not w.isdigit()):  # fmt: skip
                problems.append(f"meal description wrong ({entry['description']!r} said, {found['description']!r} stored)")  # fmt: skip
        problems += _fields("meal", entry, found, ("kcal", "protein_g", "carbs_g", "fat_g"))
    problems += [f"meal stored, none said ({m['description']!r})" for m in left]
    return problems


def compare_logged(want: list[dict[str, Any]], got: dict[str, Any], records: Sequence[Any]) -> tuple[list[str], dict[str, list[str]]]:  # fmt: skip
    """What differs between a blind item's ``stored`` entries and what was read back (empty:
    everything said is stored and nothing else), and the ambiguous exercise names met."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for entry in want:
        by_kind.setdefault(entry["what"], []).append(entry)
    day = dict(got.get("daily", {}))
    day_totals = {k: day.pop(k) for k in ("day_kcal", "day_protein_g") if k in day}
    problems, ambiguous = _strength(by_kind.get("strength", []), got.get("strength", []), records)  # fmt: skip
    problems += _cardio(by_kind.get("cardio", []), got.get("cardio", []), records)
    for entry in by_kind.get("cardio", []):
        if not exercise_candidates(entry["activity"], records, kind="cardio"):
            ambiguous[entry["activity"]] = []
    daily_want = {k: v for e in by_kind.get("daily", []) for k, v in e.items() if k != "what"}
    used_totals = any(e.get("description") == "day total" for e in by_kind.get("meal", [])) and not got.get("meal")  # fmt: skip
    if not used_totals:
        day |= day_totals
    problems += _daily(daily_want, day)
    problems += _meal(by_kind.get("meal", []), got.get("meal", []), day_totals)
    if got.get("feedback"):
        problems.append("feedback stored, none said")
    return problems, ambiguous


def _prepare_template(path: Path, now: datetime) -> None:
    from fitcoach.core.clock import FixedClock
    from fitcoach.services.context import ServiceContext
    from fitcoach.services.exercises import load_library
    from fitcoach.storage import migrate
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            load_library(ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(now)))  # fmt: skip
    finally:
        engine.dispose()


ATHLETE_PROFILE: dict[str, Any] = {
    "birth_date": "1992-05-17", "sex": "female", "height_cm": 168, "weight_kg": 64,
    "goals": ["strength"], "experience_level": "intermediate", "days_per_week": 4,
    "session_minutes": 60, "equipment": ["barbell", "squat_rack", "bench", "dumbbell"],
}  # fmt: skip


def _run_one(template: Path, work: Path, text: str, now: datetime, assistant: Any, before: Sequence[str] = ()) -> tuple[str, dict[str, Any]]:  # fmt: skip
    """``text`` through the chat for a fresh athlete in a fresh copy of ``template``, after the
    ``before`` messages in the same conversation: the last reply and what is stored then."""
    from fitcoach.assistant import conversations
    from fitcoach.core.clock import FixedClock
    from fitcoach.services import athletes
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    shutil.copyfile(template, work)
    engine = make_engine(f"sqlite:///{work}")
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(now))  # fmt: skip
            athlete = athletes.create_athlete(
                ctx,
                {
                    "name": "Blind Athlete",
                    "email": "blind@example.org",
                    "profile": ATHLETE_PROFILE,
                },
            )
            for earlier in before:
                conversations.chat(ctx, athlete.id, earlier, channel="web", assistant=assistant)
                session.flush()
            reply = conversations.chat(ctx, athlete.id, text, channel="web", assistant=assistant)
            session.flush()
            return reply.text, _read_back(ctx, athlete.id)
    finally:
        engine.dispose()


def evaluate_blind_logging(
    path: Path | str,
    *,
    assistant: Any = None,
    now: datetime | None = None,
    workdir: Path | str | None = None,
) -> LoggingReport:
    """The chat's logging on a blind set's ``kind: log`` items: each message goes through
    ``conversations.chat`` (what the web and Telegram call; the offline ``Assistant()`` unless
    ``assistant``) for a fresh athlete in a fresh SQLite database (a copy of one migrated
    template with the library), then the training log is read back through the services and
    the item is scored: right (everything in ``stored`` is stored and nothing else; with
    ``ask: true`` and entries to store, also a question), asked (nothing stored, the reply
    asks a question: good where ``ask: true``), wrong (something stored that ``stored`` does
    not say), missed (nothing stored, no question). An item with ``before`` (earlier messages
    of the same chat, sent first) is scored on what the log holds after the whole exchange:
    right when that is exactly ``stored`` (its ``undo``/``correct`` markers aside), else wrong.
    Undo and correction items without ``before`` need a prior entry their text does not give:
    they are scored ``context`` and counted apart. ``now``
    (the set's ``written`` day at noon UTC by default) is the clock of every chat."""
    from fitcoach.assistant.llm import Assistant

    data = _load(path, Path(path).name)
    written = data.get("written")
    if now is None:
        day = written if isinstance(written, date) else date.fromisoformat(str(written or "2026-11-26"))  # fmt: skip
        now = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
    assistant = assistant if assistant is not None else Assistant()
    records = ExerciseMatcher.from_library().records
    items: list[LogItem] = []
    ambiguous: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp, structlog.testing.capture_logs():
        template = Path(tmp) / "template.sqlite3"
        _prepare_template(template, now)
        for item in (i for i in data["items"] if i.get("kind") == "log"):
            want = list(item.get("stored") or [])
            for entry in want:
                if entry.get("what") in ("strength", "cardio"):
                    name = entry.get("exercise") or entry.get("activity") or ""
                    found = exercise_candidates(name, records, kind=entry["what"])
                    if len(found) != 1 if entry["what"] == "strength" else not found:
                        ambiguous[name] = found
            ask = bool(item.get("ask"))
            before = [str(b) for b in item.get("before") or []]
            reply, got = _run_one(template, Path(tmp) / "one.sqlite3", item["text"], now, assistant, before)  # fmt: skip
            problems: list[str] = []
            marked = any(e.get("what") in ("undo", "correct") for e in want)
            if marked and not before:
                outcome = "context"
            elif before:  # ``stored``: what the log holds after the whole exchange
                kept = [e for e in want if e.get("what") not in ("undo", "correct")]
                problems = compare_logged(kept, got, records)[0] if kept or got else []
                outcome = "wrong" if problems else "right"
            elif not got:
                outcome = "asked" if _asks(reply) else "missed"
            else:
                problems, _ = compare_logged(want, got, records)
                if not want:
                    outcome, problems = "wrong", ["stored instead of asking", *problems]
                elif problems:
                    outcome = "wrong"
                elif ask and want and not _asks(reply):
                    outcome, problems = "missed", ["stored, but did not ask what it must"]
                else:
                    outcome = "right"
            items.append(LogItem(item["id"], item["text"], ask, outcome, reply, got, problems))
    scored = [i for i in items if i.outcome != "context"]
    shares = {name: _share([i.outcome == name for i in scored]) for name in LOG_OUTCOMES}
    shares["good"] = _share([i.good for i in scored])
    asking = [i for i in scored if i.ask]
    return LoggingReport(
        items,
        shares,
        _share([i.outcome in ("asked", "right") for i in asking]),
        dict(sorted(ambiguous.items())),
    )


def report_lines(matcher: ExerciseMatcher | None = None) -> list[str]:
    """Tuned and held-out figures, apart (what ``python -m fitcoach.assistant.evaluate`` prints)."""
    matcher = matcher or ExerciseMatcher.from_library()
    tuned = evaluate_nlu(matcher=matcher)
    held = evaluate_heldout(matcher)
    safety = evaluate_safety()
    safety_held = evaluate_safety_heldout()
    red_held = evaluate_safety(name="redflag_heldout.yaml")
    return [
        f"tuned (nlu_eval.yaml, {tuned.tuned_total} utterances): intent "
        f"{tuned.tuned_intent_accuracy:.1%}, exact slots {tuned.tuned_slot_accuracy:.1%}",
        f"held out, first batch (nlu_eval.yaml, {tuned.held_out_total}): intent "
        f"{tuned.held_out_intent_accuracy:.1%}, exact slots {tuned.held_out_slot_accuracy:.1%}",
        f"held out (nlu_heldout.yaml, {held.total}): intent {held.intent_accuracy:.1%}, "
        f"exact slots {held.slot_accuracy:.1%}",
        f"safety, tuned (safety_eval.yaml): {safety.passed}/{safety.total} passed",
        f"safety, held out (safety_heldout.yaml): {safety_held.passed}/{safety_held.total} passed",
        f"red flags, held out (redflag_heldout.yaml): {red_held.passed}/{red_held.total} passed",
    ]


def triage_comparison_lines(path: Path | str, rules: TriageReport, net: Any) -> list[str]:
    """The blind triage of the rules ∪ a student's red flags beside the rules alone (``rules``):
    recall, false alarms, by category, and which messages the student flagged that the rules
    did not (the red flags it found and the false alarms it added)."""
    if getattr(net, "red_flag_threshold", None) is None:
        return [f"  student {getattr(net, 'version', '')}: no tuned red-flag threshold, adds none"]
    union = evaluate_blind_triage(path, net)
    tuned = (getattr(net, "metrics", {}).get("sets") or {}).get("threshold", "an unrecorded set")
    kinds = {i["id"]: i["kind"] for i in _load(path, Path(path).name)["items"]}
    found = sorted(set(rules.missed) - set(union.missed))
    extra = sorted(i for i in union.net_only if kinds[i] != "red_flag")
    return [
        f"blind triage, rules ∪ student {net.version} (red-flag threshold "
        f"{net.red_flag_threshold}, tuned on {tuned}): red-flag recall {union.recall}",
        f"  false alarms on look-alikes {union.lookalike_alarms}, on other messages "
        f"{union.other_alarms}",
        "  by category (rules → rules ∪ student): "
        + ", ".join(
            f"{k} {rules.by_category[k][0]}→{hit}/{seen}"
            for k, (hit, seen) in union.by_category.items()
        ),
        f"  red flags the student added ({len(found)}): {', '.join(found) or '-'}; "
        f"false alarms it added ({len(extra)}): {', '.join(extra) or '-'}",
    ]


def main() -> None:
    """Print the figures (``python -m fitcoach.assistant.evaluate [BLIND_SET.yaml] [--student
    [MODEL_DIR]]``): with a blind set, the rule triage's red-flag recall and false alarms on it
    too, and how the chat logs its ``kind: log`` messages (``evaluate_blind_logging``); with
    ``--student``, the triage with the newest distilled student's red flags added (the model
    directory's, default ``FITCOACH_MODEL_DIR``) beside the rules'."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m fitcoach.assistant.evaluate")
    parser.add_argument("blind_set", nargs="?", help="a blind set such as tests/fixtures/blind/assistant_messages.yaml")  # fmt: skip
    parser.add_argument("--student", nargs="?", const="", default=None, metavar="MODEL_DIR",
                        help="also the rules ∪ the distilled student's red flags on the blind set")  # fmt: skip
    args = parser.parse_args()
    student = None
    if args.student is not None:
        # Loaded first: a missing or unverifiable model is said before minutes of evaluation.
        from fitcoach.assistant.student import StudentModel
        from fitcoach.core.settings import get_settings
        from fitcoach.ml.registry import ArtefactError

        if not args.blind_set:
            parser.error("--student compares on a blind set: give one, e.g. tests/fixtures/blind/assistant_messages.yaml")  # fmt: skip
        try:
            student = StudentModel.load(Path(args.student) if args.student else get_settings().models_path)  # fmt: skip
        except ArtefactError as exc:
            parser.error(str(exc))
    lines = report_lines()
    if args.blind_set:
        blind = evaluate_blind_triage(args.blind_set)
        lines += [
            f"blind triage ({args.blind_set}): red-flag recall {blind.recall}",
            f"  false alarms on look-alikes {blind.lookalike_alarms}, on other messages "
            f"{blind.other_alarms}",
            "  by category: "
            + ", ".join(f"{k} {hit}/{seen}" for k, (hit, seen) in blind.by_category.items()),
        ]
        if student is not None:
            lines += triage_comparison_lines(args.blind_set, blind, student)
        lines += evaluate_blind_logging(args.blind_set).lines()
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
