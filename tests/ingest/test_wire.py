"""NITF and NewsML-G2 on the real agency samples and IPTC's own test files."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.expand import expand
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

from .corpus_io import database_snapshot, write

pytestmark = pytest.mark.django_db
WIRE = IngestOptions(newspaper="wire", newspaper_name="通讯社稿", page="04", page_name="国际")


def ingest(*paths, **kw):
    return run_ingest(list(paths), options=kw.pop("options", WIRE), **kw)


def hl1(path) -> str:
    """The file's hl1 text, read independently of the reader under test."""
    root = etree.parse(str(path)).getroot()
    found = root.xpath("//*[local-name()='hl1']")
    return " ".join("".join(found[0].itertext()).split()) if found else ""


def test_every_nitf_sample_loads_or_is_skipped_with_reason():
    folder = corpus("agency_wire_samples/nitf")
    summary = ingest(folder)
    assert summary.errors == []
    files = sorted(folder.glob("*.xml"))
    assert summary.articles + summary.skipped == len(files)
    assert summary.skipped == 1 and "aap-finance-lite.xml" in summary.notes[0]
    stored = set(Article.objects.values_list("headline", flat=True))
    for path in files:
        if hl1(path):
            assert hl1(path) in stored, path.name
    assert set(Page.objects.values_list("label", "name")) == {("04", "国际")}


def test_nitf_subheadings_byline_and_dateline():
    summary = ingest(corpus("agency_wire_samples/nitf/nitf-ntb.xml"))
    assert summary.errors == []
    article = Article.objects.get()
    kinds = [b["type"] for b in article.body]
    assert "subheading" in kinds and "paragraph" in kinds
    assert article.byline
    root = etree.parse(str(corpus("agency_wire_samples/nitf/nitf-ntb.xml"))).getroot()
    hl2_in_body = root.xpath("//*[local-name()='body.content']//*[local-name()='hl2']")
    assert kinds.count("subheading") == len(
        [h for h in hl2_in_body if "".join(h.itertext()).strip()]
    )


def test_iso_8859_1_nitf_is_decoded_as_declared():
    ingest(corpus("agency_wire_samples/nitf/nitf-ntb.xml"))
    text = " ".join(b["text"] for b in Article.objects.get().body)
    assert re.search("[æøåÆØÅ]", text) and "\ufffd" not in text


def test_truncated_nitf_is_an_error_naming_the_line(tmp_path):
    data = corpus("agency_wire_samples/nitf/aap.xml").read_bytes()
    path = write(tmp_path / "cut.xml", data[: len(data) // 2])
    summary = ingest(path, fmt="nitf")
    assert Edition.objects.count() == 0
    [error] = summary.errors
    assert str(path) in error and "not well-formed XML" in error and "line " in error


def test_nitf_without_date_or_newspaper_is_refused(tmp_path):
    data = corpus("agency_wire_samples/nitf/aap.xml").read_bytes()
    undated = re.sub(rb"<date\.(issue|release)[^>]*/>", b"", data)
    path = write(tmp_path / "undated.xml", undated)
    assert "no date" in ingest(path).errors[0]
    summary = ingest(corpus("agency_wire_samples/nitf/aap.xml"), options=IngestOptions(page="04"))
    assert "give --newspaper" in summary.errors[0]
    assert Edition.objects.count() == 0


def test_agency_newsml_g2_loads_text_and_skips_media():
    folder = corpus("agency_wire_samples/newsml_g2")
    summary = ingest(folder)
    assert summary.errors == []
    assert summary.articles >= 20
    assert any("picture item" in n for n in summary.notes)
    assert not Article.objects.filter(headline="", body=[]).exists()


def test_items_of_one_date_share_one_edition_and_page():
    summary = ingest(corpus("agency_wire_samples/newsml_g2/ap.xml"))
    assert summary.errors == []
    assert Edition.objects.count() == 1 and Page.objects.count() == 1
    assert Article.objects.count() == 3
    assert list(Article.objects.values_list("order", flat=True).order_by("order")) == [1, 2, 3]


def test_iptc_should_pass_files_never_fail():
    files = sorted(corpus("iptc_newsml_g2/unit_test_files").glob("*/should_pass/*.xml"))
    summary = ingest(*files)
    assert summary.errors == []
    assert summary.articles >= 1 and summary.skipped >= 100


def test_iptc_should_fail_incomplete_item_is_an_error():
    path = corpus("iptc_newsml_g2/unit_test_files/2.29/should_fail/001_incomplete_file.xml")
    [(source, fmt)] = list(expand([path]))
    assert fmt.name == "newsml-g2"
    summary = ingest(path)
    assert "newsItem without itemMeta/itemClass" in summary.errors[0]
    assert "newsItem (line 9)" in summary.errors[0]  # where its start tag ends
    assert Edition.objects.count() == 0


def test_inline_nitf_in_g2_gives_headline_byline_and_body():
    path = corpus("iptc_newsml_g2/examples/LISTING_2_NewsML-G2_Text_Document.xml")
    assert ingest(path).errors == []
    article = Article.objects.get()
    assert article.headline == hl1(path) and article.byline and len(article.body) == 2


def test_wire_rerun_is_idempotent_and_changes_need_replace(tmp_path):
    folder = corpus("agency_wire_samples/nitf")
    ingest(folder)
    before, count = database_snapshot(), Article.objects.count()
    again = ingest(folder)
    assert again.errors == [] and again.editions == 0 and database_snapshot() == before
    data = (folder / "aap.xml").read_bytes().replace(b"<p>", b"<p>UPDATED ", 1)
    changed = write(tmp_path / "aap.xml", data)
    refused = ingest(changed)
    assert "different content (use --replace)" in refused.errors[0]
    assert database_snapshot() == before
    assert ingest(changed, replace=True).errors == []
    assert Article.objects.filter(body__icontains="UPDATED").count() == 1
    assert Article.objects.count() == count  # updated in place, not added
