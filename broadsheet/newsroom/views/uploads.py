"""Uploads on the desk: a file goes to ``services.start_upload`` (the same ingest as the
CLI, run by the worker); the run's page polls its ``IngestRun`` as JSON for the progress
bar and then shows the summary or the errors, which stay on the run for the edition."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from broadsheet.newsroom import services
from broadsheet.newsroom.forms import UploadForm
from broadsheet.newsroom.models import IngestRun

from .common import desk_view, error_messages, newspaper_for, visible
from .editions import edition_url

FINISHED = ("done", "failed")


# /desk/gongren/upload/  → the upload form (GET), the run started (POST)
@desk_view
def upload(request, paper: str):
    paper_obj = visible(request.user, newspaper_for(request.user, paper), "upload")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.start_upload(
                request.user, paper_obj, data["upload"], data["fmt"], publish=data["publish"]
            )
        except PermissionDenied:
            form.add_error(None, _("你没有向这份报纸上传的权限"))
        except ValidationError as error:
            for field, texts in error_messages(error).items():
                form.add_error(field if field in form.fields else None, texts)
        else:
            return redirect("newsroom:run", run_id=run.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "newsroom/upload.html", {"paper": paper_obj, "form": form}, status=status
    )


def _run_for(user, run_id: int) -> IngestRun:
    run = get_object_or_404(IngestRun.objects.select_related("newspaper", "edition"), pk=run_id)
    visible(user, run.newspaper)
    return run


def run_dict(run: IngestRun) -> dict:
    """What the progress bar reads; the same numbers the run page first shows."""
    return {
        "id": run.pk,
        "status": run.status,
        "progress": max(0, min(100, run.progress or 0)),
        "message": run.message or "",
        "finished": run.status in FINISHED,
        "summary": run.summary or {},
        "errors": [str(e) for e in (run.errors or [])],
        "edition_url": edition_url(run.edition) if run.edition is not None else "",
    }


# /desk/runs/5/  → the progress of one upload, then its summary or errors
@desk_view
def run(request, run_id: int):
    run_obj = _run_for(request.user, run_id)
    context = {"paper": run_obj.newspaper, "run": run_obj, "data": run_dict(run_obj)}
    return render(request, "newsroom/run.html", context)


# /desk/runs/5.json  → the same, for the progress bar's polling
@desk_view
def run_json(request, run_id: int):
    try:
        return JsonResponse(run_dict(_run_for(request.user, run_id)))
    except Http404:
        return JsonResponse({"error": _("没有这次上传")}, status=404)
