"""The PostgreSQL engine against the search contract, on the throwaway cluster."""

from __future__ import annotations

import pytest
from django.db import connection

from broadsheet.search.backends.postgres import PostgresBackend

from .contract import BackendContract, doc, request

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


class TestPostgres(BackendContract):
    @pytest.fixture
    def backend(self, db):
        return PostgresBackend()


class TestPostgresCappedRanking(BackendContract):
    """A cap of one still gives the right totals and puts a headline match first."""

    @pytest.fixture
    def backend(self, db):
        return PostgresBackend(rank_cap=1)

    # The cap changes the order of results, never which documents match: the corpus
    # comparison runs once, in TestPostgres.
    test_corpus_queries_match_a_plain_scan = None


def test_a_document_past_postgresql_position_limits_is_indexed(db):
    """16,383 positions and 256 per lexeme are PostgreSQL's limits; longer text still loads."""
    backend = PostgresBackend()
    filler = "新闻报道。" * 4000  # 20,000 tokens; "新闻" alone stands at 4,000 places
    backend.replace_editions([1], [doc(1, headline="长文", body="开头一句" + filler + "结尾")])
    assert [h.key for h in backend.search(request("开头一句")).hits] == [1]
    assert backend.search(request("新闻报道")).total == 1
    assert backend.stats()["documents"] == 1
