"""No media URL answers a page: files are stored and served by the type their bytes have.

Issue 10, finding 1: a bundle named a real GIF followed by ``<script>``
``pages/01.html``; it was stored as ``….html`` and ``/media/`` answered it as
``text/html`` from the site's origin. Each hostile bundle here is real (real
GIF, PNG and PDF bytes) and goes through ``read_bundle`` and ``load_edition``.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from broadsheet.editions import filetypes, media, publishing
from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.errors import IngestError
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import page_pdf, read_manifest, write_bundle, write_manifest

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><body><script>window.__pwned = 1; document.title = 'pwned'</script>"
SERVED_TYPES = set(filetypes.CONTENT_TYPES.values())
CSP = "default-src 'none'; sandbox"


def gif_with_script() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 850), "white").save(out, "GIF")
    return out.getvalue() + SCRIPT


def png_with_script() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), "red").save(out, "PNG")
    return out.getvalue() + SCRIPT


def pdf_with_script(folder) -> bytes:
    """A real PDF (``%PDF-`` first) with an HTML page after its end: opens in PDFium."""
    page_pdf(folder / "tmp.pdf", "X")
    data = (folder / "tmp.pdf").read_bytes()
    (folder / "tmp.pdf").unlink()
    return data + SCRIPT


def hostile_bundle(tmp_path, **files: bytes):
    """The test bundle with its page image, page PDF or picture replaced by ``files``."""
    folder = write_bundle(tmp_path / "b", labels=("01",))
    manifest = read_manifest(folder)
    page = manifest["pages"][0]
    for field, data in files.items():
        name = {"image": "pages/01.html", "pdf": "pages/01.htm", "picture": "images/x.htm"}[field]
        (folder / name).write_bytes(data)
        if field == "picture":
            for article in manifest["articles"]:
                for block in article["body"]:
                    if block.get("type") == "image":
                        block["src"] = name
        else:
            page[field] = name
    write_manifest(folder, manifest)
    return folder


def media_names(edition: Edition) -> list[str]:
    page = Page.objects.get(edition=edition)
    pictures = [
        block["src"]
        for article in Article.objects.filter(page=page)
        for block in article.body
        if block.get("type") == "image"
    ]
    return [page.image.name, page.thumbnail.name, page.pdf.name, *pictures]


def get(client, name: str):
    response = client.get(f"/media/{name}")
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_hostile_names_are_stored_and_served_as_what_the_bytes_are(client, tmp_path):
    folder = hostile_bundle(
        tmp_path,
        image=gif_with_script(),
        pdf=pdf_with_script(tmp_path),
        picture=png_with_script(),
    )
    edition = publishing.publish(load_edition(read_bundle(folder)).edition)
    page = Page.objects.get(edition=edition)
    assert page.image.name.endswith(".gif") and page.pdf.name.endswith(".pdf")
    names = media_names(edition)
    assert any(n.startswith("images/") and n.endswith(".png") for n in names)
    for name in names:
        response = get(client, name)
        assert response.status_code == 200, name
        assert response["Content-Type"] in SERVED_TYPES, name
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == CSP


def test_an_html_page_with_a_pdf_inside_is_refused(tmp_path):
    """PDFium opens a PDF after up to 1 KB of junk: the polyglot starts as HTML."""
    page_pdf(tmp_path / "p.pdf", "X")
    polyglot = SCRIPT + b"\n" + (tmp_path / "p.pdf").read_bytes()
    folder = hostile_bundle(tmp_path, pdf=polyglot)
    with pytest.raises(IngestError, match=r"pages/01\.htm.*only JPEG, PNG, GIF, WebP, AVIF or PDF"):
        load_edition(read_bundle(folder))
    assert not Edition.objects.exists()


@pytest.mark.parametrize("data", [b"GIF89a", b"%PDF-", b"\x89PNG\r\n\x1a\n"])
def test_a_broken_file_behind_a_real_signature_is_refused(data):
    with pytest.raises(filetypes.UnknownType):
        filetypes.extension(data + b"<script>alert(1)</script>")


@pytest.mark.parametrize(
    ("fmt", "extension"),
    [("JPEG", ".jpg"), ("PNG", ".png"), ("GIF", ".gif"), ("WEBP", ".webp"), ("AVIF", ".avif")],
)
def test_every_image_type_browsers_show_is_detected(fmt, extension):
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "blue").save(out, fmt)
    assert filetypes.extension(out.getvalue()) == extension
    assert filetypes.content_type(f"pages/ab/x{extension}") == filetypes.CONTENT_TYPES[extension]


def test_a_legacy_file_with_another_extension_is_only_a_download(client, tmp_path):
    """Files stored before detection keep their names; they are never answered as a page."""
    edition = publishing.publish(load_edition(read_bundle(hostile_bundle(tmp_path))).edition)
    legacy = default_storage.save("pages/aa/legacy.html", ContentFile(gif_with_script()))
    Page.objects.filter(edition=edition).update(image=legacy)
    media.refresh([edition.pk])
    response = get(client, legacy)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CSP


def test_behind_nginx_the_app_sends_the_same_headers(client, tmp_path, settings):
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    folder = hostile_bundle(tmp_path, image=gif_with_script())
    edition = publishing.publish(load_edition(read_bundle(folder)).edition)
    name = Page.objects.get(edition=edition).image.name
    response = get(client, name)
    assert response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response["Content-Type"] == "image/gif"
    assert response["Content-Security-Policy"] == CSP
