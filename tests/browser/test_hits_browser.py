"""Search hits boxed on the page image in real Chromium: an ALTO page and a PDF page (CJK)."""

from __future__ import annotations

import pytest

from broadsheet.editions import publishing
from broadsheet.editions.models import Edition
from tests.builders import ingest_json
from tests.conftest import corpus
from tests.pdfs import edition_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(tmp_path, live_server):
    ingest_json(corpus("ndnp_park_record_1935") / "batch_local")
    path = tmp_path / "chenbao-2024-03-05.pdf"
    path.write_bytes(edition_pdf(2))
    ingest_json(path, newspaper="chenbao")
    for edition in Edition.objects.all():
        publishing.publish(edition)
    return live_server.url


def rects(tab) -> tuple[dict, list[dict]]:
    """The page image's box and every drawn hit's box, in CSS pixels."""
    return tab.evaluate(
        """() => {
        const r = el => { const b = el.getBoundingClientRect();
                          return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
        return [r(document.querySelector('.page-figure img')),
                [...document.querySelectorAll('svg.hotspots rect.hit')].map(r)];
    }"""
    )


def inside(box: dict, image: dict) -> bool:
    return all(
        (
            box["left"] >= image["left"] - 1,
            box["right"] <= image["right"] + 1,
            box["top"] >= image["top"] - 1,
            box["bottom"] <= image["bottom"] + 1,
            box["right"] > box["left"],
            box["bottom"] > box["top"],
        )
    )


def test_a_cjk_query_is_boxed_where_it_is_printed_on_a_pdf_page(page, site):
    page.goto(site + "/chenbao/2024-03-05/01/?hl=新闻标题")
    page.wait_for_selector(".page-figure img")
    image, hits = rects(page)
    assert len(hits) == 1 and inside(hits[0], image)
    # The headline is drawn 120 pt below the top of a 842 pt page, from 60 pt on the left.
    height = image["bottom"] - image["top"]
    assert hits[0]["top"] - image["top"] < 0.15 * height
    assert "本版找到 1 处“新闻标题”" in page.locator(".find-count").inner_text()


def test_a_word_is_boxed_on_an_alto_page_and_found_again_from_the_form(page, site):
    page.goto(site + "/sn85058233/1935-08-02/2/")
    page.fill("#find-on-page", "Butter")
    page.click(".find-on-page button")
    page.wait_for_selector("svg.hotspots rect.hit", state="attached")
    image, hits = rects(page)
    assert hits and all(inside(h, image) for h in hits)
    assert "hl=Butter" in page.url
