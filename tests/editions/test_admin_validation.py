"""The admin keeps the rules ingest keeps (``editions.validate``), as model field validators."""

from __future__ import annotations

import pytest

from broadsheet.editions.models import Edition, Newspaper, Publisher

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher():
    return Publisher.objects.create(name="测试报业集团")


def add_newspaper(client, publisher, slug: str):
    form = {"slug": slug, "name": "晨报", "publisher": publisher.pk, "language": "zh-hans"}
    return client.post("/admin/editions/newspaper/add/", {**form, "order": 0})


@pytest.mark.parametrize("slug", ["Bad_Slug", "ABC", "admin", "switch", "-x"])
def test_a_newspaper_slug_the_reader_cannot_route_is_refused(admin_client, publisher, slug):
    response = add_newspaper(admin_client, publisher, slug)
    assert response.status_code == 200  # the form again, with its error
    assert response.context["adminform"].form.errors["slug"]
    assert not Newspaper.objects.exists()


def test_the_admin_says_why_in_chinese(admin_client, publisher):
    body = add_newspaper(admin_client, publisher, "Bad_Slug").content.decode()
    assert "只能用小写字母、数字和“-”" in body
    body = add_newspaper(admin_client, publisher, "admin").content.decode()
    assert "是网站自用的名称" in body


def test_a_good_slug_is_taken(admin_client, publisher):
    assert add_newspaper(admin_client, publisher, "chenbao").status_code == 302
    assert Newspaper.objects.get().slug == "chenbao"


EDITION_FORM = {
    "status": "draft",
    "pages-TOTAL_FORMS": 1,
    "pages-INITIAL_FORMS": 0,
    "pages-MIN_NUM_FORMS": 0,
    "pages-MAX_NUM_FORMS": 1000,
}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"date": "9999-12-31"}, {"date"}),
        ({"issue_number": str(2**40)}, {"issue_number"}),
        ({"pages-0-label": "第1版"}, set()),
        ({"pages-0-label": "01.json"}, set()),
    ],
)
def test_an_edition_the_reader_cannot_show_is_refused(admin_client, publisher, fields, errors):
    paper = Newspaper.objects.create(slug="chenbao", name="晨报", publisher=publisher)
    form = {
        **EDITION_FORM,
        "newspaper": paper.pk,
        "date": "2024-03-01",
        "pages-0-order": 1,
        "pages-0-label": "01",
        **fields,
    }
    response = admin_client.post("/admin/editions/edition/add/", form)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == errors
    if not errors:  # the page label: an error in the inline
        [inline] = response.context["inline_admin_formsets"]
        assert inline.formset.errors[0]["label"]
    assert not Edition.objects.exists()
