"""The slot tagger judged on writers it never saw: leave one writer out, through the real chat.

For each writer of the teacher corpus (every folder under data/teacher, as ``corpus`` reads
them), a tagger is trained on the other writers' aligned messages and that writer's logging
messages go through ``chat_eval``'s runner twice: the rules alone, and the rules with the
tagger (``slot_tagger.WithSlots``; no intent student, whose training saw every writer). Each
message is scored as ``chat_eval.log_outcome`` scores it (right, wrong, asked, missed); the
shares are pooled over all held-out messages with 95 % bootstrap intervals by message.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog.testing

from fitcoach.assistant.evaluate.common import Share, _share
from fitcoach.assistant.nlu import ExerciseMatcher
from fitcoach.assistant.slot_tagger import TaggerConfig, WithSlots
from fitcoach.pipelines.distill.corpus import CorpusMessage, writers
from fitcoach.pipelines.distill.slots_train import (
    CachedTagger,
    Examples,
    encoded,
    examples,
    train,
)
from research.evaluate.chat_eval import ChatRunner, Item, log_outcome, read_items

KINDS = ("right", "wrong", "asked", "missed")


@dataclass
class Fold:
    writer: str
    trained_on: int  # aligned messages of the other writers
    seconds: float  # training time
    kinds: dict[str, list[str]] = field(default_factory=dict)  # pass → each message's outcome
    wrong: dict[str, list[str]] = field(default_factory=dict)  # pass → "id: why"


def score_items(items: Sequence[Item], assistant: Any) -> tuple[list[str], list[str]]:
    """Each logging item's outcome through the chat, and the wrong ones with why."""
    records = ExerciseMatcher.from_library().records
    prime = getattr(getattr(assistant, "intents", None), "prime", None)
    if callable(prime):
        prime([text for item in items for text in (*item.before, item.text)])
    kinds: list[str] = []
    wrong: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, structlog.testing.capture_logs():
        runner = ChatRunner(Path(tmp), assistant)
        try:
            for item in items:
                kind, why = log_outcome(runner.run(item), records)
                kinds.append(kind)
                if kind == "wrong":
                    wrong.append(f"{item.id}: {'; '.join(why)}")
        finally:
            runner.close()
    return kinds, wrong


def leave_one_out(
    corpus: Path,
    messages: Sequence[CorpusMessage],
    config: TaggerConfig,
    *,
    cache: Path | None = None,
    only: Sequence[str] = (),
    check: bool = False,
    progress: Callable[[str], None] | None = None,
    everything: Examples | None = None,
) -> list[Fold]:
    """One fold per writer (or per writer of ``only``), see the module."""
    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.nlu import normalise

    matcher = ExerciseMatcher.from_library()
    everything = everything or examples(messages, matcher)
    by_writer = {w: [i for i in read_items(corpus / w)[0] if i.category == "log"] for w in only or writers(messages)}  # fmt: skip
    texts = [a.text for a in everything.aligned]
    texts += [normalise(t) for items in by_writer.values() for i in items for t in (*i.before, i.text)]  # fmt: skip
    states = encoded(texts, config, cache)  # one encoding pass for every fold
    folds: list[Fold] = []
    for writer, items in by_writer.items():
        keep = [m.writer != writer for m in everything.messages]
        aligned = [a for a, k in zip(everything.aligned, keep, strict=True) if k]
        trained = train(aligned, config, states=states)
        tagger = CachedTagger(trained, states)
        fold = Fold(writer, len(aligned), trained.seconds)
        for label, assistant in (
            ("rules alone", Assistant()),
            ("rules + tagger", Assistant(intents=WithSlots(tagger, check=check))),
        ):
            started = time.perf_counter()
            fold.kinds[label], fold.wrong[label] = score_items(items, assistant)
            if progress:
                progress(f"{writer} {label}: {Counter(fold.kinds[label])} ({time.perf_counter() - started:.0f} s)")  # fmt: skip
        folds.append(fold)
    return folds


def pooled(folds: Sequence[Fold]) -> dict[str, dict[str, Share]]:
    """pass → outcome → its share over every held-out logging message read back."""
    out: dict[str, dict[str, Share]] = {}
    for label in folds[0].kinds if folds else ():
        kinds = [k for f in folds for k in f.kinds[label] if k != "unscored"]
        out[label] = {k: _share([x == k for x in kinds]) for k in KINDS}
    return out


def table(folds: Sequence[Fold]) -> list[str]:
    shares = pooled(folds)
    labels = list(shares)
    rows = ["| logging (held-out writers) | " + " | ".join(labels) + " |", "|" + " --- |" * (len(labels) + 1)]  # fmt: skip
    for kind in KINDS:
        rows.append(f"| {kind} | " + " | ".join(str(shares[label][kind]) for label in labels) + " |")  # fmt: skip
    for fold in folds:
        per = [Counter(k for k in fold.kinds[label] if k != "unscored") for label in labels]
        cells = [f"{c['right']}/{sum(c.values())} right, {c['wrong']} wrong" for c in per]
        rows.append(f"| writer {fold.writer} (trained on {fold.trained_on}, {fold.seconds:.0f} s) | " + " | ".join(cells) + " |")  # fmt: skip
    return rows
