"""Public pages kept whole in Django's cache, and the HTTP headers that let others keep them.

A newspaper's traffic is a spike on a few pages when an edition comes out, so a
public page (reader pages, their ``.json`` twins, search) is rendered once per
state of the site and then answered from the cache. The key holds:

- the reader generation's token (``editions.generation``): it changes, in the
  same transaction, with every write to what a page shows, so a publish, a
  withdrawal, a correction or a new edition makes every stored page unreachable;
- the latest scheduled publish time that has passed (``due_marker``): a
  scheduled edition's time passing changes the key without any write;
- the language, the local date (search's 今年 and 最近30天), and the full URL
  with its host.

A page rendered while a scheduled time passed is not stored (its key was
computed before), so no stored page ever shows an edition earlier than its
time. Requests that carry a session cookie or an Authorization header (staff,
who may preview hidden editions) are never answered from the cache, never
stored, and marked ``private, no-store`` for every other cache.

Every stored page gets ``Cache-Control`` (``public``, ``max-age`` no later
than the next scheduled publish time, ``stale-while-revalidate``), a weak
``ETag`` and ``Last-Modified`` (when the generation last changed, or the last
scheduled time that passed), and a conditional request is answered ``304``.
A reader who chose a language other than the site's (a cookie) gets
``private``: shared caches key on the URL alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from broadsheet.editions import generation

HEADER = "X-Page-Cache"  # hit, miss or bypass: what bench/serve.py and the tests look at
KEPT_HEADERS = ("Content-Type",)
T = TypeVar("T")
# The site state the page being served was keyed on: the parts every page shares
# (``per_state``) are kept under the same key, so a page missing from the cache
# still reads the newspaper list and the calendar from it.
_SERVING: ContextVar[Serving | None] = ContextVar("broadsheet_site_state", default=None)


def is_public_request(request: HttpRequest) -> bool:
    """A reader's GET without a login: what may be answered from, and stored in, the cache."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


@dataclass(frozen=True)
class SiteState:
    """What the key depends on besides the URL, read once per request."""

    generation: generation.Generation
    marker: dt.datetime | None
    next_due: dt.datetime | None
    now: dt.datetime

    @classmethod
    def read(cls) -> SiteState:
        now = timezone.now()
        current = generation.current()
        times = generation.schedule(current)
        return cls(current, generation.due_marker(times, now), generation.next_due(times, now), now)

    @property
    def last_modified(self) -> dt.datetime:
        changed = self.generation.changed_at
        return max(changed, self.marker) if self.marker else changed

    def still_current(self) -> bool:
        """False when a scheduled time passed since ``read``: the page may already show it."""
        return self.next_due is None or timezone.now() < self.next_due

    def max_age(self) -> int:
        """The configured age, cut short so no cache keeps a page past the next publish time."""
        age = settings.PAGE_MAX_AGE
        if self.next_due is not None:
            age = min(age, math.ceil((self.next_due - self.now).total_seconds()))
        return max(age, 0)


@dataclass
class Serving:
    """The page being rendered: its state, and the parts it has asked for already.

    ``parts`` holds each ``per_state`` value once per request, so a part asked for
    twice (the newspaper list by the frame and by the edition lookup) is read from
    the cache, or computed with the page cache off, only once.
    """

    state: SiteState
    parts: dict = field(default_factory=dict)


def serving() -> bool:
    """True while a public page is being rendered (the ``per_state`` parts are at hand)."""
    return _SERVING.get() is not None


def page_key(request: HttpRequest, state: SiteState) -> str:
    marker = state.marker.timestamp() if state.marker else 0
    where = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    today = timezone.localdate(state.now).isoformat()
    return f"broadsheet:page:{state.generation.token}:{marker}:{language}:{today}:{where}"


@dataclass
class StoredPage:
    """A rendered page as kept: its bytes, its headers, and the CSP nonce it was written with."""

    content: bytes
    headers: dict[str, str]
    etag: str
    nonce: str | None

    @classmethod
    def of(cls, response: HttpResponse, request: HttpRequest) -> StoredPage:
        content = response.content
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        nonce = getattr(request, "_csp_nonce", None)  # set only if the page used it
        return cls(content, headers, f'W/"{digest}"', nonce if isinstance(nonce, str) else None)

    def body_for(self, request: HttpRequest) -> bytes:
        """The bytes with this request's own CSP nonce, so a stored page never reuses one."""
        if not self.nonce:
            return self.content
        fresh = str(request.csp_nonce)  # type: ignore[attr-defined]
        return self.content.replace(self.nonce.encode(), fresh.encode())

    def respond(self, request: HttpRequest, state: SiteState, outcome: str) -> HttpResponse:
        response = HttpResponse(self.body_for(request))
        for name, value in self.headers.items():
            response[name] = value
        response[HEADER] = outcome
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(state.last_modified.timestamp())
        public_headers(request, response, state)
        modified = int(state.last_modified.timestamp())
        answer = get_conditional_response(
            request, etag=self.etag, last_modified=modified, response=response
        )
        return answer if answer is not None else response  # 304 or 412 when one applies


def public_headers(request: HttpRequest, response: HttpResponse, state: SiteState) -> None:
    """Cache-Control for a public page; ``private`` when the reader chose another language."""
    shared = settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
    who = {"public": True} if shared else {"private": True}
    patch_cache_control(
        response, **who, max_age=state.max_age(), stale_while_revalidate=settings.PAGE_STALE
    )


def cached_page(view: Callable | None = None, *, storable: Callable[[], bool] | None = None):
    """Answer ``view`` from the page cache (see the module's docstring).

    ``storable`` says whether a page rendered now may be kept (search: only when no
    index change is waiting, so a stored result page is never behind the index). It is
    asked before the page is rendered.
    """

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def serve(request, *args, **kwargs):
            if not is_public_request(request):
                return private(view(request, *args, **kwargs))
            return _serve_public(request, lambda: view(request, *args, **kwargs), storable)

        return serve

    return decorate(view) if view is not None else decorate


def _serve_public(request, render: Callable[[], HttpResponse], storable) -> HttpResponse:
    state = SiteState.read()
    key = page_key(request, state)
    stored = cache.get(key) if settings.PAGE_CACHE_SECONDS else None
    if stored is not None:
        return stored.respond(request, state, "hit")
    # Asked before rendering: what the page reads then is what it shows. Asked after, a
    # search index that caught up during the render made a page of old results keepable.
    keepable = bool(settings.PAGE_CACHE_SECONDS) and (storable is None or storable())
    serving = _SERVING.set(Serving(state))
    try:
        response = render()
    finally:
        _SERVING.reset(serving)
    if response.status_code != 200 or response.streaming or response.cookies:
        return response
    stored = StoredPage.of(response, request)
    if keepable and state.still_current():
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
    return stored.respond(request, state, "miss")


def per_state(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in the cache under the state of the page being served.

    For what many pages show alike (the newspaper list, a month's calendar): it
    changes only with the reader generation or a scheduled time passing, like the
    pages. Outside a cached page's rendering (staff, the 404 page) it is computed.
    Within one page it is looked up once (``Serving.parts``).
    """
    serving = _SERVING.get()
    if serving is None:
        return compute()
    if name not in serving.parts:
        serving.parts[name] = _kept_part(serving.state, name, compute)
    return serving.parts[name]


def _kept_part(state: SiteState, name: str, compute: Callable[[], T]) -> T:
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    marker = state.marker.timestamp() if state.marker else 0
    key = f"broadsheet:part:{state.generation.token}:{marker}:{name}"
    kept = cache.get(key)
    if kept is not None:
        return kept[0]
    value = compute()
    if state.still_current():
        cache.set(key, (value,), settings.PAGE_CACHE_SECONDS)
    return value


def private(response: HttpResponse) -> HttpResponse:
    """A logged-in request's answer: for that browser only, never stored by anyone."""
    patch_cache_control(response, private=True, no_store=True)
    response[HEADER] = "bypass"
    return response
