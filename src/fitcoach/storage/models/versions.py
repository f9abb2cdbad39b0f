"""How often each athlete's data has changed: the key of the results cached per process."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base


class DataVersion(Base):
    """A counter per athlete (``athlete_id`` 0: what every athlete's results read, such as the
    exercise library) that every committed write to their data raises by one, in the same
    transaction (``storage.versions``). No foreign key and never deleted: ids are never handed
    out twice (AUTOINCREMENT on SQLite since migration 0017, sequences on PostgreSQL), and were
    an id ever reused (a database from before 0017) the count would go on from the old one, so
    a result cached for the deleted athlete could never match the new one. It holds nothing
    personal."""

    __tablename__ = "data_versions"

    athlete_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
