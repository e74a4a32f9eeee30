"""The media door keeps the visibility rule: files of hidden editions are 404 to the public.

Editions are real bundles loaded through ``load_edition`` (real PNG pages, PDFs,
thumbnails, article pictures) on SQLite and, through scripts/test-postgres.sh,
on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from PIL import Image

from broadsheet.editions import media, publishing
from broadsheet.editions.models import Article, Edition, MediaReference, Page
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.placement import load_items
from broadsheet.ingest.records import ArticleRecord, Asset, EditionRecord, PageRecord
from broadsheet.ingest.services import load_edition
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db

PROTECTED = "/protected-media/"


def load(tmp_path, tag: str, *, date="2024-03-01", label=None, color="gray", replace=False):
    """Load one edition (a draft) whose page and picture files are its own unless shared."""
    folder = write_bundle(tmp_path / tag, date=date, labels=(label or tag,))
    Image.new("RGB", (120, 80), color).save(folder / "images" / "photo.png")
    return load_edition(read_bundle(folder), replace=replace).edition


def files(edition: Edition) -> dict[str, str]:
    """The media URLs of an edition: page image, thumbnail, PDF and article picture."""
    page = Page.objects.get(edition=edition)
    picture = Article.objects.get(page=page, headline="图片新闻").body[0]["src"]
    names = {
        "image": page.image.name,
        "thumbnail": page.thumbnail.name,
        "pdf": page.pdf.name,
        "picture": picture,
    }
    assert all(names.values())
    return {kind: f"/media/{name}" for kind, name in names.items()}


CONTENT_TYPES = {
    "image": "image/png",
    "thumbnail": "image/jpeg",
    "pdf": "application/pdf",
    "picture": "image/png",
}


def body(response) -> bytes:
    """The whole body; reading a file response to its end closes it (as a WSGI server does)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def status(client, url: str, **headers) -> int:
    """GET ``url``, read the answer to its end so its file is closed, return the status."""
    response = client.get(url, **headers)
    body(response)
    return response.status_code


def stored(url: str) -> bytes:
    with default_storage.open(url.removeprefix("/media/")) as f:
        return f.read()


def assert_references_match_rows():
    """The table holds exactly what the pages and articles use now."""
    stored = set(MediaReference.objects.values_list("edition_id", "name"))
    ids = Edition.objects.values_list("pk", flat=True)
    wanted = {(e, n) for e, names in media.edition_names(ids).items() for n in names}
    assert stored == wanted


@pytest.fixture
def published(tmp_path):
    edition = load(tmp_path, "P1", color="red")
    return publishing.publish(edition)


def hidden(tmp_path, state: str) -> Edition:
    edition = load(tmp_path, "H1", date="2024-03-05", color="blue")
    if state == "scheduled":
        return publishing.schedule(edition, timezone.now() + dt.timedelta(days=1))
    if state == "withdrawn":
        publishing.publish(edition)
        return publishing.withdraw(edition)
    return edition


def test_a_published_editions_files_are_served(client, published):
    urls = files(published)
    for kind, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, kind
        assert response["Content-Type"] == CONTENT_TYPES[kind]
        assert body(response) == stored(url)
        assert response["Cache-Control"] == "public, max-age=86400, immutable"
        assert response["Last-Modified"] and response["Accept-Ranges"] == "bytes"
        assert "Cookie" not in response.get("Vary", "")  # the same answer for everyone
    assert_references_match_rows()


@pytest.mark.parametrize("state", ["draft", "scheduled", "withdrawn"])
def test_a_hidden_editions_files_are_404_to_the_public_and_200_to_staff(
    client, admin_client, django_user_model, tmp_path, state
):
    urls = files(hidden(tmp_path, state))
    reader = django_user_model.objects.create_user("reader", password="pw-reader-1")
    logged_in = client.__class__()
    logged_in.force_login(reader)
    for kind, url in urls.items():
        assert status(client, url) == 404, kind
        assert status(logged_in, url) == 404, kind  # logged in, but not staff
        response = admin_client.get(url)
        assert response.status_code == 200, kind
        assert response["Content-Type"] == CONTENT_TYPES[kind]
        assert response["Cache-Control"] == "private, no-store"
        assert body(response) == stored(url)
    assert "页面不存在" in client.get(urls["pdf"]).content.decode()  # the site's own 404


def test_a_scheduled_edition_whose_time_has_passed_is_served(client, tmp_path):
    edition = load(tmp_path, "S1", color="green")
    publishing.schedule(edition, timezone.now() - dt.timedelta(minutes=1))
    for url in files(edition).values():
        assert status(client, url) == 200


def test_withdrawing_takes_the_files_offline_and_publishing_brings_them_back(client, published):
    urls = files(published)
    publishing.withdraw(published)
    assert all(status(client, url) == 404 for url in urls.values())
    publishing.publish(published)
    assert all(status(client, url) == 200 for url in urls.values())


def test_a_file_shared_with_a_published_edition_stays_served(client, tmp_path, published):
    # Same page label and picture colour: the same page image, thumbnail and picture files.
    other = load(tmp_path, "W1", date="2024-03-09", label="P1", color="red")
    publishing.publish(other)
    publishing.withdraw(other)
    shared = {k: v for k, v in files(other).items() if k != "pdf"}
    assert shared == {k: v for k, v in files(published).items() if k != "pdf"}
    for url in shared.values():
        assert status(client, url) == 200
    published.delete()
    for url in shared.values():
        assert status(client, url) == 404  # only the withdrawn edition is left
    assert_references_match_rows()


def test_after_replace_the_old_files_nothing_uses_are_404(client, tmp_path):
    old = load(tmp_path, "R1", color="red")
    publishing.publish(old)
    old_urls = files(old)
    new = load(tmp_path, "R2", label="R2", color="yellow", replace=True)
    assert new.status == Edition.Status.PUBLISHED and not Edition.objects.filter(pk=old.pk)
    for kind, url in old_urls.items():
        assert default_storage.exists(url.removeprefix("/media/")), kind  # still on disk
        assert status(client, url) == 404, kind
    for kind, url in files(new).items():
        assert status(client, url) == 200, kind
    assert_references_match_rows()


def test_deleting_through_the_admin_takes_files_offline(client, admin_client, published):
    urls = files(published)
    picture = Article.objects.get(page__edition=published, headline="图片新闻")
    response = admin_client.post(
        "/admin/editions/article/",
        {"action": "delete_selected", "_selected_action": [picture.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert status(client, urls["picture"]) == 404
    assert status(client, urls["image"]) == 200
    assert_references_match_rows()
    response = admin_client.post(f"/admin/editions/edition/{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not MediaReference.objects.exists()
    assert all(status(client, url) == 404 for url in urls.values())


def test_an_article_edited_in_the_admin_changes_what_is_served(client, admin_client, published):
    urls = files(published)
    article = Article.objects.get(page__edition=published, headline="图片新闻")
    form = (
        admin_client.get(f"/admin/editions/article/{article.pk}/change/").context["adminform"].form
    )
    data = {name: form[name].value() or "" for name in form.fields}
    data["body"] = '[{"type": "paragraph", "text": "图片已撤下。"}]'
    data["hotspot"] = "[]"
    response = admin_client.post(f"/admin/editions/article/{article.pk}/change/", data)
    assert response.status_code == 302
    assert status(client, urls["picture"]) == 404
    assert_references_match_rows()


def wire_item(date: str, picture: bytes) -> EditionRecord:
    item = ArticleRecord(
        order=1,
        headline="外电图片",
        blocks=[{"type": "image", "src": "p.png", "caption": "外电"}],
        assets={"p.png": Asset("p.png", lambda: picture)},
        source="item.xml",
        source_id="urn:test:item-1",
    )
    page = PageRecord(label="04", order=1, name="国际", articles=[item])
    return EditionRecord(
        newspaper="wire", date=dt.date.fromisoformat(date), pages=[page], wire=True
    )


def test_a_wire_item_moved_to_a_draft_edition_takes_its_picture_along(client, tmp_path):
    buf = tmp_path / "p.png"
    Image.new("RGB", (40, 30), "orange").save(buf)
    first = load_items(wire_item("2024-04-01", buf.read_bytes()), publish=True).edition
    url = "/media/" + Article.objects.get(page__edition=first).body[0]["src"]
    assert status(client, url) == 200
    load_items(wire_item("2024-04-02", buf.read_bytes()), replace=True)  # a draft
    assert not Article.objects.filter(page__edition=first).exists()
    assert status(client, url) == 404
    assert_references_match_rows()


@pytest.mark.parametrize(
    "url",
    [
        "/media/../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/..%2fsecret.txt",
        "/media/%2E%2E%2Fsecret.txt",
        "/media/pages/../../secret.txt",
        "/media/..%5csecret.txt",
        "/media/%2fetc%2fpasswd",
        "/media//etc/passwd",
        "/media/./pages",
        "/media/",
        "/media/pages/",
        "/media/pages%00.png",
        "/media/%252e%252e/secret.txt",
    ],
)
def test_path_traversal_is_404_even_for_staff(client, admin_client, settings, url):
    (settings.MEDIA_ROOT.parent / "secret.txt").write_text("not media")
    (settings.MEDIA_ROOT / "pages").mkdir(parents=True, exist_ok=True)
    assert status(client, url) == 404
    assert status(admin_client, url) == 404


def test_staff_see_an_existing_file_nothing_references(admin_client, client):
    name = default_storage.save("pages/aa/orphan.pdf", ContentFile(b"%PDF-1.4 orphan"))
    assert status(admin_client, f"/media/{name}") == 200
    assert status(client, f"/media/{name}") == 404
    assert status(admin_client, "/media/pages/aa/missing.pdf") == 404


def test_conditional_and_range_requests(client, published):
    url = files(published)["pdf"]
    whole = body(client.get(url))
    first = client.get(url)
    body(first)
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304 and not again.content
    assert again["Cache-Control"].startswith("public")

    part = client.get(url, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206 and body(part) == whole[:10]
    assert part["Content-Range"] == f"bytes 0-9/{len(whole)}" and part["Content-Length"] == "10"
    assert body(client.get(url, HTTP_RANGE="bytes=-5")) == whole[-5:]
    assert body(client.get(url, HTTP_RANGE="bytes=20-")) == whole[20:]
    assert body(client.get(url, HTTP_RANGE=f"bytes=5-{len(whole) + 99}")) == whole[5:]
    too_far = client.get(url, HTTP_RANGE=f"bytes={len(whole)}-")
    assert too_far.status_code == 416 and too_far["Content-Range"] == f"bytes */{len(whole)}"
    stale = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE="Mon, 01 Jan 2001 00:00:00 GMT")
    assert stale.status_code == 200 and body(stale) == whole
    several = client.get(url, HTTP_RANGE="bytes=0-1,5-6")
    assert several.status_code == 200 and body(several) == whole


def test_accel_mode_answers_with_the_header_and_no_body(
    client, admin_client, settings, tmp_path, published
):
    settings.MEDIA_ACCEL_PREFIX = PROTECTED
    for kind, url in files(published).items():
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == PROTECTED + url.removeprefix("/media/")
        assert response.content == b""
        assert response["Content-Type"] == CONTENT_TYPES[kind]
        assert response["Cache-Control"].startswith("public, max-age=")
    draft = files(hidden(tmp_path, "draft"))["pdf"]
    assert status(client, draft) == 404
    assert "X-Accel-Redirect" not in client.get(draft)
    staff = admin_client.get(draft)
    assert staff["X-Accel-Redirect"] == PROTECTED + draft.removeprefix("/media/")
    assert staff.content == b"" and staff["Cache-Control"] == "private, no-store"


class RemoteStorage(Storage):
    """Stands in for object storage: files by name, no local path."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def _save(self, name, content):
        self.files[name] = content.read()
        return name

    def _open(self, name, mode="rb"):
        if name not in self.files:
            raise FileNotFoundError(name)
        return ContentFile(self.files[name], name=name)

    def exists(self, name):
        return name in self.files

    def url(self, name):
        return f"/media/{name}"


def test_object_storage_without_local_paths_is_read_through_the_gate(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.RemoteStorage"},
    }
    with pytest.raises(NotImplementedError):
        default_storage.path("pages/x.pdf")
    edition = load(tmp_path, "O1", color="purple")
    urls = files(edition)
    assert status(client, urls["pdf"]) == 404
    publishing.publish(edition)
    response = client.get(urls["pdf"])
    assert response.status_code == 200 and body(response).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


def test_the_data_migration_fills_references_for_existing_rows(tmp_path, published):
    load(tmp_path, "D1", date="2024-03-07", color="white")
    expected = set(MediaReference.objects.values_list("edition_id", "name"))
    assert len(expected) == 8  # two editions: image, thumbnail, PDF and picture each
    MediaReference.objects.all().delete()
    migration = importlib.import_module("broadsheet.editions.migrations.0005_fill_media_references")
    migration.fill(apps, None)
    assert set(MediaReference.objects.values_list("edition_id", "name")) == expected


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: scripts/test-postgres.sh"
)
def test_postgres_answers_the_gate_from_the_name_index(published):
    """The per-request query can use the (name, edition) index, not a scan of the table.

    The planner goes by the tables' statistics, which autovacuum may have taken while
    earlier tests left them nearly empty (it then drove the join from the editions);
    the tables are given a site's shape first, many files per edition, and analysed.
    """
    name = Page.objects.get(edition=published).pdf.name
    MediaReference.objects.bulk_create(
        MediaReference(name=f"pages/xx/{i:064x}.jpg", edition=published) for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE editions_mediareference")
        cursor.execute("ANALYZE editions_edition")
    query = (
        MediaReference.objects.filter(name=name)
        .filter(media.public_q("edition__"))
        .values("pk")[:1]
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "unique_media_reference" in plan
    assert media.is_public(name)


def test_a_superuser_created_later_sees_drafts(client, tmp_path):
    url = files(hidden(tmp_path, "draft"))["image"]
    get_user_model().objects.create_user("editor", password="pw-editor-1", is_staff=True)
    # django-axes checks every login against its request (here a bare one).
    assert client.login(request=HttpRequest(), username="editor", password="pw-editor-1")
    assert status(client, url) == 200
