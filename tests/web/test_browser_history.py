"""The training log in Chromium at 1366 and 390 px: history → a workout → edit a set (review,
save) → delete a set → delete the workout, each after its confirmation; a quick log and its
Undo; the progress page's charts; a run logged and corrected in miles by an imperial athlete.
No sideways scrolling, every control at least 44 px tall. ``make screenshots`` keeps a
screenshot of each step."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.web.conftest import Live, shot, signed_in
from tests.web.test_browser_charts import check_figures
from tests.web.test_browser_layout import (
    MIN_TARGET_PX,
    OVERFLOW_JS,
    PHONE,
    SCROLLED_JS,
    TARGETS_JS,
)

from fitcoach.services import athletes, training_log

WIDTHS = (1366, 390)


def _check(page: Any, where: str) -> None:
    """No sideways scroll; at phone width every touch target 44 × 44 px (the layout test's
    own rules: buttons, fields, checkboxes by their label, ``a.button``)."""
    assert page.evaluate(OVERFLOW_JS) is None, where
    if page.viewport_size["width"] <= PHONE:
        assert page.evaluate(TARGETS_JS, MIN_TARGET_PX) == [], where
    # The history's session links and a set's Edit and Delete are what a thumb presses here.
    small = page.evaluate(
        """(min) => [...document.querySelectorAll('ul.sessions a, td.links a, .crumbs a')]
          .map((e) => e.getBoundingClientRect()).filter((r) => r.height < min || r.width < min)
          .length""",
        MIN_TARGET_PX,
    )
    assert small == 0, where


@pytest.fixture
def opened(browser: Any, live: Live) -> Iterator[Callable[..., Any]]:
    """A page signed in as the demo athlete at a width; anything the CSP blocked fails."""
    contexts: list[Any] = []
    blocked: list[str] = []

    def open_at(width: int, path: str = "") -> Any:
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        signed_in(page, live, path)
        return page

    yield open_at
    for context in contexts:
        context.close()
    assert not blocked, blocked


def _sets(page: Any) -> list[str]:
    return [row.get_attribute("id") for row in page.locator("table.sets tbody tr").all()]


@pytest.mark.parametrize("width", WIDTHS)
def test_history_workout_edit_and_delete(
    opened: Callable[..., Any], live: Live, width: int
) -> None:
    page = opened(width)
    base = f"{live.url}/athletes/{live.athlete_id}"
    if page.locator("label.menu-button").is_visible():  # a phone: the menu is folded
        page.click("label.menu-button")
    page.click("nav a[href$='/history']")
    page.wait_for_url(re.compile(r".*/history$"))
    page.wait_for_selector("#history")
    _check(page, "history")
    shot(page, f"history-{width}")

    # Filtered by one exercise: only the workouts with a set of it, then cleared again.
    choice = page.locator("#history-filters select[name=exercise] option").nth(1)
    slug, name = choice.get_attribute("value"), choice.inner_text().strip()
    page.select_option("#history-filters select[name=exercise]", slug)
    page.click("#history-filters button[type=submit]")
    page.wait_for_url(re.compile(rf".*/history\?exercise={slug}.*"))
    listed = page.locator("ul.sessions li").all_inner_texts()
    assert listed, name
    assert all(name in text for text in listed), (name, listed)
    assert page.locator("ul.sessions a[href*='/cardio/']").count() == 0
    _check(page, "history filtered")
    shot(page, f"history-filtered-{width}")
    page.click("#history-filters a.clear")
    page.wait_for_url(re.compile(r".*/history$"))

    # The newest workout with at least two sets of one exercise opens its page.
    link = page.locator("ul.sessions a[href*='/workouts/']").first
    href = link.get_attribute("href")
    assert href
    workout_id = int(href.rsplit("/", 1)[1])
    link.click()
    page.wait_for_url(re.compile(rf".*/workouts/{workout_id}$"))
    before = _sets(page)
    assert len(before) >= 2, before
    _check(page, "workout")
    shot(page, f"workout-{width}")

    # Edit the first set: the form, a review of old → new, then saved.
    first = page.locator("table.sets tbody tr").first
    reps = int(first.locator(".reps").inner_text())
    first.locator("td.links a", has_text="Edit").click()
    page.wait_for_selector("#set-form")
    _check(page, "edit set")
    shot(page, f"edit-{width}")
    page.fill("input[name=reps]", str(reps + 1))
    page.click("#set-form button[type=submit]")
    page.wait_for_selector("#confirm-form")
    text = page.locator("#confirm").inner_text()
    assert f"Before: {reps} ×" in text, text
    assert f"After: {reps + 1} ×" in text, text
    _check(page, "confirm edit")
    shot(page, f"edit-confirm-{width}")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_url(re.compile(r".*\?saved=1#set-\d+$"))
    first = page.locator("table.sets tbody tr").first
    assert int(first.locator(".reps").inner_text()) == reps + 1

    # Delete the last set: a confirmation, then one set fewer.
    page.locator("table.sets tbody tr").last.locator("td.links a", has_text="Delete").click()
    page.wait_for_selector("#confirm-form")
    assert "Delete set" in page.locator("h1").inner_text()
    shot(page, f"delete-set-confirm-{width}")
    page.click("#confirm-form button.danger")
    page.wait_for_url(re.compile(r".*\?deleted=set$"))
    assert len(_sets(page)) == len(before) - 1
    assert "Set deleted" in page.locator("main").inner_text()

    # Delete the workout: a confirmation, then the history without it.
    page.click("#delete-workout")
    page.wait_for_selector("#confirm-form")
    _check(page, "confirm delete workout")
    shot(page, f"delete-workout-confirm-{width}")
    page.click("#confirm-form button.danger")
    page.wait_for_url(re.compile(r".*/history\?deleted=workouts$"))
    assert "The workout was deleted" in page.locator("main").inner_text()
    assert page.locator(f"a[href='/athletes/{live.athlete_id}/workouts/{workout_id}']").count() == 0  # fmt: skip
    shot(page, f"history-after-delete-{width}")
    for ctx in live.context():
        ids = {w["id"] for w in training_log.history(ctx, live.athlete_id, "workouts")}
        assert workout_id not in ids
    assert page.goto(f"{base}/workouts/{workout_id}").status == 404


@pytest.mark.parametrize("width", WIDTHS)
def test_quick_log_undo_and_progress(opened: Callable[..., Any], live: Live, width: int) -> None:
    page = opened(width, f"/athletes/{live.athlete_id}/history")
    base = f"{live.url}/athletes/{live.athlete_id}"
    page.click("a.button[href$='/log']")
    page.wait_for_selector("#quick-log")
    _check(page, "quick log")
    page.fill("input[name=title]", f"Hotel gym {width}")
    page.fill("input[name=exercise_0]", "row")  # several exercises: the form asks which
    page.fill("input[name=reps_0]", "10")
    page.fill("input[name=sets_0]", "3")
    page.fill("input[name=weight_0]", "50")
    page.fill("input[name=exercise_1]", "Barbell Back Squat")
    page.fill("input[name=reps_1]", "5")
    page.fill("input[name=weight_1]", "90")
    page.click("#quick-log button[name=save]")
    page.wait_for_selector("fieldset.suggest")
    _check(page, "quick log suggestions")
    shot(page, f"quick-log-which-{width}")
    page.check("input[name=choice_0][value='Barbell Bent-Over Row']")
    page.click("#quick-log button[name=save]")
    page.wait_for_url(re.compile(r".*/workouts/\d+\?logged=1$"))
    assert len(_sets(page)) == 4
    assert page.locator("#undo-form").is_visible()
    _check(page, "logged")
    shot(page, f"quick-log-logged-{width}")
    logged_id = int(re.search(r"/workouts/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    page.click("#undo-form button")
    page.wait_for_url(re.compile(r".*/undo$"))
    said = page.locator("#undone").inner_text()
    assert re.fullmatch(r"Removed the workout “.+” \(4 sets\)\.", said), said
    for ctx in live.context():
        ids = {w["id"] for w in training_log.history(ctx, live.athlete_id, "workouts")}
        assert logged_id not in ids

    page.goto(f"{base}/progress?exercise=barbell-back-squat")
    page.wait_for_selector("#chart-e1rm .main-svg")
    page.wait_for_selector("#chart-volume .main-svg")
    page.wait_for_selector("#chart-reps .main-svg")
    figures = check_figures(page, {"chart-e1rm", "chart-volume", "chart-reps"})
    e1rm = figures["chart-e1rm"]
    assert {"estimated 1RM", "heaviest set"} <= set(e1rm["legend"]["items"])
    y_titles = {a["title"] for f in figures.values() for a in f["axes"] if a["name"] == "yaxis"}
    assert y_titles == {"load (kg)", "best set volume (kg)", "most reps (reps)"}
    _check(page, "progress")
    # The days' bests and the records: a table at 1366 px, a line a row on a phone; neither
    # scrolls sideways in its box.
    assert page.locator("#progress-days tbody tr").count() > 0
    assert page.locator("#records-table tbody tr.chosen").count() == 1
    assert page.evaluate(SCROLLED_JS, "main .scroll") == []
    shot(page, f"progress-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_imperial_athlete_logs_and_corrects_a_run_in_miles(
    opened: Callable[..., Any], live: Live, width: int
) -> None:
    """The cardio quick log takes a bare 3.1 as miles; the run's page and the history say mi;
    its distance corrected after a review in miles; nothing scrolls sideways."""
    for ctx in live.context():
        athletes.update_profile(ctx, live.athlete_id, {"units": "imperial"})
    run_id = None
    try:
        page = opened(width, f"/athletes/{live.athlete_id}/history")
        page.click("#log-cardio")
        page.wait_for_selector("#cardio-log")
        assert "Distance (mi)" in page.locator("#cardio-log").inner_text()
        _check(page, "cardio log")
        page.fill("input[name=kind]", "run")
        page.fill("input[name=duration]", "31:30")
        page.fill("input[name=distance]", "far")  # refused, named beside the field
        page.click("#cardio-log button[name=save]")
        page.wait_for_selector("input[name=distance][aria-invalid=true]")
        assert "distance: distance 'far' is not a number" in page.locator("main").inner_text()
        _check(page, "cardio log refused")
        shot(page, f"cardio-log-refused-{width}")
        page.fill("input[name=distance]", "3.1")
        page.fill("input[name=avg_hr]", "152")
        page.click("#cardio-log button[name=save]")
        page.wait_for_url(re.compile(r".*/cardio/\d+\?logged=1$"))
        run_id = int(re.search(r"/cardio/(\d+)", page.url).group(1))  # type: ignore[union-attr]
        said = page.locator("#logged-said").inner_text()
        assert re.fullmatch(
            r"Logged on \w{3} \d+ \w{3}: Run, 31\.5 min, 3\.1 mi, 10:10 min/mi, "
            r"average HR 152 bpm\.",
            said,
        ), said
        assert page.locator("#undo-form").is_visible()
        _check(page, "cardio logged")
        shot(page, f"cardio-logged-{width}")

        page.click(".crumbs a")
        page.wait_for_url(re.compile(r".*/history$"))
        entry = page.locator(f"ul.sessions a[href$='/cardio/{run_id}']")
        assert "31 min 30 s · 3.1 mi · 152 bpm" in entry.inner_text()
        _check(page, "history with the run")
        shot(page, f"cardio-history-{width}")

        entry.click()
        page.click("#edit-cardio")
        page.wait_for_selector("#cardio-form")
        assert page.input_value("input[name=distance]") == "3.1"
        _check(page, "edit run")
        shot(page, f"cardio-edit-{width}")
        page.fill("input[name=distance]", "3.4")
        page.click("#cardio-form button[type=submit]")
        page.wait_for_selector("#confirm-form")
        assert "Distance: 3.1 mi → 3.4 mi" in page.locator("#confirm").inner_text()
        _check(page, "confirm run edit")
        shot(page, f"cardio-edit-confirm-{width}")
        page.click("#confirm-form button[type=submit]")
        page.wait_for_url(re.compile(rf".*/cardio/{run_id}\?saved=1$"))
        assert "3.4 mi" in page.locator("#cardio").inner_text()
        _check(page, "run saved")
        shot(page, f"cardio-saved-{width}")
        for ctx in live.context():
            stored = training_log.entry(ctx, live.athlete_id, "cardio", run_id)
            assert stored["distance_m"] == round(3.4 * 1609.344)
    finally:
        for ctx in live.context():
            if run_id is not None:
                training_log.delete_entry(ctx, live.athlete_id, "cardio", run_id)
            athletes.update_profile(ctx, live.athlete_id, {"units": "metric"})
