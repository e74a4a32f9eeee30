"""A small real archive for the read API: ingested bundles, one of each hidden state.

``chenbao`` has two published editions (2024-02-10, and 2024-03-01 with two pages and an
article continued from 01 to 02), a draft (2024-03-02), a future-scheduled (2024-03-03)
and a withdrawn (2024-03-04) edition; ``yebao`` has only a draft. Nothing hidden may be
listed or served by any operation.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.editions import publishing
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from tests.builders import add_jump, write_bundle

PUBLISHED = ["2024-02-10", "2024-03-01"]
HIDDEN = {"2024-03-02": "draft", "2024-03-03": "scheduled", "2024-03-04": "withdrawn"}


def _load(tmp_path, date: str, state: str, slug: str = "chenbao", **kw):
    folder = write_bundle(tmp_path / state / slug, date=date, slug=slug, **kw)
    edition = load_edition(read_bundle(folder), publish=state != "draft").edition
    if state == "scheduled":
        publishing.schedule(edition, timezone.now() + dt.timedelta(days=1))
    elif state == "withdrawn":
        publishing.withdraw(edition)
    return edition


@pytest.fixture
def archive(tmp_path, django_capture_on_commit_callbacks):
    """The editions above, loaded and indexed for search; returns them by date."""
    with django_capture_on_commit_callbacks(execute=True):
        loaded = {date: _load(tmp_path, date, "published") for date in PUBLISHED}
        loaded.update({date: _load(tmp_path, date, state) for date, state in HIDDEN.items()})
        loaded["yebao"] = _load(tmp_path, "2024-03-05", "draft", slug="yebao", name="夜报")
    add_jump(loaded["2024-03-01"])
    return loaded


def hidden_links() -> list[bytes]:
    """What would show a hidden edition: its reader URL, plain or JSON-escaped."""
    urls = [f"/chenbao/{date}/" for date in HIDDEN] + ["/yebao/"]
    return [u.encode() for u in urls] + [u.replace("/", "\\/").encode() for u in urls]
