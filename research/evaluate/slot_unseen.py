"""The slot tagger on writers it never saw, through the product's chat (issue 57).

The messages of the given corpus files or folders (``chat_eval.read_items``), logging ones or
all the others (``--others``), go through ``chat_eval.run_corpus`` twice on the same code: the
product's default without the tagger (rules ∪ the shipped student) and with the tagger beside
the student (``slot_tagger.WithSlots``, the artefact's own gate); ``--check`` adds the pass that
asks where the rules and the tagger read two logs. The table prints each pass's shares with 95 %
bootstrap intervals by message, then the wrong stores each pass adds or removes against the
first. Used at stop 92 to turn the tagger on (docs/models/student.md, "Slot tagger"); pick
writers neither the tagger nor the student trained on (their manifests list them).

    .venv/bin/python -m research.evaluate.slot_unseen data/blind-final-27 data/corpus-57n
    .venv/bin/python -m research.evaluate.slot_unseen --others --tagger PATH data/blind-final-27
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from research.evaluate.chat_eval import Item, Report, read_items, run_corpus, table


def items_of(paths: Sequence[Path], others: bool) -> list[Item]:
    """The logging messages of ``paths`` (or, with ``others``, every other message)."""
    out: list[Item] = []
    for path in paths:
        got, _ = read_items(path)
        out += [i for i in got if (i.category == "log") != others]
    return out


def passes(tagger: Any, student: Any, check: bool) -> list[tuple[str, Any]]:
    """(label, intent fallback) of each pass: without the tagger first."""
    from fitcoach.assistant.slot_tagger import WithSlots

    out = [("rules ∪ student", student), ("+ tagger (its gate)", WithSlots(tagger, student))]
    if check:
        out.append(("+ tagger, check", WithSlots(tagger, student, check=True)))
    return out


def changed_wrong(reports: Sequence[Report]) -> list[str]:
    """The wrong stores each later pass adds (+) or removes (-) against the first."""
    first = {w.split(":")[0]: w for w in reports[0].wrong_logs}
    lines = []
    for report in reports[1:]:
        now = {w.split(":")[0]: w for w in report.wrong_logs}
        lines += [f"{report.label}: + {now[k]}" for k in now if k not in first]
        lines += [f"{report.label}: - {first[k]}" for k in first if k not in now]
    return lines


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> list[Report]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="corpus files or folders")
    parser.add_argument("--others", action="store_true", help="every message but the logs")
    parser.add_argument("--check", action="store_true", help="add the asking pass")
    parser.add_argument("--tagger", type=Path, help="a registry folder holding the tagger (default: the shipped one)")  # fmt: skip
    args = parser.parse_args(argv)

    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.slot_tagger import SlotTagger, shared_tagger
    from fitcoach.assistant.student_runtime import shared
    from fitcoach.core.settings import get_settings

    models = get_settings().models_path
    items = items_of(args.paths, args.others)
    tagger = SlotTagger.load(args.tagger) if args.tagger else shared_tagger(models)
    if tagger is None:
        raise SystemExit("no slot tagger loads here: install the 'ml' extra (pip install 'fitcoach[ml]')")  # fmt: skip
    student = shared(models)
    _say(f"{len(items)} messages; tagger gate {tagger.config.threshold}")
    reports = []
    for label, intents in passes(tagger, student, args.check):
        reports.append(run_corpus(items, Assistant(intents=intents), label=label))
        _say(f"{label}: done in {reports[-1].seconds:.0f} s")
    _say("\n".join(table(reports)))
    _say("\n".join(changed_wrong(reports)))
    return reports


if __name__ == "__main__":
    main()
