"""The matching rule that carries permanent ids over a ``--replace`` (``ingest.identity``)."""

from __future__ import annotations

from broadsheet.ingest.identity import Story, _bigrams, match

TEXT = "连日来，全市各地抓住有利天气，组织农机下田，今年新增智能农机三百余台。"


def story(order: int, headline: str = "", text: str = "", source_id: str = "") -> Story:
    blocks = [{"type": "paragraph", "text": text}] if text else []
    return Story(
        path=f"/p/2024-01-01/01/{order}/",
        page_order=1,
        order=order,
        source_id=source_id,
        headline=headline,
        bigrams=_bigrams(blocks),
        permalink=f"id{order}",
    )


def pairs(old: list[Story], new: list[Story]) -> dict[int, str]:
    return {i: s.permalink for i, s in match(old, new).items()}


def test_a_source_identity_wins_over_text():
    old = [story(1, "甲", TEXT, source_id="x-1"), story(2, "乙", "别的内容", source_id="x-2")]
    new = [story(1, "乙", "别的内容", source_id="x-1"), story(2, "甲", TEXT, source_id="x-2")]
    assert pairs(old, new) == {0: "id1", 1: "id2"}


def test_two_different_identities_never_match_on_text():
    assert pairs([story(1, "甲", TEXT, source_id="a")], [story(1, "甲", TEXT, source_id="b")]) == {}


def test_a_corrected_headline_matches_by_text():
    assert pairs([story(1, "田间地头忙春耕", TEXT)], [story(1, "田间地头忙春耕！", TEXT)]) == {
        0: "id1"
    }


def test_different_headline_and_text_is_a_new_story():
    assert pairs([story(1, "甲", TEXT)], [story(1, "乙", "全然不同的一段文字内容。")]) == {}


def test_the_same_headline_with_rewritten_text_is_the_same_story():
    assert pairs([story(1, "图片新闻", TEXT)], [story(3, "图片新闻", "另一段说明")]) == {0: "id1"}


def test_equal_scores_go_to_the_nearer_position():
    old = [story(1, "图片新闻"), story(2, "图片新闻")]
    new = [story(1, "图片新闻"), story(2, "图片新闻")]
    assert pairs(old, new) == {0: "id1", 1: "id2"}


def test_each_old_story_is_inherited_once():
    old = [story(1, "甲", TEXT)]
    assert pairs(old, [story(1, "甲", TEXT), story(2, "甲", TEXT)]) == {0: "id1"}


def test_one_identity_given_twice_is_inherited_in_order():
    old = [story(1, "甲", source_id="x"), story(2, "乙", source_id="x")]
    assert pairs(old, [story(1, "甲", source_id="x"), story(2, "乙", source_id="x")]) == {
        0: "id1",
        1: "id2",
    }
