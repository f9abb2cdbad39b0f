"""The README's tours, run as a new user would. Its first hour on the web (sign up, the
onboarding and the first plan, a workout logged, the history, a Strong export and a device file
imported, a plan from that history), step by
step on the pages the README names; and every command of its command-line tour, in order, on a
fresh database with the demo athlete (``make run``'s ``demo seed``).

Left out, each covered where it can run: ``fitcoach serve`` (it serves until stopped;
tests/interfaces), the simulated board on a pseudo-terminal and ``ingest serial`` reading it
(they stream in two terminals; tests/sensors/test_reader.py).
"""

from __future__ import annotations

import re
import shlex
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO, shared_data
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.settings import get_settings

# Serve until stopped, or need a second terminal.
LONG_RUNNING = (("serve",), ("simulate", "sensors"), ("ingest", "serial"))


def tour() -> list[list[str]]:
    """The ``fitcoach`` commands of the README's tour block, comments stripped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"A tour on the demo data:\n\n```sh\n(.*?)```", text, re.S)
    assert block is not None, "the README's tour block moved: update this test"
    commands = []
    for line in block[1].splitlines():
        words = shlex.split(line, comments=True)
        if words and words[0] == "fitcoach":
            commands.append(words[1:])
    return commands


@pytest.fixture(scope="module")
def made_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``make run`` does first (``db upgrade``, ``demo seed``) on an empty SQLite database,
    once for the module: each tour starts from a copy (seeding takes seconds)."""
    folder = tmp_path_factory.mktemp("make-run")
    with pytest.MonkeyPatch.context() as monkeypatch:
        _in_folder(monkeypatch, folder)
        runner = CliRunner()
        for setup in (["db", "upgrade"], ["demo", "seed"]):
            result = runner.invoke(app, setup)
            assert result.exit_code == 0, result.output
    get_settings.cache_clear()
    return folder / "fitcoach.db"


def _in_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The command line on a SQLite database in ``folder``, the current directory."""
    monkeypatch.chdir(folder)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{folder / 'fitcoach.db'}")
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(folder / "data"))
    monkeypatch.delenv("FITCOACH_REDIS_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    get_settings.cache_clear()


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, made_run: Path) -> Iterator[Path]:
    """A folder of its own, the current directory, with a copy of ``made_run``'s database (the
    demo athlete on a fresh database, as ``make run`` leaves it)."""
    with (
        closing(sqlite3.connect(made_run)) as source,
        closing(sqlite3.connect(tmp_path / "fitcoach.db")) as copy,
    ):
        source.backup(copy)  # a consistent copy, whatever its write-ahead log holds
    _in_folder(monkeypatch, tmp_path)
    yield tmp_path
    get_settings.cache_clear()


def test_the_readme_tour_runs_on_the_demo_data(fresh: Path) -> None:
    runner = CliRunner()  # on the demo's database: what `make run` does first (made_run)
    commands = tour()
    assert len(commands) >= 25, "the tour lost its commands"
    for args in commands:
        if any(tuple(args[: len(skip)]) == skip for skip in LONG_RUNNING):
            continue
        # Paths in the README are relative to the repository, where a reader runs them.
        args = [
            str(shared_data("mitdb-dev").parent / a.removeprefix("../shared/data/"))
            if a.startswith("../shared/data/")
            else a
            for a in args
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert (fresh / "demo.json").is_file()  # export
    assert (fresh / "week46.html").is_file()  # report weekly --out


# --- the first hour on the web -----------------------------------------------------------------

# The pages the README's "Your first hour" names, in its order (``ID``: the athlete's number).
FIRST_HOUR_PAGES = [
    "/signup", "/welcome", "/", "/athletes/ID/workout", "/athletes/ID/log",
    "/athletes/ID/history", "/athletes/ID/import", "/athletes/ID/plan",
]  # fmt: skip
DEVICE_FILE = "../shared/data/wearable-files/fit/garmin-fenix-5-run.fit"
APP_EXPORT = "docs/examples/strong_workouts.csv"
META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def first_hour() -> str:
    """The README's "Your first hour" section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"\n## Your first hour\n(.*?)\n## ", text, re.S)
    assert section is not None, "the README's first-hour section moved: update this test"
    return section[1]


def test_the_readme_names_the_first_hour_steps_this_test_walks() -> None:
    section = first_hour()
    steps = re.findall(r"^\d\. \*\*([^*]+)\*\*", section, re.M)
    assert steps == [
        "Start it", "Sign up", "Onboarding", "Log", "History", "Import your history",
        "A plan from your history",
    ]  # fmt: skip
    assert re.findall(r"`(/[^`]*)`", section) == FIRST_HOUR_PAGES
    assert "`make run`" in section
    assert DEVICE_FILE in section
    assert APP_EXPORT in section
    assert (REPO / APP_EXPORT).is_file()
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "FITCOACH_SIGNUP=$${FITCOACH_SIGNUP:-open}" in makefile  # make run opens sign-up


def _csrf(client: Any, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, (path, page.text[:300])
    found = META_CSRF.search(page.text)
    assert found, path
    return found[1]


def test_the_first_hour_of_the_readme_works(fresh: Path) -> None:
    """``make run`` (migrate, the demo's seed, sign-up open), then each step of the README's
    first hour, as a browser sends it: sign-up, the six onboarding steps and the first plan,
    today's page, a workout logged in the quick log (and the guided workout's page), the
    history with the workout corrected, a watch's FIT file and a Strong export imported into it,
    and a new plan whose starting loads come from the imported lifts."""
    from fastapi.testclient import TestClient
    from tests.web.test_web_signup import STEPS, form, post_step, sign_up

    from fitcoach.coach.plan import StrengthItem
    from fitcoach.core.settings import Settings
    from fitcoach.interfaces.api.app import create_app
    from fitcoach.services import plans, training_log
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory

    # `make run`'s migration and demo seed are in the database already (made_run).
    url = f"sqlite:///{fresh / 'fitcoach.db'}"
    site = create_app(Settings(database_url=url, signup="open", _env_file=None))  # type: ignore[call-arg]
    with TestClient(site) as client:
        # 2. Sign up: the account, signed in, and on to the first-run steps.
        done = sign_up(client, form(email="first@example.org", timezone="UTC"))
        assert done.status_code == 303, done.text[:500]
        assert done.headers["location"] == "/welcome"
        # 3. Onboarding: six steps, the last makes the first plan and lands on today's page.
        answers: dict[str, dict[str, Any]] = {
            "goals": {"goals": ["strength"], "experience_level": "beginner"},
            "week": {"days_per_week": "3", "session_minutes": "60"},
            "equipment": {"preset": "full_gym"},
            "health": {},
            "units": {"units": "metric"},
            "body": {"height_cm": "178", "weight_kg": "80", "sex": "male"},
        }
        for step in STEPS:
            response = post_step(client, step, answers[step])
            assert response.status_code == 303, (step, response.text[:800])
        assert response.headers["location"] == "/?welcome=1"
        today = client.get("/?welcome=1")
        assert today.status_code == 200
        assert 'id="home-today"' in today.text
        home = re.search(r'href="/athletes/(\d+)/workout"', today.text)
        assert home, today.text[:1000]
        athlete = int(home[1])
        base = f"/athletes/{athlete}"
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            ctx = ServiceContext(session=session, subject=Subject.system())
            assert plans.current(ctx, athlete).status == "active"  # the first plan
        # 4. Log: the guided workout's page, then a workout in the quick log.
        assert client.get(f"{base}/workout").status_code == 200
        log_page = client.get(f"{base}/log").text
        nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', log_page)
        when = re.search(r'name="started_at" value="([^"]+)"', log_page)
        assert nonce
        assert when
        logged = client.post(
            f"{base}/log",
            data={
                "csrf_token": _csrf(client, f"{base}/log"),
                "nonce": nonce[1],
                "rows": "5",
                "started_at": when[1],
                "title": "Hotel gym",
                "duration_min": "45",
                "session_rpe": "7",
                "exercise_0": "Barbell Back Squat",
                "sets_0": "3",
                "reps_0": "5",
                "weight_0": "60",
                "rir_0": "2",
            },
            follow_redirects=False,
        )
        assert logged.status_code == 303, logged.text[:800]
        workout_page = logged.headers["location"]
        assert workout_page.startswith(f"{base}/workouts/")
        assert workout_page.endswith("?logged=1")
        shown = client.get(workout_page).text
        assert "Undo" in shown
        assert "Hotel gym" in shown
        # 5. History: the workout listed; opened, its title corrected (and confirmed).
        listed = client.get(f"{base}/history").text
        assert "Hotel gym" in listed
        workout = workout_page.split("?")[0]
        edit = {"title": "Hotel gym, legs", "started_at": when[1], "duration_min": "45",
                "session_rpe": "8", "notes": ""}  # fmt: skip
        review = client.post(f"{workout}/edit", data={**edit, "csrf_token": _csrf(client, f"{workout}/edit")})  # fmt: skip
        assert review.status_code == 200, review.text[:800]
        assert "Save changes" in review.text
        saved = client.post(
            f"{workout}/edit",
            data={**edit, "confirm": "yes", "csrf_token": _csrf(client, f"{workout}/edit")},
            follow_redirects=False,
        )
        assert saved.status_code == 303, saved.text[:800]
        assert "Hotel gym, legs" in client.get(f"{base}/history").text
        # 6. Import a device file: the watch's run, then in the history.
        fit = shared_data("wearable-files") / "fit" / "garmin-fenix-5-run.fit"
        imported = client.post(
            f"{base}/import",
            data={"csrf_token": _csrf(client, f"{base}/import")},
            files={"files": (fit.name, fit.read_bytes(), "application/octet-stream")},
        )
        assert imported.status_code == 200, imported.text[:800]
        # ... and the Strong export: every name resolved at once, the 26-hour workout repaired.
        export = REPO / APP_EXPORT
        strong = client.post(
            f"{base}/import",
            data={"csrf_token": _csrf(client, f"{base}/import")},
            files={"files": (export.name, export.read_bytes(), "text/csv")},
        )
        assert strong.status_code == 200, strong.text[:800]
        assert "18 workouts, 288 sets imported." in strong.text, strong.text[:2000]
        assert "26 h 49 min (a timer left running?)" in strong.text
        # 7. A plan from the history: generated anew, its loads from the imported lifts.
        plan_page = f"{base}/plan"
        made = client.post(
            f"{plan_page}/generate",
            data={
                "csrf_token": _csrf(client, plan_page),
                "weeks": "4",
                "start": datetime.now(UTC).date().isoformat(),
                "replace": "1",
            },
            follow_redirects=False,
        )
        assert made.status_code == 303, made.text[:800]
        with make_session_factory(engine)() as session:
            ctx = ServiceContext(session=session, subject=Subject.system())
            runs = training_log.history(ctx, athlete, "cardio")
            workouts = training_log.history(ctx, athlete, "workouts")
            lifted = {r.exercise for r in training_log.records(ctx, athlete)}
            plan = plans.current(ctx, athlete).plan
        engine.dispose()
        assert plan is not None
        items = [
            i for s in plan.sessions() for i in s.items
            if isinstance(i, StrengthItem) and i.exercise in lifted
        ]  # fmt: skip
        assert items, "the new plan holds an imported lift"
        for item in items:
            assert item.load.kind == "kg", item
            assert all("No logged load yet" not in r.text for r in item.reasons)
        assert [w["title"] for w in workouts if w["source"] == "web"] == ["Hotel gym, legs"]
        assert sum(w["source"] == "import:strong" for w in workouts) == 18
        assert len(runs) == 1
        history = client.get(f"{base}/history").text
        assert f"{base}/cardio/{runs[0]['id']}" in history  # the run, in the history
