"""The teacher corpus: chat messages written by language models, each with its gold meaning.

Several writers (large language models that had seen neither the rules, the tests nor any
earlier set) each wrote messages as real people type them, with the tool calls fitcoach should
make, the question it must ask, or the red-flag kinds that stop training advice. The files live
in ``data/teacher/<writer>/part-NN.jsonl`` at the top of the repository (not in the wheel: the
product ships the trained student, not its data); ``data/teacher/SPEC.md`` is the brief every
writer was given and ``data/teacher/<writer>/README.md`` says who wrote what, and how.

A writer's messages stay on one side of a split (``writer_split``): a student is never scored on
the words of a writer it was trained on.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fitcoach.core.errors import InvalidInput

Category = Literal[
    "log", "red_flag", "lookalike", "plan", "question", "undo", "correction", "smalltalk", "other"
]
Action = Literal["call", "ask", "escalate", "answer"]
CrisisStyle = Literal["direct", "indirect", "past", "joking_but_not"]

# The red-flag kinds of docs/safety.md, and ``other_medical`` for emergencies it does not list
# (stroke signs, rhabdomyolysis, anaphylaxis ...), which the writers were asked to cover too.
RED_FLAG_KINDS: tuple[str, ...] = (
    "chest_pain",
    "fainting",
    "severe_breathlessness",
    "low_resting_spo2",
    "rhythm_alert",
    "palpitations_dizziness",
    "palpitations_at_rest",
    "acute_injury",
    "dvt_signs",
    "cauda_equina_signs",
    "extreme_diet",
    "self_harm",
    "coughing_vomiting_blood",
    "head_injury_signs",
    "pregnancy_warning_signs",
    "heat_illness",
    "glycaemic_emergency",
    "asthma_unrelieved",
    "other_medical",
)

TOOLS: frozenset[str] = frozenset(
    {
        "log_sets",
        "log_cardio",
        "log_sleep",
        "log_daily_metrics",
        "log_measurements",
        "log_meal",
        "undo_last_entry",
        "correct_log_entry",
        "record_injury",
        "propose_plan_edit",
        "generate_plan",
        "get_metrics",
        "get_strength",
        "get_training_summary",
        "get_readiness",
        "get_today_session",
        "get_plan",
        "explain_decision",
        "search_exercises",
        "exercise_substitutes",
        "get_measurements",
        "report_symptoms",
    }
)


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["user", "coach"]
    text: str


class Call(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tool: str
    args: dict[str, Any]

    @model_validator(mode="after")
    def _known_tool(self) -> Call:
        if self.tool not in TOOLS:
            raise ValueError(f"unknown tool {self.tool!r}")
        return self


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    action: Action
    calls: tuple[Call, ...] = ()
    ask: str | None = None
    missing: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Expect:
        if self.action == "call" and not self.calls:
            raise ValueError("action call needs calls")
        if self.action == "ask" and not (self.ask and self.missing):
            raise ValueError("action ask needs the question and what is missing")
        if self.action == "escalate" and (
            not self.calls or self.calls[0].tool != "report_symptoms"
        ):
            raise ValueError("action escalate starts with report_symptoms")
        return self


class CorpusMessage(BaseModel):
    """One written message and its gold meaning (the brief: data/teacher/SPEC.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    writer: str
    units: Literal["metric", "imperial"]
    history: tuple[Turn, ...] = ()
    text: str = Field(min_length=1)
    category: Category
    red_flags: tuple[str, ...] = ()
    crisis_style: CrisisStyle | None = None
    expect: Expect
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CorpusMessage:
        unknown = set(self.red_flags) - set(RED_FLAG_KINDS)
        if unknown:
            raise ValueError(f"unknown red-flag kinds {sorted(unknown)}")
        if (self.category == "red_flag") != bool(self.red_flags):
            raise ValueError("red_flags are given exactly for a red_flag message")
        if (self.category == "red_flag") != (self.expect.action == "escalate"):
            raise ValueError("a red flag, and only a red flag, escalates")
        if ("self_harm" in self.red_flags) != (self.crisis_style is not None):
            raise ValueError("crisis_style is given exactly for self-harm")
        if not self.id.startswith(f"{self.writer}-"):
            raise ValueError("an id starts with its writer")
        return self


@dataclass(frozen=True)
class Split:
    """Messages for training and messages held out, never sharing a writer."""

    train: tuple[CorpusMessage, ...]
    held_out: tuple[CorpusMessage, ...]


def read_file(path: Path) -> list[CorpusMessage]:
    """The messages of one JSONL file; a bad line is named by file, line and field."""
    out: list[CorpusMessage] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                out.append(CorpusMessage.model_validate(json.loads(line)))
            except json.JSONDecodeError as exc:
                raise InvalidInput(f"{path.name} line {number}: not JSON ({exc.msg})") from exc
            except ValidationError as exc:
                error = exc.errors()[0]
                where = ".".join(str(part) for part in error["loc"]) or "record"
                raise InvalidInput(f"{path.name} line {number}: {where}: {error['msg']}") from exc
    return out


def load_corpus(root: Path) -> list[CorpusMessage]:
    """Every message under ``root`` (``<writer>/part-*.jsonl``), in file order; ids unique."""
    messages: list[CorpusMessage] = []
    for path in sorted(root.glob("*/part-*.jsonl")):
        messages.extend(read_file(path))
    seen = Counter(message.id for message in messages)
    doubled = sorted(key for key, count in seen.items() if count > 1)
    if doubled:
        raise InvalidInput(f"ids used twice: {', '.join(doubled[:5])}")
    return messages


def writers(messages: Iterable[CorpusMessage]) -> list[str]:
    return sorted({message.writer for message in messages})


def writer_split(messages: Sequence[CorpusMessage], held_out: Iterable[str]) -> Split:
    """Train on every writer but ``held_out``; hold those writers' messages out whole."""
    keep = set(held_out)
    unknown = keep - set(writers(messages))
    if unknown:
        raise InvalidInput(f"no messages by writer {', '.join(sorted(unknown))}")
    return Split(
        train=tuple(m for m in messages if m.writer not in keep),
        held_out=tuple(m for m in messages if m.writer in keep),
    )


def writer_groups(sizes: Mapping[str, int], groups: int) -> list[tuple[str, ...]]:
    """Writers (``sizes``: messages per writer) into ``groups`` folds of near-equal size: the
    largest writer first into the lightest fold (ties by name and fold order, so the same folds
    every run). Each fold holds a group out and trains on the rest, so k folds cost (k - 1)
    times one training on everything whatever the number of writers, and balanced folds keep
    each held-out figure on about a k-th of the corpus (writers differ threefold in size)."""
    count = max(1, min(groups, len(sizes)))
    folds: list[list[str]] = [[] for _ in range(count)]
    load = [0] * count
    for name in sorted(sizes, key=lambda w: (-sizes[w], w)):
        lightest = min(range(count), key=lambda i: (load[i], i))
        folds[lightest].append(name)
        load[lightest] += sizes[name]
    return sorted(tuple(sorted(fold)) for fold in folds)


def summary(messages: Sequence[CorpusMessage]) -> dict[str, Any]:
    """Counts by writer, category, red-flag kind, crisis style and expected action."""
    return {
        "messages": len(messages),
        "writers": dict(sorted(Counter(m.writer for m in messages).items())),
        "categories": dict(sorted(Counter(m.category for m in messages).items())),
        "red_flag_kinds": dict(sorted(Counter(k for m in messages for k in m.red_flags).items())),
        "crisis_styles": dict(
            sorted(Counter(m.crisis_style for m in messages if m.crisis_style).items())
        ),
        "actions": dict(sorted(Counter(m.expect.action for m in messages).items())),
        "with_history": sum(1 for m in messages if m.history),
    }
