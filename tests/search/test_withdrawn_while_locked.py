"""A withdrawal holds at query time even while another process holds the index (issue 10 #4).

A reindex or a bulk load holds tantivy's writer lock; the withdrawal used to
wait for it ~6 s, give up, and leave search counting the withdrawn articles in
the total, the per-newspaper counts and the year chart. The lock here is held
by a real second process.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from django.conf import settings

from broadsheet.editions import publishing
from broadsheet.search import indexing, service
from broadsheet.search.backends import tantivy as tantivy_backend
from broadsheet.search.models import SearchChange
from broadsheet.search.params import SearchParams

from .records import load

pytestmark = pytest.mark.django_db

HOLD_LOCK = """
import sys, tantivy
writer = tantivy.Index.open(sys.argv[1]).writer(heap_size=15_000_000, num_threads=1)
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def editions(django_capture_on_commit_callbacks, settings):
    settings.SEARCH_BACKEND = "tantivy"
    with django_capture_on_commit_callbacks(execute=True):
        kept = load("rmrb", dt.date(1998, 1, 5), [("01", "留下", ["香港新闻"])])
        gone = load("wb", dt.date(1999, 3, 1), [("01", "撤下", ["香港消息"])])
    return kept, gone


@contextmanager
def index_locked_by_another_process():
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(settings.SEARCH_INDEX_DIR)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as holder:  # fmt: skip
        try:
            assert holder.stdout.readline().strip() == "locked"
            yield
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)


@pytest.fixture
def locked_index(editions):
    with index_locked_by_another_process():
        yield


def facets(q: str) -> service.SearchPage:
    return service.search(SearchParams(q=q, facets=True))


def test_a_withdrawal_while_the_index_is_locked_is_not_counted(
    editions, locked_index, django_capture_on_commit_callbacks
):
    _kept, gone = editions
    start = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(gone)
    # Not a speed check: the withdrawal must not queue for the lock at all.
    assert time.monotonic() - start < tantivy_backend.LOCK_WAIT_S
    assert indexing.pending() == 1  # left for later
    assert SearchChange.objects.last().edition_id == gone.pk

    page = facets("香港")
    assert page.total == 1 and [h.headline for h in page.hits] == ["留下"]
    assert [(r["slug"], r["count"]) for r in page.newspapers] == [("rmrb", 1)]
    assert sum(bar["count"] for bar in page.histogram) == 1
    assert facets("消息").total == 0
    api = service.search(SearchParams(q="撤下"))
    assert api.total == 0 and api.hits == []


def test_the_rows_left_behind_are_applied_once_the_lock_is_free(
    editions, django_capture_on_commit_callbacks
):
    _kept, gone = editions
    with index_locked_by_another_process(), django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(gone)
    assert service.apply_outbox() == 1
    assert indexing.pending() == 0
    assert service.check().in_step
    assert facets("香港").total == 1


def test_a_publication_waiting_in_the_outbox_is_not_hidden(editions):
    """Only editions that are not public are hidden; a pending row alone hides nothing."""
    kept, _gone = editions
    SearchChange.objects.create(edition_id=kept.pk, kind=SearchChange.Kind.PUBLISHED)
    assert facets("留下").total == 1
