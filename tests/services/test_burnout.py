"""The training load service: the frame from an athlete's records, the load as facts (no risk
level), the burnout model, and the real-data gate deciding whether the model is shown (both
branches, in every place it appears)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from tests.conftest import unavailable
from tests.factories import make_athlete

from fitcoach.analysis.load_facts import load_facts
from fitcoach.core.settings import get_settings
from fitcoach.ml.burnout import features
from fitcoach.ml.burnout import gate as risk_gate
from fitcoach.ml.burnout.model import PACKAGED_ROOT, load
from fitcoach.ml.burnout.scoring import Scorer
from fitcoach.pipelines import burnout as pipeline
from fitcoach.services import burnout, monitoring, training_log
from fitcoach.services.burnout import LoadFactsReport
from fitcoach.services.context import ServiceContext

TODAY = date(2026, 11, 20)  # the `clock` fixture's day
DAYS = 100


def _generated() -> pipeline.Athlete:
    """A simulated athlete with every input, sleep to the minute (as the database keeps it)."""
    for i in range(200):
        athlete = pipeline.simulate_athlete(11, "acwr_spike", i, DAYS)
        if set(athlete.inputs) == {"hrv", "resting_hr", "sleep", "wellness"}:
            athlete.frame["sleep_h"] = (athlete.frame["sleep_h"] * 60).round() / 60
            return athlete
    raise AssertionError("no athlete with every input")


def overreaching() -> pd.DataFrame:
    """Ten steady weeks, then a week at twice the load, sleep short and morale low: the load
    rule's "high" (98 days)."""
    days = pd.date_range("2025-01-06", periods=98, freq="D")
    week = np.array([400.0, 0.0, 450.0, 300.0, 0.0, 500.0, 350.0])
    load = np.tile(week, 14)
    load[-7:] *= 2.0
    frame = pd.DataFrame(
        {
            "load_au": load,
            "sleep_h": np.where(np.arange(98) < 91, 7.6, 6.1),
            "hrv_rmssd_ms": np.where(np.arange(98) < 91, 68.0, 52.0),
            "resting_hr_bpm": np.where(np.arange(98) < 91, 52.0, 58.0),
            "soreness": np.where(np.arange(98) < 91, 2.0, 4.0),
            "mood": np.where(np.arange(98) < 91, 4.0, 2.0),
            "energy": np.where(np.arange(98) < 91, 4.0, 2.0),
        },
        index=days,
    )
    return frame[list(features.FRAME_COLUMNS)]


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


def _need_model() -> None:
    try:
        load(None)
    except Exception as exc:  # the ml extra is missing
        unavailable(f"the risk model cannot load here ({exc})")


@pytest.fixture
def install_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[[bool], None]]:
    """``install(show)``: the packaged model copied into this test's own model directory with
    a real-data gate saying ``show`` (what ``fitcoach ml validate`` writes), so that every
    interface reads it; the directory is the test's, never the developer's."""
    monkeypatch.setenv("FITCOACH_MODEL_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()

    def install(show: bool) -> None:
        root = get_settings().models_path
        assert tmp_path in root.parents
        shutil.rmtree(root / "burnout", ignore_errors=True)
        shutil.copytree(PACKAGED_ROOT / "burnout", root / "burnout")
        loaded = load(root)
        risk_gate.write(
            loaded.path,
            risk_gate.Gate(
                model_version=loaded.manifest.version,
                show_model=show,
                reason="Beats ACWR and the 7-day load (test)." if show else "Does not (test).",
            ),
        )
        burnout.clear_cache()

    yield install
    get_settings.cache_clear()
    burnout.clear_cache()


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


LEVEL_WORDS = ("low", "moderate", "high")


def test_unvalidated_the_load_is_described_with_no_level_and_no_model_figure(
    ctx: ServiceContext, install_model: Callable[[bool], None]
) -> None:
    """The spike the load rule called "high" is described as facts with what each is evidence
    for; neither a level nor the experimental model's chance is given anywhere in the answer."""
    _need_model()
    a = make_athlete(ctx).id
    frame = overreaching()
    _write(ctx, a, frame, TODAY)
    install_model(False)
    report = burnout.load_report(ctx, a)
    assert (report.status, report.shown) == ("ok", "load_rule")
    assert report.model_dump()["level"] is None
    assert report.load_rule.model_dump()["level"] is None
    expected = load_facts(frame["load_au"].to_numpy(), TODAY)
    assert [f.code for f in report.facts] == [
        "acute_load", "chronic_load", "acwr", "spike", "monotony", "strain",
    ]  # fmt: skip
    assert [(f.code, f.value, f.text) for f in report.facts] == [
        (f.code, f.value, f.text) for f in expected.facts
    ]
    assert all(f.evidence for f in report.facts)
    assert report.load_rule.acwr == pytest.approx(expected.acwr, abs=1e-3)
    assert report.facts[2].value == pytest.approx(1.6, abs=0.01)  # 2 / (5 / 4): coupled 7:28
    assert "times your 4-week average" in report.summary
    assert not any(word in report.summary.lower().split() for word in LEVEL_WORDS)
    assert report.model.status == "experimental"
    assert report.model.note == burnout.EXPERIMENTAL
    assert (report.model.probability, report.model.level, report.model.reasons) == (None, None, [])
    loaded = load(get_settings().models_path)
    assert report.model.version == loaded.manifest.version
    assert "not a diagnosis" in report.disclaimer


def test_validated_the_model_is_shown_with_its_chance_and_reasons(
    ctx: ServiceContext, install_model: Callable[[bool], None]
) -> None:
    _need_model()
    a = make_athlete(ctx).id
    frame = overreaching()
    _write(ctx, a, frame, TODAY)
    install_model(True)
    report = burnout.load_report(ctx, a)
    assert (report.status, report.shown, report.model.status) == ("ok", "model", "validated")
    assert report.model_dump()["level"] is None  # deprecated: the model's level is the model's
    assert report.model.level in LEVEL_WORDS
    scored = Scorer(load(get_settings().models_path)).score(frame)
    assert report.model.probability == pytest.approx(scored.probability, abs=1e-4)
    assert [r.code for r in report.reasons] == [r.feature for r in report.model.reasons]
    assert all(r.shap > 0 and r.text for r in report.model.reasons)
    assert report.load_rule.model_dump()["level"] is None
    assert report.facts  # still there, beside it
    assert report.summary.startswith(f"Risk {report.model.level}: about")


def test_too_little_history_says_how_much_is_needed(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    for i in range(10):
        training_log.log_daily(ctx, a, {"day": TODAY - timedelta(days=i), "mood": 4})
    report = burnout.load_report(ctx, a)
    assert (report.status, report.shown, report.model_dump()["level"], report.facts) == (
        "insufficient_data", "load_rule", None, [],
    )  # fmt: skip
    assert "once you log training with an effort" in report.summary
    assert report.model.status == "insufficient_data"
    assert "42 days" in report.model.note
    assert "9 so far" in report.model.note


def test_three_weeks_of_load_give_the_week_and_say_what_the_rest_needs(
    ctx: ServiceContext,
) -> None:
    a = make_athlete(ctx).id
    _write(ctx, a, overreaching().iloc[-20:], TODAY)
    report = burnout.load_report(ctx, a)
    assert report.status == "insufficient_data"
    assert [f.code for f in report.facts] == ["acute_load"]
    # the first of the 20 days is a rest day: the load starts at the first session
    assert "needs 28 days of training load; 19 so far" in report.summary


def test_a_damaged_artefact_leaves_the_load_described(ctx: ServiceContext, tmp_path: Path) -> None:
    if not any((PACKAGED_ROOT / "burnout").glob("*/manifest.json")):
        pytest.fail("no packaged risk artefact")
    root = tmp_path / "models"
    shutil.copytree(PACKAGED_ROOT, root)
    meta = next((root / "burnout").glob("*/meta.json"))
    meta.write_text(meta.read_text().replace("acwr", "acwr ", 1))
    a = make_athlete(ctx).id
    _write(ctx, a, overreaching(), TODAY)
    burnout.clear_cache()
    report = burnout.load_report(ctx, a, model_root=root)
    assert (report.status, report.shown, report.model_dump()["level"]) == ("ok", "load_rule", None)
    assert report.model.status == "unavailable"
    assert "does not match" in report.model.note
    burnout.clear_cache()


@pytest.fixture(params=[False, True], ids=["load described", "validated model"])
def scored(
    request: pytest.FixtureRequest, ctx: ServiceContext, install_model: Callable[[bool], None]
) -> tuple[int, LoadFactsReport]:
    """An athlete with 98 days of records ending with a report spike, and their report for today,
    with the installed model unvalidated and then validated."""
    _need_model()
    a = make_athlete(ctx).id
    _write(ctx, a, overreaching(), TODAY)
    install_model(bool(request.param))
    return a, burnout.load_report(ctx, a)


def test_chat_answers_why_the_risk_is_high_as_the_service_shows_it(
    ctx: ServiceContext, scored: tuple[int, LoadFactsReport]
) -> None:
    from tests.factories import as_subject, subject_of

    from fitcoach.assistant.offline import offline_reply
    from fitcoach.assistant.registry import ToolContext
    from fitcoach.services import athletes

    a, report = scored
    athlete = athletes.get_athlete(ctx, a)
    tctx = ToolContext(as_subject(ctx, subject_of(ctx, athlete)), a)
    reply = offline_reply(tctx, "Why is my risk high?")
    assert reply.intent == "explain"
    assert [c.tool for c in reply.tool_calls] == ["explain_decision"]
    if report.shown == "model":
        assert f"Your injury and overload risk is {report.model.level}" in reply.text
        assert all(r.text in reply.text for r in report.reasons)
    else:
        assert "gives no injury or burnout risk level" in reply.text
        assert "Your training report is" not in reply.text  # the old level sentence
        assert "% over" not in reply.text  # no chance quoted
        assert "experimental" not in reply.text.lower()
        for fact in (f for f in report.facts if f.code in ("acute_load", "acwr", "spike")):
            assert fact.text in reply.text
        assert not any(f" {word}." in reply.text for word in LEVEL_WORDS)
    assert "not a diagnosis" in reply.text


def test_weekly_report_carries_the_load_as_shown(
    ctx: ServiceContext, scored: tuple[int, LoadFactsReport]
) -> None:
    from fitcoach.interfaces.reports.weekly import render_weekly
    from fitcoach.services import reports

    a, report = scored
    summary = reports.weekly_summary(ctx, a, reports.week_label(TODAY))
    assert summary.burnout is not None
    assert summary.burnout.shown == report.shown
    html = render_weekly(summary, with_charts=False)
    assert f'id="burnout" data-shown="{report.shown}"' in html
    section = html[
        html.index('id="burnout"') : html.index("</section>", html.index('id="burnout"'))
    ]
    if report.shown == "model":
        assert "Injury and overload risk" in section
        assert report.reasons[0].text.replace("'", "&#39;") in section
    else:
        assert "<h2>Training load</h2>" in section
        assert "not a risk score" in section
        for fact in report.facts:
            assert f'data-fact="{fact.code}"' in section
            assert fact.evidence.replace("'", "&#39;") in section
        assert "Experimental" not in section
        assert 'class="pill' not in section  # no level pill
        assert not any(f">{word}<" in section for word in LEVEL_WORDS)


def test_without_the_ml_extra_the_load_is_described_and_says_why(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    a = make_athlete(ctx).id
    _write(ctx, a, overreaching(), TODAY)
    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    burnout.clear_cache()
    report = burnout.load_report(ctx, a)
    assert (report.status, report.shown, report.model_dump()["level"]) == ("ok", "load_rule", None)
    assert report.model.status == "unavailable"
    assert "ml extra" in report.model.note
    assert report.model.probability is None
    burnout.clear_cache()
