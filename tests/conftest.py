"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL.

PostgreSQL tests need the server at ``FITCOACH_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). When it is unreachable they skip with a
reason, and fail instead when ``FITCOACH_REQUIRE_SERVICES=1`` (as in CI).
"""

from __future__ import annotations

import gc
import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import psycopg
import psycopg.errors
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
# Passwords hashed at the floor the settings allow (OWASP's minimum for argon2id: 19 MiB, 2
# passes, 1 lane; about a tenth of the default's CPU) in this process and every server or
# command it starts: the suite signs in and sets passwords hundreds of times.
# tests/services/test_password_hash.py checks the default costs and the rehash between them.
PASSWORD_HASH_FLOOR = {
    "FITCOACH_PASSWORD_HASH_MEMORY_KIB": "19456",
    "FITCOACH_PASSWORD_HASH_TIME_COST": "2",
    "FITCOACH_PASSWORD_HASH_PARALLELISM": "1",
}
for _name, _value in PASSWORD_HASH_FLOOR.items():
    os.environ.setdefault(_name, _value)
# The chat's rules alone unless a test asks for the fine-tuned student (the product's default,
# which needs torch): the core suite runs without the ml extra, and the student's own tests
# (tests/assistant/test_student_runtime.py, test_issue57_examples.py) opt in.
os.environ.setdefault("FITCOACH_INTENT_MODEL", "rules")
# No warm process started on demand by a console script a test runs (a resident process per
# test run): tests/cli/test_warm.py turns it on where it tests it.
os.environ.setdefault("FITCOACH_WARM", "off")
REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
# Allocations (less deallocations) between two collections of the youngest generation
# (Python's default: 700), and collections of the youngest-but-one between two full ones
# (default: 10); see ``pytest_collection_finish``.
YOUNG_COLLECTION_AFTER = 7000
FULL_COLLECTION_EVERY = 100


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


def _cli_command_built_once() -> None:
    """Typer's test runner turns the app into a Click command on every ``invoke``: for
    ``fitcoach``'s ~90 commands, reading each function's signature and annotations again, about
    a fifth of a CLI test's time. A console run builds it once per process; so do the tests now,
    for ``fitcoach.cli.app`` only (an app a test builds itself is still built on each call).
    The commands' functions are those registered, in both cases, so nothing a test patches is
    missed that a rebuild would have picked up."""
    import sys

    import typer.testing

    build = typer.testing._get_command
    built: list[Any] = []

    def command(app: Any) -> Any:
        cli = sys.modules.get("fitcoach.cli")
        if cli is None or app is not cli.app:
            return build(app)
        if not built:
            built.append(build(app))
        return built[0]

    typer.testing._get_command = command  # type: ignore[assignment]


_cli_command_built_once()


# Keyword arguments of ``make_engine`` that shape the pool or the connection, not the dialect.
_POOL_ONLY = {"connect_args", "max_overflow", "pool_size", "pool_timeout", "poolclass"}
SHARED_STATEMENTS = 20_000


def _compiled_statements_shared() -> None:
    """Each test has databases and engines of its own, and SQLAlchemy keys its compiled-statement
    cache by the engine's dialect object: every statement was compiled again in every test (in
    the profile of three service and API modules, 5 % of their time), where a server compiles
    each once per process. ``make_engine`` here gives each engine after the first of a kind
    (driver and URL options) the first one's dialect, initialised by its first connection, and
    one cache: statements compile once per process, as in the product. An engine made with
    arguments that shape the dialect keeps its own."""
    from sqlalchemy import event
    from sqlalchemy.util import LRUCache

    from fitcoach.storage import db

    create = db.create_engine
    shared: dict[tuple[object, ...], tuple[Any, Any]] = {}

    def create_engine(url: Any, **kwargs: Any) -> Engine:
        engine = create(url, **kwargs)
        if set(kwargs) - _POOL_ONLY:
            return engine
        key = (engine.url.drivername, tuple(sorted(engine.url.query.items())))
        if key in shared:
            engine.dialect, engine._compiled_cache = shared[key]
            return engine

        @event.listens_for(engine.pool, "connect", once=True)
        def _adopt(_dbapi_connection: Any, _record: Any) -> None:
            # After the pool's first-connect hook: the dialect knows the server by now.
            shared.setdefault(key, (engine.dialect, LRUCache(SHARED_STATEMENTS)))

        return engine

    db.create_engine = create_engine  # type: ignore[assignment]


_compiled_statements_shared()


def _routes_built_once() -> None:
    """FastAPI (0.137 and later) builds an included router's routes for the app that includes
    it (each route's parameter and response models, its handler) lazily, on the first request
    that reaches the router: in a server once per process, in the tests once per app, and
    nearly every API and web test makes an app of its own (7-9 % of those modules' time in
    their profiles). Here the routes a router has under one inclusion (its prefix, tags,
    dependencies...) are built once per process and every later app with the same inclusion
    uses them. What differs between apps (settings, database, bus) lives in ``app.state`` and
    is read per request, not in the routes. The one per-app thing a route holds is the
    ``dependency_overrides`` it consults: no test overrides a dependency, and one that did
    would be refused here rather than quietly use another app's overrides."""
    import dataclasses

    from fastapi import routing

    node = routing._IncludedRouter
    per_app = {"included_router", "dependency_overrides_provider"}
    # The first node built holds its inclusion, so no later object can take the address of
    # one named in a key: equal keys are the same objects.
    built: dict[tuple[object, ...], tuple[Any, Any]] = {}

    def shared(method: Any) -> Any:
        # Each node remembers what it was given (asked on every request it routes), by version.
        mine = f"_shared_{method.__name__}"

        def build(self: Any) -> Any:
            context = self.include_context
            overrides = getattr(context.dependency_overrides_provider, "dependency_overrides", {})
            assert not overrides, "a shared route would not see this app's overrides"
            router = self.original_router
            version = router._get_routes_version()
            given = self.__dict__.get(mine)
            if given is not None and given[0] == version:
                return given[1]
            inclusion = {
                f.name: getattr(context, f.name)
                for f in dataclasses.fields(context)
                if f.name not in per_app
            }
            key = (method.__name__, id(router), version, repr(inclusion))
            found = built.get(key)
            if found is None:
                found = built[key] = (self, method(self))
            self.__dict__[mine] = (version, found[1])
            return found[1]

        return build

    node.effective_candidates = shared(node.effective_candidates)  # type: ignore[method-assign]
    node.effective_low_priority_routes = shared(node.effective_low_priority_routes)  # type: ignore[method-assign]


_routes_built_once()


def pytest_configure(config: pytest.Config) -> None:
    # Registered here, not in pyproject.toml, whose checksum stamps the virtualenv (a change
    # there reinstalls it on `make`).
    config.addinivalue_line(
        "markers", "browser: drives Chromium (every test that uses `page`); not in `make test-fast`"
    )
    config.addinivalue_line(
        "markers",
        "deep: a property's thousands-example run; `make fuzz` runs it, `make test` its "
        "hundreds-example twin",
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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Move what collection loaded (modules, libraries, the tests themselves) out of the
    collector's reach, and make its collections ten times rarer.

    A full collection walks every object the process holds: some 400,000 once the ML
    libraries are loaded, 0.3-0.5 s each on this 2-core machine, and the default thresholds
    ran one every few tests. Measured on 166 services and API tests in one process: 12.2 s of
    35.0 s of CPU went to full collections. With those ten times rarer, the collector still
    took about a tenth of the CPU of the services and interface tests (35 s of some 370, two
    workers, stop 57), most of it in the young generations and in the full collections they
    fed: collecting the youngest after 7,000 allocations rather than 700 (fewer short-lived
    objects survive into the older generations) took that to 19 and 25 s in two pairs of
    runs, the largest process's memory unchanged (about 1.07 GB). A cycle of garbage waits a
    few thousand allocations longer to be freed. ``fitcoach serve`` freezes its start-up the
    same way (``create_app``)."""
    gc.collect()
    gc.freeze()
    _, middle, _ = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, middle, FULL_COLLECTION_EVERY)


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    """A command run in the test process (Typer's ``CliRunner``) turns the collector off for
    its first seconds and leaves a timer to turn it on (``cli.common.pause_collector``): a test
    that ends sooner left the next test in its worker with the collector off, and those that
    check it (``fitcoach serve``'s) failed by the order of the run. The pause ends with the
    test, and the collector is as the test found it."""
    enabled = gc.isenabled()
    yield
    from fitcoach.cli.common import keep_collector_off

    keep_collector_off()
    if enabled:
        gc.enable()


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
    name = _POOL.acquire(str(template))
    url = _pg_url_for(name)
    engine = make_engine(url)
    yield Database("postgres", url, engine, make_session_factory(engine))
    engine.dispose()
    _POOL.release(str(template), name)


def _new_test_database_name() -> str:
    return f"fitcoach_t_{os.getpid()}_{next(_counter)}"


# The schema of a database, as one hash of the catalogs that DDL writes: their row counts and
# the transaction ids that wrote their rows (a row that DDL adds, changes or removes changes
# one of the two; reading and writing table rows, sequences, VACUUM and ANALYZE change
# neither). A test that changed the schema leaves a database the pool drops, not resets.
_SCHEMA_CATALOGS = (
    "pg_class",
    "pg_attribute",
    "pg_attrdef",
    "pg_constraint",
    "pg_index",
    "pg_type",
    "pg_enum",
    "pg_proc",
    "pg_trigger",
    "pg_namespace",
    "pg_rewrite",
    "pg_policy",
    "pg_extension",
    "pg_sequence",
    "pg_inherits",
)
# Not counted: the schemas a session's first temporary table creates (pg_temp_N and its TOAST
# twin), which stay in pg_namespace after the session ends (the bulk inserts stage rows in a
# temporary table on PostgreSQL): they are not the schema, and counting them had every test
# that inserted in bulk drop its database and copy the template again (about a second each).
_CATALOG_ROWS = {"pg_namespace": "WHERE nspname !~ '^pg_(toast_)?temp_'"}
_SCHEMA_FINGERPRINT = "SELECT md5(concat_ws(' ', {}, (SELECT array_agg(setconfig) FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()))))".format(
    ", ".join(
        f"(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM {catalog}"
        f" {_CATALOG_ROWS.get(catalog, '')})"
        for catalog in _SCHEMA_CATALOGS
    )
)


# What a table holds, as a value that any write to it changes: its row count and the sum of
# the ids of the transactions that wrote its rows. A test's transactions come after those that
# wrote the rows it found, so a row it adds or rewrites (an UPDATE writes a new row) adds more
# than a row it deletes takes away. A row that VACUUM freezes reads as written by transaction
# 2: the table then counts as changed and is rewritten, which is safe.
_TABLE_STATE = "(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM {})"


@dataclass(frozen=True)
class _Snapshot:
    """What a template holds, as read from its first copy: the schema's fingerprint, every
    table, the rows of those that have any (binary COPY), every sequence's position, and each
    table's state (``_TABLE_STATE``), which every copy of the template starts with."""

    fingerprint: str
    tables: tuple[str, ...]
    rows: tuple[tuple[str, bytes], ...]
    sequences: tuple[tuple[str, int, bool], ...]
    states: tuple[str, ...]


def _read_states(
    conn: psycopg.Connection[Any], tables: tuple[str, ...], *, fingerprint: bool = True
) -> tuple[str, list[str]]:
    """The schema's fingerprint (or "" without ``fingerprint``) and each table's state, in one
    query."""
    found = conn.execute(
        "SELECT ({}){}".format(
            _SCHEMA_FINGERPRINT.removeprefix("SELECT ") if fingerprint else "''",
            "".join(", " + _TABLE_STATE.format(table) for table in tables),
        )
    ).fetchone()
    assert found is not None
    return str(found[0]), [str(state) for state in found[1:]]


class _PostgresPool:
    """PostgreSQL test databases copied from their template once per worker, then reset to it
    after each test instead of dropped and copied again.

    ``CREATE DATABASE ... TEMPLATE`` writes the whole template (about 10 MB, most of it the
    catalogs) through the WAL and ``DROP DATABASE`` forces a checkpoint of the whole server:
    together about a second of waiting per test on the loaded 2-core machine, 28 % of the
    full run's worker time over its 1,157 PostgreSQL tests. The reset empties every table the
    test wrote to, copies the template's rows back into those of them that had any (the
    exercise library, some hundred kB, only where the test changed it) and sets every sequence
    where the template had it, with the schema's fingerprint checked first: a test that
    changed the schema gets its database dropped, as before. The database is renamed before
    the reset, so a connection a test left behind (a thread, a server) finds no database under
    the name it knew, as after a drop, and every test's database has a name of its own.
    """

    def __init__(self) -> None:
        self._snapshots: dict[str, _Snapshot] = {}
        self._free: dict[str, list[str]] = {}
        # Each kept database's table states after its last reset (a new copy's are the
        # snapshot's).
        self._states: dict[str, tuple[str, ...]] = {}
        self._admin: psycopg.Connection[Any] | None = None
        self._usable: bool | None = None

    def _execute(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        for attempt in range(2):
            if self._admin is None or self._admin.closed:
                self._admin = psycopg.connect(_pg_admin_dsn(), autocommit=True, connect_timeout=3)
            try:
                cursor = self._admin.execute(query, params)
                return cursor.fetchall() if cursor.description else []
            except psycopg.OperationalError:
                if attempt or not self._admin.broken:
                    raise
                self._admin.close()  # the server closed it: once more on a new connection
        raise AssertionError("unreachable")

    def usable(self) -> bool:
        """Resetting needs ``session_replication_role`` (rows go back without their foreign
        key triggers), which only a superuser may set; without it each test gets a new copy."""
        if self._usable is None:
            found = self._execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            self._usable = bool(found and found[0][0])
        return self._usable

    def acquire(self, template: str) -> str:
        """A database equal to ``template``, under a name not used before."""
        free = self._free.get(template)
        if free:
            return free.pop()
        name = _new_test_database_name()
        self._execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        if self.usable() and template not in self._snapshots:
            self._snapshots[template] = self._snapshot(name)
        return name

    def release(self, template: str, name: str) -> None:
        """Reset ``name`` to its template and keep it for the next test, or drop it."""
        snapshot = self._snapshots.get(template)
        states = self._states.pop(name, snapshot.states if snapshot else ())
        renamed = self._renamed(name) if snapshot is not None else None
        reset = None
        if snapshot is not None and renamed is not None:
            reset = self._reset(renamed, snapshot, states)
        if reset is None:
            self._drop(renamed or name)
            return
        self._states[str(renamed)] = reset
        self._free.setdefault(template, []).append(str(renamed))

    def forget(self, template: str) -> None:
        """Drop the copies of ``template`` (dropped or about to be made again)."""
        self._snapshots.pop(template, None)
        for name in self._free.pop(template, []):
            self._states.pop(name, None)
            self._drop(name)

    def close(self) -> None:
        for template in list(self._free):
            self.forget(template)
        if self._admin is not None:
            self._admin.close()

    def _drop(self, name: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _renamed(self, name: str) -> str | None:
        """``name`` under a new name, its connections closed; None if one came back at once."""
        new = _new_test_database_name()
        for _ in range(3):
            self._execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            try:
                self._execute(f"ALTER DATABASE {name} RENAME TO {new}")
                return new
            except psycopg.errors.ObjectInUse:
                continue
        return None

    def _snapshot(self, name: str) -> _Snapshot:
        with psycopg.connect(_pg_url_for(name).replace("+psycopg", "")) as conn:
            tables = tuple(
                str(row[0])
                for row in conn.execute(
                    "SELECT c.oid::regclass::text FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                    " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    " AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1"
                )
            )
            fingerprint, states = _read_states(conn, tables)
            rows = []
            for table, state in zip(tables, states, strict=True):
                if not state.startswith("0:"):
                    with conn.cursor().copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy:
                        rows.append((table, b"".join(bytes(chunk) for chunk in copy)))
            sequences = []
            for (sequence,) in conn.execute(
                "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind = 'S' ORDER BY 1"
            ).fetchall():
                last, called = conn.execute(
                    f"SELECT last_value, is_called FROM {sequence}"
                ).fetchone() or (1, False)
                sequences.append((str(sequence), int(last), bool(called)))
        return _Snapshot(fingerprint, tables, tuple(rows), tuple(sequences), tuple(states))

    def _reset(
        self, name: str, snapshot: _Snapshot, states: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        """Every table of ``name`` back to the template's rows and every sequence back to its
        position, in one transaction; None (nothing done) if the schema is not the template's.
        ``states`` are the tables' states when the test began: only a table whose state has
        moved since is emptied and, if the template had rows there, filled again (most tests
        write to a few of the 35 tables and leave the exercise library as it was). The
        tables' states afterwards are returned, for the next reset."""
        with psycopg.connect(_pg_url_for(name).replace("+psycopg", "")) as conn:
            fingerprint, now = _read_states(conn, snapshot.tables)
            if fingerprint != snapshot.fingerprint:
                return None
            changed = {
                table
                for table, state, before in zip(snapshot.tables, now, states, strict=True)
                if state != before
            }
            # A test's database need not survive a crash of the server: no wait for the WAL.
            conn.execute(
                "SET LOCAL synchronous_commit = off;"
                " SET LOCAL session_replication_role = replica;"
                + "".join(f" DELETE FROM {table};" for table in sorted(changed))
            )
            refilled = tuple((table, data) for table, data in snapshot.rows if table in changed)
            for table, data in refilled:
                with conn.cursor().copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(data)
            if snapshot.sequences:
                conn.execute(
                    "SELECT "
                    + ", ".join("setval(%s::regclass, %s, %s)" for _ in snapshot.sequences),
                    tuple(value for sequence in snapshot.sequences for value in sequence),
                )
            after = dict(zip(snapshot.tables, now, strict=True))
            after.update(dict.fromkeys(changed, "0:0"))
            if refilled:
                tables = tuple(table for table, _ in refilled)
                after.update(
                    zip(tables, _read_states(conn, tables, fingerprint=False)[1], strict=True)
                )
        return tuple(after[table] for table in snapshot.tables)


_POOL = _PostgresPool()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the pooled PostgreSQL copies of this process."""
    _POOL.close()


def postgres_copy(template: str, name: str) -> str:
    """A new PostgreSQL database ``name`` cloned from ``template``; its URL (drop it with
    ``drop_postgres``)."""
    _POOL.forget(name)
    _pg_execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return _pg_url_for(name)


def drop_postgres(name: str) -> None:
    _POOL.forget(name)
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
