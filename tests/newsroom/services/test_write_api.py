"""The write API for print systems: tokens (hashed, scoped, revocable, ``broadsheet token``),
``POST /api/v1/editions`` starting the same background ingest, its status URL, and the
publish and schedule endpoints."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from broadsheet.editions.models import Edition
from broadsheet.newsroom import tokens
from broadsheet.newsroom.models import ApiToken
from tests.builders import write_bundle


@pytest.fixture
def token_a(newsroom) -> str:
    return tokens.create(newsroom.people["editor_a"], [newsroom.paper_a], "飞腾")[1]


def _auth(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _bundle(tmp_path, slug="chenbao", date="2024-05-01") -> Path:
    folder = write_bundle(tmp_path / "up", slug=slug, date=date)
    return Path(shutil.make_archive(str(tmp_path / date), "zip", folder))


def test_a_token_is_kept_only_as_its_hash(newsroom, token_a):
    row = ApiToken.objects.get()
    assert token_a.startswith("bst_") and len(token_a) > 40
    assert token_a not in (row.digest, row.prefix) and row.digest == tokens.digest(token_a)
    assert token_a.startswith(row.prefix)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection (test_uploads)
def test_an_upload_through_the_api_is_ingested_and_its_status_answered(
    client, newsroom, token_a, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), _bundle(tmp_path).open("rb") as f:
        response = client.post(
            "/api/v1/editions",
            {"newspaper": "chenbao", "file": f, "publish": "1"},
            **_auth(token_a),
        )
    assert response.status_code == 202, response.content
    status_url = response.json()["data"]["status_url"]
    assert response["Location"] == status_url
    assert client.get(status_url, **_auth(token_a)).json()["data"]["status"] == "queued"
    call_command("worker", batch=True, verbosity=0)
    data = client.get(status_url, **_auth(token_a)).json()["data"]
    assert (data["status"], data["progress"], data["summary"]["editions"]) == ("done", 100, 1)
    assert Edition.objects.get(newspaper=newsroom.paper_a, date="2024-05-01").status == "published"


def test_publish_and_schedule(client, newsroom, token_a):
    base = "/api/v1/editions/chenbao/2024-03-01"
    answer = client.post(f"{base}/schedule", {"publish_at": "2030-01-01T06:00"}, **_auth(token_a))
    assert answer.status_code == 200, answer.content
    edition = Edition.objects.get(pk=newsroom.edition_a.pk)
    assert edition.status == "scheduled"
    assert edition.publish_at == dt.datetime(2030, 1, 1, 6, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert client.post(f"{base}/publish", **_auth(token_a)).json()["data"]["status"] == "published"
    bad = client.post(f"{base}/schedule", {"publish_at": "soon"}, **_auth(token_a))
    assert bad.status_code == 400 and "publish_at" in bad.json()["error"]["message"]


def test_a_token_for_paper_a_does_nothing_to_paper_b(client, newsroom, token_a, tmp_path):
    with _bundle(tmp_path, slug="wanbao").open("rb") as f:
        upload = client.post(
            "/api/v1/editions", {"newspaper": "wanbao", "file": f}, **_auth(token_a)
        )
    assert upload.status_code == 403
    publish = client.post("/api/v1/editions/wanbao/2024-03-01/publish", **_auth(token_a))
    assert publish.status_code == 403
    assert publish.json()["ok"] is False


def test_no_token_a_wrong_one_or_a_revoked_one_is_refused(client, newsroom, token_a):
    url = "/api/v1/editions/chenbao/2024-03-01/publish"
    assert client.post(url).status_code == 401
    assert client.post(url, **_auth("bst_not-a-real-token")).status_code == 401
    tokens.revoke(ApiToken.objects.get().prefix)
    assert client.post(url, **_auth(token_a)).status_code == 401


def test_a_token_loses_what_its_user_loses(client, newsroom, token_a):
    newsroom.people["editor_a"].newsroom_grants.all().delete()
    url = "/api/v1/editions/chenbao/2024-03-01/publish"
    assert client.post(url, **_auth(token_a)).status_code == 403


def test_a_token_is_only_made_for_papers_its_user_may_upload_to(newsroom):
    with pytest.raises(PermissionDenied):
        tokens.create(newsroom.people["editor_a"], [newsroom.paper_b])
    with pytest.raises(PermissionDenied):
        tokens.create(newsroom.people["reviewer_a"], [newsroom.paper_a])


def test_the_token_command_creates_lists_and_revokes(newsroom):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token", "create", "--user", "editor_a", "--newspaper", "chenbao", stdout=out, stderr=err
    )
    token = out.getvalue().strip()
    assert tokens.authenticate(token) is not None
    prefix = ApiToken.objects.get().prefix
    listing = io.StringIO()
    call_command("token", "list", stdout=listing)
    assert prefix in listing.getvalue() and token not in listing.getvalue()
    call_command("token", "revoke", prefix, stdout=io.StringIO())
    assert tokens.authenticate(token) is None
    with pytest.raises(CommandError, match="no token made"):
        call_command("token", "create", "--user", "editor_a", "--newspaper", "wanbao")


def _documented(path: str, method: str, status: int):
    """A validator for the answer the OpenAPI document promises for this operation."""
    import json

    import jsonschema

    from broadsheet.api.routes import api

    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    content = document["paths"][path][method]["responses"][str(status)]["content"]
    schema = {**content["application/json"]["schema"], "components": document["components"]}
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.django_db(transaction=True)
def test_the_write_answers_are_the_ones_the_openapi_document_describes(
    client, newsroom, token_a, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), _bundle(tmp_path).open("rb") as f:
        upload = client.post(
            "/api/v1/editions", {"newspaper": "chenbao", "file": f}, **_auth(token_a)
        )
    _documented("/api/v1/editions", "post", 202).validate(upload.json())
    run = client.get(upload.json()["data"]["status_url"], **_auth(token_a))
    _documented("/api/v1/runs/{run_id}", "get", 200).validate(run.json())
    base = "/api/v1/editions/chenbao/2024-03-01"
    when = client.post(f"{base}/schedule", {"publish_at": "2030-01-01T06:00"}, **_auth(token_a))
    _documented("/api/v1/editions/{paper}/{date}/schedule", "post", 200).validate(when.json())
    now = client.post(f"{base}/publish", **_auth(token_a))
    _documented("/api/v1/editions/{paper}/{date}/publish", "post", 200).validate(now.json())
    refused = client.post(f"{base}/publish")
    assert refused.status_code == 401
    _documented("/api/v1/editions/{paper}/{date}/publish", "post", 401).validate(refused.json())
