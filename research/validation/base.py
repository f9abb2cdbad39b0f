"""What every real-data check is given and gives back (``CheckContext``, ``CheckResult``) and
the helpers they share: apart from the registry (``checks``), which imports each check, so that
no check imports the registry back.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitcoach.core.errors import NotFound

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
    # readiness: also refit the earlier rule's weighted-sum weights on DEV (about three minutes).
    # A record only: the check-in-led rule fits no weights, so it is asked for, not run by default.
    calibrate: bool = False
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
