"""What an edition's exported pages show, as one hash: when it changes, they are rewritten.

Not only the edition's content (``ingest.fingerprint.stored_content``, the
comparison that makes re-ingest idempotent) but the frame around it on every
one of its pages: the 报刊 list and the publisher's lines (header, footer), the
editions before and after it (上一期 / 下一期) and its month's calendar (the days
with an edition, the months its arrows reach). A new edition the next day thus
rewrites the one before it, whose 下一期 now leads somewhere.
"""

from __future__ import annotations

import hashlib
import json

from broadsheet.editions.models import Edition
from broadsheet.ingest.fingerprint import stored_content
from broadsheet.reader import services

# Raised when the shape of the exported pages changes, so every edition is written again.
SITE_VERSION = 1


def edition_fingerprint(edition: Edition) -> str:
    paper = edition.newspaper
    publisher = paper.publisher
    before, after = services.edition_neighbours(edition)
    calendar = services.calendar_month(paper, edition.date.year, edition.date.month, edition.date)
    frame = {
        "papers": [[p.slug, p.name, p.language] for p in services.newspapers()],
        "publisher": [publisher.name, publisher.copyright, publisher.tech_support],
        "neighbours": [e.date.isoformat() if e else None for e in (before, after)],
        "calendar": [d.isoformat() for d in calendar["editions"]],
        "months": [calendar[k] for k in ("prev_month", "next_month", "prev_year", "next_year")],
    }
    content = [SITE_VERSION, stored_content(edition), _thumbnails(edition), frame]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _thumbnails(edition: Edition) -> list[str]:
    return list(edition.pages.order_by("order").values_list("thumbnail", flat=True))
