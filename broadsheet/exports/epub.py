"""``broadsheet export epub``: one edition as an EPUB 3 text edition for e-readers (ebooklib).

Its articles in page order, one XHTML document each (引题, 主标题, 副标题,
byline, paragraphs, subheadings, pictures with captions), a table of contents
by page (第01版：要闻 → its headlines), the first page's image as the cover.
A continued article (转版) appears once, on the page where it starts, as in the
reader. Only a public edition can be exported (``selection.edition``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from ebooklib import epub

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.editions.serializers import article_title

from . import selection

STYLE = """body { font-family: serif; line-height: 1.6; }
.page-label, .kicker, .byline { color: #555; font-size: 0.9em; }
.subheadline { font-weight: bold; }
figure { margin: 1em 0; } img { max-width: 100%; } figcaption { font-size: 0.9em; }
"""


def export_epub(newspaper: str, date: dt.date, out: Path) -> Edition:
    """Write the public edition of ``newspaper`` on ``date`` to ``out``; raises ``NotPublic``."""
    edition = selection.edition(newspaper, date)
    book = _book(edition)
    style = epub.EpubItem(
        uid="style", file_name="style.css", media_type="text/css", content=STYLE.encode()
    )
    book.add_item(style)
    toc: list = []
    spine: list[epub.EpubHtml] = []
    pictures: dict[str, str] = {}
    for page in selection.pages(edition):
        chapters = [_chapter(book, page, a, i == 0, pictures) for i, a in enumerate(_own(page))]
        for chapter in chapters:
            chapter.add_item(style)
        if chapters:
            toc.append((epub.Section(_page_title(page), chapters[0].file_name), chapters))
            spine += chapters
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *spine]
    _write(book, out)
    return edition


def _book(edition: Edition) -> epub.EpubBook:
    paper = edition.newspaper
    book = epub.EpubBook()
    book.set_identifier(f"urn:broadsheet:{paper.slug}:{edition.date.isoformat()}")
    book.set_title(_edition_title(edition))
    book.set_language(paper.language or "zh-hans")
    book.add_author(paper.publisher.name)
    book.add_metadata("DC", "publisher", paper.publisher.name)
    book.add_metadata("DC", "date", edition.date.isoformat())
    if paper.publisher.copyright:
        book.add_metadata("DC", "rights", paper.publisher.copyright)
    _cover(book, edition)
    return book


def _edition_title(edition: Edition) -> str:
    title = f"{edition.newspaper.name} {edition.date.isoformat()}"
    if edition.issue_number is not None:
        title += " " + _("第%(n)s期") % {"n": edition.issue_number}
    return title


def _cover(book: epub.EpubBook, edition: Edition) -> None:
    """The first page's image as the cover, as a printed edition is known by its front page."""
    first = edition.pages.order_by("order").first()
    name = first.image.name if first is not None else ""
    if name:
        extension = posixpath.splitext(name)[1] or ".jpg"
        book.set_cover(f"cover{extension}", _read(name))


def _own(page: Page) -> list[Article]:
    """The page's own articles in order (continuations are read where they start)."""
    return list(page.articles.all())


def _page_title(page: Page) -> str:
    title = _("第%(label)s版") % {"label": page.label}
    return f"{title}：{page.name}" if page.name else title


def _chapter(book, page: Page, article: Article, first: bool, pictures: dict) -> epub.EpubHtml:
    blocks = [_picture(book, b, pictures) if b.get("type") == "image" else b for b in article.body]
    title = article_title(article)
    chapter = epub.EpubHtml(
        title=title,
        file_name=f"p{page.order:03d}-{article.order:06d}.xhtml",
        lang=page.edition.newspaper.language or "zh-hans",
    )
    context = {"page": page, "article": article, "title": title, "blocks": blocks}
    chapter.content = render_to_string(
        "exports/epub_article.html", context | {"page_heading": first}
    )
    book.add_item(chapter)
    return chapter


def _picture(book: epub.EpubBook, block: dict, pictures: dict) -> dict:
    """An image block pointing at the picture inside the book (added once)."""
    name = block.get("src", "")
    if name and name not in pictures:
        pictures[name] = f"images/{posixpath.basename(name)}"
        item = epub.EpubImage(file_name=pictures[name], content=_read(name))
        item.media_type = _media_type(name)
        book.add_item(item)
    return {**block, "src": pictures.get(name, "")}


def _media_type(name: str) -> str:
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml"}.get(
        extension, f"image/{extension}"
    )


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def _write(book: epub.EpubBook, out: Path) -> None:
    """Write the book whole or not at all."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    epub.write_epub(str(partial), book)
    partial.replace(out)
