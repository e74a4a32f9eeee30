"""The search contract: every backend's test module subclasses ``BackendContract``.

A subclass provides one fixture, ``backend``, returning an empty, ready
backend (``tests/search/test_tantivy.py`` is the model)::

    class TestMyEngine(BackendContract):
        @pytest.fixture
        def backend(self, ...):
            return MyEngine(...)

Tests a backend cannot pass are skipped only through its ``unsupported`` set
(e.g. ``"facets"``), never silently. The texts here are written for the tests,
except in the last test, which checks a few hundred queries drawn from the
real corpora against a plain scan (``truth.py``).
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from broadsheet.search.backends.base import IndexDocument, SearchRequest, page_key
from broadsheet.search.query import QueryError, parse
from tests.conftest import corpus

from . import truth

DAY = dt.date(1998, 1, 5)
# Hostile query → what it must mean: ("same", an equivalent plain query, the ids it
# finds in ``HOSTILE_DOCS``) or ("error", part of the reader's message).
HOSTILE_CASES: dict[str, tuple] = {
    '"': ("error", "请输入"),
    '""': ("error", "请输入"),
    '"未闭合的引号': ("same", '"未闭合的引号"', {2}),
    "((中国)": ("same", "中国", {1}),
    # Punctuation alone is no word (issue 10 #16): "nothing to search", unless quoted.
    "[]{}<>": ("error", "请输入"),
    '"[]{}<>"': ("same", '"[]{}<>"', {2}),
    "(": ("error", "请输入"),
    "\\": ("error", "请输入"),
    '"\\"': ("same", '"\\"', {1}),
    "\\\\中国\\": ("same", "中国", {1}),
    "OR": ("error", "请输入"),
    "OR OR 中国 OR": ("same", "中国", {1}),
    "- -- ---": ("error", "请输入"),
    "-中国": ("error", "减号"),
    "中国 -": ("same", "中国", {1}),
    "*:?~^!": ("error", "请输入"),
    "\x00\x01\x1f中\x7f国": ("same", "中 国", {1}),
    "，。！？、；：": ("error", "请输入"),
    '"，。！？、；："': ("same", '"，。！？、；："', set()),
    "…………": ("error", "请输入"),
    '"…………"': ("same", '"............"', {1}),
    "<script>alert(1)</script>": ("same", "script alert 1", {2}),
    "'; DROP TABLE editions_article; --": ("same", "drop table editions_article", {2}),
    "中" * 10_000: ("error", "太长"),
    "中国 " * 300: ("error", "太长"),
    "\u200b\u200d\ufeff": ("error", "请输入"),
    "＂经济＂": ("same", '"经济"', {1}),
    "a" * 500: ("error", "太长"),
    "AND": ("error", "请输入"),
}
HOSTILE = list(HOSTILE_CASES)
HOSTILE_DOCS = (
    "中国，人民。“经济”\\ (a) <b> …………",
    "<script>alert(1)</script> DROP TABLE editions_article'; 《未闭合的引号》 []{}<> *:?~^!",
)


def doc(article_id: int, headline: str = "", body: str = "", **extra) -> IndexDocument:
    values = {
        "key": article_id,
        "edition_id": extra.pop("edition_id", 1),
        "newspaper": "rmrb",
        "date": DAY,
        "page_label": "01",
        "page_order": 1,
        "article_order": article_id % 1000,
        "visible_from": 0,
        "headline": headline,
        "body": body,
    }
    values.update(extra)
    return IndexDocument(**values)


def request(text: str, **options) -> SearchRequest:
    options.setdefault("now", int(time.time()))
    options.setdefault("limit", 100)
    return SearchRequest(query=parse(text), **options)


class BackendContract:
    """What every engine must do. Subclasses supply the ``backend`` fixture."""

    @pytest.fixture
    def backend(self):
        raise NotImplementedError("a backend test module provides this fixture")

    def load(self, backend, *docs: IndexDocument) -> None:
        editions = {d.edition_id for d in docs}
        backend.replace_editions(editions, docs)

    def ids(self, backend, text: str, **options) -> list[int]:
        return [h.key for h in backend.search(request(text, **options)).hits]

    def total(self, backend, text: str, **options) -> int:
        return backend.search(request(text, **options)).total

    def skip_unless(self, backend, feature: str) -> None:
        if feature in backend.unsupported:
            pytest.skip(f"{backend.name} does not support {feature}")

    # --- matching ----------------------------------------------------------

    def test_one_character_query_finds_every_article_with_it(self, backend):
        self.load(backend, doc(1, body="春天来了"), doc(2, body="夏天"), doc(3, headline="春"))
        assert sorted(self.ids(backend, "春")) == [1, 3]

    def test_phrase_is_an_exact_substring(self, backend):
        self.load(
            backend,
            doc(1, body="中国人民站起来了"),
            doc(2, body="中国。人民"),
            doc(3, body="人民中国"),
            doc(4, body="中国 人民"),
        )
        assert self.ids(backend, "中国人民") == [1]
        assert sorted(self.ids(backend, "国人")) == [1]

    def test_bigrams_across_a_break_do_not_join(self, backend):
        # "甲乙" then "乙丙" after a comma: the query 甲乙丙 must not match.
        self.load(backend, doc(1, body="甲乙，乙丙"), doc(2, body="甲乙丙"))
        assert self.ids(backend, "甲乙丙") == [2]

    def test_latin_words_match_whole_and_ignore_case(self, backend):
        self.load(backend, doc(1, body="IMF贷款"), doc(2, body="IMFs abroad"), doc(3, body="imf"))
        assert sorted(self.ids(backend, "imf")) == [1, 3]
        assert sorted(self.ids(backend, "IMF")) == [1, 3]

    def test_full_width_and_half_width_match_both_ways(self, backend):
        self.load(backend, doc(1, body="ＩＭＦ在１９９８年"), doc(2, body="IMF in 1998"))
        assert sorted(self.ids(backend, "IMF")) == [1, 2]
        assert sorted(self.ids(backend, "ＩＭＦ")) == [1, 2]
        assert sorted(self.ids(backend, "1998")) == [1, 2]
        assert sorted(self.ids(backend, "１９９８")) == [1, 2]

    def test_traditional_and_simplified_match_both_ways(self, backend):
        self.load(backend, doc(1, body="經濟發展"), doc(2, body="经济发展"), doc(3, body="经营"))
        assert sorted(self.ids(backend, "經濟")) == [1, 2]
        assert sorted(self.ids(backend, "经济发展")) == [1, 2]

    def test_digits_are_inside_the_chinese_stream(self, backend):
        self.load(backend, doc(1, body="1997年12月31日晚"), doc(2, body="2月3日"))
        assert self.ids(backend, "12月31日") == [1]
        assert self.ids(backend, "7年1") == [1]
        assert sorted(self.ids(backend, "月3")) == [1, 2]

    def test_quoted_phrase_keeps_spaces_and_punctuation(self, backend):
        self.load(
            backend, doc(1, body="改革、开放"), doc(2, body="改革开放"), doc(3, body="改革 开放")
        )
        assert self.ids(backend, '"改革、开放"') == [1]
        assert self.ids(backend, '"改革 开放"') == [3]
        assert sorted(self.ids(backend, "改革 开放")) == [1, 2, 3]

    def test_all_words_must_appear(self, backend):
        self.load(backend, doc(1, body="香港回归"), doc(2, body="香港"), doc(3, body="回归香港"))
        assert sorted(self.ids(backend, "香港 回归")) == [1, 3]

    def test_or_takes_either(self, backend):
        self.load(backend, doc(1, body="香港"), doc(2, body="澳门"), doc(3, body="台湾"))
        assert sorted(self.ids(backend, "香港 OR 澳门")) == [1, 2]

    def test_upper_case_and_is_the_default_conjunction(self, backend):
        texts = ["香港经济", "香港", "香港 and 经济"]
        self.load(backend, *(doc(i, body=text) for i, text in enumerate(texts, 1)))
        assert sorted(self.ids(backend, "香港 AND 经济")) == [1, 3]
        assert self.ids(backend, "香港 and 经济") == [3]
        assert self.ids(backend, '香港 "AND" 经济') == [3]

    def test_a_control_character_separates_in_text_and_query(self, backend):
        texts = ["hongkong", "hong kong", "hong\x7fkong"]  # DEL: ingest keeps it, unlike C0
        self.load(backend, *(doc(i, body=text) for i, text in enumerate(texts, 1)))
        assert sorted(self.ids(backend, "hong\x01kong")) == [2, 3]
        assert sorted(self.ids(backend, '"hong\x9fkong"')) == [2, 3]
        assert self.ids(backend, "hongkong") == [1]
        assert self.ids(backend, "hong\u200bkong") == [1]  # a format character is dropped

    def test_minus_excludes(self, backend):
        self.load(backend, doc(1, body="香港澳门"), doc(2, body="香港"), doc(3, body="澳门"))
        assert self.ids(backend, "香港 -澳门") == [2]
        assert self.ids(backend, '香港 -"澳门"') == [2]

    def test_a_query_that_only_matches_a_headline(self, backend):
        self.load(backend, doc(1, headline="迎春茶话会", body="正文"), doc(2, body="茶话"))
        assert self.ids(backend, "迎春茶") == [1]

    def test_headline_matches_rank_first(self, backend):
        body = "会议讨论了农业问题。" * 3
        self.load(
            backend,
            doc(1, headline="城市建设", body=body),
            doc(2, headline="农业丰收", body="今年收成很好。"),
            doc(3, headline="工业", body=body),
        )
        assert self.ids(backend, "农业")[0] == 2

    def test_a_phrase_is_found_past_a_common_pair_s_256th_place(self, backend):
        """A page is long: "the " stands 300 times and more on an English one (PostgreSQL
        keeps 256 places of a lexeme; its engine must still find the phrase at the 301st)."""
        self.load(backend, doc(1, body="甲乙。" * 300 + "甲乙丙"), doc(2, body="甲乙。" * 300))
        assert self.ids(backend, "甲乙丙") == [1]
        assert self.ids(backend, '"the park"') == []
        self.load(backend, doc(3, body="the city " * 300 + "the park", edition_id=3))
        assert self.ids(backend, '"the park"') == [3]
        assert self.ids(backend, '"park the"') == []

    # --- page documents ----------------------------------------------------

    def test_page_documents_live_beside_articles(self, backend):
        """A page without articles is a document keyed by its page id negated; it is found,
        filtered, counted, sorted and replaced with its edition like an article."""
        self.load(
            backend,
            doc(1, headline="香港", body="回归"),
            doc(page_key(1), body="香港各界", article_order=0, edition_id=2, newspaper="lib",
                date=dt.date(1935, 8, 2)),
            doc(page_key(2), body="天气", article_order=0, edition_id=2, newspaper="lib",
                date=dt.date(1935, 8, 2), page_label="02", page_order=2),
        )  # fmt: skip
        assert sorted(self.ids(backend, "香港")) == [page_key(1), 1]
        assert self.ids(backend, "香港", newspaper="lib") == [page_key(1)]
        assert self.ids(backend, "香港", sort="oldest") == [page_key(1), 1]
        assert self.ids(backend, "香港", date_to=dt.date(1997, 1, 1)) == [page_key(1)]
        assert self.ids(backend, "天气", page_label="02") == [page_key(2)]
        assert self.total(backend, "香港") == 2
        assert set(backend.fingerprints()) == {1, page_key(1), page_key(2)}
        backend.replace_editions([2], [])
        assert self.ids(backend, "香港") == [1] and self.ids(backend, "天气") == []

    # --- filters, order, pages ----------------------------------------------

    def test_filters_newspaper_dates_and_page(self, backend):
        self.load(
            backend,
            doc(1, body="新闻", newspaper="a", date=dt.date(1998, 1, 1)),
            doc(2, body="新闻", newspaper="b", date=dt.date(1998, 2, 1), edition_id=2),
            doc(3, body="新闻", newspaper="a", date=dt.date(1999, 1, 1), edition_id=3,
                page_label="A02"),
        )  # fmt: skip
        assert sorted(self.ids(backend, "新闻", newspaper="a")) == [1, 3]
        assert self.ids(backend, "新闻", date_from=dt.date(1998, 1, 2), date_to=DAY.max) == [2, 3]
        assert self.ids(backend, "新闻", date_to=dt.date(1998, 1, 1)) == [1]
        assert self.ids(backend, "新闻", page_label="A02") == [3]

    def test_sort_by_date_both_ways(self, backend):
        docs = [doc(i, body="消息", date=dt.date(1998, 1, i), edition_id=i) for i in (3, 1, 2)]
        self.load(backend, *docs)
        assert self.ids(backend, "消息", sort="newest") == [3, 2, 1]
        assert self.ids(backend, "消息", sort="oldest") == [1, 2, 3]

    def test_pages_of_results_keep_the_total(self, backend):
        docs = [doc(i, body="消息", date=dt.date(1998, 1, i), edition_id=i) for i in range(1, 8)]
        self.load(backend, *docs)
        first = backend.search(request("消息", sort="newest", limit=3))
        third = backend.search(request("消息", sort="newest", limit=3, offset=6))
        assert (first.total, third.total) == (7, 7)
        assert [h.key for h in first.hits] == [7, 6, 5]
        assert [h.key for h in third.hits] == [1]

    # --- visibility and index maintenance ---------------------------------

    def test_scheduled_documents_appear_when_their_time_comes(self, backend):
        now = int(time.time())
        self.load(backend, doc(1, body="预告"), doc(2, body="预告", visible_from=now + 3600))
        assert self.ids(backend, "预告", now=now) == [1]
        assert self.total(backend, "预告", now=now) == 1
        assert sorted(self.ids(backend, "预告", now=now + 3600)) == [1, 2]

    def test_replace_editions_drops_what_is_gone(self, backend):
        self.load(backend, doc(1, body="旧文", edition_id=7), doc(2, body="旧文", edition_id=8))
        backend.replace_editions([7], [doc(3, body="新文", edition_id=7)])
        assert self.ids(backend, "旧文") == [2]
        assert self.ids(backend, "新文") == [3]
        backend.replace_editions([8], [])
        assert self.ids(backend, "旧文") == []

    def test_rebuild_replaces_everything(self, backend):
        self.load(backend, doc(1, body="旧文"))
        assert backend.rebuild([doc(2, body="新文"), doc(3, body="新文")]) == 2
        assert self.ids(backend, "旧文") == []
        assert backend.stats()["documents"] == 2

    def test_fingerprints_name_every_document(self, backend):
        docs = [doc(1, body="甲"), doc(2, body="乙")]
        self.load(backend, *docs)
        assert backend.fingerprints() == {d.key: d.fingerprint for d in docs}

    # --- facets --------------------------------------------------------------

    def test_facets_count_papers_years_and_months(self, backend):
        self.skip_unless(backend, "facets")
        self.load(
            backend,
            doc(1, body="新闻", newspaper="a", date=dt.date(1998, 1, 1)),
            doc(2, body="新闻", newspaper="a", date=dt.date(1998, 3, 1), edition_id=2),
            doc(3, body="新闻", newspaper="b", date=dt.date(1999, 1, 1), edition_id=3),
            doc(4, body="别的", newspaper="b", date=dt.date(1999, 1, 1), edition_id=3),
        )
        for sort in ("relevance", "newest", "oldest"):
            for offset in (0, 50):  # a page past the last hit counts the same
                result = backend.search(
                    request("新闻", newspaper="a", facets=True, sort=sort, offset=offset)
                )
                assert sorted(h.key for h in result.hits) == ([1, 2] if offset == 0 else [])
                assert result.total == 2
                assert result.by_newspaper == {"a": 2, "b": 1}
                assert result.by_year == {1998: 2}
                assert result.by_month == {199801: 1, 199803: 1}

    def test_facets_count_only_visible_documents(self, backend):
        self.skip_unless(backend, "facets")
        now = int(time.time())
        self.load(backend, doc(1, body="新闻"), doc(2, body="新闻", visible_from=now + 60))
        result = backend.search(request("新闻", now=now, facets=True))
        assert (result.total, result.by_newspaper, result.by_year) == (1, {"rmrb": 1}, {1998: 1})

    def test_hidden_editions_are_left_out_of_hits_and_every_count(self, backend):
        """Issue 10 #4: withdrawn while the index was locked, an edition's documents stay
        in the index; the service names it in ``hidden_editions`` and nothing counts it."""
        self.load(
            backend,
            doc(1, body="新闻", newspaper="a", date=dt.date(1998, 1, 1)),
            doc(2, body="新闻", newspaper="b", date=dt.date(1999, 1, 1), edition_id=2),
            doc(3, body="新闻", newspaper="b", date=dt.date(2000, 1, 1), edition_id=3),
        )
        hidden = frozenset({2, 99})
        for sort in ("relevance", "newest"):
            assert sorted(self.ids(backend, "新闻", sort=sort, hidden_editions=hidden)) == [1, 3]
        assert self.total(backend, "新闻", hidden_editions=hidden, offset=50) == 2
        if "facets" in backend.unsupported:
            return
        result = backend.search(request("新闻", facets=True, hidden_editions=hidden))
        assert result.total == 2
        assert result.by_newspaper == {"a": 1, "b": 1}
        assert result.by_year == {1998: 1, 2000: 1}
        paper_b = backend.search(
            request("新闻", newspaper="b", facets=True, hidden_editions=hidden)
        )
        assert (paper_b.total, paper_b.by_newspaper) == (1, {"a": 1, "b": 1})

    # --- hostile input -------------------------------------------------------

    @pytest.mark.parametrize("text", HOSTILE, ids=[ascii(t)[:24] for t in HOSTILE])
    def test_hostile_queries_mean_their_plain_equivalent_or_say_why(self, backend, text):
        self.load(backend, *(doc(i, body=body) for i, body in enumerate(HOSTILE_DOCS, 1)))
        kind, *expected = HOSTILE_CASES[text]
        if kind == "error":
            with pytest.raises(QueryError, match=expected[0]):
                parse(text)
            return
        plain, ids = expected
        found = []
        for query in (text, plain):
            result = backend.search(request(query, facets=True))
            found.append(({h.key for h in result.hits}, result.total))
        assert found == [(ids, len(ids)), (ids, len(ids))]

    # --- real text against a plain scan ---------------------------------------

    @pytest.mark.slow
    def test_corpus_queries_match_a_plain_scan(self, backend):
        docs = [
            *truth.rmrb_documents(corpus(truth.RMRB)),
            *truth.tw_documents(corpus(truth.TW_NEWS)),
        ]
        assert backend.rebuild(docs) == len(docs)
        scan = truth.Truth(docs)
        wrong: dict[str, list[str]] = {}
        for query in truth.generate(scan):
            expected = scan.matches(query)
            found = backend.search(request(query.text, limit=len(expected) + 10))
            got = {h.key for h in found.hits}
            if got != expected or found.total != len(expected):
                wrong.setdefault(query.kind, []).append(
                    f"{query.text!r}: total {found.total}, expected {len(expected)}, "
                    f"missed {len(expected - got)}, extra {len(got - expected)}"
                )
        assert not wrong, wrong
