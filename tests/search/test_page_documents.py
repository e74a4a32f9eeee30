"""Pages without articles are search results of their own, on every engine.

A library's page-only edition (NDNP, METS/ALTO without articles, a scan read by OCR) has
text on its pages and no articles: each such page is one document, kind "page", found,
filtered, counted and ranked with the articles, and its hit opens the page with the
query boxed. The hand-made editions here are written for the tests; the corpus test
draws its queries from a real NDNP page at run time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from broadsheet.editions import publishing
from broadsheet.editions.models import Article, Edition, Page
from broadsheet.pages.models import PageText
from broadsheet.search import documents, indexing, service
from broadsheet.search.backends.base import PAGE, page_key
from broadsheet.search.params import SearchParams
from tests.builders import add_jump

from .records import load, load_pages, page_text

pytestmark = pytest.mark.django_db
D = dt.date(1935, 8, 2)
LIBRARY = {"01": ["今日本报讯，香", "港各界集会。"], "02": ["天气晴朗", "Park City news"]}


@pytest.fixture
def library(engine, django_capture_on_commit_callbacks):
    """A page-only edition (OCR, confidence 87%) beside an edition with articles."""
    with django_capture_on_commit_callbacks(execute=True):
        pages = load_pages("lib", D, LIBRARY)
        load("rmrb", D + dt.timedelta(days=1), [("01", "香港回归", ["香港各界庆祝。"])])
    return pages


def find(q: str, **options):
    return service.search(SearchParams(q=q, **options))


def test_a_page_without_articles_is_found_by_its_text(library):
    result = find("香港")  # broken over two lines of page 01: found as the boxes find it
    assert result.total == 2
    kinds = {(h.newspaper, h.kind) for h in result.hits}
    assert kinds == {("lib", "page"), ("rmrb", "article")}
    hit = next(h for h in result.hits if h.kind == PAGE)
    assert (hit.page, hit.date, hit.headline) == ("01", D, "第01版")
    assert hit.url == "/lib/1935-08-02/01/?hl=%E9%A6%99%E6%B8%AF"
    assert hit.page_url == "/lib/1935-08-02/01/"
    assert hit.machine_read == {"source": "ocr", "confidence": 87}
    assert "<mark>香港</mark>" in hit.snippet
    assert find("Park City").hits[0].page == "02" and find("天气").total == 1
    assert find("晴朗 香港").total == 0  # every word on the same page, as for an article


def test_page_documents_filter_by_newspaper_and_dates_and_sort(library):
    assert [h.kind for h in find("香港", newspaper="lib").hits] == ["page"]
    assert [h.kind for h in find("香港", newspaper="rmrb").hits] == ["article"]
    assert [h.kind for h in find("香港", date_to=D).hits] == ["page"]
    assert [h.kind for h in find("香港", date_from=D + dt.timedelta(days=1)).hits] == ["article"]
    assert [h.kind for h in find("香港", sort="oldest").hits] == ["page", "article"]
    assert [h.kind for h in find("香港", sort="newest").hits] == ["article", "page"]
    assert [h.page for h in find("香港", page_label="01", newspaper="lib").hits] == ["01"]


def test_page_documents_are_counted_in_the_facets(library):
    result = find("香港", facets=True)
    assert {row["slug"]: row["count"] for row in result.newspapers} == {"lib": 1, "rmrb": 1}
    assert [bar["count"] for bar in result.histogram if bar["count"]] == [2]


def test_the_hit_opens_its_page_with_the_query_boxed(client, library):
    (hit,) = find("香港", newspaper="lib").hits
    path, query = hit.url.split("?")
    page = client.get(f"{path.rstrip('/')}.json?{query}").json()["data"]
    assert page["find"]["query"] == "香港" and page["find"]["count"] == 2  # one box per line
    html = client.get(hit.url).content.decode()
    assert "本版文字" in html and "机器识别文字" in html


def test_the_search_page_marks_a_page_hit_as_machine_read(client, library):
    body = client.get("/search/", {"q": "香港"}).content.decode()
    assert "共找到 2 条结果" in body
    assert "机器识别 (置信度 87%)" in body
    assert 'href="/lib/1935-08-02/01/?hl=%E9%A6%99%E6%B8%AF"' in body
    assert "<mark>香港</mark>" in body


def test_the_api_answers_the_kind_of_every_hit(client, library):
    hits = client.get("/api/v1/search", {"q": "香港", "sort": "oldest"}).json()["data"]["hits"]
    assert [h["kind"] for h in hits] == ["page", "article"]
    assert hits[0]["machine_read"] == {"source": "ocr", "confidence": 87}
    assert hits[1]["machine_read"] is None
    assert hits[0]["url"] == "/lib/1935-08-02/01/?hl=%E9%A6%99%E6%B8%AF"


def test_a_machine_read_page_without_confidence_and_a_pdf_page(
    engine, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load_pages("alto", D, {"1": ["香港消息"]}, source="alto", conf=None)
        load_pages("pdf", D, {"1": ["香港广告"]}, source="pdf", conf=None)
    by_paper = {h.newspaper: h.machine_read for h in find("香港").hits}
    assert by_paper == {"alto": {"source": "alto", "confidence": None}, "pdf": None}
    body = client.get("/search/", {"q": "香港"}).content.decode()
    assert "机器识别</span>" in body and "版面文字</span>" in body


# --- visibility -----------------------------------------------------------------


def test_drafts_and_withdrawn_editions_pages_are_never_found(
    engine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load_pages("draft", D, {"01": ["香港草稿"]}, publish=False)
        shown = load_pages("gone", D, {"01": ["香港旧闻"]})
    assert [h.newspaper for h in find("香港").hits] == ["gone"]
    with django_capture_on_commit_callbacks(execute=True):
        publishing.withdraw(shown)
    assert find("香港").total == 0 and find("旧闻").hits == []
    assert not [d for d in documents.everything() if d.kind == PAGE]


def test_a_scheduled_edition_s_pages_appear_when_due(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = load_pages("later", D, {"01": ["香港预告"]}, publish=False)
        due = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
        publishing.schedule(edition, due)
    assert find("预告").total == 0
    assert service.search(SearchParams(q="预告"), now=due).total == 1


def test_a_withdrawn_article_s_page_text_is_not_searchable(
    engine, django_capture_on_commit_callbacks
):
    """A page of an article-segmented batch keeps its text; withdrawing the article must
    not make the page a document that gives the article's words away."""
    with django_capture_on_commit_callbacks(execute=True):
        edition = load_pages("seg", D, {"01": ["秘密消息全文"]})
        load("seg", D, [("01", "头条", ["公开的文字"])], replace=True)
    page = Page.objects.get(edition__newspaper__slug="seg")
    PageText.objects.bulk_create([PageText.of(page.pk, page_text(["秘密消息全文"]))])
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.update(status="withdrawn")
        publishing.content_changed(page.edition)
    assert find("秘密").total == 0 and find("头条").total == 0
    assert find("秘密", newspaper="seg").hits == [] and edition.newspaper.slug == "seg"


def test_a_page_an_article_continues_on_is_not_a_page_document(
    engine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edition = load("jump", D, [("01", "头条", ["正文"]), ("02", "二版", ["别的"])])
    Article.objects.filter(page__label="02").delete()
    page = edition.pages.get(label="02")
    PageText.objects.bulk_create([PageText.of(page.pk, page_text(["转版文字"]))])
    add_jump(edition)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reindex")
    assert find("转版").total == 0


# --- keeping in step ----------------------------------------------------------------


def test_re_ingest_with_articles_ends_the_page_document(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_pages("lib", D, {"01": ["香港各界集会"]})
    assert [h.kind for h in find("集会").hits] == ["page"]
    with django_capture_on_commit_callbacks(execute=True):
        load("lib", D, [("01", "香港集会", ["各界集会。"])], replace=True)
    assert [h.kind for h in find("集会").hits] == ["article"]
    assert indexing.check().in_step


def test_text_stored_after_ingest_is_indexed_through_the_log(
    engine, django_capture_on_commit_callbacks
):
    """``broadsheet ocr`` stores a scan's text after the edition was loaded and indexed."""
    with django_capture_on_commit_callbacks(execute=True):
        edition = load_pages("scan", D, {"01": ["旧文字"]})
        page = edition.pages.get()
        PageText.objects.filter(page=page).delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reindex")
    assert find("识别").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        PageText.of(page.pk, page_text(["机器识别的新文字"])).save()
    assert [h.kind for h in find("识别").hits] == ["page"]
    assert indexing.check().in_step


def test_reindex_and_a_new_host_include_pages(
    engine, settings, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edition = load_pages("lib", D, LIBRARY)
    keys = {page_key(p.pk) for p in edition.pages.all()}
    assert indexing.check().in_step and indexing.check().documents == 2
    assert indexing.reindex() == 2
    assert find("天气").total == 1
    if engine == "tantivy":  # a new app host: an empty folder builds itself from the database
        settings.SEARCH_INDEX_DIR = tmp_path / "new-host"
        assert indexing.apply_log() == 0 and find("天气").total == 1
    from broadsheet.search.backends import get_backend

    assert set(get_backend().fingerprints()) == keys


def test_check_names_a_missing_page_document(engine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = load_pages("lib", D, {"01": ["天气"]})
    from broadsheet.search.backends import get_backend

    get_backend().replace_editions([edition.pk], [])
    drift = indexing.check()
    assert drift.missing == [page_key(edition.pages.get().pk)] and not drift.in_step


def test_the_migration_s_rows_bring_old_indexes_page_documents(
    engine, django_capture_on_commit_callbacks
):
    """Indexes built before held articles only: the log rows the migration appends for every
    edition with such a page make each index add them, with no reindex."""
    from importlib import import_module

    from django.apps import apps

    with django_capture_on_commit_callbacks(execute=True):
        edition = load_pages("lib", D, LIBRARY)
        load("rmrb", D, [("01", "头条", ["正文"])])
    from broadsheet.search.backends import get_backend

    get_backend().replace_editions([edition.pk], [])  # as an index from before
    assert find("天气").total == 0
    migration = import_module("broadsheet.search.migrations.0003_log_page_only_editions")
    migration.log_page_only_editions(apps, None)
    assert indexing.apply_log() == 1
    assert find("天气").total == 1 and indexing.check().in_step
    assert Edition.objects.count() == 2


def test_a_corrected_page_is_found_by_the_correction_and_by_the_machine_s_reading(
    library, django_user_model, django_capture_on_commit_callbacks
):
    """An editor's correction is indexed beside the machine's text (as Trove does): the
    corrected word finds the page, and so does the word the machine read there."""
    from broadsheet.newsroom import roles, services
    from broadsheet.newsroom.models import Role

    page = library.pages.get(label="02")
    editor = django_user_model.objects.create_user("corrector")
    roles.grant(editor, Role.EDITOR, library.newspaper)
    assert find("阴雨").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.correct_page_text(editor, page, ["天气阴雨", "Park City news"])
    assert [h.page for h in find("阴雨").hits] == ["02"]  # the correction
    assert [h.page for h in find("晴朗").hits] == ["02"]  # the machine's own reading
    assert indexing.check().in_step
