"""The code names the docs give (``fitcoach.services.reports``, `` `coach.planner.catalog` ``)
exist: a rename that forgets the docs leaves a reader looking for what is gone."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = (
    "core|sensors|ingest|storage|analysis|coach|assistant|ml|pipelines|interfaces|services|cli"
    "|workers"
)
# `fitcoach.x.y` anywhere, or `x.y` in backquotes starting with one of the packages.
NAMED = re.compile(
    rf"\bfitcoach((?:\.[A-Za-z_][A-Za-z_0-9]*)+)|`((?:{PACKAGES})(?:\.[A-Za-z_][A-Za-z_0-9]*)+)"
)
FILES = re.compile(r"\.(py|css|js|svg|sqlite3|local|org|md|html|json|yaml|toml)$")


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attribute in parts[i:]:
            if not hasattr(obj, attribute):
                return False
            obj = getattr(obj, attribute)
        return True
    return False


def test_every_code_name_in_the_docs_exists() -> None:
    missing = []
    # docs/history is a record of the past: it names things as they were then.
    docs = [p for p in sorted((REPO / "docs").rglob("*.md")) if "history" not in p.parts]
    for doc in [REPO / "README.md", REPO / "CHANGELOG.md", REPO / "benchmarks/README.md", *docs]:
        for match in NAMED.finditer(doc.read_text(encoding="utf-8")):
            tail = match[1] or f".{match[2]}"
            if FILES.search(tail):
                continue
            name = f"fitcoach{tail}"
            if not _resolves(name):
                missing.append(f"{doc.relative_to(REPO)}: {name}")
    assert missing == [], "names in the docs that the code no longer has:\n" + "\n".join(missing)
