"""Page labels typed as people say them (``3`` for ``03``, ``a1`` for ``A01``) lead, with a
permanent redirect, to the printed label's URL; a label that fits no page, or several, is 404."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(tmp_path):
    folder = write_bundle(tmp_path, labels=("01", "02", "A03"))
    return load_edition(read_bundle(folder), publish=True).edition


@pytest.mark.parametrize(
    ("asked", "printed"),
    [
        ("/chenbao/2024-03-01/1/", "/chenbao/2024-03-01/01/"),
        ("/chenbao/2024-03-01/001/", "/chenbao/2024-03-01/01/"),
        ("/chenbao/2024-03-01/a3/", "/chenbao/2024-03-01/A03/"),
        ("/chenbao/2024-03-01/2.json", "/chenbao/2024-03-01/02.json"),
        ("/chenbao/2024-03-01/1/1/", "/chenbao/2024-03-01/01/1/"),
        ("/chenbao/2024-03-01/1/01.json", "/chenbao/2024-03-01/01/1.json"),
    ],
)
def test_a_label_spelled_another_way_redirects_to_the_printed_one(client, edition, asked, printed):
    response = client.get(asked)
    assert response.status_code == 301 and response["Location"] == printed
    assert client.get(printed).status_code == 200


@pytest.mark.parametrize("asked", ["/chenbao/2024-03-01/4/", "/chenbao/2024-03-01/B3/"])
def test_a_label_that_fits_no_page_is_404(client, edition, asked):
    assert client.get(asked).status_code == 404


def test_a_hidden_edition_redirects_nobody(client, edition):
    edition.status = edition.Status.DRAFT
    edition.save()
    assert client.get("/chenbao/2024-03-01/1/").status_code == 404


@pytest.mark.parametrize("url", ["/chenbao/2024-03-01/01/", "/chenbao/2024-03-01/01/1/"])
def test_the_edition_s_pages_are_read_once_a_view(client, edition, url):
    """Looking for another spelling reads the page list the view then uses, not a second one."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    page_lists = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT")
        and 'FROM "editions_page" WHERE "editions_page"."edition_id"' in q["sql"]
        and "ORDER BY" in q["sql"]
    ]
    assert len(page_lists) == 1, page_lists
