"""An athlete's training-load risk: the load rule, and the risk model only where real data
says it does better.

Two estimates, from the athlete's own records (``monitoring.daily_frame``, up to 180 days):

- **The load rule** (``fitcoach.analysis.load_rule``): ACWR (rolling 7:28) and the 7-day load
  against the athlete's own recent weeks, with its reasons in words. Needs 28 days of load.
- **The risk model** (``fitcoach.ml.burnout``): the chance of an injury, illness or
  overreaching onset within 7 days, trained on simulated athletes, with SHAP reasons. Needs
  42 days of records and the ``ml`` extra.

Which one is *the* risk is decided on real athletes' injuries, per model version, by the
real-data check (``fitcoach ml validate``; ``ml.burnout.gate``): the model's only where it beat
ACWR and the 7-day load there (``shown == "model"``); otherwise the load rule
(``shown == "load_rule"``) and the model's figure, where it appears, is labelled experimental
(``model.status == "experimental"``). Every interface (API, pages, weekly report, chat, CLI)
shows what ``shown`` names and this label; none decides for itself.

The model is loaded once per process from the model directory, else from the artefact shipped
in the package. Without the ``ml`` extra or a usable artefact the model is ``unavailable`` and
the load rule is shown, with the reason.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from pydantic import BaseModel, ConfigDict

from fitcoach.analysis.load_rule import LoadRuleResult, load_rule
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import get_settings
from fitcoach.ml.burnout.features import HORIZON_DAYS, READINGS
from fitcoach.ml.registry import ArtefactError
from fitcoach.services import monitoring
from fitcoach.services.context import ServiceContext

if TYPE_CHECKING:
    import pandas as pd

HISTORY_DAYS = 180
MIN_DAYS = 42  # the simulators' first row: ACWR, baselines and trends are all defined
DISCLAIMER = (
    "A description of your training load, not a diagnosis; "
    "if you feel unwell, hurt or exhausted for more than a few days, see a doctor."
)
EXPERIMENTAL = (
    "Trained on simulated athletes, it has not beaten the load rule on real athletes' "
    "injuries: do not act on it."
)
VALIDATED = "Checked on real athletes' injuries: it did better than the load rule."

Status = Literal["ok", "insufficient_data", "unavailable"]
Level = Literal["low", "moderate", "high"]
ModelStatus = Literal["validated", "experimental", "unavailable", "insufficient_data"]


class RiskReasonOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    feature: str
    label: str
    value: float | None
    shap: float  # log-odds added to the risk
    text: str


class ReasonOut(BaseModel):
    """One reason for what is shown: a stable code and the sentence."""

    model_config = ConfigDict(frozen=True)

    code: str
    text: str


class LoadRuleOut(BaseModel):
    """The load rule's verdict: level, the two quantities and the reasons."""

    model_config = ConfigDict(frozen=True)

    status: Literal["ok", "insufficient_data"]
    level: Level | None = None
    acwr: float | None = None  # rolling 7:28, through the day
    load_7d_au: float | None = None
    load_28d_au: float | None = None
    reasons: list[ReasonOut] = []


class ModelRiskOut(BaseModel):
    """The risk model's estimate and whether it may be shown as the risk."""

    model_config = ConfigDict(frozen=True)

    status: ModelStatus
    probability: float | None = None
    level: Level | None = None
    horizon_days: int = HORIZON_DAYS
    reasons: list[RiskReasonOut] = []
    version: str | None = None
    note: str  # in words: why it is (not) shown, or why there is none


class BurnoutRisk(BaseModel):
    """The day's risk as shown (``shown`` names its source), and both estimates."""

    model_config = ConfigDict(frozen=True)

    athlete_id: int
    day: date
    status: Status  # of what is shown
    shown: Literal["model", "load_rule"]
    level: Level | None = None
    reasons: list[ReasonOut] = []
    summary: str
    load_rule: LoadRuleOut
    model: ModelRiskOut
    disclaimer: str = DISCLAIMER


_lock = threading.Lock()
_scorers: dict[str, object] = {}


def _scorer(root: Path) -> object:
    """The loaded scorer for ``root`` (cached); raises ``ArtefactError`` when there is none."""
    key = str(root)
    with _lock:
        found = _scorers.get(key)
        if found is None:
            from fitcoach.ml.burnout.model import load
            from fitcoach.ml.burnout.scoring import Scorer

            found = _scorers[key] = Scorer(load(root))
        return found


def clear_cache() -> None:
    """Forget loaded models (tests; after training or validating one in the same process)."""
    with _lock:
        _scorers.clear()


def _rule_out(rule: LoadRuleResult | None, have_days: int) -> LoadRuleOut:
    if rule is None:
        return LoadRuleOut(
            status="insufficient_data",
            reasons=[
                ReasonOut(
                    code="load_history_short",
                    text=f"The load rule needs 28 days of training load; {have_days} so far.",
                )
            ],
        )
    return LoadRuleOut(
        status=rule.status,
        level=rule.level,
        acwr=None if rule.acwr is None else round(rule.acwr, 3),
        load_7d_au=None if rule.load_7d_au is None else round(rule.load_7d_au, 1),
        load_28d_au=None if rule.load_28d_au is None else round(rule.load_28d_au, 1),
        reasons=[ReasonOut(code=r.code, text=r.text) for r in rule.reasons],
    )


def _model_out(frame: pd.DataFrame, have_days: int, model_root: Path | None) -> ModelRiskOut:
    """The model's estimate for the frame's last day, or why there is none."""
    from fitcoach.ml.burnout.scoring import Scorer

    if have_days < MIN_DAYS:
        return ModelRiskOut(
            status="insufficient_data",
            note=(
                f"The risk model needs {MIN_DAYS} days of training and morning check-ins; "
                f"{have_days} so far."
            ),
        )
    try:
        scorer = _scorer(model_root or get_settings().models_path)
    except ArtefactError as exc:
        return ModelRiskOut(status="unavailable", note=f"The risk model is unavailable: {exc}")
    assert isinstance(scorer, Scorer)
    score = scorer.score(frame)
    validated = scorer.gate.show_model
    return ModelRiskOut(
        status="validated" if validated else "experimental",
        probability=round(score.probability, 4),
        level=cast("Level", score.level),
        reasons=[
            RiskReasonOut(feature=r.feature, label=r.label, value=r.value, shap=r.shap, text=r.text)
            for r in score.reasons
        ],
        version=score.model_version,
        note=VALIDATED if validated else EXPERIMENTAL,
    )


def burnout_risk(
    ctx: ServiceContext,
    athlete_id: int,
    day: date | None = None,
    *,
    model_root: Path | None = None,
) -> BurnoutRisk:
    """The risk for ``day`` (default: the athlete's today) from records up to that day."""
    import pandas as pd

    today = monitoring.local_today(ctx, athlete_id)
    day = day or today
    monitoring.check_day(day)
    if day > today:
        raise InvalidInput(f"{day} is in the future; the risk is for today ({today}) or earlier")
    start = day - timedelta(days=HISTORY_DAYS - 1)
    frame = monitoring.daily_frame(ctx, athlete_id, start, day)  # one read of the records
    recorded = (frame["load_au"] > 0) | frame[list(READINGS)].notna().any(axis=1)
    # The frame starts on the first day with a load or a reading, as the simulators' do (the
    # load averages start from the first day they are given).
    hits = recorded.to_numpy().nonzero()[0]
    have = 0 if not len(hits) else (day - (start + timedelta(days=int(hits[0])))).days
    loaded = (frame["load_au"] > 0).to_numpy().nonzero()[0]
    rule = None
    load_days = 0
    if len(loaded):
        loads = frame["load_au"].iloc[int(loaded[0]) :]
        load_days = len(loads)
        rule = load_rule(pd.Series(loads.to_numpy(), index=loads.index))
        if rule.status != "ok":
            rule = None
    rule_out = _rule_out(rule, load_days)
    model = _model_out(frame.iloc[int(hits[0]) :] if len(hits) else frame, have, model_root)
    if model.status == "validated":
        pct = round((model.probability or 0.0) * 100)
        summary = f"Risk {model.level}: about {pct} % over the next {model.horizon_days} days."
        if model.reasons and model.level != "low":
            summary += " Mostly because: " + " ".join(r.text for r in model.reasons)
        return BurnoutRisk(
            athlete_id=athlete_id,
            day=day,
            status="ok",
            shown="model",
            level=model.level,
            reasons=[ReasonOut(code=r.feature, text=r.text) for r in model.reasons],
            summary=summary,
            load_rule=rule_out,
            model=model,
        )
    if rule_out.status == "ok":
        summary = f"Training load {rule_out.level}: " + " ".join(r.text for r in rule_out.reasons)
        status: Status = "ok"
    else:
        summary = rule_out.reasons[0].text
        status = "insufficient_data"
    return BurnoutRisk(
        athlete_id=athlete_id,
        day=day,
        status=status,
        shown="load_rule",
        level=rule_out.level,
        reasons=rule_out.reasons,
        summary=summary,
        load_rule=rule_out,
        model=model,
    )
