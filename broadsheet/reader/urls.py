"""The public reader's URL scheme: readable, stable, one twin ``.json`` per page.

Paper slugs are lower-case letters, digits and hyphens; dates are ISO
(yyyy-mm-dd); page labels are as printed ("01", "A01"); articles are numbered
by their order on the page.
"""

from django.urls import path, re_path

from broadsheet.editions.permalinks import PATTERN as PERMALINK_PATTERN
from broadsheet.editions.validate import LABEL_PATTERN, ORDER_PATTERN, SLUG_PATTERN

from . import views

app_name = "reader"

# The same patterns ingest and the admin check values against (editions.validate).
PAPER = rf"(?P<paper>{SLUG_PATTERN})"
DATE = r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
LABEL = rf"(?P<label>{LABEL_PATTERN})"
ORDER = rf"(?P<order>{ORDER_PATTERN})"
PERMALINK = rf"(?P<permalink>{PERMALINK_PATTERN})"

urlpatterns = [
    # /
    path("", views.home, name="home"),
    # /a/7kq2m9xp  (an article's permanent link; /a/7kq2m9xp/ too, and the .json twin)
    re_path(rf"^a/{PERMALINK}$", views.permalink, name="permalink"),
    re_path(rf"^a/{PERMALINK}/$", views.permalink),
    re_path(rf"^a/{PERMALINK}\.json$", views.permalink, {"as_json": True}, name="permalink_json"),
    # /switch/?paper=gongren
    path("switch/", views.switch, name="switch"),
    # /lang/en/?next=/gongren/  (the language switch: a link, no form)
    path("lang/<str:code>/", views.language, name="language"),
    # /gongren/
    re_path(rf"^{PAPER}/$", views.newspaper, name="newspaper"),
    # /gongren/archive/2021-06/
    re_path(rf"^{PAPER}/archive/(?P<month>[0-9]{{4}}-[0-9]{{2}})/$", views.month, name="month"),
    # /gongren/archive/2021-06.json
    re_path(
        rf"^{PAPER}/archive/(?P<month>[0-9]{{4}}-[0-9]{{2}})\.json$",
        views.month,
        {"as_json": True},
        name="month_json",
    ),
    # /gongren/2021-06-01/
    re_path(rf"^{PAPER}/{DATE}/$", views.edition, name="edition"),
    # /gongren/2021-06-01.json
    re_path(rf"^{PAPER}/{DATE}\.json$", views.edition_json, name="edition_json"),
    # /gongren/2021-06-01/edition.pdf  (全版PDF; "." is never in a page label)
    re_path(rf"^{PAPER}/{DATE}/edition\.pdf$", views.edition_pdf, name="edition_pdf"),
    # /gongren/2021-06-01/01/
    re_path(rf"^{PAPER}/{DATE}/{LABEL}/$", views.page, name="page"),
    # /gongren/2021-06-01/01.json
    re_path(rf"^{PAPER}/{DATE}/{LABEL}\.json$", views.page, {"as_json": True}, name="page_json"),
    # /gongren/2021-06-01/01/3/
    re_path(rf"^{PAPER}/{DATE}/{LABEL}/{ORDER}/$", views.article, name="article"),
    # /gongren/2021-06-01/01/3.json
    re_path(
        rf"^{PAPER}/{DATE}/{LABEL}/{ORDER}\.json$",
        views.article,
        {"as_json": True},
        name="article_json",
    ),
]
