"""The search follower's thread hands its PostgreSQL connection back between looks.

A worker has as many pooled connections as threads (``DATABASE_POOL_SIZE``, 4); a follower
that kept one through its sleep left three for four request threads.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from broadsheet.search import follow

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_the_follower_holds_no_connection_between_looks():
    seen: dict[str, bool] = {}

    def follower_thread():
        follow.look()  # asks the change log: opens this thread's connection
        seen["held"] = connection.connection is not None

    thread = threading.Thread(target=follower_thread)
    thread.start()
    thread.join()
    assert seen == {"held": False}
