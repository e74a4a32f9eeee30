"""The PostgreSQL engine against the search contract, on the throwaway cluster."""

from __future__ import annotations

import pytest
from django.db import connection

from broadsheet.search.backends.postgres import PostgresBackend

from .contract import BackendContract

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
