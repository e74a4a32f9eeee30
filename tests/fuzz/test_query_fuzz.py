"""The search query parser takes any text: a parsed query or a ``QueryError``, nothing else.

Mutations of real queries (phrases, OR, exclusions, punctuation) and arbitrary
Unicode; the search page answers each with 200, never an error page.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.search.query import ParsedQuery, QueryError, parse

from .mutations import mutated

pytestmark = pytest.mark.django_db
QUERIES = [
    "香港 回归",
    '"人民日报" 社论',
    "中国 OR 香港 -台湾",
    '-"新华社" 北京',
    "经济 AND 发展",
    "（",
    "《",
    "ＡＰＥＣ 会议",
    "a" * 199,
]


def check(client, text: str) -> None:
    try:
        assert isinstance(parse(text), ParsedQuery)
    except QueryError as exc:
        assert str(exc)
    assert client.get("/search/", {"q": text}).status_code == 200


@given(data=st.data())
def test_mutated_queries(client, data):
    seed = data.draw(st.sampled_from(QUERIES)).encode()
    text = data.draw(mutated(seed)).decode("utf-8", "replace")
    check(client, text[:1000])


@given(text=st.text(max_size=300))
def test_any_text(client, text):
    check(client, text)
