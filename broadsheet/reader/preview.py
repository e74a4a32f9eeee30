"""Staff preview: the one exception to the visibility rule on the reader's URLs.

Editors check a draft or scheduled edition on the reader's own pages, exactly as readers
will see it. The desk (``broadsheet.newsroom``) decides who may: it checks the user's role
for the edition's newspaper and then calls ``grant``, which writes the edition's id into
that user's session. The reader honours a grant only for a logged-in user and only for a
while (``GRANT_SECONDS``); logging out ends it with the session. So the reader needs no
knowledge of roles (newsroom sits above it), a visitor without a grant still meets the
visibility rule everywhere, and an editor of another paper can never obtain one.

A grant lasts only while the user still holds a role that lets them see the edition:
the newsroom registers that check (``vouch_with``) when it starts, and every use of a
grant asks it again, so taking a role away ends the user's previews at once. With no
check registered (the newsroom not installed) no grant is honoured.

A previewed answer is marked (``request.preview``: the 预览 banner) and is
``private, no-store``: it must never enter a shared cache. Feeds, search and listings do
not look at grants at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.http import Http404

from broadsheet.editions.models import Edition, MediaReference

SESSION_KEY = "broadsheet.preview"
GRANT_SECONDS = 8 * 3600
PREVIEW_CACHE = "private, no-store"

# (user, edition ids) -> the ids among them the user may still see; set by the newsroom.
Voucher = Callable[[object, Iterable[int]], set[int]]
_voucher: list[Voucher] = []


def vouch_with(check: Voucher) -> None:
    """Register the role check every grant is put to (the newsroom calls this once)."""
    _voucher[:] = [check]


def grant(request, edition: Edition) -> None:
    """Let this session preview ``edition``; the caller has checked the user's role."""
    grants = _live_grants(request)
    grants[str(edition.pk)] = int(time.time()) + GRANT_SECONDS
    request.session[SESSION_KEY] = grants


def _live_grants(request) -> dict[str, int]:
    """The session's unexpired grants ({} for anyone not logged in). Reading the session
    here only happens on the way to a 404, so public answers stay free of ``Vary: Cookie``."""
    user = getattr(request, "user", None)
    if user is None or not (user.is_authenticated and user.is_active):
        return {}
    now = time.time()
    grants = request.session.get(SESSION_KEY) or {}
    return {key: until for key, until in grants.items() if until > now}


def granted_ids(request) -> list[int]:
    """The editions this session may preview: granted, unexpired and still vouched for."""
    ids = [int(key) for key in _live_grants(request)]
    if not ids or not _voucher:
        return []
    return sorted(_voucher[0](request.user, ids))


def previewed_edition(request, slug: str, date, hidden: Http404) -> Edition:
    """The hidden edition ``slug``/``date`` when this session may preview it; else
    ``hidden`` (the public lookup's 404) is raised again."""
    ids = granted_ids(request)
    edition = (
        Edition.objects.select_related("newspaper__publisher")
        .filter(pk__in=ids, newspaper__slug=slug, date=date)
        .first()
        if ids
        else None
    )
    if edition is None:
        raise hidden
    request.preview = True
    return edition


def covers_file(request, name: str) -> bool:
    """Whether a media file belongs to an edition this session may preview."""
    ids = granted_ids(request)
    return bool(ids) and MediaReference.objects.filter(name=name, edition_id__in=ids).exists()


def mark_private(request, response):
    """A previewed answer never enters a shared cache (or any cache)."""
    if getattr(request, "preview", False):
        response["Cache-Control"] = PREVIEW_CACHE
    return response
