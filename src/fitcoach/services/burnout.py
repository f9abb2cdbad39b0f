"""An athlete's training load, described as facts; the burnout model only where real data
says it does better.

- **The load, described** (``fitcoach.analysis.load_facts``): acute and chronic load, the
  acute:chronic ratio, this week against the athlete's own weeks, monotony and strain, each
  with a line on what the literature says it is (and is not) evidence for. No risk level: the
  level the product once showed (the load rule's low, moderate, high) ranked real injuries at
  chance (a professional football squad: AUC 0.51; docs/models/burnout.md).
- **The burnout model** (``fitcoach.ml.burnout``): the chance of an injury, illness or
  overreaching onset within 7 days, trained on simulated athletes, with SHAP reasons. Needs
  42 days of records and the ``ml`` extra.

Whether the model is shown is decided on real athletes' injuries, per model version, by the
real-data check (``fitcoach ml validate``; ``ml.burnout.gate``): only where it beat ACWR and
the 7-day load there (``shown == "model"``: its chance, level and reasons). Otherwise
(``shown == "load_rule"``, the name kept for the API's clients) the facts are shown and the
model's figures are withheld: ``model.status == "experimental"`` says that it exists and why
it is not shown, with no probability or level. Every interface (API, pages, weekly report,
chat) shows what ``shown`` names; none decides for itself.

The model is loaded once per process from the model directory, else from the artefact shipped
in the package. Without the ``ml`` extra or a usable artefact the model is ``unavailable``.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.analysis.load_facts import LoadFacts, load_facts
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
    "A description of your training load, not a diagnosis and not a risk score; "
    "if you feel unwell, hurt or exhausted for more than a few days, see a doctor."
)
EXPERIMENTAL = (
    "An experimental model trained on simulated athletes; it has not beaten the plain load "
    "figures on real athletes' injuries, so its figures are not shown."
)
VALIDATED = "Checked on real athletes' injuries: it did better than the plain load figures."
LEVEL_DEPRECATED = (
    "Deprecated, always null: the load rule's level ranked real injuries at chance, so no "
    "level is given. Read `facts`; a validated model's level is in `model.level`."
)

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


class LoadFactOut(BaseModel):
    """One quantity of training load, what it says and what it is evidence for."""

    model_config = ConfigDict(frozen=True)

    code: str  # acute_load, chronic_load, acwr, spike, monotony, strain
    label: str
    value: float | None
    unit: str
    text: str
    evidence: str  # what the literature says it is (and is not) evidence for


class LoadRuleOut(BaseModel):
    """The two quantities the load rule read, without its level (kept for the API's clients)."""

    model_config = ConfigDict(frozen=True)

    status: Literal["ok", "insufficient_data"]
    level: None = Field(None, deprecated=True, description=LEVEL_DEPRECATED)
    acwr: float | None = None  # rolling 7:28, through the day
    load_7d_au: float | None = None
    load_28d_au: float | None = None
    reasons: list[ReasonOut] = []


class ModelRiskOut(BaseModel):
    """The burnout model: its estimate where it is validated, else why it is not shown."""

    model_config = ConfigDict(frozen=True)

    status: ModelStatus
    probability: float | None = None  # only when validated
    level: Level | None = None  # only when validated
    horizon_days: int = HORIZON_DAYS
    reasons: list[RiskReasonOut] = []
    version: str | None = None
    note: str  # in words: why it is (not) shown, or why there is none


class LoadFactsReport(BaseModel):
    """The day's training load as shown (``shown`` names its source): the facts, and the
    model's estimate only where it is validated on real data."""

    model_config = ConfigDict(frozen=True)

    athlete_id: int
    day: date
    status: Status  # of what is shown
    shown: Literal["model", "load_rule"]
    level: Level | None = Field(None, deprecated=True, description=LEVEL_DEPRECATED)
    reasons: list[ReasonOut] = []
    summary: str
    facts: list[LoadFactOut] = []
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


def _facts_out(facts: LoadFacts) -> list[LoadFactOut]:
    return [
        LoadFactOut(
            code=f.code,
            label=f.label,
            value=f.value,
            unit=f.unit,
            text=f.text,
            evidence=f.evidence,
        )
        for f in facts.facts
    ]


def _rule_out(facts: LoadFacts) -> LoadRuleOut:
    """The ratio and the two totals, with the facts' sentences as the reasons."""
    reasons = [ReasonOut(code=f.code, text=f.text) for f in facts.facts if f.code in _REASONS]
    if facts.note:
        reasons.append(ReasonOut(code="load_history_short", text=facts.note))
    return LoadRuleOut(
        status="ok" if facts.status == "ok" else "insufficient_data",
        acwr=None if facts.acwr is None else round(facts.acwr, 3),
        load_7d_au=None if facts.load_7d_au is None else round(facts.load_7d_au, 1),
        load_28d_au=None if facts.load_28d_au is None else round(facts.load_28d_au, 1),
        reasons=reasons,
    )


_REASONS = ("acute_load", "acwr", "spike")


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
    if not scorer.gate.show_model:
        # Behind its gate: that it exists and why it is not shown, never its figures.
        return ModelRiskOut(
            status="experimental", version=scorer.manifest.version, note=EXPERIMENTAL
        )
    score = scorer.score(frame)
    return ModelRiskOut(
        status="validated",
        probability=round(score.probability, 4),
        level=cast("Level", score.level),
        reasons=[
            RiskReasonOut(feature=r.feature, label=r.label, value=r.value, shap=r.shap, text=r.text)
            for r in score.reasons
        ],
        version=score.model_version,
        note=VALIDATED,
    )


def load_report(
    ctx: ServiceContext,
    athlete_id: int,
    day: date | None = None,
    *,
    model_root: Path | None = None,
) -> LoadFactsReport:
    """The training load for ``day`` (default: the athlete's today) from records up to it."""
    today = monitoring.local_today(ctx, athlete_id)
    day = day or today
    monitoring.check_day(day)
    if day > today:
        raise InvalidInput(f"{day} is in the future; the load is for today ({today}) or earlier")
    start = day - timedelta(days=HISTORY_DAYS - 1)
    frame = monitoring.daily_frame(ctx, athlete_id, start, day)  # one read of the records
    recorded = (frame["load_au"] > 0) | frame[list(READINGS)].notna().any(axis=1)
    # The frame starts on the first day with a load or a reading, as the simulators' do (the
    # load averages start from the first day they are given).
    hits = recorded.to_numpy().nonzero()[0]
    have = 0 if not len(hits) else (day - (start + timedelta(days=int(hits[0])))).days
    loaded = (frame["load_au"] > 0).to_numpy().nonzero()[0]
    if len(loaded):
        facts = load_facts(frame["load_au"].to_numpy()[int(loaded[0]) :], day)
    else:
        facts = LoadFacts(
            day,
            "insufficient_data",
            0,
            (),
            None,
            None,
            None,
            note="Load is described once you log training with an effort (RPE); none so far.",
        )
    rule_out = _rule_out(facts)
    model = _model_out(frame.iloc[int(hits[0]) :] if len(hits) else frame, have, model_root)
    if model.status == "validated":
        pct = round((model.probability or 0.0) * 100)
        summary = f"Risk {model.level}: about {pct} % over the next {model.horizon_days} days."
        if model.reasons and model.level != "low":
            summary += " Mostly because: " + " ".join(r.text for r in model.reasons)
        return LoadFactsReport(
            athlete_id=athlete_id,
            day=day,
            status="ok",
            shown="model",
            reasons=[ReasonOut(code=r.feature, text=r.text) for r in model.reasons],
            summary=summary,
            facts=_facts_out(facts),
            load_rule=rule_out,
            model=model,
        )
    return LoadFactsReport(
        athlete_id=athlete_id,
        day=day,
        status="ok" if facts.status == "ok" else "insufficient_data",
        shown="load_rule",
        reasons=rule_out.reasons,
        summary=facts.summary(),
        facts=_facts_out(facts),
        load_rule=rule_out,
        model=model,
    )
