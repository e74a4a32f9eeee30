"""The write API for print systems: upload an edition, follow its ingest, publish or schedule.

Every request carries ``Authorization: Bearer bst_…`` (``newsroom.tokens``); a token works
on the newspapers it names and only for what its user's role allows there. The views are
thin: uploads go through ``newsroom.services.start_upload`` (the same background ingest as
the desk), states through ``set_edition_state``; answers are the one envelope.

Mounted at ``/api/v1/`` beside the read API by ``broadsheet/urls.py`` as plain Django views;
once the read API's one ``NinjaAPI`` is on main, these become a ninja ``Router`` on it.

    POST /api/v1/editions                         (multipart: newspaper, file, format, publish)
    GET  /api/v1/runs/<id>                        the upload's progress and summary
    POST /api/v1/editions/<paper>/<date>/publish  now
    POST /api/v1/editions/<paper>/<date>/schedule (publish_at: ISO date-time, Asia/Shanghai
                                                   when it names no zone)
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from broadsheet.editions.models import Edition, Newspaper
from broadsheet.newsroom import services, tokens
from broadsheet.newsroom.models import ApiToken, IngestRun

from .envelope import error, ok


def _token(request: HttpRequest) -> ApiToken | None:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return tokens.authenticate(given.strip()) if scheme.lower() == "bearer" else None


def _answer(view):
    """Token first (401), then the view; refusals and field errors in the envelope."""

    def wrapper(request, *args, **kwargs):
        row = _token(request)
        if row is None:
            return error("unauthorized", "a valid API token is required", status=401)
        try:
            return view(request, row, *args, **kwargs)
        except PermissionDenied as exc:
            return error("forbidden", str(exc) or "not allowed", status=403)
        except ValidationError as exc:
            return _invalid(exc)

    wrapper.__name__ = view.__name__
    return csrf_exempt(wrapper)


def _invalid(exc: ValidationError) -> JsonResponse:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    message = "; ".join(f"{k}: {' '.join(v)}" if k else " ".join(v) for k, v in fields.items())
    return error("invalid", message, status=400)


def _paper(slug: str) -> Newspaper:
    paper = Newspaper.objects.filter(slug=slug).first()
    if paper is None:
        raise ValidationError({"newspaper": [f"no newspaper {slug[:64]!r}"]})
    return paper


# POST /api/v1/editions  (newspaper=chenbao, file=@2024-03-01.zip, format=auto, publish=1)
@_answer
@require_POST
def upload(request, row: ApiToken):
    paper = _paper(request.POST.get("newspaper", ""))
    tokens.require(row, "upload", paper)
    given = request.FILES.get("file")
    if given is None:
        raise ValidationError({"file": ["send the bundle, the page PDFs (.zip) or the PDF"]})
    publish = request.POST.get("publish", "") in ("1", "true", "yes")
    fmt = request.POST.get("format", "auto")
    run = services.start_upload(row.user, paper, given, fmt, publish=publish)
    status_url = reverse("api-write:run", args=[run.pk])
    response = ok({"run": run.as_dict(), "status_url": status_url})
    response.status_code = 202
    response["Location"] = status_url
    return response


# GET /api/v1/runs/42
@_answer
@require_GET
def run_status(request, row: ApiToken, run_id: int):
    run = IngestRun.objects.select_related("newspaper").filter(pk=run_id).first()
    if run is None or not row.newspapers.filter(pk=run.newspaper_id).exists():
        return error("not_found", "no such run", status=404)
    tokens.require(row, "view", run.newspaper)
    return ok(run.as_dict())


# POST /api/v1/editions/chenbao/2024-03-01/publish   (…/schedule with publish_at=…)
@_answer
@require_POST
def edition_state(request, row: ApiToken, paper: str, date: str, state: str):
    newspaper = _paper(paper)
    tokens.require(row, "publish", newspaper)
    edition = Edition.objects.filter(newspaper=newspaper, date=_date(date)).first()
    if edition is None:
        return error("not_found", f"no edition {paper} {date}", status=404)
    when = request.POST.get("publish_at") if state == "scheduled" else None
    services.set_edition_state(row.user, edition, state, when)
    edition.refresh_from_db()
    at = edition.publish_at.isoformat() if edition.publish_at else None
    return ok({"newspaper": paper, "date": date, "status": edition.status, "publish_at": at})


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"date": [f"{value[:40]!r} is not a date YYYY-MM-DD"]}) from None


app_name = "api-write"
urlpatterns = [
    path("v1/editions", upload, name="upload"),
    path("v1/runs/<int:run_id>", run_status, name="run"),
    path(
        "v1/editions/<slug:paper>/<str:date>/publish",
        edition_state,
        {"state": "published"},
        name="publish",
    ),
    path(
        "v1/editions/<slug:paper>/<str:date>/schedule",
        edition_state,
        {"state": "scheduled"},
        name="schedule",
    ),
]
