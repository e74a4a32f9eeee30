"""Snippets stop reading at the window's end; they must mark what a whole-text scan marks.

The reference here is the plain algorithm: fold the whole text one character
at a time, find every match with a look-behind-first pattern, cut the window
around the first one. The fast snippet scans only from the first match to
the window's end and puts the look-behind after the literal.
"""

from __future__ import annotations

import re

import pytest
from django.utils.safestring import mark_safe

from broadsheet.search import highlight
from broadsheet.search.analyzer import SPACE_TOKEN, WORD_CHAR, is_word_char, normalise
from broadsheet.search.query import parse
from tests.search.test_analyzer_paths import (
    corpus_texts,
    generated_texts,
    reference_origin,
)

from . import truth


def reference_pattern(phrases) -> re.Pattern:
    def one(phrase):
        parts = [r"\s+" if t == SPACE_TOKEN else re.escape(t) for t in phrase]
        lead = rf"(?<!{WORD_CHAR})" if is_word_char(phrase[0][0]) else ""
        tail = rf"(?!{WORD_CHAR})" if is_word_char(phrase[-1][-1]) else ""
        return lead + "".join(parts) + tail

    return re.compile("|".join(one(p) for p in sorted(set(phrases), key=len, reverse=True)))


def reference_spans(text: str, phrases) -> list[tuple[int, int]]:
    origin = reference_origin(text)
    found = reference_pattern(phrases).finditer(normalise(text))
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in found]


def reference_snippet(text: str, phrases, size: int = highlight.SNIPPET_CHARS) -> str:
    spans = reference_spans(text, phrases) if text else []
    start = max(0, spans[0][0] - highlight.LEAD_IN) if spans else 0
    end = min(len(text), start + size)
    if end - start < size:
        start = max(0, end - size)
    body = highlight._marked(text, spans, start, end).strip()
    return mark_safe(f"{'…' if start > 0 else ''}{body}{'…' if end < len(text) else ''}")


def assert_same_marks(texts: list[str], query_text: str) -> None:
    phrases = tuple(parse(query_text).highlight_phrases())
    for text in texts:
        assert highlight.snippet(text, phrases) == reference_snippet(text, phrases), repr(text)
        assert highlight.find(text, phrases) == reference_spans(text, phrases), repr(text)


@pytest.mark.parametrize(
    "query", ["a", "apec", "ＩＭＦ", "中", "中国", '"中 国"', '"…"', "国 a", "经济 OR 人民", "7"]
)
def test_awkward_text_snippets_match_a_whole_text_scan(query):
    texts = generated_texts(count=800)
    assert_same_marks([t * 15 for t in texts], query)


@pytest.mark.slow
def test_corpus_snippets_match_a_whole_text_scan():
    texts = corpus_texts()
    scan = truth.Truth([])
    scan.fields = [(i, normalise(t), "") for i, t in enumerate(texts)]
    for query in truth.generate(scan, per_class=8):
        matching = sorted(scan.matches(query))[:25]
        assert_same_marks([texts[i] for i in matching], query.text)


@pytest.mark.parametrize("query", ["中国", "apec", "国 中", '"…"'])
def test_matches_near_the_end_of_the_folded_prefix(query):
    edge = highlight.PREFIX_CHARS
    texts = []
    for at in range(edge - 12, edge + 4):
        for filler in ("甲", "…", "\u200b甲"):
            head = (filler * at)[:at]
            texts += [head + "中国" + "乙" * 200 + "中国", head + "apecs 中" + "丙" * 150 + " apec"]
            texts += [head + "中国中国" + "丁" * 40 + "国中"]
    assert_same_marks(texts, query)


def test_a_long_phrase_cut_by_the_prefix_is_still_marked_whole():
    long = "abcdefghij中" * 15  # 30 tokens, 165 characters
    query = f'"{long}" OR abcdefghij'
    edge = highlight.PREFIX_CHARS
    texts = [("甲" * at) + long + "乙" * 300 for at in range(edge - 160, edge - 90, 3)]
    assert_same_marks(texts, query)


@pytest.mark.parametrize("query", ["apec", "中国", "1998", "經濟"])
def test_scanning_starts_at_the_first_character_that_can_begin_a_match(query):
    texts = []
    for filler in ("丙" * 500, "b" * 500, "…" * 300 + "丁" * 300):
        texts += [filler + "x\u200b\u200bapec 中国", filler + "\u200b\u200bapec " + filler + "中國"]
        texts += [filler + "①９９８年１９９８經济", filler, "", "ａｐｅｃ" + filler + "apec"]
    assert_same_marks(texts, query)


@pytest.mark.parametrize("query", ["apec", "中国", "国 经济"])
def test_folding_jumps_to_the_next_possible_start_exactly(query):
    texts = []
    for gap in (390, 401, 700, 1500):
        for filler in ("丙", "…", "\u200b"):
            body = filler * gap
            texts += [f"apple{body}apec{body}中国", f"中{body}中国經濟{body}国 经济"]
            texts += [f"a{body}xapec"]
            texts += [f"中文{body}apple{body}{body}apec 中国 经济 {body}"]
    assert_same_marks(texts, query)
