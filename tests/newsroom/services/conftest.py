"""Two newspapers of one 报社 and a third of another, each with a loaded edition, and one
user per role: the people every newsroom service test acts as."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from broadsheet.editions.models import Edition, Newspaper, Publisher
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.newsroom.roles import Role, grant
from tests.builders import write_bundle


@dataclass
class Newsroom:
    paper_a: Newspaper
    paper_b: Newspaper
    other: Newspaper  # of another publisher
    edition_a: Edition | None
    edition_b: Edition | None
    people: dict


@pytest.fixture(autouse=True)
def _isolated_uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"


def _load(tmp_path, slug: str, name: str, publisher: str) -> Edition:
    folder = write_bundle(tmp_path / slug, slug=slug, name=name, publisher=publisher)
    return load_edition(read_bundle(folder), publish=True).edition


def make_user(name: str, **extra):
    return get_user_model().objects.create_user(name, **extra)


def _paper(slug: str, name: str, publisher: str) -> Newspaper:
    owner, _ = Publisher.objects.get_or_create(name=publisher)
    return Newspaper.objects.create(slug=slug, name=name, publisher=owner)


@pytest.fixture
def papers(db) -> Newsroom:
    """The newspapers and people without editions (for the role rule alone)."""
    a = _paper("chenbao", "晨报", "测试报业集团")
    b = _paper("wanbao", "晚报", "测试报业集团")
    other = _paper("xinbao", "新报", "别家报社")
    return Newsroom(a, b, other, None, None, _people(a))


@pytest.fixture
def newsroom(tmp_path, db) -> Newsroom:
    """Papers A and B of one publisher with an edition each, and the people."""
    edition_a = _load(tmp_path, "chenbao", "晨报", "测试报业集团")
    edition_b = _load(tmp_path, "wanbao", "晚报", "测试报业集团")
    other = _paper("xinbao", "新报", "别家报社")
    a, b = edition_a.newspaper, edition_b.newspaper
    return Newsroom(a, b, other, edition_a, edition_b, _people(a))


def _people(a: Newspaper) -> dict:
    people = {
        "site_admin": make_user("site"),
        "superuser": make_user("root", is_superuser=True, is_staff=True),
        "publisher_admin": make_user("boss"),
        "editor_a": make_user("editor_a"),
        "reviewer_a": make_user("reviewer_a"),
        "nobody": make_user("nobody"),
    }
    grant(people["site_admin"], Role.SITE_ADMIN)
    grant(people["publisher_admin"], Role.PUBLISHER_ADMIN, a.publisher)
    grant(people["editor_a"], Role.EDITOR, a)
    grant(people["reviewer_a"], Role.REVIEWER, a)
    return people
