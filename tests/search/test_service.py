"""The search service on the real database: change log, visibility, snippets, facets, drift."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from broadsheet.editions import publishing
from broadsheet.editions.models import Article
from broadsheet.search import indexing, service
from broadsheet.search.models import SearchChange
from broadsheet.search.params import SearchParams

from .records import load

pytestmark = pytest.mark.django_db
D = dt.date(1998, 1, 5)


def find(q: str, now: dt.datetime | None = None, **options) -> service.SearchPage:
    return service.search(SearchParams(q=q, **options), now=now)


def headlines(q: str, **options) -> list[str]:
    return [h.headline for h in find(q, **options).hits]


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    """Two papers; rmrb on two dates and two pages. The outbox is applied on commit."""
    with django_capture_on_commit_callbacks(execute=True):
        load(
            "rmrb",
            D,
            [
                ("01", "香港回归一周年", ["香港各界庆祝。"]),
                ("02", "经济新闻", ["ＩＭＦ发表报告，<script>alert(1)</script>"]),
            ],
        )
        load("rmrb", dt.date(1999, 3, 1), [("01", "春节", ["香港迎春花市。"])])
        load("twn", D, [("A1", "經濟發展", ["香港經濟穩定。"])])
    return D


def test_outbox_is_applied_after_commit(loaded):
    assert indexing.pending() == 0
    assert find("香港").total == 3


def test_draft_editions_are_never_found_until_published(loaded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = load("rmrb", dt.date(1998, 1, 6), [("01", "草稿", ["秘密新闻"])], publish=False)
    assert find("秘密").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft)
    assert headlines("秘密") == ["草稿"]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(draft)
    assert find("秘密").total == 0


def test_scheduled_edition_appears_when_due(loaded, django_capture_on_commit_callbacks):
    when = timezone.now() + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("rmrb", dt.date(1998, 1, 7), [("01", "预告", ["明日新闻"])], publish=False)
        publishing.schedule(edition, when)
    assert find("明日").total == 0
    later = when + dt.timedelta(seconds=1)
    assert [h.headline for h in find("明日", now=later).hits] == ["预告"]


def test_replacing_an_edition_replaces_its_documents(loaded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load("rmrb", D, [("01", "更正", ["新的文本"])], replace=True)
    assert find("新的").total == 1
    assert headlines("香港", sort="newest") == ["春节", "經濟發展"]


def test_snippets_mark_the_original_characters_and_escape_the_rest(loaded):
    hit = find("IMF").hits[0]
    assert "<mark>ＩＭＦ</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    marked = {hit.headline: str(hit.headline_html) for hit in find("经济").hits}
    assert marked == {"经济新闻": "<mark>经济</mark>新闻", "經濟發展": "<mark>經濟</mark>發展"}


def test_upper_case_and_joins_terms_and_lower_case_and_is_a_word(loaded):
    assert headlines("香港 AND 经济") == headlines("香港 经济") == ["經濟發展"]
    assert find("香港 and 经济").total == 0


@pytest.fixture
def controls(django_capture_on_commit_callbacks):
    """Ingest removes C0 controls (hong\\x01kong is stored as hongkong); DEL reaches the index."""
    with django_capture_on_commit_callbacks(execute=True):
        items = [("01", "joined", ["hong\x01kong"]), ("02", "spaced", ["hong kong"])]
        load("rmrb", D, [*items, ("03", "del", ["hong\x7fkong"])])


def test_a_control_character_in_a_query_separates_words(controls):
    assert Article.objects.get(headline="joined").body == [
        {"type": "paragraph", "text": "hongkong"}
    ]
    assert sorted(headlines("hong\x01kong")) == ["del", "spaced"]
    assert sorted(headlines('"hong\x1bkong"')) == ["del", "spaced"]
    assert headlines("hongkong") == ["joined"]
    assert headlines("hong\u200bkong") == ["joined"]  # a format character joins


def test_hits_carry_paper_date_page_and_url(loaded):
    hit = find("迎春花").hits[0]
    assert (hit.newspaper, hit.date, hit.page) == ("rmrb", dt.date(1999, 3, 1), "01")
    assert hit.url == "/rmrb/1999-03-01/01/1/"


def test_traditional_query_finds_simplified_and_back(loaded):
    assert sorted(headlines("經濟")) == ["經濟發展", "经济新闻"]
    assert sorted(headlines("经济发展")) == ["經濟發展"]


def test_filters(loaded):
    assert find("香港", newspaper="twn").total == 1
    assert find("香港", date_from=dt.date(1999, 1, 1)).total == 1
    assert find("香港", page_label="A1").total == 1


def test_facets_and_the_bar_chart(loaded):
    page = find("香港", facets=True)
    assert [(r["slug"], r["count"]) for r in page.newspapers] == [("rmrb", 2), ("twn", 1)]
    assert [(b["label"], b["count"]) for b in page.histogram] == [("1998", 2), ("1999", 1)]
    one_year = find(
        "香港", facets=True, date_from=D.replace(month=1, day=1), date_to=D.replace(month=3, day=31)
    )
    assert [b["count"] for b in one_year.histogram] == [2, 0, 0]
    # hits all in one year, no dates given: the twelve months of that year, each a filter
    only_1998 = find("经济", facets=True)
    assert [b["count"] for b in only_1998.histogram] == [2] + [0] * 11
    assert (only_1998.histogram[0]["from"], only_1998.histogram[11]["to"]) == (
        dt.date(1998, 1, 1),
        dt.date(1998, 12, 31),
    )


def test_check_reports_drift_and_reindex_cures_it(loaded):
    assert service.check().in_step
    Article.objects.filter(headline="春节").update(headline="元宵")  # no outbox row: drift
    drift = service.check()
    assert len(drift.stale) == 1 and not drift.in_step
    assert service.reindex() == 4
    assert service.check().in_step
    assert headlines("元宵") == ["元宵"]


def test_a_changed_analyzer_makes_the_whole_index_stale(loaded, monkeypatch):
    """Documents indexed with other tokens than today's analyzer makes are drift too."""
    from broadsheet.search import analyzer

    monkeypatch.setattr(analyzer, "ANALYZER_VERSION", analyzer.ANALYZER_VERSION + 1)
    drift = service.check()
    assert len(drift.stale) == drift.documents == 4 and not drift.in_step
    service.reindex()
    assert service.check().in_step


def test_rows_left_by_a_crash_are_reported_and_applied(loaded):
    load("rmrb", dt.date(1998, 2, 1), [("01", "漏掉", ["未索引"])])  # no on_commit: rows stay
    drift = service.check()
    assert drift.pending == 1 and len(drift.missing) == 1
    assert service.apply_outbox() == 1
    assert service.check().in_step


def test_rows_enqueued_without_apply_wait_for_apply_pending(loaded):
    from broadsheet.search.outbox import apply_pending, enqueue_editions

    edition = load("rmrb", dt.date(1998, 2, 2), [("01", "稍后", ["稍后索引"])])
    SearchChange.objects.all().delete()
    enqueue_editions([edition.pk], apply=False)
    assert find("稍后").total == 0
    assert apply_pending() == 1
    assert find("稍后").total == 1
