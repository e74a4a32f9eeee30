"""IIIF Presentation 3.0: the manifest of an edition, its canvases and article areas, and the
collections; every answer open to other origins (CORS)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db

MANIFEST = "/iiif/chenbao/2024-03-01/manifest.json"


def get_json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def test_the_manifest_has_the_pages_in_order_as_canvases(client, edition):
    manifest = get_json(client, MANIFEST)
    assert manifest["id"] == "http://testserver" + MANIFEST
    assert manifest["type"] == "Manifest"
    assert manifest["label"] == {"zh-Hans": ["晨报 2024-03-01 第100期"]}
    labels = [canvas["label"]["zh-Hans"][0] for canvas in manifest["items"]]
    assert labels == ["第01版 要闻", "第02版 综合"]
    assert manifest["homepage"][0]["id"] == "http://testserver/chenbao/2024-03-01/"
    assert manifest["partOf"][0]["id"] == "http://testserver/iiif/chenbao/collection.json"


def test_a_canvas_is_painted_with_its_image_service_at_the_stored_size(client, edition):
    first, second = get_json(client, MANIFEST)["items"]
    assert (first["width"], first["height"]) == (1200, 1700)  # the 2x image
    assert (second["width"], second["height"]) == (600, 850)  # only the 1x one
    body = first["items"][0]["items"][0]["body"]
    service = "http://testserver/iiif/image/chenbao/2024-03-01/01"
    assert body["service"] == [{"id": service, "type": "ImageService3", "profile": "level1"}]
    assert body["id"] == service + "/full/max/0/default.jpg"
    assert first["items"][0]["items"][0]["target"] == first["id"]


def test_article_areas_are_annotations_with_headline_link_and_svg_polygon(client, edition):
    first, second = get_json(client, MANIFEST)["items"]
    areas = first["annotations"][0]["items"]
    assert len(areas) == 3
    lead = areas[0]
    article = "http://testserver/chenbao/2024-03-01/01/1/"
    assert lead["motivation"] == "commenting"
    assert lead["body"][0]["value"] == f'<a href="{article}">第01版头条：田间地头忙春耕</a>'
    assert lead["body"][1]["id"] == article
    target = lead["target"]
    assert target["source"]["id"] == first["id"]
    # The hotspot [[0.05, 0.2], [0.95, 0.2], [0.95, 0.5], [0.05, 0.5]] on 1200 x 1700 pixels.
    assert "M60,340 L1140,340 L1140,850 L60,850 Z" in target["selector"]["value"]
    # The continuation (转版) of the lead article is annotated on page 02 too.
    continued = [a for a in second["annotations"][0]["items"] if a["body"][1]["id"] == article]
    assert len(continued) == 1


def test_a_headline_is_escaped_in_the_annotation_html(client, tmp_path):
    from tests.doors.helpers import HOSTILE, load

    load(tmp_path, date="2024-03-01", headline=HOSTILE)
    body = get_json(client, MANIFEST)["items"][0]["annotations"][0]["items"][0]["body"][0]
    assert "<script>" not in body["value"] and "<img" not in body["value"]
    assert "&lt;script&gt;" in body["value"]


def test_the_canvas_id_answers_the_canvas(client, edition):
    canvas = get_json(client, "/iiif/chenbao/2024-03-01/canvas/02")
    assert canvas["label"] == {"zh-Hans": ["第02版 综合"]}
    assert client.get("/iiif/chenbao/2024-03-01/canvas/09").status_code == 404


def test_the_newspaper_collection_lists_public_editions_oldest_first(client, papers):
    collection = get_json(client, "/iiif/chenbao/collection.json")
    ids = [item["id"].removeprefix("http://testserver") for item in collection["items"]]
    assert ids == [MANIFEST, "/iiif/chenbao/2024-03-02/manifest.json"]  # not the draft
    assert collection["items"][1]["label"] == {"zh-Hans": ["晨报 2024-03-02 第101期"]}
    assert collection["items"][0]["navDate"] == "2024-02-29T16:00:00Z"  # midnight in Shanghai


def test_the_top_collection_lists_every_newspaper(client, papers):
    top = get_json(client, "/iiif/collection.json")
    assert [item["label"] for item in top["items"]] == [
        {"zh-Hans": ["晨报"]},
        {"zh-Hans": ["晚报"]},
    ]
    assert top["items"][1]["id"] == "http://testserver/iiif/wanbao/collection.json"


def test_unknown_newspaper_edition_and_malformed_hotspots_are_handled(client, edition):
    assert client.get("/iiif/nosuch/collection.json").status_code == 404
    assert client.get("/iiif/chenbao/2024-03-09/manifest.json").status_code == 404
    article = edition.pages.get(label="01").articles.get(order=2)
    article.hotspot = [[[0.1, 0.1], [2, "x"]], "junk", [[0.1, 0.1], [0.2, 0.1], [0.2, 0.2]]]
    article.save()
    areas = get_json(client, MANIFEST)["items"][0]["annotations"][0]["items"]
    assert "M120,170 L240,170 L240,340 Z" in areas[1]["target"]["selector"]["value"]


def test_the_reader_page_links_to_its_edition_manifest(client, edition):
    html = client.get("/chenbao/2024-03-01/02/").content.decode()
    assert 'class="iiif-link" href="/iiif/chenbao/2024-03-01/manifest.json"' in html


def test_an_edition_without_page_images_has_no_manifest(client, edition):
    """A manifest needs a canvas, and a canvas an image: a page without one is left out."""
    edition.pages.filter(label="02").update(image="", image_hidpi="", thumbnail="")
    manifest = get_json(client, MANIFEST)
    assert [canvas["label"]["zh-Hans"][0] for canvas in manifest["items"]] == ["第01版 要闻"]
    edition.pages.update(image="", image_hidpi="", thumbnail="")
    assert client.get(MANIFEST).status_code == 404


def test_canvas_thumbnails_are_the_page_thumbnails(client, edition):
    first = get_json(client, MANIFEST)["items"][0]
    thumbnail = edition.pages.get(label="01").thumbnail.name
    assert first["thumbnail"][0]["id"] == f"http://testserver/media/{thumbnail}"
    assert first["thumbnail"][0]["format"] == "image/jpeg"
