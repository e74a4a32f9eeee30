"""Wire items of one run, gathered by newspaper and date before they are loaded.

An item is known by its agency identity (NITF ``doc-id``, NewsML-G2 ``guid``)
across the whole run, whatever its headline and date: the same item again
replaces the one read before (a later file wins), unless it is an older
NewsML-G2 version than the one read before, which is skipped and noted. An
item without an identity is known by its headline (by its lead when it has
none) on its page, as printed newspapers tell stories apart.

The items wait on disk, not in memory: a run over an agency's archive holds
millions of items, and memory must stay flat however large the input. They
are spooled to a throwaway SQLite file (the system's temporary folder) and
read back one edition at a time when the run loads them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Hashable, Iterator

from broadsheet.editions.lead import compute_lead

from .errors import SkippedSource
from .records import ArticleRecord, Asset, EditionRecord, PageRecord


def headline_key(headline: str, body: list[dict]) -> str:
    """How an item without an agency identity is known on its page."""
    return headline.strip() or "lead:" + compute_lead(body)


def is_older(version: int | None, than: int | None) -> bool:
    return version is not None and than is not None and version < than


def is_newer(version: int | None, than: int | None) -> bool:
    return version is not None and (than is None or version > than)


def describe(item: ArticleRecord) -> str:
    """The item as messages name it: its identity, else its headline."""
    if item.source_id:
        version = f" version {item.source_version}" if item.source_version is not None else ""
        return f"item {item.source_id}{version}"
    return f"item headlined {item.headline!r}"


_SCHEMA = """
CREATE TABLE edition (id INTEGER PRIMARY KEY, newspaper TEXT, date TEXT, shell BLOB,
                      UNIQUE (newspaper, date));
CREATE TABLE page (edition INTEGER, label TEXT, seq INTEGER, shell BLOB,
                   PRIMARY KEY (edition, label));
CREATE TABLE item (seq INTEGER PRIMARY KEY AUTOINCREMENT, identity BLOB UNIQUE,
                   edition INTEGER, label TEXT, version INTEGER, record BLOB);
CREATE INDEX item_page ON item (edition, label, seq);
"""


class WireBatch:
    """Wire items of one run by newspaper and date; one item per identity, spooled to disk."""

    def __init__(self):
        self._db: sqlite3.Connection | None = None
        self._path = ""

    def _open(self) -> sqlite3.Connection:
        if self._db is None:
            fd, self._path = tempfile.mkstemp(prefix="broadsheet-wire-", suffix=".sqlite3")
            os.close(fd)
            self._db = sqlite3.connect(self._path, isolation_level=None)
            self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        return self._db

    def add(self, record: EditionRecord) -> list[SkippedSource]:
        """Take the record's items; returns notes for the items skipped as older versions."""
        db = self._open()
        edition = self._edition(db, record)
        skipped = []
        for page in record.pages:
            self._page(db, edition, page)
            for item in page.articles:
                key = pickle.dumps(_identity(record, page.label, item))
                note = self._place(db, key, edition, page.label, item)
                skipped += [note] if note else []
        return skipped

    def _edition(self, db: sqlite3.Connection, record: EditionRecord) -> int:
        row = (record.newspaper, record.date.isoformat())
        found = db.execute(
            "SELECT id FROM edition WHERE newspaper = ? AND date = ?", row
        ).fetchone()
        if found:
            return found[0]
        shell = pickle.dumps(_empty(record))
        inserted = db.execute("INSERT INTO edition VALUES (NULL, ?, ?, ?)", (*row, shell))
        assert inserted.lastrowid is not None  # an INSERT always sets it
        return inserted.lastrowid

    def _page(self, db: sqlite3.Connection, edition: int, page: PageRecord) -> None:
        (seq,) = db.execute("SELECT count(*) FROM page WHERE edition = ?", (edition,)).fetchone()
        shell = PageRecord(label=page.label, name=page.name, order=seq + 1)
        db.execute(
            "INSERT OR IGNORE INTO page VALUES (?, ?, ?, ?)",
            (edition, page.label, seq, pickle.dumps(shell)),
        )

    def _place(
        self, db: sqlite3.Connection, key: bytes, edition: int, label: str, item: ArticleRecord
    ) -> SkippedSource | None:
        earlier = db.execute("SELECT version FROM item WHERE identity = ?", (key,)).fetchone()
        if earlier is not None:
            (was,) = earlier
            if is_older(item.source_version, was):
                return SkippedSource(item.source, f"{describe(item)} skipped: version {was} read")
            db.execute("DELETE FROM item WHERE identity = ?", (key,))
        db.execute(
            "INSERT INTO item VALUES (NULL, ?, ?, ?, ?, ?)",
            (key, edition, label, item.source_version, pickle.dumps(_portable(item))),
        )
        return None

    def records(self) -> Iterator[EditionRecord]:
        """The editions to load, in order; pages emptied by later versions are left out."""
        if self._db is None:
            return
        try:
            editions = self._db.execute("SELECT id, shell FROM edition ORDER BY newspaper, date")
            for edition, shell in editions.fetchall():
                record = pickle.loads(shell)
                record.pages = list(self._pages(self._db, edition))
                if record.pages:
                    yield record
        finally:
            self.close()

    def _pages(self, db: sqlite3.Connection, edition: int) -> Iterator[PageRecord]:
        pages = db.execute(
            "SELECT label, shell FROM page WHERE edition = ? ORDER BY seq", (edition,)
        ).fetchall()
        for label, shell in pages:
            page = pickle.loads(shell)
            items = db.execute(
                "SELECT record FROM item WHERE edition = ? AND label = ? ORDER BY seq",
                (edition, label),
            )
            page.articles = [pickle.loads(blob) for (blob,) in items]
            if page.articles:
                yield page

    def close(self) -> None:
        """Drop the spool (also when the run was interrupted)."""
        if self._db is not None:
            self._db.close()
            self._db = None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._path)


def _portable(item: ArticleRecord) -> ArticleRecord:
    """The item with its assets' bytes read now, so the record can be pickled."""
    if not item.assets:
        return item
    assets = {
        name: Asset(asset.name, functools.partial(bytes, asset.read()))
        for name, asset in item.assets.items()
    }
    return dataclasses.replace(item, assets=assets)


def _identity(record: EditionRecord, label: str, item: ArticleRecord) -> Hashable:
    if item.source_id:
        return (record.newspaper, "id", item.source_id)
    return (record.newspaper, record.date, label, headline_key(item.headline, item.blocks))


def _empty(record: EditionRecord) -> EditionRecord:
    return EditionRecord(
        newspaper=record.newspaper,
        newspaper_name=record.newspaper_name,
        date=record.date,
        language=record.language,
        source=record.source,
        wire=True,
    )
