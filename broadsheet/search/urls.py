"""The reader's search page (内容搜索)."""

from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    # /search/?q=江泽民&paper=rmrb&from=1998-01-01&to=1998-01-31&sort=newest&page=2
    path("", views.results, name="results"),
]
