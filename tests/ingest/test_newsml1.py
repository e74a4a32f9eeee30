"""NewsML 1.x on the real AFP and ANA-MPA samples and small hand-made documents."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from lxml import etree, html

from broadsheet.editions.models import Article, Edition, Newspaper
from broadsheet.ingest.expand import expand
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

from .corpus_io import database_snapshot, write

pytestmark = pytest.mark.django_db
WIRE = IngestOptions(newspaper="wire", newspaper_name="通讯社稿", page="04", page_name="国际")
FOLDER = "agency_wire_samples/newsml1"


def ingest(*paths, **kw):
    return run_ingest(list(paths), options=kw.pop("options", WIRE), **kw)


def sample(name: str):
    return corpus(f"{FOLDER}/{name}")


def parsed(path) -> etree._Element:
    """The file read independently of the reader under test: UTF-8 bytes as UTF-8.

    ``afp20.xml`` declares ISO-8859-1 but its bytes are UTF-8 (see nitf.md).
    """
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        return etree.fromstring(data, etree.XMLParser(encoding="utf-8"))
    except UnicodeDecodeError:
        return etree.fromstring(data)


def first(root: etree._Element, name: str) -> str:
    found = root.xpath(f"//*[local-name()='{name}']")
    return " ".join("".join(found[0].itertext()).split()) if found else ""


def paragraphs(root: etree._Element) -> int:
    """Non-empty paragraphs of the DataContent: elements, or HTML inside CDATA."""
    data = root.xpath("//*[local-name()='DataContent']")[0]
    tree = data if len(data) else html.fragment_fromstring(data.text, create_parent="div")
    named_p = (p for p in tree.iter() if isinstance(p.tag, str) and etree.QName(p).localname == "p")
    return sum(1 for p in named_p if "".join(p.itertext()).strip())


def stored_text(article: Article) -> str:
    return " ".join([article.headline, article.subheadline, *(b["text"] for b in article.body)])


def test_every_sample_is_recognised_and_loads():
    files = sorted(corpus(FOLDER).glob("*.xml"))
    assert len(files) == 3
    assert [fmt.name for _, fmt in expand(files)] == ["newsml1"] * 3
    summary = ingest(corpus(FOLDER))
    assert summary.errors == [] and summary.skipped == 0
    assert summary.articles == Article.objects.count() == len(files)
    for path in files:
        root = parsed(path)
        article = Article.objects.get(headline=first(root, "HeadLine"))
        assert len(article.body) == paragraphs(root), path.name
        assert article.source_id.endswith(first(root, "NewsItemId"))
        assert article.source_version == int(first(root, "RevisionId"))


def test_dates_come_from_first_created():
    ingest(corpus(FOLDER))
    dates = {
        a.headline: a.page.edition.date for a in Article.objects.select_related("page__edition")
    }
    expected = {
        "afp.xml": dt.date(2014, 8, 29),
        "afp20.xml": dt.date(2024, 7, 10),
        "ana1.xml": dt.date(2018, 4, 4),
    }
    for name, date in expected.items():
        assert dates[first(parsed(sample(name)), "HeadLine")] == date, name


def test_french_accents_and_greek_decode_cleanly():
    assert ingest(corpus(FOLDER)).errors == []
    for article in Article.objects.all():
        text = stored_text(article)
        assert "\ufffd" not in text and "Ã" not in text and "Â" not in text
    french = Article.objects.get(headline=first(parsed(sample("afp20.xml")), "HeadLine"))
    assert re.search("[éèà]", stored_text(french))
    greek = Article.objects.get(headline=first(parsed(sample("ana1.xml")), "HeadLine"))
    assert re.search("[\u0391-\u03c9]{3}", stored_text(greek))


def test_inline_nitf_body_and_newslines_dateline():
    assert ingest(sample("afp.xml"), fmt="newsml1").errors == []
    article = Article.objects.get()
    root = parsed(sample("afp.xml"))
    assert article.body[0]["text"].startswith(first(root, "DateLine"))
    assert Edition.objects.get().newspaper.language == "en"


def test_cdata_html_body_and_bare_date_dateline():
    assert ingest(sample("ana1.xml")).errors == []
    article = Article.objects.get()
    root = parsed(sample("ana1.xml"))
    assert article.subheadline == first(root, "SubHeadLine")
    assert not article.body[0]["text"].startswith(first(root, "DateLine"))  # "4/4/2018" alone
    assert all("<" not in b["text"] for b in article.body)
    publisher = Newspaper.objects.get().publisher.name  # the Source party, in Greek capitals
    assert re.search("[\u0391-\u03a9]{3}", publisher) and "\ufffd" not in publisher


def test_rerun_is_idempotent_and_a_later_revision_updates_in_place(tmp_path):
    ingest(corpus(FOLDER))
    before = database_snapshot()
    assert ingest(corpus(FOLDER)).editions == 0 and database_snapshot() == before
    data = sample("afp.xml").read_bytes().replace(b"<p>", b"<p>REVISED ", 1)
    revised = re.sub(rb"(<RevisionId[^>]*>)1<", rb"\g<1>2<", data)
    assert ingest(write(tmp_path / "afp.xml", revised)).errors == []
    assert Article.objects.count() == 3
    assert Article.objects.get(body__icontains="REVISED").source_version == 2


def envelope(items: bytes, declaration: bytes = b'<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return (
        declaration
        + b"\n<NewsML><NewsEnvelope><DateAndTime>20240102T0300Z</DateAndTime>"
        + (b"</NewsEnvelope>" + items + b"</NewsML>")
    )


def item(item_id: bytes, component: bytes, created: bytes = b"20240102T030000Z") -> bytes:
    """A NewsItem dated by ``created`` (FirstCreated and DateId; empty: undated)."""
    return (
        b"<NewsItem><Identification><NewsIdentifier><ProviderId>example.org</ProviderId>"
        b"<DateId>" + created[:8] + b"</DateId><NewsItemId>" + item_id + b"</NewsItemId>"
        b"<RevisionId>1</RevisionId></NewsIdentifier></Identification>"
        b"<NewsManagement><FirstCreated>"
        + created
        + b"</FirstCreated></NewsManagement>"
        + component
        + b"</NewsItem>"
    )


def story(headline: bytes, body: bytes, media: bytes = b"Text") -> bytes:
    return (
        b"<NewsComponent><NewsLines><HeadLine>" + headline + b"</HeadLine>"
        b"<ByLine>By <Person>A. Writer</Person></ByLine></NewsLines>"
        b'<ContentItem><MediaType FormalName="' + media + b'"/>'
        b"<DataContent>" + body + b"</DataContent></ContentItem></NewsComponent>"
    )


def test_several_items_and_a_package_of_stories(tmp_path):
    package = (
        b"<NewsComponent><NewsLines><HeadLine>Package</HeadLine></NewsLines>"
        + story(b"First story", b"<p>One.</p>")
        + story(b"Second story", b"<p>Two.</p><p>Three.</p>")
        + b"</NewsComponent>"
    )
    photo = story(b"A picture", b"", media=b"Photo")
    data = envelope(
        item(b"A", story(b"Alone", b"<p>Text.</p>")) + item(b"B", package) + item(b"C", photo)
    )
    summary = ingest(write(tmp_path / "many.xml", data))
    assert summary.errors == [] and summary.skipped == 1 and "no text to print" in summary.notes[0]
    stored = dict(Article.objects.values_list("headline", "source_id"))
    assert stored == {
        "Alone": "urn:newsml:example.org:20240102:A",
        "First story": "urn:newsml:example.org:20240102:B#1",
        "Second story": "urn:newsml:example.org:20240102:B#2",
    }
    assert Article.objects.get(headline="Alone").byline == "By A. Writer"
    assert len(Article.objects.get(headline="Second story").body) == 2


def test_equivalents_give_the_first_and_plain_text_splits_at_blank_lines(tmp_path):
    equivalents = (
        b'<NewsComponent EquivalentsList="yes"><NewsLines><HeadLine>Twice</HeadLine></NewsLines>'
        b'<ContentItem><MediaType FormalName="Text"/><DataContent>One.\n\nTwo.</DataContent>'
        b'</ContentItem><ContentItem><MediaType FormalName="Text"/>'
        b"<DataContent><p>One.</p><p>Two.</p></DataContent></ContentItem></NewsComponent>"
    )
    assert ingest(write(tmp_path / "eq.xml", envelope(item(b"E", equivalents)))).errors == []
    assert [b["text"] for b in Article.objects.get().body] == ["One.", "Two."]


def test_real_latin_1_is_read_as_declared(tmp_path):
    declaration = b'<?xml version="1.0" encoding="ISO-8859-1"?>'
    data = envelope(
        item(b"L", story("Été".encode("latin-1"), "<p>Café.</p>".encode("latin-1"))), declaration
    )
    assert ingest(write(tmp_path / "latin.xml", data)).errors == []
    article = Article.objects.get()
    assert (article.headline, article.body[0]["text"]) == ("Été", "Café.")


def test_truncated_file_is_an_error_naming_file_and_line(tmp_path):
    data = sample("ana1.xml").read_bytes()
    path = write(tmp_path / "cut.xml", data[: len(data) // 2])
    [error] = ingest(path).errors
    assert str(path) in error and "not well-formed XML" in error and "line " in error
    assert Edition.objects.count() == 0


def test_an_undated_item_is_refused_and_the_others_load(tmp_path):
    good = item(b"G", story(b"Dated", b"<p>Text.</p>"))
    undated = item(b"U", story(b"Undated", b"<p>Text.</p>"), created=b"")
    path = write(tmp_path / "mixed.xml", envelope(undated + good))
    summary = ingest(path)
    [error] = summary.errors
    assert str(path) in error and "NewsItem urn:newsml:example.org::U (line" in error
    assert "no date" in error
    assert list(Article.objects.values_list("headline", flat=True)) == ["Dated"]


def test_other_roots_and_bad_content_are_errors(tmp_path):
    nitf = write(tmp_path / "story.xml", b"<nitf><body/></nitf>")
    assert "not <NewsML>" in ingest(nitf, fmt="newsml1").errors[0]
    bad = (
        b'<NewsComponent><ContentItem><MediaType FormalName="Text"/>'
        b'<Encoding FormalName="base64"/><DataContent>//79</DataContent></ContentItem>'
        b"</NewsComponent>"
    )
    path = write(tmp_path / "b64.xml", envelope(item(b"X", bad)))
    [error] = ingest(path).errors
    assert str(path) in error and "base64" in error and "ContentItem" in error
    assert Edition.objects.count() == 0
