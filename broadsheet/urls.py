"""Root URL configuration: admin, desk, API, media (behind the visibility gate), then the reader."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from broadsheet.reader.media import serve_media

# Media links (MEDIA_URL) point here unless object storage serves them from its own URL.
_LOCAL_MEDIA_URL = settings.MEDIA_URL.startswith("/")
MEDIA_PREFIX = (settings.MEDIA_URL.lstrip("/") if _LOCAL_MEDIA_URL else "") or "media/"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The desk (编辑台): the newsroom's screens for editors (docs/desk.md).
    path("desk/", include("broadsheet.newsroom.urls")),
    path("api/", include("broadsheet.api.urls")),
    path("search/", include("broadsheet.search.urls")),
    # Every media file passes the visibility gate (broadsheet.reader.media); behind
    # nginx the file itself is sent through X-Accel-Redirect (docs/deploy.md).
    re_path(rf"^{re.escape(MEDIA_PREFIX)}(?P<path>.*)$", serve_media),
    # IIIF manifests, collections and the Image API (broadsheet.iiif, docs/iiif.md).
    path("iiif/", include("broadsheet.iiif.urls")),
    # Feeds, sitemaps, robots.txt, OpenSearch (broadsheet.doors).
    path("", include("broadsheet.doors.urls")),
    path("", include("broadsheet.reader.urls")),
]

handler404 = "broadsheet.reader.views.not_found"
