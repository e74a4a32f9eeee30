"""The analyzer's fast paths give exactly what its definitions give.

Indexing splits text with ``str.translate`` tables and ``str.split``; the
definition of a token is the regular expression behind ``tokenize``. Folding
keeps a sparse offset map; the definition is "fold one character at a time".
Both are checked on the real corpora (every article of People's Daily,
January 1998, and the Taiwan news) and on generated text full of the awkward
cases: whitespace runs of every kind, zero-width and control characters,
``…`` (three characters after folding), ligatures, long Latin words, the
literal ``␣`` and ``\\x00``.
"""

from __future__ import annotations

import random

import pytest

from broadsheet.search.analyzer import (
    LAST_FOLDED,
    MAX_WORD,
    SPACE_TOKEN,
    _fold_char,
    analyze,
    bigrams,
    fold,
    normalise,
    sources_of,
    token_texts,
    tokenize,
    unigrams,
)
from tests.conftest import corpus

from . import truth

AWKWARD = [
    " ", "  ", "\t\n", "\u3000", "\u200b", "\u200d", "\ufeff", "\x00", "\x1c", "\r\n",
    "…", "……", "㍻", "ﬁ", "ＩＭＦ", "１９９８", "經濟", "Straße", "İ", "␣", "，", "。",
    "apec", "a" * (MAX_WORD + 5), "中", "国", "人民", "7", "-", "é", "한국", "ｶﾀｶﾅ",
]  # fmt: skip


def reference_tokens(text: str) -> list[str]:
    return [t.text for t in tokenize(normalise(text))]


def reference_origin(text: str) -> list[int]:
    """For each folded character, the source character it came from (folding one at a time)."""
    return [i for i, char in enumerate(text) for _ in normalise(char)]


def generated_texts(count: int = 3000, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(AWKWARD, k=rng.randint(0, 12))) for _ in range(count)]


def corpus_texts() -> list[str]:
    docs = [
        *truth.rmrb_documents(corpus(truth.RMRB)),
        *truth.tw_documents(corpus(truth.TW_NEWS)),
    ]
    return [text for d in docs for text in (d.headline, d.body)]


def assert_same_tokens(texts: list[str]) -> None:
    for text in texts:
        expected = reference_tokens(text)
        assert token_texts(normalise(text)) == expected, repr(text)
        indexed = analyze(text)
        assert indexed.unigrams == " ".join(unigrams(expected)), repr(text)
        assert indexed.bigrams == " ".join(bigrams(expected)), repr(text)


def assert_same_offsets(texts: list[str]) -> None:
    for text in texts:
        folded, origin = fold(text), reference_origin(text)
        assert folded.text == normalise(text)
        spans = [(s, e) for s in range(len(origin)) for e in (s + 1, len(origin))]
        for start, end in spans:
            assert folded.source_span(start, end) == (origin[start], origin[end - 1] + 1)


def test_generated_text_tokens_match_the_definition():
    assert_same_tokens(generated_texts())


def test_raw_text_with_the_gap_marker_keeps_its_tokens():
    text = "中\x00国  a\x00b"
    assert token_texts(text) == ["中", "\x00", "国", SPACE_TOKEN, "a", "\x00", "b"]


def test_generated_text_offsets_match_folding_one_character_at_a_time():
    assert_same_offsets(generated_texts(count=600))
    assert fold("a…b").source_span(1, 4) == (1, 2)
    assert fold("\u200b\u200bx").source_span(0, 1) == (2, 3)


@pytest.mark.slow
def test_corpus_tokens_and_offsets_match_the_definition():
    texts = corpus_texts()
    assert_same_tokens(texts)
    around = [t[max(0, t.index("…") - 150) :][:300] for t in texts if "…" in t]
    assert len(around) > 100
    assert_same_offsets(around)


def test_code_points_past_the_last_folded_one_fold_to_themselves_or_nothing():
    # _fold_char, not normalise: the shared table must not fill with a million code points
    for code in range(LAST_FOLDED + 1, 0x110000):
        assert _fold_char(chr(code)) in ("", chr(code)), hex(code)


def test_sources_of_a_character_are_what_folds_to_contain_it():
    assert {"1", "１", "①", "¹"} <= sources_of("1")
    assert {"经", "經"} <= sources_of("经")
    assert "." in sources_of(".") and "…" in sources_of(".")
    assert all("1" in normalise(char) for char in sources_of("1"))
