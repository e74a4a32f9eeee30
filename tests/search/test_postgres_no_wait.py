"""The postgres engine does not queue a publishing change behind a long writer (issue 10 #4).

A ``rebuild`` holds every row of the index table until it commits; a
withdrawal's apply (``wait=False``) gives up at once with ``IndexBusy`` and
leaves its outbox row, as with tantivy's lock. A second, real connection holds
the rows here.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from broadsheet.search.backends.base import IndexBusy
from broadsheet.search.backends.postgres import TABLE, PostgresBackend
from tests.postgres.servers import database_url

from .contract import doc, request

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


def test_a_no_wait_apply_gives_up_while_another_writer_holds_the_rows(transactional_db):
    backend = PostgresBackend()
    backend.replace_editions([1], [doc(1, body="旧闻")])
    with psycopg.connect(database_url()) as other:
        other.execute(f"DELETE FROM {TABLE}")  # a rebuild under way: rows locked, not committed
        with pytest.raises(IndexBusy):
            backend.replace_editions([1], [doc(1, body="新闻")], wait=False)
        other.rollback()
    assert backend.search(request("旧闻")).total == 1  # nothing half-applied
    backend.replace_editions([1], [doc(1, body="新闻")], wait=False)
    assert backend.search(request("新闻")).total == 1
