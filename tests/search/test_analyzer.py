"""The analyzer and the query parser: folding, tokens, offsets, syntax."""

from __future__ import annotations

import pytest

from broadsheet.search.analyzer import analyze, fold, normalise, query_tokens
from broadsheet.search.query import QueryError, parse


def test_folding_width_case_script_and_controls():
    assert normalise("ＩＭＦ與經濟１９９８年\u200b\u3000Ok") == "imf与经济1998年 ok"


def test_a_control_character_separates_and_a_format_character_joins():
    assert normalise("a\x01b\x7fc\x9fd\u200be\u00adf") == "a b c def"
    assert analyze("hong\x7fkong").unigrams.split() == ["hong", "kong"]
    assert fold("a\x7f\u200bb").source_span(1, 2) == (1, 2)


def test_upper_case_and_is_the_default_conjunction_and_other_ands_are_words():
    assert parse("香港 AND 经济") == parse("香港 经济") == parse("AND 香港 经济 AND")
    assert parse("香港 and 经济") == parse('香港 "AND" 经济') != parse("香港 经济")
    assert parse("香港 and 经济").clauses[1].alternatives == ((("and",),),)
    assert parse("香港 OR 澳门 AND 经济") == parse("香港 OR 澳门 经济")


def test_controls_in_a_query_separate_like_a_space():
    assert parse("a\x01b") == parse("a b") and parse('"a\x7fb"') == parse('"a b"')
    assert parse("a\u200bb") == parse("ab")


def test_offsets_lead_back_to_the_original_characters():
    folded = fold("a\u200bＢ經濟")
    assert folded.text == "ab经济"
    assert folded.source_span(1, 4) == (2, 5)


def test_streams_hold_unigrams_and_adjacent_pairs():
    text = analyze("中国 APEC会，12")
    # NFKC makes the full-width comma a plain one
    assert text.unigrams.split() == ["中", "国", "apec", "会", ",", "1", "2"]
    assert text.bigrams.split() == ["中国", "国␣", "␣apec", "apec会", "会,", ",1", "12"]


def test_query_tokens_trim_outer_spaces():
    assert query_tokens("  經濟 ") == ("经", "济")


def test_syntax_and_or_not_and_phrases():
    query = parse('香港 OR 澳门 -台湾 "改革 开放"')
    assert [c.negated for c in query.clauses] == [False, True, False]
    assert query.clauses[0].alternatives == ((("香", "港"),), (("澳", "门"),))
    assert query.clauses[2].alternatives == ((("改", "革", "␣", "开", "放"),),)


def test_unquoted_punctuation_separates_words():
    assert parse("中国，人民").clauses[0].alternatives == ((("中", "国"), ("人", "民")),)
    assert parse('"《"').clauses[0].alternatives == ((("《",),),)  # quoted: searched as written
    assert parse("中国 《").clauses == parse("中国").clauses  # bare: no word


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "请输入"), ("\x00\x01", "请输入"), ("AND", "请输入"), ("-香港", "减号"), ("(", "请输入"),
     ("《》，。", "请输入"), ("- ( -)", "请输入"),
     ("中" * 201, "太长"), (" ".join("abcdefghijklmnopq"), "太多")],
)  # fmt: skip
def test_unsearchable_queries_say_why(text, message):
    with pytest.raises(QueryError, match=message):
        parse(text)
