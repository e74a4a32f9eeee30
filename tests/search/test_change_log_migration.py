"""Upgrading: outbox rows still pending become log rows, so nothing waiting is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("search", "0001_initial")]
AFTER = [("search", "0002_change_log")]


def latest() -> list[tuple[str, str]]:
    """Every app's newest migration: where the other tests (and the CLI's check) expect it."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_pending_outbox_rows_become_log_rows_in_their_order():
    old = migrate(BEFORE)
    outbox = old.get_model("search", "IndexOutbox")
    for edition_id in (7, 3, 7):
        outbox.objects.create(edition_id=edition_id)
    queued_at = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    outbox.objects.filter(edition_id=3).update(created_at=queued_at)
    try:
        new = migrate(AFTER)
    finally:
        migrate(latest())  # leave the schema as the other tests expect it, whatever happened
    rows = new.get_model("search", "SearchChange").objects.order_by("id")
    assert [(r.edition_id, r.kind) for r in rows] == [(7, "edited"), (3, "edited"), (7, "edited")]
    assert rows[1].created_at == queued_at
