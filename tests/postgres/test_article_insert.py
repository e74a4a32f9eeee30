"""Articles are bulk-inserted with VALUES, not UNNEST (see editions.fields.BlocksField)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.editions.models import Article
from broadsheet.ingest.runner import run_ingest
from tests.ingest.corpus_io import first_days, utf8_lines, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
    ),
]


def test_article_bodies_are_not_sent_as_escaped_text_arrays(tmp_path):
    source = write(tmp_path / "pfr.txt", "\n".join(first_days(utf8_lines(), 1)).encode())
    with CaptureQueriesContext(connection) as queries:
        summary = run_ingest([source])
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "editions_article"')]
    assert inserts and summary.articles > len(inserts)  # several articles per statement
    assert not any("UNNEST" in sql for sql in inserts)
    # and the JSON bodies, quotes and backslashes included, come back intact
    stored = Article.objects.exclude(body=[]).first()
    stored.body = [{"type": "paragraph", "text": '引号"与\\反斜杠'}]
    stored.save()
    stored.refresh_from_db()
    assert stored.body[0]["text"] == '引号"与\\反斜杠'
