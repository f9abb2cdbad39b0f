"""Every real-data check, in one registry: ``fitcoach ml validate`` runs them and writes the
tables the model cards quote.

A check is a named function from a ``CheckContext`` (resamples, which persons, where the data
is, a progress callback) to a ``CheckResult`` (markdown for the card, figures for ``--json``).
To add one (risk, dosing, form, food), write its function and append one ``Check`` to
``CHECKS``; the command, its progress bar, the tables it writes and the test of the registry
pick it up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from fitcoach.core.errors import InvalidInput, NotFound

Progress = Callable[[str, int, int], None]


def _no_progress(_step: str, _done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class CheckContext:
    """What a check may be told: resamples, seeds and which persons (``None``: the protocol's
    own sets; a test passes a small slice), where the data is, and how to report progress."""

    n_boot: int = 2000
    dev_persons: tuple[str, ...] | None = None
    held_out_persons: tuple[str, ...] | None = None
    pmdata_dir: Path | None = None
    calibrate: bool = True  # readiness: refit the weights on DEV (about three minutes)
    progress: Progress = _no_progress


@dataclass(frozen=True)
class CheckResult:
    """One check's tables (markdown, as the card quotes them) and figures (JSON)."""

    name: str
    title: str
    card: str  # the model card that quotes the tables, relative to docs/models
    markdown: str
    figures: dict[str, Any] = field(default_factory=dict)

    def document(self) -> str:
        """The file ``fitcoach ml validate`` writes: a header saying how it was made, then
        the tables."""
        return (
            f"# {self.title}\n\n"
            f"Written by `fitcoach ml validate` (check `{self.name}`); quoted in "
            f"[{self.card}](../{self.card}). Do not edit by hand: run the command again.\n\n"
            f"{self.markdown.rstrip()}\n"
        )


@dataclass(frozen=True)
class Check:
    """A named real-data check and the card it feeds."""

    name: str
    title: str
    card: str
    run: Callable[[CheckContext], CheckResult]


def _readiness(ctx: CheckContext) -> CheckResult:
    from fitcoach.ml.validation import readiness_check

    return readiness_check.run(ctx)


def _risk(ctx: CheckContext) -> CheckResult:
    from fitcoach.ml.validation import risk_check

    return risk_check.registered(ctx)


def _food(ctx: CheckContext) -> CheckResult:
    from fitcoach.ml.validation import food_check

    result: CheckResult = food_check.run(ctx)
    return result


def _dosing(ctx: CheckContext) -> CheckResult:
    from fitcoach.ml.dosing import report

    return report.check(ctx)


def _form(ctx: CheckContext) -> CheckResult:
    from fitcoach.ml.validation import pose_check

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


def require_pmdata(root: Path) -> None:
    """Refuse with what to do when PMData is not where the checks look for it."""
    if not (root / "p01" / "pmsys" / "wellness.csv").is_file():
        raise NotFound(
            f"PMData was not found under {root}: download it (Thambawita et al. 2020, "
            "https://datasets.simula.no/pmdata/) and set FITCOACH_PMDATA_DIR to its folder"
        )


def jsonable(value: Any) -> Any:
    """``value`` with NaN and infinities as None (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
