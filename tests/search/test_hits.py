"""Hits boxed on the page: the search's own matching, over the page's lines and their boxes."""

from __future__ import annotations

import pytest

from broadsheet.pages.textlayer import Line, PageText
from broadsheet.search.hits import page_hits


def line(text: str, y: int, x0: int = 1000, step: int = 100) -> Line:
    edges = [x0 + i * step for i in range(len(text) + 1)]
    return Line(text, (x0, y, edges[-1], y + 80), edges)


def page(*lines: Line) -> PageText:
    return PageText(lines=list(lines))


def test_a_cjk_word_broken_over_two_lines_is_boxed_on_both():
    text = page(line("国际金融中心香", 1000), line("港特区政府", 1100))
    boxes = page_hits(text, "香港")
    # 香 is the 7th character of the first line, 港 the first of the second.
    assert boxes == [(1600, 1000, 1700, 1080), (1000, 1100, 1100, 1180)]


def test_traditional_full_width_and_case_fold_like_search():
    text = page(line("香港ＩＭＦ會議", 1000))
    assert page_hits(text, "香港 imf 会议") == [
        (1000, 1000, 1200, 1080),
        (1200, 1000, 1500, 1080),
        (1500, 1000, 1700, 1080),
    ]


def test_a_latin_word_matches_only_whole_and_across_a_line_break_with_a_space():
    text = page(line("Park City parks", 1000), line("City Hall", 1100))
    assert len(page_hits(text, "park")) == 1  # not inside "parks"
    assert page_hits(text, '"parks city"') == [(2000, 1000, 2500, 1080), (1000, 1100, 1400, 1180)]


@pytest.mark.parametrize("query", ["", "   ", "！！", "-香港", '"'])
def test_a_query_that_cannot_be_searched_boxes_nothing(query):
    assert page_hits(page(line("香港", 1000)), query) == []


def test_no_more_boxes_than_a_page_can_use():
    text = page(*(line("香港" * 50, 100 + i) for i in range(20)))
    assert len(page_hits(text, "香港")) == 500
