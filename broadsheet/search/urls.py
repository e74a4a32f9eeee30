"""The reader's search page (内容搜索): ``/search/?q=...``. Filled in by the search issue."""

app_name = "search"
urlpatterns: list = []
