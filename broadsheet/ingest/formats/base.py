"""The interface every input format implements.

A format is a small object with a ``name``, a ``sniff`` that says whether a path
looks like its input (for ``--format auto``), and ``read`` that yields
``EditionRecord`` objects one edition at a time, so memory stays flat however
large the input. Formats never touch the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..records import EditionRecord


@dataclass(frozen=True)
class IngestOptions:
    """What the user said on the command line that a format may need."""

    newspaper: str = ""  # slug to use when the source names none (wire items, PFR)
    newspaper_name: str = ""
    page: str = ""  # page label for items that carry none (wire items)
    page_name: str = ""


class EditionFormat(Protocol):
    name: str

    def sniff(self, path: Path) -> bool:
        """True when ``path`` looks like this format's input."""
        ...

    def read(self, path: Path, options: IngestOptions) -> Iterator[EditionRecord]:
        """Yield the editions in ``path``; raise ``IngestError`` on bad input."""
        ...
