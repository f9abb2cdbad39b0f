"""Burnout and overreaching risk for an athlete, from their own records, with reasons in words.

The risk is the gradient boosting model's chance of a burnout or overreaching event within the
next 14 days (``fitcoach.ml.burnout``), scored for a day from the athlete's daily frame (load and
morning readings of up to 180 days before it, ``monitoring.daily_frame``) and explained by SHAP
in sentences. It is an estimate from a model trained on simulated athletes (see
docs/models/burnout.md), not a diagnosis; the app says so beside it.

The model is loaded once per process from the model directory, else from the artefact shipped in
the package. Without the ``ml`` extra (scikit-learn, shap) or with no usable artefact, the status
is ``unavailable`` with the reason, and everything else keeps working.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import get_settings
from fitcoach.ml.burnout.features import HORIZON_DAYS, READINGS
from fitcoach.ml.registry import ArtefactError
from fitcoach.services import monitoring
from fitcoach.services.context import ServiceContext

HISTORY_DAYS = 180
MIN_DAYS = 42  # the generator's first snapshot: ACWR, baselines and trends are all defined
DISCLAIMER = (
    "An estimate from a model trained on simulated athletes, not a diagnosis; "
    "if you feel unwell or exhausted for more than a few days, see a doctor."
)

Status = Literal["ok", "insufficient_data", "unavailable"]


class RiskReasonOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    feature: str
    label: str
    value: float | None
    shap: float  # log-odds added to the risk
    text: str


class BurnoutRisk(BaseModel):
    """The day's burnout risk, or why there is none."""

    model_config = ConfigDict(frozen=True)

    athlete_id: int
    day: date
    status: Status
    probability: float | None = None
    level: Literal["low", "moderate", "high"] | None = None
    horizon_days: int = HORIZON_DAYS
    relative_hazard: float | None = None
    reasons: list[RiskReasonOut] = []
    summary: str
    model_version: str | None = None
    disclaimer: str = DISCLAIMER


_lock = threading.Lock()
_scorers: dict[str, object] = {}


def _scorer(root: Path) -> object:
    """The loaded scorer for ``root`` (cached); raises ``ArtefactError`` when there is none."""
    key = str(root)
    with _lock:
        found = _scorers.get(key)
        if found is None:
            from fitcoach.ml.burnout.model import load_models
            from fitcoach.ml.burnout.scoring import Scorer

            models, manifest = load_models(root)
            found = _scorers[key] = Scorer(models, manifest)
        return found


def clear_cache() -> None:
    """Forget loaded models (tests; after training a new one in the same process)."""
    with _lock:
        _scorers.clear()


def burnout_risk(
    ctx: ServiceContext,
    athlete_id: int,
    day: date | None = None,
    *,
    model_root: Path | None = None,
) -> BurnoutRisk:
    """The risk for ``day`` (default: the athlete's today) from records up to that day."""
    from fitcoach.ml.burnout.scoring import Scorer

    today = monitoring.local_today(ctx, athlete_id)
    day = day or today
    monitoring.check_day(day)
    if day > today:
        raise InvalidInput(f"{day} is in the future; the risk is for today ({today}) or earlier")
    start = day - timedelta(days=HISTORY_DAYS - 1)
    frame = monitoring.daily_frame(ctx, athlete_id, start, day)  # one read of the records
    recorded = (frame["load_au"] > 0) | frame[list(READINGS)].notna().any(axis=1)
    # The frame starts on the first day with a load or a reading, as the generator's do (the
    # load averages start from the first day they are given).
    hits = recorded.to_numpy().nonzero()[0]
    first = start + timedelta(days=int(hits[0])) if len(hits) else None
    if first is None or (day - first).days < MIN_DAYS:
        have = 0 if first is None else (day - first).days
        return BurnoutRisk(
            athlete_id=athlete_id,
            day=day,
            status="insufficient_data",
            summary=(
                f"The burnout risk needs {MIN_DAYS} days of training and morning check-ins; "
                f"{have} so far."
            ),
        )
    try:
        scorer = _scorer(model_root or get_settings().models_path)
    except ArtefactError as exc:
        return BurnoutRisk(
            athlete_id=athlete_id,
            day=day,
            status="unavailable",
            summary=f"The burnout risk model is unavailable: {exc}",
        )
    assert isinstance(scorer, Scorer)
    score = scorer.score(frame.iloc[(first - start).days :])
    reasons = [
        RiskReasonOut(feature=r.feature, label=r.label, value=r.value, shap=r.shap, text=r.text)
        for r in score.reasons
    ]
    pct = round(score.probability * 100)
    summary = f"Burnout risk {score.level}: about {pct} % over the next {score.horizon_days} days."
    if reasons and score.level != "low":
        summary += " Mostly because: " + " ".join(r.text for r in reasons)
    return BurnoutRisk(
        athlete_id=athlete_id,
        day=day,
        status="ok",
        probability=round(score.probability, 4),
        level=score.level,
        relative_hazard=round(score.relative_hazard, 3),
        reasons=reasons,
        summary=summary,
        model_version=score.model_version,
    )
