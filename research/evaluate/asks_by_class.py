"""Why the chat asks instead of storing a log, by class and by writer group.

Every logging message (``category: log``) of the teacher writers, of data/blind-final-6 and
of data/blind-final-11 to -23 (tuned since they were scored) and of the corpora data/corpus-57j (BG-BJ)
and data/corpus-57k (BM-BP), written to be tuned on, and the later ones in ``GROUPS`` (up to the tuned
data/blind-final-27, writers CC and CD: ``--groups CCCD``, and the corpus data/corpus-57n, CE-CH:
``CECH``; the tuned data/blind-final-28, CI and CJ: ``CICJ``; the corpus data/corpus-57o,
CK-CN: ``CKCN``; the tuned data/blind-final-29, CO and CP: ``COCP``;
the tuned data/blind-final-30, CQ and CR: ``CQCR``;
the corpus data/corpus-57p, CU: ``CU``;
the tuned data/blind-final-31, CS and CT: ``CSCT``), goes through ``chat_eval``'s runner with the rules alone (``llm.Assistant()``) and is scored
by ``chat_eval.log_outcome``. Outcomes (kind, why, the chat's reply) are cached per message in
a JSON file under var/ keyed by ``--tag``, so an interrupted run resumes and a new rule change
gets a new tag; with ``--base`` and ``--words`` only the messages holding one of the words
a change is confined to go through the chat again (the others keep the base's outcome). The report prints, per group (dev: writers A-I, check: K-T, U,V, AE,AF, AG,AH, AI,AJ, AK,AL, AM,AN, AQ,AR, AS,AT and AU,AV), the
counts of right / wrong / asked / missed, the asked ones by the class of question the chat
asked, and the wrong ones by the class of their first problem. Writers are never listed
message by message: classes and counts only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import structlog.testing

from research.evaluate.chat_eval import ChatRunner, Item, log_outcome, read_items

ROOT = Path(__file__).resolve().parents[2]
GROUPS: dict[str, tuple[Path, tuple[str, ...]]] = {
    "dev": (ROOT / "data/teacher", tuple("ABCDEFGHI")),
    "check": (ROOT / "data/teacher", tuple("KLMNOPQRST")),
    "UV": (ROOT / "data/blind-final-6", ("U", "V")),
    "AEAF": (ROOT / "data/blind-final-11", ("AE", "AF")),
    "AGAH": (ROOT / "data/blind-final-12", ("AG", "AH")),
    "AIAJ": (ROOT / "data/blind-final-13", ("AI", "AJ")),
    "AKAL": (ROOT / "data/blind-final-14", ("AK", "AL")),
    "AMAN": (ROOT / "data/blind-final-15", ("AM", "AN")),
    "AQAR": (ROOT / "data/blind-final-16", ("AQ", "AR")),
    "ASAT": (ROOT / "data/blind-final-17", ("AS", "AT")),
    "AUAV": (ROOT / "data/blind-final-18", ("AU", "AV")),
    "AWAX": (ROOT / "data/blind-final-19", ("AW", "AX")),
    "AYAZ": (ROOT / "data/blind-final-20", ("AY", "AZ")),
    "BABB": (ROOT / "data/blind-final-21", ("BA", "BB")),
    "BCBD": (ROOT / "data/blind-final-22", ("BC", "BD")),
    "BEBF": (ROOT / "data/blind-final-23", ("BE", "BF")),
    "BGBJ": (ROOT / "data/corpus-57j", ("BG", "BH", "BI", "BJ")),
    "BKBL": (ROOT / "data/blind-final-24", ("BK", "BL")),
    "BMBP": (ROOT / "data/corpus-57k", ("BM", "BN", "BO", "BP")),
    "BQBR": (ROOT / "data/blind-final-25", ("BQ", "BR")),
    "BSBV": (ROOT / "data/corpus-57l", ("BS", "BT", "BU", "BV")),
    "BWBX": (ROOT / "data/blind-final-26", ("BW", "BX")),
    "BYCB": (ROOT / "data/corpus-57m", ("BY", "BZ", "CA", "CB")),
    "CCCD": (ROOT / "data/blind-final-27", ("CC", "CD")),
    "CECH": (ROOT / "data/corpus-57n", ("CE", "CF", "CG", "CH")),
    "CICJ": (ROOT / "data/blind-final-28", ("CI", "CJ")),
    "CKCN": (ROOT / "data/corpus-57o", ("CK", "CL", "CM", "CN")),
    "COCP": (ROOT / "data/blind-final-29", ("CO", "CP")),
    "CQCR": (ROOT / "data/blind-final-30", ("CQ", "CR")),
    "CU": (ROOT / "data/corpus-57p", ("CU",)),
    "CSCT": (ROOT / "data/blind-final-31", ("CS", "CT")),
}
KINDS = ("right", "wrong", "asked", "missed")

# The chat's first question, read from the start of its reply: first match wins.
QUESTION_CLASSES: tuple[tuple[str, str], ...] = (
    ("a number nothing accounts for", r"^i am not sure what"),
    ("unknown exercise name", r"^unknown exercise"),
    ("which of several exercises?", r"^which exercise is"),
    ("which exercise? (numbers, no name)", r"^which exercise"),
    ("which exercises? (none named)", r"^which exercises did you do"),
    ("what load?", r"^what load"),
    ("how many reps?", r"^how many reps"),
    ("how many sets and reps?", r"^how many sets and reps|^i could not tell the sets and reps"),
    ("which activity?", r"^which activity"),
    ("did you mean activity X or Y?", r"^was it .* or "),
    ("cardio: how long / how far?", r"^how long"),
    ("stack unit?", r"^is \S+ on the stack"),
    ("h:mm or m:ss?", r"hours and minutes, or minutes and seconds"),
    ("how long did you sleep?", r"^how many hours did you sleep"),
    ("what did you eat?", r"^what did you eat"),
    ("which sets was the effort for?", r"^which sets was the effort"),
    ("when?", r"^which day"),
    ("plan or log?", r"plan change|change your plan|or log"),
    ("undo or correct: nothing logged", r"^there is nothing logged"),
    ("what to do with an exercise?", r"^what would you like to do with"),
)


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")


def question_class(reply: str) -> str:
    low = reply.strip().lower()
    for name, pattern in QUESTION_CLASSES:
        if re.search(pattern, low):
            return name
    return "other: " + re.sub(r"'[^']*'|\d+(\.\d+)?", "…", low)[:60]


def wrong_class(why: Sequence[str]) -> str:
    first = why[0] if why else "?"
    return re.sub(r"'[^']*'|\d+(\.\d+)?", "…", first)[:80]


def touched(item: Item, words: Sequence[str]) -> bool:
    """Whether any of the item's texts holds one of ``words`` (accents folded): a rule change
    confined to those words cannot change the outcome of a message without them."""
    from fitcoach.assistant.nlu.normalise import normalise
    from fitcoach.coach.library import fold_accents

    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    texts = (*item.before, item.text)
    return any(pattern.search(fold_accents(t.lower())) or pattern.search(normalise(t)) for t in texts)  # fmt: skip


def load_cache(path: Path) -> dict[str, dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def run(
    items: Sequence[Item],
    cache: dict[str, dict[str, Any]],
    path: Path,
    base: dict[str, dict[str, Any]] | None = None,
    words: Sequence[str] = (),
) -> float:
    """Each item not yet in ``cache`` through the chat, unless ``base`` has it and it holds
    none of ``words``; the cache is saved every 100 items."""
    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.nlu import ExerciseMatcher

    todo: list[Item] = []
    for item in (i for i in items if i.id not in cache):
        was = (base or {}).get(item.id)
        if was is not None and words and not touched(item, words):
            cache[item.id] = dict(was) | {"from_base": True}
        else:
            todo.append(item)
    _err(f"  {len(todo)} to run, {len(items) - len(todo)} cached or unchanged")
    if not todo:
        path.write_text(json.dumps(cache), encoding="utf-8")  # the base's outcomes, copied
        return 0.0
    records = ExerciseMatcher.from_library().records
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, structlog.testing.capture_logs():
        runner = ChatRunner(Path(tmp), Assistant())
        try:
            for number, item in enumerate(todo, 1):
                outcome = runner.run(item)
                kind, why = log_outcome(outcome, records)
                cache[item.id] = {"kind": kind, "why": why, "reply": outcome.reply}
                if number % 100 == 0:
                    path.write_text(json.dumps(cache), encoding="utf-8")
                    _err(f"  {number}/{len(todo)} ({time.perf_counter() - started:.0f} s)")  # fmt: skip
        finally:
            runner.close()
    path.write_text(json.dumps(cache), encoding="utf-8")
    return time.perf_counter() - started


def report(name: str, items: Sequence[Item], cache: dict[str, dict[str, Any]], top: int) -> None:
    got = [cache[i.id] for i in items if i.id in cache and cache[i.id]["kind"] != "unscored"]
    kinds = Counter(g["kind"] for g in got)
    total = len(got)
    shares = ", ".join(f"{k} {kinds[k]} ({100 * kinds[k] / max(total, 1):.1f} %)" for k in KINDS)
    _out(f"## {name}: {total} logging messages scored: {shares}")
    asked = Counter(question_class(g["reply"]) for g in got if g["kind"] == "asked")
    for label, n in asked.most_common(top):
        _out(f"  asked  {n:4d}  {label}")
    wrong = Counter(wrong_class(g["why"]) for g in got if g["kind"] == "wrong")
    for label, n in wrong.most_common(top):
        _out(f"  wrong  {n:4d}  {label}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tag", default="baseline", help="cache name: var/asks_by_class/TAG.json")
    parser.add_argument(
        "--groups", default="dev,check,UV", help="comma-separated: dev, check, UV, AEAF, AGAH"
    )
    parser.add_argument("--top", type=int, default=15, help="classes shown per group and kind")
    parser.add_argument("--base", help="an earlier tag whose outcomes stand for messages without --words")  # fmt: skip
    parser.add_argument("--words", default="", help="comma-separated words the rule change is confined to; with --base only messages holding one run again")  # fmt: skip
    parser.add_argument("--no-run", action="store_true", help="report from the cache only")
    args = parser.parse_args(argv)
    path = ROOT / "var/asks_by_class" / f"{args.tag}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    cache = load_cache(path)
    base = load_cache(path.with_name(f"{args.base}.json")) if args.base else None
    for name in args.groups.split(","):
        folder, writers = GROUPS[name]
        items = [i for w in writers for i in read_items(folder / w)[0] if i.category == "log"]
        if not args.no_run:
            words = [w for w in args.words.split(",") if w]
            seconds = run(items, cache, path, base, words)
            _err(f"# {name}: ran {seconds:.0f} s")
        report(name, items, cache, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
