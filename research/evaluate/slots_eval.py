"""The slot tagger judged on writers it never saw, through the real chat.

Folds hold out one writer each (leave one writer out) or a writer group each (``--groups 3``:
the three groups of ``corpus.writer_groups`` that ``fold_chat`` deals, faster on two cores).
For each fold a tagger is trained on every other writer's aligned messages (and on any extra
corpus's writers, never held out) and the held-out logging messages go through ``chat_eval``'s
runner: the rules alone, and the rules with the tagger (``slot_tagger.WithSlots``; no intent
student, whose training saw every writer). Each message is scored as ``chat_eval.log_outcome``
scores it (right, wrong, asked, missed); shares are pooled over all held-out messages with 95 %
bootstrap intervals by message.

The tagger pass runs without the confidence gate and keeps, per message, the confidence of
each tagger reading the chat acted on (from the ``slot_tagger_reading`` / ``_disagrees`` log
events): at a gate τ a message takes the tagger pass's outcome where every such reading is at
least τ sure, the rules' where none is, and is re-run at τ where some are (``gated``).
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
from fitcoach.pipelines.distill.slots import Aligned
from fitcoach.pipelines.distill.slots_train import (
    CachedTagger,
    Examples,
    encoded,
    examples,
    train,
)
from research.evaluate.chat_eval import ChatRunner, Item, log_outcome, read_items

KINDS = ("right", "wrong", "asked", "missed")


RULES, TAGGER, CHECK = "rules alone", "rules + tagger", "rules + tagger + check"
_ACTED = frozenset({"slot_tagger_reading", "slot_tagger_disagrees"})


@dataclass
class Fold:
    writer: str  # the held-out writer, or the group's writers joined by "+"
    trained_on: int  # aligned messages of the other writers
    seconds: float  # training time
    kinds: dict[str, list[str]] = field(default_factory=dict)  # pass → each message's outcome
    wrong: dict[str, list[str]] = field(default_factory=dict)  # pass → "id: why"
    # pass → per message, the confidences of the tagger readings the chat acted on
    sure: dict[str, list[list[float]]] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    tagger: Any = None  # the fold's tagger (re-runs at a gate); not reported


@dataclass
class Scored:
    kinds: list[str]
    wrong: list[str]  # "id: why"
    sure: list[list[float]]


def score_items(items: Sequence[Item], assistant: Any) -> Scored:
    """Each logging item's outcome through the chat, the wrong ones with why, and the
    confidences of the tagger readings acted on in it."""
    records = ExerciseMatcher.from_library().records
    prime = getattr(getattr(assistant, "intents", None), "prime", None)
    if callable(prime):
        prime([text for item in items for text in (*item.before, item.text)])
    out = Scored([], [], [])
    with tempfile.TemporaryDirectory() as tmp, structlog.testing.capture_logs() as logs:
        runner = ChatRunner(Path(tmp), assistant)
        try:
            for item in items:
                seen = len(logs)
                kind, why = log_outcome(runner.run(item), records)
                out.kinds.append(kind)
                out.sure.append([float(e["confidence"]) for e in logs[seen:] if e.get("event") in _ACTED])  # fmt: skip
                if kind == "wrong":
                    out.wrong.append(f"{item.id}: {'; '.join(why)}")
        finally:
            runner.close()
    return out


def _stored(kind: str) -> bool:
    return kind in ("right", "wrong", "unscored")


def held_out_folds(
    corpus: Path,
    messages: Sequence[CorpusMessage],
    config: TaggerConfig,
    held_out: Sequence[Sequence[str]],
    *,
    cache: Path | None = None,
    progress: Callable[[str], None] | None = None,
    everything: Examples | None = None,
) -> list[Fold]:
    """One fold per writer group of ``held_out`` (writers of ``corpus``), see the module.
    ``messages`` may hold extra writers (another corpus): they are only ever trained on."""
    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.nlu import normalise

    matcher = ExerciseMatcher.from_library()
    everything = everything or examples(messages, matcher)
    by_group = {
        tuple(group): [i for w in group for i in read_items(corpus / w)[0] if i.category == "log"]
        for group in held_out
    }
    texts = [a.text for a in everything.aligned]
    texts += [normalise(t) for items in by_group.values() for i in items for t in (*i.before, i.text)]  # fmt: skip
    states = encoded(texts, config, cache)  # one encoding pass for every fold
    folds: list[Fold] = []
    for group, items in by_group.items():
        aligned = trained_on(everything, group)
        trained = train(aligned, config, states=states)
        tagger = CachedTagger(trained, states)
        fold = Fold("+".join(group), len(aligned), trained.seconds, items=list(items), tagger=tagger)  # fmt: skip
        started = time.perf_counter()
        rules = score_items(items, Assistant())
        _keep(fold, RULES, rules, progress, started)
        # Without check the tagger is consulted only where the rules cannot store the message,
        # so where the rules alone stored it (and no earlier turn came before) the outcome is
        # the same: kept, not re-run (a third of the time). With check (``checked``) the
        # tagger can turn a stored reading into a question, so there every message runs.
        again = [n for n, (i, k) in enumerate(zip(items, rules.kinds, strict=True)) if i.before or not _stored(k)]  # fmt: skip
        started = time.perf_counter()
        redone = score_items([items[n] for n in again], Assistant(intents=WithSlots(tagger)))
        merged = Scored(list(rules.kinds), list(rules.wrong), [[] for _ in items])
        for n, kind, sure in zip(again, redone.kinds, redone.sure, strict=True):
            merged.kinds[n], merged.sure[n] = kind, sure
        redone_ids = {items[n].id for n in again}
        merged.wrong = [w for w in rules.wrong if w.split(":")[0] not in redone_ids] + redone.wrong
        _keep(fold, TAGGER, merged, progress, started, f"{len(again)} re-run")
        folds.append(fold)
    return folds


def trained_on(everything: Examples, held_out: Sequence[str]) -> list[Aligned]:
    """The aligned messages a fold trains on: every writer's but the held-out ones'."""
    return [a for a, m in zip(everything.aligned, everything.messages, strict=True) if m.writer not in held_out]  # fmt: skip


def _keep(fold: Fold, label: str, scored: Scored, progress: Callable[[str], None] | None, started: float, note: str = "") -> None:  # fmt: skip
    fold.kinds[label], fold.wrong[label], fold.sure[label] = scored.kinds, scored.wrong, scored.sure
    if progress:
        progress(f"{fold.writer} {label}: {dict(Counter(scored.kinds))} ({time.perf_counter() - started:.0f} s{', ' + note if note else ''})")  # fmt: skip


def leave_one_out(
    corpus: Path,
    messages: Sequence[CorpusMessage],
    config: TaggerConfig,
    *,
    only: Sequence[str] = (),
    **kwargs: Any,
) -> list[Fold]:
    """One fold per writer of ``corpus`` (or per writer of ``only``)."""
    names = only or [w for w in writers(messages) if (corpus / w).is_dir()]
    return held_out_folds(corpus, messages, config, [(w,) for w in names], **kwargs)


def gated(folds: Sequence[Fold], threshold: float, label: str = TAGGER) -> list[str]:
    """Every held-out message's outcome (folds in order) for the ungated pass ``label`` with
    the gate at ``threshold``: that pass's outcome where every tagger reading the chat acted
    on is at least that sure, the rules alone's where none is (a refused reading is the rules'
    path), re-run at the gate where some are."""
    from fitcoach.assistant.llm import Assistant

    out: list[str] = []
    for fold in folds:
        kinds = list(fold.kinds[label])
        mixed: list[int] = []
        for n, sure in enumerate(fold.sure[label]):
            if sure and all(p < threshold for p in sure):
                kinds[n] = fold.kinds[RULES][n]
            elif sure and any(p < threshold for p in sure):
                mixed.append(n)
        if mixed:
            reader = WithSlots(fold.tagger, check=label == CHECK, threshold=threshold)
            again = score_items([fold.items[n] for n in mixed], Assistant(intents=reader))
            for n, kind in zip(mixed, again.kinds, strict=True):
                kinds[n] = kind
        out.extend(kinds)
    return out


def checked(folds: Sequence[Fold], progress: Callable[[str], None] | None = None) -> None:
    """The ungated pass with check on (``CHECK``: ask where the rules and the tagger read two
    whole logs), kept in each fold. It differs from the tagger pass only where the rules
    stored the message and the tagger's reading composes (``slot_compose.compose`` passes on
    the message's own text, whichever of the anchor's days the chat's today is): those, and
    every message with earlier turns, are run again; the rest keep the tagger pass's."""
    from datetime import timedelta

    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.nlu import normalise
    from fitcoach.assistant.slot_compose import Failed, compose
    from research.evaluate.chat_eval import NOW

    matcher = ExerciseMatcher.from_library()
    days = [NOW.date() + timedelta(days=d) for d in (-1, 0, 1)]

    def composes(text: str, tagger: Any) -> bool:
        normal = normalise(text)
        spans = tagger.tag(normal)
        for day in days:
            try:
                compose(normal, spans, day, matcher)
                return True
            except (Failed, ArithmeticError, LookupError, ValueError):
                continue
        return False

    for fold in folds:
        started = time.perf_counter()
        kinds, sure = list(fold.kinds[TAGGER]), [list(s) for s in fold.sure[TAGGER]]
        again = [n for n, (i, k) in enumerate(zip(fold.items, fold.kinds[RULES], strict=True)) if i.before or (_stored(k) and composes(i.text, fold.tagger))]  # fmt: skip
        redone = score_items([fold.items[n] for n in again], Assistant(intents=WithSlots(fold.tagger, check=True)))  # fmt: skip
        for n, kind, got in zip(again, redone.kinds, redone.sure, strict=True):
            kinds[n], sure[n] = kind, got
        ids = {fold.items[n].id for n in again}
        wrong = [w for w in fold.wrong[TAGGER] if w.split(":")[0] not in ids] + redone.wrong
        _keep(fold, CHECK, Scored(kinds, wrong, sure), progress, started, f"{len(again)} re-run")


def shares(kinds: Sequence[str]) -> dict[str, Share]:
    scored = [k for k in kinds if k != "unscored"]
    return {k: _share([x == k for x in scored]) for k in KINDS}


def pooled(folds: Sequence[Fold]) -> dict[str, dict[str, Share]]:
    """pass → outcome → its share over every held-out logging message read back."""
    return {label: shares([k for f in folds for k in f.kinds[label]]) for label in (folds[0].kinds if folds else ())}  # fmt: skip


def table(folds: Sequence[Fold], extra: dict[str, dict[str, Share]] | None = None) -> list[str]:
    """The pooled shares by pass (and ``extra`` passes: the gated ones), then each fold's."""
    pools = pooled(folds) | (extra or {})
    labels = list(pools)
    rows = ["| logging (held-out writers) | " + " | ".join(labels) + " |", "|" + " --- |" * (len(labels) + 1)]  # fmt: skip
    for kind in KINDS:
        rows.append(f"| {kind} | " + " | ".join(str(pools[label][kind]) for label in labels) + " |")  # fmt: skip
    for fold in folds:
        per = [Counter(k for k in fold.kinds[label] if k != "unscored") for label in fold.kinds]
        cells = [f"{c['right']}/{sum(c.values())} right, {c['wrong']} wrong" for c in per]
        rows.append(f"| writer {fold.writer} (trained on {fold.trained_on}, {fold.seconds:.0f} s) | " + " | ".join(cells) + " |" * (len(labels) - len(cells) + 1))  # fmt: skip
    return rows
