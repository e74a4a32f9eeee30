"""Refuse to work on a database whose schema is behind the code; create a brand-new one.

Without this, ``broadsheet ingest`` on a database that was never migrated (or
not since an upgrade) dies with a raw ``no such table`` traceback. A database
with no table at all (a new data folder, an empty PostgreSQL database) holds
nothing to lose, so ``ingest`` creates its tables itself and says so; one that
holds tables but is behind the code is refused, since migrating it is the
operator's decision (a backup first, a maintenance window).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.management import call_command
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


def migrate_if_new(say: Callable[[str], object], alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Create the tables of a database that has none; True if it did."""
    if connections[alias].introspection.table_names():
        return False
    say(f"The database ({_describe(alias)}) is new: creating its tables (broadsheet migrate).")
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    return True


def _describe(alias: str) -> str:
    settings = connections[alias].settings_dict
    return f"{settings['ENGINE'].rsplit('.', 1)[-1]} {settings['NAME']}"
