"""Helpers of the doors' tests: real bundles (PNG pages, PDFs) ingested, XML read back."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from django.utils import timezone

from broadsheet.editions.models import Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import read_manifest, write_bundle, write_manifest

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "os": "http://a9.com/-/spec/opensearch/1.1/",
}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def load(root, *, publish=True, headline="", byline="", paragraph="", **kw) -> Edition:
    """Ingest one bundle; ``headline``, ``byline``, ``paragraph`` replace the first article's."""
    folder = write_bundle(root, **kw)
    if headline or byline or paragraph:
        manifest = read_manifest(folder)
        first = manifest["articles"][0]
        first["headline"] = headline or first["headline"]
        first["byline"] = byline or first["byline"]
        first["body"][0]["text"] = paragraph or first["body"][0]["text"]
        write_manifest(folder, manifest)
    return load_edition(read_bundle(folder), publish=publish).edition


def today() -> dt.date:
    return timezone.localdate()


def xml(client, url: str, status: int = 200, **headers) -> ET.Element:
    response = client.get(url, **headers)
    assert response.status_code == status, url
    return ET.fromstring(response.content)


def text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()
