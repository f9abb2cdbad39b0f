"""How often each athlete's data has changed: the key of the results cached per process."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, SmallInteger, text
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base


class DataVersion(Base):
    """A counter per athlete (``athlete_id`` 0: what every athlete's results read, such as the
    exercise library) that every committed write to their data raises by one, in the same
    transaction (``storage.versions``); kept in one row per slot and read as their sum. No foreign key and never deleted: ids are never handed
    out twice (AUTOINCREMENT on SQLite since migration 0017, sequences on PostgreSQL), and were
    an id ever reused (a database from before 0017) the count would go on from the old one, so
    a result cached for the deleted athlete could never match the new one. It holds nothing
    personal."""

    __tablename__ = "data_versions"

    athlete_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    # The athlete's counter is the sum of their rows: each connection raises a row of its own,
    # so writers of one athlete do not queue on one row lock (``storage.versions``).
    slot: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, autoincrement=False, server_default=text("0")
    )
    version: Mapped[int] = mapped_column(BigInteger)
