"""The write API for print systems: upload an edition, follow its ingest, publish or schedule.

Every request carries ``Authorization: Bearer bst_…`` (``newsroom.tokens``); a token works
on the newspapers it names and only for what its user's role allows there. The operations
are thin: uploads go through ``newsroom.services.start_upload`` (the same background ingest
as the desk), states through ``set_edition_state``; answers are the one envelope, and the
operations are in the OpenAPI document with the read API's (``api.routes``).

    POST /api/v1/editions                         (multipart: newspaper, file, format, publish)
    GET  /api/v1/runs/<id>                        the upload's progress and summary
    POST /api/v1/editions/<paper>/<date>/publish  now
    POST /api/v1/editions/<paper>/<date>/schedule (publish_at: ISO date-time, Asia/Shanghai
                                                   when it names no zone)
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import File, Form, Router, UploadedFile
from ninja.security import HttpBearer

from broadsheet.editions.models import Edition, Newspaper
from broadsheet.newsroom import services, tokens
from broadsheet.newsroom.models import ApiToken, IngestRun

from . import schemas
from .envelope import error, ok
from .read import Date, Paper


class TokenAuth(HttpBearer):
    """``Authorization: Bearer bst_…``: the token's row, or ``None`` (answered 401)."""

    def authenticate(self, request, token: str) -> ApiToken | None:
        return tokens.authenticate(token.strip())


router = Router(auth=TokenAuth(), tags=["write"])


@router.post(
    "editions",
    response=schemas.write_responses(schemas.UploadStarted, status=202),
    url_name="upload",
)
def upload(
    request,
    newspaper: Form[str],
    file: File[UploadedFile],
    format: Form[str] = "auto",
    publish: Form[bool] = False,
):
    """Upload an edition (a bundle .zip, a .zip of page PDFs or an edition PDF) for ingest.

    The ingest runs in the background; the answer's ``status_url`` (also ``Location``)
    follows it. ``publish`` publishes the edition once loaded (the token's user must be
    allowed to publish the paper)."""
    row: ApiToken = request.auth
    paper = _paper(newspaper)
    tokens.require(row, "upload", paper)
    run = services.start_upload(row.user, paper, file, format, publish=publish)
    status_url = reverse("api:run", args=[run.pk])
    response = ok({"run": run.as_dict(), "status_url": status_url})
    response.status_code = 202
    response["Location"] = status_url
    return response


@router.get("runs/{run_id}", response=schemas.write_responses(schemas.Run), url_name="run")
def run_status(request, run_id: int):
    """An upload's ingest: queued, running (with its progress), done or failed, its summary."""
    row: ApiToken = request.auth
    run = IngestRun.objects.select_related("newspaper").filter(pk=run_id).first()
    if run is None or not row.newspapers.filter(pk=run.newspaper_id).exists():
        return error("not_found", "no such run", status=404)
    tokens.require(row, "view", run.newspaper)
    return ok(run.as_dict())


@router.post(
    "editions/{paper}/{date}/publish",
    response=schemas.write_responses(schemas.EditionState),
    url_name="publish",
)
def publish(request, paper: str = Paper, date: str = Date):
    """Publish the edition now."""
    return _set_state(request.auth, paper, date, "published", None)


@router.post(
    "editions/{paper}/{date}/schedule",
    response=schemas.write_responses(schemas.EditionState),
    url_name="schedule",
)
def schedule(request, publish_at: Form[str], paper: str = Paper, date: str = Date):
    """Schedule the edition: it appears by itself at ``publish_at`` (an ISO date-time,
    Asia/Shanghai when it names no zone)."""
    return _set_state(request.auth, paper, date, "scheduled", publish_at)


def _set_state(row: ApiToken, paper: str, date: str, state: str, when: str | None):
    newspaper = _paper(paper)
    tokens.require(row, "publish", newspaper)
    edition = Edition.objects.filter(newspaper=newspaper, date=_date(date)).first()
    if edition is None:
        return error("not_found", f"no edition {paper} {date}", status=404)
    services.set_edition_state(row.user, edition, state, when)
    edition.refresh_from_db()
    at = edition.publish_at.isoformat() if edition.publish_at else None
    return ok({"newspaper": paper, "date": date, "status": edition.status, "publish_at": at})


def _paper(slug: str) -> Newspaper:
    paper = Newspaper.objects.filter(slug=slug).first()
    if paper is None:
        raise ValidationError({"newspaper": [f"no newspaper {slug[:64]!r}"]})
    return paper


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"date": [f"{value[:40]!r} is not a date YYYY-MM-DD"]}) from None
