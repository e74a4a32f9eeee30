"""The interface every input format implements.

A format is a small object with a ``name``, a ``sniff`` that says whether a
source looks like its input (for ``--format auto``), and ``read`` that yields
one ``EditionRecord`` at a time, so memory stays flat however large the input.
A bad edition is *yielded* as its ``IngestError`` rather than raised, so a
reader of a long stream can abort that one edition and go on with the next.
Formats never touch the database.

``container`` formats (the edition bundle) take a whole folder or zip as one
source; the others are handed the files inside folders, zips and gzips.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from django.utils.text import slugify

from broadsheet.editions import validate

from ..errors import IngestError
from ..records import EditionRecord
from ..sources import Source


def newspaper_slug(name: str, where: str, named_by: str) -> str:
    """The slug a source's own name for its newspaper makes (``Luxemburger Zeitung`` →
    ``luxemburger-zeitung``), for formats whose files name their title; one that makes no
    valid slug is refused, saying what named it (``named_by``) and to give --newspaper."""
    slug = slugify(name)[:64].strip("-")
    if validate.slug_problem(slug) is not None:
        raise IngestError(where, f"{named_by} makes no newspaper slug: give --newspaper")
    return slug


@dataclass(frozen=True)
class IngestOptions:
    """What the user said on the command line that a format may need."""

    newspaper: str = ""  # slug to use when the source names none (wire items, PFR)
    newspaper_name: str = ""
    page: str = ""  # page label for items that carry none (wire items)
    page_name: str = ""
    date: dt.date | None = None  # edition date for sources naming none (page PDFs)


class EditionFormat(Protocol):
    name: str
    container: bool

    def sniff(self, source: Source) -> bool:
        """True when ``source`` looks like this format's input."""
        ...

    def read(self, source: Source, options: IngestOptions) -> Iterator[EditionRecord | IngestError]:
        """Yield the editions in ``source``, or for a bad one its error."""
        ...
