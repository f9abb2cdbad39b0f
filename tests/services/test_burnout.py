"""The burnout risk service: the frame from an athlete's records, scoring, and its fallbacks."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable
from tests.factories import make_athlete

from fitcoach.ml.burnout import features
from fitcoach.ml.burnout.model import PACKAGED_ROOT, load_models
from fitcoach.ml.burnout.scoring import Scorer
from fitcoach.pipelines import burnout as pipeline
from fitcoach.services import burnout, monitoring, training_log
from fitcoach.services.burnout import BurnoutRisk
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the `clock` fixture's day
DAYS = 100


def _generated() -> pipeline.Athlete:
    """A generated athlete without an event, sleep to the minute (as the database keeps it)."""
    for i in range(50):
        athlete = pipeline.simulate_athlete(11, i, DAYS)
        if athlete.event_day is None and athlete.frame["sleep_h"].notna().sum() > 50:
            athlete.frame["sleep_h"] = (athlete.frame["sleep_h"] * 60).round() / 60
            return athlete
    raise AssertionError("no athlete without an event")


def overreaching() -> pd.DataFrame:
    """The hand-written history of functional overreaching sliding into burnout (98 days)."""
    return pipeline.history_frames()["functional overreaching sliding into burnout"][1]


def _write(ctx: ServiceContext, athlete_id: int, frame: pd.DataFrame, last: date) -> None:
    """The frame's days as records ending on ``last``: load as a run at RPE 5, readings as the
    day's metrics."""
    first = last - timedelta(days=len(frame) - 1)
    for offset, (_, row) in enumerate(frame.iterrows()):
        day = first + timedelta(days=offset)
        if row["load_au"] > 0:
            training_log.log_cardio(
                ctx,
                athlete_id,
                {
                    "activity_type": "running",
                    "started_at": datetime(day.year, day.month, day.day, 7, tzinfo=UTC).isoformat(),
                    "duration_s": row["load_au"] / 5 * 60,
                    "session_rpe": 5,
                },
            )
        daily: dict[str, object] = {"day": day}
        for column, key in (
            ("hrv_rmssd_ms", "hrv_rmssd_ms"),
            ("resting_hr_bpm", "resting_hr"),
            ("soreness", "soreness"),
            ("mood", "mood"),
            ("energy", "energy"),
        ):
            if not np.isnan(row[column]):
                daily[key] = int(row[column]) if key != "hrv_rmssd_ms" else float(row[column])
        if not np.isnan(row["sleep_h"]):
            daily["sleep_s"] = round(row["sleep_h"] * 3600)
        if len(daily) > 1:
            training_log.log_daily(ctx, athlete_id, daily)


def test_features_from_records_equal_those_from_the_generator(ctx: ServiceContext) -> None:
    generated = _generated()
    a = make_athlete(ctx).id
    last = TODAY - timedelta(days=1)
    _write(ctx, a, generated.frame, last)
    first = last - timedelta(days=DAYS - 1)
    frame = monitoring.daily_frame(ctx, a, first, last)
    assert list(frame.columns) == list(features.FRAME_COLUMNS)
    assert len(frame) == DAYS
    pd.testing.assert_frame_equal(
        frame.reset_index(drop=True), generated.frame.reset_index(drop=True), check_exact=False
    )  # the same daily frame back from the records
    expected = features.daily_features(generated.frame)
    got = features.daily_features(frame)
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-9)
    longer = monitoring.daily_frame(ctx, a, first - timedelta(days=30), last)
    assert longer.iloc[:30].isna().drop(columns="load_au").all().all()
    assert (longer["load_au"].iloc[:30] == 0).all()  # days before the records: empty


def test_risk_is_scored_from_the_records_with_reasons(ctx: ServiceContext, tmp_path: Path) -> None:
    try:
        models, manifest = load_models(tmp_path)  # an empty model dir: the packaged artefact
    except Exception as exc:  # the ml extra is missing
        unavailable(f"the burnout model cannot load here ({exc})")
    generated = _generated()
    a = make_athlete(ctx).id
    last = TODAY - timedelta(days=1)
    _write(ctx, a, generated.frame, last)
    burnout.clear_cache()
    risk = burnout.burnout_risk(ctx, a, last, model_root=tmp_path)
    assert risk.status == "ok"
    expected = Scorer(models, manifest).score(generated.frame)
    assert risk.probability == pytest.approx(expected.probability, abs=1e-4)
    assert risk.model_version == manifest.version
    assert risk.level in {"low", "moderate", "high"}
    assert [r.feature for r in risk.reasons] == [r.feature for r in expected.reasons]
    assert all(r.shap > 0 and r.text for r in risk.reasons)
    assert "not a diagnosis" in risk.disclaimer


def test_too_little_history_says_how_much_is_needed(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    for i in range(10):
        training_log.log_daily(ctx, a, {"day": TODAY - timedelta(days=i), "mood": 4})
    risk = burnout.burnout_risk(ctx, a)
    assert risk.status == "insufficient_data"
    assert risk.probability is None
    assert "42 days" in risk.summary
    assert "9 so far" in risk.summary


def test_a_damaged_artefact_makes_the_risk_unavailable_not_an_error(
    ctx: ServiceContext, tmp_path: Path
) -> None:
    if not any((PACKAGED_ROOT / "burnout").glob("*/manifest.json")):
        pytest.fail("no packaged burnout artefact")
    root = tmp_path / "models"
    shutil.copytree(PACKAGED_ROOT, root)
    meta = next((root / "burnout").glob("*/meta.json"))
    meta.write_text(meta.read_text().replace("acwr", "acwr ", 1))
    a = make_athlete(ctx).id
    _write(ctx, a, _generated().frame.iloc[:50], TODAY)
    burnout.clear_cache()
    risk = burnout.burnout_risk(ctx, a, model_root=root)
    assert risk.status == "unavailable"
    assert "does not match" in risk.summary
    burnout.clear_cache()


@pytest.fixture
def scored(ctx: ServiceContext) -> tuple[int, BurnoutRisk]:
    """An athlete with 100 days of records and their risk for today from the packaged model."""
    try:
        load_models(None)
    except Exception as exc:  # the ml extra is missing
        unavailable(f"the burnout model cannot load here ({exc})")
    a = make_athlete(ctx).id
    _write(ctx, a, overreaching(), TODAY)
    burnout.clear_cache()
    return a, burnout.burnout_risk(ctx, a)


def test_chat_answers_why_the_risk_is_high_from_the_reasons(
    ctx: ServiceContext, scored: tuple[int, BurnoutRisk]
) -> None:
    from tests.factories import as_subject, subject_of

    from fitcoach.assistant.offline import offline_reply
    from fitcoach.assistant.registry import ToolContext
    from fitcoach.services import athletes

    a, risk = scored
    athlete = athletes.get_athlete(ctx, a)
    tctx = ToolContext(as_subject(ctx, subject_of(ctx, athlete)), a)
    reply = offline_reply(tctx, "Why is my risk high?")
    assert reply.intent == "explain"
    assert [c.tool for c in reply.tool_calls] == ["explain_decision"]
    assert f"Your burnout risk is {risk.level}" in reply.text
    assert risk.reasons
    assert all(r.text in reply.text for r in risk.reasons)
    assert "not a diagnosis" in reply.text


def test_weekly_report_carries_the_risk(
    ctx: ServiceContext, scored: tuple[int, BurnoutRisk]
) -> None:
    from fitcoach.interfaces.reports.weekly import render_weekly
    from fitcoach.services import reports

    a, risk = scored
    summary = reports.weekly_summary(ctx, a, reports.week_label(TODAY))
    assert summary.burnout is not None
    assert summary.burnout.probability == risk.probability
    html = render_weekly(summary, with_charts=False)
    assert 'id="burnout"' in html
    assert risk.reasons[0].text.replace("'", "&#39;") in html


def test_without_the_ml_extra_the_risk_says_so(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    a = make_athlete(ctx).id
    _write(ctx, a, _generated().frame.iloc[:50], TODAY)
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    burnout.clear_cache()
    risk = burnout.burnout_risk(ctx, a)
    assert risk.status == "unavailable"
    assert "ml extra" in risk.summary
    assert risk.probability is None
    burnout.clear_cache()
