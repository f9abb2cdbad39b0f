"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL.

PostgreSQL tests need the server at ``FITCOACH_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). When it is unreachable they skip with a
reason, and fail instead when ``FITCOACH_REQUIRE_SERVICES=1`` (as in CI).
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NoReturn, TypeVar

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import get_settings
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

POSTGRES_URL = os.environ.get(
    "FITCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_SERVICES = os.environ.get("FITCOACH_REQUIRE_SERVICES") == "1"
REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def unavailable(message: str) -> NoReturn:
    """Skip a test whose dependency this host lacks, or fail when services are required
    (``FITCOACH_REQUIRE_SERVICES=1``, as in CI, which has every dependency)."""
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


def service_missing(what: str, why: str) -> NoReturn:
    """Skip, or fail when services are required."""
    unavailable(f"{what} is not reachable ({why}); start it or unset FITCOACH_REQUIRE_SERVICES")


REDIS_URL = os.environ.get("FITCOACH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_reachable() -> str:
    """The test Redis server's URL (``FITCOACH_TEST_REDIS_URL``); skips, or fails under
    FITCOACH_REQUIRE_SERVICES=1, when it does not answer."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_missing("Redis", str(exc).strip().splitlines()[0])
    finally:
        client.close()
    return REDIS_URL


def pytest_configure(config: pytest.Config) -> None:
    # Registered here, not in pyproject.toml, whose checksum stamps the virtualenv (a change
    # there reinstalls it on `make`).
    config.addinivalue_line(
        "markers", "browser: drives Chromium (every test that uses `page`); not in `make test-fast`"
    )


def _fast_tier_slow() -> tuple[set[str], set[str]]:
    """tests/fast_tier_slow.txt: the functions ``make test-fast`` leaves out, and the single
    tests kept so that each module still runs there."""
    slow: set[str] = set()
    keep: set[str] = set()
    for line in (REPO / "tests" / "fast_tier_slow.txt").read_text().splitlines():
        line = line.strip()
        if line.startswith("keep "):
            keep.add(line.removeprefix("keep ").strip())
        elif line and not line.startswith("#"):
            slow.add(line)
    return slow, keep


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test that drives the browser ``browser``, and each listed in
    tests/fast_tier_slow.txt ``slow``, so that ``make test-fast`` leaves them to the full run
    (``make test`` runs every test whatever its markers, but ``teacher``)."""
    slow, keep = _fast_tier_slow()
    for item in items:
        if {"page", "browser"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        if item.nodeid.split("[", 1)[0] in slow and item.nodeid not in keep:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis server's URL; skips (or fails under FITCOACH_REQUIRE_SERVICES=1) if down."""
    return redis_reachable()


def shared_data(subdir: str) -> Path:
    """A folder of the shared real recordings (``FITCOACH_SHARED_DATA``, default
    ../shared/data beside the repository), e.g. ``shared_data("mitdb-dev")``."""
    root = Path(os.environ.get("FITCOACH_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not (root / subdir).is_dir():
        unavailable(f"shared recordings not found at {root / subdir}; set FITCOACH_SHARED_DATA")
    return root / subdir


def _pg_admin_dsn() -> str:
    return POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")


def _pg_url_for(database: str) -> str:
    base, _, _ = POSTGRES_URL.rpartition("/")
    return f"{base}/{database}"


def _pg_execute(sql: str) -> None:
    with psycopg.connect(_pg_admin_dsn(), autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _prepare(url: str) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        load_library(
            ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        )
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with the exercise library, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _prepare(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated PostgreSQL database with the library; tests clone it as a template."""
    try:
        _pg_execute("SELECT 1")
    except psycopg.OperationalError as exc:
        service_missing("PostgreSQL", str(exc).strip().splitlines()[0])
    name = f"fitcoach_tmpl_{os.getpid()}"
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_execute(f"CREATE DATABASE {name}")
    _prepare(_pg_url_for(name))
    yield name
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


_counter = itertools.count()


@dataclass
class Database:
    """One test's database."""

    kind: str
    url: str
    engine: Engine
    factory: sessionmaker[Session]


def copied_database(kind: str, template: Path | str, tmp_path: Path) -> Iterator[Database]:
    """A database copied from a template: a SQLite file, or a PostgreSQL database's name."""
    if kind == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        yield Database("sqlite", url, engine, make_session_factory(engine))
        engine.dispose()
        return
    name = f"fitcoach_t_{os.getpid()}_{next(_counter)}"
    _pg_execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    url = _pg_url_for(name)
    engine = make_engine(url)
    yield Database("postgres", url, engine, make_session_factory(engine))
    engine.dispose()
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def postgres_copy(template: str, name: str) -> str:
    """A new PostgreSQL database ``name`` cloned from ``template``; its URL (drop it with
    ``drop_postgres``)."""
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return _pg_url_for(name)


def drop_postgres(name: str) -> None:
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# The demo athlete with 8 weeks of history and a plan from this Monday, as of NOW: what the
# report, chart and summary tests read. Seeding it takes seconds, so it is seeded once per
# database kind (and test worker) and each test that asks for ``demo`` gets its own copy.
DEMO_WEEKS = 8
DEMO_PLAN_START = date(2026, 11, 2)


def _seed_demo(url: str) -> int:
    from fitcoach.pipelines.demo import seed_demo
    from fitcoach.services import plans

    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        athlete_id = seed_demo(ctx, weeks=DEMO_WEEKS).athlete_id
        plans.generate(ctx, athlete_id, start=DEMO_PLAN_START)
    engine.dispose()
    return athlete_id


def seeded_sqlite(
    template: Path, tmp_path_factory: pytest.TempPathFactory, name: str, seed: Callable[[str], T]
) -> tuple[Path, T]:
    """A copy of the migrated SQLite ``template`` seeded by ``seed(url)``, and what ``seed``
    returned: a template that tests copy in turn (``copied_database``)."""
    path = tmp_path_factory.mktemp(name) / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return path, seed(f"sqlite:///{path}")


@contextmanager
def seeded_postgres(template: str, name: str, seed: Callable[[str], T]) -> Iterator[tuple[str, T]]:
    """``seeded_sqlite`` for PostgreSQL: the seeded database's name, dropped afterwards."""
    database = f"fitcoach_{name}_{os.getpid()}"
    try:
        yield database, seed(postgres_copy(template, database))
    finally:
        drop_postgres(database)


@pytest.fixture(scope="session")
def demo_sqlite_template(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, int]:
    return seeded_sqlite(sqlite_template, tmp_path_factory, "demo", _seed_demo)


@pytest.fixture(scope="session")
def demo_postgres_template(postgres_template: str) -> Iterator[tuple[str, int]]:
    with seeded_postgres(postgres_template, "demo", _seed_demo) as seeded:
        yield seeded


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database with the exercise library: SQLite and PostgreSQL; for a
    test that asks for ``demo``, a copy of the demo athlete's database."""
    if "demo" in request.fixturenames:
        template, _ = request.getfixturevalue(f"demo_{request.param}_template")
    else:
        template = request.getfixturevalue(f"{request.param}_template")
    yield from copied_database(request.param, template, tmp_path)


@pytest.fixture
def demo(request: pytest.FixtureRequest, database: Database) -> int:
    """The demo athlete's id: 8 weeks of history and a plan from ``DEMO_PLAN_START``, in this
    test's own copy of the database (``database``)."""
    _, athlete_id = request.getfixturevalue(f"demo_{database.kind}_template")
    return int(athlete_id)


@pytest.fixture
def cli_db(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path
) -> Iterator[Path]:
    """A migrated SQLite file for the command line, as `fitcoach db upgrade` leaves it."""
    db = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, db)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")  # rich tables wide enough to assert on
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


@pytest.fixture
def clock() -> FixedClock:
    """A clock fixed at 2026-11-20 12:00 UTC."""
    return FixedClock(NOW)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    """A session on the test database; the test commits or not, it is closed afterwards."""
    s = database.factory()
    yield s
    s.rollback()
    s.close()


@pytest.fixture
def ctx(session: Session, clock: FixedClock) -> ServiceContext:
    """A service context for the local operator (admin)."""
    return ServiceContext(session=session, subject=Subject.system(), clock=clock)
