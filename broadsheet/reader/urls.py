"""Placeholder; the reader routes are defined in the reader issue."""

urlpatterns: list = []
