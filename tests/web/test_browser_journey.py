"""Journey tests (issue 60): what a new person does across pages, in Chromium, asserting what
they see at each step rather than one page at a time.

Sign up (the browser's language picks the units, its time zone the athlete's) → the first-run
steps with a knee injury → today's session from the home page's "Start guided workout" to its
finish (the home page then says "Done today") → the plan (the plan first, research one link
away) → a workout logged in the chat → the dashboard lists it on the athlete's local today →
the same workout on the quick log, said in the chat's very words → "undo that" of it in the
chat names it as the page does, and the history's Undo says "Removed the …" as the chat's
"yes" does → a move asked in the chat (turned down) and then made on the plan's calendar, the
two sentences the same and only that session's day changed → "undo that" after other talk
asks first and names the entry → last week's workouts imported from a Strong CSV (the history shows them on their local
days, the dashboard lists them) → a meal logged in the person's amounts and edited on the
nutrition page → the weekly report (this week's sets and last week's imported ones) → the data
downloaded from the privacy page → the account deleted (signing in again says why it fails).
Three journeys: 390 and 1366 px, metric and imperial, UTC−6 in the evening, UTC, and UTC+13
in the morning each walked at least once (the server's clock fixed at that moment). Every
page: no sideways scroll, no internal name (``tests/fixtures/internal_strings.py``, and no
week id such as 2026-W48), and for an imperial athlete no kg, km or cm.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from tests.fixtures.internal_strings import (
    context,
    internal_strings,
    metric_units,
    quantities_visible,
    visible,
)
from tests.web.conftest import PASSWORD, Live, shot
from tests.web.test_browser_layout import OVERFLOW_JS, SCROLLED_JS

from fitcoach.coach import wording
from fitcoach.core.clock import FixedClock
from fitcoach.services import accounts, plans, training_log

# (case, the browser's time zone, its language, the width, the moment in UTC): UTC−6 at 20:32
# on a Monday evening (already Tuesday in UTC), UTC at noon, UTC+13 at 09:00 on Monday
# morning (still Sunday in UTC: the week before, as the server's UTC would have it). Each is a
# training day of the plan the onboarding makes, so the guided workout is today's.
CASES = [
    (
        "chicago-evening-phone",
        "America/Chicago",
        "en-US",
        390,
        datetime(2026, 11, 24, 2, 32, tzinfo=UTC),
    ),
    ("utc-noon-desk", "UTC", "en-GB", 1366, datetime(2026, 11, 23, 12, 0, tzinfo=UTC)),
    (
        "auckland-morning-phone",
        "Pacific/Auckland",
        "en-NZ",
        390,
        datetime(2026, 11, 22, 20, 0, tzinfo=UTC),
    ),
]
# Each width, each unit system and each zone walked at least once; three journeys, not every
# combination (each is about a minute in Chromium on the shared machine).

# A week id ("2026-W48") is the report's address, never what a person reads.
WEEK_ID = re.compile(r"\b\d{4}-W\d{2}\b")
# A small Strong export: two workouts last week (the athlete's local days), in lb.
STRONG = """Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration
{one} 17:40:08;"Legs";"Squat (Barbell)";1;185;lbs;5;8;;;0;;;45m
{one} 17:40:08;"Legs";"Squat (Barbell)";2;185;lbs;5;8.5;;;0;;;45m
{two} 18:05:00;"Pull";"Deadlift (Barbell)";1;225;lbs;5;8;;;0;;;40m
{two} 18:05:00;"Pull";"Deadlift (Barbell)";2;225;lbs;5;8;;;0;;;40m
"""


@pytest.fixture(scope="module")
def journey(live: Live) -> Iterator[Live]:
    """The module's server with sign-up open and its clock fixed (each case sets it)."""
    app = live.app
    before_settings, before_clock = app.state.settings, getattr(app.state, "clock", None)
    app.state.settings = before_settings.model_copy(update={"signup": "open"})
    yield live
    app.state.settings = before_settings
    app.state.clock = before_clock


def _ordinal(day: int) -> str:
    """23 → "23rd", as a person names a day of the month in the chat."""
    tail = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{tail}"


class Walk:
    """One person's browser: each page read is checked as they would see it."""

    def __init__(self, page: Any, live: Live, width: int, imperial: bool) -> None:
        self.page, self.live, self.width, self.imperial = page, live, width, imperial
        self.problems: list[str] = []

    def check(self, where: str) -> str:
        """The page's visible text, after noting what a person must not meet on it."""
        page = self.page
        if (wide := page.evaluate(OVERFLOW_JS)) is not None:
            self.problems.append(f"{where} at {self.width}px scrolls sideways: {wide}")
        text = visible(page.content())
        self.problems.extend(
            f"{where}: {name} {hit!r} in …{context(text, hit)}…"
            for name, hit in [
                *internal_strings(text),
                *(("week id", w) for w in WEEK_ID.findall(text)),
            ]
        )
        # The units the athlete chose, on every page but the one where they choose them.
        if self.imperial and where != "welcome-units":
            shown = quantities_visible(page.content())
            self.problems.extend(
                f"{where}: metric {unit!r} in …{context(shown, unit)}…"
                for unit in metric_units(shown)
            )
        shot(page, f"journey-{where}-{self.width}")
        return text

    def go(self, path: str, where: str) -> str:
        self.page.goto(f"{self.live.url}{path}")
        return self.check(where)

    def say(self, text: str) -> str:
        """Send a chat message; the assistant's answer as shown."""
        page = self.page
        answers = page.locator("#chat-log li.msg.assistant")
        before = answers.count()
        page.fill("#chat-text", text)
        page.click("#chat-send")
        page.wait_for_function(
            "n => document.querySelectorAll('#chat-log li.msg.assistant:not(.pending)').length > n",
            arg=before,
        )
        said = str(answers.nth(before).locator(".text").inner_text())
        self.problems.extend(
            f"chat answer to {text!r}: {name} {hit!r}" for name, hit in internal_strings(said)
        )
        return said


@pytest.mark.parametrize(("case", "zone", "language", "width", "moment"), CASES)
def test_a_new_person_from_sign_up_to_the_weekly_report(
    browser: Any,
    journey: Live,
    tmp_path: Path,
    case: str,
    zone: str,
    language: str,
    width: int,
    moment: datetime,
) -> None:
    live = journey
    live.app.state.clock = FixedClock(moment)
    local = moment.astimezone(ZoneInfo(zone))
    today = f"{local:%a} {local.day} {local:%b}"  # how the pages write the athlete's today
    imperial = language == "en-US"
    email = f"journey-{case}@example.org"
    browser_context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale=language,
        timezone_id=zone,
        accept_downloads=True,
    )
    try:
        page = browser_context.new_page()
        walk = Walk(page, live, width, imperial)

        # Sign up: the browser's zone and language come with the form.
        walk.go("/signup", "signup")
        page.fill("input[name=name]", "Jordan Lifter")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.fill("input[name=repeat]", PASSWORD)
        page.fill("input[name=birth_date]", "1990-04-02")
        page.click("#signup-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/welcome/goals$"))

        # The first-run steps; the units step already holds what the language suggests.
        def units() -> None:
            expected = "imperial" if imperial else "metric"
            assert page.is_checked(f"input[name=units][value={expected}]"), case

        body = ("5 ft 10", "180") if imperial else ("178", "82")
        steps = {
            "goals": lambda: (
                page.check("input[name=goals][value=strength]"),
                page.check("input[name=experience_level][value=intermediate]"),
            ),
            "week": lambda: (
                page.fill("input[name=days_per_week]", "3"),
                page.fill("input[name=session_minutes]", "60"),
            ),
            "equipment": lambda: page.check("input[name=preset][value=full_gym]"),
            "health": lambda: page.check("input[name=injuries][value=knee]"),
            "units": units,
            "body": lambda: (
                page.fill("input[name=height_cm]", body[0]),
                page.fill("input[name=weight_kg]", body[1]),
                page.check("input[name=sex][value=male]"),
            ),
        }
        for key, answer in steps.items():
            page.wait_for_url(re.compile(rf".*/welcome/{key}$"))
            walk.check(f"welcome-{key}")
            answer()
            page.click("#welcome-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/\?welcome=1$"))
        for ctx in live.context():
            athlete_id = accounts.athlete_by_email(ctx, email)
        assert athlete_id is not None
        base = f"/athletes/{athlete_id}"
        home = walk.check("home")
        assert "Today's session" in home or "Rest day" in home or "Next session" in home, home

        # Today's session from the home page's button to its finish; then the home page says so.
        page.click("a.button:has-text('Start guided workout')")
        page.wait_for_url(re.compile(rf".*{base}/workout$"))
        page.wait_for_selector("#step-name:not(:empty)")
        walk.check("workout-guided")
        step = page.evaluate("() => fc.data('workout-data')")["steps"][0]
        page.fill("#in-reps", "8")
        if step.get("loaded"):
            page.fill("#in-kg", "95" if imperial else "40")
        page.fill("#in-rir", "2")
        page.click("#done-set")
        page.wait_for_selector("#set-rows tr.done")
        done = page.locator("#set-rows tr.done td.today").first.inner_text()
        assert done.startswith("8 reps"), done
        if step.get("loaded"):
            assert ("95 lb" if imperial else "40 kg") in done, done
        page.fill("#in-session-rpe", "7")
        page.click("#finish-button")
        page.wait_for_selector("#summary")
        finished = walk.check("workout-finished")
        assert "Workout finished" in finished
        home = walk.go("/", "home-done")
        assert "Done today ✓" in home, home[:800]
        assert "Start guided workout" not in home

        # The plan: the person's plan first, the agent's research behind one link.
        plan = walk.go(f"{base}/plan", "plan")
        assert "In force" in plan
        assert "simulated" not in plan
        assert "How next week is decided" in plan

        # A workout logged in the chat, in the evening (or morning) where the person is.
        walk.go(f"{base}/chat", "chat")
        bench = "bench 3x8 at 135 lb" if imperial else "bench 3x8 at 60 kg"
        logged = walk.say(bench)
        assert f"Logged on {today}" in logged, logged
        assert ("135 lb" if imperial else "60 kg") in logged
        slept = walk.say("slept 7 hours")
        assert "7 h of sleep" in slept
        tape = "waist 34 in, hips 39 in, chest 41 in" if imperial else "waist 86 cm, hips 99 cm, chest 104 cm"  # fmt: skip
        walk.say(tape)

        # The dashboard lists it on the athlete's local today.
        walk.go(base, "dashboard")
        recent = page.inner_text("#recent-workouts")
        assert today in recent, (today, recent)
        # The training log says the same day and the load in the person's unit.
        history = walk.go(f"{base}/history", "history")
        assert today in history
        assert "Barbell Bench Press" in history
        chat_logged = page.locator("#history li", has_text="Barbell Bench Press").locator("a")
        link = chat_logged.first.get_attribute("href")
        assert link is not None
        workout = walk.go(link, "workout")
        assert ("135 lb" if imperial else "60 kg") in workout, workout[-800:]
        assert today in workout
        # Progress after one workout: one point per chart, its time axis ticked in days.
        walk.go(f"{base}/progress?exercise=barbell-bench-press", "progress")
        page.wait_for_selector("#chart-e1rm .xtick text")
        ticks = page.eval_on_selector_all(
            ".js-plotly-plot .xaxislayer-above .xtick text", "els => els.map(e => e.textContent)"
        )
        assert ticks, "no time axis drawn"
        assert not [t for t in ticks if re.search(r"\d:\d\d|\.\d{3}", t)], ticks
        assert any(f"{local:%b}" in t for t in ticks), ticks

        # The same workout on the web's quick log: the page says it in the chat's words.
        walk.go(f"{base}/log", "quick-log")
        page.fill("#quick-log input[name=exercise_0]", "Barbell Bench Press")
        page.fill("#quick-log input[name=sets_0]", "3")
        page.fill("#quick-log input[name=reps_0]", "8")
        page.fill("#quick-log input[name=weight_0]", "135" if imperial else "60")
        page.click("#quick-log button[name=save]")
        page.wait_for_url(re.compile(r".*/workouts/\d+\?logged=1$"))
        walk.check("quick-logged")
        web_logged = page.inner_text("#logged-said")
        assert web_logged == logged.split("\n")[0], (web_logged, logged)
        offer = re.match(r"Last logged: (.+), at \d", page.inner_text("#undo-form p"))
        assert offer is not None, page.inner_text("#undo-form")
        what = offer.group(1)
        # "undo that" in the chat names the same entry the same way, and asks first.
        walk.go(f"{base}/chat", "chat-undo-web")
        asked = walk.say("undo that")
        assert asked.startswith(f"Take back the {what}?"), (asked, what)
        assert walk.say("no") == "Kept it: nothing was removed."
        # The history's Undo takes it back and says so as the chat's "yes" does.
        walk.go(f"{base}/history", "history-undo")
        page.click("#undo-form button")
        page.wait_for_url(re.compile(r".*/undo$"))
        walk.check("history-undone")
        assert page.inner_text("#undone") == f"Removed the {what}."

        # A session moved: asked in the chat (a proposal, turned down), then on the plan's
        # calendar (in force at once); both say the same words, and only that session moves.
        walk.go(f"{base}/plan", "plan-before-move")
        movable = page.locator("form.calendar-move")
        assert movable.count() > 0, "no session of this week can be moved"
        form = movable.first
        key = form.locator("input[name=session]").get_attribute("value")
        assert key is not None
        held = f".calendar-day:has(.calendar-session[data-session='{key}'])"
        source_day = page.locator(held).get_attribute("data-day")
        target = form.locator("select[name=on] option").first.get_attribute("value")
        assert source_day is not None
        assert target is not None
        source, to = date.fromisoformat(source_day), date.fromisoformat(target)
        for ctx in live.context():
            before = plans.current(ctx, athlete_id)
        assert before.plan is not None
        walk.go(f"{base}/chat", "chat-move")
        proposed = walk.say(f"move the {_ordinal(source.day)} to the {_ordinal(to.day)}")
        chat_moved = proposed.split("\n")[0]
        assert chat_moved.endswith(" It is waiting for your approval."), chat_moved
        page.locator("#chat-log li.msg.assistant .decide button[data-decide=reject]").last.click()
        page.wait_for_selector("#chat-log .decide:has-text('Rejected')")
        for ctx in live.context():
            assert plans.current(ctx, athlete_id).version == before.version  # nothing moved
        walk.go(f"{base}/plan?week={source.isoformat()}", "plan-move-again")
        form = page.locator(f".calendar-session[data-session='{key}'] form.calendar-move")
        form.locator("select[name=on]").select_option(target)
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r".*done=moved.*"))
        walk.check("plan-moved")
        moved = page.inner_text("p.ok")
        name = before.plan.session(key).name
        assert moved == (
            f"{name} moves from {wording.day_text(source, local.date())} to "
            f"{wording.day_text(to, local.date())}; "
            "nothing else in your plan changes."
        ), moved
        assert chat_moved == f"{moved} It is waiting for your approval.", (chat_moved, moved)
        # The plan in force: that session on its new day, every other where it was.
        for ctx in live.context():
            after = plans.current(ctx, athlete_id)
        assert after.plan is not None
        assert [o.op for o in after.operations] == ["move_session"]
        assert {c.path.rpartition(".")[2] for c in after.diff} == {"on"}, after.diff
        days_before = wording.session_days(before.plan, local.date())
        assert wording.session_days(after.plan, local.date()) == {**days_before, key: to}

        # Other talk, then "undo that": it names the night and asks; only "yes" takes it back.
        walk.go(f"{base}/chat", "chat-again")
        walk.say("my knee hurts when I squat")
        asked = walk.say("undo that")
        assert asked.startswith("Take back the sleep of last night (7 h)?"), asked
        for ctx in live.context():
            assert len(training_log.history(ctx, athlete_id, "sleep")) == 1
        assert walk.say("yes") == "Removed the sleep of last night (7 h)."  # the history's words
        for ctx in live.context():
            assert training_log.history(ctx, athlete_id, "sleep") == []
            assert len(training_log.history(ctx, athlete_id, "workouts")) == 2  # guided, chat

        # Last week's workouts imported from a Strong export on the Import page: the history
        # shows them on their local days, the dashboard lists them among the recent sessions.
        days = [local.date() - timedelta(days=n) for n in (6, 5)]
        export = tmp_path / "strong.csv"
        export.write_text(STRONG.format(one=days[0].isoformat(), two=days[1].isoformat()))
        walk.go(f"{base}/import", "import")
        page.set_input_files("#upload-form input[type=file]", str(export))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("#import-summary")
        imported = walk.check("import-done")
        assert page.locator('.import-file[data-status="imported"]').count() == 1, imported[:1500]
        said = [f"{d:%a} {d.day} {d:%b}" for d in days]
        history = walk.go(f"{base}/history", "history-imported")
        assert all(d in history for d in said), (said, history[:1500])
        assert "Barbell Back Squat" in history
        assert "Barbell Deadlift" in history
        assert ("lb lifted" if imperial else "kg lifted") in history
        walk.go(base, "dashboard-imported")
        recent = page.inner_text("#recent-workouts")
        assert all(d in recent for d in (*said, today)), (said, today, recent)

        # A meal on the nutrition page, its amount in the person's unit, then edited.
        food = walk.go(f"{base}/nutrition?q=chicken+breast", "nutrition-search")
        assert "Chicken" in food
        row = page.locator("#food-results form.food-row").first
        row.locator("input[name=grams]").fill("6 oz" if imperial else "170 g")
        row.locator("button[type=submit]").click()
        page.wait_for_load_state()
        eaten = walk.check("nutrition-logged")
        assert "Eaten today" in eaten, eaten[:1500]
        kcal = re.search(r"· (\d+) kcal", eaten.split("Eaten today", 1)[1])
        assert kcal is not None, eaten
        assert 230 <= int(kcal.group(1)) <= 330, eaten  # 170 g (6 oz): about 280 kcal
        page.click("a.meal-edit")
        page.wait_for_url(re.compile(r".*/meals/\d+/edit$"))
        walk.check("meal-edit")
        assert today in page.inner_text("#meal-edit")  # eaten on the athlete's local today
        page.fill("#meal-edit-form input[name=calories_kcal]", "300")
        page.fill("#meal-edit-form input[name=description]", "Grilled chicken breast")
        page.click("#meal-edit-form button[type=submit]")
        page.wait_for_load_state()
        edited = walk.go(f"{base}/nutrition", "nutrition-edited")
        assert "Grilled chicken breast · 300 kcal" in edited, edited[:1500]

        # The weekly report of this local week.
        iso = local.isocalendar()
        report = walk.go(f"{base}/reports/{iso.year}-W{iso.week:02d}", "report")
        assert f"days in {zone} time" in report
        # This week: the guided set and the chat's three; last week: the four imported.
        assert "Working sets 4 4 ±0" in report, report[:1500]
        tonnage = re.search(r"Tonnage \((lb|kg)\) ([\d,]+) ([\d,]+) ", report)
        assert tonnage is not None, report[:1500]
        assert tonnage.group(1) == ("lb" if imperial else "kg")
        assert ("Tonnage (lb)" if imperial else "Tonnage (kg)") in report
        assert "No sleep logged" in report  # the night taken back is gone here too
        assert page.locator("#measurement-changes").count() == 1
        # The body measurements table fits the phone: read without a swipe, not only boxed.
        assert page.evaluate(SCROLLED_JS, "#measurements .scroll") == []
        assert ("34 in" if imperial else "86 cm") in report

        # The person's data downloaded from the privacy page: a zip that holds their workouts.
        walk.go(f"{base}/privacy", "privacy")
        with page.expect_download() as download:
            page.click("#download-form button[type=submit]")
        archive = tmp_path / "export.zip"
        download.value.save_as(archive)
        with zipfile.ZipFile(archive) as z:
            names = z.namelist()
            assert any("workout" in n for n in names), names
            assert any("meal" in n for n in names), names

        # Last, the account deleted; signing in again fails and says why.
        page.click("#delete-account-link")
        walk.check("delete-account")
        page.fill("#delete-account-form input[name=password]", PASSWORD)
        page.click("#delete-account-form button[type=submit]")
        page.wait_for_load_state()
        gone = walk.check("account-deleted")
        assert "deleted" in gone.lower(), gone[:600]
        walk.go("/login", "login-after-delete")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_load_state()
        refused = walk.check("login-refused")
        assert "wrong e-mail or password" in refused, refused[:600]
        for ctx in live.context():
            assert accounts.athlete_by_email(ctx, email) is None
        assert walk.problems == [], "\n".join(walk.problems)
    finally:
        browser_context.close()
