"""Databases from the environment, and the encoding every database must have.

``settings.py`` declares; the rules that turn ``DATABASE_URL`` and
``DATABASE_REPLICA_URL`` into Django's ``DATABASES`` live here, in one function
that tests can call with any environment. PostgreSQL connections are pooled
and never switch to server-side generic plans; the search queries were
measured 5x slower once psycopg's prepare threshold made them generic.
"""

from __future__ import annotations

from collections.abc import Mapping

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"
REPLICA = "replica"

# WAL lets readers run beside the one writer; IMMEDIATE avoids lock upgrades
# failing half-way through an edition's transaction.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
    "transaction_mode": "IMMEDIATE",
}
# A SQLite connection is kept for the life of its thread: opening one per request
# (Django's default) ran the PRAGMAs above and registered Django's SQL functions
# each time, 1.1 ms of CPU per request, about three times a cached page's whole
# answer (docs/performance.md). A file database has nothing to reconnect to.
SQLITE_CONN_MAX_AGE = None
DEFAULT_POOL_SIZE = 4


def databases_from_env(environ: Mapping[str, str], default_url: str) -> dict[str, dict]:
    """``DATABASES`` for this environment: the primary, and the replica when one is named."""
    databases = {"default": database_from_url(environ.get("DATABASE_URL", default_url), environ)}
    replica_url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if replica_url:
        replica = database_from_url(replica_url, environ)
        if replica["ENGINE"] != POSTGRESQL or databases["default"]["ENGINE"] != POSTGRESQL:
            raise ImproperlyConfigured(
                "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica"
            )
        # In tests the replica is the primary itself, as a streaming replica would be.
        replica["TEST"] = {"MIRROR": "default"}
        databases[REPLICA] = replica
    return databases


def database_from_url(url: str, environ: Mapping[str, str]) -> dict:
    """One ``DATABASES`` entry with the options Broadsheet relies on for its engine."""
    try:
        config = dj_database_url.parse(url, conn_health_checks=True)
    except ValueError as exc:  # dj_database_url's UnknownSchemeError is a ValueError
        raise ImproperlyConfigured(f"cannot read database URL: {exc}") from exc
    if config["ENGINE"] == SQLITE:
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
        config["CONN_MAX_AGE"] = SQLITE_CONN_MAX_AGE
    elif config["ENGINE"] == POSTGRESQL:
        config["OPTIONS"] = {**config.get("OPTIONS", {}), **postgresql_options(environ)}
    return dict(config)


def postgresql_options(environ: Mapping[str, str]) -> dict:
    """Pool size from ``DATABASE_POOL_SIZE`` (0: no pool); no server-side prepared plans."""
    options: dict = {"prepare_threshold": None}
    raw = environ.get("DATABASE_POOL_SIZE", str(DEFAULT_POOL_SIZE)).strip()
    if not raw.isdigit():
        raise ImproperlyConfigured(f"DATABASE_POOL_SIZE must be a whole number, not {raw!r}")
    if int(raw) > 0:
        options["pool"] = {"min_size": 1, "max_size": int(raw), "timeout": 10}
    return options


def check_server_encoding(sender, connection, **kwargs) -> None:
    """Refuse a PostgreSQL database that does not store UTF-8 (``connection_created``).

    Chinese text in a ``SQL_ASCII`` or ``LATIN1`` database is either rejected row by
    row in the middle of an ingest or silently stored as bytes that no search can
    match, so the connection is closed before any query runs. The encoding comes
    with the connection's start-up parameters: the check costs no round trip.
    """
    from django.db.backends.base.base import NO_DB_ALIAS

    if connection.vendor != "postgresql" or connection.alias == NO_DB_ALIAS:
        return  # the maintenance database Django uses to create test databases is not ours
    encoding = connection.connection.info.parameter_status("server_encoding")
    if encoding == "UTF8":
        return
    name = connection.settings_dict.get("NAME")
    connection.close()
    raise ImproperlyConfigured(
        f"database {name!r} ({connection.alias}) uses encoding {encoding}, but Broadsheet "
        "needs UTF8; create it with CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0"
    )
