"""ONE list of every public door, walked with a draft, a future-scheduled, a withdrawn and a
published edition: the hidden three leak through none of them, the published one answers.

A door is any URL the public can reach that shows an edition's content, or a file of it.
A new door joins ``DOORS`` here, and this test then keeps it behind the visibility rule
(``editions.visibility.public_q``) like the others.

Each edition has its own page label, page files, picture, 2x image and search word, so
nothing one edition shows can be mistaken for another's (files are shared by content hash).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone
from PIL import Image

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom import roles
from broadsheet.newsroom.models import Role
from tests.builders import read_manifest, store_hidpi, write_bundle, write_manifest

pytestmark = pytest.mark.django_db

PAPER = "chenbao"


@dataclass(frozen=True)
class Door:
    """A public door: ``url(edition)`` reaches it for one edition.

    A door for one edition (its page, a file) must be 404 for a hidden edition. A listing
    (a front page, a calendar, search) answers 200 whatever is hidden, and must not link
    to a hidden edition (its URLs start with ``/<paper>/<date>/``). A door that answers
    with a redirect (``redirects``) shows the edition when it redirects at all: the
    ``Location`` alone tells that a hidden edition exists.
    """

    name: str
    url: Callable[[Edition], str]
    listing: bool = False
    redirects: bool = False


def _date(e: Edition) -> str:
    return f"/{PAPER}/{e.date.isoformat()}/"


def _page(e: Edition) -> Page:
    return e.pages.get()


def _media(field: str) -> Callable[[Edition], str]:
    return lambda e: "/media/" + getattr(_page(e), field).name


def _picture(e: Edition) -> str:
    photo = Article.objects.get(page__edition=e, headline="图片新闻")
    return "/media/" + photo.body[0]["src"]


def _api_paper() -> str:
    return f"/api/v1/newspapers/{PAPER}"


def _api_edition(e: Edition) -> str:
    return f"{_api_paper()}/editions/{e.date.isoformat()}"


def _permalink(e: Edition) -> str:
    return "/a/" + Article.objects.filter(page__edition=e).order_by("order")[0].permalink


def _word(e: Edition) -> str:
    return WORDS[e.date.isoformat()]


DOORS = [
    Door("home", lambda e: "/", listing=True),
    Door("newspaper front page", lambda e: f"/{PAPER}/", listing=True),
    Door("month calendar", lambda e: f"/{PAPER}/archive/{e.date:%Y-%m}/", listing=True),
    Door("edition", _date),
    Door("page", lambda e: f"{_date(e)}{_page(e).label}/"),
    Door("page .json", lambda e: f"{_date(e)}{_page(e).label}.json"),
    Door("article", lambda e: f"{_date(e)}{_page(e).label}/1/"),
    Door("article .json", lambda e: f"{_date(e)}{_page(e).label}/1.json"),
    Door("edition .json", lambda e: f"/{PAPER}/{e.date.isoformat()}.json"),
    Door("month .json", lambda e: f"/{PAPER}/archive/{e.date:%Y-%m}.json", listing=True),
    Door("permanent link", _permalink, redirects=True),
    Door("permanent link .json", lambda e: _permalink(e) + ".json", redirects=True),
    Door("search page", lambda e: f"/search/?q={_word(e)}", listing=True),
    Door("search API", lambda e: f"/api/v1/search?q={_word(e)}", listing=True),
    # broadsheet.api: the read API (/api/v1/)
    Door("API newspapers", lambda e: "/api/v1/newspapers", listing=True),
    Door("API newspaper", lambda e: f"/api/v1/newspapers/{PAPER}", listing=True),
    Door("API editions", lambda e: f"/api/v1/newspapers/{PAPER}/editions", listing=True),
    Door("API calendar year", lambda e: f"{_api_paper()}/calendar/{e.date.year}", listing=True),
    Door(
        "API calendar month",
        lambda e: f"{_api_paper()}/calendar/{e.date.year}/{e.date.month}",
        listing=True,
    ),
    Door("API edition", lambda e: _api_edition(e)),
    Door("API page", lambda e: f"{_api_edition(e)}/pages/{_page(e).label}"),
    Door("API article", lambda e: f"{_api_edition(e)}/pages/{_page(e).label}/articles/1"),
    Door("page image", _media("image")),
    Door("page image 2x", _media("image_hidpi")),
    Door("page thumbnail", _media("thumbnail")),
    Door("page PDF", _media("pdf")),
    Door("article picture", _picture),
    Door("edition PDF", lambda e: f"{_date(e)}edition.pdf"),
    # broadsheet.doors; the Google News sitemap takes only today's and yesterday's editions,
    # so its door is walked with editions of those days in tests/doors/test_embargo.py.
    Door("article feed (RSS)", lambda e: f"/{PAPER}/feed.rss", listing=True),
    Door("article feed (Atom)", lambda e: f"/{PAPER}/feed.atom", listing=True),
    Door("edition feed (RSS)", lambda e: f"/{PAPER}/editions.rss", listing=True),
    Door("edition feed (Atom)", lambda e: f"/{PAPER}/editions.atom", listing=True),
    Door("year sitemap", lambda e: f"/sitemap-{PAPER}-{e.date.year}.xml", listing=True),
    Door(
        "year sitemap of pages", lambda e: f"/sitemap-{PAPER}-{e.date.year}-pages.xml", listing=True
    ),
    # broadsheet.iiif; the top collection lists newspapers, not editions, and the image
    # service's base URI answers 303: both are walked in tests/iiif/test_iiif_visibility.py.
    Door("IIIF manifest", lambda e: f"/iiif{_date(e)}manifest.json"),
    Door("IIIF canvas", lambda e: f"/iiif{_date(e)}canvas/{_page(e).label}"),
    Door("IIIF collection", lambda e: f"/iiif/{PAPER}/collection.json", listing=True),
    Door("IIIF image info.json", lambda e: f"/iiif/image{_date(e)}{_page(e).label}/info.json"),
    Door(
        "IIIF image",
        lambda e: f"/iiif/image{_date(e)}{_page(e).label}/0,0,100,100/50,/0/default.jpg",
    ),
]

# date -> (page label, search word, picture colour, how it is hidden)
EDITIONS = {
    "2024-03-01": ("A1", "青鸾", "gray", "published"),
    "2024-03-02": ("B1", "白鹭", "red", "draft"),
    "2024-03-03": ("C1", "赤隼", "green", "scheduled"),
    "2024-03-04": ("D1", "玄鹤", "blue", "withdrawn"),
}
WORDS = {date: word for date, (_, word, _, _) in EDITIONS.items()}
HIDDEN = [state for *_, state in EDITIONS.values() if state != "published"]


def _load(tmp_path, date: str) -> Edition:
    label, word, colour, state = EDITIONS[date]
    folder = write_bundle(tmp_path / state, date=date, labels=(label,))
    Image.new("RGB", (120, 80), colour).save(folder / "images" / "photo.png")
    manifest = read_manifest(folder)
    manifest["articles"][0]["headline"] = f"{word}飞过田野"
    write_manifest(folder, manifest)
    edition = load_edition(read_bundle(folder), publish=state != "draft").edition
    if state == "scheduled":
        publishing.schedule(edition, timezone.now() + dt.timedelta(days=1))
    elif state == "withdrawn":
        publishing.withdraw(edition)
    store_hidpi(_page(edition))
    return edition


@pytest.fixture
def editions(tmp_path, django_capture_on_commit_callbacks) -> dict[str, Edition]:
    """The four editions of one newspaper, by state, indexed for search."""
    with django_capture_on_commit_callbacks(execute=True):
        loaded = [_load(tmp_path, date) for date in EDITIONS]
    return {EDITIONS[e.date.isoformat()][3]: e for e in loaded}


def shows(client, door: Door, edition: Edition) -> bool:
    """Whether ``door`` shows ``edition`` to a visitor who is not logged in."""
    response = client.get(door.url(edition))
    # No response.close() here: the test client closed it (a streaming one once read out), and
    # a second close fires request_finished, which ends PostgreSQL's connection mid-test.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if door.redirects:
        assert response.status_code in (302, 404), (door.name, response.status_code)
        return response.status_code == 302
    assert response.status_code in (200, 404), (door.name, response.status_code)
    if not door.listing:
        return response.status_code == 200
    assert response.status_code == 200, door.name
    link = _date(edition).encode()
    return link in body or link.replace(b"/", b"\\/") in body


def test_every_door_is_listed_once():
    names = [door.name for door in DOORS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.name)
def test_a_hidden_edition_leaks_through_no_door(client, editions, door):
    assert shows(client, door, editions["published"]), f"{door.name} hides a published edition"
    for state in HIDDEN:
        assert not shows(client, door, editions[state]), f"{door.name} shows a {state} edition"


# One article held back inside a published edition: its own state (``Article.status``,
# ``visibility.article_public_q``) hides it from every door while the rest of the edition
# shows. date -> (page label, the held-back article's word, its state)
HELD_BACK = {
    "2024-03-05": ("E1", "朱雀", "draft"),
    "2024-03-06": ("F1", "青龙", "scheduled"),
    "2024-03-07": ("G1", "白虎", "withdrawn"),
}
WORDS.update({date: word for date, (_, word, _) in HELD_BACK.items()})  # the search doors
ARTICLE_DOORS = {"article", "article .json"}  # doors of the one article: 404 when it is hidden


def _hold_back(tmp_path, date: str) -> Edition:
    label, word, state = HELD_BACK[date]
    folder = write_bundle(tmp_path / f"held-{state}", date=date, labels=(label,))
    manifest = read_manifest(folder)
    manifest["articles"][0]["headline"] = f"{word}掠过山岗"
    write_manifest(folder, manifest)
    edition = load_edition(read_bundle(folder), publish=True).edition
    article = Article.objects.get(page__edition=edition, order=1)
    article.status = state
    article.publish_at = timezone.now() + dt.timedelta(days=1) if state == "scheduled" else None
    article.save(update_fields=["status", "publish_at"])
    publishing.content_changed(edition)
    store_hidpi(_page(edition))
    return edition


@pytest.fixture
def held_back(tmp_path, django_capture_on_commit_callbacks) -> dict[str, Edition]:
    """Three published editions, each with article 1 held back in one state, indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        loaded = [_hold_back(tmp_path, date) for date in HELD_BACK]
    return {HELD_BACK[e.date.isoformat()][2]: e for e in loaded}


def shows_article(client, door: Door, edition: Edition) -> bool:
    """Whether ``door``, walked for ``edition``, shows its held-back article 1 in any way."""
    label, word, _ = HELD_BACK[edition.date.isoformat()]
    response = client.get(door.url(edition))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code in (200, 404), (door.name, response.status_code)
    if door.name in ARTICLE_DOORS:
        return response.status_code == 200
    link = f"{_date(edition)}{label}/1"
    signs = [link, link.replace("/", "\\/")]
    if word not in door.url(edition):  # a search page shows its own query back
        signs += [word, json.dumps(word).strip('"')]
    return any(sign.encode() in body for sign in signs)


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.name)
def test_a_held_back_article_leaks_through_no_door(client, held_back, door):
    for state, edition in held_back.items():
        assert not shows_article(client, door, edition), f"{door.name} shows a {state} article"
    article = Article.objects.get(page__edition=held_back["draft"], order=1)
    article.status = "published"
    article.save(update_fields=["status"])
    if door.name in ARTICLE_DOORS:  # the same door answers once the article is published
        assert shows_article(client, door, held_back["draft"]), door.name


@pytest.fixture
def other_editor(client, tmp_path, django_user_model):
    """A logged-in editor of another newspaper (晚报) holding a preview of its own draft."""
    folder = write_bundle(tmp_path / "other", slug="wanbao", name="晚报", date="2024-03-02")
    own = load_edition(read_bundle(folder)).edition
    user = django_user_model.objects.create_user("wanbao-editor", password="Correct-Horse-9")
    roles.grant(user, Role.EDITOR, own.newspaper)
    client.force_login(user)
    assert client.get("/desk/wanbao/2024-03-02/preview/").status_code == 302
    return client


@pytest.mark.parametrize("door", DOORS, ids=lambda door: door.name)
def test_an_editor_of_another_paper_sees_no_hidden_edition(other_editor, editions, door):
    """Staff preview (reader/preview.py) is the one exception to the rule, and it is only
    for the newspaper's own people: asking the desk for it, then walking every door."""
    for state in HIDDEN:
        day = editions[state].date.isoformat()
        assert other_editor.get(f"/desk/{PAPER}/{day}/preview/").status_code == 404
        assert not shows(other_editor, door, editions[state]), (
            f"{door.name} shows a {state} edition"
        )
