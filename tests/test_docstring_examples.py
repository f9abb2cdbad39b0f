"""The runnable examples (``>>>``) in the docstrings of ``fitcoach.analysis`` and
``fitcoach.coach`` run and give what they show, so that an example a reader copies is true.

Every module of the two packages is run (``readiness`` and ``pose`` are left to their own
tests while they are being reworked). The analysis modules whose public functions all carry
an example are listed in ``COMPLETE``: a function added there without one fails here."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from types import ModuleType

import pytest

import fitcoach.analysis
import fitcoach.coach

SKIPPED = {"fitcoach.analysis.readiness", "fitcoach.analysis.pose"}
COMPLETE = {
    "fitcoach.analysis.body",
    "fitcoach.analysis.strength",
    "fitcoach.analysis.volume",
}
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> list[str]:
    return [
        m.name
        for package in (fitcoach.analysis, fitcoach.coach)
        for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        if m.name not in SKIPPED
    ]


MODULES = _modules()


def _examples(module: ModuleType) -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(module, module.__name__) if t.examples]


@pytest.mark.parametrize("name", MODULES)
def test_the_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    for test in _examples(module):
        runner.run(test, out=report.append, clear_globs=True)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, "".join(report)


def test_the_examples_are_found() -> None:
    """The run above is not empty: the examples written so far are found and run."""
    counts = {
        name: sum(len(t.examples) for t in _examples(importlib.import_module(name)))
        for name in MODULES
    }
    assert sum(counts.values()) >= 80, counts
    assert counts["fitcoach.analysis.load"] >= 20
    assert counts["fitcoach.coach.wording"] >= 8


@pytest.mark.parametrize("name", sorted(COMPLETE))
def test_every_public_function_of_a_complete_module_has_an_example(name: str) -> None:
    module = importlib.import_module(name)
    missing = [
        n
        for n, f in vars(module).items()
        if inspect.isfunction(f)
        and f.__module__ == name
        and not n.startswith("_")
        and ">>>" not in (f.__doc__ or "")
    ]
    assert missing == [], f"{name}: add an example (>>>) to {missing}"
