"""Page order for formats that name pages by label only (PFR, JSON Lines).

Pages are sorted by number when every label is a number ("01", "2", "12"),
otherwise kept in order of first appearance; ``order`` is then the position,
1..n, so a corpus that skips page numbers still gets consecutive pages.
"""

from __future__ import annotations

from ..records import PageRecord


def order_pages(pages: list[PageRecord]) -> list[PageRecord]:
    if all(p.label.isascii() and p.label.isdigit() for p in pages):
        pages = sorted(pages, key=lambda p: int(p.label))
    for position, page in enumerate(pages, start=1):
        page.order = position
    return pages
