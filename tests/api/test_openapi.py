"""The OpenAPI 3.1 document is generated from the code, and the live app keeps it.

schemathesis takes the document the code generates (the one ``/api/v1/openapi.json``
serves) and calls a live server over a real archive (two
published editions, a draft, a future-scheduled and a withdrawn one, and a newspaper with
only a draft) and calls every operation with the generated data, half of the time on the
real newspaper, dates, page labels and article numbers, hidden ones included. Every
answer must match the document (status, content type, the envelope's schema), no answer may
be a server error, and none may show a hidden edition. The write operations are called
without a token here (each must refuse it, as documented); their answers with a token are
checked against the document in tests/newsroom/services/test_write_api.py.
"""

from __future__ import annotations

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from broadsheet.api.routes import api

from .conftest import HIDDEN, PUBLISHED, hidden_links

pytestmark = pytest.mark.django_db(transaction=True)

DATES = [*PUBLISHED, *HIDDEN]
REAL = st.fixed_dictionaries(
    {
        "paper": st.sampled_from(["chenbao", "yebao"]),
        "date": st.sampled_from(DATES),
        "label": st.sampled_from(["01", "02", "1"]),
        "order": st.integers(1, 4),
        "year": st.sampled_from([2024, 2023]),
        "month": st.integers(1, 4),
        "run_id": st.integers(1, 3),
    }
)


def _valid(context, path_parameters: dict) -> bool:
    """Whether every generated path parameter fits its schema (a positive case)."""
    schemas = {p.name: p.definition["schema"] for p in context.operation.path_parameters}
    return all(
        jsonschema.Draft202012Validator(schemas[name]).is_valid(value)
        for name, value in path_parameters.items()
        if name in schemas
    )


def _real_or_generated(context, path_parameters: dict):
    """The generated path parameters, or real ones where the operation takes them.

    A negative case keeps its own: put real values in its path and it becomes a valid
    request that schemathesis still expects to be refused.
    """
    if not path_parameters:
        return st.just({})
    if not _valid(context, path_parameters):
        return st.just(path_parameters)
    real = REAL.map(lambda found: {k: found[k] for k in path_parameters})
    return st.one_of(real, st.just(path_parameters))


@schemathesis.check
def shows_no_hidden_edition(ctx, response, case):
    """No answer names a hidden edition (its reader URL), whatever was asked."""
    leaked = [link for link in hidden_links() if link in response.content]
    if leaked:
        raise AssertionError(f"{case.path}: shows {leaked[0].decode()}")


# The document as the code generates it; the live app serves this very document (below).
DOCUMENT = api.get_openapi_schema(path_prefix="/api/v1/")
schema = schemathesis.openapi.from_dict(DOCUMENT)
SEARCH_PARAMETERS = {
    p["name"]
    for p in DOCUMENT["paths"]["/api/v1/search"]["get"]["parameters"]
    if p["in"] == "query"
}
schema.hook("flatmap_path_parameters")(_real_or_generated)


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,  # the same examples on every run, as tests/fuzz does in CI
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_live_app_keeps_its_openapi_document(case, archive, live_server):
    if case.operation.path != "/api/v1/search":
        case.call_and_validate(base_url=live_server.url)
        return
    # A search query is a small language: a schema-valid string may still be a query it
    # cannot use ("《》", "-"), answered 400 bad_query as documented; only that 400 is allowed.
    response = case.call_and_validate(
        base_url=live_server.url, excluded_checks=[positive_data_acceptance]
    )
    if response.status_code == 400 and "q" in (case.query or {}):
        # A parameter search does not take is refused as such (bad_request); one generated
        # without a value is not sent at all, and then only q can be wrong.
        unknown = set(case.query) - SEARCH_PARAMETERS
        expected = {"bad_request", "bad_query"} if unknown else {"bad_query"}
        assert response.json()["error"]["code"] in expected, response.text


def test_the_live_app_serves_the_generated_document(client):
    assert client.get("/api/v1/openapi.json").json() == DOCUMENT


def test_the_document_is_openapi_3_1_with_the_envelope(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    page = document["paths"]["/api/v1/newspapers/{paper}/editions/{date}/pages/{label}"]["get"]
    schemas = document["components"]["schemas"]
    ok = schemas[page["responses"]["200"]["content"]["application/json"]["schema"]["$ref"][21:]]
    assert ok["required"] == ["ok", "data"] and ok["additionalProperties"] is False
    assert ok["properties"]["ok"] == {"const": True, "title": "Ok", "type": "boolean"}
    failure = page["responses"]["404"]["content"]["application/json"]["schema"]["$ref"][21:]
    assert set(schemas[failure]["properties"]) == {"ok", "error"}
