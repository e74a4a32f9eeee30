"""Placing articles on their page from their text: measured on generated pages whose article
areas are known (tests/pages/typeset.py), and on a real 1935 page's OCR text layer."""

from __future__ import annotations

import itertools
import statistics
import unicodedata

import pytest

from broadsheet.pages.pdftext import PdfPages
from broadsheet.pages.placement import ArticleText, Placement, normalise, place_articles
from broadsheet.pages.textlayer import SCALE, PageText
from tests.conftest import corpus
from tests.pages.typeset import (
    SetArticle,
    SetPage,
    iou,
    raster,
    rect_polygon,
    typeset_edition,
    typeset_page,
)

GOOD = 0.9  # IoU with the true area that counts as placed right
REQUIRED = 0.95  # share of articles that must be placed right


@pytest.fixture(scope="module", autouse=True)
def _corpora():
    corpus("rmrb1998.jsonl")
    corpus("sohu_news_5000.jsonl")


def given(article: SetArticle, **change) -> ArticleText:
    """What a publisher would hand over for ``article``."""
    fields = dict(
        kicker=article.kicker,
        headline=article.headline,
        subheadline=article.subheadline,
        byline=article.byline,
        paragraphs=list(article.paragraphs),
        captions=list(article.captions),
    )
    return ArticleText(**{**fields, **change})


def extract(page: SetPage):
    with PdfPages(page.pdf) as pdf:
        return pdf.text(0)


def place(page: SetPage, texts: list[ArticleText] | None = None) -> list[Placement]:
    return place_articles(extract(page), texts or [given(a) for a in page.articles])


def ious(page: SetPage, placements: list[Placement]) -> list[float]:
    return [iou(a.polygons, p.polygons) for a, p in zip(page.articles, placements, strict=True)]


# ---- the measure -------------------------------------------------------------------------


def test_placement_accuracy_on_generated_editions(capsys):
    """Six 4-page editions (24 pages, 3-6 columns, half of them with their text written in
    shuffled order): every article placed from its text, compared with its true area."""
    found: list[float] = []
    for seed in range(6):
        for page in typeset_edition(seed, pages=4, shuffle=seed % 2 == 1):
            found += ious(page, place(page))
    good = sum(v >= GOOD for v in found)
    share = good / len(found)
    with capsys.disabled():
        print(
            f"\nplacement: {good}/{len(found)} articles IoU>={GOOD} ({share:.1%}), "
            f"median IoU {statistics.median(found):.3f}, lowest {min(found):.3f}"
        )
    assert len(found) >= 150
    assert share >= REQUIRED


# ---- robustness, case by case ------------------------------------------------------------


def _all_good(page: SetPage, placements: list[Placement]) -> None:
    for article, value in zip(page.articles, ious(page, placements), strict=True):
        assert value >= GOOD, (page.label, article.headline, value)


def test_line_breaks_and_spaces_in_the_given_text_do_not_matter():
    page = typeset_page(11, 2, columns=5)
    texts = [given(a, paragraphs=[_broken("".join(a.paragraphs))]) for a in page.articles]
    _all_good(page, place(page, texts))


def _broken(text: str) -> str:
    """Text with a line break every 7 characters and a space every 5."""
    out = []
    for i, char in enumerate(text):
        out.append(char + ("\n" if i % 7 == 6 else " " if i % 5 == 4 else ""))
    return "".join(out)


def test_full_and_half_width_do_not_matter():
    page = typeset_page(12, 2, columns=4)
    texts = [given(a, paragraphs=[_width_swapped(p) for p in a.paragraphs]) for a in page.articles]
    assert any(t.paragraphs != a.paragraphs for t, a in zip(texts, page.articles, strict=True))
    _all_good(page, place(page, texts))


def _width_swapped(text: str) -> str:
    """Full-width letters and digits made half width, half-width ones made full width."""
    out = []
    for char in text:
        half = unicodedata.normalize("NFKC", char)
        if half != char and len(half) == 1:
            out.append(half)
        elif "!" <= char <= "~":
            out.append(chr(ord(char) + 0xFEE0))
        else:
            out.append(char)
    return "".join(out)


def test_punctuation_and_quotes_do_not_matter():
    page = typeset_page(13, 2, columns=6)
    swap = str.maketrans({"“": "「", "”": "」", "‘": "'", "’": "'", "，": ",", "。": "", "、": " "})
    texts = [given(a, paragraphs=[p.translate(swap) for p in a.paragraphs]) for a in page.articles]
    _all_good(page, place(page, texts))


def test_small_differences_between_given_and_printed_text():
    """The publisher's text differs here and there from the print (a character in twenty)."""
    page = typeset_page(26, 2, columns=5)
    texts = [given(a, paragraphs=[_misprinted(p) for p in a.paragraphs]) for a in page.articles]
    _all_good(page, place(page, texts))


def _misprinted(text: str) -> str:
    return "".join("某" if i % 20 == 19 else char for i, char in enumerate(text))


def test_the_pdfs_own_wrong_reading_order():
    page = typeset_page(14, 2, columns=5, shuffle=True)
    text = extract(page)
    tops = [line.box[1] for line in text.lines]
    assert sum(a > b for a, b in itertools.pairwise(tops)) > len(tops) / 4  # really scrambled
    _all_good(page, place_articles(text, [given(a) for a in page.articles]))


def test_text_cut_at_the_page_end_continues_elsewhere():
    """The jumped story given whole on both of its pages: placed on each part, marked continued."""
    first, second = typeset_edition(15, pages=2)
    for page in (first, second):
        k, article = next((k, a) for k, a in enumerate(page.articles) if a.kind == "jump")
        texts = [given(a) for a in page.articles]
        texts[k] = given(article, paragraphs=article.story)
        placed = place(page, texts)[k]
        assert placed.continues and 0.1 < placed.score < 0.9
        assert iou(article.polygons, placed.polygons) >= GOOD
    whole = [a for a in first.articles if a.kind != "jump"][0]
    alone = place(first, [given(whole)])[0]
    assert not alone.continues and alone.score > 0.95


def test_a_large_headline_split_over_lines():
    text, headline, lines = _split_headline()
    assert len(lines) >= 2  # the headline is set over two lines or more
    placed = place_articles(text, [ArticleText(headline=headline)])[0]
    mask = raster(placed.polygons)
    for line in lines:
        assert _inside(line.box, mask), line.text


def _split_headline():
    """The first generated headline set in large type over two lines or more."""
    for seed in range(16, 40):
        page = typeset_page(seed, 1, columns=3)
        text = extract(page)
        for article in page.articles:
            head = normalise(article.headline)
            lines = [x for x in text.lines if x.size > 200 and normalise(x.text) in head]
            if len(lines) >= 2:
                return text, article.headline, lines
    return None, "", []


def _inside(box, mask, grid=(500, 700)) -> bool:
    """Whether the centre of ``box`` (SCALE units) is in the rastered hotspot."""
    cols, rows = grid
    x, y = (box[0] + box[2]) / 2 / SCALE, (box[1] + box[3]) / 2 / SCALE
    return bool(mask[int(y * rows)] >> int(x * cols) & 1)


def test_pictures_and_captions_are_inside_their_article():
    pages = [p for seed in range(17, 21) for p in typeset_edition(seed, pages=3)]
    checked = 0
    for page in pages:
        text = extract(page)
        placed = place_articles(text, [given(a) for a in page.articles])
        for article, hotspot in zip(page.articles, placed, strict=True):
            if not article.captions:
                continue
            mask = raster(hotspot.polygons)
            figures = [f for f in text.figures if _inside(f, raster(article.polygons))]
            assert figures and all(_inside(f, mask) for f in figures), article.headline
            assert iou(article.polygons, hotspot.polygons) >= GOOD
            checked += 1
    assert checked >= 3


def test_neighbours_never_share_area_and_unknown_text_is_not_placed():
    page = typeset_page(21, 3, columns=6)
    stranger = typeset_page(22, 4).articles[0]
    placed = place(page, [*[given(a) for a in page.articles], given(stranger)])
    for a, b in itertools.combinations(placed[:-1], 2):
        assert iou(a.polygons, b.polygons) < 0.01
    assert placed[-1].polygons == [] and placed[-1].score < 0.05


@pytest.mark.parametrize("where", ["beside", "far"])
def test_a_stray_match_elsewhere_on_the_page_is_left_out(where):
    """The given text holds a line printed in another story (one not given), in the column
    beside it or far off: that line does not become part of the hotspot."""
    page = typeset_page(25, 2, columns=5)
    text = extract(page)
    a, b = _pair(page, where)
    body = normalise("".join(b.paragraphs))
    mask = raster(b.polygons)
    line = next(
        x
        for x in text.lines
        if len(normalise(x.text)) >= 8 and normalise(x.text) in body and _inside(x.box, mask)
    )
    others = [given(x) for x in page.articles if x is not b and x is not a]
    placed = place_articles(text, [*others, given(a, paragraphs=[*a.paragraphs, line.text])])[-1]
    assert not _inside(line.box, raster(placed.polygons))
    assert iou(a.polygons, placed.polygons) >= GOOD


def _pair(page: SetPage, where: str) -> tuple[SetArticle, SetArticle]:
    """A long story and the story nearest to it or farthest from it."""
    a = max(page.articles, key=lambda x: sum(map(len, x.paragraphs)))
    others = [x for x in page.articles if x is not a and x.paragraphs]
    by_distance = sorted(others, key=lambda x: _apart(_box_hull(a.boxes), _box_hull(x.boxes)))
    return a, by_distance[0] if where == "beside" else by_distance[-1]


def _box_hull(boxes):
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _apart(a, b) -> float:
    return max(max(a[0], b[0]) - min(a[2], b[2]), max(a[1], b[1]) - min(a[3], b[3]), 0.0)


def test_headline_alone_or_body_alone_still_places():
    """Half an article's text still finds it: the hotspot lies within its true area."""
    page = typeset_page(23, 2, columns=4)
    story = next(a for a in page.articles if a.kind == "story" and len(a.paragraphs) >= 2)
    body = place(page, [given(story, headline="", kicker="", subheadline="", byline="")])[0]
    assert body.score > 0.95 and _within(body.polygons, story.polygons) > 0.95
    head = place(page, [ArticleText(headline=story.headline)])[0]
    assert head.score == 1.0 and _within(head.polygons, story.polygons) > 0.95


def _within(inner, outer) -> float:
    """The share of ``inner``'s area that lies in ``outer``."""
    a, b = raster(inner), raster(outer)
    area = sum(x.bit_count() for x in a)
    return sum((x & y).bit_count() for x, y in zip(a, b, strict=True)) / area if area else 0.0


def test_polygons_are_rectilinear_outlines_in_page_units():
    page = typeset_page(24, 2, columns=5)
    for placed in place(page):
        for polygon in placed.polygons:
            assert len(polygon) >= 4 and all(0 <= v <= 1 for point in polygon for v in point)
            for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
                assert x0 == x1 or y0 == y1  # every side horizontal or vertical


def test_a_page_without_text_places_nothing():
    """A scanned page (no text layer yet) or an article without text: not placed, no error."""
    empty = place_articles(PageText(), [ArticleText(headline="新闻"), ArticleText()])
    assert [(p.polygons, p.score, p.continues) for p in empty] == [([], 0.0, False)] * 2
    page = typeset_page(27, 2, columns=3)
    assert place(page, [ArticleText()])[0].polygons == []
    assert place_articles(extract(page), []) == []


# ---- a real page ---------------------------------------------------------------------------


def test_real_1935_page_blocks_from_its_own_text_layer():
    """Park Record, 1935 (OCR text layer): a column block's text placed back on its block."""
    pdf_file = sorted(corpus("ndnp_park_record_1935").rglob("*.pdf"))[0]
    with PdfPages(pdf_file.read_bytes()) as pdf:
        text = pdf.text(0)
    blocks = _column_runs(text.lines)[:8]
    assert len(blocks) >= 5
    placed = place_articles(
        text, [ArticleText(paragraphs=[" ".join(x.text for x in b)]) for b in blocks]
    )
    for block, hotspot in zip(blocks, placed, strict=True):
        hull = [rect_polygon(_hull(block))]
        assert hotspot.score > 0.95
        assert iou(hull, hotspot.polygons) >= 0.8, block[0].text


def _column_runs(lines, least: int = 12) -> list[list]:
    """Runs of lines the text layer gives one after another down one column."""
    runs, i = [], 0
    while i < len(lines):
        run, (x0, _, x1, _) = [lines[i]], lines[i].box
        for line in lines[i + 1 :]:
            b, prev = line.box, run[-1].box
            if b[0] < x0 - 150 or b[2] > x1 + 150 or not prev[1] - 20 <= b[1] <= prev[3] + 150:
                break
            run.append(line)
        if len(run) >= least and x1 - x0 > 1000:
            runs.append(run)
        i += len(run)
    return runs


def _hull(lines) -> tuple[float, float, float, float]:
    return (
        min(x.box[0] for x in lines) / SCALE,
        min(x.box[1] for x in lines) / SCALE,
        max(x.box[2] for x in lines) / SCALE,
        max(x.box[3] for x in lines) / SCALE,
    )
