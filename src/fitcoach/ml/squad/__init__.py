"""A squad's daily monitoring sheet in, each athlete-day's readiness, ACWR, monotony and risk
out (``fitcoach ml score``); the real-data checks run through the same door."""

from __future__ import annotations

from pathlib import Path

from fitcoach.ml.squad.score import SheetResult, load_scorer, model_predictions, score_sheet
from fitcoach.ml.squad.sheet import Scale, Sheet, read_sheet

__all__ = [
    "Sheet",
    "SheetResult",
    "load_scorer",
    "model_predictions",
    "read_sheet",
    "score_file",
    "score_sheet",
    "score_text",
]


def score_text(
    text: str, *, scale: Scale = 5, models_root: Path | None = None, version: str | None = None
) -> SheetResult:
    """Read and score a sheet's CSV text with the risk model under ``models_root`` (else the
    packaged one); without a usable model the risk is the load rule alone, and says why."""
    sheet = read_sheet(text, scale=scale)
    scorer, note = load_scorer(models_root, version=version)
    return score_sheet(sheet, scorer, model_note=note)


def score_file(
    path: Path, *, scale: Scale = 5, models_root: Path | None = None, version: str | None = None
) -> SheetResult:
    """:func:`score_text` of a file (UTF-8)."""
    return score_text(
        path.read_text(encoding="utf-8"), scale=scale, models_root=models_root, version=version
    )
