"""Refuse to work on a database whose schema is behind the code.

Without this, ``broadsheet ingest`` on a database that was never migrated (or
not since an upgrade) dies with a raw ``no such table`` traceback.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def require_migrated(alias: str = DEFAULT_DB_ALIAS) -> None:
    executor = MigrationExecutor(connections[alias])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:3])
        more = f" and {len(pending) - 3} more" if len(pending) > 3 else ""
        raise CommandError(
            f"The database is not up to date ({names}{more} not applied): "
            "run `broadsheet migrate` first."
        )
