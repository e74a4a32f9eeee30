"""An article's history: every kept version, with who, when and what changed.

Read from django-reversion (``editions.revisions``), across re-ingests that replaced
the article (``Article.replaces``), newest first, each version with its ``changes``
against the version before it: ``{field: (before, after)}``, ready for a diff view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reversion.models import Version

from broadsheet.editions import revisions
from broadsheet.editions.models import Article

from . import roles


@dataclass
class Revision:
    """One kept version of an article."""

    at: dt.datetime
    user: str  # "" for what ingest kept (the article as the publisher sent it)
    comment: str
    article_id: int
    fields: dict
    changes: dict = field(default_factory=dict)


def history(user, article: Article) -> list[Revision]:
    """The article's versions, newest first; needs ``view`` on its newspaper."""
    roles.require(user, "view", article.page.edition.newspaper)
    ids = [str(pk) for pk in revisions.lineage(article)]
    rows = (
        Version.objects.get_for_model(Article)
        .filter(object_id__in=ids)
        .select_related("revision__user")
        .order_by("revision__date_created", "pk")
    )
    kept = [_revision(row) for row in rows]
    for before, after in zip(kept, kept[1:], strict=False):
        after.changes = _diff(before.fields, after.fields)
    return kept[::-1]


def _revision(row: Version) -> Revision:
    who = row.revision.user
    return Revision(
        at=row.revision.date_created,
        user=who.get_username() if who else "",
        comment=row.revision.comment,
        article_id=int(row.object_id),
        fields={k: v for k, v in row.field_dict.items() if k in revisions.FIELDS},
    )


def _diff(before: dict, after: dict) -> dict:
    names = [name for name in revisions.FIELDS if before.get(name) != after.get(name)]
    return {name: (before.get(name), after.get(name)) for name in names}
