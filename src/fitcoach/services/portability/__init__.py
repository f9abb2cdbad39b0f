"""Data portability: export everything of an athlete and import it back (format version 4;
version 1, 2 and 3 documents still import).

The format is specified in ``docs/data-format.md``: one JSON document, or a directory (or a
zip of it) with ``manifest.json``, ``athlete.json``, one CSV file per flat record kind and
``plans.json`` / ``conversations.json`` for the nested ones (raw waveforms, optionally, as one
CSV file per recording channel). Imports are idempotent because every kind has a stable key,
and all-or-nothing because everything is validated before the first write (the caller's unit
of work rolls back whatever a later failure leaves).

Modules by use case: ``format`` (versions, kinds, files, columns), ``csvio`` (cells both
ways), ``checks`` (problems and their places), ``export``, ``readers`` (JSON, CSV, zip),
``importer``, and one module per section: ``records`` (version 1's training records),
``plans``, ``conversations``, ``flags``, ``consent``, ``sensors``, ``measurements`` (version 4).
"""

from fitcoach.services.portability.export import (
    counts_of,
    export_athlete,
    export_zip,
    write_export,
)
from fitcoach.services.portability.format import (
    COLUMNS,
    COUNTED,
    FLAT_KINDS,
    FORMAT,
    KINDS,
    SET_FIELDS,
    VERSION,
    VERSIONS,
    Column,
    ExportDocument,
    ExportFormat,
    ProgressFn,
)
from fitcoach.services.portability.importer import (
    CheckedDocument,
    check_document,
    import_document,
    write_document,
)
from fitcoach.services.portability.readers import count_records, read_export
from fitcoach.services.portability.report import ImportReport, KindCount

__all__ = [
    "COLUMNS",
    "COUNTED",
    "FLAT_KINDS",
    "FORMAT",
    "KINDS",
    "SET_FIELDS",
    "VERSION",
    "VERSIONS",
    "CheckedDocument",
    "Column",
    "ExportDocument",
    "ExportFormat",
    "ImportReport",
    "KindCount",
    "ProgressFn",
    "check_document",
    "count_records",
    "counts_of",
    "export_athlete",
    "export_zip",
    "import_document",
    "read_export",
    "write_document",
    "write_export",
]
