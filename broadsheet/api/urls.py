"""Versioned JSON API (``/api/v1/…``); every answer uses the envelope in ``views``."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    # /api/v1/search?q=香港&paper=rmrb&from=1998-01-01&sort=newest&page=2
    path("v1/search", views.search, name="search"),
]
