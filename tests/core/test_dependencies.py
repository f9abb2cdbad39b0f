"""Every third-party package the source imports is declared in pyproject.toml.

An undeclared import works only while some other dependency happens to pull the package in;
a release of that other package can break a fresh install."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "fitcoach"


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    return {_normalise(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]) for spec in specs}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_levels() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def test_every_imported_package_is_declared() -> None:
    declared = _declared()
    owners = packages_distributions()
    undeclared = {}
    for top, path in _imported_top_levels().items():
        if top in sys.stdlib_module_names or top in {"fitcoach", "__future__"}:
            continue
        distributions = {_normalise(d) for d in owners.get(top, [])}
        assert distributions, f"{top} (imported in {path.relative_to(REPO)}) is not installed"
        if not distributions & declared:
            undeclared[top] = sorted(distributions)
    assert undeclared == {}, f"imported but not declared in pyproject.toml: {undeclared}"
