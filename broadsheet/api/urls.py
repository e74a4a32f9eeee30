"""Versioned JSON API (``/api/v1/…``): the operations of ``api.routes`` and its docs page."""

from django.urls import include, path

from . import docs
from .routes import api

app_name = "api"
urlpatterns = [
    # /api/v1/docs: the OpenAPI document as a page
    path("v1/docs", docs.page, name="docs"),
    # /api/v1/openapi.json, /api/v1/newspapers, /api/v1/search?q=香港&paper=rmrb …
    path("v1/", include(api.urls[0])),
]
