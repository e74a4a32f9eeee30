"""/api/v1/docs renders the generated document itself: every operation and schema, no script."""

from __future__ import annotations

import pytest

from broadsheet.api.routes import api

pytestmark = pytest.mark.django_db


def test_the_docs_page_shows_every_operation_and_schema(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    for path in document["paths"]:
        assert f"<code>{path}</code>" in body
    for name in document["components"]["schemas"]:
        assert f'id="schema-{name}"' in body
    assert 'href="/api/v1/openapi.json"' in body


def test_the_docs_page_runs_no_script_under_the_sites_policy(client):
    response = client.get("/api/v1/docs")
    assert "<script" not in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
