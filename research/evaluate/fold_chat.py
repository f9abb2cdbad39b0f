"""The chat's disagreement question, measured out of writer (issue 57).

The shipped student was trained on every corpus writer, so the chat scored on the corpus with
it is scored in-sample. Here each writer group of ``finetune_eval.writer_groups`` (3 groups)
gets a student trained on the other groups, saved as a registry artefact of the shipped format
(``fold_artefacts``), and the real chat (``chat_eval.ChatRunner``) reads that group's messages
with it, several ways (``score_group``):

- ``rules``: the rules alone;
- ``ask``: rules + the fold student as shipped (the disagreement question on);
- ``no_ask``: the same with ``disagrees`` answering None (the question off);
- ``no_guess``: the same with ``guess`` answering None too (no intent fallback either).

``no_ask`` and ``no_guess`` differ from ``ask`` only on a message where the chat logged a
disagreement (or a fallback guess) in the ``ask`` pass, on the message or an earlier turn of
it: everything else takes the same path. So those passes re-run only those messages and keep
``ask``'s outcome for the rest (exact, and a third of the time). Each message's outcome is kept
(``outcome_rows``) with what the student read, so a gated policy (ask only above a higher
probability, say) is scored on the rows without another pass (``policy_outcome``).

Usage (after ``fitcoach distill student-encode``)::

    python -m research.evaluate.fold_chat train --fold 0 --out var/fold-students
    python -m research.evaluate.fold_chat score --fold 0 --models var/fold-students \
        --report var/fold-chat-0.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import structlog.testing

from fitcoach.assistant.evaluate.common import Share, _share

CATEGORIES = ("log", "plan", "lookalike", "red_flag")  # what the figures are on
PASSES = ("rules", "ask", "no_ask", "no_guess")


def groups(root: Path) -> list[tuple[str, ...]]:
    """The corpus's three writer groups, as ``student-folds --groups 3`` deals them."""
    from fitcoach.pipelines.distill.corpus import load_corpus, writer_groups

    return writer_groups(Counter(m.writer for m in load_corpus(root)), 3)


def fold_artefacts(
    root: Path,
    cache: Path,
    out: Path,
    folds: Sequence[int],
    shipped: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Path]:
    """For each fold index, a student trained on every writer group but that one, saved under
    ``out/<group>`` as a registry artefact (the shipped configuration and red-flag thresholds,
    read from the shipped manifest at ``shipped``). Returns the artefact roots."""
    from fitcoach.assistant.tuned_student import NAME, StudentConfig
    from fitcoach.ml import registry
    from fitcoach.pipelines.distill.corpus import load_corpus, writer_split
    from fitcoach.pipelines.distill.finetune import save_student, train

    manifest = registry.versions(shipped, NAME)[0]
    config = StudentConfig(**manifest.params["config"])
    messages = load_corpus(root)
    every = groups(root)
    roots = []
    for index in folds:
        group = every[index]
        split = writer_split(messages, group)
        trained = train(split.train, config, cache=cache, progress=progress)
        target = out / "+".join(group)
        save_student(
            target,
            trained,
            split.train,
            threshold=float(manifest.params["red_flag_threshold"]),
            crisis_threshold=float(manifest.params["crisis_threshold"]),
            flagged_crisis=float(manifest.params["flagged_crisis_threshold"]),
            metrics={"held_out": list(group)},
        )
        roots.append(target)
    return roots


def bundle_artefacts(
    root: Path,
    bundle: Path,
    out: Path,
    thresholds: tuple[float, float, float],
) -> list[Path]:
    """Each fold student of a bundle trained elsewhere (``finetune.read_bundle``: a GPU run)
    saved under ``out/<group>`` as a registry artefact, with ``thresholds`` (red flag,
    self-harm, self-harm once flagged). Returns the artefact roots."""
    from fitcoach.pipelines.distill.corpus import load_corpus, writer_split
    from fitcoach.pipelines.distill.finetune import read_bundle, save_tensors

    messages = load_corpus(root)
    read = read_bundle(bundle, messages)
    roots = []
    for part, group in read.held_out.items():
        if not group:  # the student trained on every writer: not a fold
            continue
        target = out / "+".join(sorted(group))
        save_tensors(
            target,
            read.students[part],
            read.config,
            writer_split(messages, group).train,
            losses=read.losses.get(part, ()),
            threshold=thresholds[0],
            crisis_threshold=thresholds[1],
            flagged_crisis=thresholds[2],
            metrics={"held_out": sorted(group), "bundle": bundle.name, "device": read.device},
        )
        roots.append(target)
    return roots


class Without:
    """A student runtime with its disagreement question (and, with ``guess``, its intent
    fallback) turned off; red flags and readings as the runtime gives them."""

    def __init__(self, inner: Any, *, guess: bool = True) -> None:
        self.inner = inner
        self.keep_guess = guess

    def red_flags(self, text: str) -> list[str]:
        return list(self.inner.red_flags(text))

    def crisis_when_flagged(self, text: str) -> bool:
        return bool(self.inner.crisis_when_flagged(text))

    def guess(self, text: str) -> str | None:
        return self.inner.guess(text) if self.keep_guess else None

    def disagrees(self, text: str, rule_intent: str) -> str | None:
        return None

    def prime(self, texts: Sequence[str], batch_size: int = 64) -> None:
        self.inner.prime(texts, batch_size)


def _kind(outcome: Any, records: Sequence[Any]) -> str:
    """A message's scored outcome: right / wrong / asked / missed / unscored for a log, done or
    not for a plan request, escalated (crisis) or not for the others."""
    from research.evaluate.chat_eval import log_outcome, plan_done

    category = outcome.item.category
    if category == "log":
        return log_outcome(outcome, records)[0]
    if category == "plan":
        return "done" if plan_done(outcome, records) else "not_done"
    if outcome.escalated:
        return "crisis" if outcome.crisis else "escalated"
    return "calm"


def wrote(outcome: Any) -> str:
    """What a reply wrote: ``plan`` (a plan version proposed), ``log`` (an entry stored),
    both, or ``nothing``; the figures above see a plan proposed for a log message only as
    a log not stored, and a log stored from a plan request only as a plan not done."""
    kinds = [k for k, did in (("plan", outcome.proposed is not None), ("log", bool(outcome.stored))) if did]  # fmt: skip
    return "+".join(kinds) or "nothing"


def _events(logs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    asked = [e for e in logs if e.get("event") == "student_disagrees"]
    guessed = [e for e in logs if e.get("event") == "intent_fallback"]
    return {
        "disagreed": bool(asked),
        "rules_intent": asked[-1]["rules"] if asked else None,
        "student_intent": asked[-1]["student"] if asked else None,
        "guessed": bool(guessed),
    }


def score_group(
    items: Sequence[Any],
    runtime: Any,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """Every item through the chat the four ways (see the module); one row per item."""
    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.nlu import ExerciseMatcher
    from research.evaluate.chat_eval import ChatRunner

    records = ExerciseMatcher.from_library().records
    runtime.prime([text for item in items for text in (*item.before, item.text)])
    rows: list[dict[str, Any]] = [
        {"id": i.id, "category": i.category, "units": i.units, "turns": len(i.before) + 1}
        for i in items
    ]
    ways: dict[str, Any] = {
        "rules": Assistant(),
        "ask": Assistant(intents=runtime),
        "no_ask": Assistant(intents=Without(runtime)),
        "no_guess": Assistant(intents=Without(runtime, guess=False)),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, assistant in ways.items():
            folder = Path(tmp) / name
            folder.mkdir()
            runner = ChatRunner(folder, assistant)
            try:
                for number, (item, row) in enumerate(zip(items, rows, strict=True), 1):
                    if not _differs(name, row):
                        row[name] = row["ask"]
                        row[f"{name}_wrote"] = row["ask_wrote"]
                    else:
                        with structlog.testing.capture_logs() as logs:
                            outcome = runner.run(item)
                        row[name] = _kind(outcome, records)
                        row[f"{name}_wrote"] = wrote(outcome)
                        if name == "ask":
                            row.update(_events(logs))
                            reading = runtime.read(item.text)
                            row["student_p"] = reading.intent_probability if reading else None
                            row["student_read"] = reading.intent if reading else None
                    if progress is not None:
                        progress(name, number, len(items))
            finally:
                runner.close()
    return rows


def _differs(way: str, row: dict[str, Any]) -> bool:
    """Whether ``way`` can answer ``row``'s message otherwise than the ``ask`` pass did."""
    if way == "no_ask":
        return bool(row["disagreed"])
    if way == "no_guess":
        return bool(row["disagreed"] or row["guessed"])
    return True


def fired_writes(items: Sequence[Any], runtime: Any, rows: list[dict[str, Any]]) -> None:
    """Add ``ask_wrote`` and ``no_ask_wrote`` to the rows where the question was asked, by
    running those messages again both ways (a report made before ``wrote`` was recorded)."""
    from fitcoach.assistant.llm import Assistant
    from research.evaluate.chat_eval import ChatRunner

    again = [(i, r) for i, r in zip(items, rows, strict=True) if r.get("disagreed")]
    ways = {"ask": Assistant(intents=runtime), "no_ask": Assistant(intents=Without(runtime))}
    with tempfile.TemporaryDirectory() as tmp:
        for name, assistant in ways.items():
            folder = Path(tmp) / name
            folder.mkdir()
            runner = ChatRunner(folder, assistant)
            try:
                with structlog.testing.capture_logs():
                    for item, row in again:
                        row[f"{name}_wrote"] = wrote(runner.run(item))
            finally:
                runner.close()


def policy_outcome(row: dict[str, Any], ask: bool) -> str:
    """A row's outcome under a policy that asks (``ask``'s outcome) or does not (``no_ask``'s)
    where the shipped chat asked; elsewhere the two are the same."""
    return str(row["ask"] if ask else row["no_ask"])


def shares(rows: Sequence[dict[str, Any]], way: str | Callable[[dict[str, Any]], str]) -> dict[str, Share]:  # fmt: skip
    """The chat's figures on ``rows`` for one pass (a name, or a function giving a row's
    outcome): logging right / wrong / asked / missed (of the scored logs), plan requests done,
    red flags escalated (and self-harm given the crisis reply is not told apart here), and
    look-alike false alarms."""
    get = (lambda r: r[way]) if isinstance(way, str) else way
    logs = [get(r) for r in rows if r["category"] == "log" and r["ask"] != "unscored"]
    plans = [get(r) for r in rows if r["category"] == "plan"]
    red = [get(r) for r in rows if r["category"] == "red_flag"]
    looks = [get(r) for r in rows if r["category"] == "lookalike"]
    out = {f"log_{k}": _share([v == k for v in logs]) for k in ("right", "wrong", "asked", "missed")}  # fmt: skip
    out["plan_done"] = _share([v == "done" for v in plans])
    out["red_flag_recall"] = _share([v in ("crisis", "escalated") for v in red])
    out["lookalike_alarms"] = _share([v in ("crisis", "escalated") for v in looks])
    return out


MEASURES = (
    ("log_right", "logging: stored right"),
    ("log_wrong", "logging: wrong data stored"),
    ("log_asked", "logging: answered with a question"),
    ("log_missed", "logging: neither"),
    ("plan_done", "plan requests done as asked"),
    ("red_flag_recall", "red flags escalated"),
    ("lookalike_alarms", "look-alike false alarms"),
)


def table(rows: Sequence[dict[str, Any]], title: str, ways: Sequence[str] = PASSES[:3]) -> list[str]:  # fmt: skip
    """Markdown: the figures of ``ways`` side by side on ``rows``."""
    figures = {way: shares(rows, way) for way in ways}
    lines = [f"| {title} | " + " | ".join(ways) + " |", "|" + " --- |" * (len(ways) + 1)]
    for key, words in MEASURES:
        lines.append(f"| {words} | " + " | ".join(str(figures[w][key]) for w in ways) + " |")
    return lines


def fired(rows: Sequence[dict[str, Any]]) -> Counter[tuple[str, str, str, str]]:
    """Where the question was asked: (category, the rules' intent, the student's, what acting
    instead gave), counted."""
    return Counter(
        (r["category"], str(r["rules_intent"]), str(r["student_intent"]), str(r["no_ask"]))
        for r in rows
        if r.get("disagreed")
    )


def _say(*parts: object, flush: bool = False) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    if flush:
        sys.stdout.flush()


def _main() -> None:
    parser = argparse.ArgumentParser(prog="python -m research.evaluate.fold_chat")
    parser.add_argument("command", choices=("train", "bundle", "score", "report", "writes"))
    parser.add_argument("--weights", type=Path, help="bundle: the fold students' safetensors")
    parser.add_argument(
        "--thresholds", type=float, nargs=3, default=None,
        help="bundle: red flag, self-harm, self-harm once flagged",
    )  # fmt: skip
    parser.add_argument("--fold", type=int, action="append", default=[])
    parser.add_argument("--root", type=Path, default=Path("data/teacher"))
    parser.add_argument("--cache", type=Path, default=Path("var/student-cache"))
    parser.add_argument("--out", "--models", dest="models", type=Path, default=Path("var/fold-students"))  # fmt: skip
    parser.add_argument("--report", type=Path, default=None)
    parser.add_argument("--reports", default="var/fold-chat", help="report: the reports' prefix")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    from fitcoach.assistant.student_runtime import PACKAGED_ROOT, StudentRuntime
    from fitcoach.assistant.tuned_student import NAME
    from fitcoach.ml import registry
    from research.evaluate.chat_eval import read_items

    if args.command == "report":  # the reports named by --fold, each alone and pooled
        parts = [json.loads(Path(f"{args.reports}-{i}.json").read_text()) for i in args.fold]
        for part in parts:
            _say("\n".join(table(part["rows"], "held out " + "+".join(part["group"]))), "\n")
        pooled = [row for part in parts for row in part["rows"]]
        _say("\n".join(table(pooled, "pooled", PASSES)), "\n")
        for key, count in fired(pooled).most_common():
            _say(count, *key)
        _say(
            "wrote (asking / acting):",
            Counter(
                (r.get("ask_wrote"), r.get("no_ask_wrote"), r["category"])
                for r in pooled
                if r.get("disagreed")
            ),
        )
        return
    if args.command == "bundle":
        for path in bundle_artefacts(args.root, args.weights, args.models, tuple(args.thresholds)):
            _say(path, registry.versions(path, NAME)[0].version)
        return
    if args.command == "train":
        import torch

        torch.set_num_threads(args.threads)
        for path in fold_artefacts(args.root, args.cache, args.models, args.fold, PACKAGED_ROOT):
            _say(path, registry.versions(path, NAME)[0].version)
        return
    every = groups(args.root)
    for index in args.fold:
        group = every[index]
        root = args.models / "+".join(group)
        version = registry.versions(root, NAME)[0].version  # no fold student: stop here
        runtime = StudentRuntime(root)
        if runtime.model() is None or runtime.status().version != version:
            raise SystemExit(f"fold student {root} did not load: {runtime.status().reason}")
        written = [
            (writer, item)
            for writer in group
            for item in read_items(args.root / writer)[0]
            if item.category in CATEGORIES
        ]
        items = [item for _, item in written]

        def step(name: str, done: int, total: int, label: str = "+".join(group)) -> None:
            if done % 500 == 0 or done == total:
                _say(f"{label} {name} {done}/{total}", flush=True)

        report = args.report or Path(f"{args.reports}-{index}.json")
        if args.command == "writes":  # an older report: what the asked messages wrote
            done = json.loads(report.read_text())
            fired_writes(items, runtime, done["rows"])
            report.write_text(json.dumps(done))
            continue
        rows = score_group(items, runtime, step)
        for row, (writer, _) in zip(rows, written, strict=True):
            row["writer"] = writer
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps({"group": list(group), "version": version, "rows": rows}))
        _say(report)


if __name__ == "__main__":
    _main()
