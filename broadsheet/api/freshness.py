"""ETag and Last-Modified for the read API (Django's conditional view processing).

A read answer is made from one newspaper's public editions (an edition also shows its
上一期 / 下一期, so a new edition changes its neighbours' answers), so its validators
come from that set: how many there are, when one last changed (``updated_at``; the admin
touches it when an article changes) and when the latest came out (a scheduled edition
appears when its time passes without any row changing). A hidden edition never counts.
The answer's language (a fallback title is translated) and the API version are in the
ETag too. Two cheap aggregate queries per request, none of the answer built for a 304.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import translation
from django.views.decorators.http import condition

from broadsheet.editions.models import Edition

VERSION = "v1"


@dataclass(frozen=True)
class State:
    count: int
    changed: dt.datetime | None
    released: dt.datetime | None

    @property
    def last_modified(self) -> dt.datetime | None:
        times = [t for t in (self.changed, self.released) if t is not None]
        return max(times) if times else None


def state(paper: str | None) -> State:
    """The state of one newspaper's public editions, or of all of them (``paper`` None)."""
    editions = Edition.objects.public()
    if paper is not None:
        editions = editions.filter(newspaper__slug=paper)
    found = editions.aggregate(n=Count("id"), changed=Max("updated_at"), out=Max("publish_at"))
    return State(found["n"], found["changed"], found["out"])


def _cached(request, paper: str | None) -> State:
    """One aggregate per request, shared by the ETag and Last-Modified functions."""
    key = f"_api_state_{paper}"
    if not hasattr(request, key):
        setattr(request, key, state(paper))
    return getattr(request, key)


def _etag(request, paper: str | None) -> str | None:
    found = _cached(request, paper)
    if not found.count:
        return None  # nothing public: the view answers 404, unconditionally
    seed = "|".join(
        [VERSION, translation.get_language() or "", request.get_full_path(), repr(found)]
    )
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


def _last_modified(request, paper: str | None) -> dt.datetime | None:
    found = _cached(request, paper)
    return found.last_modified if found.count else None


def of_newspaper():
    """For an operation whose answer comes from the newspaper in its ``paper`` path part."""
    return condition(
        etag_func=lambda request, paper, **kw: _etag(request, paper),
        last_modified_func=lambda request, paper, **kw: _last_modified(request, paper),
    )


def of_site():
    """For an operation whose answer comes from every newspaper (the list of newspapers)."""
    return condition(
        etag_func=lambda request, **kw: _etag(request, None),
        last_modified_func=lambda request, **kw: _last_modified(request, None),
    )
