"""Encryption at rest: sensitive columns hold Fernet tokens, the ORM sees plaintext, keys
rotate, a wrong key is a clear error, and migration 0010 encrypts rows written before it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet
from pydantic import ValidationError
from sqlalchemy.orm import Session
from tests.conftest import Database
from tests.factories import make_athlete
from tests.interfaces.test_api_auth import api_for, assert_error
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import EncryptionKeyError
from fitcoach.core.settings import Settings, get_settings
from fitcoach.services import portability as p
from fitcoach.services.context import ServiceContext
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.crypto import (
    CACHED_TOKEN_CHARS,
    DECRYPTED_CACHE_SIZE,
    PREFIX,
    EncryptedJSON,
    EncryptedText,
    Keyring,
    derived_key,
    encrypted_columns,
    keyring,
    keyring_for,
    rewrite_column,
    use_keyring,
)
from fitcoach.storage.db import Base, make_engine, make_session_factory
from fitcoach.storage.models import Feedback, HealthFlag, Profile, WorkoutSession
from fitcoach.storage.repositories import conversations as conv_repo

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "portability" / "export"
SECRET_NOTE = 'felt "strong"'  # a workout note in the committed export
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_keyring() -> Iterator[None]:
    """Each test starts from the settings' keyring and leaves it so for the next."""
    use_keyring(None)
    yield
    use_keyring(None)


def _fill(ctx: ServiceContext) -> int:
    """An athlete with conditions, injuries, notes, a meal, feedback and a chat: plaintext."""
    report = p.import_document(ctx, p.read_export(EXPORT))
    athlete_id = report.athlete_id
    profile = ctx.session.get(Profile, athlete_id)
    assert profile is not None
    profile.conditions = ["hypertension"]
    profile.injuries = [{"region": "knee", "note": "meniscus tear 2024"}]
    scope = ctx.scope(athlete_id)
    conv = conv_repo.get_or_create(ctx.session, scope, NOW)
    conv.summary = {"facts": ["worried about blood pressure"]}
    ctx.session.add_all(
        [
            HealthFlag(athlete_id=athlete_id, kind="chest_pain", source="athlete",
                       note="pain after stairs", raised_at=NOW, cleared_at=NOW,
                       resolution_note="seen by my GP"),
            Feedback(athlete_id=athlete_id, recorded_at=NOW, energy=3,
                     notes="slept badly, anxious", source="manual", source_id="f1"),
        ]
    )  # fmt: skip
    conv_repo.add_message(
        ctx.session, scope, conv, role="user", text="my chest hurts", channel="web", created_at=NOW
    )
    ctx.session.commit()
    return athlete_id


def _raw_values(engine: sa.Engine) -> dict[str, list[str]]:
    """Every non-empty stored value of every encrypted column, read with plain SQL."""
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table, _, column in encrypted_columns(Base.metadata):
            rows = conn.execute(sa.text(f'SELECT "{column}" FROM "{table}"')).scalars()
            out[f"{table}.{column}"] = [str(v) for v in rows if v]
    return out


def test_sensitive_columns_are_ciphertext_in_the_database_and_plaintext_in_the_orm(
    ctx: ServiceContext, database: Database
) -> None:
    athlete_id = _fill(ctx)
    raw = _raw_values(database.engine)
    for name in ("profiles.conditions", "profiles.injuries", "workout_sessions.notes",
                 "meals.description", "conversations.summary", "messages.text",
                 "health_flags.note", "health_flags.resolution_note", "feedback.notes"):  # fmt: skip
        assert raw[name], f"{name} has no rows to check"
    for name, values in raw.items():
        for value in values:
            assert value.startswith(PREFIX), name
            # Whole phrases: a short word may turn up in base64 by chance.
            for secret in (SECRET_NOTE, "hypertension", "meniscus tear", "chest hurts",
                           "blood pressure", "rice, beans", "after stairs", "seen by my GP",
                           "slept badly"):  # fmt: skip
                assert secret not in value, name

    ctx.session.expire_all()
    profile = ctx.session.get(Profile, athlete_id)
    assert profile is not None
    assert profile.conditions == ["hypertension"]
    assert profile.injuries == [{"region": "knee", "note": "meniscus tear 2024"}]
    conv = conv_repo.conversation(ctx.session, ctx.scope(athlete_id))
    assert conv is not None
    assert conv.summary == {"facts": ["worried about blood pressure"]}
    assert [m.text for m in conv_repo.recent(ctx.session, ctx.scope(athlete_id), 5)] == [
        "my chest hurts"
    ]
    # The export is plaintext, and imports again.
    doc = p.export_athlete(ctx, athlete_id)
    assert any(w["notes"].startswith(SECRET_NOTE) for w in doc["workouts"])
    assert doc["meals"][0]["description"] == "rice, beans"


def test_rotation_moves_every_value_to_the_new_key_so_the_old_one_can_go(
    ctx: ServiceContext, database: Database
) -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    use_keyring(Keyring([old]))
    athlete_id = _fill(ctx)
    before = _raw_values(database.engine)

    both = Keyring([new, old])
    use_keyring(both)
    changed = 0
    for table, key, column in encrypted_columns(Base.metadata):
        with database.engine.begin() as conn:
            done = rewrite_column(conn, table, key, column, both, batch_rows=3)
            assert done.encrypted == 0  # nothing was plaintext
            changed += done.rotated
    assert changed == sum(len(v) for v in before.values())
    after = _raw_values(database.engine)
    assert all(a != b for name in before for a, b in zip(before[name], after[name], strict=True))
    # Idempotent: a second pass finds everything current.
    for table, key, column in encrypted_columns(Base.metadata):
        with database.engine.begin() as conn:
            assert rewrite_column(conn, table, key, column, both).changed == 0

    use_keyring(Keyring([new]))  # the old key removed: everything still reads
    with Session(database.engine) as session:
        assert session.get(Profile, athlete_id).conditions == ["hypertension"]  # type: ignore[union-attr]
        notes = session.execute(sa.select(WorkoutSession.notes)).scalars().all()
        assert any(n.startswith(SECRET_NOTE) for n in notes)

    use_keyring(Keyring([old]))  # only the retired key: a clear error, never garbage
    with (
        Session(database.engine) as session,
        pytest.raises(EncryptionKeyError, match="FITCOACH_ENCRYPTION_KEYS"),
    ):
        session.execute(sa.select(WorkoutSession.notes)).scalars().all()


def test_a_wrong_key_is_a_clear_error_and_plaintext_reads_as_is() -> None:
    token = Keyring([Fernet.generate_key()]).encrypt("knee pain")
    other = Keyring([Fernet.generate_key()])
    with pytest.raises(EncryptionKeyError) as info:
        other.decrypt(token)
    assert "knee" not in str(info.value)
    assert "missing the key" in str(info.value)
    with pytest.raises(EncryptionKeyError):
        other.decrypt(PREFIX + "not-a-token")
    assert other.decrypt("written before encryption") == "written before encryption"


def test_a_value_read_again_is_decrypted_once_and_failures_are_not_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ring = Keyring([Fernet.generate_key()])
    token = ring.encrypt("left knee")
    opened: list[bytes] = []
    real = MultiFernet.decrypt

    def counting(self: MultiFernet, msg: bytes, ttl: int | None = None) -> bytes:
        opened.append(msg)
        return real(self, msg, ttl)

    monkeypatch.setattr(MultiFernet, "decrypt", counting)
    assert [ring.decrypt(token) for _ in range(3)] == ["left knee"] * 3
    assert len(opened) == 1
    # Another keyring shares nothing: without the key the value stays unreadable, every time.
    other = Keyring([Fernet.generate_key()])
    for _ in range(2):
        with pytest.raises(EncryptionKeyError):
            other.decrypt(token)
    assert len(opened) == 3
    # Bounded: once as many other values were read, the first is decrypted again.
    for i in range(DECRYPTED_CACHE_SIZE):
        ring.decrypt(ring.encrypt(f"note {i}"))
    opened.clear()
    assert ring.decrypt(token) == "left knee"
    assert len(opened) == 1


def test_settings_refuse_bad_keys_and_production_without_keys() -> None:
    with pytest.raises(ValidationError, match="key 2 is not a Fernet key") as info:
        Settings(encryption_keys=f"{Fernet.generate_key().decode()},hunter2")  # type: ignore[arg-type]
    assert "hunter2" not in str(info.value)
    with pytest.raises(ValidationError, match="FITCOACH_ENCRYPTION_KEYS must be set"):
        Settings(environment="production", secret_key="x" * 40)  # type: ignore[arg-type]
    key = Fernet.generate_key().decode()
    prod = Settings(environment="production", secret_key="x" * 40, encryption_keys=key)  # type: ignore[arg-type]
    assert prod.encryption_key_list == [key]
    # Development without keys: a stable key derived from the secret key.
    dev = Settings(secret_key="a" * 40)  # type: ignore[arg-type]
    token = keyring_for(dev).encrypt("x")
    assert Keyring([derived_key("a" * 40)]).decrypt(token) == "x"
    with pytest.raises(EncryptionKeyError):
        keyring_for(Settings(secret_key="b" * 40)).decrypt(token)  # type: ignore[arg-type]


def test_migration_0010_encrypts_rows_written_before_it(empty_url: str) -> None:
    migrate.upgrade(empty_url, "0008")
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO accounts (id, email, display_name, role, is_active, created_at)"
                    " VALUES (1, 'a@example.org', 'A', 'athlete', true, :t)"
                ),
                {"t": NOW.replace(tzinfo=None)},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO athletes (id, account_id, name, timezone, created_at)"
                    " VALUES (1, 1, 'A', 'UTC', :t)"
                ),
                {"t": NOW.replace(tzinfo=None)},
            )
            profile = sa.table(
                "profiles",
                *(
                    sa.column(c)
                    for c in (
                        "athlete_id",
                        "experience_level",
                        "days_per_week",
                        "session_minutes",
                        "updated_at",
                    )
                ),
                *(
                    sa.column(c, sa.JSON())
                    for c in (
                        "sports",
                        "goals",
                        "equipment",
                        "injuries",
                        "conditions",
                        "dietary_restrictions",
                        "preferences",
                        "dislikes",
                    )
                ),
            )
            conn.execute(
                profile.insert().values(
                    athlete_id=1,
                    experience_level="beginner",
                    days_per_week=3,
                    session_minutes=60,
                    sports=[],
                    goals=[],
                    equipment=[],
                    injuries=[{"region": "shoulder"}],
                    conditions=["asthma"],
                    dietary_restrictions=[],
                    preferences=[],
                    dislikes=[],
                    updated_at=NOW.replace(tzinfo=None),
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO workout_sessions (id, athlete_id, started_at, title, notes,"
                    " source, source_id) VALUES (1, 1, :t, '', 'sore back', 'manual', 'w1'),"
                    " (2, 1, :t, '', '', 'manual', 'w2')"
                ),
                {"t": NOW.replace(tzinfo=None)},
            )
        migrate.upgrade(empty_url, "0010")
        with engine.connect() as conn:
            notes = dict(conn.execute(sa.text("SELECT id, notes FROM workout_sessions")).all())
            raw = conn.execute(sa.text("SELECT injuries, conditions FROM profiles")).one()
        assert notes[2] == ""  # empty stays empty
        assert notes[1].startswith(PREFIX)
        assert "sore" not in notes[1]
        assert all(v.startswith(PREFIX) and "asthma" not in v for v in raw)
        with Session(engine) as session:
            # Columns by name: later migrations add columns the schema at 0010 lacks.
            conditions, injuries = session.execute(
                sa.select(Profile.conditions, Profile.injuries).where(Profile.athlete_id == 1)
            ).one()
            assert conditions == ["asthma"]
            assert injuries == [{"region": "shoulder"}]
            notes = session.execute(
                sa.select(WorkoutSession.notes).where(WorkoutSession.id == 1)
            ).scalar_one()
            assert notes == "sore back"

        migrate.downgrade(empty_url, "0008")  # decrypts again
        with engine.connect() as conn:
            assert (
                conn.execute(sa.text("SELECT notes FROM workout_sessions WHERE id = 1")).scalar()
                == "sore back"
            )
            conditions = conn.execute(sa.text("SELECT conditions FROM profiles")).scalar()
        assert (json.loads(conditions) if isinstance(conditions, str) else conditions) == ["asthma"]
    finally:
        engine.dispose()


def test_rotate_key_command_reports_counts_and_is_idempotent(
    cli_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("FITCOACH_ENCRYPTION_KEYS", old)
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{cli_db}")
    factory = make_session_factory(engine)
    try:
        with factory() as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
            athlete = make_athlete(ctx, conditions=["hypertension"])
            session.commit()
        with engine.begin() as conn:  # one row from before encryption
            conn.execute(sa.text("UPDATE profiles SET injuries = '[]'"))

        monkeypatch.setenv("FITCOACH_ENCRYPTION_KEYS", f"{new},{old}")
        get_settings.cache_clear()  # the keyring follows the new settings
        runner = CliRunner()
        first = runner.invoke(app, ["db", "rotate-key", "--batch", "2"])
        assert first.exit_code == 0, first.output
        assert "1 plaintext values encrypted" in " ".join(first.output.split())
        assert " 0 values re-encrypted" not in first.output
        second = runner.invoke(app, ["db", "rotate-key"])
        assert second.exit_code == 0, second.output
        assert "0 values re-encrypted with the newest key, 0 plaintext" in second.output

        use_keyring(Keyring([new]))
        with factory() as session:
            profile = session.get(Profile, athlete.id)
            assert profile is not None
            assert profile.conditions == ["hypertension"]
            assert profile.injuries == []
    finally:
        engine.dispose()


def test_reading_ten_thousand_encrypted_notes_builds_no_cipher_per_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decrypting is per value with the keyring's one ``MultiFernet``: no key is parsed and
    no cipher built per value (how fast that is: docs/security.md, not a timed test)."""
    ring = Keyring([Fernet.generate_key()])
    tokens = [ring.encrypt(f"note {i}: felt fine") for i in range(10_000)]
    built: list[object] = []
    real_init = Fernet.__init__

    def counting(self: Fernet, *args: object, **kwargs: object) -> None:
        built.append(self)
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Fernet, "__init__", counting)
    plain = [ring.decrypt(t) for t in tokens]
    assert plain[1234] == "note 1234: felt fine"
    assert len(set(plain)) == 10_000
    assert built == []


def test_the_api_answers_503_when_the_key_is_missing(database: Database, clock: FixedClock) -> None:
    with api_for(database, clock) as api:
        athlete, token = api.athlete()
        url = f"/api/v1/athletes/{athlete.id}/chat"
        sent = api.client.post(url, json={"text": "my knee hurts a lot"}, headers=token)
        assert sent.status_code == 200, sent.text
        use_keyring(Keyring([Fernet.generate_key()]))  # the key it was written with is gone
        error = assert_error(
            api.client.get(f"{url}/messages", headers=token), 503, "encryption_key"
        )
        assert "knee" not in error["message"]
        use_keyring(None)
        page = api.client.get(f"{url}/messages", headers=token).json()
        assert page["items"][0]["text"] == "my knee hurts a lot"


def test_large_values_are_decrypted_without_being_kept() -> None:
    """The keyring keeps the plaintexts of small values it decrypted (a profile read on every
    page), not those of large ones (a file held for review: megabytes that would stay in the
    server's memory for good)."""
    keyring = Keyring([Fernet.generate_key()])
    small = keyring.encrypt("knee surgery 2019")
    large = keyring.encrypt("x" * (CACHED_TOKEN_CHARS * 2))
    cache = keyring._decrypt_token  # the cache itself is what is checked
    assert keyring.decrypt(large) == "x" * (CACHED_TOKEN_CHARS * 2)
    assert cache.cache_info().currsize == 0
    assert keyring.decrypt(small) == "knee surgery 2019"
    assert keyring.decrypt(small) == "knee surgery 2019"
    assert cache.cache_info().currsize == 1
    assert cache.cache_info().hits == 1


def test_a_development_keyring_without_keys_warns_nobody(caplog: pytest.LogCaptureFixture) -> None:
    """Every command in development used to print a warning that the derived key is in use:
    the expected set-up there is not a warning (production without keys is refused)."""
    with caplog.at_level(logging.INFO):
        keyring_for(Settings(secret_key="a" * 40))  # type: ignore[arg-type]
    assert [r for r in caplog.records if "ENCRYPTION_KEYS" in r.getMessage()] == []


def test_a_core_read_answers_each_stored_kind_of_value_as_the_column_types_say(
    database: Database,
) -> None:
    """Rows read through the column types (one function a value where the driver's text needs
    no conversion) answer what ``process_result_value`` does: empty and NULL as they are,
    untagged legacy values as plaintext (JSON parsed), tokens decrypted."""
    probe = sa.Table(
        "encryption_probe",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("text", EncryptedText()),
        sa.Column("json", EncryptedJSON()),
    )
    ring = keyring()
    stored = [
        ("", None),
        (None, '{"legacy": [1, 2.5]}'),
        ("written before encryption", ring.encrypt('{"reps": 5}')),
        (ring.encrypt("left knee"), ring.encrypt("null")),
    ]
    raw = sa.table("encryption_probe", sa.column("id"), sa.column("text"), sa.column("json"))
    probe.create(database.engine)
    try:
        with database.engine.begin() as conn:
            conn.execute(raw.insert(), [{"id": n, "text": t, "json": j} for n, (t, j) in enumerate(stored)])  # fmt: skip
            read = conn.execute(sa.select(probe.c.text, probe.c.json).order_by(probe.c.id)).all()
        dialect = database.engine.dialect
        expected = [
            (
                EncryptedText().process_result_value(t, dialect),
                EncryptedJSON().process_result_value(j, dialect),
            )
            for t, j in stored
        ]
        assert (
            [tuple(r) for r in read]
            == expected
            == [
                ("", None),
                (None, {"legacy": [1, 2.5]}),
                ("written before encryption", {"reps": 5}),
                ("left knee", None),
            ]
        )
    finally:
        probe.drop(database.engine)
