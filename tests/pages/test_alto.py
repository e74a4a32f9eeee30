"""ALTO words into the page's text with boxes: a real LoC page, every namespace, bad input."""

from __future__ import annotations

import pytest
from lxml import etree

from broadsheet.pages.alto import AltoIndex, AltoRefused, alto_text
from broadsheet.pages.textlayer import ALTO, SCALE
from tests.conftest import corpus

V2 = "http://www.loc.gov/standards/alto/ns-v2#"


def parsed(path) -> etree._Element:
    return etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))


def test_the_chronam_page_gives_the_text_the_library_of_congress_extracted():
    """CCS ALTO (ABBYY) with the text chronam made of it: the same words, line by line."""
    folder = corpus("chronam_alto_sample")
    text = alto_text(parsed(folder / "ocr.xml"))
    expected = (folder / "ocr.txt").read_text("utf-8").splitlines()
    got = text.text.splitlines()
    assert len(got) == len(expected)
    assert [line.split() for line in got] == [line.split() for line in expected]
    assert text.source == ALTO


def test_park_record_words_land_where_the_scan_shows_them():
    """NDNP ALTO v2 in inch1200 units: positions come out page-relative, confidences kept."""
    folder = corpus("ndnp_park_record_1935") / "batch_local/sn85058233/17082901001/1935080201"
    text = alto_text(parsed(folder / "1292.xml"))
    assert (text.width, text.height) == (18352.0, 28632.0)
    park = next(line for line in text.lines if line.text == "Park")
    # HPOS 5520 WIDTH 3648 VPOS 1040 on an 18352 x 28632 page.
    assert park.box == (3008, 363, 4996, 760)
    assert park.edges == [3008, 3505, 4002, 4499, 4996]
    assert park.conf == 1.0
    for line in text.lines:
        assert all(0 <= v <= SCALE for v in line.box)
        assert len(line.edges) == len(line.text) + 1
        assert line.edges == sorted(line.edges)


def alto(body: str, ns: str = V2, page: str = 'WIDTH="1000" HEIGHT="2000"') -> etree._Element:
    xmlns = f' xmlns="{ns}"' if ns else ""
    doc = (
        f"<alto{xmlns}><Layout><Page {page}><PrintSpace>{body}</PrintSpace></Page></Layout></alto>"
    )
    return etree.fromstring(doc.encode())


LINE = (
    '<TextBlock><TextLine HPOS="100" VPOS="200" WIDTH="300" HEIGHT="20">'
    '<String CONTENT="ab" HPOS="100" VPOS="200" WIDTH="100" HEIGHT="20" WC="0.5"/>'
    '<SP WIDTH="50" HPOS="200" VPOS="200"/>'
    '<String CONTENT="cd" HPOS="250" VPOS="200" WIDTH="50" HEIGHT="20" WC="0.7"/>'
    '<HYP CONTENT="-" HPOS="300" VPOS="200" WIDTH="10"/>'
    "</TextLine></TextBlock>"
)


@pytest.mark.parametrize(
    "ns",
    [
        "",
        "http://schema.ccs-gmbh.com/ALTO",
        V2,
        "http://www.loc.gov/standards/alto/ns-v3#",
        "http://www.loc.gov/standards/alto/ns-v4#",
    ],
)
def test_every_alto_generation_reads_alike(ns):
    [line] = alto_text(alto(LINE, ns)).lines
    assert line.text == "ab cd"  # the hyphen of a broken word is left out, as LoC does
    # a: 100-150, b: 150-200, the space 200-250 (up to the next word), c: 250-275, d: 275-300.
    assert line.edges == [1000, 1500, 2000, 2500, 2750, 3000]
    assert line.box == (1000, 1000, 4000, 1100)
    assert line.conf == 0.6


def test_a_page_without_a_size_takes_the_size_of_what_is_printed():
    text = alto_text(alto(LINE, page=""))
    assert (text.width, text.height) == (400.0, 220.0)  # the line ends at 100 + 300


@pytest.mark.parametrize(
    "hostile",
    ['HPOS="NaN"', 'HPOS="-5"', 'HPOS="1e999"', 'HPOS="abc"', 'HPOS=""'],
)
def test_junk_numbers_drop_the_word_not_the_page(hostile):
    bad = f'<TextBlock><TextLine><String CONTENT="x" {hostile} VPOS="1" WIDTH="1" HEIGHT="1"/>'
    text = alto_text(alto(bad + "</TextLine></TextBlock>" + LINE))
    assert [line.text for line in text.lines] == ["ab cd"]


def test_huge_coordinates_are_clamped_to_the_page():
    big = (
        '<TextBlock><TextLine><String CONTENT="x" HPOS="900" VPOS="1" WIDTH="1e9" HEIGHT="1"/>'
        "</TextLine></TextBlock>"
    )
    [line] = alto_text(alto(big)).lines
    assert line.box[2] == SCALE and line.edges[-1] == SCALE


@pytest.mark.parametrize(
    ("doc", "why"),
    [
        ("<mets/>", "is not ALTO"),
        ("<alto><Layout/></alto>", "without a <Page>"),
        ('<alto><Layout><Page WIDTH="0" HEIGHT="0"/></Layout></alto>', "no size"),
    ],
)
def test_what_is_not_a_page_of_alto_is_refused_in_words(doc, why):
    with pytest.raises(AltoRefused, match=why):
        alto_text(etree.fromstring(doc))


HYPHENATED = (
    '<TextBlock ID="B1" HPOS="100" VPOS="200" WIDTH="300" HEIGHT="60">'
    '<TextLine HPOS="100" VPOS="200" WIDTH="300" HEIGHT="20">'
    '<String ID="w1" CONTENT="the" HPOS="100" VPOS="200" WIDTH="50" HEIGHT="20"/><SP/>'
    '<String ID="w2" CONTENT="Conti" HPOS="160" VPOS="200" WIDTH="80" HEIGHT="20"/>'
    '<HYP CONTENT="-"/></TextLine>'
    '<TextLine HPOS="100" VPOS="230" WIDTH="300" HEIGHT="20">'
    '<String ID="w3" CONTENT="nent" HPOS="100" VPOS="230" WIDTH="60" HEIGHT="20"/><SP/>'
    '<String ID="w4" CONTENT="wakes" HPOS="170" VPOS="230" WIDTH="70" HEIGHT="20"/>'
    "</TextLine></TextBlock>"
)


def test_a_block_named_by_its_id_reads_with_its_broken_word_joined():
    index = AltoIndex(alto(HYPHENATED))
    region = index.region("B1")
    assert region is not None
    assert region.text == "the Continent wakes"
    assert region.boxes == [(1000, 1000, 4000, 1300)] and region.block == "B1"


def test_a_range_of_words_reads_only_those_words():
    index = AltoIndex(alto(HYPHENATED))
    region = index.region("w2", "w3")
    assert region is not None and region.text == "Continent"
    assert index.region("w4", "nope") is None and index.region("nope") is None
