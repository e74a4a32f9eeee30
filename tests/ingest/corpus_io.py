"""Read the shared corpora the way the tests compare against them.

These helpers read ``../shared/corpora`` at test time and write derived inputs
into the test's temporary folder; no corpus text is kept in the repository.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from collections import defaultdict
from pathlib import Path

from broadsheet.editions.lead import TEXT_BLOCKS
from broadsheet.editions.models import Article, Edition
from tests.conftest import corpus

PFR_GBK = "raw/rmrb199801_pfr_original_gbk.zip"
PFR_UTF8 = "rmrb199801_pfr_tagged.utf8.txt.gz"
RMRB_JSONL = "rmrb1998.jsonl"


def rmrb_articles() -> dict[tuple[str, int, int], list[str]]:
    """(date, page, article) → paragraphs, from the reference JSONL."""
    out = {}
    with corpus(RMRB_JSONL).open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out[(r["date"], r["page"], r["article"])] = r["paragraphs"]
    return out


def stored_articles() -> dict[tuple[str, int, int], list[str]]:
    """The same shape from the database: the headline (when there is one), then the body's text.

    The reference has no empty paragraph, so leaving out an empty headline loses nothing:
    PFR makes the first paragraph the headline, the corpus's own JSONL keeps it a paragraph.
    """
    out = {}
    rows = Article.objects.select_related("page__edition")
    for a in rows:
        key = (a.page.edition.date.isoformat(), int(a.page.label), a.order)
        headline = [a.headline] if a.headline else []
        out[key] = [*headline, *(b["text"] for b in a.body if b["type"] in TEXT_BLOCKS)]
    return out


def gbk_lines() -> list[bytes]:
    """The original GBK corpus as raw lines (CRLF and stray CRs kept)."""
    with zipfile.ZipFile(corpus(PFR_GBK)) as zf:
        return zf.read("199801.txt").split(b"\n")


def utf8_lines() -> list[str]:
    with gzip.open(corpus(PFR_UTF8), "rt", encoding="utf-8") as fh:
        return fh.read().split("\n")


def first_days(lines: list, days: int) -> list:
    """The lines of the first ``days`` dates (lines start with YYYYMMDD)."""
    dates = sorted({ln[:8] for ln in lines if ln[:8].strip()})[:days]
    keep = set(dates)
    return [ln for ln in lines if ln[:8] in keep]


def database_snapshot() -> list:
    """Every edition with its pages and articles, comparable across databases."""
    out = []
    for e in Edition.objects.order_by("newspaper__slug", "date"):
        pages = defaultdict(list)
        for a in Article.objects.filter(page__edition=e).order_by("page__order", "order"):
            pages[a.page.label].append((a.order, a.headline, a.body))
        out.append((e.newspaper.slug, e.date.isoformat(), e.status, sorted(pages.items())))
    return out


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
