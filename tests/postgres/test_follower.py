"""On PostgreSQL the indexing follower opens the loader's (test) database and indexes there."""

from __future__ import annotations

import pytest
from django.db import connection

from broadsheet.ingest import indexing
from broadsheet.ingest.follower import Follower
from broadsheet.ingest.runner import run_ingest
from broadsheet.search import service
from broadsheet.search.indexing import pending
from tests.ingest.corpus_io import first_days, utf8_lines, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_follower_indexes_a_bulk_publish_in_the_test_database(tmp_path, monkeypatch, settings):
    settings.INGEST_FOLLOWER = True
    days = indexing.FOLLOW_AFTER + 5
    source = write(tmp_path / "pfr.txt", "\n".join(first_days(utf8_lines(), days)).encode())
    seen = {}
    finish = Follower.finish

    def observed(self):
        seen["clean"] = finish(self)
        seen["left"] = pending()  # what the loader must still apply
        return seen["clean"]

    monkeypatch.setattr(Follower, "finish", observed)
    summary = run_ingest([source], publish=True)
    assert summary.editions == days and not summary.errors
    assert seen == {"clean": True, "left": 0}, "the follower applied every row itself"
    drift = service.check()
    assert drift.in_step and drift.documents == summary.articles
