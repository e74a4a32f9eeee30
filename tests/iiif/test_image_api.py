"""IIIF Image API 3.0, level 1: info.json and regions and sizes cut from the stored 2x page
image; absurd requests are a 400 before any pixel is read, unsupported features a 501."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from broadsheet.iiif import imageapi, tiles

pytestmark = pytest.mark.django_db

BASE = "/iiif/image/chenbao/2024-03-01/01"  # the 2x image: 1200 x 1700
PAGE_02 = "/iiif/image/chenbao/2024-03-01/02"  # only the 1x PNG: 600 x 850


def image_of(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    assert response["Content-Type"] == "image/jpeg"
    assert response["Access-Control-Allow-Origin"] == "*"
    return Image.open(io.BytesIO(response.content))


def test_info_json_describes_the_stored_2x_image(client, edition):
    response = client.get(BASE + "/info.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/ld+json")
    info = json.loads(response.content)
    assert info["id"] == "http://testserver" + BASE
    assert (info["type"], info["profile"]) == ("ImageService3", "level1")
    assert (info["width"], info["height"]) == (1200, 1700)
    assert (info["maxWidth"], info["maxHeight"]) == (1200, 1700)
    assert info["maxArea"] == 1200 * 1700
    assert info["tiles"] == [{"width": 512, "height": 512, "scaleFactors": [1, 2, 4]}]
    assert info["sizes"][-1] == {"width": 1200, "height": 1700}


def test_the_base_uri_redirects_to_info_json(client, edition):
    response = client.get(BASE)
    assert response.status_code == 303
    assert response["Location"] == BASE + "/info.json"


@pytest.mark.parametrize(
    ("params", "size"),
    [
        ("full/max/0/default.jpg", (1200, 1700)),
        ("full/300,/0/default.jpg", (300, 425)),
        ("full/,425/0/default.jpg", (300, 425)),
        ("full/!300,300/0/default.jpg", (212, 300)),
        ("full/pct:50/0/color.jpg", (600, 850)),
        ("0,0,512,512/256,/0/default.jpg", (256, 256)),
        ("1024,1536,512,512/max/0/default.jpg", (176, 164)),  # clipped at the image's edge
        ("square/100,100/0/default.jpg", (100, 100)),
        ("pct:50,50,50,50/max/0/default.jpg", (600, 850)),
        ("0,0,100,100/^200,/0/default.jpg", (200, 200)),
    ],
)
def test_regions_and_sizes(client, edition, params, size):
    assert image_of(client, f"{BASE}/{params}").size == size


def test_a_tile_shows_the_right_part_of_the_page(client, edition):
    """The 2x image is white with a black frame from (40, 40) to (1160, 240)."""
    tile = image_of(client, f"{BASE}/0,0,200,200/max/0/default.jpg").convert("L")
    assert tile.getpixel((10, 10)) > 200  # margin: white
    assert tile.getpixel((42, 100)) < 80  # the frame's left edge
    assert tile.getpixel((120, 120)) > 200  # inside the frame
    small = image_of(client, f"{BASE}/full/150,/0/default.jpg").convert("L")
    assert small.getpixel((75, 150)) > 200


def test_a_page_without_2x_image_serves_its_1x_image(client, edition):
    info = json.loads(client.get(PAGE_02 + "/info.json").content)
    assert (info["width"], info["height"]) == (600, 850)
    assert image_of(client, f"{PAGE_02}/full/max/0/default.jpg").size == (600, 850)


@pytest.mark.parametrize(
    "params",
    [
        "full/1201,/0/default.jpg",  # larger than the region without ^
        "full/^100000,/0/default.jpg",  # larger than the image even with ^
        "full/^999999,999999/0/default.jpg",
        "full/99999999999999999999,/0/default.jpg",  # too many digits
        "full/pct:1000000/0/default.jpg",
        "full/0,/0/default.jpg",  # no pixel
        "full/,/0/default.jpg",
        "full/!100,/0/default.jpg",
        "5000,5000,10,10/max/0/default.jpg",  # outside the image
        "0,0,0,10/max/0/default.jpg",
        "nonsense/max/0/default.jpg",
        "full/big/0/default.jpg",
        "full/max/x/default.jpg",
        "full/max/0/shiny.jpg",
    ],
)
def test_bad_and_absurd_requests_are_400(client, edition, params):
    response = client.get(f"{BASE}/{params}")
    assert response.status_code == 400, params
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "params", ["full/max/90/default.jpg", "full/max/0/gray.jpg", "full/max/0/default.png"]
)
def test_features_beyond_level_1_are_501(client, edition, params):
    assert client.get(f"{BASE}/{params}").status_code == 501


def test_the_first_tile_of_a_scale_cuts_and_keeps_all_its_tiles(client, edition, settings):
    """1200 x 1700 at scale 1/2: a grid of 1024 px squares, 2 x 2 tiles, one decoding."""
    kept = lambda: sorted(settings.IIIF_CACHE_DIR.rglob("*.jpg"))  # noqa: E731
    first = client.get(f"{BASE}/0,0,1024,1024/512,/0/default.jpg").content
    assert len(kept()) == 4
    assert client.get(f"{BASE}/0,0,1024,1024/512,/0/default.jpg").content == first
    corner = image_of(client, f"{BASE}/1024,1024,176,676/88,338/0/default.jpg")
    assert corner.size == (88, 338)
    assert len(kept()) == 4  # the same tile asked as w,h: read, not cut again
    image_of(client, f"{BASE}/10,10,100,100/max/0/default.jpg")  # not a pyramid tile
    assert len(kept()) == 5
    assert not list(settings.IIIF_CACHE_DIR.rglob("*.part"))


def test_each_kept_tile_is_the_one_cut_for_its_place(client, edition, settings):
    """The whole scale is cut at once; each tile must land under its own request."""
    client.get(f"{BASE}/0,0,512,512/max/0/default.jpg")  # cuts all six tiles of scale 1/1
    source = edition.pages.get(label="01").image_hidpi.name
    for x, y in [(512, 0), (0, 1536), (1024, 1024)]:
        url = f"{BASE}/{x},{y},512,512/max/0/default.jpg"
        wanted = imageapi.parse(f"{x},{y},512,512", "max", "0", "default", "jpg", (1200, 1700))
        assert client.get(url).content == tiles.render(source, [wanted])[0], (x, y)


def test_unknown_pages_are_404(client, edition):
    assert client.get("/iiif/image/chenbao/2024-03-01/09/info.json").status_code == 404
    assert client.get("/iiif/image/chenbao/2024-03-09/01/info.json").status_code == 404


def test_a_huge_source_is_served_in_parts_never_whole():
    """A 6000 x 6000 page scan (36 MP): no answer over ``MAX_AREA``, its tiles are fine."""
    scan = (6000, 6000)
    with pytest.raises(imageapi.BadRequest, match="maxArea"):
        imageapi.parse("full", "max", "0", "default", "jpg", scan)
    with pytest.raises(imageapi.BadRequest, match="maxArea"):
        imageapi.parse("full", "5001,5000", "0", "default", "jpg", scan)
    assert imageapi.parse("full", "4000,", "0", "default", "jpg", scan).width == 4000
    tile = imageapi.parse("0,0,512,512", "max", "0", "default", "jpg", scan)
    assert (tile.width, tile.height) == (512, 512)
    from broadsheet.iiif import presentation

    info = presentation.image_info("http://x/iiif/image/p/2024-03-01/01", scan)
    assert info["maxArea"] == imageapi.MAX_AREA
    assert {"width": 6000, "height": 6000} not in info["sizes"]
    assert {"width": 3000, "height": 3000} in info["sizes"]


def test_a_lost_2x_file_falls_back_to_the_1x_image(client, edition, settings):
    hidpi = edition.pages.get(label="01").image_hidpi.name
    (settings.MEDIA_ROOT / hidpi).unlink()
    info = json.loads(client.get(BASE + "/info.json").content)
    assert (info["width"], info["height"]) == (600, 850)
