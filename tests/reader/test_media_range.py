"""Range headers with numbers no file can reach (issue 10, finding 10: once a 500).

Python refuses to turn more than 4,300 digits into an int; the media door
must answer such a header as HTTP says, not crash.
"""

from __future__ import annotations

import pytest

from broadsheet.editions import publishing
from tests.reader.test_media import body, files, load, stored

pytestmark = pytest.mark.django_db

HUGE = "9" * 5000


@pytest.fixture
def pdf_url(tmp_path):
    return files(publishing.publish(load(tmp_path, "G1")))["pdf"]


def test_a_start_past_any_file_is_unsatisfiable(client, pdf_url):
    response = client.get(pdf_url, HTTP_RANGE=f"bytes={HUGE}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(stored(pdf_url))}"


def test_an_end_past_the_file_means_to_the_end(client, pdf_url):
    whole = stored(pdf_url)
    response = client.get(pdf_url, HTTP_RANGE=f"bytes=10-{HUGE}")
    assert response.status_code == 206
    assert body(response) == whole[10:]


def test_a_huge_suffix_is_the_whole_file(client, pdf_url):
    whole = stored(pdf_url)
    response = client.get(pdf_url, HTTP_RANGE=f"bytes=-{HUGE}")
    assert response.status_code == 206 and body(response) == whole


def test_leading_zeros_do_not_make_a_number_huge(client, pdf_url):
    whole = stored(pdf_url)
    response = client.get(pdf_url, HTTP_RANGE=f"bytes={'0' * 5000}3-{'0' * 5000}7")
    assert response.status_code == 206 and body(response) == whole[3:8]
