#!/bin/sh
# Run the whole test suite again on a throwaway PostgreSQL cluster (see tests/pg_cluster.py).
# Fails when the cluster cannot start, when any test fails, and when no PostgreSQL-only
# test passed or one was skipped, so a CI run cannot pass by quietly testing nothing.
# Extra arguments go to pytest, e.g. scripts/test-postgres.sh -x tests/postgres
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
BROADSHEET_TEST_DB=postgres exec "$PYTHON" -m pytest -p tests.pg_cluster --postgres-strict "$@"
