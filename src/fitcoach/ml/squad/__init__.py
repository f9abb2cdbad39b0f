"""A squad's daily monitoring sheet in, each athlete-day's readiness, ACWR, monotony, strain and
risk out (``fitcoach ml score``); the real-data checks run through the same door.

:mod:`.sheet` reads the rows (one column at a time), :mod:`.days` merges them into each
athlete's days (copies, sessions, gaps), :mod:`.score` scores them, :mod:`.risk` chooses the
risk model, :mod:`.report` says in words what was read how.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fitcoach.ml.squad.days import MissingLoad
from fitcoach.ml.squad.risk import RiskModel, load_scorer, risk_model
from fitcoach.ml.squad.score import SheetResult, model_predictions, score_sheet
from fitcoach.ml.squad.sheet import Sheet, read_sheet

__all__ = [
    "MissingLoad",
    "RiskModel",
    "Sheet",
    "SheetResult",
    "load_scorer",
    "model_predictions",
    "read_sheet",
    "risk_model",
    "score_file",
    "score_sheet",
    "score_text",
]


def score_text(
    text: str,
    *,
    scale: int | str | Iterable[str] | None = None,
    missing_load: MissingLoad = "gap",
    models_root: Path | None = None,
    version: str | None = None,
    experimental: bool = False,
) -> SheetResult:
    """Read and score a sheet's CSV text with the risk model under ``models_root`` (else the
    packaged one). The model runs where its real-data gate shows it, or with ``experimental``
    (its figure beside the load rule); otherwise the risk is the load rule alone, and says why.
    """
    sheet = read_sheet(text, scale=scale)
    model = risk_model(models_root, version=version, experimental=experimental)
    return score_sheet(sheet, model, missing_load=missing_load)


def score_file(
    path: Path,
    *,
    scale: int | str | Iterable[str] | None = None,
    missing_load: MissingLoad = "gap",
    models_root: Path | None = None,
    version: str | None = None,
    experimental: bool = False,
) -> SheetResult:
    """:func:`score_text` of a file (UTF-8)."""
    return score_text(
        path.read_text(encoding="utf-8"),
        scale=scale,
        missing_load=missing_load,
        models_root=models_root,
        version=version,
        experimental=experimental,
    )
