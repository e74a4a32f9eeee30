"""The media door: page images, thumbnails, PDFs and article pictures.

A file is answered only while an edition that references it is public
(``editions.media.is_public``, one indexed query on ``public_q``); staff users
see every file so the admin can preview drafts, and an editor sees the files of an
edition the desk granted them a preview of (``reader.preview``). Anything else, a path that
tries to leave the media folder included, is the site's 404. So withdrawing an
edition (a legal takedown) or replacing it takes its files off line at once,
for anyone holding a link.

Answers keep what a static file server gives: ``Last-Modified`` and
``If-Modified-Since`` (304), single byte ranges (206, for PDF viewers), and
long cache headers for public files only; staff-only answers are ``private,
no-store``. With ``MEDIA_ACCEL_PREFIX`` set, the answer is an empty response
with ``X-Accel-Redirect`` and nginx sends the file from an ``internal``
location (docs/deploy.md), ranges and conditional requests included.

A storage without local files (object storage) is read through the storage
API here; when ``MEDIA_URL`` points at the bucket itself, requests never reach
this door and the bucket must be kept private by other means (docs/deploy.md).
"""

from __future__ import annotations

import os
import re
import stat
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils.http import http_date
from django.views.static import was_modified_since

from broadsheet.editions import filetypes, media

from . import preview

STAFF_CACHE = "private, no-store"
CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
BEYOND_ANY_FILE = 10**18  # a range bound with more digits means "past the end" (no 500)
DOWNLOAD = "application/octet-stream"
# On every media answer: never sniff a type, never run anything. ``sandbox`` makes the file
# an opaque origin without scripts even if a browser rendered it as a page. (Chromium's
# PDF viewer still shows a sandboxed PDF; tests/browser/test_media_browser.py checks.)
SAFETY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def serve_media(request, path: str):
    """Answer one media file if the public may see it, or the user is staff; else 404."""
    name = clean_name(path)
    if name is None:
        raise Http404("no such file")
    if media.is_public(name):
        cache = f"public, max-age={settings.MEDIA_MAX_AGE}, immutable"
    elif is_staff(request) or preview.covers_file(request, name):
        cache = STAFF_CACHE
    else:
        raise Http404("no such file")
    return send_file(request, name, cache)


def send_file(request, name: str, cache: str) -> HttpResponseBase:
    """Answer a stored file that the caller has already cleared for this request.

    For doors with a rule of their own (the whole-edition PDF is cleared by its
    edition, not by a ``MediaReference``); the answer is the media door's:
    ranges, conditional requests, ``X-Accel-Redirect`` behind nginx.
    """
    response = _answer(request, name)
    response["Cache-Control"] = cache
    return response


def clean_name(path: str) -> str | None:
    """The storage name ``path`` asks for, or None when it is not a plain relative name.

    Django has already percent-decoded the path once; a name with an empty,
    ``.`` or ``..`` segment, a backslash or a NUL is refused outright rather than
    normalised, so no spelling reaches outside the media folder.
    """
    if not path or "\\" in path or "\x00" in path:
        return None
    if any(part in ("", ".", "..") for part in path.split("/")):
        return None
    return path


def is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_active and user.is_staff)


def _answer(request, name: str) -> HttpResponseBase:
    content_type = filetypes.content_type(name) or DOWNLOAD
    response = _send(request, name, content_type)
    for header, value in SAFETY_HEADERS.items():
        response[header] = value
    if content_type == DOWNLOAD:
        response["Content-Disposition"] = "attachment"
    return response


def _send(request, name: str, content_type: str) -> HttpResponseBase:
    if settings.MEDIA_ACCEL_PREFIX:
        # nginx sends the file, with its own conditional and range handling; it keeps
        # this response's Content-Type and Cache-Control.
        response: HttpResponseBase = HttpResponse(b"", content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + quote(name)
        return response
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        return _from_storage(name, content_type)
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        raise Http404("no such file") from exc
    if not stat.S_ISREG(info.st_mode):
        raise Http404("no such file")
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), info.st_mtime):
        return HttpResponseNotModified()
    last_modified = http_date(info.st_mtime)
    span = _requested_range(request, info.st_size, last_modified)
    if span == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{info.st_size}"
    elif span is not None:
        start, end = span
        response = StreamingHttpResponse(
            _read(path, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Length"] = str(end - start + 1)
        response["Content-Range"] = f"bytes {start}-{end}/{info.st_size}"
    else:
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
    response["Last-Modified"] = last_modified
    response["Accept-Ranges"] = "bytes"
    return response


def _requested_range(request, size: int, last_modified: str):
    """``(first, last)`` of a single satisfiable byte range, "unsatisfiable", or None.

    None (send the whole file) for no Range header, a malformed or multi-part
    one, or an ``If-Range`` that no longer matches the file.
    """
    header = request.META.get("HTTP_RANGE", "").strip()
    if not header:
        return None
    if_range = request.META.get("HTTP_IF_RANGE")
    if if_range is not None and if_range.strip() != last_modified:
        return None
    match = _RANGE.match(header.replace(" ", ""))
    if match is None:
        return None
    first, last = (_number(g) for g in match.groups())
    if first is None:  # the last N bytes, or nothing asked
        if last is None:
            return None
        if last == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - last), size - 1
    start = first
    if last is not None and last < start:
        return None  # malformed: ignored
    if start >= size:
        return "unsatisfiable"
    return start, min(last if last is not None else size - 1, size - 1)


def _number(digits: str) -> int | None:
    """A range bound; any number too long for a file size is ``BEYOND_ANY_FILE``.

    Python refuses to convert strings of more than 4,300 digits (a ``ValueError``,
    once a 500), and no file is 10**18 bytes long anyway.
    """
    if not digits:
        return None
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) < 19 else BEYOND_ANY_FILE


def _read(path: str, start: int, length: int):
    with open(path, "rb") as f:
        f.seek(start)
        while length > 0:
            chunk = f.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _from_storage(name: str, content_type: str) -> FileResponse:
    """A storage with no local path (object storage): stream it through the storage API."""
    try:
        handle = default_storage.open(name, "rb")
    except (OSError, ValueError) as exc:
        raise Http404("no such file") from exc
    return FileResponse(handle, content_type=content_type)
