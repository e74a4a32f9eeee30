"""Permanent ids across ``--replace``: which new article inherits which old one's id.

When an edition is replaced, every article of the new version that is the same
story as one of the old version keeps that story's permanent id (``/a/<id>``),
and a readable URL whose story moved (another order on its page, another page
label) keeps leading to that story through the redirect table.

The matching rule (docs/formats/common.md, "Permanent article IDs"):

1. Same source identity (a wire item's doc-id or guid, a legacy site's article
   id): the same story, whatever its text.
2. Otherwise a score per pair of old and new article, neither with an identity
   other than the other's: the same headline (NFKC, spaces ignored, not empty)
   scores 1 plus the likeness of their texts; a different headline scores the
   likeness of the texts alone and counts only from ``TEXT_ALONE`` (0.6) up. The
   likeness is the Jaccard index of the texts' character bigrams (body
   paragraphs, subheadings and captions, first ``TEXT_SPAN`` characters), so
   a corrected headline or a lightly edited text is still the story it was.
3. The best-scoring pairs are taken first, each article at most once; on equal
   scores the pair nearer in position wins (two 图片新闻 without text).

A new article matching nothing gets a fresh id.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.urls import reverse

from broadsheet.editions.lead import TEXT_BLOCKS
from broadsheet.editions.models import Article, Edition, Page, Redirect
from broadsheet.editions.permalinks import new_permalink
from broadsheet.editions.redirects import normalise

TEXT_ALONE = 0.6
TEXT_SPAN = 600
_SPACE = re.compile(r"\s+")


@dataclass
class Story:
    """What matching needs of one article, old or new."""

    path: str
    page_order: int
    order: int
    source_id: str
    headline: str
    bigrams: frozenset[str] = field(default_factory=frozenset)
    permalink: str = ""
    displaced: bool = False  # its path meant another story (that story's redirect says which)


def _plain(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _bigrams(blocks: list[dict]) -> frozenset[str]:
    parts = (b.get("text") if b.get("type") in TEXT_BLOCKS else b.get("caption") for b in blocks)
    text = _plain("".join(p or "" for p in parts))[:TEXT_SPAN]
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) or frozenset(text)


def article_path(slug: str, date: str, label: str, order: int) -> str:
    return reverse("reader:article", args=[slug, date, label, order])


def story(article: Article, page: Page, edition: Edition) -> Story:
    slug, date = edition.newspaper.slug, edition.date.isoformat()
    return Story(
        path=article_path(slug, date, page.label, article.order),
        page_order=page.order,
        order=article.order,
        source_id=article.source_id,
        headline=_plain(article.headline),
        bigrams=_bigrams(article.body),
        permalink=article.permalink,
        displaced=article.displaced,
    )


@dataclass
class Former:
    """The edition being replaced, as read before it is deleted."""

    stories: list[Story]
    page_paths: dict[str, int]  # page URL -> page order


def read_former(edition: Edition) -> Former:
    pages = list(edition.pages.order_by("order"))
    articles = Article.objects.filter(page__edition=edition).order_by("page__order", "order")
    by_pk = {page.pk: page for page in pages}
    stories = [story(a, by_pk[a.page_id], edition) for a in articles]
    slug, date = edition.newspaper.slug, edition.date.isoformat()
    paths = {reverse("reader:page", args=[slug, date, p.label]): p.order for p in pages}
    return Former(stories, paths)


def likeness(a: Story, b: Story) -> float:
    """Jaccard index of the two texts' bigrams (1.0 for two empty texts)."""
    if not a.bigrams and not b.bigrams:
        return 1.0
    shared = len(a.bigrams & b.bigrams)  # no union set built: this runs for many pairs
    return shared / (len(a.bigrams) + len(b.bigrams) - shared)


def _may_be_alike(a: Story, b: Story) -> bool:
    """Cheap bound: the Jaccard index is at most the ratio of the two sizes."""
    small, large = sorted((len(a.bigrams), len(b.bigrams)))
    return large > 0 and small >= TEXT_ALONE * large


def _conflict(old: Story, new: Story) -> bool:
    """Two identities that differ (equal ones were matched by rule 1)."""
    return bool(old.source_id and new.source_id)


def match(old: list[Story], new: list[Story]) -> dict[int, Story]:
    """For each index into ``new`` that is an old story, that story.

    Same-headline pairs (scores from 1 up) always rank before text-only ones (below
    1), so they are settled first, within each headline; the text-only pass then
    compares only what is left, which after an ordinary replace is little.
    """
    found = _by_source(old, new)
    headlines: dict[str, list[int]] = {}
    for j, old_story in enumerate(old):
        if old_story.headline:
            headlines.setdefault(old_story.headline, []).append(j)
    same = [
        (1.0 + likeness(old[j], new_story), i, j)
        for i, new_story in enumerate(new)
        for j in headlines.get(new_story.headline, [])
        if not _conflict(old[j], new_story)
    ]
    _take(found, same, old, new)
    text = [
        (value, i, j)
        for i, new_story in enumerate(new)
        if i not in found
        for j, old_story in enumerate(old)
        if not _conflict(old_story, new_story) and _may_be_alike(old_story, new_story)
        if (value := likeness(old_story, new_story)) >= TEXT_ALONE
    ]
    _take(found, text, old, new)
    return found


def _by_source(old: list[Story], new: list[Story]) -> dict[int, Story]:
    """Rule 1: the same source identity (one given twice: in order)."""
    by_source: dict[str, list[Story]] = {}
    for old_story in old:
        if old_story.source_id:
            by_source.setdefault(old_story.source_id, []).append(old_story)
    found: dict[int, Story] = {}
    for i, new_story in enumerate(new):
        if by_source.get(new_story.source_id):
            found[i] = by_source[new_story.source_id].pop(0)
    return found


def _take(found: dict[int, Story], pairs: list, old: list[Story], new: list[Story]) -> None:
    """Best pairs first, each story once; on equal scores the nearer position."""

    def distance(i: int, j: int) -> int:
        return abs(old[j].page_order - new[i].page_order) * 1000 + abs(old[j].order - new[i].order)

    taken = {id(s) for s in found.values()}
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], distance(p[1], p[2]))):
        if i not in found and id(old[j]) not in taken:
            found[i] = old[j]
            taken.add(id(old[j]))


def carry_over(former: Former | None, rows: list[Article], pages: list[Page], edition) -> None:
    """Give the new edition's ``rows`` (not saved yet) their permanent ids.

    On a replace, matched rows inherit their old ids, moved stories leave a
    redirect from their old readable URL, vacated page URLs lead to the page
    now in their place, and a row standing where an older link still means
    another story is marked ``displaced`` (read at its permanent link).
    """
    matched: dict[int, Story] = {}
    if former is not None:
        new = [story(row, row.page, edition) for row in rows]
        matched = match(former.stories, new)
        for i, old in matched.items():
            rows[i].permalink = old.permalink
        _record_moves([(old, new[i]) for i, old in matched.items()])
        _record_pages(former, pages, edition)
        _mark_displaced(rows, new)
    _fresh_ids([row for i, row in enumerate(rows) if i not in matched], matched)


def _record_moves(pairs: list[tuple[Story, Story]]) -> None:
    """The readable URL a story had leads to it from now on, if it has another one now.

    A displaced story's position never meant it (its redirect to the story that path
    did mean stays), so it leaves no redirect behind.
    """
    moved = [
        Redirect(old_path=old.path, permalink=old.permalink, origin=Redirect.Origin.REPLACE)
        for old, new in pairs
        if old.path != new.path and not old.displaced
    ]
    _upsert(moved)


def _record_pages(former: Former, pages: list[Page], edition) -> None:
    """An old page URL no page has now leads to the page in its place (or the edition)."""
    slug, date = edition.newspaper.slug, edition.date.isoformat()
    now = {reverse("reader:page", args=[slug, date, p.label]): p for p in pages}
    by_order = {p.order: path for path, p in now.items()}
    fallback = reverse("reader:edition", args=[slug, date])
    gone = [
        Redirect(
            old_path=path,
            target_path=by_order.get(order, fallback),
            origin=Redirect.Origin.REPLACE,
        )
        for path, order in former.page_paths.items()
        if path not in now
    ]
    _upsert(gone)
    Redirect.objects.filter(old_path__in=list(now), origin=Redirect.Origin.REPLACE).delete()


def _upsert(rows: list[Redirect]) -> None:
    Redirect.objects.filter(old_path__in=[r.old_path for r in rows]).delete()
    Redirect.objects.bulk_create(rows, batch_size=500)


def _mark_displaced(rows: list[Article], new: list[Story]) -> None:
    """Rows whose readable URL an older link still holds; a link back to its own story goes."""
    held = Redirect.objects.filter(
        old_path__in=[s.path for s in new], origin=Redirect.Origin.REPLACE
    )
    by_path = {r.old_path: r for r in held}
    back = []
    for row, new_story in zip(rows, new, strict=True):
        redirect = by_path.get(new_story.path)
        if redirect is not None and redirect.permalink == row.permalink:
            back.append(redirect.pk)
        elif redirect is not None:
            row.displaced = True
    Redirect.objects.filter(pk__in=back).delete()


def _fresh_ids(fresh: list[Article], matched: dict[int, Story]) -> None:
    """Draw again any new id already stored, inherited or drawn twice (rare: 31**8 ids)."""
    taken = {old.permalink for old in matched.values()}
    while True:
        drawn = [row.permalink for row in fresh]
        stored = Article.objects.filter(permalink__in=drawn).values_list("permalink", flat=True)
        unusable = taken | set(stored)
        clashing = []
        for row in fresh:
            if row.permalink in unusable:
                clashing.append(row)
            unusable.add(row.permalink)
        if not clashing:
            return
        for row in clashing:
            row.permalink = new_permalink()


def record_move(slug: str, date, label: str, article: Article) -> None:
    """A wire item moved to another page (``placement``): its old URL leads to it."""
    path = article_path(slug, date.isoformat(), label, article.order)
    _upsert([Redirect(old_path=path, permalink=article.permalink, origin=Redirect.Origin.REPLACE)])


def record_old_urls(record, edition: Edition, pages: list[Page], rows: list[Article]) -> None:
    """The paths a source's own site gave its pages and articles (a legacy 数字报's
    ``node_N.htm`` and ``content_N.htm``) lead to them from now on: an article by its
    permanent id, a page by its URL. Written with the edition, in its transaction."""
    found: dict[str, Redirect] = {}
    for page, page_record in zip(pages, record.pages, strict=True):
        url = reverse(
            "reader:page", args=[edition.newspaper.slug, edition.date.isoformat(), page.label]
        )
        for old in page_record.old_urls:
            found[normalise(old)] = Redirect(old_path=normalise(old), target_path=url)
    given = (a for p in record.pages for a in p.articles)
    for article, row in zip(given, rows, strict=True):
        for old in article.old_urls:
            found[normalise(old)] = Redirect(old_path=normalise(old), permalink=row.permalink)
    for redirect in found.values():
        redirect.origin = Redirect.Origin.LEGACY
    _upsert([redirect for redirect in found.values() if len(redirect.old_path) <= 500])
