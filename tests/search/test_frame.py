"""The search page wears the frame of the default newspaper unless one paper is searched."""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Newspaper
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def papers(tmp_path):
    load_edition(
        read_bundle(write_bundle(tmp_path, slug="zz-daily", name="日报", publisher="日报社")),
        publish=True,
    )
    load_edition(
        read_bundle(write_bundle(tmp_path, slug="aa-evening", name="晚报", publisher="晚报社")),
        publish=True,
    )
    Newspaper.objects.filter(slug="zz-daily").update(is_default=True)
    Newspaper.objects.filter(slug="aa-evening").update(is_default=False)


def test_all_papers_search_uses_the_default_papers_frame(client):
    body = client.get("/search/?q=春耕").content.decode()
    assert "版权所有 © 2024 日报社" in body and "晚报社" not in body


def test_one_paper_search_uses_that_papers_frame(client):
    body = client.get("/search/?q=春耕&paper=aa-evening").content.decode()
    assert "版权所有 © 2024 晚报社" in body
