"""The guardrails before and after a refactoring: same results on every message we hold.

Loads ``assistant/guardrails.py`` as it was at a git revision (``--ref``, default the last
commit before the package split) next to the current ``fitcoach.assistant.guardrails``, runs
both ``screen`` (and ``escalation_message``, ``injury_constraints`` on its result) over every
message text available, and compares the ``repr`` of every field. Texts: the teacher corpus
(``data/teacher/*/part-*.jsonl``, the text and every history turn; the spent blind sets'
writers are there too), every string of the YAML and JSON files under
``tests/fixtures/blind``, and every string literal in ``tests/assistant``. Prints the message
count, the number of differences (the first few in full) and both sides' time per pass;
exits 1 on any difference.

    .venv/bin/python benchmarks/guardrails_parity.py [--ref REV]
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from fitcoach.assistant import guardrails as new

ROOT = Path(__file__).resolve().parent.parent
OLD_PATH = "src/fitcoach/assistant/guardrails.py"
DEFAULT_REF = "ed05cdf"  # the module before it became a package


def _old(ref: str) -> ModuleType:
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:{OLD_PATH}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "guardrails_old.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("guardrails_old", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["guardrails_old"] = module
    spec.loader.exec_module(module)
    return module


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _strings(item)


def texts() -> list[str]:
    """Every distinct message text, in a stable order."""
    found: list[str] = []
    for folder in ("data/teacher",):
        for part in sorted((ROOT / folder).glob("*/part-*.jsonl")):
            for line in part.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                row = json.loads(line)
                found.append(row["text"])
                found += [turn["text"] for turn in row.get("history") or []]
    for path in sorted((ROOT / "tests/fixtures/blind").rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            found += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
        elif path.suffix == ".json":
            found += _strings(json.loads(path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "tests/assistant").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        ]
    return list(dict.fromkeys(found))


def outcome(module: Any, text: str) -> str:
    result = module.screen(text)
    return repr(
        (
            result,
            result.blocked,
            result.clear,
            module.escalation_message(result),
            module.injury_constraints(result),
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default=DEFAULT_REF)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    old = _old(args.ref)
    corpus = [*texts(), "", "   ", "x" * 6000 + " chest pain"]
    constants = (
        "VLCD_KCAL",
        "SPO2_BELOW",
        "INJURY_MESSAGE",
        "MEDICATION_MESSAGE",
        "DIAGNOSIS_MESSAGE",
        "INJECTION_MESSAGE",
    )
    diffs = [name for name in constants if getattr(old, name) != getattr(new, name)]
    if old.RedFlag.__args__ != new.RedFlag.__args__:
        diffs.append("RedFlag")
    differing = [t for t in corpus if outcome(old, t) != outcome(new, t)]
    for text in differing[:5]:
        print(f"DIFF {text!r}\n  old {outcome(old, text)}\n  new {outcome(new, text)}")
    seconds: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(args.passes):
        for name, module in (("old", old), ("new", new)):
            start = time.perf_counter()
            for text in corpus:
                module.screen(text)
            seconds[name].append(time.perf_counter() - start)
    flagged = sum(1 for t in corpus if new.screen(t).red_flags)
    old_s, new_s = statistics.median(seconds["old"]), statistics.median(seconds["new"])
    print(f"messages {len(corpus)} (red-flagged {flagged}); constants differing {diffs}")
    print(f"differences {len(differing)}")
    print(
        f"screen over all messages, median of {args.passes}: old {old_s:.3f} s, "
        f"new {new_s:.3f} s, ratio new/old {new_s / old_s:.3f}"
    )
    return 1 if differing or diffs else 0


if __name__ == "__main__":
    sys.exit(main())
