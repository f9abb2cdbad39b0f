"""Encryption at rest of the sensitive columns (docs/security.md, "Encryption at rest").

``EncryptedText`` and ``EncryptedJSON`` are column types: the ORM (and any Core statement
using the table) encrypts on write and decrypts on read, so services and repositories see
plaintext. Values are Fernet tokens (AES-128-CBC + HMAC-SHA256) tagged with ``fc1:``; a value
without the tag is read as plaintext, so rows written before encryption stay readable until
the data migration or ``fitcoach db rotate-key`` encrypts them. The empty string is kept as
is (it says nothing, and most note columns are empty).

The keys come from ``FITCOACH_ENCRYPTION_KEYS`` (newest first: the first encrypts, all
decrypt). One ``MultiFernet`` is built per process and cached. Ciphertext is randomised, so
these columns cannot be compared, searched (LIKE) or indexed in SQL.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, MetaData, Text, column, select, table, update
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from fitcoach.core.errors import EncryptionKeyError
from fitcoach.core.settings import Settings, get_settings

if TYPE_CHECKING:
    from cryptography.fernet import Fernet, MultiFernet

log = logging.getLogger(__name__)

PREFIX = "fc1:"
# Plaintexts of the values a keyring decrypted last (``Keyring.decrypt``), of stored values up
# to ``CACHED_TOKEN_CHARS`` each: a larger value (a file held for review, megabytes) is read
# rarely and would keep its token and plaintext in memory for the life of the process.
DECRYPTED_CACHE_SIZE = 2048
CACHED_TOKEN_CHARS = 8192
_HKDF_INFO = b"fitcoach encryption at rest v1"


class Keyring:
    """The Fernet keys of this process: the first encrypts, every one decrypts."""

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if not keys:
            raise EncryptionKeyError("no encryption key configured (FITCOACH_ENCRYPTION_KEYS)")
        # cryptography is imported with the first keyring, not with the models: a command
        # that reads no encrypted column (``fitcoach log daily``) skips it (the CLI's start-up).
        from cryptography.fernet import Fernet, MultiFernet

        fernets = [Fernet(k) for k in keys]
        self._newest: Fernet = fernets[0]
        self._fernet: MultiFernet = MultiFernet(fernets)
        self.size = len(keys)
        # A token is randomised at encryption, so one token has one plaintext under these
        # keys: the same row read again (an athlete's profile on every page) skips the AES and
        # HMAC, about half of a small read's database work. The cache holds no more than the
        # process could decrypt anyway (it holds the keys); encryption at rest protects the
        # database and its backups, not a running server's memory.
        self._decrypt_token = functools.lru_cache(maxsize=DECRYPTED_CACHE_SIZE)(self._open)

    def encrypt(self, plaintext: str) -> str:
        return PREFIX + self._fernet.encrypt(plaintext.encode()).decode("ascii")

    def decrypt(self, stored: str) -> str:
        """Plaintext of a stored value; untagged values are legacy plaintext."""
        if not stored.startswith(PREFIX):
            return stored
        if len(stored) > CACHED_TOKEN_CHARS:
            return self._open(stored)
        return self._decrypt_token(stored)

    def _open(self, stored: str) -> str:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
        except (InvalidToken, UnicodeError) as exc:
            raise EncryptionKeyError(
                "an encrypted value cannot be decrypted with the configured keys: "
                "FITCOACH_ENCRYPTION_KEYS is missing the key it was written with "
                "(see docs/security.md, 'Encryption at rest')"
            ) from exc

    def is_current(self, stored: str) -> bool:
        """Whether ``stored`` is empty or already encrypted with the newest key."""
        if not stored:
            return True
        if not stored.startswith(PREFIX):
            return False
        from cryptography.fernet import InvalidToken

        try:
            self._newest.decrypt(stored[len(PREFIX) :].encode("ascii"))
        except InvalidToken:
            return False
        return True

    def rotate(self, stored: str) -> str:
        """``stored`` encrypted with the newest key (plaintext gets encrypted)."""
        if not stored:
            return stored
        if not stored.startswith(PREFIX):
            return self.encrypt(stored)
        from cryptography.fernet import InvalidToken

        try:
            token = self._fernet.rotate(stored[len(PREFIX) :].encode("ascii"))
        except InvalidToken as exc:
            raise EncryptionKeyError(
                "an encrypted value cannot be decrypted with the configured keys: keep the "
                "old key in FITCOACH_ENCRYPTION_KEYS (after the new one) until rotation ends"
            ) from exc
        return PREFIX + token.decode("ascii")


def derived_key(secret: str) -> bytes:
    """A stable Fernet key derived from ``secret`` (development only) with HKDF-SHA256."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(raw)


def keyring_for(settings: Settings) -> Keyring:
    """The keyring ``settings`` describe; outside production a missing key is derived."""
    keys: list[str | bytes] = list(settings.encryption_key_list)
    if not keys:
        if settings.environment == "production":  # Settings refuses this already
            raise EncryptionKeyError("FITCOACH_ENCRYPTION_KEYS must be set in production")
        # Only development and tests get here (production is refused above): the expected
        # set-up there, so not a warning every command prints. `fitcoach health` and
        # docs/security.md say how to set real keys.
        log.debug(
            "FITCOACH_ENCRYPTION_KEYS is not set: sensitive columns are encrypted with a key "
            "derived from FITCOACH_SECRET_KEY (acceptable in development only)"
        )
        keys = [derived_key(settings.secret_key.get_secret_value())]
    return Keyring(keys)


_lock = threading.Lock()
_pinned: Keyring | None = None
_cached: tuple[Settings, Keyring] | None = None


def keyring() -> Keyring:
    """The process keyring: built from the settings on first use and cached with them (new
    settings, as after ``get_settings.cache_clear()``, build it again)."""
    global _cached
    if _pinned is not None:
        return _pinned
    settings = get_settings()
    cached = _cached
    if cached is None or cached[0] is not settings:
        with _lock:
            if _cached is None or _cached[0] is not settings:
                _cached = (settings, keyring_for(settings))
            cached = _cached
    return cached[1]


def use_keyring(ring: Keyring | None) -> None:
    """Pin the process keyring to ``ring`` (None: follow the settings again). For tests."""
    global _pinned
    with _lock:
        _pinned = ring


def _read_text(value: str | None) -> str | None:
    return keyring().decrypt(value) if value else value


def _read_json(value: Any) -> Any:
    if not isinstance(value, str):  # None, or a driver that decoded legacy JSON already
        return value
    return json.loads(keyring().decrypt(value))


# Reads: a TypeDecorator's own result processor calls ``process_result_value`` through a
# closure, two Python calls a value; a page of 500 sets reads a thousand such values, most of
# them empty or NULL (about a third of reading the set rows on PostgreSQL). Where the
# underlying Text type converts nothing itself (SQLite's and psycopg's do not), both types
# answer their function of the value instead: one call, the same value.


class EncryptedText(TypeDecorator[str]):
    """A text column stored encrypted; reads also accept untagged legacy plaintext."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if not value:
            return value
        return keyring().encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return _read_text(value)

    def result_processor(
        self, dialect: Dialect, coltype: Any
    ) -> Callable[[str | None], str | None] | None:
        if self.impl_instance.result_processor(dialect, coltype) is not None:
            return super().result_processor(dialect, coltype)
        return _read_text


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON value stored as encrypted text; untagged values are legacy plain JSON."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return keyring().encrypt(json.dumps(value, separators=(",", ":")))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return _read_json(value)

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any] | None:
        if self.impl_instance.result_processor(dialect, coltype) is not None:
            return super().result_processor(dialect, coltype)
        return _read_json


ENCRYPTED_TYPES = (EncryptedText, EncryptedJSON)


@dataclass
class ColumnPass:
    """What one pass over a column did: rows encrypted (were plaintext), re-encrypted with
    the newest key, already current, and (decrypting) rows turned back into plaintext."""

    encrypted: int = 0
    rotated: int = 0
    current: int = 0
    decrypted: int = 0

    @property
    def changed(self) -> int:
        return self.encrypted + self.rotated + self.decrypted


BATCH_ROWS = 500


def rewrite_column(
    connection: Connection,
    table_name: str,
    key_name: str,
    column_name: str,
    ring: Keyring,
    *,
    decrypt: bool = False,
    batch_rows: int = BATCH_ROWS,
    on_batch: Callable[[int], None] | None = None,
) -> ColumnPass:
    """Bring every stored value of one column to the newest key (or, ``decrypt``, back to
    plaintext), in batches of ``batch_rows`` walked by the integer key ``key_name``.

    Works on the raw stored text (no column type in between), so it reads what the database
    really holds. Idempotent: values already current are left alone. ``on_batch`` gets the
    number of rows each batch looked at (a progress bar).
    """
    raw = table(table_name, column(key_name), column(column_name))
    key, value = raw.c[key_name], raw.c[column_name]
    result = ColumnPass()
    last: Any = None
    while True:
        stmt = select(key, value).order_by(key).limit(batch_rows)
        if last is not None:
            stmt = stmt.where(key > last)
        rows = connection.execute(stmt).all()
        if not rows:
            return result
        for row_key, stored in rows:
            new = _rewrite(stored, ring, decrypt, result)
            if new is not None:
                connection.execute(update(raw).where(key == row_key).values({column_name: new}))
        last = rows[-1][0]
        if on_batch is not None:
            on_batch(len(rows))


def _rewrite(stored: Any, ring: Keyring, decrypt: bool, result: ColumnPass) -> str | None:
    """The new stored value, or None when the row is left as it is."""
    if not isinstance(stored, str) or not stored:
        result.current += 1
        return None
    if decrypt:
        if not stored.startswith(PREFIX):
            result.current += 1
            return None
        result.decrypted += 1
        return ring.decrypt(stored)
    if ring.is_current(stored):
        result.current += 1
        return None
    if stored.startswith(PREFIX):
        result.rotated += 1
    else:
        result.encrypted += 1
    return ring.rotate(stored)


def encrypted_columns(metadata: MetaData) -> list[tuple[str, str, str]]:
    """(table, integer key, column) of every encrypted column the models declare."""
    found = []
    for tbl in metadata.sorted_tables:
        keys = list(tbl.primary_key.columns)
        for col in tbl.columns:
            if isinstance(col.type, ENCRYPTED_TYPES):
                if len(keys) != 1:
                    raise ValueError(f"{tbl.name}: encrypted columns need a single-column key")
                found.append((tbl.name, keys[0].name, col.name))
    return found
