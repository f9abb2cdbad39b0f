"""Every real-data check, in one registry: ``fitcoach ml validate`` runs them and writes the
tables the model cards quote.

A check is a named function from a ``CheckContext`` (resamples, which persons, where the data
is, a progress callback) to a ``CheckResult`` (markdown for the card, figures for ``--json``).
To add one (risk, dosing, form, food), write its function and append one ``Check`` to
``CHECKS``; the command, its progress bar, the tables it writes and the test of the registry
pick it up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from fitcoach.core.errors import InvalidInput
from research.validation.base import CheckContext, CheckResult

# CheckContext and CheckResult live in ``base`` (each check imports them from there, not from
# this registry, which imports every check); they are named here for the registry's callers.
__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "CheckResult",
    "names",
    "run_checks",
    "selected",
    "write_tables",
]


@dataclass(frozen=True)
class Check:
    """A named real-data check and the card it feeds."""

    name: str
    title: str
    card: str
    run: Callable[[CheckContext], CheckResult]


def _readiness(ctx: CheckContext) -> CheckResult:
    from research.validation import readiness_check

    return readiness_check.run(ctx)


def _checkin(ctx: CheckContext) -> CheckResult:
    from research.validation import checkin_check

    return checkin_check.run(ctx)


def _risk(ctx: CheckContext) -> CheckResult:
    from research.validation import risk_check

    return risk_check.registered(ctx)


def _food(ctx: CheckContext) -> CheckResult:
    from research.validation import food_check

    result: CheckResult = food_check.run(ctx)
    return result


def _dosing(ctx: CheckContext) -> CheckResult:
    from research.validation import dosing_check

    return dosing_check.check(ctx)


def _form(ctx: CheckContext) -> CheckResult:
    from research.validation import pose_check

    return pose_check.run(ctx)


#: The checks, in the order ``fitcoach ml validate`` runs them.
CHECKS: Final[tuple[Check, ...]] = (
    Check(
        "readiness",
        "Readiness on real athletes (PMData)",
        "readiness.md",
        _readiness,
    ),
    Check(
        "checkin",
        "Next-morning wellness: the check-in against readiness (PMData)",
        "readiness.md",
        _checkin,
    ),
    Check(
        "risk",
        "Injury risk on real athletes (PMData)",
        "burnout.md",
        _risk,
    ),
    Check(
        "dosing",
        "Dosing agent: no real-data check; the simulated evaluation it ships with",
        "ppo.md",
        _dosing,
    ),
    Check(
        "food",
        "Food photos on the blind Food-101 test split",
        "food.md",
        _food,
    ),
    Check(
        "form",
        "Form rule on real landmarks (pose-exercise-correction, blind split)",
        "form.md",
        _form,
    ),
)


def names() -> list[str]:
    """The registered checks' names, in order."""
    return [c.name for c in CHECKS]


def selected(wanted: Iterable[str] | None = None) -> list[Check]:
    """The checks named in ``wanted`` (all when empty), in registry order."""
    asked = list(wanted or [])
    unknown = sorted(set(asked) - set(names()))
    if unknown:
        raise InvalidInput(
            f"no real-data check named {', '.join(unknown)}; the checks are: {', '.join(names())}"
        )
    return [c for c in CHECKS if not asked or c.name in asked]


def run_checks(checks: Sequence[Check], ctx: CheckContext) -> list[CheckResult]:
    """Run ``checks`` in order with ``ctx``."""
    return [check.run(ctx) for check in checks]


def write_tables(results: Sequence[CheckResult], out_dir: Path) -> list[Path]:
    """Write each result's document to ``out_dir/<name>.md``; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for result in results:
        path = out_dir / f"{result.name}.md"
        path.write_text(result.document(), encoding="utf-8")
        written.append(path)
    return written
