"""Device files and app exports into an athlete's history, through one door (``files``)."""

from fitcoach.services.imports.files import (
    IncomingFile,
    drop_pending,
    import_files,
    imported_files,
    pending,
    resume,
)
from fitcoach.services.imports.outcome import FileOutcome, ImportSummary, ReviewName
from fitcoach.services.imports.takeback import take_back

__all__ = [
    "FileOutcome",
    "ImportSummary",
    "IncomingFile",
    "ReviewName",
    "drop_pending",
    "import_files",
    "imported_files",
    "pending",
    "resume",
    "take_back",
]
