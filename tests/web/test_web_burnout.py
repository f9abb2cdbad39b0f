"""The risk card on the home page and the dashboard (the load rule, or the model where it is
validated on real data); the protein explanation on the nutrition page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from tests.conftest import unavailable
from tests.services.test_burnout import _write, install_model, overreaching
from tests.web.conftest import Site

from fitcoach.services import burnout

__all__ = ["install_model"]  # the fixture, imported for this module's tests


@pytest.mark.parametrize("validated", [False, True], ids=["load rule", "validated model"])
def test_home_and_dashboard_show_the_risk_as_the_gate_decides(
    site: Site, validated: bool, install_model: Callable[[bool], None]
) -> None:
    try:
        from fitcoach.ml.burnout.model import load

        load(None)
    except Exception as exc:  # the ml extra is missing
        unavailable(f"the risk model cannot load here ({exc})")
    today = site.clock.now().date()
    _write(site.ctx, site.athlete_id, overreaching(), today - timedelta(days=2))
    site.ctx.session.commit()
    install_model(validated)
    risk = burnout.burnout_risk(site.ctx, site.athlete_id, today)
    assert risk.status == "ok"
    assert risk.shown == ("model" if validated else "load_rule")
    for path, anchor in (
        ("/", 'id="home-burnout"'),
        (f"/athletes/{site.athlete_id}", 'id="burnout"'),
    ):
        html = site.client.get(path).text
        assert f'{anchor} data-shown="{risk.shown}"' in html, path
        for reason in risk.reasons:
            assert reason.text.replace("'", "&#39;") in html
        assert "not a diagnosis" in html
        pct = round((risk.model.probability or 0.0) * 100)
        if validated:
            assert f"{pct} %</span> over 7 days · {risk.level}" in html
            assert "Experimental" not in html
        else:
            assert f'<span class="big">{risk.level}</span>' in html
            assert f"<strong>Experimental</strong> risk model: {pct} % over 7 days" in html


def test_a_short_history_says_what_is_missing(site: Site) -> None:
    html = site.client.get(f"/athletes/{site.athlete_id}").text
    assert 'id="burnout"' in html
    assert "Not enough history yet" in html
    assert "needs 28 days of training load" in html


def test_nutrition_page_explains_the_protein_target(site: Site) -> None:
    html = site.client.get(f"/athletes/{site.athlete_id}/nutrition").text
    assert 'id="protein-why"' in html
    assert "Against a reference athlete (112 g" in html
    assert "Your goal" in html
    assert "g per kg" in html
