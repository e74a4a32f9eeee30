"""The IIIF doors that tests/reader/test_doors.py cannot walk: the top collection (it lists
newspapers, not editions) and the image service's base URI (a 303, not a 200)."""

from __future__ import annotations

import json

import pytest

from broadsheet.editions import publishing
from tests.doors.helpers import load

pytestmark = pytest.mark.django_db


def test_a_newspaper_with_only_hidden_editions_is_not_in_the_top_collection(client, tmp_path):
    load(tmp_path, date="2024-03-01")
    load(tmp_path, slug="wanbao", name="晚报", date="2024-03-01", publish=False)
    withdrawn = load(tmp_path, slug="yebao", name="夜报", date="2024-03-01")
    publishing.withdraw(withdrawn)
    top = json.loads(client.get("/iiif/collection.json").content)
    assert [item["label"]["zh-Hans"][0] for item in top["items"]] == ["晨报"]
    assert client.get("/iiif/wanbao/collection.json").status_code == 404
    assert client.get("/iiif/yebao/collection.json").status_code == 404


def test_the_image_base_uri_of_a_hidden_edition_is_404(client, tmp_path):
    load(tmp_path, date="2024-03-01")
    withdrawn = load(tmp_path, date="2024-03-02")
    assert client.get("/iiif/image/chenbao/2024-03-01/01").status_code == 303
    assert client.get("/iiif/image/chenbao/2024-03-02/01").status_code == 303
    tile = "/iiif/image/chenbao/2024-03-02/01/full/max/0/default.jpg"
    assert client.get(tile).status_code == 200  # cut, and kept in the cache
    publishing.withdraw(withdrawn)
    assert client.get("/iiif/image/chenbao/2024-03-02/01").status_code == 404
    assert client.get(tile).status_code == 404  # the cached tile is not answered either
