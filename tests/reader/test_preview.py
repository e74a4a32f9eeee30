"""Staff preview (reader/preview.py): a hidden edition on the reader's own URLs, only for a
logged-in user whose session the desk granted it, under the 预览 banner, never cacheable.

The grant is written into the session here as the desk writes it, for a user holding a role
on the paper (every use of a grant asks the newsroom's role check again); the desk's own check
of the user's role before granting is tested in tests/newsroom/desk/.
"""

from __future__ import annotations

import time

import pytest

from broadsheet.editions.models import Edition
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom import roles
from broadsheet.newsroom.models import Role, RoleGrant
from broadsheet.reader import preview
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db

PAPER = "chenbao"


@pytest.fixture
def draft(tmp_path) -> Edition:
    return load_edition(read_bundle(write_bundle(tmp_path / "d", date="2024-03-02"))).edition


@pytest.fixture
def other_draft(tmp_path) -> Edition:
    return load_edition(read_bundle(write_bundle(tmp_path / "o", date="2024-03-03"))).edition


@pytest.fixture
def published(tmp_path) -> Edition:
    folder = write_bundle(tmp_path / "p", date="2024-03-01")
    return load_edition(read_bundle(folder), publish=True).edition


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="Correct-Horse-9")
    client.force_login(user)
    client.session_user = user
    return client


def give(client, edition: Edition, seconds: int = preview.GRANT_SECONDS) -> None:
    """Write a grant as the desk does, for a user the desk let view the paper (a reviewer)."""
    roles.grant(client.session_user, Role.REVIEWER, edition.newspaper)
    session = client.session
    session[preview.SESSION_KEY] = {str(edition.pk): int(time.time()) + seconds}
    session.save()


def urls_of(edition: Edition) -> list[str]:
    base = f"/{PAPER}/{edition.date.isoformat()}/"
    return [base, f"{base}01/", f"{base}01.json", f"{base}01/1/", f"{base}01/1.json"]


def test_a_granted_editor_sees_the_draft_as_readers_will_under_the_banner(editor, draft):
    give(editor, draft)
    for url in urls_of(draft):
        response = editor.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    page = editor.get(f"/{PAPER}/2024-03-02/01/").content.decode()
    assert 'class="preview-banner"' in page and "预览" in page
    image = draft.pages.get(label="01").image.name
    media = editor.get(f"/media/{image}")
    assert media.status_code == 200 and media["Cache-Control"] == "private, no-store"
    assert b"".join(media.streaming_content)  # read out, so the file is closed


@pytest.mark.parametrize("url_index", range(5))
def test_without_a_grant_the_draft_stays_hidden(client, editor, draft, other_draft, url_index):
    url = urls_of(draft)[url_index]
    assert client.get(url).status_code == 404  # not logged in
    assert editor.get(url).status_code == 404  # logged in, nothing granted
    give(editor, other_draft)  # a grant for another edition opens only that one
    assert editor.get(url).status_code == 404
    assert editor.get(urls_of(other_draft)[url_index]).status_code == 200


def test_a_grant_ends_with_its_time_and_with_the_login(editor, draft):
    give(editor, draft, seconds=-1)
    assert editor.get(f"/{PAPER}/2024-03-02/01/").status_code == 404
    give(editor, draft)
    assert editor.get(f"/{PAPER}/2024-03-02/01/").status_code == 200
    editor.logout()
    assert editor.get(f"/{PAPER}/2024-03-02/01/").status_code == 404
    image = draft.pages.get(label="01").image.name
    assert editor.get(f"/media/{image}").status_code == 404


def test_a_published_edition_is_no_preview(editor, published, draft):
    give(editor, draft)
    response = editor.get(f"/{PAPER}/2024-03-01/01/")
    assert response.status_code == 200
    assert b"preview-banner" not in response.content
    # Not taken as a preview. (Its Cache-Control cannot tell: every answer to a request with a
    # session is private, no-store, preview or not — reader/pagecache.py.)
    assert not getattr(response.wsgi_request, "preview", False)


def test_feeds_and_search_ignore_grants(editor, published, draft):
    give(editor, draft)
    for url in (f"/{PAPER}/feed.atom", f"/{PAPER}/editions.rss", f"/{PAPER}/archive/2024-03/"):
        body = editor.get(url).content
        assert b"2024-03-02" not in body, url


def test_a_label_spelled_otherwise_redirects_privately_in_preview(editor, draft):
    """A permanent redirect is cacheable by default; one for a hidden edition must not be."""
    give(editor, draft)
    response = editor.get(f"/{PAPER}/2024-03-02/1/")
    assert response.status_code == 301 and response["Location"] == f"/{PAPER}/2024-03-02/01/"
    assert response["Cache-Control"] == "private, no-store"


def test_a_grant_ends_when_the_role_is_taken_away(editor, draft):
    """The session keeps its grant, but the user no longer may see the paper: nothing opens."""
    give(editor, draft)
    image = draft.pages.get(label="01").image.name
    assert editor.get(f"/{PAPER}/2024-03-02/01/").status_code == 200
    RoleGrant.objects.filter(user=editor.session_user).delete()
    for url in urls_of(draft):
        assert editor.get(url).status_code == 404, url
    assert editor.get(f"/media/{image}").status_code == 404


def test_a_grant_is_honoured_only_while_someone_vouches_for_it(editor, draft):
    """Without the newsroom's role check registered, no grant opens anything."""
    give(editor, draft)
    saved = list(preview._voucher)
    preview._voucher.clear()
    try:
        assert editor.get(f"/{PAPER}/2024-03-02/01/").status_code == 404
    finally:
        preview._voucher[:] = saved
    assert editor.get(f"/{PAPER}/2024-03-02/01/").status_code == 200
