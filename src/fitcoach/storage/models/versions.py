"""How often each athlete's data has changed: the key of the results cached per process."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base


class DataVersion(Base):
    """A counter per athlete (``athlete_id`` 0: what every athlete's results read, such as the
    exercise library) that every committed write to their data raises by one, in the same
    transaction (``storage.versions``). No foreign key and never deleted: an athlete id that
    SQLite hands out again after a deletion goes on from the old count, so a result cached for
    the deleted athlete can never match the new one."""

    __tablename__ = "data_versions"

    athlete_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)
