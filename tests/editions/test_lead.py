"""The 摘要 rule: paragraphs and subheadings, spaces around CJK removed, first 100 characters."""

from __future__ import annotations

from broadsheet.editions.lead import compute_lead
from tests.conftest import shared_file


def para(text: str) -> dict:
    return {"type": "paragraph", "text": text}


def test_whitespace_inside_paragraphs_is_removed():
    blocks = [para("　　本报讯　连日来， 全市\n各地\t抓住")]
    assert compute_lead(blocks) == "本报讯连日来，全市各地抓住"


def test_latin_words_keep_one_space_between_them():
    blocks = [
        para("  NEW YORK (AP) —  The harbour\n ferry ran  late. "),
        para("Riders waited 40 min."),
    ]
    lead = compute_lead(blocks)
    assert lead == "NEW YORK (AP) — The harbour ferry ran late. Riders waited 40 min."


def test_spaces_next_to_chinese_go_latin_gaps_stay():
    blocks = [para("全市 GDP 增长 8.5% ， APEC 会议 在 京 召开。"), para("Hello world　来了")]
    assert compute_lead(blocks) == "全市GDP增长8.5%，APEC会议在京召开。Hello world来了"


def test_a_lead_cut_at_a_space_does_not_end_in_one():
    assert compute_lead([para("abc " * 30)], length=8) == "abc abc"


def test_lead_runs_into_subheadings_and_stops_at_100():
    blocks = [para("甲" * 60), {"type": "subheading", "text": "小 标 题"}, para("乙" * 80)]
    lead = compute_lead(blocks)
    assert len(lead) == 100
    assert lead == "甲" * 60 + "小标题" + "乙" * 37


def test_short_body_is_kept_whole():
    assert compute_lead([para("短讯。")]) == "短讯。"


def test_images_only_give_an_empty_lead():
    blocks = [{"type": "image", "src": "a.png", "caption": "图片说明文字"}]
    assert compute_lead(blocks) == ""


def test_lead_matches_the_seed_page():
    """The seed's 蚌埠 article: its 标题导航 摘要 runs into the first subheading."""
    seed = shared_file("seed/000_34b595d4956c7da4.txt")
    lines = seed.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "期次" in line)
    end = [i for i, line in enumerate(lines) if line.strip() == "放大 缩小 默认"][1]
    body = [para(line) for line in lines[start + 1 : end] if line.strip()]
    shown = next(line for line in lines if "摘要" in line and "真正让基层工会" in line)
    expected = shown.split("摘要", 1)[1].lstrip(":：")
    assert len(expected) == 100
    assert compute_lead(body) == expected
