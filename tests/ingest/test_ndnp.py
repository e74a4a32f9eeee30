"""NDNP batches (Chronicling America): issues in, pages in METS order, JP2 scans, ALTO text."""

from __future__ import annotations

import shutil

import pytest
from django.test import Client
from PIL import Image

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, Edition, Page
from broadsheet.pages.models import PageText
from tests.builders import ingest_json
from tests.conftest import corpus

pytestmark = pytest.mark.django_db

PARK = "ndnp_park_record_1935"
ISSUE = "sn85058233/17082901001/1935080201"


def test_the_park_record_loads_with_its_pages_in_mets_order():
    """Page 1 is 1292, page 2 is 1289: the order is the structMap's, never the file names'."""
    summary = ingest_json(corpus(PARK) / "batch_local")
    assert summary["loaded"] == ["sn85058233 1935-08-02"], summary
    assert summary["errors"] == [] and summary["missing"] == []
    edition = Edition.objects.get()
    assert edition.newspaper.name == "The Park Record (Park City, UT)"
    assert edition.issue_number == 27
    first, second = Page.objects.order_by("order")
    assert (first.label, second.label) == ("1", "2")
    assert "Page Two" in second.text_layer.text.text
    assert "Page Two" not in first.text_layer.text.text
    assert not Article.objects.exists()  # page-only: no articles made up from OCR


def test_the_jp2_scan_becomes_web_images_in_its_own_proportions():
    ingest_json(corpus(PARK) / "batch_local")
    page = Page.objects.get(order=1)
    assert (page.width, page.height) == (1200, round(7158 * 1200 / 4588))
    for field, width in (("image", 1200), ("image_hidpi", 2400), ("thumbnail", 200)):
        with getattr(page, field).open("rb") as fh, Image.open(fh) as img:
            assert img.format == "JPEG" and img.width == width
    with page.pdf.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    stored = page.text_layer
    assert stored.source == PageText.Source.ALTO and stored.characters > 25000


def test_the_reader_shows_the_machine_read_text_beside_the_page(client: Client):
    ingest_json(corpus(PARK) / "batch_local")
    publishing.publish(Edition.objects.get())
    html = client.get("/sn85058233/1935-08-02/2/").content.decode()
    assert "本版文字" in html and "机器识别文字" in html
    assert "<p>Page Two</p>" in html
    data = client.get("/sn85058233/1935-08-02/2.json").json()["data"]["machine_text"]
    assert data["source"] == "alto" and data["lines"][0] == "Page Two"


def test_a_draft_batch_shows_nothing(client: Client):
    ingest_json(corpus(PARK) / "batch_local")
    assert client.get("/sn85058233/1935-08-02/2/").status_code == 404


def test_a_bag_missing_its_images_loads_what_is_there_and_names_what_is_not():
    """The ChronAm bag: two titles, three reels, METS and ALTO present, page JP2s/PDFs absent."""
    summary = ingest_json(corpus("ndnp_chronam_curiv_jojoba") / "batch_test_ver01")
    assert sorted(summary["loaded"]) == [
        "sn84038814 1858-08-13",
        "sn84038814 1858-08-14",
        "sn84038814 1859-01-01",
        "sn85025202 1857-02-14",
    ], summary
    assert "sn84038814 1858-08-13 page 1: service file ./0006.jp2" in summary["missing"]
    assert len(summary["missing"]) == 10  # a JP2 and a PDF for each of the five pages
    assert Page.objects.count() == 5 and PageText.objects.count() == 5
    assert not Page.objects.exclude(image="").exists()
    papers = set(Edition.objects.values_list("newspaper__name", flat=True))
    assert "Daily national Democrat (Marysville, Calif.)" in papers


def test_a_path_leading_out_of_the_batch_is_refused(tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(corpus(PARK) / "batch_local", batch)
    mets = batch / ISSUE / "1935080201.xml"
    mets.write_bytes(mets.read_bytes().replace(b'href="1292.xml"', b'href="../../../../x.xml"'))
    [error] = ingest_json(batch)["errors"]
    assert "leads outside the batch; refused" in error
    assert not Edition.objects.exists()


def test_a_broken_alto_file_fails_its_issue_by_name(tmp_path):
    batch = tmp_path / "batch"
    shutil.copytree(corpus(PARK) / "batch_local", batch)
    (batch / ISSUE / "1289.xml").write_bytes(b"<alto><Layout>")
    [error] = ingest_json(batch)["errors"]
    assert "1289.xml" in error and "not well-formed XML" in error
    assert not Edition.objects.exists()


def test_a_scan_claiming_too_many_pixels_is_refused_before_decoding(tmp_path, settings):
    settings.INGEST_LIMITS = {"image_pixels": 1_000_000}
    [error] = ingest_json(corpus(PARK) / "batch_local")["errors"]
    assert "'1292.jp2' is a 4588 x 7158 pixel image, more than the limit" in error
    assert not Edition.objects.exists()
