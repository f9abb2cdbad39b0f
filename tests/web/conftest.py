"""Fixtures for the web dashboard: a signed-in test client, a live server and a browser.

``site``: the app over the test database with an athlete who has a password, a plan and two
weeks of training, and a ``TestClient`` signed in as them (``site.csrf()`` reads the page's
CSRF token). ``live`` (module scope): the real server (uvicorn on a free port, a copy of a SQLite file
seeded once per session with the demo athlete and a plan, an in-process bus) for the browser
tests.
``page``: a Playwright page, in a browser context of its own, in Debian's Chromium
(``/usr/bin/chromium``, no browser download), started once per worker and lent to one module at
a time (``browser``); without Chromium the browser tests skip, and fail under
``FITCOACH_REQUIRE_SERVICES=1``.
Screenshots go to ``test-output/screenshots/``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from asyncio import events
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.conftest import (
    NOW,
    Database,
    copied_database,
    seeded_postgres,
    seeded_sqlite,
    service_missing,
)
from tests.factories import log_weeks, make_athlete

from fitcoach.core.clock import Clock, FixedClock, SystemClock
from fitcoach.core.settings import Settings
from fitcoach.ingest.bus import Bus, InMemoryBus
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.api.sessions import SESSION_COOKIE
from fitcoach.services import accounts, plans
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

PASSWORD = "correct horse battery"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
# The browser tests' screenshots are for people reviewing the pages (`make screenshots`, which
# sets this), not for the tests' own checks: a full-page shot costs Chromium 0.1-0.5 s, about a
# sixth of the browser tests' time in `make test`, where only a failed test keeps one of its end.
KEEP_SCREENSHOTS = os.environ.get("FITCOACH_SCREENSHOTS") == "all"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
LOGIN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def login(client: httpx.Client, email: str, password: str, next_: str = "/app") -> Any:
    """Sign in through the login form (its CSRF double-submit included)."""
    form = client.get("/login")
    match = LOGIN_CSRF.search(form.text)
    assert match, form.text
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": match.group(1), "next": next_},
        follow_redirects=False,
    )


@dataclass
class Site:
    """The app, an operator context on its database, and a client signed in as the athlete."""

    client: TestClient
    ctx: ServiceContext
    athlete_id: int
    email: str
    clock: FixedClock

    def csrf(self, path: str | None = None) -> str:
        """The CSRF token of the signed-in session, read off a page."""
        page = self.client.get(path or f"/athletes/{self.athlete_id}/checkin")
        match = CSRF_META.search(page.text)
        assert match, page.text[:500]
        return match.group(1)

    def account(self, email: str, password: str = PASSWORD) -> None:
        """Give an existing account a password."""
        accounts.set_password(self.ctx, accounts.account_for(self.ctx, email).id, password)
        self.ctx.session.commit()


def _seed_site(ctx: ServiceContext) -> tuple[int, str]:
    """The signed-in athlete: two weeks of training, a password and a plan; (id, email)."""
    athlete = make_athlete(ctx)
    log_weeks(ctx, athlete.id, NOW - timedelta(days=15), weeks=2)
    accounts.set_password(ctx, accounts.account_for(ctx, athlete.email).id, PASSWORD)
    plans.generate(ctx, athlete.id)
    return athlete.id, athlete.email


def _sign_in(client: TestClient, email: str) -> None:
    response = login(client, email, PASSWORD)
    assert response.status_code == 303, response.text


def _seed_site_at(url: str) -> tuple[int, str, str]:
    """The site's athlete, signed in once through the login form at ``NOW`` (the ``clock``
    fixture's time): (id, email, the session cookie's value)."""
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        athlete_id, email = _seed_site(
            ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        )
    engine.dispose()
    app = create_app(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    app.state.clock = FixedClock(NOW)
    with TestClient(app) as client:
        _sign_in(client, email)
        cookie = client.cookies[SESSION_COOKIE]
    return athlete_id, email, cookie


# The site's athlete is seeded once per database kind (and worker), as the conftest does for
# the demo athlete, and each test that asks for ``site`` gets its own copy of that database:
# seeding (two weeks of sets, a password hash, a plan) was most of a short page test's time.
# The sign-in is made there too (its session is a token row, so each copy holds it, and the
# cookie carries only its secret): checking the password (argon2, about 0.2 s of CPU) was
# the largest part of what remained. The login tests sign in themselves.
@pytest.fixture(scope="session")
def site_sqlite_template(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, tuple[int, str, str]]:
    return seeded_sqlite(sqlite_template, tmp_path_factory, "site", _seed_site_at)


@pytest.fixture(scope="session")
def site_postgres_template(
    postgres_template: str,
) -> Iterator[tuple[str, tuple[int, str, str]]]:
    with seeded_postgres(postgres_template, "site", _seed_site_at) as seeded:
        yield seeded


def _site_template(request: pytest.FixtureRequest) -> bool:
    """Whether the test's database is a copy of the site's template (not with ``demo``,
    whose own template it copies; the athlete is then seeded into that copy)."""
    return "site" in request.fixturenames and "demo" not in request.fixturenames


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The conftest's ``database``; for a test that asks for ``site``, a copy of its template."""
    if _site_template(request):
        template, _ = request.getfixturevalue(f"site_{request.param}_template")
    elif "demo" in request.fixturenames:
        template, _ = request.getfixturevalue(f"demo_{request.param}_template")
    else:
        template = request.getfixturevalue(f"{request.param}_template")
    yield from copied_database(request.param, template, tmp_path)


@pytest.fixture
def site(request: pytest.FixtureRequest, database: Database, clock: FixedClock) -> Iterator[Site]:
    app = create_app(Settings(database_url=database.url, _env_file=None))  # type: ignore[call-arg]
    app.state.clock = clock
    session = database.factory()
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
    cookie = None
    if _site_template(request):
        _, (athlete_id, email, cookie) = request.getfixturevalue(f"site_{database.kind}_template")
    else:
        athlete_id, email = _seed_site(ctx)
        session.commit()
    with TestClient(app) as client:
        if cookie is None:
            _sign_in(client, email)
        else:
            client.cookies.set(SESSION_COOKIE, cookie)
        yield Site(client, ctx, athlete_id, email, clock)
    session.rollback()
    session.close()


# --------------------------------------------------------------------------- live server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    """A running server: its address, its bus, and the demo athlete's sign-in."""

    url: str
    app: Any
    bus: Bus
    database_url: str
    athlete_id: int
    email: str
    password: str
    # The demo athlete's session secret from the first ``signed_in`` on this server: each sign-in
    # checks the password (argon2), and a secret serves any number of browser contexts.
    session: list[str] = field(default_factory=list)

    def context(self, clock: Clock | None = None) -> Iterator[ServiceContext]:
        """An operator context on the server's database (commits on exit)."""
        engine = make_engine(self.database_url)
        try:
            with unit_of_work(make_session_factory(engine)) as session:
                yield ServiceContext(
                    session=session, subject=Subject.system(), clock=clock or SystemClock()
                )
        finally:
            engine.dispose()


def _seed(url: str) -> tuple[int, str]:
    from fitcoach.pipelines.demo import seed_demo
    from fitcoach.storage import migrate

    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        from fitcoach.services.exercises import load_library

        ctx = ServiceContext(session=session, subject=Subject.system(), clock=SystemClock())
        load_library(ctx)
        report = seed_demo(ctx, weeks=6)
        accounts.set_password(ctx, accounts.account_for(ctx, report.email).id, PASSWORD)
        plans.generate(ctx, report.athlete_id)
    engine.dispose()
    return report.athlete_id, report.email


# The live server's database is seeded once per session (and worker), then each module's server
# gets its own copy of the file: seeding (migrations, the library, six weeks of the demo, a
# password hash, a plan) took about 2.4 s of CPU and was built afresh by each of the twelve
# modules that start a server. A module still has a server, a bus and a database of its own.
@pytest.fixture(scope="session")
def live_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    path = tmp_path_factory.mktemp("live-template") / "live.sqlite3"
    athlete_id, email = _seed(f"sqlite:///{path}")
    return path, athlete_id, email


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, live_template: tuple[Path, int, str]
) -> Iterator[Live]:
    import uvicorn

    template, athlete_id, email = live_template
    path = tmp_path_factory.mktemp("live") / "live.sqlite3"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    bus = InMemoryBus()
    app = create_app(Settings(database_url=url, _env_file=None), bus=bus)  # type: ignore[call-arg]
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the live server did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", app, bus, url, athlete_id, email, PASSWORD)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# --------------------------------------------------------------------------- browser


class WorkerChromium:
    """One Playwright driver and Chromium per worker, lent to one module at a time.

    Starting and closing them cost at least 2.4 s of CPU and 4-6 s of wall time (the node
    driver, Chromium and its first renderer; measured at load 5), paid by each of the seventeen
    modules that use a browser. Between Playwright's sync calls its event loop counts as
    running in this thread (Playwright's ``wait_for_future`` marks it so), and a later test in the
    same worker that runs a loop of its own (the bot, MCP, ``asyncio.run``) would fail with
    "Cannot run the event loop while another loop is running". So the loop is marked running
    only while a module holds the browser (``browser`` below), and cleared when it gives it
    back; the loop, its driver and Chromium wait, idle, in between. Every test still gets a
    fresh browser context (cookies, storage and cache of its own).
    """

    def __init__(self) -> None:
        self._manager: Any = None
        self._browser: Any = None

    def lend(self) -> Any:
        """The browser, with Playwright's loop marked running; a new one if it went away."""
        if self._manager is not None:
            events._set_running_loop(self._manager._loop)
            if self._browser.is_connected():
                return self._browser
            self.close()  # Chromium went away (a crash): the next module gets a new one
        from playwright.sync_api import sync_playwright

        manager = sync_playwright()
        playwright = manager.__enter__()
        try:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
        except BaseException:
            manager.__exit__(None, None, None)
            raise
        self._manager, self._browser = manager, browser
        return browser

    def give_back(self) -> None:
        """Leave the loop idle: no loop runs in this thread until the next ``lend``."""
        events._set_running_loop(None)

    def close(self) -> None:
        if self._manager is None:
            return
        manager, self._manager = self._manager, None
        events._set_running_loop(manager._loop)
        try:
            if self._browser.is_connected():
                self._browser.close()
        finally:
            manager.__exit__(None, None, None)
            events._set_running_loop(None)


@pytest.fixture(scope="session")
def worker_chromium() -> Iterator[WorkerChromium]:
    if not CHROMIUM.exists():
        service_missing(
            "Chromium", f"{CHROMIUM} is missing; apt-get install chromium chromium-driver"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:  # pragma: no cover - dev dependency
        service_missing("Playwright", str(exc))
    chromium = WorkerChromium()
    try:
        yield chromium
    finally:
        chromium.close()


# Module scope: the module holds the worker's browser (and Playwright's loop counts as running)
# from its first browser test to its end, as when each module launched one of its own.
@pytest.fixture(scope="module")
def browser(worker_chromium: WorkerChromium) -> Iterator[Any]:
    try:
        yield worker_chromium.lend()
    finally:
        worker_chromium.give_back()


_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Each phase's report kept on the test, for ``page`` to see whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context at phone width; a screenshot of its end state is kept where the
    test failed (``test-output/screenshots/NAME-end.png``), or with every other under
    ``make screenshots``.

    Anything the Content-Security-Policy blocked (Chromium reports it on the console) fails
    the test: the pages must work under the policy the app sends.
    """
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    call = request.node.stash.get(_REPORTS, {}).get("call")
    try:
        if KEEP_SCREENSHOTS or call is None or call.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}-end.png"), full_page=True)
    finally:
        context.close()
    assert not blocked, blocked


def shot(page: Any, name: str) -> Path | None:
    """Under ``make screenshots``, a full-page screenshot as ``test-output/screenshots/NAME.png``
    (its path; one of a single colour fails the test); otherwise None, and nothing taken."""
    if not KEEP_SCREENSHOTS:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    from PIL import Image  # the ML extra's, which `make test` installs

    with Image.open(path) as image:
        low, high = image.convert("L").getextrema()
    assert high > low, f"{path} is one colour: the page drew nothing"
    return path


def browser_login(page: Any, live: Live) -> None:
    """Sign in through the form as the demo athlete; ends on their dashboard."""
    page.goto(f"{live.url}/login")
    page.fill("input[name=email]", live.email)
    page.fill("input[name=password]", live.password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf".*/athletes/{live.athlete_id}$"))


def signed_in(page: Any, live: Live, path: str = "") -> None:
    """Open ``path`` (default: the dashboard) signed in as the demo athlete, with a session of
    its own made through the login form over HTTP and set on the page's browser context.

    For the tests whose subject is a page, not signing in: ``browser_login`` drives the form in
    the browser and lands on the dashboard, whose charts Chromium then draws before the test
    goes where it meant to (about 2 s of a test at load 9, against about 4 s). The session is
    made once per server and set on each context (``Live.session``); should a test have ended
    it, the page lands on the sign-in form and a new one is made.
    """
    target = f"{live.url}{path or f'/athletes/{live.athlete_id}'}"
    for attempt in range(2):
        if not live.session or attempt:
            with httpx.Client(base_url=live.url) as client:
                answer = login(client, live.email, live.password)
                assert answer.status_code == 303, answer.text
                live.session[:] = [client.cookies[SESSION_COOKIE]]
        page.context.add_cookies(
            [{"name": SESSION_COOKIE, "value": live.session[0], "url": live.url}]
        )
        page.goto(target)
        if "/login" not in page.url:
            return
    pytest.fail(f"a fresh sign-in did not open {target}: the page is {page.url}")
