"""Ingest errors: every one names the file, the place in it and the reason."""

from __future__ import annotations


class IngestError(Exception):
    """A source could not be loaded. ``where`` is a field path, line or element."""

    def __init__(self, file: str, reason: str, where: str = ""):
        self.file = file
        self.where = where
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        return f"{place}: {self.reason}"


class DuplicateEditionError(IngestError):
    """The edition exists already and ``--replace`` was not given."""


class CorrectedEditionError(IngestError):
    """``--replace`` met articles editors corrected and ``--discard-corrections`` was not given."""


class SkippedSource(IngestError):
    """Not a failure: the source holds nothing this platform loads (a photo item, a concept)."""
