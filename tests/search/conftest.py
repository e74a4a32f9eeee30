"""Fixtures shared by the search tests."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture(params=["tantivy", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, settings):
    """The test runs on both engines (PostgreSQL only under scripts/test-postgres.sh)."""
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: scripts/test-postgres.sh")
    settings.SEARCH_BACKEND = request.param
    return request.param
