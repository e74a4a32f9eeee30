"""The redirect table: ``broadsheet redirects import FILE`` and the reader's 404 path."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, Redirect
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(tmp_path):
    return load_edition(read_bundle(write_bundle(tmp_path)), publish=True).edition


def run_import(tmp_path, text: str) -> None:
    path = tmp_path / "old-links.csv"
    path.write_text(text, "utf-8")
    call_command("redirects", "import", str(path))


def test_imported_old_urls_lead_to_their_targets(client, tmp_path, edition):
    token = Article.objects.filter(page__edition=edition, page__label="01", order=2).get().permalink
    run_import(
        tmp_path,
        "old,new\n"
        "/html/2024-03/01/node_1.htm,/chenbao/2024-03-01/01/\n"
        f"/html/2024-03/01/content_123.htm,a:{token}\n"
        f"http://old.example.com/html/2024-03/01/content_124.htm?div=-1,/a/{token}\n",
    )
    page = client.get("/html/2024-03/01/node_1.htm")
    assert page.status_code == 301 and page["Location"] == "/chenbao/2024-03-01/01/"
    article = client.get("/html/2024-03/01/content_123.htm")
    assert article.status_code == 301 and article["Location"] == "/chenbao/2024-03-01/01/2/"
    query = client.get("/html/2024-03/01/content_124.htm?div=0")
    assert query["Location"] == "/chenbao/2024-03-01/01/2/"
    assert client.get("/html/2024-03/01/content_125.htm").status_code == 404


def test_a_redirect_into_a_hidden_edition_is_404(client, tmp_path, edition):
    token = Article.objects.filter(page__edition=edition).first().permalink
    run_import(tmp_path, f"/old/1.htm,a:{token}\n/old/2.htm,/chenbao/2024-03-01/02/\n")
    publishing.withdraw(edition)
    assert client.get("/old/1.htm").status_code == 404
    assert client.get("/old/2.htm").status_code == 404


def test_a_redirect_never_leaves_the_site(client, tmp_path, edition):
    Redirect.objects.create(old_path="/old/x.htm", target_path="//evil.example.com/")
    assert client.get("/old/x.htm").status_code == 404
    with pytest.raises(CommandError, match=r"old-links.csv: line 1: target .* must be a path"):
        run_import(tmp_path, "/old/y.htm,https://evil.example.com/\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/a.htm\n", "line 2: expected 2 fields"),
        ("/a.htm,/b/\n/c.htm,\n", "line 3: old path and target must both be given"),
        ("/a.htm,a:NOT-AN-ID\n", "line 2: .NOT-AN-ID. is not a permanent article ID"),
    ],
)
def test_a_bad_file_imports_nothing_and_names_the_line(tmp_path, text, message):
    with pytest.raises(CommandError, match=message):
        run_import(tmp_path, "/ok.htm,/chenbao/\n" + text)
    assert not Redirect.objects.exists()


def test_reimporting_replaces_a_row(tmp_path, edition):
    run_import(tmp_path, "/old.htm,/chenbao/\n")
    run_import(tmp_path, "/old.htm,/chenbao/2024-03-01/\n")
    assert Redirect.objects.get().target_path == "/chenbao/2024-03-01/"


def test_the_admin_lists_and_adds_redirects(admin_client, edition):
    Redirect.objects.create(old_path="/html/old.htm", target_path="/chenbao/")
    listing = admin_client.get("/admin/editions/redirect/")
    assert listing.status_code == 200 and "/html/old.htm" in listing.content.decode()
    added = admin_client.post(
        "/admin/editions/redirect/add/",
        {
            "old_path": "/html/new.htm",
            "permalink": "",
            "target_path": "/chenbao/",
            "origin": "import",
        },
    )
    assert added.status_code == 302 and Redirect.objects.filter(old_path="/html/new.htm").exists()
