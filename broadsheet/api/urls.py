"""Versioned JSON API. Routes are added by the search and API issues."""

app_name = "api"
urlpatterns: list = []
