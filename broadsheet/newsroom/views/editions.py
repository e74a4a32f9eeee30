"""The desk's newspapers, their calendar of editions and one edition's screen."""

from __future__ import annotations

import calendar
import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from broadsheet.editions import serializers, urls
from broadsheet.editions.models import Edition
from broadsheet.newsroom import roles, services
from broadsheet.newsroom.forms import StateForm
from broadsheet.newsroom.models import IngestRun

from .common import desk_view, edition_for, error_messages, newspaper_for, status_of


# /desk/  → the newspapers this user works on
@desk_view
def home(request):
    papers = list(roles.newspapers_for(request.user, "view").select_related("publisher"))
    if len(papers) == 1:
        return redirect("newsroom:calendar", paper=papers[0].slug)
    return render(request, "newsroom/home.html", {"papers": papers})


# /desk/gongren/  and  /desk/gongren/2024-03/  → a month of editions with their states
@desk_view
def month(request, paper: str, month: str = ""):
    paper_obj = newspaper_for(request.user, paper)
    year, mon = _month(paper_obj, month)
    editions = Edition.objects.filter(newspaper=paper_obj, date__year=year, date__month=mon)
    by_day = {e.date: {"edition": e, "status": status_of(e)} for e in editions}
    context = {
        "paper": paper_obj,
        "year": year,
        "month": mon,
        "weeks": _weeks(year, mon, by_day),
        "editions": [by_day[d] for d in sorted(by_day)],
        "prev_month": _shift(year, mon, -1),
        "next_month": _shift(year, mon, 1),
        "may_upload": roles.can(request.user, "upload", paper_obj),
    }
    return render(request, "newsroom/calendar.html", context)


def _month(paper, value: str) -> tuple[int, int]:
    """The month asked for, else the month of the newest edition (or today's)."""
    if value:
        try:
            day = dt.date.fromisoformat(value + "-01")
        except ValueError as exc:
            raise Http404("bad month") from exc
        return day.year, day.month
    newest = Edition.objects.filter(newspaper=paper).order_by("-date").first()
    day = newest.date if newest else timezone.localdate()
    return day.year, day.month


def _weeks(year: int, mon: int, by_day: dict) -> list[list]:
    """Monday-first weeks of the month; a day is None outside it, else its edition or {}."""
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(year, mon)
    return [
        [{"date": d, **by_day.get(d, {})} if d.month == mon else None for d in week]
        for week in grid
    ]


def _shift(year: int, mon: int, step: int) -> str:
    index = year * 12 + mon - 1 + step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# /desk/gongren/2024-03-01/  → the edition: pages, state, last ingest, audit log
@desk_view
def edition(request, paper: str, date: str):
    edition_obj = edition_for(request, paper, date)
    return render(request, "newsroom/edition.html", _edition_context(request, edition_obj))


def _edition_context(request, edition_obj: Edition, form: StateForm | None = None) -> dict:
    user, paper = request.user, edition_obj.newspaper
    pages = list(edition_obj.pages.order_by("order").prefetch_related("articles"))
    return {
        "paper": paper,
        "edition": edition_obj,
        "status": status_of(edition_obj),
        "pages": [_page_card(p) for p in pages],
        "last_run": IngestRun.objects.filter(edition=edition_obj).order_by("-created_at").first(),
        "audit": list(services.audit_for(user, edition_obj)[:50]),
        "state_form": form or StateForm(initial=StateForm.initial_for(edition_obj)),
        "may_publish": roles.can(user, "publish", paper),
        "reader_url": urls.edition_url(paper.slug, edition_obj.date),
    }


def _page_card(page) -> dict:
    articles = list(page.articles.all())
    return {
        "page": page,
        "thumbnail": serializers.media_url(page.thumbnail.name or page.image.name),
        "articles": len(articles),
        "to_review": sum(1 for a in articles if a.machine_found),
    }


# POST /desk/gongren/2024-03-01/state/  → publish, schedule, withdraw, back to draft
@require_POST
@desk_view
def edition_state(request, paper: str, date: str):
    edition_obj = edition_for(request, paper, date)
    form = StateForm(request.POST)
    if form.is_valid():
        try:
            services.set_edition_state(
                request.user, edition_obj, form.cleaned_data["state"], form.chosen_time()
            )
        except PermissionDenied:
            messages.error(request, _("你没有发布这份报纸的权限"))
        except ValidationError as error:
            for field, texts in error_messages(error).items():
                form.add_error(field if field in form.fields else None, texts)
        else:
            messages.success(request, _("本期状态已更新"))
            return redirect("newsroom:edition", paper=paper, date=date)
    context = _edition_context(request, edition_obj, form)
    return render(request, "newsroom/edition.html", context, status=400)


# /desk/gongren/2024-03-01/preview/  → the reader's own page of a hidden edition
@desk_view
def preview_edition(request, paper: str, date: str):
    edition_obj = edition_for(request, paper, date)
    target = request.GET.get("page", "")
    url = urls.edition_url(paper, edition_obj.date)
    if target and edition_obj.pages.filter(label=target).exists():
        url = urls.page_url(paper, edition_obj.date, target)
    return HttpResponseRedirect(url)


def edition_url(edition_obj: Edition) -> str:
    return reverse(
        "newsroom:edition",
        kwargs={"paper": edition_obj.newspaper.slug, "date": edition_obj.date.isoformat()},
    )
