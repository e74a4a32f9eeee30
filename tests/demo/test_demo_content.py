"""The content markup and the pictures: clear errors, repeatable output."""

from __future__ import annotations

import pytest

from broadsheet.demo import pictures
from broadsheet.demo.stories import ContentError, Picture, parse_body, parse_picture


def test_body_markup_gives_paragraphs_subheadings_and_pictures():
    blocks = parse_body(
        "第一段\n接着写。\n\n## 小标题\n\n@图 bars 标题=产量; 一月=3; 二月=4 | 图说"
    )
    assert [b["type"] for b in blocks] == ["paragraph", "subheading", "image"]
    assert blocks[0]["text"] == "第一段接着写。"
    assert blocks[2]["picture"].params == (("标题", "产量"), ("一月", "3"), ("二月", "4"))
    assert blocks[2]["caption"] == "图说"


def test_a_picture_parameter_without_a_value_names_the_story():
    with pytest.raises(ContentError, match="2026-11-25.toml: page 01 story 2.*'一月'"):
        parse_picture("bars 一月 | 图说", "2026-11-25.toml: page 01 story 2")


def test_an_unknown_picture_kind_lists_the_known_ones():
    with pytest.raises(pictures.UnknownPicture, match="'sunset'.*'river'"):
        pictures.paint(Picture("sunset"), 100, 60, "seed")


@pytest.mark.parametrize("kind", sorted(pictures.PAINTERS))
def test_every_painter_is_repeatable_and_draws_something(kind):
    picture = Picture(kind, (("标题", "示例"), ("甲", "3"), ("乙", "5")))
    first = pictures.paint(picture, 320, 200, "seed")
    assert first.tobytes() == pictures.paint(picture, 320, 200, "seed").tobytes()
    assert len(first.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 3


def test_chart_alt_text_reads_out_the_figures():
    picture = Picture("bars", (("标题", "产量"), ("单位", "吨"), ("一月", "3"), ("二月", "4.5")))
    assert pictures.alt_text(picture) == "柱状图：产量。一月3吨，二月4.5吨。"
