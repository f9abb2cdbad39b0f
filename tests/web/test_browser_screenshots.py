"""The ``page`` fixture keeps a screenshot of a browser test's end state where the test failed,
not where it passed (``make screenshots`` keeps every one): run on two tests of a pytest of
their own, with this directory's fixtures as its plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO
from tests.web.conftest import KEEP_SCREENSHOTS, SCREENSHOTS, WorkerChromium

INNER = """
def test_screenshot_policy_inner_fails(page):
    page.set_content("<h1>fitcoach</h1>" + "<p>a page with something on it</p>" * 40)
    assert False, "fails on purpose"


def test_screenshot_policy_inner_passes(page):
    page.set_content("<h1>fitcoach</h1>")
"""


PLUGINS = (
    "-p",
    "tests.web.conftest",
    "-p",
    "no:xdist",
    "-p",
    "no:randomly",
    "-p",
    "no:cacheprovider",
)


@pytest.mark.browser
def test_only_a_failed_browser_test_keeps_its_end_screenshot(
    worker_chromium: WorkerChromium, tmp_path: Path
) -> None:
    # worker_chromium: only its check that Chromium and Playwright are installed (it launches
    # nothing until lent); the inner pytest starts its own.
    failed = SCREENSHOTS / "test_screenshot_policy_inner_fails-end.png"
    passed = SCREENSHOTS / "test_screenshot_policy_inner_passes-end.png"
    for path in (failed, passed):
        path.unlink(missing_ok=True)
    (tmp_path / "test_inner.py").write_text(INNER)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "test_inner.py", *PLUGINS],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
        assert "fails on purpose" in run.stdout
        assert failed.stat().st_size > 5_000
        assert passed.exists() == KEEP_SCREENSHOTS
    finally:
        for path in (failed, passed):
            path.unlink(missing_ok=True)
