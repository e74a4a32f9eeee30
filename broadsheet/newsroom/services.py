"""The newsroom's services: what an editor may do to editions and articles.

Every function takes the acting user first and, in this order: checks the role
(``roles.require``, ``PermissionDenied``), validates through the one validator that
ingest uses (``editions.validate``; ``ValidationError`` with a dict of field ->
messages, so the desk shows each error on its field), makes the change in one
transaction with its revision (django-reversion, ``editions.revisions``) and one
audit entry, and tells the index (``editions.publishing``). The desk, the command
line and the write API call these; none writes articles another way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from broadsheet.editions import publishing, revisions, validate
from broadsheet.editions.lead import compute_lead
from broadsheet.editions.models import Article, Edition, Page
from broadsheet.ingest.pagearticles import article_text
from broadsheet.ingest.records import ArticleRecord
from broadsheet.pages import corrections
from broadsheet.pages.models import PageCorrection, PageText
from broadsheet.pages.placement import place_articles
from broadsheet.search import changelog
from broadsheet.search.models import SearchChange

from . import audit, roles
from .audit import audit_for
from .history import history
from .uploads import start_upload

__all__ = [
    "audit_for",
    "correct_page_text",
    "edit_article",
    "history",
    "place_again",
    "set_article_state",
    "set_edition_state",
    "set_hotspot",
    "start_upload",
]

STATES = tuple(Edition.Status.values)
HEADS = ("kicker", "headline", "subheadline", "byline")
CORRECTION_LIMIT = 2000
LINE_LIMIT = 500  # one printed line; a broadsheet's widest runs to about 120 characters
AUDITED_LINES = 50  # lines whose before and after an audit entry keeps
CHANGES = {
    "draft": publishing.unpublish,
    "published": publishing.publish,
    "withdrawn": publishing.withdraw,
}  # besides "scheduled", which needs its time


def edit_article(
    user,
    article: Article,
    *,
    kicker: str,
    headline: str,
    subheadline: str,
    byline: str,
    body: list[dict],
    correction_note: str = "",
) -> Article:
    """Correct an article's heads and body; a ``correction_note`` is shown under it, dated."""
    roles.require(user, "edit", _paper(article))
    heads = {"kicker": kicker, "headline": headline, "subheadline": subheadline, "byline": byline}
    problems = {name: validate.text_problem(name, value) for name, value in heads.items()}
    problems["body"] = validate.body_problem(body)
    problems["correction_note"] = validate.text_problem(
        "correction note", correction_note, CORRECTION_LIMIT
    )
    _refuse(problems)
    changes: dict[str, Any] = {**heads, "body": body, "lead": compute_lead(body)}
    if correction_note:
        changes.update(correction=correction_note, corrected_at=timezone.now())
    return _change(user, article, changes, "edit_article")


def set_hotspot(user, article: Article, polygons: list) -> Article:
    """Give the article its area on the page by hand (the hotspot editor)."""
    roles.require(user, "edit", _paper(article))
    _refuse({"hotspot": validate.hotspot_problem(polygons)})
    return _change(user, article, {"hotspot": polygons}, "set_hotspot")


def place_again(user, page: Page, article: Article | None = None) -> list[Article]:
    """Place one article, or every article of the page, again from the page's text layer
    (``pages.placement``); returns the articles whose area was found and changed."""
    roles.require(user, "edit", page.edition.newspaper)
    layer = PageText.objects.filter(page=page).first()
    if layer is None:
        raise ValidationError({"hotspot": [_("这一版没有文字层，无法自动定位（需要 OCR）。")]})
    articles = list(page.articles.order_by("order"))
    placements = place_articles(layer.text, [article_text(_as_record(a)) for a in articles])
    changed = []
    for one, placed in zip(articles, placements, strict=True):
        wanted = article is None or one.pk == article.pk
        if wanted and placed.polygons and placed.polygons != one.hotspot:
            changed.append(_change(user, one, {"hotspot": placed.polygons}, "place_again"))
    return changed


def correct_page_text(
    user, page: Page, lines: list[str], *, fingerprint: str = ""
) -> PageCorrection | None:
    """Correct a machine-read page's text line by line; the machine's own text stays.

    ``lines`` has one text per line the editor was shown (``pages.corrections.editable``),
    an empty one dropping its line; ``fingerprint`` names those lines, so a save over
    lines that changed meanwhile (a re-OCR, another editor) is refused. Returns the
    stored correction, or the one there was (None) when nothing changed.
    """
    roles.require(user, "edit", page.edition.newspaper)
    base = corrections.editable(page)
    if base is None:
        raise ValidationError({"lines": [_("这一版没有机器识别的文字，无法校对。")]})
    texts = _line_texts(base, lines, fingerprint)
    if texts == [line.text for line in base.text.lines]:
        return corrections.correction_of(page)
    text, marks = corrections.corrected(base, texts)
    with transaction.atomic():
        with reversion.create_revision():
            row = corrections.save(page, base, text, marks, user)
            reversion.set_user(user)
            reversion.set_comment("correct_page_text")
        details = {"page": page.label, "changed": _changed_lines(base, texts)}
        audit.record(user, "correct_page_text", edition=page.edition, details=details)
        changelog.record([page.edition_id], SearchChange.Kind.EDITED)
    return row


def _line_texts(base: corrections.Editable, lines: list, fingerprint: str) -> list[str]:
    """The editor's lines checked: one per line shown, each one line of text."""
    if fingerprint and fingerprint != base.fingerprint:
        _refuse(
            {"lines": _("本版文字在你打开后已被更新（重新识别或他人校对），请重新打开再校对。")}
        )
    if not isinstance(lines, list) or len(lines) != len(base.text.lines):
        shown = len(base.text.lines)
        _refuse({"lines": f"expected {shown} lines of text, one per line shown"})
    problems = [_line_problem(n, value) for n, value in enumerate(lines, 1)]
    _refuse({"lines": "; ".join(p for p in problems if p)})
    return [value if value.strip() else "" for value in lines]


def _line_problem(n: int, value: object) -> str | None:
    problem = validate.text_problem(f"line {n}", value, LINE_LIMIT)
    if problem is None and ("\n" in value or "\r" in value):  # type: ignore[operator]
        problem = f"line {n}: one printed line, without line breaks"
    return problem


def _changed_lines(base: corrections.Editable, texts: list[str]) -> list[dict]:
    """Which lines changed, from what to what (the first ``AUDITED_LINES``)."""
    pairs = enumerate(zip(base.text.lines, texts, strict=True), 1)
    changed = [{"line": n, "before": ln.text, "after": t} for n, (ln, t) in pairs if ln.text != t]
    return changed[:AUDITED_LINES]


def _as_record(article: Article) -> ArticleRecord:
    fields = {name: getattr(article, name) for name in HEADS}
    return ArticleRecord(order=article.order, blocks=article.body, **fields)


def set_edition_state(user, edition: Edition, state: str, publish_at=None) -> Edition:
    """draft, scheduled (at ``publish_at``), published or withdrawn, through ``publishing``."""
    roles.require(user, "publish", edition.newspaper)
    when = _state_time(state, publish_at)
    with transaction.atomic():
        if when is not None:
            publishing.schedule(edition, when)
        else:
            CHANGES[state](edition)
        audit.record(user, f"edition_{state}", edition=edition, details=_when(edition))
    return edition


def set_article_state(user, article: Article, state: str, publish_at=None) -> Article:
    """One article's own state inside its edition (``visibility.article_public_q``)."""
    roles.require(user, "publish", _paper(article))
    when = _state_time(state, publish_at)
    changes: dict = {"status": state}
    if state == Edition.Status.SCHEDULED:
        changes["publish_at"] = when
    elif state == Edition.Status.PUBLISHED:
        changes["publish_at"] = timezone.now()
    elif state == Edition.Status.DRAFT:
        changes["publish_at"] = None
    return _change(user, article, changes, f"article_{state}")


def _state_time(state: str, publish_at) -> dt.datetime | None:
    """Check the state; a scheduled one needs a time (a naive one is the site's, Asia/Shanghai)."""
    if state not in STATES:
        _refuse({"state": f"state {state!r} is not one of {', '.join(STATES)}"})
    if state != Edition.Status.SCHEDULED:
        return None
    if isinstance(publish_at, str):
        publish_at = _parse_time(publish_at)
    if not isinstance(publish_at, dt.datetime):
        _refuse({"publish_at": "a scheduled state needs a date and time"})
    if timezone.is_naive(publish_at):
        publish_at = timezone.make_aware(publish_at, timezone.get_default_timezone())
    return publish_at


def _parse_time(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        _refuse({"publish_at": f"{value[:40]!r} is not a date and time like 2024-03-01T06:00"})
    return None


def _when(item) -> dict:
    return {"publish_at": item.publish_at.isoformat() if item.publish_at else None}


def _change(user, article: Article, changes: dict, action: str) -> Article:
    """Save ``changes`` with a revision, one audit entry and the index's follow-up.

    The first change keeps the article as ingested as a revision of its own (no user),
    so the history starts from what the publisher sent.
    """
    changed = [name for name, value in changes.items() if getattr(article, name) != value]
    with transaction.atomic():
        if not revisions.versions([article]).exists():
            revisions.keep(article, "as ingested")
        for name, value in changes.items():
            setattr(article, name, value)
        with reversion.create_revision():
            article.save()
            reversion.set_user(user)
            reversion.set_comment(action)
        details = {
            "changed": changed,
            **({"status": article.status} if "status" in changes else {}),
        }
        audit.record(user, action, article=article, details=details)
        publishing.content_changed(article.page.edition)
    return article


def _paper(article: Article):
    return article.page.edition.newspaper


def _refuse(problems: dict) -> None:
    """``ValidationError`` with every field's problem, or nothing when there is none."""
    found = {name: [problem] for name, problem in problems.items() if problem}
    if found:
        raise ValidationError(found)
