"""A folder or zip of page PDFs named by label (``--format pdf-pages``), article text beside."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.formats.pdf_pages import page_label
from broadsheet.pages.models import PageText
from tests.builders import ingest_json
from tests.pdfs import (
    HEADLINE,
    corrupt_page,
    encrypted_page,
    huge_page,
    text_page,
    zero_page_pdf,
)

pytestmark = pytest.mark.django_db

HOTSPOT = [[[0.1, 0.1], [0.9, 0.1], [0.9, 0.3], [0.1, 0.3]]]


def page_folder(root, name="2024-03-01", files=("01-要闻.pdf", "02.pdf"), articles=None):
    folder = root / name
    folder.mkdir(parents=True)
    for i, file_name in enumerate(files):
        (folder / file_name).write_bytes(text_page(f"第{i + 1}版的头条标题"))
    if articles is not None:
        lines = [json.dumps(a, ensure_ascii=False) for a in articles]
        (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def zipped(folder, members=None):
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"{folder.name}/{path.name}")
        for name, data in (members or {}).items():
            zf.writestr(name, data)
    return archive


@pytest.mark.parametrize(
    ("file_name", "label", "name"),
    [
        ("01.pdf", "01", ""),
        ("A01.pdf", "A01", ""),
        ("01-要闻.pdf", "01", "要闻"),
        ("A03_国际新闻.PDF", "A03", "国际新闻"),
        ("05要闻.pdf", "05", "要闻"),
        ("B2-3.pdf", "B2-3", ""),
        ("12 Sports.pdf", "12", "Sports"),
    ],
)
def test_the_file_name_gives_the_label_and_the_page_name(file_name, label, name):
    assert page_label(file_name) == (label, name)


def test_a_folder_of_page_pdfs_becomes_an_edition_dated_by_its_name(tmp_path):
    folder = page_folder(tmp_path, files=("10.pdf", "02.pdf", "01-要闻.pdf"))
    summary = ingest_json(folder, format="pdf-pages", newspaper="chenbao")
    assert summary["loaded"] == ["chenbao 2024-03-01"], summary
    pages = list(Page.objects.order_by("order").values_list("label", "name", "width"))
    assert pages == [("01", "要闻", 1200), ("02", "", 1200), ("10", "", 1200)]
    assert "第3版的头条标题" in Page.objects.get(label="01").text_layer.text.text
    assert Edition.objects.get().newspaper.name == "chenbao"


def test_found_without_format_and_dated_by_option_from_a_zip(tmp_path):
    archive = zipped(page_folder(tmp_path, name="pages"))
    summary = ingest_json(archive, newspaper="chenbao", newspaper_name="晨报", date="2024-05-04")
    assert summary["loaded"] == ["chenbao 2024-05-04"], summary
    assert Page.objects.count() == 2 and PageText.objects.count() == 2
    assert Edition.objects.get().newspaper.name == "晨报"


def test_articles_beside_the_pdfs_land_on_their_pages(tmp_path):
    articles = [
        {"page": "02", "headline": "第二版的文章", "body": [{"type": "paragraph", "text": "正文"}]},
        {"page": "01", "headline": HEADLINE, "body": [], "hotspot": HOTSPOT},
    ]
    summary = ingest_json(page_folder(tmp_path, articles=articles), newspaper="chenbao")
    assert summary["articles"] == 2, summary
    first = Article.objects.get(page__label="01")
    assert first.headline == HEADLINE and first.hotspot == HOTSPOT  # the editor's own wins
    assert Article.objects.get(page__label="02").lead == "正文"


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        ('{"page": "01", "body": [}', "articles.jsonl: line 1: invalid JSON"),
        ('{"page": "07", "body": []}', "articles.jsonl: line 1 page: no page PDF for page '07'"),
        ('\n{"page": "01"}', "articles.jsonl: line 2 (top level): missing 'body'"),
    ],
)
def test_a_bad_articles_file_is_refused_by_line(tmp_path, articles, expected):
    folder = page_folder(tmp_path)
    (folder / "articles.jsonl").write_text(articles, "utf-8")
    [error] = ingest_json(folder, newspaper="chenbao")["errors"]
    assert expected in error
    assert not Edition.objects.exists()


def test_without_newspaper_or_date_the_error_says_what_to_give(tmp_path):
    folder = page_folder(tmp_path, name="pages")
    assert "give --newspaper" in ingest_json(folder, format="pdf-pages")["errors"][0]
    no_date = ingest_json(folder, format="pdf-pages", newspaper="chenbao")["errors"][0]
    assert "no edition date: give --date" in no_date


def _corrupt(folder):
    (folder / "02.pdf").write_bytes(corrupt_page())


def _encrypted(folder):
    (folder / "02.pdf").write_bytes(encrypted_page())


def _empty(folder):
    (folder / "02.pdf").write_bytes(zero_page_pdf())


def _huge(folder):
    (folder / "02.pdf").write_bytes(huge_page())


def _twice(folder):
    (folder / "01.pdf").write_bytes(text_page())


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (_corrupt, "2024-03-01/02.pdf: '02.pdf' is a damaged PDF"),
        (_encrypted, "2024-03-01/02.pdf: '02.pdf' is encrypted: it needs a password"),
        (_empty, "2024-03-01/02.pdf: '02.pdf' is a damaged PDF, or one that holds no page"),
        (_huge, "2024-03-01/02.pdf: '02.pdf' has page 1 of 30,000 x 30,000 pt"),
        (_twice, "2024-03-01: page label '01' appears twice: '01-要闻.pdf' and '01.pdf'"),
    ],
)
def test_bad_page_pdfs_are_refused_by_name_and_the_run_goes_on(tmp_path, break_it, expected):
    bad = page_folder(tmp_path / "bad")
    break_it(bad)
    good = page_folder(tmp_path / "good", name="2024-03-02")
    summary = ingest_json(bad, good, format="pdf-pages", newspaper="chenbao")
    [error] = summary["errors"]
    assert expected in error
    assert summary["loaded"] == ["chenbao 2024-03-02"]
    assert Page.objects.count() == 2 and PageText.objects.count() == 2


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    folder = page_folder(tmp_path)
    (tmp_path / "elsewhere.pdf").write_bytes(text_page())
    (folder / "03.pdf").symlink_to(tmp_path / "elsewhere.pdf")
    [error] = ingest_json(folder, newspaper="chenbao")["errors"]
    assert "2024-03-01/03.pdf: a symbolic link to a file outside the folder" in error
    assert not Edition.objects.exists()


def test_a_zip_member_outside_the_zip_is_refused(tmp_path):
    archive = zipped(page_folder(tmp_path), members={"../02.pdf": text_page()})
    good = page_folder(tmp_path / "good", name="2024-03-02")
    summary = ingest_json(archive, good, newspaper="chenbao")
    [error] = summary["errors"]
    assert f"{archive}: member '../02.pdf' points outside the zip; refused" in error
    assert summary["loaded"] == ["chenbao 2024-03-02"]


def test_a_file_name_label_keeps_the_one_label_rule():
    with pytest.raises(ValueError, match="breaks the rule"):
        page_label("A" + "1" * 16 + ".pdf")  # 17 characters: longer than a label may be


@override_settings(INGEST_LIMITS={"archive_bytes": 5_000})
def test_a_zip_of_page_pdfs_that_unpacks_past_the_bound_is_refused(tmp_path):
    archive = zipped(page_folder(tmp_path))
    good = page_folder(tmp_path / "good", name="2024-03-02")
    summary = ingest_json(archive, good, newspaper="chenbao")
    [error] = summary["errors"]
    assert f"{archive}: its files unpack to" in error and "archive_bytes" in error
    assert summary["loaded"] == ["chenbao 2024-03-02"]


@override_settings(INGEST_LIMITS={"member_bytes": 1_000})
def test_a_page_pdf_in_a_zip_larger_than_a_member_may_be_is_refused(tmp_path):
    archive = zipped(page_folder(tmp_path))
    [error] = ingest_json(archive, newspaper="chenbao")["errors"]
    assert "member_bytes" in error and "01-要闻.pdf" in error
    assert not Edition.objects.exists()


@pytest.mark.parametrize("date", ["9999-12-31", "1066-10-14"])
def test_a_date_outside_the_rule_is_refused_before_anything_runs(tmp_path, date):
    folder = page_folder(tmp_path, name="pages")
    with pytest.raises(CommandError, match=f"--date: date {date} is outside"):
        call_command("ingest", str(folder), newspaper="chenbao", date=date, stdout=io.StringIO())
