"""Format-neutral records that every input format produces.

A format module turns files into ``EditionRecord`` objects; ``services.load_edition``
turns one record into database rows in one transaction. Keeping the two apart
means a new format never touches the database code, and the loader never
knows about XML or GBK.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from broadsheet.pages.textlayer import PageText


@dataclass(frozen=True)
class Asset:
    """A file the edition refers to (page image, page PDF, article image).

    ``read`` returns the bytes lazily, so a zip member or a file on disk is only
    read when it is stored. ``name`` is the file name as given by the source,
    used in error messages and to keep the extension.
    """

    name: str
    read: Callable[[], bytes]


@dataclass
class ArticleRecord:
    order: int
    kicker: str = ""
    headline: str = ""
    subheadline: str = ""
    byline: str = ""
    blocks: list[dict] = field(default_factory=list)
    hotspot: list[list[list[float]]] = field(default_factory=list)
    # Images named by ``{"type": "image", "src": NAME}`` blocks, by NAME.
    assets: dict[str, Asset] = field(default_factory=dict)
    source: str = ""  # where it came from: "file.xml", "file.txt:123"
    # A wire item's identity at its agency (NITF doc-id, NewsML-G2 guid) and version.
    source_id: str = ""
    source_version: int | None = None
    # Found on a page PDF by Broadsheet itself (``pagearticles``), not given by the publisher.
    machine_found: bool = False
    # Where it continues (转版): (page label, hotspot polygons there), in page order.
    jumps: list[tuple[str, list[list[list[float]]]]] = field(default_factory=list)
    # The paths it had on a site it comes from (a legacy 数字报's content_N.htm): they
    # lead to it through the redirect table once loaded.
    old_urls: list[str] = field(default_factory=list)


@dataclass
class PageRecord:
    label: str
    order: int
    name: str = ""
    image: Asset | None = None
    pdf: Asset | None = None
    # A page scan browsers cannot show (a library's JP2 or TIFF): made into web images at ingest.
    scan: Asset | None = None
    # The page's text with boxes when the source gives it (ALTO); else read from the PDF.
    text: PageText | None = None
    width: int | None = None
    height: int | None = None
    articles: list[ArticleRecord] = field(default_factory=list)
    old_urls: list[str] = field(default_factory=list)  # as ArticleRecord.old_urls (node_N.htm)


@dataclass
class EditionRecord:
    newspaper: str  # slug
    date: dt.date
    newspaper_name: str = ""
    publisher: str = ""
    copyright: str = ""
    tech_support: str = ""
    issue_number: int | None = None
    pages: list[PageRecord] = field(default_factory=list)
    source: str = ""
    language: str = ""  # BCP 47 tag, used when the newspaper is new
    # The source states the newspaper's own details (name, language, publisher):
    # an edition bundle does, so loading it with ``--replace`` updates them.
    newspaper_details: bool = False
    # Wire items: the articles are added to the named page of the edition of
    # their date (created if missing) instead of making up a whole edition.
    wire: bool = False
    # Files the source names but does not hold (an archive batch delivered without its
    # masters): the edition loads with what is there, and the summary lists these.
    missing: list[str] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return sum(len(p.articles) for p in self.pages)
