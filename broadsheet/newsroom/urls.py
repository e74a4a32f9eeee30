"""The desk's URLs, mounted at /desk/ (broadsheet/urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from broadsheet.editions.validate import SLUG_PATTERN

from .views import articles, editions, pages, uploads

app_name = "newsroom"

DATE = r"(?P<date>\d{4}-\d{2}-\d{2})"
PAPER = rf"(?P<paper>{SLUG_PATTERN})"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="newsroom/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="newsroom:login"), name="logout"),
    path("", editions.home, name="home"),
    path("article/<int:article_id>/", articles.article, name="article"),
    path("article/<int:article_id>/history/", articles.history, name="history"),
    path("article/<int:article_id>/state/", articles.article_state, name="article_state"),
    path("article/<int:article_id>/hotspot/", pages.hotspot, name="hotspot"),
    path("article/<int:article_id>/place/", pages.place_article, name="place_article"),
    path("page/<int:page_id>/place/", pages.place_page, name="place_page"),
    path("page/<int:page_id>/text/", pages.page_text, name="page_text"),
    path("runs/<int:run_id>/", uploads.run, name="run"),
    path("runs/<int:run_id>.json", uploads.run_json, name="run_json"),
    re_path(rf"^{PAPER}/$", editions.month, name="calendar"),
    re_path(rf"^{PAPER}/upload/$", uploads.upload, name="upload"),
    re_path(rf"^{PAPER}/(?P<month>\d{{4}}-\d{{2}})/$", editions.month, name="month"),
    re_path(rf"^{PAPER}/{DATE}/$", editions.edition, name="edition"),
    re_path(rf"^{PAPER}/{DATE}/state/$", editions.edition_state, name="edition_state"),
    re_path(rf"^{PAPER}/{DATE}/preview/$", editions.preview_edition, name="preview"),
    re_path(rf"^{PAPER}/{DATE}/page/(?P<label>[^/]+)/$", pages.page, name="page"),
]
