"""The burnout risk card on the home page and the dashboard; the protein explanation on the
nutrition page."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import unavailable
from tests.services.test_burnout import _write, overreaching
from tests.web.conftest import Site

from fitcoach.services import burnout


def test_home_and_dashboard_show_the_risk_and_its_reasons(site: Site) -> None:
    try:
        from fitcoach.ml.burnout.model import load_models

        load_models(None)
    except Exception as exc:  # the ml extra is missing
        unavailable(f"the burnout model cannot load here ({exc})")
    today = site.clock.now().date()
    _write(site.ctx, site.athlete_id, overreaching(), today - timedelta(days=16))
    site.ctx.session.commit()
    burnout.clear_cache()
    risk = burnout.burnout_risk(site.ctx, site.athlete_id, today)
    assert risk.status == "ok"
    assert risk.probability is not None
    for path, anchor in (
        ("/", 'id="home-burnout"'),
        (f"/athletes/{site.athlete_id}", 'id="burnout"'),
    ):
        html = site.client.get(path).text
        assert anchor in html, path
        assert f"{round(risk.probability * 100)} %</span> over 14 days · {risk.level}" in html
        for reason in risk.reasons:
            assert reason.text.replace("'", "&#39;") in html
        assert "not a diagnosis" in html


def test_a_short_history_says_what_is_missing(site: Site) -> None:
    html = site.client.get(f"/athletes/{site.athlete_id}").text
    assert 'id="burnout"' in html
    assert "Not enough history yet" in html
    assert "needs 42 days" in html


def test_nutrition_page_explains_the_protein_target(site: Site) -> None:
    html = site.client.get(f"/athletes/{site.athlete_id}/nutrition").text
    assert 'id="protein-why"' in html
    assert "Against a reference athlete (112 g" in html
    assert "Your goal" in html
    assert "g per kg" in html
