"""The plan page in Chromium: approving a coach's proposed change; the week view's moves."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from tests.web.conftest import Live, browser_login, shot, signed_in
from tests.web.test_browser_layout import OVERFLOW_JS, SCROLLED_JS

from fitcoach.coach import wording
from fitcoach.services import plans


def test_approve_a_proposed_plan_change(page: Any, live: Live) -> None:
    for ctx in live.context():
        current = plans.current(ctx, live.athlete_id)
        result = plans.propose_edit(
            ctx,
            live.athlete_id,
            {"op": "set_session_minutes", "minutes": 45},
            proposed_by="coach",
        )
        assert result.status == "proposed", result
        version = result.version
    signed_in(page, live, f"/athletes/{live.athlete_id}/plan")
    page.wait_for_selector(f"#proposal-{version}")
    assert "proposed by the coach" in page.locator(f"#proposal-{version}").inner_text()
    shot(page, "plan-phone-proposal")
    page.click(f"#proposal-{version} button.approve")
    page.wait_for_selector("p.ok")
    assert f"In force: version {version}" in page.locator("#current h2").inner_text()
    assert current.version != version
    shot(page, "plan-phone-approved")


# Each day of the week view: its date, where it lies, and the sessions on it with the days
# their move form offers.
DAYS = """() => Array.from(document.querySelectorAll('#week .calendar-day')).map((li) => {
  const r = li.getBoundingClientRect();
  return { day: li.dataset.day, left: r.left, top: r.top, right: r.right,
    sessions: Array.from(li.querySelectorAll('.calendar-session')).map((s) => ({
      key: s.dataset.session,
      targets: Array.from(s.querySelectorAll('select[name=on] option')).map((o) => o.value) })) };
})"""


@pytest.mark.parametrize(("width", "javascript"), [(1366, True), (390, False)])
def test_the_week_view_moves_a_session_to_another_day(
    browser: Any, live: Live, width: int, javascript: bool
) -> None:
    """A week of the plan by day: seven columns side by side at 1366 px, one under another at
    390; a session moved to an empty day with the form alone (at 390 px with JavaScript off),
    through the plan edit, lands on that day, and every other session keeps its day."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        browser_login(page, live)  # the sign-in form works with JavaScript off too
        page.goto(f"{live.url}/athletes/{live.athlete_id}/plan#week")
        page.click("#week a:has-text('Next week')")  # every day of next week lies ahead
        page.wait_for_url(re.compile(r".*week=\d{4}-\d{2}-\d{2}.*"))
        days = page.evaluate(DAYS)
        assert len(days) == 7
        tops = {round(d["top"]) for d in days}
        lefts = {round(d["left"]) for d in days}
        # A row of seven columns on a wide screen; one day under another on a phone.
        wide = width >= 1024
        assert (len(tops), len(lefts)) == ((1, 7) if wide else (7, 1))
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        shot(page, f"plan-week-{width}")

        before = {s["key"]: d["day"] for d in days for s in d["sessions"]}
        empty = [d["day"] for d in days if not d["sessions"]]
        day, session = next((d, s) for d in days for s in d["sessions"] if s["targets"])
        target = next(t for t in empty if t in session["targets"])
        form = page.locator(f"#week [data-session='{session['key']}'] form")
        form.locator("select[name=on]").select_option(target)
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r".*done=moved.*"))
        said = page.locator("p.ok").inner_text()
        # That session, from its day to the one chosen, and no more: the chat's words.
        for ctx in live.context():
            plan = plans.current(ctx, live.athlete_id).plan
        assert plan is not None
        source, to = (date.fromisoformat(d) for d in (day["day"], target))
        assert said == (
            f"{plan.session(session['key']).name} moves from {wording.day_text(source, to)} to "
            f"{wording.day_text(to, to)}; nothing else in your plan changes."
        ), said
        after = {s["key"]: d["day"] for d in page.evaluate(DAYS) for s in d["sessions"]}
        assert after == {**before, session["key"]: target}, (day["day"], target)
        shot(page, f"plan-week-{width}-moved")
    finally:
        context.close()


# The Versions table's rows: each cell's box and label, the right edge of the table's box.
VERSION_ROWS = """() => {
  const box = document.querySelector('#history .scroll');
  return { right: box.getBoundingClientRect().right,
    rows: Array.from(document.querySelectorAll('#versions tbody tr')).map((tr) =>
      Array.from(tr.cells).map((td) => { const r = td.getBoundingClientRect();
        return { text: td.innerText.trim(), right: r.right, width: r.width, top: r.top,
          label: getComputedStyle(td, '::before').content }; })),
    head: document.querySelector('#versions thead').getBoundingClientRect().height };
}"""


@pytest.mark.parametrize("width", [1366, 390])
def test_the_versions_table_fits_the_screen(page: Any, live: Live, width: int) -> None:
    """Versions by the coach and the assistant (turned down) and by the athlete (in force, the
    one before it superseded): the longest words the table shows. At 390 px each row folds into
    lines of its cells inside the card, nothing scrolls sideways, the page nor the table's own
    box; at 1366 px it stays a table, one line a version."""
    for ctx in live.context():
        plan = plans.current(ctx, live.athlete_id).plan
        assert plan is not None
        other = iter(m for m in (40, 50, 55, 65) if m != plan.session_minutes)
        for proposer in ("coach", "assistant"):
            proposed = plans.propose_edit(
                ctx,
                live.athlete_id,
                {"op": "set_session_minutes", "minutes": next(other)},
                proposed_by=proposer,
            )
            assert proposed.status == "proposed", proposed
            plans.reject(ctx, live.athlete_id, proposed.version)
        applied = plans.propose_edit(
            ctx,
            live.athlete_id,
            {"op": "set_session_minutes", "minutes": next(other)},
            auto_apply=True,
        )
        assert applied.status == "active", applied
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(page, live, f"/athletes/{live.athlete_id}/plan#history")
    page.wait_for_selector("#versions tbody tr")
    shot(page, f"plan-versions-{width}")
    assert page.evaluate(OVERFLOW_JS) is None
    assert page.evaluate(SCROLLED_JS, "#history .scroll") == []  # nor inside the table's box
    table = page.evaluate(VERSION_ROWS)
    texts = {cell["text"] for row in table["rows"] for cell in row}
    assert {"superseded", "active", "rejected", "the coach", "the assistant in chat"} <= texts
    for row in table["rows"]:
        assert len(row) == 5
        # Every cell shown (none hidden to make room) and inside the box.
        assert all(c["width"] > 0 and c["right"] <= table["right"] + 0.5 for c in row), row
        if width >= 1024:  # a table: its header, one line a version, no cell led by a label
            assert len({round(c["top"]) for c in row}) == 1, row
            assert all(c["label"] in ("none", "normal") for c in row), row
        else:  # folded: the header hidden, and who proposed it and how many changes said so
            assert [c["label"] for c in row if c["label"] not in ("none", "normal")] == [
                '"by "',
                '"changes: "',
            ], row
    assert (table["head"] > 10) == (width >= 1024), table["head"]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_move_that_forces_other_changes_is_asked_then_approved(
    browser: Any, live: Live, width: int
) -> None:
    """A person moves a session into the next plan week with the edit form: the page says it
    is not moved yet and what else the move would change, in words (no session keys), and
    the plan in force stays until they approve it; then it is in force."""
    for ctx in live.context():
        base = plans.current(ctx, live.athlete_id)
    assert base.plan is not None
    last = base.plan.weeks[0].sessions[-1].key
    position = len([s for s in base.plan.weeks[0].sessions if s.status == "planned"]) + 1
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        browser_login(page, live)
        # The plan's days follow the real date: on some days the first slot of the next week
        # would put two sessions on one day, which the validator refuses; the next slot is
        # then tried (each refusal stores nothing).
        for slot in range(position, position + 3):
            page.goto(f"{live.url}/athletes/{live.athlete_id}/plan#edit-form")
            page.select_option("#edit-op", "move_session")
            page.select_option("#edit-form select[name=session]", last)
            page.fill("#edit-form input[name=position]", str(slot))
            page.click("#apply-button")
            page.wait_for_load_state()
            if "done=moved" in page.url:
                break
            assert "nothing was stored" in page.locator("body").inner_text()
        page.wait_for_url(re.compile(r".*done=moved.*"))
        said = page.locator("p.ok").inner_text()
        name = base.plan.session(last).name
        assert said.startswith(f"Not moved yet: moving {name} from "), said
        assert " also changes " in said
        assert "approve it to move the session with these changes" in said
        assert not re.search(r"\bw\d+s\d+\b|_", said), said
        assert f"In force: version {base.version}" in page.locator("#current h2").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        shot(page, f"plan-move-forces-{width}")
        page.click("article[id^=proposal-] button.approve")
        page.wait_for_url(re.compile(r".*done=approved.*"))
        assert "Approved: the new version is in force." in page.locator("p.ok").inner_text()
    finally:
        context.close()
