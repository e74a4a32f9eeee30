"""The public reader: thin views over ``reader.services`` and the serialisers.

Every page is rendered from the same dicts its ``.json`` twin returns.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from broadsheet.api.envelope import error, ok, wants_json
from broadsheet.editions import redirects, serializers, urls
from broadsheet.editions.models import Edition, Newspaper
from broadsheet.pages import edition_pdf as whole_pdf

from . import documents, media, preview, services
from .pagecache import cached_page

# The whole-edition PDF's URL stays while its content may change (--replace), so
# caches keep it briefly; the page files it is made of are content-addressed.
EDITION_PDF_CACHE = "public, max-age=600"
LANGUAGE_COOKIE_YEAR = 365 * 24 * 3600


def _frame(
    paper: Newspaper | None, edition: Edition | None = None, month: tuple[int, int] | None = None
) -> dict:
    """What every reader page shows around its content (the seed's frame)."""
    papers = services.newspapers()
    context = {
        "newspapers": [serializers.newspaper_dict(p) for p in papers],
        "current_newspaper": serializers.newspaper_dict(paper) if paper else None,
        "publisher": paper.publisher if paper else (papers[0].publisher if papers else None),
        "edition": serializers.edition_dict(edition) if edition else None,
        "edition_date": edition.date if edition else None,
        "calendar": None,
    }
    if paper is not None:
        year, mon = month or ((edition.date.year, edition.date.month) if edition else (None, None))
        if year is None:
            latest = services.latest_edition(paper)
            year, mon = (latest.date.year, latest.date.month) if latest else (None, None)
        if year is not None and mon is not None:
            selected = edition.date if edition else None
            context["calendar"] = services.calendar_month(paper, year, mon, selected)
    return context


def _edition(request, paper: str, date: str) -> Edition:
    """The public edition, or (the one exception, ``reader.preview``) a hidden one that
    this logged-in editor's session was granted a preview of by the desk."""
    try:
        return services.get_edition(paper, date)
    except Http404 as hidden:
        return preview.previewed_edition(request, paper, services.parse_date(date), hidden)


def _page_response(request, edition: Edition, label: str | None, as_json: bool = False, pages=None):
    pages = services.pages_of(edition) if pages is None else pages
    if not pages:
        raise Http404("edition has no pages")
    page = services.find_page(pages, label) if label else pages[0]
    data = documents.page_document(edition, pages, page)
    found = services.find_on_page(page, request.GET.get("hl", ""))
    if found is not None:  # ?hl=: where the query is printed on the page
        data["find"] = found
    if as_json:
        return preview.mark_private(request, ok(data))
    context = {**_frame(edition.newspaper, edition), **data}
    context["canonical"] = data["page"]["url"]
    return preview.mark_private(request, render(request, "reader/page.html", context))


# Example: /  → newest published edition of the default newspaper, first page
@cached_page
def home(request):
    paper = services.default_newspaper()
    edition = services.latest_edition(paper) if paper else None
    if edition is None:
        return render(request, "reader/empty.html", _frame(paper), status=200)
    return _page_response(request, edition, None)


# Example: /gongren/  → that paper's newest edition, first page
@cached_page
def newspaper(request, paper: str):
    paper_obj = services.get_newspaper(paper)
    edition = services.latest_edition(paper_obj)
    if edition is None:
        raise Http404("no published edition")
    return _page_response(request, edition, None)


# Example: /switch/?paper=gongren  → the 报刊 selector without JavaScript
def switch(request):
    slug = request.GET.get("paper", "")
    paper = next((p for p in services.newspapers() if p.slug == slug), None)
    if paper is None:
        raise Http404("no such newspaper")
    return HttpResponseRedirect(urls.newspaper_url(paper.slug))


# Example: /lang/en/?next=/gongren/  → the interface in English, remembered in a cookie
def language(request, code: str):
    """The language switch: a plain link, so public pages need no form, no CSRF cookie.

    Choosing the site's own language deletes the cookie, so the reader's requests
    are the same as everyone's again and shared caches may answer them.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404("no such language")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if code == settings.LANGUAGE_CODE:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)
    else:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE or LANGUAGE_COOKIE_YEAR,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE or settings.HTTPS,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
    patch_cache_control(response, private=True, no_store=True)
    return response


# Example: /gongren/2021-06-01/  → that edition's first page
@cached_page
def edition(request, paper: str, date: str):
    return _page_response(request, _edition(request, paper, date), None)


# Example: /gongren/2021-06-01.json  → the edition with its pages
def edition_json(request, paper: str, date: str):
    edition_obj = services.get_edition(paper, date)
    return ok(documents.edition_document(edition_obj, services.pages_of(edition_obj)))


# Example: /gongren/2021-06-01/edition.pdf  → 全版PDF: every page PDF in one file
def edition_pdf(request, paper: str, date: str):
    try:
        edition_obj, cache = services.get_edition(paper, date), EDITION_PDF_CACHE
    except Http404 as hidden:
        if media.is_staff(request):
            edition_obj, cache = services.staff_edition(paper, date), media.STAFF_CACHE
        else:
            edition_obj = preview.previewed_edition(
                request, paper, services.parse_date(date), hidden
            )
            cache = preview.PREVIEW_CACHE
    try:
        name = whole_pdf.edition_pdf(services.pages_of(edition_obj))
    except whole_pdf.NoPages as exc:
        raise Http404("no readable page PDF") from exc
    if not name:
        raise Http404("no page PDF")
    response = media.send_file(request, name, cache)
    filename = f"{edition_obj.newspaper.slug}-{edition_obj.date.isoformat()}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    return response


# Example: /gongren/2021-06-01/01/  (and /gongren/2021-06-01/01.json)
@cached_page
def page(request, paper: str, date: str, label: str, as_json: bool = False):
    edition_obj = _edition(request, paper, date)
    pages = services.pages_of(edition_obj)
    spelled = _spelled_otherwise(pages, label)
    if spelled is not None:
        url = urls.page_url(paper, edition_obj.date, spelled)
        moved = HttpResponseRedirect(url[:-1] + ".json" if as_json else url, status=301)
        return preview.mark_private(request, moved)
    return _page_response(request, edition_obj, label, as_json, pages)


def _spelled_otherwise(pages: list, label: str) -> str | None:
    """The printed label when ``label`` names a page another way (``3`` for ``03``), else None."""
    if any(p.label == label for p in pages):
        return None
    page_obj = services.page_spelled(pages, label)
    return page_obj.label if page_obj is not None else None


# Example: /gongren/2021-06-01/01/3/  (and /gongren/2021-06-01/01/3.json)
@cached_page
def article(request, paper: str, date: str, label: str, order: str, as_json: bool = False):
    edition_obj = _edition(request, paper, date)
    pages = services.pages_of(edition_obj)
    spelled = _spelled_otherwise(pages, label)
    if spelled is not None:
        url = f"{urls.page_url(paper, edition_obj.date, spelled)}{int(order)}"
        moved = HttpResponseRedirect(url + (".json" if as_json else "/"), status=301)
        return preview.mark_private(request, moved)
    page_obj = services.find_page(pages, label)
    articles = services.articles_of(page_obj)
    current = next((a for a in articles if a.order == int(order)), None)
    if current is None:
        raise Http404("no such article")
    if current.displaced and (found := redirects.follow(request.path)) is not None:
        return _redirect(found)  # this position still means the story an older link meant
    return _article_response(request, edition_obj, pages, articles, current, as_json)


def _article_response(request, edition_obj, pages, articles, current, as_json: bool):
    page_obj = current.page
    data = documents.article_document(edition_obj, page_obj, current, articles)
    if as_json:
        return preview.mark_private(request, ok(data))
    context = {**_frame(edition_obj.newspaper, edition_obj), "article": data}
    context["articles"] = documents.title_list(page_obj, edition_obj, articles)
    context["newspaper_language"] = edition_obj.newspaper.language  # citation tags
    context["pages"] = [serializers.page_summary(p, edition_obj) for p in pages]
    context["page"] = data["page"]
    context["canonical"] = data["url"]
    return preview.mark_private(request, render(request, "reader/article.html", context))


# Example: /a/7kq2m9xp  → 302 to /gongren/2021-06-01/01/3/ (/a/7kq2m9xp.json → its .json twin)
def permalink(request, permalink: str, as_json: bool = False):
    """An article's permanent link: a 302, as the readable URL it leads to may change when
    the edition is replaced (a 301 would be cached for good). An article whose position an
    older link still holds (``displaced``) is read here."""
    found = redirects.public_article(permalink)
    if found is None:
        raise Http404("no such article")
    edition_obj = found.page.edition
    if not found.displaced:
        url = urls.article_url(found)
        return HttpResponseRedirect(url[:-1] + ".json" if as_json else url)
    pages = services.pages_of(edition_obj)
    articles = services.articles_of(services.find_page(pages, found.page.label))
    current = next((a for a in articles if a.pk == found.pk), None)
    if current is None:
        raise Http404("no such article")
    return _article_response(request, edition_obj, pages, articles, current, as_json)


def _redirect(found: redirects.Found) -> HttpResponseRedirect:
    return HttpResponseRedirect(found.url, status=301 if found.permanent else 302)


# Example: /gongren/archive/2021-06/  → 往期: the month's calendar and editions
# (and /gongren/archive/2021-06.json)
@cached_page
def month(request, paper: str, month: str, as_json: bool = False):
    paper_obj = services.get_newspaper(paper)
    year, mon = services.archive_month(paper_obj, month)
    data = documents.month_document(paper_obj, year, mon)
    if as_json:
        return ok(data)
    context = _frame(paper_obj, None, (year, mon))
    context["month_editions"] = data["editions"]
    context["page_title"] = _("%(year)d年%(month)d月") % {"year": year, "month": mon}
    return render(request, "reader/month.html", context)


def not_found(request, exception=None):
    """The 404 page, in the site's frame (or the JSON envelope for machine requests).

    A path the redirect table knows (a moved article, an imported site's old URL)
    is sent where it leads instead, unless that is hidden.
    """
    if (found := redirects.follow(request.path)) is not None:
        return _redirect(found)
    if wants_json(request):
        return error("not_found", _("页面不存在"), status=404)
    return render(request, "reader/404.html", _frame(services.default_newspaper()), status=404)
