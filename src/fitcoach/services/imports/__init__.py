"""Device files and app exports into an athlete's history, through one door (``files``);
the files held for the review of their exercise names (``held``); the limits of both
(``limits``) and how an import writes (``writing``)."""

from fitcoach.services.imports.files import (
    KEEP_OWN,
    IncomingFile,
    import_export,
    import_files,
    imported_files,
    remember_choices,
    resume,
)
from fitcoach.services.imports.held import drop_pending, pending
from fitcoach.services.imports.limits import ImportLimits
from fitcoach.services.imports.outcome import FileOutcome, ImportSummary, ReviewName
from fitcoach.services.imports.takeback import take_back
from fitcoach.services.imports.writing import Turn

__all__ = [
    "KEEP_OWN",
    "FileOutcome",
    "ImportLimits",
    "ImportSummary",
    "IncomingFile",
    "ReviewName",
    "Turn",
    "drop_pending",
    "import_export",
    "import_files",
    "imported_files",
    "pending",
    "remember_choices",
    "resume",
    "take_back",
]
