"""The IIIF URL scheme (docs/iiif.md), under /iiif/.

Paper slugs, dates and page labels are the reader's (``editions.validate``);
``image/`` cannot be mistaken for a paper's routes, whose second segment is a
date or ``collection.json``.
"""

from django.urls import path, re_path

from broadsheet.editions.validate import LABEL_PATTERN, SLUG_PATTERN

from . import views

app_name = "iiif"

PAPER = rf"(?P<paper>{SLUG_PATTERN})"
DATE = r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
LABEL = rf"(?P<label>{LABEL_PATTERN})"
IMAGE = rf"image/{PAPER}/{DATE}/{LABEL}"
# One path segment each; imageapi checks what they say.
PARAMS = (
    r"(?P<region>[^/]{1,100})/(?P<size>[^/]{1,100})/(?P<rotation>[^/]{1,100})/"
    r"(?P<quality>[a-z]{1,20})\.(?P<fmt>[a-z0-9]{1,10})"
)

urlpatterns = [
    # /iiif/collection.json
    path("collection.json", views.top, name="top"),
    # /iiif/image/chenbao/2024-03-01/01  (303 to its info.json)
    re_path(rf"^{IMAGE}$", views.image_base, name="image_base"),
    # /iiif/image/chenbao/2024-03-01/01/info.json
    re_path(rf"^{IMAGE}/info\.json$", views.image_info, name="image_info"),
    # /iiif/image/chenbao/2024-03-01/01/full/max/0/default.jpg
    re_path(rf"^{IMAGE}/{PARAMS}$", views.image, name="image"),
    # /iiif/chenbao/collection.json
    re_path(rf"^{PAPER}/collection\.json$", views.collection, name="collection"),
    # /iiif/chenbao/2024-03-01/manifest.json
    re_path(rf"^{PAPER}/{DATE}/manifest\.json$", views.manifest, name="manifest"),
    # /iiif/chenbao/2024-03-01/canvas/01
    re_path(rf"^{PAPER}/{DATE}/canvas/{LABEL}$", views.canvas, name="canvas"),
]
