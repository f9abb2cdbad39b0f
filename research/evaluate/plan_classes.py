"""Plan requests through the real chat, by writer group: done as asked or not, and for the
not-done ones a class (the gold tool against what the chat did), issue 57.

Every ``category: plan`` message of the teacher corpus (data/teacher), the sixth final blind
set (data/blind-final-6), the eleventh (data/blind-final-11), the twelfth
(data/blind-final-12), the thirteenth (data/blind-final-13) and the fourteenth
(data/blind-final-14), the fifteenth (data/blind-final-15), the sixteenth
(data/blind-final-16), the seventeenth (data/blind-final-17), the eighteenth
(data/blind-final-18), the nineteenth (data/blind-final-19), the twentieth
(data/blind-final-20), the twenty-first (data/blind-final-21) and the twenty-second
(data/blind-final-22) and the twenty-third (data/blind-final-23), all tuned sets now, and the corpora data/corpus-57j
(writers BG-BJ) and data/corpus-57k (BM-BP), written to be tuned on,, goes
through ``chat_eval.ChatRunner`` (the offline rules, SQLite) and is scored with
``chat_eval.plan_done``. The groups: dev A-I (the rules may be tuned on them), check K-T
(reported by class counts only, never read one by one), U,V, AE,AF, AG,AH, AI,AJ, AK,AL,
AM,AN, AQ,AR, AS,AT, AU,AV, AW,AX, AY,AZ, BA,BB, BC,BD and BE,BF, and the later ones in
``GROUPS`` (up to ``cccd``: data/blind-final-27, CC and CD, tuned since stop 91, and ``cech``: the
corpus data/corpus-57n, CE-CH, written to be tuned on; ``cicj``: data/blind-final-28, CI and CJ,
tuned since stop 92; ``ckcn``: the corpus data/corpus-57o, CK-CN;
``cocp``: data/blind-final-29, CO and CP, tuned since stop 93;
``cqcr``: data/blind-final-30, CQ and CR, tuned since stop 94; ``cu``: the corpus data/corpus-57p, CU;
``csct``: data/blind-final-31, CS and CT, tuned since stop 95). ``--list`` names a tuned group whose not-done messages are listed with the reply (never
check).

Each message's outcome is cached in ``--cache`` (a JSONL file, one line per message id), so a run
that stops can go on; a new measurement after a code change needs a new cache file. On a machine
too slow to put every message through the chat after each change, ``--readings`` writes what the
rules read in each message (``normalise`` and ``understand`` of it and of its history); a later
run with ``--reuse`` (an earlier cache) and ``--reuse-readings`` (the readings written by the code
of that cache) takes the earlier outcome of every message whose readings are unchanged and puts
only the others through the chat. Sound for a change to the readers only (nlu), not to the tools.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python -m research.evaluate.plan_classes \
        --cache var/plans57b/baseline.jsonl [--groups dev check uv aeaf agah] [--list dev aeaf]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import structlog.testing

from research.evaluate.assistant.logging_scores import _asks
from research.evaluate.chat_eval import (
    ALREADY_FITS,
    NOT_IN_PLAN,
    NOW,
    ChatRunner,
    Item,
    Outcome,
    plan_done,
    read_items,
)

ROOT = Path(__file__).resolve().parents[2]
# Tuned on the development side only; the check sides are reported as counts by class.
GROUPS: dict[str, tuple[Path, tuple[str, ...]]] = {
    "dev": (ROOT / "data" / "teacher", tuple("ABCDEFGHI")),
    "check": (ROOT / "data" / "teacher", tuple("KLMNOPQRST")),
    "uv": (ROOT / "data" / "blind-final-6", ("U", "V")),
    "aeaf": (ROOT / "data" / "blind-final-11", ("AE", "AF")),
    "agah": (ROOT / "data" / "blind-final-12", ("AG", "AH")),
    "aiaj": (ROOT / "data" / "blind-final-13", ("AI", "AJ")),
    "akal": (ROOT / "data" / "blind-final-14", ("AK", "AL")),
    "aman": (ROOT / "data" / "blind-final-15", ("AM", "AN")),
    "aqar": (ROOT / "data" / "blind-final-16", ("AQ", "AR")),
    "asat": (ROOT / "data" / "blind-final-17", ("AS", "AT")),
    "auav": (ROOT / "data" / "blind-final-18", ("AU", "AV")),
    "awax": (ROOT / "data" / "blind-final-19", ("AW", "AX")),
    "ayaz": (ROOT / "data" / "blind-final-20", ("AY", "AZ")),
    "babb": (ROOT / "data" / "blind-final-21", ("BA", "BB")),
    "bcbd": (ROOT / "data" / "blind-final-22", ("BC", "BD")),
    "bebf": (ROOT / "data" / "blind-final-23", ("BE", "BF")),
    "bgbj": (ROOT / "data" / "corpus-57j", ("BG", "BH", "BI", "BJ")),
    "bkbl": (ROOT / "data" / "blind-final-24", ("BK", "BL")),
    "bmbp": (ROOT / "data" / "corpus-57k", ("BM", "BN", "BO", "BP")),
    "bqbr": (ROOT / "data" / "blind-final-25", ("BQ", "BR")),
    "bsbv": (ROOT / "data" / "corpus-57l", ("BS", "BT", "BU", "BV")),
    "bwbx": (ROOT / "data" / "blind-final-26", ("BW", "BX")),
    "bycb": (ROOT / "data" / "corpus-57m", ("BY", "BZ", "CA", "CB")),
    "cccd": (ROOT / "data" / "blind-final-27", ("CC", "CD")),
    "cech": (ROOT / "data" / "corpus-57n", ("CE", "CF", "CG", "CH")),
    "cicj": (ROOT / "data" / "blind-final-28", ("CI", "CJ")),
    "ckcn": (ROOT / "data" / "corpus-57o", ("CK", "CL", "CM", "CN")),
    "cocp": (ROOT / "data" / "blind-final-29", ("CO", "CP")),
    "cqcr": (ROOT / "data" / "blind-final-30", ("CQ", "CR")),
    "cu": (ROOT / "data" / "corpus-57p", ("CU",)),
    "csct": (ROOT / "data" / "blind-final-31", ("CS", "CT")),
}
LABELS = {
    "dev": "dev A-I",
    "check": "check K-T",
    "uv": "U,V (tuned set)",
    "aeaf": "AE,AF (tuned set)",
    "agah": "AG,AH (tuned set)",
    "aiaj": "AI,AJ (tuned set)",
    "akal": "AK,AL (tuned set)",
    "aman": "AM,AN (tuned set)",
    "aqar": "AQ,AR (tuned set)",
    "asat": "AS,AT (tuned set)",
    "auav": "AU,AV (tuned set)",
    "awax": "AW,AX (tuned set)",
    "ayaz": "AY,AZ (tuned set)",
    "babb": "BA,BB (tuned set)",
    "bcbd": "BC,BD (tuned set)",
    "bebf": "BE,BF (tuned set)",
    "bgbj": "BG-BJ (corpus-57j, tuned)",
    "bkbl": "BK,BL (tuned set)",
    "bmbp": "BM-BP (corpus-57k, tuned)",
    "bqbr": "BQ,BR (tuned set)",
    "bsbv": "BS-BV (corpus-57l, tuned)",
    "bwbx": "BW,BX (tuned set)",
    "bycb": "BY-CB (corpus-57m, tuned)",
    "cccd": "CC,CD (blind-final-27, tuned set)",
    "cech": "CE-CH (corpus-57n, tuned)",
    "cicj": "CI,CJ (blind-final-28, tuned set)",
    "ckcn": "CK-CN (corpus-57o, tuned)",
    "cocp": "CO,CP (blind-final-29, tuned set)",
    "cqcr": "CQ,CR (blind-final-30, tuned set)",
    "cu": "CU (corpus-57p, tuned)",
    "csct": "CS,CT (blind-final-31, tuned set)",
}
# The groups whose messages may be read one by one (check never is).
LISTABLE = (
    "dev",
    "uv",
    "aeaf",
    "agah",
    "aiaj",
    "akal",
    "aman",
    "aqar",
    "asat",
    "auav",
    "awax",
    "ayaz",
    "babb",
    "bcbd",
    "bebf",
    "bgbj",
    "bkbl",
    "bmbp",
    "bqbr",
    "bsbv",
    "bwbx",
    "bycb",
    "cccd",
    "cech",
    "cicj",
    "ckcn",
    "cocp",
    "cqcr",
    "cu",
    "csct",
)
REFUSED = ("The safety check refused", "the safety check refuses", "refused by the safety")


def gold(item: Item) -> str:
    """The gold as one label: ``ask``, or its tools (a plan edit by its op)."""
    if item.action == "ask":
        return "ask"
    names = []
    for call in item.calls:
        tool, args = str(call.get("tool")), call.get("args") or {}
        names.append(f"edit:{args.get('op')}" if tool == "propose_plan_edit" else tool)
    return "+".join(names) or "none"


def did(outcome: Outcome) -> str:
    """What the chat did, in a word or two (the reply's own markers first)."""
    reply = outcome.reply
    if outcome.escalated:
        return "escalated"
    if any(r in reply for r in REFUSED):
        return "refused by the validator"
    if outcome.proposed is not None:
        return "proposed another change" if outcome.item.action != "ask" else "proposed, gold asks"
    if outcome.stored:
        return "read as a log"
    if ALREADY_FITS in reply:
        return "answered already fits"
    if NOT_IN_PLAN in reply:
        return "answered not in plan"
    if _asks(reply):
        return "asked a question"
    return "no plan change, no question"


def _outcome_row(outcome: Outcome, done: bool) -> dict[str, Any]:
    item = outcome.item
    return {
        "id": item.id,
        "done": done,
        "gold": gold(item),
        "did": "done" if done else did(outcome),
        "reply": outcome.reply,
        "proposed": outcome.proposed,
        "injuries": outcome.injuries,
        "stored": bool(outcome.stored),
    }


def reading_key(item: Item) -> str:
    """What the rules read in the message and its history, as one string."""
    from fitcoach.assistant.nlu import normalise, understand

    parts = []
    for text in (*item.before, item.text):
        u = understand(text, today=NOW.date())
        parts.append(repr((normalise(text), u.intent, sorted(u.slots.items()), u.problems)))
    return "\n".join(parts)


def _say(line: str, *, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(line + "\n")


def _plan_items(group: str) -> list[Item]:
    root, writers = GROUPS[group]
    return [i for w in writers for i in read_items(root / w)[0] if i.category == "plan"]


def _rows(cache: Path) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    if cache.exists():
        for line in cache.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows[row["id"]] = row
    return rows


def run_group(
    items: Sequence[Item],
    cache: Path,
    records: Sequence[Any],
    assistant: Any,
    reused: dict[str, dict[str, Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Every item's row: from the cache where it has one, else from ``reused`` (rows whose
    readings are unchanged), else through the chat; new rows are appended to the cache."""
    rows = _rows(cache)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("a", encoding="utf-8") as out:
        for item in items:
            if item.id not in rows and reused and item.id in reused:
                rows[item.id] = reused[item.id]
                out.write(json.dumps(rows[item.id]) + "\n")
    todo = [i for i in items if i.id not in rows]
    if not todo:
        return {i.id: rows[i.id] for i in items}
    with (
        tempfile.TemporaryDirectory() as tmp,
        structlog.testing.capture_logs(),
        cache.open("a", encoding="utf-8") as out,
    ):
        runner = ChatRunner(Path(tmp), assistant)
        try:
            for item in todo:
                outcome = runner.run(item)
                rows[item.id] = _outcome_row(outcome, plan_done(outcome, records))
                out.write(json.dumps(rows[item.id]) + "\n")
                out.flush()
        finally:
            runner.close()
    return {i.id: rows[i.id] for i in items}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, required=True, help="JSONL file of outcomes (per run)")  # fmt: skip
    parser.add_argument("--groups", nargs="+", choices=tuple(GROUPS), default=list(GROUPS))
    parser.add_argument(
        "--list",
        nargs="*",
        choices=LISTABLE,
        default=(),
        help="list these groups' not-done messages with the reply (check is never listed)",
    )
    parser.add_argument("--baseline", type=Path, help="an earlier --cache: counts by class then")  # fmt: skip
    parser.add_argument("--readings", type=Path, help="write each message's readings here and stop")  # fmt: skip
    parser.add_argument("--reuse", type=Path, help="an earlier --cache to take unchanged messages from")  # fmt: skip
    parser.add_argument("--reuse-readings", type=Path, help="the --readings of --reuse's code")
    parser.add_argument(
        "--rerun-intents",
        nargs="*",
        default=(),
        help="with --reuse: also put through the chat every message the rules read as one of "
        "these intents (a change after the readers, in offline/respond.py, reaches them)",
    )
    args = parser.parse_args(argv)
    if bool(args.reuse) != bool(args.reuse_readings):
        parser.error("--reuse and --reuse-readings go together")
    everything = {group: _plan_items(group) for group in args.groups}
    if args.readings:
        keys = {i.id: reading_key(i) for items in everything.values() for i in items}
        args.readings.parent.mkdir(parents=True, exist_ok=True)
        args.readings.write_text(json.dumps(keys) + "\n", encoding="utf-8")
        _say(f"{len(keys)} readings written to {args.readings}")
        return 0
    reused: dict[str, dict[str, Any]] = {}
    if args.reuse:
        old = json.loads(args.reuse_readings.read_text(encoding="utf-8"))
        earlier = _rows(args.reuse)
        for items in everything.values():
            for i in items:
                key = reading_key(i)
                rerun = any(f", '{name}', " in key for name in args.rerun_intents)
                if i.id in earlier and old.get(i.id) == key and not rerun:
                    reused[i.id] = earlier[i.id]
        total = sum(len(v) for v in everything.values())
        _say(f"{total - len(reused)} of {total} messages read differently: through the chat")

    from fitcoach.assistant.llm import Assistant
    from fitcoach.assistant.nlu import ExerciseMatcher

    records = ExerciseMatcher.from_library().records
    assistant = Assistant()
    before = _rows(args.baseline) if args.baseline else {}
    for group in args.groups:
        items = everything[group]
        started = time.perf_counter()
        rows = run_group(items, args.cache, records, assistant, reused)
        seconds = time.perf_counter() - started
        done = sum(1 for r in rows.values() if r["done"])
        line = f"{LABELS[group]}: done {done}/{len(rows)} ({100 * done / len(rows):.1f} %)"
        if before:
            was = sum(1 for i in rows if before.get(i, {}).get("done"))
            line += f", baseline {was}/{len(rows)}"
        _say(f"{line} ({seconds:.0f} s)")
        classes = Counter(f"{r['gold']} -> {r['did']}" for r in rows.values() if not r["done"])
        was_classes = Counter(
            f"{before[i]['gold']} -> {before[i]['did']}"
            for i in rows
            if i in before and not before[i]["done"]
        )
        for name in sorted(set(classes) | set(was_classes), key=lambda c: (-classes[c], c)):
            extra = f" (baseline {was_classes[name]})" if before else ""
            _say(f"  {classes[name]:4d}  {name}{extra}")
        if group in args.list:
            texts = {i.id: i.text for i in items}
            for message_id, row in rows.items():
                if not row["done"]:
                    _say(f"  - {message_id} [{row['gold']} -> {row['did']}] {texts[message_id]!r}")  # fmt: skip
                    _say(f"      {row['reply'][:300]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
