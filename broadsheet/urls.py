"""Root URL configuration: admin, API, media, then the public reader."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("broadsheet.api.urls")),
    path("search/", include("broadsheet.search.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Media are served by Django only for the embedded single-machine setup;
    # a production site points MEDIA_URL at nginx or object storage.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("broadsheet.reader.urls")),
]

handler404 = "broadsheet.reader.views.not_found"
