"""Edition bundles whose pages carry only a PDF: images rendered, text layer stored, scans named."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.editions.models import Article, Edition, MediaReference, Page
from broadsheet.pages.models import PageText
from tests.builders import ingest_json, read_manifest, write_bundle, write_manifest
from tests.pdfs import (
    HEADLINE,
    PARAGRAPHS,
    corrupt_page,
    encrypted_page,
    huge_page,
    scanned_page,
    text_page,
    zero_page_pdf,
)

pytestmark = pytest.mark.django_db


def pdf_only_bundle(root, date="2024-03-01", second=None):
    """The test bundle with its page images dropped: page 01 has text, page 02 is a scan."""
    folder = write_bundle(root, date=date)
    (folder / "pages" / "01.pdf").write_bytes(text_page())
    (folder / "pages" / "02.pdf").write_bytes(second or scanned_page())
    manifest = read_manifest(folder)
    for page in manifest["pages"]:
        del page["image"]
    write_manifest(folder, manifest)
    return folder


def image_size(name: str) -> tuple[str, tuple[int, int]]:
    with default_storage.open(name, "rb") as fh, Image.open(fh) as image:
        return image.format, image.size


def test_pdf_only_pages_get_their_images_rendered(tmp_path):
    summary = ingest_json(pdf_only_bundle(tmp_path))
    assert summary["errors"] == [] and summary["pages"] == 2
    for page in Page.objects.all():
        assert page.width == 1200 and abs(page.height - 1200 * 842 / 595) <= 1
        assert image_size(page.image.name) == ("JPEG", (page.width, page.height))
        assert image_size(page.image_hidpi.name)[1][0] == 2400
        assert image_size(page.thumbnail.name)[1][0] == 200
        files = {page.image.name, page.image_hidpi.name, page.thumbnail.name, page.pdf.name}
        assert files <= set(MediaReference.objects.values_list("name", flat=True))


def test_the_text_layer_is_stored_and_a_scan_is_named_for_ocr(tmp_path):
    summary = ingest_json(pdf_only_bundle(tmp_path))
    stored = PageText.objects.get()
    assert stored.page.label == "01" and stored.source == "pdf"
    assert HEADLINE in stored.text.text
    assert summary["needs_ocr"] == ["chenbao 2024-03-01 page 02"]


def test_the_same_pdfs_again_are_unchanged_and_replace_drops_the_old_text(tmp_path):
    folder = pdf_only_bundle(tmp_path)
    ingest_json(folder)
    assert ingest_json(folder)["notes"] == ["chenbao 2024-03-01: unchanged, already loaded"]
    (folder / "pages" / "02.pdf").write_bytes(text_page("第二版的标题"))
    assert ingest_json(folder, replace=True)["loaded"] == ["chenbao 2024-03-01 (replaced)"]
    assert sorted(PageText.objects.values_list("page__label", flat=True)) == ["01", "02"]
    assert PageText.objects.filter(page__edition=Edition.objects.get()).count() == 2


def test_articles_given_without_hotspot_are_placed_from_their_text(tmp_path):
    folder = pdf_only_bundle(tmp_path)
    manifest = read_manifest(folder)
    body = [{"type": "paragraph", "text": t} for t in PARAGRAPHS]
    manifest["articles"] = [{"page": "01", "headline": HEADLINE, "body": body}]
    write_manifest(folder, manifest)
    summary = ingest_json(folder)
    assert summary["errors"] == [] and summary["unplaced"] == []
    [polygon] = Article.objects.get().hotspot
    xs, ys = [x for x, _ in polygon], [y for _, y in polygon]
    # the headline is set at x 60 pt of 595, its baseline 120 pt below the top of 842
    assert min(xs) <= 60 / 595 < 0.4 <= max(xs)
    assert min(ys) <= 100 / 842 and 175 / 842 <= max(ys) < 0.3


def test_a_page_given_with_its_image_keeps_it_and_still_gives_its_text(tmp_path):
    folder = write_bundle(tmp_path)
    (folder / "pages" / "01.pdf").write_bytes(text_page())
    ingest_json(folder)
    page = Page.objects.get(label="01")
    assert page.image.name.endswith(".png") and page.image_hidpi.name == ""
    assert (page.width, page.height) == (600, 850)
    assert HEADLINE in page.text_layer.text.text


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (corrupt_page, "is a damaged PDF"),
        (encrypted_page, "is encrypted: it needs a password"),
        (zero_page_pdf, "holds no page"),
        (huge_page, "has page 1 of 30,000 x 30,000 pt, larger than 14,400 pt"),
    ],
)
def test_a_bad_pdf_is_refused_by_name_and_the_rest_of_the_run_loads(tmp_path, broken, reason):
    good = pdf_only_bundle(tmp_path / "good", date="2024-03-02")
    bad = pdf_only_bundle(tmp_path / "bad", second=broken())
    summary = ingest_json(bad, good)
    assert summary["loaded"] == ["chenbao 2024-03-02"]
    [error] = summary["errors"]
    assert "edition.json: pages[1].pdf: 'pages/02.pdf' " in error and reason in error
    assert Edition.objects.get().date.isoformat() == "2024-03-02"
    assert Page.objects.count() == 2 and PageText.objects.count() == 1
    assert Article.objects.count() == 6
