"""A newspaper created by an ingest is published by the source's agency, else by its own name.

It used to be "Broadsheet", a placeholder shown in the header and footer, and
AP's ``hl2 id="originalHeadline"`` (the headline as first written) was shown as
the subheadline, printing the headline twice.
"""

from __future__ import annotations

import json

import pytest

from broadsheet.editions.models import Article, Newspaper
from broadsheet.ingest.formats import IngestOptions
from broadsheet.ingest.runner import run_ingest
from tests.conftest import corpus

from .corpus_io import write

pytestmark = pytest.mark.django_db
WIRE = IngestOptions(newspaper="wire", newspaper_name="通讯社稿", page="04")


def publisher(slug: str = "wire") -> str:
    return Newspaper.objects.get(slug=slug).publisher.name


@pytest.mark.parametrize(
    ("sample", "agency"),
    [
        ("nitf/ap-nitf.xml", "AP"),
        ("nitf/aap-1.xml", "Australian Associated Press"),
        ("newsml_g2/dpa.xml", "Deutsche Presse-Agentur GmbH"),
        ("newsml_g2/text.xml", "Thomson Reuters"),
        ("newsml_g2/ansa-newsmlg2-text.xml", "ANSA"),
    ],
)
def test_a_wire_newspaper_is_published_by_the_agency(sample, agency):
    summary = run_ingest([corpus(f"agency_wire_samples/{sample}")], options=WIRE)
    assert summary.errors == [] and summary.articles >= 1
    assert publisher() == agency
    assert Newspaper.objects.get().publisher.copyright == f"版权所有 © {agency}"


def test_the_rights_line_loses_all_rights_reserved():
    from broadsheet.ingest.formats.wire import agency_name

    assert agency_name("The Canadian Press. All rights reserved.") == "The Canadian Press"
    assert agency_name("  AP ") == "AP"


def test_a_source_without_a_publisher_gives_the_newspaper_its_own_name(tmp_path):
    line = {"newspaper": "chenbao", "newspaper_name": "晨报", "date": "2024-03-01", "page": "01"}
    path = write(
        tmp_path / "in.jsonl", (json.dumps({**line, "paragraphs": ["正文。"]}) + "\n").encode()
    )
    assert run_ingest([path]).errors == []
    assert publisher("chenbao") == "晨报"
    assert "Broadsheet" not in publisher("chenbao")


def test_ap_original_headline_is_not_the_subheadline():
    assert run_ingest([corpus("agency_wire_samples/nitf/ap-nitf.xml")], options=WIRE).errors == []
    article = Article.objects.get()
    assert article.headline == "Can trading pollution like stocks help fight climate change?"
    assert article.subheadline == ""
