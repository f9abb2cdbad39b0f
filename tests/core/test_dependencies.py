"""Every third-party package the source imports is declared in pyproject.toml.

An undeclared import works only while some other dependency happens to pull the package in;
a release of that other package can break a fresh install."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.fixtures.syntax import collector_paused

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "fitcoach"
# Modules that run in an environment of their own, with the packages its requirements file
# installs (the MediaPipe worker: numpy < 2, apart from the app's venv).
OWN_ENVIRONMENT = {SRC / "sensors" / "pose_worker.py": REPO / "requirements-pose.txt"}
# Import names that differ from the distribution's name in a requirements file.
DISTRIBUTION_OF = {"cv2": "opencv-python-headless", "mediapipe": "mediapipe"}


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    return {_normalise(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]) for spec in specs}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_levels() -> dict[str, Path]:
    with collector_paused():  # see tests/fixtures/syntax.py
        return _scan_imports()


def _scan_imports() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in SRC.rglob("*.py"):
        if path in OWN_ENVIRONMENT:
            continue
        for node in _statements(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def _statements(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``tree`` outside expressions: where every import statement is (a statement
    cannot sit inside an expression), at a fraction of ``ast.walk``'s nodes."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        todo.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, ast.expr))


def test_every_imported_package_is_declared() -> None:
    declared = _declared()
    owners = packages_distributions()
    undeclared = {}
    for top, path in _imported_top_levels().items():
        # ``research`` is the checkout's own package beside src/ (not in the wheel); the one
        # product module that imports it does so lazily and says so when it is missing.
        if top in sys.stdlib_module_names or top in {"fitcoach", "research", "__future__"}:
            continue
        distributions = {_normalise(d) for d in owners.get(top, [])}
        assert distributions, f"{top} (imported in {path.relative_to(REPO)}) is not installed"
        if not distributions & declared:
            undeclared[top] = sorted(distributions)
    assert undeclared == {}, f"imported but not declared in pyproject.toml: {undeclared}"


def test_a_worker_in_its_own_environment_declares_what_it_imports() -> None:
    for module, requirements in OWN_ENVIRONMENT.items():
        listed = {
            _normalise(re.split(r"[\[<>=!~; ]", line.strip(), maxsplit=1)[0])
            for line in requirements.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        } | {"mediapipe"}  # installed by name, with --no-deps (see the Makefile)
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module.split(".")[0]]
            else:
                continue
            for top in names:
                if top in sys.stdlib_module_names or top in {"fitcoach", "__future__"}:
                    continue
                assert _normalise(DISTRIBUTION_OF.get(top, top)) in listed, (module.name, top)


def test_no_test_skips_a_missing_dependency_behind_ci_s_back() -> None:
    """``pytest.importorskip`` skips even under ``FITCOACH_REQUIRE_SERVICES=1``, where a
    missing dependency must fail (``tests.conftest.unavailable``): CI would pass on a machine
    that never ran the test."""
    tests = REPO / "tests"
    with collector_paused():  # see tests/fixtures/syntax.py
        offenders = [
            f"{path.relative_to(REPO)}:{node.lineno}"
            for path in tests.rglob("*.py")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Attribute) and node.attr == "importorskip"
        ]
    assert offenders == [], f"use tests.conftest.unavailable instead of importorskip: {offenders}"
