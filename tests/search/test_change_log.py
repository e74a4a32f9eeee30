"""The change log and per-host cursors on one database: several tantivy folders stay in step.

Each index folder here stands for one app host's index (the tests switch
``SEARCH_INDEX_DIR`` between them). The two-process version, with gunicorn
servers stopped and restarted against PostgreSQL, is
``tests/postgres/test_search_hosts.py``.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from broadsheet.editions import publishing
from broadsheet.search import documents, follow, indexing, service
from broadsheet.search.backends import get_backend
from broadsheet.search.backends.tantivy import CURSOR_FILE
from broadsheet.search.models import SearchChange, SearchHost, SearchLogTrim
from broadsheet.search.params import SearchParams

from .records import load

pytestmark = pytest.mark.django_db
D = dt.date(1998, 7, 1)


@pytest.fixture
def hosts(settings, tmp_path):
    """Switch this process between host folders: ``hosts("a")`` makes host a's index current."""
    settings.SEARCH_BACKEND = "tantivy"

    def use(name: str):
        settings.SEARCH_INDEX_DIR = tmp_path / f"host-{name}"
        return get_backend()

    return use


def total(q: str) -> int:
    return service.search(SearchParams(q=q)).total


def answers(hosts, names, q: str) -> list[int]:
    """What each host answers for ``q``, after asserting its index matches the database."""
    out = []
    for name in names:
        hosts(name)
        assert service.check().in_step, name
        out.append(total(q))
    return out


def test_every_change_is_a_log_row_and_rows_stay_after_they_are_applied(
    hosts, django_capture_on_commit_callbacks
):
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])], publish=False)
        publishing.publish(edition)
        publishing.withdraw(edition)
    kinds = list(SearchChange.objects.values_list("kind", "edition_id"))
    assert kinds == [("loaded", edition.pk), ("published", edition.pk), ("withdrawn", edition.pk)]
    assert indexing.pending() == 0 and get_backend().applied_through() == indexing.head()


def test_a_second_host_follows_the_log_from_its_own_cursor(
    hosts, django_capture_on_commit_callbacks
):
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        first = load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
    hosts("b")
    assert follow.step() == 0 and total("香港") == 1  # a new folder is built from the database
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):  # host a publishes and withdraws
        second = load("rmrb", D + dt.timedelta(days=1), [("01", "香港经济", ["香港经济稳定。"])])
        publishing.withdraw(first)
    hosts("b")
    assert indexing.pending() == 2 and total("香港") == 0  # the withdrawal holds before applying
    assert follow.step() == 2 and follow.step() == 0
    assert answers(hosts, "ab", "香港") == [1, 1]
    assert answers(hosts, "ab", "经济") == [1, 1] and second.pk


def test_a_new_host_joins_at_the_head_read_before_its_build(
    hosts, django_capture_on_commit_callbacks, monkeypatch
):
    """A change committed while a new host reads the database is applied after the build."""
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
    everything = documents.everything

    def a_withdrawal_during_the_build():
        head = indexing.head()
        publishing.withdraw(edition)  # not applied here: no on_commit callbacks run
        assert indexing.head() > head
        return everything()

    monkeypatch.setattr(documents, "everything", a_withdrawal_during_the_build)
    hosts("b")
    indexing.apply_log()
    monkeypatch.undo()
    assert indexing.pending() == 0 and service.check().in_step and total("香港") == 0


def test_a_cursor_behind_the_index_only_applies_rows_again(
    hosts, django_capture_on_commit_callbacks
):
    """A crash between the index commit and the cursor file: rows are applied twice, harmlessly."""
    backend = hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
        load("rmrb", D + dt.timedelta(days=1), [("01", "香港经济", ["香港经济稳定。"])])
    first = SearchChange.objects.first().id
    (backend.path / CURSOR_FILE).write_text(json.dumps({"cursor": first}))
    assert indexing.pending() == 1
    indexing.apply_log()
    assert service.check().in_step and total("香港") == 2


def test_an_index_from_before_the_log_applies_the_rows_the_outbox_held(
    hosts, django_capture_on_commit_callbacks
):
    """Upgrade: an index with documents and no cursor starts at the log's beginning."""
    backend = hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
    (backend.path / CURSOR_FILE).unlink()
    SearchChange.objects.all().delete()
    publishing.withdraw(edition)  # pending on upgrade: the migration made it a log row
    assert indexing.start_cursor(backend) == 0 and total("香港") == 0
    assert indexing.apply_log() == 1 and service.check().in_step


def test_trimming_keeps_what_a_recent_host_still_needs(hosts, django_capture_on_commit_callbacks):
    # Only this test's log and hosts: on PostgreSQL an earlier test's server process can
    # still report a host after its flush (known leak, not yet found).
    SearchChange.objects.all().delete()
    SearchHost.objects.all().delete()
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
    hosts("b")
    follow.step()
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(edition)  # host b has not applied this one
    later = timezone.now() + dt.timedelta(days=40)
    SearchHost.objects.update(seen_at=later)  # both hosts reported recently
    assert indexing.trim(dt.timedelta(days=30), now=later) == 1  # the load, not the withdrawal
    assert list(SearchChange.objects.values_list("kind", flat=True)) == ["withdrawn"]
    hosts("b")
    assert follow.step() == 1 and answers(hosts, "ab", "香港") == [0, 0]


def test_a_host_whose_cursor_fell_off_the_trimmed_end_rebuilds(
    hosts, django_capture_on_commit_callbacks
):
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
    hosts("b")
    follow.step()
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(edition)
        load("rmrb", D + dt.timedelta(days=1), [("01", "香港经济", ["香港经济稳定。"])])
    later = timezone.now() + dt.timedelta(days=40)
    SearchHost.objects.filter(name__endswith="host-a").update(seen_at=later)  # b went silent
    top = indexing.head()
    assert indexing.trim(dt.timedelta(days=30), now=later) == 3
    assert SearchLogTrim.objects.get().through_id == indexing.head() == top  # the log is empty
    hosts("b")
    assert indexing.start_cursor(get_backend()) is None  # rows it needed are gone
    follow.step()
    assert answers(hosts, "ab", "香港") == [1, 1]


def test_a_scheduled_edition_appears_on_every_host_with_no_log_row(
    hosts, django_capture_on_commit_callbacks
):
    hosts("a")
    soon = timezone.now() + dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])], publish=False)
        publishing.schedule(edition, soon)
    hosts("b")
    follow.step()
    rows = indexing.head()
    for name in "ab":
        hosts(name)
        params = SearchParams(q="香港")
        assert service.search(params).total == 0
        assert service.search(params, now=soon + dt.timedelta(seconds=1)).total == 1
    assert indexing.head() == rows


def test_the_reindex_command_applies_and_trims_the_log(
    hosts, django_capture_on_commit_callbacks, capsys
):
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
    hosts("b")
    call_command("reindex", "--pending")  # a new folder: built, then nothing left to apply
    assert "Applied 0 log row(s)" in capsys.readouterr().out and total("香港") == 1
    call_command("reindex", "--trim-log", "30")  # every row is younger than 30 days
    assert "Trimmed 0 change log row(s)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="at least 1"):
        call_command("reindex", "--trim-log", "0")


def test_a_result_page_rendered_while_the_follower_catches_up_is_not_kept(
    hosts, client, django_capture_on_commit_callbacks, monkeypatch
):
    """A host restarted after a publication answered its first search before its follower
    applied the log; the follower then caught up while the page was still being rendered,
    and the page, asked whether it could be kept only then, was kept: the host showed the
    old results until the next publication (found by tests/postgres/test_search_hosts.py)."""
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", D, [("01", "香港回归", ["香港各界庆祝。"])])
    hosts("b")
    follow.step()
    hosts("a")
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", D + dt.timedelta(days=1), [("01", "香港经济", ["香港经济稳定。"])])
    hosts("b")
    search = service.search

    def searched_as_the_follower_applies(params):
        page = search(params)
        follow.step()  # this host's follower thread applies the log mid-render
        return page

    monkeypatch.setattr(service, "search", searched_as_the_follower_applies)
    assert "共找到 1 条结果" in client.get("/search/?q=香港").content.decode()
    monkeypatch.undo()
    assert "共找到 2 条结果" in client.get("/search/?q=香港").content.decode()
