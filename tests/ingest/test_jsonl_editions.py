"""JSON Lines that carry whole editions (the fields ``broadsheet export jsonl`` writes):
page files beside the file, hotspots, 转版, pictures, the publisher, pages without articles."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from PIL import Image

from broadsheet.editions.models import ArticleJump, Edition, Newspaper, Page
from tests.builders import ingest_json, page_pdf, page_png

pytestmark = pytest.mark.django_db

AREA = [[[0.1, 0.1], [0.9, 0.1], [0.9, 0.5], [0.1, 0.5]]]


def write_lines(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return path


def edition_lines() -> list[dict]:
    """An edition whose first page has no article (so its first line has no paragraphs)."""
    head = {"newspaper": "chenbao", "date": "2024-03-01"}
    return [
        {
            **head,
            "newspaper_name": "晨报",
            "language": "zh-hant",
            "publisher": {"name": "晨报社", "copyright": "版权所有 晨报社", "tech_support": "技术"},
            "issue_number": 7,
            "page": "01",
            "page_name": "广告",
            "page_image": "files/01.png",
        },
        {
            **head,
            "page": "02",
            "page_image": "files/02.png",
            "page_pdf": "files/02.pdf",
            "order": 3,
            "headline": "跨版文章",
            "paragraphs": [
                "第一段",
                {"type": "image", "src": "files/photo.png", "caption": "说明"},
            ],
            "hotspot": AREA,
            "jumps": [{"page": "01", "hotspot": AREA}],
            "machine_found": True,
        },
    ]


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "files").mkdir()
    page_png(tmp_path / "files/01.png", "01")
    page_png(tmp_path / "files/02.png", "02")
    page_pdf(tmp_path / "files/02.pdf", "02")
    Image.new("RGB", (40, 30), "gray").save(tmp_path / "files/photo.png")
    return tmp_path


def test_a_whole_edition_loads_with_format_auto(folder):
    summary = ingest_json(write_lines(folder / "e.jsonl", edition_lines()))
    assert summary["errors"] == [] and summary["editions"] == 1
    paper = Newspaper.objects.select_related("publisher").get()
    assert (paper.language, paper.publisher.name, paper.publisher.tech_support) == (
        "zh-hant",
        "晨报社",
        "技术",
    )
    edition = Edition.objects.get()
    assert edition.issue_number == 7
    first, second = Page.objects.order_by("order")
    assert (first.label, first.name, first.articles.count()) == ("01", "广告", 0)
    assert first.image.name and first.thumbnail.name and second.pdf.name
    article = second.articles.get()
    assert (article.order, article.hotspot, article.machine_found) == (3, AREA, True)
    assert article.body[1]["src"].startswith("images/") and article.body[1]["caption"] == "说明"
    assert ArticleJump.objects.get().page == first


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"page_image": "files/missing.png"}, "line 2: page_image: no file 'files/missing.png'"),
        ({"page_image": "../outside.png"}, "line 2 .page_image"),
        ({"page_pdf": "files/02.png"}, "line 2: page_pdf: 'files/02.png'"),
        ({"page_image": "files/02.pdf"}, "line 2: page_image: 'files/02.pdf' is not an image"),
    ],
)
def test_a_bad_file_is_named_with_its_line(folder, change, message):
    lines = edition_lines()
    lines[1].update(change)
    summary = ingest_json(write_lines(folder / "e.jsonl", lines))
    assert summary["editions"] == 0
    assert any(message in e for e in summary["errors"]), summary["errors"]


def test_a_link_out_of_the_folder_is_refused(folder, tmp_path_factory):
    outside = tmp_path_factory.mktemp("private") / "secret.png"
    page_png(outside, "99")
    (folder / "files/link.png").symlink_to(outside)
    lines = edition_lines()
    lines[0]["page_image"] = "files/link.png"
    summary = ingest_json(write_lines(folder / "e.jsonl", lines))
    assert any("'files/link.png' is a link that leaves the folder" in e for e in summary["errors"])


def test_a_page_line_may_not_carry_article_fields(folder):
    lines = edition_lines()
    lines[0]["headline"] = "无正文"
    summary = ingest_json(write_lines(folder / "e.jsonl", lines))
    assert any(
        "line 1" in e and "'paragraphs' is a dependency of 'headline'" in e
        for e in summary["errors"]
    ), summary["errors"]


def test_files_need_the_file_on_disk(folder):
    path = folder / "e.jsonl.gz"
    path.write_bytes(gzip.compress(write_lines(folder / "plain", edition_lines()).read_bytes()))
    summary = ingest_json(path, format="jsonl")
    assert any("files are named only in a file on disk" in e for e in summary["errors"])
