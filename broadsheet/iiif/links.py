"""The IIIF URLs, built in one place and made absolute for the request's host.

IIIF ids are absolute URLs, and a viewer follows them, so they must name the
host (and scheme: behind a proxy ``BROADSHEET_BEHIND_PROXY`` makes them https).
The scheme, in ``broadsheet/iiif/urls.py`` and docs/iiif.md::

    /iiif/collection.json                               every newspaper
    /iiif/<paper>/collection.json                       a newspaper's editions
    /iiif/<paper>/<date>/manifest.json                  an edition
    /iiif/<paper>/<date>/canvas/<label>                 a page (a canvas id)
    /iiif/image/<paper>/<date>/<label>/info.json        a page image (Image API 3)
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse


class Links:
    """Absolute IIIF URLs for one request."""

    def __init__(self, request) -> None:
        self.request = request

    def absolute(self, url: str) -> str:
        """``url`` on the request's host; a URL that names its host (a bucket) is kept."""
        return self.request.build_absolute_uri(url)

    def top(self) -> str:
        return self.absolute(reverse("iiif:top"))

    def collection(self, slug: str) -> str:
        return self.absolute(reverse("iiif:collection", args=[slug]))

    def manifest(self, slug: str, date: dt.date) -> str:
        return self.absolute(reverse("iiif:manifest", args=[slug, date.isoformat()]))

    def canvas(self, slug: str, date: dt.date, label: str) -> str:
        return self.absolute(reverse("iiif:canvas", args=[slug, date.isoformat(), label]))

    def image_service(self, slug: str, date: dt.date, label: str) -> str:
        """The Image API service id (no trailing slash, no ``info.json``)."""
        return self.absolute(reverse("iiif:image_base", args=[slug, date.isoformat(), label]))
