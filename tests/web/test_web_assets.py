"""plotly.js: pinned in package-lock.json, copied by `make setup`, served from this site; the
static files' cache headers.

The charts need no Python package: the pages load ``/static/vendor/plotly-basic.min.js``, which
``make setup`` copies from the npm package ``plotly.js-basic-dist-min`` (its basic bundle: every
trace type the pages draw, checked below). Without that file the route answers 503 saying what
to run, and these tests fail under ``FITCOACH_REQUIRE_SERVICES=1`` (as in CI) rather than skip.
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
from fitcoach.interfaces.web.assets import IMMUTABLE, REVALIDATE, static_version

REPO = Path(__file__).resolve().parents[2]
PACKAGE = "plotly.js-basic-dist-min"
SCRIPT_PATH = "/static/vendor/plotly-basic.min.js"
SCRIPT_URL = f"{SCRIPT_PATH}?v={static_version()}"
SCRIPT_SRC = re.compile(r'<script[^>]*\ssrc="([^"]+)"')
STATIC_JS = REPO / "src" / "fitcoach" / "interfaces" / "web" / "static"
# The trace types plotly.js's basic bundle has (its README: scatter, bar, pie).
BASIC_TRACES = {"scatter", "bar", "pie"}


def _pinned_version() -> str:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"][f"node_modules/{PACKAGE}"]["version"])


def _installed() -> Path:
    if not web.PLOTLY_JS.is_file():
        unavailable(web.PLOTLY_MISSING)
    return web.PLOTLY_JS


def test_plotly_is_pinned_in_npm_not_a_python_dependency() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    wanted = package["dependencies"][PACKAGE]
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
        assert all(src.startswith("/static/") for src in sources), (path, sources)
        tags = re.findall(r"<script[^>]*\ssrc=[^>]*>", html)
        if path.endswith("/live"):
            assert SCRIPT_URL in sources, (path, sources)
            # Deferred, and so are the scripts after it that draw with it (in order, once parsed).
            after = tags[next(i for i, t in enumerate(tags) if SCRIPT_PATH in t) :]
        else:
            # The dashboard's charts are below the first screen: charts.js fetches plotly.js
            # (from this site) once the page has loaded.
            assert SCRIPT_URL not in sources, (path, sources)
            lazy = [t for t in tags if f'data-plotly="{SCRIPT_URL}"' in t]
            assert len(lazy) == 1, (path, tags)
            assert "/static/charts.js" in lazy[0], (path, tags)
            after = tags[tags.index(lazy[0]) :]
        assert all(" defer" in t for t in after), (path, after)


def test_the_pages_draw_only_what_the_basic_bundle_has() -> None:
    """Every ``type:`` a page's script gives a trace is one the basic bundle draws (a trace
    without one is a scatter); shapes' ``type: "line"`` are layout, not traces."""
    used = set()
    for script in STATIC_JS.glob("*.js"):
        for line in script.read_text(encoding="utf-8").splitlines():
            if "x0:" in line or "shapes" in line:
                continue
            used |= set(re.findall(r'\btype: "([a-z0-9]+)"', line))
    used -= {"date", "category", "linear", "log", "line"}  # axis types; shapes' lines
    assert used, "no trace types found: the scan is wrong"
    assert used <= BASIC_TRACES, sorted(used)


def test_the_static_route_serves_the_pinned_plotly(site: Site) -> None:
    script = _installed()
    response = site.client.get(SCRIPT_URL)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.content == script.read_bytes()
    banner = response.content[:200].decode("ascii", "replace")
    assert f"plotly.js (basic - minified) v{_pinned_version()}" in banner, (
        f"{script} is not the version package-lock.json pins; run `make setup`"
    )


def test_without_the_file_the_route_says_to_run_make_setup(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(web, "PLOTLY_JS", tmp_path / "plotly-basic.min.js")
    response = site.client.get(SCRIPT_URL)
    assert response.status_code == 503
    assert "make setup" in response.json()["error"]["message"]


def test_static_files_are_kept_a_year_at_the_current_version_else_checked(site: Site) -> None:
    """A page's URL (``?v=`` the digest of the files) is immutable; without it, or with an old
    digest, the browser must check (and a 304 keeps the same rule)."""
    html = site.client.get(f"/athletes/{site.athlete_id}").text
    assert f"/static/charts.js?v={static_version()}" in html
    current = site.client.get(f"/static/charts.js?v={static_version()}")
    assert current.status_code == 200
    assert current.headers["cache-control"] == IMMUTABLE
    for url in ("/static/charts.js", "/static/charts.js?v=0123456789ab"):
        assert site.client.get(url).headers["cache-control"] == REVALIDATE
    etag = current.headers["etag"]
    again = site.client.get("/static/charts.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["cache-control"] == REVALIDATE
    assert site.client.get(SCRIPT_PATH).headers.get("cache-control") in (REVALIDATE, None)
