"""The PostgreSQL search engine's table (``SEARCH_BACKEND = "postgres"``).

A Django app of its own so that its table is migrated, flushed between tests
and dropped like every other table; the engine itself is
``broadsheet.search.backends.postgres``. On SQLite the table exists without
its text vectors and stays empty.
"""
