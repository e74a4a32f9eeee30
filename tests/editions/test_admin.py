"""Editors' changes in the admin reach search in the same transaction."""

from __future__ import annotations

import json

import pytest

from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.formats.bundle import read_bundle
from broadsheet.ingest.services import load_edition
from broadsheet.search import service
from broadsheet.search.params import SearchParams
from tests.builders import write_bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return load_edition(read_bundle(write_bundle(tmp_path)), publish=True).edition


def total(q: str) -> int:
    return service.search(SearchParams(q=q)).total


def test_deleting_an_edition_removes_it_from_search(
    admin_client, edition, django_capture_on_commit_callbacks
):
    assert total("田间地头") == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/editions/edition/{edition.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Edition.objects.exists()
    assert total("田间地头") == 0
    assert service.check().in_step


def test_deleting_articles_in_bulk_removes_them(
    admin_client, edition, django_capture_on_commit_callbacks
):
    ids = list(Article.objects.filter(headline__contains="头条").values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/editions/article/",
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
    assert total("田间地头") == 0 and total("图书馆") == 2


def test_inline_article_edit_recomputes_lead_and_reindexes(
    admin_client, edition, django_capture_on_commit_callbacks
):
    page = Page.objects.get(edition=edition, label="01")
    url = f"/admin/editions/page/{page.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    inline = admin_client.get(url).context["inline_admin_formsets"][0].formset
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {"order": page.order, "label": page.label, "name": page.name, "edition": edition.pk}
    )
    data.update(inline.management_form.initial)
    data = {k: v for k, v in data.items() if k not in {"image", "image_hidpi", "pdf", "thumbnail"}}
    prefix = inline.prefix
    data.update({f"{prefix}-TOTAL_FORMS": 3, f"{prefix}-INITIAL_FORMS": 3})
    for i, article in enumerate(page.articles.order_by("order")):
        body = article.body
        if article.order == 1:
            body = [{"type": "paragraph", "text": "新的正文：冬小麦长势喜人。"}]
        data.update(
            {
                f"{prefix}-{i}-id": article.pk,
                f"{prefix}-{i}-page": page.pk,
                f"{prefix}-{i}-order": article.order,
                f"{prefix}-{i}-kicker": article.kicker,
                f"{prefix}-{i}-headline": "改后的标题" if article.order == 1 else article.headline,
                f"{prefix}-{i}-subheadline": article.subheadline,
                f"{prefix}-{i}-byline": article.byline,
                f"{prefix}-{i}-body": json.dumps(body, ensure_ascii=False),
                f"{prefix}-{i}-hotspot": json.dumps(article.hotspot),
            }
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = Article.objects.get(page=page, order=1)
    assert changed.headline == "改后的标题" and changed.lead == "新的正文：冬小麦长势喜人。"
    assert total("改后的标题") == 1 and total("冬小麦") == 1
    assert total("田间地头") == 1  # only page 02's article still says it
