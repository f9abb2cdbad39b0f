"""Errors of the file readers beyond ``FileFormatError`` itself."""

from __future__ import annotations

from fitcoach.ingest.files.model import FileFormatError


class UnitNeeded(FileFormatError):
    """The file holds measurements without saying their unit (Strong's older export writes
    weights in the app's display unit, kg or lb, and nothing else): the reader never guesses,
    the import service asks the person and reads the file again with the answer.

    ``what`` names the measurement ("weight", "distance"); ``choices`` are the units the caller
    may pass back (``read_strong(data, weight_unit="lb")``).
    """

    code = "unit_needed"

    def __init__(self, what: str, choices: tuple[str, ...], message: str) -> None:
        super().__init__(message, details={"what": what, "choices": list(choices)})
        self.what = what
        self.choices = choices
