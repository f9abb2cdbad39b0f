"""The worker's one Chromium (tests/web/conftest.py), lent to one module at a time: while lent,
Playwright's loop counts as running in this thread; given back, a test may run a loop of its
own (as the bot's and MCP's tests do), and the next loan is the same browser, still working."""

from __future__ import annotations

import asyncio

import pytest
from tests.web.conftest import WorkerChromium

pytestmark = pytest.mark.browser


def test_a_loop_of_its_own_runs_between_two_loans(worker_chromium: WorkerChromium) -> None:
    browser = worker_chromium.lend()
    try:
        context = browser.new_context()
        context.close()
        refused = asyncio.sleep(0)
        with pytest.raises(RuntimeError, match="running event loop"):
            asyncio.run(refused)
        refused.close()
    finally:
        worker_chromium.give_back()

    assert asyncio.run(asyncio.sleep(0, result=7)) == 7

    again = worker_chromium.lend()
    try:
        assert again is browser  # the same Chromium, not a second launch
        context = again.new_context()
        try:
            page = context.new_page()
            page.set_content("<p>still here</p>")
            assert page.inner_text("p") == "still here"
        finally:
            context.close()
    finally:
        worker_chromium.give_back()
