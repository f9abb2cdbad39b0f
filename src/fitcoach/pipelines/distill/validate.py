"""Stage 4: validate the teacher's answers, count what is filtered, slice, split.

Checks, each counted in the validation report (a record failing one is dropped):

- **schema**: every field a record needs, with its type; an unknown prompt type;
- **missing fields**: an empty teacher answer, an athlete-message answer without labels, a
  teacher error or an answer that was not the JSON asked for;
- **duplicates**: the same prompt text twice (the first is kept);
- **length anomalies**: an answer shorter or longer than the configured bounds (dropped), and
  answers more than 5 median absolute deviations from their prompt type's median (flagged);
- **teacher safety violations**: an answer that breaks its prompt's expected constraints
  (``escalate``: stop-and-seek-help wording and no sets or reps; ``refer``: a professional
  named; ``refuse``: a refusal; ``avoid:<movement>``: the movement not prescribed), and an
  athlete-message answer whose labels disagree with the generator's.

Then athlete messages become student examples (the message and each paraphrase, with slot spans
where they can be found), split train/validation/test deterministically (by a hash of the seed
and scenario, so paraphrases stay with their source) and stratified by prompt type and label or
goal; the split imbalance check and the per-slice bias report close the stage.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fitcoach.pipelines.distill import grammar
from fitcoach.pipelines.distill.config import DistillConfig
from fitcoach.pipelines.distill.prompts import PROMPT_TYPES, SLICE_KEYS

SPLITS = ("train", "validation", "test")
IMBALANCE_LIMIT = 0.1  # a stratum's share may differ this much between a split and the whole
_ESCALATE = re.compile(r"\b(?:stop|emergency|seek|urgent|doctor|999|911|112|crisis|samaritans)\b", re.I)  # fmt: skip
_PRESCRIPTION = re.compile(r"\b\d+\s*x\s*\d+\b|\b\d+\s+sets?\b|\breps in reserve\b", re.I)
_REFER = re.compile(r"\b(?:doctor|physio\w*|clinician|professional|gp|medical)\b", re.I)
_REFUSE = re.compile(r"\b(?:can(?:no|')t|won'?t|only|not able|unable|refuse|not share)\b", re.I)
_AVOID_WORDS = {
    "overhead pressing": r"\boverhead press\b",
    "dips": r"\bdips?\b",
    "jumping": r"\bjump",
    "deep loaded knee flexion": r"(?<!box )\bsquat\b",
    "loaded flexion": r"\bromanian deadlift\b",
    "heavy spinal loading": r"(?<!box )(?<!leg )\bsquat\b|\bdeadlift\b",
}
_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "scenario_id": str, "user_id": str, "prompt_type": str, "slices": dict,
    "expected_safety": list, "context": str, "prompt": str, "answer": dict, "teacher": str,
}  # fmt: skip


@dataclass
class Counts:
    """What validation found, by check."""

    total: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    violations_by_constraint: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "kept": self.kept,
            "dropped": dict(sorted(self.dropped.items())),
            "flagged": dict(sorted(self.flagged.items())),
            "violations_by_constraint": dict(sorted(self.violations_by_constraint.items())),
        }


def schema_problem(record: dict[str, Any]) -> str | None:
    """Why a record does not fit the schema (None when it does)."""
    for name, kind in _REQUIRED.items():
        if name not in record:
            return f"missing {name}"
        if not isinstance(record[name], kind):
            return f"{name} is not {getattr(kind, '__name__', kind)}"
    if record["prompt_type"] not in PROMPT_TYPES:
        return f"unknown prompt type {record['prompt_type']}"
    if any(k not in record["slices"] for k in SLICE_KEYS):
        return "slices incomplete"
    if record["prompt_type"] == "message" and not isinstance(record.get("expected"), dict):
        return "message without expected labels"
    return None


def missing_problem(record: dict[str, Any]) -> str | None:
    answer = record["answer"]
    if answer.get("error"):
        return "teacher_error"
    if answer.get("parse_error"):
        return "unparseable_answer"
    if not isinstance(answer.get("response"), str) or not answer["response"].strip():
        return "missing_response"
    if record["prompt_type"] == "message" and "safety" not in answer:
        return "missing_labels"
    return None


def safety_violations(record: dict[str, Any]) -> list[str]:
    """The expected constraints the teacher's answer breaks."""
    text = str(record["answer"].get("response", ""))
    broken = []
    for constraint in record["expected_safety"]:
        if constraint == "escalate" and (not _ESCALATE.search(text) or _PRESCRIPTION.search(text)):
            broken.append("escalate")
        elif constraint == "refer" and not _REFER.search(text):
            broken.append("refer")
        elif constraint == "refuse" and not _REFUSE.search(text):
            broken.append("refuse")
        elif constraint.startswith("avoid:"):
            pattern = _AVOID_WORDS.get(constraint[6:])
            if pattern and re.search(pattern, text, re.I):
                broken.append(constraint)
    return broken


def label_disagreement(record: dict[str, Any]) -> bool:
    if record["prompt_type"] != "message":
        return False
    answer, expected = record["answer"], record["expected"]
    return bool(answer.get("intent") != expected["intent"] or answer.get("safety") != expected["safety"])  # fmt: skip


def _bucket(key: str, seed: int) -> float:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def stratum(record: dict[str, Any]) -> str:
    if record["prompt_type"] == "message":
        return f"message:{record['expected']['intent'] or record['expected']['safety']}"
    return f"{record['prompt_type']}:{record['slices']['goal']}"


def assign_splits(records: Sequence[dict[str, Any]], config: DistillConfig) -> dict[str, str]:
    """Scenario id → split: within each stratum, scenarios ordered by a seeded hash and cut by
    the configured shares (at least one test and one validation scenario where there are 3+)."""
    by_stratum: dict[str, list[str]] = defaultdict(list)
    for record in records:
        by_stratum[stratum(record)].append(record["scenario_id"])
    out: dict[str, str] = {}
    train_share, val_share, _ = config.split
    for ids in by_stratum.values():
        ordered = sorted(set(ids), key=lambda s: _bucket(s, config.seed))
        n = len(ordered)
        n_train = round(n * train_share)
        n_val = round(n * val_share)
        if n >= 3:
            n_val = max(n_val, 1)
            n_train = min(n_train, n - n_val - 1)
        for i, scenario in enumerate(ordered):
            out[scenario] = "train" if i < n_train else "validation" if i < n_train + n_val else "test"  # fmt: skip
    return out


def find_spans(text: str, values: dict[str, str]) -> list[dict[str, Any]] | None:
    """Slot spans of a paraphrase, found by the slot values' text (None: a value is missing)."""
    spans = []
    lower = text.lower()
    for name, value in values.items():
        slot = grammar.SLOT_OF.get(name)
        if slot is None:
            continue
        at = lower.find(value.lower())
        if at < 0:
            return None
        spans.append({"slot": slot, "start": at, "end": at + len(value), "text": text[at : at + len(value)]})  # fmt: skip
    return sorted(spans, key=lambda s: s["start"])


def examples_of(record: dict[str, Any], split: str) -> list[dict[str, Any]]:
    """Student examples from one athlete-message record: the message and its paraphrases."""
    expected, answer = record["expected"], record["answer"]
    base = {
        "group": record["scenario_id"],
        "intent": expected["intent"],
        "safety": expected["safety"],
        "split": split,
        "slices": record["slices"],
        "user_id": record["user_id"],
    }
    out = [{**base, "id": f"{record['scenario_id']}:0", "text": record["prompt"], "spans": expected["spans"], "source": "generator"}]  # fmt: skip
    given = answer.get("paraphrase_spans")
    seen = {record["prompt"].strip().lower()}
    for i, text in enumerate(answer.get("paraphrases") or [], start=1):
        if not isinstance(text, str) or not text.strip() or text.strip().lower() in seen:
            continue
        seen.add(text.strip().lower())
        spans = given[i - 1] if isinstance(given, list) and i - 1 < len(given) else find_spans(text, expected["values"])  # fmt: skip
        out.append({**base, "id": f"{record['scenario_id']}:{i}", "text": text, "spans": spans, "source": "teacher"})  # fmt: skip
    return out


def imbalance(rows: Sequence[dict[str, Any]], key: str = "stratum") -> dict[str, Any]:
    """Per split, the largest gap between a stratum's share there and overall; strata absent."""
    overall = Counter(r[key] for r in rows)
    total = sum(overall.values()) or 1
    report: dict[str, Any] = {}
    for split in SPLITS:
        part = Counter(r[key] for r in rows if r["split"] == split)
        n = sum(part.values())
        gaps = {s: abs(part[s] / (n or 1) - overall[s] / total) for s in overall}
        worst = max(gaps, key=lambda s: gaps[s]) if gaps else None
        report[split] = {
            "records": n,
            "share": round(n / total, 3),
            "max_gap": round(gaps[worst], 3) if worst else 0.0,
            "worst_stratum": worst,
            "absent_strata": sorted(s for s in overall if part[s] == 0),
        }
    report["imbalanced"] = any(report[s]["max_gap"] > IMBALANCE_LIMIT for s in SPLITS) or bool(
        report["test"]["absent_strata"]
    )
    return report


def bias_report(records: Sequence[dict[str, Any]], dropped: dict[str, str]) -> dict[str, Any]:
    """Per slice value: records, share kept, safety violation rate, mean answer length; a slice
    is flagged when its violation rate is over twice the overall rate (and 5 points above it)
    or it has fewer than 5 records."""
    overall_viol = sum(dropped.get(r["scenario_id"]) == "safety_violation" for r in records)
    overall_rate = overall_viol / (len(records) or 1)
    out: dict[str, Any] = {"overall_violation_rate": round(overall_rate, 4), "slices": {}}
    for key in SLICE_KEYS:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in records:
            groups[str(r["slices"][key])].append(r)
        rows = {}
        for value, members in sorted(groups.items()):
            n = len(members)
            viol = sum(dropped.get(m["scenario_id"]) == "safety_violation" for m in members)
            kept = sum(m["scenario_id"] not in dropped for m in members)
            lengths = [len(str(m["answer"].get("response", ""))) for m in members]
            rate = viol / n
            rows[value] = {
                "records": n,
                "kept_share": round(kept / n, 3),
                "violation_rate": round(rate, 4),
                "mean_answer_chars": round(statistics.fmean(lengths), 1) if lengths else 0.0,
                "flagged": n < 5 or (rate > 2 * overall_rate and rate - overall_rate > 0.05),
            }
        out["slices"][key] = rows
    out["flagged"] = sorted(
        f"{k}={v}" for k, rows in out["slices"].items() for v, row in rows.items() if row["flagged"]
    )
    return out


def validate(
    records: Sequence[dict[str, Any]], config: DistillConfig
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Stage 4: the dataset (student examples and clean coaching pairs, with their split) and
    the validation report."""
    counts = Counts(total=len(records))
    dropped: dict[str, str] = {}
    seen: set[str] = set()
    clean: list[dict[str, Any]] = []
    good_schema: list[dict[str, Any]] = []
    for record in records:
        problem = schema_problem(record)
        if problem is not None:
            counts.dropped["schema"] += 1
            continue
        good_schema.append(record)
        key = re.sub(r"\s+", " ", record["prompt"].strip().lower())
        if key in seen:
            counts.dropped["duplicate"] += 1
            dropped[record["scenario_id"]] = "duplicate"
            continue
        seen.add(key)
        missing = missing_problem(record)
        if missing is not None:
            counts.dropped[missing] += 1
            dropped[record["scenario_id"]] = missing
            continue
        length = len(record["answer"]["response"])
        if not config.min_response_chars <= length <= config.max_response_chars:
            counts.dropped["length_anomaly"] += 1
            dropped[record["scenario_id"]] = "length_anomaly"
            continue
        broken = safety_violations(record)
        if broken:
            counts.dropped["safety_violation"] += 1
            counts.violations_by_constraint.update(c.split(":")[0] for c in broken)
            dropped[record["scenario_id"]] = "safety_violation"
            continue
        if label_disagreement(record):
            counts.dropped["label_disagreement"] += 1
            dropped[record["scenario_id"]] = "label_disagreement"
            continue
        clean.append(record)
    # Robust outliers of answer length within each prompt type: flagged, not dropped.
    by_type: dict[str, list[int]] = defaultdict(list)
    for r in clean:
        by_type[r["prompt_type"]].append(len(r["answer"]["response"]))
    for r in clean:
        lengths = by_type[r["prompt_type"]]
        median = statistics.median(lengths)
        mad = statistics.median(abs(x - median) for x in lengths) or 1.0
        if abs(len(r["answer"]["response"]) - median) / mad > 5:
            counts.flagged["length_outlier"] += 1
    splits = assign_splits(clean, config)
    dataset: list[dict[str, Any]] = []
    for r in clean:
        split = splits[r["scenario_id"]]
        if r["prompt_type"] == "message":
            for ex in examples_of(r, split):
                dataset.append({"kind": "message", "stratum": stratum(r), **ex})
                if ex["spans"] is None:
                    counts.flagged["paraphrase_without_spans"] += 1
        else:
            dataset.append(
                {
                    "kind": "coaching",
                    "stratum": stratum(r),
                    "id": r["scenario_id"],
                    "group": r["scenario_id"],
                    "prompt_type": r["prompt_type"],
                    "prompt": r["prompt"],
                    "response": r["answer"]["response"],
                    "split": split,
                    "slices": r["slices"],
                    "user_id": r["user_id"],
                }
            )
    counts.kept = len(clean)
    report = {
        "counts": counts.to_json(),
        "examples": dict(Counter(f"{d['kind']}:{d['split']}" for d in dataset)),
        "split_imbalance": imbalance(dataset),
        "bias": bias_report(good_schema, dropped),
    }
    return dataset, report
