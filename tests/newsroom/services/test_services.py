"""The newsroom's services on real editions: roles first, then the one validator, then the
change with its revision and audit entry (``newsroom.services``)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from broadsheet.editions.models import Article, Edition
from broadsheet.newsroom import services
from broadsheet.newsroom.models import AuditEntry
from tests.scans import machine_read

BODY = [{"type": "paragraph", "text": "更正后的正文。"}, {"type": "subheading", "text": "小标题"}]
SQUARE = [[[0.1, 0.1], [0.4, 0.1], [0.4, 0.4], [0.1, 0.4]]]


def _article(edition: Edition, order: int = 1) -> Article:
    return Article.objects.get(page__edition=edition, page__label="01", order=order)


def _edit(user, article, **changes):
    fields = {
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "byline": article.byline,
        "body": article.body,
    }
    return services.edit_article(user, article, **{**fields, **changes})


def _every_action(user, newsroom, edition: Edition) -> dict:
    """Each service once on ``edition``: name -> the exception it raised, or None."""
    article = _article(edition)
    page = article.page
    scanned = edition.pages.get(label="02")
    machine_read(scanned)
    lines = ["春耕时节田间忙", "全市新增智能农机", "图书馆延长开放时间（已校对）"]
    calls = {
        "edit_article": lambda: _edit(user, article, headline="改"),
        "set_hotspot": lambda: services.set_hotspot(user, article, SQUARE),
        "place_again": lambda: services.place_again(user, page),
        "set_edition_state": lambda: services.set_edition_state(user, edition, "published"),
        "set_article_state": lambda: services.set_article_state(user, article, "published"),
        "correct_page_text": lambda: services.correct_page_text(user, scanned, lines),
        "history": lambda: services.history(user, article),
        "audit_for": lambda: list(services.audit_for(user, edition)),
    }
    out = {}
    for name, call in calls.items():
        try:
            call()
            out[name] = None
        except (PermissionDenied, ValidationError) as exc:
            out[name] = type(exc)
    return out


WRITES = (
    "edit_article",
    "set_hotspot",
    "place_again",
    "set_edition_state",
    "set_article_state",
    "correct_page_text",
)
READS = ("history", "audit_for")


def test_an_editor_of_paper_a_can_do_nothing_to_paper_b(newsroom):
    outcome = _every_action(newsroom.people["editor_a"], newsroom, newsroom.edition_b)
    assert outcome == dict.fromkeys([*WRITES, *READS], PermissionDenied)
    assert not AuditEntry.objects.filter(edition=newsroom.edition_b).exists()


def test_an_editor_of_paper_a_can_do_everything_on_paper_a(newsroom):
    outcome = _every_action(newsroom.people["editor_a"], newsroom, newsroom.edition_a)
    assert outcome == dict.fromkeys([*WRITES, *READS], None)


def test_a_reviewer_reads_but_writes_nothing(newsroom):
    outcome = _every_action(newsroom.people["reviewer_a"], newsroom, newsroom.edition_a)
    assert outcome == {**dict.fromkeys(WRITES, PermissionDenied), **dict.fromkeys(READS, None)}


@pytest.mark.parametrize("person", ["site_admin", "superuser", "publisher_admin"])
def test_administrators_work_on_both_papers(newsroom, person):
    for edition in (newsroom.edition_a, newsroom.edition_b):
        outcome = _every_action(newsroom.people[person], newsroom, edition)
        assert outcome == dict.fromkeys([*WRITES, *READS], None)


def test_a_stranger_can_do_nothing(newsroom):
    outcome = _every_action(newsroom.people["nobody"], newsroom, newsroom.edition_a)
    assert outcome == dict.fromkeys([*WRITES, *READS], PermissionDenied)


BAD_BODIES = {
    "misspelt type": [{"type": "paragrah", "text": "x"}],
    "paragraph without text": [{"type": "paragraph"}],
    "text not a string": [{"type": "paragraph", "text": 3}],
    "unknown field": [{"type": "paragraph", "text": "x", "style": "bold"}],
    "image without src": [{"type": "image", "caption": "x"}],
    "image outside the edition": [{"type": "image", "src": "../../etc/passwd"}],
    "not a list": {"type": "paragraph", "text": "x"},
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=list(BAD_BODIES))
def test_a_bad_body_is_refused_on_the_body_field_and_nothing_changes(newsroom, body):
    article = _article(newsroom.edition_a)
    before = article.body
    with pytest.raises(ValidationError) as caught:
        _edit(newsroom.people["editor_a"], article, body=body)
    assert set(caught.value.message_dict) == {"body"}
    article.refresh_from_db()
    assert article.body == before
    assert not AuditEntry.objects.exists()


def test_the_same_bodies_are_refused_by_ingest(newsroom, tmp_path):
    """One validator: what the editor refuses, ingest refuses too (any format)."""
    from broadsheet.ingest.errors import IngestError
    from broadsheet.ingest.records import ArticleRecord, EditionRecord, PageRecord
    from broadsheet.ingest.validation import check_record

    for body in BAD_BODIES.values():
        article = ArticleRecord(order=1, blocks=body)
        record = EditionRecord(
            newspaper="chenbao",
            date=dt.date(2024, 3, 9),
            pages=[PageRecord("01", 1, articles=[article])],
        )
        with pytest.raises(IngestError, match="block|body"):
            check_record(record)


def test_long_heads_are_refused_on_their_fields(newsroom):
    with pytest.raises(ValidationError) as caught:
        _edit(
            newsroom.people["editor_a"], _article(newsroom.edition_a), headline="长" * 301, byline=5
        )
    assert set(caught.value.message_dict) == {"headline", "byline"}


@pytest.mark.parametrize(
    "hotspot", ["abc", [[[0, 0], [1, 1]]], [[[0, 0], [2, 0], [0, 1]]], [["a", "b", "c"]]]
)
def test_a_bad_hotspot_is_refused_on_the_hotspot_field(newsroom, hotspot):
    with pytest.raises(ValidationError) as caught:
        services.set_hotspot(newsroom.people["editor_a"], _article(newsroom.edition_a), hotspot)
    assert set(caught.value.message_dict) == {"hotspot"}


def test_a_correction_keeps_history_audit_and_the_public_note(newsroom):
    editor = newsroom.people["editor_a"]
    article = _article(newsroom.edition_a)
    original = article.headline
    _edit(
        editor,
        article,
        headline="更正后的标题",
        body=BODY,
        correction_note="本文标题有误，已更正。",
    )
    article.refresh_from_db()
    assert article.headline == "更正后的标题"
    assert article.lead.startswith("更正后的正文")
    assert article.correction == "本文标题有误，已更正。" and article.corrected_at is not None
    kept = services.history(newsroom.people["reviewer_a"], article)
    assert [(r.user, r.comment) for r in kept] == [
        ("editor_a", "edit_article"),
        ("", "as ingested"),
    ]
    assert kept[0].changes["headline"] == (original, "更正后的标题")
    assert kept[0].fields["body"] == BODY
    entry = services.audit_for(editor, newsroom.edition_a).get()
    assert (entry.username, entry.action, entry.article_id) == (
        "editor_a",
        "edit_article",
        article.pk,
    )
    assert set(entry.details["changed"]) >= {"headline", "body", "correction"}


def test_edition_states_with_a_naive_time_taken_as_shanghai(newsroom):
    editor = newsroom.people["editor_a"]
    edition = newsroom.edition_a
    services.set_edition_state(editor, edition, "scheduled", dt.datetime(2030, 1, 1, 6, 0))
    edition.refresh_from_db()
    assert edition.status == "scheduled"
    assert edition.publish_at == dt.datetime(2030, 1, 1, 6, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert not Edition.objects.public().filter(pk=edition.pk).exists()
    for state in ("published", "withdrawn", "draft"):
        services.set_edition_state(editor, edition, state)
        edition.refresh_from_db()
        assert edition.status == state
    actions = list(services.audit_for(editor, edition).values_list("action", flat=True))
    assert actions == [
        "edition_draft",
        "edition_withdrawn",
        "edition_published",
        "edition_scheduled",
    ]


def test_a_scheduled_state_needs_a_time_and_a_known_state(newsroom):
    editor = newsroom.people["editor_a"]
    with pytest.raises(ValidationError) as caught:
        services.set_edition_state(editor, newsroom.edition_a, "scheduled")
    assert set(caught.value.message_dict) == {"publish_at"}
    with pytest.raises(ValidationError) as caught:
        services.set_article_state(editor, _article(newsroom.edition_a), "gone")
    assert set(caught.value.message_dict) == {"state"}


def test_an_article_state_hides_it_inside_a_public_edition(newsroom):
    editor = newsroom.people["editor_a"]
    article = _article(newsroom.edition_a)
    later = timezone.now() + dt.timedelta(hours=1)
    for state, when, public in [
        ("withdrawn", None, False),
        ("draft", None, False),
        ("scheduled", later, False),
        ("scheduled", timezone.now() - dt.timedelta(minutes=1), True),
        ("published", None, True),
    ]:
        services.set_article_state(editor, article, state, when)
        assert Article.objects.public().filter(pk=article.pk).exists() == public, state


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=list(BAD_BODIES))
def test_the_admin_refuses_the_same_bodies(admin_client, newsroom, body):
    """The stock admin is a door too: the same rule as a model validator (issue 11)."""
    article = _article(newsroom.edition_a)
    form = {
        "page": article.page_id,
        "order": article.order,
        "headline": "x",
        "body": json.dumps(body),
        "hotspot": "[]",
        "status": "published",
    }
    response = admin_client.post(f"/admin/editions/article/{article.pk}/change/", form)
    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.headline != "x"


def test_the_admin_refuses_a_hotspot_of_abc(admin_client, newsroom):
    article = _article(newsroom.edition_a)
    form = {
        "page": article.page_id,
        "order": 1,
        "body": "[]",
        "hotspot": '"abc"',
        "status": "published",
    }
    response = admin_client.post(f"/admin/editions/article/{article.pk}/change/", form)
    assert response.status_code == 200
    assert "hotspot" in response.context["adminform"].form.errors
