"""The training load card on the home page and the dashboard (the load as facts with no level,
or the model where it is validated on real data); the protein explanation on the nutrition
page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from tests.conftest import unavailable
from tests.services.test_burnout import _write, install_model, overreaching
from tests.web.conftest import Site

from fitcoach.services import burnout

__all__ = ["install_model"]  # the fixture, imported for this module's tests


@pytest.mark.parametrize("validated", [False, True], ids=["load described", "validated model"])
def test_home_and_dashboard_show_the_load_as_the_gate_decides(
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
    report = burnout.load_report(site.ctx, site.athlete_id, today)
    assert report.status == "ok"
    assert report.shown == ("model" if validated else "load_rule")
    for path, anchor in (
        ("/", 'id="home-burnout"'),
        (f"/athletes/{site.athlete_id}", 'id="burnout"'),
    ):
        html = site.client.get(path).text
        assert f'{anchor} data-shown="{report.shown}"' in html, path
        card = html[html.index(anchor) : html.index("</section>", html.index(anchor))]
        assert "not a diagnosis" in card
        if validated:
            pct = round((report.model.probability or 0.0) * 100)
            assert f"{pct} %</span> over 7 days · {report.model.level}" in card
            for reason in report.reasons:
                assert reason.text.replace("'", "&#39;") in card
        else:
            assert "<h2>Training load</h2>" in card
            for fact in report.facts:
                assert f'data-fact="{fact.code}"' in card
                assert fact.text.replace("'", "&#39;") in card
                assert fact.evidence.replace("'", "&#39;") in card
            # No level, no experimental chance: the card says what the load is, not a risk.
            assert 'class="big"' not in card
            assert "Experimental" not in card
            assert "%</span>" not in card
            assert not any(f">{word}<" in card or f"· {word}" in card for word in LEVELS)


LEVELS = ("low", "moderate", "high")


def test_a_short_history_says_what_is_missing(site: Site) -> None:
    html = site.client.get(f"/athletes/{site.athlete_id}").text
    assert 'id="burnout"' in html
    assert "Load is described once you log training with an effort" in html


def test_nutrition_page_explains_the_protein_target(site: Site) -> None:
    html = site.client.get(f"/athletes/{site.athlete_id}/nutrition").text
    assert 'id="protein-why"' in html
    assert "Against a reference athlete (112 g" in html
    assert "Your goal" in html
    assert "g per kg" in html
