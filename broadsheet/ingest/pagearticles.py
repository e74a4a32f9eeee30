"""The articles of pages given as PDFs: placed from their text, or found on the page.

Runs before the edition's transaction, on the text layers ``pagefiles`` read:

- a page given with articles: each article without a hotspot is placed on the
  page from its text (``pages.placement``); an editor's own hotspot always wins
  and is never replaced. An article whose text runs on past its page (转版) is
  looked for on the later pages, and where the rest of its text is found, that
  page gets an ``ArticleJump`` with the area there. An article whose place is
  not found keeps no hotspot and is named in the ingest summary;
- a page given without articles: its articles are found on the page
  (``pages.segment``), marked ``machine_found``, unless the caller turns that
  off; stories that jump (下转第X版 / 上接第X版) are joined across the edition's
  pages (``pages.jumps``) into one article on the page where it starts;
- a page whose PDF has no text layer (a scan) gets no articles placed or found
  and is named as needing OCR.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from broadsheet.editions.lead import compute_lead
from broadsheet.pages.jumps import join_jumps
from broadsheet.pages.placement import ArticleText, Placement, place_articles
from broadsheet.pages.segment import FoundArticle, find_articles
from broadsheet.pages.textlayer import PDF, PageText

from .records import ArticleRecord, EditionRecord, PageRecord
from .text import scrub

JUMP_SCORE = 0.05  # share of a jumping article's text a later page must hold to be its 转版
CUT = 300  # characters of a found kicker, headline, subheadline or byline kept (their columns)
SHOWN = 20  # characters of a headline or lead naming an article in the summary


@dataclass
class PageReport:
    """What the page PDFs told, for the ingest summary (see ``LoadResult``)."""

    needs_ocr: list[str] = field(default_factory=list)  # page labels
    unplaced: list[str] = field(default_factory=list)  # "page 01 article 3 《…》: why"
    found: int = 0


def article_text(article: ArticleRecord) -> ArticleText:
    """What placement matches: the article's heads, paragraphs and captions."""
    blocks = article.blocks
    return ArticleText(
        kicker=article.kicker,
        headline=article.headline,
        subheadline=article.subheadline,
        byline=article.byline,
        paragraphs=[b.get("text", "") for b in blocks if b.get("type") != "image"],
        captions=[b.get("caption", "") for b in blocks if b.get("type") == "image"],
    )


def settle_articles(
    record: EditionRecord, texts: dict[int, PageText | None], find: bool = True
) -> PageReport:
    """Place, follow and find the articles of the edition's PDF pages (in place on ``record``)."""
    report = PageReport()
    found: list[tuple[PageRecord, list[FoundArticle]]] = []
    continuing: list[tuple[PageRecord, ArticleRecord]] = []
    for page in record.pages:
        text = texts.get(page.order)
        if text is None:
            continue
        if not text.has_text:
            report.needs_ocr.append(page.label)
            why = "its page's PDF has no text layer"
            report.unplaced += [_named(page, a, why) for a in page.articles if not a.hotspot]
        elif page.articles:
            continuing += _place(page, text, report)
        elif find and text.source == PDF:  # library OCR stays page by page (formats/ndnp.md)
            found.append((page, find_articles(text)))
    _follow(record, texts, continuing, found)
    report.found = _add_found(found)
    return report


def _named(page: PageRecord, article: ArticleRecord, why: str) -> str:
    title = article.headline or compute_lead(article.blocks) or article.kicker
    shown = title[:SHOWN] + ("…" if len(title) > SHOWN else "")
    return f"page {page.label} article {article.order} 《{shown}》: {why}"


def _place(page: PageRecord, text: PageText, report: PageReport) -> list:
    """Hotspots for the page's articles that have none; returns those that run on (转版)."""
    if all(a.hotspot for a in page.articles):
        return []
    placements = place_articles(text, [article_text(a) for a in page.articles])
    continuing = []
    for article, placed in zip(page.articles, placements, strict=True):
        if article.hotspot:
            continue
        if not placed.polygons:
            report.unplaced.append(_named(page, article, "its text was not found on the page"))
            continue
        article.hotspot = placed.polygons
        if placed.continues:
            continuing.append((page, article))
    return continuing


def _follow(record, texts, continuing, found) -> None:
    """Each article running on past its page: its area on the later page holding most of it."""
    finding = {id(page): articles for page, articles in found}
    for start, article in continuing:
        later = [p for p in record.pages if p.order > start.order and _readable(texts, p)]
        best: tuple[PageRecord, Placement] | None = None
        for page in later:
            placed = _place_on(page, texts[page.order], article, id(page) in finding)
            if placed.polygons and placed.score >= JUMP_SCORE:
                if best is None or placed.score > best[1].score:
                    best = (page, placed)
        if best is not None:
            page, placed = best
            article.jumps.append((page.label, placed.polygons))
            if id(page) in finding:  # the part found there is this article's, not another
                finding[id(page)][:] = _outside(finding[id(page)], placed.polygons)


def _readable(texts: dict[int, PageText | None], page: PageRecord) -> bool:
    text = texts.get(page.order)
    return text is not None and text.has_text


def _place_on(page: PageRecord, text: PageText, article: ArticleRecord, found: bool) -> Placement:
    """Place ``article`` among the page's own given articles (none on a page being found)."""
    others = [] if found else [article_text(a) for a in page.articles]
    return place_articles(text, [*others, article_text(article)])[-1]


def _outside(articles: list[FoundArticle], polygons: list) -> list[FoundArticle]:
    """The found articles whose centre is not inside ``polygons``."""
    return [a for a in articles if not any(_inside(_centre(a), p) for p in polygons)]


def _centre(article: FoundArticle) -> tuple[float, float]:
    points = [pt for polygon in article.polygons for pt in polygon] or [[-1.0, -1.0]]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _inside(point: tuple[float, float], polygon: list[list[float]]) -> bool:
    """Even-odd rule: a ray from ``point`` to the right crosses the outline an odd count."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _add_found(found: list[tuple[PageRecord, list[FoundArticle]]]) -> int:
    """The found articles as machine-found records on their pages, jumps joined; their count."""
    count = 0
    for page, article, hotspot, jumps in _joined(found):
        page.articles.append(found_record(article, len(page.articles) + 1, hotspot, jumps))
        count += 1
    return count


def _joined(found):
    """Each found article once, on the page where it starts, with its parts on other pages.

    Yields (page, article, its polygons there, [(other page's label, polygons), ...]).
    """
    pages = {page.label: page for page, _ in found}
    for item in join_jumps([(page.label, articles) for page, articles in found]):
        own = [polys for label, polys in item.parts if label == item.start_label]
        others = [(label, polys) for label, polys in item.parts if label != item.start_label]
        yield pages[item.start_label], item.article, own[0] if own else [], others


def found_record(article: FoundArticle, order: int, hotspot: list, jumps: list) -> ArticleRecord:
    """An article found on a page, as a record: paragraphs, then captions, as paragraphs."""
    texts = [*article.paragraphs, *article.captions]
    return ArticleRecord(
        order=order,
        kicker=scrub(article.kicker)[:CUT],
        headline=scrub(article.headline)[:CUT],
        subheadline=scrub(article.subheadline)[:CUT],
        byline=scrub(article.byline)[:CUT],
        blocks=[{"type": "paragraph", "text": scrub(t)} for t in texts if t.strip()],
        hotspot=hotspot,
        machine_found=True,
        jumps=jumps,
    )
