"""What the page-PDF formats share: the edition's date and newspaper, and checked PDFs.

A folder of page PDFs (``pdf_pages``) or one PDF of a whole edition
(``edition_pdf``) carries no newspaper and often no date inside it: the
newspaper comes from ``--newspaper``, the date from ``--date`` or else from
the name of the folder, zip or file (``2021-06-01``, ``20210601``, or the
NDNP style ``1856051001``: date then a two-digit edition number).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from broadsheet.pages.render import PdfRefused, page_sizes

from ..errors import IngestError
from .base import IngestOptions

_DATE = re.compile(r"(?<![0-9])([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:[0-9]{2})?(?![0-9])")


def date_in_name(name: str) -> dt.date | None:
    """The first real date written in ``name`` (a file or folder name), or None."""
    for match in _DATE.finditer(name):
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            continue
    return None


def edition_date(options: IngestOptions, path: PurePath, where: str) -> dt.date:
    """``--date``, else the date in the name of ``path`` or of its parent folder."""
    if options.date is not None:
        return options.date
    for name in (path.stem if path.suffix else path.name, path.parent.name):
        found = date_in_name(name)
        if found is not None:
            return found
    raise IngestError(where, "no edition date: give --date, or name it like 2021-06-01")


def newspaper(options: IngestOptions, where: str) -> str:
    if not options.newspaper:
        raise IngestError(where, "no newspaper: page PDFs name none, give --newspaper")
    return options.newspaper


def checked_pdf(data: bytes, where: str, name: str) -> list[tuple[float, float]]:
    """The page sizes of a PDF that opens and holds pages a printer prints, else an error."""
    try:
        return page_sizes(data)
    except PdfRefused as exc:
        raise IngestError(where, f"{name!r} {exc}") from exc
