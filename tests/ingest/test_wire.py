"""NITF and NewsML-G2 on the real agency samples and IPTC's own test files."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.expand import expand
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.formats.xmltext import spaced_text
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

from .corpus_io import database_snapshot, write

pytestmark = pytest.mark.django_db
WIRE = IngestOptions(newspaper="wire", newspaper_name="通讯社稿", page="04", page_name="国际")


def ingest(*paths, **kw):
    return run_ingest(list(paths), options=kw.pop("options", WIRE), **kw)


def hl1(path) -> str:
    """The file's hl1 text, read independently of the reader under test.

    Bytes that are valid UTF-8 are read as UTF-8 whatever the declaration says
    (two samples declare ISO-8859-1 but are UTF-8).
    """
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        parser = etree.XMLParser(encoding="utf-8")
    except UnicodeDecodeError:
        parser = etree.XMLParser()
    root = etree.fromstring(data, parser)
    found = root.xpath("//*[local-name()='hl1']")
    return " ".join("".join(found[0].itertext()).split()) if found else ""


def doc_id(path) -> str:
    """The file's doc-id@id-string, read independently of the reader under test."""
    found = etree.parse(str(path)).getroot().xpath("//*[local-name()='doc-id']/@id-string")
    return found[0] if found else ""


def test_every_nitf_sample_loads_or_is_skipped_with_reason():
    folder = corpus("agency_wire_samples/nitf")
    summary = ingest(folder)
    assert summary.errors == []
    files = sorted(folder.glob("*.xml"))
    assert summary.skipped == 1 and "aap-finance-lite.xml" in summary.notes[0]
    printed = [p for p in files if p.name != "aap-finance-lite.xml"]
    latest = {doc_id(p) or p.name: p for p in printed}  # one story per doc-id: the later file
    assert summary.articles == Article.objects.count() == len(latest) < len(printed)
    stored = set(Article.objects.values_list("headline", flat=True))
    for path in files:
        if hl1(path) and path in latest.values():
            assert hl1(path) in stored, path.name
    assert hl1(folder / "aap-1.xml") not in stored  # aap.xml has its doc-id and comes later
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


@pytest.mark.parametrize(
    ("name", "fragment", "mojibake"),
    [("mapping_test.xml", "København", "KÃ¸benhavn"), ("pa4.xml", "£25 million", "Â£25")],
)
def test_utf8_declared_as_latin_1_is_read_as_utf8(name, fragment, mojibake):
    """These files declare ISO-8859-1 but their bytes are UTF-8: the bytes win."""
    assert ingest(corpus(f"agency_wire_samples/nitf/{name}")).errors == []
    article = Article.objects.get()
    text = " ".join([article.headline, *(b["text"] for b in article.body)])
    assert fragment in text and mojibake not in text and "Ã" not in text


def test_real_latin_1_is_still_read_as_declared():
    assert ingest(corpus("agency_wire_samples/nitf/pa5.xml")).errors == []
    text = " ".join(b["text"] for b in Article.objects.get().body)
    assert "£66 billion" in text and "\ufffd" not in text


def first_text(path, name: str) -> str:
    """The whitespace-normalised text of the file's first element ``name``, read with lxml."""
    found = etree.parse(str(path)).getroot().xpath(f"//*[local-name()='{name}']")
    return " ".join(" ".join(t.strip() for t in found[0].itertext()).split())


@pytest.mark.parametrize(
    "name", ["agency_wire_samples/nitf/pa2.xml", "agency_wire_samples/newsml_g2/scoop.xml"]
)
def test_headline_falls_back_to_head_title(name):
    path = corpus(name)
    assert hl1(path) == ""  # no hl1 at all
    assert ingest(path).errors == []
    assert Article.objects.get().headline == first_text(path, "title") != ""


def test_byline_parts_are_joined_with_spaces():
    """``By<person>…</person><byttl>…</byttl>`` keeps a space between its parts."""
    path = corpus("agency_wire_samples/newsml_g2/scoop.xml")
    assert ingest(path).errors == []
    byline = Article.objects.get().byline
    assert byline == first_text(path, "byline") and byline.startswith("By ")
    assert len(byline.split()) == 4


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        ("<byline>By<person>A B</person><byttl>Desk</byttl></byline>", "By A B Desk"),
        ("<byline>By <person>A B</person>, <byttl>Desk</byttl></byline>", "By A B, Desk"),
        ("<byline>By A B<byttl>Desk</byttl></byline>", "By A B Desk"),
        ("<byline>记者<person>王五</person>（<byttl>北京</byttl>）</byline>", "记者王五（北京）"),
    ],
)
def test_spaced_text_separates_parts_but_not_punctuation(xml, expected):
    assert spaced_text(etree.fromstring(xml)) == expected


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


def aap_copy(tmp_path, name: str, doc: bytes, headline: bytes | None = None):
    """aap.xml with another doc-id (and headline), its first paragraph marked as this copy's."""
    data = corpus("agency_wire_samples/nitf/aap.xml").read_bytes()
    data = data.replace(b"AAP.115314987.5417374", doc).replace(b"<p>", b"<p>" + doc + b" ", 1)
    if headline is not None:
        data = re.sub(rb"<hl1>[^<]*</hl1>", b"<hl1>" + headline + b"</hl1>", data)
    folder = tmp_path / name.rsplit(".", 1)[0]
    folder.mkdir(exist_ok=True)
    return write(folder / name, data)


def test_two_items_with_one_headline_both_land(tmp_path):
    one, two = aap_copy(tmp_path, "one.xml", b"AAP.1"), aap_copy(tmp_path, "two.xml", b"AAP.2")
    assert ingest(one, two).errors == []
    assert Article.objects.count() == 2 and len(set(Article.objects.values_list("headline"))) == 1
    three = aap_copy(tmp_path, "three.xml", b"AAP.3")
    assert ingest(one, two, three).errors == []  # a later run: added, not refused
    assert sorted(Article.objects.values_list("source_id", flat=True)) == [
        "AAP.1",
        "AAP.2",
        "AAP.3",
    ]


def test_corrected_nitf_with_a_new_headline_is_the_same_item(tmp_path):
    assert ingest(aap_copy(tmp_path, "a.xml", b"AAP.9")).errors == []
    corrected = aap_copy(tmp_path, "b.xml", b"AAP.9", headline="更正后的标题".encode())
    refused = ingest(corrected)
    assert (
        "page 04 of wire 2013-10-20 already holds item AAP.9 with different content"
        in (refused.errors[0])
    )
    assert ingest(corrected, replace=True).errors == []
    assert list(Article.objects.values_list("headline", "order")) == [("更正后的标题", 1)]


def dpa_version(tmp_path, version: int, headline: str):
    data = corpus("agency_wire_samples/newsml_g2/dpa.xml").read_bytes()
    data = data.replace(b'version="1" xml:lang', f'version="{version}" xml:lang'.encode())
    data = re.sub(rb"<headline rank=\"1\">[^<]*<", f'<headline rank="1">{headline}<'.encode(), data)
    return write(tmp_path / f"dpa-v{version}.xml", data)


def test_newer_newsml_g2_version_replaces_an_older_is_skipped(tmp_path):
    v1, v2 = dpa_version(tmp_path, 1, "第一版"), dpa_version(tmp_path, 2, "第二版")
    assert ingest(v1).errors == []
    assert ingest(v2).errors == []  # a newer version needs no --replace
    assert list(Article.objects.values_list("headline", "source_version")) == [("第二版", 2)]
    again = ingest(v1)
    assert again.errors == [] and again.editions == 0
    assert list(Article.objects.values_list("headline", "source_version")) == [("第二版", 2)]


def test_older_version_later_in_one_run_is_skipped_and_noted(tmp_path):
    v3, v2 = dpa_version(tmp_path, 3, "第三版"), dpa_version(tmp_path, 2, "第二版")
    summary = ingest(v3, v2)
    assert summary.errors == [] and summary.articles == 1
    assert any("version 2 skipped: version 3 read" in n for n in summary.notes)
    assert Article.objects.get().headline == "第三版"


def test_another_page_moves_the_item_only_with_replace(tmp_path):
    path = corpus("agency_wire_samples/nitf/aap.xml")
    assert ingest(path).errors == []
    page05 = IngestOptions(newspaper="wire", page="05", page_name="财经")
    refused = ingest(path, options=page05)
    assert (
        "item AAP.115314987.5417374 is already on page 04 of wire 2013-10-20; "
        "use --replace to move it to page 05" in refused.errors[0]
    )
    assert list(Article.objects.values_list("page__label", flat=True)) == ["04"]
    assert ingest(path, options=page05, replace=True).errors == []
    assert list(Article.objects.values_list("page__label", flat=True)) == ["05"]


def test_articles_stored_without_identity_are_found_by_headline():
    path = corpus("agency_wire_samples/nitf/aap.xml")
    ingest(path)
    Article.objects.update(source_id="")  # as loaded before identities were kept
    assert ingest(path).errors == []
    assert list(Article.objects.values_list("source_id", flat=True)) == ["AAP.115314987.5417374"]


def test_a_version_whose_date_moved_leaves_no_trace_on_the_old_date(tmp_path):
    v1 = dpa_version(tmp_path, 1, "第一版")
    moved = v1.read_bytes().replace(b"2022-10-11T11:14:42", b"2022-10-12T11:14:42")
    v2 = write(
        tmp_path / "dpa-v2.xml", moved.replace(b'version="1" xml:lang', b'version="2" xml:lang')
    )
    summary = ingest(v1, v2)
    assert summary.errors == [] and summary.editions == 1
    assert [e.isoformat() for e in Edition.objects.values_list("date", flat=True)] == ["2022-10-12"]
    assert Article.objects.get().source_version == 2


def test_an_item_moved_to_another_page_keeps_its_permanent_link(tmp_path, client):
    path = corpus("agency_wire_samples/nitf/aap.xml")
    ingest(path)
    token = Article.objects.get().permalink
    page05 = IngestOptions(newspaper="wire", page="05", page_name="财经")
    assert ingest(path, options=page05, replace=True).errors == []
    assert Article.objects.get().permalink == token
    Edition.objects.update(status="published")
    old = client.get("/wire/2013-10-20/04/1/")
    assert old.status_code == 302 and old["Location"] == "/wire/2013-10-20/05/1/"
