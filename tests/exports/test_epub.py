"""``broadsheet export epub``: one edition as an EPUB 3 book, read back with ebooklib and
checked by epubcheck (Debian's ``epubcheck`` package)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import ebooklib
import pytest
from django.core.management import CommandError, call_command
from ebooklib import epub

pytestmark = pytest.mark.django_db


def make_book(tmp_path, paper="chenbao", date="2024-03-01"):
    out = tmp_path / f"{paper}-{date}.epub"
    call_command("export", "epub", paper, date, str(out))
    return out


def documents(book) -> list[str]:
    """The book's XHTML documents in reading order (the spine), as text."""
    spine = [book.get_item_with_id(ref) for ref, _ in book.spine]
    return [item.get_content().decode("utf-8") for item in spine if item is not None]


def test_articles_in_page_order_with_heads_bylines_and_pictures(editions, tmp_path):
    book = epub.read_epub(str(make_book(tmp_path)))
    assert book.get_metadata("DC", "title")[0][0] == "晨报 2024-03-01 第100期"
    assert book.get_metadata("DC", "language")[0][0] == "zh-hans"
    text = "\n".join(documents(book)[1:])  # after the table of contents
    first, second = text.index("第01版头条"), text.index("第02版头条")
    assert first < text.index("◆市图书馆本周末") < second  # page 01's articles, then 02's
    assert "引题：春耕时节" in text and "记者 李明" in text and "各地抢抓农时" in text
    assert "<h2>科技助力 农机先行</h2>" in text
    assert "<figcaption>晨光中的老街</figcaption>" in text
    pictures = [i for i in book.get_items_of_type(ebooklib.ITEM_IMAGE)]
    assert any(i.file_name.startswith("images/") for i in pictures)
    assert any(i.get_content().startswith(b"\x89PNG") for i in pictures)
    # The continued article (转版) is read once, where it starts.
    assert text.count("第01版头条") == 1
    toc = [section.title for section, _ in book.toc]
    assert toc == ["第01版：要闻", "第02版：综合"]


def epubcheck() -> list[str]:
    """How to run Debian's epubcheck: its /usr/bin/epubcheck is the jar itself, which runs
    by name only where binfmt_misc knows jars; java -jar runs it everywhere."""
    found = shutil.which("epubcheck")
    if found is None or shutil.which("java") is None:
        pytest.skip("epubcheck not installed (Debian: apt-get install epubcheck)")
    return ["java", "-jar", str(Path(found).resolve())]


def test_epubcheck_finds_nothing_wrong(editions, tmp_path):
    command = [*epubcheck(), str(make_book(tmp_path))]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_hidden_edition_is_refused(editions, tmp_path):
    _, hidden = editions
    for edition in hidden:
        with pytest.raises(CommandError, match="no public edition of 'chenbao'"):
            make_book(tmp_path, date=edition.date.isoformat())
    assert not list(tmp_path.glob("*.epub*"))


def test_bad_arguments_are_named(editions, tmp_path):
    with pytest.raises(CommandError, match="DATE '2024-13-01': not a date"):
        make_book(tmp_path, date="2024-13-01")
    with pytest.raises(CommandError, match="PAPER 'Bad_Slug'"):
        make_book(tmp_path, paper="Bad_Slug")
