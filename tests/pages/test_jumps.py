"""转版: a story cut with 下转第X版 joined with its continuation 上接第Y版, on the test
typesetter's two-page jump and on hand-made cases (several jumps, labels, chains)."""

from __future__ import annotations

import re

import pytest

from broadsheet.pages.jumps import join_jumps, same_page
from broadsheet.pages.pdftext import PdfPages
from broadsheet.pages.segment import FoundArticle, find_articles
from tests.conftest import corpus
from tests.pages.typeset import iou, typeset_edition


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("seed", [1, 3, 4, 6])
def test_typeset_two_page_jump_joined(seed):
    corpus("rmrb1998.jsonl")
    corpus("sohu_news_5000.jsonl")
    edition = typeset_edition(seed, pages=3, shuffle=seed % 2 == 0)
    pages = []
    for page in edition:
        with PdfPages(page.pdf) as pdf:
            text = pdf.text(0)
        pages.append((page.label, find_articles(text)))
    assert "下转第2版" in flat(text_of(edition[0].pdf))  # the typesetter printed the jump line

    joined = join_jumps(pages)
    assert sum(len(found) for _, found in pages) == len(joined) + 1  # two halves, one story
    (story,) = [j for j in joined if j.jumped]
    start = next(a for a in edition[0].articles if a.jump_to)
    rest = next(a for a in edition[1].articles if a.jump_from)
    assert story.start_label == "01" and [label for label, _ in story.parts] == ["01", "02"]
    assert flat(story.article.headline) == flat(start.headline)
    printed = flat("".join(start.paragraphs + rest.paragraphs))
    assert flat("".join(story.article.paragraphs)) == printed
    assert iou(story.parts[0][1], start.polygons) >= 0.5
    assert iou(story.parts[1][1], rest.polygons) >= 0.5


def text_of(pdf: bytes) -> str:
    with PdfPages(pdf) as pages:
        return pages.text(0).text


def article(headline: str, *paragraphs: str, to: str = "", back: str = "") -> FoundArticle:
    """A found article as find_articles gives it (its area a box named by its headline)."""
    box = [[[0.1, 0.1], [0.5, 0.1], [0.5, 0.4], [0.1, 0.4]]]
    return FoundArticle("", headline, "", "", list(paragraphs), [], box, to, back)


def test_several_jumps_paired_by_the_repeated_title():
    """Page A01 sends two stories to A03; A03 prints them in the other order, each under
    its short title: each is joined with its own continuation, not by order."""
    pages = [
        (
            "A01",
            [
                article("大桥通车 两岸一小时变十分钟", "大桥今天通车，", to="A3"),
                article("冬季供暖全面启动", "全市供暖管网", to="Ａ３"),
                article("简讯", "一条短消息。"),
            ],
        ),
        ("A02", [article("二版头条", "正文。")]),
        (
            "A03",
            [
                article("冬季供暖", "今天起运行。", back="A1"),
                article("大桥通车", "市民纷纷前往。", back="A01"),
            ],
        ),
    ]
    joined = join_jumps(pages)
    assert [j.article.headline for j in joined] == [
        "大桥通车 两岸一小时变十分钟",
        "冬季供暖全面启动",
        "简讯",
        "二版头条",
    ]
    bridge, heating = joined[0], joined[1]
    assert bridge.article.paragraphs == ["大桥今天通车，市民纷纷前往。"]  # cut mid-sentence
    assert heating.article.paragraphs == ["全市供暖管网今天起运行。"]
    assert [label for label, _ in bridge.parts] == ["A01", "A03"]
    assert all(polygons for _, polygons in bridge.parts)


def test_untitled_continuations_paired_in_order_and_chains_followed():
    pages = [
        ("01", [article("甲", "甲的开头。", to="2"), article("乙", "乙的开头。", to="2")]),
        (
            "02",
            [
                article("", "甲的续文。", back="1", to="3"),
                article("", "乙的续文。", back="1"),
            ],
        ),
        ("03", [article("", "甲的结尾。", back="2"), article("丙", "丙。", back="9")]),
    ]
    joined = join_jumps(pages)
    assert [(j.article.headline, j.article.paragraphs) for j in joined] == [
        ("甲", ["甲的开头。", "甲的续文。", "甲的结尾。"]),  # sentences ended: paragraphs kept
        ("乙", ["乙的开头。", "乙的续文。"]),
        ("丙", ["丙。"]),  # goes on from a page that is not there: left as it is
    ]
    assert [label for label, _ in joined[0].parts] == ["01", "02", "03"]
    assert joined[0].article.jump_to == "" and joined[2].article.jump_from == "9"


def test_a_jump_to_a_missing_page_or_to_itself_is_left_alone():
    pages = [("01", [article("甲", "甲的开头，", to="7")]), ("02", [article("乙", "乙。", to="2")])]
    joined = join_jumps(pages)
    assert [j.jumped for j in joined] == [False, False]
    assert joined[0].article.jump_to == "7"


def test_page_labels_match_leniently():
    assert same_page("02", "2") and same_page("A02", "ａ２") and same_page("02", "二")
    assert same_page("第12版", "十二") and not same_page("A02", "B02")
    assert not same_page("02", "12")
