"""The public reader's URL scheme: readable, stable, one twin ``.json`` per page.

Paper slugs are lower-case letters, digits and hyphens; dates are ISO
(yyyy-mm-dd); page labels are as printed ("01", "A01"); articles are numbered
by their order on the page.
"""

from django.urls import path, re_path

from . import views

app_name = "reader"

PAPER = r"(?P<paper>[a-z0-9][a-z0-9-]*)"
DATE = r"(?P<date>\d{4}-\d{2}-\d{2})"
LABEL = r"(?P<label>[A-Za-z0-9][A-Za-z0-9-]*)"
ORDER = r"(?P<order>\d{1,6})"

urlpatterns = [
    # /
    path("", views.home, name="home"),
    # /switch/?paper=gongren
    path("switch/", views.switch, name="switch"),
    # /gongren/
    re_path(rf"^{PAPER}/$", views.newspaper, name="newspaper"),
    # /gongren/archive/2021-06/
    re_path(rf"^{PAPER}/archive/(?P<month>\d{{4}}-\d{{2}})/$", views.month, name="month"),
    # /gongren/2021-06-01/
    re_path(rf"^{PAPER}/{DATE}/$", views.edition, name="edition"),
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
