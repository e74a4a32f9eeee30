"""Search change log ids become visible in commit order on PostgreSQL.

A sequence hands out ids at insert: without the log's advisory lock, a
transaction could commit row 101 while row 100 is still open, and a host
reading the log then would move its cursor past 100 for ever. Here a real
second connection (a thread) holds an uncommitted log row; a second writer
must wait for it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, transaction

from broadsheet.search import changelog
from broadsheet.search.models import SearchChange

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


def test_a_second_writer_waits_until_the_first_log_row_commits(transactional_db):
    holding, release = threading.Event(), threading.Event()

    def first_writer():
        try:
            with transaction.atomic():
                changelog.record([1], apply=False)
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert holding.wait(30)
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            changelog.record([2], apply=False)
    finally:
        release.set()
        thread.join(30)
    changelog.record([2], apply=False)
    assert list(SearchChange.objects.values_list("edition_id", flat=True)) == [1, 2]
