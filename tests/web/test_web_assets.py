"""plotly.js: pinned in package-lock.json, copied by `make setup`, served from this site.

The charts need no Python package: the pages load ``/static/vendor/plotly.min.js``, which
``make setup`` copies from the npm package ``plotly.js-dist-min``. Without that file the route
answers 503 saying what to run, and these tests fail under ``FITCOACH_REQUIRE_SERVICES=1`` (as
in CI) rather than skip.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from tests.conftest import unavailable
from tests.web.conftest import Site

from fitcoach.interfaces import web

REPO = Path(__file__).resolve().parents[2]
SCRIPT_URL = "/static/vendor/plotly.min.js"
SCRIPT_SRC = re.compile(r'<script[^>]*\ssrc="([^"]+)"')


def _pinned_version() -> str:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/plotly.js-dist-min"]["version"])


def _installed() -> Path:
    if not web.PLOTLY_JS.is_file():
        unavailable(web.PLOTLY_MISSING)
    return web.PLOTLY_JS


def test_plotly_is_pinned_in_npm_not_a_python_dependency() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    wanted = package["dependencies"]["plotly.js-dist-min"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"pin an exact version, not {wanted!r}"
    assert _pinned_version() == wanted, "package-lock.json is stale: run `npm install`"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs += extra
    assert not [s for s in specs if re.match(r"plotly\b", s, re.IGNORECASE)]


def test_the_chart_pages_load_plotly_from_this_site(site: Site) -> None:
    for path in (f"/athletes/{site.athlete_id}", f"/athletes/{site.athlete_id}/live"):
        html = site.client.get(path).text
        sources = SCRIPT_SRC.findall(html)
        assert SCRIPT_URL in sources, (path, sources)
        assert all(src.startswith("/static/") for src in sources), (path, sources)


def test_the_static_route_serves_the_pinned_plotly(site: Site) -> None:
    script = _installed()
    response = site.client.get(SCRIPT_URL)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "immutable" in response.headers["cache-control"]
    assert response.content == script.read_bytes()
    banner = response.content[:200].decode("ascii", "replace")
    assert f"plotly.js v{_pinned_version()}" in banner, (
        f"{script} is not the version package-lock.json pins; run `make setup`"
    )


def test_without_the_file_the_route_says_to_run_make_setup(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(web, "PLOTLY_JS", tmp_path / "plotly.min.js")
    response = site.client.get(SCRIPT_URL)
    assert response.status_code == 503
    assert "make setup" in response.json()["error"]["message"]
