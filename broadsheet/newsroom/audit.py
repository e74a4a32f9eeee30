"""The audit log: who did what to which edition or article, and when.

Every newsroom service writes one entry in the same transaction as its change, so
an entry exists exactly when the change does. An entry keeps the newspaper and the
edition's date besides the edition itself: a re-ingest with ``--replace`` makes a
new edition row, and the log of that date goes on across it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from broadsheet.editions.models import Article, Edition

from . import roles
from .models import AuditEntry


def record(
    user,
    action: str,
    *,
    edition: Edition | None = None,
    article: Article | None = None,
    details: dict | None = None,
) -> AuditEntry:
    """Write one entry; ``article`` implies its edition."""
    if article is not None and edition is None:
        edition = article.page.edition
    return AuditEntry.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "",
        action=action,
        newspaper=edition.newspaper if edition else None,
        edition=edition,
        edition_date=edition.date if edition else None,
        article=article,
        target=_target(edition, article),
        details=details or {},
    )


def _target(edition: Edition | None, article: Article | None) -> str:
    """A readable name that outlives the rows: "chenbao 2024-03-01 01/3 《headline》"."""
    if edition is None:
        return ""
    name = f"{edition.newspaper.slug} {edition.date.isoformat()}"
    if article is None:
        return name
    return f"{name} {article.page.label}/{article.order} 《{article.headline[:40]}》"


def audit_for(user, edition: Edition) -> QuerySet[AuditEntry]:
    """The edition's log, newest first (its date's, across replacements); needs ``view``."""
    roles.require(user, "view", edition.newspaper)
    return AuditEntry.objects.filter(
        newspaper=edition.newspaper, edition_date=edition.date
    ).select_related("user")
