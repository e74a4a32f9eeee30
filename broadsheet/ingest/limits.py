"""How much one input may make ingest decompress, parse and decode: bounds against bombs.

A 1.4 MB zip held a 400 MB member (867 MB of memory to read), a 17 KB PNG
declared 12000x12000 pixels (765 MB to make its thumbnail), 398 KB of gzip
unpacked to 400 MB of blank lines (minutes of PFR parsing). Each bound below is
checked before the work it guards, from headers where there are any (a zip's
directory, an image's size), else while reading (a gzip stream), and each
ends in an ``IngestError`` naming the file and the bound.

The defaults are far above real editions (a People's Daily month is 10 MB of
text; a 400 dpi broadsheet page scan is about 57 megapixels). An operator can
change any of them with ``BROADSHEET_INGEST_LIMITS``, a JSON object such as
``{"image_pixels": 150000000}`` (docs/formats/common.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    member_bytes: int = 512 * MiB  # one file unpacked from a zip or a .gz
    archive_bytes: int = 4096 * MiB  # all files of one zip, unpacked
    ratio: int = 100  # unpacked : packed bytes, for files past ``ratio_from`` unpacked bytes
    ratio_from: int = 1 * MiB  # small files may pack better than that (an empty page image)
    json_bytes: int = 32 * MiB  # an edition.json; a line of a text file (JSONL, PFR)
    image_pixels: int = 80_000_000  # width x height of a page image or an article picture


def limits() -> Limits:
    """The limits in force: the defaults, with what ``BROADSHEET_INGEST_LIMITS`` changes."""
    given = getattr(settings, "INGEST_LIMITS", None) or {}
    names = {f.name for f in dataclasses.fields(Limits)}
    unknown = sorted(set(given) - names)
    if unknown:
        known = ", ".join(sorted(names))
        raise ImproperlyConfigured(
            f"BROADSHEET_INGEST_LIMITS: unknown limit(s) {', '.join(unknown)} (known: {known})"
        )
    return Limits(**{k: int(v) for k, v in given.items()})


def too_packed(unpacked: int, packed: int, bounds: Limits) -> bool:
    """Whether ``unpacked`` bytes out of ``packed`` compressed ones look like a bomb."""
    return unpacked > bounds.ratio_from and unpacked > bounds.ratio * max(packed, 1)


def size_text(n: int) -> str:
    return f"{n / MiB:.0f} MiB" if n >= MiB else f"{n} bytes"
