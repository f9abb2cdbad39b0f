"""What one import may take: the readers' limits (``ReadLimits``), the files held for review,
and how long it may hold the database's write lock at a time. From ``Settings``
(``import_*``); docs/security.md, "Imported files", gives the reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from fitcoach.core.settings import Settings
from fitcoach.ingest.files.limits import MIB, ReadLimits


@dataclass(frozen=True)
class ImportLimits:
    """``read``: what one file may be; ``held_bytes``/``held_files``: a file held for review
    and how many one athlete may have held; ``held_days``: how long a held file is kept;
    ``write_turn_s``: the longest one short transaction of an import writes for."""

    read: ReadLimits = field(default_factory=ReadLimits)
    held_bytes: int = 8 * MIB
    held_files: int = 10
    held_days: int = 30
    write_turn_s: float = 0.25

    @classmethod
    def from_settings(cls, settings: Settings) -> ImportLimits:
        return cls(
            read=ReadLimits(
                max_file_bytes=settings.import_max_file_bytes,
                max_stream_bytes=settings.import_max_stream_bytes,
                max_zip_ratio=settings.import_max_zip_ratio,
                max_records=settings.import_max_records,
            ),
            held_bytes=settings.import_held_max_bytes,
            held_files=settings.import_held_max_files,
            held_days=settings.retention_held_imports_days,
            write_turn_s=settings.import_write_turn_s,
        )
