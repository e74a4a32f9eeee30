"""Characters no reader should get, removed at the one door every format goes through.

A NUL in a JSONL paragraph or a bundle manifest was stored on SQLite (and served
in the HTML) and refused by PostgreSQL with a driver error naming no file.
C0 control characters other than tab, LF and CR, the noncharacters U+FFFE and
U+FFFF, and lone surrogates (which JSON's ``\\ud800`` escapes can produce and no
database driver can encode) carry no text. They are removed rather than
refused: an archive with one stray control byte should not lose an edition.
See docs/formats/common.md.
"""

from __future__ import annotations

import re
from dataclasses import fields

from .records import EditionRecord

_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def scrub(value):
    """``value`` without unwanted characters, inside lists and dicts too."""
    if isinstance(value, str):
        return _UNWANTED.sub("", value) if _UNWANTED.search(value) else value
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


def scrub_record(record: EditionRecord) -> None:
    """Scrub, in place, every text field of the edition, its pages and its articles."""
    for page in record.pages:
        _scrub_fields(page)
        for article in page.articles:
            _scrub_fields(article)
            article.blocks = scrub(article.blocks)
    _scrub_fields(record)


def _scrub_fields(obj) -> None:
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            setattr(obj, f.name, scrub(value))
